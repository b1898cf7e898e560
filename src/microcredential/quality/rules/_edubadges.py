"""What the Edubadges platform requires of a microcredential (``edubadges``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._values import is_text
from ..encoding import (
    EDUBADGES_ACHIEVEMENT_TYPE,
    EDUBADGES_ASSESSMENT,
    EDUBADGES_CONTEXT_URL,
    EDUBADGES_PARTICIPATION,
    EDUBADGES_STORED_ASSESSMENT,
    EDUBADGES_STORED_PARTICIPATION,
    EDUBADGES_SUPERVISION,
)
from ._framework import ERR, INFO, SOURCE_EB, SPEC_EB, Context, Out, Rule

_EB_VOCAB: dict[str, tuple[set[str], Mapping[str, Any]]] = {
    "participationType": (set(EDUBADGES_PARTICIPATION.values()), EDUBADGES_STORED_PARTICIPATION),
    "assessmentType": (set(EDUBADGES_ASSESSMENT.values()), EDUBADGES_STORED_ASSESSMENT),
    "supervisionType": (set(EDUBADGES_SUPERVISION.values()) | {"supervised online"}, {}),
}
_EB_OF_FORM: dict[Any, str] = {**EDUBADGES_PARTICIPATION, **EDUBADGES_ASSESSMENT}


def _eb_vocabulary(ctx: Context) -> Out:
    if ctx.view is None:
        return
    for key, (allowed, stored) in _EB_VOCAB.items():
        found = ctx.view.get(key)
        if found is None or (isinstance(found.value, str) and found.value in allowed):
            continue
        if not isinstance(found.value, str):
            yield ERR, f"{key} must be one string of the Edubadges vocabulary", found.path
            continue
        parts = [p.strip() for p in found.value.split(",") if p.strip()]
        mapped = [stored.get(p) for p in parts]
        if parts and all(m is not None for m in mapped):
            terms = sorted({_EB_OF_FORM[m] for m in mapped})
            yield (
                ERR,
                (
                    f"{found.value!r} is a value stored by the Edubadges platform, not an OB 3.0 "
                    f"term; write {' / '.join(repr(t) for t in terms)}"
                ),
                found.path,
            )
        else:
            yield (
                ERR,
                f"{found.value!r} is not in the Edubadges vocabulary: {', '.join(sorted(allowed))}",
                found.path,
            )


VOCABULARY = Rule(
    id="EB-01",
    code="edubadges.vocabulary",
    severity="error",
    source=SOURCE_EB,
    spec=SPEC_EB,
    title=(
        "`participationType`, `assessmentType`, `supervisionType` use the Edubadges OB 3.0 "
        "vocabulary; stored platform values (`written_exam`, `blended,online`, legacy values) "
        "are reported with their mapping"
    ),
    check=_eb_vocabulary,
)


def _eb_ects_step(ctx: Context) -> Out:
    found = ctx.view.ects() if ctx.view else None
    if found is not None and not float(found.value * 2).is_integer():
        yield ERR, f"ECTS credits go in steps of 0.5; {found.value:g} is not", found.path


ECTS_STEP = Rule(
    id="EB-02",
    code="edubadges.ects-step",
    severity="error",
    source=SOURCE_EB,
    spec=SPEC_EB,
    title=("ECTS credits are a multiple of 0.5"),
    check=_eb_ects_step,
)


def _eb_schema(ctx: Context) -> Out:
    if ctx.view is None:
        return
    ach = ctx.view.achievement
    base = ctx.achievement_path
    if EDUBADGES_ACHIEVEMENT_TYPE not in ctx.view.types():
        yield ERR, f"add {EDUBADGES_ACHIEVEMENT_TYPE!r} to the achievement's type", (*base, "type")
    criteria = ach.get("criteria")
    if not (isinstance(criteria, Mapping) and is_text(criteria.get("narrative"))):
        yield ERR, "Edubadges requires criteria.narrative", (*base, "criteria")
    if "ECTS" not in ach and "SBU" not in ach:
        yield ERR, "Edubadges requires ECTS (HO) or SBU (MBO)", (*base, "ECTS")
    for key in (
        "image",
        "inLanguage",
        "assessmentType",
        "participationType",
        "supervisionType",
        "identityChecked",
        "resultDescription",
    ):
        if key not in ach:
            yield ERR, f"Edubadges requires {key} on a microcredential achievement", (*base, key)
    subject = ctx.subject()
    if ctx.is_credential and subject is not None:
        results = subject.value.get("result")
        if not (isinstance(results, list) and results):
            yield (
                ERR,
                "Edubadges requires at least one result (the grade achieved)",
                (*subject.path, "result"),
            )


SCHEMA = Rule(
    id="EB-03",
    code="edubadges.schema",
    severity="error",
    source=SOURCE_EB,
    spec=SPEC_EB,
    title=(
        "Edubadges microcredential schema: type `EducredentialAchievement`, `image`, `inLanguage`, "
        "`criteria.narrative`, `ECTS` or `SBU`, `assessmentType`, `participationType`, "
        "`supervisionType`, `identityChecked`, `resultDescription`, and ≥1 `result`"
    ),
    check=_eb_schema,
)


def _eb_context(ctx: Context) -> Out:
    contexts = ctx.field("@context")
    if isinstance(contexts, list) and EDUBADGES_CONTEXT_URL in contexts:
        index = contexts.index(EDUBADGES_CONTEXT_URL)
        yield (
            INFO,
            (
                "the document published at this URL writes 'context' for '@context' and is not "
                "valid JSON-LD; JSON-LD processing needs the corrected copy bundled with this "
                "library (microcredential.quality.edubadges_context())"
            ),
            ("@context", index),
        )


CONTEXT = Rule(
    id="EB-04",
    code="edubadges.context",
    severity="info",
    source=SOURCE_EB,
    spec=SPEC_EB,
    title=(
        "the published Edubadges context is not valid JSON-LD; verifiers need the corrected copy "
        "bundled with this library"
    ),
    check=_eb_context,
)


#: The rules of this module, in catalogue order.
RULES = (VOCABULARY, ECTS_STEP, SCHEMA, CONTEXT)
