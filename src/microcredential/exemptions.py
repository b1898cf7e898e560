"""Exemption advice: which of a learner's credentials may exempt them from a programme's units.

A learner stacks microcredentials from several institutions and asks the examination board
for exemptions.  :func:`evaluate_exemptions` reads the credentials (a list, a presentation or
a CLR), verifies each with the caller's :class:`~microcredential.Verifier`, runs the quality
validator, and compares them with a :class:`Programme` (read by :func:`load_programme` from
JSON described by the bundled ``programme.json`` schema).  The result is a :class:`Dossier`:
advice for the board, never a decision.  Every :class:`Line` names the rule that produced it
(:data:`RULES`); nothing is scored:

* only credentials that verify count; invalid ones are listed with the reason, indeterminate
  ones apart with what would settle them;
* a credential counts once, however often it is submitted, and for one unit at most;
* a credential is a candidate for a unit by an explicit mapping (the unit accepts its
  achievement id) or a shared alignment (an ESCO skill or programme outcome IRI); the unit's
  and the credential's learning outcomes are shown side by side for the board to compare;
* a candidate is then checked for its issuer, EQF level, currency (age), grade (only within
  the grading scale the achievement declares) and EC; the EC advised never exceed the
  policy's maximum.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Final

from ._grades import decimal_value
from ._time import resolve_now
from .clr import bundled_credentials
from .errors import InvalidDocumentError
from .quality import AchievementView, check_quality, decode_credential
from .quality.reading import find_achievement
from .schema import SchemaValidator
from .verification import CheckStatus, VerificationResult, VerificationStatus, issuer_id

if TYPE_CHECKING:
    from ._recipes import Verifier

__all__ = [
    "RULES",
    "Candidate",
    "CourseUnit",
    "CredentialEntry",
    "Dossier",
    "ExemptionPolicy",
    "Line",
    "Programme",
    "UnitAdvice",
    "UnitAlignment",
    "dossier_schema",
    "evaluate_exemptions",
    "load_programme",
    "programme_schema",
]

#: Every rule a dossier line may name, with what it establishes.
RULES: Final[Mapping[str, str]] = {
    "verification": "the credential verifies (microcredential.verify); only then does it count",
    "duplicate": "a credential submitted more than once counts once",
    "quality": "the quality frameworks' findings on the credential (microcredential.check_quality)",
    "match.explicit": "the unit accepts the credential's achievement id",
    "match.alignment": "the unit and the achievement share an ESCO or programme-outcome IRI",
    "match.learning-outcomes": "the unit's and the credential's learning outcomes, side by side",
    "check.issuer": "the policy accepts the credential's issuer",
    "check.level": "the achievement's EQF level against the unit's, as the policy asks",
    "check.currency": "the credential is no older than the policy allows",
    "check.grade": "the grade against the policy's minimum on the achievement's own scale",
    "check.ec": "the credential's EC cover the unit's (combined if the policy allows it)",
    "policy.once": "a credential exempts from one unit at most",
    "policy.max-ec": "the EC advised for exemption stay within the policy's maximum",
}


# -- the programme ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitAlignment:
    """What a unit aligns with: ``kind`` ``esco``, ``programmeOutcome`` or ``achievement``."""

    kind: str
    target: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class CourseUnit:
    """A course unit of the programme."""

    code: str
    name: str
    ec: Decimal
    eqf_level: int | None = None
    nlqf_level: str | None = None
    learning_outcomes: tuple[str, ...] = ()
    alignments: tuple[UnitAlignment, ...] = ()


@dataclass(frozen=True, slots=True)
class ExemptionPolicy:
    """The institution's exemption policy (see the programme schema for each member)."""

    max_exempted_ec: Decimal
    minimum_grades: tuple[tuple[Decimal, Decimal, Decimal], ...] = ()
    level_relative_to_unit: str = "sameOrHigher"
    max_evidence_age_months: int | None = None
    accepted_issuers: tuple[str, ...] | None = None
    combine_credentials: bool = False


@dataclass(frozen=True, slots=True)
class Programme:
    """A programme: its course units and its exemption policy."""

    id: str
    name: str
    units: tuple[CourseUnit, ...]
    policy: ExemptionPolicy


@cache
def programme_schema() -> Mapping[str, Any]:
    """The bundled JSON Schema of a programme description."""
    folder = resources.files(__package__ or "microcredential") / "schemas"
    loaded: Mapping[str, Any] = json.loads(
        folder.joinpath("programme.json").read_text(encoding="utf-8")
    )
    return loaded


@cache
def dossier_schema() -> Mapping[str, Any]:
    """The bundled JSON Schema of a dossier's JSON form (:meth:`Dossier.to_dict`)."""
    folder = resources.files(__package__ or "microcredential") / "schemas"
    loaded: Mapping[str, Any] = json.loads(
        folder.joinpath("dossier.json").read_text(encoding="utf-8")
    )
    return loaded


@cache
def _programme_validator() -> SchemaValidator:
    return SchemaValidator(programme_schema())


def _number(value: Any) -> Decimal:
    return Decimal(str(value))


def load_programme(data: Mapping[str, Any], *, source: str | None = None) -> Programme:
    """Read a programme description (JSON); never modifies ``data``.

    Raises :class:`~microcredential.InvalidDocumentError` listing every violation of the
    programme schema with its JSON pointer; ``source`` (a file name) prefixes the message.
    """
    problems = _programme_validator().problems(data)
    if problems:
        raise InvalidDocumentError.from_problems(problems, source=source or "programme")
    codes = [unit["code"] for unit in data["units"]]
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise ValueError(f"{source or 'programme'}: unit codes must be unique: {repeated}")
    units = tuple(
        CourseUnit(
            code=unit["code"],
            name=unit["name"],
            ec=_number(unit["ec"]),
            eqf_level=unit.get("eqfLevel"),
            nlqf_level=unit.get("nlqfLevel"),
            learning_outcomes=tuple(unit.get("learningOutcomes", ())),
            alignments=tuple(
                UnitAlignment(a["kind"], a["target"], a.get("name"))
                for a in unit.get("alignments", ())
            ),
        )
        for unit in data["units"]
    )
    raw = data["policy"]
    minimums = []
    for index, entry in enumerate(raw.get("minimumGrades", ())):
        values = [decimal_value(entry[k]) for k in ("valueMin", "valueMax", "minimum")]
        low, high, minimum = values
        if low is None or high is None or minimum is None:
            raise ValueError(
                f"{source or 'programme'}: /policy/minimumGrades/{index}: valueMin, valueMax "
                "and minimum must be numbers such as '5.5'"
            )
        minimums.append((low, high, minimum))
    accepted = raw.get("acceptedIssuers")
    policy = ExemptionPolicy(
        max_exempted_ec=_number(raw["maxExemptedEc"]),
        minimum_grades=tuple(minimums),
        level_relative_to_unit=raw.get("levelRelativeToUnit", "sameOrHigher"),
        max_evidence_age_months=raw.get("maxEvidenceAgeMonths"),
        accepted_issuers=None if accepted is None else tuple(accepted),
        combine_credentials=raw.get("combineCredentials", False),
    )
    return Programme(data["id"], data["name"], units, policy)


# -- the dossier -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Line:
    """One line of advice: the rule (:data:`RULES`), its outcome and what it found.

    ``outcome`` is ``met``, ``not-met``, ``undetermined`` (the board must judge) or ``info``.
    """

    rule: str
    outcome: str
    text: str

    def to_dict(self) -> dict[str, str]:
        """A JSON-ready mapping."""
        return {"rule": self.rule, "outcome": self.outcome, "text": self.text}


@dataclass(frozen=True, slots=True)
class CredentialEntry:
    """One submitted credential: where it came from, its verdict and what it says."""

    key: str
    sources: tuple[str, ...]
    credential_id: str | None
    issuer: str | None
    achievement_id: str | None
    achievement_name: str | None
    status: VerificationStatus
    lines: tuple[Line, ...]
    learning_outcomes: tuple[str, ...] = ()
    ec: Decimal | None = None
    eqf_level: int | None = None
    valid_from: datetime | None = None
    grade: str | None = None
    grading: tuple[Decimal | None, Decimal | None] | None = None
    targets: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "key": self.key,
            "sources": list(self.sources),
            "id": self.credential_id,
            "issuer": self.issuer,
            "achievement": {"id": self.achievement_id, "name": self.achievement_name},
            "status": self.status.value,
            "ec": None if self.ec is None else float(self.ec),
            "eqfLevel": self.eqf_level,
            "validFrom": None if self.valid_from is None else self.valid_from.isoformat(),
            "grade": self.grade,
            "learningOutcomes": list(self.learning_outcomes),
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A verified credential that may exempt from a unit, with every check made."""

    key: str
    lines: tuple[Line, ...]
    eligible: bool
    counted: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "credential": self.key,
            "eligible": self.eligible,
            "counted": self.counted,
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class UnitAdvice:
    """The advice for one unit: its candidates and whether an exemption is advised."""

    unit: CourseUnit
    candidates: tuple[Candidate, ...]
    advised: bool
    lines: tuple[Line, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        unit = self.unit
        return {
            "code": unit.code,
            "name": unit.name,
            "ec": float(unit.ec),
            "eqfLevel": unit.eqf_level,
            "learningOutcomes": list(unit.learning_outcomes),
            "advised": self.advised,
            "candidates": [c.to_dict() for c in self.candidates],
            "lines": [line.to_dict() for line in self.lines],
        }


@dataclass(frozen=True, slots=True)
class Dossier:
    """The exemption advice for one learner and programme.

    ``credentials`` are every distinct credential submitted; ``invalid`` and
    ``indeterminate`` the keys of those that do not count; ``units`` the advice per unit.
    """

    programme: Programme
    now: datetime
    credentials: tuple[CredentialEntry, ...]
    units: tuple[UnitAdvice, ...]
    lines: tuple[Line, ...] = field(default=())

    @property
    def exempted_ec(self) -> Decimal:
        """The EC of the units an exemption is advised for."""
        return sum((u.unit.ec for u in self.units if u.advised), Decimal(0))

    @property
    def counted(self) -> frozenset[str]:
        """The keys of the credentials an advised exemption rests on."""
        return frozenset(c.key for u in self.units for c in u.candidates if c.counted)

    def entries(self, status: VerificationStatus) -> tuple[CredentialEntry, ...]:
        """The credentials with this verification verdict."""
        return tuple(c for c in self.credentials if c.status is status)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "programme": {"id": self.programme.id, "name": self.programme.name},
            "evaluatedAt": self.now.isoformat(),
            "maxExemptedEc": float(self.programme.policy.max_exempted_ec),
            "exemptedEc": float(self.exempted_ec),
            "credentials": [c.to_dict() for c in self.credentials],
            "units": [u.to_dict() for u in self.units],
            "lines": [line.to_dict() for line in self.lines],
        }

    def render_markdown(self) -> str:
        """A self-contained Markdown report for the board; every value from a credential or
        the programme is escaped, so it shows as text, never as markup or a link."""
        out = [
            f"# Exemption advice: {_md(self.programme.name)}",
            "",
            f"Evaluated at {self.now.isoformat()}. This is advice; the board decides. "
            f"Advised: {self.exempted_ec} of at most {self.programme.policy.max_exempted_ec} EC.",
            "",
        ]
        out.extend(f"- {_md_line(line)}" for line in self.lines)
        out += ["", "## Course units", ""]
        names = {c.key: c for c in self.credentials}
        for advice in self.units:
            unit = advice.unit
            verdict = "exemption advised" if advice.advised else "no exemption advised"
            out += [f"### {_md(unit.code)} {_md(unit.name)} ({unit.ec} EC): {verdict}", ""]
            out.extend(f"- {_md_line(line)}" for line in advice.lines)
            for candidate in advice.candidates:
                entry = names[candidate.key]
                mark = "counted" if candidate.counted else "not counted"
                out += ["", f"#### {_md(_label(entry))} ({mark})", ""]
                out.extend(f"- {_md_line(line)}" for line in candidate.lines)
            out.append("")
        out += ["## Credentials", ""]
        for status, title in (
            (VerificationStatus.VERIFIED, "Verified"),
            (VerificationStatus.INVALID, "Invalid: they do not count"),
            (VerificationStatus.INDETERMINATE, "Indeterminate: set apart"),
        ):
            entries = self.entries(status)
            if not entries:
                continue
            out += [f"### {title}", ""]
            for entry in entries:
                out.append(f"- **{_md(_label(entry))}** from {_md(', '.join(entry.sources))}")
                out.extend(f"  - {_md_line(line)}" for line in entry.lines)
            out.append("")
        return "\n".join(out).rstrip() + "\n"


_MD_SPECIAL = frozenset("\\`*_[]<>#|~")


def _md(text: object) -> str:
    """``text`` with every Markdown-significant character escaped and on one line."""
    flat = " ".join(str(text).split())
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in flat)


def _md_line(line: Line) -> str:
    return f"`{line.rule}` {line.outcome}: {_md(line.text)}"


def _label(entry: CredentialEntry) -> str:
    name = entry.achievement_name if isinstance(entry.achievement_name, str) else "credential"
    return f"{name} ({entry.credential_id or 'no id'}, issuer {entry.issuer or 'unknown'})"


# -- reading the input ------------------------------------------------------------------------


def _types(document: Mapping[str, Any]) -> list[str]:
    value = document.get("type")
    return [value] if isinstance(value, str) else [t for t in value or () if isinstance(t, str)]


def _flatten(
    submitted: Any, verifier: Verifier, label: str, lines: list[Line]
) -> Iterable[tuple[str, Mapping[str, Any]]]:
    if isinstance(submitted, Mapping):
        names = _types(submitted)
        if "VerifiablePresentation" in names:
            items = submitted.get("verifiableCredential")
            items = items if isinstance(items, list) else [items] if items is not None else []
            for index, item in enumerate(items):
                yield from _flatten(item, verifier, f"{label}/verifiableCredential/{index}", lines)
            return
        if "ClrCredential" in names:
            result = verifier.verify(submitted)
            own = [c for c in result.checks if c.name != "credentials"]
            bad = [
                c.name for c in own if c.status in (CheckStatus.FAILED, CheckStatus.INDETERMINATE)
            ]
            lines.append(
                Line(
                    "verification",
                    "info",
                    f"CLR {submitted.get('id')} at {label}: its own checks "
                    + (f"did not pass ({', '.join(bad)})" if bad else "passed")
                    + "; each credential it bundles is judged on its own",
                )
            )
            for index, item in enumerate(bundled_credentials(submitted)):
                yield f"{label}/credentialSubject/verifiableCredential/{index}", item
            return
        yield label, submitted
        return
    if isinstance(submitted, Iterable) and not isinstance(submitted, str | bytes):
        for index, item in enumerate(submitted):
            yield from _flatten(item, verifier, f"{label}[{index}]", lines)
        return
    raise TypeError(f"{label}: expected a credential, presentation or CLR object")


def _key(document: Mapping[str, Any]) -> str:
    credential_id = document.get("id")
    if isinstance(credential_id, str):
        return f"{issuer_id(document) or ''} {credential_id}"
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, default=str)
    return "json " + text


def _verification_lines(result: VerificationResult) -> list[Line]:
    if result.status is VerificationStatus.VERIFIED:
        return [Line("verification", "met", "the credential verifies")]
    if result.status is VerificationStatus.INVALID:
        reasons = [f"{p.message} [{p.code}]" for p in result.errors]
        return [Line("verification", "not-met", "does not verify: " + "; ".join(reasons[:5]))]
    settle = [
        f"{check.name}: " + "; ".join(f"{p.message} [{p.code}]" for p in check.problems)
        for check in result.checks
        if check.status is CheckStatus.INDETERMINATE
    ]
    return [
        Line(
            "verification",
            "undetermined",
            "could not be verified; to settle it: " + " | ".join(settle),
        )
    ]


def _read(document: Mapping[str, Any]) -> dict[str, Any]:
    """What the credential says, through the quality readers; never raises."""
    out: dict[str, Any] = {}
    found = find_achievement(document)
    targets: set[str] = set()
    if found is not None:
        achievement = found.value
        out["achievement_id"] = achievement.get("id")
        out["achievement_name"] = achievement.get("name")
        for alignment in AchievementView(achievement).alignments():
            url = alignment.value.get("targetUrl")
            if isinstance(url, str):
                targets.add(url)
    lines: list[Line] = []
    try:
        profile, facts = decode_credential(document)
    except (InvalidDocumentError, ValueError) as exc:
        lines.append(
            Line(
                "quality",
                "info",
                f"not readable as a microcredential profile ({exc}); its EC, level and "
                "grade are unknown",
            )
        )
    else:
        targets.update(o.url for o in profile.learning_outcomes if o.url)
        out["learning_outcomes"] = tuple(o.text for o in profile.learning_outcomes)
        out["ec"] = None if profile.ects is None else Decimal(str(profile.ects))
        out["eqf_level"] = profile.eqf_level
        out["valid_from"] = facts.valid_from
        out["grade"] = facts.grade
        if profile.grading is not None:
            out["grading"] = (
                decimal_value(profile.grading.value_min or ""),
                decimal_value(profile.grading.value_max or ""),
            )
    out["targets"] = frozenset(targets)
    out["lines"] = lines
    return out


def _quality_lines(document: Mapping[str, Any], now: datetime) -> list[Line]:
    report = check_quality(document, now=now)
    if not report.findings:
        return [Line("quality", "info", "no findings from the quality frameworks")]
    return [
        Line("quality", "info", f"{f.severity.value} {f.rule}: {f.message}")
        for f in report.findings
    ]


# -- the checks ------------------------------------------------------------------------------


def _months_before(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(total, 12)
    day = min(moment.day, 28)
    return moment.replace(year=year, month=month + 1, day=day)


def _match(unit: CourseUnit, entry: CredentialEntry) -> list[Line]:
    lines = [
        Line("match.explicit", "met", f"the unit accepts achievement {a.target}")
        for a in unit.alignments
        if a.kind == "achievement" and a.target == entry.achievement_id
    ]
    lines.extend(
        Line(
            "match.alignment",
            "met",
            f"both align with {a.kind} {a.target}" + (f" ({a.name})" if a.name else ""),
        )
        for a in unit.alignments
        if a.kind != "achievement" and a.target in entry.targets
    )
    return lines


def _checks(
    unit: CourseUnit, entry: CredentialEntry, policy: ExemptionPolicy, now: datetime
) -> list[Line]:
    lines: list[Line] = []
    accepted = policy.accepted_issuers
    if accepted is None:
        lines.append(Line("check.issuer", "met", "the policy accepts any issuer"))
    elif entry.issuer in accepted:
        lines.append(Line("check.issuer", "met", f"issuer {entry.issuer} is accepted"))
    else:
        lines.append(Line("check.issuer", "not-met", f"issuer {entry.issuer} is not accepted"))
    relation = policy.level_relative_to_unit
    if unit.eqf_level is None or relation == "any":
        lines.append(Line("check.level", "met", "the policy or unit sets no EQF level"))
    elif entry.eqf_level is None:
        lines.append(Line("check.level", "not-met", "the achievement states no EQF level"))
    else:
        ok = (
            entry.eqf_level >= unit.eqf_level
            if relation == "sameOrHigher"
            else entry.eqf_level == unit.eqf_level
        )
        wanted = "at least" if relation == "sameOrHigher" else "exactly"
        lines.append(
            Line(
                "check.level",
                "met" if ok else "not-met",
                f"EQF level {entry.eqf_level}; the unit asks {wanted} {unit.eqf_level}",
            )
        )
    months = policy.max_evidence_age_months
    if months is None:
        lines.append(Line("check.currency", "met", "the policy sets no age limit"))
    elif entry.valid_from is None:
        lines.append(Line("check.currency", "not-met", "the credential's date is unknown"))
    else:
        oldest = _months_before(now, months)
        ok = entry.valid_from >= oldest
        lines.append(
            Line(
                "check.currency",
                "met" if ok else "not-met",
                f"issued {entry.valid_from.date().isoformat()}; the policy accepts evidence "
                f"from {oldest.date().isoformat()} ({months} months)",
            )
        )
    lines.append(_grade_line(entry, policy))
    return lines


def _grade_line(entry: CredentialEntry, policy: ExemptionPolicy) -> Line:
    if not policy.minimum_grades:
        return Line("check.grade", "met", "the policy sets no minimum grade")
    if entry.grade is None:
        return Line(
            "check.grade", "met", "no grade stated: awarded on the achievement's own pass mark"
        )
    scale = entry.grading
    value = decimal_value(entry.grade)
    for low, high, minimum in policy.minimum_grades:
        if scale is not None and scale == (low, high) and value is not None:
            return Line(
                "check.grade",
                "met" if value >= minimum else "not-met",
                f"grade {entry.grade} on the scale {low}..{high}; the policy asks at least "
                f"{minimum}",
            )
    return Line(
        "check.grade",
        "undetermined",
        f"grade {entry.grade} is on a scale the policy sets no minimum for; the board judges",
    )


# -- the evaluation --------------------------------------------------------------------------


def evaluate_exemptions(
    submitted: Any,
    programme: Programme | Mapping[str, Any],
    *,
    now: datetime | str | None = None,
    verifier: Verifier,
) -> Dossier:
    """Advise on exemptions for ``programme`` from the submitted credentials.

    ``submitted`` is a credential, a presentation, a CLR, or a list of any of these;
    ``programme`` a :class:`Programme` or its JSON; ``verifier`` a
    :class:`~microcredential.Verifier` (its resolver and status lists decide what verifies);
    ``now`` the moment of the advice (default: the current time).  The inputs are never
    modified.  See the module docstring for the rules.
    """
    if not isinstance(programme, Programme):
        programme = load_programme(programme)
    moment = resolve_now(now)
    general: list[Line] = []
    entries: dict[str, CredentialEntry] = {}
    for source, document in _flatten(submitted, verifier, "input", general):
        key = _key(document)
        result = verifier.verify(document)
        previous = entries.get(key)
        if previous is not None:
            merged = (*previous.sources, source)
            duplicate = Line("duplicate", "info", f"also submitted at {source}; it counts once")
            if result.status is not previous.status:
                # a copy with the same issuer and id but another verdict: say why
                (verdict,) = _verification_lines(result)
                duplicate = Line(
                    "duplicate",
                    "info",
                    f"another copy with this issuer and id was submitted at {source}; it counts "
                    f"once; that copy {verdict.text}",
                )
            if previous.status is VerificationStatus.VERIFIED or not result.ok:
                entries[key] = _replace(previous, merged, duplicate)
                continue
            # a copy that verifies replaces one that did not
        read = _read(document)
        lines = [*_verification_lines(result), *read["lines"]]
        if previous is not None:
            lines.append(Line("duplicate", "info", "submitted more than once; it counts once"))
        if result.ok:
            lines.extend(_quality_lines(document, moment))
        entries[key] = CredentialEntry(
            key=key,
            sources=(*previous.sources, source) if previous is not None else (source,),
            credential_id=document.get("id") if isinstance(document.get("id"), str) else None,
            issuer=issuer_id(document),
            achievement_id=read.get("achievement_id"),
            achievement_name=read.get("achievement_name"),
            status=result.status,
            lines=tuple(lines),
            learning_outcomes=read.get("learning_outcomes", ()),
            ec=read.get("ec"),
            eqf_level=read.get("eqf_level"),
            valid_from=read.get("valid_from"),
            grade=read.get("grade"),
            grading=read.get("grading"),
            targets=read["targets"],
        )
    units = _advise(programme, list(entries.values()), moment, general)
    return Dossier(programme, moment, tuple(entries.values()), units, tuple(general))


def _replace(entry: CredentialEntry, sources: tuple[str, ...], line: Line) -> CredentialEntry:
    values = {name: getattr(entry, name) for name in CredentialEntry.__slots__}
    values["sources"] = sources
    values["lines"] = (*entry.lines, line)
    return CredentialEntry(**values)


def _advise(
    programme: Programme, entries: list[CredentialEntry], now: datetime, general: list[Line]
) -> tuple[UnitAdvice, ...]:
    policy = programme.policy
    used: set[str] = set()
    total = Decimal(0)
    verified = [e for e in entries if e.status is VerificationStatus.VERIFIED]
    advice: list[UnitAdvice] = []
    for unit in programme.units:
        candidates: list[tuple[CredentialEntry, list[Line], bool]] = []
        for entry in verified:
            matches = _match(unit, entry)
            if not matches:
                continue
            lines = [*matches]
            if unit.learning_outcomes or entry.learning_outcomes:
                lines.append(
                    Line(
                        "match.learning-outcomes",
                        "info",
                        "unit: "
                        + " / ".join(unit.learning_outcomes or ("(none stated)",))
                        + " — credential: "
                        + " / ".join(entry.learning_outcomes or ("(none stated)",)),
                    )
                )
            checks = _checks(unit, entry, policy, now)
            lines.extend(checks)
            eligible = all(line.outcome == "met" for line in checks)
            if entry.key in used:
                lines.append(Line("policy.once", "not-met", "already counted for an earlier unit"))
                eligible = False
            candidates.append((entry, lines, eligible))
        chosen, unit_lines = _cover(unit, candidates, policy)
        advised = bool(chosen)
        if advised and total + unit.ec > policy.max_exempted_ec:
            unit_lines.append(
                Line(
                    "policy.max-ec",
                    "not-met",
                    f"exempting {unit.ec} EC more would pass the maximum of "
                    f"{policy.max_exempted_ec} EC ({total} EC already advised)",
                )
            )
            advised = False
            chosen = []
        if advised:
            total += unit.ec
            used.update(e.key for e in chosen)
            unit_lines.append(
                Line(
                    "policy.max-ec",
                    "met",
                    f"{total} of at most {policy.max_exempted_ec} EC advised so far",
                )
            )
        keys = {e.key for e in chosen}
        advice.append(
            UnitAdvice(
                unit,
                tuple(
                    Candidate(e.key, tuple(lines), ok, e.key in keys) for e, lines, ok in candidates
                ),
                advised,
                tuple(unit_lines),
            )
        )
    return tuple(advice)


def _cover(
    unit: CourseUnit,
    candidates: list[tuple[CredentialEntry, list[Line], bool]],
    policy: ExemptionPolicy,
) -> tuple[list[CredentialEntry], list[Line]]:
    eligible = [e for e, _, ok in candidates if ok]
    if not candidates:
        return [], [Line("check.ec", "not-met", "no verified credential matches this unit")]
    if not eligible:
        return [], [Line("check.ec", "not-met", "no candidate passes every check")]
    for entry in eligible:
        if entry.ec is not None and entry.ec >= unit.ec:
            return [entry], [
                Line("check.ec", "met", f"{entry.ec} EC cover the unit's {unit.ec} EC")
            ]
    if not policy.combine_credentials:
        return [], [
            Line(
                "check.ec",
                "not-met",
                f"no single candidate covers the unit's {unit.ec} EC, and the policy does not "
                "let credentials be combined",
            )
        ]
    chosen: list[CredentialEntry] = []
    total = Decimal(0)
    for entry in eligible:
        if entry.ec:
            chosen.append(entry)
            total += entry.ec
            if total >= unit.ec:
                return chosen, [
                    Line("check.ec", "met", f"combined {total} EC cover the unit's {unit.ec} EC")
                ]
    return [], [
        Line("check.ec", "not-met", f"combined {total} EC do not cover the unit's {unit.ec} EC")
    ]
