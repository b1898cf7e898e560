"""Values keep their JSON form: numbers, strings, nulls, shapes, dates, extensions."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential import strategies as mcst
from microcredential.errors import InvalidDocumentError
from microcredential.models import (
    Date,
    DateTime,
    DateTimeStamp,
    OpenBadgeCredential,
    parse_credential,
)

# Generating a credential takes ~100 draws: cap the examples to keep the suite fast.
FEW = settings(max_examples=min(settings().max_examples, 50))


@pytest.fixture
def badge() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2d0f3a3e-7a0c-4c1a-9f51-0e8a1f4c2b10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "https://example.org/issuers/1",
        "validFrom": "2024-05-01T12:00:00+02:00",
        "credentialSubject": {
            "type": "AchievementSubject",
            "achievement": {
                "id": "https://example.org/achievements/1",
                "type": "Achievement",
                "name": "Data Analysis",
                "description": "Analyse a data set and present the findings.",
                "criteria": {"narrative": "Pass the final assessment."},
            },
        },
    }


def _achievement(document: dict[str, Any]) -> dict[str, Any]:
    achievement: dict[str, Any] = document["credentialSubject"]["achievement"]
    return achievement


@pytest.mark.parametrize("credits", [5, 5.0, 0, 7.5, 10**20, 1e-7])
def test_numbers_keep_their_json_type(badge: dict[str, Any], credits: float) -> None:
    _achievement(badge)["creditsAvailable"] = credits
    out = parse_credential(badge).to_json()
    value = _achievement(out)["creditsAvailable"]
    assert value == credits
    assert type(value) is type(credits)


@pytest.mark.parametrize("bad", ["5", True, None, [5], float("nan"), float("inf")])
def test_numbers_are_not_coerced(badge: dict[str, Any], bad: Any) -> None:
    _achievement(badge)["creditsAvailable"] = bad
    if bad is None:  # null is a JSON value the document may carry explicitly
        assert parse_credential(badge).to_json() == badge
        return
    with pytest.raises(InvalidDocumentError) as info:
        parse_credential(badge)
    assert info.value.problems[0].path == "/credentialSubject/achievement/creditsAvailable"


def test_strings_that_look_like_numbers_stay_strings(badge: dict[str, Any]) -> None:
    _achievement(badge)["version"] = "2.0"
    _achievement(badge)["humanCode"] = "0042"
    out = parse_credential(badge).to_json()
    assert _achievement(out)["version"] == "2.0"
    assert _achievement(out)["humanCode"] == "0042"


def test_numbers_are_not_accepted_as_strings(badge: dict[str, Any]) -> None:
    _achievement(badge)["version"] = 2
    with pytest.raises(InvalidDocumentError, match="must be a string"):
        parse_credential(badge)


@pytest.mark.parametrize(
    ("key", "value"),
    [("tag", "python"), ("tag", ["python"]), ("tag", []), ("alignment", [])],
)
def test_single_values_and_arrays_keep_their_shape(
    badge: dict[str, Any], key: str, value: Any
) -> None:
    _achievement(badge)[key] = value
    assert _achievement(parse_credential(badge).to_json())[key] == value


def test_nulls_are_kept(badge: dict[str, Any]) -> None:
    badge["description"] = None
    _achievement(badge)["image"] = None
    assert parse_credential(badge).to_json() == badge


def test_unknown_properties_are_kept_at_every_level(badge: dict[str, Any]) -> None:
    badge["ext:top"] = {"nested": [1, 2.5, None, {"x": "y"}]}
    badge["credentialSubject"]["ext:subject"] = True
    _achievement(badge)["ext:achievement"] = [1]
    _achievement(badge)["criteria"]["ext:criteria"] = "c"
    badge["issuer"] = {"id": "https://example.org/i", "type": "Profile", "ext:issuer": 1}
    credential = parse_credential(badge)
    assert credential.to_json() == badge
    assert credential.extensions == {"ext:top": badge["ext:top"]}
    assert credential.credential_subject.achievement.extensions == {"ext:achievement": [1]}


def test_snake_case_member_names_are_refused(badge: dict[str, Any]) -> None:
    # Not a term of any context (JSON-LD would drop it), and it would shadow the attribute.
    badge["issuer"] = {"id": "https://example.org/i", "type": "Profile", "given_name": "Ada"}
    _achievement(badge)["credits_available"] = 5
    with pytest.raises(InvalidDocumentError) as info:
        parse_credential(badge)
    problems = {p.path: p for p in info.value.problems}
    assert set(problems) == {
        "/issuer/given_name",
        "/credentialSubject/achievement/credits_available",
    }
    assert "'givenName'" in problems["/issuer/given_name"].message
    assert problems["/issuer/given_name"].code == "model.unknown-property"
    del badge["issuer"]["given_name"], _achievement(badge)["credits_available"]
    badge["valid_until"] = "2030-01-01T00:00:00Z"
    with pytest.raises(InvalidDocumentError, match="/valid_until: 'valid_until' is not"):
        parse_credential(badge)


def test_python_names_work_when_building_models(badge: dict[str, Any]) -> None:
    pythonic = dict(badge)
    pythonic["valid_from"] = pythonic.pop("validFrom")
    pythonic["credential_subject"] = pythonic.pop("credentialSubject")
    built = OpenBadgeCredential.model_validate(pythonic)
    assert built.to_json() == badge


def test_output_does_not_alias_the_input(badge: dict[str, Any]) -> None:
    badge["ext:list"] = [1, 2]
    before = copy.deepcopy(badge)
    out = parse_credential(badge).to_json()
    out["ext:list"].append(3)
    _achievement(out)["name"] = "changed"
    assert badge == before


@FEW
@given(mcst.credentials(), st.sampled_from(["+01:00", "-05:30", "+00:00", "Z"]))
def test_dates_keep_their_lexical_form(document: dict[str, Any], offset: str) -> None:
    document["validFrom"] = "2024-02-29T23:59:59.123" + offset
    credential = parse_credential(document)
    assert isinstance(credential.valid_from, DateTimeStamp)
    assert credential.to_json()["validFrom"] == document["validFrom"]
    moment = credential.valid_from.datetime
    assert moment.tzinfo is not None
    assert moment.astimezone(dt.UTC).isoformat().startswith(("2024-02-29", "2024-03-01"))


@pytest.mark.parametrize("field", ["validFrom", "validUntil", "awardedDate"])
def test_date_time_stamps_need_an_offset(badge: dict[str, Any], field: str) -> None:
    badge[field] = "2024-05-01T12:00:00"
    with pytest.raises(InvalidDocumentError, match="offset") as info:
        parse_credential(badge)
    assert [p.path for p in info.value.problems] == [f"/{field}"]
    assert info.value.problems[0].code == "model.date-without-offset"


def test_activity_dates_may_omit_the_offset(badge: dict[str, Any]) -> None:
    badge["credentialSubject"]["activityStartDate"] = "2024-01-08T09:00:00"
    credential = parse_credential(badge)
    start = credential.credential_subject.activity_start_date
    assert isinstance(start, DateTime)
    assert not start.has_offset
    assert start.datetime == dt.datetime(2024, 1, 8, 9)
    assert credential.to_json() == badge


@pytest.mark.parametrize(
    "text",
    [
        "2024-13-01T00:00:00Z",
        "2024-02-30T00:00:00Z",
        "2024-05-01",
        "2024-05-01T12:00Z",
        "2024-05-01t12:00:00z",
        "2024-05-01T12:00:00+15:00",
        " 2024-05-01T12:00:00Z",
        "2024-05-01T24:00:01Z",
        "02024-05-01T12:00:00Z",
        "\uff12\uff10\uff12\uff14-05-01T12:00:00Z",
        "0001-01-01T00:00:00+14:00",
    ],
)
def test_malformed_date_times_are_refused(badge: dict[str, Any], text: str) -> None:
    badge["validFrom"] = text
    with pytest.raises(InvalidDocumentError) as info:
        parse_credential(badge)
    assert info.value.problems[0].path == "/validFrom"


def test_the_midnight_that_ends_a_day_is_the_next_day(badge: dict[str, Any]) -> None:
    # XSD 1.1 allows hour 24 only as 24:00:00, the first instant of the following day.
    badge["validFrom"] = "2024-02-29T24:00:00Z"
    credential = parse_credential(badge)
    assert credential.valid_from == "2024-02-29T24:00:00Z"
    assert credential.valid_from.datetime == dt.datetime(2024, 3, 1, tzinfo=dt.UTC)


def test_date_of_birth_is_a_lexical_date() -> None:
    from microcredential.models import parse_profile

    profile = parse_profile({"id": "urn:uuid:1", "type": "Profile", "dateOfBirth": "1990-07-04"})
    assert isinstance(profile.date_of_birth, Date)
    assert profile.date_of_birth.date == dt.date(1990, 7, 4)


def test_from_datetime_writes_utc_seconds() -> None:
    moment = dt.datetime(2024, 5, 1, 14, 0, 0, 123, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert DateTimeStamp.from_datetime(moment) == "2024-05-01T12:00:00Z"
    with pytest.raises(ValueError, match="naive"):
        DateTimeStamp.from_datetime(dt.datetime(2024, 5, 1))


def test_assignment_is_validated_and_written_back(badge: dict[str, Any]) -> None:
    credential = parse_credential(badge)
    with pytest.raises(ValueError, match="offset"):
        credential.valid_until = "2030-01-01T00:00:00"  # type: ignore[assignment]
    with pytest.raises(ValueError, match="string"):
        credential.valid_until = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # type: ignore[assignment]
    credential.valid_until = DateTimeStamp.from_datetime(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert credential.to_json() == {**badge, "validUntil": "2030-01-01T00:00:00Z"}


@pytest.mark.parametrize(
    "name",
    [
        {"@value": "Data Analysis", "@language": "en"},
        [
            {"@value": "Data Analysis", "@language": "en"},
            {"@value": "تحليل البيانات", "@language": "ar", "@direction": "rtl"},
        ],
    ],
)
def test_language_value_objects_for_name(badge: dict[str, Any], name: Any) -> None:
    badge["name"] = name
    credential = parse_credential(badge)
    assert not isinstance(credential.name, str)
    assert credential.to_json() == badge


def test_bad_language_value_is_located(badge: dict[str, Any]) -> None:
    badge["description"] = [{"@value": "x", "@language": "en"}, {"@language": "nl"}]
    with pytest.raises(InvalidDocumentError) as info:
        parse_credential(badge)
    assert [p.path for p in info.value.problems] == ["/description/1/@value"]
