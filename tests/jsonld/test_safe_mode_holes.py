"""Content that JSON-LD would drop silently is refused, however it is smuggled in.

Each case once let a signed credential be changed without breaking its signature.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

import microcredential as mc
from microcredential.errors import SafeModeError
from microcredential.jsonld import canonicalize
from microcredential.quality import example_profile

NOW = "2026-07-01T00:00:00Z"


def _credential() -> tuple[dict[str, Any], Any]:
    key = mc.Ed25519Key.generate()
    achievement = mc.build_achievement(example_profile(), id="https://edu.example.nl/a/ddm")
    issuer = {
        "id": key.controller,
        "type": ["Profile"],
        "name": "Hogeschool Voorbeeld",
        "address": {"type": ["Address"], "addressCountryCode": "NL"},
    }
    signed = mc.issue(
        achievement,
        recipient="did:example:learner",
        issuer=issuer,
        key=key,
        valid_from="2026-06-30T12:00:00Z",
    )
    return signed, key


SIGNED, _KEY = _credential()

Mutation = Callable[[dict[str, Any]], Any]
CASES: dict[str, tuple[Mutation, str, str]] = {
    "vocabulary switched off": (
        lambda d: (d["@context"].append({"@vocab": None}), d["credentialSubject"].update(x="1")),
        "jsonld.undefined-term",
        "/credentialSubject/x",
    ),
    "term mapped to null": (
        lambda d: (d["@context"].append({"evil": None}), d["credentialSubject"].update(evil="1")),
        "jsonld.dropped-property",
        "/credentialSubject/evil",
    ),
    "term with a null @id": (
        lambda d: (
            d["@context"].append({"evil": {"@id": None}}),
            d["credentialSubject"].update(evil="1"),
        ),
        "jsonld.dropped-property",
        "/credentialSubject/evil",
    ),
    "keyword-like key": (
        lambda d: d["credentialSubject"].update({"@evil": "1"}),
        "jsonld.reserved-key",
        "/credentialSubject/@evil",
    ),
    "blank node as property": (
        lambda d: d["credentialSubject"].update({"_:evil": "1"}),
        "jsonld.blank-node-property",
        "/credentialSubject/_:evil",
    ),
    "IRI with a space": (
        lambda d: d["credentialSubject"].update(
            result=[{"id": "urn:x y", "type": ["Result"], "value": "A+"}]
        ),
        "jsonld.invalid-iri",
        "/credentialSubject/result/0/id",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_canonicalize_refuses(name: str) -> None:
    mutate, code, pointer = CASES[name]
    document = {k: v for k, v in copy.deepcopy(SIGNED).items() if k != "proof"}
    mutate(document)
    with pytest.raises(SafeModeError) as info:
        canonicalize(document)
    assert (code, pointer) in {(p.code, p.path) for p in info.value.problems}


@pytest.mark.parametrize("name", list(CASES))
def test_a_smuggled_change_does_not_verify(name: str) -> None:
    mutate = CASES[name][0]
    tampered = copy.deepcopy(SIGNED)
    mutate(tampered)
    assert mc.verify(SIGNED, now=NOW).ok
    result = mc.verify(tampered, now=NOW)
    assert not result.ok


def test_deep_nesting_is_a_json_ld_error_not_a_recursion_error() -> None:
    from microcredential.errors import JsonLdError

    deep: Any = "leaf"
    for _ in range(5000):
        deep = {"n": deep}
    with pytest.raises(JsonLdError) as info:
        canonicalize({"@context": {"n": "https://example.org/n"}, "n": deep})
    assert info.value.problems[0].code == "jsonld.too-deep"
