"""A ``cli-reference`` directive: every command and option, taken from the command line itself.

Each command becomes a section (anchor ``command-NAME``) with its description and usage, and
each of its arguments a Sphinx ``option`` entry, so that every option has its own anchor
(``cmdoption-microcredential-NAME-OPTION``) and can be linked with the ``option`` role, for
example ``{option}`microcredential verify --status-list```.  Old spellings still accepted
are listed at the end, with what replaced them.
"""

from __future__ import annotations

import argparse
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _signature(action: argparse.Action) -> str:
    """How the option is written: ``-o FILE, --output FILE``, or the argument's name."""
    if not action.option_strings:
        return str(action.metavar or action.dest)
    value = "" if action.nargs == 0 else f" {action.metavar or action.dest.upper()}"
    if isinstance(action.metavar, tuple):  # pragma: no cover - not used by the commands
        value = " " + " ".join(action.metavar)
    if action.choices is not None and action.metavar is None:
        value = " {" + ",".join(map(str, action.choices)) + "}"
    return ", ".join(flag + value for flag in action.option_strings)


def _markdown(name: str, parser: argparse.ArgumentParser) -> list[str]:
    lines = [
        f"## `microcredential {name}`",
        "",
        parser.description or "",
        "",
        "```text",
        parser.format_usage().strip(),
        "```",
        "",
        f"```{{program}} microcredential {name}",
        "```",
        "",
    ]
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
            continue
        help_text = (action.help or "") % {"default": action.default, "prog": parser.prog}
        required = " Required." if action.required and action.option_strings else ""
        lines += [f"```{{option}} {_signature(action)}", help_text + required, "```", ""]
    return lines


class CliReference(SphinxDirective):
    has_content = False

    def run(self) -> list[nodes.Node]:
        from microcredential.cli import build_parser
        from microcredential.cli._main import DEPRECATED_OPTIONS

        parser = build_parser()
        lines = ["```text", parser.format_help().strip(), "```", ""]
        for name, sub in _commands(parser).items():
            lines += _markdown(name, sub)
        lines += [
            "## Renamed options",
            "",
            "These spellings are still accepted, with a one-line notice on standard error; "
            "use the new ones:",
            "",
            "| command | old | new |",
            "|---|---|---|",
        ]
        for command, renamed in DEPRECATED_OPTIONS.items():
            for old, new in renamed.items():
                lines.append(f"| `{command}` | `{old}` | `{new}` |")
        container = nodes.section()
        self.state.nested_parse(StringList(lines, source="cli-reference"), 0, container)
        # MyST attaches the sections a nested parse opens to the page itself, not to
        # ``container``: find them there by their titles and give each its anchor.
        anchors = {f"microcredential {name}": f"command-{name}" for name in _commands(parser)}
        anchors["Renamed options"] = "renamed-options"
        std = self.env.get_domain("std")
        for section in self.state.document.findall(nodes.section):
            title = section.next_node(nodes.title).astext()
            anchor = anchors.pop(title, None)
            if anchor is not None:
                section["ids"].insert(0, anchor)
                std.note_hyperlink_target(anchor, self.env.docname, anchor, title)  # type: ignore[attr-defined]
        if anchors:
            raise self.error(f"sections not found for {sorted(anchors)}")
        return list(container.children)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("cli-reference", CliReference)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
