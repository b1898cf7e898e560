"""``microcredential import``: an Open Badges 2.0 assertion as an unsigned 3.0 credential."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import InvalidDocumentError
from ._baked import read_bytes
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    add_max_bytes,
    add_output,
    add_time,
    cli_report,
    dump_json,
    fail,
    load_object,
    report_invalid,
    write_output,
)


def register(subparsers: Any) -> None:
    """Add the ``import`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "import",
        help="convert an Open Badges 2.0 (or Edubadges) assertion into an unsigned 3.0 credential",
        description=(
            "Check an Open Badges 2.0 assertion offline (shape, a signed assertion's signature, "
            "a hosted assertion's scope, dates, revocation) and write the Open Badges 3.0 "
            "microcredential it becomes, unsigned, for 'microcredential sign'. The report "
            "says where every 2.0 and Edubadges field went and which could not be carried "
            "over. What 2.0 cannot say (assessment, participation, quality assurance, the "
            "issuer's country) is given with --complete. Exit status 0 when the credential "
            "was written, 1 when a check failed or something is missing."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="the assertion: JSON, a signed assertion (compact JWS), or a baked 2.0 PNG or SVG",
    )
    parser.add_argument(
        "--document",
        action="append",
        default=[],
        metavar="FILE",
        help="a BadgeClass, issuer Profile, CryptographicKey or RevocationList the assertion "
        "refers to by id (downloaded from the issuer); repeatable (default: none; a hosted "
        "assertion's documents are then missing)",
    )
    parser.add_argument(
        "--key",
        metavar="PEM",
        help="the issuer's public key as a PEM file, trusted as given, for a signed assertion "
        "(default: the key among the --document files)",
    )
    parser.add_argument(
        "--complete",
        metavar="FILE",
        help="a JSON object in the input format of 'issue' with what 2.0 lacks, such as "
        "assessmentTypes, participationForms, qualityAssurance, credential.issuer.countryCode "
        "(default: none)",
    )
    parser.add_argument(
        "--issuer-id",
        metavar="ID",
        help="the 3.0 issuer id: the controller of the key that will sign (default: the 2.0 "
        "issuer id)",
    )
    parser.add_argument(
        "--recipient",
        metavar="R",
        help="issue to this DID, IRI or e-mail address instead of the 2.0 recipient "
        "(default: the 2.0 recipient)",
    )
    add_time(parser, "--now", "check the assertion as of T", "the current time")
    add_output(
        parser,
        "the unsigned 3.0 credential",
        default="standard output, the report on standard error; none with --json",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the report as JSON (default: as text)"
    )
    add_max_bytes(parser)
    parser.set_defaults(handler=run, json_result="imported")


def _assertion(path: str, args: argparse.Namespace) -> Any:
    """The assertion in ``path``: a JSON object, or the text of a JWS or a baked image."""
    from ..share.baking import image_format, unbake

    data = read_bytes(path, args.max_bytes)
    if image_format(data) is not None:
        try:
            baked = unbake(data)
        except InvalidDocumentError as exc:
            report_invalid(exc, path, args)
        if baked.version == "3.0":
            fail(f"{path}: holds an Open Badges 3.0 credential already: verify it", EXIT_INVALID)
        return baked.json(source=path) if baked.is_json else baked.text
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        from .._json import load_json

        try:
            return load_json(data, source=path, max_bytes=args.max_bytes)
        except InvalidDocumentError as exc:
            report_invalid(exc, path, args)
    return data.decode("utf-8", errors="replace").strip()


def run(args: argparse.Namespace) -> int:
    """Import, report, write."""
    from ..openbadges2 import import_assertion
    from ..quality import EmailRecipient

    assertion = _assertion(args.file, args)
    documents = [load_object(path, args) for path in args.document]
    completion = load_object(args.complete, args) if args.complete else None
    public_key = None
    if args.key:
        try:
            with open(args.key, encoding="ascii") as file:
                public_key = file.read()
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"{args.key}: cannot read a PEM key: {exc}", EXIT_USAGE)
    recipient: str | EmailRecipient | None = args.recipient
    if args.recipient and "@" in args.recipient and ":" not in args.recipient:
        recipient = EmailRecipient(args.recipient)
    result = import_assertion(
        assertion,
        documents=documents,
        completion=completion,
        public_key=public_key,
        issuer_id=args.issuer_id,
        recipient=recipient,
        now=args.now,
    )
    if args.json:
        print(json.dumps({"file": args.file, **cli_report(result.to_dict())}, indent=2))
    else:
        print(result.render_text(), file=sys.stderr if args.output is None else sys.stdout)
    if result.credential is not None and result.ok:
        if args.output is not None or not args.json:
            write_output(dump_json(result.credential), args.output)
        return EXIT_OK
    return EXIT_INVALID
