"""What the Edubadges platform requires of a microcredential (``edubadges``).

The platform's words are its published OB 3.0 examples, their JSON Schemas and JSON-LD context
(``educredentials/obv3-examples``).
"""

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
from ..reading import members
from ._framework import ERR, INFO, SOURCE_EB, SPEC_EB, WARN, Context, Out, Rule

#: The Edubadges microcredential schema (``schemas/microcredential.json``).
SOURCE_SCHEMA = SOURCE_EB + " schema microcredential.json"
#: The Edubadges OB 3.0 examples' description of the metadata model.
SOURCE_EXAMPLES = SOURCE_EB + " OB 3.0 examples (metadata model)"

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
        found = ctx.view.extension(key)
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
    source=SOURCE_SCHEMA,
    quote=(
        'assessmentType "enum": ["testing", "application of a skill", "portfolio", "recognition '
        'of prior learning"]; participationType "enum": ["online", "onsite or blended", '
        '"volunteering", "work experience", "personalized learning activities"]; '
        'supervisionType "enum": ["unsupervised with no identity verification", "supervised with '
        'no identity verification", "supervised online", "onsite with identity verification"]'
    ),
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
    source=SOURCE_EB + " schema microcredential_ects.json",
    quote='"ECTS": {"type": "number", "minimum": 3, "maximum": 30, "multipleOf": 0.5}',
    spec=SPEC_EB,
    title="ECTS credits are a multiple of 0.5",
    check=_eb_ects_step,
)


_SCHEMA_REQUIRED = (
    "image",
    "inLanguage",
    "alignment",
    "resultDescription",
    "assessmentType",
    "participationType",
    "supervisionType",
    "identityChecked",
)


def _eb_schema(ctx: Context) -> Out:
    if ctx.view is None:
        return
    ach = ctx.view.achievement
    base = ctx.achievement_path
    if EDUBADGES_ACHIEVEMENT_TYPE not in ctx.view.types():
        yield ERR, f"add {EDUBADGES_ACHIEVEMENT_TYPE!r} to the achievement's type", (*base, "type")
    if not ctx.lists_edubadges_context:
        message = (
            f"list the Edubadges context {EDUBADGES_CONTEXT_URL!r} in @context: without it the "
            "Edubadges properties are undefined and not signed"
        )
        yield ERR, message, ("@context",)
    criteria = ach.get("criteria")
    if not (isinstance(criteria, Mapping) and is_text(criteria.get("narrative"))):
        yield ERR, "Edubadges requires criteria.narrative", (*base, "criteria")
    for key in _SCHEMA_REQUIRED:
        if key not in ach:
            yield ERR, f"Edubadges requires {key} on a microcredential achievement", (*base, key)


SCHEMA = Rule(
    id="EB-03",
    code="edubadges.schema",
    severity="error",
    source=SOURCE_SCHEMA,
    quote=(
        '"required": ["name", "description", "image", "resultDescription", "inLanguage", '
        '"alignment", "criteria", "assessmentType", "identityChecked", "participationType", '
        '"supervisionType"]'
    ),
    spec=SPEC_EB,
    title=(
        "Edubadges microcredential schema: type `EducredentialAchievement` under the Edubadges "
        "context, `image`, `inLanguage`, `alignment`, `criteria.narrative`, `assessmentType`, "
        "`participationType`, `supervisionType`, `identityChecked` and `resultDescription`; the "
        "size may be ECTS, SBU or hours and the grade is optional, so neither is demanded"
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
    source=SOURCE_EB + " JSON-LD context educredential.json, as published",
    quote='"supervisionType": { … "context": { … } } (a scoped context needs "@context")',
    spec=SPEC_EB,
    title=(
        "the published Edubadges context is not valid JSON-LD; verifiers need the corrected copy "
        "bundled with this library"
    ),
    check=_eb_context,
)


def _eb_eqf(ctx: Context) -> Out:
    if ctx.view is not None and not ctx.view.eqf_levels():
        yield (
            ERR,
            (
                "Edubadges requires the EQF level of a microcredential: an 'ext:EQF' (or "
                "'ext:EQFLevel') alignment with targetCode 1–8"
            ),
            (*ctx.achievement_path, "alignment"),
        )


EQF = Rule(
    id="EB-05",
    code="edubadges.eqf",
    severity="error",
    source=SOURCE_EXAMPLES,
    quote="Indication of EQF Level \u2014 Microcredential: Required",
    spec=SPEC_EB,
    title="the EQF level is given (an `ext:EQF` or `ext:EQFLevel` alignment, 1–8)",
    check=_eb_eqf,
)


def _eb_brin(ctx: Context) -> Out:
    if not ctx.is_credential:
        return
    for org in ctx.organisations():
        for found in members(org.value, "otherIdentifier", org.path, objects=True):
            entry = found.value
            if entry.get("identifierType") == "ext:BRIN" and is_text(entry.get("identifier")):
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
    id="EB-06",
    code="edubadges.brin",
    severity="warning",
    source=SOURCE_EXAMPLES,
    quote=(
        '\u201cFor BRIN and ShacHome, separate "otheridentifier" entries are included in the '
        "issuer.\u201d"
    ),
    spec=SPEC_EB,
    title=(
        "the issuer (or a `parentOrg`) is identified by its BRIN code: an `ext:BRIN` "
        "`otherIdentifier`"
    ),
    check=_eb_brin,
)


#: The rules of this module, in catalogue order.
RULES = (VOCABULARY, ECTS_STEP, SCHEMA, CONTEXT, EQF, BRIN)
