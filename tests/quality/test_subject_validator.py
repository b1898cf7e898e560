"""SubjectValidator: the report check_quality() gives, with the achievement's rules run once."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcredential.quality.validator as validator_module
from microcredential.quality import (
    CredentialTemplate,
    EmailRecipient,
    IssuerInfo,
    SubjectValidator,
    build_achievement,
    build_credential,
    check_quality,
    parse_input,
)
from microcredential.quality.rules import SUBJECT_RULES, rules_for

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = dt.datetime(2026, 3, 2, 12, tzinfo=dt.UTC)
ISSUER = IssuerInfo(id="https://hs.example/issuer", name="Hogeschool Voorbeeld", country_code="NL")
PROFILE_SETS = [("ob3", "eu"), ("ob3",), ("eu", "nl"), ("edubadges",), ("ob3", "eu", "1edtech")]


def achievement(kind: str) -> dict[str, Any]:
    data = json.loads((EXAMPLES / "achievement-nl.json").read_text(encoding="utf-8"))
    spec = parse_input({k: v for k, v in data.items() if k != "credential"})
    built = build_achievement(spec.profile, id=spec.id)  # with a grading scheme
    assert built["resultDescription"]
    if kind == "no-grading":
        built.pop("resultDescription", None)
    elif kind == "not-compacted":  # the template itself fails the compacted-form check
        built["https://example.org/undefined"] = "x"
    elif kind == "other-kind":  # rule EU-00: another kind of badge
        built["achievementType"] = "Badge"
    elif kind == "thin":  # achievement rules with errors
        for key in ("description", "alignment", "creditsAvailable"):
            built.pop(key, None)
    return built


KINDS = ["example", "no-grading", "not-compacted", "other-kind", "thin"]

# What differs between the learners' credentials: mostly sound (so that the rules run, not
# only the compacted-form check), sometimes broken in a way a rule or that check reports.
_DATES = st.sampled_from(
    ["2025-09-01T00:00:00Z", "2026-01-31T00:00:00Z", "2026-05-01T00:00:00Z", "31-01-2026", 3]
)
_SOUND = {
    "creditsEarned": st.one_of(st.integers(-1, 12), st.sampled_from([2.5, 0.5, "5"])),
    "activityStartDate": _DATES,
    "activityEndDate": _DATES,
    "id": st.sampled_from(["did:example:a", "https://hs.example/p/1", "not an iri", 3]),
    "role": st.sampled_from(["student", ""]),
    "result": st.lists(
        st.fixed_dictionaries(
            {"type": st.sampled_from([["Result"], "Result", ["Other"]])},
            optional={
                "value": st.sampled_from(["7.5", "10", "11", "x", 7]),
                "resultDescription": st.sampled_from(["urn:x", 5]),
                "status": st.sampled_from(["Completed", "Nope"]),
            },
        ),
        max_size=2,
    ),
    "identifier": st.lists(
        st.fixed_dictionaries(
            {
                "type": st.just("IdentityObject"),
                "identityType": st.sampled_from(["emailAddress", "name", "ext:X", "bogus"]),
                "identityHash": st.sampled_from(["sha256$00", "Anna"]),
                "hashed": st.booleans(),
            }
        ),
        max_size=2,
    ),
}
_BROKEN = {  # keys the compacted-form check refuses
    "https://example.org/iri-key": st.just("x"),
    "@nest": st.just({"creditsEarned": 1}),
    "undefinedTerm": st.just(1),
    "creditsEarned": st.just({"@value": 5}),
}
_EVIDENCE = st.sampled_from(
    [
        [{"id": "https://hs.example/e/1", "type": ["Evidence"]}],
        {"id": "https://hs.example/e/2", "type": "Evidence"},
        [{"id": "https://hs.example/e/3", "type": ["Evidence"], "narrative": "x"}],
        [{"type": ["Evidence"], "undefinedTerm": 1}],
    ]
)
_STATUS = st.sampled_from(
    [
        {
            "id": "https://hs.example/status/1#9",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "9",
            "statusListCredential": "https://hs.example/status/1",
        },
        {"id": "https://hs.example/status/1#9", "type": "Undefined"},
    ]
)


@st.composite
def learners(draw: st.DrawFn) -> dict[str, Any]:
    """The arguments of one learner's credential, and the members added to it."""
    recipient: Any = draw(
        st.one_of(
            st.sampled_from(["did:example:learner", "https://hs.example/p/1"]),
            st.builds(EmailRecipient, st.sampled_from(["a@hs.example", "B@HS.example"])),
        )
    )
    members = {key: draw(value) for key, value in _SOUND.items() if draw(st.integers(0, 2)) == 0}
    if draw(st.integers(0, 5)) == 0:
        key = draw(st.sampled_from(sorted(_BROKEN)))
        members[key] = draw(_BROKEN[key])
    return {
        "recipient": recipient,
        "id": draw(st.sampled_from(["urn:uuid:5e4b51e8-0a57-4f2f-b9b0-1f9f1f5d6a11", "x"])),
        "learner_name": draw(st.sampled_from([None, "Zoë van der Berg", "\u202eevil"])),
        "grade": draw(st.sampled_from([None, "7.5", "10"])),
        "subject": members,
        "evidence": draw(st.one_of(st.none(), _EVIDENCE)),
        "credentialStatus": draw(st.one_of(st.none(), _STATUS)),
    }


def credential_of(template: CredentialTemplate, learner: dict[str, Any]) -> dict[str, Any]:
    try:
        credential = template.credential(
            recipient=learner["recipient"],
            id=learner["id"],
            learner_name=learner["learner_name"],
            grade=learner["grade"],
        )
    except ValueError:  # a grade the achievement cannot take: award none
        credential = template.credential(recipient=learner["recipient"], id=learner["id"])
    credential["credentialSubject"].update(learner["subject"])
    for key in ("evidence", "credentialStatus"):
        if learner[key] is not None:
            credential[key] = learner[key]
    return credential


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("profiles", PROFILE_SETS)
@settings(max_examples=30, deadline=None)
@given(many=st.lists(learners(), min_size=1, max_size=4))
def test_the_report_is_the_one_check_quality_gives(
    kind: str, profiles: tuple[str, ...], many: list[dict[str, Any]]
) -> None:
    template = CredentialTemplate(achievement(kind), issuer=ISSUER, valid_from=NOW)
    checker = SubjectValidator(template, profiles=profiles, now=NOW)
    for learner in many:
        credential = credential_of(template, learner)
        assert checker.check_quality(credential) == check_quality(
            credential, profiles=profiles, now=NOW
        )


def test_a_credential_of_build_credential_is_validated_in_full_and_alike() -> None:
    built = achievement("example")
    checker = SubjectValidator(
        CredentialTemplate(built, issuer=ISSUER, valid_from=NOW), profiles=("eu",), now=NOW
    )
    # Equal to the template's credentials, but none of its objects: nothing is assumed.
    credential = build_credential(built, recipient="did:example:x", issuer=ISSUER, valid_from=NOW)
    credential["credentialSubject"]["achievement"]["creditsAvailable"] = 99
    assert checker.check_quality(credential) == check_quality(credential, profiles=("eu",), now=NOW)
    assert "eu.workload-conflict" in checker.check_quality(credential).codes
    own = checker.check_quality(
        CredentialTemplate(built, issuer=ISSUER, valid_from=NOW).credential(
            recipient="did:example:x"
        )
    )
    assert "eu.workload-conflict" not in own.codes


def test_only_the_subject_rules_run_per_credential(monkeypatch: pytest.MonkeyPatch) -> None:
    template = CredentialTemplate(achievement("example"), issuer=ISSUER, valid_from=NOW)
    checker = SubjectValidator(template, profiles=("ob3", "eu"), now=NOW)
    ran: list[str] = []
    real = validator_module._run

    def counting(rule: Any, ctx: Any) -> Any:
        ran.append(rule.id)
        return real(rule, ctx)

    monkeypatch.setattr(validator_module, "_run", counting)
    for i in range(3):
        assert checker.check_quality(template.credential(recipient=f"did:example:{i}")).ok
    subject_rules = [r.id for r in rules_for(("ob3", "eu")) if r.id in SUBJECT_RULES]
    assert sorted(ran) == sorted(subject_rules * 3)
    assert len(subject_rules) < len(rules_for(("ob3", "eu"))) / 4


def test_credentials_of_a_template_equal_those_of_build_credential() -> None:
    built = achievement("example")
    template = CredentialTemplate(built, issuer=ISSUER, valid_from=NOW)
    options: dict[str, Any] = {
        "recipient": EmailRecipient("a@hs.example", salt="s1"),
        "id": "urn:uuid:5e4b51e8-0a57-4f2f-b9b0-1f9f1f5d6a11",
        "learner_name": "Anna",
        "grade": "8,5",
    }
    one = template.credential(**options)
    other = build_credential(built, issuer=ISSUER, valid_from=NOW, **options)
    assert one == other
    assert list(one) == list(other)  # in the same order, so their JSON is the same text
    assert one["credentialSubject"]["achievement"] is template.achievement
    assert other["credentialSubject"]["achievement"] is not built  # a copy, as before
