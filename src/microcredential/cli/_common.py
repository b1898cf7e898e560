"""Shared helpers for the sub-commands: reading input, printing, exit codes."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from .._files import write_atomic
from .._json import DEFAULT_MAX_BYTES, read_limited
from ..errors import InvalidDocumentError, MicrocredentialError
from ..problems import Problem

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

Handler = Callable[[argparse.Namespace], int]


class CommandFailed(Exception):
    """Raised by a handler after it has printed its error; carries the exit code."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


#: Library messages that name a Python argument, and what a command-line user does instead.
_PYTHON_ADVICE: tuple[tuple[str, str], ...] = (
    (
        "for an e-mail address pass hashed_email(address)",
        "give --recipient an e-mail address (it is stored as a salted hash)",
    ),
    (
        "(generate_key(..., controller=...))",
        "(create one with 'microcredential keygen --controller ID')",
    ),
    ("; fix 'type' or pass kind= explicitly", "; fix 'type'"),
    (
        "(pass the status list credentials: verify(..., status=[...]), or a Fetcher)",
        "(pass the status list credential with --status-list FILE, or fetch it with --online)",
    ),
    (
        "(pass resolver=StaticResolver([controller_document]))",
        "(pass it with --controller FILE, or fetch it with --online)",
    ),
    ("pass issuer=IssuerInfo(...) or give credential.issuer", "give credential.issuer"),
    ("(no '#fragment'); pass controller=", "(no '#fragment'); pass --controller"),
    ("pass issuer= when the key has no controller", "the key file names no controller"),
    ("pass holder= when the key has no controller", "the key file names no controller"),
)


def cli_text(text: str) -> str:
    """``text`` with advice to Python callers rewritten for command-line users."""
    for python, command_line in _PYTHON_ADVICE:
        if python in text:
            text = text.replace(python, command_line)
    return text


def cli_report(value: Any) -> Any:
    """A JSON report with every string passed through :func:`cli_text`."""
    if isinstance(value, dict):
        return {key: cli_report(item) for key, item in value.items()}
    if isinstance(value, list):
        return [cli_report(item) for item in value]
    return cli_text(value) if isinstance(value, str) else value


def fail(message: str, exit_code: int) -> NoReturn:
    """Print one error line to stderr and stop with ``exit_code``."""
    print(f"microcredential: error: {cli_text(message)}", file=sys.stderr)
    raise CommandFailed(exit_code)


def add_max_bytes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse input files larger than N bytes (default: {DEFAULT_MAX_BYTES:,})",
    )


def add_format(
    parser: argparse.ArgumentParser,
    what: str = "the credential",
    *,
    secured_as: str = "a compact VC-JWT (Open Badges 3.0 section 8.2)",
    typ: str = "JWT",
    typ_help: str = "vc+jwt for VC-JOSE-COSE verifiers (default: JWT, as Open Badges 3.0 asks)",
) -> None:
    """``--format`` and ``--typ``: how an issued or signed credential (``what``) is secured,
    as an embedded proof or as ``secured_as``, whose header's ``typ`` defaults to ``typ``."""
    parser.add_argument(
        "--format",
        choices=("data-integrity", "jwt"),
        default="data-integrity",
        help=f"how {what} is secured: data-integrity, an embedded proof made with "
        f"--cryptosuite, or jwt, {secured_as} written as one line of text "
        "(default: data-integrity)",
    )
    parser.add_argument(
        "--typ",
        default=typ,
        metavar="TYP",
        help=f"the JWT header's typ with --format jwt; {typ_help}",
    )


def secured_output(secured: dict[str, Any] | str) -> str:
    """What is written for an issued or signed credential: its JSON, or the compact JWT."""
    return secured if isinstance(secured, str) else dump_json(secured)


def note_interop(secured: dict[str, Any] | str) -> None:
    """Tell the issuer on standard error when 1EdTech's validator would refuse the result."""
    from ..interop import interop_problems

    for problem in interop_problems(secured, "1edtech"):
        print(f"microcredential: note: {cli_text(problem.message)}", file=sys.stderr)


def json_failure(
    args: argparse.Namespace, path: str, error: str, problems: Sequence[Problem] = ()
) -> None:
    """With ``--json``, print a JSON report for an input that could not be checked at all.

    Only for the commands that report on their FILE (they set ``json_result``, the name of
    the verdict member) and only when ``path`` is that file, so ``| python -m json.tool``
    still gets JSON when the input is unreadable or not JSON.
    """
    verdict = getattr(args, "json_result", None)
    if not getattr(args, "json", False) or verdict is None or path != getattr(args, "file", None):
        return
    report = {
        "file": path,
        verdict: False,
        "error": error,
        "problems": [problem.to_dict() for problem in problems],
    }
    report = cli_report(report)
    print(json.dumps(report, indent=2, ensure_ascii=False))


def unreadable(path: str, exc: OSError) -> str:
    """Why ``path`` could not be read, for an error message."""
    reason = "is a directory" if Path(path).is_dir() else f"cannot read: {exc.strerror or exc}"
    return f"{path}: {reason}"


def read_input(path: str, args: argparse.Namespace, *, jwt: bool = False) -> Any:
    """The JSON value in ``path`` ('-' is standard input), within ``--max-bytes``.

    Raises :class:`OSError` when it cannot be read and :class:`InvalidDocumentError` when
    it is not JSON; prints nothing.  Commands that set ``read_images`` also take a PNG or SVG
    badge image and read the credential baked into it.  With ``jwt=True`` a file (or baked
    image) holding a compact VC-JWT gives the token as a string.
    """
    max_bytes = getattr(args, "max_bytes", DEFAULT_MAX_BYTES)
    # one bounded read, whatever the source: a FIFO or a pipe can be read only once, and a
    # device never ends; what the bytes are is decided on them
    if path == "-":
        source, data = "<stdin>", sys.stdin.buffer.read(max_bytes + 1)
    else:
        source, data = path, read_limited(path, max_bytes=max_bytes)
    if getattr(args, "read_images", False):
        from ..share.baking import image_format
        from ._baked import credential_in_image

        if image_format(data) is not None:
            return credential_in_image(data, source, max_bytes, jwt=jwt)
    return _json_or_jwt(data, source, max_bytes, jwt)


def _json_or_jwt(data: bytes, source: str, max_bytes: int, jwt: bool) -> Any:
    """The JSON value of ``data``, or (when ``jwt``) the compact VC-JWT it holds as a string."""
    from .._json import load_json
    from ..jwt import is_compact_jws

    if jwt and len(data) <= max_bytes and is_compact_jws(data):
        return data.decode("ascii").strip()
    return load_json(data, source=source, max_bytes=max_bytes)


def load_document(path: str, args: argparse.Namespace, *, jwt: bool = False) -> Any:
    """Read a JSON file given on the command line; '-' is standard input.

    An unreadable file (missing, a directory) is an I/O error: exit 2.  Text that is not
    JSON raises :class:`InvalidDocumentError` (invalid input, exit 1).
    """
    try:
        return read_input(path, args, jwt=jwt)
    except OSError as exc:
        json_failure(args, path, unreadable(path, exc))
        fail(unreadable(path, exc), EXIT_USAGE)


def report_invalid(
    exc: InvalidDocumentError, source: str, args: argparse.Namespace | None = None
) -> NoReturn:
    """Print every problem of an invalid document, one line each, and exit 1."""
    named = exc.message if exc.message.startswith(f"{source}:") else f"{source}: {exc.message}"
    if args is not None:
        json_failure(args, source, named, exc.problems)
    if exc.problems:
        for problem in exc.problems:
            where = problem.path or "/"
            print(
                f"microcredential: error: {source}: {where}: {cli_text(problem.message)} "
                f"[{problem.code}]",
                file=sys.stderr,
            )
    else:
        print(f"microcredential: error: {cli_text(named)}", file=sys.stderr)
    raise CommandFailed(EXIT_INVALID)


def write_output(text: str | bytes, output: str | None) -> None:
    """Write to a file (atomically) or to standard output; text gets a final newline."""
    if isinstance(text, str) and not text.endswith("\n"):
        text += "\n"
    if output is None or output == "-":
        if isinstance(text, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(text)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(text)
        return
    try:
        write_atomic(output, text)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}", EXIT_USAGE)


def dump_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def run_handler(args: argparse.Namespace) -> int:
    """Run a sub-command, turning library errors into one-line messages and exit codes."""
    handler: Handler = args.handler
    source = getattr(args, "file", None) or "<input>"
    try:
        return handler(args)
    except InvalidDocumentError as exc:
        report_invalid(exc, source, args)
    except MicrocredentialError as exc:
        # A command without an input file (revoke, issue-cohort) names its files itself.
        named = exc.message if getattr(args, "file", None) is None else f"{source}: {exc.message}"
        fail(named, EXIT_USAGE)
    except KeyboardInterrupt:
        fail("interrupted", 130)


# -- helpers for the issuing and verifying commands -------------------------------------------


#: What a date-time option accepts; every such option's help says it.
TIME_VALUE = (
    "a date-time with a time zone offset, or a date: 2027-01-01 is the start of that day in UTC"
)


def parse_time(text: str) -> str:
    """An argparse ``type=``: a date-time with a time zone offset, kept as written, or a
    date ``YYYY-MM-DD``, written as the first instant of that day in UTC."""
    from .._time import format_datetime, parse_instant

    try:
        moment = parse_instant(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text if "T" in text else format_datetime(moment)


def add_time(parser: argparse.ArgumentParser, flag: str, what: str, default: str) -> None:
    """An option taking a moment (``--now``, ``--valid-from``...), said the same way everywhere."""
    parser.add_argument(
        flag, type=parse_time, metavar="T", help=f"{what}; T is {TIME_VALUE} (default: {default})"
    )


def add_output(
    parser: argparse.ArgumentParser,
    what: str,
    *,
    required: bool = False,
    default: str = "standard output",
    metavar: str = "FILE",
) -> None:
    """``-o/--output FILE``: the one spelling of a command's file output."""
    parser.add_argument(
        "-o",
        "--output",
        required=required,
        metavar=metavar,
        help=f"write {what} to {metavar}" + ("" if required else f" (default: {default})"),
    )


def add_output_dir(
    parser: argparse.ArgumentParser, what: str, *, required: bool = False, default: str = ""
) -> None:
    """``--output-dir DIR``: the one spelling of a command's folder output."""
    parser.add_argument(
        "--output-dir",
        required=required,
        metavar="DIR",
        help=f"write {what} into the folder DIR" + (f" (default: {default})" if default else ""),
    )


def add_cryptosuite(parser: argparse.ArgumentParser, what: str = "the proof") -> None:
    """``--cryptosuite``, with its choices and default."""
    from ..constants import DEFAULT_CRYPTOSUITE
    from ..integrity import SIGNING_SUITES

    parser.add_argument(
        "--cryptosuite",
        choices=SIGNING_SUITES,
        default=None,
        help=f"the Data Integrity cryptosuite of {what} (default: the key's: "
        f"{DEFAULT_CRYPTOSUITE} for Ed25519 keys, ecdsa-rdfc-2019 for P-256 and P-384)",
    )


def add_status_state(
    parser: argparse.ArgumentParser, what: str, *, required: bool = False, default: str = ""
) -> None:
    """``--status-state STATEFILE``: the issuer's status list state file (not the signed list
    credential a verifier reads, which is ``--status-list``)."""
    parser.add_argument(
        "--status-state",
        required=required,
        metavar="STATEFILE",
        help=f"the issuer's status list state file (JSON): {what}"
        + (f" (default: {default})" if default else ""),
    )


def not_an_object(path: str) -> str:
    """The error for a file whose JSON is not an object."""
    return f"{path}: /: expected a JSON object"


def load_object(path: str, args: argparse.Namespace) -> Any:
    """Read a JSON object from ``path``, naming the file in every error.

    Exit 2 when the file cannot be read (missing, a directory), exit 1 when it is not JSON
    or not a JSON object (invalid input), as everywhere in the CLI.
    """
    try:
        document = load_document(path, args)
    except InvalidDocumentError as exc:
        report_invalid(exc, path, args)
    if not isinstance(document, dict):
        message = not_an_object(path)
        json_failure(args, path, message)
        fail(message, EXIT_INVALID)
    return document


def load_key(path: str, option: str = "--key") -> Any:
    """Load a key file of any type, naming the file once (the secret is never shown in errors).

    The file cannot be missing or a directory (exit 2); a file that is not a usable key
    file is invalid input (exit 1).
    """
    from ..keys import load_key as read_key_file

    if path == "-":
        fail(
            f"{option} cannot be read from standard input; give the path of the key file "
            f"(microcredential keygen -o FILE writes one)",
            EXIT_USAGE,
        )
    if Path(path).is_dir():
        fail(f"{path}: is a directory, not a key file", EXIT_USAGE)
    try:
        with open(path, "rb"):
            pass
    except OSError as exc:
        fail(f"{path}: cannot read: {exc.strerror or exc}", EXIT_USAGE)
    try:
        return read_key_file(path)
    except MicrocredentialError as exc:
        reason = exc.message.replace(f"{path}: ", "").removeprefix("not a key file: ")
        if "a public key alone cannot sign" in reason:
            reason = (
                "it holds no secret key (secretKeyMultibase or secretKeyJwk): a public key (or "
                "controller document) cannot "
                f"sign; give {option} the key file written by 'microcredential keygen -o FILE'"
            )
        fail(f"{path}: not a usable key file: {reason}", EXIT_INVALID)


def load_status_state(path: str, args: argparse.Namespace) -> Any:
    """Load an issuer's status list state file (``IssuerStatusList.to_json``)."""
    from ..status import IssuerStatusList

    data = load_object(path, args)
    try:
        return IssuerStatusList.from_json(data)
    except InvalidDocumentError as exc:
        problem = exc.problems[0] if exc.problems else None
        where = (problem.path or "/") if problem else "/"
        fail(f"{path}: {where}: {problem.message if problem else exc.message}", EXIT_INVALID)


def save_status_state(path: str, state: Any) -> None:
    """Write the issuer's status list state atomically."""
    write_output(dump_json(state.to_json()), path)


def read_batch_item(
    path: str, args: argparse.Namespace, *, jwt: bool = False
) -> tuple[dict[str, Any] | str | None, str, Sequence[Problem], int]:
    """One file of several given to a command: the JSON object in it (or, with ``jwt=True``,
    the compact VC-JWT), or why not (a message, the problems, the exit code); prints
    nothing."""
    try:
        document = read_input(path, args, jwt=jwt)
    except OSError as exc:
        return None, unreadable(path, exc), (), EXIT_USAGE
    except InvalidDocumentError as exc:  # its message names the file already
        return None, exc.message, exc.problems, EXIT_INVALID
    if not isinstance(document, dict) and not (jwt and isinstance(document, str)):
        return None, not_an_object(path), (), EXIT_INVALID
    return document, "", (), EXIT_OK
