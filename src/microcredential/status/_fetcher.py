"""How the verifier obtains status list documents: through a
:class:`~microcredential.fetch.Fetcher`.

:class:`StaticStatusListFetcher` serves documents the caller already holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class StaticStatusListFetcher:
    """A fetcher over documents the caller already holds (offline; "stapled" lists).

    >>> fetcher = StaticStatusListFetcher([{"id": "https://example.com/status/3"}])
    >>> fetcher.fetch("https://example.com/status/3")["id"]
    'https://example.com/status/3'
    """

    __slots__ = ("_documents",)

    def __init__(self, documents: Iterable[Mapping[str, Any]]) -> None:
        self._documents: dict[str, Mapping[str, Any]] = {}
        for doc in documents:
            doc_id = doc.get("id") if isinstance(doc, Mapping) else None
            if not isinstance(doc_id, str):
                raise ValueError("every status list document needs a string 'id'")
            self._documents[doc_id] = doc

    def __repr__(self) -> str:
        return f"StaticStatusListFetcher({sorted(self._documents)!r})"

    def fetch(self, url: str) -> Mapping[str, Any]:
        """Return the document whose ``id`` is ``url``; :class:`LookupError` if none."""
        try:
            return self._documents[url]
        except KeyError:
            raise LookupError(f"no status list document with id {url!r} was supplied") from None
