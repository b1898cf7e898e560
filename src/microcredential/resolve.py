"""Verification-method resolution: from a proof's ``verificationMethod`` id to a public key.

A :class:`Resolver` turns a verification method id into a :class:`VerificationMethod`: its id,
controller, public key and the verification relationships (``assertionMethod``, …) its
controller document grants it.  Resolution failures raise
:class:`~microcredential.errors.ResolutionError`; a verifier reports them as *indeterminate*
(the proof could not be checked), never as an invalid signature.

Offline resolvers:

* :class:`DidKeyResolver` — ``did:key:z6Mk…#z6Mk…`` (Ed25519, P-256, P-384), computed from the
  identifier itself;
* :class:`DidJwkResolver` — ``did:jwk:…#0`` (any supported key), computed the same way;
* :class:`StaticResolver` — controller documents (or bare Multikey documents) the caller holds,
  such as an issuer's ``https://example.edu/issuers/1`` document;
* :class:`ChainResolver` — tries several resolvers in turn, did:key and did:jwk first by default.

Network resolution is opt-in: :class:`DidWebResolver` and :class:`HttpsControllerResolver` need
a :class:`~microcredential.fetch.Fetcher` (the same protocol the status check uses), such as
the :class:`~microcredential.fetch.HttpsFetcher` that ``verify(..., online=True)`` builds
(https only, public addresses only, timeouts, a size cap, same-origin redirects).

Every resolver applies the checks of Controlled Identifiers 1.0 (retrieve verification method):
the controller document's ``id`` is the method id without its fragment, the method's ``id`` is
the one asked for, and its ``controller`` is the document's ``id``.
"""

from __future__ import annotations

import functools
import ipaddress
import urllib.parse
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, NoReturn, Protocol

from . import fetch as _fetch
from ._deprecated import renamed_attributes
from .constants import PROOF_PURPOSES
from .errors import InvalidDocumentError, InvalidKeyError, ResolutionError, WeakKeyError
from .keys import PublicKey, did_document, public_key_from_verification_method
from .problems import Problem, quote

__all__ = [
    "PROOF_PURPOSES",
    "ChainResolver",
    "DidJwkResolver",
    "DidKeyResolver",
    "DidWebResolver",
    "HttpsControllerResolver",
    "Resolver",
    "StaticResolver",
    "VerificationMethod",
    "did_web_url",
    "is_authorized",
]


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """A resolved verification method.

    ``relationships`` are the verification relationships (``assertionMethod``,
    ``authentication``, ``capabilityInvocation``, ``capabilityDelegation``) under which the
    controller document lists the method, by reference or embedded.
    """

    id: str
    type: str
    controller: str
    public_key: PublicKey
    relationships: frozenset[str]

    def is_authorized_for(self, purpose: str) -> bool:
        """Whether the controller document authorises this method for proof ``purpose``."""
        _check_purpose(purpose)
        return purpose in self.relationships


class Resolver(Protocol):
    """Anything that resolves a verification method id (pass your own to the verifier)."""

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        """Resolve the id or raise :class:`~microcredential.errors.ResolutionError`."""
        ...


def is_authorized(
    controller_document: Mapping[str, Any], verification_method_id: str, purpose: str
) -> bool:
    """Whether ``controller_document`` authorises the method for proof ``purpose``.

    True when the document's ``purpose`` relationship lists the method by id (absolute or
    ``#fragment`` relative to the document's ``id``) or embeds it.  ``purpose`` must be one of
    :data:`PROOF_PURPOSES` (``ValueError`` otherwise).
    """
    _check_purpose(purpose)
    base = controller_document.get("id")
    for entry in _as_list(controller_document.get(purpose)):
        ref = entry.get("id") if isinstance(entry, Mapping) else entry
        if isinstance(ref, str) and _absolute(ref, base) == verification_method_id:
            return True
    return False


# -- offline resolvers -------------------------------------------------------------------------


_NOT_DID_KEY: Final = "not a did:key verification method"
_NOT_DID_JWK: Final = "not a did:jwk verification method"


class DidKeyResolver:
    """Resolves ``did:key:z…#z…`` offline (Ed25519, P-256, P-384); the fragment must be the key."""

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        """Resolve a did:key verification method id."""
        if not isinstance(verification_method_id, str) or not verification_method_id.startswith(
            "did:key:"
        ):
            _fail(verification_method_id, _NOT_DID_KEY)
        if "#" not in verification_method_id:
            _fail(
                verification_method_id,
                "a did:key verification method id needs its fragment (did:key:<key>#<key>)",
            )
        return _resolve_self_certifying(verification_method_id)


class DidJwkResolver:
    """Resolves ``did:jwk:…#0`` offline: the DID is the base64url of the public key's JWK."""

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        """Resolve a did:jwk verification method id."""
        if not isinstance(verification_method_id, str) or not verification_method_id.startswith(
            "did:jwk:"
        ):
            _fail(verification_method_id, _NOT_DID_JWK)
        if not verification_method_id.endswith("#0"):
            _fail(
                verification_method_id,
                "a did:jwk verification method id ends in '#0' (did:jwk:<jwk>#0)",
            )
        return _resolve_self_certifying(verification_method_id)


@functools.lru_cache(maxsize=1024)
def _resolve_self_certifying(verification_method_id: str) -> VerificationMethod:
    # did:key and did:jwk documents are derived from the identifier alone, and
    # VerificationMethod is immutable, so resolving the same key again can reuse the result.
    try:
        document = did_document(verification_method_id)
    except InvalidKeyError as exc:
        _fail(verification_method_id, exc.message, weak_key=isinstance(exc, WeakKeyError))
    return _method_from_document(document, verification_method_id)


class StaticResolver:
    """Resolves from documents the caller supplies; nothing is fetched.

    Each document is either a controller document (``id`` plus ``verificationMethod`` and
    relationships such as ``assertionMethod``, which may embed methods) or a bare verification
    method (a ``Multikey`` with ``id``, ``controller`` and ``publicKeyMultibase``).  A bare
    method gets its relationships from its controller's document when that is supplied too,
    otherwise ``bare_method_relationships`` (none by default: it resolves, but is authorised for
    nothing until you say so).
    """

    def __init__(
        self,
        documents: Iterable[Mapping[str, Any]],
        *,
        bare_method_relationships: Iterable[str] = (),
    ) -> None:
        self._controllers: dict[str, Mapping[str, Any]] = {}
        self._bare: dict[str, Mapping[str, Any]] = {}
        self._bare_relationships = frozenset(bare_method_relationships)
        for purpose in self._bare_relationships:
            _check_purpose(purpose)
        for document in documents:
            if not isinstance(document, Mapping) or not isinstance(document.get("id"), str):
                raise InvalidDocumentError("a controller document must be an object with an id")
            target = self._bare if _is_bare_method(document) else self._controllers
            if document["id"] in target:
                raise InvalidDocumentError(f"two documents have the id {document['id']!r}")
            target[document["id"]] = document

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        """Resolve a method from the supplied documents."""
        base = _base(verification_method_id)
        document = self._controllers.get(base)
        if document is not None and _find_method(document, verification_method_id) is not None:
            return _method_from_document(document, verification_method_id)
        bare = self._bare.get(verification_method_id)
        if bare is None:
            _fail(verification_method_id, "no supplied document contains it")
        controller = bare.get("controller")
        if not isinstance(controller, str):
            _fail(verification_method_id, "the verification method has no controller")
        owner = self._controllers.get(controller)
        if owner is not None:
            relationships = frozenset(
                r for r in PROOF_PURPOSES if is_authorized(owner, verification_method_id, r)
            )
        else:
            relationships = self._bare_relationships
        return _build_method(bare, verification_method_id, controller, relationships)


class ChainResolver:
    """Tries each resolver in turn; by default :class:`DidKeyResolver` and
    :class:`DidJwkResolver` go first (``did_key=False`` leaves both out)."""

    def __init__(self, *resolvers: Resolver, did_key: bool = True) -> None:
        self.resolvers: tuple[Resolver, ...] = (
            (DidKeyResolver(), DidJwkResolver(), *resolvers) if did_key else tuple(resolvers)
        )

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        """The first successful resolution; a ``ResolutionError`` naming every failure else."""
        prefix = f"cannot resolve verification method {_quote_long(verification_method_id)}: "
        reasons: list[str] = []
        problems: list[Problem] = []
        weak_key = False
        for resolver in self.resolvers:
            try:
                return resolver.resolve(verification_method_id)
            except ResolutionError as exc:
                reasons.append(exc.message.removeprefix(prefix))
                problems.extend(p for p in exc.problems if p not in problems)
                weak_key = weak_key or exc.weak_key
        if len(reasons) > 1:  # a DID resolver's "not mine" says nothing about the others
            reasons = [r for r in reasons if r not in (_NOT_DID_KEY, _NOT_DID_JWK)] or reasons
        error = ResolutionError(prefix + "; ".join(dict.fromkeys(reasons)), problems=problems)
        error.weak_key = weak_key
        raise error


# -- opt-in network resolvers ------------------------------------------------------------------


def did_web_url(did: str) -> str:
    """The https URL of a did:web DID document, as the did:web method specification derives it.

    The method-specific identifier's first segment is the host, with a port written
    ``%3A``; further ``:``-separated segments are the path (percent-decoded, each kept as one
    segment); with no path the document is at ``/.well-known/did.json``, else at
    ``<path>/did.json``.  IP addresses are refused, as the method requires a domain name.

    >>> did_web_url("did:web:example.com%3A8443:issuers:7")
    'https://example.com:8443/issuers/7/did.json'
    """
    if not did.startswith("did:web:"):
        raise ResolutionError(f"not a did:web DID: {_quote_long(did)}")
    segments = did[len("did:web:") :].split(":")
    host = urllib.parse.unquote(segments[0])
    path = [urllib.parse.unquote(s) for s in segments[1:]]
    name, _, port = host.partition(":")
    if (
        not name
        or any(c in host for c in "/@?#\\ []")
        or (port and not (port.isdigit() and 0 < int(port) < 65536))
        or _is_ip_address(name)
    ):
        raise ResolutionError(f"did:web host is not a domain name: {_quote_long(did)}")
    if any(not s or s in {".", ".."} or any(c in s for c in "/?#\\") for s in path):
        raise ResolutionError(f"did:web path is not valid: {_quote_long(did)}")
    suffix = "/".join(urllib.parse.quote(s) for s in path) if path else ".well-known"
    return f"https://{host}/{suffix}/did.json"


class DidWebResolver:
    """Resolves ``did:web:…#fragment`` through a caller-supplied
    :class:`~microcredential.fetch.Fetcher`."""

    def __init__(self, fetcher: _fetch.Fetcher) -> None:
        self.fetcher = _current_fetcher(fetcher)

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        """Fetch the DID document and resolve the method in it."""
        if not isinstance(verification_method_id, str) or not verification_method_id.startswith(
            "did:web:"
        ):
            _fail(verification_method_id, "not a did:web verification method")
        did = _base(verification_method_id)
        document = _fetched(self.fetcher, did_web_url(did), verification_method_id)
        return _method_from_document(document, verification_method_id)


class HttpsControllerResolver:
    """Resolves ``https://host/path#fragment`` by fetching the controller document at the URL."""

    def __init__(self, fetcher: _fetch.Fetcher) -> None:
        self.fetcher = _current_fetcher(fetcher)

    def resolve(self, verification_method_id: str) -> VerificationMethod:
        """Fetch the controller document and resolve the method in it."""
        if not isinstance(verification_method_id, str) or not verification_method_id.startswith(
            "https://"
        ):
            _fail(verification_method_id, "not an https verification method")
        document = _fetched(self.fetcher, _base(verification_method_id), verification_method_id)
        return _method_from_document(document, verification_method_id)


class _FetchJson:
    """Adapts an object written for the former resolver protocol (``fetch_json``)."""

    def __init__(self, legacy: Any) -> None:
        self.legacy = legacy

    def __repr__(self) -> str:
        return repr(self.legacy)

    def fetch(self, url: str) -> Any:
        return self.legacy.fetch_json(url)


def _fetched(fetcher: _fetch.Fetcher, url: str, method_id: str) -> Any:
    """The document at ``url``; a ``ResolutionError`` that keeps the fetch's problems."""
    try:
        return fetcher.fetch(url)
    except ResolutionError as exc:
        _fail(method_id, exc.message, problems=exc.problems)
    except (LookupError, OSError) as exc:
        _fail(method_id, f"{url} could not be fetched ({exc})")


def _is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _current_fetcher(fetcher: Any) -> _fetch.Fetcher:
    if not hasattr(fetcher, "fetch") and hasattr(fetcher, "fetch_json"):
        warnings.warn(
            "a fetcher with only fetch_json is deprecated: implement fetch(url), the method of "
            "microcredential.fetch.Fetcher that the resolvers and the status check share",
            DeprecationWarning,
            stacklevel=3,
        )
        return _FetchJson(fetcher)
    if not isinstance(fetcher, _fetch.Fetcher):
        raise TypeError(
            f"fetcher must be a Fetcher (with fetch(url)), not {type(fetcher).__name__}"
        )
    return fetcher


# -- helpers -----------------------------------------------------------------------------------


def _fail(
    method_id: object, reason: str, *, weak_key: bool = False, problems: Iterable[Problem] = ()
) -> NoReturn:
    error = ResolutionError(
        f"cannot resolve verification method {_quote_long(method_id)}: {reason}",
        problems=problems,
    )
    error.weak_key = weak_key
    raise error


def _check_purpose(purpose: str) -> None:
    if purpose not in PROOF_PURPOSES:
        raise ValueError(
            f"unknown proof purpose {purpose!r}; expected one of {sorted(PROOF_PURPOSES)}"
        )


def _base(url: str) -> str:
    return url.partition("#")[0]


def _absolute(ref: str, base: object) -> str:
    if ref.startswith("#") and isinstance(base, str):
        return _base(base) + ref
    return ref


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _is_bare_method(document: Mapping[str, Any]) -> bool:
    return "verificationMethod" not in document and (
        "publicKeyMultibase" in document or "publicKeyJwk" in document
    )


def _find_method(document: Mapping[str, Any], method_id: str) -> Mapping[str, Any] | None:
    base = document.get("id")
    for relationship in ("verificationMethod", *PROOF_PURPOSES):
        for entry in _as_list(document.get(relationship)):
            if isinstance(entry, Mapping):
                ref = entry.get("id")
                if isinstance(ref, str) and _absolute(ref, base) == method_id:
                    return entry
    return None


def _method_from_document(document: Any, method_id: str) -> VerificationMethod:
    """Apply the Controlled Identifiers checks and build the resolved method."""
    if not isinstance(document, Mapping):
        _fail(method_id, "the controller document is not a JSON object")
    expected = _base(method_id)
    if document.get("id") != expected:
        _fail(
            method_id,
            f"the controller document's id is {_quote_long(document.get('id'))}, not {expected!r}",
        )
    entry = _find_method(document, method_id)
    if entry is None:
        _fail(method_id, "the controller document does not contain it")
    controller = entry.get("controller")
    if not isinstance(controller, str) or _absolute(controller, expected) != expected:
        _fail(
            method_id,
            f"its controller {_quote_long(controller)} is not the controller document {expected!r}",
        )
    relationships = frozenset(r for r in PROOF_PURPOSES if is_authorized(document, method_id, r))
    return _build_method(entry, method_id, expected, relationships)


def _build_method(
    entry: Mapping[str, Any], method_id: str, controller: str, relationships: frozenset[str]
) -> VerificationMethod:
    kind = entry.get("type")
    try:
        key = public_key_from_verification_method(entry)
    except InvalidKeyError as exc:
        _fail(method_id, exc.message, weak_key=isinstance(exc, WeakKeyError))
    return VerificationMethod(
        id=method_id,
        type=str(kind),
        controller=controller,
        public_key=key,
        relationships=relationships,
    )


def _quote_long(value: object) -> str:
    return quote(value, 120)


# Names that moved to microcredential.fetch, the one home of fetching; kept for one release.
__getattr__ = renamed_attributes(
    __name__,
    {
        "Fetcher": ("microcredential.fetch.Fetcher", lambda: _fetch.Fetcher),
        "HttpsFetcher": ("microcredential.fetch.HttpsFetcher", lambda: _fetch.HttpsFetcher),
    },
)
