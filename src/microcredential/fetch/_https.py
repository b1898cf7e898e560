"""Fetching JSON documents over https, safely: :class:`HttpsFetcher` (built on urllib3)."""

from __future__ import annotations

import math
import os
import ssl
import time
import urllib.parse
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from .._json import load_json
from .._version import __version__
from ..errors import FetchError, InvalidDocumentError
from ..problems import quote
from . import _errors
from ._addresses import Address, HostResolver, addresses_to_try, system_addresses
from ._cache import CachedDocument, FetchCache, token_text

if TYPE_CHECKING:
    import urllib3

#: The media types a fetched document may have (parameters such as ``charset`` aside):
#: JSON, JSON-LD, DID documents, and Verifiable Credentials (VC 2.0 ``application/vc``,
#: VC 1.1 ``application/vc+ld+json``).
ACCEPTED_MEDIA_TYPES: Final = frozenset(
    {
        "application/json",
        "application/ld+json",
        "application/did+json",
        "application/did+ld+json",
        "application/vc",
        "application/vc+ld+json",
        *("application/vc+jwt", "application/jwt"),
    }
)
#: The media types of a compact JWT (VC-JOSE-COSE's ``application/vc+jwt``, RFC 7519's
#: ``application/jwt``): the body is returned as the token's text, not parsed as JSON.
_TOKEN_MEDIA_TYPES: Final = frozenset({"application/vc+jwt", "application/jwt"})
#: Seconds a connection, and a whole fetch (redirects included), may take by default.
DEFAULT_TIMEOUT: Final = 10.0
#: The largest response fetched by default (bytes): a status list of 16 KiB compressed fits
#: many times over; a controller document is a few kilobytes.
DEFAULT_MAX_BYTES: Final = 2 * 1024 * 1024
#: Redirects followed by default (within the same origin only).
DEFAULT_MAX_REDIRECTS: Final = 3

_ACCEPT: Final = (
    "application/did+json, application/vc, application/ld+json;q=0.9, "
    "application/vc+jwt;q=0.9, application/json;q=0.8"
)
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_CHUNK: Final = 64 * 1024


@dataclass(frozen=True, slots=True)
class _Target:
    url: str
    host: str  # the host name as connected to (A-labels, lower case, no trailing dot)
    port: int
    path: str  # path and query

    @property
    def origin(self) -> tuple[str, int]:
        return self.host, self.port

    @property
    def host_header(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == 443 else f"{name}:{self.port}"


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    headers: dict[str, str]
    body: bytes = b""


class HttpsFetcher:
    """Fetches JSON documents over https for verification: DID documents, controller
    documents and status list credentials.  Built on urllib3 (the ``online`` extra:
    ``pip install 'microcredential[online]'``).

    What it refuses, each with a ``fetch.*`` problem code in a
    :class:`~microcredential.errors.FetchError` (never an exception of the HTTP client):

    * any URL that is not ``https`` or carries credentials (``fetch.url-refused``); with
      ``allowed_hosts``, any host not listed (``"host"`` or ``"host:port"``);
    * loopback, private, link-local, multicast and other non-public addresses
      (``fetch.address-refused``).  The host name is resolved with ``host_resolver`` (default:
      the system's), each address is checked, and the connection goes to a checked address
      with TLS verifying the certificate for the *host name*: a name that resolves to a
      private address (DNS rebinding included) never reaches it.  Hosts in ``private_hosts``
      (your intranet, a test server) are exempt from this one check;
    * TLS that does not verify (``fetch.tls``): trust comes from the system's CA store, or
      only from the PEM file ``ca_bundle`` when one is given;
    * redirects to another origin, or more than ``max_redirects`` (``fetch.redirect-refused``);
    * a connection or an exchange longer than ``timeout`` seconds (``fetch.timeout``), a
      response over ``max_bytes`` (``fetch.too-large``), a status other than 200
      (``fetch.http-status``), a media type outside :data:`ACCEPTED_MEDIA_TYPES` or a
      compressed body (``fetch.media-type``), a body that is not JSON (``fetch.invalid-json``).

    No proxy or other setting is read from the environment.  Documents are kept in ``cache``
    (default: a new in-memory :class:`FetchCache`) while they are fresh, so a
    :class:`~microcredential.Verifier` checking many credentials fetches each status list and
    controller document once.  A returned document is shared with the cache: do not modify it.
    """

    def __init__(
        self,
        *,
        allowed_hosts: Iterable[str] | None = None,
        private_hosts: Iterable[str] = (),
        ca_bundle: str | os.PathLike[str] | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = DEFAULT_MAX_REDIRECTS,
        cache: FetchCache | None = None,
        host_resolver: HostResolver | None = None,
    ) -> None:
        self._urllib3 = _import_urllib3()
        self.allowed_hosts = None if allowed_hosts is None else _host_names(allowed_hosts)
        if self.allowed_hosts is not None and not self.allowed_hosts:
            raise ValueError("allowed_hosts is empty: name the hosts to fetch from, or pass None")
        self.private_hosts = _host_names(private_hosts)
        if not isinstance(timeout, int | float) or math.isnan(timeout) or timeout <= 0:
            raise ValueError("timeout must be a positive number of seconds")
        if max_bytes <= 0 or max_redirects < 0:
            raise ValueError("max_bytes must be positive and max_redirects not negative")
        self.timeout = float(timeout)
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.cache = cache if cache is not None else FetchCache()
        self._resolve_host = host_resolver if host_resolver is not None else system_addresses
        self.ca_bundle = None if ca_bundle is None else os.fspath(ca_bundle)
        try:
            self._tls = ssl.create_default_context(cafile=self.ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise ValueError(
                f"ca_bundle {self.ca_bundle!r} is not a readable PEM file: {exc}"
            ) from None
        self._tls.minimum_version = ssl.TLSVersion.TLSv1_2

    def __repr__(self) -> str:
        parts = []
        if self.allowed_hosts is not None:
            parts.append(f"allowed_hosts=[{', '.join(sorted(self.allowed_hosts))}]")
        if self.private_hosts:
            parts.append(f"private_hosts=[{', '.join(sorted(self.private_hosts))}]")
        if self.ca_bundle is not None:
            parts.append(f"ca_bundle={self.ca_bundle!r}")
        parts.append(f"timeout={self.timeout}")
        return f"HttpsFetcher({', '.join(parts)})"

    # -- the Fetcher protocol -------------------------------------------------------------------

    def fetch(self, url: str) -> Any:
        """The JSON document at ``url`` (its fragment dropped), from the cache while fresh."""
        target = self._target(url)
        return self.cache._get(target.url, lambda stale: self._load(target, stale))

    def fetch_json(self, url: str) -> Any:
        """Deprecated: :meth:`fetch` (the :class:`~microcredential.fetch.Fetcher` method)."""
        warnings.warn(
            "HttpsFetcher.fetch_json is deprecated: call fetch (the Fetcher protocol's method)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.fetch(url)

    def check_url(self, url: str) -> str:
        """The URL without its fragment, if it may be fetched; ``FetchError`` otherwise.

        Only the URL is checked here; the address is checked when connecting."""
        return self._target(url).url

    # -- one fetch ------------------------------------------------------------------------------

    def _target(self, url: str) -> _Target:
        shown = quote(url, 120)
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
            host = _a_label(parts.hostname or "")
        except (ValueError, UnicodeError, TypeError, AttributeError):
            raise _errors.refusal(_errors.URL_REFUSED, f"not a valid URL: {shown}") from None
        if parts.scheme.lower() != "https":
            raise _errors.refusal(
                _errors.URL_REFUSED,
                f"refusing to fetch {shown}: only https URLs are fetched "
                f"(scheme {parts.scheme or 'missing'!r})",
            )
        if parts.username is not None or parts.password is not None:
            raise _errors.refusal(
                _errors.URL_REFUSED, f"refusing to fetch {shown}: it contains credentials"
            )
        if not host:
            raise _errors.refusal(_errors.URL_REFUSED, f"refusing to fetch {shown}: no host")
        port = 443 if port is None else port
        if self.allowed_hosts is not None and not _listed(host, port, self.allowed_hosts):
            raise _errors.refusal(
                _errors.URL_REFUSED,
                f"refusing to fetch from {host if port == 443 else f'{host}:{port}'!r}: "
                "it is not in allowed_hosts",
            )
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        clean = urllib.parse.urlunsplit(parts._replace(fragment=""))
        return _Target(clean, host, port, path)

    def _load(self, target: _Target, stale: CachedDocument | None) -> CachedDocument:
        deadline = time.monotonic() + self.timeout
        headers = {"Accept": _ACCEPT, "Accept-Encoding": "identity"}
        headers["User-Agent"] = f"microcredential/{__version__}"
        if stale is not None and stale.etag is not None:
            headers["If-None-Match"] = stale.etag
        if stale is not None and stale.last_modified is not None:
            headers["If-Modified-Since"] = stale.last_modified
        current = target
        for _ in range(self.max_redirects + 1):
            answer = self._exchange(current, headers, deadline)
            if answer.status in _REDIRECTS:
                current = self._redirect(current, answer.headers.get("location"))
                continue
            if answer.status == 304 and stale is not None:
                return self.cache._revalidated(stale, answer.headers)
            return self.cache._entry(
                target.url, answer.body, self._document(current, answer), answer.headers
            )
        raise _errors.refusal(
            _errors.REDIRECT_REFUSED,
            f"{target.url} redirected more than {self.max_redirects} times",
        )

    def _redirect(self, current: _Target, location: str | None) -> _Target:
        if not location:
            raise _errors.refusal(
                _errors.REDIRECT_REFUSED, f"{current.url} redirected without a Location"
            )
        following = self._target(urllib.parse.urljoin(current.url, location))
        if following.origin != current.origin:
            raise _errors.refusal(
                _errors.REDIRECT_REFUSED,
                f"refusing the redirect from {current.url} to {quote(following.url, 120)}: "
                "redirects are followed within the same origin only",
            )
        return following

    def _exchange(self, target: _Target, headers: Mapping[str, str], deadline: float) -> _Answer:
        """One request to a checked address of ``target``'s host; the body is read only for a
        200 answer that passes the media type and size checks."""
        private = _listed(target.host, target.port, self.private_hosts)
        addresses = addresses_to_try(target.host, self._resolve_host, private_allowed=private)
        errors = self._urllib3.exceptions
        last: FetchError | None = None
        for address in addresses:
            pool = self._pool(target, address, deadline)
            try:
                response = pool.urlopen(
                    "GET",
                    target.path,
                    headers={**headers, "Host": target.host_header},
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    decode_content=False,
                    assert_same_host=False,
                )
            except (errors.NewConnectionError, errors.ConnectTimeoutError) as exc:
                last = _connection_failure(target, address, exc, errors)
                pool.close()
                continue
            except (errors.HTTPError, OSError) as exc:
                pool.close()
                raise _failure(target, exc, errors) from None
            try:
                return self._answer(target, response, deadline)
            except (errors.HTTPError, OSError) as exc:
                raise _failure(target, exc, errors) from None
            finally:
                response.close()  # the connection is not reused: close it and its file
                pool.close()
        assert last is not None
        raise last

    def _pool(
        self, target: _Target, address: Address, deadline: float
    ) -> urllib3.HTTPSConnectionPool:
        remaining = _remaining(deadline, target)
        timeout = self._urllib3.Timeout(connect=remaining, read=min(self.timeout, remaining))
        pool: urllib3.HTTPSConnectionPool = self._urllib3.HTTPSConnectionPool(
            str(address),
            target.port,
            timeout=timeout,
            maxsize=1,
            retries=False,
            ssl_context=self._tls,
            server_hostname=target.host,  # SNI, and the name the certificate must match
        )
        return pool

    def _answer(
        self, target: _Target, response: urllib3.BaseHTTPResponse, deadline: float
    ) -> _Answer:
        headers = {k.lower(): v for k, v in response.headers.items()}
        if response.status != 200:
            return _Answer(response.status, headers)
        media = headers.get("content-type", "").split(";")[0].strip().lower()
        if media not in ACCEPTED_MEDIA_TYPES:
            raise _errors.refusal(
                _errors.MEDIA_TYPE,
                f"{target.url} is {media or 'of no stated media type'!r}, not a JSON document "
                f"({', '.join(sorted(ACCEPTED_MEDIA_TYPES))})",
            )
        encoding = headers.get("content-encoding", "identity").strip().lower()
        if encoding not in ("", "identity"):
            raise _errors.refusal(
                _errors.MEDIA_TYPE,
                f"{target.url} came {encoding}-encoded although an unencoded body was asked for",
            )
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_bytes:
            raise self._too_large(target)
        chunks: list[bytes] = []
        size = 0
        while True:
            _remaining(deadline, target)
            chunk = response.read1(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(target)
            chunks.append(chunk)
        _remaining(deadline, target)
        return _Answer(200, headers, b"".join(chunks))

    def _too_large(self, target: _Target) -> FetchError:
        return _errors.refusal(
            _errors.TOO_LARGE, f"{target.url} is larger than {self.max_bytes:,} bytes"
        )

    def _document(self, target: _Target, answer: _Answer) -> Any:
        if answer.status != 200:
            raise _errors.refusal(
                _errors.HTTP_STATUS, f"{target.url} answered HTTP {answer.status}"
            )
        media = answer.headers.get("content-type", "").split(";")[0].strip().lower()
        if media in _TOKEN_MEDIA_TYPES:
            token = token_text(answer.body)
            if token is None:
                raise _errors.refusal(
                    _errors.INVALID_JSON,
                    f"{target.url} is served as {media} but is not a compact JWT",
                )
            return token
        try:
            return load_json(answer.body, source=target.url, max_bytes=self.max_bytes)
        except InvalidDocumentError as exc:
            raise _errors.refusal(_errors.INVALID_JSON, exc.message) from None


# -- helpers -----------------------------------------------------------------------------------


def _import_urllib3() -> Any:
    try:
        import urllib3
    except ImportError:
        raise ModuleNotFoundError(
            "fetching over https needs urllib3, which the 'online' extra installs: "
            "pip install 'microcredential[online]'",
            name="urllib3",
        ) from None
    return urllib3


def _a_label(host: str) -> str:
    """The host name as sent in TLS and DNS: lower case, no trailing dot, IDNA A-labels."""
    host = host.lower().rstrip(".")
    if host.isascii():
        return host
    return host.encode("idna").decode("ascii")


def _host_names(hosts: Iterable[str]) -> frozenset[str]:
    if isinstance(hosts, str):
        raise TypeError("give a list of host names, not one string")
    names = set()
    for entry in hosts:
        host, sep, port = entry.strip().rpartition(":") if _has_port(entry) else (entry, "", "")
        names.add(_a_label(host.strip().strip("[]")) + (f":{port}" if sep else ""))
    return frozenset(names)


def _has_port(entry: str) -> bool:
    text = entry.strip()
    if text.startswith("["):
        return "]:" in text
    return text.count(":") == 1


def _listed(host: str, port: int, names: frozenset[str]) -> bool:
    return host in names or f"{host}:{port}" in names


def _remaining(deadline: float, target: _Target) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise _errors.refusal(_errors.TIMEOUT, f"fetching {target.url} took too long")
    return left


def _connection_failure(
    target: _Target, address: Address, exc: Exception, errors: Any
) -> FetchError:
    # urllib3's NewConnectionError (refused, unreachable) is a ConnectTimeoutError too
    if isinstance(exc, errors.NewConnectionError):
        return _errors.refusal(
            _errors.UNREACHABLE, f"cannot connect to {target.host} ({address}): {_reason(exc)}"
        )
    return _errors.refusal(_errors.TIMEOUT, f"connecting to {target.host} ({address}) timed out")


def _failure(target: _Target, exc: BaseException, errors: Any) -> FetchError:
    if isinstance(exc, FetchError):
        return exc
    if isinstance(exc, errors.SSLError | ssl.SSLError):
        return _errors.refusal(
            _errors.TLS,
            f"TLS with {target.host} failed: {_reason(exc)} (the certificate must be trusted "
            "and issued for this host name)",
        )
    if isinstance(exc, errors.TimeoutError | TimeoutError):
        return _errors.refusal(_errors.TIMEOUT, f"fetching {target.url} timed out")
    return _errors.refusal(_errors.UNREACHABLE, f"fetching {target.url} failed: {_reason(exc)}")


def _reason(exc: BaseException) -> str:
    """The innermost cause's message, without urllib3's object reprs."""
    inner: BaseException = exc
    while True:
        nested = getattr(inner, "reason", None)
        if isinstance(nested, BaseException) and nested is not inner:
            inner = nested
            continue
        break
    text = str(inner) or type(inner).__name__
    return text.split(": ", 1)[-1] if text.startswith("<") else text
