"""Checking one roster row against the achievement: recipient, dates, credits, grade, evidence."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import functools
import math
import operator
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final, TypeVar

from .._grades import FailingGrade, checked_grade, decimal_value, shown
from .._time import format_datetime, parse_roster_date
from ._ids import IRI, normalise_recipient, row_key

#: Control (tab and line breaks excepted) and invisible format characters in a roster cell.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
_EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[A-Za-z0-9-]{2,}$")
_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
#: Distinct grades, credits and pairs of dates a :class:`Checker` remembers the verdict on.
_REMEMBERED: Final = 1024

_K = TypeVar("_K", bound=Hashable)
_V = TypeVar("_V")
_T = TypeVar("_T")


def pickled_as_fields(cls: type[_T]) -> type[_T]:
    """Pickle the instances of a dataclass as its constructor and its fields in order: about a
    third of what the default way costs, for the batches of rows and outcomes that travel
    between the run and its workers. (Apply it above ``@dataclass``.)"""
    values = operator.attrgetter(*(f.name for f in dataclasses.fields(cls)))  # type: ignore[arg-type]

    def reduce(self: _T) -> tuple[type[_T], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Row:
    """One parsed, checked roster row, ready to be built and signed (picklable)."""

    line: int
    key: str
    recipient: str
    is_email: bool
    name: str | None
    grade: str | None
    credits: int | float | None
    start: str | None
    end: str | None
    evidence: str | None
    credential_id: str = ""  # allocated before the row is signed
    file: str = ""
    status_entry: dict[str, Any] | None = None
    #: The id was allocated in this run: no file can be under its name yet.
    fresh: bool = False


class RowError(Exception):
    """A row that gives no credential: a stable ``code``, the ``reason``, the ``field`` (column)
    it is about, if one, and whether the roster as a whole does not fit the achievement
    (``mismatch``: a grade its grading scheme cannot award), rather than this row alone."""

    def __init__(
        self, code: str, reason: str, *, field: str | None = None, mismatch: bool = False
    ) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.field = field
        self.mismatch = mismatch


@dataclass(frozen=True, slots=True)
class _Refusal:
    """A :class:`RowError` remembered, raised anew (a fresh exception) each time it applies."""

    code: str
    reason: str
    field: str | None
    mismatch: bool

    def error(self) -> RowError:
        return RowError(self.code, self.reason, field=self.field, mismatch=self.mismatch)


def _remembered(check: Callable[[_K], _V]) -> Callable[[_K], _V]:
    """``check`` (a function of one cell, or a few, that returns a value or raises
    :class:`RowError`), remembering its verdict on the last distinct values: a roster repeats
    a few grades, credits and dates over thousands of rows."""

    @functools.lru_cache(maxsize=_REMEMBERED)
    def verdict(key: _K) -> _V | _Refusal:
        try:
            return check(key)
        except RowError as exc:
            return _Refusal(exc.code, exc.reason, exc.field, exc.mismatch)

    def remembered(key: _K) -> _V:
        found = verdict(key)
        if isinstance(found, _Refusal):
            raise found.error()
        return found

    return remembered


def _parse_date(text: str, field: str) -> _dt.datetime:
    try:
        return parse_roster_date(text)
    except ValueError as exc:
        raise RowError("cohort.date", f"{field} date: {exc}", field=field) from None


class Checker:
    """Turns raw roster values into :class:`Row` s, using facts of the achievement."""

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
        self._remembered_dates = _remembered(self._check_dates)
        self._remembered_credits = _remembered(self._check_credits)
        self._remembered_grade = _remembered(self._check_grade)

    def row(self, line: int, values: Mapping[str, str]) -> Row:
        """The checked row; :class:`RowError` says why a row gives no credential."""
        if "__error__" in values:
            raise RowError("cohort.fields", values["__error__"])
        for column, cell in values.items():
            if _CONTROL.search(cell):
                raise RowError(
                    "cohort.fields",
                    f"the {column} column holds a control character (such as NUL or ESC); "
                    "remove it in the spreadsheet",
                    field=column,
                )
        recipient, is_email = _recipient(values.get("recipient", ""))
        start, end = self._dates(values)
        credits = self._credits(values["credits"]) if values.get("credits") else None
        grade = self.grade(values["grade"]) if values.get("grade") else None
        evidence = values.get("evidence") or None
        if evidence is not None and not _URL.match(evidence):
            raise RowError(
                "cohort.evidence",
                "the evidence URL must be an absolute http(s) URL",
                field="evidence",
            )
        return Row(
            line=line,
            key=row_key(self.achievement_id, recipient),
            recipient=recipient,
            is_email=is_email,
            name=values.get("name") or None,
            grade=grade,
            credits=credits,
            start=start,
            end=end,
            evidence=evidence,
        )

    def _dates(self, values: Mapping[str, str]) -> tuple[str | None, str | None]:
        """The activity's start and end as written into the credential: in order, and over
        by the date of issuing."""
        return self._remembered_dates((values.get("start") or "", values.get("end") or ""))

    def _check_dates(self, cells: tuple[str, str]) -> tuple[str | None, str | None]:
        start_text, end_text = cells
        start = _parse_date(start_text, "start") if start_text else None
        end = _parse_date(end_text, "end") if end_text else None
        if start and end and start > end:
            raise RowError(
                "cohort.dates",
                f"the end date {end_text} is before the start date",
                field="end",
            )
        if end and end > self.issued_at:
            raise RowError(
                "cohort.dates",
                f"the end date {end_text} is after the date of issuing; issue after the "
                "activity has ended",
                field="end",
            )
        if start and start > self.issued_at:
            raise RowError(
                "cohort.dates", f"the start date {start_text} is in the future", field="start"
            )
        return (
            format_datetime(start) if start else None,
            format_datetime(end) if end else None,
        )

    def _credits(self, text: str) -> int | float:
        """The credits earned: a positive number, at most what the achievement offers."""
        return self._remembered_credits(text)

    def _check_credits(self, text: str) -> int | float:
        number = decimal_value(text)
        if number is None or number <= 0:
            raise RowError(
                "cohort.credits",
                f"credits {shown(text)} is not a positive number (such as 5 or 2,5)",
                field="credits",
            )
        if self.available is not None and number > self.available:
            raise RowError(
                "cohort.credits",
                f"credits {text} exceed the achievement's {self.available} (creditsAvailable)",
                field="credits",
            )
        credits = int(number) if number == number.to_integral_value() else float(number)
        if not credits or not math.isfinite(credits):
            raise RowError(
                "cohort.credits", f"credits {text[:40]!r} is not a usable number", field="credits"
            )
        return credits

    def grade(self, text: str) -> str:
        """The grade as the credential writes it; :class:`RowError` when it cannot be."""
        return self._remembered_grade(text)

    def _check_grade(self, text: str) -> str:
        if self.scheme is None:
            raise RowError(
                "cohort.grade",
                "the row has a grade but the achievement has no grading scheme "
                "(resultDescription); add one or leave the grade column empty",
                field="grade",
                mismatch=True,
            )
        try:
            return checked_grade(self.scheme, text)
        except FailingGrade as exc:  # the learner did not pass: this row only
            raise RowError("cohort.grade", str(exc), field="grade") from None
        except ValueError as exc:
            raise RowError("cohort.grade", str(exc), field="grade", mismatch=True) from None


def _recipient(text: str) -> tuple[str, bool]:
    """The recipient (e-mail addresses normalised) and whether it is an e-mail address."""
    if not text:
        raise RowError(
            "cohort.recipient", "no recipient: give an e-mail address or a DID", field="recipient"
        )
    if IRI.match(text):
        return text, False
    if _EMAIL.match(text):
        return normalise_recipient(text), True
    raise RowError(
        "cohort.recipient",
        "the recipient is neither a valid e-mail address nor a DID / IRI",
        field="recipient",
    )
