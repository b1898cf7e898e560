"""``microcredential revoke``: revoke, suspend or reinstate an entry of a status list."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import UnknownStatusIndexError
from ..status import edit_state_file, parse_status_index
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    add_max_bytes,
    add_status_state,
    fail,
    load_object,
    load_status_state,
)

_BEYOND = "has too many digits to be an index of any status list"


def index_from_credential(path: str, args: argparse.Namespace, list_id: str) -> int:
    """The ``statusListIndex`` of the credential's status entry that points at ``list_id``."""
    credential = load_object(path, args)
    status = credential.get("credentialStatus")
    entries = status if isinstance(status, list) else [status] if status is not None else []
    if not entries:
        fail(f"{path}: /credentialStatus: the credential has no status entry", EXIT_INVALID)
    found = [e.get("statusListCredential") for e in entries if isinstance(e, dict)]
    matches = [
        e for e in entries if isinstance(e, dict) and e.get("statusListCredential") == list_id
    ]
    if not matches:
        fail(
            f"{path}: /credentialStatus: no entry points at {list_id} (the credential's status "
            f"list: {', '.join(map(str, found)) or 'none'}); is this the right --status-state?",
            EXIT_USAGE,
        )
    indexes = {str(e.get("statusListIndex")) for e in matches}
    if len(indexes) > 1:  # an array has no order: which entry is "the" one cannot be guessed
        fail(
            f"{path}: /credentialStatus: several entries point at {list_id} with different "
            f"indexes ({', '.join(sorted(indexes))}); give the one to change with --index",
            EXIT_INVALID,
        )
    raw = matches[0].get("statusListIndex")
    index = parse_status_index(raw)
    if index is None:
        shown = repr(raw) if len(repr(raw)) <= 40 else repr(raw)[:37] + "..."
        fail(
            f"{path}: /credentialStatus: statusListIndex must be a base-10 number in ASCII "
            f"digits, not {shown}",
            EXIT_INVALID,
        )
    if index < 0:
        fail(f"{path}: /credentialStatus: statusListIndex {_BEYOND}", EXIT_INVALID)
    return index


def index_argument(text: str) -> int:
    """``--index``: a base-10 number in ASCII digits, as ``statusListIndex`` is written."""
    index = parse_status_index(text)
    if index is None:
        shown = repr(text) if len(text) <= 40 else repr(text[:37] + "...")
        raise argparse.ArgumentTypeError(f"not a number in ASCII digits: {shown}")
    if index < 0:
        raise argparse.ArgumentTypeError(_BEYOND)
    return index


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
    add_status_state(parser, "the entry is changed in it", required=True)
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "--index", type=index_argument, metavar="N", help="the credential's statusListIndex"
    )
    which.add_argument(
        "--credential",
        metavar="FILE",
        help="the issued credential: take the index from its credentialStatus entry for this "
        "list (and check that it points at this list)",
    )
    add_max_bytes(parser)
    action = parser.add_mutually_exclusive_group()
    action.add_argument(
        "--suspend", action="store_true", help="suspend instead of revoking (default: revoke)"
    )
    action.add_argument("--reinstate", action="store_true", help="lift a suspension")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Change the entry and save the state."""
    state = load_status_state(args.status_state, args)
    if args.credential:
        args.index = index_from_credential(args.credential, args, state.list_id)
    verb = "suspended" if args.suspend else "reinstated" if args.reinstate else "revoked"
    # The change is made under the state file's lock, on what is on disk at that moment, so
    # a cohort issuing at the same time (or another revoke) cannot undo it.
    with edit_state_file(args.status_state) as current:
        try:
            if args.suspend:
                current.suspend(args.index)
            elif args.reinstate:
                current.reinstate(args.index)
            else:
                current.revoke(args.index)
        except (UnknownStatusIndexError, ValueError, IndexError) as exc:
            fail(f"{args.status_state}: {exc}", EXIT_USAGE)
    print(
        f"microcredential: {verb} index {args.index} in {state.list_id}; now re-sign and "
        "publish the list: microcredential status --status-state "
        f"{args.status_state} --key KEYFILE -o LIST.json",
        file=sys.stderr,
    )
    return EXIT_OK
