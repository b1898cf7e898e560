"""What the key classes share: input checks, identity (id and controller), key files, secrecy.

:class:`PublicKeyBase` and :class:`SecretKeyBase` hold the behaviour every key type has; the
Ed25519, ECDSA and RSA modules add what differs (the cryptography, the encodings).  Messages
built here never repeat a value that could be secret: a misplaced secret key must not reach an
exception, a log or the terminal.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, NoReturn, Self

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from .. import multibase
from .._files import write_atomic
from ..errors import InvalidKeyError, MultibaseError
from ..problems import quote
from ._types import (
    DID_CONTEXT_V1,
    JWK_CONTEXT_V1,
    MULTIKEY_CONTEXT_V1,
    VERIFICATION_RELATIONSHIPS,
    KeyType,
)

DID_KEY = "did:key:"
DID_JWK = "did:jwk:"
#: The context of the JSON Web Key 2020 verification methods a did:jwk document lists.
JWS_2020_CONTEXT = "https://w3id.org/security/suites/jws-2020/v1"
#: A did:jwk document's relationships, in its specification's order (``use`` absent).
_DID_JWK_RELATIONSHIPS = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
)
#: Verification method types whose key is in ``publicKeyMultibase`` / ``publicKeyJwk``.
MULTIBASE_TYPES = frozenset({"Multikey", "Ed25519VerificationKey2020"})
JWK_TYPES = frozenset({"JsonWebKey", "JsonWebKey2020"})


def invalid(message: str) -> NoReturn:
    raise InvalidKeyError(message)


def as_bytes(data: object, what: str) -> bytes:
    if not isinstance(data, bytes | bytearray | memoryview):
        invalid(f"{what} must be bytes, not {type(data).__name__}")
    return bytes(data)


def pem_bytes(data: object) -> bytes:
    if isinstance(data, str):
        data = data.encode("ascii", "replace")
    return as_bytes(data, "PEM data")


_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._-]{0,31}")


def shown(value: object) -> str:
    """``repr(value)`` when it looks like a name (``'EC'``, ``'P-256'``), else a placeholder.

    Values of key documents are echoed only through this: a secret put in the wrong member
    must not reach a message.
    """
    if value is None:
        return "missing"
    if isinstance(value, str) and _NAME.fullmatch(value):
        return repr(value)
    return "not a name" if isinstance(value, str) else f"a {type(value).__name__}"


def b64url_member(jwk: Mapping[str, Any], name: str, what: str) -> bytes:
    """The bytes of JWK member ``name`` (base64url); the message names it, never its value."""
    value = jwk.get(name)
    if not isinstance(value, str):
        invalid(f"the JWK has no {name!r} ({what}) string")
    try:
        return multibase.b64url_decode(value, what=f"the JWK's {name!r} ({what})")
    except MultibaseError as exc:
        raise InvalidKeyError(str(exc)) from None


def check_jwk_object(jwk: object) -> Mapping[str, Any]:
    if not isinstance(jwk, Mapping):
        invalid(f"a JWK must be a JSON object, not {type(jwk).__name__}")
    return jwk


def jwk_text(jwk: Mapping[str, str]) -> str:
    """The JWK as RFC 8785 (JCS) text: its members are ASCII strings, so sorted and compact."""
    return json.dumps(dict(jwk), sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def check_id(name: str, value: object) -> None:
    if value is not None and (
        not isinstance(value, str) or not value or any(c.isspace() for c in value)
    ):
        invalid(f"{name} must be a non-empty string without spaces, not {quote(value)}")


# -- public keys -------------------------------------------------------------------------------


class PublicKeyBase:
    """The behaviour every public key shares; subclasses supply the cryptography.

    A public key has a default *self-certifying* identity: its did:key (Ed25519, P-256, P-384)
    or its did:jwk (RSA), both computed from the key alone.
    """

    __slots__ = ()

    #: The :mod:`cryptography` class of the public key, and its name in messages.
    _CRYPTOGRAPHY_CLASS: ClassVar[type]
    _NAME: ClassVar[str]

    def __init__(self, key: Any) -> None:
        raise NotImplementedError

    @classmethod
    def from_pem(cls, data: bytes | str) -> Self:
        """From a PEM ``PUBLIC KEY`` (SubjectPublicKeyInfo) block."""
        key = load_public_pem(data)
        if not isinstance(key, cls._CRYPTOGRAPHY_CLASS):
            invalid(f"the PEM holds a public key of type {key_kind(key)}, not {cls._NAME}")
        return cls(key)

    @property
    def key_type(self) -> KeyType:
        raise NotImplementedError

    @property
    def algorithm(self) -> str:
        raise NotImplementedError

    def verify(self, signature: bytes, data: bytes) -> bool:
        raise NotImplementedError

    def to_jwk(self) -> dict[str, str]:
        raise NotImplementedError

    @property
    def cryptography_key(self) -> Any:
        raise NotImplementedError

    def _identity(self) -> bytes:
        """Bytes that identify the key (for equality and hashing)."""
        raise NotImplementedError

    def to_pem(self) -> bytes:
        """A PEM ``PUBLIC KEY`` (SubjectPublicKeyInfo) block."""
        return bytes(
            self.cryptography_key.public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
        )

    @property
    def thumbprint(self) -> str:
        """The RFC 7638 JWK thumbprint (SHA-256, base64url) of the public key."""
        digest = hashlib.sha256(jwk_text(self.to_jwk()).encode("ascii")).digest()
        return multibase.b64url_encode(digest)

    @property
    def did_jwk(self) -> str:
        """The did:jwk identifier of this key (its public JWK in RFC 8785 form, base64url)."""
        return DID_JWK + multibase.b64url_encode(jwk_text(self.to_jwk()).encode("ascii"))

    @property
    def did(self) -> str:
        """The key's own DID: did:key where the key has a Multikey form, did:jwk otherwise."""
        return self.did_jwk

    @property
    def method_id(self) -> str:
        """The verification method id under :attr:`did` (``did:key:z…#z…`` or ``did:jwk:…#0``)."""
        return f"{self.did_jwk}#0"

    @property
    def fragment(self) -> str:
        """The default fragment of the key's id under another controller (``CONTROLLER#…``)."""
        return self.thumbprint

    def verification_method(
        self, *, id: str | None = None, controller: str | None = None
    ) -> dict[str, Any]:
        """The verification method document of this key (its own DID's by default)."""
        method_id, controller_id = identify(self, id, controller)
        return {
            "id": method_id,
            "type": "JsonWebKey",
            "controller": controller_id,
            "publicKeyJwk": self.to_jwk(),
        }

    @property
    def contexts(self) -> list[str]:
        """The contexts a controller document listing :meth:`verification_method` needs."""
        return [DID_CONTEXT_V1, JWK_CONTEXT_V1]

    def did_document(self) -> dict[str, Any]:
        """The DID document of :attr:`did`, built offline."""
        return did_jwk_document(self.did_jwk, self.to_jwk())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PublicKeyBase) or type(other) is not type(self):
            return NotImplemented
        return self._identity() == other._identity()

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._identity()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")


def did_jwk_document(did: str, jwk: Mapping[str, Any]) -> dict[str, Any]:
    """The did:jwk DID document (did:jwk method specification): one method, ``#0``.

    Its relationships follow the JWK's ``use``: all of them when it is absent, none but
    ``keyAgreement`` for ``enc``, all but ``keyAgreement`` for ``sig``.
    """
    method_id = f"{did}#0"
    document: dict[str, Any] = {
        "@context": [DID_CONTEXT_V1, JWS_2020_CONTEXT],
        "id": did,
        "verificationMethod": [
            {"id": method_id, "type": "JsonWebKey2020", "controller": did, "publicKeyJwk": jwk}
        ],
    }
    use = jwk.get("use")
    if use != "enc":
        for relationship in _DID_JWK_RELATIONSHIPS:
            document[relationship] = [method_id]
    if use != "sig":
        document["keyAgreement"] = [method_id]
    return document


class MultikeyPublicKeyBase(PublicKeyBase):
    """A public key with a Multikey encoding (Ed25519, P-256, P-384): did:key is its DID."""

    __slots__ = ()

    #: The verification method types whose ``publicKeyMultibase`` holds such a key.
    _MULTIKEY_TYPES: ClassVar[frozenset[str]] = frozenset({"Multikey"})

    @classmethod
    def from_multibase(cls, text: str) -> Self:
        raise NotImplementedError

    @classmethod
    def from_did_key(cls, did: str) -> Self:
        """From a did:key (``did:key:z…``) or its verification method id (``did:key:z…#z…``).

        The fragment, when present, must repeat the method-specific identifier.
        """
        return cls.from_multibase(did_key_identifier(did))

    @classmethod
    def from_multikey(cls, document: Mapping[str, Any]) -> Self:
        """From a Multikey verification method document."""
        if not isinstance(document, Mapping):
            invalid(f"a Multikey document must be a JSON object, not {type(document).__name__}")
        check_multikey_type(document, cls._MULTIKEY_TYPES)
        value = document.get("publicKeyMultibase")
        if value is None:
            invalid("the Multikey document has no publicKeyMultibase")
        return cls.from_multibase(value)

    def _multicodec_bytes(self) -> bytes:
        """The multicodec prefix followed by the encoded key."""
        raise NotImplementedError

    @property
    def multibase(self) -> str:
        """The Multikey ``publicKeyMultibase`` (base58btc of the multicodec-prefixed key)."""
        return multibase.encode_base58btc(self._multicodec_bytes())

    @property
    def did(self) -> str:
        """The did:key identifier of this key (``did:key:z…``)."""
        return DID_KEY + self.multibase

    @property
    def did_key_id(self) -> str:
        """The did:key verification method id (``did:key:z…#z…``)."""
        encoded = self.multibase
        return f"{DID_KEY}{encoded}#{encoded}"

    @property
    def method_id(self) -> str:
        """The did:key verification method id (``did:key:z…#z…``)."""
        return self.did_key_id

    @property
    def fragment(self) -> str:
        """The default fragment under another controller: the ``publicKeyMultibase``."""
        return self.multibase

    def to_multikey(
        self, *, id: str | None = None, controller: str | None = None
    ) -> dict[str, Any]:
        """A Multikey verification method document (did:key id and controller by default)."""
        method_id, controller_id = identify(self, id, controller)
        return {
            "id": method_id,
            "type": "Multikey",
            "controller": controller_id,
            "publicKeyMultibase": self.multibase,
        }

    def verification_method(
        self, *, id: str | None = None, controller: str | None = None
    ) -> dict[str, Any]:
        """The Multikey verification method document (as :meth:`to_multikey`)."""
        return self.to_multikey(id=id, controller=controller)

    @property
    def contexts(self) -> list[str]:
        """The contexts a controller document listing :meth:`verification_method` needs."""
        return [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1]

    def did_document(self) -> dict[str, Any]:
        """The did:key DID document of this key (Multikey form), built offline.

        Its one verification method is listed in ``authentication``, ``assertionMethod``,
        ``capabilityDelegation`` and ``capabilityInvocation``.
        """
        did = self.did
        method_id = self.did_key_id
        document: dict[str, Any] = {
            "@context": self.contexts,
            "id": did,
            "verificationMethod": [self.to_multikey(id=method_id, controller=did)],
        }
        for relationship in VERIFICATION_RELATIONSHIPS:
            document[relationship] = [method_id]
        return document


def identify(
    public: PublicKeyBase, method_id: str | None, controller: str | None
) -> tuple[str, str]:
    """Fill in and check a verification method id and controller for ``public``.

    A self-certifying DID (did:key, did:jwk) as controller or id must be this key's own.
    """
    check_id("id", method_id)
    check_id("controller", controller)
    if controller is not None:
        _check_own_did(public, controller, "controller")
    if method_id is None:
        if controller is None or controller == public.did:
            return public.method_id, public.did
        if controller.startswith(DID_JWK):
            return f"{controller}#0", controller
        method_id = f"{controller}#{public.fragment}"
    if ":" not in method_id:
        invalid(f"the verification method id {quote(method_id)} is not an absolute URL")
    if controller is None:
        controller, hash_mark, _ = method_id.partition("#")
        if not hash_mark:
            invalid(
                f"cannot tell the controller of {quote(method_id)} (no '#fragment'); "
                "pass controller="
            )
    base, _, fragment = method_id.partition("#")
    if base.startswith(DID_KEY):
        if not isinstance(public, MultikeyPublicKeyBase) or method_id != public.did_key_id:
            invalid(f"{quote(method_id)} is not the did:key verification method of this key")
    elif base.startswith(DID_JWK):
        _check_own_did(public, base, "id")
        if fragment != "0":
            invalid(f"a did:jwk verification method id ends in '#0', not {quote(method_id)}")
    return method_id, controller


def _check_own_did(public: PublicKeyBase, did: str, name: str) -> None:
    if did.startswith(DID_KEY):
        own = public.did if isinstance(public, MultikeyPublicKeyBase) else None
        if did != own:
            invalid(f"{name} {quote(did)} is the did:key of a different key")
    elif did.startswith(DID_JWK):
        from ._read import public_key_from_did  # the readers import this module

        try:
            other = public_key_from_did(did.partition("#")[0])
        except InvalidKeyError:
            raise InvalidKeyError(
                f"{name} {quote(did)} is not a did:jwk of a usable public key"
            ) from None
        if other != public:
            invalid(f"{name} {quote(did)} is the did:jwk of a different key")


# -- secret keys -------------------------------------------------------------------------------


class SecretKeyBase:
    """The behaviour every secret key shares: identity, signing, export, key files, secrecy.

    Instances are immutable and compare (and hash) by public key; ``repr`` shows only public
    values; they cannot be pickled (store the key file instead).
    """

    __slots__ = ("_private", "controller", "id", "public_key")

    #: The :mod:`cryptography` class of the secret key, and its name in messages.
    _CRYPTOGRAPHY_CLASS: ClassVar[type]
    _NAME: ClassVar[str]

    _private: Any
    #: The public half.
    public_key: PublicKeyBase
    #: The verification method id proofs name (``verificationMethod``).
    id: str
    #: The controller of the verification method (the issuer's id).
    controller: str

    def __init__(
        self, private_key: Any, *, id: str | None = None, controller: str | None = None
    ) -> None:
        raise NotImplementedError

    @classmethod
    def from_pem(
        cls,
        data: bytes | str,
        *,
        password: bytes | None = None,
        id: str | None = None,
        controller: str | None = None,
    ) -> Self:
        """From a PEM private key block, encrypted when ``password`` is given: PKCS #8
        (``PRIVATE KEY``), or the key type's own form (``EC PRIVATE KEY``,
        ``RSA PRIVATE KEY``)."""
        key = load_private_pem(data, password)
        if not isinstance(key, cls._CRYPTOGRAPHY_CLASS):
            invalid(f"the PEM holds a private key of type {key_kind(key)}, not {cls._NAME}")
        return cls(key, id=id, controller=controller)

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Self:
        """Read a key file of this key type, as :meth:`save` writes it (or another tool's key
        pair).  :func:`~microcredential.keys.load_key` reads any type.  Errors name the file,
        never its content."""
        from ._read import load_key_as  # the readers import this module

        return load_key_as(cls, path)

    def _setup(
        self, private: Any, public: PublicKeyBase, id: str | None, controller: str | None
    ) -> None:
        method_id, controller_id = identify(public, id, controller)
        object.__setattr__(self, "_private", private)
        object.__setattr__(self, "public_key", public)
        object.__setattr__(self, "id", method_id)
        object.__setattr__(self, "controller", controller_id)

    @property
    def key_type(self) -> KeyType:
        """The kind of key."""
        return self.public_key.key_type

    @property
    def algorithm(self) -> str:
        """The JWS ``alg`` of its signatures."""
        return self.public_key.algorithm

    @property
    def did(self) -> str:
        """The public key's own DID (whatever the key's ``controller``)."""
        return self.public_key.did

    def sign(self, data: bytes) -> bytes:
        raise NotImplementedError

    def verification_method(self) -> dict[str, Any]:
        """The public verification method document of this key, with its ``id`` and
        ``controller`` (a Multikey, or a JsonWebKey for RSA)."""
        return self.public_key.verification_method(id=self.id, controller=self.controller)

    def _secret_jwk_members(self) -> dict[str, str]:
        """The JWK members that hold the secret."""
        raise NotImplementedError

    def to_jwk(self, *, include_secret: bool = False) -> dict[str, str]:
        """The JWK: public by default; with the secret members when ``include_secret=True``."""
        jwk = self.public_key.to_jwk()
        if include_secret:
            jwk.update(self._secret_jwk_members())
        return jwk

    def to_pem(self, *, password: bytes | None = None) -> bytes:
        """A PKCS #8 PEM ``PRIVATE KEY`` block, encrypted with ``password`` when given."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password)
            if password
            else serialization.NoEncryption()
        )
        return bytes(
            self._private.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
            )
        )

    def key_file(self) -> dict[str, Any]:
        """The key file's document: the verification method with its secret half.

        A ``JsonWebKey`` with ``publicKeyJwk`` and ``secretKeyJwk`` (Controlled Identifiers
        1.0); keys with a Multikey form write a Multikey with ``secretKeyMultibase`` instead.
        """
        document = self.verification_method()
        document["secretKeyJwk"] = self.to_jwk(include_secret=True)
        return document

    def save(self, path: str | os.PathLike[str], *, overwrite: bool = False) -> None:
        """Write the key file (JSON, mode 0600).  An existing file is kept unless ``overwrite``.

        The file is written under a temporary name and renamed into place, so a reader never
        sees half a key.
        """
        target = Path(path)
        text = json.dumps(self.key_file(), indent=2) + "\n"
        if not overwrite and target.exists():
            raise FileExistsError(f"{path}: already exists; refusing to overwrite a key file")
        try:
            write_atomic(target, text, mode=0o600, overwrite=overwrite)
        except FileExistsError:
            raise FileExistsError(
                f"{path}: already exists; refusing to overwrite a key file"
            ) from None

    def controller_document(
        self, *, relationships: tuple[str, ...] = VERIFICATION_RELATIONSHIPS
    ) -> dict[str, Any]:
        """The public controller document for this key's controller, listing only this key.

        For a did:key or did:jwk controller this is that DID's document.  For another
        controller (``https://example.edu/issuers/1``) it is the document to publish at that
        URL, with the key in ``verificationMethod`` and referenced by id from each of
        ``relationships``.
        """
        unknown = set(relationships) - set(VERIFICATION_RELATIONSHIPS) - {"keyAgreement"}
        if unknown:
            raise ValueError(f"unknown verification relationships: {sorted(unknown)}")
        if self.controller == self.did and relationships == VERIFICATION_RELATIONSHIPS:
            return self.public_key.did_document()
        document: dict[str, Any] = {
            "@context": self.public_key.contexts,
            "id": self.controller,
            "verificationMethod": [self.verification_method()],
        }
        for relationship in relationships:
            document[relationship] = [self.id]
        return document

    # value semantics and secrecy

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecretKeyBase) or type(other) is not type(self):
            return NotImplemented
        return self.public_key == other.public_key

    def __hash__(self) -> int:
        return hash((type(self).__name__, hash(self.public_key)))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce_ex__(self, protocol: object) -> NoReturn:
        raise TypeError(
            f"{type(self).__name__} holds a secret key and cannot be pickled; store it with "
            "save() or pass the key file path instead"
        )

    def __copy__(self) -> SecretKeyBase:
        return self

    def __deepcopy__(self, memo: object) -> SecretKeyBase:
        return self


class MultikeySecretKeyBase(SecretKeyBase):
    """A secret key with a Multikey encoding (Ed25519, P-256, P-384): its key file is a
    Multikey with ``secretKeyMultibase``."""

    __slots__ = ()

    public_key: MultikeyPublicKeyBase
    _MULTIKEY_TYPES: ClassVar[frozenset[str]] = frozenset({"Multikey"})

    @classmethod
    def from_multibase(
        cls,
        secret: str,
        *,
        public_key_multibase: str | None = None,
        id: str | None = None,
        controller: str | None = None,
    ) -> Self:
        raise NotImplementedError

    @classmethod
    def from_multikey(cls, document: Mapping[str, Any]) -> Self:
        """From a Multikey key pair document (the key file format), accepting common variants.

        ``secretKeyMultibase`` or ``privateKeyMultibase``; ``id`` or ``verificationMethod``;
        ``controller`` and ``publicKeyMultibase`` optional (checked against the secret when
        present).  Other members are ignored.
        """
        if not isinstance(document, Mapping):
            invalid(f"a key document must be a JSON object, not {type(document).__name__}")
        check_multikey_type(document, cls._MULTIKEY_TYPES)
        secret = one_of(document, "secretKeyMultibase", "privateKeyMultibase")
        if secret is None:
            invalid(
                "the key document has no secretKeyMultibase (or privateKeyMultibase); a public "
                f"key alone cannot sign — use {cls.__name__.replace('Key', 'VerificationKey')}"
                ".from_multikey"
            )
        method_id, controller = document_ids(document)
        return cls.from_multibase(
            secret,
            public_key_multibase=document.get("publicKeyMultibase"),
            id=method_id,
            controller=controller,
        )

    def secret_key_multibase(self) -> str:
        raise NotImplementedError

    @property
    def public_key_multibase(self) -> str:
        """The Multikey ``publicKeyMultibase``."""
        return self.public_key.multibase

    def to_multikey(self, *, include_secret: bool = False) -> dict[str, Any]:
        """The Multikey document: public by default; the key file with ``include_secret=True``."""
        document = self.public_key.to_multikey(id=self.id, controller=self.controller)
        if include_secret:
            document["secretKeyMultibase"] = self.secret_key_multibase()
        return document

    def key_file(self) -> dict[str, Any]:
        """The key file's document: the Multikey with its ``secretKeyMultibase``."""
        return self.to_multikey(include_secret=True)


def check_multikey_type(document: Mapping[str, Any], accepted: frozenset[str]) -> None:
    """Refuse a key document whose ``type`` is not one of ``accepted``."""
    kind = document_type(document)
    if kind is not None and kind not in accepted:
        names = " or ".join(repr(name) for name in sorted(accepted, key=len))
        invalid(f"key type {shown(kind)} is not supported here; expected {names}")


def document_ids(document: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """A key document's ``id`` (or ``verificationMethod``) and ``controller``, checked."""
    method_id = one_of(document, "id", "verificationMethod")
    controller = document.get("controller")
    for name, value in (("id", method_id), ("controller", controller)):
        if value is not None and not isinstance(value, str):
            invalid(f"the key document's {name} must be a string")
    return method_id, controller


def one_of(document: Mapping[str, Any], name: str, alias: str) -> Any:
    value, other = document.get(name), document.get(alias)
    if value is not None and other is not None and value != other:
        invalid(f"the key document has both {name} and {alias}, with different values")
    return value if value is not None else other


def document_type(document: Mapping[str, Any]) -> str | None:
    """The key document's ``type`` (one string), refused when it is not a key type we read."""
    kind = document.get("type")
    if isinstance(kind, list) and len(kind) == 1:
        kind = kind[0]
    if kind is None:
        return None
    if not isinstance(kind, str) or kind not in MULTIBASE_TYPES | JWK_TYPES:
        invalid(
            f"key type {shown(kind)} is not supported; expected 'Multikey' (or "
            "'Ed25519VerificationKey2020') or 'JsonWebKey' (or 'JsonWebKey2020')"
        )
    return kind


def load_private_pem(data: bytes | str, password: bytes | None) -> Any:
    """The cryptography key of a PEM private key (PKCS #8, SEC 1 or PKCS #1)."""
    try:
        return serialization.load_pem_private_key(pem_bytes(data), password)
    except TypeError:
        reason = "encrypted: pass password=" if password is None else "not encrypted: do not pass "
        raise InvalidKeyError(
            "the PEM private key is " + (reason if password is None else reason + "a password")
        ) from None
    except (ValueError, UnsupportedAlgorithm):
        raise InvalidKeyError(
            "cannot read a PEM private key (expected a '-----BEGIN PRIVATE KEY-----' block, "
            "or an 'EC PRIVATE KEY' or 'RSA PRIVATE KEY' block, and the right password if it "
            "is encrypted)"
        ) from None


def load_public_pem(data: bytes | str) -> Any:
    """The cryptography key of a PEM public key (SubjectPublicKeyInfo, or PKCS #1 for RSA)."""
    try:
        return serialization.load_pem_public_key(pem_bytes(data))
    except (ValueError, UnsupportedAlgorithm):
        raise InvalidKeyError(
            "cannot read a PEM public key (expected a '-----BEGIN PUBLIC KEY-----' block with "
            "a SubjectPublicKeyInfo)"
        ) from None


def key_kind(key: object) -> str:
    """A short public description of a cryptography key (for error messages)."""
    from cryptography.hazmat.primitives.asymmetric import (
        dsa,
        ec,
        ed448,
        ed25519,
        rsa,
        x448,
        x25519,
    )

    if isinstance(key, ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey):
        return f"EC {key.curve.name}"
    kinds: tuple[tuple[type, str], ...] = (
        (ed25519.Ed25519PrivateKey, "Ed25519"),
        (ed25519.Ed25519PublicKey, "Ed25519"),
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


def did_key_identifier(did: object) -> str:
    """The multibase key of ``did:key:z…`` or ``did:key:z…#z…`` (the fragment must repeat it)."""
    if not isinstance(did, str) or not did.startswith(DID_KEY):
        invalid(f"not a did:key identifier: {quote(did)}")
    identifier, hash_mark, fragment = did[len(DID_KEY) :].partition("#")
    if hash_mark and fragment != identifier:
        invalid(
            f"did:key verification method {quote(did)} has a fragment that is not its key; "
            "it must be did:key:<key>#<key>"
        )
    return identifier


def split_multikey(text: object, what: str) -> tuple[int, bytes]:
    """The multicodec code and payload of a base58btc Multikey value (never echoed)."""
    if not isinstance(text, str):
        invalid(f"{what} must be a string, not {type(text).__name__}")
    try:
        return multibase.split_multicodec(multibase.decode_base58btc(text, what=what), what=what)
    except MultibaseError as exc:
        raise InvalidKeyError(str(exc)) from None
