"""The one protocol for obtaining a document by URL: :class:`Fetcher`."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Fetcher(Protocol):
    """Obtains the document published at a URL: controller documents, DID documents and
    status list credentials all come through it.

    ``fetch`` returns the parsed JSON document, or the text of a compact JWT (a status list
    published as a VC-JWT).  When the document cannot be had it raises
    :class:`~microcredential.errors.FetchError` (whose ``problems`` say why, with a ``fetch.*``
    code); a :class:`LookupError` or :class:`OSError` is accepted too, and so is any other
    :class:`~microcredential.MicrocredentialError`.  Whoever asked reports the document as
    unavailable, so the verdict is *indeterminate*, never "valid".

    A network implementation must enforce https, timeouts, a size cap and refuse private
    addresses: :class:`~microcredential.fetch.HttpsFetcher` does.
    """

    def fetch(self, url: str) -> Any:
        """The parsed document published at ``url`` (a compact JWT: its text)."""
        ...
