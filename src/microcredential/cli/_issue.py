"""``microcredential issue``: issue a signed Open Badges 3.0 credential to a recipient."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._recipes import hashed_email, issue
from ..errors import InvalidDocumentError
from ..integrity import SIGNING_SUITES
from ._common import (
    EXIT_OK,
    EXIT_USAGE,
    add_max_bytes,
    dump_json,
    fail,
    load_key,
    load_object,
    load_status_state,
    parse_time,
    save_status_state,
    write_output,
)


def register(subparsers: Any) -> None:
    """Add the ``issue`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "issue",
        help="issue a signed OpenBadgeCredential for an achievement to a recipient",
        description=(
            "Build an OpenBadgeCredential (VC 2.0, Open Badges 3.0.3) for ACHIEVEMENT and "
            "RECIPIENT and sign it. An e-mail recipient is stored as a salted SHA-256 hash. "
            "With --status-list, an index is allocated in the issuer's status list state "
            "file (saved before the credential is written)."
        ),
    )
    parser.add_argument(
        "--achievement", required=True, metavar="FILE", help="the Achievement JSON document"
    )
    parser.add_argument(
        "--recipient",
        required=True,
        metavar="ID_OR_EMAIL",
        help="the recipient's DID or URL, or an e-mail address (hashed with a random salt)",
    )
    parser.add_argument("--key", required=True, metavar="KEYFILE", help="the issuer's key file")
    parser.add_argument("--issuer-name", metavar="NAME", help="the issuer's display name")
    parser.add_argument(
        "--status-list", metavar="STATEFILE", help="allocate a status entry in this list state"
    )
    parser.add_argument("--valid-from", type=parse_time, metavar="T", help="default: now")
    parser.add_argument("--valid-until", type=parse_time, metavar="T", help="default: none")
    parser.add_argument(
        "--cryptosuite", choices=SIGNING_SUITES, default="eddsa-rdfc-2022", help="cryptosuite"
    )
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT (default: stdout)")
    add_max_bytes(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Issue the credential."""
    achievement = load_object(args.achievement, args)
    key = load_key(args.key)
    recipient: Any = args.recipient
    if "@" in recipient and ":" not in recipient:
        recipient = hashed_email(recipient)
    issuer: dict[str, Any] = {"id": key.controller, "type": ["Profile"]}
    if args.issuer_name:
        issuer["name"] = args.issuer_name
    state = load_status_state(args.status_list, args) if args.status_list else None
    try:
        credential = issue(
            achievement,
            recipient=recipient,
            key=key,
            issuer=issuer,
            valid_from=args.valid_from,
            valid_until=args.valid_until,
            status=state,
            cryptosuite=args.cryptosuite,
        )
    except InvalidDocumentError as exc:
        for problem in exc.problems:
            print(
                f"microcredential: error: {args.achievement}: issued credential "
                f"{problem.path or '/'}: {problem.message} [{problem.code}]",
                file=sys.stderr,
            )
        return EXIT_USAGE
    except (ValueError, OverflowError) as exc:
        fail(str(exc), EXIT_USAGE)
    if state is not None:
        save_status_state(args.status_list, state)  # before the credential: never reuse an index
    write_output(dump_json(credential), args.output)
    return EXIT_OK
