"""Reading the roster: encoding, delimiter, header names, and the records that follow."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from ..errors import InvalidDocumentError
from ..problems import Problem

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


def roster_error(path: str, message: str, line: int | None = None) -> InvalidDocumentError:
    """The error for a roster that cannot be read at all (not for one bad row)."""
    where = f"line {line}: " if line is not None else ""
    return InvalidDocumentError(
        f"{path}: {where}{message}", problems=[Problem("cohort.roster", where + message)]
    )


def _open_roster(path: Path) -> IO[str]:
    try:
        return path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise roster_error(str(path), f"cannot read: {exc.strerror or exc}") from None


def _sniff_delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass(frozen=True, slots=True)
class Layout:
    """What the header says: the delimiter, which column gives which field, what is ignored,
    and how many records follow."""

    delimiter: str
    columns: dict[int, str]  # column index -> field
    headers: dict[str, str]  # header as written -> field
    ignored: tuple[str, ...]
    rows: int
    width: int


def scan_roster(path: Path) -> Layout:
    """Check the encoding and header and count the records (one streaming pass)."""
    source = str(path)
    with _open_roster(path) as handle:
        try:
            header_line = handle.readline()
            if not header_line.strip():
                raise roster_error(source, "the first line must be the header (column names)", 1)
            delimiter = _sniff_delimiter(header_line)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            header = next(reader)
            rows = sum(1 for record in reader if any(cell.strip() for cell in record))
        except UnicodeDecodeError as exc:
            raise roster_error(
                source,
                f"not UTF-8 (byte {exc.start} of a line); save the roster as 'CSV UTF-8'",
            ) from None
        except csv.Error as exc:
            raise roster_error(source, f"not a CSV file: {exc}") from None
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
            raise roster_error(
                source,
                f"columns {seen[wanted]!r} and {name.strip()!r} both give the {wanted}; "
                "keep one of them",
                1,
            )
        seen[wanted] = name.strip()
        columns[index] = wanted
        headers[name.strip()] = wanted
    if "recipient" not in seen:
        raise roster_error(
            source,
            "no recipient column: name one column 'email' (or 'e-mail', 'did', 'recipient')",
            1,
        )
    return Layout(delimiter, columns, headers, tuple(ignored), rows, len(header))


def iter_records(path: Path, layout: Layout) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, field -> cell) for each non-empty record; a record with more fields than
    the header carries the reason under ``__error__``."""
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
