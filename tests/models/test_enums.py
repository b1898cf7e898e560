"""Extensible enumerations: the spec's values, ``ext:`` values, and nothing else."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential.errors import InvalidDocumentError
from microcredential.models import (
    ACHIEVEMENT_TYPES,
    ALIGNMENT_TARGET_TYPES,
    IDENTIFIER_TYPES,
    RESULT_STATUS_TYPES,
    RESULT_TYPES,
    Achievement,
    Alignment,
    IdentifierEntry,
    IdentityObject,
    Result,
    ResultDescription,
    parse_achievement,
)

# Generating a credential takes ~100 draws: cap the examples to keep the suite fast.
FEW = settings(max_examples=min(settings().max_examples, 50))


ACHIEVEMENT = {
    "id": "https://example.org/achievements/1",
    "type": ["Achievement"],
    "name": "Teamwork",
    "description": "Works well in a team.",
    "criteria": {"narrative": "Nominated by peers."},
}

# (model, minimal valid object, enumerated property, allowed values, extensible)
CASES: list[tuple[type[Any], dict[str, Any], str, tuple[str, ...], bool]] = [
    (Achievement, ACHIEVEMENT, "achievementType", ACHIEVEMENT_TYPES, True),
    (
        Alignment,
        {"type": "Alignment", "targetName": "A", "targetUrl": "https://example.org/a"},
        "targetType",
        ALIGNMENT_TARGET_TYPES,
        True,
    ),
    (
        IdentifierEntry,
        {"type": "IdentifierEntry", "identifier": "x"},
        "identifierType",
        IDENTIFIER_TYPES,
        True,
    ),
    (
        IdentityObject,
        {"type": "IdentityObject", "hashed": False, "identityHash": "a@example.org"},
        "identityType",
        IDENTIFIER_TYPES,
        True,
    ),
    (
        ResultDescription,
        {"id": "urn:uuid:1", "type": ["ResultDescription"], "name": "Grade"},
        "resultType",
        RESULT_TYPES,
        True,
    ),
    (Result, {"type": ["Result"]}, "status", RESULT_STATUS_TYPES, False),
]
IDS = [f"{c[0].__name__}.{c[2]}" for c in CASES]


def test_vocabularies_match_the_specification_sizes() -> None:
    # Counts from the OB 3.0 JSON schemas: a value added or lost by mistake fails here.
    assert [len(ACHIEVEMENT_TYPES), len(ALIGNMENT_TARGET_TYPES), len(IDENTIFIER_TYPES)] == [
        31,
        7,
        19,
    ]
    assert [len(RESULT_TYPES), len(RESULT_STATUS_TYPES)] == [12, 7]
    assert "MicroCredential" in ACHIEVEMENT_TYPES


@pytest.mark.parametrize(("model", "base", "prop", "allowed", "extensible"), CASES, ids=IDS)
def test_every_specified_value_is_accepted(
    model: type[Any], base: dict[str, Any], prop: str, allowed: tuple[str, ...], extensible: bool
) -> None:
    for value in allowed:
        document = {**base, prop: value}
        assert model.from_json(document).to_json() == document


@pytest.mark.parametrize(("model", "base", "prop", "allowed", "extensible"), CASES, ids=IDS)
@pytest.mark.parametrize("value", ["ext:Minor", "ext:EQF.Level-6_b", "ext:x"])
def test_ext_values(
    model: type[Any],
    base: dict[str, Any],
    prop: str,
    allowed: tuple[str, ...],
    extensible: bool,
    value: str,
) -> None:
    document = {**base, prop: value}
    if extensible:
        assert model.from_json(document).to_json() == document
    else:
        with pytest.raises(ValueError, match="not a valid"):
            model.from_json(document)


@pytest.mark.parametrize(("model", "base", "prop", "allowed", "extensible"), CASES, ids=IDS)
@pytest.mark.parametrize(
    "value", ["", "ext:", "Ext:Minor", "ext:has space", "xext:Minor", "ext:a/b", "badge"]
)
def test_other_values_are_rejected_with_the_allowed_list(
    model: type[Any],
    base: dict[str, Any],
    prop: str,
    allowed: tuple[str, ...],
    extensible: bool,
    value: str,
) -> None:
    with pytest.raises(ValueError, match="not a valid") as info:
        model.from_json({**base, prop: value})
    message = str(info.value)
    assert all(name in message for name in allowed)
    assert ("extension value ext:" in message) is extensible


_EXT = re.compile(r"ext:[A-Za-z0-9._-]+")


@FEW
@given(st.text(max_size=20))
def test_arbitrary_achievement_types(value: str) -> None:
    document = {**ACHIEVEMENT, "achievementType": value}
    valid = value in ACHIEVEMENT_TYPES or _EXT.fullmatch(value) is not None
    if valid:
        assert parse_achievement(document).achievement_type == value
    else:
        with pytest.raises(InvalidDocumentError) as info:
            parse_achievement(document)
        assert [p.path for p in info.value.problems] == ["/achievementType"]
        assert info.value.problems[0].code == "model.unknown-enum-value"
