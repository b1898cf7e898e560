"""Proofs (Data Integrity and the legacy Linked Data suites) and the other VC 2.0 members."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from ._base import Context, Model, OneOrMany, OptionalUrl, TypeValue, Url
from .common import DateTimeStamp

__all__ = [
    "CredentialSchema",
    "CredentialStatus",
    "DataIntegrityProof",
    "IdentifiedCredentialStatus",
    "IdentifiedRefreshService",
    "RefreshService",
    "RelatedResource",
    "TermsOfUse",
]


class DataIntegrityProof(Model):
    """A proof: ``DataIntegrityProof`` (with ``cryptosuite``) or a legacy suite type.

    Only ``type`` is required here; which members a suite needs is checked when verifying.
    """

    context: Context | None = Field(default=None, alias="@context")
    id: str | None = None
    type: TypeValue
    cryptosuite: str | None = None
    created: DateTimeStamp | None = None
    expires: DateTimeStamp | None = None
    verification_method: str | None = None
    proof_purpose: str | None = None
    proof_value: str | None = None
    challenge: str | None = None
    domain: OneOrMany[str] | None = None
    nonce: str | None = None
    previous_proof: OneOrMany[str] | None = None


class CredentialSchema(Model):
    """A schema the credential conforms to (``id``, a URL, and ``type`` required)."""

    id: Url
    type: TypeValue


class CredentialStatus(Model):
    """Where to check the credential's status (for example ``BitstringStatusListEntry``).

    VC Data Model 2.0 requires the ``type``; the ``id``, when present, is a URL.
    """

    id: OptionalUrl = None
    type: TypeValue


class IdentifiedCredentialStatus(CredentialStatus):
    """A credential status whose ``id`` is required (Open Badges 3.0)."""

    id: Url


class RefreshService(Model):
    """Where to obtain a refreshed copy of the credential (``type`` required)."""

    id: OptionalUrl = None
    type: TypeValue


class IdentifiedRefreshService(RefreshService):
    """A refresh service whose ``id`` is required (Open Badges 3.0)."""

    id: Url


class TermsOfUse(Model):
    """Terms of use attached by the issuer or holder (``type`` required)."""

    id: OptionalUrl = None
    type: TypeValue


class RelatedResource(Model):
    """A resource the credential refers to, with the digest it must have (VC DM 2.0 §5.3).

    ``id`` is required and at least one of ``digestSRI`` and ``digestMultibase`` is given;
    whether a digest is well formed and matches is checked by
    :mod:`microcredential.related`.
    """

    id: Url
    digest_sri: str | None = Field(default=None, alias="digestSRI")
    digest_multibase: str | None = None
    media_type: str | None = None

    @model_validator(mode="after")
    def _needs_a_digest(self) -> Self:
        if self.digest_sri is None and self.digest_multibase is None:
            raise PydanticCustomError(
                "digest_missing",
                "a related resource needs 'digestSRI' or 'digestMultibase', the digest the "
                "resource must have",
            )
        return self
