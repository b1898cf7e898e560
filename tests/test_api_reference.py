"""The API reference documents every public name of every public module, and nothing else.

The reference is the ``docs/api-*.md`` pages.  The test reads their autodoc directives, resolves
each to the object it documents, and compares that with the ``__all__`` of every public module,
so a name added to any ``__all__`` without documentation (or documentation of a name that is
not exported) fails here.  An object re-exported by several modules is documented once.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Iterator
from types import ModuleType

import pytest

from support import ROOT, public_module_names

PUBLIC_MODULES = public_module_names()

REFERENCE_PAGES = sorted((ROOT / "docs").glob("api-*.md"))

_DIRECTIVE = re.compile(r"^\.\. auto(module|class|function|data|exception)::\s*(\S+)\s*$")
_OPTION = re.compile(r"^\s+:([\w-]+):\s*(.*)$")
_CONTINUATION = re.compile(r"^\s{4,}(?!:)(\S.*)$")


def directives(text: str) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(kind, target, options) for each autodoc directive of a page."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        match = _DIRECTIVE.match(line)
        if not match:
            continue
        options: dict[str, str] = {}
        last = ""
        for following in lines[i + 1 :]:
            option = _OPTION.match(following)
            continuation = _CONTINUATION.match(following)
            if option:
                last = option.group(1)
                options[last] = option.group(2).strip()
            elif continuation and last:
                options[last] += " " + continuation.group(1).strip()
            else:
                break
        yield match.group(1), match.group(2), options


def _split(target: str) -> tuple[ModuleType, str]:
    """The module a dotted target lives in, and its name there."""
    module_name, _, name = target.rpartition(".")
    return importlib.import_module(module_name), name


def documented(texts: Iterable[str]) -> dict[str, object]:
    """Dotted name -> object, for every module-level name the pages document."""
    found: dict[str, object] = {}
    for text in texts:
        for kind, target, options in directives(text):
            if kind != "module":
                module, name = _split(target)
                found[target] = getattr(module, name)
                continue
            module = importlib.import_module(target)
            if "no-members" in options:
                continue
            members = options.get("members", "")
            names = [n.strip() for n in members.split(",") if n.strip()] or module.__all__
            for name in names:
                found[f"{target}.{name}"] = getattr(module, name)
    return found


def _same(value: object, other: object, name: str, other_name: str) -> bool:
    if value is not other:
        return False
    # Plain values (strings, numbers, tuples) may be the same object by accident: the name
    # must match too.  Classes, functions and modules are themselves.
    return callable(value) or isinstance(value, ModuleType) or name == other_name


DOCUMENTED = documented(page.read_text(encoding="utf-8") for page in REFERENCE_PAGES)


def test_the_reference_pages_are_read() -> None:
    assert REFERENCE_PAGES
    assert "microcredential.verify" in DOCUMENTED


@pytest.mark.parametrize("module_name", PUBLIC_MODULES)
def test_every_public_name_is_documented(module_name: str) -> None:
    module = importlib.import_module(module_name)
    undocumented = [
        name
        for name in module.__all__
        if not any(
            _same(getattr(module, name), value, name, target.rpartition(".")[2])
            for target, value in DOCUMENTED.items()
        )
    ]
    assert not undocumented, f"docs/api-*.md do not document {module_name}: {undocumented}"


def test_only_public_names_are_documented() -> None:
    private = []
    for target in DOCUMENTED:
        module_name, _, name = target.rpartition(".")
        module = importlib.import_module(module_name)
        if module_name not in PUBLIC_MODULES or name not in module.__all__:
            private.append(target)
    assert not private, f"documented but not in their module's __all__: {private}"


def _module_directives() -> Iterator[tuple[str, dict[str, str]]]:
    for page in REFERENCE_PAGES:
        for kind, target, options in directives(page.read_text(encoding="utf-8")):
            if kind == "module" and "no-members" not in options:
                yield f"{page.name}: {target}", options


def test_module_directives_show_members_without_docstrings() -> None:
    # Without :undoc-members:, autodoc silently leaves out a member that has no docstring (most
    # constants): it would count as documented here and be missing from the pages.
    hidden = [where for where, options in _module_directives() if "undoc-members" not in options]
    assert not hidden, f"add :undoc-members: to {hidden}"


def test_module_directives_take_no_member_list() -> None:
    # The docs' autodoc_default_options set ``members``, and then Sphinx ignores a list given
    # to automodule and documents the whole __all__: name single objects with autoclass,
    # autofunction or autodata instead.
    lists = [where for where, options in _module_directives() if options.get("members")]
    assert not lists, f"document single objects instead of a :members: list in {lists}"


def test_directive_reader_sees_members_and_continuations() -> None:
    text = (
        ".. automodule:: microcredential.problems\n"
        "   :members: Problem,\n"
        "             Severity\n"
        "\n"
        ".. autofunction:: microcredential.verify\n"
    )
    assert set(documented([text])) == {
        "microcredential.problems.Problem",
        "microcredential.problems.Severity",
        "microcredential.verify",
    }
