"""RSA keys (2048 bits and up) for RS256 JWTs: JWK and PEM import and export, did:jwk.

No W3C Data Integrity cryptosuite uses RSA, so these keys sign JWTs only (RS256: RSASSA-PKCS1
v1.5 with SHA-256, the algorithm Open Badges 3.0 requires of every VC-JWT verifier).  RSA has
no Multikey form: a key file is a ``JsonWebKey`` with ``publicKeyJwk`` and ``secretKeyJwk``
(Controlled Identifiers 1.0), and the key's own DID is its did:jwk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from .. import multibase
from ..errors import InvalidKeyError
from ._common import (
    PublicKeyBase,
    SecretKeyBase,
    as_bytes,
    b64url_member,
    check_jwk_object,
    invalid,
    shown,
)
from ._types import KeyType

__all__ = ["RSA_DEFAULT_BITS", "RSA_MAX_BITS", "RSA_MIN_BITS", "RsaKey", "RsaVerificationKey"]

#: Smaller RSA keys are refused (NIST SP 800-57 and RFC 7518 §3.3: at least 2048 bits).
RSA_MIN_BITS: Final = 2048
#: Larger RSA keys are refused: they only make verification slow.
RSA_MAX_BITS: Final = 16384
#: The size :meth:`RsaKey.generate` uses unless told otherwise.
RSA_DEFAULT_BITS: Final = 3072
_PUBLIC_EXPONENT: Final = 65537
_CRT_MEMBERS: Final = ("p", "q", "dp", "dq", "qi")


def _b64(value: int) -> str:
    """A JWK integer: big-endian, no leading zero octets (RFC 7518 §2, Base64urlUInt)."""
    return multibase.b64url_encode(value.to_bytes(max(1, (value.bit_length() + 7) // 8), "big"))


def _uint(jwk: Mapping[str, Any], name: str, what: str) -> int:
    value = int.from_bytes(b64url_member(jwk, name, what), "big")
    if value <= 0:
        invalid(f"the JWK's {name!r} ({what}) is zero")
    return value


def _check_size(bits: int) -> None:
    if bits < RSA_MIN_BITS:
        invalid(
            f"the RSA key has {bits} bits; at least {RSA_MIN_BITS} are required (smaller keys "
            "can be factored): generate a new key"
        )
    if bits > RSA_MAX_BITS:
        invalid(f"the RSA key has {bits} bits; more than {RSA_MAX_BITS} are not accepted")


def _check_jwk(jwk: object) -> Mapping[str, Any]:
    jwk = check_jwk_object(jwk)
    if jwk.get("kty") != "RSA":
        invalid(f"the JWK is kty {shown(jwk.get('kty'))}; an RSA JWK has kty 'RSA'")
    if "oth" in jwk:
        invalid("the JWK is a multi-prime RSA key ('oth'); only two-prime keys are supported")
    return jwk


# -- public key --------------------------------------------------------------------------------


class RsaVerificationKey(PublicKeyBase):
    """An RSA public key (2048 to 16384 bits): verifies RS256 signatures, names a did:jwk.

    Build one with :meth:`from_jwk` or :meth:`from_pem`.  Instances are immutable, hashable and
    compare by modulus and exponent.
    """

    __slots__ = ("_key", "_numbers")

    _CRYPTOGRAPHY_CLASS = rsa.RSAPublicKey
    _NAME = "RSA"

    _key: rsa.RSAPublicKey
    _numbers: rsa.RSAPublicNumbers

    def __init__(self, key: rsa.RSAPublicKey) -> None:
        if not isinstance(key, rsa.RSAPublicKey):
            invalid(f"expected an RSA public key, not {type(key).__name__}")
        _check_size(key.key_size)
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_numbers", key.public_numbers())

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> RsaVerificationKey:
        """From a public JWK (``{"kty": "RSA", "n": …, "e": …}``); secret members are ignored."""
        jwk = _check_jwk(jwk)
        n = _uint(jwk, "n", "modulus")
        e = _uint(jwk, "e", "public exponent")
        _check_size(n.bit_length())
        try:
            key = rsa.RSAPublicNumbers(e, n).public_key()
        except ValueError:
            raise InvalidKeyError("the JWK's 'n' and 'e' are not an RSA public key") from None
        return cls(key)

    @property
    def key_type(self) -> KeyType:
        """:attr:`KeyType.RSA`."""
        return KeyType.RSA

    @property
    def algorithm(self) -> str:
        """``"RS256"``: RSASSA-PKCS1 v1.5 with SHA-256."""
        return "RS256"

    @property
    def key_size(self) -> int:
        """The size of the modulus in bits."""
        return self._key.key_size

    @property
    def cryptography_key(self) -> rsa.RSAPublicKey:
        """The underlying :mod:`cryptography` key object."""
        return self._key

    def _identity(self) -> bytes:
        return f"{self._numbers.n:x}.{self._numbers.e:x}".encode()

    def to_jwk(self) -> dict[str, str]:
        """The public JWK: ``{"kty": "RSA", "n": …, "e": …}``."""
        return {"kty": "RSA", "n": _b64(self._numbers.n), "e": _b64(self._numbers.e)}

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is this key's RS256 signature of ``data``."""
        signature = as_bytes(signature, "signature")
        if len(signature) != (self.key_size + 7) // 8:
            return False
        try:
            self._key.verify(signature, as_bytes(data, "data"), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return False
        return True

    def __repr__(self) -> str:
        return f"RsaVerificationKey(key_size={self.key_size}, thumbprint={self.thumbprint!r})"

    def __reduce__(self) -> tuple[Any, tuple[dict[str, str]]]:
        return (RsaVerificationKey.from_jwk, (self.to_jwk(),))


# -- secret key --------------------------------------------------------------------------------


class RsaKey(SecretKeyBase):
    """An RSA secret key (2048 bits and up) that signs RS256 JWTs.

    ``id`` defaults to the key's did:jwk verification method (``did:jwk:…#0``); when only
    ``controller`` is given it is ``controller + "#" +`` the key's JWK thumbprint (RFC 7638).
    It cannot make Data Integrity proofs: no W3C cryptosuite uses RSA.
    """

    __slots__ = ()

    _CRYPTOGRAPHY_CLASS = rsa.RSAPrivateKey
    _NAME = "RSA"

    _private: rsa.RSAPrivateKey
    #: The public half.
    public_key: RsaVerificationKey

    def __init__(
        self,
        private_key: rsa.RSAPrivateKey,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> None:
        if not isinstance(private_key, rsa.RSAPrivateKey):
            invalid(f"expected an RSA private key, not {type(private_key).__name__}")
        self._setup(private_key, RsaVerificationKey(private_key.public_key()), id, controller)

    @classmethod
    def generate(
        cls, bits: int = RSA_DEFAULT_BITS, *, id: str | None = None, controller: str | None = None
    ) -> RsaKey:
        """A new random key of ``bits`` bits (public exponent 65537)."""
        if not isinstance(bits, int) or isinstance(bits, bool):
            raise TypeError("bits must be an integer")
        _check_size(bits)
        private = rsa.generate_private_key(public_exponent=_PUBLIC_EXPONENT, key_size=bits)
        return cls(private, id=id, controller=controller)

    @classmethod
    def from_jwk(
        cls, jwk: Mapping[str, Any], *, id: str | None = None, controller: str | None = None
    ) -> RsaKey:
        """From a private JWK (``n``, ``e``, ``d`` and the primes ``p``, ``q``, ``dp``, ``dq``,
        ``qi``; when the five are all absent they are recovered from ``n``, ``e`` and ``d``)."""
        jwk = _check_jwk(jwk)
        if not isinstance(jwk.get("d"), str):
            invalid("the JWK has no 'd' (secret exponent) string; it is a public key")
        public = RsaVerificationKey.from_jwk(jwk)
        n, e = public._numbers.n, public._numbers.e
        d = _uint(jwk, "d", "secret exponent")
        present = [name for name in _CRT_MEMBERS if name in jwk]
        if present and len(present) != len(_CRT_MEMBERS):
            missing = ", ".join(name for name in _CRT_MEMBERS if name not in jwk)
            invalid(f"the JWK has some of the prime members but not {missing}; give all or none")
        try:
            if present:
                p, q = _uint(jwk, "p", "first prime"), _uint(jwk, "q", "second prime")
                dp, dq = _uint(jwk, "dp", "first CRT exponent"), _uint(jwk, "dq", "second CRT")
                qi = _uint(jwk, "qi", "CRT coefficient")
            else:
                p, q = rsa.rsa_recover_prime_factors(n, e, d)
                dp, dq, qi = rsa.rsa_crt_dmp1(d, p), rsa.rsa_crt_dmq1(d, q), rsa.rsa_crt_iqmp(p, q)
            numbers = rsa.RSAPrivateNumbers(p, q, d, dp, dq, qi, rsa.RSAPublicNumbers(e, n))
            private = numbers.private_key()
        except ValueError:
            raise InvalidKeyError(
                "the JWK's secret members are not the secret half of its 'n' and 'e'"
            ) from None
        return cls(private, id=id, controller=controller)

    @property
    def key_size(self) -> int:
        """The size of the modulus in bits."""
        return self.public_key.key_size

    def _secret_jwk_members(self) -> dict[str, str]:
        numbers = self._private.private_numbers()
        return {
            "d": _b64(numbers.d),
            "p": _b64(numbers.p),
            "q": _b64(numbers.q),
            "dp": _b64(numbers.dmp1),
            "dq": _b64(numbers.dmq1),
            "qi": _b64(numbers.iqmp),
        }

    def sign(self, data: bytes) -> bytes:
        """The RS256 signature of ``data`` (RSASSA-PKCS1 v1.5 with SHA-256)."""
        return self._private.sign(as_bytes(data, "data"), padding.PKCS1v15(), hashes.SHA256())

    def __repr__(self) -> str:
        return f"RsaKey(id={self.id!r}, key_size={self.key_size})"
