"""The linear RDF conversion of expanded JSON-LD gives the dataset pyld's ``toRdf`` gives.

:func:`~microcredential.jsonld.to_dataset` converts what the fast path does not handle with
its own walk of the expanded form (pyld's node map is quadratic in the length of an array).
Here it is compared with the reference (pyld expansion and pyld ``toRdf``) on generated
documents that use every JSON-LD feature the conversion meets: named graphs, reverse
properties, included nodes, indexes, nested lists, blank node identifiers, relative IRIs,
blank node predicates, typed, language-tagged, directional and JSON literals, and numbers at
the edges of their lexical forms. The documents are unsafe on purpose (``safe=False``), so
that the statements pyld leaves out are exercised too.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcredential.errors import MicrocredentialError
from microcredential.jsonld import to_dataset
from microcredential.jsonld._process import to_dataset_reference
from microcredential.jsonld.rdfc import canonicalize_quads
from support import growth

XSD = "http://www.w3.org/2001/XMLSchema#"
IDS = st.sampled_from(
    [
        "http://example.org/a",
        "http://example.org/b",
        "urn:ex:1",
        "urn:ex:1\n",
        "relative",
        "_:b0",
        "_:b1",
        "_:e0",
        "http://example.org/a b",
    ]
)
PROPERTIES = st.sampled_from(
    ["http://example.org/p", "http://example.org/q", "urn:ex:r", "_:p", "relative-p", "@type"]
)
DATATYPES = st.sampled_from(
    [XSD + "double", XSD + "integer", XSD + "string", XSD + "boolean", "http://example.org/dt"]
)
NUMBERS = st.one_of(
    st.integers(-(10**25), 10**25),
    st.sampled_from([10**21, -(10**21), 10**21 - 1, 0, 5.0, -0.0, 1e21, 1.5, 1e-7, 2.5e300]),
    st.floats(allow_nan=False, allow_infinity=False),
)
SCALARS = st.one_of(st.text(max_size=4), NUMBERS, st.booleans())
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | st.text(max_size=3),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=2), inner),
    max_leaves=6,
)


@st.composite
def value_objects(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["plain", "typed", "language", "direction", "json"]))
    value: dict[str, Any]
    if kind == "plain":
        value = {"@value": draw(SCALARS)}
    elif kind == "typed":
        value = {
            "@value": draw(SCALARS | st.sampled_from(["1.5", "abc", "1e400"])),
            "@type": draw(DATATYPES),
        }
    elif kind == "language":
        value = {
            "@value": draw(st.text(max_size=3)),
            "@language": draw(st.sampled_from(["en", "EN", "nl-BE"])),
        }
    elif kind == "direction":
        value = {
            "@value": draw(st.text(max_size=3)),
            "@direction": draw(st.sampled_from(["ltr", "rtl"])),
        }
        if draw(st.booleans()):
            value["@language"] = "en"
    else:
        value = {"@value": draw(JSON), "@type": "@json"}
    if draw(st.booleans()):
        value["@index"] = draw(st.sampled_from(["i", "j"]))
    return value


def nodes(children: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        node: dict[str, Any] = {}
        if draw(st.booleans()):
            node["@id"] = draw(IDS)
        for prop in draw(st.lists(PROPERTIES, max_size=3, unique=True)):
            if prop == "@type":
                node["@type"] = draw(st.lists(IDS, min_size=1, max_size=2))
            else:
                node[prop] = draw(st.lists(children, max_size=3))
        extra = draw(st.sets(st.sampled_from(["@reverse", "@graph", "@included", "@index"])))
        if "@reverse" in extra:
            node["@reverse"] = {
                draw(PROPERTIES.filter(lambda p: p != "@type")): draw(
                    st.lists(
                        children.filter(lambda c: "@value" not in c and "@list" not in c),
                        min_size=1,
                        max_size=2,
                    )
                )
            }
        if "@graph" in extra:
            node["@graph"] = draw(
                st.lists(
                    children.filter(lambda c: "@value" not in c and "@list" not in c), max_size=2
                )
            )
        if "@included" in extra:
            node["@included"] = draw(
                st.lists(
                    children.filter(lambda c: "@value" not in c and "@list" not in c), max_size=2
                )
            )
        if "@index" in extra:
            node["@index"] = draw(st.sampled_from(["i", "j"]))
        return node

    return build()


ELEMENTS = st.recursive(
    value_objects(),
    lambda children: (
        nodes(children) | st.builds(lambda items: {"@list": items}, st.lists(children, max_size=3))
    ),
    max_leaves=12,
)
DOCUMENTS = st.one_of(
    nodes(ELEMENTS),
    st.builds(lambda graph: {"@graph": graph}, st.lists(nodes(ELEMENTS), max_size=3)),
)


def outcome(function: Any) -> Any:
    """The canonical form of the dataset, or the error (its type and problem codes)."""
    try:
        return canonicalize_quads(function(), max_work=10**7)
    except MicrocredentialError as exc:
        return type(exc), sorted(p.code for p in exc.problems)


@settings(
    max_examples=400 if settings.default.derandomize else 100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(DOCUMENTS)
def test_same_dataset_as_pyld(document: dict[str, Any]) -> None:
    before = copy.deepcopy(document)
    expected = outcome(lambda: to_dataset_reference(document, safe=False))
    assert outcome(lambda: to_dataset(document, safe=False)) == expected
    assert document == before


@pytest.mark.parametrize(
    "document",
    [
        # a list whose holder is left out keeps no cells
        {"@id": "relative", "http://example.org/p": [{"@list": [{"@value": 1}]}]},
        {"@id": "urn:ex:s", "_:p": [{"@list": [{"@value": 1}]}]},
        # a list item that is a relative IRI leaves a hole
        {"@id": "urn:ex:s", "http://example.org/p": [{"@list": [{"@id": "rel"}, {"@value": 2}]}]},
        # a named graph with a relative name is left out entirely
        {
            "@id": "relative",
            "@graph": [{"@id": "urn:ex:a", "http://example.org/p": [{"@value": 1}]}],
        },
        # a blank named graph, and a node described in two graphs
        {
            "@graph": [
                {"@id": "_:g", "@graph": [{"@id": "urn:ex:a", "@index": "i"}]},
                {"@id": "urn:ex:a", "@index": "j", "http://example.org/p": [{"@value": 1}]},
            ]
        },
        # huge and odd numbers
        {
            "@id": "urn:ex:s",
            "http://example.org/p": [{"@value": 10**21}, {"@value": 1e21}, {"@value": 5.0}],
        },
        {"@id": "urn:ex:s", "http://example.org/p": [{"@value": "1e400", "@type": XSD + "double"}]},
        {"@id": "urn:ex:s", "http://example.org/p": [{"@value": 10**400, "@type": XSD + "double"}]},
    ],
)
def test_edges_agree_with_pyld(document: dict[str, Any]) -> None:
    assert outcome(lambda: to_dataset(document, safe=False)) == outcome(
        lambda: to_dataset_reference(document, safe=False)
    )


@pytest.mark.parametrize("second", ["i", "j"])
def test_a_node_indexed_twice_is_an_error_as_in_pyld(second: str) -> None:
    document = {
        "@graph": [
            {"@id": "urn:ex:a", "@index": "i", "http://example.org/p": [{"@value": 1}]},
            {"@id": "urn:ex:a", "@index": second},
        ]
    }
    got = outcome(lambda: to_dataset(document, safe=False))
    assert got == outcome(lambda: to_dataset_reference(document, safe=False))
    assert got[1] == ["jsonld.invalid"]


def _long_array(count: int) -> dict[str, Any]:
    """One property with ``count`` values, in a document the fast path does not handle."""
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2", {"x": "https://example.org/x"}],
        "type": "VerifiableCredential",
        "x": list(range(count)),
    }


def test_a_long_array_off_the_fast_path_costs_linear_work() -> None:
    # pyld's node map compared each new value with every value before it
    assert growth(lambda n: to_dataset(_long_array(n)), 1000) < 2.4


def test_a_long_array_off_the_fast_path_is_complete() -> None:
    quads = to_dataset(_long_array(3000))
    assert sum(p == "<https://example.org/x>" for _, p, _, _ in quads) == 3000
