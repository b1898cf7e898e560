"""Verifiable presentations: credentials packaged and signed by their holder."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Field, Tag, field_validator, model_validator
from pydantic_core import PydanticCustomError

from ._base import Context, Node, OneOrMany, OptionalUrl, TypeValue, UriOr
from .credential import (
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    EndorsementCredential,
    OpenBadgeCredential,
    VerifiableCredential,
    _identified_by_url,
)
from .proof import DataIntegrityProof

__all__ = ["VerifiablePresentation"]


def _credential_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        return type(value).__name__
    if not isinstance(value, dict):
        return None
    kinds = value.get("type")
    names = (kinds,) if isinstance(kinds, str) else tuple(kinds) if isinstance(kinds, list) else ()
    if "OpenBadgeCredential" in names or "AchievementCredential" in names:
        return "OpenBadgeCredential"
    if "EndorsementCredential" in names:
        return "EndorsementCredential"
    return "VerifiableCredential"


#: A credential inside a presentation, read with the most specific model its ``type`` names.
_AnyCredential = Annotated[
    Annotated[OpenBadgeCredential, Tag("OpenBadgeCredential")]
    | Annotated[EndorsementCredential, Tag("EndorsementCredential")]
    | Annotated[VerifiableCredential, Tag("VerifiableCredential")],
    Discriminator(
        _credential_kind,
        custom_error_type="wrong_shape",
        custom_error_message="must be a verifiable credential object",
    ),
]


class VerifiablePresentation(Node):
    """A presentation (``type`` includes ``"VerifiablePresentation"``).

    As in VC Data Model 2.0 §4.13, ``holder`` (a URL, or an object with a URL ``id``) and
    ``verifiableCredential`` are optional; ``@context`` starts with the VC 2.0 (or 1.1)
    context.
    """

    required_types = (("VerifiablePresentation",),)

    context: Context = Field(alias="@context")
    id: OptionalUrl = None
    type: TypeValue
    holder: UriOr[Node] | None = None
    verifiable_credential: OneOrMany[_AnyCredential] | None = None
    proof: OneOrMany[DataIntegrityProof] | None = None

    @field_validator("holder", mode="after")
    @classmethod
    def _holder_is_a_url(cls, value: Any) -> Any:
        return _identified_by_url(value, "holder")

    @model_validator(mode="after")
    def _starts_with_the_vc_context(self) -> VerifiablePresentation:
        first = self.context[0] if isinstance(self.context, list) and self.context else None
        if isinstance(self.context, str):
            first = self.context
        if first not in (VC_V2_CONTEXT, VC_V1_CONTEXT):
            raise PydanticCustomError(
                "version_rule",
                "{message}",
                {
                    "field": "@context",
                    "kind": "context_value",
                    "message": f"the first @context item must be {VC_V2_CONTEXT!r} (VC 2.0) "
                    f"or {VC_V1_CONTEXT!r} (VC 1.1)",
                },
            )
        return self
