"""Date-times, in one place: parsing, formatting, "now", and arithmetic that cannot overflow.

Every date-time the library reads goes through :func:`parse_datetime`, which implements the
lexical space of XML Schema 1.1 ``dateTime`` / ``dateTimeStamp`` (the type VC Data Model 2.0
gives ``validFrom``, ``validUntil`` and proof ``created``/``expires``):

* ``-?YYYY-MM-DDThh:mm:ss(.s+)?`` then a time zone: ``Z`` or ``+hh:mm`` / ``-hh:mm`` from
  ``-14:00`` to ``+14:00``; the zone is required unless ``require_offset=False`` is given;
* a year has four digits, or more without a leading zero; seconds are required; the
  fraction may have any number of digits (kept to the microsecond, truncated);
* ``24:00:00`` (optionally ``.0``, ``.00``, ...) is the midnight that ends the day, that is
  the first instant of the next day; no other time has hour 24;
* ``T`` and ``Z`` are upper case; digits are ASCII; no white space.

Python's :class:`~datetime.datetime` holds the years 0001 to 9999, so a value whose instant
falls outside them in UTC is refused with a :class:`ValueError` that says so (the grammar
allows it; the library cannot represent it).

New values are written by :func:`format_datetime` as ``YYYY-MM-DDThh:mm:ssZ``.  Rosters get a
more lenient reader, :func:`parse_roster_date`.  Comparisons with "now" add or subtract a
clock skew with :func:`shifted`, which saturates instead of overflowing.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import UTC, date, datetime, time, timedelta, timezone

__all__ = [
    "DEFAULT_MAX_CLOCK_SKEW",
    "datetime_text",
    "format_datetime",
    "parse_date",
    "parse_datetime",
    "parse_instant",
    "parse_roster_date",
    "resolve_now",
    "shifted",
    "utc_now",
]

#: Clock skew tolerated by default when comparing dates with "now" (as other verifiers do).
DEFAULT_MAX_CLOCK_SKEW = timedelta(seconds=300)

#: The first and the last instant a :class:`~datetime.datetime` can hold, in UTC.
_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)

# The shape only; each field's range is checked below, so that the message can name it.
_DATE_TIME = re.compile(
    r"(?P<year>-?[0-9]{4,})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})(?:\.(?P<fraction>[0-9]+))?"
    r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?"
)
_DATE = re.compile(
    r"(?P<year>-?[0-9]{4,})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?P<zone>Z|[+-][0-9]{2}:[0-9]{2})?"
)
_PLAIN_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ROSTER_DATE = re.compile(
    r"(?P<y1>[0-9]{4})-(?P<m1>[0-9]{1,2})-(?P<d1>[0-9]{1,2})"
    r"|(?P<d2>[0-9]{1,2})(?P<sep>[-/.])(?P<m2>[0-9]{1,2})(?P=sep)(?P<y2>[0-9]{4})"
)
_EXAMPLE = "2025-03-01T12:00:00Z"
_SHOWN = 60  # characters of a refused value quoted in a message


class _Refused(ValueError):
    """A field out of range; the caller adds the text that was given."""


def _shown(text: object) -> str:
    shown = repr(text)
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 4] + "...'"


def parse_datetime(text: str, *, require_offset: bool = True) -> datetime:
    """Parse an XSD ``dateTimeStamp`` into an aware datetime; raise :class:`ValueError` if not one.

    With ``require_offset=False`` the offset may be left out (XSD ``dateTime``), and such a
    value gives a naive datetime.  The offset written is kept (not converted to UTC).

    >>> parse_datetime("2025-03-01T12:00:00+01:00").isoformat()
    '2025-03-01T12:00:00+01:00'
    >>> parse_datetime("2025-02-28T24:00:00Z").isoformat()
    '2025-03-01T00:00:00+00:00'
    >>> parse_datetime("2025-03-01T12:00:00")
    Traceback (most recent call last):
    ...
    ValueError: '2025-03-01T12:00:00' is not a date-time with a time zone offset, ...
    """
    if type(text) is str and len(text) <= 40:  # longer ones are rare and must not be kept
        return _parse_cached(text, require_offset)
    return _parse(text, require_offset)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str, require_offset: bool) -> datetime:
    # datetimes are immutable, and a proof's dates and "now" repeat across a batch
    return _parse(text, require_offset)


def _parse(text: object, require_offset: bool) -> datetime:
    match = _DATE_TIME.fullmatch(text) if isinstance(text, str) else None
    if match is None or (require_offset and match["zone"] is None):
        what = "a date-time with a time zone offset" if require_offset else "a date-time"
        raise ValueError(f"{_shown(text)} is not {what}, such as {_EXAMPLE}")
    try:
        return _datetime_from(match)
    except _Refused as exc:
        raise ValueError(f"{_shown(text)} is not a valid date-time: {exc}") from None


def _datetime_from(match: re.Match[str]) -> datetime:
    day = _date_from(match)
    hour, minute, second = int(match["hour"]), int(match["minute"]), int(match["second"])
    fraction = match["fraction"] or ""
    if hour == 24:
        if minute or second or fraction.strip("0"):
            raise _Refused("hour 24 is allowed only as 24:00:00, the midnight that ends the day")
    elif hour > 23 or minute > 59 or second > 59:
        raise _Refused(f"the time {hour:02d}:{minute:02d}:{second:02d} is out of range")
    micro = int(fraction[:6].ljust(6, "0")) if fraction else 0
    zone = _zone(match["zone"])
    try:  # 24:00:00 on 9999-12-31 overflows here
        value = datetime.combine(day, time(), zone) + timedelta(
            hours=hour, minutes=minute, seconds=second, microseconds=micro
        )
    except OverflowError:
        raise _Refused(_OUT_OF_RANGE) from None
    return _check_in_range(value)


_OUT_OF_RANGE = "only the years 0001 to 9999 (in UTC) can be represented"


def _check_in_range(value: datetime) -> datetime:
    if value.tzinfo is not None and value.year in (1, 9999):
        try:
            value.astimezone(UTC)
        except OverflowError:
            raise _Refused(_OUT_OF_RANGE) from None
    return value


def _date_from(match: re.Match[str]) -> date:
    year_text = match["year"]
    digits = year_text.lstrip("-")
    if len(digits) > 4 and digits.startswith("0"):
        raise _Refused("a year of more than four digits has no leading zero")
    month, day = int(match["month"]), int(match["day"])
    if not 1 <= month <= 12:
        raise _Refused(f"month {match['month']} is out of range (01 to 12)")
    if year_text.startswith("-") or len(digits) > 4 or digits == "0000":
        if not 1 <= day <= 31:
            raise _Refused(f"day {match['day']} is out of range")
        raise _Refused(_OUT_OF_RANGE)
    year = int(digits)
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise _Refused(f"day {match['day']} is out of range for {year:04d}-{month:02d}")
    return date(year, month, day)


def _zone(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text == "Z":
        return UTC
    hours, minutes = int(text[1:3]), int(text[4:6])
    if minutes > 59 or hours > 14 or (hours == 14 and minutes):
        raise _Refused(f"the offset {text} is out of range (-14:00 to +14:00)")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if text[0] == "-" else offset)


def parse_date(text: str) -> date:
    """Parse an XSD ``date`` (``YYYY-MM-DD``, an optional time zone is allowed and ignored).

    >>> parse_date("2001-12-31")
    datetime.date(2001, 12, 31)
    """
    match = _DATE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{_shown(text)} is not a date, such as 2001-12-31")
    try:
        _zone(match["zone"])
        return _date_from(match)
    except _Refused as exc:
        raise ValueError(f"{_shown(text)} is not a valid date: {exc}") from None


def parse_instant(text: str) -> datetime:
    """A moment given by a person: a ``dateTimeStamp`` (see :func:`parse_datetime`), or a
    date ``YYYY-MM-DD``, which means the first instant of that day in UTC.

    >>> parse_instant("2027-01-01").isoformat()
    '2027-01-01T00:00:00+00:00'
    >>> parse_instant("2027-01-01T09:30:00+01:00").isoformat()
    '2027-01-01T09:30:00+01:00'
    """
    if isinstance(text, str) and "T" not in text:
        if _PLAIN_DATE.fullmatch(text) is None:
            raise ValueError(
                f"{_shown(text)} is neither a date (2027-01-01) nor a date-time with a time "
                f"zone offset ({_EXAMPLE})"
            )
        day = parse_date(text)
        return datetime.combine(day, time(), UTC)
    return parse_datetime(text)


def parse_roster_date(text: str) -> datetime:
    """Read a date as people write it in a roster; raise :class:`ValueError` if it is none.

    Accepted: a ``dateTimeStamp`` (see :func:`parse_datetime`), or a calendar date written
    ``YYYY-MM-DD`` or ``DD-MM-YYYY`` (``/`` or ``.`` may separate the day-first form; the
    month and day may have one digit), which means midnight UTC of that day.

    >>> parse_roster_date("1-9-2025").isoformat()
    '2025-09-01T00:00:00+00:00'
    """
    if not isinstance(text, str):
        raise ValueError(f"{_shown(text)} is not a date")
    if "T" in text:
        return parse_datetime(text)
    match = _ROSTER_DATE.fullmatch(text)
    if match is not None:
        year, month, day = (
            (match["y1"], match["m1"], match["d1"])
            if match["y1"]
            else (match["y2"], match["m2"], match["d2"])
        )
        try:
            return datetime(int(year), int(month), int(day), tzinfo=UTC)
        except ValueError:
            pass
    raise ValueError(f"{_shown(text)} is not a date; write YYYY-MM-DD or DD-MM-YYYY")


def format_datetime(value: datetime) -> str:
    """Format an aware datetime as ``YYYY-MM-DDThh:mm:ssZ`` (UTC, whole seconds).

    >>> format_datetime(datetime(2025, 3, 1, 12, 30, 15, 999, tzinfo=UTC))
    '2025-03-01T12:30:15Z'
    """
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetimes are ambiguous; pass a timezone-aware datetime")
    try:
        utc = value.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{value.isoformat()}: {_OUT_OF_RANGE}") from None
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
        f"T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"
    )


def datetime_text(value: datetime | str, what: str = "date-time") -> str:
    """The text to write for ``value``: a string is checked and kept as written, an aware
    datetime is formatted by :func:`format_datetime`.  Errors name ``what``."""
    try:
        if isinstance(value, datetime):
            return format_datetime(value)
        parse_datetime(value)
    except ValueError as exc:
        raise ValueError(f"{what}: {exc}") from None
    return value


def shifted(moment: datetime, delta: timedelta, *, back: bool = False) -> datetime:
    """``moment + delta`` (``moment - delta`` with ``back=True``), or the first or last
    representable instant when the result would leave the years 0001 to 9999.

    Comparisons with "now plus or minus the clock skew" then stay correct for any ``now``
    and any skew instead of raising :class:`OverflowError`.
    """
    try:
        return moment - delta if back else moment + delta
    except OverflowError:
        return _LATEST if (delta < timedelta(0)) == back else _EARLIEST


def utc_now() -> datetime:
    """The current time in UTC, truncated to whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def resolve_now(now: datetime | str | None) -> datetime:
    """``now`` as an aware datetime: the current time when None; strings are parsed."""
    if now is None:
        return utc_now()
    if isinstance(now, str):
        return parse_datetime(now)
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("naive datetimes are ambiguous; pass a timezone-aware datetime")
    return now
