"""The 1EdTech Comprehensive Learner Record (CLR 2.0): a learner's credentials in one bundle.

A :class:`ClrCredential` is a verifiable credential whose subject (:class:`ClrSubject`)
carries the learner's own credentials, each signed by its issuer, in ``verifiableCredential``,
and may say how their achievements relate (:class:`Association`).  The CLR itself is signed
by whoever assembled it (its ``issuer``, a publisher); that signature says nothing about the
credentials it carries, which are verified on their own.
"""

from __future__ import annotations

import re
from typing import Any, Literal, get_args

from pydantic import field_validator, model_validator
from pydantic_core import PydanticCustomError

from ._base import Node, OneOrMany, TypeValue, UriOr, Url
from .achievement import Achievement
from .common import DateTimeStamp, IdentityObject, Image, Text
from .credential import BaseCredential, EndorsementCredential
from .presentation import _AnyCredential
from .profile import Profile
from .proof import IdentifiedCredentialStatus, IdentifiedRefreshService

__all__ = [
    "ASSOCIATION_TYPES",
    "CLR_CONTEXT_PATTERN",
    "Association",
    "AssociationType",
    "ClrCredential",
    "ClrSubject",
]

#: Any published CLR 2.0 context URL (2.0.0 is ``context.json``).
CLR_CONTEXT_PATTERN = re.compile(
    r"https://purl\.imsglobal\.org/spec/clr/v2p0/context(-2\.\d\.\d)*\.json\Z"
)

#: The CLR 2.0 ``AssociationType`` vocabulary (how a source achievement relates to a target),
#: as a field type.
AssociationType = Literal[
    "exactMatchOf",
    "isChildOf",
    "isParentOf",
    "isPartOf",
    "isPeerOf",
    "isRelatedTo",
    "precedes",
    "replacedBy",
]

#: The ``associationType`` values of :data:`AssociationType`, in order.
ASSOCIATION_TYPES: tuple[str, ...] = get_args(AssociationType)


class Association(Node):
    """How two achievements relate: ``sourceId`` *associationType* ``targetId``."""

    required_types = (("Association",),)

    type: Literal["Association"]
    association_type: AssociationType
    source_id: Url
    target_id: Url


class ClrSubject(Node):
    """The learner a CLR is about, with the credentials and associations it bundles."""

    required_types = (("ClrSubject",),)

    id: str | None = None
    type: TypeValue
    identifier: OneOrMany[IdentityObject] | None = None
    achievement: OneOrMany[Achievement] | None = None
    verifiable_credential: OneOrMany[_AnyCredential]
    association: OneOrMany[Association] | None = None

    @field_validator("verifiable_credential", mode="after")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        if isinstance(value, list) and not value:
            raise PydanticCustomError(
                "too_short", "a CLR carries at least one credential; the list is empty"
            )
        return value


class ClrCredential(BaseCredential):
    """A CLR 2.0 ``ClrCredential``: the learner's credentials, bundled and signed."""

    required_types = (("VerifiableCredential",), ("ClrCredential",))
    needs_ob_context = True
    needs_valid_from = True

    id: Url
    name: Text
    issuer: UriOr[Profile]
    partial: bool | None = None
    image: UriOr[Image] | None = None
    awarded_date: DateTimeStamp | None = None
    credential_subject: ClrSubject
    credential_status: OneOrMany[IdentifiedCredentialStatus] | None = None
    refresh_service: OneOrMany[IdentifiedRefreshService] | None = None
    endorsement: OneOrMany[EndorsementCredential] | None = None
    endorsement_jwt: OneOrMany[str] | None = None

    @model_validator(mode="after")
    def _has_the_clr_context(self) -> ClrCredential:
        items = self.context if isinstance(self.context, list) else [self.context]
        if not any(isinstance(c, str) and CLR_CONTEXT_PATTERN.match(c) for c in items):
            raise PydanticCustomError(
                "version_rule",
                "{message}",
                {
                    "field": "@context",
                    "kind": "context_value",
                    "message": "must include a CLR 2.0 context such as "
                    "'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json'",
                },
            )
        return self
