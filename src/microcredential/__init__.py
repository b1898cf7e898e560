"""microcredential: issue, hold and verify microcredentials as Open Badges 3.0 credentials.

The top level offers the *recipes* — :func:`issue`, :func:`sign`, :func:`verify`,
:func:`check_quality`, :func:`present`, :func:`verify_presentation`, :func:`issue_cohort` — which
pick safe defaults (offline JSON-LD, safe mode, did:key resolution, ``eddsa-rdfc-2022``), and
the types they take and return.  The *building blocks* live in sub-modules:
:mod:`microcredential.jsonld`, :mod:`microcredential.integrity`, :mod:`microcredential.keys`,
:mod:`microcredential.resolve`, :mod:`microcredential.status`, :mod:`microcredential.schema`,
:mod:`microcredential.models`, :mod:`microcredential.quality`, :mod:`microcredential.cohort`
and :mod:`microcredential.strategies` (Hypothesis strategies, for test suites).
"""

# No ``from __future__ import annotations`` and no plain ``import x`` here: every name bound in
# this module is an attribute of the package, and only the names in ``__all__`` are public.
import importlib as _importlib
import typing as _typing

from ._version import __version__
from .errors import (
    CanonicalizationLimitError,
    CohortChangedError,
    ContextIntegrityError,
    ContextNotFoundError,
    DocumentTooLargeError,
    FetchError,
    InvalidDocumentError,
    InvalidKeyError,
    JsonLdError,
    MicrocredentialError,
    MultibaseError,
    ResolutionError,
    SafeModeError,
    SchemaNotFoundError,
    SigningError,
    StatusListFullError,
    UnknownStatusIndexError,
    UnsupportedCryptosuiteError,
    WeakKeyError,
)
from .problems import (
    Problem,
    Severity,
)

if _typing.TYPE_CHECKING:  # the names below are imported on first use
    from ._recipes import (
        Verifier,
        hashed_email,
        issue,
        present,
        sign,
        sign_jwt,
        status_list_credential,
        verify,
        verify_presentation,
    )
    from ._recipient import recipient_matches
    from .cohort import (
        CohortReport,
        issue_cohort,
    )
    from .jsonld import OfflineLoader
    from .keys import (
        Ed25519Key,
        Ed25519VerificationKey,
    )
    from .models import (
        Achievement,
        AchievementCredential,
        EndorsementCredential,
        OpenBadgeCredential,
        Profile,
        VerifiablePresentation,
        parse_achievement,
        parse_credential,
        parse_endorsement,
        parse_presentation,
        parse_profile,
    )
    from .presentation import PresentationResult
    from .quality import (
        CredentialFacts,
        EmailRecipient,
        IssuerInfo,
        MicrocredentialProfile,
        ValidationReport,
        build_achievement,
        build_credential,
        check_quality,
    )
    from .resolve import (
        ChainResolver,
        DidKeyResolver,
        StaticResolver,
    )
    from .results import VerificationStatus
    from .status import (
        IssuerStatusList,
        StaticStatusListFetcher,
    )
    from .verification import (
        Check,
        CheckStatus,
        VerificationResult,
    )

#: Public name -> the sub-module that defines it, imported on first access so that
#: ``import microcredential.models`` (say) stays cheap.
_LAZY: dict[str, str] = {
    "Achievement": ".models",
    "AchievementCredential": ".models",
    "ChainResolver": ".resolve",
    "Check": ".verification",
    "CheckStatus": ".verification",
    "CohortReport": ".cohort",
    "CredentialFacts": ".quality",
    "DidKeyResolver": ".resolve",
    "Ed25519Key": ".keys",
    "Ed25519VerificationKey": ".keys",
    "EmailRecipient": ".quality",
    "EndorsementCredential": ".models",
    "IssuerInfo": ".quality",
    "IssuerStatusList": ".status",
    "MicrocredentialProfile": ".quality",
    "OfflineLoader": ".jsonld",
    "OpenBadgeCredential": ".models",
    "PresentationResult": ".presentation",
    "Profile": ".models",
    "StaticResolver": ".resolve",
    "StaticStatusListFetcher": ".status",
    "ValidationReport": ".quality",
    "VerifiablePresentation": ".models",
    "VerificationResult": ".verification",
    "Verifier": "._recipes",
    "VerificationStatus": ".results",
    "build_achievement": ".quality",
    "build_credential": ".quality",
    "hashed_email": "._recipes",
    "issue": "._recipes",
    "issue_cohort": ".cohort",
    "parse_achievement": ".models",
    "parse_credential": ".models",
    "parse_endorsement": ".models",
    "parse_presentation": ".models",
    "parse_profile": ".models",
    "present": "._recipes",
    "recipient_matches": "._recipient",
    "sign": "._recipes",
    "sign_jwt": "._recipes",
    "status_list_credential": "._recipes",
    "check_quality": ".quality",
    "verify": "._recipes",
    "verify_presentation": "._recipes",
}


#: Old public name -> its new name, kept for one release (reading it warns).
_RENAMED: dict[str, str] = {"validate": "check_quality"}


def __getattr__(name: str) -> object:
    if name in _RENAMED:
        from ._deprecated import warn_renamed

        warn_renamed(f"{__name__}.{name}", f"{__name__}.{_RENAMED[name]}")
        return __getattr__(_RENAMED[name])
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(_importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "Achievement",
    "AchievementCredential",
    "CanonicalizationLimitError",
    "ChainResolver",
    "Check",
    "CheckStatus",
    "CohortChangedError",
    "CohortReport",
    "ContextIntegrityError",
    "ContextNotFoundError",
    "CredentialFacts",
    "DidKeyResolver",
    "DocumentTooLargeError",
    "Ed25519Key",
    "Ed25519VerificationKey",
    "EmailRecipient",
    "EndorsementCredential",
    "FetchError",
    "InvalidDocumentError",
    "InvalidKeyError",
    "IssuerInfo",
    "IssuerStatusList",
    "JsonLdError",
    "MicrocredentialError",
    "MicrocredentialProfile",
    "MultibaseError",
    "OfflineLoader",
    "OpenBadgeCredential",
    "PresentationResult",
    "Problem",
    "Profile",
    "ResolutionError",
    "SafeModeError",
    "SchemaNotFoundError",
    "Severity",
    "SigningError",
    "StaticResolver",
    "StaticStatusListFetcher",
    "StatusListFullError",
    "UnknownStatusIndexError",
    "UnsupportedCryptosuiteError",
    "ValidationReport",
    "VerifiablePresentation",
    "VerificationResult",
    "VerificationStatus",
    "Verifier",
    "WeakKeyError",
    "__version__",
    "build_achievement",
    "build_credential",
    "check_quality",
    "hashed_email",
    "issue",
    "issue_cohort",
    "parse_achievement",
    "parse_credential",
    "parse_endorsement",
    "parse_presentation",
    "parse_profile",
    "present",
    "recipient_matches",
    "sign",
    "sign_jwt",
    "status_list_credential",
    "verify",
    "verify_presentation",
]
