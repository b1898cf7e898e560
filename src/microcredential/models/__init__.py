"""Typed models of the Open Badges 3.0 data model on W3C Verifiable Credentials 2.0 (and 1.1).

Every model reads a parsed JSON object and writes back the same JSON value::

    credential = parse_credential(data)
    assert credential.to_json() == data

Unknown properties are kept at every level, dates keep their lexical form
(:class:`DateTimeStamp` / :class:`DateTime` / :class:`Date` are ``str`` subclasses with a
parsed view), numbers keep their JSON type, and single values stay single.  The ``parse_*``
functions raise :class:`~microcredential.errors.InvalidDocumentError` listing every problem
with a JSON pointer.  This package does no I/O, no JSON-LD and no cryptography.
"""

from ._base import Model, Node
from ._parse import (
    parse_achievement,
    parse_clr,
    parse_credential,
    parse_endorsement,
    parse_presentation,
    parse_profile,
    parse_verifiable_credential,
    problems_from_error,
)
from .achievement import Achievement, Criteria, Related, ResultDescription, RubricCriterionLevel
from .clr import (
    ASSOCIATION_TYPES,
    CLR_CONTEXT_PATTERN,
    Association,
    ClrCredential,
    ClrSubject,
)
from .common import (
    ACHIEVEMENT_TYPES,
    ALIGNMENT_TARGET_TYPES,
    IDENTIFIER_TYPES,
    RESULT_STATUS_TYPES,
    RESULT_TYPES,
    Address,
    Alignment,
    Date,
    DateTime,
    DateTimeStamp,
    GeoCoordinates,
    IdentifierEntry,
    IdentityObject,
    Image,
    LanguageValue,
)
from .credential import (
    OB_CONTEXT_PATTERN,
    VC_V1_CONTEXT,
    VC_V2_CONTEXT,
    AchievementCredential,
    AchievementSubject,
    BaseCredential,
    ClaimSubject,
    EndorsementCredential,
    EndorsementSubject,
    Evidence,
    OpenBadgeCredential,
    Result,
    TypedNode,
    VerifiableCredential,
)
from .presentation import VerifiablePresentation
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

_NAMESPACE = {"EndorsementCredential": EndorsementCredential, "Result": Result}
for _model in (
    Profile,
    Achievement,
    AchievementSubject,
    OpenBadgeCredential,
    EndorsementCredential,
    VerifiablePresentation,
    ClrSubject,
    ClrCredential,
):
    _model.model_rebuild(_types_namespace=_NAMESPACE)
del _model

__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "ASSOCIATION_TYPES",
    "CLR_CONTEXT_PATTERN",
    "IDENTIFIER_TYPES",
    "OB_CONTEXT_PATTERN",
    "RESULT_STATUS_TYPES",
    "RESULT_TYPES",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
    "Achievement",
    "AchievementCredential",
    "AchievementSubject",
    "Address",
    "Alignment",
    "Association",
    "BaseCredential",
    "ClaimSubject",
    "ClrCredential",
    "ClrSubject",
    "CredentialSchema",
    "CredentialStatus",
    "Criteria",
    "DataIntegrityProof",
    "Date",
    "DateTime",
    "DateTimeStamp",
    "EndorsementCredential",
    "EndorsementSubject",
    "Evidence",
    "GeoCoordinates",
    "IdentifiedCredentialStatus",
    "IdentifiedRefreshService",
    "IdentifierEntry",
    "IdentityObject",
    "Image",
    "LanguageValue",
    "Model",
    "Node",
    "OpenBadgeCredential",
    "Profile",
    "RefreshService",
    "Related",
    "RelatedResource",
    "Result",
    "ResultDescription",
    "RubricCriterionLevel",
    "TermsOfUse",
    "TypedNode",
    "VerifiableCredential",
    "VerifiablePresentation",
    "parse_achievement",
    "parse_clr",
    "parse_credential",
    "parse_endorsement",
    "parse_presentation",
    "parse_profile",
    "parse_verifiable_credential",
    "problems_from_error",
]
