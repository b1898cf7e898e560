"""RDFC-1.0 against the W3C test suite, plus the canonical escaping rules and the work limit."""

from __future__ import annotations

import json
import sys

import pytest

from microcredential.errors import CanonicalizationLimitError
from microcredential.jsonld.rdfc import (
    WORK_PER_QUAD,
    Quad,
    canonicalize_quads,
    escape_literal,
    parse_nquads,
    serialize_quad,
    work_budget,
)
from support import REFERENCE, count_calls, growth, need_reference

SUITE = REFERENCE / "vectors" / "rdf-canon"


def _entries(kind: str) -> list[dict[str, str]]:
    if not SUITE.is_dir():
        return []
    manifest = json.loads((SUITE / "manifest.jsonld").read_text(encoding="utf-8"))
    return [e for e in manifest["entries"] if e["type"] == kind]


@pytest.mark.parametrize("entry", _entries("rdfc:RDFC10EvalTest"), ids=lambda e: e["id"])
def test_w3c_evaluation_suite(entry: dict[str, str]) -> None:
    base = need_reference() / "vectors" / "rdf-canon"
    quads = parse_nquads((base / entry["action"]).read_text(encoding="utf-8"))
    expected = (base / entry["result"]).read_text(encoding="utf-8")
    hash_algorithm = entry.get("hashAlgorithm", "SHA256").lower()
    assert canonicalize_quads(quads, hash_algorithm=hash_algorithm) == expected


def test_the_hash_decides_the_labels_of_blank_nodes() -> None:
    # W3C test075 (test020 with SHA-384), written here so that it runs without the reference
    # data: the two hashes order the blank nodes differently.
    quads = parse_nquads(
        "<http://example.org/vocab#test> <http://example.org/vocab#A> _:e0 .\n"
        "<http://example.org/vocab#test> <http://example.org/vocab#B> _:e1 .\n"
        "_:e0 <http://example.org/vocab#next> _:e2 .\n"
        "_:e1 <http://example.org/vocab#next> _:e2 .\n"
    )
    by_384 = canonicalize_quads(quads, hash_algorithm="sha384")
    assert by_384 == (
        "<http://example.org/vocab#test> <http://example.org/vocab#A> _:c14n0 .\n"
        "<http://example.org/vocab#test> <http://example.org/vocab#B> _:c14n2 .\n"
        "_:c14n0 <http://example.org/vocab#next> _:c14n1 .\n"
        "_:c14n2 <http://example.org/vocab#next> _:c14n1 .\n"
    )
    assert canonicalize_quads(quads) != by_384
    with pytest.raises(ValueError, match="'md5' is not supported"):
        canonicalize_quads(quads, hash_algorithm="md5")


@pytest.mark.parametrize("entry", _entries("rdfc:RDFC10NegativeEvalTest"), ids=lambda e: e["id"])
def test_w3c_poison_graphs_are_refused_quickly(entry: dict[str, str]) -> None:
    base = need_reference() / "vectors" / "rdf-canon"
    quads = parse_nquads((base / entry["action"]).read_text(encoding="utf-8"))

    def refuse() -> None:
        with pytest.raises(CanonicalizationLimitError, match="work limit"):
            canonicalize_quads(quads)

    # the limit bites long before the graph explodes: fewer calls than units of budget
    assert count_calls(refuse) < work_budget(len(quads))


def test_suite_is_present_when_reference_is() -> None:
    need_reference()
    assert len(_entries("rdfc:RDFC10EvalTest")) >= 60


def _clique(size: int) -> list[tuple[str, str, str, str]]:
    return [
        (f"_:n{i}", "<urn:ex:p>", f"_:n{j}", "") for i in range(size) for j in range(size) if i != j
    ]


def test_poison_clique_refused_without_reference_data() -> None:
    with pytest.raises(CanonicalizationLimitError) as info:
        canonicalize_quads(_clique(10))
    assert info.value.problems[0].code == "jsonld.canonicalization-limit"


def _rings(size: int, count: int = 2) -> list[Quad]:
    """``count`` rings of ``size`` blank nodes each: every node looks like every other."""
    return [
        (f"_:r{r}n{i}", "<urn:ex:next>", f"_:r{r}n{(i + 1) % size}", "")
        for r in range(count)
        for i in range(size)
    ]


def test_long_rings_meet_the_work_limit_not_the_recursion_limit() -> None:
    # The N-degree hash recurses along the ring: 1,200 levels once overflowed Python's stack.
    with pytest.raises(CanonicalizationLimitError) as info:
        canonicalize_quads(_rings(1200))
    assert info.value.problems[0].code == "jsonld.canonicalization-limit"


def test_deep_n_degree_hashing_needs_no_deep_stack() -> None:
    quads = _rings(60)
    expected = canonicalize_quads(quads, max_work=10**7)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(_frames()) + 40)  # far fewer frames than the ring is long
    try:
        assert canonicalize_quads(quads, max_work=10**7) == expected
    finally:
        sys.setrecursionlimit(limit)
    assert expected.count("\n") == 120


def _frames() -> list[object]:
    frame = sys._getframe()
    frames = []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back  # type: ignore[assignment]
    return frames


def _refused(quads: list[Quad]) -> None:
    with pytest.raises(CanonicalizationLimitError):
        canonicalize_quads(quads)


def test_work_before_the_limit_is_linear_in_the_input() -> None:
    assert growth(lambda n: _refused(_rings(n)), 1200) < 2.4
    assert growth(lambda n: _refused(_rings(1000, count=n)), 4) < 2.4


def test_the_default_budget_grows_with_the_dataset() -> None:
    assert work_budget(2000) - work_budget(1000) == 1000 * WORK_PER_QUAD
    # a dataset that needs more than a fixed budget is canonicalized within the default one
    quads = _rings(6, count=300)
    assert canonicalize_quads(quads).count("\n") == len(quads)
    with pytest.raises(CanonicalizationLimitError):
        canonicalize_quads(quads, max_work=work_budget(0))


def test_small_symmetric_graph_within_limit() -> None:
    # A 3-cycle needs N-degree hashing but only a little of it.
    quads = [
        ("_:x", "<urn:p>", "_:y", ""),
        ("_:y", "<urn:p>", "_:z", ""),
        ("_:z", "<urn:p>", "_:x", ""),
    ]
    out = canonicalize_quads(quads)
    assert out.count("_:c14n") == 6
    assert sorted(set(out.split())) == sorted({"_:c14n0", "_:c14n1", "_:c14n2", "<urn:p>", "."})


def test_blank_node_labels_do_not_matter() -> None:
    a = [
        ("_:a", "<urn:p>", '"1"', ""),
        ("_:a", "<urn:q>", "_:b", ""),
        ("_:b", "<urn:p>", '"2"', ""),
    ]
    b = [
        ("_:zz", "<urn:p>", '"1"', ""),
        ("_:zz", "<urn:q>", "_:k", ""),
        ("_:k", "<urn:p>", '"2"', ""),
    ]
    assert canonicalize_quads(a) == canonicalize_quads(list(reversed(b)))


def test_duplicates_removed_and_lines_sorted() -> None:
    quads = [("<urn:b>", "<urn:p>", '"x"', ""), ("<urn:a>", "<urn:p>", '"x"', "")] * 2
    assert canonicalize_quads(quads) == '<urn:a> <urn:p> "x" .\n<urn:b> <urn:p> "x" .\n'


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("plain", "plain"),
        ('say "hi"', 'say \\"hi\\"'),
        ("back\\slash", "back\\\\slash"),
        ("tab\there", "tab\\there"),
        ("\b\f\n\r", "\\b\\f\\n\\r"),
        ("\x00\x1f\x7f", "\\u0000\\u001F\\u007F"),
        ("ünïcödé €", "ünïcödé €"),
        ("", ""),
        ('ends with a quote"', 'ends with a quote\\"'),
        # not printable for Python, yet written as they are: no control characters
        (
            "no\u00a0break\u2028line\u200bzero\ue000private",
            "no\u00a0break\u2028line\u200bzero\ue000private",
        ),
        ("\u00a0then\ttab", "\u00a0then\\ttab"),
    ],
)
def test_literal_escaping_follows_canonical_nquads(raw: str, escaped: str) -> None:
    # Spec over peer library: pyld writes U+0008/U+000C/U+0000 unescaped, RDFC-1.0 test060
    # requires \b, \f and \u0000.
    assert escape_literal(raw) == escaped


def test_parse_and_serialize_round_trip() -> None:
    text = '<urn:s> <urn:p> "a\\u0041\\tb"@en-GB <urn:g> .\n_:b0 <urn:p> "1"^^<urn:dt> .\n'
    quads = parse_nquads(text)
    assert quads[0] == ("<urn:s>", "<urn:p>", '"aA\\tb"@en-GB', "<urn:g>")
    assert "".join(serialize_quad(q) for q in quads) == (
        '<urn:s> <urn:p> "aA\\tb"@en-GB <urn:g> .\n_:b0 <urn:p> "1"^^<urn:dt> .\n'
    )


def test_parse_rejects_garbage_with_line_number() -> None:
    with pytest.raises(ValueError, match="line 2"):
        parse_nquads('<urn:s> <urn:p> "x" .\nnot n-quads\n')
