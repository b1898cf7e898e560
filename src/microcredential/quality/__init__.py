"""Microcredentials: the typed profile, its Open Badges 3.0 encodings and the quality validator.

* :class:`MicrocredentialProfile` and :class:`CredentialFacts` — the EU Annex I elements as
  validated Python values; vocabularies in :mod:`.vocab`.
* :func:`encode_achievement` / :func:`decode_achievement` / :func:`decode_credential` — the
  ``ob3`` and ``edubadges`` encodings.
* :func:`build_achievement`, :func:`build_credential`, :func:`credential_from_input` — an
  issuer's builder (unsigned credentials); :class:`CredentialTemplate` for many learners of one
  achievement.
* :func:`check_quality` → :class:`ValidationReport` of :class:`Finding` s, for the profiles ``ob3``,
  ``eu``, ``nl`` and ``edubadges``; :data:`RULES`, :data:`PROFILE_RULES` (which profile runs
  which rule) and :func:`rule_catalogue_markdown`; :class:`SubjectValidator` gives the same
  reports for many credentials of one :class:`CredentialTemplate`, running the achievement's
  rules once.
"""

from .._deprecated import renamed_attributes as _renamed_attributes
from .builder import (
    BuildInput,
    CredentialTemplate,
    build_achievement,
    build_credential,
    credential_from_input,
    email_identity,
    example_profile,
    identity_hash,
    normalise_email,
    parse_input,
)
from .decoding import decode_achievement, decode_credential
from .encoding import (
    EDUBADGES_CONTEXT_URL,
    ENCODINGS,
    TargetType,
    edubadges_context,
    encode_achievement,
)
from .profile import (
    CredentialFacts,
    EmailRecipient,
    GradingScheme,
    HashedRecipient,
    IssuerInfo,
    LearningOutcome,
    Link,
    MicrocredentialProfile,
    QualityAssurance,
)
from .reading import AchievementView
from .rules import (
    DEFAULT_PROFILES,
    EXPERIMENTAL_SPACE,
    PROFILE_RULES,
    PROFILES,
    RULES,
    Finding,
    Rule,
    rule_catalogue_markdown,
)
from .validator import SubjectValidator, ValidationReport, check_quality
from .vocab import AssessmentType, ParticipationForm, Stackability, Supervision

__all__ = [
    "DEFAULT_PROFILES",
    "EDUBADGES_CONTEXT_URL",
    "ENCODINGS",
    "EXPERIMENTAL_SPACE",
    "PROFILES",
    "PROFILE_RULES",
    "RULES",
    "AchievementView",
    "AssessmentType",
    "BuildInput",
    "CredentialFacts",
    "CredentialTemplate",
    "EmailRecipient",
    "Finding",
    "GradingScheme",
    "HashedRecipient",
    "IssuerInfo",
    "LearningOutcome",
    "Link",
    "MicrocredentialProfile",
    "ParticipationForm",
    "QualityAssurance",
    "Rule",
    "Stackability",
    "SubjectValidator",
    "Supervision",
    "TargetType",
    "ValidationReport",
    "build_achievement",
    "build_credential",
    "check_quality",
    "credential_from_input",
    "decode_achievement",
    "decode_credential",
    "edubadges_context",
    "email_identity",
    "encode_achievement",
    "example_profile",
    "identity_hash",
    "normalise_email",
    "parse_input",
    "rule_catalogue_markdown",
]

__getattr__ = _renamed_attributes(
    __name__, {"validate": ("microcredential.quality.check_quality", lambda: check_quality)}
)
