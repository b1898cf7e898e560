"""A VC-API server for the library, for the W3C conformance suites: HTTP in, recipes out.

The official W3C test suites talk to an implementation over the W3C CCG VC-API.  This
module serves the routes they use on 127.0.0.1 with the standard library's HTTP server and
translates each request to one public recipe, and its answer back to HTTP:

* ``POST /issuers/{cryptosuite}[/{key type}]/credentials/issue``: :func:`microcredential.sign`
* ``POST /credentials/verify``: :func:`microcredential.verify`
* ``POST /presentations/verify``: :func:`microcredential.verify_presentation`

The server holds one test-only key per key type it signs with: Ed25519 for the EdDSA suites,
P-256 and P-384 for the ECDSA ones.  An issue route names the cryptosuite, and the key type
when it is not the suite's first (``/issuers/ecdsa-rdfc-2019/P-384/credentials/issue``).
A server given :class:`StatusLists` adds the status entry the VC-API issue option
``credentialStatus`` asks for, and its verifier reads those lists.

Nothing here decides what is valid: a refusal is the library's exception (400 with its
``name`` and ``message``), a verdict is the library's result (200 when verified, else 422 with
one error per problem).  A request the adapter cannot read (not JSON, a member missing) is a
400 too.  The server's key is test-only: the suites put its did:key into every credential
they send.  Like any deployment, the adapter chooses the JSON-LD contexts it accepts beyond
the bundled ones: the suites' documents cite the W3C examples context, so its loader serves
that one too (the same test-only loader the project's own tests use).

    python tests/conformance/vcapi.py --port 40880     # prints the did:key, then serves
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

if __package__ in (None, ""):  # run as a script: the tests folder holds the shared vectors
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import microcredential
from microcredential import Ed25519Key, MicrocredentialError
from microcredential.jsonld import OfflineLoader
from microcredential.keys import EcdsaKey, KeyType, Signer
from microcredential.status import IssuerStatusList
from vectors import EXAMPLES_LOADER

#: The address the server listens on: the suites' configuration refuses any other host.
HOST = "127.0.0.1"
DEFAULT_PORT = 40880
#: Requests larger than this are refused unread (the suites send a few kilobytes).
MAX_BODY = 1024 * 1024
_ISSUE_PREFIX = "/issuers/"
_ISSUE_SUFFIX = "/credentials/issue"


class BadRequest(Exception):
    """The request cannot be read as the route expects (answered with 400)."""


def _error(name: str, message: str) -> dict[str, Any]:
    return {"name": name, "message": message}


def _member(body: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = body.get(name)
    if not isinstance(value, Mapping):
        raise BadRequest(f"the request body needs an object {name!r}")
    return value


def _options(body: Mapping[str, Any]) -> Mapping[str, Any]:
    value = body.get("options", {})
    if not isinstance(value, Mapping):
        raise BadRequest("'options' must be an object")
    return value


#: The key types whose test-only keys a server makes unless it is given its keys.
KEY_TYPES = (KeyType.ED25519, KeyType.P256, KeyType.P384)


def make_keys(key: Ed25519Key | None = None) -> dict[KeyType, Signer]:
    """A fresh test-only key of each type in :data:`KEY_TYPES` (``key`` for Ed25519)."""
    keys: dict[KeyType, Signer] = {KeyType.ED25519: key or Ed25519Key.generate()}
    for key_type in KEY_TYPES[1:]:
        keys[key_type] = EcdsaKey.generate(key_type)
    return keys


def _issuer_key(keys: Mapping[KeyType, Signer], name: str) -> tuple[str, Signer]:
    """The cryptosuite and key an issue route names (``cryptosuite[/key type]``); without a
    key type, P-256 for an ECDSA suite and Ed25519 for any other (``sign`` judges the name)."""
    cryptosuite, _, wanted = name.partition("/")
    default = KeyType.P256 if cryptosuite.startswith("ecdsa-") else KeyType.ED25519
    key_type = next((t for t in KeyType if t.value == wanted), None) if wanted else default
    if key_type is None or key_type not in keys:
        raise BadRequest(f"this server has no {wanted or default.value} key")
    return cryptosuite, keys[key_type]


class StatusLists:
    """The issuer's Bitstring Status Lists, one per purpose, published under ``base_url``.

    It gives credentials their ``credentialStatus`` entry (the VC-API issue option
    ``credentialStatus``), signs each list's ``BitstringStatusListCredential`` on demand
    (:meth:`credential`, which a server publishes at the list's URL), and is the
    :class:`~microcredential.fetch.Fetcher` the adapter's verifier reads them with: the
    lists the issuer publishes, without a network.
    """

    PURPOSES = ("revocation", "suspension")

    def __init__(self, key: Ed25519Key, base_url: str) -> None:
        self.key = key
        self.lists = {
            purpose: IssuerStatusList.create(f"{base_url}/{purpose}", purpose=purpose)
            for purpose in self.PURPOSES
        }
        self._lock = threading.Lock()

    def entry(self, purpose: str) -> dict[str, Any]:
        """A newly allocated ``credentialStatus`` entry on the ``purpose`` list."""
        if purpose not in self.lists:
            raise BadRequest(f"no {purpose!r} status list (offered: {', '.join(self.lists)})")
        with self._lock:
            status_list = self.lists[purpose]
            return status_list.entry(status_list.allocate())

    def credential(self, purpose: str) -> dict[str, Any]:
        """The signed status list credential of ``purpose``, as the list is now."""
        with self._lock:
            return microcredential.status_list_credential(self.lists[purpose], self.key)

    def fetch(self, url: str) -> Any:
        for purpose, status_list in self.lists.items():
            if status_list.list_id == url:
                return self.credential(purpose)
        raise LookupError(f"{url} is not one of this issuer's status lists")


def _with_status(
    credential: Mapping[str, Any], options: Mapping[str, Any], status: StatusLists | None
) -> Mapping[str, Any]:
    """The credential with the status entry ``options.credentialStatus`` asks for."""
    wanted = options.get("credentialStatus")
    if wanted is None or "credentialStatus" in credential:
        return credential
    if not isinstance(wanted, Mapping) or wanted.get("type") != "BitstringStatusListEntry":
        raise BadRequest("options.credentialStatus must ask for a BitstringStatusListEntry")
    if status is None:
        raise BadRequest("this server keeps no status lists")
    return {**credential, "credentialStatus": status.entry(str(wanted.get("statusPurpose")))}


def issue(
    key: Signer,
    cryptosuite: str,
    body: Mapping[str, Any],
    loader: OfflineLoader,
    status: StatusLists | None = None,
) -> tuple[int, Any]:
    """``POST /issuers/{cryptosuite}/credentials/issue``: sign the credential (with a status
    entry when ``options.credentialStatus`` asks for one)."""
    options = _options(body)
    credential = _with_status(_member(body, "credential"), options, status)
    try:
        signed = microcredential.sign(
            credential,
            key,
            cryptosuite=cryptosuite,
            created=options.get("created"),
            loader=loader,
        )
    except (MicrocredentialError, ValueError, TypeError) as exc:
        return HTTPStatus.BAD_REQUEST, _error(type(exc).__name__, str(exc))
    return HTTPStatus.CREATED, {"verifiableCredential": signed}


def _verdict(result: Any) -> tuple[int, dict[str, Any]]:
    """A VC-API verification answer from a library result (credential or presentation)."""
    problems = [p for c in result.checks for p in c.problems]
    answer = {
        "verified": result.ok,
        "status": result.status.value,
        "checks": [c.name for c in result.checks if c.status.value == "passed"],
        "warnings": [_error(p.code, p.describe()) for p in problems if p.severity != "error"],
        "errors": [_error(p.code, p.describe()) for p in problems if p.severity == "error"],
        "result": result.to_dict(),
    }
    if not result.ok and not answer["errors"]:
        # indeterminate: nothing is wrong, but something could not be established
        answer["errors"] = [
            _error(c.name, f"{c.name}: {c.status.value}")
            for c in result.checks
            if c.status.value == "indeterminate"
        ]
    return (HTTPStatus.OK if result.ok else HTTPStatus.UNPROCESSABLE_ENTITY), answer


def check_credential(
    body: Mapping[str, Any], loader: OfflineLoader, status: StatusLists | None = None
) -> tuple[int, Any]:
    """``POST /credentials/verify``: verify one credential (its status with ``status``)."""
    credential = _member(body, "verifiableCredential")
    return _verdict(microcredential.verify(credential, loader=loader, status=status))


def verify_presentation(body: Mapping[str, Any], loader: OfflineLoader) -> tuple[int, Any]:
    """``POST /presentations/verify``: verify a presentation for the given challenge/domain."""
    presentation = _member(body, "verifiablePresentation")
    options = _options(body)
    challenge, domain = options.get("challenge"), options.get("domain")
    if not isinstance(challenge, str) or not isinstance(domain, str):
        raise BadRequest("options.challenge and options.domain must be strings")
    try:
        result = microcredential.verify_presentation(
            presentation, challenge=challenge, domain=domain, loader=loader
        )
    except ValueError as exc:  # an empty challenge or domain
        raise BadRequest(str(exc)) from None
    return _verdict(result)


def route(
    keys: Ed25519Key | Mapping[KeyType, Signer],
    path: str,
    body: Any,
    loader: OfflineLoader = EXAMPLES_LOADER,
    status: StatusLists | None = None,
) -> tuple[int, Any]:
    """Answer one POST: ``(status, JSON body)``.  Raises :class:`BadRequest`.

    ``keys``: the issuer's key of each type (or its one Ed25519 key); ``status``: its status
    lists, if it keeps any."""
    if not isinstance(body, Mapping):
        raise BadRequest("the request body must be a JSON object")
    if isinstance(keys, Ed25519Key):
        keys = {KeyType.ED25519: keys}
    url = urlsplit(path)
    if url.path.startswith(_ISSUE_PREFIX) and url.path.endswith(_ISSUE_SUFFIX):
        cryptosuite, key = _issuer_key(keys, url.path[len(_ISSUE_PREFIX) : -len(_ISSUE_SUFFIX)])
        code, answer = issue(key, cryptosuite, body, loader, status)
        if code == HTTPStatus.CREATED and parse_qs(url.query).get("response") == ["vc"]:
            answer = answer["verifiableCredential"]
        return code, answer
    if url.path == "/credentials/verify":
        return check_credential(body, loader, status)
    if url.path == "/presentations/verify":
        return verify_presentation(body, loader)
    return HTTPStatus.NOT_FOUND, _error("NotFound", f"no route {url.path}")


class _Handler(BaseHTTPRequestHandler):
    server: VcApiServer

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        try:
            if length > MAX_BODY:
                raise BadRequest(f"the request body is larger than {MAX_BODY} bytes")
            try:
                body = json.loads(self.rfile.read(length))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise BadRequest(f"the request body is not JSON: {exc}") from None
            status, answer = route(
                self.server.keys, self.path, body, self.server.loader, self.server.status
            )
        except BadRequest as exc:
            status, answer = HTTPStatus.BAD_REQUEST, _error("BadRequest", str(exc))
        except Exception as exc:  # a bug: visible to the suite as a 500, never a lost answer
            status = HTTPStatus.INTERNAL_SERVER_ERROR
            answer = _error(type(exc).__name__, str(exc))
        data = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            super().log_message(format, *args)


class VcApiServer(ThreadingHTTPServer):
    """The adapter, listening on 127.0.0.1 (``port=0``: any free port, see :attr:`port`)."""

    daemon_threads = True

    def __init__(
        self,
        key: Ed25519Key,
        port: int = DEFAULT_PORT,
        *,
        keys: Mapping[KeyType, Signer] | None = None,
        status: StatusLists | None = None,
        loader: OfflineLoader = EXAMPLES_LOADER,
        verbose: bool = False,
    ):
        super().__init__((HOST, port), _Handler)
        self.key = key
        #: The issuer's key of each type: ``key`` for Ed25519 and those of ``keys``.
        self.keys: dict[KeyType, Signer] = {**(keys or {}), KeyType.ED25519: key}
        #: The issuer's status lists (issue with ``options.credentialStatus``; verify reads
        #: them), if it keeps any.
        self.status = status
        self.loader = loader
        self.verbose = verbose

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> threading.Thread:
        """Serve in a daemon thread; stop with :meth:`shutdown` then :meth:`server_close`."""
        thread = threading.Thread(target=self.serve_forever, name="vcapi", daemon=True)
        thread.start()
        return thread


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    keys = make_keys()  # test-only: they live as long as the process
    key = keys.pop(KeyType.ED25519)
    assert isinstance(key, Ed25519Key)
    with VcApiServer(key, args.port, keys=keys, verbose=args.verbose) as server:
        for key_type, signer in server.keys.items():
            print(f"{key_type.value}: {signer.id}", flush=True)
        print(f"VCAPI_ISSUER_DID={key.controller}", flush=True)
        print(f"listening on {server.base_url}", file=sys.stderr, flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
