"""The validator: run the rules of the selected quality profiles and report the findings."""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from .._deprecated import renamed_attributes as _renamed_attributes
from .._time import utc_now
from ..errors import InvalidDocumentError
from ..jsonld import OfflineLoader, compaction_problems
from ..jwt import decode_jwt_credential, is_compact_jws
from ..problems import Severity
from .builder import CredentialTemplate
from .rules import (
    DEFAULT_PROFILES,
    PROFILES,
    Context,
    Finding,
    Institution,
    QualityProfile,
    Rule,
    rules_for,
)
from .rules._registry import KIND_RULE, MICROCREDENTIAL_PROFILES, SUBJECT_RULES

__all__ = ["SubjectValidator", "ValidationReport", "check_quality"]

__getattr__ = _renamed_attributes(
    __name__, {"validate": ("microcredential.quality.check_quality", lambda: check_quality)}
)

_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class ValidationReport:
    """The findings of :func:`check_quality`, in rule order."""

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
                rule = f"[{f.rule}] " if f.rule else ""
                lines.append(f"  {rule}{f.path or '/'}: {f.message} ({f.code})")
        return "\n".join(lines) + "\n"

    def __str__(self) -> str:
        return self.render_text()


#: Where the findings of the compacted-form check come from.
_FORM_SOURCE = "VC Data Model 2.0, section 6.1 (compacted document form)"


def _form_findings(document: Any, loader: OfflineLoader | None) -> list[Finding]:
    """The compacted-form problems of a credential, as findings (none for a bare achievement).

    Every rule reads JSON keys, so a credential is judged only when its JSON says exactly what
    a JSON-LD processor reads in it, which is what its proof signs.
    """
    if not isinstance(document, Mapping):
        return []
    if "@context" not in document and "credentialSubject" not in document:
        return []  # a bare achievement: nothing signs it yet
    return [
        Finding(
            p.code,
            p.message,
            p.path,
            p.severity,
            p.spec,
            rule="",
            source=_FORM_SOURCE,
        )
        for p in compaction_problems(document, loader=loader)
    ]


def _run(rule: Rule, ctx: Context) -> list[Finding]:
    try:
        return list(rule.run(ctx))
    except Exception as exc:  # a defect in a rule is a bug: raise it, saying where
        exc.add_note(f"raised by quality rule {rule.id} ({rule.code})")
        raise


def check_quality(
    credential: Any,
    *,
    profiles: Sequence[str] = DEFAULT_PROFILES,
    today: _dt.date | None = None,
    now: _dt.datetime | None = None,
    institution: Institution | None = None,
    loader: OfflineLoader | None = None,
) -> ValidationReport:
    """Check a credential (or a bare achievement) against the selected quality profiles.

    ``credential`` may also be a compact VC-JWT: the credential it carries is checked.
    ``profiles`` are any of ``"ob3"``, ``"eu"``, ``"nl"``, ``"edubadges"`` and ``"1edtech"``
    (whether 1EdTech's validator accepts the proof format or JWT algorithm). ``now`` (timezone
    aware) fixes the clock for the date rules; ``today`` instead compares dates (the UTC date
    of each instant); without either, the current time is used. ``institution``
    (``"wo"``, ``"hbo"``, ``"mbo"``) selects the size rules of the Dutch framework: the
    experimental space from 1 EC applies only to ``"wo"``.

    First the credential must be in the compacted form its contexts define
    (:func:`~microcredential.jsonld.compaction_problems`): the rules read JSON keys, and only
    then do the keys say what its proof signs. A credential that is not (or whose contexts
    ``loader`` cannot serve) is refused: the report lists those problems (``jsonld.*`` codes)
    and no rule runs. A bare achievement, which nothing signs yet, is not checked for it.

    A credential that says it is another kind of badge (rule EU-00) gets that one finding under
    the ``eu``, ``nl`` and ``edubadges`` profiles instead of being judged as a microcredential.

    Never raises on a JSON value: whatever is wrong with the document is a finding. It raises
    :class:`ValueError` for options it does not know, and lets an exception from a rule itself
    (a defect of this library) propagate, with a note naming the rule.
    """
    selected, today = _options(profiles, today, now, institution)
    token = None
    if isinstance(credential, str) and is_compact_jws(credential):
        # a token that cannot be decoded stays a string: the rules report it as no credential
        with contextlib.suppress(InvalidDocumentError):
            credential, token = decode_jwt_credential(credential).credential, credential.strip()
    form = _form_findings(credential, loader)
    if form:
        return ValidationReport(tuple(form), selected)
    ctx = Context(credential, frozenset(selected), today, now, institution, token)
    return _judge(ctx, selected, _run)


def _options(
    profiles: Sequence[str],
    today: _dt.date | None,
    now: _dt.datetime | None,
    institution: Institution | None,
) -> tuple[tuple[str, ...], _dt.date]:
    """The profiles chosen (each once) and the day the date rules compare with; ValueError
    for options :func:`check_quality` does not know."""
    selected = tuple(dict.fromkeys(profiles))
    unknown = [p for p in selected if p not in PROFILES]
    if unknown or not selected:
        raise ValueError(f"profiles must be chosen from {PROFILES}, not {list(profiles)!r}")
    if now is not None and (not isinstance(now, _dt.datetime) or now.utcoffset() is None):
        raise ValueError("now must be a timezone-aware datetime")
    if institution not in (None, "wo", "hbo", "mbo"):
        raise ValueError("institution must be 'wo', 'hbo' or 'mbo'")
    if today is None:
        today = (now if now is not None else utc_now()).astimezone(_dt.UTC).date()
    return selected, today


def _judge(
    ctx: Context, selected: tuple[str, ...], run: Callable[[Rule, Context], list[Finding]]
) -> ValidationReport:
    """The findings of the rules of ``selected`` on ``ctx``, each rule's found by ``run``."""
    chosen = cast("tuple[QualityProfile, ...]", selected)
    rules = rules_for(chosen)
    findings: list[Finding] = []
    if KIND_RULE in rules:
        findings = list(run(KIND_RULE, ctx))
        if any(f.severity is Severity.ERROR for f in findings):
            # Another kind of badge: reported once, not judged as a microcredential.
            rules = rules_for(p for p in chosen if p not in MICROCREDENTIAL_PROFILES)
        rules = tuple(r for r in rules if r is not KIND_RULE)
    for rule in rules:
        findings.extend(run(rule, ctx))
    findings.sort(key=lambda f: _ORDER[f.severity])
    return ValidationReport(tuple(findings), selected)


#: The members in which the credentials of one :class:`SubjectValidator` may differ.
_LEARNERS_MEMBERS: Final = frozenset({"id", "credentialSubject", "evidence", "credentialStatus"})


class SubjectValidator:
    """:func:`check_quality` for many credentials of one achievement and issuer, such as a cohort.

    The credentials are those of ``template`` (a
    :class:`~microcredential.quality.CredentialTemplate`) with their own ``id``,
    ``credentialSubject`` (whose ``type`` is the template's and whose ``achievement`` is the
    template's object),
    ``evidence`` and ``credentialStatus``. The rules that read only the envelope, the issuer
    and the achievement (all but :data:`~microcredential.quality.rules.SUBJECT_RULES`) run
    once, on the template; for each credential, the compacted-form check reads only what is
    the learner's, and only the subject rules run. The report is the one :func:`check_quality`
    gives, finding for finding. A credential that does not share the template's objects, and
    every credential when the template itself is not in compacted form, is checked in full.
    The options are those of :func:`check_quality`.
    """

    __slots__ = ("_cached", "_ctx_options", "_loader", "_options", "_selected", "_shared")

    def __init__(
        self,
        template: CredentialTemplate,
        *,
        profiles: Sequence[str] = DEFAULT_PROFILES,
        today: _dt.date | None = None,
        now: _dt.datetime | None = None,
        institution: Institution | None = None,
        loader: OfflineLoader | None = None,
    ) -> None:
        self._options: dict[str, Any] = {
            "profiles": profiles,
            "today": today,
            "now": now,
            "institution": institution,
            "loader": loader,
        }
        self._selected, day = _options(profiles, today, now, institution)
        self._ctx_options = (frozenset(self._selected), day, now, institution)
        self._loader = loader
        probe = template.credential(recipient="did:example:template")
        subject = probe["credentialSubject"]
        #: The objects every credential shares with the template (None: check in full).
        self._shared: tuple[dict[str, Any], Any, Any] | None = None
        self._cached: dict[str, list[Finding]] = {}
        body = {key: value for key, value in probe.items() if key != "@context"}
        if _form_findings(probe, loader) or _embeds_context(body):
            return  # the form check reads the whole document then: nothing to share
        _judge(Context(probe, *self._ctx_options), self._selected, self._remember)
        self._shared = (template.envelope, subject["type"], subject["achievement"])

    def _remember(self, rule: Rule, ctx: Context) -> list[Finding]:
        found = self._cached[rule.id] = _run(rule, ctx)
        return found

    def _reuse(self, rule: Rule, ctx: Context) -> list[Finding]:
        return _run(rule, ctx) if rule.id in SUBJECT_RULES else self._cached[rule.id]

    def check_quality(self, credential: Mapping[str, Any]) -> ValidationReport:
        """The report :func:`check_quality` gives for ``credential`` with the options given."""
        own = self._learners_part(credential)
        if own is None:
            return check_quality(credential, **self._options)
        form = _form_findings(own, self._loader)
        if form:
            return ValidationReport(tuple(form), self._selected)
        return _judge(Context(credential, *self._ctx_options), self._selected, self._reuse)

    def _learners_part(self, credential: Mapping[str, Any]) -> dict[str, Any] | None:
        """What of ``credential`` is not the template's (with the ``@context`` and ``type``
        that give it its meaning), or None when it does not share the template's objects."""
        if self._shared is None or not isinstance(credential, Mapping):
            return None
        envelope, subject_type, achievement = self._shared
        subject = credential.get("credentialSubject")
        if not (
            isinstance(subject, dict)
            and subject.get("type") == subject_type
            and subject.get("achievement") is achievement
        ):
            return None
        fixed = [key for key in credential if key not in _LEARNERS_MEMBERS]
        if fixed != [key for key in envelope if key not in _LEARNERS_MEMBERS] or any(
            credential[key] is not envelope[key] for key in fixed
        ):
            return None
        own: dict[str, Any] = {}
        for key, value in credential.items():
            if key == "credentialSubject":
                own[key] = {k: v for k, v in value.items() if k != "achievement"}
            elif key in _LEARNERS_MEMBERS or key in ("@context", "type"):
                own[key] = value
        return own


def _embeds_context(value: Any) -> bool:
    """Whether a JSON value holds an ``@context`` member at any depth (the compacted-form
    check counts the distinct lists a document embeds, across the whole document)."""
    if isinstance(value, Mapping):
        return "@context" in value or any(_embeds_context(v) for v in value.values())
    if isinstance(value, list):
        return any(_embeds_context(v) for v in value)
    return False
