"""Obtaining documents by URL: one :class:`Fetcher` protocol for every reader.

Verification needs documents it does not hold: the issuer's controller (or DID) document, to
resolve a proof's key, and the status list credential a ``credentialStatus`` entry points at.
Both are obtained through a :class:`Fetcher`: the resolvers of :mod:`microcredential.resolve`
(``DidWebResolver``, ``HttpsControllerResolver``) and the status check of
:mod:`microcredential.status` take the same kind of object.  Nothing is fetched unless the
caller passes one.

* :class:`Fetcher` — the protocol: ``fetch(url)`` returns the parsed document or raises
  :class:`~microcredential.errors.FetchError`.

JSON-LD contexts are never fetched, online or not: they come from the package or from the
caller (:class:`~microcredential.jsonld.OfflineLoader`).
"""

from ._protocol import Fetcher

__all__ = ["Fetcher"]

# Shown (in reprs, tracebacks and the API reference) where users import it from.
Fetcher.__module__ = __name__
