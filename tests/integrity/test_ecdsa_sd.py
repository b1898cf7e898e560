"""ecdsa-sd-2023 derived proofs against the W3C vc-di-ecdsa vectors (verification only).

The vectors' documents need the W3C citizenship context, which the library does not bundle, so
these tests read the reference data and skip without it.  The ``prc`` vector gives the derived
document itself; for the ``employ`` vector the derived proof value is put together here from its
published components (CBOR, as the specification serializes it).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from microcredential import multibase
from microcredential.integrity import verify_proofs
from microcredential.integrity._ecdsa_sd import parse_derived_proof_value, verify_derived_proof
from microcredential.integrity.suites import suite_named
from microcredential.jsonld import OfflineLoader
from microcredential.keys import KeyType
from sd_support import DERIVED_HEADER, cbor
from support import need_reference


def _folder(name: str) -> Path:
    return need_reference() / "vectors" / "vc-di-ecdsa" / "ecdsa-sd-2023" / name


@functools.cache
def _loader() -> OfflineLoader:
    return OfflineLoader.from_directory(need_reference() / "contexts")


def _json(folder: str, name: str) -> Any:
    return json.loads((_folder(folder) / name).read_text(encoding="utf-8"))


def _derived_document(folder: str) -> dict[str, Any]:
    """The derived (revealed) document of a vector folder."""
    if (_folder(folder) / "derivedRevealDocument.json").exists():
        document: dict[str, Any] = _json(folder, "derivedRevealDocument.json")
        return document
    parts = _json(folder, "verifyDerivedProofValue.json")
    components = [
        bytes.fromhex(parts["baseSignature"]),
        multibase.decode_base58btc(parts["publicKey"]),
        [bytes.fromhex(s) for s in parts["signatures"]],
        {int(k.removeprefix("c14n")): multibase.decode_base64url(v) for k, v in parts["labelMap"]},
        list(parts["mandatoryIndexes"]),
    ]
    proof = dict(_json(folder, "addSignedSDBase.json")["proof"])
    proof["proofValue"] = multibase.encode_base64url(DERIVED_HEADER + cbor(components))
    return {**_json(folder, "derivedUnsignedReveal.json"), "proof": proof}


FOLDERS = ["prc", "employ"]


@pytest.mark.parametrize("folder", FOLDERS)
def test_derived_proofs_verify(folder: str) -> None:
    result = verify_proofs(_derived_document(folder), loader=_loader())
    assert result.ok, result.problems


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_verify_data_of_the_vectors(folder: str) -> None:
    document = _derived_document(folder)
    proof = document["proof"]
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    config["@context"] = document["@context"]
    suite = suite_named("ecdsa-sd-2023")
    config_text, document_text = suite.canonical_texts(unsecured, config, _loader(), KeyType.P256)
    derived = parse_derived_proof_value(proof["proofValue"])
    expected = _json(folder, "verifyDerivedProofValue.json")
    assert derived.base_signature.hex() == expected["baseSignature"]
    assert derived.public_key.multibase == expected["publicKey"]
    assert [s.hex() for s in derived.signatures] == expected["signatures"]
    assert sorted(derived.label_map.items()) == sorted(map(tuple, expected["labelMap"]))
    assert list(derived.mandatory_indexes) == expected["mandatoryIndexes"]
    # the revealed statements with the labels the issuer signed, in order
    relabelled = sorted(
        re.sub(r"_:(c14n[0-9]+)", lambda m: "_:" + derived.label_map[m.group(1)], line)
        for line in document_text.splitlines(keepends=True)
    )
    assert relabelled == _json(folder, "verifyNQuads.json")
    verify_data = _json(folder, "verifyCreateVerifyData.json")
    optional = [nq for i, nq in enumerate(relabelled) if i not in derived.mandatory_indexes]
    assert optional == verify_data["nonMandatory"]
    assert hashlib.sha256(config_text.encode()).hexdigest() == verify_data["proofHash"]
    mandatory = "".join(nq for i, nq in enumerate(relabelled) if i in derived.mandatory_indexes)
    assert hashlib.sha256(mandatory.encode()).hexdigest() == verify_data["mandatoryHash"]
    assert verify_derived_proof(derived, config_text, document_text, _issuer_key(document))


def _issuer_key(document: dict[str, Any]) -> Any:
    from microcredential.keys import public_key_from_did

    return public_key_from_did(document["proof"]["verificationMethod"])


def _codes(document: dict[str, Any]) -> set[str]:
    return {p.code for p in verify_proofs(document, loader=_loader()).problems}


@pytest.mark.parametrize("folder", FOLDERS)
def test_any_change_to_the_revealed_document_fails(folder: str) -> None:
    document = _derived_document(folder)
    subject = copy.deepcopy(document)
    first = next(k for k in subject["credentialSubject"] if k not in ("type", "id"))
    subject["credentialSubject"][first] = "something else"
    assert _codes(subject) == {"proof.signature-mismatch"}
    dates = copy.deepcopy(document)
    dates["validUntil"] = "2099-01-01T00:00:00Z"
    assert _codes(dates) == {"proof.signature-mismatch"}
    created = copy.deepcopy(document)
    created["proof"]["created"] = "2023-08-16T00:00:00Z"
    assert _codes(created) == {"proof.signature-mismatch"}


def test_a_forged_statement_signature_or_mandatory_index_fails() -> None:
    document = _derived_document("employ")
    parts = _json("employ", "verifyDerivedProofValue.json")
    for change in ("signature", "index", "label"):
        components: list[Any] = [
            bytes.fromhex(parts["baseSignature"]),
            multibase.decode_base58btc(parts["publicKey"]),
            [bytes.fromhex(s) for s in parts["signatures"]],
            {
                int(k.removeprefix("c14n")): multibase.decode_base64url(v)
                for k, v in parts["labelMap"]
            },
            list(parts["mandatoryIndexes"]),
        ]
        if change == "signature":
            components[2][0] = bytes(64)
        elif change == "index":
            components[4] = components[4][:-1]
        else:
            components[3][0] = bytes(32)
        forged = copy.deepcopy(document)
        forged["proof"]["proofValue"] = multibase.encode_base64url(
            DERIVED_HEADER + cbor(components)
        )
        assert _codes(forged) == {"proof.signature-mismatch"}, change


@pytest.mark.parametrize(
    ("proof_value", "message"),
    [
        (lambda v: "z" + v[1:], "starts with 'u'"),
        (lambda v: v[:-8], "ends early|canonical|length"),
        (lambda v: multibase.encode_base64url(b"\xd9\x5d\x02" + b"\x80"), "header d9 5d 01"),
        (lambda v: multibase.encode_base64url(DERIVED_HEADER + cbor([1, 2])), "five components"),
        (lambda v: multibase.encode_base64url(DERIVED_HEADER + b"\x9f"), "indefinite"),
        (lambda v: multibase.encode_base64url(DERIVED_HEADER + b"\xc1\x00"), "major type 6"),
    ],
)
def test_malformed_derived_proof_values(proof_value: Any, message: str) -> None:
    document = _derived_document("prc")
    bad = copy.deepcopy(document)
    bad["proof"]["proofValue"] = proof_value(document["proof"]["proofValue"])
    problems = verify_proofs(bad, loader=_loader()).problems
    assert [p.code for p in problems] == ["proof.malformed"]
    assert re.search(message, problems[0].message), problems[0].message


def test_a_base_proof_is_not_for_a_verifier() -> None:
    base = _json("prc", "addSignedSDBase.json")
    problems = verify_proofs(base, loader=_loader()).problems
    assert [p.code for p in problems] == ["proof.malformed"]
    assert "base proof, which only its holder checks" in problems[0].message
