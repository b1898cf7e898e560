"""What a credential says, read once for every way of sharing it (page, terminal, LinkedIn).

:func:`summarize` reads a credential through the library's own readers: the typed models
(:func:`~microcredential.parse_credential`) for the credential, its issuer, learner and dates,
and :class:`~microcredential.quality.AchievementView` for the microcredential elements of the
achievement (the same reader the quality validator uses). Every element is optional in the
summary: a plain badge has a title and an issuer but no EC, and is summarised all the same.

>>> from microcredential.quality import IssuerInfo, build_achievement, build_credential
>>> from microcredential.quality import example_profile
>>> import datetime as dt
>>> credential = build_credential(
...     build_achievement(example_profile(), id="https://hs.example/mc/ux"),
...     recipient="did:example:learner",
...     issuer=IssuerInfo(id="https://hs.example", name="Hogeschool Voorbeeld", country_code="NL"),
...     valid_from=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
... )
>>> summary = summarize(credential)
>>> summary.title, summary.ects, summary.eqf_level, summary.issuer_name
('User research for digital services', 5, 6, 'Hogeschool Voorbeeld')
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import InvalidDocumentError
from ..jsonld import compaction_problems
from ..models import DateTimeStamp, IdentityObject, OpenBadgeCredential, Profile, parse_credential
from ..quality import (
    AchievementView,
    AssessmentType,
    LearningOutcome,
    ParticipationForm,
    QualityAssurance,
    Supervision,
)
from ..quality.reading import find_achievement

__all__ = ["CredentialSummary", "summarize"]

_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class CredentialSummary:
    """The facts of one credential a person reads; ``None`` (or empty) where it says nothing.

    Dates are the credential's own, with the offset it was written with.  The learner is
    named only by a plain-text name the credential carries; a hashed identifier is never
    shown, only said to be there (``learner_hashed``).
    """

    credential_id: str | None
    title: str | None
    description: str | None
    achievement_id: str | None
    achievement_type: str | None
    criteria: str | None
    learning_outcomes: tuple[LearningOutcome, ...]
    ects: float | None
    hours: float | None
    eqf_level: int | None
    nlqf_level: str | None
    qf_ehea_cycle: str | None
    assessment_types: tuple[AssessmentType, ...]
    participation_forms: tuple[ParticipationForm, ...]
    supervision: Supervision | None
    quality_assurance: QualityAssurance | None
    language: str | None
    issuer_id: str | None
    issuer_name: str | None
    issuer_url: str | None
    issuer_country: str | None
    learner_id: str | None
    learner_name: str | None
    learner_hashed: bool
    grade: str | None
    awarded: _dt.datetime | None
    valid_from: _dt.datetime | None
    valid_until: _dt.datetime | None

    @property
    def issued(self) -> _dt.datetime | None:
        """When the achievement was awarded: ``awardedDate``, else the start of validity."""
        return self.awarded or self.valid_from


def summarize(credential: Mapping[str, Any], *, source: str | None = None) -> CredentialSummary:
    """Read the :class:`CredentialSummary` of an ``OpenBadgeCredential`` (VC 2.0 or 1.1).

    Raises :class:`~microcredential.errors.InvalidDocumentError` when the document is not an
    Open Badges credential at all, or not in the compacted form its contexts define (its JSON
    could then show something else than what was signed; the problems name each JSON path);
    ``source`` prefixes the message.  The input is not modified.

    JSON-LD arrays have no order, so nothing here depends on one: several values are shown
    sorted (learning outcomes, forms), and where the credential gives several grades or
    learner names they are all shown, sorted, rather than one picked.
    """
    form = compaction_problems(credential)
    if form:
        raise InvalidDocumentError.from_problems(form, source=source)
    model = parse_credential(credential, source=source)
    found = find_achievement(credential)  # parse_credential has checked it is there
    achievement: Mapping[str, Any] = found.value if found is not None else {}
    view = AchievementView(achievement)
    issuer = model.issuer
    profile = issuer if isinstance(issuer, Profile) else None
    address = profile.address if profile is not None else None
    learner_name, hashed = _learner(model)
    return CredentialSummary(
        credential_id=model.id,
        title=_text(achievement.get("name")) or _text(credential.get("name")),
        description=_text(achievement.get("description")),
        achievement_id=_text(achievement.get("id")),
        achievement_type=_text(achievement.get("achievementType")),
        criteria=_criteria(achievement.get("criteria")),
        learning_outcomes=_unordered(f.value for f in view.learning_outcomes()),
        ects=_value(view.ects()),
        hours=_value(view.hours()),
        eqf_level=_value(view.eqf_level()),
        nlqf_level=_value(view.nlqf_level()),
        qf_ehea_cycle=_value(view.qf_ehea_cycle()),
        assessment_types=_unordered(f.value for f in view.assessment_types()),
        participation_forms=_unordered(f.value for f in view.participation_forms()),
        supervision=_value(view.supervision()),
        quality_assurance=_value(view.quality_assurance()),
        language=_text(achievement.get("inLanguage")),
        issuer_id=issuer if isinstance(issuer, str) else issuer.id,
        issuer_name=profile.name if profile is not None else None,
        issuer_url=profile.url if profile is not None else None,
        issuer_country=address.address_country_code if address is not None else None,
        learner_id=model.credential_subject.id,
        learner_name=learner_name,
        learner_hashed=hashed,
        grade=_grade(model),
        awarded=_when(model.awarded_date),
        valid_from=_when(model.valid_from or model.issuance_date),
        valid_until=_when(model.valid_until or model.expiration_date),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _criteria(value: object) -> str | None:
    return _text(value.get("narrative")) if isinstance(value, Mapping) else None


def _value(found: Any) -> Any:
    return None if found is None else found.value


def _when(value: DateTimeStamp | None) -> _dt.datetime | None:
    return None if value is None else value.datetime


def _many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _unordered(values: Iterable[_T]) -> tuple[_T, ...]:
    """The distinct values, in an order of their own (the array's order means nothing)."""
    return tuple(sorted(set(values), key=repr))


def _joined(values: Iterable[str | None]) -> str | None:
    """One text for every distinct value, sorted; None when there is none."""
    distinct = sorted({v for v in values if v})
    return "; ".join(distinct) if distinct else None


def _learner(model: OpenBadgeCredential) -> tuple[str | None, bool]:
    """The learner's plain-text name(s), if given, and whether a hashed identifier is there."""
    names: list[str | None] = []
    hashed = False
    for identity in _many(model.credential_subject.identifier):
        if not isinstance(identity, IdentityObject):
            continue
        if identity.hashed:
            hashed = True
        elif identity.identity_type == "name":
            names.append(_text(identity.identity_hash))
    return _joined(names), hashed


def _grade(model: OpenBadgeCredential) -> str | None:
    return _joined(
        _text(getattr(result, "value", None)) for result in _many(model.credential_subject.result)
    )
