"""Exceptions raised by :mod:`microcredential`.

Exceptions are for misuse and for work that cannot start (an unreadable file, a malformed
key, an unknown cryptosuite, a context that is not available offline).  Everything that is
wrong *with a credential* is reported in a result object instead
(:class:`~microcredential.VerificationResult`, :class:`~microcredential.ValidationReport`),
each problem with a stable code.

The hierarchy::

    MicrocredentialError
     ├── InvalidDocumentError (ValueError)      the input is not an acceptable document
     │    ├── DocumentTooLargeError             size or nesting over the configured limit
     │    └── JsonLdError                       JSON-LD processing failed
     │         ├── ContextNotFoundError (LookupError)  a context URL is not available offline
     │         ├── ContextIntegrityError        a supplied context does not match its pinned digest
     │         ├── SafeModeError                a term would be dropped / an IRI is relative
     │         └── CanonicalizationLimitError   RDFC-1.0 work limit exceeded (poison graph)
     ├── InvalidKeyError (ValueError)           malformed or mismatched key material
     │    └── WeakKeyError                      a public key no secret key belongs to
     ├── MultibaseError (ValueError)            a multibase / multicodec value does not decode
     ├── UnsupportedCryptosuiteError (ValueError)
     ├── ResolutionError (LookupError)          a verification method could not be resolved
     │    └── FetchError                        a document could not be fetched by URL
     ├── SchemaNotFoundError (LookupError)      a schema $ref target is neither bundled nor supplied
     ├── SigningError                           a document cannot be signed as given
     ├── CohortChangedError                     a cohort folder was issued with another achievement,
     │                                          issuer, key or status list
     ├── StatusListFullError (OverflowError)    no unused index is left in an issuer's status list
     └── UnknownStatusIndexError (KeyError)     a status list index that was never allocated

Every exception that concerns a place in a document carries ``problems``: a tuple of
:class:`~microcredential.Problem` with JSON pointers, and its message names them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .problems import Problem

__all__ = [
    "CanonicalizationLimitError",
    "CohortChangedError",
    "ContextIntegrityError",
    "ContextNotFoundError",
    "DocumentTooLargeError",
    "FetchError",
    "InvalidDocumentError",
    "InvalidKeyError",
    "JsonLdError",
    "MicrocredentialError",
    "MultibaseError",
    "ResolutionError",
    "SafeModeError",
    "SchemaNotFoundError",
    "SigningError",
    "StatusListFullError",
    "UnknownStatusIndexError",
    "UnsupportedCryptosuiteError",
    "WeakKeyError",
]


class MicrocredentialError(Exception):
    """Root of every exception this library raises on purpose."""

    def __init__(self, message: str, *, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems: tuple[Problem, ...] = tuple(problems)

    def __str__(self) -> str:
        return self.message


class InvalidDocumentError(MicrocredentialError, ValueError):
    """The input is not an acceptable document; ``problems`` lists every reason."""

    @classmethod
    def from_problems(
        cls, problems: Iterable[Problem], *, source: str | None = None
    ) -> InvalidDocumentError:
        found = tuple(problems)
        where = f"{source}: " if source else ""
        if len(found) == 1:
            message = where + found[0].describe()
        else:
            lines = "\n".join("  " + p.describe() for p in found)
            message = f"{where}{len(found)} problems:\n{lines}"
        return cls(message, problems=found)


class DocumentTooLargeError(InvalidDocumentError):
    """The document is larger, or nested deeper, than the configured limit."""


class JsonLdError(InvalidDocumentError):
    """JSON-LD expansion, RDF conversion or canonicalization failed."""


class ContextNotFoundError(JsonLdError, LookupError):
    """A context URL is neither bundled nor supplied by the caller; nothing is fetched."""

    def __init__(self, url: str, *, problems: Iterable[Problem] = ()) -> None:
        super().__init__(
            f"context {url!r} is not available offline. Supply it with "
            "OfflineLoader(extra_contexts={url: document}) or "
            "OfflineLoader.from_directory(...), or remove it from @context.",
            problems=problems,
        )
        self.url = url


class ContextIntegrityError(JsonLdError):
    """A caller-supplied context document does not match the SHA-256 digest pinned for it."""


class SafeModeError(JsonLdError):
    """A term would be silently dropped, an IRI is relative, or a type is undefined."""


class CanonicalizationLimitError(JsonLdError):
    """RDF canonicalization exceeded its work limit (for example, a poison dataset)."""


class InvalidKeyError(MicrocredentialError, ValueError):
    """Key material is malformed, of the wrong type, or its halves do not match."""


class WeakKeyError(InvalidKeyError):
    """A public key that no secret key belongs to, such as an Ed25519 point of small order.

    Signatures that verify under such a key can be made without any secret, so a proof that
    names one proves nothing: verification reports it as *invalid* (``proof.weak-key``), not as
    a key that could not be found.
    """


class MultibaseError(MicrocredentialError, ValueError):
    """A multibase string, varint or multicodec prefix is malformed (the value is never shown)."""


class UnsupportedCryptosuiteError(MicrocredentialError, ValueError):
    """A cryptosuite name that this library cannot sign or verify with."""


class ResolutionError(MicrocredentialError, LookupError):
    """A verification method or controller document could not be resolved.

    ``weak_key`` is true when the method was found but its key is one no secret key belongs to
    (see :class:`WeakKeyError`): no further information can make such a method usable.
    """

    weak_key: bool = False


class FetchError(ResolutionError):
    """A document could not be fetched by URL (refused, unreachable, too large, not JSON...).

    ``problems`` holds one problem with a ``fetch.*`` code that says why; a verifier reports
    it next to the check that needed the document, which is then *indeterminate*.  It is a
    :class:`ResolutionError`, so a resolver that fetches can let it through as it is.
    """


class SchemaNotFoundError(MicrocredentialError, LookupError):
    """A JSON Schema ``$ref`` names a schema that is neither bundled nor supplied; nothing
    is fetched."""

    def __init__(self, uri: str) -> None:
        super().__init__(
            f"schema {uri!r} is not available offline and is never fetched. Pass it in "
            "SchemaValidator(schema, resources={uri: document}), or remove the $ref to it."
        )
        self.uri = uri


class SigningError(MicrocredentialError):
    """The document cannot be signed as given (the message says how to fix it)."""


class CohortChangedError(MicrocredentialError):
    """A cohort's output folder holds credentials issued for another achievement, issuer, key
    or status list than this run's: the run stops before it issues anything; the message says
    what changed and how to issue corrected credentials."""


class StatusListFullError(MicrocredentialError, OverflowError):
    """Every index of an issuer's status list is allocated: create a new list.

    Also an :class:`OverflowError`, which was raised before this class existed."""


class UnknownStatusIndexError(MicrocredentialError, KeyError):
    """A status list index that was never allocated (so no credential holds it).

    Also a :class:`KeyError`, which was raised before this class existed."""
