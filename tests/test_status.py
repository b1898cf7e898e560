"""Tests for credential status (Bitstring Status List 1.0 and legacy status types)."""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential.errors import (
    DocumentTooLargeError,
    InvalidDocumentError,
    MicrocredentialError,
    ResolutionError,
    StatusListFullError,
    UnknownStatusIndexError,
)
from microcredential.problems import Problem
from microcredential.status import (
    MIN_ENTRIES,
    IssuerStatusList,
    StaticStatusListFetcher,
    StatusList,
    StatusOutcome,
    check_status,
    edit_state_file,
    parse_status_index,
)
from support import block_lock

# The example BitstringStatusListCredential of the W3C Recommendation (Example 3 / Example 5,
# https://www.w3.org/TR/vc-bitstring-status-list/): an all-zero list of 131,072 entries.
SPEC_ENCODED_LIST = "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
# The same list as Status List 2021 writes it (no multibase prefix).
SL2021_ENCODED_LIST = "H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"

LIST_URL = "https://example.com/credentials/status/3"
ISSUER = "did:example:12345"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _multibase_gzip(raw: bytes) -> str:
    return "u" + base64.urlsafe_b64encode(gzip.compress(raw, mtime=0)).rstrip(b"=").decode()


def _credential(*entries: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "https://example.com/credentials/23894672394",
        "type": ["VerifiableCredential"],
        "issuer": ISSUER,
        "validFrom": "2024-04-05T14:27:42Z",
        "credentialStatus": list(entries) if len(entries) != 1 else entries[0],
        "credentialSubject": {"id": "did:example:6789"},
    }


def _issue(purpose: str = "revocation", seed: int = 7) -> tuple[IssuerStatusList, int]:
    state = IssuerStatusList.create(LIST_URL, purpose=purpose)
    return state, state.allocate(rng=Random(seed))


def _check(state: IssuerStatusList, index: int, **kwargs: Any) -> Any:
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    kwargs.setdefault("fetcher", StaticStatusListFetcher([list_vc]))
    kwargs.setdefault("verify_list", lambda _doc: True)
    return check_status(_credential(state.entry(index)), now=NOW, **kwargs)


# ----------------------------------------------------------------------------- bitstring


def test_spec_example_decodes_to_an_empty_minimum_list() -> None:
    sl = StatusList.decode(SPEC_ENCODED_LIST)
    assert len(sl) == 131_072
    assert sl.to_bytes() == bytes(16 * 1024)
    assert list(sl.set_indexes()) == []


def test_encoding_an_empty_minimum_list_gives_the_spec_example() -> None:
    if "ng" in zlib.ZLIB_RUNTIME_VERSION.lower():
        pytest.skip("zlib-ng compresses differently (the output still decodes)")
    assert StatusList(MIN_ENTRIES).encode() == SPEC_ENCODED_LIST


def test_bit_order_is_left_most_first() -> None:
    sl = StatusList(16)
    sl.set(0, 1)
    sl.set(15, 1)
    assert sl.to_bytes() == b"\x80\x01"


def test_multi_bit_entries() -> None:
    sl = StatusList(8, status_size=2)
    sl.set(1, 0b10)
    sl.set(3, 0b11)
    assert sl.to_bytes() == bytes([0b0010_0011, 0])
    assert [sl.get(i) for i in range(4)] == [0, 2, 0, 3]
    with pytest.raises(ValueError, match="does not fit"):
        sl.set(0, 4)
    with pytest.raises(IndexError):
        sl.get(8)


@settings(max_examples=40)
@given(
    size=st.integers(1, 3),
    data=st.data(),
)
def test_encode_decode_round_trip(size: int, data: st.DataObject) -> None:
    length = 2_000
    values = data.draw(
        st.dictionaries(st.integers(0, length - 1), st.integers(1, (1 << size) - 1), max_size=64)
    )
    sl = StatusList(length, status_size=size)
    for index, value in values.items():
        sl.set(index, value)
    encoded = sl.encode()
    assert encoded.startswith("u")
    assert encoded == sl.encode()  # deterministic
    back = StatusList.decode(encoded, status_size=size, min_entries=0)
    assert back.to_bytes() == sl.to_bytes()
    assert {i: back.get(i) for i in back.set_indexes()} == values
    # an independent reader (the standard gzip module) agrees on the bytes
    raw = gzip.decompress(base64.urlsafe_b64decode(encoded[1:] + "=" * (-len(encoded[1:]) % 4)))
    assert raw == sl.to_bytes()


def test_minimum_length_is_enforced_per_entry() -> None:
    short = _multibase_gzip(bytes(16 * 1024 - 1))
    with pytest.raises(InvalidDocumentError) as info:
        StatusList.decode(short)
    assert info.value.problems[0].code == "status.list-too-short"
    # 16 KB of 2-bit entries is only 65,536 entries: too short as well
    with pytest.raises(InvalidDocumentError, match="65536 entries"):
        StatusList.decode(SPEC_ENCODED_LIST, status_size=2)
    assert len(StatusList.decode(SPEC_ENCODED_LIST, status_size=2, min_entries=65_536)) == 65_536
    with pytest.raises(ValueError, match="131072"):
        IssuerStatusList.create(LIST_URL, length=MIN_ENTRIES - 1)


def test_gzip_bomb_is_refused() -> None:
    bomb = _multibase_gzip(bytes(64 * 1024 * 1024))  # 64 MiB of zeros, ~64 KB compressed
    with pytest.raises(DocumentTooLargeError) as info:
        StatusList.decode(bomb)
    assert info.value.problems[0].code == "status.list-too-large"
    with pytest.raises(DocumentTooLargeError):
        StatusList.decode(SPEC_ENCODED_LIST, max_bytes=16 * 1024 - 1)


@pytest.mark.parametrize(
    ("encoded", "fragment"),
    [
        (SL2021_ENCODED_LIST, "start with 'u'"),
        ("u" + SL2021_ENCODED_LIST + "==", "base64url"),
        ("uH4sI*", "base64url"),
        ("u" + base64.urlsafe_b64encode(b"not gzip").rstrip(b"=").decode(), "GZIP"),
        (
            "u" + base64.urlsafe_b64encode(gzip.compress(bytes(99))[:-6]).decode().rstrip("="),
            "GZIP",
        ),
        (_multibase_gzip(bytes(16 * 1024)) + "AAAA", "GZIP"),
    ],
)
def test_malformed_encoded_lists(encoded: str, fragment: str) -> None:
    with pytest.raises(InvalidDocumentError, match=fragment) as info:
        StatusList.decode(encoded)
    assert info.value.problems[0].code == "status.list-invalid"


# ----------------------------------------------------------------------------- issuer


def test_allocation_never_reuses_and_covers_the_space() -> None:
    state = IssuerStatusList(LIST_URL, StatusList(64))  # small on purpose: not a real list
    rng = Random(3)
    seen = [state.allocate(rng=rng) for _ in range(64)]
    assert sorted(seen) == list(range(64))
    assert seen != sorted(seen)  # not sequential
    with pytest.raises(StatusListFullError, match="is full") as full:
        state.allocate(rng=rng)
    assert isinstance(full.value, OverflowError)  # what was raised before the class existed


def test_issuer_misuse_errors_belong_to_the_exception_tree() -> None:
    assert issubclass(StatusListFullError, MicrocredentialError)
    assert issubclass(UnknownStatusIndexError, MicrocredentialError)
    state = IssuerStatusList(LIST_URL, StatusList(8))
    with pytest.raises(MicrocredentialError, match="never allocated"):
        state.revoke(3)


def test_an_index_beyond_any_list_is_named_without_its_digits() -> None:
    # Python refuses to turn an int of more than 4,300 digits into text: the message must
    # not try.
    state = IssuerStatusList(LIST_URL, StatusList(8))
    huge = 10**5000
    with pytest.raises(UnknownStatusIndexError, match="more than 30 digits"):
        state.revoke(huge)
    with pytest.raises(IndexError, match="more than 30 digits"):
        StatusList(8).get(huge)
    with pytest.raises(TypeError, match="int"):
        state.revoke("3")  # type: ignore[arg-type]


def test_status_list_indexes_are_read_in_ascii_digits_only() -> None:
    assert parse_status_index("0") == 0
    assert parse_status_index("131071") == 131071
    assert parse_status_index("\u0661\u0662") is None
    assert parse_status_index("\u00b2") is None
    assert parse_status_index("-1") is None
    assert parse_status_index(" 1") is None
    assert parse_status_index(7) is None
    assert parse_status_index("9" * 5000) == -1  # beyond any list, never converted


def test_allocation_is_reproducible_with_a_seed_and_random_by_default() -> None:
    a, _ = _issue(seed=11)
    b, _ = _issue(seed=11)
    assert a.allocated == b.allocated
    first = IssuerStatusList.create(LIST_URL)
    picks = {first.allocate() for _ in range(20)}
    assert len(picks) == 20
    assert max(picks) > 1_000  # spread over the whole list, not 0, 1, 2...


def test_entry_and_list_credential_shapes() -> None:
    state, index = _issue()
    entry = state.entry(index)
    assert entry == {
        "id": f"{LIST_URL}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": LIST_URL,
    }
    vc = state.credential(
        issuer=ISSUER,
        valid_from=datetime(2025, 1, 1, 1, tzinfo=UTC),
        valid_until="2025-02-01T00:00:00Z",
        ttl=300_000,
    )
    assert vc["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert vc["validFrom"] == "2025-01-01T01:00:00Z"
    assert vc["validUntil"] == "2025-02-01T00:00:00Z"
    subject = vc["credentialSubject"]
    assert subject["type"] == "BitstringStatusList"
    assert subject["statusPurpose"] == "revocation"
    assert subject["ttl"] == 300_000
    assert StatusList.decode(subject["encodedList"]).get(index) == 0
    with pytest.raises(ValueError, match="naive"):
        state.credential(issuer=ISSUER, valid_from=datetime(2025, 1, 1))
    with pytest.raises(UnknownStatusIndexError, match="never allocated") as unknown:
        state.entry((index + 1) % MIN_ENTRIES)
    assert isinstance(unknown.value, KeyError)  # what was raised before the class existed
    assert str(unknown.value).startswith("index ")  # not quoted, as a bare KeyError is


def test_state_round_trips_through_json() -> None:
    state, index = _issue(purpose="suspension")
    state.suspend(index)
    text = json.dumps(state.to_json())
    back = IssuerStatusList.from_json(json.loads(text))
    assert back.allocated == state.allocated
    assert back.status(index) == 1
    assert back.purpose == "suspension"
    assert back.list_id == LIST_URL
    # allocation continues without reuse after a restore
    assert back.allocate(rng=Random(7)) not in state.allocated
    bad = dict(state.to_json(), length=5)
    with pytest.raises(InvalidDocumentError):
        IssuerStatusList.from_json(bad)


def test_state_keeps_an_odd_length_with_wide_entries() -> None:
    messages = [{"status": hex(v), "message": f"m{v}"} for v in range(8)]
    state = IssuerStatusList.create(
        LIST_URL, purpose="message", length=MIN_ENTRIES + 1, status_size=3, status_messages=messages
    )
    back = IssuerStatusList.from_json(json.loads(json.dumps(state.to_json())))
    assert len(back.status_list) == MIN_ENTRIES + 1
    assert back.status_list == state.status_list


def test_purpose_rules_on_the_issuer_side() -> None:
    state, index = _issue()
    with pytest.raises(ValueError, match="suspension"):
        state.suspend(index)
    with pytest.raises(ValueError, match="only a suspension"):
        state.reinstate(index)
    state.revoke(index)
    with pytest.raises(ValueError, match="not reversible"):
        state.set_status(index, 0)


def test_inputs_are_not_mutated() -> None:
    state, index = _issue()
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    credential = _credential(state.entry(index))
    before = json.dumps([list_vc, credential], sort_keys=True)
    check_status(credential, fetcher=StaticStatusListFetcher([list_vc]), now=NOW)
    assert json.dumps([list_vc, credential], sort_keys=True) == before


# ----------------------------------------------------------------------------- verifier


def test_fresh_credential_is_ok() -> None:
    state, index = _issue()
    result = _check(state, index)
    assert result.outcome is StatusOutcome.OK
    assert result.ok
    (entry,) = result.entries
    assert entry.status == 0
    assert entry.valid is True
    assert entry.proof_checked
    assert entry.index == index
    assert result.problems == ()


def test_revoke_then_check_says_revoked() -> None:
    state, index = _issue()
    other = state.allocate(rng=Random(1))
    state.revoke(index)
    result = _check(state, index)
    assert result.outcome is StatusOutcome.REVOKED
    assert result.revoked
    assert not result.ok
    assert [p.code for p in result.problems] == ["status.revoked"]
    assert _check(state, other).ok  # neighbours are untouched


def test_suspend_then_reinstate() -> None:
    state, index = _issue(purpose="suspension")
    state.suspend(index)
    suspended = _check(state, index)
    assert suspended.outcome is StatusOutcome.SUSPENDED
    assert suspended.suspended
    assert [p.code for p in suspended.problems] == ["status.suspended"]
    state.reinstate(index)
    assert _check(state, index).outcome is StatusOutcome.OK


def test_purpose_mismatch() -> None:
    state, index = _issue()
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    entry = dict(state.entry(index), statusPurpose="suspension")
    result = check_status(_credential(entry), fetcher=StaticStatusListFetcher([list_vc]), now=NOW)
    assert result.outcome is StatusOutcome.INVALID
    assert "status.purpose-mismatch" in [p.code for p in result.problems]


def test_list_with_several_purposes_accepts_each() -> None:
    state, index = _issue(purpose="suspension")
    state.suspend(index)
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    list_vc["credentialSubject"]["statusPurpose"] = ["revocation", "suspension"]
    result = check_status(
        _credential(state.entry(index)),
        fetcher=StaticStatusListFetcher([list_vc]),
        verify_list=lambda _d: [],
        now=NOW,
    )
    assert result.outcome is StatusOutcome.SUSPENDED


@pytest.mark.parametrize("key", ["statusPurpose", "statusListIndex", "statusListCredential"])
def test_an_entry_field_as_a_one_element_array_reads_as_its_value(key: str) -> None:
    # JSON-LD reads one value and a one-element array as the same data, so the signature
    # covers both alike; the entry is read the same either way. Several values are not one.
    state, index = _issue()
    state.revoke(index)
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    fetcher = StaticStatusListFetcher([list_vc])
    entry = state.entry(index)
    as_array = {**entry, key: [entry[key]]}
    result = check_status(_credential(as_array), fetcher=fetcher, now=NOW)
    assert result.outcome is StatusOutcome.REVOKED
    assert as_array[key] == [entry[key]]  # the input is not modified
    several = {**entry, key: [entry[key], entry[key]]}
    result = check_status(_credential(several), fetcher=fetcher, now=NOW)
    assert result.outcome is StatusOutcome.INVALID
    assert [p.path for p in result.problems] == [f"/credentialStatus/{key}"]


def test_index_out_of_range() -> None:
    state, index = _issue()
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    fetcher = StaticStatusListFetcher([list_vc])
    for raw in (str(MIN_ENTRIES), "9" * 40):
        entry = dict(state.entry(index), statusListIndex=raw)
        result = check_status(_credential(entry), fetcher=fetcher, now=NOW)
        assert result.outcome is StatusOutcome.INVALID
        assert "status.index-out-of-range" in [p.code for p in result.problems]


@pytest.mark.parametrize("raw", [5, "-1", "1.0", " 5", "٣", "1_000", ""])
def test_index_must_be_a_base10_string(raw: Any) -> None:
    state, index = _issue()
    entry = dict(state.entry(index), statusListIndex=raw)
    result = check_status(_credential(entry), now=NOW)
    assert result.outcome is StatusOutcome.INVALID
    assert [p.code for p in result.problems] == ["status.entry-invalid"]
    assert result.problems[0].path == "/credentialStatus/statusListIndex"


def test_indeterminate_without_fetcher() -> None:
    state, index = _issue()
    state.revoke(index)
    result = check_status(_credential(state.entry(index)), now=NOW)
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert not result.ok
    assert not result.revoked
    assert [p.code for p in result.problems] == ["status.indeterminate"]
    assert "offline" in result.problems[0].message


def test_fetch_failure_is_indeterminate() -> None:
    state, index = _issue()
    result = check_status(
        _credential(state.entry(index)), fetcher=StaticStatusListFetcher([]), now=NOW
    )
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert [p.code for p in result.problems] == ["status.list-unavailable"]


class _CountingFetcher:
    def __init__(self, docs: Iterable[Mapping[str, Any]]) -> None:
        self.inner = StaticStatusListFetcher(docs)
        self.calls = 0

    def fetch(self, url: str) -> Mapping[str, Any]:
        self.calls += 1
        return self.inner.fetch(url)


def test_several_entries_on_one_list_fetch_it_once() -> None:
    state = IssuerStatusList.create(LIST_URL, purpose="revocation")
    rng = Random(5)
    a, b = state.allocate(rng=rng), state.allocate(rng=rng)
    state.revoke(b)
    fetcher = _CountingFetcher([state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")])
    result = check_status(_credential(state.entry(a), state.entry(b)), fetcher=fetcher, now=NOW)
    assert [e.outcome for e in result.entries] == [StatusOutcome.OK, StatusOutcome.REVOKED]
    assert result.outcome is StatusOutcome.REVOKED
    assert fetcher.calls == 1


# The spec's validate algorithm raises STATUS_VERIFICATION_ERROR when a proof of the list
# fails: the list's content is then untrustworthy, so the entry is *indeterminate* (neither
# "revoked" nor "ok" can be concluded) and carries the error status.list-proof-invalid.
@pytest.mark.parametrize(
    "verdict",
    [False, [Problem("proof.signature-mismatch", "bad signature")]],
)
def test_failed_list_proof_is_indeterminate(verdict: Any) -> None:
    state, index = _issue()
    state.revoke(index)
    result = _check(state, index, verify_list=lambda _doc: verdict)
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert not result.revoked
    codes = [p.code for p in result.problems]
    assert codes[0] == "status.list-proof-invalid"
    if not isinstance(verdict, bool):
        assert "proof.signature-mismatch" in codes


def test_unverifiable_list_proof_is_indeterminate() -> None:
    def verify(_doc: Mapping[str, Any]) -> bool:
        raise ResolutionError("did:example:12345 cannot be resolved offline")

    state, index = _issue()
    result = _check(state, index, verify_list=verify)
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert [p.code for p in result.problems] == ["status.list-proof-unverifiable"]


def test_unchecked_list_proof_is_labelled() -> None:
    state, index = _issue()
    state.revoke(index)
    result = _check(state, index, verify_list=None)
    assert result.outcome is StatusOutcome.REVOKED
    assert not result.entries[0].proof_checked
    assert [p.code for p in result.problems] == ["status.list-proof-unchecked", "status.revoked"]


def test_programming_errors_in_verify_list_propagate() -> None:
    def verify(_doc: Mapping[str, Any]) -> bool:
        raise ZeroDivisionError

    state, index = _issue()
    with pytest.raises(ZeroDivisionError):
        _check(state, index, verify_list=verify)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("validUntil", "2025-12-31T00:00:00Z", "status.list-expired"),
        ("validFrom", "2026-02-01T00:00:00Z", "status.list-not-yet-valid"),
        ("validUntil", "2025-12-31", "status.list-invalid"),
    ],
)
def test_list_validity_period(field: str, value: str, code: str) -> None:
    state, index = _issue()
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    list_vc[field] = value
    result = check_status(
        _credential(state.entry(index)),
        fetcher=StaticStatusListFetcher([list_vc]),
        verify_list=lambda _d: True,
        now=NOW,
    )
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert [p.code for p in result.problems] == [code]


def test_clock_skew_tolerance() -> None:
    state, index = _issue()
    list_vc = state.credential(
        issuer=ISSUER, valid_from="2025-01-01T00:00:00Z", valid_until=NOW - timedelta(seconds=60)
    )
    fetcher = StaticStatusListFetcher([list_vc])
    credential = _credential(state.entry(index))
    assert check_status(credential, fetcher=fetcher, now=NOW).outcome is StatusOutcome.OK
    strict = check_status(credential, fetcher=fetcher, now=NOW, max_clock_skew=timedelta(0))
    assert strict.outcome is StatusOutcome.INDETERMINATE


@pytest.mark.parametrize(
    ("now", "skew", "outcome"),
    [
        (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), timedelta(seconds=300), StatusOutcome.OK),
        (NOW, timedelta.max, StatusOutcome.OK),
        (datetime(1, 1, 1, tzinfo=UTC), timedelta(seconds=300), StatusOutcome.INDETERMINATE),
    ],
)
def test_any_moment_and_any_skew_give_an_outcome(
    now: datetime, skew: timedelta, outcome: StatusOutcome
) -> None:
    state, index = _issue()
    list_vc = state.credential(
        issuer=ISSUER, valid_from="2025-01-01T00:00:00Z", valid_until="9999-12-31T23:59:30Z"
    )
    result = check_status(
        _credential(state.entry(index)),
        fetcher=StaticStatusListFetcher([list_vc]),
        verify_list=lambda _d: True,
        now=now,
        max_clock_skew=skew,
    )
    assert result.outcome is outcome


@pytest.mark.parametrize(
    "value",
    ["2025-03-01T12:00+01:00", "2025-03-01T12:00:00+15:00", "2025-03-01T24:00:00.5Z"],
)
def test_list_dates_follow_the_date_time_stamp_grammar(value: str) -> None:
    # Before one parser served the library, Python's ISO reader accepted these here.
    state, index = _issue()
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    list_vc["validFrom"] = value
    result = check_status(
        _credential(state.entry(index)),
        fetcher=StaticStatusListFetcher([list_vc]),
        verify_list=lambda _d: True,
        now=NOW,
    )
    assert [p.code for p in result.problems] == ["status.list-invalid"]


def test_list_that_is_not_a_status_list_is_invalid() -> None:
    state, index = _issue()
    list_vc = state.credential(issuer=ISSUER, valid_from="2025-01-01T00:00:00Z")
    list_vc["type"] = ["VerifiableCredential"]
    result = check_status(
        _credential(state.entry(index)), fetcher=StaticStatusListFetcher([list_vc]), now=NOW
    )
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert "status.list-invalid" in [p.code for p in result.problems]


def test_message_purpose_with_two_bit_entries() -> None:
    messages = [
        {"status": "0x0", "message": "pending_review"},
        {"status": "0x1", "message": "accepted"},
        {"status": "0x2", "message": "rejected"},
        {"status": "0x3", "message": "undefined"},
    ]
    state = IssuerStatusList.create(
        LIST_URL, purpose="message", length=2 * MIN_ENTRIES, status_size=2, status_messages=messages
    )
    index = state.allocate(rng=Random(2))
    state.set_status(index, 2)
    entry = state.entry(index)
    assert entry["statusSize"] == 2
    assert entry["statusMessage"] == messages
    result = _check(state, index)
    assert result.outcome is StatusOutcome.FLAGGED
    assert result.ok
    assert result.entries[0].message == "rejected"
    assert result.entries[0].valid is False
    broken = dict(entry, statusMessage=messages[:3])
    assert check_status(_credential(broken), now=NOW).outcome is StatusOutcome.INVALID


def test_no_credential_status_is_ok_and_unknown_types_are_indeterminate() -> None:
    credential = _credential({"id": "https://example.com/x", "type": "CRLBloomFilter2023Entry"})
    assert check_status({"id": "x"}, now=NOW).entries == ()
    result = check_status(credential, now=NOW)
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert [p.code for p in result.problems] == ["status.unsupported-type"]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        check_status({}, now=datetime(2026, 1, 1))


# ----------------------------------------------------------------------------- legacy


def _status_list_2021(encoded: str) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://w3id.org/vc/status-list/2021/v1",
        ],
        "id": LIST_URL,
        "type": ["VerifiableCredential", "StatusList2021Credential"],
        "issuer": ISSUER,
        "issuanceDate": "2021-04-05T14:27:40Z",
        "credentialSubject": {
            "id": f"{LIST_URL}#list",
            "type": "StatusList2021",
            "statusPurpose": "revocation",
            "encodedList": encoded,
        },
    }


def _entry_2021(index: int) -> dict[str, Any]:
    return {
        "id": f"{LIST_URL}#{index}",
        "type": "StatusList2021Entry",
        "statusPurpose": "revocation",
        "statusListIndex": str(index),
        "statusListCredential": LIST_URL,
    }


def test_status_list_2021_reads_plain_base64() -> None:
    fetcher = StaticStatusListFetcher([_status_list_2021(SL2021_ENCODED_LIST)])
    result = check_status(_credential(_entry_2021(94567)), fetcher=fetcher, now=NOW)
    assert result.outcome is StatusOutcome.OK
    raw = bytearray(16 * 1024)
    raw[94567 // 8] |= 0x80 >> (94567 % 8)
    encoded = base64.b64encode(gzip.compress(bytes(raw), mtime=0)).decode()  # standard alphabet
    fetcher = StaticStatusListFetcher([_status_list_2021(encoded)])
    result = check_status(_credential(_entry_2021(94567)), fetcher=fetcher, now=NOW)
    assert result.outcome is StatusOutcome.REVOKED
    assert result.entries[0].type == "StatusList2021Entry"


def test_status_list_2021_expiration_date() -> None:
    doc = dict(_status_list_2021(SL2021_ENCODED_LIST), expirationDate="2025-01-01T00:00:00Z")
    result = check_status(
        _credential(_entry_2021(1)), fetcher=StaticStatusListFetcher([doc]), now=NOW
    )
    assert [p.code for p in result.problems][-1] == "status.list-expired"


def test_1edtech_revocation_list() -> None:
    list_url = "https://example.com/revocations/1"
    credential = _credential({"id": list_url, "type": "1EdTechRevocationList"})
    listing = {
        "id": list_url,
        "issuer": ISSUER,
        "revokedCredentials": [{"id": "https://example.com/credentials/other"}],
    }
    fetcher = StaticStatusListFetcher([listing])
    ok = check_status(credential, fetcher=fetcher, now=NOW)
    assert ok.outcome is StatusOutcome.OK
    assert [p.code for p in ok.problems] == ["status.list-proof-unchecked"]
    listing["revokedCredentials"].append(
        {"id": credential["id"], "revocationReason": "issued in error"}
    )
    revoked = check_status(credential, fetcher=StaticStatusListFetcher([listing]), now=NOW)
    assert revoked.outcome is StatusOutcome.REVOKED
    assert revoked.entries[0].message == "issued in error"
    other_issuer = dict(listing, issuer="did:example:mallory")
    result = check_status(credential, fetcher=StaticStatusListFetcher([other_issuer]), now=NOW)
    assert result.outcome is StatusOutcome.INDETERMINATE
    assert check_status(credential, now=NOW).outcome is StatusOutcome.INDETERMINATE


def test_list_proof_that_cannot_be_checked_is_unverifiable_not_invalid() -> None:
    # Regression: a list signed by a key the verifier cannot resolve was reported as a
    # proof that "does not verify"; it is undecided, and says so.
    state, index = _issue()
    undecided = [Problem("proof.method-unresolvable", "key not resolvable")]
    result = _check(state, index, verify_list=lambda _doc: undecided)
    assert result.outcome is StatusOutcome.INDETERMINATE
    codes = [p.code for p in result.problems]
    assert codes[0] == "status.list-proof-unverifiable"
    assert "proof.method-unresolvable" in codes


@pytest.mark.parametrize("state", [[], "text", 5, None])
def test_state_that_is_not_an_object_is_reported(state: Any) -> None:
    # Regression: a state file holding a JSON array raised AttributeError.
    with pytest.raises(InvalidDocumentError) as info:
        IssuerStatusList.from_json(state)
    assert info.value.problems[0].code == "status.state-invalid"


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_a_state_lock_that_is_not_a_file_is_refused(tmp_path: Any, kind: str) -> None:
    state, index = _issue()
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state.to_json()))
    block_lock(tmp_path / "state.json.lock", kind)
    refused = pytest.raises(MicrocredentialError, match=r"state\.json\.lock.*regular file")
    with refused, edit_state_file(path) as current:
        current.revoke(index)
    assert IssuerStatusList.from_json(json.loads(path.read_text())).status(index) == 0


def test_status_list_fetcher_is_a_deprecated_name_of_the_one_fetcher_protocol() -> None:
    import microcredential.status as status_module
    from microcredential.fetch import Fetcher

    with pytest.warns(DeprecationWarning, match=r"microcredential\.fetch\.Fetcher"):
        old = status_module.StatusListFetcher
    assert old is Fetcher
    assert "StatusListFetcher" not in status_module.__all__
    with pytest.raises(AttributeError):
        status_module.NoSuchName  # noqa: B018


def _reference_allocations(length: int, taken: set[int], rng: Random, count: int) -> list[int]:
    """The allocation rule, written plainly: rejection sampling while the list is less than
    half full, then the k-th unused index in increasing order for a uniform k."""
    used = set(taken)
    out = []
    for _ in range(count):
        if len(used) * 2 < length:
            while True:
                index = rng.randrange(length)
                if index not in used:
                    break
        else:
            index = [i for i in range(length) if i not in used][rng.randrange(length - len(used))]
        used.add(index)
        out.append(index)
    return out


@settings(max_examples=60, deadline=None)
@given(
    length=st.integers(1, 300),
    seed=st.integers(0, 2**32),
    taken=st.sets(st.integers(0, 299), max_size=200),
)
def test_allocation_picks_what_the_plain_rule_picks(
    length: int, seed: int, taken: set[int]
) -> None:
    taken = {i for i in taken if i < length}
    state = IssuerStatusList(LIST_URL, StatusList(length), allocated=taken)
    rng = Random(seed)
    picked = [state.allocate(rng=rng) for _ in range(length - len(taken))]
    assert picked == _reference_allocations(length, taken, Random(seed), len(picked))
    assert state.free == 0
    assert state.allocated == frozenset(range(length))
    back = IssuerStatusList.from_json(state.to_json())
    assert back.allocated == frozenset(range(length))
    assert back.free == 0


def test_a_half_full_list_read_back_allocates_as_the_original() -> None:
    state = IssuerStatusList(LIST_URL, StatusList(4096))
    rng = Random(11)
    for _ in range(3000):  # past half: the dense rule
        state.allocate(rng=rng)
    back = IssuerStatusList.from_json(state.to_json())
    assert [back.allocate(rng=Random(5)) for _ in range(50)] == [
        state.allocate(rng=Random(5)) for _ in range(50)
    ]
    assert back.to_json() == state.to_json()
