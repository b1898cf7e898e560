"""Obtaining documents by URL: one :class:`Fetcher` protocol, and a safe https fetcher.

Verification needs documents it does not hold: the issuer's controller (or DID) document, to
resolve a proof's key, and the status list credential a ``credentialStatus`` entry points at.
Both are obtained through a :class:`Fetcher`: the resolvers of :mod:`microcredential.resolve`
(``DidWebResolver``, ``HttpsControllerResolver``) and the status check of
:mod:`microcredential.status` take the same kind of object.  Nothing is fetched unless the
caller passes one, or asks for the online mode (``verify(..., online=True)``, the command
line's ``verify --online``), which uses an :class:`HttpsFetcher`.

* :class:`Fetcher` — the protocol: ``fetch(url)`` returns the parsed document or raises
  :class:`~microcredential.errors.FetchError`, whose problem has one of :data:`FETCH_CODES`.
* :class:`HttpsFetcher` — https only, public addresses only (checked on the address actually
  connected to), TLS verified for the host name, same-origin redirects, timeouts, a size
  cap, JSON media types.  It needs the ``online`` extra (urllib3); the rest of the library
  works without it.
* :class:`FetchCache` — keeps fetched documents while the HTTP headers, a status list's
  ``ttl`` and its ``validUntil`` say they are fresh; in memory, or also in a folder.

JSON-LD contexts are never fetched, online or not: they come from the package or from the
caller (:class:`~microcredential.jsonld.OfflineLoader`).
"""

from ._addresses import HostResolver
from ._cache import FetchCache
from ._errors import FETCH_CODES
from ._https import (
    ACCEPTED_MEDIA_TYPES,
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_REDIRECTS,
    DEFAULT_TIMEOUT,
    HttpsFetcher,
)
from ._protocol import Fetcher

__all__ = [
    "ACCEPTED_MEDIA_TYPES",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_REDIRECTS",
    "DEFAULT_TIMEOUT",
    "FETCH_CODES",
    "FetchCache",
    "Fetcher",
    "HostResolver",
    "HttpsFetcher",
]

# Shown (in reprs, tracebacks and the API reference) where users import them from.
for _value in (FetchCache, Fetcher, HttpsFetcher):
    _value.__module__ = __name__
del _value
