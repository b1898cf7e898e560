"""Annex I of the EU Council Recommendation (``eu``): the optional elements, and the consistency
of what a credential states (grade, credits, dates, workload)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...problems import json_pointer
from .._values import is_number, read_datetime
from ..encoding import TargetType
from ..reading import members
from ..vocab import Stackability, Supervision
from ._framework import (
    ERR,
    INFO,
    SOURCE_EU,
    SOURCE_OB,
    SPEC_EU,
    SPEC_OB,
    WARN,
    Context,
    Out,
    Rule,
)

#: Where the optional elements are listed.
SOURCE_OPTIONAL = SOURCE_EU + ", optional elements"
#: Hours per ECTS credit in the Netherlands.
HOURS_PER_EC = 28


def _eu_optional(ctx: Context) -> Out:
    v = ctx.view
    if v is None:
        return
    base = (*ctx.achievement_path, "alignment")
    for present, text in (
        (v.prerequisite_statements(), "prerequisites (O1): an 'ext:Prerequisites' alignment"),
        (v.supervisions(), "supervision and identity verification (O2)"),
        (v.grading_schemes(), "a grading scheme (O3): a resultDescription"),
        (v.stackabilities(), "integration/stackability (O4): an 'ext:Stackability' alignment"),
        (
            v.further_informations(),
            "further information (O5): an 'ext:FurtherInformation' alignment",
        ),
    ):
        if not present:
            yield INFO, f"optional element not given: {text}", base


OPTIONAL_ELEMENTS = Rule(
    id="EU-12",
    code="eu.optional-elements",
    severity="info",
    source=SOURCE_OPTIONAL,
    quote=(
        "\u201cPrerequisites needed to enrol in the learning activity\u201d; \u201cSupervision and "
        "identity verification during assessment\u201d; \u201cGrade achieved\u201d; "
        "\u201cIntegration/stackability options\u201d; \u201cFurther information\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "optional elements O1–O5 (prerequisites, supervision, grading, stackability, further "
        "information) reported when absent"
    ),
    check=_eu_optional,
)


def _eu_supervision(ctx: Context) -> Out:
    view = ctx.view
    if view is None:
        return
    for found in view.aligned(TargetType.SUPERVISION):
        code = found.value.get("targetCode")
        if Supervision.from_code(code) is None:
            codes = ", ".join(m.code for m in Supervision)
            message = f"unknown supervision {code!r}; this library knows {codes}"
            yield WARN, message, (*found.path, "targetCode")
    checked = view.identity_checked()
    if checked is None:
        return
    if not isinstance(checked.value, bool):
        yield ERR, "identityChecked must be true or false", checked.path
        return
    said = view.supervision_identity_statement()
    if said is not None and said.value != checked.value:
        verified = "with" if said.value else "without"
        yield (
            ERR,
            (
                f"identityChecked is {str(checked.value).lower()} but the supervision says the "
                f"assessment was {verified} identity verification; make them agree"
            ),
            checked.path,
        )


SUPERVISION = Rule(
    id="EU-13",
    code="eu.supervision",
    severity="error / warning",
    source=SOURCE_OPTIONAL,
    quote=(
        "\u201cSupervision and identity verification during assessment (unsupervised with no "
        "identity verification, supervised with no identity verification, supervised online or "
        "onsite with identity verification)\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "supervision and identity verification (O2): an unknown supervision value is a warning; "
        "`identityChecked` is a boolean that agrees with a supervision value naming identity "
        "verification (error); `supervised online` names the supervision only"
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
    if subject is None:
        return
    descriptions: dict[str, Mapping[str, Any]] = {}
    for found in ctx.view.result_descriptions() if ctx.view else []:
        if isinstance(found.value.get("id"), str):
            descriptions[found.value["id"]] = found.value
    for found in members(subject.value, "result", subject.path):
        result = found.value
        if not isinstance(result, Mapping):
            yield ERR, "each result must be a Result object", found.path
            continue
        ref = result.get("resultDescription")
        if ref is None:
            continue
        if not isinstance(ref, str) or ref not in descriptions:
            yield (
                ERR,
                "result.resultDescription must be the id of a resultDescription of the achievement",
                (*found.path, "resultDescription"),
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
                (*found.path, "value"),
            )


GRADE = Rule(
    id="EU-14",
    code="eu.grade",
    severity="error / warning",
    source=SOURCE_OPTIONAL + "; Open Badges 3.0 (Result)",
    quote=(
        "\u201cGrade achieved\u201d; resultDescription \u2014 \u201cThe value of "
        "resultDescription is the id of the result description linked to this result. The "
        "linked result description must be in the achievement that is being asserted.\u201d"
    ),
    spec=SPEC_OB,
    title=(
        "grade achieved (O3): each `result.resultDescription` names a `resultDescription` of the "
        "achievement (error); the value lies within `valueMin`..`valueMax` (warning)"
    ),
    check=_eu_grade,
)


def _eu_stackability(ctx: Context) -> Out:
    view = ctx.view
    if view is None:
        return
    readable = {found.path for found in view.stackabilities()}
    for found in view.aligned(TargetType.STACKABILITY):
        if found.path not in readable:
            code = found.value.get("targetCode")
            message = (
                f"unknown stackability {code!r}; use stand-alone (standalone), stackable or "
                "integrated"
            )
            yield WARN, message, (*found.path, "targetCode")
    for found in view.stackabilities():
        option, link = found.value
        if link is not None:
            continue
        if option is Stackability.STACKABLE:
            yield (
                WARN,
                (
                    "a stackable microcredential should name the credential it stacks toward: "
                    "set the alignment's targetUrl and targetName to it"
                ),
                found.path,
            )
        elif option is Stackability.INTEGRATED:
            message = "the credential this microcredential is integrated into is not named"
            yield INFO, message, found.path


STACKABILITY = Rule(
    id="EU-15",
    code="eu.stackability",
    severity="warning / info",
    source=SOURCE_OPTIONAL,
    quote=(
        "\u201cIntegration/stackability options (stand-alone, independent "
        "micro-credential/integrated, stackable towards another credential)\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "the option is `stand-alone` (or `standalone`), `stackable` or `integrated` (warning "
        "otherwise); stackable ⇒ the credential it stacks toward is identified (`targetUrl`, "
        "`targetName`; warning); integrated without a target is noted (info)"
    ),
    check=_eu_stackability,
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
    source=SOURCE_OB + " (AchievementSubject)",
    quote=(
        "creditsEarned \u2014 \u201cThe number of credits earned, generally in semester or "
        "quarter credit hours. This field correlates with the Achievement creditsAvailable "
        "field.\u201d"
    ),
    spec=SPEC_OB,
    title=(
        "`creditsEarned` ≤ `creditsAvailable`; `activityStartDate` ≤ `activityEndDate` ≤ "
        "`validFrom`"
    ),
    check=_eu_consistency,
)


def _eu_workload_conflict(ctx: Context) -> Out:
    view = ctx.view
    if view is None:
        return
    for unit, statements in (("EC", view.ects_statements()), ("hours", view.hours_statements())):
        first = statements[0] if statements else None
        for other in statements[1:]:
            if first is not None and not math.isclose(other.value, first.value):
                yield (
                    ERR,
                    (
                        f"the workload is stated twice with different values: {first.value:g} "
                        f"{unit} and {other.value:g} {unit}; state one"
                    ),
                    other.path,
                )
    ects, hours = view.ects(), view.hours()
    if ects is None or hours is None:
        return
    expected = ects.value * HOURS_PER_EC
    if abs(hours.value - expected) > HOURS_PER_EC / 2:
        yield (
            WARN,
            (
                f"{ects.value:g} EC is {expected:g} hours at {HOURS_PER_EC} hours per EC, but the "
                f"workload in hours is {hours.value:g}: more than half an EC apart"
            ),
            hours.path,
        )


WORKLOAD_CONFLICT = Rule(
    id="EU-18",
    code="eu.workload-conflict",
    severity="error / warning",
    source=SOURCE_EU + ", mandatory elements; Wet op het hoger onderwijs (WHW), art. 7.4",
    quote=(
        "\u201cNotional workload needed to achieve the learning outcomes (in ECTS credits, "
        "wherever possible)\u201d; WHW: \u201cEen studiepunt staat gelijk aan 28 uren "
        "studie.\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "one workload: `creditsAvailable` and `ECTS` agree, and so do the hours alignment, "
        "`timeInvestment` and `SBU` (error); EC and hours agree at 28 hours per EC within half "
        "an EC (warning)"
    ),
    check=_eu_workload_conflict,
)


#: The elements the validator holds to one value (the others may be stated several times).
_SINGLE = frozenset({"EQF level", "NLQF level", "QF-EHEA cycle", "supervision", "stackability"})


def _eu_ambiguous(ctx: Context) -> Out:
    for what, found in ctx.view.ambiguities() if ctx.view else []:
        if what in _SINGLE:
            where = ", ".join(json_pointer(f.path) for f in found)
            yield (
                ERR,
                (
                    f"the {what} is stated {len(found)} times with different values ({where}); "
                    "arrays are unordered, so no statement is the first: state it once"
                ),
                ctx.achievement_path,
            )


AMBIGUOUS = Rule(
    id="EU-19",
    code="eu.ambiguous-element",
    severity="error",
    source=SOURCE_EU + "; JSON-LD 1.1 (sets)",
    quote=(
        "\u201cLevel (and cycle, if applicable) of the learning experience\u201d; "
        "\u201cSupervision and identity verification during assessment\u201d; "
        "\u201cIntegration/stackability options\u201d; JSON-LD: an array is an unordered set "
        "unless its term is declared @list"
    ),
    spec=SPEC_EU,
    title=(
        "one value per element: the EQF level, NLQF level, QF-EHEA cycle, supervision and "
        "stackability are not stated several times with different values (no context declares "
        "these arrays `@list`, so no statement comes first)"
    ),
    check=_eu_ambiguous,
)


#: The rules of this module, in catalogue order.
RULES = (
    OPTIONAL_ELEMENTS,
    SUPERVISION,
    GRADE,
    STACKABILITY,
    CONSISTENCY,
    WORKLOAD_CONFLICT,
    AMBIGUOUS,
)
