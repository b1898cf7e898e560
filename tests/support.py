"""Helpers shared by the test modules (importable because pytest puts ``tests/`` on the path)."""

from __future__ import annotations

import argparse
import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from microcredential.keys import Ed25519Key, SecretKey

ROOT = Path(__file__).resolve().parents[1]
#: The official reference data (contexts, schemas, vectors), laid beside the repository.
REFERENCE = ROOT.parent / "shared" / "reference"


def need_reference() -> Path:
    """Skip the calling test when the reference data are absent; else return their folder."""
    if not REFERENCE.is_dir():
        pytest.skip("../shared/reference is not present beside the repository")
    return REFERENCE


def reference_json(relative: str) -> Any:
    """Load one JSON file of the reference data (skipping when it is absent)."""
    return json.loads((need_reference() / relative).read_text(encoding="utf-8"))


def reference_contexts() -> dict[str, Any]:
    """URL -> parsed official context document, from ``contexts/index.json``."""
    base = need_reference() / "contexts"
    index = json.loads((base / "index.json").read_text(encoding="utf-8"))
    return {url: json.loads((base / rel).read_text(encoding="utf-8")) for url, rel in index.items()}


def seeded_key(first: int = 0, *, controller: str | None = None) -> Ed25519Key:
    """The Ed25519 key whose seed is the 32 bytes ``first, first + 1, ...``.

    A fixed seed gives the same key (and ``did:key``) in every run; the ``key`` and
    ``other_key`` fixtures of ``conftest.py`` are ``seeded_key(0)`` and ``seeded_key(1)``.
    ``controller`` is the key's controller (its ``did:key`` when not given).
    """
    from microcredential.keys import Ed25519Key

    return Ed25519Key.from_seed(bytes(range(first, first + 32)), controller=controller)


def cli_commands() -> set[str]:
    """The sub-command names the command line offers, read from its parser."""
    from microcredential.cli import build_parser

    parser = build_parser()
    return {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }


def count_calls(function: Callable[[], object]) -> int:
    """How many Python function calls running ``function()`` makes (its own included).

    A step counter for "linear, not quadratic" tests: deterministic where a timer is not.
    Exceptions from ``function`` propagate after the count is taken; use
    :func:`growth` to compare the counts of two input sizes.
    """
    calls = 0

    def profile(_frame: Any, event: str, _arg: Any) -> None:
        nonlocal calls
        if event == "call":
            calls += 1

    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(previous)
    return calls


def growth(run: Callable[[int], object], size: int) -> float:
    """The ratio of the calls ``run(2 * size)`` makes to those of ``run(size)``.

    About 2 for linear work, about 4 for quadratic. ``run`` is called once for each size
    beforehand so that caches filled on first use count for neither.
    """
    run(size)
    run(2 * size)
    return count_calls(lambda: run(2 * size)) / count_calls(lambda: run(size))


def block_lock(lock: Path, kind: str) -> None:
    """Put something other than a regular file where a lock file goes."""
    if kind == "folder":
        lock.mkdir()
    else:  # a dangling link
        lock.symlink_to(lock.parent / "missing" / "target")


def state_with_free(free: int, length: int) -> Any:
    """An issuer's status list of ``length`` entries (too short for real use) with ``free``
    indexes left."""
    from microcredential.status import IssuerStatusList, StatusList

    state = IssuerStatusList("https://hs.example/status/1", StatusList(length))
    for _ in range(length - free):
        state.allocate()
    return state


#: A small achievement, enough for the recipes to issue a credential with.
TEAMWORK: dict[str, Any] = {
    "id": "https://example.edu/achievements/teamwork",
    "type": ["Achievement"],
    "name": "Teamwork",
    "description": "Collaborates well within a group.",
    "criteria": {"narrative": "Nominated by peers."},
}


def key_of(alg: str, issuer: str = "https://example.edu/issuers/1") -> SecretKey:
    """A new key of the library for the JWT algorithm ``alg`` (RS256, ES256 or ES384),
    controlled by ``issuer``."""
    from microcredential.keys import EcdsaKey, RsaKey

    if alg == "RS256":
        return RsaKey.generate(controller=issuer)
    return EcdsaKey.generate("P-256" if alg == "ES256" else "P-384", controller=issuer)


def teamwork(**extra: Any) -> dict[str, Any]:
    """A fresh copy of :data:`TEAMWORK`, with ``extra`` members set on it."""
    return {**copy.deepcopy(TEAMWORK), **extra}


def endorsement(
    endorser: Ed25519Key, subject_id: str, *, valid_from: str, **members: Any
) -> dict[str, Any]:
    """An Open Badges endorsement of ``subject_id``, signed by ``endorser`` (its issuer) at
    ``valid_from``; ``members`` are further members of the credential (``validUntil``...)."""
    from microcredential import sign

    unsigned = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:7c9a1b1e-2c7f-4f9e-8f4a-1d5f3a9e0b21",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Endorsement of the Teamwork badge",
        "issuer": {"id": endorser.controller, "type": ["Profile"], "name": "Guild"},
        "validFrom": valid_from,
        **members,
        "credentialSubject": {
            "id": subject_id,
            "type": ["EndorsementSubject"],
            "endorsementComment": "A well-designed badge.",
        },
    }
    return sign(unsigned, endorser, created=valid_from)


def public_module_names() -> list[str]:
    """Every public module of the package: no part of its dotted name starts with ``_``."""
    import pkgutil

    import microcredential

    names = [microcredential.__name__]
    for info in pkgutil.walk_packages(microcredential.__path__, f"{microcredential.__name__}."):
        if not any(part.startswith("_") for part in info.name.split(".")):
            names.append(info.name)
    return sorted(names)
