"""Verifiable credentials: the generic VC, OpenBadgeCredential and EndorsementCredential.

VC Data Model 2.0 documents (``@context`` starting with :data:`VC_V2_CONTEXT`) need
``validFrom`` when they are Open Badges; VC 1.1 documents (:data:`VC_V1_CONTEXT`) need
``issuanceDate``.  Both are read and written back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ..constants import VC_V1_CONTEXT, VC_V2_CONTEXT
from ._base import URL_PATTERN, Context, Node, Number, OneOrMany, OptionalUrl, TypeValue, UriOr, Url
from .achievement import Achievement
from .common import (
    Alignment,
    DateTime,
    DateTimeStamp,
    IdentityObject,
    Image,
    ResultStatusType,
    Text,
)
from .profile import Profile
from .proof import (
    CredentialSchema,
    CredentialStatus,
    DataIntegrityProof,
    IdentifiedCredentialStatus,
    IdentifiedRefreshService,
    RefreshService,
    RelatedResource,
    TermsOfUse,
)

__all__ = [
    "OB_CONTEXT_PATTERN",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "AchievementCredential",
    "AchievementSubject",
    "BaseCredential",
    "ClaimSubject",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "OpenBadgeCredential",
    "Result",
    "TypedNode",
    "VerifiableCredential",
]

#: Any published Open Badges 3.0 context URL (3.0.0 is ``context.json``).
OB_CONTEXT_PATTERN = re.compile(
    r"https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json\Z"
)


def _version_problems(
    data: Mapping[str, Any], *, needs_ob_context: bool, needs_valid_from: bool
) -> Iterator[tuple[str, str, str]]:
    """Yield ``(property, error type, message)`` for the VC-version rules of a raw document."""
    context = data.get("@context")
    if not isinstance(context, list) or not context:
        if "@context" not in data:
            yield "@context", "missing", "required property is missing"
        return
    first = context[0]
    if first == VC_V2_CONTEXT:
        if needs_valid_from and "validFrom" not in data:
            yield (
                "validFrom",
                "missing",
                "required property is missing (VC 2.0 credentials need validFrom)",
            )
    elif first == VC_V1_CONTEXT:
        if "issuanceDate" not in data:
            yield (
                "issuanceDate",
                "missing",
                "required property is missing (VC 1.1 credentials need issuanceDate)",
            )
    else:
        yield (
            "@context",
            "context_value",
            f"the first @context item must be {VC_V2_CONTEXT!r} (VC 2.0) "
            f"or {VC_V1_CONTEXT!r} (VC 1.1)",
        )
    if needs_ob_context and not any(
        isinstance(c, str) and OB_CONTEXT_PATTERN.match(c) for c in context
    ):
        yield (
            "@context",
            "context_value",
            "must include an Open Badges 3.0 context such as "
            "'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'",
        )


class AchievementSubject(Node):
    """The recipient of an achievement and what they achieved."""

    required_types = (("AchievementSubject",),)

    id: str | None = None
    type: TypeValue
    activity_end_date: DateTime | None = None
    activity_start_date: DateTime | None = None
    credits_earned: Number | None = None
    achievement: Achievement
    identifier: OneOrMany[IdentityObject] | None = None
    image: UriOr[Image] | None = None
    license_number: str | None = None
    narrative: str | None = None
    result: OneOrMany[Result] | None = None
    role: str | None = None
    source: UriOr[Profile] | None = None
    term: str | None = None


class Result(Node):
    """A result the recipient obtained (a grade, a rubric level, a status, ...)."""

    required_types = (("Result",),)

    type: TypeValue
    achieved_level: str | None = None
    alignment: OneOrMany[Alignment] | None = None
    result_description: str | None = None
    status: ResultStatusType | None = None
    value: str | None = None


class Evidence(Node):
    """Evidence of the achievement (a URL and/or a narrative)."""

    required_types = (("Evidence",),)

    id: str | None = None
    type: TypeValue
    narrative: str | None = None
    name: str | None = None
    description: str | None = None
    genre: str | None = None
    audience: str | None = None


class EndorsementSubject(Node):
    """What an endorsement is about (``id`` of the endorsed object) and a comment."""

    required_types = (("EndorsementSubject",),)

    id: str
    type: TypeValue
    endorsement_comment: str | None = None


def _identified_by_url(value: Any, what: str) -> Any:
    """``value`` (a URL string, or an object with an ``id``) if it names a URL, else an error.

    For ``issuer`` and ``holder``: VC Data Model 2.0 wants either a URL or an object whose
    ``id`` is one.
    """
    named = value if isinstance(value, str) else getattr(value, "id", None)
    if isinstance(named, str) and URL_PATTERN.match(named):
        return value
    where = {} if isinstance(value, str) else {"field": "id"}
    if named is None:
        raise PydanticCustomError(
            "missing",
            "required property is missing (the {what} object's id, a URL)",
            {**where, "what": what},
        )
    raise PydanticCustomError(
        "url_value",
        "the {what} must be identified by a URL (a scheme such as https: or did:, and no "
        "spaces), not {value}",
        {**where, "what": what, "value": repr(str(named)[:60])},
    )


class TypedNode(Node):
    """A generic node whose ``type`` is required (``evidence`` of a VC 2.0 credential)."""

    type: TypeValue


class ClaimSubject(Node):
    """A credential subject: any object that states at least one claim (VC DM 2.0 §4.8).

    An ``id`` alone counts (it says the credential is about that subject); ``{}`` does not.
    """

    id: OptionalUrl = None

    @model_validator(mode="after")
    def _makes_a_claim(self) -> ClaimSubject:
        if not self.model_fields_set and not self.__pydantic_extra__:
            raise PydanticCustomError(
                "no_claims",
                "a credential subject must make at least one claim: it is an empty object; "
                "add the subject's id or what the credential says about it",
            )
        return self


class BaseCredential(Node):
    """The members every verifiable credential shares (VC Data Model 2.0 and 1.1)."""

    required_types: ClassVar[tuple[tuple[str, ...], ...]] = (("VerifiableCredential",),)
    needs_ob_context: ClassVar[bool] = False
    needs_valid_from: ClassVar[bool] = False

    context: Context = Field(alias="@context")
    id: OptionalUrl = None
    type: TypeValue
    name: Text | None = None
    description: Text | None = None
    issuer: UriOr[Node]
    valid_from: DateTimeStamp | None = None
    valid_until: DateTimeStamp | None = None
    issuance_date: DateTimeStamp | None = None
    expiration_date: DateTimeStamp | None = None
    credential_schema: OneOrMany[CredentialSchema] | None = None
    terms_of_use: OneOrMany[TermsOfUse] | None = None
    related_resource: OneOrMany[RelatedResource] | None = None
    proof: OneOrMany[DataIntegrityProof] | None = None

    @property
    def vc_version(self) -> Literal["1.1", "2.0"]:
        """``"2.0"`` or ``"1.1"``, from the first ``@context`` item."""
        first = self.context[0] if isinstance(self.context, list) else self.context
        return "1.1" if first == VC_V1_CONTEXT else "2.0"

    @field_validator("issuer", mode="after")
    @classmethod
    def _issuer_is_a_url(cls, value: Any) -> Any:
        return _identified_by_url(value, "issuer")

    @field_validator("related_resource", mode="after")
    @classmethod
    def _related_ids_are_unique(cls, value: Any) -> Any:
        if isinstance(value, list):
            ids = [item.id for item in value]
            repeated = sorted({i for i in ids if ids.count(i) > 1})
            if repeated:
                raise PydanticCustomError(
                    "duplicate_value",
                    "each related resource id must be unique; {ids} appears more than once",
                    {"ids": ", ".join(map(repr, repeated))},
                )
        return value

    @model_validator(mode="after")
    def _check_version(self) -> BaseCredential:
        if self._meets_version_rules():
            return self
        raw: dict[str, Any] = {"@context": self.context}
        for name in ("valid_from", "issuance_date"):
            if name in self.model_fields_set:
                raw[type(self).model_fields[name].alias or name] = True
        for field, kind, message in _version_problems(
            raw, needs_ob_context=self.needs_ob_context, needs_valid_from=self.needs_valid_from
        ):
            raise PydanticCustomError(
                "version_rule", "{message}", {"field": field, "kind": kind, "message": message}
            )
        return self

    def _meets_version_rules(self) -> bool:
        """Whether the credential is plainly VC 2.0 with what :func:`_version_problems` asks
        of it (the common case, decided without building its input); False says nothing."""
        context = self.context
        if type(context) is not list or not context or context[0] != VC_V2_CONTEXT:
            return False
        if self.needs_valid_from and "valid_from" not in self.model_fields_set:
            return False
        if self.needs_ob_context:
            for item in context:  # noqa: SIM110 (a loop: no generator to set up)
                if type(item) is str and OB_CONTEXT_PATTERN.match(item):
                    return True
            return False
        return True


class VerifiableCredential(BaseCredential):
    """Any verifiable credential (VC Data Model 2.0 or 1.1), judged by that model's rules."""

    credential_subject: OneOrMany[ClaimSubject]
    credential_status: OneOrMany[CredentialStatus] | None = None
    refresh_service: OneOrMany[RefreshService] | None = None
    evidence: OneOrMany[TypedNode] | None = None


class OpenBadgeCredential(BaseCredential):
    """An Open Badges 3.0 ``OpenBadgeCredential`` (also known as ``AchievementCredential``)."""

    required_types = (("VerifiableCredential",), ("OpenBadgeCredential", "AchievementCredential"))
    needs_ob_context = True
    needs_valid_from = True

    id: Url
    issuer: UriOr[Profile]
    credential_status: OneOrMany[IdentifiedCredentialStatus] | None = None
    refresh_service: OneOrMany[IdentifiedRefreshService] | None = None
    image: UriOr[Image] | None = None
    awarded_date: DateTimeStamp | None = None
    credential_subject: AchievementSubject
    endorsement: OneOrMany[EndorsementCredential] | None = None
    endorsement_jwt: OneOrMany[str] | None = None
    evidence: OneOrMany[Evidence] | None = None


#: The specification's other name for :class:`OpenBadgeCredential` (the same class).
AchievementCredential = OpenBadgeCredential


class EndorsementCredential(BaseCredential):
    """A third party's endorsement of a profile, achievement or credential."""

    required_types = (("VerifiableCredential",), ("EndorsementCredential",))
    needs_ob_context = True
    needs_valid_from = True

    id: Url
    name: Text
    issuer: UriOr[Profile]
    credential_status: OneOrMany[IdentifiedCredentialStatus] | None = None
    refresh_service: OneOrMany[IdentifiedRefreshService] | None = None
    awarded_date: DateTimeStamp | None = None
    credential_subject: EndorsementSubject
