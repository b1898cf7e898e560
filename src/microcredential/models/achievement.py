"""Achievements and what describes them: criteria, alignments, result descriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Model, Node, Number, OneOrMany, TypeValue, UriOr
from .common import (
    AchievementType,
    Alignment,
    IdentifierEntry,
    Image,
    LanguageTag,
    ResultType,
)
from .profile import Profile

if TYPE_CHECKING:
    from .credential import EndorsementCredential

__all__ = ["Achievement", "Criteria", "Related", "ResultDescription", "RubricCriterionLevel"]


class Criteria(Model):
    """How the achievement is earned: a URI (``id``) and/or a Markdown ``narrative``."""

    id: str | None = None
    narrative: str | None = None


class Related(Model):
    """Another version of the same achievement (for example in another language)."""

    required_types = (("Related",),)

    id: str
    type: TypeValue
    in_language: LanguageTag | None = None
    version: str | None = None


class RubricCriterionLevel(Model):
    """One level of a rubric criterion."""

    required_types = (("RubricCriterionLevel",),)

    id: str
    type: TypeValue
    alignment: OneOrMany[Alignment] | None = None
    description: str | None = None
    level: str | None = None
    name: str
    points: str | None = None


class ResultDescription(Model):
    """A kind of result the achievement can record (grade, rubric level, status, ...)."""

    required_types = (("ResultDescription",),)

    id: str
    type: TypeValue
    alignment: OneOrMany[Alignment] | None = None
    allowed_value: OneOrMany[str] | None = None
    name: str
    required_level: str | None = None
    required_value: str | None = None
    result_type: ResultType
    rubric_criterion_level: OneOrMany[RubricCriterionLevel] | None = None
    value_max: str | None = None
    value_min: str | None = None


class Achievement(Node):
    """What was accomplished (``type`` includes ``"Achievement"``)."""

    required_types = (("Achievement",),)

    id: str
    type: TypeValue
    alignment: OneOrMany[Alignment] | None = None
    achievement_type: AchievementType | None = None
    creator: UriOr[Profile] | None = None
    credits_available: Number | None = None
    criteria: Criteria
    description: str
    endorsement: OneOrMany[EndorsementCredential] | None = None
    endorsement_jwt: OneOrMany[str] | None = None
    field_of_study: str | None = None
    human_code: str | None = None
    image: UriOr[Image] | None = None
    in_language: LanguageTag | None = None
    name: str
    other_identifier: OneOrMany[IdentifierEntry] | None = None
    related: OneOrMany[Related] | None = None
    result_description: OneOrMany[ResultDescription] | None = None
    specialization: str | None = None
    tag: OneOrMany[str] | None = None
    version: str | None = None
