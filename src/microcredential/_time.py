"""Date-time handling: XSD ``dateTimeStamp`` parsing, UTC formatting, injectable "now"."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta

__all__ = ["DEFAULT_MAX_CLOCK_SKEW", "format_datetime", "parse_datetime", "resolve_now", "utc_now"]

#: Clock skew tolerated by default when comparing dates with "now" (as other verifiers do).
DEFAULT_MAX_CLOCK_SKEW = timedelta(seconds=300)

_DATE_TIME = re.compile(
    r"^(?P<year>-?\d{4,})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"T(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?P<fraction>\.\d+)?"
    r"(?P<tz>Z|[+-]\d{2}:\d{2})$"
)


def parse_datetime(text: str) -> datetime:
    """Parse an XSD ``dateTimeStamp`` (a time zone offset is required) into an aware datetime.

    >>> parse_datetime("2025-03-01T12:00:00+01:00").isoformat()
    '2025-03-01T12:00:00+01:00'
    >>> parse_datetime("2025-03-01T12:00:00")
    Traceback (most recent call last):
    ...
    ValueError: '2025-03-01T12:00:00' is not a date-time with a time zone offset, ...
    """
    if type(text) is str and len(text) <= 40:  # longer ones are rare and must not be kept
        return _parse_cached(text)
    return _parse(text)


@functools.lru_cache(maxsize=4096)
def _parse_cached(text: str) -> datetime:
    # datetimes are immutable, and a proof's dates and "now" repeat across a batch
    return _parse(text)


def _parse(text: object) -> datetime:
    match = _DATE_TIME.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f"{text!r} is not a date-time with a time zone offset, such as 2025-03-01T12:00:00Z"
        )
    hour = int(match["hour"])
    end_of_day = hour == 24
    fraction = (match["fraction"] or "")[1:7].ljust(6, "0") if match["fraction"] else "0"
    tz = match["tz"]
    try:
        if tz == "Z":
            zone = UTC
        else:
            sign = 1 if tz[0] == "+" else -1
            offset = timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6]))
            if offset > timedelta(hours=14):
                raise ValueError("offset beyond ±14:00")
            from datetime import timezone

            zone = timezone(sign * offset)
        value = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            0 if end_of_day else hour,
            int(match["minute"]),
            int(match["second"]),
            int(fraction),
            tzinfo=zone,
        )
        if end_of_day:
            if match["minute"] != "00" or match["second"] != "00" or int(fraction):
                raise ValueError("24:00 must be exactly midnight")
            value += timedelta(days=1)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{text!r} is not a valid date-time: {exc}") from None
    return value


def format_datetime(value: datetime) -> str:
    """Format an aware datetime as ``YYYY-MM-DDThh:mm:ssZ`` (UTC, whole seconds)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("naive datetimes are ambiguous; pass a timezone-aware datetime")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> datetime:
    """The current time in UTC, truncated to whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def resolve_now(now: datetime | str | None) -> datetime:
    """``now`` as an aware datetime: the current time when None; strings are parsed."""
    if now is None:
        return utc_now()
    if isinstance(now, str):
        return parse_datetime(now)
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("naive datetimes are ambiguous; pass a timezone-aware datetime")
    return now
