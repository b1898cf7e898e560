"""The JCS fast path writes exactly what the general RFC 8785 writer writes."""

from __future__ import annotations

import enum
from collections import OrderedDict
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential.integrity.jcs import canonicalize_json
from microcredential.integrity.suites import _jcs

KEYS = st.text(max_size=8) | st.sampled_from(["a", "€", "\U0001f393", "\ue000", "Z", "é"])
NUMBERS = (
    st.integers(min_value=-(2**53), max_value=2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.sampled_from([0.0, -0.0, 5.0, 1e21, 1e-7, 2.0**60, 123456789012345.6, 1e16])
)
JSON = st.recursive(
    st.none() | st.booleans() | NUMBERS | st.text(max_size=12),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(KEYS, children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400)
@given(JSON)
def test_fast_path_equals_general_writer(value: Any) -> None:
    assert _jcs(value) == canonicalize_json(value)


def test_number_shapes_that_must_take_the_exact_path() -> None:
    for value in (5.0, -0.0, 1e-7, 1e21, 2**53, 12.5, [1.5], {"a": 1e300}):
        assert _jcs({"v": value}) == canonicalize_json({"v": value})
    assert _jcs({"v": "10:30.5"}) == '{"v":"10:30.5"}'  # a string that looks like a number


class Label(str):
    """A str subclass, as enums and typed wrappers produce."""


class Level(enum.IntEnum):
    FIVE = 5


@pytest.mark.parametrize(
    "value",
    [
        {"a": (1, "b", None)},  # tuples are JSON arrays
        {"a": Label("x"), Label("k"): 1},
        {"level": Level.FIVE, "flag": True},
        OrderedDict([("b", 1), ("a", 2)]),
        {"m": MappingProxyType({"z": 1, "y": [2.5, 5.0]})},
        {"big": 2**53, "neg": -(2**53), "e": 1e-7, "whole": 3.0},
        {"\U0001f393": 1, "\ue000": 2, "a": 3},  # code point order differs from UTF-16 order
        {"\ud800": 1, "\ud7ff": 2},  # lone surrogates (unencodable, yet the two writers agree)
    ],
)
def test_python_values_beyond_plain_json_match_the_general_writer(value: Any) -> None:
    assert _jcs(value) == canonicalize_json(value)


@pytest.mark.parametrize("value", [{10: "a", 9: "b"}, {"a": {1: "x"}}, {"a": [{None: 1}]}])
def test_non_string_keys_are_refused_not_coerced(value: Any) -> None:
    # json.dumps would write {10: .., 9: ..} as {"9":..,"10":..}: coerced keys in numeric
    # order, which is not the RFC 8785 order of the strings "10" and "9"
    with pytest.raises(TypeError, match="keys must be strings"):
        canonicalize_json(value)
    with pytest.raises(TypeError, match="keys must be strings"):
        _jcs(value)
