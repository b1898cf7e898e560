"""``expand`` and ``canonicalize``: offline JSON-LD processing in safe mode."""

from __future__ import annotations

import argparse
import json
from typing import Any

from ._common import EXIT_OK, add_max_bytes, add_output, load_document, write_output


def _loader(args: argparse.Namespace) -> Any:
    from ..jsonld import OfflineLoader

    if getattr(args, "contexts", None):
        return OfflineLoader.from_directory(args.contexts)
    return None


def _expand(args: argparse.Namespace) -> int:
    from ..jsonld import expand

    document = load_document(args.file, args)
    write_output(json.dumps(expand(document, loader=_loader(args)), indent=2), args.output)
    return EXIT_OK


def _canonicalize(args: argparse.Namespace) -> int:
    from ..jsonld import canonicalize

    document = load_document(args.file, args)
    text = canonicalize(document, loader=_loader(args))
    write_output(text, args.output) if args.output else print(text, end="")
    return EXIT_OK


def register(subparsers: Any) -> None:
    for name, handler, summary, what in (
        (
            "expand",
            _expand,
            "print the expanded JSON-LD of a document (offline, safe mode)",
            "the expanded document",
        ),
        (
            "canonicalize",
            _canonicalize,
            "print the canonical N-Quads (RDFC-1.0) of a document (offline, safe mode)",
            "the N-Quads",
        ),
    ):
        description = summary[0].upper() + summary[1:] + "."
        parser = subparsers.add_parser(name, help=summary, description=description)
        parser.add_argument(
            "file", metavar="FILE", help="the JSON-LD document ('-' for standard input)"
        )
        add_output(parser, what)
        parser.add_argument(
            "--contexts",
            metavar="DIR",
            help="also serve the contexts listed in DIR/index.json (URL -> relative file path) "
            "(default: the bundled contexts only)",
        )
        add_max_bytes(parser)
        parser.set_defaults(handler=handler)
