"""``microcredential verify-presentation``: verify a holder's presentation."""

from __future__ import annotations

import argparse
import json
from typing import Any

from .._recipes import verify_presentation
from ._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, cli_report, cli_text, fail
from ._verify import add_verifier_options, load_credential, verifier_options


def register(subparsers: Any) -> None:
    """Add the ``verify-presentation`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "verify-presentation",
        help="verify a presentation: holder proof, challenge, domain, then each credential",
        description=(
            "Verify a Verifiable Presentation made for your CHALLENGE and DOMAIN, then each "
            "credential in it. FILE holds the presentation as JSON (with an embedded proof, "
            "or an EnvelopedVerifiablePresentation) or as a compact vp+jwt. Exit status 0 "
            "when everything verified, 1 otherwise, 2 on usage or I/O errors."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the presentation ('-' for standard input)")
    parser.add_argument("--challenge", required=True, help="the challenge you gave the holder")
    parser.add_argument("--domain", required=True, help="your domain")
    add_verifier_options(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Verify the presentation and print the report."""
    document = load_credential(args.file, args)
    if not args.challenge or not args.domain:
        fail("--challenge and --domain must not be empty", EXIT_USAGE)
    result = verify_presentation(
        document, challenge=args.challenge, domain=args.domain, **verifier_options(args)
    )
    if args.json:
        print(
            json.dumps(
                {"file": args.file, **cli_report(result.to_dict())}, indent=2, ensure_ascii=False
            )
        )
    else:
        print(f"{args.file}: {cli_text(result.render_text())}")
    return EXIT_OK if result.ok else EXIT_INVALID
