"""``microcredential status``: sign the issuer's status list credential for publication."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .._recipes import status_list_credential
from ..status import IssuerStatusList
from ._common import (
    EXIT_OK,
    EXIT_USAGE,
    add_cryptosuite,
    add_format,
    add_output,
    add_status_state,
    add_time,
    fail,
    load_key,
    load_status_state,
    save_status_state,
    secured_output,
    write_output,
)


def register(subparsers: Any) -> None:
    """Add the ``status`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "status",
        help="write the signed status list credential to publish",
        description=(
            "Build the BitstringStatusListCredential for the current state of STATEFILE, "
            "sign it with the issuer's key and write it (or, with --format jwt, write it as a "
            "compact VC-JWT, which an RSA key can sign); publish it at the list's URL."
        ),
    )
    add_status_state(parser, "the list to sign", required=True)
    parser.add_argument(
        "--init",
        metavar="URL",
        help="create STATEFILE first: a new, empty list to be published at URL "
        "(default: STATEFILE exists)",
    )
    parser.add_argument(
        "--purpose",
        choices=("revocation", "suspension"),
        default="revocation",
        help="with --init: what the list is for (default: revocation)",
    )
    parser.add_argument("--key", required=True, metavar="KEYFILE", help="the issuer's key file")
    add_output(parser, "the signed status list credential", required=True, metavar="LIST.json")
    add_time(parser, "--valid-from", "the list credential's validFrom", "now")
    add_time(parser, "--valid-until", "the list credential's validUntil", "none")
    parser.add_argument(
        "--ttl",
        type=int,
        metavar="MS",
        help="how long verifiers may cache the list, in milliseconds (default: not said)",
    )
    add_cryptosuite(parser, "the list credential's proof")
    add_format(parser, "the list credential")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Sign and write the list credential."""
    if args.ttl is not None and args.ttl < 0:
        fail(f"--ttl: must not be negative (got {args.ttl}); it is in milliseconds", EXIT_USAGE)
    key = load_key(args.key)
    if not args.init and not Path(args.status_state).exists():
        fail(
            f"{args.status_state}: no such file; to create a new list, pass --init URL "
            "(the URL the list credential will be published at)",
            EXIT_USAGE,
        )
    if args.init:
        if Path(args.status_state).exists():
            fail(f"{args.status_state}: already exists; --init creates a new list", EXIT_USAGE)
        try:
            state = IssuerStatusList.create(args.init, purpose=args.purpose)
        except ValueError as exc:
            fail(f"--init: {exc}", EXIT_USAGE)
        save_status_state(args.status_state, state)
    else:
        state = load_status_state(args.status_state, args)
    try:
        signed = status_list_credential(
            state,
            key,
            valid_from=args.valid_from,
            valid_until=args.valid_until,
            ttl=args.ttl,
            cryptosuite=args.cryptosuite,
            format=args.format,
            typ=args.typ,
        )
    except ValueError as exc:
        fail(f"{args.status_state}: {exc}", EXIT_USAGE)
    write_output(secured_output(signed), args.output)
    served = " (served as application/vc+jwt)" if args.format == "jwt" else ""
    print(
        f"microcredential: wrote {args.output}; publish it at {state.list_id}{served}",
        file=sys.stderr,
    )
    return EXIT_OK
