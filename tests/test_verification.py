"""The whole-credential verification algorithm (Open Badges 3.0 "Verification and Validation")."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from microcredential import issue, sign, status_list_credential, verify
from microcredential.integrity import add_proof_unchecked
from microcredential.keys import Ed25519Key
from microcredential.resolve import ChainResolver, StaticResolver
from microcredential.status import IssuerStatusList, StaticStatusListFetcher
from microcredential.verification import (
    CHECK_NAMES,
    CheckStatus,
    VerificationResult,
    VerificationStatus,
    check_credential,
)
from support import endorsement as signed_endorsement
from support import teamwork as achievement

VALID_FROM = "2026-01-01T00:00:00Z"
VALID_UNTIL = "2026-12-31T00:00:00Z"
NOW = "2026-06-01T12:00:00Z"
SKEW = timedelta(seconds=300)
LIST_URL = "https://example.edu/status/1"
SUSPENSIONS_URL = "https://example.edu/status/2"


@pytest.fixture(scope="module")
def revocations() -> IssuerStatusList:
    return IssuerStatusList.create(LIST_URL)


@pytest.fixture(scope="module")
def credential(key: Ed25519Key, revocations: IssuerStatusList) -> dict[str, Any]:
    return issue(
        achievement(),
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        valid_until=VALID_UNTIL,
        status=revocations,
        created=VALID_FROM,
    )


@pytest.fixture(scope="module")
def plain(key: Ed25519Key) -> dict[str, Any]:
    """A credential without credentialStatus."""
    return issue(
        achievement(),
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        valid_until=VALID_UNTIL,
        created=VALID_FROM,
    )


@pytest.fixture(scope="module")
def list_credential(key: Ed25519Key, revocations: IssuerStatusList) -> dict[str, Any]:
    return status_list_credential(revocations, key, valid_from=VALID_FROM, created=VALID_FROM)


def statuses(result: VerificationResult) -> dict[str, CheckStatus]:
    return {c.name: c.status for c in result.checks}


def codes(result: VerificationResult) -> set[str]:
    return {p.code for p in result.problems}


def test_valid_credential_passes_every_check(
    credential: dict[str, Any], list_credential: dict[str, Any]
) -> None:
    result = verify(credential, status=[list_credential], now=NOW)
    assert result.ok
    assert result.status is VerificationStatus.VERIFIED
    assert tuple(c.name for c in result.checks) == CHECK_NAMES
    assert statuses(result) == {
        "compacted-form": CheckStatus.PASSED,
        "structure": CheckStatus.PASSED,
        "context-and-type": CheckStatus.PASSED,
        "subject": CheckStatus.PASSED,
        "proof": CheckStatus.PASSED,
        "issuer-binding": CheckStatus.PASSED,
        "refresh-service": CheckStatus.NOT_APPLICABLE,
        "credential-status": CheckStatus.PASSED,
        "validity-period": CheckStatus.PASSED,
        "related-resources": CheckStatus.NOT_APPLICABLE,
        "endorsements": CheckStatus.NOT_APPLICABLE,
    }
    assert result.errors == ()


def test_verification_does_not_mutate_input(
    credential: dict[str, Any], list_credential: dict[str, Any]
) -> None:
    before = copy.deepcopy(credential)
    verify(credential, status=[list_credential], now=NOW)
    assert credential == before


def test_unsigned_credential_fails_and_skips_later_checks(credential: dict[str, Any]) -> None:
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    result = verify(unsigned, now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert "proof.missing" in codes(result)
    assert result.check("proof").status is CheckStatus.FAILED
    for name in CHECK_NAMES[CHECK_NAMES.index("proof") + 1 :]:
        assert result.check(name).status is CheckStatus.SKIPPED


def test_tampered_credential_fails_with_signature_mismatch(plain: dict[str, Any]) -> None:
    tampered = copy.deepcopy(plain)
    tampered["credentialSubject"]["achievement"]["name"] = "Leadership"
    result = verify(tampered, now=NOW)
    assert not result.ok
    assert "proof.signature-mismatch" in codes(result)


def test_failed_proof_short_circuits_the_dates(plain: dict[str, Any]) -> None:
    tampered = copy.deepcopy(plain)
    tampered["name"] = "Something else"
    # Far after validUntil: an authentic credential would be expired, but the dates of a
    # document whose signature failed are not ticked either way.
    result = verify(tampered, now="2030-01-01T00:00:00Z")
    assert result.check("validity-period").status is CheckStatus.SKIPPED
    assert "credential.expired" not in codes(result)


@pytest.mark.parametrize(
    ("now", "verified"),
    [
        (VALID_UNTIL, True),  # exactly validUntil: not *after* it, still valid
        ("2026-12-31T00:05:00Z", True),  # validUntil + skew: tolerated
        ("2026-12-31T00:05:01Z", False),  # one second beyond the skew
    ],
)
def test_valid_until_boundary(plain: dict[str, Any], now: str, verified: bool) -> None:
    result = verify(plain, now=now)
    assert result.ok is verified
    assert ("credential.expired" in codes(result)) is (not verified)


def test_valid_until_without_skew(plain: dict[str, Any]) -> None:
    exact = verify(plain, now=VALID_UNTIL, max_clock_skew=timedelta(0))
    assert exact.ok
    late = verify(plain, now="2026-12-31T00:00:01Z", max_clock_skew=timedelta(0))
    assert late.status is VerificationStatus.INVALID
    assert late.check("validity-period").problems[0].code == "credential.expired"
    assert late.check("validity-period").problems[0].path == "/validUntil"


@pytest.mark.parametrize(
    ("now", "verified"),
    [
        (VALID_FROM, True),
        ("2025-12-31T23:55:00Z", True),  # validFrom - skew: tolerated
        ("2025-12-31T23:54:59Z", False),
    ],
)
def test_valid_from_boundary(plain: dict[str, Any], now: str, verified: bool) -> None:
    result = verify(plain, now=now)
    assert result.ok is verified
    assert ("credential.not-yet-valid" in codes(result)) is (not verified)


def test_now_accepts_datetime(plain: dict[str, Any]) -> None:
    assert verify(plain, now=datetime(2026, 6, 1, tzinfo=UTC)).ok
    with pytest.raises(ValueError, match="naive"):
        verify(plain, now=datetime(2026, 6, 1))


@pytest.mark.parametrize(
    ("now", "skew", "verified", "code"),
    [
        ("9999-12-31T23:59:00Z", SKEW, False, "credential.expired"),
        ("0001-01-01T00:01:00Z", SKEW, False, "credential.not-yet-valid"),
        (NOW, timedelta.max, True, None),
        (NOW, timedelta.min, False, "credential.not-yet-valid"),
    ],
)
def test_any_moment_and_any_skew_give_a_verdict(
    credential: dict[str, Any],
    list_credential: dict[str, Any],
    now: str,
    skew: timedelta,
    verified: bool,
    code: str | None,
) -> None:
    # "now" plus or minus the skew beyond the calendar saturates instead of overflowing.
    result = verify(credential, status=[list_credential], now=now, max_clock_skew=skew)
    assert result.ok is verified
    assert code is None or code in codes(result)


def test_wrongly_bound_credential(plain: dict[str, Any], other_key: Ed25519Key) -> None:
    # Signed correctly, but by a key that is not the issuer's.
    unsigned = {k: v for k, v in plain.items() if k != "proof"}
    forged = add_proof_unchecked(unsigned, other_key, created=VALID_FROM)
    result = verify(forged, now=NOW)
    assert result.check("proof").status is CheckStatus.PASSED
    assert result.check("issuer-binding").status is CheckStatus.FAILED
    assert codes(result) == {"credential.issuer-mismatch"}
    assert result.status is VerificationStatus.INVALID


def test_revoked_credential(key: Ed25519Key) -> None:
    revocations = IssuerStatusList.create(LIST_URL)
    credential = issue(
        achievement(),
        recipient="did:example:a",
        key=key,
        valid_from=VALID_FROM,
        status=revocations,
        created=VALID_FROM,
    )
    revocations.revoke(int(credential["credentialStatus"]["statusListIndex"]))
    published = status_list_credential(revocations, key, valid_from=VALID_FROM)
    result = verify(credential, status=[published], now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert result.check("credential-status").status is CheckStatus.FAILED
    assert "status.revoked" in codes(result)


def test_suspended_credential(key: Ed25519Key) -> None:
    suspensions = IssuerStatusList.create(SUSPENSIONS_URL, purpose="suspension")
    credential = issue(
        achievement(),
        recipient="did:example:a",
        key=key,
        valid_from=VALID_FROM,
        status=suspensions,
        created=VALID_FROM,
    )
    suspensions.suspend(int(credential["credentialStatus"]["statusListIndex"]))
    published = status_list_credential(suspensions, key, valid_from=VALID_FROM)
    result = verify(credential, status=StaticStatusListFetcher([published]), now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert "status.suspended" in codes(result)
    assert "status.revoked" not in codes(result)


def test_status_without_fetcher_is_indeterminate(credential: dict[str, Any]) -> None:
    result = verify(credential, now=NOW)
    assert result.status is VerificationStatus.INDETERMINATE
    assert not result.ok
    assert result.check("credential-status").status is CheckStatus.INDETERMINATE
    assert "status.indeterminate" in codes(result)


def test_unreachable_status_list_is_indeterminate(credential: dict[str, Any]) -> None:
    unrelated = {"id": "https://example.edu/status/other"}
    result = verify(credential, status=[unrelated], now=NOW)
    assert result.status is VerificationStatus.INDETERMINATE
    assert "status.list-unavailable" in codes(result)


def test_status_list_signed_by_someone_else_is_not_trusted(
    credential: dict[str, Any], revocations: IssuerStatusList, other_key: Ed25519Key
) -> None:
    # A list at the right URL, signed by another party, must not vouch for the credential.
    unsigned = revocations.credential(issuer=other_key.controller, valid_from=VALID_FROM)
    foreign = sign(unsigned, other_key)
    result = verify(credential, status=[foreign], now=NOW)
    assert result.status is VerificationStatus.INDETERMINATE
    assert {"status.list-proof-invalid", "status.list-issuer-mismatch"} <= codes(result)


def test_tampered_status_list_is_not_trusted(
    credential: dict[str, Any], list_credential: dict[str, Any]
) -> None:
    tampered = copy.deepcopy(list_credential)
    tampered["validFrom"] = "2026-01-02T00:00:00Z"
    result = verify(credential, status=[tampered], now=NOW)
    assert result.status is VerificationStatus.INDETERMINATE
    assert "status.list-proof-invalid" in codes(result)


def test_unresolvable_key_is_indeterminate_and_resolver_fixes_it() -> None:
    issuer = "https://example.edu/issuers/1"
    key = Ed25519Key.from_seed(bytes(32), controller=issuer)
    credential = issue(
        achievement(), recipient="did:example:a", key=key, valid_from=VALID_FROM, created=VALID_FROM
    )
    alone = verify(credential, now=NOW)
    assert alone.status is VerificationStatus.INDETERMINATE
    assert "proof.method-unresolvable" in codes(alone)
    assert alone.check("validity-period").status is CheckStatus.SKIPPED
    resolver = ChainResolver(StaticResolver([key.controller_document()]))
    assert verify(credential, resolver=resolver, now=NOW).ok


def test_wrong_type_and_context(plain: dict[str, Any]) -> None:
    broken = copy.deepcopy(plain)
    broken["type"] = ["VerifiableCredential", "SomethingCredential"]
    broken["@context"] = list(reversed(broken["@context"]))
    result = verify(broken, now=NOW)
    check = result.check("context-and-type")
    assert check.status is CheckStatus.FAILED
    assert {p.code for p in check.problems} == {
        "credential.type-invalid",
        "credential.context-invalid",
    }


def test_subject_without_identifier(key: Ed25519Key) -> None:
    credential = issue(achievement(), recipient="did:example:a", key=key, valid_from=VALID_FROM)
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    del unsigned["credentialSubject"]["id"]
    result = verify(sign(unsigned, key), now=NOW)
    assert result.check("subject").status is CheckStatus.FAILED
    assert "credential.subject-unidentified" in codes(result)


def test_schema_problems_fail_structure(key: Ed25519Key) -> None:
    credential = issue(achievement(), recipient="did:example:a", key=key, valid_from=VALID_FROM)
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    del unsigned["credentialSubject"]["achievement"]["criteria"]
    signed = sign(unsigned, key, check_model=False)
    result = verify(signed, now=NOW)
    assert result.check("structure").status is CheckStatus.FAILED
    assert result.status is VerificationStatus.INVALID
    assert verify(signed, now=NOW, schema=False).check("structure").problems


def test_refresh_service_is_noted(key: Ed25519Key) -> None:
    credential = issue(achievement(), recipient="did:example:a", key=key, valid_from=VALID_FROM)
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    unsigned["refreshService"] = {
        "id": "https://example.edu/refresh/1",
        "type": "1EdTechCredentialRefresh",
    }
    # 1EdTechCredentialRefresh is defined only by the OB extensions context: sign with JCS.
    result = verify(sign(unsigned, key, cryptosuite="eddsa-jcs-2022"), now=NOW)
    check = result.check("refresh-service")
    assert check.status is CheckStatus.SKIPPED
    assert [p.code for p in check.problems] == ["credential.refresh-not-performed"]
    assert check.problems[0].severity.value == "info"
    assert result.ok


def endorsement(endorser: Ed25519Key, subject_id: str) -> dict[str, Any]:
    return signed_endorsement(endorser, subject_id, valid_from=VALID_FROM)


def test_endorsement_in_achievement_is_verified_separately(
    key: Ed25519Key, other_key: Ed25519Key
) -> None:
    endorsed = endorsement(other_key, "https://example.edu/achievements/teamwork")
    credential = issue(
        achievement(endorsement=[endorsed]),
        recipient="did:example:a",
        key=key,
        valid_from=VALID_FROM,
        created=VALID_FROM,
    )
    result = verify(credential, now=NOW)
    assert result.ok
    assert result.check("endorsements").status is CheckStatus.PASSED
    (inner,) = result.endorsements
    assert inner.kind == "EndorsementCredential"
    assert inner.path == "/credentialSubject/achievement/endorsement/0"
    assert inner.ok
    assert inner.check("subject").status is CheckStatus.NOT_APPLICABLE
    assert json.loads(json.dumps(result.to_dict()))["endorsements"][0]["status"] == "verified"


def test_tampered_endorsement_fails_the_credential(key: Ed25519Key, other_key: Ed25519Key) -> None:
    endorsed = endorsement(other_key, "https://example.edu/achievements/teamwork")
    endorsed["credentialSubject"]["endorsementComment"] = "Forged praise."
    credential = issue(
        achievement(endorsement=endorsed),
        recipient="did:example:a",
        key=key,
        valid_from=VALID_FROM,
        created=VALID_FROM,
    )
    result = verify(credential, now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert result.check("proof").status is CheckStatus.PASSED
    assert codes(result) == {"credential.endorsement-invalid"}
    (inner,) = result.endorsements
    assert inner.path == "/credentialSubject/achievement/endorsement"
    assert inner.has_problem("proof.signature-mismatch")


def test_a_sound_endorsement_of_something_else_fails_the_credential(
    key: Ed25519Key, other_key: Ed25519Key
) -> None:
    # a genuine endorsement of another achievement, attached by the issuer to its own: the
    # endorsements check used to pass, as if the endorser vouched for this achievement
    elsewhere = endorsement(other_key, "https://example.edu/achievements/leadership")
    credential = issue(
        achievement(endorsement=[elsewhere]),
        recipient="did:example:a",
        key=key,
        valid_from=VALID_FROM,
        created=VALID_FROM,
    )
    result = verify(credential, now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert codes(result) == {"credential.endorsement-not-about"}
    (problem,) = result.check("endorsements").problems
    assert problem.path == "/credentialSubject/achievement/endorsement/0"
    assert "achievements/leadership" in problem.message
    assert result.endorsements[0].ok  # the endorsement itself is sound


def test_a_credential_endorsement_may_be_about_its_issuer_or_achievement(
    key: Ed25519Key, other_key: Ed25519Key
) -> None:
    issued = issue(achievement(), recipient="did:example:a", key=key, valid_from=VALID_FROM)
    del issued["proof"]
    for subject in (key.controller, "https://example.edu/achievements/teamwork"):
        endorsed = {**issued, "endorsement": [endorsement(other_key, subject)]}
        credential = sign(endorsed, key, created=VALID_FROM)
        result = verify(credential, now=NOW)
        assert result.ok, codes(result)
        assert result.check("endorsements").status is CheckStatus.PASSED


def test_endorsements_can_be_skipped(key: Ed25519Key, other_key: Ed25519Key) -> None:
    endorsed = endorsement(other_key, "https://example.edu/achievements/teamwork")
    credential = issue(
        achievement(endorsement=endorsed), recipient="did:example:a", key=key, valid_from=VALID_FROM
    )
    result = check_credential(credential, now=NOW, endorsements=False)
    assert result.check("endorsements").status is CheckStatus.SKIPPED
    assert result.endorsements == ()


def test_endorsement_verified_on_its_own(other_key: Ed25519Key) -> None:
    endorsed = endorsement(other_key, "https://example.edu/achievements/teamwork")
    result = check_credential(endorsed, now=NOW, expected_type="EndorsementCredential")
    assert result.ok
    assert result.kind == "EndorsementCredential"


def test_vc11_expiration_date(key: Ed25519Key) -> None:
    unsigned = {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:1f2e3d4c-5b6a-4789-8abc-def012345678",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork",
        "issuer": {"id": key.controller, "type": ["Profile"]},
        "issuanceDate": VALID_FROM,
        "expirationDate": VALID_UNTIL,
        "credentialSubject": {
            "id": "did:example:a",
            "type": ["AchievementSubject"],
            "achievement": achievement(),
        },
    }
    signed = sign(unsigned, key, cryptosuite="eddsa-jcs-2022", created=VALID_FROM)
    ok = verify(signed, now=NOW, schema=False)
    assert ok.check("validity-period").status is CheckStatus.PASSED
    late = verify(signed, now="2027-01-01T00:00:00Z", schema=False)
    assert late.check("validity-period").problems[0].path == "/expirationDate"
    assert "credential.expired" in codes(late)


def test_report_rendering(credential: dict[str, Any]) -> None:
    result = verify(credential, now=NOW)
    text = str(result)
    assert text.startswith("INDETERMINATE: OpenBadgeCredential urn:uuid:")
    for name in CHECK_NAMES:
        assert name in text
    assert "[status.indeterminate]" in text
    data = json.loads(json.dumps(result.to_dict()))
    assert data["status"] == "indeterminate"
    assert data["verified"] is False
    assert [c["name"] for c in data["checks"]] == list(CHECK_NAMES)


def test_misuse_raises() -> None:
    with pytest.raises(TypeError):
        check_credential([], now=NOW)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        verify({}, status="https://example.edu/status/1")  # type: ignore[arg-type]


def test_garbage_is_a_result_not_an_exception() -> None:
    result = verify({"issuer": 7, "proof": "nonsense", "validUntil": 3}, now=NOW)
    assert result.status is VerificationStatus.INVALID
    # without @context nothing says what the keys mean: nothing else is read
    assert [p.code for p in result.check("compacted-form").problems] == ["jsonld.context-missing"]
    assert result.check("structure").status is CheckStatus.SKIPPED
    with_context = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": 7,
        "proof": "nonsense",
        "validUntil": 3,
    }
    result = verify(with_context, now=NOW)
    assert result.status is VerificationStatus.INVALID
    assert result.check("structure").status is CheckStatus.FAILED


def _vc11_badge(issuer: str) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/2018/credentials/v1",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:1b2c3d4e-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Old School"},
        "issuanceDate": "2023-01-01T00:00:00Z",
        "name": "Teamwork",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/achievements/1",
                "type": ["Achievement"],
                "name": "Teamwork",
                "description": "Works well in a team.",
                "criteria": {"narrative": "Nominated by peers."},
            },
        },
    }


def test_vc11_badge_verifies() -> None:
    # Regression: the VC 2.0 JSON Schema failed every VC 1.1 badge in the structure check.
    key = Ed25519Key.generate()
    badge = _vc11_badge(key.controller)
    badge["@context"].append("https://w3id.org/security/data-integrity/v2")
    result = verify(sign(badge, key), now="2024-01-01T00:00:00Z")
    assert result.ok, str(result)
    assert result.check("structure").status is CheckStatus.PASSED
    assert result.has_problem("credential.schema-not-applicable")


def test_vc11_badge_is_refused_when_the_context_may_not_be_added() -> None:
    from microcredential.errors import SigningError

    key = Ed25519Key.generate()
    with pytest.raises(SigningError, match="data-integrity/v2"):
        sign(_vc11_badge(key.controller), key, add_context=False)


@pytest.mark.parametrize("cryptosuite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_signing_a_vc11_badge_adds_the_data_integrity_context_to_the_copy(
    cryptosuite: str,
) -> None:
    # VC Data Integrity: when the document's contexts do not define the proof terms, the
    # implementation SHOULD add the Data Integrity context; the input stays as it was.
    key = Ed25519Key.generate()
    badge = _vc11_badge(key.controller)
    before = copy.deepcopy(badge)
    signed = sign(badge, key, cryptosuite=cryptosuite)
    assert badge == before
    assert signed["@context"] == [
        *before["@context"],
        "https://w3id.org/security/data-integrity/v2",
    ]
    assert verify(signed, now="2024-01-01T00:00:00Z").ok


def test_signing_adds_no_context_when_one_already_defines_the_proof_terms() -> None:
    key = Ed25519Key.generate()
    badge = _vc11_badge(key.controller)
    badge["@context"].append("https://w3id.org/security/data-integrity/v1")
    assert sign(badge, key)["@context"] == badge["@context"]


def test_a_single_context_string_becomes_a_list_with_the_data_integrity_context() -> None:
    key = Ed25519Key.generate()
    credential = {
        "@context": "https://www.w3.org/2018/credentials/v1",
        "type": "VerifiableCredential",
        "issuer": key.controller,
        "issuanceDate": "2023-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    assert sign(credential, key, cryptosuite="eddsa-jcs-2022")["@context"] == [
        "https://www.w3.org/2018/credentials/v1",
        "https://w3id.org/security/data-integrity/v2",
    ]
