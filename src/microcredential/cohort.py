"""Issue a whole cohort's microcredentials from a roster: validated, signed, resumable.

:func:`issue_cohort` reads a CSV roster (one row per learner who passed), turns every row into
an ``OpenBadgeCredential`` for one achievement, checks it against the chosen quality profiles
*before* signing, signs it and writes it as ``DIR/<id>.json``, plus ``DIR/manifest.json`` that
accounts for every row: issued, already present, or skipped with its line number and reason.

Re-running on the same roster issues nothing twice: a row's credential id is a name-based UUID
(``uuid5``) of the achievement id and the normalised recipient, so the same row always maps to
the same file; a file that is present, parses and verifies is kept, a damaged one is re-issued.
Files are written to a temporary file in ``DIR``, flushed to disk and renamed into place, so an
interruption never leaves a half-written credential or manifest.

Large rosters (:data:`PARALLEL_MIN_ROWS` rows or more) are signed on all cores; rows stream
through in chunks, so memory does not grow with the number of credentials.

The roster format (UTF-8 with or without BOM, ``,`` or ``;`` separated, one header line; header
names match case-insensitively, ignoring spaces, ``-`` and ``_``):

============  ===========================================================  ==================
field         header names accepted                                        written as
============  ===========================================================  ==================
recipient     ``recipient``, ``email``, ``e-mail``, ``emailadres``,        hashed e-mail
              ``mail``, ``did``, ``learner``, ``student``                  (``identifier``)
                                                                           or subject ``id``
name          ``name``, ``naam``, ``full name``, ``learner name``,          ``identifier``
              ``student name``, ``volledige naam``                          (type ``name``)
grade         ``grade``, ``cijfer``, ``result``, ``resultaat``             ``result``
credits       ``credits``, ``credits earned``, ``ec``, ``ects``,           ``creditsEarned``
              ``studiepunten``
start         ``start``, ``start date``, ``activity start date``,          ``activityStartDate``
              ``startdatum``, ``begindatum``
end           ``end``, ``end date``, ``activity end date``, ``einddatum``  ``activityEndDate``
evidence      ``evidence``, ``evidence url``, ``bewijs``, ``portfolio``    ``evidence``
============  ===========================================================  ==================

Only ``recipient`` is required; other columns are ignored (and listed in the report).
"""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import csv
import dataclasses
import datetime as _dt
import hashlib
import json
import math
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, Final, Literal

from ._json import load_json, read_json
from ._time import format_datetime, parse_datetime, parse_roster_date, resolve_now
from .errors import InvalidDocumentError, MicrocredentialError, SigningError
from .integrity import add_proof, verify_proofs
from .keys import Ed25519Key
from .problems import Problem
from .quality import (
    BuildInput,
    EmailRecipient,
    IssuerInfo,
    MicrocredentialProfile,
    build_achievement,
    build_credential,
    parse_input,
    validate,
)
from .resolve import DidKeyResolver, StaticResolver
from .status import IssuerStatusList, edit_state_file

__all__ = [
    "MANIFEST_NAME",
    "PARALLEL_MIN_ROWS",
    "CohortEntry",
    "CohortProgress",
    "CohortReport",
    "SkippedRow",
    "credential_id_for",
    "issue_cohort",
    "load_achievement",
    "safe_file_name",
]

#: The manifest written into the output folder.
MANIFEST_NAME: Final = "manifest.json"
MANIFEST_FORMAT: Final = "microcredential.cohort-manifest/1"
#: Rosters with at least this many rows are signed in a process pool (when workers > 1).
PARALLEL_MIN_ROWS: Final = 50
#: The namespace of the name-based credential ids (a fixed, random UUID of this library).
COHORT_NAMESPACE: Final = uuid.UUID("5f0c2f9e-3b8d-5a57-9d4e-6c1b7e2a4d10")
_TMP_PREFIX: Final = ".mc-tmp-"
_LOCK_NAME: Final = ".issue-cohort.lock"
_MANIFEST_EVERY: Final = 2.0  # seconds between manifest checkpoints

Status = Literal["issued", "present"]

# -- roster columns ----------------------------------------------------------------------------

_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "recipient": (
        "recipient", "email", "e-mail", "emailaddress", "e-mail address", "emailadres",
        "e-mailadres", "mail", "did", "learner", "student", "recipient id",
    ),
    "name": (
        "name", "naam", "full name", "fullname", "learner name", "student name",
        "volledige naam",
    ),
    "grade": ("grade", "cijfer", "result", "resultaat", "score"),
    "credits": (
        "credits", "credits earned", "creditsearned", "ec", "ects", "studiepunten",
    ),
    "start": (
        "start", "start date", "startdate", "activity start", "activity start date",
        "activitystartdate", "startdatum", "begindatum",
    ),
    "end": (
        "end", "end date", "enddate", "activity end", "activity end date", "activityenddate",
        "einddatum",
    ),
    "evidence": ("evidence", "evidence url", "evidenceurl", "bewijs", "portfolio"),
}  # fmt: skip


def _norm_header(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lower())


_HEADER_FIELDS: Final = {
    _norm_header(a): name for name, aliases in _ALIASES.items() for a in aliases
}

#: Control (tab and line breaks excepted) and invisible format characters in a roster cell.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[A-Za-z0-9-]{2,}$")
_IRI = re.compile(r"^(did:[a-z0-9]+:\S+|urn:[A-Za-z0-9][A-Za-z0-9-]*:\S+|https?://\S+)$")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")


# -- public records ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A roster row that produced no credential: its line number, a stable code and why."""

    line: int
    code: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "status": "skipped", "code": self.code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class CohortEntry:
    """A roster row with a credential: ``issued`` now or already ``present`` from a run before."""

    line: int
    status: Status
    credential_id: str
    file: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "status": self.status,
            "credential": self.credential_id,
            "file": self.file,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class CohortProgress:
    """Passed to the ``progress`` callback after every row."""

    done: int
    total: int
    issued: int
    present: int
    skipped: int
    elapsed: float


@dataclass(frozen=True)
class CohortReport:
    """What :func:`issue_cohort` did. ``entries`` and ``skipped`` are in roster order."""

    out_dir: Path
    manifest: Path
    total: int
    entries: tuple[CohortEntry, ...]
    skipped: tuple[SkippedRow, ...]
    seconds: float
    workers: int
    columns: Mapping[str, str] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()

    @property
    def issued(self) -> int:
        """Credentials signed and written in this run."""
        return sum(1 for e in self.entries if e.status == "issued")

    @property
    def present(self) -> int:
        """Credentials found intact from an earlier run (not issued again)."""
        return sum(1 for e in self.entries if e.status == "present")

    @property
    def complete(self) -> bool:
        """Every roster row is accounted for."""
        return len(self.entries) + len(self.skipped) == self.total

    @property
    def per_second(self) -> float:
        """Credentials issued per second of wall-clock time."""
        return self.issued / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """One line: issued, already present, skipped, time and rate."""
        return (
            f"{self.total:,} rows: issued {self.issued:,}, already present {self.present:,}, "
            f"skipped {len(self.skipped):,} in {self.seconds:.1f} s "
            f"({self.per_second:.1f} credentials/s, {self.workers} worker"
            f"{'' if self.workers == 1 else 's'})"
        )


# -- ids and file names ------------------------------------------------------------------------


def _normalise_recipient(value: str) -> str:
    text = unicodedata.normalize("NFC", value.strip())
    return text.lower() if "@" in text and not _IRI.match(text) else text


def credential_id_for(achievement_id: str, recipient: str) -> str:
    """The stable credential id of ``recipient``'s credential for ``achievement_id``.

    A ``urn:uuid:`` name-based UUID (version 5) of the achievement id and the normalised
    recipient (e-mail addresses lower-cased), so a re-run maps the same row to the same id.

    >>> credential_id_for("https://hs.example/mc/1", "Jan@Example.NL") == credential_id_for(
    ...     "https://hs.example/mc/1", " jan@example.nl")
    True
    """
    name = f"{achievement_id}\n{_normalise_recipient(recipient)}"
    return f"urn:uuid:{uuid.uuid5(COHORT_NAMESPACE, name)}"


def safe_file_name(credential_id: str) -> str:
    """A portable file name for a credential id: the UUID for ``urn:uuid:``, else a slug + hash.

    >>> safe_file_name("urn:uuid:0b9a4c1e-6f0e-4d43-9a39-5b1f4c7e2d10")
    '0b9a4c1e-6f0e-4d43-9a39-5b1f4c7e2d10.json'
    >>> safe_file_name("https://hs.example/c/1")[:22]
    'https_hs.example_c_1-1'
    """
    if credential_id.startswith("urn:uuid:"):
        with contextlib.suppress(ValueError):
            return f"{uuid.UUID(credential_id[9:])}.json"
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", credential_id).strip("._")[:80] or "credential"
    digest = hashlib.sha256(credential_id.encode("utf-8")).hexdigest()[:12]
    return f"{slug}-{digest}.json"


# -- the achievement ---------------------------------------------------------------------------


def _issuer_from(data: Mapping[str, Any], key: Ed25519Key) -> IssuerInfo | None:
    issuer = data.get("issuer")
    if not isinstance(issuer, Mapping):
        return None
    return IssuerInfo(
        id=issuer.get("id") or key.controller,
        name=issuer.get("name"),  # type: ignore[arg-type]  # IssuerInfo checks the type
        country_code=issuer.get("countryCode"),  # type: ignore[arg-type]
        region=issuer.get("region"),
        url=issuer.get("url"),
        brin=issuer.get("brin"),
    )


def load_achievement(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an achievement file: an ``Achievement`` JSON or the plain input format.

    Raises :class:`~microcredential.InvalidDocumentError` naming the file.
    """
    data = read_json(path)
    if not isinstance(data, dict):
        raise InvalidDocumentError.from_problems(
            [Problem("cohort.achievement", "the achievement file must hold a JSON object")],
            source=str(path),
        )
    return data


def _resolve_achievement(
    source: MicrocredentialProfile | BuildInput | Mapping[str, Any],
    key: Ed25519Key,
    achievement_id: str | None,
    issuer: IssuerInfo | None,
) -> tuple[dict[str, Any], IssuerInfo]:
    found_issuer: IssuerInfo | None = None
    if isinstance(source, MicrocredentialProfile):
        if achievement_id is None:
            raise ValueError("achievement_id is required with a MicrocredentialProfile")
        achievement = build_achievement(source, id=achievement_id)
    elif isinstance(source, BuildInput):
        achievement = build_achievement(source.profile, id=source.id, encoding=source.encoding)
        found_issuer = source.facts.issuer if source.facts is not None else None
    elif isinstance(source, Mapping):
        types = source.get("type")
        types = [types] if isinstance(types, str) else types
        if isinstance(types, list) and "Achievement" in types:
            achievement = json.loads(json.dumps(source))
        else:
            data = dict(source)
            credential = data.pop("credential", None)
            if isinstance(credential, Mapping):
                found_issuer = _issuer_from(credential, key)
            spec = parse_input(data)
            achievement = build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)
    else:
        raise TypeError(
            "achievement_or_profile must be a MicrocredentialProfile, a BuildInput or a mapping"
        )
    chosen = issuer or found_issuer
    if chosen is None:
        raise ValueError(
            "no issuer: pass issuer=IssuerInfo(...) or give credential.issuer "
            "(name, countryCode) in the achievement file"
        )
    if chosen.id != key.controller:
        raise SigningError(
            f"the issuer is {chosen.id!r} but the signing key belongs to {key.controller!r}; "
            "sign with a key whose controller is the issuer (Ed25519Key(..., controller=...))"
        )
    if not isinstance(achievement.get("id"), str):
        raise ValueError("the achievement has no id")
    return achievement, chosen


# -- reading the roster ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Row:
    """One parsed, checked roster row, ready to be built and signed (picklable)."""

    line: int
    credential_id: str
    file: str
    recipient: str
    is_email: bool
    name: str | None
    grade: str | None
    credits: int | float | None
    start: str | None
    end: str | None
    evidence: str | None
    status_entry: dict[str, Any] | None = None


class _RowError(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _roster_error(path: str, message: str, line: int | None = None) -> InvalidDocumentError:
    where = f"line {line}: " if line is not None else ""
    return InvalidDocumentError(
        f"{path}: {where}{message}", problems=[Problem("cohort.roster", where + message)]
    )


def _open_roster(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise _roster_error(str(path), f"cannot read: {exc.strerror or exc}") from None


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True, slots=True)
class _Layout:
    delimiter: str
    columns: dict[int, str]  # column index -> field
    headers: dict[str, str]  # header as written -> field
    ignored: tuple[str, ...]
    rows: int
    width: int


def _scan_roster(path: Path) -> _Layout:
    """Check the encoding and header and count the records (one streaming pass)."""
    source = str(path)
    with _open_roster(path) as handle:
        try:
            header_line = handle.readline()
            if not header_line.strip():
                raise _roster_error(source, "the first line must be the header (column names)", 1)
            delimiter = _sniff_delimiter(header_line)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            header = next(reader)
            rows = sum(1 for record in reader if any(cell.strip() for cell in record))
        except UnicodeDecodeError as exc:
            raise _roster_error(
                source,
                f"not UTF-8 (byte {exc.start} of a line); save the roster as 'CSV UTF-8'",
            ) from None
        except csv.Error as exc:
            raise _roster_error(source, f"not a CSV file: {exc}") from None
    columns: dict[int, str] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    seen: dict[str, str] = {}
    for index, name in enumerate(header):
        wanted = _HEADER_FIELDS.get(_norm_header(name))
        if wanted is None:
            if name.strip():
                ignored.append(name.strip())
            continue
        if wanted in seen:
            raise _roster_error(
                source,
                f"columns {seen[wanted]!r} and {name.strip()!r} both give the {wanted}; "
                "keep one of them",
                1,
            )
        seen[wanted] = name.strip()
        columns[index] = wanted
        headers[name.strip()] = wanted
    if "recipient" not in seen:
        raise _roster_error(
            source,
            "no recipient column: name one column 'email' (or 'e-mail', 'did', 'recipient')",
            1,
        )
    return _Layout(delimiter, columns, headers, tuple(ignored), rows, len(header))


def _iter_records(path: Path, layout: _Layout) -> Iterator[tuple[int, dict[str, str]]]:
    with _open_roster(path) as handle:
        reader = csv.reader(handle, delimiter=layout.delimiter)
        next(reader)
        last = reader.line_num
        for record in reader:
            line = last + 1
            last = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            values = dict.fromkeys(layout.columns.values(), "")
            if len(record) > layout.width and any(c.strip() for c in record[layout.width :]):
                values["__error__"] = (
                    f"the row has {len(record)} fields but the header {layout.width}; put "
                    f"values that contain {layout.delimiter!r} in double quotes"
                )
            for index, cell in enumerate(record):
                wanted = layout.columns.get(index)
                if wanted is not None:
                    values[wanted] = cell.strip()
            yield line, values


def _parse_date(text: str, what: str) -> _dt.datetime:
    try:
        return parse_roster_date(text)
    except ValueError as exc:
        raise _RowError("cohort.date", f"{what}: {exc}") from None


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.replace(",", ".")) if text else None
    except InvalidOperation:
        return None
    return value if value is not None and value.is_finite() else None


class _Checker:
    """Turns raw roster values into :class:`_Row` s, using facts of the achievement."""

    def __init__(self, achievement: Mapping[str, Any], issued_at: _dt.datetime) -> None:
        self.achievement_id: str = achievement["id"]
        available = achievement.get("creditsAvailable", achievement.get("ECTS"))
        self.available = (
            Decimal(str(available))
            if isinstance(available, int | float) and not isinstance(available, bool)
            else None
        )
        descriptions = achievement.get("resultDescription")
        self.scheme: Mapping[str, Any] | None = (
            descriptions[0]
            if isinstance(descriptions, list)
            and descriptions
            and isinstance(descriptions[0], Mapping)
            else None
        )
        self.issued_at = issued_at

    def row(self, line: int, values: Mapping[str, str]) -> _Row:
        if "__error__" in values:
            raise _RowError("cohort.fields", values["__error__"])
        for column, cell in values.items():
            if _CONTROL.search(cell):
                raise _RowError(
                    "cohort.fields",
                    f"the {column} column holds a control character (such as NUL or ESC); "
                    "remove it in the spreadsheet",
                )
        recipient = values.get("recipient", "")
        if not recipient:
            raise _RowError("cohort.recipient", "no recipient: give an e-mail address or a DID")
        if _IRI.match(recipient):
            is_email = False
        elif _EMAIL.match(recipient):
            is_email = True
            recipient = _normalise_recipient(recipient)
        else:
            raise _RowError(
                "cohort.recipient",
                "the recipient is neither a valid e-mail address nor a DID / IRI",
            )
        start = end = None
        if values.get("start"):
            start = _parse_date(values["start"], "start date")
        if values.get("end"):
            end = _parse_date(values["end"], "end date")
        if start and end and start > end:
            raise _RowError(
                "cohort.dates", f"the end date {values['end']} is before the start date"
            )
        if end and end > self.issued_at:
            raise _RowError(
                "cohort.dates",
                f"the end date {values['end']} is after the date of issuing; issue after the "
                "activity has ended",
            )
        if start and start > self.issued_at:
            raise _RowError("cohort.dates", f"the start date {values['start']} is in the future")
        credits: int | float | None = None
        if values.get("credits"):
            number = _decimal(values["credits"])
            if number is None or number <= 0:
                raise _RowError(
                    "cohort.credits", f"credits {values['credits']!r} is not a positive number"
                )
            if self.available is not None and number > self.available:
                raise _RowError(
                    "cohort.credits",
                    f"credits {values['credits']} exceed the achievement's "
                    f"{self.available} (creditsAvailable)",
                )
            credits = int(number) if number == number.to_integral_value() else float(number)
            if not credits or not math.isfinite(credits):
                raise _RowError(
                    "cohort.credits", f"credits {values['credits'][:40]!r} is not a usable number"
                )
        grade = self._grade(values.get("grade", "")) if values.get("grade") else None
        evidence = values.get("evidence") or None
        if evidence is not None and not _URL.match(evidence):
            raise _RowError("cohort.evidence", "the evidence URL must be an absolute http(s) URL")
        credential_id = credential_id_for(self.achievement_id, recipient)
        return _Row(
            line=line,
            credential_id=credential_id,
            file=safe_file_name(credential_id),
            recipient=recipient,
            is_email=is_email,
            name=values.get("name") or None,
            grade=grade,
            credits=credits,
            start=format_datetime(start) if start else None,
            end=format_datetime(end) if end else None,
            evidence=evidence,
        )

    def _grade(self, text: str) -> str:
        scheme = self.scheme
        if scheme is None:
            raise _RowError(
                "cohort.grade",
                "the row has a grade but the achievement has no grading scheme "
                "(resultDescription); add one or leave the grade column empty",
            )
        allowed = scheme.get("allowedValue")
        if isinstance(allowed, list) and allowed:
            if text not in allowed:
                raise _RowError(
                    "cohort.grade",
                    f"grade {text!r} is not one of {', '.join(map(str, allowed))}",
                )
            return text
        low = _decimal(str(scheme.get("valueMin", "")))
        high = _decimal(str(scheme.get("valueMax", "")))
        if low is None and high is None:
            return text
        value = _decimal(text)
        if value is None:
            raise _RowError("cohort.grade", f"grade {text!r} is not a number")
        if (low is not None and value < low) or (high is not None and value > high):
            raise _RowError(
                "cohort.grade",
                f"grade {text} is outside the scheme "
                f"{scheme.get('valueMin')}..{scheme.get('valueMax')}",
            )
        required = _decimal(str(scheme.get("requiredValue", "")))
        if required is not None and value < required:
            raise _RowError(
                "cohort.grade",
                f"grade {text} is below the pass mark {scheme.get('requiredValue')}; the roster "
                "should list only participants who passed",
            )
        return text.replace(",", ".")


# -- building, signing, writing (in the parent or in a worker process) -------------------------


@dataclass(frozen=True, slots=True)
class _Settings:
    """Everything a worker needs, except the key (passed separately as a secret)."""

    achievement: dict[str, Any]
    issuer: IssuerInfo
    profiles: tuple[str, ...]
    cryptosuite: str
    now: str
    out_dir: str
    durable: bool = True


@dataclass(frozen=True, slots=True)
class _Outcome:
    line: int
    status: Literal["issued", "present", "skipped"]
    credential_id: str
    file: str
    sha256: str = ""
    code: str = ""
    reason: str = ""


class _Issuer:
    def __init__(self, settings: _Settings, key: Ed25519Key) -> None:
        self.settings = settings
        self.key = key
        self.now = parse_datetime(settings.now)
        self.out_dir = Path(settings.out_dir)
        self.resolver: Any = (
            DidKeyResolver()
            if key.controller == key.did
            else StaticResolver([key.controller_document()])
        )

    def intact(self, path: Path, credential_id: str) -> str | None:
        """The SHA-256 of an existing credential file that parses and verifies, else None."""
        if path.is_symlink() or not path.is_file():
            return None  # only a regular file of our own counts; anything else is replaced
        try:
            data = path.read_bytes()
            document = load_json(data, source=str(path))
        except (OSError, InvalidDocumentError):
            return None
        if not isinstance(document, dict) or document.get("id") != credential_id:
            return None
        proof = document.get("proof")
        if not isinstance(proof, dict) or proof.get("verificationMethod") != self.key.id:
            return None  # signed with another key (or a proof set): issue it anew
        try:
            if not verify_proofs(document, resolver=self.resolver, now=self.now).verified:
                return None
        except (MicrocredentialError, ValueError, TypeError):
            return None
        return hashlib.sha256(data).hexdigest()

    def process_batch(self, rows: Sequence[_Row]) -> list[_Outcome]:
        """Process rows, then make their files durable with one sync (a group commit).

        Each credential is written to a temporary file; once the whole batch is written the
        data are flushed to disk together (``os.sync``) and only then renamed into place, so
        a file under its final name is always complete — the guarantee one fsync per file
        gives, at a fraction of the cost.
        """
        outcomes: list[_Outcome] = []
        staged: list[tuple[str, Path]] = []
        try:
            for row in rows:
                outcome, tmp = self._process(row, stage=True)
                outcomes.append(outcome)
                if tmp is not None:
                    staged.append((tmp, self.out_dir / row.file))
            if staged and self.settings.durable:
                _sync_all([tmp for tmp, _ in staged])
            for position, (tmp, final) in enumerate(staged):
                try:
                    os.replace(tmp, final)
                except OSError as exc:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                    index = next(i for i, o in enumerate(outcomes) if o.file == final.name)
                    done = outcomes[index]
                    outcomes[index] = _Outcome(
                        done.line,
                        "skipped",
                        done.credential_id,
                        done.file,
                        code="cohort.write",
                        reason=f"cannot write {final.name}: {exc.strerror or exc}",
                    )
                staged[position] = ("", final)
            staged = []
        finally:
            for tmp, _ in staged:  # interrupted: never leave half a batch behind
                if tmp:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
        return outcomes

    def process(self, row: _Row) -> _Outcome:
        """Issue one row, writing its credential file atomically."""
        return self._process(row, stage=False)[0]

    def _process(self, row: _Row, stage: bool) -> tuple[_Outcome, str | None]:
        path = self.out_dir / row.file
        if path.exists():
            sha = self.intact(path, row.credential_id)
            if sha is not None:
                return _Outcome(row.line, "present", row.credential_id, row.file, sha), None
        try:
            credential = self.build(row)
            report = validate(credential, profiles=self.settings.profiles, now=self.now)
            if not report.ok:
                first = report.errors[0]
                more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
                return _Outcome(
                    row.line,
                    "skipped",
                    row.credential_id,
                    row.file,
                    code=first.code,
                    reason=f"quality rule {first.rule}: {first.describe()}{more}",
                ), None
            signed = add_proof(
                credential, self.key, cryptosuite=self.settings.cryptosuite, created=self.now
            )
        except (MicrocredentialError, ValueError) as exc:
            return _Outcome(
                row.line,
                "skipped",
                row.credential_id,
                row.file,
                code="cohort.build",
                reason=f"cannot build or sign the credential: {exc}",
            ), None
        # One line: the C encoder (indent= falls back to the pure-Python one, 5x slower).
        data = (json.dumps(signed, ensure_ascii=False) + "\n").encode("utf-8")
        outcome = _Outcome(
            row.line, "issued", row.credential_id, row.file, hashlib.sha256(data).hexdigest()
        )
        if stage:
            return outcome, _write_temporary(path, data)
        _write_atomic(path, data, durable=self.settings.durable)
        return outcome, None

    def build(self, row: _Row) -> dict[str, Any]:
        s = self.settings
        credential = build_credential(
            s.achievement,
            recipient=EmailRecipient(row.recipient) if row.is_email else row.recipient,
            issuer=s.issuer,
            valid_from=self.now,
            id=row.credential_id,
            learner_name=row.name,
            grade=row.grade,
        )
        subject = credential["credentialSubject"]
        if row.credits is not None:
            subject["creditsEarned"] = row.credits
        if row.start is not None:
            subject["activityStartDate"] = row.start
        if row.end is not None:
            subject["activityEndDate"] = row.end
        if row.evidence is not None:
            credential["evidence"] = [{"id": row.evidence, "type": ["Evidence"]}]
        if row.status_entry is not None:
            credential["credentialStatus"] = dict(row.status_entry)
        return credential


def _write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` to a temporary file beside ``path``, fsync it, then rename it into place."""
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _write_temporary(path: Path, data: bytes) -> str:
    """Write ``data`` to a new temporary file beside ``path``; return its name."""
    fd, tmp = tempfile.mkstemp(prefix=_TMP_PREFIX, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _sync_all(files: Sequence[str]) -> None:
    """Flush the data of ``files`` to disk: one ``os.sync`` where there is one."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for name in files:  # pragma: no cover - platforms without sync(2)
        fd = os.open(name, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


_WORKER: _Issuer | None = None


def _init_worker(settings: _Settings, secret: str, key_id: str, controller: str) -> None:
    """Process-pool initializer: rebuild the key from its secret multibase (never printed)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    key = Ed25519Key.from_multibase(secret, id=key_id, controller=controller)
    _WORKER = _Issuer(settings, key)


def _work_chunk(rows: Sequence[_Row]) -> list[_Outcome]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.process_batch(rows)


# -- the manifest and the run ------------------------------------------------------------------


def _read_previous(out_dir: Path) -> dict[str, str]:
    """credential id -> SHA-256 recorded by an earlier run's manifest (empty if unreadable)."""
    try:
        data = read_json(out_dir / MANIFEST_NAME)
    except (OSError, InvalidDocumentError):
        return {}
    rows = data.get("rows") if isinstance(data, dict) else None
    known: dict[str, str] = {}
    for row in rows if isinstance(rows, list) else []:
        if (
            isinstance(row, dict)
            and isinstance(row.get("credential"), str)
            and isinstance(row.get("sha256"), str)
        ):
            known[row["credential"]] = row["sha256"]
    return known


def _sha_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    flags = os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(out_dir / _LOCK_NAME, flags, 0o600)
    except OSError as exc:
        raise MicrocredentialError(
            f"{out_dir}: cannot create the lock file {_LOCK_NAME} ({exc.strerror or exc}); "
            "it must be a regular file, not a link"
        ) from None
    with os.fdopen(descriptor, "w") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise MicrocredentialError(
                f"{out_dir}: another issue-cohort run is writing to this folder; wait for it"
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def _remove_leftovers(out_dir: Path) -> None:
    for leftover in out_dir.glob(f"{_TMP_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


StatusListArg = IssuerStatusList | str | os.PathLike[str] | None


def issue_cohort(
    achievement_or_profile: MicrocredentialProfile | BuildInput | Mapping[str, Any],
    roster: str | os.PathLike[str],
    key: Ed25519Key,
    *,
    out_dir: str | os.PathLike[str],
    issuer: IssuerInfo | None = None,
    achievement_id: str | None = None,
    profiles: Sequence[str] = ("ob3", "eu"),
    cryptosuite: str = "eddsa-rdfc-2022",
    workers: int | None = None,
    status_list: StatusListArg = None,
    now: _dt.datetime | str | None = None,
    progress: Callable[[CohortProgress], None] | None = None,
    chunk_size: int | None = None,
    durable: bool = True,
) -> CohortReport:
    """Issue one signed credential per roster row into ``out_dir``; see the module docs.

    ``achievement_or_profile`` is an ``Achievement`` JSON object, the plain input format (whose
    optional ``credential.issuer`` gives the issuer), a :class:`BuildInput`, or a
    :class:`MicrocredentialProfile` together with ``achievement_id``. ``issuer`` must be the
    controller of ``key``. ``workers`` defaults to the number of CPUs (one for rosters under
    :data:`PARALLEL_MIN_ROWS` rows). ``status_list`` (an :class:`IssuerStatusList`, updated in
    place, or the path of its JSON state file, saved after every allocation) adds a
    ``credentialStatus`` entry to every new credential. ``now`` fixes the date of issuing.
    ``progress`` is called after every row; an exception it raises stops the run cleanly
    (the manifest records what was done, and a re-run resumes). ``chunk_size`` is the number
    of rows sent to a worker at a time; its credentials are flushed to disk together (one
    ``os.sync``) before they are renamed into place. ``durable=False`` skips flushing
    (faster on slow disks; after a power loss a re-run still finds and re-issues any file
    that did not reach the disk, since every file is checked).

    Raises :class:`~microcredential.InvalidDocumentError` for an unreadable roster or a bad
    header, :class:`~microcredential.SigningError` for a key that is not the issuer's, and
    :class:`ValueError` for an achievement that fails its quality profiles; row problems
    never raise: they are reported in :attr:`CohortReport.skipped`.
    """
    started = time.perf_counter()
    moment = resolve_now(now)
    if not isinstance(key, Ed25519Key):
        raise TypeError("key must be an Ed25519Key")
    achievement, chosen_issuer = _resolve_achievement(
        achievement_or_profile, key, achievement_id, issuer
    )
    probe = build_credential(
        achievement, recipient="did:example:probe", issuer=chosen_issuer, valid_from=moment
    )
    probe_report = validate(probe, profiles=tuple(profiles), now=moment)
    if not probe_report.ok:  # fails for every row alike: stop before reading the roster
        problems = "; ".join(f.describe() for f in probe_report.errors[:5])
        raise ValueError(f"the achievement or issuer fails the quality profiles: {problems}")
    roster_path = Path(roster)
    layout = _scan_roster(roster_path)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)

    state_path: Path | None = None
    state: IssuerStatusList | None
    if status_list is None or isinstance(status_list, IssuerStatusList):
        state = status_list
    else:
        state_path = Path(status_list)
        state = IssuerStatusList.from_json(read_json(state_path))

    settings = _Settings(
        achievement=achievement,
        issuer=chosen_issuer,
        profiles=tuple(profiles),
        cryptosuite=cryptosuite,
        now=format_datetime(moment),
        out_dir=str(out),
        durable=durable,
    )
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 1:
        raise ValueError("workers must be at least 1")
    if layout.rows < PARALLEL_MIN_ROWS:
        count = 1
    size = chunk_size or max(4, min(64, layout.rows // (count * 8) or 1))

    entries: dict[int, CohortEntry] = {}
    skipped: dict[int, SkippedRow] = {}
    tally = {"issued": 0, "present": 0, "skipped": 0}

    def report_of() -> CohortReport:
        return CohortReport(
            out_dir=out,
            manifest=out / MANIFEST_NAME,
            total=layout.rows,
            entries=tuple(entries[k] for k in sorted(entries)),
            skipped=tuple(skipped[k] for k in sorted(skipped)),
            seconds=time.perf_counter() - started,
            workers=count,
            columns=dict(layout.headers),
            ignored_columns=layout.ignored,
        )

    def note(line: int, result: CohortEntry | SkippedRow) -> None:
        if isinstance(result, SkippedRow):
            skipped[line] = result
            tally["skipped"] += 1
        else:
            entries[line] = result
            tally[result.status] += 1
        if progress is not None:
            progress(
                CohortProgress(
                    done=len(entries) + len(skipped),
                    total=layout.rows,
                    issued=tally["issued"],
                    present=tally["present"],
                    skipped=tally["skipped"],
                    elapsed=time.perf_counter() - started,
                )
            )

    def record(outcome: _Outcome) -> None:
        if outcome.status == "skipped":
            note(outcome.line, SkippedRow(outcome.line, outcome.code, outcome.reason))
        else:
            note(
                outcome.line,
                CohortEntry(
                    outcome.line,
                    outcome.status,
                    outcome.credential_id,
                    outcome.file,
                    outcome.sha256,
                ),
            )

    last_checkpoint = [time.monotonic()]

    manifest_lines: dict[int, str] = {}

    def checkpoint(force: bool = False) -> None:
        if force or time.monotonic() - last_checkpoint[0] >= _MANIFEST_EVERY:
            if durable:
                _fsync_dir(out)
            _write_manifest(
                out,
                report_of(),
                achievement,
                chosen_issuer,
                roster_path,
                settings,
                durable,
                manifest_lines,
            )
            last_checkpoint[0] = time.monotonic()

    with _locked(out):
        _remove_leftovers(out)
        previous = _read_previous(out)
        checker = _Checker(achievement, moment)
        # The manifest only says which file to look at; a file is "present" when it verifies.
        inspector = _Issuer(settings, key)
        seen: dict[str, int] = {}

        def chunks() -> Iterator[list[_Row]]:
            """Parse rows, account for bad / duplicate / unchanged ones, yield the rest."""
            batch: list[_Row] = []
            for line, values in _iter_records(roster_path, layout):
                try:
                    row = checker.row(line, values)
                except _RowError as exc:
                    note(line, SkippedRow(line, exc.code, exc.reason))
                    continue
                if row.credential_id in seen:
                    note(
                        line,
                        SkippedRow(
                            line,
                            "cohort.duplicate",
                            f"the same recipient as line {seen[row.credential_id]}: one "
                            "credential per learner per achievement",
                        ),
                    )
                    continue
                seen[row.credential_id] = line
                known = previous.get(row.credential_id)
                if known is not None and _sha_of(out / row.file) == known:
                    sha = inspector.intact(out / row.file, row.credential_id)
                    if sha is not None:
                        note(line, CohortEntry(line, "present", row.credential_id, row.file, sha))
                        continue
                batch.append(row)
                if len(batch) >= size:
                    yield _allocate(batch, state, state_path)
                    batch = []
            if batch:
                yield _allocate(batch, state, state_path)

        try:
            if count == 1:
                worker = _Issuer(settings, key)
                for batch in chunks():
                    for outcome in worker.process_batch(batch):
                        record(outcome)
                    checkpoint()
            else:
                _run_pool(settings, key, count, chunks(), record, checkpoint)
        finally:
            checkpoint(force=True)
    return report_of()


def _allocate(
    batch: list[_Row], state: IssuerStatusList | None, state_path: Path | None
) -> list[_Row]:
    if state is None:
        return batch
    if state_path is None:
        return [
            dataclasses.replace(row, status_entry=state.entry(state.allocate())) for row in batch
        ]
    # A state file is shared with `revoke` and other runs: allocate under its lock, from what
    # is on disk now, and save before any credential names these indexes.
    with edit_state_file(state_path) as current:
        return [
            dataclasses.replace(row, status_entry=current.entry(current.allocate()))
            for row in batch
        ]


def _run_pool(
    settings: _Settings,
    key: Ed25519Key,
    count: int,
    batches: Iterator[list[_Row]],
    record: Callable[[_Outcome], None],
    checkpoint: Callable[[], None],
) -> None:
    methods = multiprocessing.get_all_start_methods()
    # fork is fastest; from 3.12 forking a process that may run threads is deprecated
    if "fork" in methods and sys.version_info < (3, 12):
        method = "fork"
    else:
        method = "forkserver" if "forkserver" in methods else "spawn"
    executor = futures.ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(settings, key.secret_key_multibase(), key.id, key.controller),
    )
    pending: set[futures.Future[list[_Outcome]]] = set()
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < count * 2:
                batch = next(batches, None)
                if batch is None:
                    exhausted = True
                    break
                pending.add(executor.submit(_work_chunk, batch))
            if not pending:
                break
            done, pending = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
            for future in done:
                for outcome in future.result():
                    record(outcome)
            checkpoint()
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _manifest_line(record: CohortEntry | SkippedRow, cache: dict[int, str]) -> str:
    line = cache.get(record.line)
    if line is None:
        line = cache[record.line] = "    " + json.dumps(record.to_dict(), ensure_ascii=False)
    return line


def _write_manifest(
    out: Path,
    report: CohortReport,
    achievement: Mapping[str, Any],
    issuer: IssuerInfo,
    roster: Path,
    settings: _Settings,
    durable: bool,
    lines: dict[int, str],
) -> None:
    records: list[CohortEntry | SkippedRow] = [*report.entries, *report.skipped]
    records.sort(key=lambda record: record.line)
    manifest = {
        "format": MANIFEST_FORMAT,
        "achievement": achievement["id"],
        "issuer": issuer.id,
        "roster": roster.name,
        "issuedAt": settings.now,
        "cryptosuite": settings.cryptosuite,
        "profiles": list(settings.profiles),
        "complete": report.complete,
        "summary": {
            "rows": report.total,
            "issued": report.issued,
            "present": report.present,
            "skipped": len(report.skipped),
            "pending": report.total - len(records),
            "seconds": round(report.seconds, 3),
        },
        "columns": dict(report.columns),
        "ignoredColumns": list(report.ignored_columns),
        "rows": [],
    }
    # One row per line: readable, and the C JSON encoder (indent= would use the slow one).
    # Rows do not change once recorded, so each is serialized once per run (``lines``).
    rows_text = ",\n".join(_manifest_line(record, lines) for record in records)
    head = json.dumps(manifest, indent=2, ensure_ascii=False)
    assert head.endswith('"rows": []\n}')
    text = head[: -len("[]\n}")] + ("[\n" + rows_text + "\n  ]\n}\n" if records else "[]\n}\n")
    _write_atomic(out / MANIFEST_NAME, text.encode("utf-8"), durable=durable)
