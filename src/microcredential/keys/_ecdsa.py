"""ECDSA keys on P-256 and P-384: Multikey / JWK / PEM import and export, did:key, signing.

Encodings (Multikey, as in Controlled Identifiers 1.0 and the multicodec table):

* ``publicKeyMultibase``: base58btc of the multicodec ``p256-pub`` (``0x1200``, bytes
  ``80 24``) or ``p384-pub`` (``0x1201``, bytes ``81 24``) followed by the *compressed* point
  (33 or 49 bytes), which is why P-256 keys start with ``zDn`` and P-384 keys with ``z82``;
* ``secretKeyMultibase``: base58btc of ``p256-priv`` (``0x1306``, bytes ``86 26``) or
  ``p384-priv`` (``0x1307``, bytes ``87 26``) followed by the secret scalar (32 or 48 bytes).

Signatures are ``r || s`` (IEEE P1363, RFC 4754 §7), the form JWS (ES256, ES384) and the
ECDSA Data Integrity cryptosuites use, never DER.  The hash follows the curve: SHA-256 for
P-256, SHA-384 for P-384.  Signing is deterministic (RFC 6979) where the installed OpenSSL
supports it, as the ECDSA cryptosuites recommend, and randomized otherwise; both verify alike.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from .. import multibase
from ..errors import InvalidKeyError
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

__all__ = ["EcdsaKey", "EcdsaVerificationKey"]


@dataclass(frozen=True, slots=True)
class _Curve:
    key_type: KeyType
    curve: ec.EllipticCurve
    size: int
    hash: hashes.HashAlgorithm
    algorithm: str
    public_codec: int
    secret_codec: int
    prefix: str


_P256 = _Curve(
    KeyType.P256,
    ec.SECP256R1(),
    32,
    hashes.SHA256(),
    "ES256",
    multibase.P256_PUB,
    multibase.P256_PRIV,
    "zDn",
)
_P384 = _Curve(
    KeyType.P384,
    ec.SECP384R1(),
    48,
    hashes.SHA384(),
    "ES384",
    multibase.P384_PUB,
    multibase.P384_PRIV,
    "z82",
)
_BY_TYPE = {c.key_type: c for c in (_P256, _P384)}
_BY_CURVE_NAME = {c.curve.name: c for c in (_P256, _P384)}
_BY_PUBLIC_CODEC = {c.public_codec: c for c in (_P256, _P384)}
_BY_SECRET_CODEC = {c.secret_codec: c for c in (_P256, _P384)}
_CURVE_NAMES = "P-256 or P-384"


def _curve_for(key_type: KeyType | str) -> _Curve:
    try:
        return _BY_TYPE[KeyType(key_type)]
    except (ValueError, KeyError):
        raise InvalidKeyError(f"an ECDSA key is {_CURVE_NAMES}, not {shown(key_type)}") from None


def _curve_of(key: ec.EllipticCurvePublicKey | ec.EllipticCurvePrivateKey) -> _Curve:
    curve = _BY_CURVE_NAME.get(key.curve.name)
    if curve is None:
        invalid(f"the EC key is on curve {key.curve.name}; only {_CURVE_NAMES} are supported")
    return curve


@functools.cache
def _deterministic() -> bool:
    """Whether OpenSSL can sign ECDSA deterministically (RFC 6979; OpenSSL 3.2 and later)."""
    from cryptography.hazmat.backends.openssl import backend

    check = getattr(backend, "ecdsa_deterministic_supported", None)
    return bool(check()) if check is not None else False


# -- public key --------------------------------------------------------------------------------


class EcdsaVerificationKey(MultikeyPublicKeyBase):
    """A P-256 or P-384 public key: verifies ``r || s`` signatures, names a did:key.

    Build one with a ``from_*`` class method.  A point that is not on its curve is refused with
    :class:`~microcredential.errors.InvalidKeyError`, whatever the input format.  Instances are
    immutable, hashable and compare by key.
    """

    __slots__ = ("_compressed", "_curve", "_key")

    _CRYPTOGRAPHY_CLASS = ec.EllipticCurvePublicKey
    _NAME = "ECDSA"

    _key: ec.EllipticCurvePublicKey
    _curve: _Curve
    _compressed: bytes

    def __init__(self, key: ec.EllipticCurvePublicKey) -> None:
        if not isinstance(key, ec.EllipticCurvePublicKey):
            invalid(f"expected an EC public key, not {type(key).__name__}")
        curve = _curve_of(key)
        compressed = key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
        )
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_curve", curve)
        object.__setattr__(self, "_compressed", compressed)

    # construction

    @classmethod
    def from_bytes(cls, point: bytes, key_type: KeyType | str) -> EcdsaVerificationKey:
        """From an encoded point (SEC 1: compressed or uncompressed) on the ``key_type`` curve."""
        curve = _curve_for(key_type)
        point = as_bytes(point, f"a {curve.key_type} public key")
        if len(point) not in (curve.size + 1, 2 * curve.size + 1):
            invalid(
                f"a {curve.key_type} public key point has {curve.size + 1} bytes (compressed) "
                f"or {2 * curve.size + 1} (uncompressed), not {len(point)}"
            )
        try:
            key = ec.EllipticCurvePublicKey.from_encoded_point(curve.curve, point)
        except ValueError:
            raise InvalidKeyError(
                f"the bytes are not a point on the {curve.key_type} curve"
            ) from None
        return cls(key)

    @classmethod
    def from_multibase(cls, text: str) -> EcdsaVerificationKey:
        """From a Multikey ``publicKeyMultibase`` (``zDn…`` for P-256, ``z82…`` for P-384)."""
        code, payload = split_multikey(text, "public key")
        curve = _BY_PUBLIC_CODEC.get(code)
        if curve is None:
            if code in _BY_SECRET_CODEC:
                invalid("the value is a secret key, but a public key is expected")
            invalid(
                f"the public key is {multibase.multicodec_name(code)}; an ECDSA public key has "
                "multicodec p256-pub (0x1200: zDn…) or p384-pub (0x1201: z82…)"
            )
        if len(payload) != curve.size + 1 or payload[0] not in (2, 3):
            invalid(
                f"a {curve.key_type} Multikey holds the {curve.size + 1}-byte compressed point "
                f"(starting 02 or 03), not {len(payload)} bytes"
                + (" starting 04 (uncompressed)" if payload[:1] == b"\x04" else "")
            )
        return cls.from_bytes(payload, curve.key_type)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> EcdsaVerificationKey:
        """From a public JWK (``{"kty": "EC", "crv": "P-256", "x": …, "y": …}``); ``d`` is ignored.

        ``x`` and ``y`` are the full-size coordinates (32 or 48 bytes), as RFC 7518 requires.
        """
        curve = _jwk_curve(jwk)
        x = _coordinate(jwk, "x", curve)
        y = _coordinate(jwk, "y", curve)
        return cls.from_bytes(b"\x04" + x + y, curve.key_type)

    # views

    @property
    def key_type(self) -> KeyType:
        """:attr:`KeyType.P256` or :attr:`KeyType.P384`."""
        return self._curve.key_type

    @property
    def algorithm(self) -> str:
        """``"ES256"`` (P-256) or ``"ES384"`` (P-384)."""
        return self._curve.algorithm

    @property
    def signature_size(self) -> int:
        """The size of a signature: 64 bytes for P-256, 96 for P-384."""
        return 2 * self._curve.size

    @property
    def compressed_point(self) -> bytes:
        """The compressed point (33 or 49 bytes), as Multikey writes it."""
        return self._compressed

    @property
    def cryptography_key(self) -> ec.EllipticCurvePublicKey:
        """The underlying :mod:`cryptography` key object."""
        return self._key

    def _multicodec_bytes(self) -> bytes:
        return multibase.with_multicodec(self._curve.public_codec, self._compressed)

    def _identity(self) -> bytes:
        return self._compressed

    def to_jwk(self) -> dict[str, str]:
        """The public JWK: ``{"kty": "EC", "crv": "P-256", "x": …, "y": …}``."""
        numbers = self._key.public_numbers()
        size = self._curve.size
        return {
            "kty": "EC",
            "crv": self._curve.key_type.value,
            "x": multibase.b64url_encode(numbers.x.to_bytes(size, "big")),
            "y": multibase.b64url_encode(numbers.y.to_bytes(size, "big")),
        }

    # verification

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` (``r || s``) is this key's ECDSA signature of ``data``."""
        signature = as_bytes(signature, "signature")
        size = self._curve.size
        if len(signature) != 2 * size:
            return False
        r = int.from_bytes(signature[:size], "big")
        s = int.from_bytes(signature[size:], "big")
        try:
            self._key.verify(
                encode_dss_signature(r, s), as_bytes(data, "data"), ec.ECDSA(self._curve.hash)
            )
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"EcdsaVerificationKey({self.multibase!r})"

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (EcdsaVerificationKey.from_multibase, (self.multibase,))


# -- secret key --------------------------------------------------------------------------------


class EcdsaKey(MultikeySecretKeyBase):
    """A P-256 or P-384 secret key with its verification method ``id`` and ``controller``.

    Build one with :meth:`generate`, :meth:`load` (a key file) or a ``from_*`` class method.
    ``id`` defaults to the did:key verification method id; when only ``controller`` is given it
    is ``controller + "#" + publicKeyMultibase``.  Instances are immutable and compare (and hash)
    by public key; ``repr`` shows only public values; they cannot be pickled.
    """

    __slots__ = ()

    _CRYPTOGRAPHY_CLASS = ec.EllipticCurvePrivateKey
    _NAME = "ECDSA"

    _private: ec.EllipticCurvePrivateKey
    #: The public half.
    public_key: EcdsaVerificationKey

    def __init__(
        self,
        private_key: ec.EllipticCurvePrivateKey,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> None:
        if not isinstance(private_key, ec.EllipticCurvePrivateKey):
            invalid(f"expected an EC private key, not {type(private_key).__name__}")
        _curve_of(private_key)
        self._setup(private_key, EcdsaVerificationKey(private_key.public_key()), id, controller)

    # construction

    @classmethod
    def generate(
        cls,
        key_type: KeyType | str = KeyType.P256,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> EcdsaKey:
        """A new random key on the ``key_type`` curve (``"P-256"`` or ``"P-384"``)."""
        curve = _curve_for(key_type)
        return cls(ec.generate_private_key(curve.curve), id=id, controller=controller)

    @classmethod
    def from_secret_bytes(
        cls,
        secret: bytes,
        key_type: KeyType | str,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> EcdsaKey:
        """From the secret scalar (32 bytes for P-256, 48 for P-384, big-endian)."""
        curve = _curve_for(key_type)
        secret = as_bytes(secret, f"a {curve.key_type} secret key")
        if len(secret) != curve.size:
            invalid(f"a {curve.key_type} secret key has {curve.size} bytes, not {len(secret)}")
        try:
            private = ec.derive_private_key(int.from_bytes(secret, "big"), curve.curve)
        except ValueError:
            raise InvalidKeyError(
                f"the secret key is not a valid {curve.key_type} scalar (0 < d < n)"
            ) from None
        return cls(private, id=id, controller=controller)

    @classmethod
    def from_multibase(
        cls,
        secret: str,
        *,
        public_key_multibase: str | None = None,
        id: str | None = None,
        controller: str | None = None,
    ) -> EcdsaKey:
        """From a ``secretKeyMultibase`` (``p256-priv`` or ``p384-priv`` + the scalar).

        When ``public_key_multibase`` is given it must be this key's public half.
        """
        code, payload = split_multikey(secret, "secret key")
        curve = _BY_SECRET_CODEC.get(code)
        if curve is None:
            if code in _BY_PUBLIC_CODEC:
                invalid("the secret key is a public key; a secret key is expected")
            invalid(
                f"the secret key is {multibase.multicodec_name(code)}; an ECDSA secret key has "
                "multicodec p256-priv (0x1306) or p384-priv (0x1307)"
            )
        key = cls.from_secret_bytes(payload, curve.key_type, id=id, controller=controller)
        if (
            public_key_multibase is not None
            and EcdsaVerificationKey.from_multibase(public_key_multibase) != key.public_key
        ):
            invalid("publicKeyMultibase is not the public half of the secret key")
        return key

    @classmethod
    def from_jwk(
        cls, jwk: Mapping[str, Any], *, id: str | None = None, controller: str | None = None
    ) -> EcdsaKey:
        """From a private JWK (``{"kty": "EC", "crv": "P-256", "x": …, "y": …, "d": …}``).

        ``x`` and ``y`` are optional; when present they must be the public half of ``d``.
        """
        curve = _jwk_curve(jwk)
        if not isinstance(jwk.get("d"), str):
            invalid("the JWK has no 'd' (secret key) string; it is a public key")
        key = cls.from_secret_bytes(
            _coordinate(jwk, "d", curve), curve.key_type, id=id, controller=controller
        )
        if ("x" in jwk or "y" in jwk) and EcdsaVerificationKey.from_jwk(jwk) != key.public_key:
            invalid("the JWK's 'x' and 'y' are not the public half of its secret key 'd'")
        return key

    # export

    def secret_bytes(self) -> bytes:
        """The secret scalar, big-endian, full size.  Handle with care."""
        size = self.public_key._curve.size
        return self._private.private_numbers().private_value.to_bytes(size, "big")

    def secret_key_multibase(self) -> str:
        """The Multikey ``secretKeyMultibase``.  Handle with care."""
        codec = self.public_key._curve.secret_codec
        return multibase.encode_base58btc(multibase.with_multicodec(codec, self.secret_bytes()))

    def _secret_jwk_members(self) -> dict[str, str]:
        return {"d": multibase.b64url_encode(self.secret_bytes())}

    # signing

    def sign(self, data: bytes) -> bytes:
        """The ``r || s`` ECDSA signature of ``data`` (SHA-256 on P-256, SHA-384 on P-384)."""
        curve = self.public_key._curve
        algorithm = ec.ECDSA(curve.hash, deterministic_signing=_deterministic())
        r, s = decode_dss_signature(self._private.sign(as_bytes(data, "data"), algorithm))
        return r.to_bytes(curve.size, "big") + s.to_bytes(curve.size, "big")

    def __repr__(self) -> str:
        return (
            f"EcdsaKey(id={self.id!r}, key_type={self.key_type.value!r}, "
            f"public_key_multibase={self.public_key_multibase!r})"
        )


# -- helpers -----------------------------------------------------------------------------------


def _jwk_curve(jwk: object) -> _Curve:
    jwk = check_jwk_object(jwk)
    kty, crv = jwk.get("kty"), jwk.get("crv")
    curve = _BY_TYPE.get(KeyType(crv)) if crv in ("P-256", "P-384") else None
    if kty != "EC" or curve is None:
        invalid(
            f"the JWK is kty {shown(kty)} / crv {shown(crv)}; an ECDSA JWK has kty 'EC' and "
            "crv 'P-256' or 'P-384'"
        )
    return curve


def _coordinate(jwk: Mapping[str, Any], name: str, curve: _Curve) -> bytes:
    what = "secret key" if name == "d" else f"{name}-coordinate"
    value = b64url_member(jwk, name, what)
    if len(value) != curve.size:
        invalid(
            f"the JWK's {name!r} ({what}) has {len(value)} bytes; on {curve.key_type} it has "
            f"exactly {curve.size}"
        )
    return value
