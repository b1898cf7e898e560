"""PNG chunks for baking: read the chunk stream strictly, find and write text chunks.

A PNG is an 8-byte signature and a sequence of chunks, each a 4-byte big-endian length, a
4-byte type, the data and a CRC-32 of type and data.  ``IHDR`` comes first and ``IEND``
last; text chunks (``tEXt``, ``zTXt``, ``iTXt``) may stand anywhere between them.  Every
chunk's CRC is checked, so a damaged image is reported as such instead of yielding half a
credential.  Bytes after ``IEND`` are not part of the image and are left alone.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from ._problems import _invalid

__all__ = ["SIGNATURE", "Chunk", "TextChunk", "encode_itxt", "read_chunks", "read_text", "write"]

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_HEADER = struct.Struct(">I4s")
#: PNG's limit on a chunk's length.
_MAX_LENGTH = 2**31 - 1
_TEXT_TYPES = (b"tEXt", b"zTXt", b"iTXt")


@dataclass(frozen=True, slots=True)
class Chunk:
    """One chunk: its type, data and where it starts in the file."""

    type: bytes
    data: bytes
    offset: int

    def encode(self) -> bytes:
        return _encode(self.type, self.data)


@dataclass(frozen=True, slots=True)
class TextChunk:
    """A text chunk's keyword and, where it could be read, its text."""

    chunk: Chunk
    keyword: str
    compressed: bool
    text: bytes


def _encode(kind: bytes, data: bytes) -> bytes:
    return _HEADER.pack(len(data), kind) + data + struct.pack(">I", zlib.crc32(kind + data))


def read_chunks(data: bytes) -> tuple[list[Chunk], bytes]:
    """The chunks up to and including ``IEND``, and whatever bytes follow it.

    Raises :class:`InvalidDocumentError` (``baking.*``) for a missing signature, a chunk that
    runs past the end of the file, a wrong CRC, a missing ``IHDR`` or ``IEND``.
    """
    if not data.startswith(SIGNATURE):
        raise _invalid("baking.not-png", "not a PNG image: the 8-byte PNG signature is missing")
    chunks: list[Chunk] = []
    pos = len(SIGNATURE)
    while True:
        if pos + _HEADER.size > len(data):
            raise _invalid(
                "baking.truncated",
                f"the PNG ends at byte {len(data)} without an IEND chunk: the file is "
                "truncated; use a complete copy of the image",
            )
        length, kind = _HEADER.unpack_from(data, pos)
        end = pos + _HEADER.size + length + 4
        if length > _MAX_LENGTH or end > len(data):
            raise _invalid(
                "baking.truncated",
                f"the {_name(kind)} chunk at byte {pos} declares {length:,} bytes but the file "
                "ends before them: the file is truncated or damaged",
            )
        body = data[pos + _HEADER.size : end - 4]
        (crc,) = struct.unpack_from(">I", data, end - 4)
        if crc != zlib.crc32(kind + body):
            raise _invalid(
                "baking.crc-mismatch",
                f"the {_name(kind)} chunk at byte {pos} has a wrong CRC: the image is damaged "
                "(or was edited without updating the checksum); use an intact copy",
            )
        if not chunks and kind != b"IHDR":
            raise _invalid("baking.not-png", "the first PNG chunk is not IHDR: not a valid PNG")
        chunks.append(Chunk(kind, body, pos))
        pos = end
        if kind == b"IEND":
            return chunks, data[pos:]


def _name(kind: bytes) -> str:
    return repr(kind.decode("latin-1"))


def _keyword(chunk: Chunk) -> tuple[str, int] | None:
    """The keyword of a text chunk and where its null separator is, if well formed."""
    end = chunk.data.find(b"\0", 0, 80)
    if end < 1:
        return None
    return chunk.data[:end].decode("latin-1"), end


def read_text(chunks: Iterable[Chunk], keywords: Iterable[str]) -> list[TextChunk]:
    """The text chunks whose keyword is one of ``keywords``, in file order.

    ``text`` is the raw text bytes: UTF-8 for ``iTXt``, Latin-1 for ``tEXt``; for a
    compressed chunk it is empty (the caller refuses those).  A malformed ``iTXt`` with a
    wanted keyword raises :class:`InvalidDocumentError`.
    """
    wanted = set(keywords)
    found: list[TextChunk] = []
    for chunk in chunks:
        if chunk.type not in _TEXT_TYPES:
            continue
        head = _keyword(chunk)
        if head is None or head[0] not in wanted:
            continue
        keyword, end = head
        if chunk.type == b"tEXt":
            found.append(TextChunk(chunk, keyword, False, chunk.data[end + 1 :]))
        elif chunk.type == b"zTXt":
            found.append(TextChunk(chunk, keyword, True, b""))
        else:
            found.append(_itxt(chunk, keyword, end))
    return found


def _itxt(chunk: Chunk, keyword: str, end: int) -> TextChunk:
    data = chunk.data
    flags = data[end + 1 : end + 3]
    language_end = data.find(b"\0", end + 3)
    translated_end = data.find(b"\0", language_end + 1) if language_end >= 0 else -1
    if len(flags) < 2 or translated_end < 0 or flags[0] not in (0, 1):
        raise _invalid(
            "baking.malformed-chunk",
            f"the iTXt chunk {keyword!r} at byte {chunk.offset} is malformed (its flags, "
            "language tag or translated keyword are cut short); bake the image again",
        )
    compressed = flags[0] == 1
    return TextChunk(chunk, keyword, compressed, b"" if compressed else data[translated_end + 1 :])


def encode_itxt(keyword: str, text: str) -> Chunk:
    """An uncompressed ``iTXt`` chunk: no language tag, no translated keyword."""
    data = keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    if len(data) > _MAX_LENGTH:
        raise ValueError("the text is too long for one PNG chunk")
    return Chunk(b"iTXt", data, -1)


def write(chunks: Iterable[Chunk], trailer: bytes = b"") -> bytes:
    """A PNG file of ``chunks`` (each with a fresh CRC), followed by ``trailer``."""
    return SIGNATURE + b"".join(c.encode() for c in chunks) + trailer
