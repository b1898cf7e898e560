"""``microcredential present``: bundle credentials in a presentation signed by the holder."""

from __future__ import annotations

import argparse
from typing import Any

from .._recipes import present
from ..errors import InvalidDocumentError
from ._common import (
    EXIT_OK,
    EXIT_USAGE,
    add_cryptosuite,
    add_format,
    add_max_bytes,
    add_output,
    add_time,
    fail,
    load_key,
    secured_output,
    write_output,
)
from ._verify import load_readable_credential


def register(subparsers: Any) -> None:
    """Add the ``present`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "present",
        help="present credentials to a verifier (signed by the holder's key)",
        description=(
            "Bundle one or more credentials (JSON files, or files holding a compact VC-JWT) "
            "in a Verifiable Presentation, signed by the holder's key for the verifier's "
            "challenge and domain: with an embedded proof, or (--format jwt) as a compact "
            "vp+jwt, which any key type can sign (RSA included)."
        ),
    )
    parser.add_argument("files", nargs="+", metavar="FILE", help="the credentials to present")
    parser.add_argument("--key", required=True, metavar="KEYFILE", help="the holder's key file")
    parser.add_argument("--challenge", required=True, help="the verifier's challenge")
    parser.add_argument("--domain", required=True, help="the verifier's domain")
    add_cryptosuite(parser, "the presentation's proof")
    add_format(
        parser,
        "the presentation",
        secured_as="a compact vp+jwt (VC-JOSE-COSE) with the challenge as nonce and the domain "
        "as aud,",
        typ="vp+jwt",
        typ_help="(default: vp+jwt)",
    )
    add_time(parser, "--created", "when it is signed (its proof's created; jwt: iat)", "now")
    add_time(
        parser,
        "--expires",
        "when the presentation stops being accepted (its proof's expires; jwt: exp), to keep a "
        "copy from being replayed later",
        "none",
    )
    add_output(parser, "the signed presentation")
    add_max_bytes(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Build and sign the presentation."""
    credentials = [load_readable_credential(path, args) for path in args.files]
    key = load_key(args.key)
    if args.format == "jwt" and args.cryptosuite is not None:
        fail(
            "--cryptosuite makes an embedded proof; a presentation with --format jwt has none",
            EXIT_USAGE,
        )
    try:
        presentation = present(
            credentials,
            holder_key=key,
            challenge=args.challenge,
            domain=args.domain,
            cryptosuite=args.cryptosuite,
            created=args.created,
            expires=args.expires,
            format=args.format,
            typ=args.typ,
        )
    except InvalidDocumentError:
        raise
    except ValueError as exc:
        fail(str(exc), EXIT_USAGE)
    write_output(secured_output(presentation), args.output)
    return EXIT_OK
