"""Compact JWS (RFC 7515) for Open Badges 2.0 signed assertions: decode, and verify offline.

Open Badges 2.0 signs an assertion as a compact JWS whose payload is the assertion's JSON,
recommending RS256.  This module reads the three parts and checks a signature with a public
key given as PEM (the ``publicKeyPem`` of a 2.0 ``CryptographicKey``), for RS256/384/512,
PS256/384/512, ES256/384/512 and EdDSA (Ed25519), through the JOSE library behind
:mod:`microcredential.jwt`.  The algorithm named in the header must suit the key's type;
``none`` is refused.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from .._json import load_json
from ..errors import InvalidDocumentError, InvalidKeyError
from ..jwt import algorithms_for_key, is_compact_jws, verify_compact
from ..multibase import b64url_encode

__all__ = ["Jws", "decode", "verify_signature"]


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
    if not is_compact_jws(token):
        raise ValueError("not a compact JWS (three base64url parts separated by dots)")
    header_b64, payload_b64, signature_b64 = token.split(".")
    try:
        # the library's JSON reader: its size and depth limits, and no duplicate keys (a
        # signed payload must mean one thing to every reader)
        header = load_json(_b64(header_b64), source="the JWS header")
        payload = load_json(_b64(payload_b64), source="the JWS payload")
        signature = _b64(signature_b64)
    except InvalidDocumentError as exc:
        reason = exc.problems[0].message if exc.problems else exc.message
        raise ValueError(f"the JWS header or payload is not JSON: {reason}") from None
    except binascii.Error as exc:
        raise ValueError(f"the JWS header or payload is not base64url: {exc}") from None
    if not isinstance(header, dict):
        raise ValueError("the JWS header is not a JSON object")
    return Jws(header, payload, f"{header_b64}.{payload_b64}".encode("ascii"), signature)


def verify_signature(jws: Jws, public_key_pem: str) -> None:
    """Check ``jws``'s signature with a PEM public key.

    Returns quietly when it verifies; raises :class:`ValueError` with the reason otherwise
    (a malformed key, an algorithm the key cannot make, a signature that does not match).
    The algorithm must be one the key's type makes (:func:`~microcredential.jwt.
    algorithms_for_key`); the signature is checked by :func:`~microcredential.jwt.
    verify_compact`.
    """
    alg = jws.header.get("alg")
    if not isinstance(alg, str) or alg == "none":
        raise ValueError(f"the JWS names no usable algorithm (alg {alg!r})")
    try:
        key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
    except (ValueError, UnsupportedAlgorithm, UnicodeEncodeError) as exc:
        raise ValueError(f"the public key is not a usable PEM key: {exc}") from None
    if alg not in algorithms_for_key(key):
        kind = type(key).__name__.removeprefix("_").replace("PublicKey", "")
        curve = getattr(getattr(key, "curve", None), "name", None)
        named = f"{kind} ({curve})" if curve else kind
        raise ValueError(f"the JWS algorithm {alg} cannot be made with this {named} key")
    token = f"{jws.signing_input.decode('ascii')}.{b64url_encode(jws.signature)}"
    try:
        valid = verify_compact(token, key, alg)
    except InvalidKeyError as exc:
        raise ValueError(f"the public key cannot be used: {exc.message}") from None
    if not valid:
        raise ValueError(f"the {alg} signature does not match the assertion and key")
