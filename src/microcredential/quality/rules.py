"""The quality-framework rules and the validator.

Each rule is a small function over a :class:`Context`; it reads the microcredential elements
through :class:`~microcredential.quality.encoding.AchievementView`, so one rule serves both
encodings and credentials written by the Edubadges platform. Rules belong to one or more
*profiles*: ``ob3`` (the Open Badges preconditions), ``eu`` (Annex I of the Council
Recommendation), ``nl`` (the Dutch HO pilot framework, with its MBO variant and the 2025–2027
experimental space) and ``edubadges``. A rule runs once when any of its profiles is selected.

The validator never raises on a JSON value: everything is a :class:`Finding` in the
:class:`ValidationReport`.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from ..problems import Problem, Severity, json_pointer
from .encoding import (
    EDUBADGES_ACHIEVEMENT_TYPE,
    EDUBADGES_ASSESSMENT,
    EDUBADGES_CONTEXT_URL,
    EDUBADGES_PARTICIPATION,
    EDUBADGES_STORED_ASSESSMENT,
    EDUBADGES_STORED_PARTICIPATION,
    EDUBADGES_SUPERVISION,
    OB3_CONTEXT,
    VC2_CONTEXT,
    AchievementView,
    Found,
    TargetType,
    find_achievement,
)
from .profile import BCP47_PATTERN
from .vocab import (
    ACHIEVEMENT_TYPES,
    ALIGNMENT_TARGET_TYPES,
    IDENTIFIER_TYPES,
    RESULT_TYPES,
    AssessmentType,
    ParticipationForm,
    Stackability,
    Supervision,
)

__all__ = [
    "DEFAULT_PROFILES",
    "EXPERIMENTAL_SPACE",
    "MBO_FRAMEWORK",
    "NL_FRAMEWORKS",
    "PROFILES",
    "RULES",
    "Context",
    "Finding",
    "Rule",
    "ValidationReport",
    "rule_catalogue_markdown",
    "validate",
]

QualityProfile = Literal["ob3", "eu", "nl", "edubadges"]
PROFILES: tuple[QualityProfile, ...] = ("ob3", "eu", "nl", "edubadges")
DEFAULT_PROFILES: tuple[QualityProfile, ...] = ("ob3", "eu")
Institution = Literal["wo", "hbo", "mbo"]

SOURCE_OB = "Open Badges 3.0"
SOURCE_EU = "EU Council Recommendation 2022/C 243/02, Annex I"
SOURCE_NL = "Kwaliteitskader microcredentials hbo en wo"
SOURCE_NL_MBO = "Kwaliteitskader pilot microcredentials mbo"
SOURCE_EB = "Edubadges"
SPEC_OB = "https://www.imsglobal.org/spec/ob/v3p0/"
SPEC_EU = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022H0627(02)"
SPEC_NL = "https://npuls.nl/doorbouwen-aan-microcredentials"
SPEC_EB = "https://github.com/edubadges/edubadges-server/wiki/Edubadges-Metadata-Model-OB3"

#: First and last day of the addendum "experimenteerruimte" (universities from 1 EC).
EXPERIMENTAL_SPACE = (_dt.date(2025, 5, 1), _dt.date(2027, 4, 30))
#: The HO framework as stored by Edubadges: names and URLs (current and legacy).
NL_FRAMEWORKS = {
    "names": frozenset({"Kwaliteitskader Microcredentials voor Professionals HBO en WO"}),
    "urls": frozenset(
        {
            "https://npuls.nl/doorbouwen-aan-microcredentials",
            "https://www.versnellingsplan.nl/en/Kennisbank/pilot-microcredentials-2/",
        }
    ),
}
#: The MBO framework (name, URL).
MBO_FRAMEWORK = (
    "Kwaliteitskader voor pilot microcredentials mbo 2024 - 2025",
    "https://npuls.nl/microcredentials-mbo/",
)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding(Problem):
    """A :class:`~microcredential.problems.Problem` found by a quality rule.

    ``rule`` is the rule id of the catalogue (``EU-06``); ``source`` names the framework.
    """

    rule: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping, with ``rule`` and ``source``."""
        out = Problem.to_dict(self)
        out["rule"] = self.rule
        out["source"] = self.source
        return out


@dataclass(frozen=True)
class Context:
    """What a rule sees: the document, the options and tolerant accessors."""

    document: Any
    profiles: frozenset[str]
    today: _dt.date
    now: _dt.datetime | None = None
    institution: Institution | None = None
    achievement: Found | None = field(init=False)
    view: AchievementView | None = field(init=False)

    def __post_init__(self) -> None:
        found = find_achievement(self.document)
        object.__setattr__(self, "achievement", found)
        view = AchievementView(found.value, found.path) if found else None
        object.__setattr__(self, "view", view)

    @property
    def is_credential(self) -> bool:
        """Whether the document is a credential (not a bare achievement)."""
        return isinstance(self.document, Mapping) and "credentialSubject" in self.document

    def field(self, key: str) -> Any:
        """A top-level property of the document, or ``None``."""
        return self.document.get(key) if isinstance(self.document, Mapping) else None

    def subject(self) -> Found | None:
        """The credential subject object."""
        value = self.field("credentialSubject")
        if isinstance(value, Mapping):
            return Found(value, ("credentialSubject",))
        if isinstance(value, list) and value and isinstance(value[0], Mapping):
            return Found(value[0], ("credentialSubject", 0))
        return None

    def issuer(self) -> Found | None:
        """The issuer (an IRI string or a Profile object)."""
        value = self.field("issuer")
        return None if value is None else Found(value, ("issuer",))

    def issue_date(self) -> _dt.datetime | None:
        """``validFrom`` (or ``awardedDate``), when parseable with a time-zone offset."""
        for key in ("validFrom", "awardedDate"):
            parsed = parse_datetime(self.field(key))
            if parsed is not None:
                return parsed
        return None

    def is_mbo(self) -> bool:
        """MBO credential: ``institution="mbo"`` or the QA alignment names the MBO framework."""
        if self.institution == "mbo":
            return True
        if self.view is None:
            return False
        for found in self.view.aligned(TargetType.QUALITY_ASSURANCE):
            if found.value.get("targetUrl") == MBO_FRAMEWORK[1]:
                return True
            if found.value.get("targetName") == MBO_FRAMEWORK[0]:
                return True
        return self.view.sbu() is not None


_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def parse_datetime(value: object) -> _dt.datetime | None:
    """An XSD ``dateTimeStamp`` (offset required) as an aware datetime, or ``None``."""
    if not isinstance(value, str) or not _DATETIME.match(value):
        return None
    text = value.replace("Z", "+00:00")
    try:
        return _dt.datetime.fromisoformat(text)
    except ValueError:
        return None


Check = Callable[[Context], Iterable[tuple[Severity, str, Path]]]


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue."""

    id: str
    code: str
    profiles: frozenset[str]
    severity: str
    source: str
    spec: str
    title: str
    check: Check = field(repr=False)

    def run(self, ctx: Context) -> Iterator[Finding]:
        """The findings of this rule on ``ctx``."""
        for severity, message, path in self.check(ctx):
            if len(message) > _MAX_MESSAGE:  # messages quote the input; keep them readable
                message = message[: _MAX_MESSAGE - 1] + "…"
            yield Finding(
                self.code,
                message,
                json_pointer(path),
                severity,
                self.spec,
                rule=self.id,
                source=self.source,
            )


RULES: list[Rule] = []
#: Longest finding message; longer ones (quoting a huge value) are cut.
_MAX_MESSAGE = 400
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def rule(
    id: str,
    code: str,
    profiles: str,
    severity: str,
    source: str,
    spec: str,
    title: str,
) -> Callable[[Check], Check]:
    """Register a rule (decorator)."""

    def register(check: Check) -> Check:
        RULES.append(
            Rule(id, code, frozenset(profiles.split()), severity, source, spec, title, check)
        )
        return check

    return register


def _text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


Out = Iterator[tuple[Severity, str, Path]]


def _ach_path(ctx: Context) -> Path:
    return ctx.achievement.path if ctx.achievement else ("credentialSubject", "achievement")


# -- OB: Open Badges 3.0 preconditions ---------------------------------------------------------


@rule(
    "OB-01",
    "ob3.envelope",
    "ob3",
    "error",
    SOURCE_OB,
    SPEC_OB,
    "`@context` starts with VC 2.0 then OB 3.0; `type` has `VerifiableCredential` and "
    "`OpenBadgeCredential`; `validFrom`, `credentialSubject` and its `achievement` present",
)
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
            f"@context must be a list starting with {VC2_CONTEXT!r} and {OB3_CONTEXT!r}",
            ("@context",),
        )
    else:
        if contexts[0] != VC2_CONTEXT:
            yield ERR, f"the first @context must be {VC2_CONTEXT!r}", ("@context", 0)
        second = contexts[1]
        if not (
            isinstance(second, str)
            and second.startswith("https://purl.imsglobal.org/spec/ob/v3p0/context")
        ):
            yield (
                ERR,
                f"the second @context must be the OB 3.0 context ({OB3_CONTEXT!r})",
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


@rule(
    "OB-02",
    "ob3.alignment",
    "ob3 eu nl edubadges",
    "error",
    SOURCE_OB,
    SPEC_OB,
    "every `alignment` is an object with non-empty `targetName` and `targetUrl`",
)
def _ob_alignment(ctx: Context) -> Out:
    if ctx.view is None:
        return
    value = ctx.view.achievement.get("alignment")
    if value is None:
        return
    base = (*_ach_path(ctx), "alignment")
    if not isinstance(value, list):
        yield ERR, "alignment must be a list of Alignment objects", base
        return
    for index, item in enumerate(value):
        if not isinstance(item, Mapping):
            yield ERR, "each alignment must be an Alignment object", (*base, index)
            continue
        for key in ("targetName", "targetUrl"):
            if not _text(item.get(key)):
                yield ERR, f"alignment needs a non-empty {key}", (*base, index, key)


@rule(
    "OB-03",
    "ob3.language",
    "ob3 edubadges",
    "error",
    SOURCE_OB,
    SPEC_OB,
    "`inLanguage` is a BCP 47 tag (`nl`, `en-GB`; not `en_EN`)",
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
                *_ach_path(ctx),
                "inLanguage",
            ),
        )


def _ext_check(value: object, allowed: frozenset[str]) -> bool:
    return isinstance(value, str) and (
        value in allowed or re.fullmatch(r"ext:[A-Za-z0-9.\-_]+", value) is not None
    )


_EB_PROPERTIES = (
    "ECTS",
    "SBU",
    "timeInvestment",
    "participationType",
    "assessmentType",
    "supervisionType",
    "identityChecked",
)


@rule(
    "OB-04",
    "ob3.extensible-term",
    "ob3",
    "error",
    SOURCE_OB,
    SPEC_OB,
    "terms outside the OB 3.0 enumerations (`achievementType`, `targetType`, `resultType`, "
    "`identityType`, `identifierType`) start with `ext:`; Edubadges properties come with "
    "their context and type",
)
def _ob_terms(ctx: Context) -> Out:
    if ctx.view is None:
        return
    base = _ach_path(ctx)
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
    descriptions = ach.get("resultDescription")
    for index, rd in enumerate(descriptions if isinstance(descriptions, list) else []):
        if isinstance(rd, Mapping) and not _ext_check(rd.get("resultType"), RESULT_TYPES):
            yield (
                ERR,
                f"resultType {rd.get('resultType')!r} {msg}",
                (*base, "resultDescription", index, "resultType"),
            )
    subject = ctx.subject()
    identifiers = subject.value.get("identifier") if subject else None
    subject_path = subject.path if subject else ("credentialSubject",)
    for index, ident in enumerate(identifiers if isinstance(identifiers, list) else []):
        if isinstance(ident, Mapping) and not _ext_check(
            ident.get("identityType"), IDENTIFIER_TYPES
        ):
            yield (
                ERR,
                f"identityType {ident.get('identityType')!r} {msg}",
                (*subject_path, "identifier", index, "identityType"),
            )
    issuer = ctx.issuer()
    others = (
        issuer.value.get("otherIdentifier")
        if issuer and isinstance(issuer.value, Mapping)
        else None
    )
    for index, entry in enumerate(others if isinstance(others, list) else []):
        if isinstance(entry, Mapping) and not _ext_check(
            entry.get("identifierType"), IDENTIFIER_TYPES
        ):
            yield (
                ERR,
                f"identifierType {entry.get('identifierType')!r} {msg}",
                ("issuer", "otherIdentifier", index, "identifierType"),
            )
    used = [key for key in _EB_PROPERTIES if key in ach]
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


# -- EU: Annex I ---------------------------------------------------------------------------------


@rule(
    "EU-01",
    "eu.learner",
    "eu",
    "error / warning",
    SOURCE_EU,
    SPEC_EU,
    "the learner is identified: `credentialSubject.id` or at least one `identifier` (error); "
    "warning when the only identification is a hashed e-mail address",
)
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
    has_id = _text(subject.value.get("id"))
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


@rule(
    "EU-02",
    "eu.title",
    "eu nl edubadges",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "title of the microcredential: `achievement.name`",
)
def _eu_title(ctx: Context) -> Out:
    if ctx.view is None or ctx.view.title() is None:
        yield (
            ERR,
            "give the microcredential a title (Annex I M2) in achievement.name",
            (*_ach_path(ctx), "name"),
        )


@rule(
    "EU-03",
    "eu.country",
    "eu nl",
    "error (warning under `nl` when not NL)",
    SOURCE_EU,
    SPEC_EU,
    "country of the issuer: `issuer.address.addressCountryCode` (or the `parentOrg`'s), "
    "ISO 3166-1 alpha-2",
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


@rule(
    "EU-04",
    "eu.awarding-body",
    "eu nl",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "awarding body named: `issuer` is a Profile with `id` and `name` (or `parentOrg.name`)",
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
    named = _text(issuer.value.get("name")) or (
        isinstance(parent, Mapping) and _text(parent.get("name"))
    )
    if not named:
        yield ERR, "name the awarding body (Annex I M4) in issuer.name", ("issuer", "name")
    if not _text(issuer.value.get("id")):
        yield ERR, "the issuer needs an id (its IRI)", ("issuer", "id")


@rule(
    "EU-05",
    "eu.issue-date",
    "eu nl",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "date of issuing: `validFrom` (and `awardedDate` if given) is a date-time with offset, "
    "not in the future",
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
        parsed = parse_datetime(value)
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


@rule(
    "EU-06",
    "eu.learning-outcomes",
    "eu nl edubadges",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "at least one learning-outcome statement (`ext:LearningOutcome` alignment; Edubadges "
    "`learningOutcome`)",
)
def _eu_learning_outcomes(ctx: Context) -> Out:
    if ctx.view is None or not ctx.view.learning_outcomes():
        yield (
            ERR,
            (
                "state the learning outcomes (Annex I M6): one alignment with targetType "
                "'ext:LearningOutcome' per outcome (criteria.narrative is not read as outcomes)"
            ),
            (*_ach_path(ctx), "alignment"),
        )


@rule(
    "EU-07",
    "eu.workload",
    "eu nl edubadges",
    "error / warning",
    SOURCE_EU,
    SPEC_EU,
    "notional workload > 0: `creditsAvailable` (ECTS) or the hours alignment; warning when "
    "only hours are given",
)
def _eu_workload(ctx: Context) -> Out:
    base = _ach_path(ctx)
    if ctx.view is not None:
        for key in ("creditsAvailable", "ECTS", "timeInvestment", "SBU"):
            if key in ctx.view.achievement:
                value = ctx.view.achievement[key]
                if not _number(value) or value <= 0:
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


def _level_present(ctx: Context) -> bool:
    v = ctx.view
    return v is not None and any(
        f is not None for f in (v.eqf_level(), v.nlqf_level(), v.qf_ehea_cycle())
    )


def _bad_levels(ctx: Context) -> Out:
    if ctx.view is None:
        return
    for found in ctx.view.aligned(*TargetType.EQF_ALIASES):
        code = found.value.get("targetCode")
        if str(code) not in {str(n) for n in range(1, 9)} or isinstance(code, bool):
            yield ERR, "the EQF level (targetCode) must be '1' … '8'", (*found.path, "targetCode")


@rule(
    "EU-08",
    "eu.level",
    "eu",
    "warning",
    SOURCE_EU,
    SPEC_EU,
    'level (EQF, NLQF, QF-EHEA cycle) given "if applicable"; an EQF `targetCode` is 1–8',
)
def _eu_level(ctx: Context) -> Out:
    yield from _bad_levels(ctx)
    if not _level_present(ctx):
        yield (
            WARN,
            (
                "give the level if applicable (Annex I M8): an 'ext:EQFLevel' alignment "
                "(targetUrl http://data.europa.eu/snb/eqf/N)"
            ),
            (*_ach_path(ctx), "alignment"),
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


@rule(
    "EU-09",
    "eu.assessment",
    "eu nl edubadges",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "type(s) of assessment: `ext:AssessmentType` alignments (Edubadges `assessmentType`)",
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
            (*_ach_path(ctx), "alignment"),
        )


@rule(
    "EU-10",
    "eu.participation",
    "eu nl edubadges",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "form(s) of participation: `ext:FormOfParticipation` alignments (Edubadges "
    "`participationType`)",
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
            (*_ach_path(ctx), "alignment"),
        )


@rule(
    "EU-11",
    "eu.quality-assurance",
    "eu nl edubadges",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "type of quality assurance: an `ext:QualityAssurance` alignment",
)
def _eu_quality_assurance(ctx: Context) -> Out:
    if ctx.view is None or ctx.view.quality_assurance() is None:
        yield (
            ERR,
            (
                "give the type of quality assurance (Annex I M11): an 'ext:QualityAssurance' "
                "alignment naming the framework (targetName, targetUrl, targetDescription)"
            ),
            (*_ach_path(ctx), "alignment"),
        )


@rule(
    "EU-12",
    "eu.optional-elements",
    "eu",
    "info",
    SOURCE_EU,
    SPEC_EU,
    "optional elements O1–O5 (prerequisites, supervision, grading, stackability, further "
    "information) reported when absent",
)
def _eu_optional(ctx: Context) -> Out:
    v = ctx.view
    if v is None:
        return
    base = (*_ach_path(ctx), "alignment")
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


@rule(
    "EU-13",
    "eu.supervision",
    "eu edubadges",
    "error",
    SOURCE_EU,
    SPEC_EU,
    "supervision / identity verification (O2) uses the vocabulary and agrees with "
    "`identityChecked`",
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


def _decimal(value: object) -> float | None:
    if isinstance(value, str):
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


@rule(
    "EU-14",
    "eu.grade",
    "eu ob3",
    "error / warning",
    SOURCE_EU,
    SPEC_OB,
    "grade achieved (O3): each `result.resultDescription` names a `resultDescription` of the "
    "achievement (error); the value lies within `valueMin`..`valueMax` (warning)",
)
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


@rule(
    "EU-15",
    "eu.stackability",
    "eu",
    "warning",
    SOURCE_EU,
    SPEC_EU,
    "stackable ⇒ the credential it stacks toward is identified (`targetUrl`, `targetName`)",
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


@rule(
    "EU-16",
    "eu.achievement-type",
    "eu nl",
    "warning",
    SOURCE_EU,
    SPEC_OB,
    "`achievementType` is `MicroCredential`",
)
def _eu_achievement_type(ctx: Context) -> Out:
    if ctx.view is not None and ctx.view.achievement.get("achievementType") != "MicroCredential":
        yield (
            WARN,
            "set achievementType to 'MicroCredential' so verifiers recognise it",
            (*_ach_path(ctx), "achievementType"),
        )


@rule(
    "EU-17",
    "eu.consistency",
    "eu",
    "warning",
    SOURCE_EU,
    SPEC_OB,
    "`creditsEarned` ≤ `creditsAvailable`; `activityStartDate` ≤ `activityEndDate` ≤ `validFrom`",
)
def _eu_consistency(ctx: Context) -> Out:
    subject = ctx.subject()
    if subject is None:
        return
    earned = subject.value.get("creditsEarned")
    available = ctx.view.achievement.get("creditsAvailable") if ctx.view else None
    if _number(earned) and _number(available) and earned > available:
        yield (
            WARN,
            "creditsEarned exceeds the achievement's creditsAvailable",
            (*subject.path, "creditsEarned"),
        )
    start = parse_datetime(subject.value.get("activityStartDate"))
    end = parse_datetime(subject.value.get("activityEndDate"))
    issued = parse_datetime(ctx.field("validFrom"))
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


# -- NL: Kwaliteitskader microcredentials ------------------------------------------------------


def _in_experimental_space(ctx: Context) -> bool:
    issued = ctx.issue_date()
    day = issued.date() if issued is not None else ctx.today
    return EXPERIMENTAL_SPACE[0] <= day <= EXPERIMENTAL_SPACE[1]


@rule(
    "NL-01",
    "nl.size",
    "nl edubadges",
    "error (warning in the experimental space)",
    SOURCE_NL,
    SPEC_NL,
    'size 3–30 EC and 84–840 hours; universities (`institution="wo"`) issuing between '
    "2025-05-01 and 2027-04-30 may go down to 1 EC / 28 hours (warning)",
)
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


@rule(
    "NL-02",
    "nl.mbo-size",
    "nl edubadges",
    "warning (error under `edubadges`)",
    SOURCE_NL_MBO,
    MBO_FRAMEWORK[1],
    "MBO: study load at least 240 SBU (hours)",
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


@rule(
    "NL-03",
    "nl.level",
    "nl edubadges",
    "error",
    SOURCE_NL,
    SPEC_NL,
    "the EQF (or NLQF) level is given",
)
def _nl_level(ctx: Context) -> Out:
    if "eu" not in ctx.profiles:
        yield from _bad_levels(ctx)
    v = ctx.view
    if v is None or (v.eqf_level() is None and v.nlqf_level() is None):
        yield (
            ERR,
            (
                "the Dutch framework requires the level: add an 'ext:EQFLevel' alignment "
                "(and an 'ext:NLQFLevel' one if the NLQF level is known)"
            ),
            (*_ach_path(ctx), "alignment"),
        )


@rule(
    "NL-04",
    "nl.quality-framework",
    "nl",
    "error / warning",
    SOURCE_NL,
    SPEC_NL,
    "the quality-assurance alignment names the Dutch framework (known name and URL; "
    "warning otherwise) and describes it (`targetDescription`, error)",
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


@rule(
    "NL-05",
    "nl.brin",
    "nl",
    "warning",
    SOURCE_NL,
    SPEC_NL,
    "the issuer is identified as a Dutch institution: an `ext:BRIN` `otherIdentifier`",
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
                and _text(entry.get("identifier"))
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


@rule(
    "NL-06",
    "nl.target-group",
    "nl",
    "info",
    SOURCE_NL,
    SPEC_NL,
    "the target group (professionals; HBO may admit initial students in 2025–2027) cannot be "
    "checked from a credential",
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


@rule(
    "NL-07",
    "nl.validity",
    "nl",
    "warning",
    SOURCE_NL,
    SPEC_NL,
    "no `validUntil`: a microcredential does not expire",
)
def _nl_validity(ctx: Context) -> Out:
    if ctx.field("validUntil") is not None:
        yield (
            WARN,
            "remove validUntil: a Dutch microcredential is valid without end",
            ("validUntil",),
        )


# -- EB: Edubadges -------------------------------------------------------------------------------

_EB_VOCAB: dict[str, tuple[set[str], Mapping[str, Any]]] = {
    "participationType": (set(EDUBADGES_PARTICIPATION.values()), EDUBADGES_STORED_PARTICIPATION),
    "assessmentType": (set(EDUBADGES_ASSESSMENT.values()), EDUBADGES_STORED_ASSESSMENT),
    "supervisionType": (set(EDUBADGES_SUPERVISION.values()) | {"supervised online"}, {}),
}
_EB_OF_FORM: dict[Any, str] = {**EDUBADGES_PARTICIPATION, **EDUBADGES_ASSESSMENT}


@rule(
    "EB-01",
    "edubadges.vocabulary",
    "edubadges",
    "error",
    SOURCE_EB,
    SPEC_EB,
    "`participationType`, `assessmentType`, `supervisionType` use the Edubadges OB 3.0 "
    "vocabulary; stored platform values (`written_exam`, `blended,online`, legacy values) "
    "are reported with their mapping",
)
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


@rule(
    "EB-02",
    "edubadges.ects-step",
    "edubadges",
    "error",
    SOURCE_EB,
    SPEC_EB,
    "ECTS credits are a multiple of 0.5",
)
def _eb_ects_step(ctx: Context) -> Out:
    found = ctx.view.ects() if ctx.view else None
    if found is not None and not float(found.value * 2).is_integer():
        yield ERR, f"ECTS credits go in steps of 0.5; {found.value:g} is not", found.path


@rule(
    "EB-03",
    "edubadges.schema",
    "edubadges",
    "error",
    SOURCE_EB,
    SPEC_EB,
    "Edubadges microcredential schema: type `EducredentialAchievement`, `image`, `inLanguage`, "
    "`criteria.narrative`, `ECTS` or `SBU`, `assessmentType`, `participationType`, "
    "`supervisionType`, `identityChecked`, `resultDescription`, and ≥1 `result`",
)
def _eb_schema(ctx: Context) -> Out:
    if ctx.view is None:
        return
    ach = ctx.view.achievement
    base = _ach_path(ctx)
    if EDUBADGES_ACHIEVEMENT_TYPE not in ctx.view.types():
        yield ERR, f"add {EDUBADGES_ACHIEVEMENT_TYPE!r} to the achievement's type", (*base, "type")
    criteria = ach.get("criteria")
    if not (isinstance(criteria, Mapping) and _text(criteria.get("narrative"))):
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


@rule(
    "EB-04",
    "edubadges.context",
    "edubadges",
    "info",
    SOURCE_EB,
    SPEC_EB,
    "the published Edubadges context is not valid JSON-LD; verifiers need the corrected copy "
    "bundled with this library",
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


# -- the validator -------------------------------------------------------------------------------


_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class ValidationReport:
    """The findings of :func:`validate`, in rule order."""

    findings: tuple[Finding, ...]
    profiles: tuple[str, ...]

    @property
    def problems(self) -> tuple[Finding, ...]:
        """The findings (the name other result objects of the library use)."""
        return self.findings

    @property
    def ok(self) -> bool:
        """``True`` when there is no error (warnings and infos allowed)."""
        return not self.errors

    def _of(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Findings of severity error."""
        return self._of(Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """Findings of severity warning."""
        return self._of(Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        """Findings of severity info."""
        return self._of(Severity.INFO)

    @property
    def codes(self) -> frozenset[str]:
        """The codes of all findings."""
        return frozenset(f.code for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping: ``ok``, ``profiles``, counts and ``findings``."""
        return {
            "ok": self.ok,
            "profiles": list(self.profiles),
            "counts": {
                "error": len(self.errors),
                "warning": len(self.warnings),
                "info": len(self.infos),
            },
            "findings": [f.to_dict() for f in self.findings],
        }

    def render_text(self) -> str:
        """A readable report grouped by severity."""
        lines = [
            f"{'OK' if self.ok else 'NOT OK'} — profiles: {', '.join(self.profiles)}; "
            f"{len(self.errors)} error(s), {len(self.warnings)} warning(s), "
            f"{len(self.infos)} info"
        ]
        for title, group in (
            ("Errors", self.errors),
            ("Warnings", self.warnings),
            ("Info", self.infos),
        ):
            if not group:
                continue
            lines.append("")
            lines.append(f"{title}:")
            for f in group:
                lines.append(f"  [{f.rule}] {f.path or '/'}: {f.message} ({f.code})")
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.render_text()


def validate(
    credential: Any,
    *,
    profiles: Sequence[str] = DEFAULT_PROFILES,
    today: _dt.date | None = None,
    now: _dt.datetime | None = None,
    institution: Institution | None = None,
) -> ValidationReport:
    """Check a credential (or a bare achievement) against the selected quality profiles.

    ``profiles`` are any of ``"ob3"``, ``"eu"``, ``"nl"``, ``"edubadges"``. ``today`` / ``now``
    fix the clock for the date rules (``now`` must be timezone-aware). ``institution``
    (``"wo"``, ``"hbo"``, ``"mbo"``) selects the size rules of the Dutch framework: the
    experimental space from 1 EC applies only to ``"wo"``. Never raises on a JSON value.
    """
    selected = tuple(dict.fromkeys(profiles))
    unknown = [p for p in selected if p not in PROFILES]
    if unknown or not selected:
        raise ValueError(f"profiles must be chosen from {PROFILES}, not {list(profiles)!r}")
    if now is not None and (not isinstance(now, _dt.datetime) or now.utcoffset() is None):
        raise ValueError("now must be a timezone-aware datetime")
    if institution not in (None, "wo", "hbo", "mbo"):
        raise ValueError("institution must be 'wo', 'hbo' or 'mbo'")
    if today is None:
        today = now.date() if now is not None else _dt.datetime.now(_dt.UTC).date()
    ctx = Context(credential, frozenset(selected), today, now, institution)
    findings: list[Finding] = []
    for r in RULES:
        if not r.profiles & ctx.profiles:
            continue
        try:
            findings.extend(r.run(ctx))
        except Exception as exc:  # a rule defect must not hide the other findings
            findings.append(
                Finding(
                    "quality.internal-error",
                    f"rule {r.id} could not run ({type(exc).__name__}); please report this",
                    "",
                    Severity.ERROR,
                    None,
                    rule=r.id,
                    source="microcredential",
                )
            )
    findings.sort(key=lambda f: _ORDER[f.severity])
    return ValidationReport(tuple(findings), selected)


def rule_catalogue_markdown() -> str:
    """The rule catalogue as a Markdown table (``docs/quality-rules.md`` is generated from it)."""
    lines = [
        "# Quality rule catalogue",
        "",
        "Generated from `microcredential.quality.RULES` by `rule_catalogue_markdown()`; do not "
        "edit by hand.",
        "",
        "| Rule | Code | Profiles | Severity | Source | Check |",
        "|---|---|---|---|---|---|",
    ]
    for r in RULES:
        profiles = ", ".join(f"`{p}`" for p in PROFILES if p in r.profiles)
        lines.append(
            f"| {r.id} | `{r.code}` | {profiles} | {r.severity} | {r.source} | {r.title} |"
        )
    return "\n".join(lines) + "\n"
