"""``microcredential sign``: add a Data Integrity proof to a JSON-LD document."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._recipes import sign, sign_jwt
from ..errors import MicrocredentialError
from ._common import (
    EXIT_OK,
    EXIT_USAGE,
    add_cryptosuite,
    add_format,
    add_max_bytes,
    add_output,
    add_time,
    dump_json,
    fail,
    load_key,
    load_object,
    note_interop,
    write_output,
)


def register(subparsers: Any) -> None:
    """Add the ``sign`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "sign",
        help="sign a credential (or any JSON-LD document) with a Data Integrity proof",
        description=(
            "Add a Data Integrity proof (assertionMethod) to FILE and print or write the "
            "signed document, or (--format jwt) write the credential as a compact VC-JWT. "
            "The document's issuer must be the key's controller."
        ),
    )
    parser.add_argument("file", metavar="FILE", help="the JSON document ('-' for standard input)")
    parser.add_argument("--key", required=True, metavar="KEYFILE", help="the signing key file")
    add_cryptosuite(parser)
    add_time(parser, "--created", "the proof's created time (--format jwt: the token's iat)", "now")
    add_format(parser)
    add_output(parser, "the signed document")
    add_max_bytes(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Sign the document."""
    document = load_object(args.file, args)
    key = load_key(args.key)
    if args.format == "jwt":
        try:
            token = sign_jwt(document, key, typ=args.typ, issued_at=args.created)
        except MicrocredentialError:
            raise  # reported as every command reports it
        except ValueError as exc:  # a --typ no verifier reads as a credential, say
            fail(str(exc), EXIT_USAGE)
        write_output(token, args.output)
        note_interop(token)
        return EXIT_OK
    signed = sign(document, key, cryptosuite=args.cryptosuite, created=args.created)
    write_output(dump_json(signed), args.output)
    note_interop(signed)
    existing = document.get("proof")
    if existing is not None:
        count = len(existing) if isinstance(existing, list) else 1
        print(
            f"microcredential: note: {args.file} was already signed ({count} proof"
            f"{'s' if count != 1 else ''}); a second proof was added alongside, making a proof "
            f"set of {count + 1}. To replace the proof instead, sign the document without "
            "'proof'.",
            file=sys.stderr,
        )
    return EXIT_OK
