"""The compacted-form check: one code per way a JSON layout can hide what a JSON-LD reader sees."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcredential import strategies as mcst
from microcredential.jsonld import (
    UNDECIDED_CODES,
    CompactedProperty,
    OfflineLoader,
    canonicalize,
    compaction_problems,
    walk_compacted,
)

VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC1 = "https://www.w3.org/2018/credentials/v1"
DI2 = "https://w3id.org/security/data-integrity/v2"


def badge() -> dict[str, Any]:
    return {
        "@context": [VC2, OB3],
        "id": "urn:uuid:6f1c1d46-3a0e-4d55-8d6f-1b9d8f7a2c10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork",
        "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "College"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/teamwork",
                "type": ["Achievement"],
                "name": "Teamwork",
                "criteria": {"narrative": "Works well in a group."},
                "alignment": [
                    {"type": ["Alignment"], "targetName": "A", "targetUrl": "https://a.example"},
                    {"type": ["Alignment"], "targetName": "B", "targetUrl": "https://b.example"},
                ],
            },
        },
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2026-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6Mk#z6Mk",
            "proofPurpose": "assertionMethod",
            "proofValue": "z5",
        },
    }


def found(document: Any, **options: Any) -> list[tuple[str, str]]:
    return [(p.code, p.path) for p in compaction_problems(document, **options)]


def test_a_compacted_credential_passes() -> None:
    assert found(badge()) == []


def test_language_value_objects_stay_allowed_for_name_and_description() -> None:
    doc = badge()
    doc["name"] = [
        {"@value": "Teamwork", "@language": "en"},
        {"@value": "Samenwerken", "@language": "nl"},
    ]
    doc["credentialSubject"]["achievement"]["description"] = {"@value": "x", "@direction": "ltr"}
    assert found(doc) == []


@pytest.mark.parametrize(
    ("where", "key", "value", "code"),
    [
        ((), "@nest", {"validUntil": "2027-01-01T00:00:00Z"}, "jsonld.nest"),
        ((), "@version", 1.1, "jsonld.keyword-key"),
        ((), "@vocab", "https://evil.example/", "jsonld.keyword-key"),
        (("issuer",), "@protected", True, "jsonld.keyword-key"),
        (("credentialSubject",), "@included", [{"id": "urn:x"}], "jsonld.keyword-key"),
        ((), "@graph", [], "jsonld.keyword-key"),
        ((), "@foo", 1, "jsonld.reserved-key"),
        (
            (),
            "https://www.w3.org/2018/credentials#validUntil",
            "2027-01-01T00:00:00Z",
            "jsonld.iri-key",
        ),
        ((), "cred:validUntil", "2027-01-01T00:00:00Z", "jsonld.iri-key"),
        ((), "_:b0", "x", "jsonld.iri-key"),
        ((), "notATerm", "x", "jsonld.undefined-term"),
        (
            ("credentialSubject", "achievement"),
            "Criteria",
            {"narrative": "x"},
            "jsonld.ambiguous-term",
        ),
        ((), "validUntil", {"@value": "2027-01-01T00:00:00Z"}, "jsonld.value-object"),
        ((), "validUntil", None, "jsonld.null-value"),
        ((), "credentialStatus", [[{"id": "urn:s", "type": "X"}]], "jsonld.nested-array"),
    ],
)
def test_each_departure_has_its_code_and_pointer(
    where: tuple[str, ...], key: str, value: Any, code: str
) -> None:
    doc = badge()
    node = doc
    for segment in where:
        node = node[segment]
    node[key] = value
    pointer = "".join("/" + s.replace("~", "~0").replace("/", "~1") for s in (*where, key))
    assert any(c == code and at.startswith(pointer) for c, at in found(doc))


def test_keyword_written_where_the_context_aliases_it() -> None:
    doc = badge()
    doc["@id"] = doc.pop("id")
    doc["issuer"]["@type"] = doc["issuer"].pop("type")
    assert sorted(found(doc)) == [
        ("jsonld.keyword-key", "/@id"),
        ("jsonld.keyword-key", "/issuer/@type"),
    ]


def test_a_type_written_as_its_iri() -> None:
    doc = badge()
    doc["type"] = [
        "VerifiableCredential",
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
    ]
    assert found(doc) == [("jsonld.type-not-compacted", "/type/1")]
    doc["type"] = ["VerifiableCredential", {"id": "x"}]
    assert found(doc) == [("jsonld.type-not-compacted", "/type/1")]


def test_contexts_must_be_urls_the_loader_serves() -> None:
    doc = badge()
    doc["@context"] = [*doc["@context"], 42]
    assert found(doc) == [("jsonld.inline-context", "/@context/2")]
    doc["@context"] = [VC2, "https://unknown.example/context.json"]
    problems = compaction_problems(doc)
    assert [(p.code, p.path) for p in problems] == [("jsonld.context-not-found", "/@context/1")]
    assert {p.code for p in problems} <= UNDECIDED_CODES
    doc["@context"] = []
    assert found(doc) == [("jsonld.inline-context", "/@context")]
    del doc["@context"]
    assert found(doc) == [("jsonld.context-missing", "/@context")]


def test_an_embedded_context_object_that_renames_is_refused_too() -> None:
    doc = badge()
    doc["issuer"]["@context"] = {"name": "https://evil.example/name"}
    assert found(doc) == [("jsonld.inline-protected-term", "/issuer/@context/name")]
    doc["issuer"]["@context"] = [OB3, {"label": "https://schema.org/name"}]
    assert found(doc) == [("jsonld.inline-shared-iri", "/issuer/@context/1/label")]


def test_a_proof_that_keeps_its_context_is_read_under_it() -> None:
    doc = badge()
    doc["proof"]["@context"] = list(doc["@context"])
    assert found(doc) == []
    doc["proof"]["https://w3id.org/security#expiration"] = "2027-01-01T00:00:00Z"
    assert found(doc) == [("jsonld.iri-key", "/proof/https:~1~1w3id.org~1security#expiration")]


def test_a_vc11_proof_without_its_suite_context_has_undefined_terms() -> None:
    doc = badge()
    doc["@context"] = [VC1, OB3]
    assert ("jsonld.undefined-term", "/proof/cryptosuite") in found(doc)
    doc["@context"] = [VC1, OB3, DI2]
    assert found(doc) == []


def test_a_term_reached_through_vocab_counts() -> None:
    vocab = "https://example.org/vocab"
    loader = OfflineLoader({vocab: {"@context": {"@vocab": "https://example.org/terms#"}}})
    doc = {"@context": [VC2, vocab], "type": ["VerifiableCredential"], "anything": 1}
    assert found(doc, loader=loader) == []


def test_a_presentation_with_an_embedded_credential() -> None:
    credential = badge()
    presentation = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "holder": "did:example:learner",
        "verifiableCredential": [credential],
    }
    assert found(presentation) == []
    credential["@nest"] = {"credentialStatus": {"id": "urn:s", "type": "BitstringStatusListEntry"}}
    assert found(presentation) == [("jsonld.nest", "/verifiableCredential/0/@nest")]
    # the embedded credential needs its own context (the presentation's is reset there)
    del credential["@nest"]
    del credential["@context"]
    assert ("jsonld.undefined-term", "/verifiableCredential/0/name") in found(presentation)


def test_the_visitor_sees_every_property_with_its_iri_and_types() -> None:
    seen: list[CompactedProperty] = []
    assert walk_compacted(badge(), visit=seen.append) == []
    by_path = {p.path: p for p in seen}
    criteria = by_path[("credentialSubject", "achievement", "criteria")]
    assert criteria.iri == "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Criteria"
    assert criteria.node_types == ("Achievement",)
    assert by_path[("validFrom",)].node_types == ("VerifiableCredential", "OpenBadgeCredential")
    assert ("id",) not in by_path
    assert ("type",) not in by_path


def test_the_visitor_can_be_limited_to_some_keys() -> None:
    doc = badge()
    doc["credentialSubject"]["achievement"]["@nest"] = {"name": "hidden"}
    everything: list[CompactedProperty] = []
    problems = walk_compacted(doc, visit=everything.append)
    assert problems  # the whole document is checked either way
    some: list[CompactedProperty] = []
    assert walk_compacted(doc, visit=some.append, visit_keys={"name", "criteria"}) == problems
    assert some == [p for p in everything if p.key in {"name", "criteria"}]
    assert {p.key for p in some} == {"name", "criteria"}
    assert walk_compacted(doc, visit=some.append, visit_keys=set()) == problems


def test_the_input_is_not_modified_and_the_result_does_not_depend_on_key_order() -> None:
    doc = badge()
    doc["@nest"] = {}
    before = copy.deepcopy(doc)
    first = found(doc)
    assert doc == before
    reordered = dict(reversed(list(doc.items())))
    assert sorted(found(reordered)) == sorted(first)


def test_deep_nesting_is_reported_not_raised() -> None:
    vocab = "https://example.org/vocab"
    loader = OfflineLoader({vocab: {"@context": {"@vocab": "https://example.org/terms#"}}})
    doc: dict[str, Any] = {"@context": [vocab]}
    cursor = doc
    for _ in range(500):
        cursor["next"] = {}
        cursor = cursor["next"]
    problems = found(doc, loader=loader)
    assert [code for code, _ in problems] == ["jsonld.too-deep"]


def test_a_non_object_is_reported() -> None:
    assert found([1, 2]) == [("jsonld.invalid", "")]  # type: ignore[arg-type]


def test_the_rewrites_named_here_keep_the_dataset() -> None:
    """The codes above matter because each rewrite gives the same RDF as the original."""
    doc = badge()
    del doc["proof"]
    nested = copy.deepcopy(doc)
    nested["@nest"] = {"validFrom": nested.pop("validFrom")}
    iri = copy.deepcopy(doc)
    iri["https://www.w3.org/2018/credentials#validFrom"] = {
        "@value": iri.pop("validFrom"),
        "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
    }
    junk = copy.deepcopy(doc)
    junk["@version"] = {"anything": ["at", "all"]}
    for rewritten in (nested, iri, junk):
        assert canonicalize(rewritten) == canonicalize(doc)


def test_a_long_context_list_is_refused_before_it_is_processed() -> None:
    # each context applied copies the active context: thousands would take quadratic time
    doc = {"@context": [VC2] * 2000, "type": ["VerifiableCredential"]}
    assert found(doc) == [("jsonld.work-limit", "/@context")]


# -- what the walk keeps between documents ------------------------------------------------------

_INJECTIONS: dict[str, dict[str, Any]] = {
    "nothing": {},
    "undefined term": {"colour": "blue"},
    "@nest": {"@nest": {"name": "hidden"}},
    "IRI key": {"https://schema.org/name": "x"},
    "type written out": {"type": ["https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement"]},
    "second type": {"type": ["Achievement", "Profile"]},
    "value object": {"name": {"@value": "x"}},
    "null": {"description": None},
    "id not a string": {"id": 5},
}


@settings(
    max_examples=200 if settings.default.derandomize else 25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    st.one_of(mcst.credentials(), mcst.microcredentials()),
    st.sampled_from(sorted(_INJECTIONS)),
    st.sampled_from(("achievement", "subject", "credential")),
)
def test_plans_kept_between_documents_change_no_answer(
    document: dict[str, Any], injection: str, where: str
) -> None:
    # The same shapes of node recur across documents and places: the walk answers from what
    # it kept, and must say what a walk with nothing kept says, problems and paths included.
    target = {
        "achievement": document["credentialSubject"]["achievement"],
        "subject": document["credentialSubject"],
        "credential": document,
    }[where]
    target.update(copy.deepcopy(_INJECTIONS[injection]))
    expected = compaction_problems(document, loader=OfflineLoader())  # nothing kept
    assert compaction_problems(document) == expected
    assert compaction_problems(document) == expected
    seen: list[CompactedProperty] = []
    fresh: list[CompactedProperty] = []
    walk_compacted(document, visit=seen.append)
    walk_compacted(document, loader=OfflineLoader(), visit=fresh.append)
    assert seen == fresh


def test_plans_follow_the_key_a_node_is_reached_through() -> None:
    vocab = "https://example.org/scoped"
    terms = {
        "id": "@id",
        "type": "@type",
        "part": "https://example.org/terms#part",
        "special": {
            "@id": "https://example.org/terms#special",
            "@context": {"size": "https://example.org/terms#size"},
        },
        "name": "https://example.org/terms#name",
    }
    loader = OfflineLoader({vocab: {"@context": terms}})
    node = {"size": "1", "name": "n"}
    # "size" is a term only inside "special": the same keys read differently under "part"
    for document, expected in [
        ({"@context": vocab, "special": dict(node)}, []),
        ({"@context": vocab, "part": dict(node)}, [("jsonld.undefined-term", "/part/size")]),
        ({"@context": vocab, "special": dict(node)}, []),
    ]:
        assert found(document, loader=loader) == expected


def test_nodes_with_very_many_keys_get_no_plan() -> None:
    from microcredential.jsonld._fast import _PLAN_KEYS, _state_for

    vocab = "https://example.org/wide"
    loader = OfflineLoader({vocab: {"@context": {"@vocab": "https://example.org/terms#"}}})
    for count in (_PLAN_KEYS + 1, _PLAN_KEYS):
        document = {"@context": vocab, "part": {f"key{n}": str(n) for n in range(count)}}
        assert found(document, loader=loader) == []
    kept = [
        key[1] for ctx in _state_for(loader)._wrapped.values() for key in ctx.memo.get("plans", {})
    ]
    assert max(len(keys) for keys in kept) == _PLAN_KEYS


def test_context_urls_known_to_be_served_give_the_same_answer() -> None:
    # Once the canonicalization has found a loader to serve a document's context URLs, the
    # check takes the processed contexts as they are: the same problems, and only for that
    # loader (another one that lacks a URL still reports it).
    from microcredential.jsonld._fast import _state_for

    url = "https://example.org/vocab-context"
    served = OfflineLoader({url: {"@context": {"@vocab": "https://example.org/vocab#"}}})
    document = {
        "@context": [VC2, url],
        "type": ["https://www.w3.org/2018/credentials#VerifiableCredential"],
        "anything": "x",
    }
    expected = [("jsonld.type-not-compacted", "/type/0")]
    assert [(p.code, p.path) for p in compaction_problems(document, loader=served)] == expected
    canonicalize(document, loader=served)
    assert _state_for(served).served_root(document["@context"]) is not None
    assert [(p.code, p.path) for p in compaction_problems(document, loader=served)] == expected
    lacking = compaction_problems(document, loader=OfflineLoader())
    assert [(p.code, p.path) for p in lacking] == [("jsonld.context-not-found", "/@context/1")]
    # one URL, not in a list
    canonicalize({"@context": VC2, "type": ["VerifiableCredential"]}, loader=served)
    assert _state_for(served).served_root(VC2) is not None
    single = {"@context": VC2, "type": ["VerifiableCredential"], "colour": "blue"}
    assert [p.code for p in compaction_problems(single, loader=served)] == ["jsonld.undefined-term"]
