"""HttpsFetcher against a real local HTTPS server: what it fetches, what it refuses, and why.

Every refusal is a FetchError carrying one ``fetch.*`` problem, never an exception of the
HTTP client underneath.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from https_server import Reply, Server, pinned_addresses
from microcredential.errors import FetchError, ResolutionError
from microcredential.fetch import FETCH_CODES, Fetcher, HttpsFetcher

DOCUMENT = {"id": "https://issuer.test/doc", "name": "a document"}


def refusal(fetcher: HttpsFetcher, url: str) -> str:
    """The problem code of the FetchError that fetching ``url`` raises."""
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    (found,) = caught.value.problems
    assert found.code in FETCH_CODES
    assert isinstance(caught.value, ResolutionError)
    return found.code


def test_fetches_json_from_the_local_server(server: Server) -> None:
    server.routes["/doc"] = Reply.json(DOCUMENT)
    fetcher = server.fetcher()
    assert isinstance(fetcher, Fetcher)
    assert fetcher.fetch(server.url("/doc#frag")) == DOCUMENT
    ((path, headers),) = server.requests
    assert path == "/doc"  # the fragment stays with the client
    assert headers["host"] == f"issuer.test:{server.port}"  # the name, not the address
    assert "application/did+json" in headers["accept"]
    assert headers["accept-encoding"] == "identity"


@pytest.mark.parametrize(
    "media",
    [
        "application/json; charset=utf-8",
        "application/did+json",
        "application/ld+json",
        "application/vc",
        "application/vc+ld+json",
    ],
)
def test_accepted_media_types(server: Server, media: str) -> None:
    server.routes["/doc"] = Reply(json.dumps(DOCUMENT).encode(), headers={"Content-Type": media})
    assert server.fetcher().fetch(server.url("/doc")) == DOCUMENT


@pytest.mark.parametrize("media", ["application/vc+jwt", "application/jwt"])
def test_a_vc_jwt_is_fetched_as_its_text(server: Server, media: str) -> None:
    token = "eyJhbGciOiJFUzI1NiJ9.eyJpZCI6Imh0dHBzOi8vaXNzdWVyLnRlc3QvMSJ9.c2lnbmF0dXJl"
    server.routes["/list"] = Reply(f"{token}\n".encode(), headers={"Content-Type": media})
    assert server.fetcher().fetch(server.url("/list")) == token
    assert "application/vc+jwt" in server.requests[0][1]["accept"]
    server.routes["/list"] = Reply(b'{"id": "x"}', headers={"Content-Type": media})
    assert refusal(server.fetcher(), server.url("/list")) == "fetch.invalid-json"


@pytest.mark.parametrize("media", ["text/html", "application/octet-stream", None])
def test_other_media_types_are_refused(server: Server, media: str | None) -> None:
    headers = {} if media is None else {"Content-Type": media}
    server.routes["/doc"] = Reply(json.dumps(DOCUMENT).encode(), headers=headers)
    assert refusal(server.fetcher(), server.url("/doc")) == "fetch.media-type"


def test_a_compressed_body_is_refused(server: Server) -> None:
    server.routes["/doc"] = Reply(
        b"\x1f\x8b...", headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}
    )
    assert refusal(server.fetcher(), server.url("/doc")) == "fetch.media-type"


def test_a_body_that_is_not_json_is_refused(server: Server) -> None:
    server.routes["/doc"] = Reply(b"<html>", headers={"Content-Type": "application/json"})
    assert refusal(server.fetcher(), server.url("/doc")) == "fetch.invalid-json"


def test_an_error_status_is_refused(server: Server) -> None:
    assert refusal(server.fetcher(), server.url("/missing")) == "fetch.http-status"


@pytest.mark.parametrize("unsized", [False, True])
def test_an_oversize_response_is_refused(server: Server, unsized: bool) -> None:
    big = {"id": "x", "padding": "x" * 5000}
    server.routes["/big"] = Reply(
        json.dumps(big).encode(), headers={"Content-Type": "application/json"}, unsized=unsized
    )
    assert refusal(server.fetcher(max_bytes=4096), server.url("/big")) == "fetch.too-large"
    assert server.fetcher().fetch(server.url("/big")) == big  # under the default cap


def test_a_slow_response_times_out(server: Server) -> None:
    server.routes["/slow"] = Reply.json(DOCUMENT)
    server.routes["/slow"].delay = 1.0
    assert refusal(server.fetcher(timeout=0.2), server.url("/slow")) == "fetch.timeout"


def test_a_redirect_within_the_origin_is_followed(server: Server) -> None:
    server.routes["/old"] = Reply(status=301, headers={"Location": "/new"})
    server.routes["/new"] = Reply.json(DOCUMENT)
    assert server.fetcher().fetch(server.url("/old")) == DOCUMENT


def test_a_redirect_to_another_host_is_refused(server: Server) -> None:
    server.routes["/old"] = Reply(status=302, headers={"Location": server.url("/x", "other.test")})
    assert refusal(server.fetcher(), server.url("/old")) == "fetch.redirect-refused"
    assert server.hits["/x"] == 0


def test_a_redirect_to_another_port_or_scheme_is_refused(server: Server) -> None:
    server.routes["/port"] = Reply(status=307, headers={"Location": "https://issuer.test:1/x"})
    server.routes["/http"] = Reply(status=308, headers={"Location": "http://issuer.test/x"})
    assert refusal(server.fetcher(), server.url("/port")) == "fetch.redirect-refused"
    assert refusal(server.fetcher(), server.url("/http")) == "fetch.url-refused"


def test_redirects_are_limited(server: Server) -> None:
    for n in range(5):
        server.routes[f"/r{n}"] = Reply(status=302, headers={"Location": f"/r{n + 1}"})
    server.routes["/r5"] = Reply.json(DOCUMENT)
    assert refusal(server.fetcher(max_redirects=3), server.url("/r0")) == "fetch.redirect-refused"
    assert server.fetcher(max_redirects=5).fetch(server.url("/r0")) == DOCUMENT


def test_a_certificate_for_another_name_is_refused(server: Server) -> None:
    server.routes["/doc"] = Reply.json(DOCUMENT)
    assert refusal(server.fetcher(), server.url("/doc", "mismatch.test")) == "fetch.tls"
    assert server.hits["/doc"] == 0


def test_a_certificate_from_an_untrusted_ca_is_refused(server: Server, tmp_path: Path) -> None:
    server.routes["/doc"] = Reply.json(DOCUMENT)
    # the system store does not trust the test CA
    fetcher = HttpsFetcher(
        private_hosts=["issuer.test"], host_resolver=pinned_addresses, timeout=5.0
    )
    assert refusal(fetcher, server.url("/doc")) == "fetch.tls"


def test_a_name_that_resolves_to_a_private_address_is_refused(server: Server) -> None:
    fetcher = server.fetcher()
    # 10.1.2.3 is private: no connection is attempted (the network guard would fail the test)
    assert refusal(fetcher, "https://intranet.test/doc") == "fetch.address-refused"
    # a name that is not allowed explicitly does not reach the loopback server either
    server.routes["/doc"] = Reply.json(DOCUMENT)
    assert refusal(fetcher, server.url("/doc", "rebind.test")) == "fetch.address-refused"
    assert server.hits["/doc"] == 0
    # allowed explicitly: fetched
    allowed = server.fetcher(private_hosts=["rebind.test"])
    assert allowed.fetch(server.url("/doc", "rebind.test")) == DOCUMENT


def test_an_allowed_host_is_allowed_on_the_port_named(server: Server) -> None:
    server.routes["/doc"] = Reply.json(DOCUMENT)
    on_port = server.fetcher(private_hosts=[f"issuer.test:{server.port}"])
    assert on_port.fetch(server.url("/doc")) == DOCUMENT
    elsewhere = server.fetcher(private_hosts=["issuer.test:8443"])
    assert refusal(elsewhere, server.url("/doc")) == "fetch.address-refused"


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.169.254", "224.0.0.1",
     "0.0.0.0", "100.64.0.1", "::1", "fe80::1", "fc00::1", "ff02::1", "::ffff:127.0.0.1"],
)  # fmt: skip
def test_non_public_addresses_are_refused(address: str) -> None:
    fetcher = HttpsFetcher(host_resolver=lambda host: [address])
    assert refusal(fetcher, "https://example.test/doc") == "fetch.address-refused"


def test_an_ip_literal_url_is_checked_too() -> None:
    fetcher = HttpsFetcher(host_resolver=pinned_addresses)
    assert refusal(fetcher, "https://127.0.0.1/doc") == "fetch.address-refused"
    assert refusal(fetcher, "https://[::1]:8443/doc") == "fetch.address-refused"


def test_a_name_that_does_not_resolve(server: Server) -> None:
    assert refusal(server.fetcher(), "https://unknown.test/doc") == "fetch.unresolvable"


def test_nothing_listening_is_unreachable(server: Server) -> None:
    # a port of 127.0.0.1 nobody listens on (the server's own, after it closed)
    port = server.port
    server.close()
    fetcher = server.fetcher()
    assert refusal(fetcher, f"https://issuer.test:{port}/doc") == "fetch.unreachable"


@pytest.mark.parametrize(
    "url",
    [
        "http://issuer.test/doc",
        "file:///etc/passwd",
        "ftp://issuer.test/doc",
        "data:application/json,{}",
        "https://user:pw@issuer.test/doc",
        "https:///doc",
        "https://issuer.test:99999/doc",
    ],
)
def test_urls_refused_before_any_connection(url: str) -> None:
    fetcher = HttpsFetcher(host_resolver=pinned_addresses)
    assert refusal(fetcher, url) == "fetch.url-refused"


def test_allowed_hosts_restricts_the_hosts(server: Server) -> None:
    server.routes["/doc"] = Reply.json(DOCUMENT)
    only_other = server.fetcher(allowed_hosts=["other.test"])
    assert refusal(only_other, server.url("/doc")) == "fetch.url-refused"
    assert only_other.fetch(server.url("/doc", "other.test")) == DOCUMENT
    with pytest.raises(ValueError, match="allowed_hosts is empty"):
        HttpsFetcher(allowed_hosts=[])


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="timeout"):
        HttpsFetcher(timeout=0)
    with pytest.raises(ValueError, match="max_bytes"):
        HttpsFetcher(max_bytes=0)
    missing = tmp_path / "missing.pem"
    with pytest.raises(ValueError, match="not a readable PEM file"):
        HttpsFetcher(ca_bundle=missing)
    with pytest.raises(TypeError, match="list of host names"):
        HttpsFetcher(private_hosts="issuer.test")


def test_repr_shows_the_settings_only(server: Server) -> None:
    text = repr(server.fetcher(timeout=2))
    assert "private_hosts=[issuer.test, mismatch.test, other.test]" in text
    assert "timeout=2.0" in text
