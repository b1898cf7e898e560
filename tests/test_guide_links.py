"""The guides link every public function they mention.

A guide that writes ``sign(document, key)`` in code should let the reader click through to
the reference. For every page of ``docs/`` other than the API reference itself, each public
function of the library that its prose mentions as a call (inside backticks, outside code
blocks) must be the target of a ``{func}`` role somewhere on that page. A method of the same
name (``key.sign(data)``, written with its object) is not a mention of the function.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

from support import ROOT, public_module_names

PAGES = sorted(
    page
    for page in (ROOT / "docs").glob("*.md")
    if not page.name.startswith("api-")
    and page.name not in ("changelog.md", "quality-rules.md")  # generated from the code
)
_FENCE = re.compile(r"```.*?```", re.DOTALL)
_CALL = re.compile(r"(?<![}\w])`(?:microcredential[\w.]*\.)?([a-z_]\w*)\([^`]*`")
_LINKED = re.compile(r"\{func\}`(?:[^`<]*<)?[~!]?(?:[\w.]+\.)?(\w+)>?`")
#: Pages where a call of this name is a method of an object the page describes, not the
#: library function (a Signer's ``sign(data)``, a VerifyingKey's ``verify(signature, data)``).
METHODS = {("keys.md", "sign"), ("keys.md", "verify")}


def _public_functions() -> set[str]:
    found = set()
    for name in public_module_names():
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            if inspect.isfunction(getattr(module, attribute, None)):
                found.add(attribute)
    return found


FUNCTIONS = _public_functions()


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_every_function_the_page_mentions_is_linked(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    mentioned = set(_CALL.findall(_FENCE.sub("", text))) & FUNCTIONS
    linked = set(_LINKED.findall(text))
    unlinked = {name for name in mentioned - linked if (page.name, name) not in METHODS}
    assert not unlinked, f"{page.name}: link with {{func}}: {sorted(unlinked)}"
