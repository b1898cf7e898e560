"""ecdsa-sd-2023, tried as an attacker would: the verdict is about what was disclosed.

A holder derives a proof that reveals part of the issuer's credential.  A verifier cannot
tell a member the issuer never signed from one the holder withheld, so no check may decide
from the absence of a member a holder could withhold (``credentialStatus``, ``validUntil``);
what is disclosed decides as it would in the full credential; the mandatory statements the
issuer chose stay bound by the base signature.  Proofs are made by ``sd_support.derive``.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

import microcredential as mc
from microcredential.integrity import verify_proofs
from microcredential.keys import EcdsaKey, KeyType
from microcredential.status import IssuerStatusList
from microcredential.verification import CheckStatus
from sd_support import derive
from support import teamwork

VALID_FROM = "2026-01-01T00:00:00Z"
VALID_UNTIL = "2026-12-31T00:00:00Z"
DURING = "2026-06-01T00:00:00Z"
LATER = "2027-06-01T00:00:00Z"
LIST_URL = "https://example.edu/status/7"


@pytest.fixture(scope="module")
def issuer() -> EcdsaKey:
    return EcdsaKey.from_secret_bytes(bytes(range(1, 33)), KeyType.P256)


@pytest.fixture(scope="module")
def revoked(issuer: EcdsaKey) -> tuple[dict[str, Any], dict[str, Any]]:
    """A credential valid until VALID_UNTIL (its ecdsa proof left out), and the status list
    that revokes it."""
    revocations = IssuerStatusList.create(LIST_URL)
    credential = mc.issue(
        teamwork(),
        recipient="did:example:learner",
        key=issuer,
        valid_from=VALID_FROM,
        valid_until=VALID_UNTIL,
        status=revocations,
        created=VALID_FROM,
    )
    revocations.revoke(int(credential["credentialStatus"]["statusListIndex"]))
    listed = mc.status_list_credential(
        revocations, issuer, valid_from=VALID_FROM, created=VALID_FROM
    )
    del credential["proof"]
    return credential, listed


def codes(result: mc.VerificationResult, check: str) -> set[str]:
    return {p.code for p in result.check(check).problems}


def without(document: dict[str, Any], *members: str) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k not in members}


def test_a_full_disclosure_reads_as_the_credential_does(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    credential, listed = revoked
    derived = derive(credential, issuer, lambda s: "credentials#issuer" in s)
    result = mc.verify(derived, status=[listed], now=DURING)
    assert result.check("proof").status is CheckStatus.PASSED
    assert result.check("credential-status").status is CheckStatus.FAILED
    later = mc.verify(derive(without(credential, "credentialStatus"), issuer), now=LATER)
    assert "credential.expired" in codes(later, "validity-period")


def test_withholding_the_status_and_the_end_of_validity_does_not_verify(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # the issuer made only the issuer mandatory; the holder of a revoked, expired credential
    # reveals everything else: this used to be reported verified
    credential, listed = revoked
    hidden = without(credential, "credentialStatus", "validUntil")
    derived = derive(hidden, issuer, lambda s: "credentials#issuer" in s)
    result = mc.verify(derived, status=[listed], now=LATER)
    assert result.check("proof").status is CheckStatus.PASSED
    assert result.status is mc.VerificationStatus.INDETERMINATE
    assert result.check("credential-status").status is CheckStatus.INDETERMINATE
    assert codes(result, "credential-status") == {"status.undisclosed"}
    assert result.check("validity-period").status is CheckStatus.INDETERMINATE
    assert codes(result, "validity-period") == {"credential.validity-undisclosed"}
    (problem,) = result.check("validity-period").problems
    assert "validUntil" in problem.message
    assert "validFrom" not in problem.message


def test_what_is_disclosed_decides_even_when_not_mandatory(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    credential, listed = revoked
    derived = derive(credential, issuer, lambda s: False)  # nothing mandatory
    result = mc.verify(derived, status=[listed], now=LATER)
    assert result.status is mc.VerificationStatus.INVALID
    assert "credential.expired" in codes(result, "validity-period")
    assert result.check("credential-status").status is CheckStatus.FAILED


def test_a_mandatory_statement_cannot_be_left_out(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    credential, _ = revoked
    derived = derive(credential, issuer, lambda s: "validUntil" in s)
    dropped = without(derived, "validUntil")
    result = verify_proofs(dropped)
    assert {p.code for p in result.problems} == {"proof.signature-mismatch"}


def test_a_label_map_that_joins_blank_nodes_is_refused(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # two criteria nodes in the document, one node under the issuer's labels: the verifier
    # would show apart what was signed as one node
    credential, _ = revoked
    split = copy.deepcopy(without(credential, "credentialStatus"))
    achievement = split["credentialSubject"]["achievement"]
    achievement["criteria"] = [{"narrative": "First part."}, {"narrative": "Second part."}]
    derived = derive(split, issuer, labels=lambda found: dict.fromkeys(found, found[0]))
    result = verify_proofs(derived)
    assert [p.code for p in result.problems] == ["proof.malformed"]
    assert "same label" in result.problems[0].message
    honest = verify_proofs(derive(split, issuer))
    assert honest.ok, honest.problems


def test_a_status_list_is_not_read_from_a_selective_disclosure(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    # a list that expired before the credential was revoked, its validUntil withheld: the
    # stale list used to vouch for the credential
    credential, _ = revoked
    stale = mc.status_list_credential(
        IssuerStatusList.create(LIST_URL),
        issuer,
        valid_from=VALID_FROM,
        valid_until="2026-02-01T00:00:00Z",
        created=VALID_FROM,
    )
    derived_list = derive(without(stale, "validUntil"), issuer)
    signed = mc.sign(credential, issuer, created=VALID_FROM)
    result = mc.verify(signed, status=[derived_list], now=DURING)
    assert result.check("credential-status").status is not CheckStatus.PASSED
    found = {p.code for p in result.check("credential-status").problems}
    assert "status.list-proof-invalid" in found


def test_a_derived_credential_out_of_compacted_form_is_refused(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    credential, listed = revoked
    derived = derive(credential, issuer)
    nested = copy.deepcopy(derived)
    nested["@nest"] = {"credentialStatus": nested.pop("credentialStatus")}
    result = mc.verify(nested, status=[listed], now=DURING)
    assert result.check("compacted-form").status is CheckStatus.FAILED
    assert result.check("proof").status is CheckStatus.SKIPPED


def test_the_verdict_and_its_page_say_the_credential_was_disclosed_in_part(
    issuer: EcdsaKey, revoked: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    from microcredential.share import render_text

    credential, listed = revoked
    derived = derive(credential, issuer, lambda s: "credentials#issuer" in s)
    result = mc.verify(derived, status=[listed], now=DURING)
    assert "proof.selective-disclosure" in codes(result, "proof")
    assert result.check("proof").status is CheckStatus.PASSED
    assert "chose to disclose" in render_text(derived, result)
    signed = mc.sign(credential, issuer, created=VALID_FROM)
    assert not mc.verify(signed, status=[listed], now=DURING).has_problem(
        "proof.selective-disclosure"
    )
