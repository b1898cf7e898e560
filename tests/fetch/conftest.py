"""Fixtures for the online-mode tests: a test CA, and a real HTTPS server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from https_server import Pki, Server, make_pki


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def server(pki: Pki, loopback: None) -> Iterator[Server]:
    running = Server(pki)
    try:
        yield running
    finally:
        running.close()
