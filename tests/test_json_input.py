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


# -- hostile JSON text (each of these once got through) --------------------------------------

import pytest  # noqa: E402

import microcredential as mc  # noqa: E402
from microcredential._json import load_json  # noqa: E402
from microcredential.errors import InvalidDocumentError  # noqa: E402


@pytest.mark.parametrize(
    ("text", "code", "pointer"),
    [
        ('{"issuer": "a", "issuer": "b"}', "input.duplicate-key", ""),
        ('{"a": {"b": 1, "b": 1}}', "input.duplicate-key", ""),
        ('{"credits": 1e400}', "input.json", ""),
        ('{"a": ["ok", "\\ud800"]}', "input.encoding", "/a/1"),
        ('{"\\udc00": 1}', "input.encoding", ""),
    ],
)
def test_hostile_json_is_refused(text: str, code: str, pointer: str) -> None:
    with pytest.raises(InvalidDocumentError) as info:
        load_json(text, source="x.json")
    (problem,) = info.value.problems
    assert (problem.code, problem.path) == (code, pointer)
    assert str(info.value).startswith("x.json: ")


def test_paired_surrogates_and_big_numbers_are_fine() -> None:
    assert load_json('{"a": "\\ud83c\\udf93", "n": 1e300, "i": 123456789012345678901}') == {
        "a": "🎓",
        "n": 1e300,
        "i": 123456789012345678901,
    }


def test_verify_reports_an_unpaired_surrogate_instead_of_raising() -> None:
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": "did:example:1",
        "validFrom": "2020-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"type": ["Achievement"], "achievementType": "\ud800"},
        },
    }
    result = mc.verify(document)
    assert not result.ok
    assert result.has_problem("model.invalid-value")


@pytest.mark.parametrize("text", ["", "   \n", b"\xef\xbb\xbf"])
def test_empty_input_says_so(text: str | bytes) -> None:
    with pytest.raises(InvalidDocumentError, match="the input is empty"):
        load_json(text, source="empty.json")
