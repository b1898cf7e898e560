"""Verifiable Presentations: holder proof, challenge, domain, and each credential inside."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from microcredential import issue, present, sign, verify_presentation
from microcredential.errors import SigningError
from microcredential.integrity import add_proof_unchecked
from microcredential.keys import Ed25519Key
from microcredential.presentation import PRESENTATION_CHECK_NAMES, build_presentation
from microcredential.verification import CheckStatus, VerificationStatus
from support import TEAMWORK
from vectors import EXAMPLES_LOADER

NOW = "2026-06-01T12:00:00Z"
CHALLENGE = "5c1e0b8a-7d77-4d6b-9d0f-1f2a3b4c5d6e"
DOMAIN = "jobs.example.com"
#: The presentation-level codes, one per way of failing.
PRESENTATION_CODES = {
    "presentation.challenge-mismatch",
    "presentation.domain-mismatch",
    "presentation.holder-mismatch",
    "presentation.credential-invalid",
}


@pytest.fixture(scope="module")
def holder_key() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(2, 34)))


@pytest.fixture(scope="module")
def stranger_key() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(3, 35)))


@pytest.fixture(scope="module")
def credential(key: Ed25519Key, holder_key: Ed25519Key) -> dict[str, Any]:
    return issue(
        TEAMWORK,
        recipient=holder_key.controller,
        key=key,
        valid_from="2026-01-01T00:00:00Z",
        created="2026-01-01T00:00:00Z",
    )


@pytest.fixture(scope="module")
def presentation(credential: dict[str, Any], holder_key: Ed25519Key) -> dict[str, Any]:
    return present(
        [credential], holder_key=holder_key, challenge=CHALLENGE, domain=DOMAIN, created=NOW
    )


def presentation_codes(result: Any) -> set[str]:
    return {p.code for p in result.problems} & PRESENTATION_CODES


def test_valid_presentation(presentation: dict[str, Any], holder_key: Ed25519Key) -> None:
    assert presentation["holder"] == holder_key.controller
    assert presentation["type"] == ["VerifiablePresentation"]
    proof = presentation["proof"]
    assert (proof["proofPurpose"], proof["challenge"], proof["domain"]) == (
        "authentication",
        CHALLENGE,
        DOMAIN,
    )
    result = verify_presentation(presentation, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert result.ok, str(result)
    assert tuple(c.name for c in result.checks) == PRESENTATION_CHECK_NAMES
    assert all(c.status is CheckStatus.PASSED for c in result.checks)
    (inner,) = result.credentials
    assert inner.ok
    assert json.loads(json.dumps(result.to_dict()))["credentials"][0]["status"] == "verified"
    assert "VERIFIED: VerifiablePresentation" in str(result)


def test_wrong_challenge(presentation: dict[str, Any]) -> None:
    result = verify_presentation(presentation, challenge="another", domain=DOMAIN, now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert presentation_codes(result) == {"presentation.challenge-mismatch"}
    assert result.has_problem("proof.challenge-mismatch")
    assert result.credentials[0].ok  # the credential itself is fine


def test_wrong_domain(presentation: dict[str, Any]) -> None:
    result = verify_presentation(presentation, challenge=CHALLENGE, domain="evil.example", now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert presentation_codes(result) == {"presentation.domain-mismatch"}


def test_holder_proof_by_another_key(
    credential: dict[str, Any], holder_key: Ed25519Key, stranger_key: Ed25519Key
) -> None:
    unsigned = build_presentation([credential], holder=holder_key.controller)
    forged = add_proof_unchecked(
        unsigned,
        stranger_key,
        proof_purpose="authentication",
        challenge=CHALLENGE,
        domain=DOMAIN,
    )
    result = verify_presentation(forged, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert result.check("holder-proof").status is CheckStatus.PASSED
    assert presentation_codes(result) == {"presentation.holder-mismatch"}


def test_tampered_inner_credential(credential: dict[str, Any], holder_key: Ed25519Key) -> None:
    tampered = copy.deepcopy(credential)
    tampered["credentialSubject"]["achievement"]["name"] = "Rocket Science"
    bundle = present([tampered], holder_key=holder_key, challenge=CHALLENGE, domain=DOMAIN)
    result = verify_presentation(bundle, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert result.check("holder-proof").status is CheckStatus.PASSED
    assert presentation_codes(result) == {"presentation.credential-invalid"}
    assert result.credentials[0].has_problem("proof.signature-mismatch")


def test_tampering_after_holder_signed_breaks_the_holder_proof(
    presentation: dict[str, Any],
) -> None:
    tampered = copy.deepcopy(presentation)
    tampered["verifiableCredential"][0]["name"] = "Changed"
    result = verify_presentation(tampered, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert result.check("holder-proof").status is CheckStatus.FAILED
    assert result.has_problem("proof.signature-mismatch")


def test_presentation_without_holder_has_no_holder_binding(
    credential: dict[str, Any], holder_key: Ed25519Key
) -> None:
    # VC Data Model 2.0 §4.13: holder is optional. Without one there is nobody to bind the
    # proof to, so the binding does not apply; the proof and the credentials still must hold.
    unsigned = build_presentation([credential], holder=holder_key.controller)
    del unsigned["holder"]
    signed = sign(
        unsigned, holder_key, proof_purpose="authentication", challenge=CHALLENGE, domain=DOMAIN
    )
    result = verify_presentation(signed, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert result.ok, str(result)
    assert result.check("holder-binding").status is CheckStatus.NOT_APPLICABLE
    assert result.holder is None


def test_empty_presentation_with_a_valid_proof_verifies(holder_key: Ed25519Key) -> None:
    # verifiableCredential is optional too (VC Data Model 2.0 §4.13).
    signed = present([], holder_key=holder_key, challenge=CHALLENGE, domain=DOMAIN)
    assert "verifiableCredential" not in signed
    result = verify_presentation(signed, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert result.ok, str(result)
    assert result.check("credentials").status is CheckStatus.NOT_APPLICABLE
    tampered = dict(signed, holder="did:example:someone-else")
    assert not verify_presentation(tampered, challenge=CHALLENGE, domain=DOMAIN).ok


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"holder": "z6MkpJySvETLnxhQG9DzEdmKJtysBDjuuTeDfUj1uNNCUqcj"}, "model.invalid-url"),
        ({"holder": {"name": "Acme"}}, "model.missing-property"),
        ({"@context": ["https://www.w3.org/ns/credentials/examples/v2"]}, "model.invalid-context"),
    ],
)
def test_presentation_structure_follows_the_data_model(
    holder_key: Ed25519Key, change: dict[str, Any], code: str
) -> None:
    unsigned = {**build_presentation([], holder=holder_key.controller), **change}
    result = verify_presentation(
        unsigned, challenge=CHALLENGE, domain=DOMAIN, loader=EXAMPLES_LOADER
    )
    assert result.check("structure").status is CheckStatus.FAILED
    assert code in {p.code for p in result.check("structure").problems}


def test_present_refuses_a_key_that_is_not_the_holders(
    credential: dict[str, Any], stranger_key: Ed25519Key, holder_key: Ed25519Key
) -> None:
    with pytest.raises(SigningError, match="holder"):
        present(
            [credential],
            holder_key=stranger_key,
            holder=holder_key.controller,
            challenge=CHALLENGE,
            domain=DOMAIN,
        )


def test_present_does_not_mutate(credential: dict[str, Any], holder_key: Ed25519Key) -> None:
    before = copy.deepcopy(credential)
    present(credential, holder_key=holder_key, challenge=CHALLENGE, domain=DOMAIN)
    assert credential == before


def test_misuse(presentation: dict[str, Any], holder_key: Ed25519Key) -> None:
    with pytest.raises(ValueError, match="challenge"):
        present([{}], holder_key=holder_key, challenge="", domain=DOMAIN)
    with pytest.raises(TypeError):
        verify_presentation(presentation, challenge=None, domain=DOMAIN)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="mix"):
        build_presentation(
            [
                {"@context": ["https://www.w3.org/2018/credentials/v1"]},
                {"@context": ["https://www.w3.org/ns/credentials/v2"]},
            ],
            holder="did:example:h",
        )


def test_presenting_someone_elses_credential_is_flagged(
    credential: dict[str, Any], stranger_key: Ed25519Key
) -> None:
    # The stranger's own proof is fine, but the credential was issued to the holder key.
    theirs = present(
        [credential], holder_key=stranger_key, challenge=CHALLENGE, domain=DOMAIN, created=NOW
    )
    result = verify_presentation(theirs, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert result.has_problem("presentation.subject-not-holder")
    flagged = [p for p in result.problems if p.code == "presentation.subject-not-holder"]
    assert flagged[0].severity.value == "warning"
    assert flagged[0].path == "/verifiableCredential/0/credentialSubject"


def test_own_credential_is_not_flagged(presentation: dict[str, Any]) -> None:
    result = verify_presentation(presentation, challenge=CHALLENGE, domain=DOMAIN, now=NOW)
    assert not result.has_problem("presentation.subject-not-holder")
