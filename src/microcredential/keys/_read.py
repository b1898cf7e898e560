"""Reading keys whatever their type: key files, JWK, PEM, Multikey, did:key and did:jwk."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeAlias, TypeVar

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa

from .. import multibase
from .._json import load_json
from ..errors import InvalidDocumentError, InvalidKeyError, MultibaseError
from ..problems import quote
from ._common import (
    DID_JWK,
    DID_KEY,
    JWK_TYPES,
    SecretKeyBase,
    check_jwk_object,
    did_jwk_document,
    did_key_identifier,
    document_ids,
    document_type,
    invalid,
    key_kind,
    load_private_pem,
    load_public_pem,
    one_of,
    shown,
    split_multikey,
)
from ._ecdsa import EcdsaKey, EcdsaVerificationKey
from ._ed25519 import Ed25519Key, Ed25519VerificationKey
from ._rsa import RSA_DEFAULT_BITS, RsaKey, RsaVerificationKey
from ._types import KEY_FILE_MAX_BYTES, KeyType

__all__ = [
    "PublicKey",
    "SecretKey",
    "did_document",
    "generate_key",
    "load_key",
    "public_key_from_did",
    "public_key_from_jwk",
    "public_key_from_multibase",
    "public_key_from_pem",
    "public_key_from_verification_method",
    "secret_key_from_document",
    "secret_key_from_jwk",
    "secret_key_from_pem",
]

#: Any secret key of this module.
SecretKey: TypeAlias = Ed25519Key | EcdsaKey | RsaKey
#: Any public key of this module.
PublicKey: TypeAlias = Ed25519VerificationKey | EcdsaVerificationKey | RsaVerificationKey

_K = TypeVar("_K", bound=SecretKeyBase)
#: The did:jwk method-specific identifier is a JWK: a few hundred bytes, a few KiB for RSA.
_DID_JWK_MAX_CHARS = 8192


def generate_key(
    key_type: KeyType | str = KeyType.ED25519,
    *,
    id: str | None = None,
    controller: str | None = None,
    rsa_bits: int = RSA_DEFAULT_BITS,
) -> SecretKey:
    """A new random key of ``key_type`` (``"Ed25519"``, ``"P-256"``, ``"P-384"`` or ``"RSA"``)."""
    try:
        kind = KeyType(key_type)
    except ValueError:
        raise ValueError(
            f"unknown key type {shown(key_type)}; use one of {', '.join(k.value for k in KeyType)}"
        ) from None
    if kind is KeyType.ED25519:
        return Ed25519Key.generate(id=id, controller=controller)
    if kind is KeyType.RSA:
        return RsaKey.generate(rsa_bits, id=id, controller=controller)
    return EcdsaKey.generate(kind, id=id, controller=controller)


# -- public keys -------------------------------------------------------------------------------


def public_key_from_multibase(text: str) -> Ed25519VerificationKey | EcdsaVerificationKey:
    """The public key of a Multikey ``publicKeyMultibase``: Ed25519, P-256 or P-384."""
    code, _ = split_multikey(text, "public key")
    if code in (multibase.P256_PUB, multibase.P384_PUB):
        return EcdsaVerificationKey.from_multibase(text)
    return Ed25519VerificationKey.from_multibase(text)  # which names any other codec


def public_key_from_jwk(jwk: Mapping[str, Any]) -> PublicKey:
    """The public key of a JWK (``OKP``/``Ed25519``, ``EC``/``P-256``/``P-384``, ``RSA``).

    Secret members, if any, are ignored.
    """
    jwk = check_jwk_object(jwk)
    kty = jwk.get("kty")
    if kty == "EC":
        return EcdsaVerificationKey.from_jwk(jwk)
    if kty == "RSA":
        return RsaVerificationKey.from_jwk(jwk)
    if kty == "OKP":
        return Ed25519VerificationKey.from_jwk(jwk)
    raise InvalidKeyError(f"the JWK is kty {shown(kty)}; expected 'OKP' (Ed25519), 'EC' or 'RSA'")


def public_key_from_pem(data: bytes | str) -> PublicKey:
    """The public key of a PEM ``PUBLIC KEY`` (SubjectPublicKeyInfo) block."""
    key = load_public_pem(data)
    if isinstance(key, ed25519.Ed25519PublicKey):
        return Ed25519VerificationKey(key)
    if isinstance(key, ec.EllipticCurvePublicKey):
        return EcdsaVerificationKey(key)
    if isinstance(key, rsa.RSAPublicKey):
        return RsaVerificationKey(key)
    raise InvalidKeyError(
        f"the PEM holds a public key of type {key_kind(key)}, which is not supported"
    )


def public_key_from_did(did: str) -> PublicKey:
    """The public key a did:key or did:jwk names (the DID, or its verification method id).

    A did:key fragment must repeat the key; a did:jwk fragment must be ``0``.  A did:jwk
    holding a private JWK is refused, as its specification requires.
    """
    if not isinstance(did, str):
        invalid(f"a DID must be a string, not {type(did).__name__}")
    if did.startswith(DID_KEY):
        return public_key_from_multibase(did_key_identifier(did))
    if not did.startswith(DID_JWK):
        invalid(f"not a did:key or did:jwk identifier: {quote(did)}")
    identifier, hash_mark, fragment = did[len(DID_JWK) :].partition("#")
    if hash_mark and fragment != "0":
        invalid(f"a did:jwk verification method id ends in '#0', not {quote(did)}")
    return public_key_from_jwk(did_jwk_key(identifier))


def did_document(did: str) -> dict[str, Any]:
    """The DID document of a did:key or did:jwk (or of a verification method id in one).

    Built offline from the identifier alone, after checking that it names a usable public key;
    a did:jwk document keeps the JWK as the identifier gives it.
    """
    key = public_key_from_did(did)
    base = did.partition("#")[0]
    if base.startswith(DID_JWK):
        return did_jwk_document(base, did_jwk_key(base[len(DID_JWK) :]))
    return key.did_document()


def did_jwk_key(identifier: str) -> dict[str, Any]:
    """The JWK of a did:jwk method-specific identifier; a private JWK is refused."""
    if len(identifier) > _DID_JWK_MAX_CHARS:
        invalid(f"the did:jwk identifier is longer than {_DID_JWK_MAX_CHARS} characters")
    try:
        text = multibase.b64url_decode(identifier, what="the did:jwk identifier")
        jwk = json.loads(text.decode("utf-8"))
    except MultibaseError as exc:
        raise InvalidKeyError(str(exc)) from None
    except (UnicodeDecodeError, ValueError, RecursionError):
        message = "the did:jwk identifier is not base64url of a JSON object (a JWK)"
        raise InvalidKeyError(message) from None
    if not isinstance(jwk, dict):
        invalid("the did:jwk identifier is not base64url of a JSON object (a JWK)")
    if "d" in jwk or any(name in jwk for name in ("p", "q", "dp", "dq", "qi")):
        invalid("the did:jwk holds a private key; a did:jwk must hold a public key only")
    return jwk


def public_key_from_verification_method(entry: Mapping[str, Any]) -> PublicKey:
    """The public key of a verification method document, by its ``type``.

    ``Multikey`` (``publicKeyMultibase``: Ed25519, P-256 or P-384),
    ``Ed25519VerificationKey2020`` (Ed25519 only), ``JsonWebKey`` or ``JsonWebKey2020``
    (``publicKeyJwk``: any supported key).
    """
    if not isinstance(entry, Mapping):
        invalid(f"a verification method must be a JSON object, not {type(entry).__name__}")
    kind = entry.get("type")
    if kind in ("Multikey", "Ed25519VerificationKey2020"):
        encoded = entry.get("publicKeyMultibase")
        if not isinstance(encoded, str):
            invalid(f"its type is {kind} but it has no publicKeyMultibase string")
        if kind == "Ed25519VerificationKey2020":
            return Ed25519VerificationKey.from_multibase(encoded)
        return public_key_from_multibase(encoded)
    if kind in JWK_TYPES:
        jwk = entry.get("publicKeyJwk")
        if not isinstance(jwk, Mapping):
            invalid(f"its type is {kind} but it has no publicKeyJwk object")
        if "d" in jwk:
            invalid("its publicKeyJwk holds a secret key ('d'); a public key is expected")
        return public_key_from_jwk(jwk)
    raise InvalidKeyError(
        f"type {shown(kind)} is not supported (Multikey, Ed25519VerificationKey2020, "
        "JsonWebKey, JsonWebKey2020)"
    )


# -- secret keys -------------------------------------------------------------------------------


def secret_key_from_jwk(
    jwk: Mapping[str, Any], *, id: str | None = None, controller: str | None = None
) -> SecretKey:
    """The secret key of a private JWK (``OKP``/``Ed25519``, ``EC``, ``RSA``)."""
    jwk = check_jwk_object(jwk)
    kty = jwk.get("kty")
    if kty == "EC":
        return EcdsaKey.from_jwk(jwk, id=id, controller=controller)
    if kty == "RSA":
        return RsaKey.from_jwk(jwk, id=id, controller=controller)
    if kty == "OKP":
        return Ed25519Key.from_jwk(jwk, id=id, controller=controller)
    raise InvalidKeyError(f"the JWK is kty {shown(kty)}; expected 'OKP' (Ed25519), 'EC' or 'RSA'")


def secret_key_from_pem(
    data: bytes | str,
    *,
    password: bytes | None = None,
    id: str | None = None,
    controller: str | None = None,
) -> SecretKey:
    """The secret key of a PEM private key block (PKCS #8, or SEC 1 / PKCS #1)."""
    key = load_private_pem(data, password)
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return Ed25519Key(key, id=id, controller=controller)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return EcdsaKey(key, id=id, controller=controller)
    if isinstance(key, rsa.RSAPrivateKey):
        return RsaKey(key, id=id, controller=controller)
    raise InvalidKeyError(
        f"the PEM holds a private key of type {key_kind(key)}, which is not supported"
    )


def secret_key_from_document(document: Mapping[str, Any]) -> SecretKey:
    """The secret key of a key file's document, whatever its key type.

    A ``Multikey`` with ``secretKeyMultibase`` (Ed25519, P-256, P-384; ``privateKeyMultibase``
    is read too), or a ``JsonWebKey`` with ``secretKeyJwk`` (any type).  ``id`` (or
    ``verificationMethod``) and ``controller`` are kept; the public half, when present, must
    match the secret.
    """
    if not isinstance(document, Mapping):
        invalid(f"a key document must be a JSON object, not {type(document).__name__}")
    kind = document_type(document)
    secret_jwk = document.get("secretKeyJwk")
    if kind in JWK_TYPES or (kind is None and secret_jwk is not None):
        if not isinstance(secret_jwk, Mapping):
            invalid("the key document has no secretKeyJwk object; a public key alone cannot sign")
        method_id, controller = document_ids(document)
        key = secret_key_from_jwk(secret_jwk, id=method_id, controller=controller)
        public = document.get("publicKeyJwk")
        if public is not None and public_key_from_jwk(public) != key.public_key:
            invalid("publicKeyJwk is not the public half of secretKeyJwk")
        return key
    secret = one_of(document, "secretKeyMultibase", "privateKeyMultibase")
    if secret is None:
        invalid(
            "the key document has no secretKeyMultibase (or privateKeyMultibase, or "
            "secretKeyJwk); a public key alone cannot sign"
        )
    code, _ = split_multikey(secret, "secret key")
    if code in (multibase.P256_PRIV, multibase.P384_PRIV):
        return EcdsaKey.from_multikey(document)
    return Ed25519Key.from_multikey(document)  # which names any other codec


def load_key(path: str | os.PathLike[str]) -> SecretKey:
    """Read a key file (any key type), as ``save()`` writes it or another tool's key pair.

    Errors name the file, never its content.
    """
    file = Path(path)
    try:
        with file.open("rb") as handle:
            data = handle.read(KEY_FILE_MAX_BYTES + 1)
    except OSError as exc:
        raise InvalidKeyError(f"{path}: cannot read the key file: {exc.strerror}") from None
    if len(data) > KEY_FILE_MAX_BYTES:
        invalid(f"{path}: larger than {KEY_FILE_MAX_BYTES:,} bytes; not a key file")
    try:
        document = load_json(data, source=str(path), max_bytes=KEY_FILE_MAX_BYTES)
    except InvalidDocumentError as exc:
        raise InvalidKeyError(f"not a key file: {exc.message}") from None
    try:
        return secret_key_from_document(document)
    except InvalidKeyError as exc:
        raise InvalidKeyError(f"{path}: {exc.message}") from None


def load_key_as(cls: type[_K], path: str | os.PathLike[str]) -> _K:
    """:func:`load_key`, refusing a key of another class than ``cls``."""
    key = load_key(path)
    if not isinstance(key, cls):
        held = "a" if key.key_type in (KeyType.P256, KeyType.P384) else "an"
        invalid(
            f"{path}: the key file holds {held} {key.key_type.value} key, not an {cls._NAME} "
            "key; microcredential.keys.load_key reads any type"
        )
    return key
