"""Signing a document in place: the proof of add_proof_unchecked, without its copy."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.integrity._in_place import add_proof_in_place
from microcredential.keys import EcdsaKey, Ed25519Key
from microcredential.resolve import DidKeyResolver

CREATED = dt.datetime(2026, 2, 15, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("key", "cryptosuite"),
    [
        (Ed25519Key.from_seed(bytes(range(32))), "eddsa-rdfc-2022"),
        (Ed25519Key.from_seed(bytes(range(32))), "eddsa-jcs-2022"),
        (EcdsaKey.generate("P-256"), "ecdsa-rdfc-2019"),
    ],
)
def test_the_document_itself_gets_the_proof_add_proof_unchecked_gives(
    key: Ed25519Key | EcdsaKey, cryptosuite: str
) -> None:
    shared_context = ["https://www.w3.org/ns/credentials/v2"]
    document: dict[str, Any] = {
        "@context": shared_context,
        "id": "urn:uuid:5e4b51e8-0a57-4f2f-b9b0-000000000001",
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "validFrom": "2026-02-15T12:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "name": "Zoë"},
    }
    before = copy.deepcopy(document)
    expected = add_proof_unchecked(document, key, cryptosuite=cryptosuite, created=CREATED)
    assert document == before  # the plain path copies

    signed = add_proof_in_place(document, key, cryptosuite=cryptosuite, created=CREATED)

    assert signed is document
    assert signed["@context"] is shared_context  # the values are the caller's, unchanged
    assert shared_context == before["@context"]
    if cryptosuite.startswith("eddsa"):  # deterministic signatures: the very same proof
        assert signed == expected
    else:
        assert {k: v for k, v in signed["proof"].items() if k != "proofValue"} == {
            k: v for k, v in expected["proof"].items() if k != "proofValue"
        }
    assert verify_proofs(signed, resolver=DidKeyResolver()).ok
