"""``microcredential verify``: verify an Open Badges 3.0 credential completely."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from typing import Any

from .._recipes import Verifier
from ..errors import InvalidDocumentError
from ..fetch import FetchCache, HttpsFetcher
from ..resolve import ChainResolver, StaticResolver
from ..status import STATE_FORMAT, StaticStatusListFetcher
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    add_max_bytes,
    add_time,
    cli_report,
    cli_text,
    fail,
    json_failure,
    load_document,
    load_object,
    not_an_object,
    read_batch_item,
    report_invalid,
)


def add_verifier_options(parser: argparse.ArgumentParser) -> None:
    """The options every verifying command shares."""
    parser.add_argument(
        "--controller",
        action="append",
        default=[],
        metavar="DOCFILE",
        help="the issuer's public controller document, for a non-did:key verification method "
        "(write it with 'keygen --controller-document'); repeatable. A bare Multikey is only "
        "authorised when its controller document is also given. Never pass a key file: "
        "files holding a secret key are refused (default: did:key methods only)",
    )
    parser.add_argument(
        "--status-list",
        action="append",
        default=[],
        metavar="FILE",
        help="a signed status list credential (as the issuer publishes it: JSON, or a "
        "compact VC-JWT) to check credentialStatus against; repeatable (without one, a "
        "credential with a status is 'indeterminate') (default: none)",
    )
    online = parser.add_argument_group(
        "online mode",
        "Fetch what is missing over https: the did:web or https issuer's controller document, "
        "and the status lists not given with --status-list. Only https, only public addresses, "
        "TLS verified, with timeouts and size caps; JSON-LD contexts are never fetched.",
    )
    online.add_argument(
        "--online",
        action="store_true",
        help="fetch the issuer's keys and the status lists (needs the 'online' extra: "
        "pip install 'microcredential[online]') (default: fetch nothing)",
    )
    online.add_argument(
        "--ca-bundle",
        metavar="FILE",
        help="trust the certificate authorities in this PEM file instead of the system's "
        "(default: the system's certificate store)",
    )
    online.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="let HOST (or HOST:PORT) resolve to a private or loopback address, for an "
        "intranet or test server; repeatable (default: none)",
    )
    online.add_argument(
        "--cache-dir",
        metavar="DIR",
        help="keep fetched documents in DIR while they are fresh, for later runs "
        "(default: in memory, for this run only)",
    )
    add_time(parser, "--now", "verify as of T", "the current time")
    parser.add_argument(
        "--max-clock-skew",
        type=int,
        default=300,
        metavar="SECONDS",
        help="the clock difference tolerated in date checks (default: 300)",
    )
    parser.add_argument(
        "--no-schema",
        action="store_true",
        help="do not check the bundled JSON Schema (default: check it)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print a machine-readable report (default: text)"
    )
    parser.set_defaults(json_result="verified")
    add_max_bytes(parser)


_SECRET_MEMBERS = frozenset({"secretKeyMultibase", "privateKeyMultibase", "secretKeyJwk"})


def _holds_secret(value: Any) -> bool:
    """Whether a JSON value contains a secret key member anywhere."""
    if isinstance(value, dict):
        return any(k in _SECRET_MEMBERS or _holds_secret(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_secret(item) for item in value)
    return False


def verifier_options(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments for the verify recipes, from the shared options."""
    resolver = None
    if args.controller:
        documents = [load_object(path, args) for path in args.controller]
        for path, document in zip(args.controller, documents, strict=True):
            if _holds_secret(document):
                fail(
                    f"{path}: this file holds a secret key (secretKeyMultibase, "
                    f"privateKeyMultibase or secretKeyJwk); a verifier must never be given it. "
                    f"Pass the public "
                    f"controller document instead: microcredential keygen --from KEYFILE "
                    f"--controller-document DOCFILE",
                    EXIT_USAGE,
                )
        try:
            resolver = ChainResolver(StaticResolver(documents))
        except InvalidDocumentError as exc:
            fail(f"{', '.join(args.controller)}: {exc.message}", EXIT_USAGE)
    status = None
    if args.status_list:
        lists = [load_readable_credential(path, args) for path in args.status_list]
        for path, document in zip(args.status_list, lists, strict=True):
            if isinstance(document, str):
                continue  # a list published as a VC-JWT: its id is inside the token
            if _has_format(document, STATE_FORMAT):
                fail(
                    f"{path}: this is the issuer's status list state, not the list credential "
                    "verifiers read; the issuer writes that with 'microcredential status "
                    f"--status-state {path} --key KEYFILE -o LIST.json' and publishes it",
                    EXIT_USAGE,
                )
            if not isinstance(document.get("id"), str):
                fail(f"{path}: /id: a status list credential needs an id", EXIT_USAGE)
        try:
            status = StaticStatusListFetcher(lists)
        except ValueError as exc:  # a token whose credential has no id
            fail(f"{', '.join(args.status_list)}: {exc}", EXIT_INVALID)
    if args.max_clock_skew < 0:
        fail("--max-clock-skew must not be negative", EXIT_USAGE)
    return {
        "resolver": resolver,
        "status": status,
        "online": _online(args),
        "now": args.now,
        "max_clock_skew": timedelta(seconds=args.max_clock_skew),
        "schema": not args.no_schema,
    }


def _online(args: argparse.Namespace) -> HttpsFetcher | bool:
    """The fetcher of ``--online`` (with its CA bundle, allowed hosts and cache folder)."""
    if not args.online:
        given = [
            name
            for name, value in (
                ("--ca-bundle", args.ca_bundle),
                ("--allow-host", args.allow_host),
                ("--cache-dir", args.cache_dir),
            )
            if value
        ]
        if given:
            fail(f"{', '.join(given)} only apply with --online", EXIT_USAGE)
        return False
    try:
        cache = FetchCache(args.cache_dir) if args.cache_dir else None
        return HttpsFetcher(ca_bundle=args.ca_bundle, private_hosts=args.allow_host, cache=cache)
    except ModuleNotFoundError as exc:
        fail(str(exc), EXIT_USAGE)
    except (ValueError, OSError) as exc:
        where = "--cache-dir" if isinstance(exc, OSError) else "--ca-bundle"
        fail(f"{where}: {exc}", EXIT_USAGE)


def register(subparsers: Any) -> None:
    """Add the ``verify`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "verify",
        help="verify credentials: structure, proof, issuer, status, dates, endorsements",
        description=(
            "Verify Open Badges 3.0 credentials in the order the specification gives. "
            "Given several files, each is reported and a status list is checked once for "
            "all of them. Each report says what the credential certifies; --recipient also "
            "checks whose it is. Exit status 0 when every credential verified (and belongs to "
            "the --recipient), 1 when one is invalid or indeterminate (or not a credential, or "
            "not the recipient's), 2 on usage or I/O errors."
        ),
    )
    parser.add_argument(
        "file",
        metavar="FILE",
        nargs="+",
        help="a credential (JSON, or a compact VC-JWT), or a PNG or SVG badge image with a "
        "credential baked in ('-' for standard input); several may be given",
    )
    parser.add_argument(
        "--recipient",
        metavar="EMAIL",
        help="also check that each credential was issued to this e-mail address (compared "
        "with its hashed or plain e-mail identifier) (default: not checked)",
    )
    parser.add_argument(
        "--summary",
        action="store_true",
        help="one line per file: the verdict and what it certifies (default: every check)",
    )
    add_verifier_options(parser)
    parser.set_defaults(handler=run, read_images=True)


def run(args: argparse.Namespace) -> int:
    """Verify the credentials and print one report each."""
    paths: list[str] = args.file
    if paths.count("-") > 1:
        fail("standard input ('-') can be read only once; give it once", EXIT_USAGE)
    if args.recipient is not None and "@" not in args.recipient:
        fail(f"--recipient: {args.recipient!r} is not an e-mail address", EXIT_USAGE)
    if len(paths) == 1:
        args.file = paths[0]  # one report, and the credential read first, as always
        secured = load_credential(args.file, args)
        result = Verifier(**verifier_options(args)).verify(secured)
        report, code = _report(args, args.file, carried_credential(secured), result)
        if report is not None:
            print(json.dumps(report, indent=2, ensure_ascii=False))
        return code
    verifier = Verifier(**verifier_options(args))
    reports: list[dict[str, Any]] = []
    codes = []
    manifests = 0
    for path in paths:
        document, error, problems, code = read_batch_item(path, args, jwt=True)
        if isinstance(document, dict) and _is_manifest(document):
            # `verify out/*.json` on an issue-cohort folder: the manifest is not a credential
            manifests += 1
            if args.json:
                reports.append({"file": path, "skipped": True, "reason": _MANIFEST_NOTE})
            else:
                print(f"{path}: skipped: {_MANIFEST_NOTE}")
            continue
        if document is None:
            codes.append(code)
            if args.json:
                reports.append(
                    {
                        "file": path,
                        "verified": False,
                        "error": error,
                        "problems": [p.to_dict() for p in problems],
                    }
                )
            else:  # as for a single file: each problem on its line, else the message
                lines = [f"{path}: {p.path or '/'}: {p.message} [{p.code}]" for p in problems]
                for line in lines or [error]:
                    print(f"microcredential: error: {cli_text(line)}", file=sys.stderr)
            continue
        result = verifier.verify(document)
        report, code = _report(args, path, carried_credential(document), result)
        codes.append(code)
        if report is not None:
            reports.append(report)
    if args.json:
        print(json.dumps(cli_report(reports), indent=2, ensure_ascii=False))
    else:
        skipped = f" ({manifests} cohort manifest{'s' * (manifests > 1)} skipped)"
        print(f"{codes.count(EXIT_OK)} of {len(codes)} files verified{skipped * bool(manifests)}")
    return max(codes, default=EXIT_OK)


_MANIFEST_NOTE = "an issue-cohort manifest, not a credential"


def load_credential(path: str, args: argparse.Namespace) -> dict[str, Any] | str:
    """The credential in ``path``: a JSON object, or a compact VC-JWT (exit 1 otherwise)."""
    try:
        document = load_document(path, args, jwt=True)
    except InvalidDocumentError as exc:
        report_invalid(exc, path, args)
    if not isinstance(document, dict | str):
        message = not_an_object(path)
        json_failure(args, path, message)
        fail(message, EXIT_INVALID)
    return document


def load_readable_credential(path: str, args: argparse.Namespace) -> dict[str, Any] | str:
    """As :func:`load_credential`, and a token that cannot be read as a VC-JWT is invalid
    input (exit 1, naming the file): for the files whose content is needed before anything
    is verified (a status list, whose id is read from its token; a credential to present)."""
    document = load_credential(path, args)
    if isinstance(document, str):
        from ..jwt import decode_jwt_credential

        try:
            decode_jwt_credential(document)
        except InvalidDocumentError as exc:
            report_invalid(exc, path, args)
    return document


def carried_credential(secured: dict[str, Any] | str) -> dict[str, Any]:
    """The credential itself: ``secured``, or the one a compact VC-JWT carries (empty when
    the token cannot be read; its verification says why)."""
    if not isinstance(secured, str):
        return secured
    from ..jwt import decode_jwt_credential

    try:
        return decode_jwt_credential(secured).credential
    except InvalidDocumentError:
        return {}


def _is_manifest(document: dict[str, Any]) -> bool:
    from ..cohort import MANIFEST_FORMAT

    return _has_format(document, MANIFEST_FORMAT)


def _has_format(document: dict[str, Any], known: str) -> bool:
    """Whether ``document`` is one of the package's own files of the kind ``known`` names
    (any version: ``microcredential.cohort-manifest/1`` matches ``.../2`` too)."""
    kind = document.get("format")
    return isinstance(kind, str) and kind.split("/")[0] == known.split("/")[0]


def _report(
    args: argparse.Namespace, path: str, document: dict[str, Any], result: Any
) -> tuple[dict[str, Any] | None, int]:
    """Report one verified credential: its JSON report (``--json``; else the text is printed
    and None returned) and its exit code."""
    verified = result.ok
    matches: bool | None = None
    if args.recipient is not None:
        matches = _recipient_matches(document, args.recipient)
        verified = verified and matches is True
    code = EXIT_OK if verified else EXIT_INVALID
    if args.json:
        report = {"file": path, **cli_report(result.to_dict())}
        if args.recipient is not None:
            report["recipient"] = {"email": args.recipient, "matches": matches}
        return report, code
    header, *checks = cli_text(result.render_text()).splitlines()
    certifies = _certifies(document)
    recipient = _recipient_line(args.recipient, matches)
    if args.summary:
        errors = sorted({p.code for p in result.errors})
        verdict = header.split(":", 1)[0] + (f" ({', '.join(errors)})" if errors else "")
        extra = f"; {recipient}" if recipient else ""
        print(f"{path}: {verdict}: {certifies or 'not an Open Badges credential'}{extra}")
        return None, code
    lines = [f"{path}: {header}"]
    if certifies:  # what a credential that failed says is a claim, not a certificate
        label = "certifies" if result.ok else "claims, not verified"
        lines.append(f"  {label}: {certifies}")
    if recipient:
        lines.append(f"  {recipient}")
    print("\n".join([*lines, *checks]))
    return None, code


def _certifies(document: dict[str, Any]) -> str | None:
    """What the credential says it certifies, in one line (None when it cannot be read)."""
    from ..share import render_line

    try:
        return render_line(document)
    except InvalidDocumentError:
        return None


def _recipient_matches(document: dict[str, Any], email: str) -> bool | None:
    from .._recipient import recipient_matches

    try:
        return recipient_matches(document, email)
    except InvalidDocumentError:
        return None


def _recipient_line(email: str | None, matches: bool | None) -> str:
    if email is None:
        return ""
    if matches is None:
        return (
            f"recipient: NOT CHECKED: the credential names no e-mail address to compare "
            f"{email} with"
        )
    if matches:
        return f"recipient: {email} is the e-mail address the credential was issued to"
    return f"recipient: NOT {email}: the credential was issued to another e-mail address"
