"""Small PNG and SVG images for the baking tests, and an independent PNG decoder.

The decoder is written here from the PNG specification (chunk CRCs, zlib, the five scanline
filters, 8-bit colour types without interlacing), sharing no code with the library, so a
test can tell whether a baked image still decodes to the very same pixels.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

SIGNATURE = b"\x89PNG\r\n\x1a\n"
#: Samples per pixel for each colour type (grey, RGB, palette, grey+alpha, RGBA).
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def itxt(keyword: str, text: str, *, compressed: bool = False) -> bytes:
    body = text.encode("utf-8")
    if compressed:
        body = zlib.compress(body)
    head = keyword.encode("latin-1") + b"\0" + bytes([int(compressed), 0]) + b"en\0\0"
    return chunk(b"iTXt", head + body)


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def _predictor(kind: int, line: bytes | bytearray, prior: bytes, i: int, bpp: int) -> int:
    """What filter ``kind`` predicts for byte ``i`` from its left, upper and upper-left bytes."""
    a = line[i - bpp] if i >= bpp else 0
    b = prior[i]
    c = prior[i - bpp] if i >= bpp else 0
    return (0, a, b, (a + b) // 2, _paeth(a, b, c))[kind]


def _filter(kind: int, row: bytes, prior: bytes, bpp: int) -> bytes:
    return bytes((x - _predictor(kind, row, prior, i, bpp)) % 256 for i, x in enumerate(row))


def make_png(
    width: int = 7,
    height: int = 5,
    colour_type: int = 2,
    *,
    extra: tuple[bytes, ...] = (),
    after_idat: tuple[bytes, ...] = (),
    idat_parts: int = 2,
) -> bytes:
    """A PNG whose rows use each of the five filters in turn; ``extra`` chunks follow IHDR
    (and the palette), ``after_idat`` chunks stand between the image data and IEND."""
    bpp = CHANNELS[colour_type]
    rows = [
        bytes((x * 37 + y * 91 + k * 53) % 256 if colour_type != 3 else (x + y) % 4
              for x in range(width) for k in range(bpp))
        for y in range(height)
    ]  # fmt: skip
    raw = bytearray()
    prior = bytes(width * bpp)
    for y, row in enumerate(rows):
        kind = y % 5
        raw += bytes([kind]) + _filter(kind, row, prior, bpp)
        prior = row
    data = zlib.compress(bytes(raw))
    size = -(-len(data) // idat_parts)
    idats = [chunk(b"IDAT", data[i : i + size]) for i in range(0, len(data), size)]
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0))
    palette = chunk(b"PLTE", bytes(range(12))) if colour_type == 3 else b""
    return (
        SIGNATURE
        + header
        + palette
        + b"".join(extra)
        + b"".join(idats)
        + b"".join(after_idat)
        + chunk(b"IEND", b"")
    )


@dataclass(frozen=True)
class Decoded:
    width: int
    height: int
    colour_type: int
    rows: tuple[bytes, ...]
    chunk_types: tuple[bytes, ...]


def decode_png(data: bytes) -> Decoded:
    """Decode an 8-bit, non-interlaced PNG; raise AssertionError on anything unsound."""
    assert data.startswith(SIGNATURE), "no PNG signature"
    pos = len(SIGNATURE)
    types: list[bytes] = []
    idat = b""
    header = b""
    while True:
        length, kind = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8 : pos + 8 + length]
        assert len(body) == length, f"{kind!r} chunk truncated"
        (crc,) = struct.unpack_from(">I", data, pos + 8 + length)
        assert crc == zlib.crc32(kind + body), f"{kind!r} chunk has a wrong CRC"
        types.append(kind)
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
        if kind == b"IEND":
            break
    assert types[0] == b"IHDR", "IHDR is not first"
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, interlace) == (8, 0)
    bpp = CHANNELS[colour_type]
    stride = width * bpp
    raw = zlib.decompress(idat)
    assert len(raw) == height * (stride + 1), "image data has the wrong length"
    rows: list[bytes] = []
    prior = bytes(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        assert kind <= 4, f"unknown filter type {kind}"
        line = raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]
        out = bytearray()
        for i, x in enumerate(line):
            out.append((x + _predictor(kind, out, prior, i, bpp)) % 256)
        rows.append(bytes(out))
        prior = bytes(out)
    return Decoded(width, height, colour_type, tuple(rows), tuple(types))


def text_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """``(type, data)`` of every text chunk, in order (no checks)."""
    pos = len(SIGNATURE)
    out = []
    while pos < len(data):
        length, kind = struct.unpack_from(">I4s", data, pos)
        if kind in (b"tEXt", b"zTXt", b"iTXt"):
            out.append((kind, data[pos + 8 : pos + 8 + length]))
        pos += 12 + length
        if kind == b"IEND":
            break
    return out


SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b"<!-- a badge -->\n"
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"\n'
    b'     viewBox="0 0 64 64" data-note="a &gt; b, \'quoted\'">\n'
    b"  <title>Badge &amp; more</title>\n"
    b'  <circle cx="32" cy="32" r="30" fill="#0a7"/>\n'
    b'  <text x="32" y="36" text-anchor="middle">\xe2\x9c\x93</text>\n'
    b"</svg>\n"
)
