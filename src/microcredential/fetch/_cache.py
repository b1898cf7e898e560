"""Keeping fetched documents while they are fresh: :class:`FetchCache`."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, Final

from .._files import write_atomic
from .._json import load_json
from .._time import parse_datetime
from ..errors import FetchError, InvalidDocumentError
from ..multibase import is_compact_jws

_FORMAT: Final = "microcredential.fetch-cache/1"
_STRIPES: Final = 64


@dataclass(slots=True)
class CachedDocument:
    """One fetched document and what the cache needs to know about it."""

    url: str
    body: bytes
    document: Any
    #: When it stops being fresh (POSIX seconds, by the cache's clock).
    expires: float
    etag: str | None = None
    last_modified: str | None = None
    #: False when the server said ``no-store``: it is returned once and not kept.
    storable: bool = True


class FetchCache:
    """Documents fetched by URL, kept while they are fresh: in memory, and also in ``folder``
    when one is given (so that later runs reuse them).

    A document stays fresh for the shortest of: the HTTP ``Cache-Control: max-age`` (or
    ``Expires``), a status list's ``ttl`` (milliseconds, on its ``credentialSubject``), the
    time left until its ``validUntil`` (or ``expirationDate``), and ``max_age`` seconds;
    ``default_max_age`` seconds when the server and the document say nothing.
    ``Cache-Control: no-store`` keeps nothing; ``no-cache`` keeps the document but asks the
    server again every time (an ``ETag`` or ``Last-Modified`` lets it answer "not modified"
    cheaply).  A stale document is never returned: it is fetched again, and when that fails
    the fetch fails (the verdict is *indeterminate*, never "valid").

    A failed fetch is remembered for ``failure_ttl`` seconds (in memory only), so that a batch
    of credentials pointing at an unreachable list does not wait for it once per credential.
    ``clock`` returns the current POSIX time (inject one in tests).  One cache may be shared
    by several fetchers and threads.  The folder must be writable by you alone: a document
    in it is used as if it had been fetched.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str] | None = None,
        *,
        max_age: float = 86_400.0,
        default_max_age: float = 300.0,
        failure_ttl: float = 30.0,
        max_entries: int = 1024,
        clock: Callable[[], float] = time.time,
    ) -> None:
        for name, value in (
            ("max_age", max_age),
            ("default_max_age", default_max_age),
            ("failure_ttl", failure_ttl),
        ):
            if not isinstance(value, int | float) or math.isnan(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative number of seconds")
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self.folder = None if folder is None else Path(folder)
        if self.folder is not None:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.max_age = float(max_age)
        self.default_max_age = float(default_max_age)
        self.failure_ttl = float(failure_ttl)
        self.max_entries = max_entries
        self.clock = clock
        self._memory: dict[str, CachedDocument] = {}
        self._failures: dict[str, tuple[float, FetchError]] = {}
        self._lock = threading.Lock()
        self._stripes = tuple(threading.Lock() for _ in range(_STRIPES))

    def __repr__(self) -> str:
        where = f"folder={str(self.folder)!r}" if self.folder is not None else "in memory"
        return f"FetchCache({where}, {len(self._memory)} documents)"

    def clear(self) -> None:
        """Forget every document and failure kept in memory (the folder is left as it is)."""
        with self._lock:
            self._memory.clear()
            self._failures.clear()

    # -- used by the fetchers ------------------------------------------------------------------

    def _get(self, url: str, load: Callable[[CachedDocument | None], CachedDocument]) -> Any:
        """The fresh document kept for ``url``, else ``load(stale_or_none)``'s, kept."""
        with self._stripes[hash(url) % _STRIPES]:  # one fetch per URL at a time
            now = self.clock()
            with self._lock:
                entry = self._memory.get(url)
                failure = self._failures.get(url)
            if entry is None:
                entry = self._read_folder(url)
            if entry is not None and entry.expires > now:
                return entry.document
            if failure is not None and failure[0] > now:
                raise failure[1]
            try:
                fetched = load(entry)
            except FetchError as exc:
                with self._lock:
                    self._failures[url] = (now + self.failure_ttl, exc)
                raise
            self._keep(fetched)
            return fetched.document

    def _entry(
        self, url: str, body: bytes, document: Any, headers: Mapping[str, str]
    ) -> CachedDocument:
        """A new cache entry for a document just fetched, fresh for as long as it may be."""
        now = self.clock()
        lifetime, storable = self._lifetime(headers, document, now)
        return CachedDocument(
            url,
            body,
            document,
            now + lifetime,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            storable=storable,
        )

    def _revalidated(self, stale: CachedDocument, headers: Mapping[str, str]) -> CachedDocument:
        """``stale`` after the server answered 304 Not Modified with ``headers``."""
        merged = {"etag": stale.etag or "", "last-modified": stale.last_modified or ""}
        merged.update(headers)
        fresh = self._entry(stale.url, stale.body, stale.document, merged)
        fresh.etag = fresh.etag or None
        fresh.last_modified = fresh.last_modified or None
        return fresh

    # -- freshness ------------------------------------------------------------------------------

    def _lifetime(
        self, headers: Mapping[str, str], document: Any, now: float
    ) -> tuple[float, bool]:
        directives = _cache_control(headers.get("cache-control", ""))
        if "no-store" in directives:
            return 0.0, False
        limits = [
            limit
            for limit in (
                _http_lifetime(directives, headers, now),
                _document_lifetime(document, now),
            )
            if limit is not None
        ]
        lifetime = min(limits) if limits else self.default_max_age
        return max(0.0, min(lifetime, self.max_age)), True

    # -- storage --------------------------------------------------------------------------------

    def _keep(self, entry: CachedDocument) -> None:
        if not entry.storable or (
            entry.expires <= self.clock() and entry.etag is None and entry.last_modified is None
        ):
            with self._lock:
                self._memory.pop(entry.url, None)
                self._failures.pop(entry.url, None)
            return
        with self._lock:
            self._failures.pop(entry.url, None)
            self._memory.pop(entry.url, None)
            while len(self._memory) >= self.max_entries:
                self._memory.pop(next(iter(self._memory)))
            self._memory[entry.url] = entry
        if self.folder is not None:
            record = {
                "format": _FORMAT,
                "url": entry.url,
                "expires": entry.expires,
                "etag": entry.etag,
                "lastModified": entry.last_modified,
                "body": entry.body.decode("utf-8"),
            }
            with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
                write_atomic(self._path(entry.url), json.dumps(record), mode=0o600, durable=False)

    def _read_folder(self, url: str) -> CachedDocument | None:
        if self.folder is None:
            return None
        try:
            record = load_json(self._path(url).read_bytes())
            if not isinstance(record, dict) or record.get("format") != _FORMAT:
                return None
            if record.get("url") != url or not isinstance(record.get("body"), str):
                return None
            expires = record.get("expires")
            etag, modified = record.get("etag"), record.get("lastModified")
            if not isinstance(expires, int | float) or isinstance(expires, bool):
                return None
            if not isinstance(etag, str | None) or not isinstance(modified, str | None):
                return None
            body = record["body"].encode("utf-8")
            token = token_text(body)
            document = token if token is not None else load_json(body, source=url)
        except (OSError, InvalidDocumentError):
            return None
        entry = CachedDocument(url, body, document, float(expires), etag, modified)
        with self._lock:
            self._memory.setdefault(url, entry)
        return entry

    def _path(self, url: str) -> Path:
        assert self.folder is not None
        return self.folder / (hashlib.sha256(url.encode("utf-8")).hexdigest() + ".json")


def _cache_control(value: str) -> dict[str, str]:
    directives: dict[str, str] = {}
    for part in value.split(","):
        name, _, argument = part.strip().partition("=")
        if name:
            directives[name.strip().lower()] = argument.strip().strip('"')
    return directives


def _http_lifetime(
    directives: Mapping[str, str], headers: Mapping[str, str], now: float
) -> float | None:
    """Seconds of freshness the HTTP headers give (RFC 9111 §4.2.1), None when they say none."""
    if "no-cache" in directives:
        return 0.0
    if "max-age" in directives:
        value = directives["max-age"]
        return float(value) if value.isdigit() else 0.0
    expires = headers.get("expires")
    if expires is None:
        return None
    try:
        until = parsedate_to_datetime(expires).timestamp()
        date = headers.get("date")
        base = parsedate_to_datetime(date).timestamp() if date else now
    except (TypeError, ValueError, IndexError):
        return 0.0  # an invalid Expires means "already expired"
    return until - base


def token_text(body: bytes) -> str | None:
    """The compact JWT a response body holds (white space around it aside), else None."""
    try:
        text = body.decode("ascii").strip()
    except UnicodeDecodeError:
        return None
    return text if is_compact_jws(text) else None


def _document_lifetime(document: Any, now: float) -> float | None:
    """Seconds of freshness a status list credential gives itself: its ``ttl`` and the time
    left until its ``validUntil``; None when it gives neither (a list published as a
    VC-JWT, which is not read here, says neither)."""
    if not isinstance(document, Mapping):
        return None
    limits: list[float] = []
    subject = document.get("credentialSubject")
    ttl = subject.get("ttl") if isinstance(subject, Mapping) else None
    if isinstance(ttl, int | float) and not isinstance(ttl, bool) and ttl >= 0:
        limits.append(ttl / 1000)
    for key in ("validUntil", "expirationDate"):
        value = document.get(key)
        if isinstance(value, str):
            try:
                until = parse_datetime(value)
            except ValueError:
                continue
            limits.append(until.timestamp() - now)
    return min(limits) if limits else None
