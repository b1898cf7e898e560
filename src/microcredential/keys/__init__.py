"""Keys: Ed25519, ECDSA P-256 and P-384, and RSA; generation, import and export, key files.

Each key type has a secret key class that signs (:class:`Ed25519Key`, :class:`EcdsaKey`,
:class:`RsaKey`, all :class:`Signer`) and a public half that verifies
(:class:`Ed25519VerificationKey`, :class:`EcdsaVerificationKey`, :class:`RsaVerificationKey`,
all :class:`VerifyingKey`).  A secret key carries the *verification method id* that proofs name
(``verificationMethod``) and the *controller* that id belongs to: by default the key's own DID
(did:key for Ed25519, P-256 and P-384: ``did:key:z6Mk…#z6Mk…``, ``did:key:zDn…#zDn…``; did:jwk
for RSA: ``did:jwk:…#0``), or any URL the issuer controls, such as
``https://example.edu/issuers/565049#z6Mk…`` with controller ``https://example.edu/issuers/565049``.

Formats: Multikey (Ed25519, P-256, P-384), JWK and PEM for every type; a key file is the
verification method with its secret half, a ``Multikey`` with ``secretKeyMultibase`` or a
``JsonWebKey`` with ``secretKeyJwk``, so the file says what it holds.  :func:`load_key` and the
``*_from_*`` functions read any type; the classes' own readers accept only theirs.

Which key signs what: Ed25519 makes ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022`` proofs and EdDSA
JWTs; P-256 and P-384 make ``ecdsa-rdfc-2019`` and ``ecdsa-jcs-2019`` proofs and ES256 / ES384
JWTs; RSA signs RS256 JWTs only (no W3C Data Integrity cryptosuite uses RSA).

The secret never appears in ``repr``, ``str``, exception messages or tracebacks, and a secret
key cannot be pickled.  Equality and hashing use the public key only.
"""

from ._ecdsa import EcdsaKey, EcdsaVerificationKey
from ._ed25519 import Ed25519Key, Ed25519VerificationKey
from ._read import (
    PublicKey,
    SecretKey,
    did_document,
    generate_key,
    load_key,
    public_key_from_did,
    public_key_from_jwk,
    public_key_from_multibase,
    public_key_from_pem,
    public_key_from_verification_method,
    secret_key_from_document,
    secret_key_from_jwk,
    secret_key_from_pem,
)
from ._rsa import RSA_DEFAULT_BITS, RSA_MAX_BITS, RSA_MIN_BITS, RsaKey, RsaVerificationKey
from ._types import (
    DID_CONTEXT_V1,
    JWK_CONTEXT_V1,
    KEY_FILE_MAX_BYTES,
    MULTIKEY_CONTEXT_V1,
    VERIFICATION_RELATIONSHIPS,
    KeyType,
    Signer,
    VerifyingKey,
)

__all__ = [
    "DID_CONTEXT_V1",
    "JWK_CONTEXT_V1",
    "KEY_FILE_MAX_BYTES",
    "MULTIKEY_CONTEXT_V1",
    "RSA_DEFAULT_BITS",
    "RSA_MAX_BITS",
    "RSA_MIN_BITS",
    "VERIFICATION_RELATIONSHIPS",
    "EcdsaKey",
    "EcdsaVerificationKey",
    "Ed25519Key",
    "Ed25519VerificationKey",
    "KeyType",
    "PublicKey",
    "RsaKey",
    "RsaVerificationKey",
    "SecretKey",
    "Signer",
    "VerifyingKey",
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
