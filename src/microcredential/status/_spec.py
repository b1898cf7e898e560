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
_INDEX = re.compile(r"[0-9]+")
#: An index with more digits than this is beyond any list (2**64 has 20 digits); it is never
#: converted to an int, which for thousands of digits is slow and past 4,300 refused.
MAX_INDEX_DIGITS: Final = 30


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


def parse_status_index(text: Any) -> int | None:
    """A ``statusListIndex`` (a base-10 number in ASCII digits) as an int, or None when it is
    not one; -1 for an index of more than :data:`MAX_INDEX_DIGITS` digits, beyond any list.

    >>> parse_status_index("42"), parse_status_index("\u0664\u0662"), parse_status_index("9" * 99)
    (42, None, -1)
    """
    if not isinstance(text, str) or not _INDEX.fullmatch(text):
        return None
    return int(text) if len(text) <= MAX_INDEX_DIGITS else -1


def shown_index(index: object) -> str:
    """``index N`` for a message; an index beyond any list, or text, is shortened.

    >>> shown_index(7), shown_index(10**5000), shown_index("9" * 99)
    ('index 7', 'an index of more than 30 digits', "index '99999999999999999999...'")
    """
    if isinstance(index, int) and not isinstance(index, bool):
        if abs(index) < 10**MAX_INDEX_DIGITS:
            return f"index {index}"
        return f"an index of more than {MAX_INDEX_DIGITS} digits"
    text = repr(index)
    return f"index {text if len(text) <= 24 else text[:21] + '...' + text[0]}"


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
