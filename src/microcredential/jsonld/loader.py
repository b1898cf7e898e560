"""Offline JSON-LD document loading.

Nothing is ever fetched.  :class:`OfflineLoader` serves the context documents bundled with the
package (see ``contexts/manifest.json``) plus any the caller supplies, optionally pinned by
SHA-256 digest.  An unknown URL raises :class:`~microcredential.ContextNotFoundError`, naming
the URL and how to supply it.

Each loader keeps its own cache of processed contexts (shared by every expansion that uses the
loader), so a long-lived loader makes repeated signing and verification fast.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .._json import read_limited
from ..errors import ContextIntegrityError, ContextNotFoundError, JsonLdError
from ..problems import Problem

__all__ = ["DocumentLoader", "OfflineLoader", "bundled_context_urls", "default_loader"]

_CONTEXTS = "contexts"


@runtime_checkable
class DocumentLoader(Protocol):
    """Anything that returns the parsed JSON document for a context URL."""

    def load(self, url: str) -> Mapping[str, Any]:
        """Return the document for ``url`` or raise :class:`ContextNotFoundError`."""
        ...


@cache
def _manifest() -> Mapping[str, str]:
    text = resources.files(__package__).joinpath(_CONTEXTS, "manifest.json").read_text("utf-8")
    manifest: dict[str, str] = json.loads(text)
    return manifest


@cache
def _bundled_bytes(filename: str) -> bytes:
    return resources.files(__package__).joinpath(_CONTEXTS, filename).read_bytes()


def bundled_context_urls() -> frozenset[str]:
    """Every context URL served by the bundled documents (aliases included)."""
    return frozenset(_manifest())


def _parse_context(data: bytes, url: str) -> dict[str, Any]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise JsonLdError(
            f"context {url!r} is not valid JSON: {exc}",
            problems=[Problem("jsonld.context-invalid", f"context {url} is not valid JSON")],
        ) from None
    if not isinstance(document, dict) or "@context" not in document:
        raise JsonLdError(
            f"context {url!r} has no top-level @context member",
            problems=[Problem("jsonld.context-invalid", f"context {url} has no @context")],
        )
    return document


class OfflineLoader:
    """Serves JSON-LD context documents without touching the network.

    :param extra_contexts: URL → document, given as a parsed mapping, JSON text/bytes, or a
        path to a JSON file.  These take precedence over the bundled documents.
    :param digests: URL → expected SHA-256 hex digest of the document's bytes (for documents
        supplied as text, bytes or files).  A mismatch raises
        :class:`~microcredential.ContextIntegrityError` when the URL is first loaded.
    :param bundled: serve the contexts bundled with the package (default ``True``).

    >>> loader = OfflineLoader()
    >>> "https://www.w3.org/ns/credentials/v2" in loader
    True
    >>> try:
    ...     loader.load("https://example.org/unknown-context")
    ... except ContextNotFoundError as exc:
    ...     print(exc.url)
    https://example.org/unknown-context
    """

    def __init__(
        self,
        extra_contexts: Mapping[str, Mapping[str, Any] | str | bytes | os.PathLike[str]]
        | None = None,
        *,
        digests: Mapping[str, str] | None = None,
        bundled: bool = True,
    ) -> None:
        self._extra = dict(extra_contexts or {})
        self._digests = {url: d.lower() for url, d in (digests or {}).items()}
        self._bundled = bundled
        self._documents: dict[str, dict[str, Any]] = {}
        self._pyld_cache: Any = None

    @classmethod
    def from_directory(
        cls,
        directory: str | os.PathLike[str],
        *,
        digests: Mapping[str, str] | None = None,
        bundled: bool = True,
    ) -> OfflineLoader:
        """Serve the contexts listed in ``directory/index.json`` (URL → relative file path)."""
        base = Path(directory)
        index_file = base / "index.json"
        try:
            index = json.loads(read_limited(index_file).decode("utf-8-sig"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise JsonLdError(
                f"{index_file}: cannot read the context index ({exc}); it must be a JSON "
                "object mapping each context URL to a file path relative to the directory"
            ) from None
        if not isinstance(index, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in index.items()
        ):
            raise JsonLdError(f"{index_file}: must map context URLs to relative file paths")
        return cls(
            {url: base / rel for url, rel in index.items()}, digests=digests, bundled=bundled
        )

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and (
            url in self._extra or (self._bundled and url in _manifest())
        )

    def __repr__(self) -> str:
        return f"OfflineLoader(extra={len(self._extra)}, bundled={self._bundled})"

    def load(self, url: str) -> Mapping[str, Any]:
        """The parsed document for ``url`` (cached; treat it as read-only)."""
        document = self._documents.get(url)
        if document is None:
            document = self._load_uncached(url)
            self._documents[url] = document
        return document

    def _load_uncached(self, url: str) -> dict[str, Any]:
        if url in self._extra:
            supplied = self._extra[url]
            if isinstance(supplied, Mapping):
                if url in self._digests:
                    raise ContextIntegrityError(
                        f"context {url!r} has a pinned digest but was supplied as a parsed "
                        "mapping; supply its bytes or file instead so the digest can be checked"
                    )
                private: dict[str, Any] = json.loads(json.dumps(supplied))  # plain-JSON copy
                return private
            if isinstance(supplied, str | bytes):
                data = supplied.encode("utf-8") if isinstance(supplied, str) else supplied
            else:
                try:
                    data = read_limited(supplied)
                except OSError as exc:
                    message = (
                        f"context {url!r}: cannot read {os.fspath(supplied)!r}: "
                        f"{exc.strerror or exc}"
                    )
                    raise JsonLdError(
                        message, problems=[Problem("jsonld.context-unreadable", message)]
                    ) from None
            self._check_digest(url, data)
            return _parse_context(data, url)
        if self._bundled and url in _manifest():
            data = _bundled_bytes(_manifest()[url])
            self._check_digest(url, data)
            return _parse_context(data, url)
        raise ContextNotFoundError(
            url,
            problems=[
                Problem("jsonld.context-not-found", f"context {url} is not available offline")
            ],
        )

    def _check_digest(self, url: str, data: bytes) -> None:
        expected = self._digests.get(url)
        if expected is None:
            return
        actual = hashlib.sha256(data).hexdigest()
        if actual != expected:
            raise ContextIntegrityError(
                f"context {url!r} does not match its pinned SHA-256 digest "
                f"(expected {expected}, got {actual}); the document was changed or replaced",
                problems=[Problem("jsonld.context-digest", f"context {url} digest mismatch")],
            )

    # -- pyld integration ---------------------------------------------------------------

    def pyld_loader(self, url: str, options: Any = None) -> dict[str, Any]:
        """The callable pyld expects as ``documentLoader``."""
        # "static" lets pyld keep the processed context in this loader's cache across calls.
        return {"contextUrl": None, "documentUrl": url, "document": self.load(url), "tag": "static"}

    def pyld_options(self) -> dict[str, Any]:
        """pyld options that route every context through this loader and its own cache."""
        from pyld.context_resolver import ContextResolver

        if self._pyld_cache is None:
            self._pyld_cache = _BoundedCache(maxsize=512)
        return {
            "documentLoader": self.pyld_loader,
            "contextResolver": ContextResolver(self._pyld_cache, self.pyld_loader),
        }


class _BoundedCache(dict[Any, Any]):
    """A dict that forgets its oldest entries past ``maxsize`` (pyld's shared context cache).

    Inline contexts are cached by their JSON text, so without a bound a stream of documents
    with unique embedded contexts would grow the cache without limit.
    """

    def __init__(self, maxsize: int) -> None:
        super().__init__()
        self.maxsize = maxsize

    def __setitem__(self, key: Any, value: Any) -> None:
        if key not in self and len(self) >= self.maxsize:
            del self[next(iter(self))]
        super().__setitem__(key, value)


_DEFAULT: OfflineLoader | None = None


def default_loader() -> OfflineLoader:
    """The process-wide loader serving only the bundled contexts."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = OfflineLoader()
    return _DEFAULT
