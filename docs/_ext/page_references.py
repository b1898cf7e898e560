"""Every cross-reference written in a page must resolve, even with ``nitpicky`` off.

A ``{func}`` or ``{class}`` role whose target is not documented renders as plain text without
a word of warning unless Sphinx runs nitpicky, which also reports every type in every
signature that autodoc writes (``collections.abc.Mapping``, Pydantic's annotations), a
thousand warnings about names outside the project. This extension reports only the references
to the project's own names written in the documentation's pages, so that ``-W`` turns one
into an error.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _missing(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> None:
    source = str(node.source or "")
    if app.config.nitpicky or "docstring of" in source or not source.endswith(".md"):
        return  # nitpicky reports it itself; a docstring's types are autodoc's
    if node.get("refdomain") != "py":
        return  # std references (ref, doc) are reported by Sphinx already
    target = str(node.get("reftarget", "")).lstrip("~.")
    if "." in target and not target.startswith("microcredential."):
        return  # another library's name (concurrent.futures.Executor): nothing to link to
    logger.warning(
        "%s reference target not found in the documentation: %s",
        node.get("reftype"),
        node.get("reftarget"),
        location=node,
        type="ref",
        subtype="page",
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("missing-reference", _missing)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
