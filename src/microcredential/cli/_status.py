"""``microcredential status``: sign the issuer's status list credential for publication."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .._recipes import status_list_credential
from ..constants import DEFAULT_CRYPTOSUITE
from ..integrity import SIGNING_SUITES
from ..status import IssuerStatusList
from ._common import (
    EXIT_OK,
    EXIT_USAGE,
    dump_json,
    fail,
    load_key,
    load_status_state,
    parse_time,
    save_status_state,
    write_output,
)


def register(subparsers: Any) -> None:
    """Add the ``status`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "status",
        help="write the signed status list credential to publish",
        description=(
            "Build the BitstringStatusListCredential for the current state of STATEFILE, "
            "sign it with the issuer's key and write it; publish it at the list's URL."
        ),
    )
    parser.add_argument("--status-list", required=True, metavar="STATEFILE", help="state file")
    parser.add_argument(
        "--init",
        metavar="URL",
        help="create STATEFILE first: a new, empty list to be published at URL",
    )
    parser.add_argument(
        "--purpose",
        choices=("revocation", "suspension"),
        default="revocation",
        help="with --init: what the list is for (default: revocation)",
    )
    parser.add_argument("--key", required=True, metavar="KEYFILE", help="the issuer's key file")
    parser.add_argument(
        "-o", "--output", required=True, metavar="LIST.json", help="where to write it"
    )
    parser.add_argument("--valid-from", type=parse_time, metavar="T", help="default: now")
    parser.add_argument("--valid-until", type=parse_time, metavar="T", help="default: none")
    parser.add_argument(
        "--ttl", type=int, metavar="MS", help="how long verifiers may cache it (milliseconds)"
    )
    parser.add_argument(
        "--cryptosuite", choices=SIGNING_SUITES, default=DEFAULT_CRYPTOSUITE, help="cryptosuite"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Sign and write the list credential."""
    if args.ttl is not None and args.ttl < 0:
        fail(f"--ttl: must not be negative (got {args.ttl}); it is in milliseconds", EXIT_USAGE)
    key = load_key(args.key)
    if not args.init and not Path(args.status_list).exists():
        fail(
            f"{args.status_list}: no such file; to create a new list, pass --init URL "
            "(the URL the list credential will be published at)",
            EXIT_USAGE,
        )
    if args.init:
        if Path(args.status_list).exists():
            fail(f"{args.status_list}: already exists; --init creates a new list", EXIT_USAGE)
        try:
            state = IssuerStatusList.create(args.init, purpose=args.purpose)
        except ValueError as exc:
            fail(f"--init: {exc}", EXIT_USAGE)
        save_status_state(args.status_list, state)
    else:
        state = load_status_state(args.status_list, args)
    try:
        signed = status_list_credential(
            state,
            key,
            valid_from=args.valid_from,
            valid_until=args.valid_until,
            ttl=args.ttl,
            cryptosuite=args.cryptosuite,
        )
    except ValueError as exc:
        fail(f"{args.status_list}: {exc}", EXIT_USAGE)
    write_output(dump_json(signed), args.output)
    print(f"microcredential: wrote {args.output}; publish it at {state.list_id}", file=sys.stderr)
    return EXIT_OK
