"""Date-times: the parser against the XSD 1.1 grammar, the formatter, saturating arithmetic."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from microcredential._time import (
    datetime_text,
    format_datetime,
    parse_date,
    parse_datetime,
    parse_roster_date,
    resolve_now,
    shifted,
)

# The lexical space of XSD 1.1 dateTime, written from Part 2 (section 3.3.8): year, month and
# day; a time of day with seconds, or 24:00:00 with an all-zero fraction; an optional time
# zone of at most 14 hours.  dateTimeStamp is the same with the time zone required.
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
_MONTH_DAY = r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_TIME = r"T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?|24:00:00(\.0+)?)"
_ZONE = r"(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))"
XSD_DATE_TIME = re.compile(_YEAR + _MONTH_DAY + _TIME + _ZONE + "?")
XSD_DATE_TIME_STAMP = re.compile(_YEAR + _MONTH_DAY + _TIME + _ZONE)
XSD_DATE = re.compile(_YEAR + _MONTH_DAY + _ZONE + "?")


def expected_value(text: str, grammar: re.Pattern[str]) -> datetime | None:
    """What ``text`` means, or None when the library must refuse it.

    The grammar decides the lexical form; CPython's calendar decides the day-of-month rule
    and which years a datetime can hold (0001 to 9999, also after conversion to UTC)."""
    if grammar.fullmatch(text) is None:
        return None
    end_of_day = "T24:" in text
    iso = re.sub(r"T24:00:00(\.0+)?", "T00:00:00", text) if end_of_day else text
    try:
        value = datetime.fromisoformat(iso)
        if end_of_day:
            value += timedelta(days=1)
        if value.tzinfo is not None:
            value.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return value


def _two(low: int, high: int) -> st.SearchStrategy[str]:
    return st.integers(low, high).map(lambda n: f"{n:02d}")


_NOISE = st.text(alphabet="0123456789-:+.TZtz ", max_size=6)
_YEARS = st.one_of(
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.sampled_from(["0000", "-0001", "-2025", "10000", "02025", "999"]),
    st.just("\uff12\uff10\uff12\uff15"),  # full-width digits
    st.text(alphabet="0123456789-", min_size=1, max_size=6),
)
_FRACTIONS = st.one_of(
    st.just(""),
    st.text(alphabet="0123456789", min_size=1, max_size=9).map(lambda f: "." + f),
    st.sampled_from([".", ".0", ".000", ".0001"]),
)
_ZONES = st.one_of(
    st.sampled_from(["", "Z", "z", "+00:00", "-00:00", "+14:00", "-14:00", "+14:01", "+1400"]),
    st.builds(lambda s, h, m: f"{s}{h}:{m}", st.sampled_from("+-"), _two(0, 15), _two(0, 60)),
)


@st.composite
def date_time_like(draw: st.DrawFn) -> str:
    """Strings that follow the shape of a date-time, with every field sometimes out of range
    or malformed, and sometimes a character changed."""
    parts = [
        draw(_YEARS),
        draw(st.sampled_from(["-", "-", "-", "/"])),
        draw(st.one_of(_two(0, 13), _NOISE)),
        "-",
        draw(st.one_of(_two(0, 32), _NOISE)),
        draw(st.sampled_from(["T", "T", "T", "t", " "])),
        draw(st.one_of(_two(0, 25), st.just("24"), _NOISE)),
        ":",
        draw(st.one_of(_two(0, 61), st.just("00"))),
        draw(st.sampled_from([":", ":", ":", ""])),
        draw(st.one_of(_two(0, 61), st.just("00"), st.just(""))),
        draw(_FRACTIONS),
        draw(_ZONES),
    ]
    text = "".join(parts)
    if text and draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(text) - 1))
        other = draw(st.sampled_from(["", "0", "9", "-", ":", "\u0663"]))
        text = text[:at] + other + text[at + 1 :]
    return text


@given(st.one_of(date_time_like(), st.text(alphabet="0123456789-:+.TZ", max_size=30)))
@example("2025-03-01T12:00+01:00")  # no seconds
@example("2025-03-01T24:00:00Z")
@example("2025-03-01T24:00:00.000Z")
@example("2025-03-01T24:00:00.001Z")
@example("2025-03-01T12:00:00+15:00")
@example("2025-03-01T12:00:00+14:00")
@example("2024-02-29T00:00:00Z")
@example("2023-02-29T00:00:00Z")
@example("0001-01-01T00:00:00+14:00")
@example("9999-12-31T24:00:00Z")
@example("9999-12-31T23:00:00-01:00")
@example("\uff12\uff10\uff12\uff15-03-01T12:00:00Z")  # full-width digits
@example("2025-03-01T12:00:00.1234567890123Z")
def test_the_parser_accepts_exactly_the_xsd_date_time_stamps(text: str) -> None:
    expected = expected_value(text, XSD_DATE_TIME_STAMP)
    if expected is None:
        with pytest.raises(ValueError, match="is not a"):
            parse_datetime(text)
    else:
        parsed = parse_datetime(text)
        assert parsed == expected
        assert parsed.utcoffset() == expected.utcoffset()


@given(st.one_of(date_time_like(), st.text(alphabet="0123456789-:+.TZ", max_size=30)))
@example("2024-01-08T09:00:00")
@example("2024-01-08T24:00:00")
def test_without_a_required_offset_the_parser_follows_xsd_date_time(text: str) -> None:
    expected = expected_value(text, XSD_DATE_TIME)
    if expected is None:
        with pytest.raises(ValueError, match="is not a"):
            parse_datetime(text, require_offset=False)
    else:
        parsed = parse_datetime(text, require_offset=False)
        assert parsed == expected
        assert (parsed.tzinfo is None) == (expected.tzinfo is None)


@given(
    st.one_of(
        st.builds(lambda y, m, d, z: f"{y}-{m}-{d}{z}", _YEARS, _two(0, 13), _two(0, 32), _ZONES),
        st.text(alphabet="0123456789-+:Z", max_size=14),
    )
)
@example("2001-12-31")
@example("2001-02-29")
def test_the_date_parser_follows_xsd_date(text: str) -> None:
    match = XSD_DATE.fullmatch(text)
    try:
        expected = date.fromisoformat(text[: match.start(4)] if match and match[4] else text)
    except ValueError:
        expected = None
    if match is None or expected is None:
        with pytest.raises(ValueError, match="is not a"):
            parse_date(text)
    else:
        assert parse_date(text) == expected


_OFFSETS = st.timedeltas(min_value=timedelta(hours=-14), max_value=timedelta(hours=14)).map(
    lambda d: timezone(timedelta(minutes=d // timedelta(minutes=1)))
)


@given(st.datetimes(timezones=_OFFSETS))
def test_formatted_values_are_date_time_stamps_that_parse_back(moment: datetime) -> None:
    try:
        moment.astimezone(UTC)
    except OverflowError:
        with pytest.raises(ValueError, match="0001 to 9999"):
            format_datetime(moment)
        return
    text = format_datetime(moment)
    assert re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z", text)
    assert XSD_DATE_TIME_STAMP.fullmatch(text)
    assert parse_datetime(text) == moment.replace(microsecond=0)


def test_early_years_are_written_with_four_digits() -> None:
    assert format_datetime(datetime(1, 1, 1, tzinfo=UTC)) == "0001-01-01T00:00:00Z"
    assert format_datetime(datetime(999, 5, 6, 7, 8, 9, tzinfo=UTC)) == "0999-05-06T07:08:09Z"


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_datetime(datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="naive"):
        resolve_now(datetime(2025, 1, 1))


def test_texts_are_kept_as_written_and_datetimes_formatted() -> None:
    assert datetime_text("2025-03-01T12:00:00.5+01:00") == "2025-03-01T12:00:00.5+01:00"
    assert datetime_text(datetime(2025, 3, 1, tzinfo=UTC)) == "2025-03-01T00:00:00Z"
    with pytest.raises(ValueError, match=r"^validFrom: '2025-03-01' is not a date-time"):
        datetime_text("2025-03-01", "validFrom")


def test_a_long_refused_value_is_shortened_in_the_message() -> None:
    with pytest.raises(ValueError, match="is not a") as info:
        parse_datetime("2025-01-01T00:00:00" + "9" * 10_000)
    assert len(str(info.value)) < 200


_MIDDLE = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "delta", "back", "expected"),
    [
        (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), timedelta(seconds=300), False, datetime.max),
        (datetime(1, 1, 1, 0, 1, tzinfo=UTC), timedelta(seconds=300), True, datetime.min),
        (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), timedelta(seconds=-300), True, datetime.max),
        (_MIDDLE, timedelta.max, False, datetime.max),
        (_MIDDLE, timedelta.max, True, datetime.min),
        (_MIDDLE, timedelta.min, False, datetime.min),
        (_MIDDLE, timedelta.min, True, datetime.max),
        (_MIDDLE, timedelta(days=1), False, datetime(2026, 1, 2)),
        (_MIDDLE, timedelta(days=1), True, datetime(2025, 12, 31)),
    ],
)
def test_shifting_saturates_at_the_ends_of_the_calendar(
    moment: datetime, delta: timedelta, back: bool, expected: datetime
) -> None:
    assert shifted(moment, delta, back=back) == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-01", datetime(2025, 9, 1, tzinfo=UTC)),
        ("2025-9-1", datetime(2025, 9, 1, tzinfo=UTC)),
        ("01-09-2025", datetime(2025, 9, 1, tzinfo=UTC)),
        ("1/9/2025", datetime(2025, 9, 1, tzinfo=UTC)),
        ("1.9.2025", datetime(2025, 9, 1, tzinfo=UTC)),
        ("2025-09-01T10:00:00+02:00", datetime(2025, 9, 1, 8, tzinfo=UTC)),
    ],
)
def test_roster_dates_are_read_leniently(text: str, expected: datetime) -> None:
    assert parse_roster_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+14:00",
        "2025-13-45",
        "tomorrow",
        "1-9/2025",
        "2025-09-01T10:00",
        "\u0662\u0660\u0662\u0665-09-01",  # Arabic-Indic digits
        "",
    ],
)
def test_roster_dates_that_are_not_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a"):
        parse_roster_date(text)


def test_parse_instant_reads_a_date_as_the_start_of_that_day_in_utc() -> None:
    from microcredential._time import parse_instant

    assert parse_instant("2027-01-01") == datetime(2027, 1, 1, tzinfo=UTC)
    moment = parse_instant("2027-01-01T09:00:00+01:00")
    assert moment.utcoffset() == timedelta(hours=1)
    for text in ("2027-1-1", "2027-01-01Z", "01-01-2027", "2027-02-30", "2027-01-01T09:00:00"):
        with pytest.raises(ValueError, match="2027"):
            parse_instant(text)
