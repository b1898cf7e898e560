"""Hostile or odd proofs are reported, never raised (each case once raised or slipped through)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

import microcredential as mc
from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.integrity.jcs import canonicalize_json, format_number
from microcredential.results import VerificationStatus
from vectors import EXAMPLES_LOADER, W3C_CREATED, W3C_UNSIGNED, w3c_key

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def signed(suite: str = "eddsa-rdfc-2022", **options: Any) -> dict[str, Any]:
    return add_proof_unchecked(
        W3C_UNSIGNED,
        w3c_key(),
        cryptosuite=suite,
        created=options.pop("created", W3C_CREATED),
        loader=EXAMPLES_LOADER,
        **options,
    )


def codes(document: Any, **options: Any) -> set[str]:
    result = verify_proofs(document, loader=EXAMPLES_LOADER, now=NOW, **options)
    return {p.code for p in result.problems}


@pytest.mark.parametrize("bad_id", [["x"], {"a": 1}, 5])
def test_unhashable_or_odd_proof_ids(bad_id: Any) -> None:
    doc = signed()
    second = copy.deepcopy(doc["proof"])
    second["id"] = bad_id
    doc["proof"] = [doc["proof"], second]
    result = verify_proofs(doc, loader=EXAMPLES_LOADER, now=NOW)
    assert [r.ok for r in result.proofs] == [True, False]
    assert result.proofs[1].problems


@pytest.mark.parametrize(
    ("previous", "code"),
    [([["x"]], "jsonld.nested-array"), ({"a": 1}, "proof.malformed"), (7, "proof.malformed")],
)
def test_non_string_previous_proof(previous: Any, code: str) -> None:
    doc = signed()
    doc["proof"]["previousProof"] = previous
    assert code in codes(doc)


@pytest.mark.parametrize("purpose", ["foo", ""])
def test_unknown_proof_purpose_is_a_mismatch(purpose: str) -> None:
    doc = signed()
    doc["proof"]["proofPurpose"] = purpose
    assert "proof.purpose-mismatch" in codes(doc)


@pytest.mark.parametrize(
    ("field", "value"),
    [("created", "9999-12-31T24:00:00Z"), ("expires", "9999-12-31T23:59:59Z")],
)
def test_dates_at_the_end_of_the_calendar(field: str, value: str) -> None:
    doc = signed()
    doc["proof"][field] = value
    found = codes(doc)
    assert found  # reported (malformed, or a changed signature), not raised
    assert found <= {"proof.malformed", "proof.signature-mismatch"}


def test_expires_far_in_the_future_is_fine() -> None:
    doc = signed(expires="9999-12-31T23:59:59Z")
    assert codes(doc) == set()


def test_created_after_now_is_not_refused() -> None:
    # VC Data Integrity sets no upper bound on `created` (peers make it opt-in): verifying
    # "as of" an earlier moment, as the tests of validity dates do, must keep working. The
    # date is only reported, as a warning.
    doc = signed(created="2099-01-01T00:00:00Z")
    result = verify_proofs(doc, loader=EXAMPLES_LOADER, now=NOW)
    assert result.ok
    assert {(p.code, p.severity.value) for p in result.problems} == {
        ("proof.created-in-future", "warning")
    }


def test_empty_proof_set() -> None:
    doc = signed()
    doc["proof"] = []
    result = verify_proofs(doc, loader=EXAMPLES_LOADER)
    assert result.status is VerificationStatus.INVALID
    assert {p.code for p in result.problems} == {"proof.missing"}


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_deep_nesting_is_reported(suite: str) -> None:
    doc = signed(suite)
    deep: Any = "leaf"
    for _ in range(3000):
        deep = {"n": deep}
    doc["credentialSubject"]["deep"] = deep
    found = codes(doc)
    assert found
    assert all(c.startswith("proof.") for c in found)
    result = mc.verify(doc, loader=EXAMPLES_LOADER, now=NOW)
    assert not result.ok


def test_integers_beyond_2_53_follow_ecmascript() -> None:
    # 2**60 is an exact double: ECMAScript writes it in its shortest round-trip form.
    assert format_number(2**60) == "1152921504606847000"
    assert canonicalize_json({"n": 2**60}) == '{"n":1152921504606847000}'
    with pytest.raises(ValueError, match="not exactly an IEEE 754 double"):
        format_number(2**53 + 1)


def test_jcs_signature_over_a_large_exact_integer() -> None:
    doc = copy.deepcopy(W3C_UNSIGNED)
    doc["credentialSubject"]["big"] = 2**60
    ex = add_proof_unchecked(doc, w3c_key(), cryptosuite="eddsa-jcs-2022")
    assert verify_proofs(ex).ok


def test_jcs_document_with_a_non_string_key_is_reported_not_raised() -> None:
    # Python callers can pass {1: ...}; JSON cannot express it, so RFC 8785 refuses it.  The
    # general writer once sorted before checking the key's type and raised AttributeError.
    doc = signed("eddsa-jcs-2022")
    doc["credentialSubject"]["scores"] = {1: "pass"}
    assert codes(doc) == {"proof.malformed"}
    with pytest.raises(TypeError, match="keys must be strings"):
        add_proof_unchecked(doc, w3c_key(), cryptosuite="eddsa-jcs-2022")
