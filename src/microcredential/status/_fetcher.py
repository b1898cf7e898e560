"""How the verifier obtains status list documents: through a
:class:`~microcredential.fetch.Fetcher`.

:class:`StaticStatusListFetcher` serves documents the caller already holds.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


class StaticStatusListFetcher:
    """A fetcher over documents the caller already holds (offline; "stapled" lists).

    Each is a status list credential (a JSON object with an ``id``) or a compact VC-JWT that
    carries one, found by the ``id`` of the credential inside it.

    >>> fetcher = StaticStatusListFetcher([{"id": "https://example.com/status/3"}])
    >>> fetcher.fetch("https://example.com/status/3")["id"]
    'https://example.com/status/3'
    """

    __slots__ = ("_documents",)

    def __init__(self, documents: Iterable[Mapping[str, Any] | str]) -> None:
        self._documents: dict[str, Mapping[str, Any] | str] = {}
        for doc in documents:
            if isinstance(doc, str):
                doc_id = _token_id(doc)
            else:
                doc_id = doc.get("id") if isinstance(doc, Mapping) else None
            if not isinstance(doc_id, str):
                raise ValueError("every status list document needs a string 'id'")
            self._documents[doc_id] = doc

    def __repr__(self) -> str:
        return f"StaticStatusListFetcher({sorted(self._documents)!r})"

    def fetch(self, url: str) -> Mapping[str, Any] | str:
        """Return the document (or token) whose ``id`` is ``url``; :class:`LookupError` if
        none."""
        try:
            return self._documents[url]
        except KeyError:
            raise LookupError(f"no status list document with id {url!r} was supplied") from None


def _token_id(token: str) -> Any:
    """The ``id`` of the credential a compact VC-JWT carries (the token is not verified)."""
    from ..errors import InvalidDocumentError
    from ..jwt import decode_jwt_credential

    try:
        return decode_jwt_credential(token).credential.get("id")
    except InvalidDocumentError as exc:
        raise ValueError(
            f"a status list given as text must be a compact VC-JWT: {exc.message}"
        ) from None
