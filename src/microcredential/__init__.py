"""microcredential: issue, hold and verify microcredentials as Open Badges 3.0 credentials."""

from ._version import __version__
from .errors import (
    CanonicalizationLimitError,
    ContextIntegrityError,
    ContextNotFoundError,
    DocumentTooLargeError,
    InvalidDocumentError,
    InvalidKeyError,
    JsonLdError,
    MicrocredentialError,
    ResolutionError,
    SafeModeError,
    SigningError,
    UnsupportedCryptosuiteError,
)
from .problems import Problem, Severity

__all__ = [
    "CanonicalizationLimitError",
    "ContextIntegrityError",
    "ContextNotFoundError",
    "DocumentTooLargeError",
    "InvalidDocumentError",
    "InvalidKeyError",
    "JsonLdError",
    "MicrocredentialError",
    "Problem",
    "ResolutionError",
    "SafeModeError",
    "Severity",
    "SigningError",
    "UnsupportedCryptosuiteError",
    "__version__",
]
