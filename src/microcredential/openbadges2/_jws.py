"""Compact JWS (RFC 7515) for Open Badges 2.0 signed assertions: decode, and verify offline.

Open Badges 2.0 signs an assertion as a compact JWS whose payload is the assertion's JSON,
recommending RS256.  This module reads the three parts and checks a signature with a public
key given as PEM (the ``publicKeyPem`` of a 2.0 ``CryptographicKey``), for RS256/384/512,
PS256/384/512, ES256/384/512 and EdDSA (Ed25519).  The algorithm named in the header must
suit the key's type; ``none`` is refused.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

__all__ = ["COMPACT_JWS", "Jws", "decode", "verify_signature"]

COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "256": hashes.SHA256,
    "384": hashes.SHA384,
    "512": hashes.SHA512,
}
_CURVES = {"ES256": ec.SECP256R1, "ES384": ec.SECP384R1, "ES512": ec.SECP521R1}


@dataclass(frozen=True, slots=True)
class Jws:
    """A decoded compact JWS: its header, its payload (JSON), and what was signed."""

    header: dict[str, Any]
    payload: Any
    signing_input: bytes
    signature: bytes


def _b64(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def decode(token: str) -> Jws:
    """Split and decode ``token``; raises :class:`ValueError` saying what is malformed."""
    token = token.strip()
    if not COMPACT_JWS.match(token):
        raise ValueError("not a compact JWS (three base64url parts separated by dots)")
    header_b64, payload_b64, signature_b64 = token.split(".")
    try:
        header = json.loads(_b64(header_b64))
        payload = json.loads(_b64(payload_b64))
        signature = _b64(signature_b64)
    except (binascii.Error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"the JWS header or payload is not base64url JSON: {exc}") from None
    if not isinstance(header, dict):
        raise ValueError("the JWS header is not a JSON object")
    return Jws(header, payload, f"{header_b64}.{payload_b64}".encode("ascii"), signature)


def verify_signature(jws: Jws, public_key_pem: str) -> None:
    """Check ``jws``'s signature with a PEM public key.

    Returns quietly when it verifies; raises :class:`ValueError` with the reason otherwise
    (a malformed key, an algorithm the key cannot make, a signature that does not match).
    """
    alg = jws.header.get("alg")
    if not isinstance(alg, str) or alg == "none":
        raise ValueError(f"the JWS names no usable algorithm (alg {alg!r})")
    try:
        key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
    except (ValueError, UnsupportedAlgorithm, UnicodeEncodeError) as exc:
        raise ValueError(f"the public key is not a usable PEM key: {exc}") from None
    data, signature = jws.signing_input, jws.signature
    try:
        if isinstance(key, rsa.RSAPublicKey) and alg[:2] in ("RS", "PS") and alg[2:] in _HASHES:
            digest = _HASHES[alg[2:]]()
            scheme: padding.AsymmetricPadding = (
                padding.PKCS1v15()
                if alg.startswith("RS")
                else padding.PSS(padding.MGF1(digest), padding.PSS.DIGEST_LENGTH)
            )
            key.verify(signature, data, scheme, digest)
        elif isinstance(key, ec.EllipticCurvePublicKey) and alg in _CURVES:
            if not isinstance(key.curve, _CURVES[alg]):
                raise ValueError(f"{alg} needs a {_CURVES[alg].name} key, not {key.curve.name}")
            size = (key.curve.key_size + 7) // 8
            if len(signature) != 2 * size:
                raise InvalidSignature
            r = int.from_bytes(signature[:size], "big")
            s = int.from_bytes(signature[size:], "big")
            key.verify(encode_dss_signature(r, s), data, ec.ECDSA(_HASHES[alg[2:]]()))
        elif isinstance(key, ed25519.Ed25519PublicKey) and alg in ("EdDSA", "Ed25519"):
            key.verify(signature, data)
        else:
            kind = type(key).__name__.removeprefix("_").replace("PublicKey", "")
            raise ValueError(f"the JWS algorithm {alg} cannot be made with this {kind} key")
    except InvalidSignature:
        raise ValueError(f"the {alg} signature does not match the assertion and key") from None
