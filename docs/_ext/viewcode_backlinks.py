"""Make every "[docs]" link of the source view land on its object's description.

``sphinx.ext.viewcode`` links a source line back to the description of the object defined
there, at ``PAGE#<module>.<name>``, using one module name per source file: the name under
which the first object from that file was documented. An object documented under another
name (``microcredential.Ed25519Key`` and ``microcredential.keys.Ed25519Key`` are one class)
has no such anchor, and its link is dead. This extension gives each description the anchor
its link expects, and drops from the "Module code" index the modules with no source page
(``builtins``, reached through inherited members), whose links are dead too.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx


def _add_expected_anchors(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    modules: dict[str, Any] = getattr(app.env, "_viewcode_modules", {})
    for signature in list(doctree.findall(addnodes.desc_signature)):
        for link in signature.findall(nodes.reference):
            target, _, name = str(link.get("refuri", "")).partition("#")
            if "_modules/" not in target or not name:
                continue  # not the "[source]" link viewcode adds
            source = target.split("_modules/", 1)[1].removesuffix(".html").replace("/", ".")
            entry = modules.get(source)
            if not entry or entry[2].get(name) != docname:
                continue
            expected = f"{entry[3]}.{name}"
            if expected not in doctree.ids:
                signature["ids"].append(expected)
                doctree.ids[expected] = signature


def _drop_modules_without_source(app: Sphinx) -> list[Any]:
    modules: dict[str, Any] = getattr(app.env, "_viewcode_modules", {})
    for name in [name for name, entry in modules.items() if entry is False]:
        del modules[name]
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.viewcode")
    app.connect("doctree-resolved", _add_expected_anchors)
    app.connect("html-collect-pages", _drop_modules_without_source, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
