"""``Verifier``: many credentials, the same settings, the same results as ``verify``."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pytest

import microcredential.verification as verification
from microcredential import Verifier, issue, status_list_credential, verify
from microcredential._time import parse_datetime
from microcredential.integrity import add_proof_unchecked
from microcredential.keys import Ed25519Key
from microcredential.status import IssuerStatusList
from microcredential.verification import VerificationStatus
from support import TEAMWORK as ACHIEVEMENT

VALID_FROM = "2026-01-01T00:00:00Z"
NOW = "2026-06-01T00:00:00Z"


@pytest.fixture(scope="module")
def register(key: Ed25519Key) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Six credentials on one revocation list (the third revoked), and the signed list."""
    revocations = IssuerStatusList.create("https://example.edu/status/1")
    credentials = [
        issue(
            ACHIEVEMENT,
            recipient=f"did:example:{n}",
            key=key,
            valid_from=VALID_FROM,
            status=revocations,
        )
        for n in range(6)
    ]
    revocations.revoke(int(credentials[2]["credentialStatus"]["statusListIndex"]))
    return credentials, status_list_credential(revocations, key, valid_from=VALID_FROM)


class CountingFetcher:
    """Hands out one list document and counts how often the verifier asked for it."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self.fetches = 0

    def fetch(self, url: str) -> Mapping[str, Any]:
        self.fetches += 1
        if url != self.document["id"]:
            raise LookupError(url)
        return self.document


def outcome(result: Any) -> tuple[VerificationStatus, list[str]]:
    return result.status, sorted(p.code for p in result.problems)


def test_same_results_as_verify(register: Any) -> None:
    credentials, published = register
    forged = copy.deepcopy(credentials[4])
    forged["credentialSubject"]["id"] = "did:example:someone-else"
    documents = [*credentials, forged]
    verifier = Verifier(status=[published], now=NOW)
    batch = [outcome(verifier.verify(d)) for d in documents]
    assert batch == [outcome(verify(d, status=[published], now=NOW)) for d in documents]
    statuses = [status for status, _ in batch]
    assert statuses.count(VerificationStatus.VERIFIED) == 5
    assert "status.revoked" in batch[2][1]
    assert statuses[-1] is VerificationStatus.INVALID


def count_proof_checks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The ids of the documents whose proofs verification checks from now on, in order."""
    checked: list[Any] = []
    real = verification.verify_proofs

    def counting(document: Mapping[str, Any], **options: Any) -> Any:
        checked.append(document.get("id"))
        return real(document, **options)

    monkeypatch.setattr(verification, "verify_proofs", counting)
    return checked


def test_the_list_proof_is_checked_once_per_content(
    register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials, published = register
    checked = count_proof_checks(monkeypatch)
    fetcher = CountingFetcher(published)
    verifier = Verifier(status=fetcher, now=NOW)
    for document in credentials:
        verifier.verify(document)
    assert checked.count(published["id"]) == 1  # the list, once
    assert len(checked) == len(credentials) + 1  # and every credential's own proof
    assert fetcher.fetches == len(credentials)  # the list is still read for every credential

    checked.clear()
    for document in credentials:
        verify(document, status=fetcher, now=NOW)  # the one-off recipe keeps nothing
    assert checked.count(published["id"]) == len(credentials)


def test_the_building_block_shares_verdicts_through_a_status_list_cache(
    register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials, published = register
    checked = count_proof_checks(monkeypatch)
    cache = verification.StatusListCache()
    fetcher = CountingFetcher(published)
    results = [
        verification.check_credential(d, status_fetcher=fetcher, now=NOW, status_cache=cache)
        for d in credentials
    ]
    assert checked.count(published["id"]) == 1
    monkeypatch.undo()
    assert [outcome(r) for r in results] == [
        outcome(verify(d, status=[published], now=NOW)) for d in credentials
    ]
    assert "1 verdicts" in repr(cache)


def test_a_list_changed_in_place_is_checked_again(register: Any, other_key: Ed25519Key) -> None:
    credentials, published = register
    document = copy.deepcopy(published)
    fetcher = CountingFetcher(document)
    verifier = Verifier(status=fetcher, now=NOW)
    assert verifier.verify(credentials[2]).has_problem("status.revoked")
    # Someone clears the list's bits without the issuer's key; the same dict is handed out.
    unsigned_clean = status_list_credential(
        IssuerStatusList.create(published["id"]), other_key, valid_from=VALID_FROM
    )
    document["credentialSubject"]["encodedList"] = unsigned_clean["credentialSubject"][
        "encodedList"
    ]
    result = verifier.verify(credentials[2])
    assert not result.ok
    assert result.has_problem("status.list-proof-invalid")


def test_the_moment_is_part_of_the_verdict(
    key: Ed25519Key, register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A list whose proof expires: the verdict reached before expiry must not be reused after.
    credentials, published = register
    state = IssuerStatusList.create(published["id"])
    unsigned = state.credential(issuer=key.controller, valid_from=VALID_FROM)
    expiring = add_proof_unchecked(
        unsigned, key, created=VALID_FROM, expires="2026-03-01T00:00:00Z"
    )
    clock = iter(["2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z", "2026-04-01T00:00:00Z"])
    monkeypatch.setattr(verification, "resolve_now", lambda now: parse_datetime(next(clock)))
    verifier = Verifier(status=[expiring])  # now: the clock, read at each call
    assert verifier.verify(credentials[0]).ok
    assert verifier.verify(credentials[1]).ok
    late = verifier.verify(credentials[0])
    assert late.status is VerificationStatus.INDETERMINATE
    assert late.has_problem("status.list-proof-invalid")


def test_misuse_is_refused(register: Any) -> None:
    with pytest.raises(TypeError, match="mapping"):
        Verifier().verify(["not", "a", "credential"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="timedelta"):
        Verifier(max_clock_skew=300)  # type: ignore[arg-type]
    assert "Verifier(" in repr(Verifier(now=NOW))


class SequenceFetcher:
    """Hands out the given list documents one after the other (a list republished)."""

    def __init__(self, *documents: Mapping[str, Any]) -> None:
        self.documents = list(documents)

    def fetch(self, url: str) -> Mapping[str, Any]:
        return self.documents.pop(0) if len(self.documents) > 1 else self.documents[0]


def test_a_list_that_only_looks_the_same_as_json_is_checked_again(register: Any) -> None:
    # json.dumps writes a tuple as an array: a digest of that text would give the list with
    # a tuple @context the verdict of the genuine list, which verification does not share.
    credentials, published = register
    odd = copy.deepcopy(published)
    odd["@context"] = tuple(odd["@context"])
    fresh = verify(credentials[1], status=[odd], now=NOW)
    assert not fresh.ok
    verifier = Verifier(status=SequenceFetcher(published, odd), now=NOW)
    assert verifier.verify(credentials[0]).ok
    assert outcome(verifier.verify(credentials[1])) == outcome(fresh)


class CopyingFetcher:
    """Hands out a fresh copy of the list each time, its members in the given order."""

    def __init__(self, document: Mapping[str, Any], *, reverse: bool = False) -> None:
        self.document = document
        self.reverse = reverse
        self.copies = 0

    def fetch(self, url: str) -> Mapping[str, Any]:
        self.copies += 1
        reordered = self.reverse and self.copies % 2 == 0
        return reversed_members(self.document) if reordered else copy.deepcopy(self.document)


def reversed_members(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: reversed_members(v) for k, v in reversed(list(value.items()))}
    if isinstance(value, list):
        return [reversed_members(v) for v in value]
    return value


def test_equal_copies_of_a_list_share_one_verdict(
    register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The verdict is kept by the list's JSON content: a new copy of the same list, or one
    # with its members in another order, is the same list.
    credentials, published = register
    for fetcher in (CopyingFetcher(published), CopyingFetcher(published, reverse=True)):
        checked = count_proof_checks(monkeypatch)
        verifier = Verifier(status=fetcher, now=NOW)
        results = [outcome(verifier.verify(c)) for c in credentials * 2]
        assert checked.count(published["id"]) == 1
        monkeypatch.undo()
        assert results == [outcome(verify(c, status=[published], now=NOW)) for c in credentials * 2]


def test_a_list_changed_in_type_only_is_checked_again(register: Any) -> None:
    # Values JSON writes alike but verification reads apart: each list is judged on its own.
    credentials, published = register
    for change in (
        lambda d: d.update(type=tuple(d["type"])),
        lambda d: d["credentialSubject"].update(statusPurpose=_Text("revocation")),
        lambda d: d.update(validFrom=_Text(d["validFrom"])),
    ):
        odd = copy.deepcopy(published)
        change(odd)
        fresh = verify(credentials[1], status=[odd], now=NOW)
        verifier = Verifier(status=SequenceFetcher(published, odd), now=NOW)
        assert verifier.verify(credentials[0]).ok
        assert outcome(verifier.verify(credentials[1])) == outcome(fresh)


class _Text(str):
    """A string subclass: JSON writes it as the string, marshal refuses it."""


def test_long_date_strings_are_parsed_but_not_kept() -> None:
    from microcredential._time import _parse_cached, parse_datetime

    before = _parse_cached.cache_info().currsize
    long_one = "2025-01-01T00:00:00." + "0" * 10_000 + "1Z"
    assert parse_datetime(long_one).year == 2025
    assert _parse_cached.cache_info().currsize == before
    parse_datetime("2025-01-01T00:00:01Z")
    assert _parse_cached.cache_info().currsize <= before + 1


def test_a_verifier_decodes_a_shared_status_list_once(
    register: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import microcredential.status._bitstring_entry as entries

    entries._DECODED.clear()
    decoded: list[str] = []
    real = entries.StatusList.decode

    def counting(encoded: Any, **options: Any) -> Any:
        decoded.append(encoded)
        return real(encoded, **options)

    monkeypatch.setattr(entries.StatusList, "decode", counting)
    credentials, published = register
    verifier = Verifier(status=[published], now=NOW)
    results = [outcome(verifier.verify(c)) for c in credentials * 5]
    assert len(decoded) == 1
    assert [r[0] for r in results].count(VerificationStatus.VERIFIED) == 25
    assert results[2][1].count("status.revoked") == 1
    # A changed list (a revocation since) is a new list: decoded anew, read anew.
    revoked = copy.deepcopy(dict(published))
    assert verify(credentials[0], status=[revoked], now=NOW).ok
    assert len(decoded) == 1
