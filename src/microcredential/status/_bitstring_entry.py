"""Checking a ``BitstringStatusListEntry`` (or a legacy ``StatusList2021Entry``), step by step.

1. :func:`_read_entry`: the entry's own fields (purpose, list URL, index, size, messages);
2. :func:`_trusted_list`: the list credential, fetched, of the right type and id, with a
   proof that verifies and a validity period that includes "now";
3. :func:`_read_status`: the list's purpose matches, the bitstring decodes, the index fits;
4. :func:`_verdict`: the status value, read against the purpose.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Final

from ..errors import InvalidDocumentError
from ..problems import Problem, Severity, json_pointer
from ._bitstring import StatusList
from ._list_credential import (
    Context,
    Indeterminate,
    Invalid,
    check_list_proof,
    check_list_validity,
    fetch_list,
    types_of,
)
from ._results import EntryStatus, StatusOutcome
from ._spec import (
    BITSTRING_CREDENTIAL,
    BITSTRING_SUBJECT,
    MAX_INDEX_DIGITS,
    MAX_STATUS_SIZE,
    SL2021_CREDENTIAL,
    SL2021_ENTRY,
    SL2021_SUBJECT,
    SPEC,
    SPEC_2021,
    check_status_messages,
    parse_status_index,
    problem,
)


@dataclass(frozen=True, slots=True)
class _Entry:
    """The fields of a well-formed entry."""

    legacy: bool
    spec: str
    purpose: str
    url: str
    raw_index: str
    index: int  # -1 for an index too long to be in any list
    size: int
    messages: Any


def check_bitstring_entry(
    item: Mapping[str, Any], entry_type: str, path: list[str | int], ctx: Context
) -> EntryStatus:
    """Check one Bitstring Status List (or Status List 2021) entry of a credential."""
    entry, problems = _read_entry(item, entry_type, path)
    index = parse_status_index(item.get("statusListIndex"))
    # what every result for this entry says, whatever its outcome (one result is built)
    base = partial(
        EntryStatus,
        type=entry_type,
        purpose=_string(item.get("statusPurpose")),
        list_url=_string(item.get("statusListCredential")),
        index=index if index is not None and index >= 0 else None,
        path=json_pointer(path),
    )
    if entry is None:
        return base(outcome=StatusOutcome.INVALID, problems=tuple(problems))
    proof_checked = False
    extra: list[Problem] = []
    try:
        document = _fetch_list_credential(entry, path, ctx)
        proof_checked, extra = check_list_proof(document, path, ctx, entry.spec)
        check_list_validity(document, path, ctx)
        status = _read_status(document, entry, path, ctx)
    except (Indeterminate, Invalid) as exc:
        outcome = (
            StatusOutcome.INDETERMINATE if isinstance(exc, Indeterminate) else StatusOutcome.INVALID
        )
        return base(
            outcome=outcome,
            proof_checked=proof_checked,
            problems=(*extra, *exc.problems),
        )
    outcome, message, verdict = _verdict(entry, status, path)
    return base(
        outcome=outcome,
        status=status,
        message=message,
        proof_checked=proof_checked,
        problems=(*extra, *verdict),
    )


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# -- 1. the entry's own fields --------------------------------------------------------------


def _read_entry(
    item: Mapping[str, Any], entry_type: str, path: list[str | int]
) -> tuple[_Entry | None, list[Problem]]:
    """The entry's fields, or None and every problem found in them."""
    legacy = entry_type == SL2021_ENTRY
    spec = SPEC_2021 if legacy else SPEC
    purpose = item.get("statusPurpose")
    url = item.get("statusListCredential")
    raw_index = item.get("statusListIndex")
    problems: list[Problem] = []
    if not isinstance(purpose, str) or not purpose:
        problems.append(
            _entry_problem("statusPurpose must be a string", [*path, "statusPurpose"], spec)
        )
    if not isinstance(url, str) or ":" not in url:
        problems.append(
            _entry_problem(
                "statusListCredential must be a URL", [*path, "statusListCredential"], spec
            )
        )
    index = _read_index(raw_index, path, spec, problems)
    size = 1 if legacy else _read_size(item, path, problems)
    messages = None if legacy else item.get("statusMessage")
    if not legacy and (size > 1 or "statusMessage" in item):
        if "statusMessage" not in item:
            problems.append(
                _entry_problem(
                    "statusMessage is required when statusSize is greater than 1", path, SPEC
                )
            )
        else:
            problems.extend(check_status_messages(messages, size, path))
    if legacy and isinstance(purpose, str) and purpose not in ("revocation", "suspension"):
        problems.append(
            _entry_problem(
                "a StatusList2021Entry statusPurpose is 'revocation' or 'suspension'",
                [*path, "statusPurpose"],
                spec,
            )
        )
    if problems:
        return None, problems
    assert isinstance(purpose, str)
    assert isinstance(url, str)
    assert index is not None
    return _Entry(legacy, spec, purpose, url, str(raw_index), index, size, messages), []


def _read_index(raw: Any, path: list[str | int], spec: str, problems: list[Problem]) -> int | None:
    """:func:`_parse_index`, with a problem when the index is malformed."""
    index = parse_status_index(raw)
    if index is None:
        problems.append(
            _entry_problem(
                "statusListIndex must be a non-negative integer written as a base-10 string",
                [*path, "statusListIndex"],
                spec,
            )
        )
    return index


def _read_size(item: Mapping[str, Any], path: list[str | int], problems: list[Problem]) -> int:
    """``statusSize`` (1 when absent or wrong; a problem says which)."""
    if "statusSize" not in item:
        return 1
    raw = item["statusSize"]
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
        message = "statusSize must be an integer greater than zero"
    elif raw > MAX_STATUS_SIZE:
        message = f"statusSize {raw} is larger than supported ({MAX_STATUS_SIZE})"
    else:
        return raw
    problems.append(_entry_problem(message, [*path, "statusSize"], SPEC))
    return 1


def _entry_problem(message: str, path: Sequence[str | int], spec: str) -> Problem:
    return problem("status.entry-invalid", message, path, spec=spec)


# -- 2. the list credential -----------------------------------------------------------------


def _fetch_list_credential(entry: _Entry, path: list[str | int], ctx: Context) -> Mapping[str, Any]:
    """The list credential the entry names, when its type and id are the expected ones."""
    document = fetch_list(entry.url, path, ctx, entry.spec)
    wanted = SL2021_CREDENTIAL if entry.legacy else BITSTRING_CREDENTIAL
    if wanted not in types_of(document.get("type")):
        raise Indeterminate(
            _list_problem(f"the status list's type must include {wanted}", path, entry)
        )
    document_id = document.get("id")
    if document_id is not None and document_id != entry.url:
        raise Indeterminate(
            _list_problem(
                f"the status list's id {document_id!r} is not the statusListCredential URL",
                path,
                entry,
            )
        )
    return document


def _list_problem(message: str, path: list[str | int], entry: _Entry) -> Problem:
    return problem("status.list-invalid", message, path, spec=entry.spec)


# -- 3. the status value --------------------------------------------------------------------


def _read_status(
    document: Mapping[str, Any], entry: _Entry, path: list[str | int], ctx: Context
) -> int:
    """The entry's value in the list's bitstring."""
    subject = document.get("credentialSubject")
    if isinstance(subject, list) and len(subject) == 1:
        subject = subject[0]
    wanted = SL2021_SUBJECT if entry.legacy else BITSTRING_SUBJECT
    if not isinstance(subject, Mapping) or wanted not in types_of(subject.get("type")):
        raise Indeterminate(
            _list_problem(f"the status list's credentialSubject must be a {wanted}", path, entry)
        )
    purposes = types_of(subject.get("statusPurpose"))
    if not purposes:
        raise Indeterminate(_list_problem("the status list has no statusPurpose", path, entry))
    if entry.purpose not in purposes:
        raise Invalid(
            problem(
                "status.purpose-mismatch",
                f"the entry's statusPurpose {entry.purpose!r} is not a purpose of the list "
                f"({', '.join(purposes)}) (STATUS_VERIFICATION_ERROR)",
                [*path, "statusPurpose"],
                spec=entry.spec,
            )
        )
    try:
        bits = _decoded(
            subject.get("encodedList"), entry.size, ctx.min_entries, ctx.max_bytes, entry.legacy
        )
    except InvalidDocumentError as exc:
        pointer, where = json_pointer(path), f"status list {entry.url}"
        raise Indeterminate(
            *(
                Problem(p.code, f"{where}: {p.message}", pointer, p.severity, entry.spec)
                for p in exc.problems
            )
        ) from None
    if not 0 <= entry.index < len(bits):
        shown = entry.raw_index if entry.index >= 0 else f"of more than {MAX_INDEX_DIGITS} digits"
        raise Invalid(
            problem(
                "status.index-out-of-range",
                f"statusListIndex {shown} is outside the list (0..{len(bits) - 1}) (RANGE_ERROR)",
                [*path, "statusListIndex"],
                spec=entry.spec,
            )
        )
    return bits.get(entry.index)


#: Bitstrings decoded lately, by encodedList and the options that read it: a verifier that
#: checks many credentials against one list decodes it once, not once per credential.
_DECODED: OrderedDict[tuple[str, int, int, int, bool], StatusList] = OrderedDict()
_DECODED_SIZE: Final = 8
_DECODED_LOCK = threading.Lock()


def _decoded(encoded: Any, size: int, min_entries: int, max_bytes: int, legacy: bool) -> StatusList:
    """``encodedList`` decoded (:meth:`StatusList.decode`), from the few kept when it was
    decoded lately; only read, never changed, so one decoded list serves every credential."""
    if not isinstance(encoded, str):
        return StatusList.decode(encoded, status_size=size, multibase=not legacy)  # the error
    key = (encoded, size, min_entries, max_bytes, legacy)
    with _DECODED_LOCK:
        found = _DECODED.get(key)
        if found is not None:
            _DECODED.move_to_end(key)
            return found
    found = StatusList.decode(
        encoded,
        status_size=size,
        min_entries=min_entries,
        max_bytes=max_bytes,
        multibase=not legacy,
    )
    with _DECODED_LOCK:
        _DECODED[key] = found
        while len(_DECODED) > _DECODED_SIZE:
            _DECODED.popitem(last=False)
    return found


# -- 4. the verdict -------------------------------------------------------------------------


def _verdict(
    entry: _Entry, status: int, path: list[str | int]
) -> tuple[StatusOutcome, str | None, list[Problem]]:
    """The outcome, the status message and the problem that reports a non-zero status."""
    message = _message(entry.messages, status)
    if status == 0:
        return StatusOutcome.OK, message, []
    if entry.purpose == "revocation":
        text = f"the credential is revoked ({entry.url})"
        return (
            StatusOutcome.REVOKED,
            message,
            [problem("status.revoked", text, path, spec=entry.spec)],
        )
    if entry.purpose == "suspension":
        text = f"the credential is suspended ({entry.url})"
        found = problem("status.suspended", text, path, spec=entry.spec)
        return StatusOutcome.SUSPENDED, message, [found]
    found = problem(
        "status.flagged",
        f"status {status:#x} for purpose {entry.purpose!r}: {message}",
        path,
        severity=Severity.INFO,
        spec=entry.spec,
    )
    return StatusOutcome.FLAGGED, message, [found]


def _message(messages: Any, status: int) -> str | None:
    """The ``statusMessage`` for ``status`` (None if it has none for it); ``set`` / ``unset``
    when the entry carries no ``statusMessage``."""
    if isinstance(messages, list):
        for item in messages:
            if int(item["status"], 16) == status:
                return str(item["message"])
        return None
    return "set" if status else "unset"
