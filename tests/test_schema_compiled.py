"""The compiled schema check accepts exactly what jsonschema accepts.

:class:`~microcredential.schema.SchemaValidator` trusts the compiled check when it says
"valid" and asks jsonschema otherwise, so the check must never accept a document jsonschema
rejects.  These tests hold it to more: the same answer as jsonschema on every document —
the bundled schemas over the reference credentials, generated credentials (valid and
broken) and documents derived from seeds; and random schemas built from the compiled
keywords over random JSON values.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from microcredential import strategies
from microcredential._json import is_plain_json
from microcredential._schema_compile import NotCompilable, compile_check
from microcredential.schema import (
    KINDS,
    SCHEMA_BASE,
    SchemaValidator,
    _bundled_documents,
    detect_kind,
    format_checker,
    validate_schema,
)
from schema_support import RICH_CREDENTIAL, SEEDS, reference_credentials, variants
from support import need_reference

Json = Any


def reference_path(kind: str) -> Draft202012Validator:
    """jsonschema alone, over the bundled schema of ``kind``."""
    validator: Any = SchemaValidator.bundled(kind)._validator
    return validator  # type: ignore[no-any-return]


def compiled(kind: str) -> Any:
    accepts = SchemaValidator.bundled(kind)._accepts
    assert accepts is not None, f"the bundled {kind} schema is no longer compiled"
    return accepts


def assert_same(kind: str, document: Json, label: str = "") -> None:
    expected = reference_path(kind).is_valid(document)
    assert compiled(kind)(document) is expected, f"{kind} {label}: jsonschema says {expected}"


def test_every_bundled_schema_is_compiled() -> None:
    for kind in KINDS:
        assert compiled(kind) is not None


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_seeds_and_their_variants(kind: str) -> None:
    seeds = [*SEEDS[kind], *([RICH_CREDENTIAL] if kind == "credential" else [])]
    verdicts = set()
    for seed in seeds:
        for label, document in variants(seed):
            assert_same(kind, document, label)
            verdicts.add(reference_path(kind).is_valid(document))
    assert verdicts == {True, False}  # the corpus has both kinds of document


def test_reference_credentials() -> None:
    need_reference()
    documents = reference_credentials()
    assert documents
    for document in documents:
        kind = detect_kind(document) or "credential"
        assert_same(kind, document, str(document.get("id")))
        # and one level down: every member removed in turn
        for key in list(document):
            assert_same(kind, {k: v for k, v in document.items() if k != key}, f"without {key}")


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.credentials() | strategies.microcredentials())
def test_generated_credentials(document: Json) -> None:
    assert_same("credential", document)
    assert validate_schema(document, kind="credential") == []


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.invalid_credentials())
def test_generated_broken_credentials(mutation: Any) -> None:
    assert_same("credential", mutation.document, mutation.description)
    assert validate_schema(mutation.document, kind="credential")  # jsonschema explains


def test_documents_that_are_not_plain_json_are_left_to_jsonschema() -> None:
    document = copy.deepcopy(SEEDS["profile"][0])
    document["type"] = ("Profile",)  # a tuple is not a JSON array for jsonschema
    assert not is_plain_json(document)
    assert compiled("profile")(document) is False
    assert [p.code for p in validate_schema(document, kind="profile")] == ["schema.type"]


def test_a_schema_outside_the_compiled_subset_is_validated_by_jsonschema() -> None:
    schema = {"type": "array", "uniqueItems": True}
    with pytest.raises(NotCompilable, match="uniqueItems"):
        compile_check(schema, {}, format_checker())
    validator = SchemaValidator(schema)
    assert validator._accepts is None
    assert validator.is_valid([1, 2])
    assert [p.code for p in validator.problems([1, 1])] == ["schema.uniqueItems"]


def test_a_document_deeper_than_the_recursion_limit_is_left_to_jsonschema() -> None:
    accepts = compile_check({"items": {"$ref": "#"}}, {}, format_checker())
    deep: Json = []
    for _ in range(5000):
        deep = [deep]
    assert accepts(deep) is False


# ---------------------------------------------------------------------------------------
# Keyword by keyword: random schemas from the compiled subset, random instances.

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.sampled_from([0.0, 1.0, -2.0, 1.5, math.nan, math.inf])
    | st.sampled_from(["", "a", "ab", "ext:x", "2024-05-01", "2024-05-01T10:00:00Z", "b c"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "b", "x-1", "type", "id"]), inner, max_size=3)
    ),
    max_leaves=8,
)
TYPE_NAMES = st.sampled_from(["null", "boolean", "object", "array", "number", "string", "integer"])
PATTERNS = st.sampled_from(["^a", "b$", "^ext:[a-z]+$", "x", "^$", "[0-9]"])
COUNTS = st.integers(0, 3)


def _keywords(inner: st.SearchStrategy[Json]) -> st.SearchStrategy[dict[str, Json]]:
    names = st.sampled_from(["a", "b", "x-1", "type", "id"])
    return st.one_of(
        st.fixed_dictionaries({"type": TYPE_NAMES | st.lists(TYPE_NAMES, max_size=3)}),
        st.fixed_dictionaries({"const": VALUES}),
        st.fixed_dictionaries({"enum": st.lists(VALUES, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"properties": st.dictionaries(names, inner, max_size=2)}),
        st.fixed_dictionaries(
            {"properties": st.dictionaries(names, inner, max_size=2)},
            optional={
                "patternProperties": st.dictionaries(PATTERNS, inner, max_size=2),
                "additionalProperties": inner,
            },
        ),
        st.fixed_dictionaries({"required": st.lists(names, max_size=2, unique=True)}),
        st.fixed_dictionaries({"propertyNames": inner}),
        st.fixed_dictionaries({"minProperties": COUNTS}),
        st.fixed_dictionaries({"maxProperties": COUNTS}),
        st.fixed_dictionaries(
            {"items": inner}, optional={"prefixItems": st.lists(inner, min_size=1, max_size=2)}
        ),
        st.fixed_dictionaries({"prefixItems": st.lists(inner, min_size=1, max_size=2)}),
        st.fixed_dictionaries(
            {"contains": inner}, optional={"minContains": COUNTS, "maxContains": COUNTS}
        ),
        st.fixed_dictionaries({"minItems": COUNTS}),
        st.fixed_dictionaries({"maxItems": COUNTS}),
        st.fixed_dictionaries({"minLength": COUNTS}),
        st.fixed_dictionaries({"maxLength": COUNTS}),
        st.fixed_dictionaries({"pattern": PATTERNS}),
        st.fixed_dictionaries({"format": st.sampled_from(["date-time", "date", "uri", "email"])}),
        st.fixed_dictionaries({"minimum": st.integers(-2, 2) | st.just(0.5)}),
        st.fixed_dictionaries({"maximum": st.integers(-2, 2) | st.just(0.5)}),
        st.fixed_dictionaries({"exclusiveMinimum": st.integers(-2, 2)}),
        st.fixed_dictionaries({"exclusiveMaximum": st.integers(-2, 2)}),
        st.fixed_dictionaries({"allOf": st.lists(inner, min_size=1, max_size=2)}),
        st.fixed_dictionaries({"anyOf": st.lists(inner, min_size=1, max_size=2)}),
        st.fixed_dictionaries({"oneOf": st.lists(inner, min_size=1, max_size=3)}),
        st.fixed_dictionaries({"not": inner}),
        st.fixed_dictionaries({"if": inner}, optional={"then": inner, "else": inner}),
        st.fixed_dictionaries({"then": inner}),  # without "if": ignored by both
        st.fixed_dictionaries({"$ref": st.just("#/$defs/shared")}),
        st.fixed_dictionaries({"x-vendor": VALUES}),  # not a keyword: ignored by both
    )


SCHEMAS = st.recursive(
    st.booleans() | st.just({}),
    lambda inner: st.lists(_keywords(inner), min_size=1, max_size=3).map(
        lambda parts: {k: v for part in parts for k, v in part.items()}
    ),
    max_leaves=6,
)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(
    schema=SCHEMAS.filter(lambda s: isinstance(s, dict)),
    shared=SCHEMAS,
    instances=st.lists(VALUES, min_size=1, max_size=6),
)
def test_random_schemas_agree_with_jsonschema(
    schema: dict[str, Json], shared: Json, instances: list[Json]
) -> None:
    schema = {**schema, "$defs": {"shared": shared}}
    reference = Draft202012Validator(schema, format_checker=format_checker())
    try:
        accepts = compile_check(schema, {}, format_checker())
    except NotCompilable as exc:
        refused = str(exc)
    else:
        refused = ""
    if refused:  # only a $ref cycle that never looks into the document is refused here
        assert "cycle" in refused
        return
    for instance in instances:
        assert accepts(instance) is reference.is_valid(instance), instance


@pytest.mark.parametrize(
    ("schema", "instance"),
    [
        ({"const": 1}, True),  # true is not 1
        ({"const": 1}, 1.0),  # 1 is 1.0
        ({"const": [1, {"a": False}]}, [1.0, {"a": 0}]),
        ({"enum": [0, "a"]}, False),
        ({"type": "integer"}, 2.0),
        ({"type": "integer"}, True),
        ({"type": "number"}, False),
        ({"minimum": 0}, math.nan),
        ({"not": {"maximum": 0}}, math.nan),
        ({"contains": {"type": "string"}, "minContains": 0}, []),
        ({"contains": {"type": "string"}, "maxContains": 1}, ["a", "b"]),
        ({"items": False, "prefixItems": [True]}, [1, 2]),
        ({"patternProperties": {"^a": True, "^b": True}, "additionalProperties": False}, {"c": 1}),
        ({"patternProperties": {"^a": True, "^b": True}, "additionalProperties": False}, {"b2": 1}),
        ({"patternProperties": {"^a": False}, "additionalProperties": True}, {"a": 1}),
        ({"properties": {"a": True}, "additionalProperties": False}, {"a": 1}),
        ({"properties": {"a": False}, "patternProperties": {"a": True}}, {"a": 1}),
        ({"format": "date-time"}, "2024-02-30T10:00:00Z"),
        ({"if": {"type": "string"}, "then": {"const": "x"}}, 5),
        ({"if": {"type": "string"}, "then": {"const": "x"}}, "y"),
        # one or many: a type condition, checked without a call
        *(
            ({"if": {"type": "object"}, "then": {"required": ["a"]}, "else": {"items": False}}, v)
            for v in [{}, {"a": 1}, [], [1], "x", None]
        ),
        *(({"type": ["integer", "string"]}, v) for v in [2.0, 2.5, True, 3, "a", None]),
        *(({"type": ["integer", "number"]}, v) for v in [2.0, 2.5, True, 3]),
        *(({"type": ["null", "object", "array"]}, v) for v in [None, {}, [], False, 0]),
        *(({"required": ["a", "b"]}, v) for v in [{"a": 1}, {"a": 1, "b": 2}, {}, ["a", "b"]]),
        *(({"required": []}, v) for v in [{}, 1]),
        *(({"contains": {"type": "string"}}, v) for v in [[], [1], [1, "a"], "ab", {"a": "b"}]),
        # the shapes checked as one: an object's members, an array's items, a type and one more
        *(
            (schema, v)
            for schema in [
                {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["b"]},
                {"properties": {"a": {"type": "string"}}, "required": ["b"]},
                {"properties": {"a": False}},
            ]
            for v in [{"b": 1}, {"a": 1, "b": 1}, {"a": "x"}, {"a": "x", "b": None}, [], "s"]
        ),
        *(
            (schema, v)
            for schema in [
                {
                    "type": "array",
                    "items": {"type": "string"},
                    "minItems": 2,
                    "contains": {"const": "a"},
                },
                {"items": {"type": "string"}, "contains": {"const": "a"}},
                {"items": {"type": "string"}, "contains": {"const": "a"}, "minContains": 2},
                {"type": "array", "items": {"type": "string"}},
            ]
            for v in [[], ["a"], ["a", "b"], ["b", "b"], ["a", 1], {"a": 1}, "a", ["a", "a"]]
        ),
        *(
            (schema, v)
            for schema in [
                {
                    "type": ["string", "array"],
                    "if": {"type": "string"},
                    "then": {"const": "P"},
                    "else": {"items": {"type": "string"}},
                },
                {"type": ["array", "null"], "if": {"type": "string"}, "then": {"const": "P"}},
                {"type": ["object", "array"], "if": {"type": "object"}},
                {"type": "string", "format": "uri"},
                {"type": ["string", "null"], "pattern": "^a"},
            ]
            for v in ["P", "Q", ["P"], [1], None, {}, "ab", "https://x.example/a"]
        ),
        # long date-times are checked every time; shorter ones have their verdict remembered
        *(
            ({"format": "date-time"}, v)
            for v in [
                "2024-05-01T10:00:00.123456789012345678901234567+02:00",
                "2024-05-01T10:00:00.123456789012345678901234567+25:00",
                "2024-02-29T10:00:00Z",
                "2023-02-29T10:00:00Z",
                "2023-02-28T10:00:60Z",
            ]
        ),
    ],
)
def test_keyword_edges(schema: dict[str, Json], instance: Json) -> None:
    expected = Draft202012Validator(schema, format_checker=format_checker()).is_valid(instance)
    assert compile_check(schema, {}, format_checker())(instance) is expected


def test_references_across_resources_and_recursion() -> None:
    documents = _bundled_documents()
    schema = {
        "$id": "https://example.org/list.json",
        "type": "array",
        "items": {"$ref": SCHEMA_BASE + "common.json#/$defs/Alignment"},
        "$defs": {"tree": {"type": "array", "items": {"$ref": "#/$defs/tree"}}},
        "contains": {"$ref": "#/$defs/tree"},
    }
    accepts = compile_check(schema, documents, format_checker())
    reference = SchemaValidator(schema, resources=documents)
    alignment = {
        "type": ["Alignment"],
        "targetName": "EQF 5",
        "targetUrl": "https://example.org/eqf/5",
    }
    for instance in ([[[]]], [alignment], [[[]], alignment], [[[1]]], [{"type": "Alignment"}]):
        assert accepts(instance) is reference._validator.is_valid(instance)


@pytest.mark.parametrize(
    "schema",
    [
        {"$dynamicRef": "#meta"},
        {"unevaluatedProperties": False},
        {"$ref": "#anchor"},
        {"$ref": "https://example.org/elsewhere.json"},
        {"properties": {"a": {"$id": "https://example.org/inner", "type": "string"}}},
        {"$schema": "https://json-schema.org/draft/2019-09/schema", "type": "object"},
    ],
)
def test_what_is_not_compiled_is_refused_at_compile_time(schema: dict[str, Json]) -> None:
    with pytest.raises(NotCompilable):
        compile_check(schema, {}, format_checker())


# ---------------------------------------------------------------------------------------
# Schemas where jsonschema resolves or recurses differently: each once made the compiled
# check accept a document jsonschema rejects (or cannot decide).

D4 = "http://json-schema.org/draft-04/schema#"
D19 = "https://json-schema.org/draft/2019-09/schema"
COMMON = SCHEMA_BASE + "common.json"
UNSOUND_BEFORE: list[tuple[str, dict[str, Json], Json, dict[str, Json]]] = [
    (
        "a subschema in another draft",
        {"properties": {"a": {"$schema": D4, "type": "integer"}}},
        {"a": 2.0},
        {},
    ),
    (
        "a 2019-09 subschema",
        {"properties": {"a": {"$schema": D19, "prefixItems": [True], "items": {"type": "string"}}}},
        {"a": [1]},
        {},
    ),
    (
        "a percent-encoded slash in a pointer",
        {"$ref": "#/$defs/a%2Fb", "$defs": {"a/b": True, "a": {"b": False}}},
        1,
        {},
    ),
    (
        "a pointer through an embedded $id",
        {
            "$ref": "#/$defs/a/properties/x",
            "$defs": {
                "y": True,
                "a": {
                    "$id": "https://other.example/",
                    "properties": {"x": {"$ref": "#/$defs/y"}},
                    "$defs": {"y": False},
                },
            },
        },
        1,
        {},
    ),
    *[
        (
            f"a root $id urljoin rewrites ({base})",
            {"$id": base, "$ref": "#/$defs/Text", "$defs": {"Text": False}},
            "hello",
            {},
        )
        for base in (COMMON + "#", COMMON + "?", COMMON + ";", COMMON.replace("https", "HTTPS"))
    ],
    (
        "a urn base",
        {"$id": "urn:example:root", "$ref": "#/$defs/t", "$defs": {"t": False}},
        1,
        {"": {"$defs": {"t": True}}},
    ),
    (
        "a resource that embeds another by $id",
        {"$ref": "https://x.example/b.json"},
        1,
        {
            "https://x.example/a.json": {
                "$defs": {"b": {"$id": "https://x.example/b.json", "type": "string"}}
            },
            "https://x.example/b.json": {},
        },
    ),
    ("a $ref cycle that never descends", {"anyOf": [{"type": "null", "$ref": "#"}, True]}, [], {}),
]


@pytest.mark.parametrize(
    ("schema", "document", "resources"),
    [pytest.param(s, d, r, id=label) for label, s, d, r in UNSOUND_BEFORE],
)
def test_resolution_edge_cases_are_left_to_jsonschema(
    schema: dict[str, Json], document: Json, resources: dict[str, Json]
) -> None:
    documents = {**_bundled_documents(), **resources}
    try:
        accepts = compile_check(schema, documents, format_checker())
    except NotCompilable:
        return  # jsonschema decides, as it always did
    try:
        expected = SchemaValidator(schema, resources=resources)._validator.is_valid(document)
    except RecursionError:
        expected = False
    assert accepts(document) is expected


def test_a_document_nested_beyond_the_input_limit_is_declined() -> None:
    # jsonschema runs out of stack on {"items": {"$ref": "#"}} a few hundred levels down,
    # where the closures would not: such documents are not answered here.
    accepts = compile_check({"items": {"$ref": "#"}}, {}, format_checker())
    deep: Json = []
    for _ in range(300):
        deep = [deep]
    assert accepts(deep) is False
    shallow: Json = []
    for _ in range(20):
        shallow = [shallow]
    assert accepts(shallow) is True


@pytest.mark.parametrize(
    "schema",
    [
        {"allOf": [True], "$ref": "#/allOf/\u00b2"},
        {"allOf": [True], "$ref": "#/allOf/" + "9" * 5000},
        {"$ref": "http://[::1/x#/a"},
        {"properties": {"a": {"$ref": "#/examples/0"}}, "examples": [{"type": [{}]}]},
        {"const": {"items": {}, "prefixItems": 5}, "$ref": "#/const"},
        {"type": [["string"]]},
    ],
)
def test_odd_schemas_are_not_compilable_rather_than_an_error(schema: dict[str, Json]) -> None:
    with pytest.raises(NotCompilable):
        compile_check(schema, {}, format_checker())
