"""The Dutch quality frameworks for microcredentials: HO pilot and MBO variant (``nl``)."""

from __future__ import annotations

from typing import Any

from ..vocab import MBO_FRAMEWORK, NL_FRAMEWORKS
from ._eu import level_problems
from ._framework import (
    ERR,
    EXPERIMENTAL_SPACE,
    INFO,
    SOURCE_NL,
    SOURCE_NL_MBO,
    SPEC_NL,
    WARN,
    Context,
    Out,
    Rule,
)


def _in_experimental_space(ctx: Context) -> bool:
    issued = ctx.issue_date()
    day = issued.date() if issued is not None else ctx.today
    return EXPERIMENTAL_SPACE[0] <= day <= EXPERIMENTAL_SPACE[1]


def _too_small(ctx: Context, value: float, unit: str, low: int, floor: int) -> tuple[Any, str]:
    """The finding for a size below ``low``: what applies to the issuer at hand."""
    shown = f"{value:g} {unit}"
    end = f"{EXPERIMENTAL_SPACE[1]:%Y-%m-%d}"
    start = f"{EXPERIMENTAL_SPACE[0]:%Y-%m-%d}"
    in_space = _in_experimental_space(ctx)
    if ctx.institution == "wo" and in_space:
        if value >= floor:
            return WARN, (
                f"{shown} is below {low} {unit}: allowed only in the universities' experimental "
                f"space (until {end})"
            )
        return ERR, (
            f"a university microcredential issued in the experimental space is at least {floor} "
            f"{unit}; this one is {shown}"
        )
    if ctx.institution == "wo":
        return ERR, (
            f"a microcredential is at least {low} {unit}; this one is {shown}, and the "
            f"universities' experimental space from {floor} {unit} runs from {start} to {end}, "
            "which does not include the date of issuing"
        )
    if ctx.institution == "hbo":
        return ERR, (
            f"a microcredential is at least {low} {unit}; this one is {shown} (the experimental "
            "space for universities of applied sciences concerns the target group, not the size)"
        )
    hint = ""
    if in_space and value >= floor:
        hint = (
            f" (a university may go down to {floor} {unit} from {start} to {end}: validate with "
            "institution='wo')"
        )
    return ERR, f"a microcredential is at least {low} {unit}; this one is {shown}{hint}"


def _nl_size(ctx: Context) -> Out:
    if ctx.view is None or ctx.is_mbo():
        return
    for found, unit, low, floor, high in (
        (ctx.view.ects(), "EC", 3, 1, 30),
        (ctx.view.hours(), "hours", 84, 28, 840),
    ):
        if found is None:
            continue
        if found.value > high:
            message = f"a microcredential is at most {high} {unit}; this one is {found.value:g}"
            yield ERR, message, found.path
        elif found.value < low:
            severity, message = _too_small(ctx, found.value, unit, low, floor)
            yield severity, message, found.path


SIZE = Rule(
    id="NL-01",
    code="nl.size",
    severity="error (warning in the experimental space)",
    source=SOURCE_NL + ", conditions, and its addendum on the experimental space",
    quote=(
        "\u201cThe guideline for micro-credentials is that these are educational units that are "
        "no smaller than 3 EC and no larger than 30 EC.\u201d; \u201cUniversities are given the "
        "opportunity to experiment with provision from 1 ECTS, provided all other requirements "
        "of the quality framework are met.\u201d"
    ),
    spec=SPEC_NL,
    title=(
        "HO: size 3–30 EC and 84–840 hours (28 hours per EC); universities "
        '(`institution="wo"`) issuing between 2025-05-01 and 2027-04-30 may go down to 1 EC / '
        "28 hours (warning); the message says what applies to the institution given"
    ),
    check=_nl_size,
)


def _nl_mbo_size(ctx: Context) -> Out:
    if ctx.view is None or not ctx.is_mbo():
        return
    found = ctx.view.sbu() or ctx.view.hours()
    if found is not None and found.value < 240:
        yield (
            WARN,
            (
                f"an MBO microcredential is in principle at least 240 SBU; this one is "
                f"{found.value:g} (smaller is allowed where it fits, with reasons)"
            ),
            found.path,
        )


MBO_SIZE = Rule(
    id="NL-02",
    code="nl.mbo-size",
    severity="warning",
    source=SOURCE_NL_MBO,
    quote=(
        "\u201cDe richtlijn voor microcredentials is dat het gaat om onderwijseenheden die in "
        "principe niet kleiner zijn dan 240 SBU conform huidige structuur.\u201d; \u201cIndien "
        "blijkt dat het passend is dat de microcredential minder van omvang is, is hiervoor "
        "binnen de Pilot ruimte om dit onderbouwd te onderzoeken.\u201d"
    ),
    spec=MBO_FRAMEWORK[1],
    title="MBO: study load in principle at least 240 SBU (hours); smaller is a warning",
    check=_nl_mbo_size,
)


def _nl_level(ctx: Context) -> Out:
    if "eu" not in ctx.profiles:  # otherwise EU-08 reports them
        yield from level_problems(ctx, ERR)
    v = ctx.view
    if v is None or not (v.eqf_levels() or v.nlqf_levels()):
        yield (
            ERR,
            (
                "the Dutch framework requires the level: add an 'ext:EQFLevel' alignment "
                "(and an 'ext:NLQFLevel' one if the NLQF level is known)"
            ),
            (*ctx.achievement_path, "alignment"),
        )


LEVEL = Rule(
    id="NL-03",
    code="nl.level",
    severity="error",
    source=SOURCE_NL + ", on the level of micro-credentials",
    quote=(
        "\u201cIn addition, institutions use the EQF/NLQF indicators to indicate the level of "
        "the micro-credential.\u201d"
    ),
    spec=SPEC_NL,
    title="the EQF (or NLQF) level is given, as an alignment (an `EQF` property is not signed)",
    check=_nl_level,
)


def _nl_quality_framework(ctx: Context) -> Out:
    statements = ctx.view.quality_assurances() if ctx.view else []
    if not statements:
        return
    for qa in statements:
        if qa.value.description is None:
            yield (
                ERR,
                "describe the quality assurance in the alignment's targetDescription",
                (*qa.path, "targetDescription"),
            )
    known_names = NL_FRAMEWORKS["names"] | {MBO_FRAMEWORK[0]}
    known_urls = NL_FRAMEWORKS["urls"] | {MBO_FRAMEWORK[1]}
    if not any(qa.value.name in known_names and qa.value.url in known_urls for qa in statements):
        yield (
            WARN,
            (
                "the quality assurance does not name the Dutch framework; use targetName "
                "'Kwaliteitskader Microcredentials voor Professionals HBO en WO' and targetUrl "
                "'https://npuls.nl/doorbouwen-aan-microcredentials' (MBO: the MBO framework)"
            ),
            statements[0].path,
        )


QUALITY_FRAMEWORK = Rule(
    id="NL-04",
    code="nl.quality-framework",
    severity="error / warning",
    source=SOURCE_NL + ", internal quality assurance",
    quote=(
        "\u201cThe quality of the education certified by micro-credentials is assured on the "
        "basis of the Standards and Guidelines for Quality Assurance in the European Higher "
        "Education Area (ESG).\u201d"
    ),
    spec=SPEC_NL,
    title=(
        "the quality-assurance alignment names the Dutch framework (known name and URL; "
        "warning otherwise) and describes it (`targetDescription`, error)"
    ),
    check=_nl_quality_framework,
)


def _nl_target_group(ctx: Context) -> Out:
    if ctx.view is None or ctx.view.prerequisite_statements():
        return
    end = f"{EXPERIMENTAL_SPACE[1]:%Y-%m-%d}"
    if ctx.institution == "hbo":
        who = (
            "the framework is for professionals; until "
            f"{end} universities of applied sciences may also admit professionals enrolled as "
            "initial students"
        )
    elif ctx.institution == "mbo":
        who = "the MBO framework asks the same of MBO institutions"
    else:
        who = "the framework is for professionals"
    yield (
        INFO,
        (
            "the framework asks that the target group, the prior knowledge required and any "
            "entry requirements are clear; the credential states none (an 'ext:Prerequisites' "
            f"alignment can); {who}"
        ),
        (*ctx.achievement_path, "alignment"),
    )


TARGET_GROUP = Rule(
    id="NL-06",
    code="nl.target-group",
    severity="info",
    source=SOURCE_NL + ", conditions",
    quote=(
        "\u201cIt is clear who the intended target group of the education is, what prior "
        "knowledge is required from the participants, what the entry requirements are (if any), "
        "and how these are tested.\u201d"
    ),
    spec=SPEC_NL,
    title=(
        "the target group, prior knowledge and entry requirements: noted when the credential "
        "states no prerequisites (whether the learners are professionals cannot be checked from "
        "a credential; universities of applied sciences may admit initial students until "
        "2027-04-30)"
    ),
    check=_nl_target_group,
)


#: The rules of this module, in catalogue order.
RULES = (SIZE, MBO_SIZE, LEVEL, QUALITY_FRAMEWORK, TARGET_GROUP)
