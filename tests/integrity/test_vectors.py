"""Signing reproduces the published test vectors byte for byte.

The key figures (keys, proof options, expected proofValues) are written here so the tests run
without the reference data; where it is present, every intermediate value is checked too.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

import pytest

from microcredential.integrity import add_proof_unchecked, canonicalize_json
from microcredential.jsonld import OfflineLoader, canonicalize
from microcredential.keys import Ed25519Key
from support import need_reference, reference_json
from vectors import (
    EXAMPLES_LOADER,
    OB_CREATED,
    OB_DATA_TO_SIGN,
    OB_METHOD,
    OB_PROOF_VALUE,
    OB_SECRET,
    W3C_CREATED,
    W3C_JCS_PROOF_VALUE,
    W3C_PUBLIC,
    W3C_RDFC_PROOF_VALUE,
    W3C_UNSIGNED,
    ob_credential,
    w3c_key,
)


def test_w3c_key_figures() -> None:
    assert w3c_key().public_key.multibase == W3C_PUBLIC


@pytest.mark.parametrize(
    ("suite", "expected"),
    [("eddsa-rdfc-2022", W3C_RDFC_PROOF_VALUE), ("eddsa-jcs-2022", W3C_JCS_PROOF_VALUE)],
)
def test_w3c_proof_values(suite: str, expected: str) -> None:
    before = copy.deepcopy(W3C_UNSIGNED)
    signed = add_proof_unchecked(
        W3C_UNSIGNED, w3c_key(), cryptosuite=suite, created=W3C_CREATED, loader=EXAMPLES_LOADER
    )
    assert signed["proof"]["proofValue"] == expected
    assert before == W3C_UNSIGNED  # the input is untouched
    assert ("@context" in signed["proof"]) is (suite == "eddsa-jcs-2022")


@pytest.mark.parametrize(
    ("suite", "folder", "suffix"),
    [
        ("eddsa-rdfc-2022", "eddsa-rdfc-2022", "DataInt"),
        ("eddsa-jcs-2022", "eddsa-jcs-2022", "JCS"),
    ],
)
def test_w3c_intermediate_values_and_signed_document(suite: str, folder: str, suffix: str) -> None:
    base = need_reference() / "vectors" / "vc-di-eddsa"
    unsigned = reference_json("vectors/vc-di-eddsa/unsigned.json")
    assert unsigned == W3C_UNSIGNED
    config = json.loads((base / folder / f"proofConfig{suffix}.json").read_text())
    canon = canonicalize if suite == "eddsa-rdfc-2022" else None

    def canonical(doc: Any) -> str:
        return canon(doc, loader=EXAMPLES_LOADER) if canon else canonicalize_json(doc)

    doc_canon = canonical(unsigned)
    assert doc_canon == (base / folder / f"canonDoc{suffix}.txt").read_text()
    proof_canon = canonical(config)
    assert proof_canon == (base / folder / f"proofCanon{suffix}.txt").read_text()
    doc_hash = hashlib.sha256(doc_canon.encode()).hexdigest()
    proof_hash = hashlib.sha256(proof_canon.encode()).hexdigest()
    assert doc_hash == (base / folder / f"docHash{suffix}.txt").read_text().strip()
    assert proof_hash == (base / folder / f"proofHash{suffix}.txt").read_text().strip()
    combined = (base / folder / f"combinedHash{suffix}.txt").read_text().strip()
    assert proof_hash + doc_hash == combined
    signed = add_proof_unchecked(
        unsigned, w3c_key(), cryptosuite=suite, created=config["created"], loader=EXAMPLES_LOADER
    )
    assert signed == json.loads((base / folder / f"signed{suffix}.json").read_text())


def test_w3c_employment_vector() -> None:
    base = need_reference() / "vectors" / "vc-di-eddsa"
    loader = OfflineLoader.from_directory(need_reference() / "contexts")
    unsigned = reference_json("vectors/vc-di-eddsa/employmentAuth.json")
    expected = json.loads((base / "eddsa-rdfc-2022/employ/signedDataInt.json").read_text())
    signed = add_proof_unchecked(
        unsigned, w3c_key(), created=expected["proof"]["created"], loader=loader
    )
    assert signed == expected


def test_ob_vector_proof_value() -> None:
    key = Ed25519Key.from_multibase(OB_SECRET, id=OB_METHOD)
    signed = add_proof_unchecked(ob_credential(), key, created=OB_CREATED)
    assert signed["proof"] == {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": OB_CREATED,
        "verificationMethod": OB_METHOD,
        "proofPurpose": "assertionMethod",
        "proofValue": OB_PROOF_VALUE,
    }


def test_ob_vector_against_reference_files() -> None:
    credential = reference_json("vectors/ob3-ldp/credential.json")
    assert credential == ob_credential()
    values = reference_json("vectors/ob3-ldp/key-and-values.json")
    key = Ed25519Key.from_multikey(values["keyPair"])
    signed = add_proof_unchecked(credential, key, created=values["proofOptions"]["created"])
    assert signed == reference_json("vectors/ob3-ldp/signed-credential.json")
    assert values["values"]["Data to sign (hex)"] == OB_DATA_TO_SIGN
