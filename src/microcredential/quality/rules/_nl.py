"""The Dutch quality frameworks for microcredentials: HO pilot and MBO variant (``nl``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._values import is_text
from ..vocab import MBO_FRAMEWORK, NL_FRAMEWORKS
from ._eu import bad_levels
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


def _nl_size(ctx: Context) -> Out:
    if ctx.view is None or ctx.is_mbo():
        return
    space = _in_experimental_space(ctx) and ctx.institution == "wo"
    for found, unit, low, floor, high in (
        (ctx.view.ects(), "EC", 3, 1, 30),
        (ctx.view.hours(), "hours", 84, 28, 840),
    ):
        if found is None:
            continue
        value = found.value
        shown = f"{value:g}"
        if value > high:
            yield (
                ERR,
                f"a microcredential is at most {high} {unit}; this one is {shown}",
                found.path,
            )
        elif value < low:
            if space and value >= floor:
                yield (
                    WARN,
                    (
                        f"{shown} {unit} is below {low} {unit}: allowed only in the universities' "
                        f"experimental space (until {EXPERIMENTAL_SPACE[1]:%Y-%m-%d})"
                    ),
                    found.path,
                )
            else:
                extra = (
                    ""
                    if ctx.institution == "wo" and _in_experimental_space(ctx)
                    else " (universities may go down to 1 EC from 2025-05-01 to 2027-04-30: "
                    "validate with institution='wo')"
                )
                yield (
                    ERR,
                    f"a microcredential is at least {low} {unit}; this one is {shown}{extra}",
                    found.path,
                )


SIZE = Rule(
    id="NL-01",
    code="nl.size",
    severity="error (warning in the experimental space)",
    source=SOURCE_NL,
    spec=SPEC_NL,
    title=(
        'size 3–30 EC and 84–840 hours; universities (`institution="wo"`) issuing between '
        "2025-05-01 and 2027-04-30 may go down to 1 EC / 28 hours (warning)"
    ),
    check=_nl_size,
)


def _nl_mbo_size(ctx: Context) -> Out:
    if ctx.view is None or not ctx.is_mbo():
        return
    found = ctx.view.sbu() or ctx.view.hours()
    if found is not None and found.value < 240:
        severity = ERR if "edubadges" in ctx.profiles else WARN
        yield (
            severity,
            f"an MBO microcredential is in principle at least 240 SBU; this one is {found.value:g}",
            found.path,
        )


MBO_SIZE = Rule(
    id="NL-02",
    code="nl.mbo-size",
    severity="warning (error under `edubadges`)",
    source=SOURCE_NL_MBO,
    spec=MBO_FRAMEWORK[1],
    title=("MBO: study load at least 240 SBU (hours)"),
    check=_nl_mbo_size,
)


def _nl_level(ctx: Context) -> Out:
    if "eu" not in ctx.profiles:
        yield from bad_levels(ctx)
    v = ctx.view
    if v is None or (v.eqf_level() is None and v.nlqf_level() is None):
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
    source=SOURCE_NL,
    spec=SPEC_NL,
    title=("the EQF (or NLQF) level is given"),
    check=_nl_level,
)


def _nl_quality_framework(ctx: Context) -> Out:
    qa = ctx.view.quality_assurance() if ctx.view else None
    if qa is None:
        return
    if qa.value.description is None:
        yield (
            ERR,
            "describe the quality assurance in the alignment's targetDescription",
            (*qa.path, "targetDescription"),
        )
    known_names = NL_FRAMEWORKS["names"] | {MBO_FRAMEWORK[0]}
    known_urls = NL_FRAMEWORKS["urls"] | {MBO_FRAMEWORK[1]}
    if qa.value.name not in known_names or qa.value.url not in known_urls:
        yield (
            WARN,
            (
                "the quality assurance does not name the Dutch framework; use targetName "
                "'Kwaliteitskader Microcredentials voor Professionals HBO en WO' and targetUrl "
                "'https://npuls.nl/doorbouwen-aan-microcredentials' (MBO: the MBO framework)"
            ),
            qa.path,
        )


QUALITY_FRAMEWORK = Rule(
    id="NL-04",
    code="nl.quality-framework",
    severity="error / warning",
    source=SOURCE_NL,
    spec=SPEC_NL,
    title=(
        "the quality-assurance alignment names the Dutch framework (known name and URL; "
        "warning otherwise) and describes it (`targetDescription`, error)"
    ),
    check=_nl_quality_framework,
)


def _nl_brin(ctx: Context) -> Out:
    if not ctx.is_credential:
        return
    issuer = ctx.issuer()
    orgs: list[Any] = []
    if issuer and isinstance(issuer.value, Mapping):
        orgs = [issuer.value, issuer.value.get("parentOrg")]
    for org in orgs:
        entries = org.get("otherIdentifier") if isinstance(org, Mapping) else None
        for entry in entries if isinstance(entries, list) else []:
            if (
                isinstance(entry, Mapping)
                and entry.get("identifierType") == "ext:BRIN"
                and is_text(entry.get("identifier"))
            ):
                return
    yield (
        WARN,
        (
            "identify the institution by its BRIN code: an issuer.otherIdentifier with "
            "identifierType 'ext:BRIN'"
        ),
        ("issuer", "otherIdentifier"),
    )


BRIN = Rule(
    id="NL-05",
    code="nl.brin",
    severity="warning",
    source=SOURCE_NL,
    spec=SPEC_NL,
    title=("the issuer is identified as a Dutch institution: an `ext:BRIN` `otherIdentifier`"),
    check=_nl_brin,
)


def _nl_target_group(ctx: Context) -> Out:
    yield (
        INFO,
        (
            "not checkable from the credential: the pilot framework is for professionals "
            "(universities of applied sciences may admit initial students until 2027-04-30)"
        ),
        (),
    )


TARGET_GROUP = Rule(
    id="NL-06",
    code="nl.target-group",
    severity="info",
    source=SOURCE_NL,
    spec=SPEC_NL,
    title=(
        "the target group (professionals; HBO may admit initial students in 2025–2027) cannot be "
        "checked from a credential"
    ),
    check=_nl_target_group,
)


def _nl_validity(ctx: Context) -> Out:
    if ctx.field("validUntil") is not None:
        yield (
            WARN,
            "remove validUntil: a Dutch microcredential is valid without end",
            ("validUntil",),
        )


VALIDITY = Rule(
    id="NL-07",
    code="nl.validity",
    severity="warning",
    source=SOURCE_NL,
    spec=SPEC_NL,
    title=("no `validUntil`: a microcredential does not expire"),
    check=_nl_validity,
)


#: The rules of this module, in catalogue order.
RULES = (SIZE, MBO_SIZE, LEVEL, QUALITY_FRAMEWORK, BRIN, TARGET_GROUP, VALIDITY)
