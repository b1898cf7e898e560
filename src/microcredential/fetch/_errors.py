"""Why a document could not be fetched: the ``fetch.*`` problem codes and :func:`refusal`."""

from __future__ import annotations

from typing import Final

from ..errors import FetchError
from ..problems import Problem

#: The URL may not be fetched: not ``https``, credentials in it, not a valid URL, or a host
#: outside the caller's ``allowed_hosts``.
URL_REFUSED: Final = "fetch.url-refused"
#: The host name has no address (DNS).
UNRESOLVABLE: Final = "fetch.unresolvable"
#: The host resolves to a loopback, private, link-local, multicast or otherwise non-public
#: address, and the caller did not name it in ``private_hosts``.
ADDRESS_REFUSED: Final = "fetch.address-refused"
#: No connection could be made, or it broke.
UNREACHABLE: Final = "fetch.unreachable"
#: Connecting, or the whole exchange, took longer than the timeout.
TIMEOUT: Final = "fetch.timeout"
#: The TLS handshake failed: the certificate is not trusted or not for the host name.
TLS: Final = "fetch.tls"
#: A redirect to another origin (scheme, host or port), or too many redirects.
REDIRECT_REFUSED: Final = "fetch.redirect-refused"
#: The server answered with a status other than 200 (or a redirect followed).
HTTP_STATUS: Final = "fetch.http-status"
#: The response's ``Content-Type`` (or ``Content-Encoding``) is not one accepted.
MEDIA_TYPE: Final = "fetch.media-type"
#: The response is larger than the size cap.
TOO_LARGE: Final = "fetch.too-large"
#: The response is not a JSON document (or nests too deep).
INVALID_JSON: Final = "fetch.invalid-json"

#: Every code a fetch can fail with.  Each makes what needed the document *indeterminate*.
FETCH_CODES: Final = frozenset(
    {
        URL_REFUSED,
        UNRESOLVABLE,
        ADDRESS_REFUSED,
        UNREACHABLE,
        TIMEOUT,
        TLS,
        REDIRECT_REFUSED,
        HTTP_STATUS,
        MEDIA_TYPE,
        TOO_LARGE,
        INVALID_JSON,
    }
)


def refusal(code: str, message: str) -> FetchError:
    """A :class:`FetchError` carrying one problem ``code`` (its path is filled in by whoever
    needed the document)."""
    return FetchError(message, problems=(Problem(code, message),))
