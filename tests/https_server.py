"""A real HTTPS server on 127.0.0.1 for the online-mode tests, and a test CA to trust it.

Nothing in these tests reaches past the loopback address: the server is started by the test,
host names are pinned to addresses by the fetcher's injectable host resolver (no DNS), and the
``loopback`` fixture of the root conftest refuses every other connection.
"""

from __future__ import annotations

import datetime
import http.server
import json
import ssl
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from microcredential import issue, status_list_credential
from microcredential.fetch import FetchCache, HttpsFetcher
from microcredential.keys import Ed25519Key
from microcredential.status import IssuerStatusList

#: Names the test certificate is issued for (they resolve to 127.0.0.1 below).
CERT_NAMES = ("issuer.test", "other.test", "rebind.test", "localhost")
#: Host name -> addresses, for the fetcher's host resolver: no DNS is asked.
ADDRESSES = {
    "issuer.test": ["127.0.0.1"],
    "other.test": ["127.0.0.1"],
    "mismatch.test": ["127.0.0.1"],  # served with a certificate that does not name it
    "localhost": ["127.0.0.1"],
    "intranet.test": ["10.1.2.3"],  # private: never connected to
    "rebind.test": ["127.0.0.1"],  # a public-looking name that resolves to loopback
}


def pinned_addresses(host: str) -> Sequence[str]:
    """The test's host resolver: the fixed table above; unknown names do not resolve."""
    try:
        return ADDRESSES[host]
    except KeyError:
        raise OSError(f"test resolver: unknown host {host!r}") from None


@dataclass(frozen=True)
class Pki:
    """A test CA and a server certificate it issued for :data:`CERT_NAMES`."""

    ca_file: Path
    cert_file: Path
    key_file: Path


def _name(text: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])


@dataclass
class Reply:
    """What the server answers for one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering (a slow server).
    delay: float = 0.0
    #: Send the body without a Content-Length (read until the connection closes).
    unsized: bool = False

    @classmethod
    def json(cls, document: Any, **headers: str) -> Reply:
        return cls(
            json.dumps(document).encode(),
            headers={"Content-Type": "application/json", **headers},
        )


class Server:
    """The running server: ``routes`` (path -> :class:`Reply`) may change between requests;
    ``hits`` counts the requests per path, ``requests`` keeps each one's headers."""

    def __init__(self, pki: Pki) -> None:
        self.pki = pki
        self.routes: dict[str, Reply | Callable[[dict[str, str]], Reply]] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        handler = _handler(self)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(pki.cert_file, pki.key_file)
        self._httpd = _TlsServer(("127.0.0.1", 0), handler, context)
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def url(self, path: str, host: str = "issuer.test") -> str:
        return f"https://{host}:{self.port}{path}"

    def did(self, *path: str, host: str = "issuer.test") -> str:
        return ":".join([f"did:web:{host}%3A{self.port}", *path])

    def fetcher(self, **options: Any) -> HttpsFetcher:
        """A fetcher that trusts the test CA, pins the test names to their addresses and may
        reach the loopback server as ``issuer.test``, ``other.test`` and ``mismatch.test``."""
        options.setdefault("ca_bundle", self.pki.ca_file)
        options.setdefault("private_hosts", ["issuer.test", "other.test", "mismatch.test"])
        options.setdefault("host_resolver", pinned_addresses)
        options.setdefault("timeout", 5.0)
        options.setdefault("cache", FetchCache())
        return HttpsFetcher(**options)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _TlsServer(http.server.ThreadingHTTPServer):
    """Serves TLS; each connection's handshake runs in its own thread, so a client that
    rejects the certificate (a test of exactly that) disturbs nothing else."""

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[http.server.BaseHTTPRequestHandler],
        context: ssl.SSLContext,
    ) -> None:
        super().__init__(address, handler)
        self.context = context

    def get_request(self) -> tuple[Any, Any]:
        raw, address = self.socket.accept()
        try:
            return self.context.wrap_socket(
                raw, server_side=True, do_handshake_on_connect=False
            ), address
        except BaseException:
            raw.close()
            raise

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that went away (timeouts, refused certificates) is expected here


def _handler(server: Server) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            server.hits[self.path] += 1
            server.requests.append((self.path, headers))
            route = server.routes.get(self.path)
            reply = route(headers) if callable(route) else route
            if reply is None:
                reply = Reply(b"not found", status=404, headers={"Content-Type": "text/plain"})
            if reply.delay:
                time.sleep(reply.delay)
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.unsized:
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def make_pki(folder: Path) -> Pki:
    """A new test CA and server certificate, written to ``folder``."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("microcredential test CA"))
        .issuer_name(_name("microcredential test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(CERT_NAMES[0]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName(n) for n in CERT_NAMES]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    pki = Pki(folder / "ca.pem", folder / "server.pem", folder / "server.key")
    pki.ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pki.cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    pki.key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pki


ACHIEVEMENT = {
    "id": "https://issuer.test/achievements/teamwork",
    "type": ["Achievement"],
    "name": "Teamwork",
    "description": "Collaborates well within a group.",
    "criteria": {"narrative": "Nominated by peers."},
}
VALID_FROM = "2025-01-01T00:00:00Z"


class Issuer:
    """A did:web issuer publishing its DID document and one status list on ``server``."""

    achievement = ACHIEVEMENT

    def __init__(
        self, server: Server, *, host: str = "issuer.test", ttl: int | None = None
    ) -> None:
        self.server = server
        self.did = server.did(host=host)
        self.key = Ed25519Key.generate(controller=self.did, id=f"{self.did}#key-1")
        self.keys = [self.key]
        self.ttl = ttl
        self.revocations = IssuerStatusList.create(server.url("/status/1", host))
        self.publish_keys()
        self.publish_list()

    def publish_keys(self) -> None:
        document = self.keys[0].controller_document()
        for extra in self.keys[1:]:
            other = extra.controller_document()
            document["verificationMethod"] += other["verificationMethod"]
            for relationship in ("assertionMethod", "authentication"):
                document[relationship] = document.get(relationship, []) + other[relationship]
        self.server.routes["/.well-known/did.json"] = Reply.json(document)

    def publish_list(self) -> None:
        published = status_list_credential(
            self.revocations, self.key, valid_from=VALID_FROM, ttl=self.ttl
        )
        self.server.routes["/status/1"] = Reply.json(published)

    def issue(self, key: Ed25519Key | None = None) -> dict[str, Any]:
        return issue(
            ACHIEVEMENT,
            recipient="did:example:learner",
            key=key or self.key,
            valid_from=VALID_FROM,
            status=self.revocations,
        )

    def revoke(self, credential: dict[str, Any]) -> None:
        self.revocations.revoke(int(credential["credentialStatus"]["statusListIndex"]))
        self.publish_list()
