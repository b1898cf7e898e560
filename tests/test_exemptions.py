"""Exemption advice from stacked microcredentials: the dossier and its rules."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential import InvalidDocumentError, Verifier, issue, sign, status_list_credential
from microcredential.clr import build_clr
from microcredential.exemptions import evaluate_exemptions, load_programme
from microcredential.keys import Ed25519Key
from microcredential.quality import GradingScheme, IssuerInfo, LearningOutcome, example_profile
from microcredential.quality.builder import build_achievement, issuer_profile
from microcredential.status import IssuerStatusList
from microcredential.verification import VerificationStatus
from support import seeded_key

LEARNER = "did:example:learner"
NOW = "2026-03-01T00:00:00Z"
ESCO = "http://data.europa.eu/esco/skill/"
KEY_A = seeded_key(0)
KEY_B = seeded_key(1)
STATUS_URL = "https://a.example/status/1"


def institution(key: Ed25519Key, name: str) -> dict[str, Any]:
    return issuer_profile(IssuerInfo(id=key.controller, name=name, country_code="NL"))


def microcredential(
    key: Ed25519Key,
    number: int,
    *,
    skill: str,
    eqf: int = 6,
    ects: int = 5,
    valid_from: str = "2025-06-01T00:00:00Z",
    valid_until: str | None = None,
    grade: str | None = None,
    status: IssuerStatusList | None = None,
) -> dict[str, Any]:
    profile = dataclasses.replace(
        example_profile(),
        title=f"Microcredential {number}",
        eqf_level=eqf,
        ects=ects,
        learning_outcomes=(LearningOutcome(f"Applies skill {skill}.", ESCO + skill),),
        grading=GradingScheme("Grade 1-10", "1", "10", "5.5", "GradePointAverage"),
    )
    achievement = build_achievement(profile, id=f"https://mc.example/achievements/{number}")
    return issue(
        achievement,
        recipient=LEARNER,
        key=key,
        issuer=institution(key, "Institution A" if key is KEY_A else "Institution B"),
        valid_from=valid_from,
        valid_until=valid_until,
        credential_id=f"urn:uuid:00000000-0000-4000-8000-{number:012d}",
        grade=grade,
        status=status,
    )


PROGRAMME: dict[str, Any] = {
    "id": "https://uni.example/programmes/hci",
    "name": "Bachelor Human-Computer Interaction",
    "units": [
        {
            "code": "UR1",
            "name": "User research",
            "ec": 5,
            "eqfLevel": 6,
            "learningOutcomes": ["Plans and reports user research."],
            "alignments": [{"kind": "esco", "target": ESCO + "research"}],
        },
        {
            "code": "DS2",
            "name": "Data skills",
            "ec": 5,
            "eqfLevel": 6,
            "alignments": [{"kind": "achievement", "target": "https://mc.example/achievements/2"}],
        },
        {
            "code": "PR3",
            "name": "Prototyping",
            "ec": 5,
            "eqfLevel": 6,
            "alignments": [{"kind": "esco", "target": ESCO + "prototyping"}],
        },
    ],
    "policy": {
        "maxExemptedEc": 10,
        "minimumGrades": [{"valueMin": "1", "valueMax": "10", "minimum": "6"}],
        "levelRelativeToUnit": "sameOrHigher",
        "maxEvidenceAgeMonths": 60,
        "acceptedIssuers": [KEY_A.controller, KEY_B.controller],
    },
}


@pytest.fixture(scope="module")
def pool() -> dict[str, Any]:
    state = IssuerStatusList.create(STATUS_URL)
    good = microcredential(KEY_A, 1, skill="research", grade="7.5")
    data = microcredential(KEY_B, 2, skill="data")
    proto = microcredential(KEY_B, 3, skill="prototyping")
    revoked = microcredential(KEY_A, 4, skill="prototyping", status=state)
    state.revoke(int(revoked["credentialStatus"]["statusListIndex"]))
    expired = microcredential(KEY_A, 5, skill="prototyping", valid_until="2026-01-01T00:00:00Z")
    forged = copy.deepcopy(microcredential(KEY_B, 6, skill="prototyping"))
    forged["credentialSubject"]["achievement"]["name"] = "A grander achievement"
    old = microcredential(KEY_A, 7, skill="prototyping", valid_from="2019-01-01T00:00:00Z")
    low = microcredential(KEY_B, 8, skill="prototyping", eqf=4)
    list_credential = status_list_credential(state, KEY_A, valid_from="2025-01-01T00:00:00Z")
    return {
        "good": good,
        "data": data,
        "proto": proto,
        "revoked": revoked,
        "expired": expired,
        "forged": forged,
        "old": old,
        "low": low,
        "verifier": Verifier(status=[list_credential], now=NOW),
    }


def test_load_programme_names_the_path_of_a_mistake() -> None:
    bad = copy.deepcopy(PROGRAMME)
    bad["units"][0]["ec"] = "five"
    with pytest.raises(InvalidDocumentError, match="/units/0/ec"):
        load_programme(bad, source="hci.json")


def test_each_failing_credential_appears_with_its_reason(pool: dict[str, Any]) -> None:
    names = ["revoked", "expired", "forged", "old", "low"]
    dossier = evaluate_exemptions(
        [pool[n] for n in names], PROGRAMME, now=NOW, verifier=pool["verifier"]
    )
    by_id = {e.credential_id: e for e in dossier.credentials}
    text = {n: " ".join(line.text for line in by_id[pool[n]["id"]].lines) for n in names}
    assert by_id[pool["revoked"]["id"]].status is VerificationStatus.INVALID
    assert "status.revoked" in text["revoked"]
    assert "credential.expired" in text["expired"]
    assert "proof.signature-mismatch" in text["forged"]
    prototyping = dossier.units[2]
    assert not prototyping.advised
    lines = {c.key.split()[-1]: c.lines for c in prototyping.candidates}
    assert set(lines) == {pool["old"]["id"], pool["low"]["id"]}
    assert [ln.outcome for ln in lines[pool["old"]["id"]] if ln.rule == "check.currency"] == [
        "not-met"
    ]
    assert [ln.outcome for ln in lines[pool["low"]["id"]] if ln.rule == "check.level"] == [
        "not-met"
    ]
    assert dossier.counted == frozenset()


def test_an_indeterminate_credential_says_what_would_settle_it(pool: dict[str, Any]) -> None:
    dossier = evaluate_exemptions([pool["revoked"]], PROGRAMME, now=NOW, verifier=Verifier(now=NOW))
    (entry,) = dossier.credentials
    assert entry.status is VerificationStatus.INDETERMINATE
    assert [ln.outcome for ln in entry.lines if ln.rule == "verification"] == ["undetermined"]
    assert "credential-status" in entry.lines[0].text


def test_a_clr_from_two_institutions_gives_advice_per_unit(pool: dict[str, Any]) -> None:
    publisher = seeded_key(3)
    clr = sign(
        build_clr(
            [pool["good"], pool["data"], pool["proto"]],
            learner=LEARNER,
            issuer=publisher.controller,
            name="Learning record",
            valid_from="2026-01-01T00:00:00Z",
        ),
        publisher,
    )
    before = copy.deepcopy(clr)
    dossier = evaluate_exemptions(clr, PROGRAMME, now=NOW, verifier=pool["verifier"])
    assert clr == before
    assert [u.advised for u in dossier.units] == [True, True, False]
    assert dossier.exempted_ec == 10
    last = dossier.units[2]
    assert [ln.rule for ln in last.lines if ln.outcome == "not-met"] == ["policy.max-ec"]
    unit = dossier.units[0]
    rules = {ln.rule for ln in unit.candidates[0].lines}
    assert {"match.alignment", "match.learning-outcomes", "check.grade"} <= rules
    assert {ln.rule for ln in dossier.units[1].candidates[0].lines} >= {"match.explicit"}
    data = dossier.to_dict()
    assert data["exemptedEc"] == 10
    assert all(line["rule"] for u in data["units"] for line in u["lines"])


def test_a_grade_below_the_policy_minimum_does_not_count(pool: dict[str, Any]) -> None:
    low_grade = microcredential(KEY_A, 9, skill="research", grade="5.5")
    dossier = evaluate_exemptions([low_grade], PROGRAMME, now=NOW, verifier=pool["verifier"])
    (candidate,) = dossier.units[0].candidates
    assert [ln.outcome for ln in candidate.lines if ln.rule == "check.grade"] == ["not-met"]
    assert not dossier.units[0].advised


NAMES = ["good", "data", "proto", "revoked", "expired", "forged", "old", "low"]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(NAMES), max_size=8), st.sampled_from(NAMES))
def test_dossier_properties(pool: dict[str, Any], chosen: list[str], extra: str) -> None:
    verifier = pool["verifier"]
    submitted = [pool[n] for n in chosen]
    dossier = evaluate_exemptions(submitted, PROGRAMME, now=NOW, verifier=verifier)
    # never counts a credential verify does not accept
    accepted = {c["id"] for c in submitted if verifier.verify(c).ok}
    assert {key.split()[-1] for key in dossier.counted} <= accepted
    # the EC advised never exceed the maximum
    assert dossier.exempted_ec <= 10
    # a duplicate never counts twice: one entry per credential, counted for one unit at most
    ids = [e.credential_id for e in dossier.credentials]
    assert len(ids) == len(set(ids))
    counted = [c.key for u in dossier.units for c in u.candidates if c.counted]
    assert len(counted) == len(set(counted))
    # adding a credential never removes a unit's candidate
    more = evaluate_exemptions([*submitted, pool[extra]], PROGRAMME, now=NOW, verifier=verifier)
    for before, after in zip(dossier.units, more.units, strict=True):
        assert {c.key for c in before.candidates} <= {c.key for c in after.candidates}


def test_the_property_test_can_fail_on_a_forged_credential(pool: dict[str, Any]) -> None:
    # the forged credential matches the prototyping unit by alignment; were it counted, the
    # first property would fail: it is not even a candidate
    dossier = evaluate_exemptions([pool["forged"]], PROGRAMME, now=NOW, verifier=pool["verifier"])
    assert dossier.units[2].candidates == ()
    assert dossier.credentials[0].status is VerificationStatus.INVALID


def test_the_dossier_json_meets_its_schema_and_the_report_escapes(
    pool: dict[str, Any], tmp_path: Any
) -> None:
    from microcredential.exemptions import dossier_schema
    from microcredential.schema import SchemaValidator

    programme = copy.deepcopy(PROGRAMME)
    programme["name"] = "HCI <script>alert(1)</script> [link](http://x.example)"
    dossier = evaluate_exemptions(
        [pool["good"], pool["forged"], pool["good"]], programme, now=NOW, verifier=pool["verifier"]
    )
    assert SchemaValidator(dossier_schema()).problems(dossier.to_dict()) == []
    report = dossier.render_markdown()
    assert "<script>" not in report
    assert "\\[link\\]" in report
    assert "exemption advised" in report
    assert "Invalid: they do not count" in report
    assert "proof.signature-mismatch" in report


def test_the_cli_writes_the_dossier(pool: dict[str, Any], tmp_path: Any) -> None:
    import json

    from microcredential.cli import main

    files = []
    for name in ("good", "data", "revoked"):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(pool[name]), "utf-8")
        files.append(str(path))
    programme = tmp_path / "programme.json"
    programme.write_text(json.dumps(PROGRAMME), "utf-8")
    out = tmp_path / "dossier.json"
    code = main(["exemptions", "--programme", str(programme), *files, "--now", NOW, "-o", str(out)])
    assert code == 0
    dossier = json.loads(out.read_text("utf-8"))
    assert [u["advised"] for u in dossier["units"]] == [True, True, False]
    statuses = sorted(c["status"] for c in dossier["credentials"])
    assert statuses == ["indeterminate", "verified", "verified"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**PROGRAMME, "units": []}), "utf-8")
    assert main(["exemptions", "--programme", str(bad), *files]) == 1


def test_the_stacking_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    import runpy

    from support import ROOT

    example = runpy.run_path(str(ROOT / "examples" / "stacking.py"))
    assert example["main"]() == 0
    report = capsys.readouterr().out
    assert "### HCI-UR User research (5 EC): exemption advised" in report
    assert "`check.level` not-met: EQF level 4; the unit asks at least 6" in report


def test_a_forged_copy_of_a_genuine_credential_is_named_not_hidden(pool: dict[str, Any]) -> None:
    forged = copy.deepcopy(pool["good"])
    forged["credentialSubject"]["result"][0]["value"] = "9.5"
    dossier = evaluate_exemptions(
        [pool["good"], forged], PROGRAMME, now=NOW, verifier=pool["verifier"]
    )
    (entry,) = dossier.credentials
    assert entry.status is VerificationStatus.VERIFIED
    assert entry.grade == "7.5"
    (line,) = [ln for ln in entry.lines if ln.rule == "duplicate"]
    assert "does not verify" in line.text
    assert "proof.signature-mismatch" in line.text


def test_credentials_combine_for_one_unit_only_when_the_policy_allows(
    pool: dict[str, Any],
) -> None:
    small = [
        microcredential(KEY_A, 10, skill="research", ects=3),
        microcredential(KEY_B, 11, skill="research", ects=2),
    ]
    apart = evaluate_exemptions(small, PROGRAMME, now=NOW, verifier=pool["verifier"])
    assert not apart.units[0].advised
    assert "does not let credentials be combined" in apart.units[0].lines[0].text
    combining = copy.deepcopy(PROGRAMME)
    combining["policy"]["combineCredentials"] = True
    together = evaluate_exemptions(small, combining, now=NOW, verifier=pool["verifier"])
    assert together.units[0].advised
    assert len(together.counted) == 2
    assert together.units[0].lines[0].text == "combined 5 EC cover the unit's 5 EC"
