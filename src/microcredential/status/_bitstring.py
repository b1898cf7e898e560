"""The bitstring codec: :class:`StatusList`, its entries, and the ``encodedList`` encoding.

``encodedList`` is the bitstring compressed with GZIP, then written in base64url without
padding behind the multibase prefix ``u`` (Status List 2021 writes plain base64 with no
prefix; it is read too).  Decoding caps the decompressed size, against "gzip bombs".
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import zlib
from collections.abc import Iterator
from typing import Final

from ..errors import DocumentTooLargeError, InvalidDocumentError
from ._spec import DEFAULT_MAX_BYTES, MIN_ENTRIES, check_status_size, problem, shown_index

_B64URL = re.compile(r"[A-Za-z0-9_-]*")
_B64ANY = re.compile(r"[A-Za-z0-9_+/-]*={0,2}")
# Fixed GZIP member header (RFC 1952): magic, CM=deflate, no flags, MTIME=0, XFL=0, OS=3.
# The same bytes as the spec's own example list, so output does not depend on the clock
# or on the platform.
_GZIP_HEADER: Final = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03"


class _TooLarge(Exception):
    """The decompressed bitstring would exceed the cap."""


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


def _gzip(data: bytes, level: int = 9) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
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
        raise _TooLarge
    if not decompressor.eof:
        raise ValueError("the GZIP data are truncated")
    if decompressor.unused_data:
        raise ValueError("unexpected data after the GZIP member")
    return out


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
        check_status_size(status_size)
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
        check_status_size(status_size)
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
            raise IndexError(f"{shown_index(index)} is outside the list (0..{self._length - 1})")

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
            shown = value if abs(value) < 1 << 64 else "of more than 64 bits"
            raise ValueError(f"value {shown} does not fit in {size} bit(s)")
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
        check_status_size(status_size)
        path = ("credentialSubject", "encodedList")

        def invalid(message: str) -> InvalidDocumentError:
            return InvalidDocumentError.from_problems(
                [problem("status.list-invalid", message, path)]
            )

        if not isinstance(encoded, str):
            raise invalid("encodedList must be a string")
        # base64 of a deflate stream is at most ~4/3 of the data plus headers: anything
        # much longer than the cap cannot decompress to within it.
        if len(encoded) > 2 * max_bytes + 1024:
            raise DocumentTooLargeError.from_problems(
                [problem("status.list-too-large", "encodedList is too long", path)]
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
        except _TooLarge:
            raise DocumentTooLargeError.from_problems(
                [
                    problem(
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
                    problem(
                        "status.list-too-short",
                        f"the bitstring holds {entries} entries of {status_size} bit(s); "
                        f"at least {min_entries} are required for group privacy "
                        "(STATUS_LIST_LENGTH_ERROR)",
                        path,
                    )
                ]
            )
        return cls.from_bytes(raw, status_size=status_size)
