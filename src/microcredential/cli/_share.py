"""``microcredential share``: a link that puts a credential on the learner's LinkedIn profile."""

from __future__ import annotations

import argparse
from typing import Any

from ._common import EXIT_OK, EXIT_USAGE, add_max_bytes, fail, load_object


def register(subparsers: Any) -> None:
    """Add the ``share`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "share",
        help="print a link that adds a credential to a LinkedIn profile",
        description=(
            "Print LinkedIn's 'Add to profile' link for a credential: it opens the "
            "certification form filled in with the credential's name, issuer, issue and "
            "expiry dates, ID and URL. LinkedIn shows these as given and verifies none of "
            "them; only the credential URL lets a reader check the claim."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="a credential, or a PNG or SVG badge with one baked in ('-' for standard input)",
    )
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--linkedin", action="store_true", help="print LinkedIn's 'Add to profile' link"
    )
    parser.add_argument(
        "--cert-url",
        metavar="URL",
        help="where a reader can see and verify the credential (default: its id, when that "
        "is an http(s) address)",
    )
    parser.add_argument(
        "--organization-id",
        metavar="NUMBER",
        help="the issuer's LinkedIn organisation id (the number in its page's admin address), "
        "so LinkedIn links the issuer's page and logo instead of showing its name only "
        "(default: none: LinkedIn shows the issuer's name)",
    )
    add_max_bytes(parser)
    parser.set_defaults(handler=run, read_images=True)


def run(args: argparse.Namespace) -> int:
    """Print the link."""
    from ..errors import InvalidDocumentError
    from ..share import linkedin_url

    credential = load_object(args.file, args)
    try:
        url = linkedin_url(credential, cert_url=args.cert_url, organization_id=args.organization_id)
    except InvalidDocumentError:
        raise  # the credential's problems, reported with the file name by run_handler
    except ValueError as exc:  # a malformed option
        message = str(exc).replace("organization_id", "--organization-id")
        fail(message.replace("cert_url", "--cert-url"), EXIT_USAGE)
    print(url)
    return EXIT_OK
