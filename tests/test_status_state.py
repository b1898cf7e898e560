"""The issuer's status list state file: its format, the first format still read, refusals."""

from __future__ import annotations

import base64
import gzip
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential.cohort import issue_cohort, load_achievement
from microcredential.errors import DocumentTooLargeError, InvalidDocumentError
from microcredential.keys import Ed25519Key
from microcredential.quality import IssuerInfo
from microcredential.status import (
    STATE_FORMAT,
    IssuerStatusList,
    StatusList,
    edit_state_file,
)

LIST_URL = "https://example.com/credentials/status/3"
MESSAGES = [{"status": hex(v), "message": f"step {v}"} for v in range(8)]
# An all-zero list of 131,072 entries, as the Bitstring Status List Recommendation's example.
ZEROS_131072 = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"


def first_format(state: IssuerStatusList) -> dict[str, Any]:
    """The state as the first format wrote it: every allocated index a JSON number."""
    current = state.to_json()
    out = {
        "format": "microcredential.status-list-state/1",
        "id": current["id"],
        "statusPurpose": current["statusPurpose"],
        "statusSize": current["statusSize"],
        "length": current["length"],
        "encodedList": current["encodedList"],
        "allocated": sorted(state.allocated),
    }
    if "statusMessage" in current:
        out["statusMessage"] = current["statusMessage"]
    return out


def _gzip_b64(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(raw, mtime=0)).rstrip(b"=").decode()


def _states() -> list[IssuerStatusList]:
    """A revocation list, a suspension list and a message list of 3-bit entries whose
    length is no multiple of 8, each part allocated and changed."""
    revocation = IssuerStatusList.create(LIST_URL)
    suspension = IssuerStatusList.create(LIST_URL, purpose="suspension", length=131_075)
    message = IssuerStatusList.create(
        LIST_URL, purpose="message", length=131_077, status_size=3, status_messages=MESSAGES
    )
    rng = Random(5)
    for state in (revocation, suspension, message):
        picked = [state.allocate(rng=rng) for _ in range(300)]
        for index in picked[::7]:
            if state.purpose == "revocation":
                state.revoke(index)
            elif state.purpose == "suspension":
                state.suspend(index)
            else:
                state.set_status(index, 5)
    return [revocation, suspension, message]


def same_state(a: IssuerStatusList, b: IssuerStatusList) -> None:
    assert (a.list_id, a.purpose, a.free) == (b.list_id, b.purpose, b.free)
    assert a.allocated == b.allocated
    assert a.status_list == b.status_list
    assert a.to_json() == b.to_json()
    # the next allocations are the same too (on copies: neither is changed)
    a, b = IssuerStatusList.from_json(a.to_json()), IssuerStatusList.from_json(b.to_json())
    assert [a.allocate(rng=Random(9)) for _ in range(5)] == [
        b.allocate(rng=Random(9)) for _ in range(5)
    ]


def back_count(saved: dict[str, Any]) -> int:
    """How many indexes a saved state's allocatedList marks."""
    return len(IssuerStatusList.from_json(saved).allocated)


@pytest.mark.parametrize("state", _states(), ids=["revocation", "suspension", "message"])
def test_a_state_round_trips_through_its_json(state: IssuerStatusList) -> None:
    saved = state.to_json()
    assert saved["format"] == STATE_FORMAT == "microcredential.status-list-state/2"
    assert "allocatedCount" not in saved  # derived from allocatedList, never stored
    assert back_count(saved) == 300
    back = IssuerStatusList.from_json(json.loads(json.dumps(saved)))
    same_state(back, state)


@pytest.mark.parametrize("state", _states(), ids=["revocation", "suspension", "message"])
def test_a_state_file_of_the_first_format_loads_identically(
    state: IssuerStatusList, tmp_path: Path
) -> None:
    old = first_format(state)
    assert IssuerStatusList.from_json(json.loads(json.dumps(old))).to_json() == state.to_json()
    # edited through the file, it is written again in the current format, nothing lost
    path = tmp_path / "state.json"
    path.write_text(json.dumps(old, indent=2) + "\n", encoding="utf-8")
    with edit_state_file(path) as current:
        same_state(IssuerStatusList.from_json(current.to_json()), state)
    rewritten = json.loads(path.read_text(encoding="utf-8"))
    assert rewritten["format"] == STATE_FORMAT
    assert "allocated" not in rewritten
    same_state(IssuerStatusList.from_json(rewritten), state)


def test_a_file_written_by_the_first_format_reads_as_it_always_did(tmp_path: Path) -> None:
    # Written out by hand in the first format (indexes as numbers, indented as it was saved).
    path = tmp_path / "state.json"
    path.write_text(
        "{\n"
        '  "format": "microcredential.status-list-state/1",\n'
        f'  "id": "{LIST_URL}",\n'
        '  "statusPurpose": "revocation",\n'
        '  "statusSize": 1,\n'
        '  "length": 131072,\n'
        f'  "encodedList": "{ZEROS_131072}",\n'
        '  "allocated": [\n    3,\n    17,\n    99999\n  ]\n'
        "}\n",
        encoding="utf-8",
    )
    with edit_state_file(path) as state:
        assert state.allocated == {3, 17, 99999}
        assert state.free == 131_069
        state.revoke(17)
    back = IssuerStatusList.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert back.allocated == {3, 17, 99999}
    assert [back.status(i) for i in (3, 17, 99999)] == [0, 1, 0]


def test_a_list_of_two_million_entries_all_allocated_is_edited_in_its_file(
    tmp_path: Path,
) -> None:
    # Regression: the first format wrote each index as a number, so once a list of 2,097,152
    # entries was mostly allocated its file passed the 16 MiB a JSON file is read up to, and
    # no edit could load it any more.
    length = 2_097_152
    state = IssuerStatusList(LIST_URL, StatusList(length), allocated=range(length))
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state.to_json()), encoding="utf-8")
    with edit_state_file(path) as current:
        assert current.free == 0
        current.revoke(1_234_567)
    assert path.stat().st_size < 64 * 1024  # both bitmaps compress to almost nothing
    back = IssuerStatusList.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert back.free == 0
    assert back.status(1_234_567) == 1
    assert back.status_list.to_bytes().count(0) == length // 8 - 1


def _current() -> dict[str, Any]:
    state = IssuerStatusList.create(LIST_URL, length=131_075)
    rng = Random(2)
    for _ in range(40):
        state.allocate(rng=rng)
    return state.to_json()


def _set(member: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data[member] = value

    return change


def _drop(member: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        del data[member]

    return change


def _beyond_the_end(data: dict[str, Any]) -> None:
    # 131,075 entries: the last byte holds 3 of them; set a bit after those
    raw = bytearray(StatusList.decode(data["allocatedList"], min_entries=0).to_bytes())
    raw[-1] |= 0x01
    data["allocatedList"] = _gzip_b64(bytes(raw))


def _first_format_out_of_range(data: dict[str, Any]) -> None:
    data.update(format="microcredential.status-list-state/1", allocated=[5, 131_075])
    del data["allocatedList"]


def _first_format_not_a_number(data: dict[str, Any]) -> None:
    data.update(format="microcredential.status-list-state/1", allocated=[5, "6"])
    del data["allocatedList"]


@pytest.mark.parametrize(
    ("change", "where", "fragment"),
    [
        (_beyond_the_end, "/allocatedList", "beyond the last entry"),
        (_set("allocatedList", "u!!"), "/allocatedList", "allocatedList is not valid base64url"),
        (_set("allocatedList", ZEROS_131072), "/allocatedList", "holds 16384 bytes"),
        (_set("allocatedList", 7), "/allocatedList", "allocatedList must be a string"),
        (_drop("allocatedList"), "/allocatedList", "'allocatedList' is missing"),
        (_set("length", 131_072 * 2), "/encodedList", "does not match length"),
        (_set("length", 0), "/length", "positive"),
        (_set("length", 2**40), "/length", "over the 134,217,728 entries"),
        (_set("statusSize", 0), "/statusSize", "statusSize must be an integer from 1"),
        (_set("id", "status-3"), "/id", "absolute URL"),
        (_set("statusPurpose", ""), "/statusPurpose", "must not be empty"),
        (_set("statusMessage", "none"), "/statusMessage", "statusMessage"),
        (_set("format", "something else"), "/format", "not a status list state"),
        (_first_format_out_of_range, "/allocated", "index 131075 (item 1) is outside"),
        (_first_format_not_a_number, "/allocated", "must be an integer"),
    ],
)
def test_a_damaged_state_file_is_refused_naming_the_file_and_member(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], where: str, fragment: str
) -> None:
    data = _current()
    change(data)
    path = tmp_path / "state.json"
    text = json.dumps(data, indent=2)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidDocumentError) as info, edit_state_file(path):
        pytest.fail("the body ran on a damaged state")
    assert str(info.value).startswith(f"{path}: {where}: ")
    assert fragment in str(info.value)
    assert "restore it from a backup" in str(info.value)
    found = info.value.problems[0]
    assert (found.code, found.path) == ("status.state-invalid", where)
    assert path.read_text(encoding="utf-8") == text  # left as it was


def test_a_cohort_given_a_damaged_state_file_names_the_file(tmp_path: Path) -> None:
    # Regression: issue_cohort refused it with the member and no file name.
    data = _current()
    _beyond_the_end(data)
    path = tmp_path / "state.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    examples = Path(__file__).resolve().parents[1] / "examples"
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "email,name,grade,credits,start,end,evidence\n"
        "learner@student.example.nl,Learner,7.5,5,2025-09-01,2026-01-31,\n",
        encoding="utf-8",
    )
    key = Ed25519Key.from_seed(bytes(range(32)))
    issuer = IssuerInfo(id=key.controller, name="Hogeschool Voorbeeld", country_code="NL")
    achievement = load_achievement(examples / "achievement-nl.json")
    with pytest.raises(InvalidDocumentError) as info:
        issue_cohort(
            achievement, roster, key, out_dir=tmp_path / "out", issuer=issuer, status_list=path
        )
    assert str(info.value).startswith(f"{path}: /allocatedList: ")
    assert not list((tmp_path / "out").glob("*.json"))


def test_a_length_of_more_digits_than_python_prints_is_refused() -> None:
    with pytest.raises(InvalidDocumentError, match="over the 134,217,728 entries"):
        IssuerStatusList.from_json(dict(_current(), length=10**5000))


def test_a_value_or_index_of_more_digits_than_python_prints_says_what_is_wrong() -> None:
    """Their messages were written with the number in them, which raised Python's own
    ValueError ("Exceeds the limit (4300 digits)...") in place of the one that says why."""
    state = IssuerStatusList(LIST_URL, StatusList(70), allocated=[1])
    with pytest.raises(ValueError, match="does not fit in 1 bit"):
        state.set_status(1, 10**5000)
    with pytest.raises(ValueError, match="outside the list"):
        IssuerStatusList(LIST_URL, StatusList(70), allocated=[10**5000])


def test_a_state_of_a_newer_format_says_so() -> None:
    data = dict(_current(), format="microcredential.status-list-state/3")
    with pytest.raises(InvalidDocumentError, match="newer version of microcredential") as info:
        IssuerStatusList.from_json(data)
    assert info.value.problems[0].path == "/format"


def test_a_bitmap_that_decompresses_beyond_the_cap_is_refused_as_too_large() -> None:
    data = dict(_current(), allocatedList=_gzip_b64(bytes(17 * 2**20)))
    with pytest.raises(DocumentTooLargeError, match="more than") as info:
        IssuerStatusList.from_json(data, source="state.json")
    assert str(info.value).startswith("state.json: /allocatedList: ")


def test_loading_never_changes_the_mapping_given() -> None:
    data = _current()
    before = json.dumps(data)
    IssuerStatusList.from_json(data).allocate(rng=Random(1))
    assert json.dumps(data) == before


# Operations on a state: ("allocate", seed) or (verb, which allocated index, by position).
_OPERATION = st.one_of(
    st.tuples(st.just("allocate"), st.integers(0, 2**16)),
    st.tuples(st.sampled_from(["revoke", "suspend", "reinstate"]), st.integers(0, 10**6)),
)


def _apply(state: IssuerStatusList, operation: tuple[str, int]) -> None:
    verb, number = operation
    if verb == "allocate":
        if state.free:
            state.allocate(rng=Random(number))
        return
    allocated = sorted(state.allocated)
    if not allocated:
        return
    index = allocated[number % len(allocated)]
    if state.purpose == "revocation" and verb == "revoke":
        state.revoke(index)
    elif state.purpose == "suspension" and verb == "suspend":
        state.suspend(index)
    elif state.purpose == "suspension" and verb == "reinstate":
        state.reinstate(index)


@settings(max_examples=40, deadline=None)
@given(
    length=st.integers(1, 70),
    purpose=st.sampled_from(["revocation", "suspension"]),
    start_old=st.booleans(),
    operations=st.lists(_OPERATION, max_size=12),
    block=st.integers(1, 4),
)
def test_operations_through_the_file_give_the_state_kept_in_memory(
    length: int,
    purpose: str,
    start_old: bool,
    operations: list[tuple[str, int]],
    block: int,
) -> None:
    memory = IssuerStatusList(LIST_URL, StatusList(length), purpose=purpose)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "state.json"
        start = first_format(memory) if start_old else memory.to_json()
        path.write_text(json.dumps(start), encoding="utf-8")
        for first in range(0, len(operations), block):
            with edit_state_file(path) as current:
                for operation in operations[first : first + block]:
                    _apply(current, operation)
        for operation in operations:
            _apply(memory, operation)
        saved = IssuerStatusList.from_json(json.loads(path.read_text(encoding="utf-8")))
    assert saved.to_json() == memory.to_json()
    assert saved.allocated == memory.allocated
    assert saved.status_list == memory.status_list


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)
_MEMBERS = [
    "format",
    "id",
    "statusPurpose",
    "statusSize",
    "length",
    "encodedList",
    "allocatedList",
    "allocated",
    "statusMessage",
]


@settings(max_examples=150, deadline=None)
@given(
    old=st.booleans(),
    changes=st.dictionaries(st.sampled_from(_MEMBERS), _JSON, min_size=1, max_size=3),
)
def test_any_member_of_any_json_value_loads_or_is_refused_as_invalid(
    old: bool, changes: dict[str, Any]
) -> None:
    state = IssuerStatusList(LIST_URL, StatusList(70), allocated=[1, 5, 69])
    data = first_format(state) if old else state.to_json()
    data.update(changes)
    refused: InvalidDocumentError | None = None
    try:
        back = IssuerStatusList.from_json(data, source="state.json")
    except InvalidDocumentError as exc:
        refused = exc
    if refused is not None:
        assert str(refused).startswith("state.json: /")
        assert refused.problems[0].code == "status.state-invalid"
    else:  # what loads writes itself back the same
        assert IssuerStatusList.from_json(back.to_json()).to_json() == back.to_json()
