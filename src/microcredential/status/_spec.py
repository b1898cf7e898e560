"""What the status list specifications fix: URLs, type names, limits, and the statusMessage rule.

Shared by the issuer's side and the verifier's side, so that both read the same names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from ..problems import Problem, Severity

SPEC: Final = "https://www.w3.org/TR/vc-bitstring-status-list/"
SPEC_2021: Final = (
    "https://www.w3.org/community/reports/credentials/CG-FINAL-vc-status-list-2021-20230102/"
)
SPEC_1EDTECH: Final = "https://www.imsglobal.org/spec/vcrl/v1p0/"
VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"

#: The spec's minimum number of entries in a list (``minimumNumberOfEntries``): 131,072,
#: i.e. 16 KB of single-bit entries.
MIN_ENTRIES: Final = 131_072
#: Default cap on the decompressed bitstring (16 MiB = 134 million single-bit entries).
DEFAULT_MAX_BYTES: Final = 16 * 1024 * 1024
#: The largest ``statusSize`` accepted (2**16 status messages would already be absurd).
MAX_STATUS_SIZE: Final = 16

BITSTRING_ENTRY: Final = "BitstringStatusListEntry"
BITSTRING_CREDENTIAL: Final = "BitstringStatusListCredential"
BITSTRING_SUBJECT: Final = "BitstringStatusList"
SL2021_ENTRY: Final = "StatusList2021Entry"
SL2021_CREDENTIAL: Final = "StatusList2021Credential"
SL2021_SUBJECT: Final = "StatusList2021"
EDTECH_ENTRY: Final = "1EdTechRevocationList"

_HEX_STATUS = re.compile(r"0x[0-9a-fA-F]+")


def problem(
    code: str,
    message: str,
    path: Sequence[str | int] = (),
    *,
    severity: Severity = Severity.ERROR,
    spec: str | None = SPEC,
) -> Problem:
    """A problem whose spec link defaults to the Bitstring Status List Recommendation."""
    return Problem.at(code, message, path, severity=severity, spec=spec)


def check_status_size(status_size: int) -> None:
    """Raise :class:`ValueError` unless ``status_size`` is a supported ``statusSize``."""
    if (
        not isinstance(status_size, int)
        or isinstance(status_size, bool)
        or not 1 <= status_size <= MAX_STATUS_SIZE
    ):
        raise ValueError(f"status_size must be an integer from 1 to {MAX_STATUS_SIZE}")


def check_status_messages(messages: Any, size: int, path: Sequence[str | int]) -> list[Problem]:
    """The problems of a ``statusMessage`` array for entries of ``size`` bits (none: fine).

    The spec asks for one element per possible value (``2**size``), each with a hexadecimal
    ``status`` and a ``message``.
    """
    problems: list[Problem] = []
    where = [*path, "statusMessage"]
    if not isinstance(messages, (list, tuple)):
        return [problem("status.entry-invalid", "statusMessage must be an array", where)]
    if len(messages) != 1 << size:
        problems.append(
            problem(
                "status.entry-invalid",
                f"statusMessage must have {1 << size} elements for statusSize {size}, "
                f"not {len(messages)}",
                where,
            )
        )
    for i, item in enumerate(messages):
        if not (
            isinstance(item, Mapping)
            and isinstance(item.get("status"), str)
            and _HEX_STATUS.fullmatch(item["status"])
            and isinstance(item.get("message"), str)
        ):
            problems.append(
                problem(
                    "status.entry-invalid",
                    "each statusMessage element needs 'status' (hex string like '0x1') "
                    "and 'message' (string)",
                    [*where, i],
                )
            )
    return problems
