"""Offline expansion and canonicalization in safe mode."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from microcredential.errors import (
    ContextIntegrityError,
    ContextNotFoundError,
    JsonLdError,
    SafeModeError,
)
from microcredential.jsonld import OfflineLoader, canonicalize, expand, to_nquads
from support import need_reference, reference_json

VC2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# Figures from the Open Badges 3.0 "Linked Data Proof" test vector (1EdTech).
OB_VECTOR_FIRST_LINE = (
    "<did:example:ebfeb1f712ebc6f1c276e12ec21> "
    "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievement> "
    "<https://1edtech.edu/achievements/1> .\n"
)


def credential() -> dict[str, Any]:
    return {
        "@context": [VC2, OB303],
        "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": "https://example.edu/issuers/565049",
            "type": ["Profile"],
            "name": "Example University",
        },
        "validFrom": "2025-01-01T00:00:00Z",
        "name": "Data Science Fundamentals",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/ds",
                "type": ["Achievement"],
                "name": "Data Science Fundamentals",
                "description": "Foundations of data analysis.",
                "criteria": {"narrative": "Pass the exam."},
                "achievementType": "MicroCredential",
                "creditsAvailable": 5,
            },
        },
    }


def test_ob_vector_canonical_form_exact() -> None:
    cred = reference_json("vectors/ob3-ldp/credential.json")
    expected = (need_reference() / "vectors/ob3-ldp/document-canon.nq").read_text(encoding="utf-8")
    assert canonicalize(cred) == expected


def test_ob_vector_first_line_without_reference() -> None:
    # The credential is small enough to check a known line without the reference files.
    out = canonicalize(credential())
    assert "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#MicroCredential>" not in out
    assert '"MicroCredential"' in out or "MicroCredential" in out
    assert out.endswith(" .\n")
    assert OB_VECTOR_FIRST_LINE.split()[1] in out  # the achievement IRI of OB 3.0.3


def test_input_is_never_mutated() -> None:
    doc = credential()
    before = copy.deepcopy(doc)
    canonicalize(doc)
    expand(doc)
    assert doc == before


def test_key_order_and_whitespace_do_not_matter() -> None:
    doc = credential()
    shuffled = json.loads(json.dumps(doc, sort_keys=True, indent=3))
    assert canonicalize(doc) == canonicalize(dict(reversed(list(shuffled.items()))))


def test_a_changed_value_changes_the_canonical_form() -> None:
    doc = credential()
    other = copy.deepcopy(doc)
    other["credentialSubject"]["achievement"]["creditsAvailable"] = 6
    assert canonicalize(doc) != canonicalize(other)


@pytest.mark.parametrize(
    ("mutate", "code", "pointer"),
    [
        (lambda d: d.update(colour="blue"), "jsonld.undefined-term", "/colour"),
        (
            lambda d: d["credentialSubject"]["achievement"].update(ECTS=5),
            "jsonld.undefined-term",
            "/credentialSubject/achievement/ECTS",
        ),
        (
            lambda d: d.update(
                credentialSchema=[
                    {
                        "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
                        "type": "1EdTechJsonSchemaValidator2019",
                    }
                ]
            ),
            "jsonld.undefined-type",
            "/credentialSchema/0/type",
        ),
        (lambda d: d.update(id="credential-1"), "jsonld.relative-iri", "/id"),
        (
            lambda d: d["credentialSubject"]["achievement"].update(type=["Achievement", "Badge"]),
            "jsonld.undefined-type",
            "/credentialSubject/achievement/type",
        ),
    ],
)
def test_safe_mode_names_term_and_path(mutate: Any, code: str, pointer: str) -> None:
    doc = credential()
    mutate(doc)
    with pytest.raises(SafeModeError) as info:
        canonicalize(doc)
    assert (code, pointer) in {(p.code, p.path) for p in info.value.problems}
    assert pointer in str(info.value)


def test_safe_mode_reports_every_problem() -> None:
    doc = credential()
    doc["colour"] = "blue"
    doc["credentialSubject"]["shoeSize"] = 44
    with pytest.raises(SafeModeError) as info:
        expand(doc)
    assert {p.path for p in info.value.problems} == {"/colour", "/credentialSubject/shoeSize"}


def test_null_context_cannot_hide_a_dropped_term() -> None:
    doc = {
        "@context": {"knows": "https://schema.org/knows"},
        "knows": {"@context": None, "@id": "https://example.org/e", "hidden": "x"},
    }
    with pytest.raises(SafeModeError) as info:
        canonicalize(doc)
    assert [p.path for p in info.value.problems] == ["/knows/hidden"]


def test_protected_context_cannot_be_nullified() -> None:
    doc = credential()
    doc["evidence"] = [{"@context": None, "id": "https://example.org/e"}]
    with pytest.raises(JsonLdError, match="nullification"):
        canonicalize(doc)


def test_unsafe_expansion_is_opt_in() -> None:
    doc = credential()
    doc["colour"] = "blue"
    assert "colour" not in json.dumps(expand(doc, safe=False))


def test_unknown_context_is_a_clear_error() -> None:
    doc = credential()
    doc["@context"] = [*doc["@context"], "https://example.org/my-context.json"]
    with pytest.raises(ContextNotFoundError) as info:
        canonicalize(doc)
    assert info.value.url == "https://example.org/my-context.json"
    assert "extra_contexts" in str(info.value)


def test_extra_context_with_pinned_digest() -> None:
    import hashlib

    url = "https://example.org/my-context.json"
    body = json.dumps({"@context": {"colour": "https://example.org/vocab#colour"}}).encode()
    doc = credential()
    doc["@context"] = [*doc["@context"], url]
    doc["colour"] = "blue"
    good = OfflineLoader({url: body}, digests={url: hashlib.sha256(body).hexdigest()})
    assert '<https://example.org/vocab#colour> "blue"' in to_nquads(doc, loader=good)
    bad = OfflineLoader({url: body}, digests={url: "00" * 32})
    with pytest.raises(ContextIntegrityError, match="digest"):
        canonicalize(doc, loader=bad)


def test_loader_from_directory(tmp_path: Any) -> None:
    url = "https://example.org/ctx"
    (tmp_path / "c.json").write_text(json.dumps({"@context": {"n": "https://schema.org/name"}}))
    (tmp_path / "index.json").write_text(json.dumps({url: "c.json"}))
    loader = OfflineLoader.from_directory(tmp_path, bundled=False)
    assert url in loader
    assert VC2 not in loader
    out = canonicalize({"@context": url, "n": "x"}, loader=loader)
    assert out == '_:c14n0 <https://schema.org/name> "x" .\n'


def test_invalid_json_ld_is_translated() -> None:
    with pytest.raises(JsonLdError) as info:
        canonicalize({"@context": 5, "a": 1})
    assert not isinstance(info.value, SafeModeError)
    assert "JSON-LD" in str(info.value)


def test_not_an_object() -> None:
    with pytest.raises(JsonLdError, match="JSON object"):
        expand([1, 2])  # type: ignore[arg-type]


def test_unreadable_supplied_context_has_a_code(tmp_path: Any) -> None:
    url = "https://example.org/missing-context"
    loader = OfflineLoader({url: tmp_path / "missing.json"}, bundled=False)
    with pytest.raises(JsonLdError) as info:
        loader.load(url)
    assert [p.code for p in info.value.problems] == ["jsonld.context-unreadable"]
    assert "missing.json" in str(info.value)


def test_protected_redefinition_explains_the_context_versions() -> None:
    doc = credential()
    doc["@context"] = [VC2, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"]
    with pytest.raises(JsonLdError) as info:
        canonicalize(doc)
    assert "3.0.2 or 3.0.3" in str(info.value)
    assert "'@id'" not in str(info.value)  # no dump of the context document


@pytest.mark.parametrize("value", [("a", "b"), {"a", "b"}, b"ab", object()])
def test_a_value_that_is_not_json_is_refused_not_signed_as_its_repr(value: Any) -> None:
    # JSON has no tuple, set, bytes or object: none of them may reach the signed data as
    # Python's text for it, which a JSON reader of the same document would never see
    doc = credential()
    doc["name"] = value
    with pytest.raises(JsonLdError, match=r"/name: .* is not a JSON value"):
        canonicalize(doc)


def test_verify_fails_when_a_signed_text_is_replaced_by_a_tuple() -> None:
    from microcredential import sign, verify
    from support import seeded_key

    key = seeded_key()
    doc = {
        "@context": [VC2],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "validFrom": "2025-01-01T00:00:00Z",
        # what a tuple's repr would have been signed as
        "credentialSubject": {"id": "did:example:learner", "name": "('Data', 'Science')"},
    }
    signed = sign(doc, key)
    assert verify(signed).ok
    signed["credentialSubject"]["name"] = ("Data", "Science")
    assert not verify(signed).ok
