"""``microcredential show``: what a credential says and whether it verified, for people."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as _dt
import enum
import json
from typing import Any

from ..errors import InvalidDocumentError
from ._common import EXIT_INVALID, EXIT_OK, add_output, cli_report, report_invalid, write_output
from ._verify import add_verifier_options, load_credential, verifier_options


def register(subparsers: Any) -> None:
    """Add the ``show`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "show",
        help="show what a credential says and whether it verifies (text, or an HTML page)",
        description=(
            "Verify a credential (as 'verify' does) and print what it says: what was "
            "achieved, by whom, from which institution, when and until when, with the "
            "verdict and its reasons. -o also writes a self-contained page an employer "
            "can open, print or archive. Exit status 0 when the credential verified (or with "
            "--no-verify), 1 when it did not."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        help="a credential, or a PNG or SVG badge with one baked in ('-' for standard input)",
    )
    add_output(
        parser,
        "also a self-contained HTML page an employer can open, print or archive",
        default="none: only the text is printed",
    )
    parser.add_argument(
        "--no-verify",
        action="store_true",
        help="do not verify: the output then says plainly that the credential was not verified "
        "(default: verify)",
    )
    add_verifier_options(parser)
    parser.set_defaults(handler=run, read_images=True)


def run(args: argparse.Namespace) -> int:
    """Verify, then print the summary and write the page."""
    from .._recipes import Verifier
    from .._time import resolve_now
    from ..share import summarize
    from ..share.page import render_html, render_text

    secured = load_credential(args.file, args)
    credential = _carried(secured, args)
    summary = summarize(credential, source=args.file)
    result = None
    checked_at = None
    if not args.no_verify:
        checked_at = resolve_now(args.now)
        result = Verifier(**verifier_options(args)).verify(secured)
    if args.output:
        write_output(render_html(credential, result, checked_at=checked_at), args.output)
    if args.json:
        report = {
            "file": args.file,
            "verified": None if result is None else result.ok,
            "summary": json.loads(json.dumps(dataclasses.asdict(summary), default=_plain)),
            "verification": None if result is None else cli_report(result.to_dict()),
        }
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(render_text(credential, result, checked_at=checked_at), end="")
    return EXIT_OK if result is None or result.ok else EXIT_INVALID


def _carried(secured: dict[str, Any] | str, args: argparse.Namespace) -> dict[str, Any]:
    """The credential itself: ``secured``, or the one a compact VC-JWT carries."""
    if not isinstance(secured, str):
        return secured
    from ..jwt import decode_jwt_credential

    try:
        return decode_jwt_credential(secured).credential
    except InvalidDocumentError as exc:
        report_invalid(exc, args.file, args)


def _plain(value: object) -> Any:
    """JSON for the summary's enums and dates."""
    if isinstance(value, enum.Enum):
        return getattr(value, "code", value.value)
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")
