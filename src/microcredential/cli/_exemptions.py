"""``microcredential exemptions``: exemption advice from a learner's credentials."""

from __future__ import annotations

import argparse
from typing import Any

from .._recipes import Verifier
from ..exemptions import evaluate_exemptions, load_programme
from ._common import EXIT_OK, add_output, dump_json, load_object, write_output
from ._verify import add_verifier_options, verifier_options


def register(subparsers: Any) -> None:
    """Add the ``exemptions`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "exemptions",
        help="advise an examination board on exemptions from a learner's credentials",
        description=(
            "Read a programme description and a learner's credentials (credentials, "
            "presentations or CLRs), verify each, and write a dossier of advice per course "
            "unit: which credentials match and why, and every check with the rule behind it. "
            "Only verified credentials count, each once. Exit status 0 when the dossier was "
            "written, 1 when an input is not valid, 2 on usage or I/O errors."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="+",
        help="a credential, presentation or CLR (JSON); several may be given",
    )
    parser.add_argument(
        "--programme",
        required=True,
        metavar="P.json",
        help="the programme description (units and exemption policy; see programme.json)",
    )
    parser.add_argument(
        "--markdown",
        action="store_true",
        help="write the report for the board as Markdown (default: the dossier as JSON)",
    )
    add_output(parser, "the dossier")
    add_verifier_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Evaluate the credentials against the programme and write the dossier."""
    programme = load_programme(load_object(args.programme, args), source=args.programme)
    documents = [load_object(path, args) for path in args.file]
    options = verifier_options(args)
    dossier = evaluate_exemptions(
        documents, programme, now=options["now"], verifier=Verifier(**options)
    )
    text = dossier.render_markdown() if args.markdown else dump_json(dossier.to_dict())
    write_output(text, args.output)
    return EXIT_OK
