"""``issue-cohort``: one signed microcredential per roster row, resumable.

Exit codes: 0 every row has its credential (issued now or already present); 1 some rows were
skipped (listed on stderr and in the manifest) or the achievement / roster is invalid;
2 usage or I/O error (missing key file or roster, bad option); 130 interrupted (run the same command
again to resume).

With ``--check`` nothing is signed or written and no key is needed (given, ``--key`` is
checked to be the issuer's, as a run checks it): 0 every row would be
issued; 1 some rows would be skipped (each listed with its line, code and reason) or the
achievement / roster is invalid; 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from ..errors import InvalidDocumentError, MicrocredentialError
from ..quality import DEFAULT_PROFILES, PROFILES
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    add_cryptosuite,
    add_output_dir,
    add_status_state,
    cli_report,
    fail,
    load_key,
)

if TYPE_CHECKING:
    from ..cohort import CohortReport, RosterCheck, SkippedRow

_BAR_WIDTH = 30
#: Rosters smaller than this get no plain progress lines, only the final one.
_QUIET_BELOW = 50


class ProgressPrinter:
    """A progress bar on a terminal; plain lines (every 10 %) otherwise."""

    def __init__(self, stream: TextIO, *, tty: bool | None = None) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.last_draw = 0.0
        self.last_step = -1

    def __call__(self, event: Any) -> None:
        done, total = event.done, max(event.total, 1)
        rate = (event.issued / event.elapsed) if event.elapsed > 0 else 0.0
        if self.tty:
            now = time.monotonic()
            if done < total and now - self.last_draw < 0.1:
                return
            self.last_draw = now
            filled = int(_BAR_WIDTH * done / total)
            bar = "#" * filled + "." * (_BAR_WIDTH - filled)
            self.stream.write(
                f"\r[{bar}] {done:,}/{event.total:,} {100 * done / total:3.0f}% "
                f"{rate:6.1f}/s skipped {event.skipped:,}"
            )
            if done >= total:
                self.stream.write("\n")
            self.stream.flush()
            return
        step = 10 * done // total
        if step == self.last_step or (total < _QUIET_BELOW and done < total):
            return
        self.last_step = step
        print(
            f"microcredential: {done:,}/{event.total:,} rows ({100 * done // total}%), "
            f"issued {event.issued:,}, present {event.present:,}, skipped {event.skipped:,}, "
            f"{rate:.1f}/s",
            file=self.stream,
            flush=True,
        )


def register(subparsers: Any) -> None:
    """Add the ``issue-cohort`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "issue-cohort",
        help="issue a signed microcredential to every learner on a roster (CSV)",
        description=(
            "Issue a signed microcredential to every learner on a roster (CSV). Each row is "
            "checked against the quality profiles before signing; bad rows are reported with "
            "their line number and skipped. Credentials are written as DIR/<uuid>.json with "
            "DIR/manifest.json; re-running the same command issues nothing twice and "
            "completes an interrupted run. With --check, only say which rows would be skipped "
            "and why: no key needed, nothing written."
        ),
    )
    parser.add_argument(
        "--achievement",
        required=True,
        metavar="FILE",
        help="the achievement: the JSON input format (with credential.issuer) or an Open Badges "
        "Achievement JSON",
    )
    parser.add_argument(
        "--roster",
        required=True,
        metavar="CSV",
        help="the roster: a CSV file with a header row, ',' or ';' separated, in UTF-8 or "
        "Windows-1252 (Excel's 'CSV (gescheiden door lijstscheidingsteken)')",
    )
    parser.add_argument(
        "--key",
        metavar="KEYFILE",
        help="the issuer's key file (from keygen); required unless --check, where it is "
        "optional and checked to be the issuer's (default: none)",
    )
    add_output_dir(
        parser, "the credentials and manifest.json; required unless --check", default="none"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="sign and write nothing: list the rows that would be skipped, with their line, "
        "code and reason (--key and --output-dir are not needed, and ignored; the issuer is "
        "the achievement file's credential.issuer, with its id)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="with --check, print the report as JSON (default: as text)",
    )
    parser.add_argument(
        "--profile",
        dest="profiles",
        action="append",
        choices=PROFILES,
        metavar="NAME",
        help=f"a quality profile to check ({', '.join(PROFILES)}); repeat for more "
        "(default: ob3 and eu)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="the number of signing processes (default: all CPUs; one for rosters under 50 rows)",
    )
    add_status_state(
        parser, "give every new credential an entry in it", default="no status entries"
    )
    add_cryptosuite(parser, "the credentials' proofs")
    parser.add_argument(
        "--format",
        choices=("data-integrity", "jwt"),
        default="data-integrity",
        help="how the credentials are secured: data-integrity, JSON with an embedded proof, or "
        "jwt, one compact VC-JWT per file (<id>.jwt) (default: data-integrity)",
    )
    parser.set_defaults(handler=run)


def _check_roster(roster: str) -> None:
    if roster == "-":
        fail(
            "--roster: reading the roster from standard input is not supported; give the "
            "path of the CSV file",
            EXIT_USAGE,
        )
    path = Path(roster)
    if path.is_dir():
        fail(f"{roster}: is a directory; --roster takes a CSV file", EXIT_USAGE)
    if not path.exists():
        fail(f"{roster}: no such file", EXIT_USAGE)
    if not path.is_file():
        # a FIFO or a device such as /dev/zero could be read for ever
        fail(f"{roster}: not a regular file; --roster takes a CSV file", EXIT_USAGE)
    if not os.access(path, os.R_OK):
        fail(f"{roster}: cannot read: permission denied", EXIT_USAGE)


def _check_out(out: str) -> None:
    path = Path(out)
    if path.exists() and not path.is_dir():
        fail(f"{out}: is a file, not a folder; --output-dir takes a folder", EXIT_USAGE)
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if existing.is_dir() and not os.access(existing, os.W_OK | os.X_OK):
        fail(f"{out}: cannot write to the folder {existing}: permission denied", EXIT_USAGE)
    if existing.exists() and not existing.is_dir():
        fail(f"{out}: cannot create the folder: {existing} is a file", EXIT_USAGE)


def _os_error_message(exc: OSError, args: argparse.Namespace) -> str:
    """Name the file the user gave (or the output folder), never an internal temporary file."""
    reason = exc.strerror or str(exc)
    name = exc.filename
    given = [args.achievement, args.roster, args.key, args.status_state]
    if name is not None and str(name) in [str(g) for g in given if g]:
        return f"{name}: {reason}"
    return f"{args.output_dir}: cannot write to the output folder: {reason}"


def run(args: argparse.Namespace) -> int:
    """Load the inputs, issue the cohort, print skipped rows and the summary."""
    from ..cohort import issue_cohort

    if args.check:
        return _check(args)
    for option, value in (("--key", args.key), ("--output-dir", args.output_dir)):
        if value is None:
            fail(f"{option} is required (unless --check)", EXIT_USAGE)
    if args.json:
        fail("--json goes with --check", EXIT_USAGE)
    if args.workers is not None and args.workers < 1:
        fail("--workers must be at least 1", EXIT_USAGE)
    key = load_key(args.key)
    achievement = _load_achievement(args.achievement)
    _check_roster(args.roster)
    _check_out(args.output_dir)
    printer = ProgressPrinter(sys.stderr)
    try:
        report = issue_cohort(
            achievement,
            args.roster,
            key,
            out_dir=args.output_dir,
            profiles=tuple(args.profiles or DEFAULT_PROFILES),
            cryptosuite=args.cryptosuite,
            format=args.format,
            workers=args.workers,
            status_list=args.status_state,
            progress=printer,
        )
    except KeyboardInterrupt:
        fail(
            f"interrupted; the work done is kept in {args.output_dir} — run the same command again "
            "to resume",
            130,
        )
    except (InvalidDocumentError, OSError, MicrocredentialError, ValueError) as exc:
        _refused(exc, args)
    if printer.tty and report.total == 0:
        sys.stderr.write("\n")
    _notes(args.roster, report)
    for row in report.skipped:
        _print_skipped(args.roster, row, "skipped")
    print(report.summary())
    print(f"manifest: {report.manifest}")
    return EXIT_INVALID if report.skipped else EXIT_OK


def _check(args: argparse.Namespace) -> int:
    """``--check``: the rows a run would skip, without a key and without writing anything."""
    from ..cohort import check_roster

    key = load_key(args.key) if args.key is not None else None
    achievement = _load_achievement(args.achievement)
    _check_roster(args.roster)
    try:
        report = check_roster(
            achievement, args.roster, key=key, profiles=tuple(args.profiles or DEFAULT_PROFILES)
        )
    except (InvalidDocumentError, OSError, MicrocredentialError, ValueError) as exc:
        _refused(exc, args)
    if args.json:
        print(json.dumps(cli_report(report.to_dict()), indent=2, ensure_ascii=False))
    else:
        _notes(args.roster, report)
        for row in report.skipped:
            _print_skipped(args.roster, row, "would be skipped")
        print(report.summary())
    return EXIT_OK if report.ok else EXIT_INVALID


def _load_achievement(path: str) -> dict[str, Any]:
    from ..cohort import load_achievement

    try:
        return load_achievement(path)
    except OSError as exc:
        fail(f"{path}: cannot read: {exc.strerror or exc}", EXIT_USAGE)
    except InvalidDocumentError as exc:
        fail(exc.message, EXIT_INVALID)


def _refused(exc: Exception, args: argparse.Namespace) -> NoReturn:
    """Stop with the one-line error of a run (or check) refused before its rows."""
    if isinstance(exc, InvalidDocumentError):
        fail(exc.message, EXIT_INVALID)
    if isinstance(exc, OSError):
        fail(_os_error_message(exc, args), EXIT_USAGE)
    if isinstance(exc, MicrocredentialError):
        fail(exc.message, EXIT_USAGE)
    fail(f"{args.achievement}: {exc}", EXIT_INVALID)


def _print_skipped(roster: str, row: SkippedRow, verdict: str) -> None:
    print(
        f"microcredential: {roster}:{row.line}: {verdict}: {row.reason} [{row.code}]",
        file=sys.stderr,
    )


def _notes(roster: str, report: CohortReport | RosterCheck) -> None:
    """How the roster was read: its encoding, the name's columns, the columns ignored."""
    if report.roster_encoding != "utf-8":
        print(
            f"microcredential: note: {roster}: read as {report.roster_encoding} (Excel's "
            "'CSV (gescheiden door lijstscheidingsteken)'); 'CSV UTF-8' keeps every character",
            file=sys.stderr,
        )
    parts = [h for h, f in report.columns.items() if f in ("given", "infix", "family")]
    if parts:
        print(
            f"microcredential: note: {roster}: the learner's name is made of the columns "
            f"{', '.join(map(repr, parts))}",
            file=sys.stderr,
        )
    for column in report.ignored_columns:
        print(f"microcredential: note: {roster}: column {column!r} ignored", file=sys.stderr)
