"""Ed25519 keys: generation, Multikey / JWK / PEM / raw import and export, did:key, key files.

:class:`Ed25519Key` holds a secret key and signs; :class:`Ed25519VerificationKey` is its public
half and verifies.  A secret key carries the *verification method id* that proofs name
(``verificationMethod``) and the *controller* that id belongs to: by default the key's own
did:key (``did:key:z6Mk…`` and ``did:key:z6Mk…#z6Mk…``), or any URL the issuer controls, such
as ``https://example.edu/issuers/565049#z6Mk…`` with controller
``https://example.edu/issuers/565049``.

Encodings (Multikey, as in Controlled Identifiers 1.0 and did:key):

* ``publicKeyMultibase``: base58btc of ``0xed 0x01`` + 32-byte public key (``z6Mk…``);
* ``secretKeyMultibase``: base58btc of ``0x80 0x26`` + 32-byte seed (``z3u2…``).  On import the
  64-byte form (seed + public key) written by some libraries is also accepted, after checking
  that its public half is the seed's.

The secret never appears in ``repr``, ``str``, exception messages or tracebacks, and a secret
key cannot be pickled.  Equality and hashing use the public key only.
"""

from __future__ import annotations

import enum
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, NoReturn, Protocol

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from . import multibase
from ._files import write_atomic
from ._json import load_json
from .errors import InvalidDocumentError, InvalidKeyError, MultibaseError, WeakKeyError
from .problems import quote

__all__ = [
    "DID_CONTEXT_V1",
    "KEY_FILE_MAX_BYTES",
    "MULTIKEY_CONTEXT_V1",
    "VERIFICATION_RELATIONSHIPS",
    "Ed25519Key",
    "Ed25519VerificationKey",
    "KeyType",
    "Signer",
    "VerifyingKey",
]

#: The DID Core v1 context.
DID_CONTEXT_V1: Final = "https://www.w3.org/ns/did/v1"
#: The Multikey v1 context.
MULTIKEY_CONTEXT_V1: Final = "https://w3id.org/security/multikey/v1"
#: Verification relationships a did:key document grants its key, in document order.
VERIFICATION_RELATIONSHIPS: Final = (
    "authentication",
    "assertionMethod",
    "capabilityDelegation",
    "capabilityInvocation",
)
#: Key files larger than this are refused unread (a key file is a few hundred bytes).
KEY_FILE_MAX_BYTES: Final = 64 * 1024

_DID_KEY: Final = "did:key:"
_SEED_BYTES: Final = 32
_PUBLIC_BYTES: Final = 32
_SIGNATURE_BYTES: Final = 64
#: Verification method types whose ``publicKeyMultibase`` is the multicodec form used here.
_MULTIBASE_TYPES: Final = frozenset({"Multikey", "Ed25519VerificationKey2020"})
#: The field prime of edwards25519 (RFC 8032 §5.1).  An encoded point is y (255 bits, little
#: endian) with the sign of x in the top bit.
_P: Final = 2**255 - 19
#: The y of the points of order 8 (the other is _P - _Y8), a root of d·y⁴ + 2y² - 1 = 0.
_Y8: Final = 0x7A03AC9277FDC74EC6CC392CFA53202A0F67100D760B3CBA4FD84D3D706A17C7
#: The y of all eight points of small order: order 1 (y = 1), 2 (y = -1), 4 (y = 0), 8 (±_Y8).
_SMALL_ORDER_Y: Final = frozenset({0, 1, _P - 1, _Y8, _P - _Y8})


class KeyType(enum.StrEnum):
    """The kinds of key: which JWS algorithm and which Data Integrity cryptosuites take each.

    The values are the names JOSE gives them (the JWK ``crv``, or ``kty`` for RSA).
    """

    ED25519 = "Ed25519"
    P256 = "P-256"
    P384 = "P-384"
    RSA = "RSA"


class VerifyingKey(Protocol):
    """What verification needs from a public key: its type, its algorithm and ``verify``.

    Every public key class of this module implements it; so can a key held elsewhere.
    """

    @property
    def key_type(self) -> KeyType:
        """The kind of key, which decides the cryptosuites and hash functions that apply."""
        ...

    @property
    def algorithm(self) -> str:
        """The JWS ``alg`` of its signatures: ``EdDSA``, ``ES256``, ``ES384`` or ``RS256``."""
        ...

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is this key's signature of ``data``; never raises for a bad one."""
        ...


class Signer(Protocol):
    """What signing needs: the verification method id proofs name, the key's type and
    algorithm, and a ``sign`` function.

    ``sign(data)`` returns the signature of ``data`` in the form the JWS ``algorithm`` defines
    (64 bytes for Ed25519, ``r || s`` for ECDSA, PKCS #1 v1.5 for RS256), which is also the form
    Data Integrity proofs carry.  Every secret key class of this module implements it; an
    object backed by an HSM or a KMS can too.  An optional ``controller`` attribute (the
    issuer's id) lets the recipes check that the key belongs to the issuer.
    """

    @property
    def id(self) -> str:
        """The verification method id that proofs name."""
        ...

    @property
    def key_type(self) -> KeyType:
        """The kind of key, which decides the cryptosuites and hash functions that apply."""
        ...

    @property
    def algorithm(self) -> str:
        """The JWS ``alg`` of its signatures: ``EdDSA``, ``ES256``, ``ES384`` or ``RS256``."""
        ...

    def sign(self, data: bytes) -> bytes:
        """Sign ``data``, returning the raw signature."""
        ...


def _invalid(message: str) -> NoReturn:
    raise InvalidKeyError(message)


def _as_bytes(data: object, what: str) -> bytes:
    if not isinstance(data, bytes | bytearray | memoryview):
        _invalid(f"{what} must be bytes, not {type(data).__name__}")
    return bytes(data)


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
        _invalid(
            "the Ed25519 public key is not canonically encoded (its y-coordinate is not below "
            "2^255 - 19), so RFC 8032 decoding refuses it; export the key again from its source"
        )


# -- public key --------------------------------------------------------------------------------


class Ed25519VerificationKey:
    """An Ed25519 public key: verifies signatures, names a did:key, exports Multikey and JWK.

    Build one with a ``from_*`` class method.  Instances are immutable, hashable and compare by
    key bytes.  A point of small order (the identity and the other seven, in any encoding) or a
    non-canonical encoding is refused with :class:`~microcredential.errors.InvalidKeyError`,
    whatever the input format: no secret key has such a public key, and signatures under a
    small-order key can be forged without one.
    """

    __slots__ = ("_key", "_raw")

    _key: Ed25519PublicKey
    _raw: bytes

    def __init__(self, key: Ed25519PublicKey) -> None:
        if not isinstance(key, Ed25519PublicKey):
            _invalid(f"expected an Ed25519 public key, not {type(key).__name__}")
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        _check_point(raw)  # every way in (multibase, did:key, JWK, PEM, raw) passes here
        object.__setattr__(self, "_key", key)
        object.__setattr__(self, "_raw", raw)

    # construction

    @classmethod
    def from_bytes(cls, raw: bytes) -> Ed25519VerificationKey:
        """From the 32 raw bytes of the public key."""
        raw = _as_bytes(raw, "an Ed25519 public key")
        if len(raw) != _PUBLIC_BYTES:
            _invalid(f"an Ed25519 public key has {_PUBLIC_BYTES} bytes, not {len(raw)}")
        try:
            key = Ed25519PublicKey.from_public_bytes(raw)
        except ValueError:  # pragma: no cover - cryptography accepts any 32 bytes
            _invalid("the bytes are not an Ed25519 public key")
        return cls(key)

    @classmethod
    def from_multibase(cls, text: str) -> Ed25519VerificationKey:
        """From a Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        return cls.from_bytes(_decode_public_multibase(text))

    @classmethod
    def from_did_key(cls, did: str) -> Ed25519VerificationKey:
        """From ``did:key:z6Mk…`` or a did:key verification method id ``did:key:z6Mk…#z6Mk…``.

        The fragment, when present, must repeat the method-specific identifier.
        """
        if not isinstance(did, str) or not did.startswith(_DID_KEY):
            _invalid(f"not a did:key identifier: {quote(did)}")
        identifier, hash_mark, fragment = did[len(_DID_KEY) :].partition("#")
        if hash_mark and fragment != identifier:
            _invalid(
                f"did:key verification method {quote(did)} has a fragment that is not its key; "
                "it must be did:key:<key>#<key>"
            )
        return cls.from_multibase(identifier)

    @classmethod
    def from_multikey(cls, document: Mapping[str, Any]) -> Ed25519VerificationKey:
        """From a Multikey (or Ed25519VerificationKey2020) verification method document."""
        if not isinstance(document, Mapping):
            _invalid(f"a Multikey document must be a JSON object, not {type(document).__name__}")
        _check_type(document)
        value = document.get("publicKeyMultibase")
        if value is None:
            _invalid("the Multikey document has no publicKeyMultibase")
        return cls.from_multibase(value)

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> Ed25519VerificationKey:
        """From a public JWK (``{"kty": "OKP", "crv": "Ed25519", "x": …}``); ``d`` is ignored."""
        _check_jwk(jwk)
        x = jwk.get("x")
        if not isinstance(x, str):
            _invalid("the JWK has no 'x' (public key) string")
        try:
            raw = multibase.b64url_decode(x, what="JWK 'x'")
        except MultibaseError as exc:
            _invalid(str(exc))
        return cls.from_bytes(raw)

    @classmethod
    def from_pem(cls, data: bytes | str) -> Ed25519VerificationKey:
        """From a PEM ``PUBLIC KEY`` (SubjectPublicKeyInfo) block."""
        if isinstance(data, str):
            data = data.encode("ascii", "replace")
        try:
            key = serialization.load_pem_public_key(_as_bytes(data, "PEM data"))
        except (ValueError, UnsupportedAlgorithm):
            _invalid(
                "cannot read a PEM public key (expected a '-----BEGIN PUBLIC KEY-----' block "
                "with an Ed25519 SubjectPublicKeyInfo)"
            )
        if not isinstance(key, Ed25519PublicKey):
            _invalid(f"the PEM holds a public key of type {_key_kind(key)}, not Ed25519")
        return cls(key)

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
    def multibase(self) -> str:
        """The Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        return multibase.encode_base58btc(
            multibase.with_multicodec(multibase.ED25519_PUB, self._raw)
        )

    @property
    def cryptography_key(self) -> Ed25519PublicKey:
        """The underlying :mod:`cryptography` key object."""
        return self._key

    @property
    def did(self) -> str:
        """The did:key identifier of this key (``did:key:z6Mk…``)."""
        return _DID_KEY + self.multibase

    @property
    def did_key_id(self) -> str:
        """The did:key verification method id (``did:key:z6Mk…#z6Mk…``)."""
        encoded = self.multibase
        return f"{_DID_KEY}{encoded}#{encoded}"

    def did_document(self) -> dict[str, Any]:
        """The did:key DID document of this key (Multikey form), built offline.

        Its one verification method is listed in ``authentication``, ``assertionMethod``,
        ``capabilityDelegation`` and ``capabilityInvocation``.
        """
        did = self.did
        method_id = self.did_key_id
        document: dict[str, Any] = {
            "@context": [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1],
            "id": did,
            "verificationMethod": [self.to_multikey(id=method_id, controller=did)],
        }
        for relationship in VERIFICATION_RELATIONSHIPS:
            document[relationship] = [method_id]
        return document

    def to_multikey(
        self, *, id: str | None = None, controller: str | None = None
    ) -> dict[str, Any]:
        """A Multikey verification method document (did:key id and controller by default)."""
        method_id, controller_id = _identify(self, id, controller)
        return {
            "id": method_id,
            "type": "Multikey",
            "controller": controller_id,
            "publicKeyMultibase": self.multibase,
        }

    def to_jwk(self) -> dict[str, str]:
        """The public JWK: ``{"kty": "OKP", "crv": "Ed25519", "x": …}``."""
        return {"kty": "OKP", "crv": "Ed25519", "x": multibase.b64url_encode(self._raw)}

    def to_pem(self) -> bytes:
        """A PEM ``PUBLIC KEY`` (SubjectPublicKeyInfo) block."""
        return self._key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    # verification

    def verify(self, signature: bytes, data: bytes) -> bool:
        """Whether ``signature`` is a valid Ed25519 signature of ``data`` by this key."""
        signature = _as_bytes(signature, "signature")
        if len(signature) != _SIGNATURE_BYTES:
            return False
        try:
            self._key.verify(signature, _as_bytes(data, "data"))
        except InvalidSignature:
            return False
        return True

    # value semantics

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ed25519VerificationKey):
            return NotImplemented
        return self._raw == other._raw

    def __hash__(self) -> int:
        return hash((Ed25519VerificationKey, self._raw))

    def __repr__(self) -> str:
        return f"Ed25519VerificationKey({self.multibase!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, tuple[bytes]]:
        return (Ed25519VerificationKey.from_bytes, (self._raw,))


# -- secret key --------------------------------------------------------------------------------


class Ed25519Key:
    """An Ed25519 secret key with its verification method ``id`` and ``controller``.

    Build one with :meth:`generate`, :meth:`load` (a key file) or a ``from_*`` class method.
    ``id`` defaults to the did:key verification method id; when only ``controller`` is given it
    is ``controller + "#" + publicKeyMultibase``.  Instances are immutable and compare (and hash)
    by public key; ``repr`` shows only public values; they cannot be pickled.
    """

    __slots__ = ("_private", "controller", "id", "public_key")

    _private: Ed25519PrivateKey
    #: The public half.
    public_key: Ed25519VerificationKey
    #: The verification method id proofs name (``verificationMethod``).
    id: str
    #: The controller of the verification method (the issuer's id).
    controller: str

    def __init__(
        self,
        private_key: Ed25519PrivateKey,
        *,
        id: str | None = None,
        controller: str | None = None,
    ) -> None:
        if not isinstance(private_key, Ed25519PrivateKey):
            _invalid(f"expected an Ed25519 private key, not {type(private_key).__name__}")
        public = Ed25519VerificationKey(private_key.public_key())
        method_id, controller_id = _identify(public, id, controller)
        object.__setattr__(self, "_private", private_key)
        object.__setattr__(self, "public_key", public)
        object.__setattr__(self, "id", method_id)
        object.__setattr__(self, "controller", controller_id)

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
        seed = _as_bytes(seed, "an Ed25519 seed")
        if len(seed) != _SEED_BYTES:
            _invalid(f"an Ed25519 seed has {_SEED_BYTES} bytes, not {len(seed)}")
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
            _invalid("publicKeyMultibase is not the public half of the secret key")
        return key

    @classmethod
    def from_multikey(cls, document: Mapping[str, Any]) -> Ed25519Key:
        """From a Multikey key pair document (the key file format), accepting common variants.

        ``secretKeyMultibase`` or ``privateKeyMultibase``; ``id`` or ``verificationMethod``;
        ``controller`` and ``publicKeyMultibase`` optional (checked against the secret when
        present); ``type``, when present, ``Multikey`` or ``Ed25519VerificationKey2020``.
        Other members are ignored.
        """
        if not isinstance(document, Mapping):
            _invalid(f"a key document must be a JSON object, not {type(document).__name__}")
        _check_type(document)
        secret = _one_of(document, "secretKeyMultibase", "privateKeyMultibase")
        if secret is None:
            _invalid(
                "the key document has no secretKeyMultibase (or privateKeyMultibase); a public "
                "key alone cannot sign — use Ed25519VerificationKey.from_multikey"
            )
        method_id = _one_of(document, "id", "verificationMethod")
        controller = document.get("controller")
        for name, value in (("id", method_id), ("controller", controller)):
            if value is not None and not isinstance(value, str):
                _invalid(f"the key document's {name} must be a string")
        return cls.from_multibase(
            secret,
            public_key_multibase=document.get("publicKeyMultibase"),
            id=method_id,
            controller=controller,
        )

    @classmethod
    def from_jwk(
        cls, jwk: Mapping[str, Any], *, id: str | None = None, controller: str | None = None
    ) -> Ed25519Key:
        """From a private JWK (``{"kty": "OKP", "crv": "Ed25519", "x": …, "d": …}``).

        ``x`` is optional; when present it must match ``d``.
        """
        _check_jwk(jwk)
        d = jwk.get("d")
        if not isinstance(d, str):
            _invalid("the JWK has no 'd' (secret key) string; it is a public key")
        try:
            seed = multibase.b64url_decode(d, what="the JWK secret key 'd'")
        except MultibaseError as exc:
            _invalid(str(exc))
        key = cls.from_seed(seed, id=id, controller=controller)
        if "x" in jwk and Ed25519VerificationKey.from_jwk(jwk) != key.public_key:
            _invalid("the JWK's 'x' is not the public half of its secret key 'd'")
        return key

    @classmethod
    def from_pem(
        cls,
        data: bytes | str,
        *,
        password: bytes | None = None,
        id: str | None = None,
        controller: str | None = None,
    ) -> Ed25519Key:
        """From a PEM ``PRIVATE KEY`` (PKCS #8) block, encrypted when ``password`` is given."""
        if isinstance(data, str):
            data = data.encode("ascii", "replace")
        try:
            key = serialization.load_pem_private_key(_as_bytes(data, "PEM data"), password)
        except TypeError:
            if password is None:
                _invalid("the PEM private key is encrypted: pass password=")
            _invalid("the PEM private key is not encrypted: do not pass a password")
        except (ValueError, UnsupportedAlgorithm):
            _invalid(
                "cannot read a PEM private key (expected a PKCS #8 '-----BEGIN PRIVATE KEY-----' "
                "block holding an Ed25519 key, and the right password if it is encrypted)"
            )
        if not isinstance(key, Ed25519PrivateKey):
            _invalid(f"the PEM holds a private key of type {_key_kind(key)}, not Ed25519")
        return cls(key, id=id, controller=controller)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Ed25519Key:
        """Read a key file written by :meth:`save` (or any document :meth:`from_multikey` takes).

        Errors name the file, never its content.
        """
        file = Path(path)
        try:
            with file.open("rb") as handle:
                data = handle.read(KEY_FILE_MAX_BYTES + 1)
        except OSError as exc:
            raise InvalidKeyError(f"{path}: cannot read the key file: {exc.strerror}") from None
        if len(data) > KEY_FILE_MAX_BYTES:
            _invalid(f"{path}: larger than {KEY_FILE_MAX_BYTES:,} bytes; not a key file")
        try:
            document = load_json(data, source=str(path), max_bytes=KEY_FILE_MAX_BYTES)
        except InvalidDocumentError as exc:
            raise InvalidKeyError(f"not a key file: {exc.message}") from None
        try:
            return cls.from_multikey(document)
        except InvalidKeyError as exc:
            raise InvalidKeyError(f"{path}: {exc.message}") from None

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

    @property
    def public_key_multibase(self) -> str:
        """The Multikey ``publicKeyMultibase`` (``z6Mk…``)."""
        return self.public_key.multibase

    def to_multikey(self, *, include_secret: bool = False) -> dict[str, Any]:
        """The Multikey document: public by default; the key file with ``include_secret=True``."""
        document = self.public_key.to_multikey(id=self.id, controller=self.controller)
        if include_secret:
            document["secretKeyMultibase"] = self.secret_key_multibase()
        return document

    def to_jwk(self, *, include_secret: bool = False) -> dict[str, str]:
        """The JWK: public by default; with ``d`` when ``include_secret=True``."""
        jwk = self.public_key.to_jwk()
        if include_secret:
            jwk["d"] = multibase.b64url_encode(self.seed())
        return jwk

    def to_pem(self, *, password: bytes | None = None) -> bytes:
        """A PKCS #8 PEM ``PRIVATE KEY`` block, encrypted with ``password`` when given."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return self._private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Write the key file (JSON, mode 0600).  An existing file is kept unless ``overwrite``.

        The file is written under a temporary name and renamed into place, so a reader never
        sees half a key.
        """
        target = Path(path)
        text = json.dumps(self.to_multikey(include_secret=True), indent=2) + "\n"
        if not overwrite and target.exists():
            raise FileExistsError(f"{path}: already exists; refusing to overwrite a key file")
        try:
            write_atomic(target, text, mode=0o600, overwrite=overwrite)
        except FileExistsError:
            raise FileExistsError(
                f"{path}: already exists; refusing to overwrite a key file"
            ) from None

    # identity

    @property
    def key_type(self) -> KeyType:
        """:attr:`KeyType.ED25519`."""
        return KeyType.ED25519

    @property
    def algorithm(self) -> str:
        """``"EdDSA"``, the JWS algorithm of Ed25519 signatures (RFC 8037)."""
        return "EdDSA"

    @property
    def did(self) -> str:
        """The did:key identifier of the public key (whatever the key's ``controller``)."""
        return self.public_key.did

    def controller_document(
        self, *, relationships: tuple[str, ...] = VERIFICATION_RELATIONSHIPS
    ) -> dict[str, Any]:
        """The public controller document for this key's controller, listing only this key.

        For a did:key controller this is the did:key DID document.  For another controller
        (``https://example.edu/issuers/1``) it is the document to publish at that URL, with
        the key in ``verificationMethod`` and referenced by id from each of ``relationships``.
        """
        unknown = set(relationships) - set(VERIFICATION_RELATIONSHIPS) - {"keyAgreement"}
        if unknown:
            raise ValueError(f"unknown verification relationships: {sorted(unknown)}")
        if self.controller == self.did and relationships == VERIFICATION_RELATIONSHIPS:
            return self.public_key.did_document()
        document: dict[str, Any] = {
            "@context": [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1],
            "id": self.controller,
            "verificationMethod": [self.to_multikey()],
        }
        for relationship in relationships:
            document[relationship] = [self.id]
        return document

    # signing

    def sign(self, data: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``data`` (deterministic, RFC 8032)."""
        return self._private.sign(_as_bytes(data, "data"))

    # value semantics and secrecy

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ed25519Key):
            return NotImplemented
        return self.public_key == other.public_key

    def __hash__(self) -> int:
        return hash((Ed25519Key, self.public_key.raw))

    def __repr__(self) -> str:
        return f"Ed25519Key(id={self.id!r}, public_key_multibase={self.public_key_multibase!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError(
            "Ed25519Key holds a secret key and cannot be pickled; store it with save() or "
            "pass the key file path instead"
        )

    def __copy__(self) -> Ed25519Key:
        return self

    def __deepcopy__(self, memo: object) -> Ed25519Key:
        return self


# -- helpers -----------------------------------------------------------------------------------


def _decode_public_multibase(text: object) -> bytes:
    if not isinstance(text, str):
        _invalid(f"publicKeyMultibase must be a string, not {type(text).__name__}")
    try:
        code, payload = multibase.split_multicodec(
            multibase.decode_base58btc(text, what="public key"), what="public key"
        )
    except MultibaseError as exc:
        _invalid(str(exc))
    if code == multibase.P256_PUB:
        _invalid("the public key is a P-256 key (zDn…), but an Ed25519 key (z6Mk…) is expected")
    if code == multibase.ED25519_PRIV:
        _invalid("the value is a secret key (ed25519-priv), but a public key is expected")
    if code != multibase.ED25519_PUB:
        _invalid(
            f"the public key is {multibase.multicodec_name(code)}; an Ed25519 public key has "
            "multicodec ed25519-pub (0xed, bytes ed 01: z6Mk…)"
        )
    if len(payload) != _PUBLIC_BYTES:
        _invalid(
            f"the Ed25519 public key has {len(payload)} bytes after its prefix, not {_PUBLIC_BYTES}"
        )
    return payload


def _decode_secret_multibase(text: object) -> bytes:
    """The seed of a secretKeyMultibase; messages never include the value."""
    if not isinstance(text, str):
        _invalid(f"secretKeyMultibase must be a string, not {type(text).__name__}")
    try:
        code, payload = multibase.split_multicodec(
            multibase.decode_base58btc(text, what="secret key"), what="secret key"
        )
    except MultibaseError as exc:
        _invalid(str(exc))
    if code == multibase.ED25519_PUB:
        _invalid("the secret key is a public key (ed25519-pub, z6Mk…); a secret key is expected")
    if code != multibase.ED25519_PRIV:
        _invalid(
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
            _invalid("the secret key's 64 bytes hold a public key that does not match its seed")
        return seed
    _invalid(
        f"the Ed25519 secret key has {len(payload)} bytes after its prefix; expected "
        f"{_SEED_BYTES} (seed) or {_SEED_BYTES + _PUBLIC_BYTES} (seed + public key)"
    )


def _identify(
    public: Ed25519VerificationKey, method_id: str | None, controller: str | None
) -> tuple[str, str]:
    """Fill in and check a verification method id and controller for ``public``."""
    for name, value in (("id", method_id), ("controller", controller)):
        if value is not None and (
            not isinstance(value, str) or not value or any(c.isspace() for c in value)
        ):
            _invalid(f"{name} must be a non-empty string without spaces, not {quote(value)}")
    if controller is not None and controller.startswith(_DID_KEY) and controller != public.did:
        _invalid(f"controller {quote(controller)} is the did:key of a different key")
    if method_id is None:
        if controller is None or controller == public.did:
            return public.did_key_id, public.did
        method_id = f"{controller}#{public.multibase}"
    if ":" not in method_id:
        _invalid(f"the verification method id {quote(method_id)} is not an absolute URL")
    if controller is None:
        controller, hash_mark, _ = method_id.partition("#")
        if not hash_mark:
            _invalid(
                f"cannot tell the controller of {quote(method_id)} (no '#fragment'); "
                "pass controller="
            )
    if method_id.startswith(_DID_KEY) and method_id != public.did_key_id:
        _invalid(f"{quote(method_id)} is not the did:key verification method of this key")
    return method_id, controller


_TYPE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]{0,31}")


def _check_type(document: Mapping[str, Any]) -> None:
    kind = document.get("type")
    if isinstance(kind, list) and len(kind) == 1:
        kind = kind[0]
    if kind is not None and (not isinstance(kind, str) or kind not in _MULTIBASE_TYPES):
        # Echo only what looks like a type name: a misplaced secret must not reach a message.
        shown = repr(kind) if isinstance(kind, str) and _TYPE_NAME.fullmatch(kind) else "given"
        _invalid(
            f"key type {shown} is not supported; expected 'Multikey' "
            "(or 'Ed25519VerificationKey2020')"
        )


def _one_of(document: Mapping[str, Any], name: str, alias: str) -> Any:
    value, other = document.get(name), document.get(alias)
    if value is not None and other is not None and value != other:
        _invalid(f"the key document has both {name} and {alias}, with different values")
    return value if value is not None else other


def _check_jwk(jwk: object) -> None:
    if not isinstance(jwk, Mapping):
        _invalid(f"a JWK must be a JSON object, not {type(jwk).__name__}")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if kty != "OKP" or crv != "Ed25519":
        _invalid(
            f"the JWK is kty {quote(kty, 20)} / crv {quote(crv, 20)}; an Ed25519 JWK has "
            "kty 'OKP' and crv 'Ed25519'"
        )


def _key_kind(key: object) -> str:
    """A short public description of a non-Ed25519 key (for error messages)."""
    from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, rsa, x448, x25519

    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}"
    kinds: tuple[tuple[type, str], ...] = (
        (rsa.RSAPrivateKey, "RSA"),
        (rsa.RSAPublicKey, "RSA"),
        (ed448.Ed448PrivateKey, "Ed448"),
        (ed448.Ed448PublicKey, "Ed448"),
        (x25519.X25519PrivateKey, "X25519"),
        (x25519.X25519PublicKey, "X25519"),
        (x448.X448PrivateKey, "X448"),
        (x448.X448PublicKey, "X448"),
        (dsa.DSAPrivateKey, "DSA"),
        (dsa.DSAPublicKey, "DSA"),
    )
    for cls, name in kinds:
        if isinstance(key, cls):
            return name
    return type(key).__name__
