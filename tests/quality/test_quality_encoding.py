"""The ob3 and edubadges encodings: lossless round trips, the fixed forms, defined terms only."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld

from microcredential.errors import InvalidDocumentError
from microcredential.quality import (
    EDUBADGES_CONTEXT_URL,
    ENCODINGS,
    AssessmentType,
    EmailRecipient,
    GradingScheme,
    LearningOutcome,
    Link,
    MicrocredentialProfile,
    ParticipationForm,
    QualityAssurance,
    Stackability,
    Supervision,
    build_achievement,
    build_credential,
    decode_achievement,
    decode_credential,
    edubadges_context,
    encode_achievement,
    identity_hash,
)
from quality.quality_support import ISSUED, ISSUER, full_profile, make_credential

ACHIEVEMENT_ID = "https://hs.example/mc/ux"

# -- strategies --------------------------------------------------------------------------------

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")
_slug = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8)
urls = st.builds("https://{}.example/{}".format, _slug, _slug)
positive = st.one_of(
    st.integers(min_value=1, max_value=2000),
    st.floats(min_value=0.1, max_value=2000, allow_nan=False, allow_infinity=False),
)


def _unique(strategy: Any) -> Any:
    return st.lists(strategy, min_size=1, max_size=4, unique=True).map(tuple)


@st.composite
def profiles(draw: st.DrawFn) -> MicrocredentialProfile:
    ects = draw(st.none() | positive)
    hours = draw(positive if ects is None else st.none() | positive)
    stackability = draw(st.none() | st.sampled_from(Stackability))
    return MicrocredentialProfile(
        title=draw(text),
        description=draw(text),
        criteria=draw(text),
        learning_outcomes=draw(
            _unique(st.builds(LearningOutcome, text, st.none() | urls)).filter(
                lambda los: len({lo.text for lo in los}) == len(los)
            )
        ),
        assessment_types=draw(_unique(st.sampled_from(AssessmentType))),
        participation_forms=draw(_unique(st.sampled_from(ParticipationForm))),
        quality_assurance=draw(st.builds(QualityAssurance, text, urls, st.none() | text)),
        ects=ects,
        hours=hours,
        eqf_level=draw(st.none() | st.integers(1, 8)),
        nlqf_level=draw(st.none() | st.sampled_from(["entry", "1", "5", "8"])),
        qf_ehea_cycle=draw(st.none() | st.sampled_from(["short", "1", "2", "3"])),
        prerequisites=draw(st.none() | text),
        supervision=draw(st.none() | st.sampled_from(Supervision)),
        grading=draw(
            st.none()
            | st.builds(
                GradingScheme,
                text,
                st.none() | text,
                st.none() | text,
                st.none() | text,
                st.sampled_from(["Result", "LetterGrade", "ext:ECTSGradeScore"]),
            )
        ),
        stackability=stackability,
        stacks_toward=draw(
            st.none() | st.builds(Link, urls, text)
            if stackability is Stackability.STACKABLE
            else st.none()
        ),
        further_information=draw(st.none() | st.builds(Link, urls, text)),
        language=draw(st.none() | st.sampled_from(["nl", "en", "en-GB", "de-DE"])),
        image=draw(st.none() | urls),
    )


# -- round trips -------------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
@settings(max_examples=60)
@given(profile=profiles())
def test_profile_round_trip(encoding: str, profile: MicrocredentialProfile) -> None:
    achievement = encode_achievement(profile, id=ACHIEVEMENT_ID, encoding=encoding)  # type: ignore[arg-type]
    assert decode_achievement(json.loads(json.dumps(achievement))) == profile


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_credential_round_trip(encoding: str) -> None:
    credential = make_credential(encoding)
    profile, facts = decode_credential(credential)
    assert profile == full_profile()
    assert facts.learner == "did:example:learner-1"
    assert facts.issuer == ISSUER
    assert facts.valid_from == ISSUED
    assert facts.grade == "8"


def test_eqf_alignment_has_the_fixed_form() -> None:
    achievement = encode_achievement(full_profile(), id=ACHIEVEMENT_ID)
    eqf = [a for a in achievement["alignment"] if a["targetType"] == "ext:EQFLevel"]
    assert eqf == [
        {
            "type": ["Alignment"],
            "targetType": "ext:EQFLevel",
            "targetName": "EQF level 6",
            "targetUrl": "http://data.europa.eu/snb/eqf/6",
            "targetFramework": "European Qualifications Framework",
            "targetCode": "6",
        }
    ]


def test_ob3_encoding_core_fields() -> None:
    achievement = encode_achievement(full_profile(), id=ACHIEVEMENT_ID)
    assert achievement["type"] == ["Achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    assert achievement["creditsAvailable"] == 5
    assert not {"ECTS", "participationType", "assessmentType"} & set(achievement)
    credential = make_credential("ob3")
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    result = credential["credentialSubject"]["result"][0]
    assert result["resultDescription"] == achievement["resultDescription"][0]["id"]


def test_edubadges_encoding_fields() -> None:
    credential = make_credential("edubadges")
    achievement = credential["credentialSubject"]["achievement"]
    assert credential["@context"][2] == EDUBADGES_CONTEXT_URL
    assert achievement["type"] == ["Achievement", "EducredentialAchievement"]
    assert achievement["ECTS"] == 5
    assert achievement["timeInvestment"] == 140
    assert achievement["participationType"] == "onsite or blended"
    assert achievement["assessmentType"] == "testing"
    assert achievement["supervisionType"] == "onsite with identity verification"
    assert achievement["identityChecked"] is True
    assert credential["issuer"]["otherIdentifier"] == [
        {"type": "IdentifierEntry", "identifier": "99XX", "identifierType": "ext:BRIN"}
    ]


def test_edubadges_platform_values_are_read() -> None:
    """A credential as the platform writes it: no alignments, stored multi-values."""
    achievement = {
        "id": "https://example.com/achievements/1",
        "type": ["Achievement", "EducredentialAchievement"],
        "name": "Minor",
        "description": "d",
        "criteria": {"narrative": "n"},
        "ECTS": 3.0,
        "participationType": "blended,online",
        "assessmentType": "written_exam,portfolio_assessment",
        "supervisionType": "supervised online",
        "identityChecked": True,
        "alignment": [
            {
                "type": ["Alignment"],
                "targetType": "ext:EQF",
                "targetName": "EQF level 4",
                "targetCode": "4",
                "targetUrl": "https://content.example.com/eqf",
            },
            {
                "type": ["Alignment"],
                "targetType": "ext:LearningOutcome",
                "targetName": "Applies the method.",
                "targetUrl": "https://example.com/lo/1",
            },
            {
                "type": ["Alignment"],
                "targetType": "ext:QualityAssurance",
                "targetName": "QA",
                "targetUrl": "https://example.com/qa",
            },
        ],
    }
    profile = decode_achievement(achievement)
    assert profile.participation_forms == (ParticipationForm.BLENDED, ParticipationForm.ONLINE)
    assert profile.assessment_types == (AssessmentType.TESTING, AssessmentType.PORTFOLIO)
    assert profile.supervision is Supervision.SUPERVISED_WITH_ID
    assert profile.eqf_level == 4
    assert profile.ects == 3.0


def test_decode_refuses_an_incomplete_achievement() -> None:
    achievement = encode_achievement(full_profile(), id=ACHIEVEMENT_ID)
    achievement["alignment"] = [
        a for a in achievement["alignment"] if a["targetType"] != "ext:QualityAssurance"
    ]
    with pytest.raises(InvalidDocumentError, match="quality_assurance"):
        decode_achievement(achievement)


def test_decode_reads_outcomes_from_result_descriptions_then_the_narrative() -> None:
    achievement = encode_achievement(full_profile(), id=ACHIEVEMENT_ID)
    achievement["alignment"] = [
        a for a in achievement["alignment"] if a["targetType"] != "ext:LearningOutcome"
    ]
    assert [o.text for o in decode_achievement(achievement).learning_outcomes] == ["Final grade"]
    del achievement["resultDescription"]
    narrative = achievement["criteria"]["narrative"]
    assert [o.text for o in decode_achievement(achievement).learning_outcomes] == [narrative]


def _ambiguity(call: Any, *args: Any) -> list[tuple[str, str]]:
    with pytest.raises(InvalidDocumentError) as raised:
        call(*args)
    return [(p.code, p.message) for p in raised.value.problems]


def test_decode_refuses_an_element_stated_twice_with_different_values() -> None:
    achievement = encode_achievement(full_profile(), id=ACHIEVEMENT_ID)
    [eqf] = [a for a in achievement["alignment"] if a["targetType"] == "ext:EQFLevel"]
    achievement["alignment"].append({**eqf, "targetCode": "7"})
    [(code, message)] = _ambiguity(decode_achievement, achievement)
    assert code == "quality.ambiguous"
    assert "EQF level" in message
    achievement["alignment"].reverse()  # no order makes one of them "the" level
    assert [c for c, _ in _ambiguity(decode_achievement, achievement)] == ["quality.ambiguous"]
    for alignment in achievement["alignment"]:
        if alignment["targetType"] == "ext:EQFLevel":
            alignment["targetCode"] = eqf["targetCode"]  # the same level twice agrees
    assert decode_achievement(achievement).eqf_level == int(eqf["targetCode"])


@pytest.mark.parametrize(
    ("change", "what"),
    [
        (lambda s: s["result"].append({**s["result"][0], "value": "6"}), "grade"),
        (lambda s: s.update(identifier=[
            {"type": "IdentityObject", "identityType": "name", "hashed": False,
             "identityHash": name} for name in ("Sanne de Vries", "S. de Vries")]),
         "learner's name"),
    ],
)  # fmt: skip
def test_decode_credential_reads_every_result_and_identifier(change: Any, what: str) -> None:
    credential = make_credential()
    change(credential["credentialSubject"])
    [(code, message)] = _ambiguity(decode_credential, credential)
    assert code == "quality.ambiguous"
    assert what in message


def test_decode_credential_refuses_several_subjects() -> None:
    credential = make_credential()
    subject = credential["credentialSubject"]
    credential["credentialSubject"] = [subject, {**subject, "id": "did:example:other"}]
    [(code, _)] = _ambiguity(decode_credential, credential)
    assert code == "quality.ambiguous"
    credential["credentialSubject"] = [subject]
    assert decode_credential(credential)[1].learner == subject["id"]


def test_inputs_are_not_mutated() -> None:
    achievement = encode_achievement(full_profile(), id=ACHIEVEMENT_ID)
    before = copy.deepcopy(achievement)
    credential = build_credential(
        achievement, recipient="did:example:x", issuer=ISSUER, valid_from=ISSUED, grade="7"
    )
    assert achievement == before
    credential["credentialSubject"]["achievement"]["name"] = "changed"
    assert achievement == before


def test_email_recipient_identity_hash() -> None:
    credential = build_credential(
        encode_achievement(full_profile(), id=ACHIEVEMENT_ID),
        recipient=EmailRecipient("learner@example.org", "s4lt"),
        issuer=ISSUER,
        valid_from=ISSUED,
        learner_name="Sanne de Vries",
    )
    subject = credential["credentialSubject"]
    assert "id" not in subject
    email, name = subject["identifier"]
    digest = hashlib.sha256(b"learner@example.orgs4lt").hexdigest()
    assert email == {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": "s4lt",
    }
    assert name["identityType"] == "name"
    assert name["hashed"] is False
    assert "learner@example.org" not in repr(EmailRecipient("learner@example.org"))


def test_identity_hash_without_salt_and_random_salt() -> None:
    assert identity_hash("a@b.nl") == "sha256$" + hashlib.sha256(b"a@b.nl").hexdigest()
    one = build_credential(
        encode_achievement(full_profile(), id=ACHIEVEMENT_ID),
        recipient=EmailRecipient("a@b.nl"),
        issuer=ISSUER,
        valid_from=ISSUED,
    )
    salt = one["credentialSubject"]["identifier"][0]["salt"]
    assert len(salt) == 32
    assert one["credentialSubject"]["identifier"][0]["identityHash"] == identity_hash(
        "a@b.nl", salt
    )


def test_builder_refuses_misuse() -> None:
    achievement = encode_achievement(
        full_profile().__class__(**{**_fields(full_profile()), "grading": None}),
        id=ACHIEVEMENT_ID,
    )
    with pytest.raises(ValueError, match="grading scheme"):
        build_credential(
            achievement, recipient="did:example:x", issuer=ISSUER, valid_from=ISSUED, grade="8"
        )
    with pytest.raises(ValueError, match="timezone-aware"):
        build_credential(
            achievement,
            recipient="did:example:x",
            issuer=ISSUER,
            valid_from=dt.datetime(2026, 1, 1),
        )
    with pytest.raises(ValueError, match="encoding"):
        build_achievement(full_profile(), id=ACHIEVEMENT_ID, encoding="json")  # type: ignore[arg-type]


def _fields(profile: MicrocredentialProfile) -> dict[str, Any]:
    return {name: getattr(profile, name) for name in profile.__dataclass_fields__}


def test_valid_from_is_written_in_utc() -> None:
    plus_two = dt.timezone(dt.timedelta(hours=2))
    credential = build_credential(
        encode_achievement(full_profile(), id=ACHIEVEMENT_ID),
        recipient="did:example:x",
        issuer=ISSUER,
        valid_from=dt.datetime(2026, 3, 2, 11, 0, 0, 123, tzinfo=plus_two),
    )
    assert credential["validFrom"] == "2026-03-02T09:00:00Z"


# -- only defined terms (checked with pyld, independently of the library's JSON-LD layer) -----

_SENTINEL = "urn:test:undefined-term:"


def _bundled_contexts() -> dict[str, Any]:
    base = resources.files("microcredential.jsonld").joinpath("contexts")
    manifest = json.loads(base.joinpath("manifest.json").read_text("utf-8"))
    docs = {
        url: json.loads(base.joinpath(name).read_text("utf-8")) for url, name in manifest.items()
    }
    docs[EDUBADGES_CONTEXT_URL] = edubadges_context()
    return docs


def _undefined_terms(document: dict[str, Any]) -> set[str]:
    docs = _bundled_contexts()

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        return {"contextUrl": None, "documentUrl": url, "document": docs[url]}

    probe = dict(document)
    probe["@context"] = [{"@vocab": _SENTINEL}, *document["@context"]]
    expanded = json.dumps(jsonld.expand(probe, {"documentLoader": loader}))
    found = set()
    for part in expanded.split(_SENTINEL)[1:]:
        found.add(part.split('"')[0])
    return found


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_credentials_use_only_defined_terms(encoding: str) -> None:
    credential = make_credential(encoding)
    credential["credentialSubject"]["identifier"] = build_credential(
        credential["credentialSubject"]["achievement"],
        recipient=EmailRecipient("a@b.nl", "x"),
        issuer=ISSUER,
        valid_from=ISSUED,
        learner_name="A",
    )["credentialSubject"]["identifier"]
    assert _undefined_terms(credential) == set()


def test_the_term_check_can_fail() -> None:
    credential = make_credential("ob3")
    credential["credentialSubject"]["achievement"]["ECTS"] = 5
    assert _undefined_terms(credential) == {"ECTS"}


def test_edubadges_context_is_corrected() -> None:
    context = edubadges_context()
    scoped = context["@context"]["EducredentialAchievement"]["@context"]
    assert "@context" in scoped["supervisionType"]
    assert "context" not in scoped["supervisionType"]
    context["@context"]["id"] = "changed"
    assert edubadges_context()["@context"]["id"] == "@id"
