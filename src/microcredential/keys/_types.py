"""What every key offers: the kinds of key, the Signer and VerifyingKey protocols, constants."""

from __future__ import annotations

import enum
from typing import Final, Protocol

__all__ = [
    "DID_CONTEXT_V1",
    "JWK_CONTEXT_V1",
    "KEY_FILE_MAX_BYTES",
    "MULTIKEY_CONTEXT_V1",
    "VERIFICATION_RELATIONSHIPS",
    "KeyType",
    "Signer",
    "VerifyingKey",
]

#: The DID Core v1 context.
DID_CONTEXT_V1: Final = "https://www.w3.org/ns/did/v1"
#: The Multikey v1 context.
MULTIKEY_CONTEXT_V1: Final = "https://w3id.org/security/multikey/v1"
#: The JSON Web Key v1 context (``JsonWebKey`` verification methods).
JWK_CONTEXT_V1: Final = "https://w3id.org/security/jwk/v1"
#: Verification relationships a did:key document grants its key, in document order.
VERIFICATION_RELATIONSHIPS: Final = (
    "authentication",
    "assertionMethod",
    "capabilityDelegation",
    "capabilityInvocation",
)
#: Key files larger than this are refused unread (a key file is a few kilobytes at most).
KEY_FILE_MAX_BYTES: Final = 64 * 1024


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
