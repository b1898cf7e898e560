"""The typed profile refuses values it cannot encode faithfully; the JSON input format."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from microcredential.errors import InvalidDocumentError
from microcredential.quality import (
    AssessmentType,
    CredentialFacts,
    GradingScheme,
    IssuerInfo,
    LearningOutcome,
    Link,
    ParticipationForm,
    QualityAssurance,
    Stackability,
    Supervision,
    check_quality,
    credential_from_input,
    decode_credential,
    parse_input,
)
from microcredential.quality.vocab import eqf_iri
from quality.quality_support import TODAY, full_profile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "achievement-nl.json"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": " "}, "title"),
        ({"learning_outcomes": ()}, "learning_outcomes"),
        ({"learning_outcomes": ("plain string",)}, "learning_outcomes"),
        ({"assessment_types": ()}, "assessment_types"),
        ({"assessment_types": (AssessmentType.TESTING, AssessmentType.TESTING)}, "duplicates"),
        ({"participation_forms": ("blended",)}, "participation_forms"),
        ({"ects": None, "hours": None}, "workload"),
        ({"ects": 0}, "ects"),
        ({"hours": float("inf")}, "hours"),
        ({"ects": True}, "ects"),
        ({"eqf_level": 9}, "eqf_level"),
        ({"eqf_level": "6"}, "eqf_level"),
        ({"nlqf_level": "9"}, "nlqf_level"),
        ({"qf_ehea_cycle": "4"}, "qf_ehea_cycle"),
        ({"language": "en_EN"}, "language"),
        ({"image": "images/x.png"}, "image"),
        ({"supervision": "supervised"}, "supervision"),
        ({"stackability": Stackability.STANDALONE}, "stacks_toward"),
        ({"quality_assurance": None}, "quality_assurance"),
    ],
)
def test_profile_refuses_bad_values(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        replace(full_profile(), **changes)


def test_parts_validate_their_values() -> None:
    with pytest.raises(ValueError, match="absolute IRI"):
        LearningOutcome("Applies X.", "esco/skill/1")
    with pytest.raises(ValueError, match=r"quality_assurance\.url"):
        QualityAssurance("QA", "")
    with pytest.raises(ValueError, match="result_type"):
        GradingScheme("Grade", result_type="Mark")
    with pytest.raises(ValueError, match="name"):
        Link("https://x.example", "")
    for code in ("nl", "UK", "XX", "EN"):  # the real list, not the shape of a code
        with pytest.raises(ValueError, match="ISO 3166-1"):
            IssuerInfo(id="https://x.example", name="X", country_code=code)
    issuer = IssuerInfo(id="https://x.example", name="X", country_code="NL")
    with pytest.raises(ValueError, match="timezone-aware"):
        CredentialFacts("did:example:1", issuer, dt.datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="EQF"):
        eqf_iri(0)


def test_vocabulary_codes_are_unique_and_supervision_knows_identity_checks() -> None:
    for enum in (AssessmentType, ParticipationForm, Supervision):
        codes = [m.code for m in enum]
        assert len(codes) == len(set(codes))
        assert all(m.iri.startswith("http://data.europa.eu/snb/") for m in enum)
    assert [s for s in Supervision if s.identity_checked] == [
        Supervision.UNSUPERVISED_WITH_ID,
        Supervision.SUPERVISED_WITH_ID,
    ]
    assert ParticipationForm.from_code("blended") is ParticipationForm.BLENDED
    assert ParticipationForm.from_code("hybrid") is None


# -- the JSON input format and the example -----------------------------------------------------


def _example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    return data


LEARNER = {
    "recipient": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    "valid_from": dt.datetime(2026, 2, 27, 10, 0, tzinfo=dt.UTC),
    "grade": "7.8",
}


def test_example_builds_into_a_clean_credential() -> None:
    credential = credential_from_input(_example(), **LEARNER)
    report = check_quality(credential, profiles=("ob3", "eu", "nl"), today=TODAY)
    assert report.ok, report.render_text()
    assert report.warnings == ()
    profile, facts = decode_credential(credential)
    assert profile.ects == 5
    assert profile.eqf_level == 6
    assert profile.assessment_types == (AssessmentType.TESTING,)
    assert profile.participation_forms == (ParticipationForm.BLENDED,)
    assert facts.issuer.country_code == "NL"


def test_example_in_edubadges_encoding_passes_edubadges() -> None:
    data = {**_example(), "encoding": "edubadges"}
    data["image"] = "https://www.hs-voorbeeld.example/images/user-research.png"
    credential = credential_from_input(data, **LEARNER)
    report = check_quality(credential, profiles=("eu", "nl", "edubadges"), today=TODAY)
    assert report.ok, report.render_text()


@pytest.mark.parametrize(
    ("changes", "pointer", "message"),
    [
        ({"colour": "blue"}, "/colour", "unknown field"),
        ({"assessmentTypes": ["written_exam"]}, "/assessmentTypes/0", "'written_exam'"),
        ({"assessmentTypes": "testing"}, "/assessmentTypes", "list of codes"),
        ({"encoding": "xml"}, "/encoding", "encoding"),
        ({"id": None}, "/id", "IRI"),
        ({"learningOutcomes": [3]}, "/learningOutcomes/0", "string or an object"),
        ({"learningOutcomes": ["ok", {"text": " "}]}, "/learningOutcomes/1/text", "non-empty"),
        ({"qualityAssurance": {"name": "QA", "url": "no iri"}}, "/qualityAssurance/url", "IRI"),
        ({"grading": {"name": "1-10", "resultType": "Mark"}}, "/grading/resultType", "ext:"),
        ({"eqfLevel": 9}, "/eqfLevel", "1–8"),
        ({"stacksToward": "https://x.example"}, "/stacksToward", "must be an object"),
        ({"credential": {"issuer": "https://x.example"}}, "/credential/issuer", "an object"),
        ({"credential": {**_example()["credential"], "recipient": "x"}}, "/credential/recipient",
         "unknown field"),
        ({"credential": {"issuer": {"name": "X"}}}, "/credential/issuer/id", "issuer id"),
        ({"credential": {"issuer": {"id": "https://x.example", "name": "X", "countryCode": "nl"}}},
         "/credential/issuer/countryCode", "ISO 3166-1"),
    ],
)  # fmt: skip
def test_input_errors_name_the_field(changes: dict[str, Any], pointer: str, message: str) -> None:
    with pytest.raises(InvalidDocumentError) as raised:
        parse_input({**_example(), **changes}, source="achievement.json")
    [problem] = raised.value.problems
    assert (problem.code, problem.path) == ("quality.input", pointer)
    assert message in problem.message
    assert str(raised.value).startswith(f"achievement.json: {pointer}: ")


@pytest.mark.parametrize("valid_from", ["2026-02-27T10:00+01:00", "2026-02-27T10:00:00", "today"])
def test_input_valid_from_is_an_xsd_date_time_with_offset(valid_from: str) -> None:
    data = _example()
    data["credential"] = {**data["credential"], "learner": "did:example:x", "validFrom": valid_from}
    with pytest.raises(InvalidDocumentError) as raised:
        parse_input(data)
    assert [p.path for p in raised.value.problems] == ["/credential/validFrom"]


def test_input_valid_from_at_24_00_is_the_next_midnight() -> None:
    data = _example()
    data["credential"] = {
        **data["credential"],
        "learner": "did:example:x",
        "validFrom": "2026-02-27T24:00:00Z",
    }
    credential = credential_from_input(data)
    assert credential["validFrom"] == "2026-02-28T00:00:00Z"
    assert decode_credential(credential)[1].valid_from == dt.datetime(2026, 2, 28, tzinfo=dt.UTC)


def test_input_errors_are_all_reported_at_once() -> None:
    data = {**_example(), "colour": "blue", "encoding": "xml", "assessmentTypes": ["x", "y"]}
    with pytest.raises(InvalidDocumentError) as raised:
        parse_input(data)
    paths = [p.path for p in raised.value.problems]
    assert paths == ["/colour", "/encoding", "/assessmentTypes/0", "/assessmentTypes/1"]


@pytest.mark.parametrize("data", [[], "text", None])
def test_input_that_is_not_an_object(data: Any) -> None:
    with pytest.raises(InvalidDocumentError, match="must be a JSON object"):
        parse_input(data)


def test_input_without_credential_describes_only_the_achievement() -> None:
    data = _example()
    del data["credential"]
    assert parse_input(data).facts is None
    with pytest.raises(ValueError, match="only an achievement"):
        credential_from_input(data, **LEARNER)


def test_credential_block_with_learner_gives_facts() -> None:
    data = _example()
    data["credential"] = {
        **data["credential"],
        "id": "urn:uuid:3f1c2b7e-8d4a-4f6b-9c2e-5a7d1e0b9c34",
        "learner": {"email": "sanne@example.nl", "salt": "abc"},
        "learnerName": "Sanne de Vries",
        "validFrom": "2026-02-27T10:00:00Z",
    }
    spec = parse_input(data)
    assert spec.facts is not None
    assert spec.facts.valid_from == dt.datetime(2026, 2, 27, 10, 0, tzinfo=dt.UTC)
    credential = credential_from_input(data)
    assert credential["id"] == "urn:uuid:3f1c2b7e-8d4a-4f6b-9c2e-5a7d1e0b9c34"
    assert credential["credentialSubject"]["identifier"][0]["salt"] == "abc"
    with pytest.raises(ValueError, match="learner and validFrom"):
        credential_from_input(_example())


@pytest.mark.parametrize(
    ("changes", "pointer", "message"),
    [
        ({"grading": {"name": "1-10", "valueMin": 1}}, "/grading/valueMin", "valueMin must be"),
        ({"grading": {"name": "1-10", "requiredValue": 5.5}}, "/grading/requiredValue",
         "requiredValue must be"),
        ({"qualityAssurance": {"name": 3}}, "/qualityAssurance/name", "name must be"),
    ],
)  # fmt: skip
def test_input_errors_name_the_json_key_not_the_python_attribute(
    changes: dict[str, Any], pointer: str, message: str
) -> None:
    with pytest.raises(InvalidDocumentError) as raised:
        parse_input({**_example(), **changes})
    [problem] = [p for p in raised.value.problems if p.path == pointer]
    assert problem.message.startswith(message)
    assert "_" not in problem.message.split(" must ")[0]


def test_a_pass_mark_with_a_decimal_comma_is_written_as_the_grades_are() -> None:
    data = _example()
    data["grading"] = {**data["grading"], "requiredValue": "5,5", "valueMax": "10,0"}
    credential = credential_from_input(data, **{**LEARNER, "grade": "6,7"})
    subject = credential["credentialSubject"]
    [scheme] = subject["achievement"]["resultDescription"]
    assert (scheme["requiredValue"], scheme["valueMax"]) == ("5.5", "10.0")
    assert subject["result"][0]["value"] == "6.7"
    report = check_quality(credential, profiles=("eu", "nl"), today=TODAY)
    assert report.ok, report.render_text()


def test_a_credential_issued_to_a_hashed_address_is_read_back() -> None:
    from microcredential import recipient_matches
    from microcredential.quality import EmailRecipient, HashedRecipient, build_credential

    issued = credential_from_input(_example(), **{**LEARNER, "recipient": EmailRecipient("a@b.nl")})
    profile, facts = decode_credential(issued)
    assert profile.title == _example()["title"]
    assert isinstance(facts.learner, HashedRecipient)
    assert "salt" not in repr(facts.learner)
    again = build_credential(
        issued["credentialSubject"]["achievement"],
        recipient=facts.learner,
        issuer=facts.issuer,
        valid_from=facts.valid_from,
        grade=facts.grade,
    )
    assert again["credentialSubject"]["identifier"] == issued["credentialSubject"]["identifier"]
    assert recipient_matches(again, "a@b.nl") is True


def test_two_different_hashed_addresses_are_ambiguous() -> None:
    from microcredential.quality import EmailRecipient

    issued = credential_from_input(_example(), **{**LEARNER, "recipient": EmailRecipient("a@b.nl")})
    other = credential_from_input(_example(), **{**LEARNER, "recipient": EmailRecipient("c@d.nl")})
    issued["credentialSubject"]["identifier"] += other["credentialSubject"]["identifier"]
    with pytest.raises(InvalidDocumentError, match="hashed e-mail address"):
        decode_credential(issued)
