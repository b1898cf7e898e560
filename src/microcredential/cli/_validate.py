"""``validate``: does a microcredential meet the EU elements, the Dutch framework, Edubadges?

The file is a credential, a bare achievement, or the plain-JSON input format of the quality
guide (built first: into a credential when its ``credential`` block names the learner and
``validFrom``, else into an achievement).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Mapping
from typing import Any

from ..errors import InvalidDocumentError
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    add_max_bytes,
    cli_report,
    cli_text,
    fail,
    json_failure,
    load_document,
    read_batch_item,
    report_invalid,
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


#: Stand-ins for what issuing supplies: the signing key's controller, when the file's
#: ``credential.issuer`` names no id, and a learner, when its ``credential`` block names none.
_KEY_CONTROLLER = "did:example:the-signing-key"
_LEARNER = "did:example:learner"


def _from_input(document: Mapping[str, Any], today: dt.date | None) -> Any:
    """What issuing builds from the input format: the credential, when it names the issuer
    (for a stand-in learner if it names none), so that everything issuing would report is
    reported; else the achievement alone."""
    from .._time import utc_now
    from ..quality import build_achievement, credential_from_input, parse_input

    spec = parse_input(document, issuer_id=_KEY_CONTROLLER)
    if spec.issuer is None:
        return build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)
    if spec.facts is not None:
        return credential_from_input(document, issuer_id=_KEY_CONTROLLER)
    when = utc_now() if today is None else dt.datetime.combine(today, dt.time(), dt.UTC)
    return credential_from_input(
        document, recipient=_LEARNER, valid_from=when, issuer_id=_KEY_CONTROLLER
    )


def _report(args: argparse.Namespace, path: str, document: Any) -> tuple[Any, int]:
    """Validate one document: its JSON report (or None, the text printed) and exit code."""
    from ..quality import DEFAULT_PROFILES, check_quality

    if isinstance(document, dict) and _is_input_format(document):
        try:
            document = _from_input(document, args.today)
        except ValueError as exc:
            return {"file": path, "valid": False, "error": f"{path}: {exc}"}, EXIT_INVALID
    profiles = tuple(args.profile or DEFAULT_PROFILES)
    report = check_quality(
        document, profiles=profiles, today=args.today, institution=args.institution
    )
    code = EXIT_OK if report.ok else EXIT_INVALID
    if args.json:
        return {"file": path, **cli_report(report.to_dict())}, code
    print(f"{path}: {cli_text(report.render_text())}", end="")
    return None, code


def _validate(args: argparse.Namespace) -> int:
    paths: list[str] = args.file
    if paths.count("-") > 1:
        fail("standard input ('-') can be read only once; give it once", EXIT_USAGE)
    if len(paths) == 1:
        args.file = paths[0]  # one report, with the errors of an unreadable file as before
        try:
            document = load_document(args.file, args, jwt=True)
        except InvalidDocumentError as exc:
            report_invalid(exc, args.file, args)
        report, code = _report(args, args.file, document)
        if report is not None and "error" in report:
            json_failure(args, args.file, report["error"])
            fail(report["error"], EXIT_INVALID)
        if report is not None:
            print(json.dumps(report, indent=2, ensure_ascii=False))
        return code
    reports: list[dict[str, Any]] = []
    codes: list[int] = []
    for path in paths:
        document, error, problems, code = read_batch_item(path, args, jwt=True)
        if document is not None:
            report, code = _report(args, path, document)
            if report is not None and not args.json:  # the input format could not be built
                error = report["error"]
                report = None
            elif report is not None:
                reports.append(report)
        if document is None or error:
            if args.json:
                reports.append(
                    {
                        "file": path,
                        "valid": False,
                        "error": error,
                        "problems": [p.to_dict() for p in problems],
                    }
                )
            else:
                lines = [f"{path}: {p.path or '/'}: {p.message} [{p.code}]" for p in problems]
                for line in lines or [error]:
                    print(f"microcredential: error: {cli_text(line)}", file=sys.stderr)
        codes.append(code)
    if args.json:
        print(json.dumps(cli_report(reports), indent=2, ensure_ascii=False))
    else:
        print(f"{codes.count(EXIT_OK)} of {len(codes)} files valid")
    return max(codes)


def register(subparsers: Any) -> None:
    from ..quality import PROFILES

    parser = subparsers.add_parser(
        "validate",
        help="check microcredentials against the EU elements, the Dutch framework or Edubadges",
        description=(
            "Check microcredentials against the EU elements, the Dutch framework or "
            "Edubadges. Each file is a credential, an achievement or the plain input format "
            "(built first, as issuing builds it). Exit status 0 when no file has errors, 1 "
            "when one has, 2 on usage or I/O errors."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="+",
        help="a credential (JSON or a compact VC-JWT), achievement or input-format JSON ('-' "
        "for standard input); several may be given",
    )
    parser.add_argument(
        "--profile",
        action="append",
        choices=PROFILES,
        help="a rule profile; repeat for several (default: ob3 and eu); 1edtech: whether "
        "1EdTech's validator accepts the proof format or JWT algorithm",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a machine-readable report (default: text)"
    )
    parser.add_argument(
        "--today",
        type=_date,
        metavar="DATE",
        help="the date to check against, YYYY-MM-DD (default: today, UTC)",
    )
    parser.add_argument(
        "--institution",
        choices=("wo", "hbo", "mbo"),
        help="the issuer's sector, for the Dutch size rules (wo: the 2025–2027 experimental "
        "space) (default: hbo or mbo: the general size rules)",
    )
    add_max_bytes(parser)
    parser.set_defaults(handler=_validate, json_result="valid")
