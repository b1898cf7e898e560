"""The recipes: sign, issue, hashed_email, status_list_credential, verify with status lists."""

from __future__ import annotations

import copy
import json
import re

import pytest

from microcredential import (
    hashed_email,
    issue,
    recipient_matches,
    sign,
    status_list_credential,
    verify,
)
from microcredential.constants import OB_CONTEXT, VC_V2_CONTEXT
from microcredential.errors import InvalidDocumentError, SigningError
from microcredential.keys import Ed25519Key
from microcredential.models import parse_credential
from microcredential.quality import (
    HashedRecipient,
    build_achievement,
    build_credential,
    example_profile,
)
from microcredential.quality.encoding import EDUBADGES_CONTEXT_URL
from microcredential.status import IssuerStatusList, StaticStatusListFetcher
from microcredential.verification import CheckStatus, VerificationStatus
from support import TEAMWORK

VALID_FROM = "2026-01-01T00:00:00Z"
NOW = "2026-06-01T00:00:00Z"
ACHIEVEMENT = TEAMWORK


def test_hashed_email_matches_the_specification_example() -> None:
    # Open Badges 3.0, IdentityHash: SHA-256 of 'a@example.com' + 'Kosher'.
    identity = hashed_email("a@example.com", "Kosher")
    assert identity == {
        "type": "IdentityObject",
        "identityHash": "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": "Kosher",
    }


def test_hashed_email_salts_randomly() -> None:
    first, second = hashed_email("a@example.com"), hashed_email("a@example.com")
    assert first["salt"] != second["salt"]
    assert len(first["salt"]) == 32
    assert first["identityHash"] != second["identityHash"]
    assert "a@example.com" not in str(first)
    with pytest.raises(ValueError, match="e-mail"):
        hashed_email("not an address")


def test_issue_builds_an_open_badge_credential(key: Ed25519Key) -> None:
    before = copy.deepcopy(ACHIEVEMENT)
    credential = issue(ACHIEVEMENT, recipient="did:example:learner", key=key)
    assert before == ACHIEVEMENT
    assert credential["@context"] == [VC_V2_CONTEXT, OB_CONTEXT]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", credential["id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", credential["validFrom"])
    assert credential["issuer"] == {"id": key.controller, "type": ["Profile"]}
    assert credential["name"] == "Teamwork"
    assert credential["credentialSubject"]["id"] == "did:example:learner"
    assert credential["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    assert "credentialStatus" not in credential
    assert verify(credential, now=credential["validFrom"]).ok


def test_issue_to_an_email_recipient(key: Ed25519Key) -> None:
    identity = hashed_email("learner@example.org", "pepper")
    credential = issue(
        ACHIEVEMENT,
        recipient=identity,
        key=key,
        issuer={"id": key.controller, "type": ["Profile"], "name": "Example College"},
        valid_from=VALID_FROM,
        valid_until="2027-01-01T00:00:00Z",
        credential_id="urn:uuid:00000000-0000-4000-8000-000000000001",
        name="Teamwork (2026)",
        cryptosuite="eddsa-jcs-2022",
    )
    subject = credential["credentialSubject"]
    assert "id" not in subject
    assert subject["identifier"] == [identity]
    assert credential["issuer"]["name"] == "Example College"
    assert credential["validUntil"] == "2027-01-01T00:00:00Z"
    assert credential["id"] == "urn:uuid:00000000-0000-4000-8000-000000000001"
    assert verify(credential, now=NOW).ok


def test_issue_refuses_an_issuer_that_is_not_the_keys_controller(key: Ed25519Key) -> None:
    with pytest.raises(SigningError, match="verifier would reject"):
        issue(ACHIEVEMENT, recipient="did:example:a", key=key, issuer="https://other.example")


@pytest.mark.parametrize("given", ["learner@example.org", "mailto:Learner@Example.org"])
def test_issue_hashes_an_email_address_as_the_cli_does(key: Ed25519Key, given: str) -> None:
    # A mailto: recipient used to be written as the subject's id, the address in clear text.
    credential = issue(ACHIEVEMENT, recipient=given, key=key)
    subject = credential["credentialSubject"]
    assert "id" not in subject
    assert "learner@example.org" not in json.dumps(credential).lower()
    assert [i["identityType"] for i in subject["identifier"]] == ["emailAddress"]
    assert recipient_matches(credential, "learner@example.org") is True


@pytest.mark.parametrize("given", ["learner", "mailto:learner"])
def test_issue_refuses_a_recipient_that_is_neither_id_nor_address(
    key: Ed25519Key, given: str
) -> None:
    with pytest.raises(ValueError, match=r"not .*e-mail address"):
        issue(ACHIEVEMENT, recipient=given, key=key)


def test_issue_refuses_an_incomplete_achievement(key: Ed25519Key) -> None:
    achievement = {k: v for k, v in ACHIEVEMENT.items() if k != "criteria"}
    with pytest.raises(InvalidDocumentError, match="criteria"):
        issue(achievement, recipient="did:example:a", key=key)


def test_issue_allocates_a_status_entry(key: Ed25519Key) -> None:
    revocations = IssuerStatusList.create("https://example.edu/status/1")
    credential = issue(ACHIEVEMENT, recipient="did:example:a", key=key, status=revocations)
    entry = credential["credentialStatus"]
    index = int(entry["statusListIndex"])
    assert revocations.allocated == {index}
    assert entry == revocations.entry(index)


def test_issue_with_the_learners_name_and_grade(key: Ed25519Key) -> None:
    scheme = {
        "id": "urn:uuid:4b1b9c4e-6a47-4a0e-a5b5-3c1c2c3d4e5f",
        "type": ["ResultDescription"],
        "name": "Grade 1 to 10",
        "resultType": "GradePointAverage",
        "valueMin": "1",
        "valueMax": "10",
        "requiredValue": "5,5",
    }
    graded = {**ACHIEVEMENT, "resultDescription": [scheme]}
    recipient = hashed_email("a@example.org", "salt")
    credential = issue(graded, recipient=recipient, key=key, learner_name="A. Learner", grade="6,7")
    subject = credential["credentialSubject"]
    assert subject["identifier"] == [
        recipient,
        {"type": "IdentityObject", "identityHash": "A. Learner", "identityType": "name",
         "hashed": False},
    ]  # fmt: skip
    assert subject["result"] == [
        {"type": ["Result"], "resultDescription": scheme["id"], "value": "6.7"}
    ]
    assert verify(credential).ok
    with pytest.raises(ValueError, match="below the pass mark"):
        issue(graded, recipient="did:example:a", key=key, grade="5")
    with pytest.raises(ValueError, match="needs a grading scheme"):
        issue(ACHIEVEMENT, recipient="did:example:a", key=key, grade="7")


def test_sign_accepts_a_model(key: Ed25519Key) -> None:
    credential = issue(ACHIEVEMENT, recipient="did:example:a", key=key, valid_from=VALID_FROM)
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    from_dict = sign(unsigned, key, created=VALID_FROM)
    from_model = sign(parse_credential(unsigned), key, created=VALID_FROM)
    assert from_model == from_dict  # Ed25519 is deterministic: the same JSON, the same proof
    assert "proof" not in unsigned


def test_sign_refuses_a_foreign_issuer(key: Ed25519Key) -> None:
    document = {"issuer": "https://other.example", "@context": []}
    with pytest.raises(SigningError):
        sign(document, key)
    with pytest.raises(TypeError):
        sign(["not", "a", "document"], key)  # type: ignore[arg-type]


def list_state(state: IssuerStatusList) -> IssuerStatusList:
    """Round-trip the issuer's state through JSON, as the CLI does between runs."""
    return IssuerStatusList.from_json(copy.deepcopy(state.to_json()))


def test_revocation_through_the_signed_list(key: Ed25519Key) -> None:
    revocations = IssuerStatusList.create("https://example.edu/status/1")
    credential = issue(
        ACHIEVEMENT, recipient="did:example:a", key=key, valid_from=VALID_FROM, status=revocations
    )
    published = status_list_credential(revocations, key, valid_from=VALID_FROM)
    assert published["proof"]["verificationMethod"] == key.id
    assert verify(credential, status=[published], now=NOW).ok

    revocations = list_state(revocations)
    revocations.revoke(int(credential["credentialStatus"]["statusListIndex"]))
    stale = published
    published = status_list_credential(revocations, key, valid_from=VALID_FROM)
    result = verify(credential, status=[published], now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert result.has_problem("status.revoked")
    # The old list still says "not revoked": publishing the new one is what revokes.
    assert verify(credential, status=[stale], now=NOW).ok


def test_suspension_and_reinstatement(key: Ed25519Key) -> None:
    suspensions = IssuerStatusList.create("https://example.edu/status/2", purpose="suspension")
    credential = issue(
        ACHIEVEMENT, recipient="did:example:a", key=key, valid_from=VALID_FROM, status=suspensions
    )
    index = int(credential["credentialStatus"]["statusListIndex"])
    suspensions.suspend(index)
    suspended = status_list_credential(suspensions, key, valid_from=VALID_FROM)
    result = verify(credential, status=StaticStatusListFetcher([suspended]), now=NOW)
    assert result.has_problem("status.suspended")
    assert result.check("credential-status").status is CheckStatus.FAILED

    suspensions = list_state(suspensions)
    suspensions.reinstate(index)
    reinstated = status_list_credential(suspensions, key, valid_from=VALID_FROM)
    result = verify(credential, status=[reinstated], now=NOW)
    assert result.ok
    assert result.check("credential-status").status is CheckStatus.PASSED


def test_status_list_credential_refuses_a_foreign_issuer(key: Ed25519Key) -> None:
    revocations = IssuerStatusList.create("https://example.edu/status/1")
    with pytest.raises(SigningError):
        status_list_credential(revocations, key, issuer="https://other.example")


def test_a_proof_created_in_the_future_verifies_with_a_warning(key: Ed25519Key) -> None:
    credential = issue(
        ACHIEVEMENT,
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        created="2026-06-01T00:05:01Z",  # one second beyond the default clock skew
    )
    result = verify(credential, now=NOW)
    assert result.status is VerificationStatus.VERIFIED
    [problem] = result.problems
    assert (problem.code, problem.severity.value, problem.path) == (
        "proof.created-in-future",
        "warning",
        "/proof/created",
    )
    assert result.check("proof").status is CheckStatus.PASSED
    within = issue(
        ACHIEVEMENT,
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        created="2026-06-01T00:05:00Z",
    )
    assert verify(within, now=NOW).problems == ()


# One builder: issue builds with quality.build_credential, then checks and signs.


def test_issue_gives_an_edubadges_achievement_its_context(key: Ed25519Key) -> None:
    achievement = build_achievement(
        example_profile(), id="https://example.edu/mc/1", encoding="edubadges"
    )
    credential = issue(achievement, recipient="did:example:learner", key=key, valid_from=VALID_FROM)
    assert credential["@context"][-1] == EDUBADGES_CONTEXT_URL
    assert verify(credential, now=NOW).ok


def test_issue_builds_what_build_credential_builds(key: Ed25519Key) -> None:
    identity = hashed_email("learner@example.com", "salt")
    options = {
        "valid_from": VALID_FROM,
        "valid_until": "2027-01-01T00:00:00+01:00",
        "name": "Teamwork, spring term",
        "learner_name": "Sam Learner",
    }
    signed = issue(
        ACHIEVEMENT,
        recipient=identity,
        key=key,
        credential_id="urn:uuid:7a1c3b5e-0d2f-4a6b-8c9d-0e1f2a3b4c5d",
        **options,
    )
    built = build_credential(
        ACHIEVEMENT,
        recipient=identity,
        issuer=key.controller,
        id="urn:uuid:7a1c3b5e-0d2f-4a6b-8c9d-0e1f2a3b4c5d",
        **options,
    )
    assert {k: v for k, v in signed.items() if k != "proof"} == built
    assert built["validUntil"] == "2027-01-01T00:00:00+01:00"  # text is kept as written


def test_issue_to_an_identity_that_is_already_hashed(key: Ed25519Key) -> None:
    hashed = HashedRecipient("sha256$" + "ab" * 32, "pepper")
    credential = issue(ACHIEVEMENT, recipient=hashed, key=key, valid_from=VALID_FROM)
    assert credential["credentialSubject"]["identifier"] == [
        {
            "type": "IdentityObject",
            "identityHash": "sha256$" + "ab" * 32,
            "identityType": "emailAddress",
            "hashed": True,
            "salt": "pepper",
        }
    ]
    assert verify(credential, now=NOW).ok
