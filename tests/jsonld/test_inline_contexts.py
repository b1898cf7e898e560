"""Inline context objects in ``@context``: accepted when they only add terms, refused (each way
with its own code) when they could make a JSON key say something other than the signed data.

Contexts are not signed.  A document that brings its own context object could otherwise alias
a keyword, re-point a term a reader looks for, or give a second name to an IRI a reader knows
by its usual term, and still verify.  VC Data Model 2.0 section 4.3 allows context objects,
and the W3C suites use them to define example types; those only add terms for new IRIs.
"""

from __future__ import annotations

import copy
import gc
from typing import Any

import pytest

from microcredential import Ed25519Key, sign, verify
from microcredential.errors import MicrocredentialError
from microcredential.jsonld import (
    CompactedProperty,
    OfflineLoader,
    canonicalize,
    compaction_problems,
    default_loader,
    walk_compacted,
)
from microcredential.jsonld._fast import _state_for

VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC1 = "https://www.w3.org/2018/credentials/v1"
DI2 = "https://w3id.org/security/data-integrity/v2"
CRED = "https://www.w3.org/2018/credentials#"
OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
KEY = Ed25519Key.from_seed(bytes(range(32)))


def credential(*inline: Any, contexts: tuple[str, ...] = (VC2,)) -> dict[str, Any]:
    return {
        "@context": [*contexts, *inline],
        "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
        "type": ["VerifiableCredential"],
        "issuer": KEY.controller,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner", "alumniOf": "Example College"},
    }


def found(document: Any, **options: Any) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in compaction_problems(document, **options)]


ALUMNI = {"alumniOf": "https://www.example.org/alumniOf"}


# -- accepted: only new terms for new IRIs ----------------------------------------------------


@pytest.mark.parametrize(
    "inline",
    [
        ALUMNI,
        {"@context": ALUMNI},  # the shape of a remote context, as the W3C suites write it
        {"@version": 1.1, **ALUMNI},
        {**ALUMNI, "AlumniCredential": "https://www.example.org/AlumniCredential"},
        {"alumniOf": {"@id": "https://www.example.org/alumniOf"}},
        {"alumniOf": {"@id": "https://www.example.org/alumniOf", "@type": "@id"}},
    ],
)
def test_a_context_object_that_only_adds_terms_is_accepted(inline: dict[str, Any]) -> None:
    doc = credential(inline)
    seen: list[CompactedProperty] = []
    assert walk_compacted(doc, visit=seen.append) == []
    assert [p.iri for p in seen if p.key == "alumniOf"] == ["https://www.example.org/alumniOf"]
    without = credential()
    del without["credentialSubject"]["alumniOf"]
    assert found(without) == []


def test_the_w3c_vc11_example_with_a_wrapped_context_object() -> None:
    doc = credential(
        {
            "@context": {
                **ALUMNI,
                "AlumniCredential": "https://www.example.org/AlumniCredential",
                "description": "https://schema.org/description",
                "name": "https://schema.org/name",
            }
        },
        contexts=(VC1, DI2),
    )
    doc["type"].append("AlumniCredential")
    doc["name"] = "Alumni Credential"
    doc["issuanceDate"] = doc.pop("validFrom")
    assert found(doc) == []


def test_a_context_object_embedded_in_a_node() -> None:
    doc = credential()
    doc["credentialSubject"]["@context"] = ALUMNI
    assert found(doc) == []
    doc["credentialSubject"]["@context"] = [{"@context": ALUMNI}]
    assert found(doc) == []
    # JSON-LD processors do not unwrap the whole value of "@context" the same way
    doc["credentialSubject"]["@context"] = {"@context": ALUMNI}
    assert found(doc) == [("jsonld.inline-keyword", "/credentialSubject/@context/@context")]
    doc["credentialSubject"]["@context"] = {"alumniOf": "@id"}
    assert found(doc) == [("jsonld.inline-alias", "/credentialSubject/@context/alumniOf")]


def test_signed_with_an_added_term_it_verifies_and_an_alias_does_not() -> None:
    signed = sign(credential(ALUMNI), KEY, created="2026-01-01T00:00:00Z")
    assert verify(signed).ok
    # the same signed data, its subject id now written through an alias the context adds
    aliased = copy.deepcopy(signed)
    aliased["@context"][1] = {**ALUMNI, "subjectId": "@id"}
    subject = aliased["credentialSubject"]
    subject["subjectId"] = subject.pop("id")
    result = verify(aliased)
    assert not result.ok
    codes = {p.code for p in result.check("compacted-form").problems}
    assert codes == {"jsonld.inline-alias"}


def test_sign_refuses_what_the_check_refuses_and_leaves_the_input_alone() -> None:
    unsigned = credential({**ALUMNI, "@vocab": "https://evil.example/"})
    before = copy.deepcopy(unsigned)
    with pytest.raises(MicrocredentialError) as raised:
        sign(unsigned, KEY)
    assert "jsonld.inline-vocab" in {p.code for p in raised.value.problems}
    assert unsigned == before


# -- refused: each way an inline context could change what a key means -----------------------


@pytest.mark.parametrize(
    ("inline", "code", "where"),
    [
        # keyword aliases: a reader looking for "id" or "type" would miss the value
        ({"ident": "@id"}, "jsonld.inline-alias", "ident"),
        ({"kind": {"@id": "@type"}}, "jsonld.inline-alias", "kind"),
        ({"inside": "@nest"}, "jsonld.inline-alias", "inside"),
        # re-pointing a term a context defines, protected or not, at the top or scoped
        ({"validFrom": "https://evil.example/from"}, "jsonld.inline-redefinition", "validFrom"),
        ({"name": "https://evil.example/name"}, "jsonld.inline-protected-term", "name"),
        ({"VerifiableCredential": CRED + "VerifiableCredential"}, "jsonld.inline-protected-term",
         "VerifiableCredential"),
        # a second name for an IRI a term already has
        ({"until": CRED + "validUntil"}, "jsonld.inline-shared-iri", "until"),
        ({"label": "https://schema.org/name"}, "jsonld.inline-shared-iri", "label"),
        ({"a": "https://example.org/a", "b": "https://example.org/a"}, "jsonld.inline-shared-iri",
         "b"),
        # context-wide settings
        ({**ALUMNI, "@vocab": "https://evil.example/"}, "jsonld.inline-vocab", "@vocab"),
        ({**ALUMNI, "@base": "https://evil.example/"}, "jsonld.inline-vocab", "@base"),
        ({"@import": OB3}, "jsonld.inline-import", "@import"),
        ({**ALUMNI, "@protected": True}, "jsonld.inline-protection", "@protected"),
        ({**ALUMNI, "@propagate": False}, "jsonld.inline-protection", "@propagate"),
        ({"alumniOf": {"@id": "https://www.example.org/alumniOf", "@protected": True}},
         "jsonld.inline-protection", "alumniOf"),
        ({**ALUMNI, "@language": "en"}, "jsonld.inline-keyword", "@language"),
        ({**ALUMNI, "@version": 1.0}, "jsonld.inline-keyword", "@version"),
        ({**ALUMNI, "@x": 1}, "jsonld.inline-keyword", "@x"),
        # keys that are IRIs, compact IRIs or blank nodes whatever the definition says
        ({"cred:validUntil": "https://evil.example/u"}, "jsonld.inline-term", "cred:validUntil"),
        ({"https://evil.example/u": "https://evil.example/u"}, "jsonld.inline-term",
         "https:~1~1evil.example~1u"),
        ({"_:b0": "https://evil.example/u"}, "jsonld.inline-term", "_:b0"),
        # definitions beyond an IRI and a value type
        ({"alumniOf": None}, "jsonld.inline-definition", "alumniOf"),
        ({"alumniOf": "https ://not-a-url#alumniOf"}, "jsonld.inline-definition", "alumniOf"),
        ({"alumniOf": "relative/alumniOf"}, "jsonld.inline-definition", "alumniOf"),
        ({"alumniOf": {"@id": "https://www.example.org/alumniOf", "@container": "@list"}},
         "jsonld.inline-definition", "alumniOf"),
        ({"alumniOf": {"@id": "https://www.example.org/alumniOf", "@type": "@vocab"}},
         "jsonld.inline-definition", "alumniOf"),
        ({"alumniOf": {"@reverse": "https://www.example.org/alumniOf"}},
         "jsonld.inline-definition", "alumniOf"),
        ({"alumniOf": {"@type": "@id"}}, "jsonld.inline-definition", "alumniOf"),
        # the namespace safe mode gives undefined terms
        ({"alumniOf": "urn:microcredential:undefined-term:alumniOf"}, "jsonld.inline-definition",
         "alumniOf"),
    ],
)  # fmt: skip
def test_each_way_to_change_what_a_key_means_has_its_code(
    inline: dict[str, Any], code: str, where: str
) -> None:
    doc = credential(inline)
    assert (code, f"/@context/1/{where}") in found(doc)
    assert all(c.startswith("jsonld.inline-") for c, _ in found(doc))


def test_a_term_an_open_badges_context_scopes_to_a_type() -> None:
    doc = credential({"achievement": "https://evil.example/achievement"}, contexts=(VC2, OB3))
    assert found(doc) == [("jsonld.inline-redefinition", "/@context/2/achievement")]
    doc = credential({"accomplished": OB + "achievement"}, contexts=(VC2, OB3))
    assert found(doc) == [("jsonld.inline-shared-iri", "/@context/2/accomplished")]


@pytest.mark.parametrize("end", [":", "/", "?", "#", "[", "]", "@"])
def test_a_term_that_would_be_a_prefix_of_compact_iris(end: str) -> None:
    doc = credential({"pp": f"https://people.example/x{end}"})
    assert found(doc) == [("jsonld.inline-prefix", "/@context/1/pp")]


def test_a_prefix_cannot_rewrite_a_signed_id_into_another_string() -> None:
    """The attack the prefix rule stops: the same signed data, a subject id a reader sees
    as "pp:victim" where the signature covers https://people.example/victim."""
    unsigned = credential(ALUMNI)
    unsigned["credentialSubject"]["id"] = "https://people.example/victim"
    signed = sign(unsigned, KEY, created="2026-01-01T00:00:00Z")
    rewritten = copy.deepcopy(signed)
    rewritten["@context"] = [VC2, {**ALUMNI, "pp": "https://people.example/"}]
    rewritten["credentialSubject"]["id"] = "pp:victim"
    assert canonicalize(rewritten) == canonicalize(signed)  # the signature still holds
    result = verify(rewritten)
    assert not result.ok
    assert {p.code for p in result.check("compacted-form").problems} == {"jsonld.inline-prefix"}


def test_a_second_name_for_an_iri_a_key_reaches_through_vocab() -> None:
    vocab = "https://example.org/vocab"
    loader = OfflineLoader({vocab: {"@context": {"@vocab": "https://example.org/terms#"}}})
    doc = credential({"alumniOf": "https://example.org/terms#college"}, contexts=(VC2, vocab))
    assert found(doc, loader=loader) == [("jsonld.inline-shared-iri", "/@context/2/alumniOf")]
    doc = credential({"alumniOf": "https://example.org/other#college"}, contexts=(VC2, vocab))
    assert found(doc, loader=loader) == []


def test_a_compact_iri_the_contexts_expand_is_not_the_iri_it_spells() -> None:
    prefixes = "https://example.org/prefixes"
    loader = OfflineLoader({prefixes: {"@context": {"ex": "https://example.org/ns#"}}})
    doc = credential({"alumniOf": "ex:alumniOf"}, contexts=(VC2, prefixes))
    assert found(doc, loader=loader) == [("jsonld.inline-definition", "/@context/2/alumniOf")]
    # with no such prefix, "ex:alumniOf" is an IRI of its own
    assert found(credential({"alumniOf": "ex:alumniOf"})) == []


@pytest.mark.parametrize(
    ("item", "where"),
    [
        (123, "/@context/1"),
        (None, "/@context/1"),
        ([ALUMNI], "/@context/1"),
        ({"@context": ALUMNI, "alumniOf": "https://evil.example/a"}, "/@context/1/@context"),
        ({"@context": {"@context": ALUMNI}}, "/@context/1/@context"),
        ({"@context": [VC2]}, "/@context/1/@context"),
    ],
)
def test_what_is_not_a_context_object_of_terms(item: Any, where: str) -> None:
    codes = {"jsonld.inline-context", "jsonld.inline-keyword"}
    problems = found(credential(item))
    assert problems
    assert all(code in codes and at == where for code, at in problems)


def test_many_terms_are_refused_unread() -> None:
    inline = {f"t{n}": f"https://example.org/t{n}" for n in range(100)}
    assert found(credential(inline)) == [("jsonld.work-limit", "/@context/1")]


def test_the_same_context_object_in_many_credentials_is_checked_once_each_place() -> None:
    presentation = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [credential({"ident": "@id"}) for _ in range(3)],
    }
    assert found(presentation) == [
        ("jsonld.inline-alias", f"/verifiableCredential/{n}/@context/1/ident") for n in range(3)
    ]


def test_documents_with_context_objects_leave_no_state_behind() -> None:
    """Inline contexts come with documents: the per-loader memo (kept as long as the
    loader) must not grow with each one, or a verifier would fill its memory."""
    state = _state_for(default_loader())
    found(credential(ALUMNI))  # the shared root contexts are processed and kept once
    gc.collect()
    before = (
        len(state._wrapped),
        len(state._roots),
        len(state.options["contextResolver"].per_op_cache),
    )
    for n in range(20):
        doc = credential({"alumniOf": f"https://www.example.org/alumniOf{n}"})
        doc["credentialSubject"]["@context"] = {f"t{n}": f"https://example.org/t{n}"}
        assert found(doc) == []
    gc.collect()
    after = (
        len(state._wrapped),
        len(state._roots),
        len(state.options["contextResolver"].per_op_cache),
    )
    assert after == before
