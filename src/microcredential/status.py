"""Credential status: W3C Bitstring Status List v1.0, plus the older formats (check only).

Building block (documents in, documents out; inputs are never mutated):

* :class:`StatusList` — the bitstring itself: get/set an entry, ``encodedList`` encoding
  (GZIP then multibase base64url without padding, ``u`` prefix) and decoding with a cap on
  the decompressed size.
* :class:`IssuerStatusList` — the issuer's side: random allocation of unused indexes,
  revoke / suspend / reinstate, JSON persistence, and the *unsigned*
  ``BitstringStatusListCredential`` and ``credentialStatus`` entry.  Signing is done elsewhere.
* :func:`check_status` — the verifier's side: one :class:`EntryStatus` per
  ``credentialStatus`` entry, with :class:`~microcredential.Problem` codes ``status.*``.
  The list credential is obtained through a :class:`StatusListFetcher` and its proof is
  checked by a caller-supplied ``verify_list`` callable.

Also read (never written): ``StatusList2021Entry`` / ``StatusList2021Credential`` (W3C CCG
Status List 2021, ``encodedList`` is GZIP then base64 *without* a multibase prefix) and the
1EdTech Revocation List Status Method (``1EdTechRevocationList``).

Spec: https://www.w3.org/TR/vc-bitstring-status-list/
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import enum
import itertools
import json
import os
import re
import secrets
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from random import Random
from typing import Any, Final, Protocol, runtime_checkable

from ._json import read_json
from ._time import DEFAULT_MAX_CLOCK_SKEW, datetime_text, parse_datetime, resolve_now, shifted
from .errors import DocumentTooLargeError, InvalidDocumentError, MicrocredentialError
from .integrity.proofs import INDETERMINATE_CODES
from .problems import Problem, Severity, json_pointer

__all__ = [
    "MIN_ENTRIES",
    "EntryStatus",
    "IssuerStatusList",
    "StaticStatusListFetcher",
    "StatusList",
    "StatusListFetcher",
    "StatusOutcome",
    "StatusResult",
    "check_status",
    "edit_state_file",
]

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

_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_B64ANY = re.compile(r"[A-Za-z0-9_+/-]*={0,2}")
_INDEX = re.compile(r"[0-9]+")
_HEX_STATUS = re.compile(r"0x[0-9a-fA-F]+")
# Fixed GZIP member header (RFC 1952): magic, CM=deflate, no flags, MTIME=0, XFL=0, OS=3.
# The same bytes as the spec's own example list, so output does not depend on the clock
# or on the platform.
_GZIP_HEADER: Final = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"

BITSTRING_ENTRY: Final = "BitstringStatusListEntry"
BITSTRING_CREDENTIAL: Final = "BitstringStatusListCredential"
BITSTRING_SUBJECT: Final = "BitstringStatusList"
SL2021_ENTRY: Final = "StatusList2021Entry"
SL2021_CREDENTIAL: Final = "StatusList2021Credential"
SL2021_SUBJECT: Final = "StatusList2021"
EDTECH_ENTRY: Final = "1EdTechRevocationList"


# --------------------------------------------------------------------------------------
# encodings
# --------------------------------------------------------------------------------------


def _b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    """Strict base64url without padding (RFC 4648 §5); raises ValueError."""
    if not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise ValueError("not base64url without padding")
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if _b64url_encode(raw) != text:  # non-zero trailing bits: not a canonical encoding
        raise ValueError("non-canonical base64url")
    return raw


def _b64_lenient_decode(text: str) -> bytes:
    """Base64 in either alphabet, padding optional (Status List 2021 says only "base-64")."""
    if not _B64ANY.fullmatch(text):
        raise ValueError("not base64")
    body = text.rstrip("=").replace("+", "-").replace("/", "_")
    if len(body) % 4 == 1:
        raise ValueError("not base64")
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def _gzip(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    body = compressor.compress(data) + compressor.flush()
    trailer = struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)
    return _GZIP_HEADER + body + trailer


def _gunzip(data: bytes, *, max_bytes: int) -> bytes:
    """Decompress exactly one GZIP member, refusing more than ``max_bytes`` of output."""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)  # GZIP wrapper only
    try:
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise ValueError(f"not valid GZIP data ({exc})") from None
    if len(out) > max_bytes or decompressor.unconsumed_tail:
        raise OverflowError
    if not decompressor.eof:
        raise ValueError("the GZIP data are truncated")
    if decompressor.unused_data:
        raise ValueError("unexpected data after the GZIP member")
    return out


def _problem(
    code: str,
    message: str,
    path: Sequence[str | int] = (),
    *,
    severity: Severity = Severity.ERROR,
    spec: str | None = SPEC,
) -> Problem:
    return Problem.at(code, message, path, severity=severity, spec=spec)


# --------------------------------------------------------------------------------------
# the bitstring
# --------------------------------------------------------------------------------------


class StatusList:
    """A bitstring of fixed-width status entries, index 0 at the left-most (most significant) bit.

    Entry ``i`` occupies bits ``i*status_size`` to ``(i+1)*status_size - 1``; its value reads
    those bits left to right as an unsigned integer.

    >>> sl = StatusList(MIN_ENTRIES)
    >>> sl.set(7, 1)
    >>> sl.get(7), sl.get(8), len(sl)
    (1, 0, 131072)
    >>> StatusList.decode(sl.encode()).get(7)
    1
    """

    __slots__ = ("_bits", "_length", "_status_size")

    def __init__(self, length: int = MIN_ENTRIES, *, status_size: int = 1) -> None:
        _check_status_size(status_size)
        if not isinstance(length, int) or isinstance(length, bool) or length < 1:
            raise ValueError("length must be a positive number of entries")
        self._status_size = status_size
        self._length = length
        self._bits = bytearray((length * status_size + 7) // 8)

    @classmethod
    def from_bytes(
        cls, data: bytes, *, status_size: int = 1, length: int | None = None
    ) -> StatusList:
        """Wrap an uncompressed bitstring (copied).

        ``length`` (entries) defaults to every whole entry in ``data``; when given, ``data``
        must be exactly the bytes needed for it.
        """
        _check_status_size(status_size)
        whole = len(data) * 8 // status_size
        if length is None:
            length = whole
        elif not 0 < length <= whole or (length * status_size + 7) // 8 != len(data):
            raise ValueError(f"{len(data)} bytes do not hold exactly {length} entries")
        if length < 1:
            raise ValueError("the bitstring holds no entry")
        new = cls.__new__(cls)
        new._status_size = status_size
        new._length = length
        new._bits = bytearray(data)
        return new

    @property
    def status_size(self) -> int:
        """Width of one entry in bits (``statusSize``)."""
        return self._status_size

    def __len__(self) -> int:
        return self._length

    def __repr__(self) -> str:
        return f"StatusList(length={self._length}, status_size={self._status_size})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, StatusList):
            return NotImplemented
        return (self._status_size, self._length, self._bits) == (
            other._status_size,
            other._length,
            other._bits,
        )

    __hash__ = None  # type: ignore[assignment]  # mutable

    def _check_index(self, index: int) -> None:
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError("index must be an int")
        if not 0 <= index < self._length:
            raise IndexError(f"index {index} is outside the list (0..{self._length - 1})")

    def get(self, index: int) -> int:
        """The status value at ``index`` (0 .. 2**status_size - 1)."""
        self._check_index(index)
        size = self._status_size
        if size == 1:
            return (self._bits[index >> 3] >> (7 - (index & 7))) & 1
        value = 0
        for bit in range(index * size, index * size + size):
            value = (value << 1) | ((self._bits[bit >> 3] >> (7 - (bit & 7))) & 1)
        return value

    def set(self, index: int, value: int) -> None:
        """Set the status value at ``index``."""
        self._check_index(index)
        size = self._status_size
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError("value must be an int")
        if not 0 <= value < (1 << size):
            raise ValueError(f"value {value} does not fit in {size} bit(s)")
        for offset in range(size):
            bit = index * size + offset
            mask = 1 << (7 - (bit & 7))
            if (value >> (size - 1 - offset)) & 1:
                self._bits[bit >> 3] |= mask
            else:
                self._bits[bit >> 3] &= ~mask & 0xFF

    def set_indexes(self) -> Iterator[int]:
        """Every index whose status is not 0, in increasing order (skips zero bytes fast)."""
        size = self._status_size
        last = -1
        for byte_index, byte in enumerate(self._bits):
            if not byte:
                continue
            first = max(byte_index * 8 // size, last + 1)
            end = min(((byte_index + 1) * 8 - 1) // size, self._length - 1)
            for index in range(first, end + 1):
                last = index
                if self.get(index):
                    yield index

    def to_bytes(self) -> bytes:
        """The uncompressed bitstring."""
        return bytes(self._bits)

    def encode(self) -> str:
        """``encodedList``: GZIP (deterministic, MTIME 0), then multibase base64url, ``u``."""
        return "u" + _b64url_encode(_gzip(bytes(self._bits)))

    @classmethod
    def decode(
        cls,
        encoded: str,
        *,
        status_size: int = 1,
        min_entries: int = MIN_ENTRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
        multibase: bool = True,
    ) -> StatusList:
        """Decode an ``encodedList``.

        Raises :class:`~microcredential.InvalidDocumentError` (``status.list-invalid``,
        ``status.list-too-short``) or :class:`~microcredential.DocumentTooLargeError`
        (``status.list-too-large``, for a bitstring over ``max_bytes`` after decompression:
        a "gzip bomb").  ``min_entries`` is the spec's ``minimumNumberOfEntries`` (131,072
        unless an ecosystem specification sets a lower bound).  ``multibase=False`` reads the
        Status List 2021 form (plain base64, no ``u`` prefix).
        """
        _check_status_size(status_size)
        path = ("credentialSubject", "encodedList")

        def invalid(message: str) -> InvalidDocumentError:
            return InvalidDocumentError.from_problems(
                [_problem("status.list-invalid", message, path)]
            )

        if not isinstance(encoded, str):
            raise invalid("encodedList must be a string")
        # base64 of a deflate stream is at most ~4/3 of the data plus headers: anything
        # much longer than the cap cannot decompress to within it.
        if len(encoded) > 2 * max_bytes + 1024:
            raise DocumentTooLargeError.from_problems(
                [_problem("status.list-too-large", "encodedList is too long", path)]
            )
        if multibase and not encoded.startswith("u"):
            raise invalid("encodedList must be multibase base64url: it must start with 'u'")
        try:
            compressed = _b64url_decode(encoded[1:]) if multibase else _b64_lenient_decode(encoded)
        except (ValueError, binascii.Error):
            raise invalid(
                "encodedList is not valid base64url without padding"
                if multibase
                else "encodedList is not valid base64"
            ) from None
        try:
            raw = _gunzip(compressed, max_bytes=max_bytes)
        except OverflowError:
            raise DocumentTooLargeError.from_problems(
                [
                    _problem(
                        "status.list-too-large",
                        f"the bitstring decompresses to more than {max_bytes} bytes; "
                        "refusing it (raise max_bytes if the list is legitimately this big)",
                        path,
                    )
                ]
            ) from None
        except ValueError as exc:
            raise invalid(f"encodedList is not a GZIP-compressed bitstring: {exc}") from None
        entries = len(raw) * 8 // status_size
        if entries < max(min_entries, 1):
            raise InvalidDocumentError.from_problems(
                [
                    _problem(
                        "status.list-too-short",
                        f"the bitstring holds {entries} entries of {status_size} bit(s); "
                        f"at least {min_entries} are required for group privacy "
                        "(STATUS_LIST_LENGTH_ERROR)",
                        path,
                    )
                ]
            )
        return cls.from_bytes(raw, status_size=status_size)


def _check_status_size(status_size: int) -> None:
    if (
        not isinstance(status_size, int)
        or isinstance(status_size, bool)
        or not 1 <= status_size <= MAX_STATUS_SIZE
    ):
        raise ValueError(f"status_size must be an integer from 1 to {MAX_STATUS_SIZE}")


# --------------------------------------------------------------------------------------
# issuer side
# --------------------------------------------------------------------------------------

_KNOWN_PURPOSES = ("revocation", "suspension", "refresh", "message")


#: The ``format`` member of the issuer's state file (:meth:`IssuerStatusList.to_json`).
STATE_FORMAT: Final = "microcredential.status-list-state/1"


class IssuerStatusList:
    """The issuer's state for one status list: the bitstring plus the allocated indexes.

    A CLI keeps it in a JSON file with :meth:`to_json` / :meth:`from_json`.  Indexes are
    allocated at random among the unused ones (the spec's privacy advice), never reused.

    >>> from random import Random
    >>> state = IssuerStatusList.create("https://example.com/status/3")
    >>> index = state.allocate(rng=Random(1))
    >>> state.entry(index)["statusListIndex"] == str(index)
    True
    >>> state.revoke(index)
    >>> state.status(index)
    1
    """

    __slots__ = ("_allocated", "_list", "_messages", "list_id", "purpose")

    def __init__(
        self,
        list_id: str,
        status_list: StatusList,
        *,
        purpose: str = "revocation",
        allocated: Iterable[int] = (),
        status_messages: Sequence[Mapping[str, Any]] | None = None,
    ) -> None:
        if not isinstance(list_id, str) or ":" not in list_id:
            raise ValueError("list_id must be the absolute URL of the status list credential")
        if not isinstance(purpose, str) or not purpose:
            raise ValueError("purpose must be a non-empty string")
        self.list_id = list_id
        self.purpose = purpose
        self._list = status_list
        self._allocated: set[int] = set()
        for index in allocated:
            if not isinstance(index, int) or isinstance(index, bool):
                raise TypeError("allocated indexes must be ints")
            if not 0 <= index < len(status_list):
                raise ValueError(f"allocated index {index} is outside the list")
            self._allocated.add(index)
        size = status_list.status_size
        if status_messages is None:
            if size > 1 or purpose == "message":
                raise ValueError(
                    "status_messages is required when status_size > 1 or purpose is 'message'"
                )
            self._messages: tuple[dict[str, Any], ...] | None = None
        else:
            messages = tuple(dict(m) for m in status_messages)
            problems = _check_status_messages(messages, size, ())
            if problems:
                raise ValueError(problems[0].message)
            self._messages = messages

    @classmethod
    def create(
        cls,
        list_id: str,
        *,
        purpose: str = "revocation",
        length: int = MIN_ENTRIES,
        status_size: int = 1,
        status_messages: Sequence[Mapping[str, Any]] | None = None,
    ) -> IssuerStatusList:
        """A new, empty list of ``length`` entries (at least :data:`MIN_ENTRIES`)."""
        if length < MIN_ENTRIES:
            raise ValueError(
                f"a status list needs at least {MIN_ENTRIES} entries (group privacy); got {length}"
            )
        return cls(
            list_id,
            StatusList(length, status_size=status_size),
            purpose=purpose,
            status_messages=status_messages,
        )

    def __repr__(self) -> str:
        return (
            f"IssuerStatusList({self.list_id!r}, purpose={self.purpose!r}, "
            f"length={len(self._list)}, status_size={self._list.status_size}, "
            f"allocated={len(self._allocated)})"
        )

    @property
    def status_list(self) -> StatusList:
        """The bitstring (a copy: change statuses through this object's methods)."""
        return StatusList.from_bytes(
            self._list.to_bytes(), status_size=self._list.status_size, length=len(self._list)
        )

    @property
    def allocated(self) -> frozenset[int]:
        """Every index handed out so far."""
        return frozenset(self._allocated)

    @property
    def free(self) -> int:
        """How many indexes are still unused."""
        return len(self._list) - len(self._allocated)

    def allocate(self, *, rng: Random | None = None) -> int:
        """Pick an unused index uniformly at random and mark it used.

        ``rng`` defaults to :class:`secrets.SystemRandom`; pass ``random.Random(seed)`` for
        reproducible tests.  Raises :class:`OverflowError` when the list is full.
        """
        source: Random = rng if rng is not None else secrets.SystemRandom()
        length = len(self._list)
        if len(self._allocated) >= length:
            raise OverflowError("the status list is full: create a new list")
        if len(self._allocated) * 2 < length:
            # sparse: rejection sampling, expected < 2 draws
            while True:
                index = source.randrange(length)
                if index not in self._allocated:
                    break
        else:
            # dense: pick the k-th free index, k uniform
            k = source.randrange(length - len(self._allocated))
            index = next(itertools.islice(_free_indexes(length, self._allocated), k, None))
        self._allocated.add(index)
        return index

    def _require_allocated(self, index: int) -> None:
        if index not in self._allocated:
            raise KeyError(f"index {index} was never allocated in {self.list_id}")

    def status(self, index: int) -> int:
        """The current status value at ``index``."""
        return self._list.get(index)

    def set_status(self, index: int, value: int) -> None:
        """Set a raw status value (for ``message`` lists and larger ``status_size``)."""
        self._require_allocated(index)
        if self.purpose == "revocation" and self._list.get(index) and value == 0:
            raise ValueError("revocation is not reversible")
        self._list.set(index, value)

    def revoke(self, index: int) -> None:
        """Mark ``index`` revoked (irreversible).  Only on a ``revocation`` list."""
        if self.purpose != "revocation":
            raise ValueError(f"{self.list_id} is a {self.purpose!r} list, not 'revocation'")
        self._require_allocated(index)
        self._list.set(index, 1)

    def suspend(self, index: int) -> None:
        """Mark ``index`` suspended.  Only on a ``suspension`` list."""
        if self.purpose != "suspension":
            raise ValueError(f"{self.list_id} is a {self.purpose!r} list, not 'suspension'")
        self._require_allocated(index)
        self._list.set(index, 1)

    def reinstate(self, index: int) -> None:
        """Lift a suspension.  Only on a ``suspension`` list: revocation is final."""
        if self.purpose != "suspension":
            raise ValueError(
                f"only a suspension can be lifted; {self.list_id} is a {self.purpose!r} list"
            )
        self._require_allocated(index)
        self._list.set(index, 0)

    def entry(self, index: int, *, entry_id: str | None = None) -> dict[str, Any]:
        """The ``credentialStatus`` entry for the credential holding ``index``.

        ``id`` defaults to ``<list id>#<index>`` (it must not be the list's own URL).
        """
        self._require_allocated(index)
        entry_id = entry_id if entry_id is not None else f"{self.list_id}#{index}"
        if entry_id == self.list_id:
            raise ValueError("the entry id must not be the URL of the status list")
        out: dict[str, Any] = {
            "id": entry_id,
            "type": BITSTRING_ENTRY,
            "statusPurpose": self.purpose,
            "statusListIndex": str(index),
            "statusListCredential": self.list_id,
        }
        if self._list.status_size > 1:
            out["statusSize"] = self._list.status_size
        if self._messages is not None:
            out["statusMessage"] = [dict(m) for m in self._messages]
        return out

    def credential(
        self,
        *,
        issuer: str | Mapping[str, Any],
        valid_from: datetime | str,
        valid_until: datetime | str | None = None,
        ttl: int | None = None,
        subject_id: str | None = None,
    ) -> dict[str, Any]:
        """The unsigned ``BitstringStatusListCredential`` (VC 2.0) for the current state.

        ``ttl`` is in milliseconds.  ``subject_id`` defaults to ``<list id>#list``.
        """
        if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl < 0):
            raise ValueError("ttl must be a non-negative number of milliseconds")
        subject: dict[str, Any] = {
            "id": subject_id if subject_id is not None else f"{self.list_id}#list",
            "type": BITSTRING_SUBJECT,
            "statusPurpose": self.purpose,
            "encodedList": self._list.encode(),
        }
        if ttl is not None:
            subject["ttl"] = ttl
        out: dict[str, Any] = {
            "@context": [VC_V2_CONTEXT],
            "id": self.list_id,
            "type": ["VerifiableCredential", BITSTRING_CREDENTIAL],
            "issuer": issuer if isinstance(issuer, str) else dict(issuer),
            "validFrom": datetime_text(valid_from, "valid_from"),
        }
        if valid_until is not None:
            out["validUntil"] = datetime_text(valid_until, "valid_until")
        out["credentialSubject"] = subject
        return out

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready snapshot of the whole state (for a CLI's state file)."""
        out: dict[str, Any] = {
            "format": STATE_FORMAT,
            "id": self.list_id,
            "statusPurpose": self.purpose,
            "statusSize": self._list.status_size,
            "length": len(self._list),
            "encodedList": self._list.encode(),
            "allocated": sorted(self._allocated),
        }
        if self._messages is not None:
            out["statusMessage"] = [dict(m) for m in self._messages]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> IssuerStatusList:
        """Restore a state written by :meth:`to_json`; raises InvalidDocumentError."""
        try:
            if not isinstance(data, Mapping):
                raise ValueError("the state must be a JSON object")
            if data.get("format") != STATE_FORMAT:
                raise ValueError("unknown state format")
            size = data["statusSize"]
            length = data["length"]
            allocated = data["allocated"]
            if not isinstance(length, int) or not isinstance(allocated, list):
                raise ValueError("length / allocated have the wrong type")
            decoded = StatusList.decode(data["encodedList"], status_size=size, min_entries=0)
            bits = StatusList.from_bytes(decoded.to_bytes(), status_size=size, length=length)
            return cls(
                data["id"],
                bits,
                purpose=data["statusPurpose"],
                allocated=allocated,
                status_messages=data.get("statusMessage"),
            )
        except InvalidDocumentError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidDocumentError.from_problems(
                [_problem("status.state-invalid", f"not a status list state: {exc}", spec=None)]
            ) from None


def _free_indexes(length: int, used: set[int]) -> Iterator[int]:
    return (i for i in range(length) if i not in used)


def _check_status_messages(messages: Any, size: int, path: Sequence[str | int]) -> list[Problem]:
    problems: list[Problem] = []
    where = [*path, "statusMessage"]
    if not isinstance(messages, (list, tuple)):
        return [_problem("status.entry-invalid", "statusMessage must be an array", where)]
    if len(messages) != 1 << size:
        problems.append(
            _problem(
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
                _problem(
                    "status.entry-invalid",
                    "each statusMessage element needs 'status' (hex string like '0x1') "
                    "and 'message' (string)",
                    [*where, i],
                )
            )
    return problems


# --------------------------------------------------------------------------------------
# verifier side
# --------------------------------------------------------------------------------------


@runtime_checkable
class StatusListFetcher(Protocol):
    """Obtains a status list document by URL.

    Raise :class:`LookupError`, :class:`OSError` or a
    :class:`~microcredential.MicrocredentialError` when it cannot be had: the entry is then
    reported ``indeterminate``.  A network implementation must enforce https, timeouts and
    a size cap; this library ships none.
    """

    def fetch(self, url: str) -> Mapping[str, Any]:
        """Return the parsed document published at ``url``."""
        ...


class StaticStatusListFetcher:
    """A fetcher over documents the caller already holds (offline; "stapled" lists).

    >>> fetcher = StaticStatusListFetcher([{"id": "https://example.com/status/3"}])
    >>> fetcher.fetch("https://example.com/status/3")["id"]
    'https://example.com/status/3'
    """

    __slots__ = ("_documents",)

    def __init__(self, documents: Iterable[Mapping[str, Any]]) -> None:
        self._documents: dict[str, Mapping[str, Any]] = {}
        for doc in documents:
            doc_id = doc.get("id") if isinstance(doc, Mapping) else None
            if not isinstance(doc_id, str):
                raise ValueError("every status list document needs a string 'id'")
            self._documents[doc_id] = doc

    def __repr__(self) -> str:
        return f"StaticStatusListFetcher({sorted(self._documents)!r})"

    def fetch(self, url: str) -> Mapping[str, Any]:
        """Return the document whose ``id`` is ``url``; :class:`LookupError` if none."""
        try:
            return self._documents[url]
        except KeyError:
            raise LookupError(f"no status list document with id {url!r} was supplied") from None


class StatusOutcome(enum.StrEnum):
    """What one status entry says about the credential."""

    OK = "ok"
    """Status 0 on a revocation or suspension list (or a non-blocking purpose)."""
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    FLAGGED = "flagged"
    """A non-zero status for another purpose (``refresh``, ``message``, ...): read ``message``."""
    INDETERMINATE = "indeterminate"
    """The status could not be established: no fetcher, list unavailable, untrusted or broken."""
    INVALID = "invalid"
    """The credential's own status entry is malformed or does not fit the list."""


#: Which outcome wins when a credential has several entries (most severe first).
_PRECEDENCE: Final = (
    StatusOutcome.REVOKED,
    StatusOutcome.SUSPENDED,
    StatusOutcome.INVALID,
    StatusOutcome.INDETERMINATE,
    StatusOutcome.FLAGGED,
    StatusOutcome.OK,
)


@dataclass(frozen=True, slots=True)
class EntryStatus:
    """The result for one ``credentialStatus`` entry."""

    outcome: StatusOutcome
    type: str | None
    purpose: str | None = None
    list_url: str | None = None
    index: int | None = None
    status: int | None = None
    message: str | None = None
    proof_checked: bool = False
    path: str = ""
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool | None:
        """The spec's ``valid`` (status == 0), or None when no status was read."""
        return None if self.status is None else self.status == 0


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The result of :func:`check_status`: one :class:`EntryStatus` per entry."""

    entries: tuple[EntryStatus, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    @property
    def outcome(self) -> StatusOutcome:
        """The most severe entry outcome (``ok`` when there is no status entry at all)."""
        found = {e.outcome for e in self.entries}
        return next((o for o in _PRECEDENCE if o in found), StatusOutcome.OK)

    @property
    def ok(self) -> bool:
        """True when every entry was read and none revokes, suspends or is invalid."""
        return self.outcome in (StatusOutcome.OK, StatusOutcome.FLAGGED)

    @property
    def revoked(self) -> bool:
        """True when any entry says revoked."""
        return any(e.outcome is StatusOutcome.REVOKED for e in self.entries)

    @property
    def suspended(self) -> bool:
        """True when any entry says suspended."""
        return any(e.outcome is StatusOutcome.SUSPENDED for e in self.entries)


VerifyList = Callable[[Mapping[str, Any]], "bool | Iterable[Problem]"]


@dataclass(slots=True)
class _Context:
    fetcher: StatusListFetcher | None
    verify_list: VerifyList | None
    now: datetime
    skew: timedelta
    min_entries: int
    max_bytes: int
    cache: dict[str, Mapping[str, Any] | BaseException] = field(default_factory=dict)


class _Indeterminate(Exception):
    def __init__(self, *problems: Problem) -> None:
        self.problems = problems


class _Invalid(Exception):
    def __init__(self, *problems: Problem) -> None:
        self.problems = problems


def check_status(
    credential: Mapping[str, Any],
    *,
    fetcher: StatusListFetcher | None = None,
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
    ctx = _Context(fetcher, verify_list, resolve_now(now), max_clock_skew, min_entries, max_bytes)
    raw = credential.get("credentialStatus")
    if raw is None:
        return StatusResult()
    if isinstance(raw, Mapping):
        items: list[tuple[Any, list[str | int]]] = [(raw, ["credentialStatus"])]
    elif isinstance(raw, list):
        items = [(item, ["credentialStatus", i]) for i, item in enumerate(raw)]
    else:
        problem = _problem(
            "status.entry-invalid",
            "credentialStatus must be an object or an array",
            ["credentialStatus"],
        )
        entry = EntryStatus(
            StatusOutcome.INVALID, None, path="/credentialStatus", problems=(problem,)
        )
        return StatusResult((entry,), (problem,))
    entries = tuple(_check_entry(credential, item, path, ctx) for item, path in items)
    return StatusResult(entries, tuple(p for e in entries for p in e.problems))


def _check_entry(
    credential: Mapping[str, Any], item: Any, path: list[str | int], ctx: _Context
) -> EntryStatus:
    pointer = json_pointer(path)
    if not isinstance(item, Mapping):
        problem = _problem("status.entry-invalid", "a status entry must be an object", path)
        return EntryStatus(StatusOutcome.INVALID, None, path=pointer, problems=(problem,))
    entry_type = item.get("type")
    if isinstance(entry_type, list) and len(entry_type) == 1:
        entry_type = entry_type[0]
    if entry_type in (BITSTRING_ENTRY, SL2021_ENTRY):
        return _check_bitstring_entry(item, entry_type, path, ctx)
    if entry_type == EDTECH_ENTRY:
        return _check_1edtech_entry(credential, item, path, ctx)
    problem = _problem(
        "status.unsupported-type",
        f"status entry type {entry_type!r} is not supported; its status cannot be checked",
        [*path, "type"],
        severity=Severity.WARNING,
    )
    return EntryStatus(
        StatusOutcome.INDETERMINATE,
        entry_type if isinstance(entry_type, str) else None,
        path=pointer,
        problems=(problem,),
    )


def _fetch(url: str, path: list[str | int], ctx: _Context, spec: str) -> Mapping[str, Any]:
    if ctx.fetcher is None:
        raise _Indeterminate(
            _problem(
                "status.indeterminate",
                "status cannot be determined offline: no status list fetcher was given "
                "(pass the status list credentials: verify(..., status=[...]), or a "
                "StatusListFetcher)",
                path,
                severity=Severity.WARNING,
                spec=spec,
            )
        )
    cached = ctx.cache.get(url)
    if cached is None:
        try:
            cached = ctx.fetcher.fetch(url)
        except (LookupError, OSError, MicrocredentialError) as exc:
            cached = exc
        ctx.cache[url] = cached
    if isinstance(cached, BaseException):
        raise _Indeterminate(
            _problem(
                "status.list-unavailable",
                f"the status list {url} could not be retrieved ({type(cached).__name__}: "
                f"{cached}) (STATUS_RETRIEVAL_ERROR)",
                path,
                spec=spec,
            )
        )
    if not isinstance(cached, Mapping):
        raise _Indeterminate(
            _problem("status.list-invalid", f"the status list {url} is not a JSON object", path)
        )
    return cached


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _check_list_validity(doc: Mapping[str, Any], path: list[str | int], ctx: _Context) -> None:
    for start_key, end_key in (("validFrom", "validUntil"), ("issuanceDate", "expirationDate")):
        for key, is_start in ((start_key, True), (end_key, False)):
            if key not in doc:
                continue
            try:
                when = parse_datetime(doc[key])
            except (ValueError, TypeError):
                raise _Indeterminate(
                    _problem(
                        "status.list-invalid",
                        f"the status list's {key} is not a date-time with an offset",
                        path,
                    )
                ) from None
            if is_start and when > shifted(ctx.now, ctx.skew):
                raise _Indeterminate(
                    _problem(
                        "status.list-not-yet-valid",
                        f"the status list is not valid before {doc[key]}; fetch a current one",
                        path,
                    )
                )
            if not is_start and when < shifted(ctx.now, ctx.skew, back=True):
                raise _Indeterminate(
                    _problem(
                        "status.list-expired",
                        f"the status list expired at {doc[key]}; fetch a fresh copy",
                        path,
                    )
                )


def _check_list_proof(
    doc: Mapping[str, Any], path: list[str | int], ctx: _Context, spec: str
) -> tuple[bool, list[Problem]]:
    if ctx.verify_list is None:
        return False, [
            _problem(
                "status.list-proof-unchecked",
                "the status list's proof was not checked (no verify_list was given): "
                "the status read from it is not authenticated",
                path,
                severity=Severity.WARNING,
                spec=spec,
            )
        ]
    try:
        verdict = ctx.verify_list(doc)
    except MicrocredentialError as exc:
        raise _Indeterminate(
            _problem(
                "status.list-proof-unverifiable",
                f"the status list's proof could not be checked: {exc}",
                path,
                spec=spec,
            ),
            *exc.problems,
        ) from None
    if isinstance(verdict, bool):
        failures: list[Problem] = []
        passed = verdict
    else:
        found = list(verdict)
        failures = [p for p in found if p.severity is Severity.ERROR]
        passed = not failures
    if not passed:
        if failures and all(p.code in INDETERMINATE_CODES for p in failures):
            headline = _problem(
                "status.list-proof-unverifiable",
                "the status list's proof could not be checked (for example, its key could not "
                "be resolved): its content cannot be trusted yet",
                path,
                spec=spec,
            )
        else:
            headline = _problem(
                "status.list-proof-invalid",
                "the status list's proof does not verify, or the list is not the credential "
                "issuer's (STATUS_VERIFICATION_ERROR): its content cannot be trusted",
                path,
                spec=spec,
            )
        raise _Indeterminate(headline, *failures)
    return True, []


def _check_bitstring_entry(
    item: Mapping[str, Any], entry_type: str, path: list[str | int], ctx: _Context
) -> EntryStatus:
    legacy = entry_type == SL2021_ENTRY
    spec = SPEC_2021 if legacy else SPEC
    pointer = json_pointer(path)
    purpose = item.get("statusPurpose")
    url = item.get("statusListCredential")
    raw_index = item.get("statusListIndex")
    entry_problems: list[Problem] = []
    if not isinstance(purpose, str) or not purpose:
        entry_problems.append(
            _problem(
                "status.entry-invalid",
                "statusPurpose must be a string",
                [*path, "statusPurpose"],
                spec=spec,
            )
        )
    if not isinstance(url, str) or ":" not in url:
        entry_problems.append(
            _problem(
                "status.entry-invalid",
                "statusListCredential must be a URL",
                [*path, "statusListCredential"],
                spec=spec,
            )
        )
    index: int | None = None
    if isinstance(raw_index, str) and _INDEX.fullmatch(raw_index):
        index = int(raw_index) if len(raw_index) <= 30 else -1
    else:
        entry_problems.append(
            _problem(
                "status.entry-invalid",
                "statusListIndex must be a non-negative integer written as a base-10 string",
                [*path, "statusListIndex"],
                spec=spec,
            )
        )
    size = 1
    if not legacy and "statusSize" in item:
        raw_size = item["statusSize"]
        if isinstance(raw_size, int) and not isinstance(raw_size, bool) and raw_size > 0:
            if raw_size > MAX_STATUS_SIZE:
                entry_problems.append(
                    _problem(
                        "status.entry-invalid",
                        f"statusSize {raw_size} is larger than supported ({MAX_STATUS_SIZE})",
                        [*path, "statusSize"],
                    )
                )
            else:
                size = raw_size
        else:
            entry_problems.append(
                _problem(
                    "status.entry-invalid",
                    "statusSize must be an integer greater than zero",
                    [*path, "statusSize"],
                )
            )
    messages = item.get("statusMessage") if not legacy else None
    if not legacy and (size > 1 or "statusMessage" in item):
        if "statusMessage" not in item:
            entry_problems.append(
                _problem(
                    "status.entry-invalid",
                    "statusMessage is required when statusSize is greater than 1",
                    path,
                )
            )
        else:
            entry_problems.extend(_check_status_messages(messages, size, path))
    if legacy and isinstance(purpose, str) and purpose not in ("revocation", "suspension"):
        entry_problems.append(
            _problem(
                "status.entry-invalid",
                "a StatusList2021Entry statusPurpose is 'revocation' or 'suspension'",
                [*path, "statusPurpose"],
                spec=spec,
            )
        )

    base = EntryStatus(
        StatusOutcome.INVALID,
        entry_type,
        purpose=purpose if isinstance(purpose, str) else None,
        list_url=url if isinstance(url, str) else None,
        index=index if index is not None and index >= 0 else None,
        path=pointer,
    )
    if entry_problems:
        return replace(base, outcome=StatusOutcome.INVALID, problems=tuple(entry_problems))
    assert isinstance(url, str)
    assert isinstance(purpose, str)
    assert index is not None

    proof_checked = False
    extra: list[Problem] = []
    try:
        doc = _fetch(url, path, ctx, spec)
        extra_types = _types(doc.get("type"))
        wanted_credential = SL2021_CREDENTIAL if legacy else BITSTRING_CREDENTIAL
        wanted_subject = SL2021_SUBJECT if legacy else BITSTRING_SUBJECT
        if wanted_credential not in extra_types:
            raise _Indeterminate(
                _problem(
                    "status.list-invalid",
                    f"the status list's type must include {wanted_credential}",
                    path,
                    spec=spec,
                )
            )
        doc_id = doc.get("id")
        if doc_id is not None and doc_id != url:
            raise _Indeterminate(
                _problem(
                    "status.list-invalid",
                    f"the status list's id {doc_id!r} is not the statusListCredential URL",
                    path,
                    spec=spec,
                )
            )
        proof_checked, extra = _check_list_proof(doc, path, ctx, spec)
        _check_list_validity(doc, path, ctx)
        subject = doc.get("credentialSubject")
        if isinstance(subject, list) and len(subject) == 1:
            subject = subject[0]
        if not isinstance(subject, Mapping) or wanted_subject not in _types(subject.get("type")):
            raise _Indeterminate(
                _problem(
                    "status.list-invalid",
                    f"the status list's credentialSubject must be a {wanted_subject}",
                    path,
                    spec=spec,
                )
            )
        list_purposes = _types(subject.get("statusPurpose"))
        if not list_purposes:
            raise _Indeterminate(
                _problem(
                    "status.list-invalid", "the status list has no statusPurpose", path, spec=spec
                )
            )
        if purpose not in list_purposes:
            raise _Invalid(
                _problem(
                    "status.purpose-mismatch",
                    f"the entry's statusPurpose {purpose!r} is not a purpose of the list "
                    f"({', '.join(list_purposes)}) (STATUS_VERIFICATION_ERROR)",
                    [*path, "statusPurpose"],
                    spec=spec,
                )
            )
        try:
            bits = StatusList.decode(
                subject.get("encodedList"),  # type: ignore[arg-type]
                status_size=size,
                min_entries=ctx.min_entries,
                max_bytes=ctx.max_bytes,
                multibase=not legacy,
            )
        except InvalidDocumentError as exc:
            raise _Indeterminate(
                *(
                    Problem(p.code, f"status list {url}: {p.message}", pointer, p.severity, spec)
                    for p in exc.problems
                )
            ) from None
        if index < 0 or index >= len(bits):
            raise _Invalid(
                _problem(
                    "status.index-out-of-range",
                    f"statusListIndex {raw_index} is outside the list (0..{len(bits) - 1}) "
                    "(RANGE_ERROR)",
                    [*path, "statusListIndex"],
                    spec=spec,
                )
            )
        status = bits.get(index)
    except _Indeterminate as exc:
        return replace(
            base,
            outcome=StatusOutcome.INDETERMINATE,
            proof_checked=proof_checked,
            problems=(*extra, *exc.problems),
        )
    except _Invalid as exc:
        return replace(
            base,
            outcome=StatusOutcome.INVALID,
            proof_checked=proof_checked,
            problems=(*extra, *exc.problems),
        )

    message: str | None = None
    if isinstance(messages, list):
        for m in messages:
            if int(m["status"], 16) == status:
                message = m["message"]
                break
    elif status:
        message = "set"
    else:
        message = "unset"
    if status == 0:
        outcome = StatusOutcome.OK
    elif purpose == "revocation":
        outcome = StatusOutcome.REVOKED
        extra.append(
            _problem("status.revoked", f"the credential is revoked ({url})", path, spec=spec)
        )
    elif purpose == "suspension":
        outcome = StatusOutcome.SUSPENDED
        extra.append(
            _problem("status.suspended", f"the credential is suspended ({url})", path, spec=spec)
        )
    else:
        outcome = StatusOutcome.FLAGGED
        extra.append(
            _problem(
                "status.flagged",
                f"status {status:#x} for purpose {purpose!r}: {message}",
                path,
                severity=Severity.INFO,
                spec=spec,
            )
        )
    return replace(
        base,
        outcome=outcome,
        status=status,
        message=message,
        proof_checked=proof_checked,
        problems=tuple(extra),
    )


def _check_1edtech_entry(
    credential: Mapping[str, Any], item: Mapping[str, Any], path: list[str | int], ctx: _Context
) -> EntryStatus:
    spec = SPEC_1EDTECH
    pointer = json_pointer(path)
    url = item.get("id")
    base = EntryStatus(
        StatusOutcome.INVALID,
        EDTECH_ENTRY,
        purpose="revocation",
        list_url=url if isinstance(url, str) else None,
        path=pointer,
    )
    if not isinstance(url, str) or ":" not in url:
        problem = _problem(
            "status.entry-invalid", "the revocation list id must be a URL", [*path, "id"], spec=spec
        )
        return replace(base, outcome=StatusOutcome.INVALID, problems=(problem,))
    credential_id = credential.get("id")
    if not isinstance(credential_id, str):
        problem = _problem(
            "status.entry-invalid",
            "the credential has no id, so a 1EdTech revocation list cannot name it",
            ["id"],
            spec=spec,
        )
        return replace(base, outcome=StatusOutcome.INVALID, problems=(problem,))
    try:
        doc = _fetch(url, path, ctx, spec)
        revoked_list = doc.get("revokedCredentials")
        if not isinstance(revoked_list, list):
            raise _Indeterminate(
                _problem(
                    "status.list-invalid", "revokedCredentials must be an array", path, spec=spec
                )
            )
        doc_id = doc.get("id")
        if doc_id is not None and doc_id != url:
            raise _Indeterminate(
                _problem(
                    "status.list-invalid",
                    f"the revocation list's id {doc_id!r} is not {url}",
                    path,
                    spec=spec,
                )
            )
        issuer = credential.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
        list_issuer = doc.get("issuer")
        list_issuer_id = list_issuer.get("id") if isinstance(list_issuer, Mapping) else list_issuer
        if list_issuer_id is not None and issuer_id is not None and list_issuer_id != issuer_id:
            raise _Indeterminate(
                _problem(
                    "status.list-invalid",
                    "the revocation list was published by another issuer than the credential's",
                    path,
                    spec=spec,
                )
            )
    except _Indeterminate as exc:
        return replace(base, outcome=StatusOutcome.INDETERMINATE, problems=exc.problems)
    unsigned = _problem(
        "status.list-proof-unchecked",
        "a 1EdTech revocation list carries no proof: trust rests on how it was retrieved",
        path,
        severity=Severity.WARNING,
        spec=spec,
    )
    for revoked in revoked_list:
        if isinstance(revoked, Mapping) and revoked.get("id") == credential_id:
            reason = revoked.get("revocationReason")
            message = reason if isinstance(reason, str) else None
            problem = _problem(
                "status.revoked",
                f"the credential is revoked ({url})" + (f": {message}" if message else ""),
                path,
                spec=spec,
            )
            return replace(
                base,
                outcome=StatusOutcome.REVOKED,
                status=1,
                message=message,
                problems=(unsigned, problem),
            )
    return replace(base, outcome=StatusOutcome.OK, status=0, problems=(unsigned,))


# -- the issuer's state file ---------------------------------------------------------------


@contextlib.contextmanager
def edit_state_file(path: str | os.PathLike[str]) -> Iterator[IssuerStatusList]:
    """Lock an issuer's state file, load it, let the caller change it, and save it.

    The lock (an exclusive ``flock`` on ``<file>.lock``) is held from reading to writing, so
    two processes that revoke, suspend or allocate at the same time never undo each other's
    work. The new state replaces the old one atomically (temporary file, fsync, rename); when
    the body raises, nothing is written.
    """
    target = Path(path)
    lock_path = target.with_name(target.name + ".lock")
    flags = os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(lock_path, flags, 0o600)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        state = IssuerStatusList.from_json(read_json(target))
        yield state
        text = json.dumps(state.to_json(), indent=2) + "\n"
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    finally:
        os.close(fd)  # closing the descriptor releases the lock
