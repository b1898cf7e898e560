"""``microcredential keygen``: create an Ed25519 signing key and its key file."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import InvalidKeyError
from ..keys import Ed25519Key
from ._common import EXIT_OK, EXIT_USAGE, dump_json, fail

_STDOUT_NOTICE = (
    "microcredential: warning: the key file written to standard output contains the SECRET "
    "key; save it with mode 0600 (or use -o FILE) and never commit it or paste it anywhere"
)


def register(subparsers: Any) -> None:
    """Add the ``keygen`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "keygen",
        help="create a new Ed25519 signing key (Multikey key file)",
        description=(
            "Create a new Ed25519 key and print or write its key file: JSON with id, "
            "controller, type Multikey, publicKeyMultibase and secretKeyMultibase. By default "
            "the key is its own did:key; pass --controller (and optionally --id) for an "
            "issuer identified by an https URL."
        ),
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the key file to FILE with mode 0600 (default: standard output)",
    )
    parser.add_argument(
        "--controller",
        metavar="ID",
        help="the controller (issuer) id, e.g. https://example.edu/issuers/1 (default: did:key)",
    )
    parser.add_argument(
        "--id",
        dest="method_id",
        metavar="VM_ID",
        help="the verification method id (default: CONTROLLER#<publicKeyMultibase>)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite FILE if it already exists")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Generate the key, then print or write the key file."""
    try:
        key = Ed25519Key.generate(id=args.method_id, controller=args.controller)
    except InvalidKeyError as exc:
        fail(exc.message, EXIT_USAGE)
    output: str | None = args.output
    if output is None or output == "-":
        sys.stdout.write(dump_json(key.to_multikey(include_secret=True)))
        sys.stdout.flush()
        print(_STDOUT_NOTICE, file=sys.stderr)
        return EXIT_OK
    try:
        key.save(output, overwrite=args.force)
    except FileExistsError:
        fail(f"{output}: already exists; pass --force to replace it", EXIT_USAGE)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}", EXIT_USAGE)
    print(
        f"microcredential: wrote {output} (mode 0600)\n"
        f"  verification method: {key.id}\n"
        f"  controller:          {key.controller}\n"
        f"  publicKeyMultibase:  {key.public_key_multibase}",
        file=sys.stderr,
    )
    return EXIT_OK
