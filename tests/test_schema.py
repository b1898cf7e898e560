"""Tests for :mod:`microcredential.schema`, including agreement with the official schemas.

The agreement tests run the bundled schemas and the 1EdTech schemas over one corpus: the
Open Badges credentials of the reference data plus documents derived from valid seeds
(optional members removed or added, single values versus arrays, each member removed in
turn, wrong JSON types, empty strings, bad enum and date values, ...). Every document the
two accept differently must be explained by an entry of :data:`DELIBERATE_DIFFERENCES`,
and every entry must be needed by at least one document. The same table is rendered in
``docs/schema.md``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential.errors import InvalidDocumentError, SchemaNotFoundError
from microcredential.problems import Problem, pointer_segments
from microcredential.schema import (
    KINDS,
    SCHEMA_BASE,
    SchemaValidator,
    detect_kind,
    format_checker,
    require_schema_valid,
    validate_schema,
)
from schema_support import (
    ACHIEVEMENT,
    CREDENTIAL,
    DATE_KEYS,
    ENUM_KEYS,
    PROFILE,
    RICH_CREDENTIAL,
    SEEDS,
    get_at,
    reference_credentials,
    removed,
    replaced,
    variants,
    walk,
)
from support import ROOT, need_reference, reference_json

Json = Any
#: The bundled schema files of the installed package.
SCHEMAS = Path(str(resources.files("microcredential") / "schemas"))

# ---------------------------------------------------------------------------------------
# Official schemas (reference data), used offline through the project's own API.

ADAPTATION = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_{}_schema.json"
FORMAL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_{}-jsonschema1.json"
OFFICIAL_NAME = {
    "credential": "achievementcredential",
    "endorsement": "endorsementcredential",
    "profile": "profile",
}
DRAFT_2019 = "https://json-schema.org/draft/2019-09/schema"


@cache
def official_schemas() -> dict[str, Json]:
    """Every official schema by its ``$id``, from ``schemas/index.json``."""
    base = need_reference() / "schemas"
    index = reference_json("schemas/index.json")
    return {uri: json.loads((base / rel).read_text(encoding="utf-8")) for uri, rel in index.items()}


@cache
def official_validator(kind: str, family: str) -> SchemaValidator:
    """The official validator for a kind; ``family`` is "adaptation" or "formal"."""
    template = ADAPTATION if family == "adaptation" else FORMAL
    if kind == "achievement":  # no stand-alone schema: use the credential schema's definition
        schema = {
            "$schema": DRAFT_2019,
            "$ref": template.format("achievementcredential") + "#/$defs/Achievement",
        }
    else:
        schema = official_schemas()[template.format(OFFICIAL_NAME[kind])]
    return SchemaValidator(schema, resources=official_schemas())


@dataclass(frozen=True, eq=False)
class Case:
    kind: str
    label: str
    document: Json


@cache
def corpus() -> tuple[Case, ...]:
    cases = [
        Case(detect_kind(doc) or "credential", "reference", doc) for doc in reference_credentials()
    ]
    for kind, seeds in SEEDS.items():
        for seed in seeds:
            cases.extend(Case(kind, label, doc) for label, doc in variants(seed))
    return tuple(cases)


# ---------------------------------------------------------------------------------------
# Where the project deliberately differs from the JSON-LD adaptation schema

LANGUAGE_TAG = re.compile(r"^[a-z]{2}(-[A-Z]{2})?$")
OFFICIAL_EXT = re.compile(r"(ext:)[a-z|A-Z|0-9|.|-|_]+")


@dataclass(frozen=True)
class Difference:
    key: str
    summary: str
    reason: str
    explains: Callable[[Problem, Json], bool]


def _value(problem: Problem, doc: Json) -> Json:
    try:
        return get_at(doc, list(pointer_segments(problem.path)))
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _language_map_shaped(value: Json) -> bool:
    return (
        isinstance(value, dict)
        and all(isinstance(k, str) and LANGUAGE_TAG.match(k) for k in value)
        and all(isinstance(v, str) for v in value.values())
    )


def _is_language_map(problem: Problem, doc: Json) -> bool:
    if problem.code == "schema.type":
        return _language_map_shaped(_value(problem, doc))
    if problem.code == "schema.required":  # e.g. "issuer": {} is an empty language map there
        parent = pointer_segments(problem.path)[:-1]
        return _language_map_shaped(get_at(doc, list(parent)))
    return False


def _is_uri_format(problem: Problem, doc: Json) -> bool:
    return problem.code == "schema.format" and "absolute URI" in problem.message


def _is_type_naming(problem: Problem, doc: Json) -> bool:
    return problem.path.endswith("/type") and problem.code in {"schema.const", "schema.contains"}


def _is_credential_type_string(problem: Problem, doc: Json) -> bool:
    return (
        problem.path.endswith("/type")
        and problem.code == "schema.type"
        and isinstance(_value(problem, doc), str)
    )


def _is_context_shape(problem: Problem, doc: Json) -> bool:
    return "@context" in pointer_segments(problem.path)


def _is_anchored_ext(problem: Problem, doc: Json) -> bool:
    value = _value(problem, doc)
    return (
        problem.code in {"schema.enum", "schema.pattern"}
        and isinstance(value, str)
        and OFFICIAL_EXT.search(value) is not None
    )


DELIBERATE_DIFFERENCES: tuple[Difference, ...] = (
    Difference(
        "language-maps",
        'String members must be JSON strings; language maps such as `{"en": "..."}` are rejected.',
        "The Open Badges 3.0 contexts declare no `@container: @language`, so such an object is "
        "not a language map in JSON-LD: it would be read as a node and dropped or refused by "
        "safe-mode processing. The adaptation schema accepts one for every string, even `id`.",
        _is_language_map,
    ),
    Difference(
        "uri-format",
        "Members typed URI (`id`, `url`, `targetUrl`, `verificationMethod`, ...) "
        "must be absolute URIs.",
        "The data model types them as URI and VC 2.0 requires `id` to be a URL; the official "
        'schemas only ask for a string, so `"not a uri"` or `""` would pass.',
        _is_uri_format,
    ),
    Difference(
        "type-names-class",
        'A `type` must name its class: `"Achievement"` or an array containing it.',
        "The adaptation checks the array form for the class name but accepts any single "
        'string, so `"type": "Thing"` passes there although the spec requires the class name.',
        _is_type_naming,
    ),
    Difference(
        "credential-type-array",
        "A credential's `type` must be an array naming `VerifiableCredential` "
        "and the credential type.",
        "A single string can never name both, which VC 2.0 and Open Badges 3.0 require; the "
        "adaptation accepts any single string.",
        _is_credential_type_string,
    ),
    Difference(
        "context-array",
        "`@context` must be an array: the VC 2.0 context first, an Open Badges 3.0 context second.",
        "VC 2.0 requires the VC context first, and without the Open Badges context the OB "
        "terms are undefined; the adaptation also accepts a single context URL or object.",
        _is_context_shape,
    ),
    Difference(
        "anchored-ext",
        "Extension terms of extensible enumerations must be exactly `ext:` + `[A-Za-z0-9._-]+`.",
        "The official pattern is unanchored, so any string containing `ext:x` (for example "
        "`xext:Custom` or `ext:has space`) passes; the naming convention of the spec is "
        "a term that starts with `ext:`.",
        _is_anchored_ext,
    ),
)


@cache
def judged(case: Case) -> tuple[tuple[Problem, ...], bool]:
    """The project's problems and the adaptation's verdict (computed once per case)."""
    ours = tuple(validate_schema(case.document, kind=case.kind))  # type: ignore[arg-type]
    return ours, official_validator(case.kind, "adaptation").is_valid(case.document)


Ours = Callable[[Case], tuple[Problem, ...]]


def classify(case: Case, ours: Ours | None = None) -> tuple[bool, bool, set[str], list[Problem]]:
    """(project accepts, adaptation accepts, deliberate differences used, unexplained
    problems). ``ours`` replaces the project's validation (to test the check itself)."""
    problems, theirs = judged(case)
    if ours is not None:
        problems = ours(case)
    used: set[str] = set()
    unexplained: list[Problem] = []
    if problems and theirs:
        for problem in problems:
            keys = {d.key for d in DELIBERATE_DIFFERENCES if d.explains(problem, case.document)}
            used |= keys
            if not keys:
                unexplained.append(problem)
    return not problems, theirs, used, unexplained


def disagreements(cases: Iterable[Case], ours: Ours | None = None) -> tuple[list[str], set[str]]:
    """Undeclared disagreements (as text) and the deliberate differences that were needed."""
    found: list[str] = []
    used: set[str] = set()
    for case in cases:
        ours_ok, theirs_ok, keys, unexplained = classify(case, ours)
        used |= keys
        if ours_ok and not theirs_ok:
            found.append(f"[{case.kind}] {case.label}: accepted here, rejected by the adaptation")
        elif unexplained:
            why = "; ".join(p.describe() for p in unexplained)
            found.append(f"[{case.kind}] {case.label}: rejected here only: {why}")
    return found, used


def weakened_validator(top: str, weaken: Callable[[Json], None]) -> SchemaValidator:
    """A validator for a bundled schema whose shared definitions were changed by ``weaken``."""
    folder = SCHEMAS
    common = json.loads((folder / "common.json").read_text("utf-8"))
    weaken(common)
    schema = json.loads((folder / top).read_text("utf-8"))
    return SchemaValidator(schema, resources={SCHEMA_BASE + "common.json": common})


# ---------------------------------------------------------------------------------------
# Agreement tests


def test_seeds_and_reference_credentials_are_valid_for_both() -> None:
    need_reference()
    seeds = [c for c in corpus() if c.label in {"seed", "reference"}]
    seeds.append(Case("credential", "rich", RICH_CREDENTIAL))
    assert len(seeds) >= 7
    for case in seeds:
        assert validate_schema(case.document, kind=case.kind) == [], case.label  # type: ignore[arg-type]
        assert official_validator(case.kind, "adaptation").is_valid(case.document), case.label


def test_agreement_with_the_official_adaptation_schemas() -> None:
    need_reference()
    cases = corpus()
    assert len(cases) > 500
    found, used = disagreements(cases)
    assert found == [], "\n".join(found)
    # Every deliberate difference is needed by some document: the table has no stale rows.
    assert used == {d.key for d in DELIBERATE_DIFFERENCES}
    # Both sides reject a good share of the corpus: the mutations are not all harmless.
    rejected = sum(1 for c in cases if not judged(c)[1])
    assert rejected > len(cases) // 4


FORMAL_STRICTER = {
    "array-required": "The formal schemas require arrays for `type`, `proof`, `evidence`, ... "
    "where the compacted JSON-LD form writes a single value.",
    "status-id-required": "The formal schema requires `credentialStatus.id`, "
    "which VC 2.0 makes optional.",
}


def test_formal_schemas_are_stricter_only_in_known_ways() -> None:
    need_reference()
    seen: set[str] = set()
    unexplained: list[str] = []
    for case in corpus():
        if judged(case)[0]:
            continue
        for problem in official_validator(case.kind, "formal").problems(case.document):
            if problem.code == "schema.type" and "expected an array" in problem.message:
                seen.add("array-required")
            elif problem.code == "schema.required" and problem.path.endswith(
                "/credentialStatus/id"
            ):
                seen.add("status-id-required")
            else:
                unexplained.append(f"[{case.kind}] {case.label}: {problem.describe()}")
    assert unexplained == [], "\n".join(unexplained)
    assert seen == set(FORMAL_STRICTER)


def test_agreement_check_catches_a_weakened_schema() -> None:
    """Weaken a copy of the bundled schema (Achievement no longer requires ``criteria``):
    the agreement check must then report the achievement that lacks it."""
    need_reference()
    weakened = weakened_validator(
        "achievement.json", lambda c: c["$defs"]["Achievement"]["required"].remove("criteria")
    )
    cases = [c for c in corpus() if c.kind == "achievement"]
    found, _ = disagreements(cases, ours=lambda c: tuple(weakened.problems(c.document)))
    assert "[achievement] remove /criteria: accepted here, rejected by the adaptation" in found
    assert disagreements(cases)[0] == []  # the real schema passes the same check


def test_agreement_check_catches_a_missing_format() -> None:
    """Same with the ``date-time`` format dropped: malformed dates are then reported."""
    need_reference()
    weakened = weakened_validator(
        "achievementcredential.json", lambda c: c["$defs"]["DateTime"].pop("format")
    )
    cases = [c for c in corpus() if c.kind == "credential"]
    found, _ = disagreements(cases, ours=lambda c: tuple(weakened.problems(c.document)))
    assert any("/validFrom = '2024-05-01': accepted here" in line for line in found), found


@settings(max_examples=40)
@given(data=st.data())
def test_valid_variations_agree(data: st.DataObject) -> None:
    """Random combinations of valid changes (members dropped, single values unwrapped,
    extension terms, other date offsets) are accepted by both."""
    need_reference()
    kind = data.draw(st.sampled_from(sorted(SEEDS)))
    doc = copy.deepcopy(SEEDS[kind][0])
    optional = [
        path
        for path, value in walk(doc)
        if path and isinstance(path[-1], str) and path[-1] not in {"id", "type", "@context"}
    ]
    for path in data.draw(st.lists(st.sampled_from(optional), max_size=6, unique=True)):
        try:
            node = get_at(doc, path)
        except (KeyError, IndexError, TypeError):
            continue  # an ancestor was changed already
        change = data.draw(st.sampled_from(["drop", "unwrap", "ext", "offset"]))
        if change == "drop":
            trial = removed(doc, path)
        elif change == "unwrap" and isinstance(node, list) and len(node) == 1:
            trial = replaced(doc, path, node[0])
        elif change == "ext" and path[-1] in ENUM_KEYS - {"status"}:
            trial = replaced(
                doc, path, "ext:" + data.draw(st.from_regex(r"\A[A-Za-z0-9._-]{1,8}\Z"))
            )
        elif change == "offset" and path[-1] in DATE_KEYS:
            minutes = data.draw(st.integers(-23 * 60, 23 * 60))
            when = datetime(2024, 5, 1, tzinfo=timezone(timedelta(minutes=minutes)))
            trial = replaced(doc, path, when.isoformat())
        else:
            continue
        if official_validator(kind, "adaptation").is_valid(trial):
            doc = trial  # keep only changes that stay valid (dropping a required member does not)
    assert validate_schema(doc, kind=kind) == []  # type: ignore[arg-type]


@settings(max_examples=60)
@given(data=st.data())
def test_random_values_agree_or_differ_deliberately(data: st.DataObject) -> None:
    """Any JSON value put at any member of a seed is judged alike, up to the table."""
    need_reference()
    kind = data.draw(st.sampled_from(sorted(SEEDS)))
    seed = SEEDS[kind][0]
    paths = [path for path, _ in walk(seed) if path]
    path = data.draw(st.sampled_from(paths))
    scalar = st.none() | st.booleans() | st.integers() | st.text(max_size=6)
    value = data.draw(
        st.recursive(
            scalar,
            lambda c: st.lists(c, max_size=2) | st.dictionaries(st.text(max_size=3), c, max_size=2),
            max_leaves=4,
        )
    )
    found, _ = disagreements((Case(kind, f"{path} = {value!r}", replaced(seed, path, value)),))
    assert found == []


def test_deliberate_differences_are_rendered_in_the_docs() -> None:
    text = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    for difference in DELIBERATE_DIFFERENCES:
        row = f"| `{difference.key}` | {difference.summary} | {difference.reason} |"
        assert row in text, row
    for key, reason in FORMAL_STRICTER.items():
        assert f"| `{key}` | {reason} |" in text


# ---------------------------------------------------------------------------------------
# Problems: codes, pointers, messages


def test_missing_required_member_names_it_and_points_at_it() -> None:
    doc = copy.deepcopy(CREDENTIAL)
    del doc["credentialSubject"]["achievement"]["criteria"]
    (problem,) = validate_schema(doc)
    assert problem.code == "schema.required"
    assert problem.path == "/credentialSubject/achievement/criteria"
    assert problem.spec == "https://www.imsglobal.org/spec/ob/v3p0/"
    assert "'criteria'" in problem.message
    assert "/credentialSubject/achievement" in problem.message


def test_missing_member_at_the_root() -> None:
    doc = {k: v for k, v in CREDENTIAL.items() if k != "validFrom"}
    (problem,) = validate_schema(doc)
    assert (problem.code, problem.path) == ("schema.required", "/validFrom")
    assert "document root" in problem.message


@pytest.mark.parametrize(
    ("path", "value", "code", "words"),
    [
        (("issuer", "url"), 3, "schema.type", ["expected a string", "integer"]),
        (("credentialSubject", "result", 0, "status"), "Done", "schema.enum", ['"Completed"']),
        (
            ("credentialSubject", "achievement", "achievementType"),
            "Badge2",
            "schema.enum",
            ['"Badge"', "ext:"],
        ),
        (
            ("credentialSubject", "achievement", "achievementType"),
            "ext:",
            "schema.pattern",
            ["'ext:'", "letters"],
        ),
        (("validFrom",), "2024-05-01T12:00:00", "schema.format", ["RFC 3339"]),
        (
            ("credentialSubject", "achievement", "inLanguage"),
            "english",
            "schema.pattern",
            ["BCP 47"],
        ),
        (("credentialSubject", "type"), "Subject", "schema.const", ['"AchievementSubject"']),
        (("type",), ["VerifiableCredential"], "schema.contains", ['"OpenBadgeCredential"']),
        (("@context", 1), "https://example.org/ctx", "schema.pattern", ["Open Badges 3.0 context"]),
    ],
)
def test_problem_codes_pointers_and_messages(
    path: tuple[str | int, ...], value: Json, code: str, words: list[str]
) -> None:
    problems = validate_schema(replaced(CREDENTIAL, path, value), kind="credential")
    assert [(p.code, p.path) for p in problems] == [(code, "/" + "/".join(map(str, path)))]
    for word in words:
        assert word in problems[0].message


def test_pointer_segments_are_escaped() -> None:
    doc = copy.deepcopy(CREDENTIAL)
    doc["image"]["a/b~c"] = "x"
    (problem,) = validate_schema(doc)
    assert problem.code == "schema.additionalProperties"
    assert problem.path == "/image/a~1b~0c"
    assert "'a/b~c'" in problem.message
    assert "'caption'" in problem.message


def test_one_of_reports_the_most_relevant_alternative() -> None:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "properties": {
            "issuer": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["id"]}]}
        },
    }
    (problem,) = SchemaValidator(schema).problems({"issuer": {"name": "x"}})
    assert (problem.code, problem.path) == ("schema.required", "/issuer/id")


def test_official_one_of_errors_are_reduced_to_one_problem() -> None:
    need_reference()
    doc = copy.deepcopy(CREDENTIAL)
    del doc["issuer"]["type"]
    problems = official_validator("credential", "adaptation").problems(doc)
    assert [(p.code, p.path) for p in problems] == [("schema.required", "/issuer/type")]


def test_several_problems_are_all_reported_in_path_order() -> None:
    doc = copy.deepcopy(PROFILE)
    doc["url"] = 1
    doc["dateOfBirth"] = "01-01-1990"
    del doc["id"]
    problems = validate_schema(doc, kind="profile")
    assert [p.path for p in problems] == ["/dateOfBirth", "/id", "/url"]
    assert [p.code for p in problems] == ["schema.format", "schema.required", "schema.type"]


def test_check_schema_raises_with_every_problem() -> None:
    doc = copy.deepcopy(ACHIEVEMENT)
    del doc["name"], doc["criteria"]
    with pytest.raises(InvalidDocumentError) as info:
        require_schema_valid(doc, source="badge.json")
    assert {p.path for p in info.value.problems} == {"/name", "/criteria"}
    assert str(info.value).startswith("badge.json: 2 problems")
    require_schema_valid(ACHIEVEMENT)  # no exception


# ---------------------------------------------------------------------------------------
# Kinds


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_auto_detection_picks_the_schema_of_the_type(kind: str) -> None:
    seed = SEEDS[kind][0]
    assert detect_kind(seed) == kind
    broken = {k: v for k, v in seed.items() if k != "id"}
    assert [p.path for p in validate_schema(broken)] == ["/id"]


def test_a_kind_can_be_forced() -> None:
    # A profile is not an achievement: checked as one, it lacks criteria.
    paths = {
        p.path for p in validate_schema(PROFILE, kind="achievement") if p.code == "schema.required"
    }
    assert paths == {"/criteria"}


def test_unknown_type_is_a_problem_not_an_exception() -> None:
    (problem,) = validate_schema({"type": ["VerifiableCredential"]})
    assert (problem.code, problem.path) == ("schema.kind", "/type")
    assert validate_schema([1, 2])[0].code == "schema.kind"


def test_unknown_kind_is_misuse() -> None:
    with pytest.raises(ValueError, match="unknown schema kind"):
        validate_schema(CREDENTIAL, kind="badge")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unknown schema kind"):
        SchemaValidator.bundled("badge")


def test_every_kind_has_a_bundled_schema_file() -> None:
    folder = SCHEMAS
    for name in KINDS.values():
        schema = json.loads((folder / name).read_text("utf-8"))
        assert schema["$id"] == SCHEMA_BASE + name


def test_validators_are_compiled_once() -> None:
    assert SchemaValidator.bundled("credential") is SchemaValidator.bundled("credential")


def test_a_document_that_is_not_an_object() -> None:
    (problem,) = validate_schema(["not", "a", "credential"], kind="credential")
    assert (problem.code, problem.path) == ("schema.type", "")
    assert "expected an object" in problem.message


def test_input_is_not_mutated() -> None:
    doc = copy.deepcopy(CREDENTIAL)
    doc["type"] = "OpenBadgeCredential"
    before = copy.deepcopy(doc)
    assert validate_schema(doc)
    assert doc == before


# ---------------------------------------------------------------------------------------
# Offline registry


def test_unknown_ref_is_refused_with_a_clear_error() -> None:
    validator = SchemaValidator({"$ref": "https://schemas.example/remote.json"})
    with pytest.raises(SchemaNotFoundError) as info:
        validator.problems({})
    assert info.value.uri == "https://schemas.example/remote.json"
    assert "never fetched" in str(info.value)
    assert isinstance(info.value, LookupError)
    with pytest.raises(SchemaNotFoundError):
        validator.is_valid({})


def test_supplied_resources_resolve_offline() -> None:
    item: Json = {"$id": "https://schemas.example/item.json", "type": "string", "minLength": 2}
    validator = SchemaValidator(
        {"items": {"$ref": "https://schemas.example/item.json"}}, resources={item["$id"]: item}
    )
    (problem,) = validator.problems(["ok", "x"])
    assert (problem.code, problem.path) == ("schema.minLength", "/1")
    assert problem.spec is None  # only the bundled schemas link to the Open Badges spec


def test_unsupported_draft_is_refused() -> None:
    with pytest.raises(ValueError, match="2019-09 or 2020-12"):
        SchemaValidator({"$schema": "http://json-schema.org/draft-07/schema#"})


# ---------------------------------------------------------------------------------------
# Formats


@given(st.datetimes(), st.integers(-(24 * 60 - 1), 24 * 60 - 1))
def test_aware_datetimes_are_valid_date_times(naive: datetime, minutes: int) -> None:
    when = naive.replace(tzinfo=timezone(timedelta(minutes=minutes)))
    assert format_checker().conforms(when.isoformat(timespec="seconds"), "date-time")


@given(st.datetimes())
def test_naive_datetimes_are_not(when: datetime) -> None:
    assert not format_checker().conforms(when.isoformat(timespec="seconds"), "date-time")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2024-02-29T23:59:60Z", True),
        ("2024-05-01t12:00:00z", True),
        ("2023-02-29T12:00:00Z", False),
        ("2024-05-01T24:00:00Z", False),
        ("2024-05-01T12:00:00+24:00", False),
        ("2024-05-01T12:00Z", False),
        ("\uff12024-05-01T12:00:00Z", False),
    ],
)
def test_date_time_edge_cases(value: str, ok: bool) -> None:
    assert format_checker().conforms(value, "date-time") is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("https://example.org/a?b=c#d", True),
        ("urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002", True),
        ("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6Mk", True),
        ("data:image/png;base64,iVBORw0KGgo=", True),
        ("/relative/path", False),
        ("https://example.org/a b", False),
        ("", False),
        ("1http://x", False),
    ],
)
def test_uri_format(value: str, ok: bool) -> None:
    assert format_checker().conforms(value, "uri") is ok


def test_bundled_schemas_are_valid_2020_12() -> None:
    from jsonschema import Draft202012Validator

    for path in sorted(SCHEMAS.glob("*.json")):
        Draft202012Validator.check_schema(json.loads(path.read_text("utf-8")))
