"""The fast JSON-LD → RDF path gives byte-identical canonical N-Quads to the pyld reference path.

Each test compares the fast path with the reference path (``to_dataset_reference``, pure pyld
expansion and ``toRdf`` with safe mode) in the same process: over every vector and example in
the reference data, over a derandomized Hypothesis corpus (about 10,000 documents with the CI
profile), over inputs it must refuse (then ``to_dataset`` falls back and gives the reference
answer or the reference error), and for safe-mode errors.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcredential import strategies as mcst
from microcredential.errors import (
    CanonicalizationLimitError,
    ContextNotFoundError,
    MicrocredentialError,
    SafeModeError,
)
from microcredential.jsonld import OfflineLoader, canonicalize, to_dataset
from microcredential.jsonld._fast import Unsupported, fast_dataset
from microcredential.jsonld._process import to_dataset_reference
from microcredential.jsonld.rdfc import canonicalize_quads, work_budget
from support import REFERENCE, count_calls, need_reference
from vectors import EXAMPLES_LOADER, W3C_UNSIGNED, ob_credential

VC2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


def reference_canonical(document: Any, loader: OfflineLoader | None = None) -> str:
    return canonicalize_quads(to_dataset_reference(document, loader=loader))


def fast_canonical(document: Any, loader: OfflineLoader | None = None) -> str:
    return canonicalize_quads(fast_dataset(document, loader))


def outcome(function: Callable[[], Any]) -> Any:
    """The canonical form, or (error type, problem codes and paths)."""
    try:
        return canonicalize_quads(function())
    except MicrocredentialError as exc:
        return type(exc), sorted((p.code, p.path) for p in exc.problems)


def assert_same(document: Any, loader: OfflineLoader | None = None) -> None:
    """The public path (fast or fallback) agrees with the reference, errors included."""
    assert outcome(lambda: to_dataset(document, loader=loader)) == outcome(
        lambda: to_dataset_reference(document, loader=loader)
    )


# -- the reference data ----------------------------------------------------------------------


def _reference_documents() -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON-LD document among the vectors, its unsecured form and its proof configs."""
    base = REFERENCE / "vectors"
    if not base.is_dir():
        return
    for path in sorted(base.rglob("*.json")):
        if "rdf-canon" in path.parts:
            continue
        document = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(document, dict) or "@context" not in document:
            continue
        name = path.relative_to(base).as_posix()
        yield name, document
        if "proof" in document:
            yield f"{name}#unsecured", {k: v for k, v in document.items() if k != "proof"}
            proofs = document["proof"]
            for index, proof in enumerate(proofs if isinstance(proofs, list) else [proofs]):
                config = {k: v for k, v in proof.items() if k != "proofValue"}
                config["@context"] = document["@context"]
                yield f"{name}#proof-config-{index}", config


REFERENCE_DOCUMENTS = list(_reference_documents())


def _reference_loader() -> OfflineLoader:
    return OfflineLoader.from_directory(need_reference() / "contexts")


@pytest.mark.parametrize(
    ("name", "document"), REFERENCE_DOCUMENTS, ids=[n for n, _ in REFERENCE_DOCUMENTS]
)
def test_reference_documents_identical(name: str, document: dict[str, Any]) -> None:
    loader = _reference_loader()
    expected = reference_canonical(document, loader)
    if "proof" in document:
        # proofs inside the document (proof sets and chains) are the reference path's
        with pytest.raises(Unsupported):
            fast_dataset(document, loader)
    else:
        assert fast_canonical(document, loader) == expected
    assert canonicalize(document, loader=loader) == expected


def test_reference_documents_are_there() -> None:
    need_reference()
    assert len(REFERENCE_DOCUMENTS) >= 40


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("vectors/ob3-ldp/credential.json", "vectors/ob3-ldp/document-canon.nq"),
        (
            "vectors/vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json",
            "vectors/vc-di-eddsa/eddsa-rdfc-2022/proofCanonDataInt.txt",
        ),
        (
            "vectors/vc-di-eddsa/unsigned.json",
            "vectors/vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt",
        ),
    ],
)
def test_published_canonical_forms(document: str, expected: str) -> None:
    base = need_reference()
    doc = json.loads((base / document).read_text(encoding="utf-8"))
    text = (base / expected).read_text(encoding="utf-8")
    assert fast_canonical(doc, _reference_loader()).strip() == text.strip()


def test_written_vectors_without_reference_data() -> None:
    for document, loader in ((ob_credential(), None), (W3C_UNSIGNED, EXAMPLES_LOADER)):
        assert fast_canonical(document, loader) == reference_canonical(document, loader)


# -- the Hypothesis corpus -------------------------------------------------------------------


def _examples(ci_count: int) -> int:
    """``ci_count`` with the derandomized CI profile, a small share in development."""
    return ci_count if settings.default.derandomize else max(20, ci_count // 50)


def _corpus_settings(ci_count: int) -> settings:
    return settings(
        max_examples=_examples(ci_count),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _moments() -> st.SearchStrategy[str]:
    offsets = st.sampled_from(("Z", "+00:00", "+01:00", "-05:30"))
    seconds = st.integers(0, 4_000_000_000)
    return st.builds(
        lambda s, o: datetime.fromtimestamp(s, UTC).strftime("%Y-%m-%dT%H:%M:%S") + o,
        seconds,
        offsets,
    )


_METHODS = st.one_of(
    st.uuids().map(lambda u: f"https://issuer.example/keys/{u}"),
    st.sampled_from(
        (
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
            "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "https://example.edu/issuers/565049#key-1",
        )
    ),
)


def proof_configs() -> st.SearchStrategy[dict[str, Any]]:
    """Proof configurations as add_proof_unchecked builds them (cheap to draw, drawn in batches)."""
    return st.fixed_dictionaries(
        {
            "type": st.just("DataIntegrityProof"),
            "cryptosuite": st.sampled_from(("eddsa-rdfc-2022", "eddsa-2022")),
            "created": _moments(),
            "verificationMethod": _METHODS,
            "proofPurpose": st.sampled_from(
                ("assertionMethod", "authentication", "capabilityInvocation")
            ),
            "@context": st.sampled_from(([VC2, OB303], [VC2], VC2)),
        },
        optional={
            "id": st.uuids().map(lambda u: f"urn:uuid:{u}"),
            "expires": _moments(),
            "domain": st.sampled_from(("https://verifier.example", "example.org")),
            "challenge": st.text(alphabet="abcdefXYZ0123-_ é", min_size=1, max_size=12),
            "nonce": st.text(alphabet="0123456789abcdef", min_size=1, max_size=16),
            "previousProof": st.uuids().map(lambda u: f"urn:uuid:{u}"),
        },
    )


def _check_identical(document: dict[str, Any]) -> None:
    before = copy.deepcopy(document)
    expected = reference_canonical(document)
    assert fast_canonical(document) == expected
    # the public path, twice: the second time from what the first one kept (node plans, and
    # the canonical form itself for a flat document such as a proof configuration)
    assert canonicalize(document) == expected
    assert canonicalize(document) == expected
    assert document == before


# With the CI profile the corpus is about 10,000 documents: 1,000 credentials and
# microcredentials, each checked together with its achievement and (when embedded) its issuer
# profile as documents of their own (about 2,700 documents); 7,500 proof configurations (750
# examples of 10); 200 broken credentials.  Generating and the pyld reference path dominate
# the cost, so small documents are drawn in batches.


@_corpus_settings(1000)
@given(st.one_of(mcst.credentials(), mcst.microcredentials()))
def test_corpus_credentials_and_their_parts(document: dict[str, Any]) -> None:
    _check_identical(document)
    achievement = document["credentialSubject"]["achievement"]
    _check_identical({"@context": document["@context"], **achievement})
    if isinstance(document["issuer"], dict):
        _check_identical({"@context": document["@context"], **document["issuer"]})


@_corpus_settings(750)
@given(st.lists(proof_configs(), min_size=10, max_size=10))
def test_corpus_proof_configs(configs: list[dict[str, Any]]) -> None:
    for config in configs:
        _check_identical(config)


@_corpus_settings(200)
@given(mcst.invalid_credentials())
def test_corpus_broken_credentials_agree(mutation: mcst.Mutation) -> None:
    # Broken in a schema sense; JSON-LD may or may not mind: both paths must agree either way.
    assert_same(mutation.document)


# -- fallback --------------------------------------------------------------------------------


def _credential(**changes: Any) -> dict[str, Any]:
    document = ob_credential()
    document.update(changes)
    return document


def _achievement(**changes: Any) -> dict[str, Any]:
    document = ob_credential()
    document["credentialSubject"]["achievement"].update(changes)
    return document


FALLBACKS: dict[str, Any] = {
    "unknown context": _credential(**{"@context": [VC2, OB303, "https://example.org/ctx"]}),
    "embedded context": _credential(
        **{"@context": [VC2, OB303, {"colour": "https://example.org/colour"}]}, colour="blue"
    ),
    "nested embedded context": _achievement(**{"@context": {"x": "https://example.org/x"}}),
    "no context": {"id": "urn:uuid:1", "name": "x"},
    "many context URLs": _credential(**{"@context": [VC2, OB303] * 9}),
    "@graph": {"@context": [VC2, OB303], "@graph": [ob_credential()]},
    "explicit @list": _achievement(name={"@list": ["a", "b"]}),
    "@reverse": _credential(**{"@reverse": {"https://example.org/p": {"id": "urn:x:1"}}}),
    "@nest": _credential(**{"@nest": {"name": "x"}}),
    "@index": _achievement(criteria={"@index": "i", "narrative": "n"}),
    "value object with language": _achievement(name={"@value": "Teamwork", "@language": "en"}),
    "value object with @json": _achievement(description={"@value": {"a": 1}, "@type": "@json"}),
    "proof inside the document": _credential(
        proof={
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6Mk#z6Mk",
            "proofPurpose": "assertionMethod",
            "proofValue": "z111",
        }
    ),
    "null value": _achievement(description=None),
    "blank node id": _achievement(id="_:b0"),
    "relative id": _credential(id="credential-1"),
    "undefined term": _credential(colour="blue"),
    "undefined type": _achievement(type=["Achievement", "Badge"]),
    "list of lists": _achievement(name=[["a"], ["b"]]),
    "huge integer": _achievement(creditsAvailable=10**22),
    "exponent float": _achievement(creditsAvailable=1e22),
    "keyword-like key": _credential(**{"@foo": "bar"}),
    "non-string type": _achievement(type=[{"id": "urn:x:type"}]),
    "two id keys": _credential(**{"@id": "urn:uuid:other"}),
    "IRI with a space": _credential(id="https://example.org/a b"),
    "IRI with angle brackets": _achievement(id="https://example.org/<a>"),
    "IRI with a quote": _credential(
        issuer={"id": 'https://example.org/"x"', "type": ["Profile"], "name": "x"}
    ),
    "IRI with a backtick": _credential(id="urn:uuid:`1`"),
    "IRI with a non-breaking space": _credential(id="https://example.org/a\u00a0b"),
}


def test_literals_needing_escapes_and_duplicate_quads() -> None:
    # The fast walk writes a literal as it is unless it holds a control character, a quote or
    # a backslash; duplicates are dropped among the quads with and without blank nodes alike.
    texts = ['a "quoted" word', "back\\slash", "line\nbreak\ttab", "\x7f\x00", "nbsp\u00a0"]
    document = _achievement(
        name=texts[0],
        description=" ".join(texts),
        alignment=[
            {"type": ["Alignment", "Alignment"], "targetName": texts[2], "targetUrl": "urn:x:1"},
            {"type": ["Alignment"], "targetName": texts[2], "targetUrl": "urn:x:1"},
        ],
    )
    document["type"] = ["VerifiableCredential", "OpenBadgeCredential", "OpenBadgeCredential"]
    expected = reference_canonical(document)
    assert canonicalize(document) == expected == fast_canonical(document)
    assert '\\"quoted\\"' in expected
    assert "\\u007F\\u0000" in expected
    assert expected.count("OpenBadgeCredential> .") == 1


@pytest.mark.parametrize("name", list(FALLBACKS))
def test_fallback_triggers(name: str) -> None:
    document = FALLBACKS[name]
    with pytest.raises(Unsupported):
        fast_dataset(document)
    assert_same(document)


def test_fallback_for_loader_overrides_and_errors() -> None:
    # A loader that serves an unknown URL; the fast path may handle it, errors go to pyld.
    url = "https://example.org/vocab-context"
    loader = OfflineLoader({url: {"@context": {"@vocab": "https://example.org/vocab#"}}})
    document = {"@context": [VC2, url], "type": ["VerifiableCredential"], "anything": "x"}
    assert fast_canonical(document, loader) == reference_canonical(document, loader)
    missing = _credential(**{"@context": [VC2, "https://example.org/missing"]})
    with pytest.raises(ContextNotFoundError):
        to_dataset(missing)


def test_what_one_loader_serves_is_not_taken_for_another() -> None:
    url = "https://example.org/vocab-context"
    serving = OfflineLoader({url: {"@context": {"@vocab": "https://example.org/vocab#"}}})
    document = {"@context": [VC2, url], "type": ["VerifiableCredential"], "anything": "x"}
    expected = reference_canonical(document, serving)
    for _ in range(2):  # the second time from what the first one kept
        assert canonicalize(document, loader=serving) == expected
        with pytest.raises(ContextNotFoundError):
            canonicalize(document, loader=OfflineLoader())
        with pytest.raises(Unsupported):
            fast_dataset(document, OfflineLoader())


def test_identifiers_are_read_in_their_own_context_every_time() -> None:
    # The same compact identifier under two definitions of its prefix (two loaders serving
    # one URL, and a second context redefining the prefix): each is read as its context says,
    # and an identifier refused once is refused again.
    url, other = "https://example.org/ctx", "https://example.org/ctx-two"

    def context(prefix: str) -> dict[str, Any]:
        return {"@context": {"id": "@id", "@vocab": "https://example.org/vocab#", "ex": prefix}}

    one = OfflineLoader({url: context("https://one.example/"), other: context("urn:two:")})
    two = OfflineLoader({url: context("https://two.example/")})
    cases = [
        ({"@context": [url], "id": "ex:1", "name": "x"}, one, "<https://one.example/1>"),
        ({"@context": [url], "id": "ex:1", "name": "x"}, two, "<https://two.example/1>"),
        ({"@context": [url, other], "id": "ex:1", "name": "x"}, one, "<urn:two:1>"),
    ]
    for _ in range(2):
        for document, loader, subject in cases:
            text = canonicalize(document, loader=loader)
            assert text == reference_canonical(document, loader)
            assert text.startswith(subject)
        relative = {"@context": [url], "id": "one/1", "name": "x"}
        with pytest.raises(Unsupported):
            fast_dataset(relative, one)
        assert_same(relative, one)


def test_loaders_stay_collectable() -> None:
    import gc
    import weakref

    loader = OfflineLoader()
    fast_dataset(ob_credential(), loader)
    ref = weakref.ref(loader)
    del loader
    gc.collect()
    assert ref() is None


def test_reference_path_is_available() -> None:
    document = ob_credential()
    assert canonicalize_quads(to_dataset(document, fast=False)) == reference_canonical(document)
    assert canonicalize_quads(to_dataset(document)) == reference_canonical(document)


def test_fast_path_output_shape() -> None:
    quads = fast_dataset(ob_credential())
    assert len(quads) == len(set(quads))
    assert all(g == "" for *_, g in quads)
    assert any(s.startswith("_:f") for s, *_ in quads)


# -- safe mode parity ------------------------------------------------------------------------

SAFE_MODE_CASES = [
    (_credential(colour="blue"), {("jsonld.undefined-term", "/colour")}),
    (
        _achievement(ECTS=5),
        {("jsonld.undefined-term", "/credentialSubject/achievement/ECTS")},
    ),
    (
        _credential(
            credentialSchema=[
                {
                    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                    "ob_v3p0_achievementcredential_schema.json",
                    "type": "1EdTechJsonSchemaValidator2019",
                }
            ]
        ),
        {("jsonld.undefined-type", "/credentialSchema/0/type")},
    ),
    (_credential(id="credential-1"), {("jsonld.relative-iri", "/id")}),
    (
        _achievement(type=["Achievement", "Badge"]),
        {("jsonld.undefined-type", "/credentialSubject/achievement/type")},
    ),
    (_credential(id="https://example.org/a<b>"), {("jsonld.invalid-iri", "/id")}),
    (_credential(**{"@foo": "x"}), {("jsonld.reserved-key", "/@foo")}),
    (
        _achievement(alignment=[{"type": ["Alignment"], "targetName": "x", "shoeSize": 4}]),
        {("jsonld.undefined-term", "/credentialSubject/achievement/alignment/0/shoeSize")},
    ),
]


@pytest.mark.parametrize(("document", "expected"), SAFE_MODE_CASES)
def test_safe_mode_parity(document: dict[str, Any], expected: set[tuple[str, str]]) -> None:
    with pytest.raises(SafeModeError) as fast_error:
        to_dataset(document)
    with pytest.raises(SafeModeError) as reference_error:
        to_dataset_reference(document)
    got = [(p.code, p.path, p.message) for p in fast_error.value.problems]
    assert got == [(p.code, p.path, p.message) for p in reference_error.value.problems]
    assert expected <= {(code, path) for code, path, _ in got}
    with pytest.raises(Unsupported):
        fast_dataset(document)


def test_unsafe_mode_gives_the_reference_dataset() -> None:
    document = _credential(colour="blue")
    assert canonicalize_quads(to_dataset(document, safe=False)) == canonicalize_quads(
        to_dataset_reference(document, safe=False)
    )


# -- the work limit --------------------------------------------------------------------------


def _poison_document(size: int) -> dict[str, Any]:
    """A JSON-LD document whose blank nodes form a clique (refused by the work limit)."""
    nodes = [
        {"@id": f"_:n{i}", "p": [{"@id": f"_:n{j}"} for j in range(size) if j != i]}
        for i in range(size)
    ]
    return {"@context": {"p": {"@id": "urn:ex:p"}}, "@graph": nodes}


def test_poison_document_refused_quickly() -> None:
    document = _poison_document(10)

    def refuse() -> None:
        with pytest.raises(CanonicalizationLimitError, match="work limit"):
            canonicalize(document)

    # the limit bites long before the graph explodes: fewer calls than units of budget
    assert count_calls(refuse) < work_budget(90)


def _poison_entries() -> list[str]:
    manifest = REFERENCE / "vectors" / "rdf-canon" / "manifest.jsonld"
    if not manifest.is_file():
        return []
    entries = json.loads(manifest.read_text(encoding="utf-8"))["entries"]
    return [e["action"] for e in entries if e["type"] == "rdfc:RDFC10NegativeEvalTest"]


@pytest.mark.parametrize("action", _poison_entries())
def test_w3c_poison_graphs_refused_quickly(action: str) -> None:
    from microcredential.jsonld.rdfc import parse_nquads

    text = (need_reference() / "vectors" / "rdf-canon" / action).read_text(encoding="utf-8")
    quads = parse_nquads(text)

    def refuse() -> None:
        with pytest.raises(CanonicalizationLimitError, match="work limit"):
            canonicalize_quads(quads)

    assert count_calls(refuse) < work_budget(len(quads))


# -- what the fast path keeps between documents -----------------------------------------------

_CUSTOM = "https://example.org/custom-context"


def _custom_loader(vocabulary: str) -> OfflineLoader:
    context = {
        "@context": {
            "@vocab": vocabulary,
            "id": "@id",
            "type": "@type",
            "Thing": {"@id": f"{vocabulary}Thing", "@context": {"size": f"{vocabulary}thingSize"}},
            "listed": {"@id": f"{vocabulary}listed", "@container": "@list"},
            "special": {"@id": f"{vocabulary}special", "@context": {"size": f"{vocabulary}big"}},
            "link": {"@id": f"{vocabulary}link", "@type": "@id"},
        }
    }
    return OfflineLoader({_CUSTOM: context})


def test_flat_documents_are_kept_per_loader_and_by_content() -> None:
    one, other = _custom_loader("https://one.example/#"), _custom_loader("https://two.example/#")
    document = {"@context": _CUSTOM, "name": "x", "link": "https://example.org/a"}
    first = canonicalize(document, loader=one)
    assert first == reference_canonical(document, one)
    # the same content under another loader's contexts is another dataset
    assert canonicalize(document, loader=other) == reference_canonical(document, other) != first
    # a changed document is canonicalized afresh, not answered from what was kept
    document["name"] = "y"
    assert canonicalize(document, loader=one) == reference_canonical(document, one) != first
    # a list and a string of the same text are told apart (here they also differ as data)
    listed = {"@context": _CUSTOM, "listed": ["a", "b"]}
    assert canonicalize(listed, loader=one) == reference_canonical(listed, one)
    single = {"@context": _CUSTOM, "listed": "a"}
    assert canonicalize(single, loader=one) == reference_canonical(single, one)
    assert canonicalize(single, loader=one) != canonicalize(listed, loader=one)


def test_errors_are_not_kept() -> None:
    document = {"@context": VC2, "type": "DataIntegrityProof", "colour": "blue"}
    for _ in range(2):
        with pytest.raises(SafeModeError):
            canonicalize(document)


def test_node_plans_follow_keys_types_and_context(monkeypatch: pytest.MonkeyPatch) -> None:
    import microcredential.jsonld._fast as fast

    documents: list[dict[str, Any]] = []
    for number in range(6):
        # the same keys with the type whose scoped context redefines "size", and another
        node: dict[str, Any] = {"size": str(number), "name": "n"}
        typed = {"type": "Thing", **node}
        other = {"type": "Other", **node}
        documents += [
            {"@context": _CUSTOM, "part": node},
            {"@context": _CUSTOM, "part": typed},
            {"@context": _CUSTOM, "part": other},
            {"@context": _CUSTOM, "part": [typed, other], f"extra{number}": "e"},
            {"@context": _CUSTOM, "special": node, "part": node},
            {"@context": _CUSTOM, "id": f"https://example.org/{number}", "part": node},
        ]
    for limit in (None, 3):
        if limit is not None:
            # a tiny memo, so that it is emptied and filled again many times over
            monkeypatch.setattr(fast, "_MEMO_LIMIT", limit)
        loader = _custom_loader("https://one.example/#")
        for document in documents:
            assert fast_canonical(document, loader) == reference_canonical(document, loader)
    state = fast._state_for(loader)
    for ctx in state._wrapped.values():
        assert len(ctx._plans) <= 3
        assert len(ctx._stages) <= 3


def test_nodes_with_very_many_keys_get_no_plan() -> None:
    import microcredential.jsonld._fast as fast

    loader = _custom_loader("https://one.example/#")
    wide = {f"key{number}": str(number) for number in range(fast._PLAN_KEYS + 1)}
    narrow = {f"key{number}": str(number) for number in range(fast._PLAN_KEYS)}
    for node in (wide, narrow):
        document = {"@context": _CUSTOM, "part": node}
        assert fast_canonical(document, loader) == reference_canonical(document, loader)
    kept = [
        keys
        for ctx in fast._state_for(loader)._wrapped.values()
        for (_, keys, *_) in [*ctx._plans, *ctx._stages]
    ]
    assert max(len(keys) for keys in kept) == fast._PLAN_KEYS  # the narrow node's, not the wide
