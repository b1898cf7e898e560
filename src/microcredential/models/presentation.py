"""Verifiable presentations: credentials packaged and signed by their holder."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Discriminator, Field, Tag

from ._base import Context, Node, OneOrMany, TypeValue, UriOr
from .credential import EndorsementCredential, OpenBadgeCredential, VerifiableCredential
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
    """A presentation (``type`` includes ``"VerifiablePresentation"``)."""

    required_types = (("VerifiablePresentation",),)

    context: Context = Field(alias="@context")
    type: TypeValue
    holder: UriOr[Node] | None = None
    verifiable_credential: OneOrMany[_AnyCredential] | None = None
    proof: OneOrMany[DataIntegrityProof] | None = None
