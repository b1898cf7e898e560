"""The elements of Annex I of the EU Council Recommendation on micro-credentials (``eu``)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from .._values import is_number, is_text, read_datetime
from ..encoding import TargetType
from ..vocab import AssessmentType, ParticipationForm, Stackability, Supervision
from ._framework import (
    ERR,
    INFO,
    SOURCE_EU,
    SPEC_EU,
    SPEC_OB,
    WARN,
    Context,
    Out,
    Path,
    Rule,
)

_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _eu_learner(ctx: Context) -> Out:
    if not ctx.is_credential:
        return
    subject = ctx.subject()
    if subject is None:
        yield (
            ERR,
            "identify the learner: credentialSubject must be an object",
            ("credentialSubject",),
        )
        return
    has_id = is_text(subject.value.get("id"))
    idents = subject.value.get("identifier")
    idents = [i for i in idents if isinstance(i, Mapping)] if isinstance(idents, list) else []
    if not has_id and not idents:
        yield (
            ERR,
            (
                "identify the learner (Annex I M1): give credentialSubject.id (a DID) or an "
                "identifier (IdentityObject)"
            ),
            subject.path,
        )
    elif not has_id and all(i.get("identityType") == "emailAddress" for i in idents):
        yield (
            WARN,
            (
                "the learner is identified only by a hashed e-mail address; consider adding a name "
                "or a DID so the credential identifies the learner without their address"
            ),
            (*subject.path, "identifier"),
        )


LEARNER = Rule(
    id="EU-01",
    code="eu.learner",
    severity="error / warning",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "the learner is identified: `credentialSubject.id` or at least one `identifier` (error); "
        "warning when the only identification is a hashed e-mail address"
    ),
    check=_eu_learner,
)


def _eu_title(ctx: Context) -> Out:
    if ctx.view is None or ctx.view.title() is None:
        yield (
            ERR,
            "give the microcredential a title (Annex I M2) in achievement.name",
            (*ctx.achievement_path, "name"),
        )


TITLE = Rule(
    id="EU-02",
    code="eu.title",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=("title of the microcredential: `achievement.name`"),
    check=_eu_title,
)


def _eu_country(ctx: Context) -> Out:
    if not ctx.is_credential:
        return
    issuer = ctx.issuer()
    candidates: list[tuple[Any, Path]] = []
    if issuer and isinstance(issuer.value, Mapping):
        for prefix, org in (
            (("issuer",), issuer.value),
            (("issuer", "parentOrg"), issuer.value.get("parentOrg")),
        ):
            if isinstance(org, Mapping) and isinstance(org.get("address"), Mapping):
                code = org["address"].get("addressCountryCode")
                if code is not None:
                    candidates.append((code, (*prefix, "address", "addressCountryCode")))
    if not candidates:
        yield (
            ERR,
            (
                "give the issuer's country (Annex I M3) as issuer.address.addressCountryCode, "
                "an ISO 3166-1 alpha-2 code such as 'NL'"
            ),
            ("issuer", "address"),
        )
        return
    code, path = candidates[0]
    if not isinstance(code, str) or not _COUNTRY.match(code) or code == "EN":
        hint = " ('EN' is not a country; the United Kingdom is 'GB')" if code == "EN" else ""
        yield ERR, f"addressCountryCode must be an ISO 3166-1 alpha-2 code such as 'NL'{hint}", path
    elif "nl" in ctx.profiles and code != "NL":
        yield (
            WARN,
            f"the Dutch framework applies to Dutch institutions; the country is {code!r}",
            path,
        )


COUNTRY = Rule(
    id="EU-03",
    code="eu.country",
    severity="error (warning under `nl` when not NL)",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "country of the issuer: `issuer.address.addressCountryCode` (or the `parentOrg`'s), "
        "ISO 3166-1 alpha-2"
    ),
    check=_eu_country,
)


def _eu_awarding_body(ctx: Context) -> Out:
    if not ctx.is_credential:
        return
    issuer = ctx.issuer()
    if issuer is None:
        yield ERR, "name the awarding body (Annex I M4): issuer is missing", ("issuer",)
        return
    if not isinstance(issuer.value, Mapping):
        yield (
            ERR,
            (
                "name the awarding body (Annex I M4): write issuer as a Profile object with id "
                "and name, not only an IRI"
            ),
            ("issuer",),
        )
        return
    parent = issuer.value.get("parentOrg")
    named = is_text(issuer.value.get("name")) or (
        isinstance(parent, Mapping) and is_text(parent.get("name"))
    )
    if not named:
        yield ERR, "name the awarding body (Annex I M4) in issuer.name", ("issuer", "name")
    if not is_text(issuer.value.get("id")):
        yield ERR, "the issuer needs an id (its IRI)", ("issuer", "id")


AWARDING_BODY = Rule(
    id="EU-04",
    code="eu.awarding-body",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=("awarding body named: `issuer` is a Profile with `id` and `name` (or `parentOrg.name`)"),
    check=_eu_awarding_body,
)


def _eu_issue_date(ctx: Context) -> Out:
    if not ctx.is_credential:
        return
    for key, required in (("validFrom", True), ("awardedDate", False)):
        value = ctx.field(key)
        if value is None:
            if required:
                yield ERR, "give the date of issuing (Annex I M5) in validFrom", (key,)
            continue
        parsed = read_datetime(value)
        if parsed is None:
            yield (
                ERR,
                (f"{key} must be a date-time with a time-zone offset, e.g. '2026-03-01T09:00:00Z'"),
                (key,),
            )
            continue
        future = parsed > ctx.now if ctx.now is not None else parsed.date() > ctx.today
        if future:
            yield (
                ERR,
                f"{key} {value} is in the future; a microcredential is issued when awarded",
                (key,),
            )


ISSUE_DATE = Rule(
    id="EU-05",
    code="eu.issue-date",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "date of issuing: `validFrom` (and `awardedDate` if given) is a date-time with offset, "
        "not in the future"
    ),
    check=_eu_issue_date,
)


def _eu_learning_outcomes(ctx: Context) -> Out:
    if ctx.view is None or not ctx.view.learning_outcomes():
        yield (
            ERR,
            (
                "state the learning outcomes (Annex I M6): one alignment with targetType "
                "'ext:LearningOutcome' per outcome (criteria.narrative is not read as outcomes)"
            ),
            (*ctx.achievement_path, "alignment"),
        )


LEARNING_OUTCOMES = Rule(
    id="EU-06",
    code="eu.learning-outcomes",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "at least one learning-outcome statement (`ext:LearningOutcome` alignment; Edubadges "
        "`learningOutcome`)"
    ),
    check=_eu_learning_outcomes,
)


def _eu_workload(ctx: Context) -> Out:
    base = ctx.achievement_path
    if ctx.view is not None:
        for key in ("creditsAvailable", "ECTS", "timeInvestment", "SBU"):
            if key in ctx.view.achievement:
                value = ctx.view.achievement[key]
                if not is_number(value) or value <= 0:
                    yield ERR, f"{key} must be a number greater than 0", (*base, key)
    ects = ctx.view.ects() if ctx.view else None
    hours = ctx.view.hours() if ctx.view else None
    if ects is None and hours is None:
        yield (
            ERR,
            (
                "give the notional workload (Annex I M7): creditsAvailable in ECTS credits, "
                "and/or the hours as an 'ext:NotionalWorkload' alignment"
            ),
            (*base, "creditsAvailable"),
        )
    elif ects is None:
        yield (
            WARN,
            "the workload is given only in hours; give ECTS credits wherever possible",
            (*base, "creditsAvailable"),
        )


WORKLOAD = Rule(
    id="EU-07",
    code="eu.workload",
    severity="error / warning",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "notional workload > 0: `creditsAvailable` (ECTS) or the hours alignment; warning when "
        "only hours are given"
    ),
    check=_eu_workload,
)


def _level_present(ctx: Context) -> bool:
    v = ctx.view
    return v is not None and any(
        f is not None for f in (v.eqf_level(), v.nlqf_level(), v.qf_ehea_cycle())
    )


def bad_levels(ctx: Context) -> Out:
    if ctx.view is None:
        return
    for found in ctx.view.aligned(*TargetType.EQF_ALIASES):
        code = found.value.get("targetCode")
        if str(code) not in {str(n) for n in range(1, 9)} or isinstance(code, bool):
            yield ERR, "the EQF level (targetCode) must be '1' … '8'", (*found.path, "targetCode")


def _eu_level(ctx: Context) -> Out:
    yield from bad_levels(ctx)
    if not _level_present(ctx):
        yield (
            WARN,
            (
                "give the level if applicable (Annex I M8): an 'ext:EQFLevel' alignment "
                "(targetUrl http://data.europa.eu/snb/eqf/N)"
            ),
            (*ctx.achievement_path, "alignment"),
        )


LEVEL = Rule(
    id="EU-08",
    code="eu.level",
    severity="warning",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=('level (EQF, NLQF, QF-EHEA cycle) given "if applicable"; an EQF `targetCode` is 1–8'),
    check=_eu_level,
)


def _vocabulary(ctx: Context, target_type: str, enum: Any, what: str) -> Out:
    if ctx.view is None:
        return
    for found in ctx.view.aligned(target_type):
        if enum.from_code(found.value.get("targetCode")) is None:
            codes = ", ".join(m.code for m in enum)
            yield (
                ERR,
                f"unknown {what} code {found.value.get('targetCode')!r}; use one of: {codes}",
                (*found.path, "targetCode"),
            )


def _eu_assessment(ctx: Context) -> Out:
    yield from _vocabulary(ctx, TargetType.ASSESSMENT, AssessmentType, "assessment type")
    if ctx.view is None or not ctx.view.assessment_types():
        yield (
            ERR,
            (
                "give the type of assessment (Annex I M9): an 'ext:AssessmentType' alignment "
                "with targetCode testing, application-of-skill, portfolio or "
                "recognition-of-prior-learning"
            ),
            (*ctx.achievement_path, "alignment"),
        )


ASSESSMENT = Rule(
    id="EU-09",
    code="eu.assessment",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=("type(s) of assessment: `ext:AssessmentType` alignments (Edubadges `assessmentType`)"),
    check=_eu_assessment,
)


def _eu_participation(ctx: Context) -> Out:
    yield from _vocabulary(ctx, TargetType.PARTICIPATION, ParticipationForm, "participation form")
    if ctx.view is None or not ctx.view.participation_forms():
        yield (
            ERR,
            (
                "give the form of participation (Annex I M10): an 'ext:FormOfParticipation' "
                "alignment with targetCode online, onsite, blended, work-experience, volunteering "
                "or personalised"
            ),
            (*ctx.achievement_path, "alignment"),
        )


PARTICIPATION = Rule(
    id="EU-10",
    code="eu.participation",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "form(s) of participation: `ext:FormOfParticipation` alignments (Edubadges "
        "`participationType`)"
    ),
    check=_eu_participation,
)


def _eu_quality_assurance(ctx: Context) -> Out:
    if ctx.view is None or ctx.view.quality_assurance() is None:
        yield (
            ERR,
            (
                "give the type of quality assurance (Annex I M11): an 'ext:QualityAssurance' "
                "alignment naming the framework (targetName, targetUrl, targetDescription)"
            ),
            (*ctx.achievement_path, "alignment"),
        )


QUALITY_ASSURANCE = Rule(
    id="EU-11",
    code="eu.quality-assurance",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=("type of quality assurance: an `ext:QualityAssurance` alignment"),
    check=_eu_quality_assurance,
)


def _eu_optional(ctx: Context) -> Out:
    v = ctx.view
    if v is None:
        return
    base = (*ctx.achievement_path, "alignment")
    for present, text in (
        (v.prerequisites(), "prerequisites (O1): an 'ext:Prerequisites' alignment"),
        (v.supervision(), "supervision and identity verification (O2)"),
        (v.grading(), "a grading scheme (O3): a resultDescription"),
        (v.stackability(), "integration/stackability (O4): an 'ext:Stackability' alignment"),
        (
            v.further_information(),
            "further information (O5): an 'ext:FurtherInformation' alignment",
        ),
    ):
        if present is None:
            yield INFO, f"optional element not given: {text}", base


OPTIONAL_ELEMENTS = Rule(
    id="EU-12",
    code="eu.optional-elements",
    severity="info",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "optional elements O1–O5 (prerequisites, supervision, grading, stackability, further "
        "information) reported when absent"
    ),
    check=_eu_optional,
)


def _eu_supervision(ctx: Context) -> Out:
    yield from _vocabulary(ctx, TargetType.SUPERVISION, Supervision, "supervision")
    if ctx.view is None:
        return
    checked = ctx.view.get("identityChecked")
    if checked is None:
        return
    if not isinstance(checked.value, bool):
        yield ERR, "identityChecked must be true or false", checked.path
        return
    supervision = ctx.view.supervision()
    if supervision is not None and supervision.value.identity_checked != checked.value:
        yield (
            ERR,
            (
                f"identityChecked is {str(checked.value).lower()} but the supervision is "
                f"{supervision.value.label!r}; make them agree"
            ),
            checked.path,
        )


SUPERVISION = Rule(
    id="EU-13",
    code="eu.supervision",
    severity="error",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=(
        "supervision / identity verification (O2) uses the vocabulary and agrees with "
        "`identityChecked`"
    ),
    check=_eu_supervision,
)


def _decimal(value: object) -> float | None:
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _eu_grade(ctx: Context) -> Out:
    subject = ctx.subject()
    if subject is None or "result" not in subject.value:
        return
    results = subject.value["result"]
    base = (*subject.path, "result")
    if not isinstance(results, list):
        yield ERR, "result must be a list of Result objects", base
        return
    descriptions: dict[str, Mapping[str, Any]] = {}
    if ctx.view is not None:
        rds = ctx.view.achievement.get("resultDescription")
        for rd in rds if isinstance(rds, list) else []:
            if isinstance(rd, Mapping) and isinstance(rd.get("id"), str):
                descriptions[rd["id"]] = rd
    for index, result in enumerate(results):
        if not isinstance(result, Mapping):
            yield ERR, "each result must be a Result object", (*base, index)
            continue
        ref = result.get("resultDescription")
        if ref is None:
            continue
        if not isinstance(ref, str) or ref not in descriptions:
            yield (
                ERR,
                (
                    "result.resultDescription must be the id of a resultDescription of the "
                    "achievement"
                ),
                (*base, index, "resultDescription"),
            )
            continue
        rd = descriptions[ref]
        value = _decimal(result.get("value"))
        low, high = _decimal(rd.get("valueMin")), _decimal(rd.get("valueMax"))
        if value is not None and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            yield (
                WARN,
                f"grade {result.get('value')!r} is outside "
                f"{rd.get('valueMin')}..{rd.get('valueMax')}",
                (*base, index, "value"),
            )


GRADE = Rule(
    id="EU-14",
    code="eu.grade",
    severity="error / warning",
    source=SOURCE_EU,
    spec=SPEC_OB,
    title=(
        "grade achieved (O3): each `result.resultDescription` names a `resultDescription` of the "
        "achievement (error); the value lies within `valueMin`..`valueMax` (warning)"
    ),
    check=_eu_grade,
)


def _eu_stackability(ctx: Context) -> Out:
    if ctx.view is None:
        return
    for found in ctx.view.aligned(TargetType.STACKABILITY):
        code = found.value.get("targetCode")
        if not isinstance(code, str) or code not in {s.value for s in Stackability}:
            yield (
                ERR,
                f"unknown stackability {code!r}; use standalone, stackable or integrated",
                (*found.path, "targetCode"),
            )
    stack = ctx.view.stackability()
    if stack is not None and stack[0].value is Stackability.STACKABLE and stack[1] is None:
        yield (
            WARN,
            (
                "a stackable microcredential should name the credential it stacks toward: set the "
                "alignment's targetUrl and targetName to it"
            ),
            stack[0].path,
        )


STACKABILITY = Rule(
    id="EU-15",
    code="eu.stackability",
    severity="warning",
    source=SOURCE_EU,
    spec=SPEC_EU,
    title=("stackable ⇒ the credential it stacks toward is identified (`targetUrl`, `targetName`)"),
    check=_eu_stackability,
)


def _eu_achievement_type(ctx: Context) -> Out:
    if ctx.view is not None and ctx.view.achievement.get("achievementType") != "MicroCredential":
        yield (
            WARN,
            "set achievementType to 'MicroCredential' so verifiers recognise it",
            (*ctx.achievement_path, "achievementType"),
        )


ACHIEVEMENT_TYPE = Rule(
    id="EU-16",
    code="eu.achievement-type",
    severity="warning",
    source=SOURCE_EU,
    spec=SPEC_OB,
    title=("`achievementType` is `MicroCredential`"),
    check=_eu_achievement_type,
)


def _eu_consistency(ctx: Context) -> Out:
    subject = ctx.subject()
    if subject is None:
        return
    earned = subject.value.get("creditsEarned")
    available = ctx.view.achievement.get("creditsAvailable") if ctx.view else None
    if is_number(earned) and is_number(available) and earned > available:
        yield (
            WARN,
            "creditsEarned exceeds the achievement's creditsAvailable",
            (*subject.path, "creditsEarned"),
        )
    start = read_datetime(subject.value.get("activityStartDate"))
    end = read_datetime(subject.value.get("activityEndDate"))
    issued = read_datetime(ctx.field("validFrom"))
    if start and end and start > end:
        yield (
            WARN,
            "activityStartDate is after activityEndDate",
            (*subject.path, "activityStartDate"),
        )
    if end and issued and end > issued:
        yield (
            WARN,
            "activityEndDate is after validFrom (the date of issuing)",
            (*subject.path, "activityEndDate"),
        )


CONSISTENCY = Rule(
    id="EU-17",
    code="eu.consistency",
    severity="warning",
    source=SOURCE_EU,
    spec=SPEC_OB,
    title=(
        "`creditsEarned` ≤ `creditsAvailable`; `activityStartDate` ≤ `activityEndDate` ≤ "
        "`validFrom`"
    ),
    check=_eu_consistency,
)


#: The rules of this module, in catalogue order.
RULES = (
    LEARNER,
    TITLE,
    COUNTRY,
    AWARDING_BODY,
    ISSUE_DATE,
    LEARNING_OUTCOMES,
    WORKLOAD,
    LEVEL,
    ASSESSMENT,
    PARTICIPATION,
    QUALITY_ASSURANCE,
    OPTIONAL_ELEMENTS,
    SUPERVISION,
    GRADE,
    STACKABILITY,
    ACHIEVEMENT_TYPE,
    CONSISTENCY,
)
