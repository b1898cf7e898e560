"""The Open Badges 3.0 rules (profile ``ob3``): the preconditions every other rule relies on."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...constants import OB_CONTEXT, VC_V2_CONTEXT
from .._values import is_text
from ..encoding import (
    EDUBADGES_ACHIEVEMENT_TYPE,
    EDUBADGES_CONTEXT_URL,
)
from ..profile import BCP47_PATTERN
from ..reading import EDUBADGES_PROPERTIES, members
from ..vocab import ACHIEVEMENT_TYPES, ALIGNMENT_TARGET_TYPES, IDENTIFIER_TYPES, RESULT_TYPES
from ._framework import ERR, SOURCE_OB, SPEC_OB, WARN, Context, Out, Rule


def _ob_envelope(ctx: Context) -> Out:
    doc = ctx.document
    if not isinstance(doc, Mapping):
        yield ERR, "the document is not a JSON object; an OpenBadgeCredential is expected", ()
        return
    if ctx.achievement is not None and ctx.achievement.path == ():
        return  # a bare achievement: there is no credential envelope to check
    contexts = doc.get("@context")
    if not isinstance(contexts, list) or len(contexts) < 2:
        yield (
            ERR,
            f"@context must be a list starting with {VC_V2_CONTEXT!r} and {OB_CONTEXT!r}",
            ("@context",),
        )
    else:
        if contexts[0] != VC_V2_CONTEXT:
            yield ERR, f"the first @context must be {VC_V2_CONTEXT!r}", ("@context", 0)
        second = contexts[1]
        if not (
            isinstance(second, str)
            and second.startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
        ):
            yield (
                ERR,
                f"the second @context must be the OB 3.0 context ({OB_CONTEXT!r})",
                (
                    "@context",
                    1,
                ),
            )
    types = doc.get("type")
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or "VerifiableCredential" not in types:
        yield ERR, "type must include 'VerifiableCredential'", ("type",)
    elif not {"OpenBadgeCredential", "AchievementCredential"} & {
        t for t in types if isinstance(t, str)
    }:
        yield ERR, "type must include 'OpenBadgeCredential' (or 'AchievementCredential')", ("type",)
    if "validFrom" not in doc:
        yield ERR, "validFrom is required; set it to the date of issuing", ("validFrom",)
    subject = doc.get("credentialSubject")
    if not isinstance(subject, Mapping):
        yield ERR, "credentialSubject must be one AchievementSubject object", ("credentialSubject",)
    elif not isinstance(subject.get("achievement"), Mapping):
        yield (
            ERR,
            "credentialSubject.achievement must be an Achievement object",
            (
                "credentialSubject",
                "achievement",
            ),
        )


ENVELOPE = Rule(
    id="OB-01",
    code="ob3.envelope",
    severity="error",
    source=SOURCE_OB,
    quote=(
        'AchievementCredential: @context — "The value of the @context property MUST be an '
        "ordered set where the first item is a URI with the value "
        "'https://www.w3.org/ns/credentials/v2', and the second item is a URI with the value "
        "'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'.\" type — \"One of the "
        "items MUST be the URI 'VerifiableCredential', and one of the items MUST be the URI "
        "'AchievementCredential' or the URI 'OpenBadgeCredential'.\" validFrom, "
        "credentialSubject: [1]"
    ),
    spec=SPEC_OB,
    title=(
        "`@context` starts with VC 2.0 then OB 3.0; `type` has `VerifiableCredential` and "
        "`OpenBadgeCredential`; `validFrom`, `credentialSubject` and its `achievement` present"
    ),
    check=_ob_envelope,
)


def _ob_alignment(ctx: Context) -> Out:
    if ctx.view is None:
        return
    for found in ctx.view.members("alignment"):
        if not isinstance(found.value, Mapping):
            yield ERR, "each alignment must be an Alignment object", found.path
            continue
        for key in ("targetName", "targetUrl"):
            if not is_text(found.value.get(key)):
                yield ERR, f"alignment needs a non-empty {key}", (*found.path, key)


ALIGNMENT = Rule(
    id="OB-02",
    code="ob3.alignment",
    severity="error",
    source=SOURCE_OB,
    quote=(
        'Alignment: targetName — "Name of the alignment." [1]; targetUrl — "URL linking to '
        "the official description of the alignment target, for example an individual standard "
        'within an educational framework." [1]'
    ),
    spec=SPEC_OB,
    title=("every `alignment` is an object with non-empty `targetName` and `targetUrl`"),
    check=_ob_alignment,
)


def _ob_language(ctx: Context) -> Out:
    if ctx.view is None or "inLanguage" not in ctx.view.achievement:
        return
    value = ctx.view.achievement["inLanguage"]
    if not isinstance(value, str) or not BCP47_PATTERN.match(value):
        hint = ""
        if isinstance(value, str) and "_" in value:
            hint = f" (write {value.split('_')[0].lower()!r}, not {value!r})"
        yield (
            ERR,
            f"inLanguage must be a BCP 47 language tag such as 'nl' or 'en-GB'{hint}",
            (
                *ctx.achievement_path,
                "inLanguage",
            ),
        )


LANGUAGE = Rule(
    id="OB-03",
    code="ob3.language",
    severity="error",
    source=SOURCE_OB,
    quote=('Achievement: inLanguage (LanguageCode) — "The language of the achievement."'),
    spec=SPEC_OB,
    title=("`inLanguage` is a BCP 47 tag (`nl`, `en-GB`; not `en_EN`)"),
    check=_ob_language,
)


def _ext_check(value: object, allowed: frozenset[str]) -> bool:
    return isinstance(value, str) and (
        value in allowed or re.fullmatch(r"ext:[A-Za-z0-9.\-_]+", value) is not None
    )


def _ob_terms(ctx: Context) -> Out:
    if ctx.view is None:
        return
    base = ctx.achievement_path
    ach = ctx.view.achievement
    msg = "is not an Open Badges 3.0 term; extension terms must start with 'ext:'"
    if "achievementType" in ach and not _ext_check(ach["achievementType"], ACHIEVEMENT_TYPES):
        yield ERR, f"achievementType {ach['achievementType']!r} {msg}", (*base, "achievementType")
    for found in ctx.view.alignments():
        if "targetType" in found.value and not _ext_check(
            found.value["targetType"], ALIGNMENT_TARGET_TYPES
        ):
            yield (
                ERR,
                f"targetType {found.value['targetType']!r} {msg}",
                (*found.path, "targetType"),
            )
    for found in ctx.view.result_descriptions():
        if not _ext_check(found.value.get("resultType"), RESULT_TYPES):
            yield (
                ERR,
                f"resultType {found.value.get('resultType')!r} {msg}",
                (*found.path, "resultType"),
            )
    subject = ctx.subject()
    for found in (
        members(subject.value, "identifier", subject.path, objects=True) if subject else []
    ):
        if not _ext_check(found.value.get("identityType"), IDENTIFIER_TYPES):
            yield (
                ERR,
                f"identityType {found.value.get('identityType')!r} {msg}",
                (*found.path, "identityType"),
            )
    issuer = ctx.issuer()
    for found in (
        members(issuer.value, "otherIdentifier", issuer.path, objects=True) if issuer else []
    ):
        if not _ext_check(found.value.get("identifierType"), IDENTIFIER_TYPES):
            yield (
                ERR,
                f"identifierType {found.value.get('identifierType')!r} {msg}",
                (*found.path, "identifierType"),
            )
    used = [key for key in EDUBADGES_PROPERTIES if key in ach]
    if used:
        contexts = ctx.field("@context")
        if ctx.is_credential and not (
            isinstance(contexts, list) and EDUBADGES_CONTEXT_URL in contexts
        ):
            yield (
                ERR,
                (
                    f"{', '.join(used)} need the Edubadges context {EDUBADGES_CONTEXT_URL!r} in "
                    "@context; without it these properties are undefined and cannot be signed"
                ),
                ("@context",),
            )
        if EDUBADGES_ACHIEVEMENT_TYPE not in ctx.view.types():
            yield (
                ERR,
                (
                    f"{', '.join(used)} are defined only for achievements of type "
                    f"{EDUBADGES_ACHIEVEMENT_TYPE!r}; add it to the achievement's type"
                ),
                (*base, "type"),
            )


EXTENSIBLE_TERM = Rule(
    id="OB-04",
    code="ob3.extensible-term",
    severity="error",
    source=SOURCE_OB,
    quote=(
        '"This enumeration can be extended with new, proprietary terms. The new terms must '
        "start with the substring 'ext:'.\""
    ),
    spec=SPEC_OB,
    title=(
        "terms outside the OB 3.0 enumerations (`achievementType`, `targetType`, `resultType`, "
        "`identityType`, `identifierType`) start with `ext:`; Edubadges properties come with "
        "their context and type"
    ),
    check=_ob_terms,
)


def _ob_achievement_type(ctx: Context) -> Out:
    if ctx.view is not None and ctx.view.achievement.get("achievementType") != "MicroCredential":
        yield (
            WARN,
            "set achievementType to 'MicroCredential' so that Open Badges verifiers recognise it",
            (*ctx.achievement_path, "achievementType"),
        )


ACHIEVEMENT_TYPE = Rule(
    id="OB-05",
    code="ob3.achievement-type",
    severity="warning",
    source=SOURCE_OB + " (AchievementType enumeration)",
    quote=(
        'MicroCredential — "Credential that addresses a subset of field-specific knowledge, '
        "skills, or competencies; often developmental with relationships to other "
        'micro-credentials and field credentials."'
    ),
    spec=SPEC_OB,
    title="`achievementType` is `MicroCredential`",
    check=_ob_achievement_type,
)


#: The rules of this module, in catalogue order.
RULES = (ENVELOPE, ALIGNMENT, LANGUAGE, EXTENSIBLE_TERM, ACHIEVEMENT_TYPE)
