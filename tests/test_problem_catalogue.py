"""The problem-code catalogue (docs/problems.md) lists exactly the codes the source can emit.

Codes are found in two ways:

* literal codes: string constants of the form ``family.name`` (for the problem families) that
  are used as codes: an argument of a call that makes or looks up a problem, a ``code=``
  keyword, a value assigned to ``code``, a returned value, a comparison operand, or an entry of
  a module-level table. A family-shaped literal used in any other way (a file name such as
  ``edubadges.jsonld``) must be listed in ``NOT_CODES``, so a new way of emitting codes cannot
  slip past this test unnoticed.
* dynamic codes: ``schema.<keyword>`` for every JSON Schema keyword that can fail in the
  bundled schemas (or that the message builder handles specially), the model codes of the
  pydantic error-kind table, and the codes of the quality rules.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "microcredential"
DOCS = ROOT / "docs" / "problems.md"

FAMILIES = (
    "input",
    "jsonld",
    "model",
    "schema",
    "proof",
    "jwt",
    "credential",
    "presentation",
    "status",
    "cohort",
    "ob3",
    "eu",
    "nl",
    "edubadges",
    "interop",
    "quality",
    "share",
    "baking",
    "ob2",
    "fetch",
)
CODE = re.compile(rf"(?:{'|'.join(FAMILIES)})\.[A-Za-z][A-Za-z0-9-]*")
DOC_CODE = re.compile(rf"`({CODE.pattern})`")

#: Calls whose positional string arguments are problem codes (by the callee's last name).
CODE_CALLS = frozenset(
    {
        "Problem",
        "at",
        "Finding",
        "_problem",
        "problem",
        "RowError",
        "SkippedRow",
        "rule",
        "has_problem",
        "_invalid",
        "_withheld",
    }
)

#: Calls that only build a collection: their contents are judged by where the collection goes.
CONTAINERS = frozenset({"frozenset", "set", "tuple", "list", "dict"})

#: Family-shaped string literals in the source that are not problem codes.
NOT_CODES = frozenset({"edubadges.jsonld"})

#: JSON Schema keywords that report a failure under their own name (draft 2019-09 / 2020-12).
#: Applicators such as ``$ref``, ``allOf``, ``if``/``then``/``else``, ``properties``,
#: ``items`` and ``prefixItems`` report the failures of their subschemas instead; ``anyOf``
#: and ``oneOf`` are rewritten to the best sub-error (or ``type``) by the message builder.
SCHEMA_ASSERTIONS = frozenset(
    {
        "type",
        "enum",
        "const",
        "required",
        "pattern",
        "format",
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "uniqueItems",
        "contains",
        "minContains",
        "maxContains",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "not",
        "unevaluatedItems",
        "unevaluatedProperties",
    }
)


# -- scanning the source -------------------------------------------------------------------------


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _callee(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _targets_code(node: ast.Assign) -> bool:
    for target in node.targets:
        names = target.elts if isinstance(target, ast.Tuple) else [target]
        if any(isinstance(n, ast.Name) and n.id == "code" for n in names):
            return True
    return False


def _used_as_code(node: ast.Constant, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether a family-shaped literal is used as a problem code."""
    child: ast.AST = node
    parent = parents.get(node)
    while parent is not None:
        if isinstance(parent, ast.Call) and _callee(parent) in CONTAINERS:
            child, parent = parent, parents.get(parent)
            continue
        if isinstance(parent, ast.Call):
            return child in parent.args and _callee(parent) in CODE_CALLS
        if isinstance(parent, ast.keyword):
            return parent.arg == "code"
        if isinstance(parent, ast.Return | ast.Compare):
            return True
        if isinstance(parent, ast.Assign | ast.AnnAssign):
            at_module = isinstance(parents.get(parent), ast.Module)
            return at_module or (isinstance(parent, ast.Assign) and _targets_code(parent))
        if isinstance(parent, ast.Tuple | ast.List | ast.Set | ast.Dict):
            child, parent = parent, parents.get(parent)
            continue
        return False
    return False


def scan_literals(files: Iterable[Path]) -> tuple[set[str], set[str]]:
    """``(codes, others)``: family-shaped literals used as codes, and the rest."""
    codes: set[str] = set()
    others: set[str] = set()
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        parents = _parents(tree)
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if not CODE.fullmatch(node.value):
                continue
            (codes if _used_as_code(node, parents) else others).add(node.value)
    return codes - NOT_CODES, others | (codes & NOT_CODES)


def _source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


# -- the dynamic families --------------------------------------------------------------------


def _schema_keys(value: Any, parent: str | None = None) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            # member names under these keywords are property / definition names, not keywords
            if parent not in ("properties", "patternProperties", "$defs", "definitions"):
                yield key, item
            yield from _schema_keys(item, key)
    elif isinstance(value, list):
        for item in value:
            yield from _schema_keys(item)


def _special_keywords() -> set[str]:
    """Keywords compared with ``keyword`` in the schema message builder."""
    tree = ast.parse((SRC / "schema.py").read_text(encoding="utf-8"))
    function = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_to_problem"
    )
    found: set[str] = set()
    for node in ast.walk(function):
        if not (isinstance(node, ast.Compare) and isinstance(node.left, ast.Name)):
            continue
        if node.left.id != "keyword":
            continue
        for right in node.comparators:
            values = right.elts if isinstance(right, ast.Set | ast.Tuple | ast.List) else [right]
            found.update(
                v.value for v in values if isinstance(v, ast.Constant) and isinstance(v.value, str)
            )
    return found


def schema_codes() -> set[str]:
    """Every ``schema.<keyword>`` the bundled schemas (and the message builder) can produce."""
    folder = resources.files("microcredential") / "schemas"
    keywords = set(_special_keywords())
    for entry in folder.iterdir():
        if not entry.name.endswith(".json"):
            continue
        for key, value in _schema_keys(json.loads(entry.read_text(encoding="utf-8"))):
            if key in SCHEMA_ASSERTIONS or (
                key in ("additionalProperties", "items") and value is False
            ):
                keywords.add(key)
    return {f"schema.{k}" for k in keywords} | {"schema.kind"}


def model_codes() -> set[str]:
    """The model codes: the error-kind table, and the fallbacks for kinds it does not name."""
    from microcredential.models._parse import _CODES, _code

    return set(_CODES.values()) | {_code("unlisted_type"), _code("unlisted_error")}


def quality_codes() -> set[str]:
    from microcredential.quality.rules import RULES

    return {r.code for r in RULES}


def emitted_codes() -> set[str]:
    """Every problem code the source can produce."""
    literal, _ = scan_literals(_source_files())
    return literal | schema_codes() | model_codes() | quality_codes()


# -- comparing with the catalogue ----------------------------------------------------------------


def documented_codes(text: str) -> set[str]:
    """The codes written as inline code (`` `family.name` ``) in the catalogue."""
    return set(DOC_CODE.findall(text))


def missing_from_docs(codes: Iterable[str], text: str) -> list[str]:
    """The codes the catalogue does not list."""
    return sorted(set(codes) - documented_codes(text))


def stale_in_docs(codes: Iterable[str], text: str) -> list[str]:
    """The codes the catalogue lists that the source no longer produces."""
    return sorted(documented_codes(text) - set(codes))


@pytest.fixture(scope="module")
def catalogue() -> str:
    return DOCS.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def codes() -> set[str]:
    return emitted_codes()


def test_every_code_is_documented(catalogue: str, codes: set[str]) -> None:
    assert missing_from_docs(codes, catalogue) == []


def test_no_stale_codes_in_the_docs(catalogue: str, codes: set[str]) -> None:
    assert stale_in_docs(codes, catalogue) == []


def test_family_shaped_literals_are_codes_or_known_exceptions() -> None:
    _, others = scan_literals(_source_files())
    assert others == set(NOT_CODES), (
        "a family-shaped string is used in a way this test does not recognise as a code: "
        "add the call to CODE_CALLS if it is a code, or the string to NOT_CODES if not"
    )


def test_the_scan_finds_the_known_families(codes: set[str]) -> None:
    families = {code.split(".", 1)[0] for code in codes}
    assert families == set(FAMILIES)
    assert {"proof.signature-mismatch", "status.revoked", "input.json"} <= codes
    assert "edubadges.jsonld" not in codes  # a context file name, not a code
    assert {"schema.required", "schema.type", "schema.enum", "schema.format"} <= codes


def test_indeterminate_codes_are_documented(catalogue: str) -> None:
    from microcredential.integrity import INDETERMINATE_CODES

    assert missing_from_docs(INDETERMINATE_CODES, catalogue) == []


def test_a_made_up_code_is_reported_missing(catalogue: str, codes: set[str]) -> None:
    made_up = "proof.made-up-for-this-test"
    assert made_up not in codes
    assert missing_from_docs({*codes, made_up}, catalogue) == [made_up]


def test_a_made_up_row_is_reported_stale(catalogue: str, codes: set[str]) -> None:
    text = catalogue + "\n| `status.no-such-code` | error | made up | nothing |\n"
    assert stale_in_docs(codes, text) == ["status.no-such-code"]


def test_the_scanner_tells_codes_from_file_names(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from pathlib import Path\n"
        "def f(x):\n"
        "    Problem('input.brand-new', 'message')\n"
        "    Path('status.json').read_text()\n"
        "    return 'model.returned'\n",
        encoding="utf-8",
    )
    codes, others = scan_literals([sample])
    assert codes == {"input.brand-new", "model.returned"}
    assert others == {"status.json"}
