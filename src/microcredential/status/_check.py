"""The verifier's check: :func:`check_status` reads every ``credentialStatus`` entry."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from .._time import DEFAULT_MAX_CLOCK_SKEW, resolve_now
from ..fetch import Fetcher
from ..problems import Severity, json_pointer
from ._bitstring_entry import check_bitstring_entry
from ._list_credential import Context, VerifyList
from ._results import EntryStatus, StatusOutcome, StatusResult
from ._revocation_list import check_1edtech_entry
from ._spec import (
    BITSTRING_ENTRY,
    DEFAULT_MAX_BYTES,
    EDTECH_ENTRY,
    MIN_ENTRIES,
    SL2021_ENTRY,
    problem,
)


def check_status(
    credential: Mapping[str, Any],
    *,
    fetcher: Fetcher | None = None,
    verify_list: VerifyList | None = None,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
    min_entries: int = MIN_ENTRIES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> StatusResult:
    """Check every ``credentialStatus`` entry of ``credential``.

    * ``fetcher`` obtains the status list documents; without one nothing can be determined
      offline and each entry is ``indeterminate`` (``status.indeterminate``).
    * ``verify_list(list_credential)`` checks the list credential's proof and returns True /
      False or an iterable of problems (empty means verified).  A failed proof makes the
      entry ``indeterminate`` with ``status.list-proof-invalid``: a list that cannot be
      trusted proves neither "revoked" nor "not revoked".  If it raises a
      :class:`~microcredential.MicrocredentialError` (say, a key cannot be resolved) the
      entry is ``indeterminate`` with ``status.list-proof-unverifiable``.  When it is None
      the status is read anyway and a ``status.list-proof-unchecked`` warning says so.
    * ``now`` (a timezone-aware datetime or a ``dateTimeStamp`` string; default: the current
      time) is compared with the list's ``validFrom`` / ``validUntil`` with
      ``max_clock_skew`` tolerance.
    * ``min_entries`` is the minimum list length (131,072 unless an ecosystem specification
      sets a lower bound); ``max_bytes`` caps the decompressed bitstring.

    The credential's proof is not checked here.
    """
    ctx = Context(fetcher, verify_list, resolve_now(now), max_clock_skew, min_entries, max_bytes)
    raw = credential.get("credentialStatus")
    if raw is None:
        return StatusResult()
    if isinstance(raw, Mapping):
        items: list[tuple[Any, list[str | int]]] = [(raw, ["credentialStatus"])]
    elif isinstance(raw, list):
        items = [(item, ["credentialStatus", i]) for i, item in enumerate(raw)]
    else:
        found = problem(
            "status.entry-invalid",
            "credentialStatus must be an object or an array",
            ["credentialStatus"],
        )
        entry = EntryStatus(
            StatusOutcome.INVALID, None, path="/credentialStatus", problems=(found,)
        )
        return StatusResult((entry,), (found,))
    entries = tuple(_check_entry(credential, item, path, ctx) for item, path in items)
    return StatusResult(entries, tuple(p for e in entries for p in e.problems))


#: The properties of a status entry that hold one value each.
_SINGLE_VALUED: Final = ("type", "statusPurpose", "statusListIndex", "statusListCredential")


def _single_values(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """The entry with each single-valued property that is written as a one-element array read
    as that value: JSON-LD reads both as the same data, so the signature covers both alike.
    Several values stay an array (and are reported). The input is not modified."""
    unwrapped = {
        key: value[0]
        for key in _SINGLE_VALUED
        if isinstance(value := item.get(key), list) and len(value) == 1
    }
    return {**item, **unwrapped} if unwrapped else item


def _check_entry(
    credential: Mapping[str, Any], item: Any, path: list[str | int], ctx: Context
) -> EntryStatus:
    if not isinstance(item, Mapping):
        found = problem("status.entry-invalid", "a status entry must be an object", path)
        return EntryStatus(StatusOutcome.INVALID, None, path=json_pointer(path), problems=(found,))
    item = _single_values(item)
    entry_type = item.get("type")
    if entry_type in (BITSTRING_ENTRY, SL2021_ENTRY):
        return check_bitstring_entry(item, entry_type, path, ctx)
    if entry_type == EDTECH_ENTRY:
        return check_1edtech_entry(credential, item, path, ctx)
    found = problem(
        "status.unsupported-type",
        f"status entry type {entry_type!r} is not supported; its status cannot be checked",
        [*path, "type"],
        severity=Severity.WARNING,
    )
    return EntryStatus(
        StatusOutcome.INDETERMINATE,
        entry_type if isinstance(entry_type, str) else None,
        path=json_pointer(path),
        problems=(found,),
    )
