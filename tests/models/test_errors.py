"""Errors: every problem, each with a JSON pointer into the caller's document."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from microcredential import strategies as mcst
from microcredential.errors import InvalidDocumentError
from microcredential.models import (
    OpenBadgeCredential,
    parse_achievement,
    parse_credential,
    parse_endorsement,
    parse_presentation,
    parse_profile,
)
from microcredential.problems import pointer_segments

# Generating a credential takes ~100 draws: cap the examples to keep the suite fast.
FEW = settings(max_examples=min(settings().max_examples, 50))


def _badge() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:91a8c7a0-5a1c-4a43-a0a3-2f0f2e3c8d11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        "validFrom": "2024-09-01T08:00:00+02:00",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:uuid:0b6a9a6e-3d2f-4a55-9a57-1f5a1c8e2b77",
                "type": ["Achievement"],
                "name": "Circulaire economie",
                "description": "Toegekend na een beoordeeld portfolio.",
                "criteria": {"narrative": "Portfolio en eindgesprek."},
            },
        },
    }


@FEW
@given(mcst.invalid_credentials())
def test_every_mutation_is_rejected_at_the_broken_member(mutation: mcst.Mutation) -> None:
    before = copy.deepcopy(mutation.document)
    with pytest.raises(InvalidDocumentError) as info:
        parse_credential(mutation.document)
    paths = [p.path for p in info.value.problems]
    assert mutation.pointer in paths, mutation.description
    assert mutation.document == before
    # Every pointer is a real place in the document (or the missing member's place).
    for path in paths:
        target: Any = mutation.document
        *parents, _last = pointer_segments(path)
        for segment in parents:
            target = target[int(segment)] if isinstance(target, list) else target[segment]


@FEW
@given(mcst.credentials())
def test_all_problems_are_listed(document: dict[str, Any]) -> None:
    document["issuer"] = 7
    document["validFrom"] = "2024-01-01T00:00:00"
    achievement = document["credentialSubject"]["achievement"]
    del achievement["name"]
    achievement["achievementType"] = "Diplomma"
    achievement["alignment"] = [{"type": "Alignment", "targetName": "x"}]
    with pytest.raises(InvalidDocumentError) as info:
        parse_credential(document, source="badge.json")
    paths = sorted(p.path for p in info.value.problems)
    assert paths == [
        "/credentialSubject/achievement/achievementType",
        "/credentialSubject/achievement/alignment/0/targetUrl",
        "/credentialSubject/achievement/name",
        "/issuer",
        "/validFrom",
    ]
    message = str(info.value)
    assert message.startswith("badge.json: 5 problems:")
    for path in paths:
        assert path in message


def test_pointers_name_no_union_branches() -> None:
    document: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.org/i", "type": ["Profile", 5]},
        "credentialSubject": {"type": ["AchievementSubject"], "achievement": "urn:x"},
        "proof": [{"type": "DataIntegrityProof", "created": "yesterday"}],
    }
    with pytest.raises(InvalidDocumentError) as info:
        parse_credential(document)
    problems = {p.path: p for p in info.value.problems}
    assert set(problems) == {
        "/id",
        "/issuer/type",
        "/credentialSubject/achievement",
        "/proof/0/created",
        "/@context",
        "/validFrom",
    }
    assert problems["/id"].code == "model.missing-property"
    assert problems["/@context"].code == "model.invalid-context"
    assert "must be a JSON object" in problems["/credentialSubject/achievement"].message
    assert all(p.spec for p in problems.values())


def test_no_raw_pydantic_errors_escape() -> None:
    for parse in (
        parse_credential,
        parse_profile,
        parse_achievement,
        parse_endorsement,
        parse_presentation,
    ):
        with pytest.raises(InvalidDocumentError) as info:
            parse({"type": 5})
        assert not isinstance(info.value, ValidationError)
        assert info.value.__cause__ is None
        assert info.value.problems


@pytest.mark.parametrize("document", [[], "x", 3, None])
def test_documents_must_be_objects(document: Any) -> None:
    with pytest.raises(InvalidDocumentError, match="JSON object"):
        parse_credential(document)


def test_unknown_context_version_is_reported() -> None:
    document = _badge()
    document["@context"][0] = "https://www.w3.org/2018/credentials/v2"
    with pytest.raises(InvalidDocumentError, match="first @context item") as info:
        parse_credential(document)
    assert info.value.problems[0].path == "/@context"


def test_model_validate_enforces_the_version_rules_too() -> None:
    document = _badge()
    del document["validFrom"]
    with pytest.raises(ValidationError, match="validFrom"):
        OpenBadgeCredential.from_json(document)


def test_endorsement_and_presentation_round_trip() -> None:
    endorsement = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:4f1f8a4e-1d8b-4a4e-8a5e-3c1d0e8f9a01",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endorsement of the Teamwork badge",
        "issuer": {"id": "https://example.org/endorser", "type": ["Profile"]},
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "https://example.org/achievements/1",
            "type": ["EndorsementSubject"],
            "endorsementComment": "A rigorous assessment.",
        },
    }
    assert parse_endorsement(endorsement).to_json() == endorsement
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": "did:example:holder",
        "verifiableCredential": [endorsement, _badge()],
    }
    parsed = parse_presentation(presentation)
    assert parsed.to_json() == presentation
    assert isinstance(parsed.verifiable_credential, list)
    assert [type(c).__name__ for c in parsed.verifiable_credential] == [
        "EndorsementCredential",
        "OpenBadgeCredential",
    ]
    del endorsement["name"]
    with pytest.raises(InvalidDocumentError) as info:
        parse_presentation(presentation)
    assert [p.path for p in info.value.problems] == ["/verifiableCredential/0/name"]
