"""The validator: complete credentials pass; each rule finds what it should, and only that."""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential.problems import Problem, Severity
from microcredential.quality import (
    EDUBADGES_CONTEXT_URL,
    ENCODINGS,
    PROFILE_RULES,
    PROFILES,
    RULES,
    Finding,
    Stackability,
    check_quality,
    rule_catalogue_markdown,
)
from quality.quality_support import TODAY, make_credential

ROOT = Path(__file__).resolve().parents[2]
ACH = ("credentialSubject", "achievement")


def _achievement(credential: dict[str, Any]) -> dict[str, Any]:
    achievement: dict[str, Any] = credential["credentialSubject"]["achievement"]
    return achievement


def _drop_alignments(credential: dict[str, Any], *target_types: str) -> None:
    achievement = _achievement(credential)
    achievement["alignment"] = [
        a for a in achievement["alignment"] if a["targetType"] not in target_types
    ]


def _codes(report: Any, severity: Severity = Severity.ERROR) -> set[str]:
    return {f.code for f in report.findings if f.severity is severity}


def check(credential: Any, *profiles: str, **options: Any) -> Any:
    options.setdefault("today", TODAY)
    return check_quality(credential, profiles=profiles or ("ob3", "eu", "nl"), **options)


# -- complete credentials ----------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_complete_credential_passes_eu_and_nl(encoding: str) -> None:
    report = check(make_credential(encoding), "ob3", "eu", "nl")
    assert report.findings == (), report.render_text()


def test_complete_edubadges_credential_passes_edubadges() -> None:
    report = check(make_credential("edubadges"), "edubadges")
    assert report.ok, report.render_text()
    assert [f.rule for f in report.findings] == ["EB-04"]


def test_ob3_credential_fails_the_edubadges_schema() -> None:
    report = check(make_credential("ob3"), "edubadges")
    assert _codes(report) == {"edubadges.schema"}


# -- removing each mandatory element -----------------------------------------------------------


def _remove_learner(c: dict[str, Any]) -> None:
    del c["credentialSubject"]["id"]


def _remove_title(c: dict[str, Any]) -> None:
    del _achievement(c)["name"]


def _remove_country(c: dict[str, Any]) -> None:
    del c["issuer"]["address"]


def _remove_awarding_body(c: dict[str, Any]) -> None:
    del c["issuer"]["name"]


def _remove_issue_date(c: dict[str, Any]) -> None:
    del c["validFrom"]


def _remove_learning_outcomes(c: dict[str, Any]) -> None:
    _drop_alignments(c, "ext:LearningOutcome")


def _remove_workload(c: dict[str, Any]) -> None:
    for key in ("creditsAvailable", "ECTS", "timeInvestment"):
        _achievement(c).pop(key, None)
    _drop_alignments(c, "ext:NotionalWorkload")


def _remove_level(c: dict[str, Any]) -> None:
    _drop_alignments(c, "ext:EQFLevel", "ext:NLQFLevel")


def _remove_assessment(c: dict[str, Any]) -> None:
    _achievement(c).pop("assessmentType", None)
    _drop_alignments(c, "ext:AssessmentType")


def _remove_participation(c: dict[str, Any]) -> None:
    _achievement(c).pop("participationType", None)
    _drop_alignments(c, "ext:FormOfParticipation")


def _remove_quality_assurance(c: dict[str, Any]) -> None:
    _drop_alignments(c, "ext:QualityAssurance")


MANDATORY: list[tuple[str, Callable[[dict[str, Any]], None], set[str], set[str]]] = [
    # element, removal, errors under eu, errors under nl
    ("M1 learner", _remove_learner, {"eu.learner"}, set()),
    ("M2 title", _remove_title, {"eu.title"}, {"eu.title"}),
    ("M3 country", _remove_country, {"eu.country"}, {"eu.country"}),
    ("M4 awarding body", _remove_awarding_body, {"eu.awarding-body"}, {"eu.awarding-body"}),
    ("M5 date of issuing", _remove_issue_date, {"eu.issue-date"}, {"eu.issue-date"}),
    ("M6 learning outcomes", _remove_learning_outcomes, {"eu.learning-outcomes"},
     {"eu.learning-outcomes"}),
    ("M7 workload", _remove_workload, {"eu.workload"}, {"eu.workload"}),
    ("M8 level", _remove_level, set(), {"nl.level"}),
    ("M9 assessment", _remove_assessment, {"eu.assessment"}, {"eu.assessment"}),
    ("M10 participation", _remove_participation, {"eu.participation"}, {"eu.participation"}),
    ("M11 quality assurance", _remove_quality_assurance, {"eu.quality-assurance"},
     {"eu.quality-assurance"}),
]  # fmt: skip


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(
    ("element", "remove", "eu_errors", "nl_errors"),
    MANDATORY,
    ids=[m[0] for m in MANDATORY],
)
def test_removing_a_mandatory_element(
    encoding: str,
    element: str,
    remove: Callable[[dict[str, Any]], None],
    eu_errors: set[str],
    nl_errors: set[str],
) -> None:
    credential = make_credential(encoding)
    remove(credential)
    if element == "M6 learning outcomes":  # the fallbacks would read the outcomes from these
        del _achievement(credential)["resultDescription"]
        del credential["credentialSubject"]["result"]
        del _achievement(credential)["criteria"]
    assert _codes(check(credential, "eu")) == eu_errors
    assert _codes(check(credential, "nl")) == nl_errors


def test_missing_level_is_a_warning_under_eu_and_an_error_under_nl() -> None:
    credential = make_credential()
    _remove_level(credential)
    eu = check(credential, "eu")
    assert [f.rule for f in eu.warnings] == ["EU-08"]
    nl = check(credential, "nl")
    assert [f.rule for f in nl.errors] == ["NL-03"]


# -- size (NL-01) and the experimental space ---------------------------------------------------


@pytest.mark.parametrize(("ects", "ok"), [(2.5, False), (3, True), (30, True), (30.5, False)])
def test_size_boundaries_in_ects(ects: float, ok: bool) -> None:
    report = check(make_credential(ects=ects, hours=None), "nl")
    assert ("nl.size" not in _codes(report)) is ok
    assert "nl.size" not in _codes(report, Severity.WARNING)


@pytest.mark.parametrize(("hours", "ok"), [(83, False), (84, True), (840, True), (841, False)])
def test_size_boundaries_in_hours(hours: float, ok: bool) -> None:
    report = check(make_credential(ects=None, hours=hours), "nl")
    assert ("nl.size" not in _codes(report)) is ok
    assert _codes(report, Severity.WARNING) == {"eu.workload"}  # hours only: give ECTS too


def _one_ec_on(day: dt.date, institution: str | None) -> Any:
    credential = make_credential(ects=1, hours=28)
    credential["validFrom"] = f"{day:%Y-%m-%d}T10:00:00Z"
    return check(credential, "nl", today=dt.date(2027, 12, 31), institution=institution)


@pytest.mark.parametrize(
    ("day", "severity"),
    [
        (dt.date(2025, 4, 30), Severity.ERROR),
        (dt.date(2025, 5, 1), Severity.WARNING),
        (dt.date(2027, 4, 30), Severity.WARNING),
        (dt.date(2027, 5, 1), Severity.ERROR),
    ],
)
def test_experimental_space_for_universities(day: dt.date, severity: Severity) -> None:
    report = _one_ec_on(day, "wo")
    sizes = [f for f in report.findings if f.code == "nl.size"]
    assert {f.severity for f in sizes} == {severity}
    assert len(sizes) == 2  # the EC and the hours


@pytest.mark.parametrize("institution", ["hbo", None])
def test_experimental_space_is_for_universities_only(institution: str | None) -> None:
    report = _one_ec_on(dt.date(2026, 1, 5), institution)
    assert "nl.size" in _codes(report)


def test_below_one_ec_is_an_error_even_in_the_experimental_space() -> None:
    credential = make_credential(ects=0.5, hours=None)
    assert "nl.size" in _codes(check(credential, "nl", institution="wo"))


def test_mbo_credentials_use_the_sbu_rule() -> None:
    from microcredential.quality import QualityAssurance

    qa = QualityAssurance(
        "Kwaliteitskader voor pilot microcredentials mbo 2024 - 2025",
        "https://npuls.nl/microcredentials-mbo/",
        "MBO pilot framework.",
    )
    small = make_credential(quality_assurance=qa, ects=None, hours=160)
    report = check(small, "nl")
    assert "nl.size" not in _codes(report)
    assert [f.rule for f in report.warnings if f.code == "nl.mbo-size"] == ["NL-02"]
    assert "nl.mbo-size" not in _codes(
        check(make_credential(quality_assurance=qa, hours=240), "nl")
    )


# -- each rule on its own -----------------------------------------------------------------------


def _only(report: Any, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def test_ob01_envelope() -> None:
    credential = make_credential()
    credential["type"] = ["VerifiableCredential"]
    del credential["validFrom"]
    found = _only(check(credential, "ob3"), "ob3.envelope")
    assert {f.path for f in found} == {"/validFrom", "/type"}


# -- only what is signed is read -----------------------------------------------------------------


def test_a_credential_not_in_compacted_form_is_refused_with_those_problems() -> None:
    credential = make_credential()
    credential["@context"] = ["https://www.w3.org/2018/credentials/v1"]
    _achievement(credential)["https://purl.imsglobal.org/spec/vc/ob/vocab.html#name"] = "Other"
    report = check(credential, "ob3", "eu", "nl")
    assert not report.ok
    assert report.codes <= {"jsonld.undefined-term", "jsonld.iri-key"}
    assert all(f.rule == "" and f.source.startswith("VC Data Model 2.0") for f in report.findings)
    assert "[" not in report.render_text().splitlines()[3]  # no rule id to show


def test_a_credential_whose_context_is_not_available_is_refused() -> None:
    credential = make_credential()
    credential["@context"] = [*credential["@context"], "https://contexts.example/unknown.json"]
    [finding] = check(credential, "eu").findings
    assert (finding.code, finding.path) == ("jsonld.context-not-found", "/@context/2")


def test_a_bare_achievement_is_not_checked_for_the_compacted_form() -> None:
    achievement = _achievement(make_credential())
    assert check(achievement, "eu").findings == ()


def test_a_bare_achievement_is_checked_without_the_credential_rules() -> None:
    achievement = _achievement(make_credential())
    report = check(achievement, "ob3", "eu", "nl")
    assert report.ok, report.render_text()
    del achievement["name"]
    assert _codes(check(achievement, "ob3", "eu", "nl")) == {"eu.title"}


def test_ob02_alignment_needs_target_url() -> None:
    credential = make_credential()
    del _achievement(credential)["alignment"][0]["targetUrl"]
    found = _only(check(credential, "ob3"), "ob3.alignment")
    assert [f.path for f in found] == ["/credentialSubject/achievement/alignment/0/targetUrl"]


def test_ob03_language_tag() -> None:
    credential = make_credential()
    _achievement(credential)["inLanguage"] = "en_EN"
    [finding] = _only(check(credential, "ob3"), "ob3.language")
    assert "'en'" in finding.message


def test_ob04_extension_terms() -> None:
    credential = make_credential()
    _achievement(credential)["alignment"][0]["targetType"] = "LearningOutcome"
    found = _only(check(credential, "ob3"), "ob3.extensible-term")
    assert [f.path for f in found] == ["/credentialSubject/achievement/alignment/0/targetType"]
    achievement = _achievement(make_credential())
    achievement["ECTS"] = 5  # an Edubadges property on a plain achievement
    found = _only(check(achievement, "ob3"), "ob3.extensible-term")
    assert [f.path for f in found] == ["/type"]


def test_eu01_only_hashed_email_is_a_warning() -> None:
    credential = make_credential()
    del credential["credentialSubject"]["id"]
    credential["credentialSubject"]["identifier"] = [
        {"type": "IdentityObject", "identityHash": "sha256$00", "identityType": "emailAddress",
         "hashed": True, "salt": "x"}
    ]  # fmt: skip
    report = check(credential, "eu")
    assert [f.code for f in report.warnings] == ["eu.learner"]
    assert report.ok


@pytest.mark.parametrize(("code", "severity"), [("EN", Severity.ERROR), ("BE", Severity.WARNING)])
def test_eu03_country(code: str, severity: Severity) -> None:
    credential = make_credential()
    credential["issuer"]["address"]["addressCountryCode"] = code
    [finding] = _only(check(credential, "eu", "nl"), "eu.country")
    assert finding.severity is severity


def test_eu05_future_issue_date() -> None:
    credential = make_credential()
    assert "eu.issue-date" in _codes(check(credential, "eu", today=dt.date(2026, 3, 1)))
    assert "eu.issue-date" not in _codes(check(credential, "eu", today=dt.date(2026, 3, 2)))
    early = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    assert "eu.issue-date" in _codes(check(credential, "eu", now=early, today=None))
    credential["validFrom"] = "2026-03-02T09:00:00"  # no offset
    assert "eu.issue-date" in _codes(check(credential, "eu"))


@pytest.mark.parametrize(
    ("valid_from", "ok"),
    [
        ("2026-03-01T24:00:00Z", True),  # the midnight that ends 1 March: XSD allows it
        ("2026-03-02T09:00:00.5+01:00", True),
        ("2026-03-02T09:00:00+15:00", False),  # offsets stop at 14:00
        ("2026-03-02T09:00+01:00", False),  # seconds are required
        ("2026-02-30T09:00:00Z", False),
    ],
)
def test_eu05_reads_the_xsd_date_time_grammar(valid_from: str, ok: bool) -> None:
    credential = make_credential()
    credential["validFrom"] = valid_from
    assert ("eu.issue-date" not in _codes(check(credential, "eu"))) is ok


def test_eu13_identity_checked_must_agree() -> None:
    credential = make_credential("edubadges")
    _achievement(credential)["identityChecked"] = False
    [finding] = _only(check(credential, "eu"), "eu.supervision")
    assert finding.path.endswith("/identityChecked")


def test_eu14_grade_must_resolve_and_lie_in_range() -> None:
    credential = make_credential()
    credential["credentialSubject"]["result"][0]["value"] = "11"
    [warning] = _only(check(credential, "eu"), "eu.grade")
    assert warning.severity is Severity.WARNING
    credential["credentialSubject"]["result"][0]["resultDescription"] = "urn:x"
    [error] = _only(check(credential, "eu"), "eu.grade")
    assert error.severity is Severity.ERROR


def test_eu15_stackable_without_target() -> None:
    credential = make_credential(stacks_toward=None)
    assert [f.rule for f in check(credential, "eu").warnings] == ["EU-15"]


def test_eu12_optional_elements_are_infos() -> None:
    credential = make_credential(prerequisites=None, further_information=None)
    infos = _only(check(credential, "eu"), "eu.optional-elements")
    assert len(infos) == 2
    assert all(f.severity is Severity.INFO for f in infos)


def test_ob05_achievement_type_is_an_open_badges_rule() -> None:
    credential = make_credential()
    _achievement(credential)["achievementType"] = "Course"
    assert [f.rule for f in check(credential, "ob3").warnings] == ["OB-05"]
    assert "ob3.achievement-type" not in check(credential, "nl").codes


def test_eu17_consistency() -> None:
    credential = make_credential()
    credential["credentialSubject"]["creditsEarned"] = 6
    credential["credentialSubject"]["activityEndDate"] = "2026-04-01T00:00:00Z"
    assert len(_only(check(credential, "eu"), "eu.consistency")) == 2


def test_nl04_unknown_framework_and_missing_description() -> None:
    from microcredential.quality import QualityAssurance

    qa = QualityAssurance("ISO 9001", "https://iso.example/9001")
    found = _only(check(make_credential(quality_assurance=qa), "nl"), "nl.quality-framework")
    assert {f.severity for f in found} == {Severity.ERROR, Severity.WARNING}


def test_brin_is_an_edubadges_rule_and_validity_is_not_checked() -> None:
    credential = make_credential("edubadges")
    del credential["issuer"]["otherIdentifier"]
    credential["validUntil"] = "2031-01-01T00:00:00Z"
    assert check(credential, "nl").findings == ()
    assert [f.rule for f in check(credential, "edubadges").warnings] == ["EB-06"]


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("assessmentType", "written_exam", "'testing'"),
        ("participationType", "blended,online", "'online' / 'onsite or blended'"),
        ("participationType", "voluntary_work", "'volunteering'"),
        ("assessmentType", "personalized_assessment", "not in the Edubadges vocabulary"),
        ("supervisionType", "proctored", "not in the Edubadges vocabulary"),
    ],
)
def test_eb01_stored_values_are_reported_with_their_mapping(
    key: str, value: str, hint: str
) -> None:
    credential = make_credential("edubadges")
    _achievement(credential)[key] = value
    [finding] = _only(check(credential, "edubadges"), "edubadges.vocabulary")
    assert hint in finding.message
    assert finding.rule == "EB-01"


def test_eb02_ects_step() -> None:
    report = check(make_credential("edubadges", ects=5.25), "edubadges")
    assert _codes(report) == {"edubadges.ects-step"}


def test_eb04_context_info_names_the_position() -> None:
    report = check(make_credential("edubadges"), "edubadges")
    [info] = report.infos
    assert info.path == "/@context/2"
    assert EDUBADGES_CONTEXT_URL in make_credential("edubadges")["@context"]


# -- the report and the options ----------------------------------------------------------------


def test_report_api() -> None:
    credential = make_credential(prerequisites=None)
    _remove_title(credential)
    _achievement(credential)["creditsAvailable"] = 6  # 140 hours are 5 EC
    report = check(credential, "eu", "nl")
    assert not report.ok
    assert all(isinstance(f, Problem) for f in report.findings)
    assert report.problems == report.findings
    assert [f.code for f in report.errors] == ["eu.title"]
    assert [f.code for f in report.warnings] == ["eu.workload-conflict"]
    as_dict = report.to_dict()
    assert as_dict["ok"] is False
    assert as_dict["counts"] == {"error": 1, "warning": 1, "info": 2}
    assert as_dict["findings"][0]["rule"] == "EU-02"
    assert as_dict["findings"][0]["source"].startswith("EU Council Recommendation")
    text = report.render_text()
    assert text.index("Errors:") < text.index("Warnings:") < text.index("Info:")
    assert "[EU-02] /credentialSubject/achievement/name" in text


@pytest.mark.parametrize(
    "options",
    [
        {"profiles": ("eu", "fr")},
        {"profiles": ()},
        {"now": dt.datetime(2026, 1, 1)},
        {"institution": "university"},
    ],
)
def test_misuse_raises(options: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        check_quality(make_credential(), **options)


def test_validator_does_not_mutate_its_input() -> None:
    credential = make_credential("edubadges")
    before = copy.deepcopy(credential)
    check_quality(credential, profiles=("ob3", "eu", "nl", "edubadges"), today=TODAY)
    assert credential == before


# -- never raises -------------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)
ALL = ("ob3", "eu", "nl", "edubadges")


def _assert_reports(document: Any) -> None:
    report = check_quality(document, profiles=ALL, today=TODAY, institution="wo")
    report.to_dict()
    report.render_text()


@given(document=json_values)
def test_never_raises_on_arbitrary_json(document: Any) -> None:
    _assert_reports(document)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_paths(item, (*prefix, index)))
    return out


@settings(max_examples=80)
@given(data=st.data(), encoding=st.sampled_from(ENCODINGS))
def test_never_raises_on_mutated_credentials(data: st.DataObject, encoding: str) -> None:
    credential = make_credential(encoding)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(credential) if p]
        path = data.draw(st.sampled_from(paths))
        parent = credential
        for segment in path[:-1]:
            parent = parent[segment]
        if data.draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = data.draw(json_values)
    _assert_reports(credential)


# -- the catalogue -------------------------------------------------------------------------------


def test_rule_ids_and_codes_are_unique_and_well_formed() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    import re

    for r in RULES:
        assert re.fullmatch(r"(OB|EU|NL|EB|IO)-\d{2}", r.id)
        assert re.fullmatch(r"[a-z0-9]+(\.[a-z0-9-]+)+", r.code)
        assert r.source.strip(), r.id
        assert r.quote.strip(), f"{r.id} does not quote its source"


def test_the_registry_places_every_rule_in_a_profile_and_cannot_be_changed() -> None:
    listed = {rule for rules in PROFILE_RULES.values() for rule in rules}
    assert listed == set(RULES)
    assert set(PROFILE_RULES) == set(PROFILES)
    with pytest.raises(TypeError):
        PROFILE_RULES["eu"] = ()  # type: ignore[index]
    assert isinstance(RULES, tuple)


def test_a_rule_that_crashes_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    from microcredential.quality import validator
    from microcredential.quality.rules import Context, Rule

    def broken(ctx: Context) -> Any:
        raise KeyError("a defect")

    rule = Rule(id="EU-99", code="eu.broken", severity="error", source="test", quote="",
                spec="", title="a rule with a bug", check=broken)  # fmt: skip
    monkeypatch.setattr(validator, "rules_for", lambda profiles: (rule,))
    with pytest.raises(KeyError) as raised:
        check_quality(make_credential(), profiles=("eu",), today=TODAY)
    assert "raised by quality rule EU-99" in "\n".join(raised.value.__notes__)


def test_docs_rule_catalogue_is_up_to_date() -> None:
    page = ROOT / "docs" / "quality-rules.md"
    assert page.read_text(encoding="utf-8") == rule_catalogue_markdown(), (
        "docs/quality-rules.md is out of date: regenerate it with "
        "python -c 'from microcredential.quality import rule_catalogue_markdown as r; "
        'print(r(), end="")\' > docs/quality-rules.md'
    )


# -- verdicts on what institutions and Edubadges actually issue ---------------------------------


def _shape(name: str) -> dict[str, Any]:
    path = Path(__file__).parent / "data" / "edubadges-shapes" / name
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _outcomes_removed(credential: dict[str, Any]) -> None:
    _drop_alignments(credential, "ext:LearningOutcome")
    del _achievement(credential)["resultDescription"]
    del credential["credentialSubject"]["result"]


def test_eu06_reads_outcomes_from_result_descriptions_and_warns_on_the_narrative() -> None:
    credential = make_credential()
    _drop_alignments(credential, "ext:LearningOutcome")
    assert "eu.learning-outcomes" not in check(credential, "eu").codes  # the resultDescription
    _outcomes_removed(credential)
    [finding] = _only(check(credential, "eu"), "eu.learning-outcomes")
    assert finding.severity is Severity.WARNING
    assert finding.path == "/credentialSubject/achievement/criteria/narrative"


@pytest.mark.parametrize("key", ["learningOutcome", "LearningOutcome"])
def test_eu06_an_undefined_learning_outcome_property_is_an_error_not_a_pass(key: str) -> None:
    credential = make_credential()
    _outcomes_removed(credential)
    del _achievement(credential)["criteria"]
    _achievement(credential)[key] = "Plans user research."
    # In a credential the property is not signed: the credential is refused ...
    [refused] = check(credential, "eu").findings
    assert (refused.code, refused.path) == (
        "jsonld.undefined-term",
        f"/credentialSubject/achievement/{key}",
    )
    # ... and in a bare achievement the rule reports it and does not count it.
    found = _only(check(_achievement(credential), "eu"), "eu.learning-outcomes")
    assert [f.severity for f in found] == [Severity.ERROR, Severity.ERROR]
    assert found[0].path == f"/{key}"


def test_nl03_an_undefined_eqf_property_is_an_error_not_a_level() -> None:
    credential = make_credential()
    _remove_level(credential)
    _achievement(credential)["EQF"] = 6
    assert check(credential, "nl").codes == {"jsonld.undefined-term"}
    achievement = _achievement(credential)
    found = _only(check(achievement, "nl"), "nl.level")
    assert {f.path for f in found} == {"/EQF", "/alignment"}
    assert "eu.level" in _codes(check(achievement, "eu"), Severity.WARNING)


def test_edubadges_properties_without_the_edubadges_context_are_not_read() -> None:
    credential = make_credential("edubadges", ects=5, hours=None)
    del _achievement(credential)["creditsAvailable"]
    assert "eu.workload" not in _codes(check(credential, "eu"))
    credential["@context"] = credential["@context"][:2]  # ECTS is no longer defined: not signed
    assert check(credential, "eu").codes == {"jsonld.undefined-term"}
    achievement = _achievement(credential)
    achievement["type"] = ["Achievement"]  # nor is it on a plain achievement
    assert "eu.workload" in _codes(check(achievement, "eu"))


def test_eu19_one_value_per_element() -> None:
    credential = make_credential()
    [eqf] = [a for a in _achievement(credential)["alignment"] if a["targetType"] == "ext:EQFLevel"]
    _achievement(credential)["alignment"].append({**eqf, "targetCode": "5", "targetName": "5"})
    report = check(credential, "eu", "nl")
    [finding] = _only(report, "eu.ambiguous-element")
    assert "EQF level" in finding.message
    assert "eu.level" not in report.codes  # the level is there, twice
    assert "nl.level" not in report.codes
    _achievement(credential)["alignment"][-1]["targetCode"] = "6"  # the same level again
    assert "eu.ambiguous-element" not in check(credential, "eu").codes


def test_several_credential_subjects_are_not_one_microcredential() -> None:
    credential = make_credential()
    subject = credential["credentialSubject"]
    credential["credentialSubject"] = [subject, {**subject, "id": "did:example:learner-2"}]
    report = check(credential, "eu", "nl")
    assert [f.code for f in report.findings] == ["eu.not-a-microcredential"]
    credential["credentialSubject"] = [subject]  # one subject, written as a list
    assert check(credential, "eu", "nl").findings == ()


@pytest.mark.parametrize(
    ("key", "value"),
    [("targetCode", "ext:Hackathon"), ("targetCode", "mondeling examen")],
)
def test_eu09_an_unknown_assessment_is_a_warning_and_not_missing(key: str, value: str) -> None:
    credential = make_credential()
    [alignment] = [
        a for a in _achievement(credential)["alignment"] if a["targetType"] == "ext:AssessmentType"
    ]
    alignment[key] = value
    report = check(credential, "eu")
    [finding] = _only(report, "eu.assessment")
    assert finding.severity is Severity.WARNING
    assert value in finding.message


def test_eu10_an_unknown_edubadges_participation_is_a_warning_under_eu() -> None:
    credential = make_credential("edubadges")
    _drop_alignments(credential, "ext:FormOfParticipation")
    _achievement(credential)["participationType"] = "hybride"
    [finding] = _only(check(credential, "eu"), "eu.participation")
    assert finding.severity is Severity.WARNING
    assert finding.path == "/credentialSubject/achievement/participationType"


def test_eu13_supervised_online_says_nothing_about_identity() -> None:
    credential = make_credential("edubadges", supervision=None)
    _achievement(credential)["supervisionType"] = "supervised online"
    for checked in (False, True):
        _achievement(credential)["identityChecked"] = checked
        assert "eu.supervision" not in check(credential, "eu").codes
    _achievement(credential)["supervisionType"] = "onsite with identity verification"
    _achievement(credential)["identityChecked"] = False
    [finding] = _only(check(credential, "eu"), "eu.supervision")
    assert finding.severity is Severity.ERROR


@pytest.mark.parametrize(
    ("address", "severity"),
    [
        ({"addressCountry": "Nederland"}, None),
        ({"addressCountry": "Nederland", "addressCountryCode": "NL"}, None),
        ({"addressCountry": "Verenigd Koninkrijk", "addressCountryCode": "UK"}, Severity.WARNING),
        ({"addressCountryCode": "UK"}, Severity.ERROR),
        ({"addressCountryCode": "XX"}, Severity.ERROR),
        ({"addressLocality": "Delft"}, Severity.ERROR),
    ],
)
def test_eu03_country_in_words_or_a_real_code(
    address: dict[str, str], severity: Severity | None
) -> None:
    credential = make_credential()
    credential["issuer"]["address"] = {"type": ["Address"], **address}
    found = _only(check(credential, "eu"), "eu.country")
    assert [f.severity for f in found] == ([] if severity is None else [severity])


def test_eu03_and_eu04_read_every_organisation() -> None:
    credential = make_credential()
    credential["issuer"]["parentOrg"] = {
        "id": "https://hs.example/",
        "type": ["Profile"],
        "address": {"type": ["Address"], "addressCountryCode": "UK"},
    }
    report = check(credential, "eu")
    assert [f.path for f in _only(report, "eu.country")] == [
        "/issuer/parentOrg/address/addressCountryCode"
    ]
    assert [f.path for f in _only(report, "eu.awarding-body")] == ["/issuer/parentOrg/name"]


def test_eu05_compares_instants_not_local_dates() -> None:
    credential = make_credential()
    credential["validFrom"] = "2026-03-11T00:30:00+02:00"  # 2026-03-10T22:30:00Z
    assert "eu.issue-date" not in check(credential, "eu", today=dt.date(2026, 3, 10)).codes
    just_after = dt.datetime(2026, 3, 10, 22, 31, tzinfo=dt.UTC)
    assert "eu.issue-date" not in check(credential, "eu", now=just_after, today=None).codes
    an_hour_before = dt.datetime(2026, 3, 10, 21, 30, tzinfo=dt.UTC)
    assert "eu.issue-date" in check(credential, "eu", now=an_hour_before, today=None).codes


def test_eu07_no_ects_warning_for_mbo_credentials_sized_in_sbu() -> None:
    assert "eu.workload" not in check(_shape("mbo_full.json"), "eu").codes
    [warning] = _only(check(_shape("ho_hours.json"), "eu"), "eu.workload")
    assert warning.severity is Severity.WARNING


def test_eu15_the_recommendations_spelling_and_integrated_without_target() -> None:
    credential = make_credential(stackability=Stackability.STANDALONE, stacks_toward=None)
    [stack] = [
        a for a in _achievement(credential)["alignment"] if a["targetType"] == "ext:Stackability"
    ]
    stack["targetCode"] = "stand-alone"
    assert "eu.stackability" not in check(credential, "eu").codes
    stack["targetCode"] = "integrated"
    [info] = _only(check(credential, "eu"), "eu.stackability")
    assert info.severity is Severity.INFO
    stack["targetCode"] = "modular"
    [warning] = _only(check(credential, "eu"), "eu.stackability")
    assert warning.severity is Severity.WARNING


def test_eu18_conflicting_sizes() -> None:
    credential = make_credential("edubadges")
    _achievement(credential)["ECTS"] = 6  # creditsAvailable says 5
    [conflict] = _only(check(credential, "edubadges"), "eu.workload-conflict")
    assert conflict.severity is Severity.ERROR
    assert conflict.path == "/credentialSubject/achievement/ECTS"
    credential = make_credential(ects=5, hours=154)  # 140 at 28 hours per EC: within half an EC
    assert "eu.workload-conflict" not in check(credential, "eu").codes
    credential = make_credential(ects=5, hours=180)
    assert "eu.workload-conflict" in _codes(check(credential, "eu"), Severity.WARNING)


@pytest.mark.parametrize(
    ("institution", "issued", "severity", "says"),
    [
        ("wo", "2026-01-05", Severity.WARNING, "experimental space"),
        ("wo", "2024-01-05", Severity.ERROR, "does not include the date of issuing"),
        ("hbo", "2026-01-05", Severity.ERROR, "concerns the target group, not the size"),
        (None, "2026-01-05", Severity.ERROR, "institution='wo'"),
        (None, "2024-01-05", Severity.ERROR, "at least 3 EC; this one is 2 EC"),
    ],
)
def test_nl01_says_what_applies_to_the_issuer(
    institution: str | None, issued: str, severity: Severity, says: str
) -> None:
    credential = make_credential(ects=2, hours=None)
    credential["validFrom"] = f"{issued}T10:00:00Z"
    [finding] = _only(check(credential, "nl", institution=institution), "nl.size")
    assert finding.severity is severity
    assert says in finding.message
    if institution is None and issued.startswith("2024"):
        assert "institution='wo'" not in finding.message


def test_nl02_below_240_sbu_is_a_warning_under_edubadges_too() -> None:
    credential = _shape("mbo_full.json")
    _achievement(credential)["SBU"] = 160
    [finding] = _only(check(credential, "nl", "edubadges"), "nl.mbo-size")
    assert finding.severity is Severity.WARNING


def test_eb03_demands_neither_ects_nor_a_grade() -> None:
    credential = make_credential("edubadges", ects=None, hours=140)
    del credential["credentialSubject"]["result"]
    assert "edubadges.schema" not in check(credential, "edubadges").codes


def test_eb05_the_platform_requires_an_eqf_level() -> None:
    credential = make_credential("edubadges")
    _drop_alignments(credential, "ext:EQFLevel")  # the NLQF level remains
    assert "nl.level" not in check(credential, "nl").codes
    assert [f.rule for f in check(credential, "edubadges").errors] == ["EB-05"]


@pytest.mark.parametrize("achievement_type", ["Course", "Badge", "ext:Minor"])
def test_a_badge_of_another_kind_is_reported_once(achievement_type: str) -> None:
    credential = make_credential()
    _achievement(credential)["achievementType"] = achievement_type
    _remove_quality_assurance(credential)
    report = check(credential, "eu", "nl")
    assert [(f.rule, f.severity) for f in report.findings] == [("EU-00", Severity.ERROR)]


def test_a_badge_that_says_both_kinds_is_judged_with_a_warning() -> None:
    credential = _shape("ho_full.json")
    _achievement(credential)["achievementType"] = "Course"
    report = check(credential, "eu")
    assert [f.severity for f in _only(report, "eu.not-a-microcredential")] == [Severity.WARNING]
    assert "eu.learning-outcomes" not in report.codes  # judged as a microcredential
