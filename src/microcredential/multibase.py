"""Multibase strings and multicodec prefixes, as used by Multikey, did:key and proof values.

Two multibase encodings are supported, the ones Data Integrity and Bitstring Status List use:

* ``z`` — base58btc (Bitcoin alphabet): keys (``z6Mk…``) and ``proofValue``;
* ``u`` — base64url without padding: ``encodedList`` of a status list.

Decoding is strict: a wrong prefix, a character outside the alphabet, padding, whitespace or a
non-canonical encoding is refused with :class:`~microcredential.errors.MultibaseError` (a
``ValueError``).  Error messages describe the value by the caller's ``what=`` label and never
repeat it, so a secret key cannot leak through an exception.

Multicodec prefixes are unsigned LEB128 varints (``0xed`` becomes ``ed 01``); decoding refuses
over-long (non-minimal) encodings, as the unsigned-varint specification requires.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Final

import base58

from .errors import MultibaseError

__all__ = [
    "BASE58BTC",
    "BASE64URL",
    "DEFAULT_MAX_BASE58_CHARS",
    "ED25519_PRIV",
    "ED25519_PUB",
    "P256_PRIV",
    "P256_PUB",
    "P384_PRIV",
    "P384_PUB",
    "b64url_decode",
    "b64url_encode",
    "decode",
    "decode_base58btc",
    "decode_base64url",
    "decode_varint",
    "encode",
    "encode_base58btc",
    "encode_base64url",
    "encode_varint",
    "is_compact_jws",
    "multicodec_name",
    "split_multicodec",
    "with_multicodec",
]

#: Multibase prefix of base58btc (Bitcoin alphabet).
BASE58BTC: Final = "z"
#: Multibase prefix of base64url without padding (RFC 4648 §5).
BASE64URL: Final = "u"

#: Multicodec ``ed25519-pub``.
ED25519_PUB: Final = 0xED
#: Multicodec ``ed25519-priv`` (varint ``80 26``).
ED25519_PRIV: Final = 0x1300
#: Multicodec ``p256-pub`` (varint ``80 24``: ``zDn…`` keys, a compressed point).
P256_PUB: Final = 0x1200
#: Multicodec ``p384-pub`` (varint ``81 24``: ``z82…`` keys, a compressed point).
P384_PUB: Final = 0x1201
#: Multicodec ``p256-priv`` (varint ``86 26``).
P256_PRIV: Final = 0x1306
#: Multicodec ``p384-priv`` (varint ``87 26``).
P384_PRIV: Final = 0x1307

_NAMES: Final[dict[int, str]] = {
    0xE7: "secp256k1-pub",
    0xEB: "bls12_381-g2-pub",
    0xEC: "x25519-pub",
    0xED: "ed25519-pub",
    0x1200: "p256-pub",
    0x1201: "p384-pub",
    0x1202: "p521-pub",
    0x1205: "rsa-pub",
    0x1300: "ed25519-priv",
    0x1301: "secp256k1-priv",
    0x1302: "x25519-priv",
    0x1306: "p256-priv",
    0x1307: "p384-priv",
}

_B58_ALPHABET: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_RE: Final = re.compile(f"[{_B58_ALPHABET}]*")
_B64URL_RE: Final = re.compile(r"[A-Za-z0-9_-]*")
#: Longest base58btc text decoded by default (base58 decoding is quadratic in the length).
DEFAULT_MAX_BASE58_CHARS: Final = 8192
#: Varints longer than this are refused (unsigned-varint spec: at most 9 bytes, 63 bits).
_MAX_VARINT_BYTES: Final = 9


def _check_text(text: object, what: str) -> str:
    if not isinstance(text, str):
        raise MultibaseError(f"{what} must be a string, not {type(text).__name__}")
    return text


# -- base58btc ---------------------------------------------------------------------------------


#: Two base58 digits at a time (58**2 = 3364 pairs), and ten per big-integer step: a 64-byte
#: signature then takes 9 big-integer divisions instead of 88.
_B58_PAIRS = [a + b for a in _B58_ALPHABET for b in _B58_ALPHABET]
_B58_PAIR_VALUE = {pair: value for value, pair in enumerate(_B58_PAIRS)}
_B58_STEP = 58**10
#: Above this many bytes (keys and signatures are far below) the base58 package is used.
_B58_FAST_LIMIT = 1024


def _b58encode(data: bytes) -> str:
    number = int.from_bytes(data, "big")
    pairs = _B58_PAIRS
    chunks: list[str] = []
    while number:
        number, chunk = divmod(number, _B58_STEP)
        rest, p4 = divmod(chunk, 3364)
        rest, p3 = divmod(rest, 3364)
        rest, p2 = divmod(rest, 3364)
        p0, p1 = divmod(rest, 3364)
        chunks.append(pairs[p0] + pairs[p1] + pairs[p2] + pairs[p3] + pairs[p4])
    digits = "".join(reversed(chunks)).lstrip("1")
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + digits


def _b58decode(text: str) -> bytes:
    body = text.lstrip("1")
    padded = "1" * (-len(body) % 10) + body
    value = _B58_PAIR_VALUE
    number = 0
    for i in range(0, len(padded), 10):
        chunk = value[padded[i : i + 2]]
        chunk = chunk * 3364 + value[padded[i + 2 : i + 4]]
        chunk = chunk * 3364 + value[padded[i + 4 : i + 6]]
        chunk = chunk * 3364 + value[padded[i + 6 : i + 8]]
        chunk = chunk * 3364 + value[padded[i + 8 : i + 10]]
        number = number * _B58_STEP + chunk
    payload = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * (len(text) - len(body)) + payload


def encode_base58btc(data: bytes) -> str:
    """Encode bytes as a ``z``-prefixed base58btc multibase string."""
    raw = bytes(data)
    if len(raw) <= _B58_FAST_LIMIT:
        return BASE58BTC + _b58encode(raw)
    return BASE58BTC + base58.b58encode(raw).decode("ascii")


def decode_base58btc(
    text: str, *, what: str = "value", max_chars: int = DEFAULT_MAX_BASE58_CHARS
) -> bytes:
    """Decode a ``z``-prefixed base58btc multibase string.

    ``what`` names the value in error messages (say ``"secret key"``; the value itself is never
    included).  Strings longer than ``max_chars`` are refused before any work is done.
    """
    text = _check_text(text, what)
    if not text.startswith(BASE58BTC):
        raise MultibaseError(
            f"{what} is not base58btc multibase: it must start with 'z'"
            + (" (found an empty string)" if not text else "")
        )
    body = text[1:]
    if len(body) > max_chars:
        raise MultibaseError(f"{what} is too long ({len(text)} characters, limit {max_chars})")
    if not _B58_RE.fullmatch(body):
        raise MultibaseError(
            f"{what} is not valid base58btc: it contains a character outside the Bitcoin "
            "base58 alphabet (0, O, I, l, whitespace and punctuation are not allowed)"
        )
    if len(body) <= 2 * _B58_FAST_LIMIT:
        return _b58decode(body)
    return bytes(base58.b58decode(body))


# -- base64url ---------------------------------------------------------------------------------


def b64url_encode(data: bytes) -> str:
    """Base64url without padding (RFC 4648 §5, as in JWK and JWS); no multibase prefix."""
    return base64.urlsafe_b64encode(bytes(data)).rstrip(b"=").decode("ascii")


def b64url_decode(text: str, *, what: str = "value") -> bytes:
    """Strictly decode unpadded base64url (no prefix): no padding, whitespace or stray bits."""
    text = _check_text(text, what)
    if not _B64URL_RE.fullmatch(text):
        raise MultibaseError(
            f"{what} is not valid base64url: only A-Z, a-z, 0-9, '-' and '_' are allowed, "
            "without '=' padding"
        )
    if len(text) % 4 == 1:
        raise MultibaseError(f"{what} is not valid base64url: its length is impossible")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):  # pragma: no cover - excluded by the checks above
        raise MultibaseError(f"{what} is not valid base64url") from None
    if b64url_encode(data) != text:
        raise MultibaseError(
            f"{what} is not canonical base64url: the unused bits of its last character are not zero"
        )
    return data


#: Three base64url parts (the signature may be empty: an unsecured token is read, and refused).
_COMPACT_JWS: Final = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


def is_compact_jws(text: object) -> bool:
    """Whether ``text`` looks like a compact JWS (a JWT, a VC-JWT): three base64url parts
    joined by dots (surrounding white space aside).  Nothing is decoded; also importable
    from :mod:`microcredential.jwt`."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    return isinstance(text, str) and _COMPACT_JWS.fullmatch(text.strip()) is not None


def encode_base64url(data: bytes) -> str:
    """Encode bytes as a ``u``-prefixed base64url (no padding) multibase string."""
    return BASE64URL + b64url_encode(data)


def decode_base64url(text: str, *, what: str = "value") -> bytes:
    """Decode a ``u``-prefixed base64url (no padding) multibase string."""
    text = _check_text(text, what)
    if not text.startswith(BASE64URL):
        raise MultibaseError(f"{what} is not base64url multibase: it must start with 'u'")
    return b64url_decode(text[1:], what=what)


# -- any supported base ------------------------------------------------------------------------


def encode(data: bytes, *, base: str = BASE58BTC) -> str:
    """Encode ``data`` as multibase with ``base`` (``"z"`` or ``"u"``)."""
    if base == BASE58BTC:
        return encode_base58btc(data)
    if base == BASE64URL:
        return encode_base64url(data)
    raise ValueError(f"unsupported multibase prefix {base!r}: use 'z' or 'u'")


def decode(text: str, *, what: str = "value") -> bytes:
    """Decode a multibase string whose prefix is ``z`` (base58btc) or ``u`` (base64url)."""
    text = _check_text(text, what)
    if text.startswith(BASE58BTC):
        return decode_base58btc(text, what=what)
    if text.startswith(BASE64URL):
        return decode_base64url(text, what=what)
    raise MultibaseError(
        f"{what} has an unsupported multibase prefix: expected 'z' (base58btc) or 'u' (base64url)"
    )


# -- unsigned varints and multicodec -----------------------------------------------------------


def encode_varint(value: int) -> bytes:
    """Encode a non-negative integer as an unsigned LEB128 varint (at most 63 bits)."""
    if value < 0 or value >= 1 << 63:
        raise ValueError("a multiformats varint holds 0 <= value < 2**63")
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def decode_varint(data: bytes, *, what: str = "value") -> tuple[int, int]:
    """Decode the unsigned varint at the start of ``data``; returns ``(value, bytes used)``.

    Refuses truncated, over-long (more than 9 bytes) and non-minimal encodings.
    """
    value = 0
    for index, byte in enumerate(data[:_MAX_VARINT_BYTES]):
        value |= (byte & 0x7F) << (7 * index)
        if not byte & 0x80:
            if byte == 0 and index > 0:
                raise MultibaseError(f"{what} has a non-minimal varint prefix")
            return value, index + 1
    if len(data) >= _MAX_VARINT_BYTES:
        raise MultibaseError(f"{what} has a varint prefix longer than {_MAX_VARINT_BYTES} bytes")
    raise MultibaseError(f"{what} ends inside its varint prefix")


def with_multicodec(code: int, data: bytes) -> bytes:
    """Prefix ``data`` with the varint of multicodec ``code``."""
    return encode_varint(code) + bytes(data)


def split_multicodec(data: bytes, *, what: str = "value") -> tuple[int, bytes]:
    """Split multicodec-prefixed bytes into ``(code, payload)``."""
    code, used = decode_varint(data, what=what)
    return code, bytes(data[used:])


def multicodec_name(code: int) -> str:
    """A readable name for a multicodec code (``"ed25519-pub (0xed)"``)."""
    name = _NAMES.get(code)
    return f"{name} (0x{code:x})" if name else f"unknown multicodec 0x{code:x}"
