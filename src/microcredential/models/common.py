"""Lexical date types, extensible enumerations and the small classes shared by the models."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from typing import Annotated, Any, ClassVar

from pydantic import AfterValidator, Discriminator, Field, GetCoreSchemaHandler, Tag
from pydantic_core import PydanticCustomError, core_schema

from .._time import format_datetime, parse_date, parse_datetime
from ._base import MANY, ONE, Model, Number, TypeValue

__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "IDENTIFIER_TYPES",
    "RESULT_STATUS_TYPES",
    "RESULT_TYPES",
    "AchievementType",
    "Address",
    "Alignment",
    "AlignmentTargetType",
    "Date",
    "DateTime",
    "DateTimeStamp",
    "GeoCoordinates",
    "IdentifierEntry",
    "IdentifierType",
    "IdentityObject",
    "Image",
    "LanguageTag",
    "LanguageValue",
    "ResultStatusType",
    "ResultType",
    "Text",
]

# --------------------------------------------------------------------------- dates


class DateTime(str):
    """An XML Schema ``dateTime`` kept exactly as written; the offset is optional.

    ``str(value)`` is the lexical form; :attr:`datetime` is the parsed value (naive when the
    text has no offset, which :attr:`has_offset` tells).
    """

    __slots__ = ()
    require_offset: ClassVar[bool] = False
    what: ClassVar[str] = "a date-time such as 2024-05-01T12:00:00Z"

    @property
    def datetime(self) -> _dt.datetime:
        """The parsed date and time."""
        return parse_datetime(self, require_offset=False)

    @property
    def has_offset(self) -> bool:
        """Whether the text carries a time zone offset (``Z`` or ``±hh:mm``)."""
        return self.endswith("Z") or (self[-6:-5] in {"+", "-"} and self[-3:-2] == ":")

    @classmethod
    def _validate(cls, value: str) -> DateTime:
        try:
            parsed = parse_datetime(value, require_offset=False)
        except ValueError as exc:
            raise PydanticCustomError(
                "date_time", "must be {what} ({reason})", {"what": cls.what, "reason": str(exc)}
            ) from None
        if cls.require_offset and parsed.tzinfo is None:
            raise PydanticCustomError(
                "date_time_offset",
                "must have a time zone offset (dateTimeStamp): add Z or ±hh:mm, e.g. {example}",
                {"example": value + "Z"},
            )
        return cls(value)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls._validate,
            core_schema.str_schema(strict=True),
            serialization=core_schema.to_string_ser_schema(),
        )

    @classmethod
    def from_datetime(cls, value: _dt.datetime) -> DateTime:
        """Write an aware datetime as ``YYYY-MM-DDThh:mm:ssZ`` (UTC, whole seconds)."""
        return cls(format_datetime(value))


class DateTimeStamp(DateTime):
    """An XML Schema ``dateTimeStamp``: a :class:`DateTime` that must carry an offset.

    Used for ``validFrom``, ``validUntil``, ``awardedDate``, ``issuanceDate``,
    ``expirationDate`` and proof ``created``/``expires``.  :attr:`datetime` is always aware.
    """

    __slots__ = ()
    require_offset = True
    what = "a date-time with offset such as 2024-05-01T12:00:00Z"


class Date(str):
    """An XML Schema ``date`` (``YYYY-MM-DD``) kept exactly as written."""

    __slots__ = ()

    @property
    def date(self) -> _dt.date:
        """The parsed calendar date."""
        return parse_date(self)

    @classmethod
    def _validate(cls, value: str) -> Date:
        try:
            parse_date(value)
        except ValueError as exc:
            raise PydanticCustomError(
                "date", "must be a date such as 2001-12-31 ({reason})", {"reason": str(exc)}
            ) from None
        return cls(value)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(
            cls._validate,
            core_schema.str_schema(strict=True),
            serialization=core_schema.to_string_ser_schema(),
        )


# --------------------------------------------------------------------------- enumerations

#: ``ext:`` followed by letters, digits, ``.``, ``-`` or ``_`` (the spec's extension naming
#: rule; its published pattern is unanchored, this one must match the whole value).
_EXTENSION_VALUE = re.compile(r"ext:[A-Za-z0-9._-]+\Z")

ACHIEVEMENT_TYPES: tuple[str, ...] = (
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
)
ALIGNMENT_TARGET_TYPES: tuple[str, ...] = (
    "ceasn:Competency",
    "ceterms:Credential",
    "CFItem",
    "CFRubric",
    "CFRubricCriterion",
    "CFRubricCriterionLevel",
    "CTDL",
)
IDENTIFIER_TYPES: tuple[str, ...] = (
    "name",
    "sourcedId",
    "systemId",
    "productId",
    "userName",
    "accountId",
    "emailAddress",
    "nationalIdentityNumber",
    "isbn",
    "issn",
    "lisSourcedId",
    "oneRosterSourcedId",
    "sisSourcedId",
    "ltiContextId",
    "ltiDeploymentId",
    "ltiToolId",
    "ltiPlatformId",
    "ltiUserId",
    "identifier",
)
RESULT_TYPES: tuple[str, ...] = (
    "GradePointAverage",
    "LetterGrade",
    "Percent",
    "PerformanceLevel",
    "PredictedScore",
    "RawScore",
    "Result",
    "RubricCriterion",
    "RubricCriterionLevel",
    "RubricScore",
    "ScaledScore",
    "Status",
)
#: ``ResultStatusType`` is a closed vocabulary: no ``ext:`` values.
RESULT_STATUS_TYPES: tuple[str, ...] = (
    "Completed",
    "Enrolled",
    "Failed",
    "InProgress",
    "OnHold",
    "Provisional",
    "Withdrew",
)


def _vocabulary(name: str, values: tuple[str, ...], *, extensible: bool) -> Callable[[str], str]:
    allowed = frozenset(values)
    listing = ", ".join(values)
    if extensible:
        listing += ", or an extension value ext:<name> (letters, digits, '.', '-', '_')"

    def check(value: str) -> str:
        if value in allowed or (extensible and _EXTENSION_VALUE.match(value)):
            return value
        raise PydanticCustomError(
            "enum_value",
            "'{value}' is not a valid {name}; use one of: {allowed}",
            {"value": value, "name": name, "allowed": listing},
        )

    return check


AchievementType = Annotated[
    str, AfterValidator(_vocabulary("AchievementType", ACHIEVEMENT_TYPES, extensible=True))
]
AlignmentTargetType = Annotated[
    str,
    AfterValidator(_vocabulary("AlignmentTargetType", ALIGNMENT_TARGET_TYPES, extensible=True)),
]
IdentifierType = Annotated[
    str, AfterValidator(_vocabulary("IdentifierTypeEnum", IDENTIFIER_TYPES, extensible=True))
]
ResultType = Annotated[
    str, AfterValidator(_vocabulary("ResultType", RESULT_TYPES, extensible=True))
]
ResultStatusType = Annotated[
    str, AfterValidator(_vocabulary("ResultStatusType", RESULT_STATUS_TYPES, extensible=False))
]

_LANGUAGE = re.compile(r"[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?\Z")


def _language(value: str) -> str:
    if _LANGUAGE.match(value) is None:
        raise PydanticCustomError(
            "language_tag", "must be a BCP 47 language tag such as 'en', 'nl' or 'pt-BR'"
        )
    return value


#: ``inLanguage``: a BCP 47 tag of the form the specification's pattern allows.
LanguageTag = Annotated[str, AfterValidator(_language)]

# --------------------------------------------------------------------------- shared classes


class LanguageValue(Model):
    """A VC 2.0 language value object: ``{"@value": ..., "@language": ..., "@direction": ...}``."""

    value: str = Field(alias="@value")
    language: LanguageTag | None = Field(default=None, alias="@language")
    direction: str | None = Field(default=None, alias="@direction")


def _text_shape(value: Any) -> str | None:
    if isinstance(value, str):
        return "<text>"
    if isinstance(value, dict | LanguageValue):
        return ONE
    if isinstance(value, list):
        return MANY
    return None


#: A credential's ``name`` or ``description``: a string, or VC 2.0 language value object(s).
Text = Annotated[
    Annotated[str, Tag("<text>")]
    | Annotated[LanguageValue, Tag(ONE)]
    | Annotated[list[LanguageValue], Tag(MANY)],
    Discriminator(
        _text_shape,
        custom_error_type="wrong_shape",
        custom_error_message="must be a string or a language value object "
        '({"@value": ..., "@language": ...}), or an array of them',
    ),
]


class Image(Model):
    """An image: its URI or data URI in ``id``, ``type`` ``"Image"``, an optional caption."""

    required_types = (("Image",),)

    id: str
    type: TypeValue
    caption: str | None = None


class IdentifierEntry(Model):
    """An alternative identifier of a profile or achievement."""

    required_types = (("IdentifierEntry",),)

    type: TypeValue
    identifier: str
    identifier_type: IdentifierType


class IdentityObject(Model):
    """A (possibly hashed) identifier of the credential's subject."""

    required_types = (("IdentityObject",),)

    type: TypeValue
    hashed: bool
    identity_hash: str
    identity_type: IdentifierType
    salt: str | None = None


class Alignment(Model):
    """A link to a node in an educational framework (competency, EQF level, ...)."""

    required_types = (("Alignment",),)

    type: TypeValue
    target_code: str | None = None
    target_description: str | None = None
    target_name: str
    target_framework: str | None = None
    target_type: AlignmentTargetType | None = None
    target_url: str


class GeoCoordinates(Model):
    """A geographic position."""

    required_types = (("GeoCoordinates",),)

    type: TypeValue
    latitude: Number
    longitude: Number


class Address(Model):
    """A postal address."""

    required_types = (("Address",),)

    type: TypeValue
    address_country: str | None = None
    address_country_code: str | None = None
    address_region: str | None = None
    address_locality: str | None = None
    street_address: str | None = None
    post_office_box_number: str | None = None
    postal_code: str | None = None
    geo: GeoCoordinates | None = None
