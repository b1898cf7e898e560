"""Ed25519 keys: generation, Multikey / JWK / PEM / raw import and export, did:key.

Encodings (Multikey, as in Controlled Identifiers 1.0 and did:key):

* ``publicKeyMultibase``: base58btc of ``0xed 0x01`` + 32-byte public key (``z6Mk…``);
* ``secretKeyMultibase``: base58btc of ``0x80 0x26`` + 32-byte seed (``z3u2…``).  On import the
  64-byte form (seed + public key) written by some libraries is also accepted, after checking
  that its public half is the seed's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from .. import multibase
from ..errors import InvalidKeyError, WeakKeyError
from ._common import (
    MultikeyPublicKeyBase,
    MultikeySecretKeyBase,
    as_bytes,
    b64url_member,
    check_jwk_object,
    invalid,
    shown,
    split_multikey,
)
from ._types import KeyType

__all__ = ["Ed25519Key", "Ed25519VerificationKey"]

_SEED_BYTES: Final = 32
_PUBLIC_BYTES: Final = 32
_SIGNATURE_BYTES: Final = 64
#: The field prime of edwards25519 (RFC 8032 §5.1).  An encoded point is y (255 bits, little
#: endian) with the sign of x in the top bit.
_P: Final = 2**255 - 19
#: The y of the points of order 8 (the other is _P - _Y8), a root of d·y⁴ + 2y² - 1 = 0.
_Y8: Final = 0x7A03AC9277FDC74EC6CC392CFA53202A0F67100D760B3CBA4FD84D3D706A17C7
#: The y of all eight points of small order: order 1 (y = 1), 2 (y = -1), 4 (y = 0), 8 (±_Y8).
_SMALL_ORDER_Y: Final = frozenset({0, 1, _P - 1, _Y8, _P - _Y8})


def _check_point(raw: bytes) -> None:
    """Refuse an encoded point no honest key can be: small order, or y not below p."""
    y = int.from_bytes(raw, "little") & ((1 << 255) - 1)
    if y % _P in _SMALL_ORDER_Y:  # every alias, whatever the sign bit and y >= p
        raise WeakKeyError(
            "the Ed25519 public key is a point of small order (the identity or a point of order "
            "2, 4 or 8): no secret key belongs to it and signatures that verify under it can be "
            "made without one (for the identity, one signature verifies for every document). "
            "It is refused: use a key generated from a secret"
        )
    if y >= _P:
        invalid(
            "the Ed25519 public key is not canonically encoded (its y-coordinate is not below "
            "2^255 - 19), so RFC 8032 decoding refuses it; export the key again from its source"
        )


# -- public key --------------------------------------------------------------------------------


class Ed25519VerificationKey(MultikeyPublicKeyBase):
    """An Ed25519 public key: verifies signatures, names a did:key, exports Multikey and JWK.

    Build one with a ``from_*`` class method.  Instances are immutable, hashable and compare by
    key bytes.  A point of small order (the identity and the other seven, in any encoding) or a
    non-canonical encoding is refused with :class:`~microcredential.errors.WeakKeyError` (an
    :class:`~microcredential.errors.InvalidKeyError`), whatever the input format: no secret key
    has such a public key, and signatures under a small-order key can be forged without one.
    """

    __slots__ = ("_key", "_raw")

    _CRYPTOGRAPHY_CLASS = Ed25519PublicKey
    _NAME = "Ed25519"
    _MULTIKEY_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020"})

    _key: Ed25519PublicKey
    _raw: bytes

    def __init__(self, key: Ed25519PublicKey) -> None:
        if not isinstance(key, Ed25519PublicKey):
            invalid(f"expected an Ed25519 public key, not {type(key).__name__}")
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        _check_point(raw)  # every way in (multibase, did:key, JWK, PEM, raw) passes here
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_raw", raw)

    # construction

    @classmethod
    def from_bytes(cls, raw: bytes) -> Ed25519VerificationKey:
        """From the 32 raw bytes of the public key."""
        raw = as_bytes(raw, "an Ed25519 public key")
        if len(raw) != _PUBLIC_BYTES:
            invalid(f"an Ed25519 public key has {_PUBLIC_BYTES} bytes, not {len(raw)}")
        try:
            key = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:  # pragma: no cover - cryptography accepts any 32 bytes
            invalid("the bytes are not an Ed25519 public key")
        return cls(key)

    @classmethod
    def from_multibase(cls, text: str) -> Ed25519VerificationKey:
        """From a Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        return cls.from_bytes(_decode_public_multibase(text))

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> Ed25519VerificationKey:
        """From a public JWK (``{"kty": "OKP", "crv": "Ed25519", "x": …}``); ``d`` is ignored."""
        _check_jwk(jwk)
        return cls.from_bytes(b64url_member(jwk, "x", "public key"))

    # views

    @property
    def key_type(self) -> KeyType:
        """:attr:`KeyType.ED25519`."""
        return KeyType.ED25519

    @property
    def algorithm(self) -> str:
        """``"EdDSA"``, the JWS algorithm of Ed25519 signatures (RFC 8037)."""
        return "EdDSA"

    @property
    def raw(self) -> bytes:
        """The 32 raw bytes of the public key."""
        return self._raw

    @property
    def cryptography_key(self) -> Ed25519PublicKey:
        """The underlying :mod:`cryptography` key object."""
        return self._key

    def _multicodec_bytes(self) -> bytes:
        return multibase.with_multicodec(multibase.ED25519_PUB, self._raw)

    def _identity(self) -> bytes:
        return self._raw

    def to_jwk(self) -> dict[str, str]:
        """The public JWK: ``{"kty": "OKP", "crv": "Ed25519", "x": …}``."""
        return {"kty": "OKP", "crv": "Ed25519", "x": multibase.b64url_encode(self._raw)}

    # verification

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is a valid Ed25519 signature of ``data`` by this key."""
        signature = as_bytes(signature, "signature")
        if len(signature) != _SIGNATURE_BYTES:
            return False
        try:
            self._key.verify(signature, as_bytes(data, "data"))
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"Ed25519VerificationKey({self.multibase!r})"

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return (Ed25519VerificationKey.from_bytes, (self._raw,))


# -- secret key --------------------------------------------------------------------------------


class Ed25519Key(MultikeySecretKeyBase):
    """An Ed25519 secret key with its verification method ``id`` and ``controller``.

    Build one with :meth:`generate`, :meth:`load` (a key file) or a ``from_*`` class method.
    ``id`` defaults to the did:key verification method id; when only ``controller`` is given it
    is ``controller + "#" + publicKeyMultibase``.  Instances are immutable and compare (and hash)
    by public key; ``repr`` shows only public values; they cannot be pickled.
    """

    __slots__ = ()

    _CRYPTOGRAPHY_CLASS = Ed25519PrivateKey
    _NAME = "Ed25519"
    _MULTIKEY_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020"})

    _private: Ed25519PrivateKey
    #: The public half.
    public_key: Ed25519VerificationKey

    def __init__(
        self,
        private_key: Ed25519PrivateKey,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> None:
        if not isinstance(private_key, Ed25519PrivateKey):
            invalid(f"expected an Ed25519 private key, not {type(private_key).__name__}")
        public = Ed25519VerificationKey(private_key.public_key())
        self._setup(private_key, public, id, controller)

    # construction

    @classmethod
    def generate(cls, *, id: str | None = None, controller: str | None = None) -> Ed25519Key:
        """A new random key (from the operating system's CSPRNG)."""
        return cls(Ed25519PrivateKey.generate(), id=id, controller=controller)

    @classmethod
    def from_seed(
        cls, seed: bytes, *, id: str | None = None, controller: str | None = None
    ) -> Ed25519Key:
        """From the 32-byte secret seed (the "raw" private key of RFC 8032)."""
        seed = as_bytes(seed, "an Ed25519 seed")
        if len(seed) != _SEED_BYTES:
            invalid(f"an Ed25519 seed has {_SEED_BYTES} bytes, not {len(seed)}")
        return cls(Ed25519PrivateKey.from_private_bytes(seed), id=id, controller=controller)

    @classmethod
    def from_multibase(
        cls,
        secret: str,
        *,
        public_key_multibase: str | None = None,
        id: str | None = None,
        controller: str | None = None,
    ) -> Ed25519Key:
        """From a ``secretKeyMultibase`` (``0x8026`` + 32-byte seed, or seed + public key).

        When ``public_key_multibase`` is given it must be this key's public half.
        """
        key = cls.from_seed(_decode_secret_multibase(secret), id=id, controller=controller)
        if (
            public_key_multibase is not None
            and Ed25519VerificationKey.from_multibase(public_key_multibase) != key.public_key
        ):
            invalid("publicKeyMultibase is not the public half of the secret key")
        return key

    @classmethod
    def from_jwk(
        cls, jwk: Mapping[str, Any], *, id: str | None = None, controller: str | None = None
    ) -> Ed25519Key:
        """From a private JWK (``{"kty": "OKP", "crv": "Ed25519", "x": …, "d": …}``).

        ``x`` is optional; when present it must match ``d``.
        """
        _check_jwk(jwk)
        if not isinstance(jwk.get("d"), str):
            invalid("the JWK has no 'd' (secret key) string; it is a public key")
        key = cls.from_seed(b64url_member(jwk, "d", "secret key"), id=id, controller=controller)
        if "x" in jwk and Ed25519VerificationKey.from_jwk(jwk) != key.public_key:
            invalid("the JWK's 'x' is not the public half of its secret key 'd'")
        return key

    # export

    def seed(self) -> bytes:
        """The 32-byte secret seed.  Handle with care."""
        return self._private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    def secret_key_multibase(self) -> str:
        """The Multikey ``secretKeyMultibase`` (``0x8026`` + seed).  Handle with care."""
        return multibase.encode_base58btc(
            multibase.with_multicodec(multibase.ED25519_PRIV, self.seed())
        )

    def _secret_jwk_members(self) -> dict[str, str]:
        return {"d": multibase.b64url_encode(self.seed())}

    # signing

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data`` (deterministic, RFC 8032)."""
        return self._private.sign(as_bytes(data, "data"))

    def __repr__(self) -> str:
        return f"Ed25519Key(id={self.id!r}, public_key_multibase={self.public_key_multibase!r})"


# -- helpers -----------------------------------------------------------------------------------


def _decode_public_multibase(text: object) -> bytes:
    code, payload = split_multikey(text, "public key")
    if code == multibase.P256_PUB:
        invalid("the public key is a P-256 key (zDn…), but an Ed25519 key (z6Mk…) is expected")
    if code == multibase.ED25519_PRIV:
        invalid("the value is a secret key (ed25519-priv), but a public key is expected")
    if code != multibase.ED25519_PUB:
        invalid(
            f"the public key is {multibase.multicodec_name(code)}; an Ed25519 public key has "
            "multicodec ed25519-pub (0xed, bytes ed 01: z6Mk…)"
        )
    if len(payload) != _PUBLIC_BYTES:
        invalid(
            f"the Ed25519 public key has {len(payload)} bytes after its prefix, not {_PUBLIC_BYTES}"
        )
    return payload


def _decode_secret_multibase(text: object) -> bytes:
    """The seed of a secretKeyMultibase; messages never include the value."""
    code, payload = split_multikey(text, "secret key")
    if code == multibase.ED25519_PUB:
        invalid("the secret key is a public key (ed25519-pub, z6Mk…); a secret key is expected")
    if code != multibase.ED25519_PRIV:
        invalid(
            f"the secret key is {multibase.multicodec_name(code)}; an Ed25519 secret key has "
            "multicodec ed25519-priv (0x1300, bytes 80 26)"
        )
    if len(payload) == _SEED_BYTES:
        return payload
    if len(payload) == _SEED_BYTES + _PUBLIC_BYTES:
        seed, public = payload[:_SEED_BYTES], payload[_SEED_BYTES:]
        derived = Ed25519PrivateKey.from_private_bytes(seed).public_key()
        if derived.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw) != (
            public
        ):
            invalid("the secret key's 64 bytes hold a public key that does not match its seed")
        return seed
    raise InvalidKeyError(
        f"the Ed25519 secret key has {len(payload)} bytes after its prefix; expected "
        f"{_SEED_BYTES} (seed) or {_SEED_BYTES + _PUBLIC_BYTES} (seed + public key)"
    )


def _check_jwk(jwk: object) -> None:
    jwk = check_jwk_object(jwk)
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty != "OKP" or crv != "Ed25519":
        invalid(
            f"the JWK is kty {shown(kty)} / crv {shown(crv)}; an Ed25519 JWK has "
            "kty 'OKP' and crv 'Ed25519'"
        )
