"""A ``cli-reference`` directive: the help text of every command, taken from the CLI itself."""

from __future__ import annotations

import argparse
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class CliReference(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from microcredential.cli import build_parser

        parser = build_parser()
        parser.prog = "microcredential"
        output: list[nodes.Node] = []
        output.append(nodes.literal_block(text=parser.format_help(), language="text"))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    section = nodes.section(ids=[f"command-{name}"])
                    section += nodes.title(text=f"microcredential {name}")
                    section += nodes.literal_block(text=sub.format_help(), language="text")
                    output.append(section)
        return output


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("cli-reference", CliReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
