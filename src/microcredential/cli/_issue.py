"""``microcredential issue``: issue a signed Open Badges 3.0 credential to a recipient."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .._recipes import issue, recipient_identifier
from ..errors import InvalidDocumentError, StatusListFullError
from ..status import edit_state_file
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    CommandFailed,
    add_cryptosuite,
    add_format,
    add_max_bytes,
    add_output,
    add_status_state,
    add_time,
    fail,
    load_key,
    load_object,
    load_status_state,
    note_interop,
    report_invalid,
    secured_output,
    write_output,
)


def register(subparsers: Any) -> None:
    """Add the ``issue`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "issue",
        help="issue a signed OpenBadgeCredential for an achievement to a recipient",
        description=(
            "Build an OpenBadgeCredential (VC 2.0, Open Badges 3.0.3) for ACHIEVEMENT and "
            "RECIPIENT and sign it. An e-mail recipient is stored as a salted SHA-256 hash. "
            "With --status-state, an index is allocated in the issuer's status list state "
            "file (saved before the credential is written)."
        ),
    )
    parser.add_argument(
        "--achievement",
        required=True,
        metavar="FILE",
        help="an Open Badges Achievement JSON, or the plain achievement input format (as "
        "validate and issue-cohort read it; its credential.issuer block names the issuer)",
    )
    parser.add_argument(
        "--recipient",
        required=True,
        metavar="ID_OR_EMAIL",
        help="the recipient's DID or URL, or an e-mail address (hashed with a random salt)",
    )
    parser.add_argument("--key", required=True, metavar="KEYFILE", help="the issuer's key file")
    parser.add_argument(
        "--name",
        metavar="NAME",
        help="the learner's name, written in plain text beside the recipient (default: none)",
    )
    parser.add_argument(
        "--grade",
        metavar="GRADE",
        help="the learner's grade, checked against the achievement's grading scheme "
        "(resultDescription); a decimal comma is written as a point (default: none)",
    )
    parser.add_argument(
        "--issuer",
        metavar="FILE",
        help="the issuer's Profile JSON (overrides credential.issuer of the input format); "
        "its id must be the key's controller (default: the input format's credential.issuer, "
        "else a Profile with the key's controller as id)",
    )
    parser.add_argument(
        "--issuer-name",
        metavar="NAME",
        help="the issuer's display name (default: the name in --issuer or the input format)",
    )
    add_status_state(
        parser, "allocate a status entry for the credential in it", default="no status entry"
    )
    add_time(parser, "--valid-from", "the credential's validFrom", "now")
    add_time(parser, "--valid-until", "the credential's validUntil", "none")
    add_cryptosuite(parser, "the credential's proof")
    add_format(parser)
    add_output(parser, "the signed credential")
    add_max_bytes(parser)
    parser.set_defaults(handler=run)


def _is_achievement(document: dict[str, Any]) -> bool:
    """An Open Badges ``Achievement`` (has ``type`` or ``@context``), not the input format."""
    return "type" in document or "@context" in document


def _from_input_format(
    document: dict[str, Any], path: str, key: Any
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """Build the achievement (and the issuer Profile, if named) from the input format; its
    ``credential.issuer`` without an id is the key's controller."""
    from ..quality import build_achievement, parse_input
    from ..quality.builder import issuer_profile

    try:
        spec = parse_input(document, source=path, issuer_id=key.controller)
    except InvalidDocumentError as exc:
        report_invalid(exc, path)
    achievement = build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)
    return achievement, issuer_profile(spec.issuer) if spec.issuer is not None else None


def _recipient(text: str) -> Any:
    """A DID or URL as given; an e-mail address (also as ``mailto:``) as a salted hash."""
    try:
        return recipient_identifier(text)
    except ValueError as exc:
        fail(f"--recipient: {exc}", EXIT_USAGE)


def run(args: argparse.Namespace) -> int:
    """Issue the credential."""
    document = load_object(args.achievement, args)
    key = load_key(args.key)
    profile: dict[str, Any] | None = None
    if _is_achievement(document):
        achievement = document
    else:
        achievement, profile = _from_input_format(document, args.achievement, key)
    if args.issuer:
        profile = dict(load_object(args.issuer, args))
        profile.setdefault("id", key.controller)
        profile.setdefault("type", ["Profile"])
    issuer: dict[str, Any] = (
        profile if profile is not None else {"id": key.controller, "type": ["Profile"]}
    )
    if args.issuer_name:
        issuer["name"] = args.issuer_name
    if issuer.get("id") != key.controller:
        source = args.issuer or args.achievement
        fail(
            f"{source}: the issuer id is {issuer.get('id')!r} but the key {args.key} belongs "
            f"to {key.controller!r}; the issuer id must be the key's controller. Use the key "
            f"made for this issuer, or create one with "
            f"'microcredential keygen --controller {issuer.get('id')}'",
            EXIT_USAGE,
        )
    recipient = _recipient(args.recipient)

    def issue_with(state: Any) -> dict[str, Any] | str:
        try:
            return issue(  # type: ignore[no-any-return]
                achievement,
                recipient=recipient,
                key=key,
                issuer=issuer,
                valid_from=args.valid_from,
                valid_until=args.valid_until,
                learner_name=args.name,
                grade=args.grade,
                status=state,
                cryptosuite=args.cryptosuite,
                format=args.format,
                typ=args.typ,
            )
        except InvalidDocumentError as exc:
            for problem in exc.problems:
                print(
                    f"microcredential: error: {args.achievement}: issued credential "
                    f"{problem.path or '/'}: {problem.message} [{problem.code}]",
                    file=sys.stderr,
                )
            raise CommandFailed(EXIT_INVALID) from None
        except (ValueError, StatusListFullError) as exc:
            fail(str(exc), EXIT_USAGE)

    if args.status_state:
        load_status_state(args.status_state, args)  # a clear error for a bad state file
        # Allocate under the state file's lock; the index is saved before the credential
        # is written, so it is never handed out twice.
        with edit_state_file(args.status_state) as state:
            credential = issue_with(state)
    else:
        credential = issue_with(None)
    write_output(secured_output(credential), args.output)
    note_interop(credential)
    return EXIT_OK
