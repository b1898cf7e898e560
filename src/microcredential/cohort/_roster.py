"""Reading the roster: encoding, delimiter, header names, and the records that follow.

A roster is UTF-8 (with or without a byte order mark), or Windows-1252: what Excel on a Dutch
(or other Western European) Windows writes as "CSV (gescheiden door lijstscheidingsteken)".
The encoding is decided from the whole file before anything is read: a file in which some
lines are UTF-8 and others are not, or that is neither, is refused with the line to look at.
The learner's name is one column, or is made from a first name, a name prefix
(*tussenvoegsel*) and a last name, as student information systems export them.
"""

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
    "given": (
        "first name", "firstname", "given name", "givenname", "voornaam", "roepnaam",
    ),
    "infix": ("tussenvoegsel", "tussenvoegsels", "name prefix", "infix", "voorvoegsel"),
    "family": (
        "last name", "lastname", "family name", "familyname", "surname", "achternaam",
    ),
}  # fmt: skip
#: The columns a name is made of, in the order they are written, when there is no name column.
NAME_PARTS: Final = ("given", "infix", "family")
#: Excel's "CSV (gescheiden door lijstscheidingsteken)" on a Western European Windows.
WINDOWS_1252: Final = "cp1252"


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


def _open_roster(path: Path, encoding: str = "utf-8-sig") -> IO[str]:
    try:
        return path.open(encoding=encoding, newline="")
    except OSError as exc:
        raise roster_error(str(path), f"cannot read: {exc.strerror or exc}") from None


def detect_encoding(path: Path) -> str:
    """``"utf-8-sig"`` or :data:`WINDOWS_1252`, from every line of the file (one pass over
    its bytes); :class:`~microcredential.InvalidDocumentError` naming the line otherwise."""
    source = str(path)
    first_bad = first_utf8 = None
    try:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                if line.isascii():
                    continue
                try:
                    line.decode("utf-8")
                except UnicodeDecodeError:
                    first_bad = first_bad or number
                else:
                    first_utf8 = first_utf8 or number
                if first_bad and first_utf8:
                    raise roster_error(
                        source,
                        f"not one encoding: line {first_utf8} is UTF-8 but line {first_bad} "
                        "is not; save the roster again as 'CSV UTF-8'",
                        first_bad,
                    )
            if first_bad is None:
                return "utf-8-sig"
            handle.seek(0)
            for number, line in enumerate(handle, 1):
                try:
                    line.decode(WINDOWS_1252)
                except UnicodeDecodeError:
                    raise roster_error(
                        source,
                        "neither UTF-8 nor Windows-1252 (what Excel saves as 'CSV (gescheiden "
                        "door lijstscheidingsteken)'); save the roster as 'CSV UTF-8'",
                        number,
                    ) from None
    except OSError as exc:
        raise roster_error(source, f"cannot read: {exc.strerror or exc}") from None
    return WINDOWS_1252


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
    encoding: str = "utf-8-sig"
    filled: frozenset[str] = frozenset()  # the fields some record gives a value

    def header_of(self, field: str) -> str:
        """The column header, as written, that gives ``field``."""
        return next(header for header, name in self.headers.items() if name == field)

    def column_of(self, field: str) -> int | None:
        """The column (counted from 1, as a spreadsheet or editor does) that gives ``field``."""
        return next((index + 1 for index, name in self.columns.items() if name == field), None)


def scan_roster(path: Path) -> Layout:
    """Check the encoding and header and count the records (one streaming pass after the
    encoding is known); a roster without records is refused."""
    source = str(path)
    encoding = detect_encoding(path)
    with _open_roster(path, encoding) as handle:
        try:
            header_line = handle.readline()
            if not header_line.strip():
                raise roster_error(source, "the first line must be the header (column names)", 1)
            delimiter = _sniff_delimiter(header_line)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            header = next(reader)
            columns, headers, ignored = _columns(source, header)
            rows = 0
            filled: set[str] = set()
            for record in reader:
                if any(cell.strip() for cell in record):
                    rows += 1
                    filled.update(
                        field
                        for index, field in columns.items()
                        if index < len(record) and record[index].strip()
                    )
        except UnicodeDecodeError as exc:  # pragma: no cover - detect_encoding read it all
            raise roster_error(source, f"cannot be decoded as {encoding}: {exc.reason}") from None
        except csv.Error as exc:
            raise roster_error(source, f"not a CSV file: {exc}") from None
    if not rows:
        raise roster_error(
            source,
            "the roster has a header but no rows under it: nothing to issue; add one row per "
            "learner",
            2,
        )
    return Layout(
        delimiter, columns, headers, ignored, rows, len(header), encoding, frozenset(filled)
    )


def _columns(
    source: str, header: list[str]
) -> tuple[dict[int, str], dict[str, str], tuple[str, ...]]:
    """Which column gives which field, the headers as written, and the columns ignored."""
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
                f"columns {seen[wanted]!r} and {name.strip()!r} both give the "
                f"{_FIELD_NAMES.get(wanted, wanted)}; keep one of them",
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
    if "name" in seen:  # a full name wins over its parts
        for index, field in list(columns.items()):
            if field in NAME_PARTS:
                del columns[index], headers[seen[field]]
                ignored.append(seen[field])
    return columns, headers, tuple(ignored)


_FIELD_NAMES: Final = {
    "given": "first name",
    "infix": "name prefix (tussenvoegsel)",
    "family": "last name",
}


def iter_records(path: Path, layout: Layout) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, field -> cell) for each non-empty record; a record with more fields than
    the header carries the reason under ``__error__``."""
    parts = [field for field in NAME_PARTS if field in layout.columns.values()]
    with _open_roster(path, layout.encoding) as handle:
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
            if parts:
                values["name"] = " ".join(values[p] for p in parts if values[p])
            yield line, values
