"""Proofs (Data Integrity and the legacy Linked Data suites) and the other VC 2.0 members."""

from __future__ import annotations

from pydantic import Field

from ._base import Context, Model, OneOrMany, TypeValue
from .common import DateTimeStamp

__all__ = [
    "CredentialSchema",
    "CredentialStatus",
    "DataIntegrityProof",
    "RefreshService",
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
    """A schema the credential conforms to (``id`` and ``type`` required)."""

    id: str
    type: TypeValue


class CredentialStatus(Model):
    """Where to check the credential's status (for example ``BitstringStatusListEntry``)."""

    id: str
    type: TypeValue


class RefreshService(Model):
    """Where to obtain a refreshed copy of the credential."""

    id: str
    type: TypeValue


class TermsOfUse(Model):
    """Terms of use attached by the issuer or holder."""

    id: str | None = None
    type: TypeValue
