"""Integrity of related resources (VC Data Model 2.0 §5.3), checked offline.

A credential's ``relatedResource`` entries name a resource (``id``) and the digest it must
have: ``digestSRI`` (Subresource Integrity: ``sha256-``, ``sha384-`` or ``sha512-`` followed by
base64, several separated by spaces) and/or ``digestMultibase`` (a multibase string, ``u`` or
``z``, of a multihash: SHA-2 or SHA-3 with 256, 384 or 512 bits).

Nothing is fetched.  The resources this library has are the published JSON-LD contexts it
bundles; their digests are pinned here as the digests of the *official published bytes*
(the bundled copies are laid out by the project, so their own bytes differ), and a
``relatedResource`` naming one of them must carry a matching digest.  A resource the library
does not have is reported as not checked (severity ``info``); its digest is still checked for
form.  Building block: :func:`microcredential.verify` runs :func:`related_resource_problems` as
its ``related-resources`` check and :func:`microcredential.sign` refuses what it reports.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any, Final

from . import multibase
from .errors import MultibaseError
from .problems import Problem, Severity

__all__ = [
    "MULTIHASH_ALGORITHMS",
    "SRI_ALGORITHMS",
    "published_digest",
    "published_resources",
    "related_resource_problems",
]

_SPEC: Final = "https://www.w3.org/TR/vc-data-model-2.0/#integrity-of-related-resources"
#: SRI algorithm prefix -> hashlib name.
SRI_ALGORITHMS: Final = {"sha256": "sha256", "sha384": "sha384", "sha512": "sha512"}
#: Multihash code -> (hashlib name, digest length in bytes).
MULTIHASH_ALGORITHMS: Final = {
    0x12: ("sha256", 32),
    0x20: ("sha384", 48),
    0x13: ("sha512", 64),
    0x16: ("sha3_256", 32),
    0x15: ("sha3_384", 48),
    0x14: ("sha3_512", 64),
}
_SRI_ITEM = re.compile(r"(sha256|sha384|sha512)-([A-Za-z0-9+/]+={0,2})(\?\S*)?\Z")


@cache
def _published() -> Mapping[str, Mapping[str, str]]:
    text = resources.files(__package__).joinpath("published_contexts.json").read_text("utf-8")
    table: dict[str, dict[str, str]] = json.loads(text)
    return table


def published_resources() -> frozenset[str]:
    """The URLs whose published bytes' digests are pinned (the bundled W3C contexts)."""
    return frozenset(_published())


def published_digest(url: str, algorithm: str) -> bytes | None:
    """The pinned digest of ``url``'s published bytes with ``algorithm`` (a hashlib name)."""
    digests = _published().get(url)
    if digests is None:
        return None
    value = digests.get(algorithm.replace("_", "-"))
    return bytes.fromhex(value) if value is not None else None


def _sri_digests(text: str) -> list[tuple[str, bytes]]:
    """``(hashlib name, digest)`` for each item of a ``digestSRI`` value; ValueError if bad."""
    found: list[tuple[str, bytes]] = []
    for item in text.split():
        match = _SRI_ITEM.match(item)
        if match is None:
            raise ValueError(
                f"{item[:40]!r} is not a Subresource Integrity digest such as 'sha384-<base64>'"
            )
        algorithm = SRI_ALGORITHMS[match[1]]
        try:
            digest = base64.b64decode(match[2], validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"the {match[1]} digest is not valid base64") from None
        if len(digest) != hashlib.new(algorithm).digest_size:
            raise ValueError(f"a {match[1]} digest has {hashlib.new(algorithm).digest_size} bytes")
        found.append((algorithm, digest))
    if not found:
        raise ValueError("it is empty")
    return found


def _multibase_digest(text: str) -> tuple[str, bytes]:
    """``(hashlib name, digest)`` of a ``digestMultibase`` value; ValueError if bad."""
    try:
        data = multibase.decode(text, what="digestMultibase")
        code, rest = multibase.split_multicodec(data, what="digestMultibase")
        length, digest = multibase.split_multicodec(rest, what="digestMultibase")
    except MultibaseError as exc:
        raise ValueError(str(exc)) from None
    known = MULTIHASH_ALGORITHMS.get(code)
    if known is None:
        raise ValueError(
            f"multihash code 0x{code:x} is not a SHA-2 or SHA-3 digest; it must start with "
            "the multihash header of its algorithm (0x12 0x20 for SHA-256)"
        )
    algorithm, size = known
    if length != size or len(digest) != size:
        raise ValueError(f"the multihash says {length} bytes, the digest has {len(digest)}")
    return algorithm, digest


def _entries(document: Mapping[str, Any]) -> Iterator[tuple[list[str | int], Any]]:
    value = document.get("relatedResource")
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield ["relatedResource", index], item
    elif value is not None:
        yield ["relatedResource"], value


def related_resource_problems(document: Mapping[str, Any]) -> list[Problem]:
    """Check each ``relatedResource`` digest for form and, where the resource is known, value.

    Problems: ``credential.related-digest-invalid`` (a digest that cannot be read),
    ``credential.related-digest-mismatch`` (a known resource whose digest differs: the
    credential refers to other bytes than the published ones) and, with severity ``info``,
    ``credential.related-resource-unchecked`` (a resource this library does not have).
    Entries that are not objects with a string ``id`` are left to the data model check.
    """
    found: list[Problem] = []
    for where, entry in _entries(document):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("id"), str):
            continue
        url = entry["id"]
        digests: list[tuple[str, bytes]] = []
        for name in ("digestSRI", "digestMultibase"):
            text = entry.get(name)
            if text is None:
                continue
            try:
                if not isinstance(text, str):
                    raise ValueError("it must be a string")
                if name == "digestSRI":
                    digests.extend(_sri_digests(text))
                else:
                    digests.append(_multibase_digest(text))
            except ValueError as exc:
                found.append(
                    Problem.at(
                        "credential.related-digest-invalid",
                        f"{name} of {url!r} cannot be read: {exc}",
                        [*where, name],
                        spec=_SPEC,
                    )
                )
        if url not in _published():
            found.append(
                Problem.at(
                    "credential.related-resource-unchecked",
                    f"{url!r} is not a resource this library has offline, so its digest was "
                    "not compared; fetch it and compare the digest yourself if it matters",
                    [*where],
                    severity=Severity.INFO,
                    spec=_SPEC,
                )
            )
            continue
        for algorithm, digest in digests:
            expected = published_digest(url, algorithm)
            if expected is not None and not hmac.compare_digest(expected, digest):
                found.append(
                    Problem.at(
                        "credential.related-digest-mismatch",
                        f"the {algorithm.replace('_', '-')} digest given for {url!r} is not the "
                        "digest of its published content: the credential refers to different "
                        "bytes; the issuer must correct the digest",
                        [*where],
                        spec=_SPEC,
                    )
                )
    return found
