"""``check``: does a document parse as Open Badges 3.0 and meet its JSON Schema?"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..problems import Problem
from ._common import EXIT_INVALID, EXIT_OK, add_max_bytes, cli_report, cli_text, load_document


def _check_document(document: Any) -> list[Problem]:
    """Every model and schema problem of a credential, endorsement, profile or achievement.

    A JSON-LD document (one with ``@context``) is first checked to be in compacted form: when
    its JSON could say something else than the data a signature covers, only that is reported.
    """
    from ..jsonld import compaction_problems
    from ..schema import document_problems

    if isinstance(document, dict) and "@context" in document:
        form = compaction_problems(document)
        if form:
            return form
    return document_problems(document)


def _check(args: argparse.Namespace) -> int:
    document = load_document(args.file, args)
    problems = _check_document(document)
    if args.json:
        report = {
            "file": args.file,
            "valid": not problems,
            "problems": [cli_report(p.to_dict()) for p in problems],
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    elif problems:
        for p in problems:
            print(
                f"{args.file}: {p.path or '/'}: {cli_text(p.message)} [{p.code}]",
                file=sys.stderr,
            )
        print(f"{args.file}: {len(problems)} problem(s)", file=sys.stderr)
    else:
        print(f"{args.file}: ok")
    return EXIT_INVALID if problems else EXIT_OK


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "check",
        help="check that a document parses as Open Badges 3.0 and meets its JSON Schema",
        description=(
            "Check that a document parses as Open Badges 3.0 and meets its JSON Schema, "
            "without verifying a proof. Exit status 0 when it does, 1 when it does not, 2 on "
            "usage or I/O errors."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the JSON document ('-' for standard input)")
    parser.add_argument(
        "--json", action="store_true", help="print a machine-readable report (default: text)"
    )
    add_max_bytes(parser)
    parser.set_defaults(handler=_check, json_result="valid")
