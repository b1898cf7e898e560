"""The command line's entry point: the parser of every sub-command, and the dispatch.

Each sub-command lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from difflib import get_close_matches
from importlib import import_module

from .._version import __version__
from ._common import EXIT_USAGE, CommandFailed, run_handler

__all__ = ["COMMANDS", "DEPRECATED_OPTIONS", "build_parser", "main"]

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    # the main job, in the order an issuer meets it
    "_demo",
    "_keygen",
    "_issue",
    "_issue_cohort",
    "_sign",
    # checking what one received
    "_verify",
    "_validate",
    "_check",
    "_exemptions",
    # revocation
    "_revoke",
    "_status",
    # holders
    "_present",
    "_verify_presentation",
    # sharing what one holds
    "_show",
    "_share",
    "_bake",
    "_import",
    # JSON-LD tools
    "_jsonld",
)


#: Old option spellings, still accepted with a one-line notice: command -> {old: new}.
#: ``--status-list`` now always names the signed list a verifier reads; the issuer's state
#: file is ``--status-state``. A file output is ``-o/--output``, a folder ``--output-dir``.
DEPRECATED_OPTIONS: dict[str, dict[str, str]] = {
    "demo": {"--out": "--output-dir"},
    "issue": {"--status-list": "--status-state"},
    "issue-cohort": {"--out": "--output-dir", "--status-list": "--status-state"},
    "revoke": {"--status-list": "--status-state"},
    "status": {"--status-list": "--status-state"},
    "show": {"--html": "--output"},
}


def _renamed(argv: Sequence[str]) -> list[str]:
    """``argv`` with the command's deprecated option spellings replaced, each noted once."""
    args = list(argv)
    command = next((i for i, arg in enumerate(args) if not arg.startswith("-")), None)
    if command is None:
        return args
    renamed = DEPRECATED_OPTIONS.get(args[command], {})
    noted: set[str] = set()
    for i in range(command + 1, len(args)):
        if args[i] == "--":
            break
        old, equals, value = args[i].partition("=")
        if old in renamed:
            args[i] = renamed[old] + equals + value
            if old not in noted:
                noted.add(old)
                print(
                    f"microcredential: note: {args[command]} {old} is deprecated; "
                    f"use {renamed[old]}",
                    file=sys.stderr,
                )
    return args


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used to generate the CLI reference)."""
    parser = argparse.ArgumentParser(
        prog="microcredential",
        description="Issue, sign, verify and check microcredentials (Open Badges 3.0).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        import_module(f"{__package__}.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    argv = _renamed(sys.argv[1:] if argv is None else argv)
    try:
        args, extras = parser.parse_known_args(argv)
        if extras:  # report it with the command's own usage, and the option meant if clear
            _unrecognized(parser, getattr(args, "command", None), extras)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return run_handler(args)
    except CommandFailed as exc:
        return exc.exit_code
    except BrokenPipeError:  # the reader went away (``| head``): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_USAGE


def _unrecognized(parser: argparse.ArgumentParser, command: str | None, extras: list[str]) -> None:
    command_parser = parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            command_parser = action.choices[command]
    known = [o for a in command_parser._actions for o in a.option_strings if o.startswith("--")]
    hints = []
    for extra in extras:
        match = get_close_matches(extra, known, 1) if extra.startswith("-") else []
        hints.append(f"{extra} (did you mean {match[0]}?)" if match else extra)
    command_parser.error(f"unrecognized arguments: {' '.join(hints)}")
