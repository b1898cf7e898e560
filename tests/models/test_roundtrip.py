"""Reading and writing back gives the same JSON value: generated and official documents."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from microcredential import strategies as mcst
from microcredential.models import (
    Achievement,
    DataIntegrityProof,
    OpenBadgeCredential,
    Profile,
    VerifiableCredential,
    parse_achievement,
    parse_credential,
    parse_profile,
)
from support import REFERENCE, reference_json

# Generating a credential takes ~100 draws: cap the examples to keep the suite fast.
FEW = settings(max_examples=min(settings().max_examples, 50))


def _round_trip(parse: Any, document: dict[str, Any]) -> None:
    before = copy.deepcopy(document)
    model = parse(document)
    out = model.to_json()
    assert out == document
    # Same JSON *text* too: int/float and key sets survive, not only Python equality.
    assert json.dumps(out, sort_keys=True) == json.dumps(document, sort_keys=True)
    assert document == before, "parsing modified the input"


@FEW
@given(mcst.credentials())
def test_generated_credentials_round_trip(document: dict[str, Any]) -> None:
    _round_trip(parse_credential, document)


@FEW
@given(mcst.microcredentials())
def test_generated_microcredentials_round_trip(document: dict[str, Any]) -> None:
    _round_trip(parse_credential, document)


@FEW
@given(mcst.profiles() | mcst.profiles(standalone=True))
def test_generated_profiles_round_trip(document: dict[str, Any]) -> None:
    _round_trip(parse_profile, document)


@FEW
@given(mcst.achievements())
def test_generated_achievements_round_trip(document: dict[str, Any]) -> None:
    _round_trip(parse_achievement, document)


def _vector_files() -> list[str]:
    if not REFERENCE.is_dir():
        return []
    base = REFERENCE / "vectors"
    return sorted(
        str(p.relative_to(REFERENCE)) for p in base.rglob("*.json") if "rdf-canon" not in p.parts
    )


def _model_for(document: Any) -> type[Any] | None:
    if not isinstance(document, dict):
        return None
    types = document.get("type")
    names = [types] if isinstance(types, str) else types or []
    if "credentialSubject" in document:
        if "OpenBadgeCredential" in names or "AchievementCredential" in names:
            return OpenBadgeCredential
        return VerifiableCredential
    if "proofPurpose" in document or "cryptosuite" in document:
        return DataIntegrityProof
    if "Profile" in names:
        return Profile
    if "Achievement" in names:
        return Achievement
    return None


@pytest.mark.parametrize("relative", _vector_files())
def test_reference_vectors_round_trip(relative: str) -> None:
    document = reference_json(relative)
    model = _model_for(document)
    if model is None:
        pytest.skip(f"{Path(relative).name} is key material or an intermediate value")
    before = copy.deepcopy(document)
    assert model.from_json(document).to_json() == document
    assert document == before


def test_ob3_vector_is_read_as_open_badge() -> None:
    document = reference_json("vectors/ob3-ldp/signed-credential.json")
    credential = parse_credential(document)
    assert credential.credential_subject.achievement.name == "Teamwork"
    assert isinstance(credential.issuer, Profile)
    assert isinstance(credential.proof, DataIntegrityProof)  # a single object stays single
    assert credential.proof.cryptosuite == "eddsa-rdfc-2022"
    assert credential.vc_version == "2.0"


# A VC 1.1-based Open Badge of the kind many wallets hold (facts from the OB 3.0 examples).
VC11_BADGE: dict[str, Any] = {
    "@context": [
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.0.json",
        "https://w3id.org/security/suites/ed25519-2020/v1",
    ],
    "id": "urn:uuid:a63a60be-f4af-491c-87fc-2c8fd3007a58",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "JFF x vc-edu PlugFest 2 Interoperability",
    "issuer": {
        "type": ["Profile"],
        "id": "did:key:z6MkrHKzgsahxBLyNAbLQyB1pcWNYC9GmywiWPgkrvntAZcj",
        "name": "Jobs for the Future (JFF)",
        "image": {"id": "https://example.org/jff.png", "type": "Image"},
    },
    "issuanceDate": "2022-11-01T00:00:00Z",
    "expirationDate": "2032-11-01T00:00:00+01:00",
    "credentialSubject": {
        "type": ["AchievementSubject"],
        "id": "did:key:z6MkqGDxBMY7hsMN3UR7ZkqARPjL7nXcpFEW6JWWGXqrEkhE",
        "achievement": {
            "id": "urn:uuid:bd6d9316-f7ae-4073-a1e5-2f7f5bd22922",
            "type": ["Achievement"],
            "name": "JFF x vc-edu PlugFest 2 Interoperability",
            "description": "This credential solution supports the use of OBv3.",
            "criteria": {"type": "Criteria", "narrative": "Solutions providers earned this."},
            "image": {"id": "https://example.org/plugfest.png", "type": "Image"},
        },
    },
    "proof": {
        "type": "Ed25519Signature2020",
        "created": "2022-11-15T17:56:20Z",
        "verificationMethod": (
            "did:key:z6MkrHKzgsahxBLyNAbLQyB1pcWNYC9GmywiWPgkrvntAZcj"
            "#z6MkrHKzgsahxBLyNAbLQyB1pcWNYC9GmywiWPgkrvntAZcj"
        ),
        "proofPurpose": "assertionMethod",
        "proofValue": (
            "z3MUt2ZuU8Byqivxh6GphEM65AFYyNaGYibm97xLTafM7uGu"
            "fZQLKvJR8itZwxKskvtFM3CUty46v26DZidMNoQnM"
        ),
    },
}


def test_vc11_badge_round_trips_without_valid_from() -> None:
    _round_trip(parse_credential, VC11_BADGE)
    credential = parse_credential(VC11_BADGE)
    assert credential.vc_version == "1.1"
    assert credential.valid_from is None
    assert credential.issuance_date == "2022-11-01T00:00:00Z"
    assert credential.expiration_date is not None
    assert credential.expiration_date.datetime.utcoffset() is not None


def test_vc11_badge_needs_issuance_date() -> None:
    document = copy.deepcopy(VC11_BADGE)
    del document["issuanceDate"]
    with pytest.raises(ValueError, match="issuanceDate") as info:
        parse_credential(document)
    assert [p.path for p in info.value.problems] == ["/issuanceDate"]
