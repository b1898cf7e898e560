"""Credentials in both encodings canonicalize in safe mode and sign with eddsa-rdfc-2022."""

from __future__ import annotations

import datetime as dt

import pytest

from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.jsonld import bundled_context_urls, canonicalize
from microcredential.keys import Ed25519Key
from microcredential.quality.builder import build_achievement, build_credential, example_profile
from microcredential.quality.encoding import EDUBADGES_CONTEXT_URL, edubadges_context
from microcredential.quality.profile import IssuerInfo
from microcredential.schema import document_problems


def test_edubadges_context_is_served_offline() -> None:
    assert EDUBADGES_CONTEXT_URL in bundled_context_urls()
    assert "@context" in edubadges_context()


@pytest.mark.parametrize("encoding", ["ob3", "edubadges"])
def test_both_encodings_sign_and_verify(encoding: str) -> None:
    key = Ed25519Key.generate()
    achievement = build_achievement(
        example_profile(),
        id="https://edu.example.nl/achievements/ddm",
        encoding=encoding,  # type: ignore[arg-type]
    )
    credential = build_credential(
        achievement,
        recipient="did:example:learner",
        issuer=IssuerInfo(id=key.controller, name="Hogeschool Voorbeeld", country_code="NL"),
        valid_from=dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC),
    )
    assert canonicalize(credential)  # no SafeModeError: every term is defined
    signed = add_proof_unchecked(credential, key)
    assert verify_proofs(signed).ok


@pytest.mark.parametrize("encoding", ["ob3", "edubadges"])
def test_built_credential_meets_the_schema_and_models(encoding: str) -> None:
    """Regression: IdentityObject and IdentifierEntry types were written as arrays."""
    from microcredential.quality.profile import EmailRecipient

    achievement = build_achievement(
        example_profile(),
        id="https://edu.example.nl/achievements/ddm",
        encoding=encoding,  # type: ignore[arg-type]
    )
    credential = build_credential(
        achievement,
        recipient=EmailRecipient("learner@example.org", "s4lt"),
        issuer=IssuerInfo(
            id="https://edu.example.nl/issuers/1",
            name="Hogeschool Voorbeeld",
            country_code="NL",
            brin="99XX",
        ),
        valid_from=dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC),
        learner_name="Sanne de Vries",
    )
    assert document_problems(credential) == []


@pytest.mark.parametrize("result_type", [[], None, 1.5, {"a": 1}])
def test_grading_result_type_of_the_wrong_json_type_is_a_value_error(result_type: object) -> None:
    # Regression: a non-string resultType in the input file raised TypeError/AttributeError.
    from microcredential.quality.builder import parse_input

    data = {
        "id": "https://edu.example.nl/achievements/ddm",
        "title": "Data",
        "description": "d",
        "criteria": "c",
        "learningOutcomes": ["x"],
        "ects": 5,
        "grading": {"name": "1-10", "resultType": result_type},
    }
    # the message names the key as the file writes it, not the Python attribute
    with pytest.raises(ValueError, match="/grading/resultType: resultType must be") as raised:
        parse_input(data)
    assert "result_type" not in str(raised.value)


def test_messages_quoting_huge_values_stay_short() -> None:
    from microcredential.quality import check_quality

    achievement = build_achievement(example_profile(), id="https://edu.example.nl/a/ddm")
    achievement["achievementType"] = "X" * 1_000_000
    credential = build_credential(
        achievement,
        recipient="did:example:learner",
        issuer=IssuerInfo(id="https://edu.example.nl/i/1", name="H", country_code="NL"),
        valid_from=dt.datetime(2026, 6, 30, 12, tzinfo=dt.UTC),
    )
    report = check_quality(credential, profiles=("ob3",))
    assert report.errors
    assert max(len(f.message) for f in report.errors) <= 400
