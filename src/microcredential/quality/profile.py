"""The typed microcredential profile: the EU Annex I elements as plain, validated Python values.

The elements split in two. :class:`MicrocredentialProfile` holds what describes the
*achievement* (the same for every learner): title, learning outcomes, workload, level,
assessment, participation, quality assurance and the optional elements. :class:`CredentialFacts`
holds what belongs to one *credential*: the learner, the awarding body and its country, the date
of issuing and the grade achieved.

Constructing either validates its values and raises :class:`ValueError` with a message that
names the field; nothing is coerced silently.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .vocab import (
    COUNTRY_CODES,
    RESULT_TYPES,
    AssessmentType,
    ParticipationForm,
    Stackability,
    Supervision,
)

__all__ = [
    "BCP47_PATTERN",
    "NLQF_LEVELS",
    "QF_EHEA_CYCLES",
    "CredentialFacts",
    "EmailRecipient",
    "GradingScheme",
    "HashedRecipient",
    "IssuerInfo",
    "LearningOutcome",
    "Link",
    "MicrocredentialProfile",
    "QualityAssurance",
]

#: The pattern the Open Badges 3.0 JSON schema uses for ``inLanguage`` (BCP 47, simplified).
BCP47_PATTERN = re.compile(r"^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
#: NLQF levels: the entry level and 1–8.
NLQF_LEVELS = ("entry", "1", "2", "3", "4", "5", "6", "7", "8")
#: QF-EHEA cycles: short cycle and the first, second and third cycle.
QF_EHEA_CYCLES = ("short", "1", "2", "3")

_T = TypeVar("_T")


class _FieldValueError(ValueError):
    """A :class:`ValueError` that names the field (``field``) whose value is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def _text(name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not value.strip():
        raise _FieldValueError(name, f"{name} must be a non-empty string, not {value!r}")


def _iri(name: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not isinstance(value, str) or not _SCHEME.match(value):
        raise _FieldValueError(
            name, f"{name} must be an absolute IRI (https://…, urn:…, did:…), not {value!r}"
        )


def _tuple_of(name: str, value: Iterable[Any], kind: type[_T]) -> tuple[_T, ...]:
    if isinstance(value, str | bytes):
        raise _FieldValueError(name, f"{name} must be a sequence of {kind.__name__}, not a string")
    items = tuple(value)
    for item in items:
        if not isinstance(item, kind):
            raise _FieldValueError(name, f"{name} must contain only {kind.__name__}, not {item!r}")
    if len(set(items)) != len(items):
        raise _FieldValueError(name, f"{name} contains duplicates")
    return items


def _number(name: str, value: object, *, optional: bool = True) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _FieldValueError(name, f"{name} must be a finite number, not {value!r}")
    if value <= 0:
        raise _FieldValueError(name, f"{name} must be greater than 0, not {value!r}")


@dataclass(frozen=True, slots=True)
class Link:
    """A named web resource (further information, the credential it stacks toward)."""

    url: str
    name: str

    def __post_init__(self) -> None:
        _iri("url", self.url)
        _text("name", self.name)


@dataclass(frozen=True, slots=True)
class LearningOutcome:
    """One learning-outcome statement, optionally with the IRI of a framework item (e.g. ESCO)."""

    text: str
    url: str | None = None

    def __post_init__(self) -> None:
        _text("learning outcome text", self.text)
        _iri("learning outcome url", self.url, optional=True)


@dataclass(frozen=True, slots=True)
class QualityAssurance:
    """The type of quality assurance underpinning the microcredential (Annex I M11)."""

    name: str
    url: str
    description: str | None = None

    def __post_init__(self) -> None:
        _text("quality_assurance.name", self.name)
        _iri("quality_assurance.url", self.url)
        _text("quality_assurance.description", self.description, optional=True)


@dataclass(frozen=True, slots=True)
class GradingScheme:
    """How a grade is expressed (the ``ResultDescription`` of the achievement)."""

    name: str
    value_min: str | None = None
    value_max: str | None = None
    required_value: str | None = None
    result_type: str = "Result"

    def __post_init__(self) -> None:
        _text("grading.name", self.name)
        for attr in ("value_min", "value_max", "required_value"):
            _text(f"grading.{attr}", getattr(self, attr), optional=True)
        if not isinstance(self.result_type, str) or (
            self.result_type not in RESULT_TYPES and not self.result_type.startswith("ext:")
        ):
            shown = repr(self.result_type)[:60]
            raise _FieldValueError(
                "grading.result_type",
                f"grading.result_type must be an Open Badges ResultType or start with 'ext:', "
                f"not {shown}",
            )


@dataclass(frozen=True, slots=True)
class MicrocredentialProfile:
    """The achievement-level elements of a microcredential (EU Annex I, mandatory and optional).

    Mandatory: ``title``, ``description`` and ``criteria`` (required by Open Badges), at least
    one learning outcome, a workload (``ects`` and/or ``hours``), at least one assessment type
    and form of participation, and the quality assurance. The level (``eqf_level``,
    ``nlqf_level``, ``qf_ehea_cycle``) is "if applicable" in the Recommendation and so optional
    here; the Dutch framework requires it (rule NL-03).
    """

    title: str
    description: str
    criteria: str
    learning_outcomes: tuple[LearningOutcome, ...]
    assessment_types: tuple[AssessmentType, ...]
    participation_forms: tuple[ParticipationForm, ...]
    quality_assurance: QualityAssurance
    ects: float | None = None
    hours: float | None = None
    eqf_level: int | None = None
    nlqf_level: str | None = None
    qf_ehea_cycle: str | None = None
    prerequisites: str | None = None
    supervision: Supervision | None = None
    grading: GradingScheme | None = None
    stackability: Stackability | None = None
    stacks_toward: Link | None = None
    further_information: Link | None = None
    language: str | None = None
    image: str | None = None

    def __post_init__(self) -> None:
        _text("title", self.title)
        _text("description", self.description)
        _text("criteria", self.criteria)
        setter = object.__setattr__
        setter(
            self,
            "learning_outcomes",
            _tuple_of("learning_outcomes", self.learning_outcomes, LearningOutcome),
        )
        setter(
            self,
            "assessment_types",
            _tuple_of("assessment_types", self.assessment_types, AssessmentType),
        )
        setter(
            self,
            "participation_forms",
            _tuple_of("participation_forms", self.participation_forms, ParticipationForm),
        )
        if not self.learning_outcomes:
            raise _FieldValueError(
                "learning_outcomes", "learning_outcomes needs at least one statement (Annex I M6)"
            )
        if not self.assessment_types:
            raise _FieldValueError(
                "assessment_types", "assessment_types needs at least one type (Annex I M9)"
            )
        if not self.participation_forms:
            raise _FieldValueError(
                "participation_forms", "participation_forms needs at least one form (Annex I M10)"
            )
        if not isinstance(self.quality_assurance, QualityAssurance):
            raise _FieldValueError(
                "quality_assurance", "quality_assurance must be a QualityAssurance (Annex I M11)"
            )
        _number("ects", self.ects)
        _number("hours", self.hours)
        if self.ects is None and self.hours is None:
            raise _FieldValueError(
                "ects", "give the notional workload as ects and/or hours (Annex I M7)"
            )
        self._check_levels()
        _text("prerequisites", self.prerequisites, optional=True)
        for name, value, kind in (
            ("supervision", self.supervision, Supervision),
            ("grading", self.grading, GradingScheme),
            ("stackability", self.stackability, Stackability),
            ("stacks_toward", self.stacks_toward, Link),
            ("further_information", self.further_information, Link),
        ):
            if value is not None and not isinstance(value, kind):
                raise _FieldValueError(name, f"{name} must be a {kind.__name__}, not {value!r}")
        if self.stacks_toward is not None and self.stackability is not Stackability.STACKABLE:
            raise _FieldValueError(
                "stacks_toward", "stacks_toward is only meaningful with stackability=STACKABLE"
            )
        if self.language is not None and (
            not isinstance(self.language, str) or not BCP47_PATTERN.match(self.language)
        ):
            raise _FieldValueError(
                "language",
                f"language must be a BCP 47 tag such as 'nl' or 'en-GB', not {self.language!r}",
            )
        _iri("image", self.image, optional=True)

    def _check_levels(self) -> None:
        """Annex I M8: each level given is one of its framework's."""
        if self.eqf_level is not None and (
            isinstance(self.eqf_level, bool)
            or not isinstance(self.eqf_level, int)
            or not 1 <= self.eqf_level <= 8
        ):
            raise _FieldValueError(
                "eqf_level", f"eqf_level must be an integer 1–8, not {self.eqf_level!r}"
            )
        if self.nlqf_level is not None and self.nlqf_level not in NLQF_LEVELS:
            raise _FieldValueError(
                "nlqf_level", f"nlqf_level must be one of {NLQF_LEVELS}, not {self.nlqf_level!r}"
            )
        if self.qf_ehea_cycle is not None and self.qf_ehea_cycle not in QF_EHEA_CYCLES:
            raise _FieldValueError(
                "qf_ehea_cycle",
                f"qf_ehea_cycle must be one of {QF_EHEA_CYCLES}, not {self.qf_ehea_cycle!r}",
            )


@dataclass(frozen=True, slots=True)
class EmailRecipient:
    """A learner identified by e-mail address, written as a salted SHA-256 ``IdentityObject``.

    The address is hashed exactly as given (UTF-8, then the salt appended); normalise it (for
    example to lower case) before, if your verifiers expect that. ``salt`` should be a fresh
    random string per credential (:func:`secrets.token_hex`); the builder makes one if omitted.
    """

    email: str
    salt: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if not isinstance(self.email, str) or "@" not in self.email:
            raise _FieldValueError("email", "email must be an e-mail address")
        _text("salt", self.salt, optional=True)

    def __repr__(self) -> str:  # the address is personal data: keep it out of logs
        return "EmailRecipient(email=<redacted>)"


@dataclass(frozen=True, slots=True)
class HashedRecipient:
    """A learner known by a hashed identifier only: an Open Badges ``IdentityHash`` (such as
    ``sha256$...``) with its salt, as read back from a credential issued to an e-mail address.

    The address cannot be recovered from the hash (check one with
    :func:`~microcredential.recipient_matches`); a credential built with it carries the same
    identifier again.
    """

    identity_hash: str
    salt: str | None = field(default=None, repr=False)
    identity_type: str = "emailAddress"

    def __post_init__(self) -> None:
        _text("identity_hash", self.identity_hash)
        _text("salt", self.salt, optional=True)
        _text("identity_type", self.identity_type)


@dataclass(frozen=True, slots=True)
class IssuerInfo:
    """The awarding body (Annex I M4) and its country / region (M3)."""

    id: str
    name: str
    country_code: str
    region: str | None = None
    url: str | None = None
    brin: str | None = None

    def __post_init__(self) -> None:
        _iri("issuer id", self.id)
        _text("issuer name", self.name)
        if not isinstance(self.country_code, str) or self.country_code not in COUNTRY_CODES:
            raise _FieldValueError(
                "country_code",
                f"country_code must be an ISO 3166-1 alpha-2 code such as 'NL', "
                f"not {self.country_code!r}",
            )
        _text("region", self.region, optional=True)
        _iri("issuer url", self.url, optional=True)
        _text("brin", self.brin, optional=True)


@dataclass(frozen=True, slots=True)
class CredentialFacts:
    """The credential-level elements: learner (M1), issuer (M3, M4), date of issuing (M5), grade.

    ``learner`` is a DID or other IRI (written as ``credentialSubject.id``), an
    :class:`EmailRecipient`, or a :class:`HashedRecipient` (read back from a credential).
    ``learner_name`` is written as a plain-text ``name`` identifier.
    """

    learner: str | EmailRecipient | HashedRecipient
    issuer: IssuerInfo
    valid_from: _dt.datetime
    learner_name: str | None = None
    grade: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.learner, EmailRecipient | HashedRecipient):
            _iri("learner", self.learner)
        if not isinstance(self.issuer, IssuerInfo):
            raise _FieldValueError("issuer", "issuer must be an IssuerInfo")
        if not isinstance(self.valid_from, _dt.datetime) or self.valid_from.utcoffset() is None:
            raise _FieldValueError("valid_from", "valid_from must be a timezone-aware datetime")
        _text("learner_name", self.learner_name, optional=True)
        _text("grade", self.grade, optional=True)
