"""Annex I of the EU Council Recommendation on micro-credentials (``eu``): the mandatory elements.

The optional elements and the consistency of what a credential states are in ``_eu_optional``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any

from ..._time import DEFAULT_MAX_CLOCK_SKEW, shifted
from .._values import is_number, is_text, read_datetime
from ..encoding import TargetType
from ..reading import members, subject_count
from ..vocab import COUNTRY_CODES
from ._framework import (
    ERR,
    SOURCE_EU,
    SPEC_EU,
    WARN,
    Context,
    Out,
    Path,
    Rule,
)

#: Where the mandatory elements are listed.
SOURCE_MANDATORY = SOURCE_EU + ", mandatory elements"


# -- EU-00: is it a microcredential at all? ---------------------------------------------------

#: File names of the schemas Edubadges lists in ``credentialSchema`` for each kind of badge.
_SCHEMA_KIND = re.compile(r"(?:^|/)(microcredential|regular|extracurricular)(?:_[a-z]+)?\.json$")


def kind_statements(ctx: Context) -> tuple[list[tuple[str, Path]], list[tuple[str, Path]]]:
    """What the credential says about its kind: (says microcredential, says another kind).

    Each entry is a description and the path it was read from: ``achievementType``, and the
    Edubadges schemas in ``credentialSchema`` (``microcredential``, ``regular``,
    ``extracurricular``).
    """
    yes: list[tuple[str, Path]] = []
    no: list[tuple[str, Path]] = []
    if ctx.view is not None and "achievementType" in ctx.view.achievement:
        value = ctx.view.achievement["achievementType"]
        where = (*ctx.achievement_path, "achievementType")
        (yes if value == "MicroCredential" else no).append((f"achievementType {value!r}", where))
    for schema in members(ctx.document, "credentialSchema", objects=True):
        schema_id = schema.value.get("id")
        match = _SCHEMA_KIND.search(schema_id) if isinstance(schema_id, str) else None
        if match:
            kind = match.group(1)
            target = yes if kind == "microcredential" else no
            target.append((f"the {kind} schema", (*schema.path, "id")))
    return yes, no


def is_other_kind(ctx: Context) -> bool:
    """The credential says it is another kind of badge and nothing says it is a microcredential."""
    yes, no = kind_statements(ctx)
    return bool(no) and not yes


def _eu_kind(ctx: Context) -> Out:
    subjects = subject_count(ctx.document)
    if subjects > 1:
        yield (
            ERR,
            (
                f"not one microcredential: the credential has {subjects} credentialSubject "
                "objects, and an Open Badges credential awards one achievement to one learner"
            ),
            ("credentialSubject",),
        )
        return
    yes, no = kind_statements(ctx)
    if not no:
        return
    what, path = no[0]
    if not yes:
        yield (
            ERR,
            (
                f"not a microcredential: the credential names {what}; the microcredential rules "
                "are not applied to it"
            ),
            path,
        )
    else:
        yield (
            WARN,
            f"the credential names {what} and also {yes[0][0]}: say one kind of badge",
            path,
        )


KIND = Rule(
    id="EU-00",
    code="eu.not-a-microcredential",
    severity="error / warning",
    source="EU Council Recommendation 2022/C 243/02, definitions",
    quote=(
        "\u201c'micro-credential' means the record of the learning outcomes that a learner has "
        "acquired following a small volume of learning\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "a badge that says it is another kind (`achievementType` other than `MicroCredential`, or "
        "an Edubadges `regular` / `extracurricular` schema in `credentialSchema`), or a "
        "credential with several `credentialSubject` objects, is reported once as not a "
        "microcredential, and no other microcredential rule is applied (error); a credential "
        "that says both kinds is a warning"
    ),
    check=_eu_kind,
)


# -- M1, M2 -----------------------------------------------------------------------------------


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
    idents = [i.value for i in members(subject.value, "identifier", subject.path, objects=True)]
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
    source=SOURCE_MANDATORY,
    quote="\u201cIdentification of the learner\u201d",
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
    source=SOURCE_MANDATORY,
    quote="\u201cTitle of the micro-credential\u201d",
    spec=SPEC_EU,
    title="title of the microcredential: `achievement.name`",
    check=_eu_title,
)


# -- M3, M4: every issuer country and awarding body ------------------------------------------


def _country_of(
    org: Mapping[str, Any], path: Path, dutch: bool
) -> tuple[bool, list[tuple[Any, str, Path]]]:
    """Whether ``org`` states a country, and the findings about what it states."""
    address = org.get("address")
    if not isinstance(address, Mapping):
        return False, []
    text, code = address.get("addressCountry"), address.get("addressCountryCode")
    where: Path = (*path, "address", "addressCountryCode")
    findings: list[tuple[Any, str, Path]] = []
    stated = is_text(text)
    if code is None:
        return stated, findings
    if isinstance(code, str) and code in COUNTRY_CODES:
        if dutch and code != "NL":
            message = f"the Dutch framework applies to Dutch institutions; the country is {code!r}"
            findings.append((WARN, message, where))
        return True, findings
    hint = " ('EN' is not a country; the United Kingdom is 'GB')" if code == "EN" else ""
    hint = " (the United Kingdom is 'GB')" if code == "UK" else hint
    message = f"addressCountryCode {code!r} is not an ISO 3166-1 alpha-2 country code{hint}"
    if stated:  # the country is stated in words; the code is wrong
        findings.append((WARN, message + "; correct it or leave it out", where))
    else:
        findings.append((ERR, message + ", and no addressCountry names the country", where))
    return stated, findings


def _eu_country(ctx: Context) -> Out:
    if not ctx.is_credential:
        return
    stated = wrong = False
    for org in ctx.organisations():
        has_country, findings = _country_of(org.value, org.path, "nl" in ctx.profiles)
        stated = stated or has_country
        wrong = wrong or any(severity is ERR for severity, _, _ in findings)
        yield from findings
    if not stated and not wrong:
        yield (
            ERR,
            (
                "give the issuer's country (Annex I M3): issuer.address.addressCountryCode, an "
                "ISO 3166-1 alpha-2 code such as 'NL', or addressCountry"
            ),
            ("issuer", "address"),
        )


COUNTRY = Rule(
    id="EU-03",
    code="eu.country",
    severity="error / warning",
    source=SOURCE_MANDATORY + "; Open Badges 3.0 (Address)",
    quote=(
        "\u201cCountry(ies)/Region(s) of the issuer\u201d; addressCountryCode \u2014 \u201cThe "
        "value must be a ISO 3166-1 alpha-2 country code\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "country of the issuer and of every `parentOrg`: `address.addressCountry` (words) or "
        "`address.addressCountryCode`, checked against the ISO 3166-1 alpha-2 list (an invalid "
        "code is an error when it is the only statement of the country, a warning beside "
        "`addressCountry`); under `nl`, a country other than NL is a warning"
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
    if not is_text(issuer.value.get("id")):
        yield ERR, "the issuer needs an id (its IRI)", ("issuer", "id")
    for org in ctx.organisations():
        if not is_text(org.value.get("name")):
            yield ERR, "name every awarding body (Annex I M4) in its name", (*org.path, "name")
    parent = issuer.value.get("parentOrg")
    if parent is not None and not isinstance(parent, Mapping):
        path: Path = ("issuer", "parentOrg")
        yield ERR, "parentOrg must be a Profile object with a name", path


AWARDING_BODY = Rule(
    id="EU-04",
    code="eu.awarding-body",
    severity="error",
    source=SOURCE_MANDATORY,
    quote="\u201cAwarding body(ies)\u201d",
    spec=SPEC_EU,
    title=(
        "every awarding body is named: `issuer` is a Profile with `id` and `name`, and so is "
        "every `parentOrg` above it"
    ),
    check=_eu_awarding_body,
)


# -- M5 ---------------------------------------------------------------------------------------


def _in_future(ctx: Context, issued: _dt.datetime) -> bool:
    if ctx.now is not None:
        return issued > shifted(ctx.now, DEFAULT_MAX_CLOCK_SKEW)
    return issued.astimezone(_dt.UTC).date() > ctx.today


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
                f"{key} must be a date-time with a time-zone offset, e.g. '2026-03-01T09:00:00Z'",
                (key,),
            )
        elif _in_future(ctx, parsed):
            yield (
                ERR,
                f"{key} {value} is in the future; a microcredential is issued when awarded",
                (key,),
            )


ISSUE_DATE = Rule(
    id="EU-05",
    code="eu.issue-date",
    severity="error",
    source=SOURCE_MANDATORY,
    quote="\u201cDate of issuing\u201d",
    spec=SPEC_EU,
    title=(
        "date of issuing: `validFrom` (and `awardedDate` if given) is a date-time with offset, "
        "not in the future: instants are compared (with `now`, allowing five minutes of clock "
        "skew; with `today`, the UTC date of the instant)"
    ),
    check=_eu_issue_date,
)


# -- M6 ---------------------------------------------------------------------------------------


def _eu_learning_outcomes(ctx: Context) -> Out:
    view = ctx.view
    base = (*ctx.achievement_path, "alignment")
    for found in view.undefined() if view else []:
        if found.path[-1] in ("learningOutcome", "LearningOutcome"):
            yield (
                ERR,
                (
                    f"{found.path[-1]} is defined by no context of the credential, so it is not "
                    "signed and not read: state the outcomes as 'ext:LearningOutcome' alignments"
                ),
                found.path,
            )
    source = view.learning_outcomes_source() if view else None
    if source is None:
        yield (
            ERR,
            (
                "state the learning outcomes (Annex I M6): one alignment with targetType "
                "'ext:LearningOutcome' per outcome (or, as Edubadges does, a resultDescription)"
            ),
            base,
        )
    elif source == "narrative":
        yield (
            WARN,
            (
                "the learning outcomes are read from criteria.narrative only; state them "
                "structurally, one 'ext:LearningOutcome' alignment per outcome"
            ),
            (*ctx.achievement_path, "criteria", "narrative"),
        )


LEARNING_OUTCOMES = Rule(
    id="EU-06",
    code="eu.learning-outcomes",
    severity="error / warning",
    source=SOURCE_MANDATORY + "; Edubadges OB 3.0 examples",
    quote=(
        "\u201cLearning outcomes\u201d; Edubadges: \u201cFor Learning Outcome, "
        "'ResultDescription' with type ext:ECTSScore is used with a Dutch scale of 1 to 10.\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "at least one learning-outcome statement: `ext:LearningOutcome` alignments, else the "
        "`resultDescription` names (the Edubadges convention), else `criteria.narrative` "
        "(warning: state them structurally); a `learningOutcome` property, which no context "
        "defines, is an error"
    ),
    check=_eu_learning_outcomes,
)


# -- M7 ---------------------------------------------------------------------------------------


def _eu_workload(ctx: Context) -> Out:
    base = ctx.achievement_path
    view = ctx.view
    if view is not None:
        for key in ("creditsAvailable", "ECTS", "timeInvestment", "SBU"):
            found = view.get(key) if key == "creditsAvailable" else view.extension(key)
            if found is not None and (not is_number(found.value) or found.value <= 0):
                yield ERR, f"{key} must be a number greater than 0", found.path
    ects = view.ects() if view else None
    hours = view.hours() if view else None
    if ects is None and hours is None:
        yield (
            ERR,
            (
                "give the notional workload (Annex I M7): creditsAvailable in ECTS credits, "
                "and/or the hours as an 'ext:NotionalWorkload' alignment"
            ),
            (*base, "creditsAvailable"),
        )
    elif ects is None and not (view is not None and view.sbu() is not None):
        # MBO credentials are sized in study-load hours (SBU); ECTS do not apply to them.
        yield (
            WARN,
            "the workload is given only in hours; give ECTS credits wherever possible",
            (*base, "creditsAvailable"),
        )


WORKLOAD = Rule(
    id="EU-07",
    code="eu.workload",
    severity="error / warning",
    source=SOURCE_MANDATORY,
    quote=(
        "\u201cNotional workload needed to achieve the learning outcomes (in ECTS credits, "
        "wherever possible)\u201d"
    ),
    spec=SPEC_EU,
    title=(
        "notional workload > 0: `creditsAvailable` (ECTS), the hours alignment, or the Edubadges "
        "`ECTS`, `timeInvestment`, `SBU`; warning when only hours are given (not for MBO "
        "credentials sized in SBU)"
    ),
    check=_eu_workload,
)


# -- M8 ---------------------------------------------------------------------------------------


def _level_present(ctx: Context) -> bool:
    return ctx.view is not None and ctx.view.level_stated()


def level_problems(ctx: Context, severity: Any) -> Out:
    """Unreadable EQF levels and the unsigned ``EQF`` property, at ``severity``."""
    if ctx.view is None:
        return
    for found in ctx.view.aligned(*TargetType.EQF_ALIASES):
        code = found.value.get("targetCode")
        if str(code) not in {str(n) for n in range(1, 9)} or isinstance(code, bool):
            message = "the EQF level (targetCode) must be '1' … '8'"
            yield severity, message, (*found.path, "targetCode")
    for found in ctx.view.undefined():
        if found.path[-1] == "EQF":
            yield (
                severity,
                (
                    "EQF is defined by no context of the credential, so it is not signed and not "
                    "read: give the level as an 'ext:EQFLevel' alignment"
                ),
                found.path,
            )


def _eu_level(ctx: Context) -> Out:
    yield from level_problems(ctx, WARN)
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
    source=SOURCE_MANDATORY,
    quote=(
        "\u201cLevel (and cycle, if applicable) of the learning experience leading to the "
        "micro-credential (EQF, QF-EHEA), if applicable\u201d"
    ),
    spec=SPEC_EU,
    title=(
        'level (EQF, NLQF, QF-EHEA cycle) given "if applicable"; an EQF `targetCode` is 1–8; '
        "an `EQF` property, which no context defines, is not read"
    ),
    check=_eu_level,
)


# -- M9, M10, M11 -----------------------------------------------------------------------------


def _stated(statements: list[tuple[Any, Any]], what: str, missing: str, path: Path) -> Out:
    if not statements:
        yield ERR, missing, path
        return
    for found, member in statements:
        if member is None:
            yield (
                WARN,
                (
                    f"{found.value!r} is not one of the {what} this library knows; a verifier may "
                    "not understand it"
                ),
                found.path,
            )


def _eu_assessment(ctx: Context) -> Out:
    statements = ctx.view.assessment_statements() if ctx.view else []
    missing = (
        "give the type of assessment (Annex I M9): an 'ext:AssessmentType' alignment with "
        "targetCode testing, application-of-skill, portfolio or recognition-of-prior-learning"
    )
    yield from _stated(
        statements, "types of assessment", missing, (*ctx.achievement_path, "alignment")
    )


ASSESSMENT = Rule(
    id="EU-09",
    code="eu.assessment",
    severity="error / warning",
    source=SOURCE_MANDATORY,
    quote="\u201cType of assessment\u201d",
    spec=SPEC_EU,
    title=(
        "type(s) of assessment: `ext:AssessmentType` alignments (Edubadges `assessmentType`); "
        "the Recommendation gives no closed list, so a value outside this library's (an `ext:` "
        "value, a Dutch term) is a warning, not a missing element"
    ),
    check=_eu_assessment,
)


def _eu_participation(ctx: Context) -> Out:
    statements = ctx.view.participation_statements() if ctx.view else []
    missing = (
        "give the form of participation (Annex I M10): an 'ext:FormOfParticipation' alignment "
        "with targetCode online, onsite, blended, work-experience, volunteering or personalised"
    )
    yield from _stated(
        statements, "forms of participation", missing, (*ctx.achievement_path, "alignment")
    )


PARTICIPATION = Rule(
    id="EU-10",
    code="eu.participation",
    severity="error / warning",
    source=SOURCE_MANDATORY,
    quote="\u201cForm of participation in the learning activity\u201d",
    spec=SPEC_EU,
    title=(
        "form(s) of participation: `ext:FormOfParticipation` alignments (Edubadges "
        "`participationType`); a value outside this library's list is a warning, not a missing "
        "element"
    ),
    check=_eu_participation,
)


def _eu_quality_assurance(ctx: Context) -> Out:
    if ctx.view is None or not ctx.view.quality_assurances():
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
    source=SOURCE_MANDATORY,
    quote="\u201cType of quality assurance used to underpin the micro-credential\u201d",
    spec=SPEC_EU,
    title="type of quality assurance: an `ext:QualityAssurance` alignment",
    check=_eu_quality_assurance,
)


#: The rules of this module, in catalogue order.
RULES = (
    KIND,
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
)
