"""``microcredential revoke``: revoke, suspend or reinstate an entry of a status list."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ._common import EXIT_OK, EXIT_USAGE, fail, load_status_state, save_status_state


def register(subparsers: Any) -> None:
    """Add the ``revoke`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "revoke",
        help="revoke (or suspend, or reinstate) a credential in the issuer's status list",
        description=(
            "Change one entry of the issuer's status list state file. Revocation is final; "
            "--suspend and --reinstate work on a suspension list. Afterwards re-sign and "
            "publish the list with 'microcredential status'."
        ),
    )
    parser.add_argument("--status-list", required=True, metavar="STATEFILE", help="state file")
    parser.add_argument(
        "--index", required=True, type=int, metavar="N", help="the credential's statusListIndex"
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--suspend", action="store_true", help="suspend instead of revoking")
    action.add_argument("--reinstate", action="store_true", help="lift a suspension")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Change the entry and save the state."""
    state = load_status_state(args.status_list, args)
    verb = "suspended" if args.suspend else "reinstated" if args.reinstate else "revoked"
    try:
        if args.suspend:
            state.suspend(args.index)
        elif args.reinstate:
            state.reinstate(args.index)
        else:
            state.revoke(args.index)
    except (KeyError, ValueError, IndexError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else str(exc)
        fail(f"{args.status_list}: {message}", EXIT_USAGE)
    save_status_state(args.status_list, state)
    print(
        f"microcredential: {verb} index {args.index} in {state.list_id}; now re-sign and "
        "publish the list: microcredential status --status-list "
        f"{args.status_list} --key KEYFILE -o LIST.json",
        file=sys.stderr,
    )
    return EXIT_OK
