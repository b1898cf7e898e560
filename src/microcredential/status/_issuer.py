"""The issuer's side: :class:`IssuerStatusList` (the state of one list) and its state file.

The state is the bitstring plus every index handed out; the issuer keeps it between runs as
JSON (:meth:`IssuerStatusList.to_json`), and :func:`edit_state_file` changes that file under
a lock.  Only *unsigned* documents are built here: signing is done elsewhere.

The state file holds both bitmaps encoded as ``encodedList`` is (GZIP, base64url), so that a
list of a million entries is a file of a few hundred kilobytes, read and written in
milliseconds; the first format, which listed every allocated index as a JSON number, is
still read.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from itertools import accumulate
from operator import sub
from pathlib import Path
from random import Random
from typing import Any, Final

from .._files import locked, write_atomic
from .._json import read_json
from .._time import datetime_text
from ..constants import VC_V2_CONTEXT
from ..errors import (
    DocumentTooLargeError,
    InvalidDocumentError,
    StatusListFullError,
    UnknownStatusIndexError,
)
from ._bitstring import StatusList, _b64url_encode, _gzip
from ._spec import (
    BITSTRING_CREDENTIAL,
    BITSTRING_ENTRY,
    BITSTRING_SUBJECT,
    DEFAULT_MAX_BYTES,
    MIN_ENTRIES,
    check_status_messages,
    check_status_size,
    problem,
    shown_index,
)

#: The ``format`` member of the issuer's state file (:meth:`IssuerStatusList.to_json`).
STATE_FORMAT: Final = "microcredential.status-list-state/2"
#: The first format, with the allocated indexes as a JSON array of numbers: still read.
_STATE_FORMAT_1: Final = "microcredential.status-list-state/1"
#: What to do about a state file that does not load.
_RESTORE: Final = (
    "the file is written by microcredential and not meant to be edited: restore it from a backup"
)


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

    __slots__ = ("_count", "_free", "_list", "_messages", "_used", "list_id", "purpose")

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
        # The indexes handed out, one bit each (a million entries: 125 KB, not a set of ints).
        self._used = bytearray((len(status_list) + 7) // 8)
        self._count = 0
        #: The free indexes of each 64 of the list (8 bytes of ``_used``) counted in a Fenwick
        #: tree, built when the list is half full (None before).
        self._free: array[int] | None = None
        for index in allocated:
            if not isinstance(index, int) or isinstance(index, bool):
                raise TypeError("allocated indexes must be ints")
            if not 0 <= index < len(status_list):
                raise ValueError(f"allocated {shown_index(index)} is outside the list")
            self._mark(index)
        size = status_list.status_size
        if status_messages is None:
            if size > 1 or purpose == "message":
                raise ValueError(
                    "status_messages is required when status_size > 1 or purpose is 'message'"
                )
            self._messages: tuple[dict[str, Any], ...] | None = None
        else:
            messages = tuple(dict(m) for m in status_messages)
            problems = check_status_messages(messages, size, ())
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
            f"allocated={self._count})"
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
        return frozenset(self._allocated_indexes())

    @property
    def free(self) -> int:
        """How many indexes are still unused."""
        return len(self._list) - self._count

    def _is_used(self, index: int) -> bool:
        return bool(self._used[index >> 3] & (0x80 >> (index & 7)))

    def _mark(self, index: int) -> None:
        """Record ``index`` as handed out (once)."""
        if self._is_used(index):
            return
        self._used[index >> 3] |= 0x80 >> (index & 7)
        self._count += 1
        tree = self._free
        if tree is not None:  # one free index fewer in its word and every range above it
            position = (index >> 6) + 1
            while position < len(tree):
                tree[position] -= 1
                position += position & -position

    def _allocated_indexes(self) -> Iterator[int]:
        """The indexes handed out, in increasing order (zero bytes skipped at C speed)."""
        for found in _NONZERO.finditer(self._used):
            base = found.start() * 8
            yield from (base + offset for offset in _BITS[found.group()[0]])

    def _kth_free(self, k: int) -> int:
        """The ``k``-th unused index (from 0), in increasing order: O(log n) with the tree."""
        tree = self._free
        if tree is None:
            tree = self._free = _free_tree(self._used, len(self._list))
        position = 0
        step = 1 << (len(tree) - 1).bit_length()
        while step:
            nxt = position + step
            if nxt < len(tree) and tree[nxt] <= k:
                position = nxt
                k -= tree[nxt]
            step >>= 1
        # The tree is 1-based: ``position`` is the 0-based word holding the index found, and
        # ``k`` which of that word's free indexes it is: find its byte, then its bit.
        used = self._used
        byte = position * 8
        while k >= _FREE_COUNT[used[byte]]:
            k -= _FREE_COUNT[used[byte]]
            byte += 1
        return byte * 8 + _FREE_OFFSETS[used[byte]][k]

    def allocate(self, *, rng: Random | None = None) -> int:
        """Pick an unused index uniformly at random and mark it used.

        ``rng`` defaults to :class:`secrets.SystemRandom`; pass ``random.Random(seed)`` for
        reproducible tests.  Raises :class:`~microcredential.errors.StatusListFullError`
        when every index is taken.
        """
        source: Random = rng if rng is not None else secrets.SystemRandom()
        length = len(self._list)
        if self._count >= length:
            raise StatusListFullError(
                f"the status list {self.list_id} is full (all {length} indexes are allocated): "
                "create a new list for new credentials"
            )
        if self._count * 2 < length:
            # sparse: rejection sampling, expected < 2 draws
            while True:
                index = source.randrange(length)
                if not self._is_used(index):
                    break
        else:
            # dense: pick the k-th free index, k uniform
            index = self._kth_free(source.randrange(length - self._count))
        self._mark(index)
        return index

    def _require_allocated(self, index: int) -> None:
        if not isinstance(index, int) or isinstance(index, bool):
            raise TypeError(f"the index must be an int, not {type(index).__name__}")
        if not 0 <= index < len(self._list) or not self._is_used(index):
            raise UnknownStatusIndexError(
                f"{shown_index(index)} was never allocated in {self.list_id}"
            )

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
        """A JSON-ready snapshot of the whole state (for a CLI's state file).

        ``allocatedList`` is the bitmap of the indexes handed out (one bit an index, the
        first one the most significant bit of the first byte), encoded as ``encodedList`` is.
        """
        length = len(self._list)
        out: dict[str, Any] = {
            "format": STATE_FORMAT,
            "id": self.list_id,
            "statusPurpose": self.purpose,
            "statusSize": self._list.status_size,
            "length": length,
            "encodedList": _encoded(self._list.to_bytes()),
            "allocatedList": _encoded(bytes(self._used)),
        }
        if self._messages is not None:
            out["statusMessage"] = [dict(m) for m in self._messages]
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], *, source: str | None = None) -> IssuerStatusList:
        """Restore a state written by :meth:`to_json` (this format or the first one, which
        listed the allocated indexes as numbers).

        Raises :class:`~microcredential.InvalidDocumentError` (``status.state-invalid``,
        naming the member at fault; ``source``, the file's name, leads the message) for
        anything that is not such a state or does not agree with itself.
        """
        try:
            return cls._restore(data)
        except _StateError as exc:
            found = problem(
                "status.state-invalid", f"{exc.message}; {exc.advice}", exc.path, spec=None
            )
            error = DocumentTooLargeError if exc.too_large else InvalidDocumentError
            raise error.from_problems([found], source=source) from None

    @classmethod
    def _restore(cls, data: Any) -> IssuerStatusList:
        if not isinstance(data, Mapping):
            raise _StateError("not a status list state: the state must be a JSON object")
        kind = data.get("format")
        if kind not in (STATE_FORMAT, _STATE_FORMAT_1):
            family = STATE_FORMAT.split("/")[0] + "/"
            raise _StateError(
                f"not a status list state this version reads ({STATE_FORMAT} or {_STATE_FORMAT_1})",
                "format",
                advice="a newer version of microcredential wrote it: use that version"
                if isinstance(kind, str) and kind.startswith(family)
                else _RESTORE,
            )
        list_id = _member(data, "id", str)
        if ":" not in list_id:
            raise _StateError("id must be the absolute URL of the status list credential", "id")
        purpose = _member(data, "statusPurpose", str)
        if not purpose:
            raise _StateError("statusPurpose must not be empty", "statusPurpose")
        size = _member(data, "statusSize", int)
        try:
            check_status_size(size)
        except ValueError as exc:
            raise _StateError(str(exc).replace("status_size", "statusSize"), "statusSize") from None
        length = _member(data, "length", int)
        if length < 1:
            raise _StateError("length must be a positive number of entries", "length")
        if length * size > 8 * DEFAULT_MAX_BYTES:  # more than any bitstring decoded holds
            raise _StateError(
                f"length is over the {8 * DEFAULT_MAX_BYTES // size:,} entries a list of "
                f"statusSize {size} can have here",
                "length",
            )
        bits = StatusList.from_bytes(
            _bitmap(data, "encodedList", length * size, status_size=size),
            status_size=size,
            length=length,
        )
        try:
            state = cls(list_id, bits, purpose=purpose, status_messages=data.get("statusMessage"))
        except (TypeError, ValueError) as exc:  # what the messages say does not fit the list
            raise _StateError(f"not a usable statusMessage: {exc}", "statusMessage") from None
        if kind == _STATE_FORMAT_1:
            state._used = _listed_indexes(_member(data, "allocated", list), length)
            state._count = _ones(state._used)
            return state
        state._used = bytearray(_bitmap(data, "allocatedList", length, status_size=1))
        state._count = _ones(state._used)
        return state


class _StateError(Exception):
    """What is wrong with a state, where (a member of the state object) and what to do."""

    def __init__(
        self,
        message: str,
        member: str = "",
        *,
        advice: str = _RESTORE,
        too_large: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path: tuple[str, ...] = (member,) if member else ()
        self.advice = advice
        self.too_large = too_large


def _member(data: Mapping[str, Any], name: str, kind: type) -> Any:
    """The member ``name`` of a state, of the JSON type ``kind`` (a bool is not an int)."""
    if name not in data:
        raise _StateError(f"the member {name!r} is missing", name)
    value = data[name]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        wanted = {int: "an integer", str: "a string", list: "an array"}[kind]
        raise _StateError(f"{name} must be {wanted}", name)
    return value


def _bitmap(data: Mapping[str, Any], name: str, bits: int, *, status_size: int) -> bytes:
    """The bytes of the bitstring in the member ``name``: exactly ``bits`` bits of content,
    the bits after them (to the end of the last byte) zero."""
    encoded = _member(data, name, str)
    try:
        raw = StatusList.decode(encoded, status_size=status_size, min_entries=0).to_bytes()
    except InvalidDocumentError as exc:
        message = exc.problems[0].message if exc.problems else exc.message
        raise _StateError(
            message.replace("encodedList", name),
            name,
            too_large=isinstance(exc, DocumentTooLargeError),
        ) from None
    except ValueError as exc:  # a bitstring of no byte at all
        raise _StateError(f"{name}: {exc}", name) from None
    if len(raw) != (bits + 7) // 8:
        raise _StateError(
            f"{name} holds {len(raw)} bytes, but {bits} bits of entries take {(bits + 7) // 8}: "
            "it does not match length (and statusSize)",
            name,
        )
    if bits % 8 and raw[-1] & (0xFF >> (bits % 8)):
        raise _StateError(f"{name} sets bits beyond the last entry of the list", name)
    return raw


def _listed_indexes(allocated: list[Any], length: int) -> bytearray:
    """The bitmap of the indexes of the first format's ``allocated`` array."""
    used = bytearray((length + 7) // 8)
    for position, index in enumerate(allocated):
        if not isinstance(index, int) or isinstance(index, bool):
            raise _StateError("an allocated index must be an integer", "allocated")
        if not 0 <= index < length:
            raise _StateError(
                f"allocated index {shown_index(index)} (item {position}) is outside the list "
                f"of {length} entries",
                "allocated",
            )
        used[index >> 3] |= 0x80 >> (index & 7)
    return used


def _encoded(bitstring: bytes) -> str:
    """A bitmap of the state file, encoded as ``encodedList`` is but compressed at the
    fastest level: zlib's best level takes 0.1 s or more on a sparse bitmap of a million
    bits, the fastest a millisecond or two for a file a third larger."""
    return "u" + _b64url_encode(_gzip(bitstring, level=1))


def _ones(data: bytes | bytearray) -> int:
    """How many bits of ``data`` are set."""
    return int.from_bytes(data, "big").bit_count()


#: The offsets of the set bits of each byte value, most significant bit first.
_BITS: Final = tuple(tuple(o for o in range(8) if byte & (0x80 >> o)) for byte in range(256))
#: The offsets of the clear bits of each byte value (its free indexes), in the same order.
_FREE_OFFSETS: Final = tuple(
    tuple(o for o in range(8) if not byte & (0x80 >> o)) for byte in range(256)
)
#: The number of clear bits of each byte value, as a table for :meth:`bytes.translate`.
_FREE_COUNT: Final = bytes(8 - byte.bit_count() for byte in range(256))


#: A byte that is not zero: a byte of the bitmap with an index handed out.
_NONZERO: Final = re.compile(rb"[^\x00]")


def _free_tree(used: bytearray, length: int) -> array[int]:
    """A Fenwick tree (1-based) of the free indexes in each word of 64 (8 bytes of ``used``,
    ``length`` entries), built in O(n) steps that run mostly in C: a million entries take
    a few milliseconds, which every edit of a state file in its dense half pays."""
    counts = bytearray(used)
    if length % 8:  # the bits after the last entry are no free index
        counts[-1] |= 0xFF >> (length % 8)
    counts = counts.translate(_FREE_COUNT) + bytes(-len(counts) % 8)
    # The sum of a word's 8 byte counts (each at most 8) lands in its top byte.
    words = [(word * 0x0101010101010101 >> 56) & 0xFF for word in memoryview(counts).cast("Q")]
    prefix = array("i", accumulate(words, initial=0))
    size = len(words)
    tree = array("i", bytes(prefix.itemsize * (size + 1)))
    # Node i holds the words (i - low(i), i], low(i) its lowest set bit: the difference of
    # two prefix sums.  The nodes of one low bit are a slice, filled in one go.
    low = 1
    while low <= size:
        upper = prefix[low :: 2 * low]
        tree[low :: 2 * low] = array("i", map(sub, upper, prefix[0 : size + 1 - low : 2 * low]))
        low *= 2
    return tree


# -- the issuer's state file ---------------------------------------------------------------


@contextlib.contextmanager
def edit_state_file(path: str | os.PathLike[str]) -> Iterator[IssuerStatusList]:
    """Lock an issuer's state file, load it, let the caller change it, and save it.

    The lock (an exclusive ``flock`` on ``<file>.lock``) is held from reading to writing, so
    two processes that revoke, suspend or allocate at the same time never undo each other's
    work. The new state replaces the old one atomically (temporary file, fsync, rename); when
    the body raises, nothing is written. A lock file that is not a regular file is refused
    with a :class:`~microcredential.MicrocredentialError`.
    """
    target = Path(path)
    with locked(target.with_name(target.name + ".lock")):
        state = IssuerStatusList.from_json(read_json(target), source=str(target))
        yield state
        write_atomic(target, json.dumps(state.to_json(), indent=2) + "\n")
