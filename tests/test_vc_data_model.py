"""Any Verifiable Credential, not only Open Badges: profiles, data model rules, several signers.

The rules come from W3C VC Data Model 2.0 (and 1.1 for credentials on the 1.1 context) and
VC Data Integrity 1.0; each test names the section it follows.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

import microcredential
from microcredential import Ed25519Key, InvalidDocumentError
from microcredential.integrity import add_proof_unchecked
from microcredential.verification import (
    PROFILE_OPEN_BADGES,
    PROFILE_VC_1,
    PROFILE_VC_2,
    CheckStatus,
    credential_profile,
)

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
NOW = "2026-06-01T00:00:00Z"


@pytest.fixture(scope="module")
def cosigner() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(80, 112)))


def plain(issuer: str, **extra: Any) -> dict[str, Any]:
    """A minimal VC 2.0 credential that is not an Open Badge."""
    return {
        "@context": [VC2],
        "id": "urn:uuid:0f8e5a3c-1111-4b2a-9c3d-000000000001",
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "credentialSubject": {"id": "did:example:subject", "name": "Alice"},
        **extra,
    }


def error_codes(exc: pytest.ExceptionInfo[InvalidDocumentError]) -> set[str]:
    return {p.code for p in exc.value.problems}


# -- profiles --------------------------------------------------------------------------------


def test_a_plain_vc2_credential_is_judged_by_the_vc_data_model(key: Ed25519Key) -> None:
    # Before profiles every credential was judged as an Open Badge and this one failed on its
    # context, type, subject and validFrom.
    result = microcredential.verify(microcredential.sign(plain(key.controller), key), now=NOW)
    assert result.ok, str(result)
    assert result.profile == PROFILE_VC_2
    assert result.to_dict()["profile"] == PROFILE_VC_2
    assert result.check("subject").status is CheckStatus.NOT_APPLICABLE
    assert "[vc-data-model-2.0]" in str(result)


def test_a_vc11_credential_is_judged_by_the_vc11_data_model(key: Ed25519Key) -> None:
    credential = {
        "@context": [VC1],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "issuanceDate": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject"},
    }
    result = microcredential.verify(microcredential.sign(credential, key), now=NOW)
    assert result.ok, str(result)
    assert result.profile == PROFILE_VC_1


@pytest.mark.parametrize(
    ("document", "profile"),
    [
        ({"@context": [VC2], "type": ["VerifiableCredential"]}, PROFILE_VC_2),
        ({"@context": [VC1], "type": ["VerifiableCredential"]}, PROFILE_VC_1),
        ({"@context": [VC2], "type": ["VerifiableCredential", "OpenBadgeCredential"]}, None),
        ({"@context": [VC2], "type": ["VerifiableCredential", "EndorsementCredential"]}, None),
        ({"@context": [VC2], "type": ["VerifiableCredential", "ClrCredential"]}, None),
        # a badge whose type lost its class is still a badge (and fails as one)
        ({"@context": [VC2, OB], "type": ["VerifiableCredential"]}, None),
        (
            {
                "@context": [VC2, "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"],
                "type": ["VerifiableCredential"],
            },
            None,
        ),
    ],
)
def test_the_profile_follows_type_and_context(
    document: dict[str, Any], profile: str | None
) -> None:
    assert credential_profile(document) == (profile or PROFILE_OPEN_BADGES)


def test_a_badge_without_its_class_still_gets_the_open_badges_rules(key: Ed25519Key) -> None:
    credential = plain(key.controller)
    credential["@context"] = [VC2, OB]
    signed = microcredential.sign(credential, key, check_model=False)
    result = microcredential.verify(signed, now=NOW)
    assert result.profile == PROFILE_OPEN_BADGES
    assert result.has_problem("credential.type-invalid")
    assert not result.ok


# -- what sign refuses (VC Data Model 2.0) ---------------------------------------------------


@pytest.mark.parametrize(
    ("change", "path", "code"),
    [
        # §4.8: credentialSubject is required, and each subject makes a claim
        ({"credentialSubject": None}, "/credentialSubject", "model.missing-property"),
        ({"credentialSubject": {}}, "/credentialSubject", "model.subject-without-claims"),
        (
            {"credentialSubject": [{"id": "did:example:a"}, {}]},
            "/credentialSubject/1",
            "model.subject-without-claims",
        ),
        # §4.5 and the sections of each member: these objects need a type
        ({"evidence": {"id": "https://example.org/e/1"}}, "/evidence/type", None),
        ({"credentialStatus": {"id": "https://example.org/s/1"}}, "/credentialStatus/type", None),
        (
            {"credentialSchema": {"id": "https://example.org/schema"}},
            "/credentialSchema/type",
            None,
        ),
        ({"refreshService": {"id": "https://example.org/r"}}, "/refreshService/type", None),
        ({"termsOfUse": {"id": "https://example.org/t"}}, "/termsOfUse/type", None),
        # §4.11: a schema is identified by a URL
        ({"credentialSchema": {"type": "JsonSchema"}}, "/credentialSchema/id", None),
        # §4.4: ids are single URLs
        ({"id": "https ://not-a-url/1"}, "/id", "model.invalid-url"),
        ({"id": None}, "/id", "model.null-value"),
        ({"id": ["https://a.example/1", "https://b.example/1"]}, "/id", "model.invalid-url"),
        (
            {"credentialSubject": {"id": ["did:example:a", "did:example:b"]}},
            "/credentialSubject/id",
            "model.invalid-url",
        ),
        # §4.7: the issuer is a URL or an object whose id is one
        ({"issuer": "fake-issuer"}, "/issuer", "model.invalid-url"),
        ({"issuer": {"id": None}}, "/issuer/id", "model.missing-property"),
        ({"issuer": {"name": "No id"}}, "/issuer/id", "model.missing-property"),
        # §4.9: the validity period must not end before it starts
        (
            {"validFrom": "2026-01-02T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"},
            "/validUntil",
            "credential.invalid-validity-period",
        ),
        ({"validFrom": "Sat 25 Feb 2023 07:16:31 PM CST"}, "/validFrom", "model.invalid-date"),
        # §4.5: a credential's type includes VerifiableCredential
        ({"type": ["RelationshipCredential"]}, "/type", None),
        # §4.3: the first context is the VC 2.0 (or 1.1) context
        ({"@context": ["https://www.w3.org/ns/credentials/examples/v2"]}, "/@context/0", None),
    ],
)
def test_sign_refuses_what_the_data_model_forbids(
    key: Ed25519Key, change: dict[str, Any], path: str, code: str | None
) -> None:
    credential = plain(key.controller)
    for name, value in change.items():
        if value is None and name == "credentialSubject":
            del credential[name]
        else:
            credential[name] = value
    before = copy.deepcopy(credential)
    with pytest.raises(InvalidDocumentError) as caught:
        microcredential.sign(credential, key, check_model=True)
    assert path in {p.path for p in caught.value.problems}, caught.value
    if code is not None:
        assert code in error_codes(caught), caught.value
    assert credential == before
    # the expert opt-out signs it anyway (where the JSON-LD and the issuer binding allow)
    unsignable = {"/@context/0", "/id", "/issuer", "/issuer/id", "/credentialSubject/id", "/type"}
    if path not in unsignable:
        assert "proof" in microcredential.sign(credential, key, check_model=False)


def test_sign_refuses_a_vc11_credential_without_issuance_date(key: Ed25519Key) -> None:
    # VC Data Model 1.1 §4.6: issuanceDate is required (validFrom is a 2.0 term).
    credential = {
        "@context": [VC1],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:subject"},
    }
    with pytest.raises(InvalidDocumentError) as caught:
        microcredential.sign(credential, key)
    assert "/issuanceDate" in {p.path for p in caught.value.problems}
    signed = microcredential.sign({**credential, "issuanceDate": "2024-01-01T00:00:00Z"}, key)
    assert microcredential.verify(signed, now=NOW).ok


def test_sign_refuses_a_document_without_context_that_claims_to_be_a_credential(
    key: Ed25519Key,
) -> None:
    credential = plain(key.controller)
    del credential["@context"]
    with pytest.raises(InvalidDocumentError) as caught:
        microcredential.sign(credential, key, cryptosuite="eddsa-jcs-2022")
    assert "/@context" in {p.path for p in caught.value.problems}


def test_sign_still_signs_documents_that_are_not_credentials(key: Ed25519Key) -> None:
    document = {"@context": {"@vocab": "https://example.org/#"}, "title": "A note"}
    assert "proof" in microcredential.sign(document, key)


def test_credential_status_id_is_optional_in_vc2_but_not_in_open_badges(key: Ed25519Key) -> None:
    # VC Data Model 2.0 §4.10 makes credentialStatus.id optional; Open Badges 3.0 requires it.
    status = {"type": "BitstringStatusListEntry"}
    signed = microcredential.sign(plain(key.controller, credentialStatus=status), key)
    assert signed["credentialStatus"] == status
    badge = microcredential.issue(
        {
            "id": "https://example.edu/achievements/1",
            "type": ["Achievement"],
            "name": "Teamwork",
            "description": "Works well in a team.",
            "criteria": {"narrative": "Nominated by peers."},
        },
        recipient="did:example:learner",
        key=key,
    )
    unsigned = {k: v for k, v in badge.items() if k != "proof"}
    with pytest.raises(InvalidDocumentError) as caught:
        microcredential.sign({**unsigned, "credentialStatus": status}, key)
    assert "/credentialStatus/id" in {p.path for p in caught.value.problems}


def test_verify_reports_the_data_model_rules_for_a_plain_credential(key: Ed25519Key) -> None:
    credential = plain(key.controller, evidence={"id": "https://example.org/e/1"})
    signed = microcredential.sign(credential, key, check_model=False)
    result = microcredential.verify(signed, now=NOW)
    assert result.check("structure").status is CheckStatus.FAILED
    assert "/evidence/type" in {p.path for p in result.check("structure").problems}


# -- proof sets and chains (VC Data Integrity §2.1.1, §2.1.2) --------------------------------


def test_a_cosigners_proof_beside_the_issuers_is_accepted_and_reported(
    key: Ed25519Key, cosigner: Ed25519Key
) -> None:
    signed = microcredential.sign(plain(key.controller), key)
    both = add_proof_unchecked(signed, cosigner)
    result = microcredential.verify(both, now=NOW)
    assert result.ok, str(result)
    (note,) = result.check("issuer-binding").problems
    assert note.code == "credential.other-signer"
    assert note.path == "/proof/1"
    assert cosigner.controller in note.message
    strict = microcredential.verify(both, now=NOW, cosigners=False)
    assert strict.has_problem("credential.issuer-mismatch")
    assert not strict.ok


def test_a_chained_proof_by_another_signer_is_accepted(
    key: Ed25519Key, cosigner: Ed25519Key
) -> None:
    signed = microcredential.sign(plain(key.controller), key, proof_id="urn:uuid:first-proof")
    chained = add_proof_unchecked(signed, cosigner, previous_proof="urn:uuid:first-proof")
    result = microcredential.verify(chained, now=NOW)
    assert result.ok, str(result)
    assert result.has_problem("credential.other-signer")


def test_every_proof_of_the_set_must_verify(key: Ed25519Key, cosigner: Ed25519Key) -> None:
    signed = microcredential.sign(plain(key.controller), key)
    both = add_proof_unchecked(signed, cosigner)
    both["proof"][1]["proofValue"] = both["proof"][0]["proofValue"]
    result = microcredential.verify(both, now=NOW)
    assert result.check("proof").status is CheckStatus.FAILED
    assert not result.ok


def test_a_proof_set_without_the_issuers_proof_fails_the_binding(
    key: Ed25519Key, cosigner: Ed25519Key
) -> None:
    credential = plain(key.controller)
    only_others = add_proof_unchecked(add_proof_unchecked(credential, cosigner), cosigner)
    result = microcredential.verify(only_others, now=NOW)
    assert result.check("proof").status is CheckStatus.PASSED
    assert result.check("issuer-binding").status is CheckStatus.FAILED
    assert result.has_problem("credential.issuer-mismatch")


def test_the_issuers_proof_must_be_an_assertion(key: Ed25519Key, cosigner: Ed25519Key) -> None:
    # An authentication proof by the issuer is refused by the proof check (wrong purpose):
    # it could never stand in for the assertion the binding needs.
    credential = plain(key.controller)
    signed = add_proof_unchecked(
        add_proof_unchecked(credential, cosigner), key, proof_purpose="authentication"
    )
    result = microcredential.verify(signed, now=NOW)
    assert result.has_problem("proof.purpose-mismatch")
    assert not result.ok
