"""FetchCache: documents kept while the HTTP headers, ttl and validUntil say they are fresh."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from https_server import Reply, Server
from microcredential.errors import FetchError
from microcredential.fetch import FetchCache

LIST = {"id": "https://issuer.test/status/1", "type": ["BitstringStatusListCredential"]}


class Clock:
    """A clock the test moves by hand (POSIX seconds)."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def cached_fetcher(server: Server, clock: Clock, **options: Any) -> Any:
    return server.fetcher(cache=FetchCache(clock=clock, **options))


def test_a_document_is_fetched_once_while_fresh(server: Server) -> None:
    clock = Clock()
    server.routes["/list"] = Reply.json(LIST)
    fetcher = cached_fetcher(server, clock, default_max_age=300)
    for _ in range(50):
        assert fetcher.fetch(server.url("/list")) == LIST
    assert server.hits["/list"] == 1
    clock.now += 301
    fetcher.fetch(server.url("/list"))
    assert server.hits["/list"] == 2


def test_max_age_and_the_lists_ttl_and_valid_until_bound_freshness(server: Server) -> None:
    clock = Clock()
    ttl_list = {**LIST, "credentialSubject": {"ttl": 60_000}}  # one minute
    server.routes["/ttl"] = Reply.json(ttl_list, **{"Cache-Control": "max-age=600"})
    server.routes["/age"] = Reply.json(LIST, **{"Cache-Control": "max-age=30"})
    until = {**LIST, "validUntil": "2027-01-15T08:00:10Z"}  # 10 s after the clock's now
    server.routes["/until"] = Reply.json(until)
    fetcher = cached_fetcher(server, clock, default_max_age=300)
    for path in ("/ttl", "/age", "/until"):
        fetcher.fetch(server.url(path))
    clock.now += 11
    for path in ("/ttl", "/age", "/until"):
        fetcher.fetch(server.url(path))
    assert [server.hits[p] for p in ("/ttl", "/age", "/until")] == [1, 1, 2]
    clock.now += 20  # 31 s
    for path in ("/ttl", "/age"):
        fetcher.fetch(server.url(path))
    assert [server.hits[p] for p in ("/ttl", "/age")] == [1, 2]
    clock.now += 30  # 61 s
    fetcher.fetch(server.url("/ttl"))
    assert server.hits["/ttl"] == 2


@pytest.mark.parametrize("header", ["no-store", "no-cache", "max-age=0"])
def test_documents_the_server_forbids_keeping_are_fetched_every_time(
    server: Server, header: str
) -> None:
    server.routes["/list"] = Reply.json(LIST, **{"Cache-Control": header})
    fetcher = cached_fetcher(server, Clock())
    fetcher.fetch(server.url("/list"))
    fetcher.fetch(server.url("/list"))
    assert server.hits["/list"] == 2


def test_expires_header(server: Server) -> None:
    clock = Clock()
    server.routes["/list"] = Reply.json(
        LIST, Date="Fri, 15 Jan 2027 08:00:00 GMT", Expires="Fri, 15 Jan 2027 08:01:00 GMT"
    )
    fetcher = cached_fetcher(server, clock)
    fetcher.fetch(server.url("/list"))
    clock.now += 59
    fetcher.fetch(server.url("/list"))
    assert server.hits["/list"] == 1
    clock.now += 2
    fetcher.fetch(server.url("/list"))
    assert server.hits["/list"] == 2


def test_a_stale_document_is_revalidated_with_its_etag(server: Server) -> None:
    clock = Clock()

    def reply(headers: dict[str, str]) -> Reply:
        if headers.get("if-none-match") == '"v1"':
            return Reply(status=304, headers={"ETag": '"v1"', "Cache-Control": "max-age=60"})
        return Reply.json(LIST, ETag='"v1"', **{"Cache-Control": "max-age=60"})

    server.routes["/list"] = reply
    fetcher = cached_fetcher(server, clock)
    assert fetcher.fetch(server.url("/list")) == LIST
    clock.now += 61
    assert fetcher.fetch(server.url("/list")) == LIST  # 304: the kept copy, fresh again
    clock.now += 30
    assert fetcher.fetch(server.url("/list")) == LIST
    assert server.hits["/list"] == 2
    assert "if-none-match" not in server.requests[0][1]
    assert server.requests[1][1]["if-none-match"] == '"v1"'


def test_a_stale_document_is_never_served_when_the_server_fails(server: Server) -> None:
    clock = Clock()
    server.routes["/list"] = Reply.json(LIST, **{"Cache-Control": "max-age=60"})
    fetcher = cached_fetcher(server, clock, failure_ttl=10)
    fetcher.fetch(server.url("/list"))
    del server.routes["/list"]
    clock.now += 61
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch(server.url("/list"))
    # the failure is remembered for a while: a batch does not ask again for every credential
    with pytest.raises(FetchError, match="HTTP 404"):
        fetcher.fetch(server.url("/list"))
    assert server.hits["/list"] == 2
    server.routes["/list"] = Reply.json(LIST)
    clock.now += 11
    assert fetcher.fetch(server.url("/list")) == LIST


def test_a_folder_cache_is_shared_by_later_fetchers(server: Server, tmp_path: Path) -> None:
    clock = Clock()
    server.routes["/list"] = Reply.json(LIST, **{"Cache-Control": "max-age=600"})
    first = cached_fetcher(server, clock, folder=tmp_path / "cache")
    first.fetch(server.url("/list"))
    (entry,) = (tmp_path / "cache").iterdir()
    assert entry.stat().st_mode & 0o777 == 0o600
    second = cached_fetcher(server, clock, folder=tmp_path / "cache")
    assert second.fetch(server.url("/list")) == LIST
    assert server.hits["/list"] == 1
    clock.now += 601
    third = cached_fetcher(server, clock, folder=tmp_path / "cache")
    third.fetch(server.url("/list"))
    assert server.hits["/list"] == 2


def test_a_damaged_folder_entry_is_ignored(server: Server, tmp_path: Path) -> None:
    clock = Clock()
    server.routes["/list"] = Reply.json(LIST, **{"Cache-Control": "max-age=600"})
    cached_fetcher(server, clock, folder=tmp_path).fetch(server.url("/list"))
    (entry,) = tmp_path.iterdir()
    record = json.loads(entry.read_text())
    entry.write_text(json.dumps({**record, "url": "https://elsewhere.test/list"}))
    cached_fetcher(server, clock, folder=tmp_path).fetch(server.url("/list"))
    entry.write_text("{")
    cached_fetcher(server, clock, folder=tmp_path).fetch(server.url("/list"))
    assert server.hits["/list"] == 3


def test_bad_cache_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="max_age"):
        FetchCache(max_age=-1)
    with pytest.raises(ValueError, match="max_entries"):
        FetchCache(max_entries=0)
    assert "in memory" in repr(FetchCache())
