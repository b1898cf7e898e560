"""The architecture page (docs/architecture.md) describes the package as it is.

Every dotted name it mentions imports, every repository path it mentions exists, and its layer
table holds the source: each top-level module is in exactly one layer, imports point to the
same layer or below, and no top-level modules import each other in a cycle.
"""

from __future__ import annotations

import ast
import importlib
import re
from collections.abc import Iterable, Mapping

import pytest

from support import ROOT

PAGE = ROOT / "docs" / "architecture.md"
SRC = ROOT / "src"
PACKAGE = "microcredential"

_CODE = re.compile(r"`([^`\s]+)`")
_DOTTED = re.compile(rf"{PACKAGE}(\.\w+)*")
_PATH = re.compile(r"(src|tests|bench|docs)/\S+")
_LAYER_ROW = re.compile(r"^\|\s*(\d+)\.\s[^|]*\|([^|]*)\|")


def _page() -> str:
    return PAGE.read_text(encoding="utf-8")


def _code_spans(text: str) -> list[str]:
    return _CODE.findall(text)


def resolve(dotted: str) -> object:
    """The object a dotted name names: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:end]))
        except ModuleNotFoundError:
            continue
        for name in parts[end:]:
            found = getattr(found, name)
        return found
    raise ModuleNotFoundError(dotted)


NAMES = sorted({span for span in _code_spans(_page()) if _DOTTED.fullmatch(span)})
PATHS = sorted({span for span in _code_spans(_page()) if _PATH.fullmatch(span)})


def test_the_page_names_code_and_is_in_the_toctree() -> None:
    assert len(NAMES) > 50
    assert "microcredential._time.parse_datetime" in NAMES
    assert re.search(r"^architecture$", (ROOT / "docs" / "index.md").read_text("utf-8"), re.M)


@pytest.mark.parametrize("dotted", NAMES)
def test_every_dotted_name_exists(dotted: str) -> None:
    resolve(dotted)


def test_a_missing_name_is_noticed() -> None:
    with pytest.raises(AttributeError):
        resolve("microcredential._time.parse_datetimes")
    with pytest.raises(ModuleNotFoundError):
        resolve("microcredentials.verify")


@pytest.mark.parametrize("path", PATHS)
def test_every_path_exists(path: str) -> None:
    assert (ROOT / path).exists(), f"docs/architecture.md names {path}, which does not exist"


# --- the layers ---------------------------------------------------------------------------


def layers(text: str) -> dict[str, int]:
    """Top-level module (``microcredential`` for the package itself) -> its layer."""
    found: dict[str, int] = {}
    for line in text.splitlines():
        row = _LAYER_ROW.match(line)
        if not row:
            continue
        for module in _CODE.findall(row.group(2)):
            assert module not in found, f"{module} is in two layers"
            found[module] = int(row.group(1))
    return found


def _unit(dotted: str) -> str:
    """The top-level module a dotted module name belongs to."""
    return ".".join(dotted.split(".")[:2])


def _is_module(dotted: str) -> bool:
    path = SRC.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def top_level_modules() -> set[str]:
    root = SRC / PACKAGE
    found = {PACKAGE}
    for path in root.iterdir():
        if path.suffix == ".py" and path.stem != "__init__":
            found.add(f"{PACKAGE}.{path.stem}")
        elif (path / "__init__.py").is_file():
            found.add(f"{PACKAGE}.{path.name}")
    return found


def import_edges() -> set[tuple[str, str]]:
    """(importing, imported) top-level modules, for every import anywhere in the source
    (inside functions and under ``TYPE_CHECKING`` too)."""
    edges: set[tuple[str, str]] = set()
    for path in (SRC / PACKAGE).rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        package = parts if is_package else parts[:-1]
        here = _unit(".".join(parts))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                for alias in node.names:
                    full = f"{target}.{alias.name}"
                    targets.append(full if _is_module(full) else target)
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                ours = target == PACKAGE or target.startswith(f"{PACKAGE}.")
                if ours and _unit(target) != here:
                    edges.add((here, _unit(target)))
    return edges


def upward(edges: Iterable[tuple[str, str]], layer: Mapping[str, int]) -> list[str]:
    return sorted(
        f"{a} (layer {layer[a]}) imports {b} (layer {layer[b]})"
        for a, b in edges
        if layer[b] > layer[a]
    )


def cycle(edges: Iterable[tuple[str, str]]) -> list[str]:
    """One import cycle between top-level modules, or an empty list."""
    graph: dict[str, set[str]] = {}
    for a, b in edges:
        graph.setdefault(a, set()).add(b)
    visiting: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> list[str]:
        if node in visiting:
            return [*visiting[visiting.index(node) :], node]
        if node in done:
            return []
        visiting.append(node)
        for following in sorted(graph.get(node, ())):
            found = visit(following)
            if found:
                return found
        visiting.pop()
        done.add(node)
        return []

    for start in sorted(graph):
        found = visit(start)
        if found:
            return found
    return []


LAYERS = layers(_page())
EDGES = import_edges()


def test_every_top_level_module_is_in_one_layer() -> None:
    modules = top_level_modules()
    assert sorted(modules - set(LAYERS)) == [], "add them to the layer table"
    assert sorted(set(LAYERS) - modules) == [], "the layer table names modules that are gone"


def test_imports_point_to_the_same_layer_or_below() -> None:
    assert EDGES, "the import scan found nothing"
    assert upward(EDGES, LAYERS) == []


def test_no_import_cycle_between_top_level_modules() -> None:
    assert cycle(EDGES) == []


def test_the_layer_checks_can_fail() -> None:
    table = "| 0. base | `a` |\n| 1. top | `b`, `c` |\n"
    assert layers(table) == {"a": 0, "b": 1, "c": 1}
    assert upward({("a", "b"), ("c", "a")}, layers(table)) == ["a (layer 0) imports b (layer 1)"]
    assert cycle({("a", "b"), ("b", "c"), ("c", "a")}) == ["a", "b", "c", "a"]
    assert cycle({("a", "b"), ("b", "c")}) == []
    # a relative import of a name from the package itself is an import of the facade
    assert (f"{PACKAGE}.cli", PACKAGE) in EDGES
    assert (f"{PACKAGE}.verification", f"{PACKAGE}.integrity") in EDGES
