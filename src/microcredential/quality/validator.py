"""The validator: run the rules of the selected quality profiles and report the findings."""

from __future__ import annotations

import contextlib
import datetime as _dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from .._deprecated import renamed_attributes as _renamed_attributes
from .._time import utc_now
from ..errors import InvalidDocumentError
from ..jsonld import OfflineLoader, compaction_problems
from ..jwt import decode_jwt_credential, is_compact_jws
from ..problems import Severity
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
from .rules._registry import KIND_RULE, MICROCREDENTIAL_PROFILES

__all__ = ["ValidationReport", "check_quality"]

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
    selected = tuple(dict.fromkeys(profiles))
    unknown = [p for p in selected if p not in PROFILES]
    if unknown or not selected:
        raise ValueError(f"profiles must be chosen from {PROFILES}, not {list(profiles)!r}")
    if now is not None and (not isinstance(now, _dt.datetime) or now.utcoffset() is None):
        raise ValueError("now must be a timezone-aware datetime")
    if institution not in (None, "wo", "hbo", "mbo"):
        raise ValueError("institution must be 'wo', 'hbo' or 'mbo'")
    if today is None:
        now = now if now is not None else utc_now()
        today = now.astimezone(_dt.UTC).date()
    token = None
    if isinstance(credential, str) and is_compact_jws(credential):
        # a token that cannot be decoded stays a string: the rules report it as no credential
        with contextlib.suppress(InvalidDocumentError):
            credential, token = decode_jwt_credential(credential).credential, credential.strip()
    form = _form_findings(credential, loader)
    if form:
        return ValidationReport(tuple(form), selected)
    ctx = Context(credential, frozenset(selected), today, now, institution, token)
    chosen = cast("tuple[QualityProfile, ...]", selected)
    rules = rules_for(chosen)
    findings: list[Finding] = []
    if KIND_RULE in rules:
        findings = _run(KIND_RULE, ctx)
        if any(f.severity is Severity.ERROR for f in findings):
            # Another kind of badge: reported once, not judged as a microcredential.
            rules = rules_for(p for p in chosen if p not in MICROCREDENTIAL_PROFILES)
        rules = tuple(r for r in rules if r is not KIND_RULE)
    for rule in rules:
        findings.extend(_run(rule, ctx))
    findings.sort(key=lambda f: _ORDER[f.severity])
    return ValidationReport(tuple(findings), selected)
