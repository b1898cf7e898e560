"""ecdsa-rdfc-2019 and ecdsa-jcs-2019 against the W3C vc-di-ecdsa test vectors.

The key figures (keys, hash data, proofValues) are written in ``vectors.py`` so that these tests
run without the reference data; where it is present every intermediate value of every vector is
checked too (canonical document and proof configuration, each hash), and every signed document
must verify.  The vectors were signed with deterministic ECDSA (RFC 6979), which the library
uses where OpenSSL offers it, so signing reproduces the signed documents byte for byte.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from microcredential import multibase
from microcredential.integrity import add_proof_unchecked, suite_named, verify_proofs
from microcredential.jsonld import OfflineLoader
from microcredential.keys import EcdsaKey, KeyType
from support import REFERENCE, need_reference
from vectors import (
    ECDSA_VECTORS,
    EXAMPLES_LOADER,
    P256_PUBLIC,
    P384_PUBLIC,
    W3C_CREATED,
    W3C_UNSIGNED,
    ecdsa_key,
)

VECTORS = REFERENCE / "vectors" / "vc-di-ecdsa"


def _deterministic() -> bool:
    from cryptography.hazmat.backends.openssl import backend

    return bool(backend.ecdsa_deterministic_supported())


deterministic = pytest.mark.skipif(
    not _deterministic(), reason="this OpenSSL cannot sign ECDSA deterministically (RFC 6979)"
)


def test_key_figures() -> None:
    assert ecdsa_key("P-256").public_key_multibase == P256_PUBLIC
    assert ecdsa_key("P-384").public_key_multibase == P384_PUBLIC


@pytest.mark.parametrize(("suite", "curve"), sorted(ECDSA_VECTORS))
def test_hash_data(suite: str, curve: str) -> None:
    key = ecdsa_key(curve)
    config: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": suite,
        "created": W3C_CREATED,
        "verificationMethod": key.id,
        "proofPurpose": "assertionMethod",
        "@context": W3C_UNSIGNED["@context"],
    }
    data = suite_named(suite).hash_data(W3C_UNSIGNED, config, EXAMPLES_LOADER, key.key_type)
    assert data.hex() == ECDSA_VECTORS[suite, curve][0]
    assert len(data) == {"P-256": 64, "P-384": 96}[curve]  # two SHA-256 or two SHA-384


@pytest.mark.parametrize(("suite", "curve"), sorted(ECDSA_VECTORS))
def test_signed_vector_verifies(suite: str, curve: str) -> None:
    key = ecdsa_key(curve)
    proof: dict[str, Any] = {
        "type": "DataIntegrityProof",
        "cryptosuite": suite,
        "created": W3C_CREATED,
        "verificationMethod": key.id,
        "proofPurpose": "assertionMethod",
        "proofValue": ECDSA_VECTORS[suite, curve][1],
    }
    if suite == "ecdsa-jcs-2019":
        proof = {**proof, "@context": W3C_UNSIGNED["@context"]}
    signed = {**W3C_UNSIGNED, "proof": proof}
    result = verify_proofs(signed, loader=EXAMPLES_LOADER)
    assert result.ok, result.problems
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    codes = {p.code for p in verify_proofs(tampered, loader=EXAMPLES_LOADER).problems}
    assert codes == {"proof.signature-mismatch"}


@deterministic
@pytest.mark.parametrize(("suite", "curve"), sorted(ECDSA_VECTORS))
def test_signing_reproduces_the_proof_values(suite: str, curve: str) -> None:
    before = copy.deepcopy(W3C_UNSIGNED)
    signed = add_proof_unchecked(
        W3C_UNSIGNED,
        ecdsa_key(curve),
        cryptosuite=suite,
        created=W3C_CREATED,
        loader=EXAMPLES_LOADER,
    )
    assert signed["proof"]["proofValue"] == ECDSA_VECTORS[suite, curve][1]
    assert before == W3C_UNSIGNED
    assert ("@context" in signed["proof"]) is (suite == "ecdsa-jcs-2019")


# -- every vector of the reference data --------------------------------------------------------

#: (cryptosuite, curve, folder, file suffix) of every ecdsa-rdfc-2019 / ecdsa-jcs-2019 vector.
FOLDERS = [
    ("ecdsa-rdfc-2019", KeyType.P256, "ecdsa-rdfc-2019-p256", "ECDSAP256"),
    ("ecdsa-rdfc-2019", KeyType.P384, "ecdsa-rdfc-2019-p384", "ECDSAP384"),
    ("ecdsa-rdfc-2019", KeyType.P256, "ecdsa-rdfc-2019-p256/employ", "ECDSAP256"),
    ("ecdsa-rdfc-2019", KeyType.P384, "ecdsa-rdfc-2019-p384/employ", "ECDSAP384"),
    ("ecdsa-jcs-2019", KeyType.P256, "ecdsa-jcs-2019-p256", "JCSECDSAP256"),
    ("ecdsa-jcs-2019", KeyType.P384, "ecdsa-jcs-2019-p384", "JCSECDSAP384"),
]


@functools.cache
def _loader() -> OfflineLoader:
    return OfflineLoader.from_directory(need_reference() / "contexts")


def _text(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("suite", "curve", "folder", "suffix"), FOLDERS, ids=[f[2] for f in FOLDERS]
)
def test_reference_vector(suite: str, curve: KeyType, folder: str, suffix: str) -> None:
    base = need_reference() / "vectors" / "vc-di-ecdsa" / folder
    pair = json.loads((VECTORS / f"{curve.value.lower().replace('-', '')}KeyPair.json").read_text())
    key = EcdsaKey.from_multibase(
        pair["secretKeyMultibase"], public_key_multibase=pair["publicKeyMultibase"]
    )
    expected = json.loads(_text(base, f"signed{suffix}.json"))
    unsigned = {k: v for k, v in expected.items() if k != "proof"}
    config = json.loads(_text(base, f"proofConfig{suffix}.json"))
    cryptosuite = suite_named(suite)
    hash_name = {KeyType.P256: "sha256", KeyType.P384: "sha384"}[curve]

    # the deterministic intermediate values, byte for byte
    canonical_document = cryptosuite.canonicalize(unsigned, _loader(), curve)
    assert canonical_document == _text(base, f"canonDoc{suffix}.txt")
    canonical_config = cryptosuite.canonicalize(config, _loader(), curve)
    assert canonical_config == _text(base, f"proofCanon{suffix}.txt")
    document_hash = hashlib.new(hash_name, canonical_document.encode()).hexdigest()
    config_hash = hashlib.new(hash_name, canonical_config.encode()).hexdigest()
    assert document_hash == _text(base, f"docHash{suffix}.txt").strip()
    assert config_hash == _text(base, f"proofHash{suffix}.txt").strip()
    combined = _text(base, f"combinedHash{suffix}.txt").strip()
    assert config_hash + document_hash == combined
    assert cryptosuite.hash_data(unsigned, config, _loader(), curve).hex() == combined
    signature = bytes.fromhex(_text(base, f"sigHex{suffix}.txt").strip())
    assert multibase.encode_base58btc(signature) == _text(base, f"sigBTC58{suffix}.txt").strip()
    assert expected["proof"]["proofValue"] == _text(base, f"sigBTC58{suffix}.txt").strip()

    # the signature is the key's, over the hash data, and the signed document verifies
    assert key.public_key.verify(signature, bytes.fromhex(combined))
    result = verify_proofs(expected, loader=_loader())
    assert result.ok, result.problems
    if _deterministic():
        signed = add_proof_unchecked(
            unsigned, key, cryptosuite=suite, created=config["created"], loader=_loader()
        )
        assert signed == expected


def test_every_reference_vector_is_listed() -> None:
    base = need_reference() / "vectors" / "vc-di-ecdsa"
    signed = {
        path.parent.relative_to(base).as_posix()
        for path in base.rglob("signed*.json")
        if not path.parts[-2].startswith("ecdsa-sd") and "ecdsa-sd-2023" not in path.parts
    }
    assert signed == {folder for _, _, folder, _ in FOLDERS}
