from __future__ import annotations

import os
import socket
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import HealthCheck, settings

from support import seeded_key

if TYPE_CHECKING:
    from microcredential.keys import Ed25519Key

settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.register_profile("dev", deadline=None, max_examples=50)
# Long fuzzing by hand (tests/fuzz; see docs/security.md): fresh random examples every run.
settings.register_profile(
    "fuzz",
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))


@pytest.fixture(scope="session")
def key() -> Ed25519Key:
    """The issuer's Ed25519 key most tests sign with (a fixed seed: the same did:key each run)."""
    return seeded_key(0)


@pytest.fixture(scope="session")
def other_key() -> Ed25519Key:
    """A second Ed25519 key, not the issuer's (a fixed seed too)."""
    return seeded_key(1)


class NetworkAccessAttempted(AssertionError):
    """A test (or the library under test) tried to open a network connection."""


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in the library or its tests may reach the network: refuse every IP connection.

    Local (Unix-domain) sockets stay allowed; worker processes do not inherit the patch, but
    they run the same library code the tests exercise here.
    """
    real_connect = socket.socket.connect

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkAccessAttempted(f"network access attempted: connect to {address!r}")
        real_connect(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> None:
        raise NetworkAccessAttempted(f"network access attempted: connect to {address!r}")

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)


#: The only address the :func:`loopback` fixture lets a test connect to.
LOOPBACK = "127.0.0.1"
_REAL_CONNECT = socket.socket.connect
_REAL_CREATE_CONNECTION = socket.create_connection


@pytest.fixture
def loopback(monkeypatch: pytest.MonkeyPatch, _no_network: None) -> None:
    """Allow connections to 127.0.0.1 (a server the test itself started), and nothing else."""

    def allowed(address: Any) -> bool:
        return isinstance(address, tuple) and address[0] == LOOPBACK

    def connect(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not allowed(address):
            raise NetworkAccessAttempted(f"network access attempted: connect to {address!r}")
        _REAL_CONNECT(self, address)

    def create_connection(address: Any, *args: Any, **kwargs: Any) -> socket.socket:
        if not allowed(address):
            raise NetworkAccessAttempted(f"network access attempted: connect to {address!r}")
        return _REAL_CREATE_CONNECTION(address, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "create_connection", create_connection)
