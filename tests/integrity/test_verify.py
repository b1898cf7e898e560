"""Verifying proofs: vectors, proof sets and chains, every problem code, and properties."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microcredential import strategies
from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.keys import EcdsaKey, Ed25519Key, Signer
from microcredential.problems import Severity
from microcredential.resolve import ChainResolver, StaticResolver
from microcredential.results import VerificationStatus
from support import reference_json
from vectors import (
    EXAMPLES_LOADER,
    OB_CREATED,
    OB_METHOD,
    OB_SECRET,
    W3C_CREATED,
    W3C_UNSIGNED,
    ob_credential,
    w3c_key,
)

SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
FUTURE = "proof.created-in-future"


def codes(result: Any) -> set[str]:
    return {p.code for p in result.problems}


@pytest.mark.parametrize(
    "path",
    [
        "vectors/vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json",
        "vectors/vc-di-eddsa/eddsa-jcs-2022/signedJCS.json",
        "vectors/vc-di-eddsa/proof-set-chain/signedProofSet1.json",
        "vectors/vc-di-eddsa/proof-set-chain/signedProofSet2.json",
        "vectors/vc-di-eddsa/proof-set-chain/signedProofChain1.json",
        "vectors/vc-di-eddsa/proof-set-chain/signedProofChain2.json",
    ],
)
def test_w3c_signed_vectors_verify(path: str) -> None:
    result = verify_proofs(reference_json(path), loader=EXAMPLES_LOADER)
    assert result.status is VerificationStatus.VERIFIED, result.problems
    assert result.proofs


def test_legacy_ed25519signature2020_vector_verifies() -> None:
    loader = EXAMPLES_LOADER
    signed = reference_json("vectors/vc-di-eddsa/Ed25519Signature2020/signedEdSig.json")
    result = verify_proofs(signed, loader=loader)
    assert result.ok, result.problems
    assert result.proofs[0].cryptosuite == "Ed25519Signature2020"
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Forged"
    assert "proof.signature-mismatch" in codes(verify_proofs(tampered, loader=loader))


def test_legacy_eddsa_2022_name_verifies_but_cannot_sign() -> None:
    signed = add_proof_unchecked(
        W3C_UNSIGNED, w3c_key(), created=W3C_CREATED, loader=EXAMPLES_LOADER
    )
    legacy = copy.deepcopy(signed)
    legacy["proof"]["cryptosuite"] = "eddsa-2022"
    # The suite name is part of the signed proof configuration, so re-sign the legacy form.
    from microcredential.integrity.suites import _EDDSA_2022

    unsecured = {k: v for k, v in legacy.items() if k != "proof"}
    config = {k: v for k, v in legacy["proof"].items() if k != "proofValue"}
    config["@context"] = unsecured["@context"]
    data = _EDDSA_2022.hash_data(unsecured, config, EXAMPLES_LOADER)
    from microcredential.multibase import encode_base58btc

    legacy["proof"]["proofValue"] = encode_base58btc(w3c_key().sign(data))
    assert verify_proofs(legacy, loader=EXAMPLES_LOADER).ok
    from microcredential.errors import UnsupportedCryptosuiteError

    with pytest.raises(UnsupportedCryptosuiteError, match="verify-only"):
        add_proof_unchecked(W3C_UNSIGNED, w3c_key(), cryptosuite="eddsa-2022")


def test_ob_vector_verifies_with_issuer_controller_document() -> None:
    key = Ed25519Key.from_multibase(OB_SECRET, id=OB_METHOD)
    signed = add_proof_unchecked(ob_credential(), key, created=OB_CREATED)
    controller = {
        "id": "https://example.edu/issuers/565049",
        "assertionMethod": [key.public_key.to_multikey(id=OB_METHOD, controller=key.controller)],
    }
    result = verify_proofs(signed, resolver=ChainResolver(StaticResolver([controller])))
    assert result.ok, result.problems
    assert result.proofs[0].controller == "https://example.edu/issuers/565049"
    # Without the issuer's document the key cannot be found: indeterminate, not invalid.
    unresolved = verify_proofs(signed)
    assert unresolved.status is VerificationStatus.INDETERMINATE
    assert codes(unresolved) == {"proof.method-unresolvable"}


def test_method_not_authorised_for_purpose() -> None:
    key = Ed25519Key.from_multibase(OB_SECRET, id=OB_METHOD)
    signed = add_proof_unchecked(ob_credential(), key, created=OB_CREATED)
    controller = {
        "id": "https://example.edu/issuers/565049",
        "authentication": [key.public_key.to_multikey(id=OB_METHOD, controller=key.controller)],
    }
    result = verify_proofs(signed, resolver=StaticResolver([controller]))
    assert codes(result) == {"proof.purpose-not-authorized"}
    assert result.status is VerificationStatus.INVALID


def signed_w3c(suite: str = "eddsa-rdfc-2022", **options: Any) -> dict[str, Any]:
    return add_proof_unchecked(
        W3C_UNSIGNED, w3c_key(), cryptosuite=suite, loader=EXAMPLES_LOADER, **options
    )


@pytest.mark.parametrize("suite", SUITES)
def test_tampering_is_a_signature_mismatch(suite: str) -> None:
    signed = signed_w3c(suite)
    signed["credentialSubject"]["alumniOf"] = "The School of Forgery"
    result = verify_proofs(signed, loader=EXAMPLES_LOADER)
    assert codes(result) == {"proof.signature-mismatch"}
    assert result.status is VerificationStatus.INVALID


def test_signed_by_another_key() -> None:
    other = Ed25519Key.generate()
    forged = add_proof_unchecked(W3C_UNSIGNED, other, created=W3C_CREATED, loader=EXAMPLES_LOADER)
    forged["proof"]["verificationMethod"] = w3c_key().id
    assert codes(verify_proofs(forged, loader=EXAMPLES_LOADER)) == {"proof.signature-mismatch"}


def test_missing_proof() -> None:
    result = verify_proofs(W3C_UNSIGNED, loader=EXAMPLES_LOADER)
    assert codes(result) == {"proof.missing"}
    assert not result.ok


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda p: p.update(cryptosuite="bbs-2023"), "proof.unsupported-cryptosuite"),
        (lambda p: p.update(type="RsaSignature2018"), "proof.unsupported-cryptosuite"),
        (lambda p: p.update(proofValue="not-multibase"), "proof.malformed"),
        (lambda p: p.update(proofValue="z111"), "proof.malformed"),
        (lambda p: p.pop("verificationMethod"), "proof.malformed"),
        (lambda p: p.update(created="yesterday"), "proof.malformed"),
        (lambda p: p.update(proofPurpose="authentication"), "proof.purpose-mismatch"),
    ],
)
def test_malformed_and_unsupported(change: Any, code: str) -> None:
    signed = signed_w3c()
    change(signed["proof"])
    assert code in codes(verify_proofs(signed, loader=EXAMPLES_LOADER))


def test_expired_proof_with_clock_skew() -> None:
    signed = signed_w3c(created=W3C_CREATED, expires="2024-01-01T00:00:00Z")
    at_expiry = datetime(2024, 1, 1, tzinfo=UTC)
    assert verify_proofs(signed, now=at_expiry, loader=EXAMPLES_LOADER).ok
    within_skew = at_expiry + timedelta(seconds=300)
    assert verify_proofs(signed, now=within_skew, loader=EXAMPLES_LOADER).ok
    past_skew = at_expiry + timedelta(seconds=301)
    assert codes(verify_proofs(signed, now=past_skew, loader=EXAMPLES_LOADER)) == {"proof.expired"}
    strict = verify_proofs(
        signed,
        now=at_expiry + timedelta(seconds=1),
        max_clock_skew=timedelta(0),
        loader=EXAMPLES_LOADER,
    )
    assert codes(strict) == {"proof.expired"}


@pytest.mark.parametrize(
    ("now", "skew", "expected"),
    [
        (datetime(1, 1, 1, 0, 1, tzinfo=UTC), timedelta(seconds=300), {FUTURE}),
        (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), timedelta.min, {"proof.expired", FUTURE}),
        (datetime(2030, 1, 1, tzinfo=UTC), timedelta.max, set()),
        (datetime(2030, 1, 1, tzinfo=UTC), timedelta.min, {"proof.expired", FUTURE}),
    ],
)
def test_expiry_at_any_moment_with_any_skew(
    now: datetime, skew: timedelta, expected: set[str]
) -> None:
    signed = signed_w3c(created=W3C_CREATED, expires="2024-01-01T00:00:00Z")
    result = verify_proofs(signed, now=now, max_clock_skew=skew, loader=EXAMPLES_LOADER)
    assert codes(result) == expected


def test_created_in_the_future_is_a_warning_beyond_the_clock_skew() -> None:
    signed = signed_w3c(created="2030-01-01T12:00:00+14:00")  # 2029-12-31T22:00:00Z
    created = datetime(2029, 12, 31, 22, tzinfo=UTC)
    for now in (created, created - timedelta(seconds=300), created + timedelta(days=1)):
        result = verify_proofs(signed, now=now, loader=EXAMPLES_LOADER)
        assert result.ok
        assert codes(result) == set()
    early = verify_proofs(signed, now=created - timedelta(seconds=301), loader=EXAMPLES_LOADER)
    [problem] = early.problems
    assert problem.code == FUTURE
    assert problem.severity is Severity.WARNING
    assert problem.path == "/proof/created"
    assert "2030-01-01T12:00:00+14:00" in problem.message
    assert "clock skew" in problem.message
    assert early.ok  # created is informative: the signature still counts
    strict = verify_proofs(
        signed,
        now=created - timedelta(seconds=1),
        max_clock_skew=timedelta(0),
        loader=EXAMPLES_LOADER,
    )
    assert codes(strict) == {FUTURE}


def test_created_in_the_future_in_a_proof_set_points_at_that_proof() -> None:
    first = signed_w3c(created=W3C_CREATED)
    both = add_proof_unchecked(
        first, w3c_key(), created="2031-01-01T00:00:00Z", loader=EXAMPLES_LOADER
    )
    result = verify_proofs(both, now="2026-01-01T00:00:00Z", loader=EXAMPLES_LOADER)
    assert result.ok
    assert [(p.code, p.path) for p in result.problems] == [(FUTURE, "/proof/1/created")]


def test_domain_and_challenge() -> None:
    signed = signed_w3c(
        proof_purpose="authentication", domain="https://verifier.example", challenge="c-123"
    )
    ok = verify_proofs(
        signed,
        expected_purpose="authentication",
        domain="https://verifier.example",
        challenge="c-123",
        loader=EXAMPLES_LOADER,
    )
    assert ok.ok
    wrong = verify_proofs(
        signed,
        expected_purpose="authentication",
        domain="https://evil.example",
        challenge="other",
        loader=EXAMPLES_LOADER,
    )
    assert codes(wrong) == {"proof.domain-mismatch", "proof.challenge-mismatch"}


def test_safe_mode_violation_during_verification() -> None:
    signed = signed_w3c("eddsa-jcs-2022")
    # Under JCS an undefined term is signed; under RDFC it would be dropped, so refuse it.
    signed["proof"]["cryptosuite"] = "eddsa-rdfc-2022"
    signed.pop("@context")
    signed["@context"] = ["https://www.w3.org/ns/credentials/v2"]
    signed["proof"].pop("@context")
    assert "proof.safe-mode" in codes(verify_proofs(signed))


def test_proof_set_and_chain_built_here_verify() -> None:
    keys = [Ed25519Key.generate() for _ in range(3)]
    doc = add_proof_unchecked(W3C_UNSIGNED, keys[0], proof_id="urn:uuid:p1", loader=EXAMPLES_LOADER)
    doc = add_proof_unchecked(doc, keys[1], proof_id="urn:uuid:p2", loader=EXAMPLES_LOADER)
    doc = add_proof_unchecked(
        doc, keys[2], previous_proof=["urn:uuid:p1", "urn:uuid:p2"], loader=EXAMPLES_LOADER
    )
    result = verify_proofs(doc, loader=EXAMPLES_LOADER)
    assert result.ok
    assert len(result.proofs) == 3
    # Removing a proof the chain signed breaks the chain link.
    broken = copy.deepcopy(doc)
    del broken["proof"][0]
    assert "proof.previous-proof-missing" in codes(verify_proofs(broken, loader=EXAMPLES_LOADER))
    # Changing a proof the chain signed breaks the chained signature as well.
    altered = copy.deepcopy(doc)
    altered["proof"][1]["created"] = "2020-01-01T00:00:00Z"
    altered_codes = [r.problems for r in verify_proofs(altered, loader=EXAMPLES_LOADER).proofs]
    assert [bool(p) for p in altered_codes] == [False, True, True]


def test_chain_to_an_unknown_proof_is_refused() -> None:
    from microcredential.errors import SigningError

    with pytest.raises(SigningError, match="urn:uuid:nope"):
        add_proof_unchecked(
            W3C_UNSIGNED, w3c_key(), previous_proof="urn:uuid:nope", loader=EXAMPLES_LOADER
        )


# -- properties over generated credentials -------------------------------------------------

KEY = Ed25519Key.generate()
#: Every suite that signs, with every key type it takes.
SIGNING = [
    ("eddsa-rdfc-2022", KEY),
    ("eddsa-jcs-2022", KEY),
    ("ecdsa-rdfc-2019", EcdsaKey.generate("P-256")),
    ("ecdsa-jcs-2019", EcdsaKey.generate("P-256")),
    ("ecdsa-rdfc-2019", EcdsaKey.generate("P-384")),
    ("ecdsa-jcs-2019", EcdsaKey.generate("P-384")),
]


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every string or number in ``value``: ids, types, contexts and the proof's own options
    are signed too."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaf_paths(v, (*path, i))]
    return [path] if isinstance(value, str | int | float) and not isinstance(value, bool) else []


def _get(doc: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        doc = doc[part]
    return doc


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _tweak(value: Any) -> Any:
    if isinstance(value, str):
        return value + "x" if not value.endswith("x") else value[:-1] + "y"
    return value + 1


@settings(max_examples=40)
@given(cred=strategies.credentials(), signing=st.sampled_from(SIGNING), data=st.data())
def test_sign_verify_and_any_change_fails(
    cred: dict[str, Any], signing: tuple[str, Signer], data: Any
) -> None:
    suite, key = signing
    signed = add_proof_unchecked(cred, key, cryptosuite=suite)
    assert verify_proofs(signed).ok
    # Key order and whitespace do not matter.
    reordered = json.loads(json.dumps(signed, sort_keys=True, indent=1))
    assert verify_proofs(reordered).ok
    # Any change to a signed value does.
    paths = _leaf_paths(signed)
    path = data.draw(st.sampled_from(paths))
    tampered = copy.deepcopy(signed)
    original = _get(tampered, path)
    changed = _tweak(original)
    _set(tampered, path, changed)
    result = verify_proofs(tampered)
    assert not result.ok, (path, original, changed)


@settings(max_examples=20)
@given(cred=strategies.credentials(), signing=st.sampled_from(SIGNING))
def test_adding_or_removing_a_property_fails(
    cred: dict[str, Any], signing: tuple[str, Signer]
) -> None:
    suite, key = signing
    signed = add_proof_unchecked(cred, key, cryptosuite=suite)
    added = copy.deepcopy(signed)
    added["description"] = added.get("description", "") + " (amended)"
    assert not verify_proofs(added).ok
    removed = copy.deepcopy(signed)
    removed.pop("name", None) if "name" in removed else removed.pop("validFrom")
    assert not verify_proofs(removed).ok
