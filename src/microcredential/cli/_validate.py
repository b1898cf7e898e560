"""``validate``: does a microcredential meet the EU elements, the Dutch framework, Edubadges?

The file is a credential, a bare achievement, or the plain-JSON input format of the quality
guide (built first: into a credential when its ``credential`` block names the learner and
``validFrom``, else into an achievement).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    add_max_bytes,
    cli_report,
    cli_text,
    fail,
    json_failure,
    load_document,
)


def _date(text: str) -> dt.date:
    from .._time import parse_date

    try:
        return parse_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _is_input_format(document: Any) -> bool:
    return (
        isinstance(document, Mapping)
        and "@context" not in document
        and "type" not in document
        and "title" in document
    )


def _from_input(document: Mapping[str, Any]) -> Any:
    from ..quality import build_achievement, credential_from_input, parse_input

    spec = parse_input(document)
    if spec.facts is not None:
        return credential_from_input(document)
    return build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)


def _validate(args: argparse.Namespace) -> int:
    from ..quality import DEFAULT_PROFILES, validate

    document = load_document(args.file, args)
    if _is_input_format(document):
        try:
            document = _from_input(document)
        except ValueError as exc:
            json_failure(args, args.file, f"{args.file}: {exc}")
            fail(f"{args.file}: {exc}", EXIT_INVALID)
    profiles = tuple(args.profile or DEFAULT_PROFILES)
    report = validate(document, profiles=profiles, today=args.today, institution=args.institution)
    if args.json:
        print(
            json.dumps(
                {"file": args.file, **cli_report(report.to_dict())}, indent=2, ensure_ascii=False
            )
        )
    else:
        print(f"{args.file}: {cli_text(report.render_text())}", end="")
    return EXIT_OK if report.ok else EXIT_INVALID


def register(subparsers: Any) -> None:
    from ..quality import PROFILES

    summary = "check a microcredential against the EU elements, the Dutch framework or Edubadges"
    parser = subparsers.add_parser(
        "validate",
        help=summary,
        description=summary + " (exit 0: no errors, 1: errors, 2: usage or I/O error)",
    )
    parser.add_argument(
        "file", help="credential, achievement or input-format JSON ('-' for standard input)"
    )
    parser.add_argument(
        "--profile",
        action="append",
        choices=PROFILES,
        help="rule profile; repeat for several (default: ob3 and eu)",
    )
    parser.add_argument("--json", action="store_true", help="print a machine-readable report")
    parser.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the date to check against (YYYY-MM-DD; default: today, UTC)",
    )
    parser.add_argument(
        "--institution",
        choices=("wo", "hbo", "mbo"),
        help="the issuer's sector, for the Dutch size rules (wo: the 2025–2027 experimental space)",
    )
    add_max_bytes(parser)
    parser.set_defaults(handler=_validate, json_result="valid")
