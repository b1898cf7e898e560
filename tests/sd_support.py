"""ecdsa-sd-2023 derived proofs made here, for tests of what a verifier reads from them.

The library verifies derived proofs but makes none.  :func:`derive` plays both issuer and
holder, seen from the verifier: it makes the derived proof of exactly the ``revealed``
document, whose ``mandatory`` statements the issuer's base signature covers, as VC Data
Integrity ECDSA Cryptosuites §3.4 has a holder derive it.  Every statement and label here is
what a verifier would receive had the issuer signed a larger document and the holder revealed
this part of it: from the verifier's side the two cannot be told apart.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from typing import Any

from microcredential import multibase
from microcredential.integrity.suites import suite_named
from microcredential.keys import EcdsaKey, KeyType

DERIVED_HEADER = b"\xd9\x5d\x01"
CREATED = "2026-01-01T00:00:00Z"


def cbor(value: Any) -> bytes:
    """RFC 8949 for the forms a derived proof value uses."""

    def head(major: int, argument: int) -> bytes:
        if argument < 24:
            return bytes([major << 5 | argument])
        for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
            if argument < 1 << (8 * size):
                return bytes([major << 5 | info]) + argument.to_bytes(size, "big")
        raise ValueError(argument)

    if isinstance(value, int):
        return head(0, value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(item) for item in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    raise TypeError(value)


def _label(name: str) -> bytes:
    return hashlib.sha256(b"hmac label " + name.encode()).digest()


def derive(
    revealed: Mapping[str, Any],
    issuer: EcdsaKey,
    mandatory: Callable[[str], bool] = lambda statement: True,
    *,
    labels: Callable[[dict[int, bytes]], dict[int, bytes]] = lambda found: found,
    created: str = CREATED,
) -> dict[str, Any]:
    """``revealed`` (without proof) with an ecdsa-sd-2023 derived proof by ``issuer``.

    ``mandatory(statement)`` says which revealed N-Quads the issuer made mandatory; ``labels``
    may change the label map the holder sends (canonical index → 32-byte label).
    """
    unsecured = {k: v for k, v in revealed.items() if k != "proof"}
    config = {
        "type": "DataIntegrityProof",
        "cryptosuite": "ecdsa-sd-2023",
        "created": created,
        "verificationMethod": issuer.id,
        "proofPurpose": "assertionMethod",
    }
    suite = suite_named("ecdsa-sd-2023")
    config_text, document_text = suite.canonical_texts(
        unsecured, {**config, "@context": unsecured["@context"]}, None, KeyType.P256
    )
    found = {
        int(name): _label(name) for name in sorted(set(re.findall(r"_:c14n(\d+)", document_text)))
    }
    label_map = labels(found)

    def relabel(match: re.Match[str]) -> str:
        return "_:u" + multibase.b64url_encode(label_map[int(match.group(1))])

    statements = sorted(
        re.sub(r"_:c14n(\d+)", relabel, line) for line in document_text.splitlines(keepends=True)
    )
    chosen = [i for i, statement in enumerate(statements) if mandatory(statement)]
    ephemeral = EcdsaKey.generate(KeyType.P256)
    public = multibase.decode_base58btc(ephemeral.public_key_multibase)
    mandatory_text = "".join(statements[i] for i in chosen)
    base = issuer.sign(
        hashlib.sha256(config_text.encode()).digest()
        + public
        + hashlib.sha256(mandatory_text.encode()).digest()
    )
    signatures = [
        ephemeral.sign(statement.encode())
        for i, statement in enumerate(statements)
        if i not in chosen
    ]
    value = cbor([base, public, signatures, label_map, chosen])
    proof = {**config, "proofValue": "u" + multibase.b64url_encode(DERIVED_HEADER + value)}
    return {**unsecured, "proof": proof}
