"""Reading JSON input, and copying JSON values."""

from __future__ import annotations

import copy
from collections import OrderedDict

from hypothesis import given
from hypothesis import strategies as st

from microcredential._json import copy_json

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@given(JSON)
def test_copy_json_equals_deepcopy_and_shares_nothing(value: object) -> None:
    copied = copy_json(value)
    assert copied == copy.deepcopy(value)
    if isinstance(value, dict | list):
        assert copied is not value


def test_copy_json_plain_containers() -> None:
    source = OrderedDict(a=(1, [2, {"b": 3}]))
    copied = copy_json(source)
    assert copied == {"a": [1, [2, {"b": 3}]]}
    assert type(copied) is dict
    copied["a"][1][1]["b"] = 4
    assert source["a"][1][1]["b"] == 3
