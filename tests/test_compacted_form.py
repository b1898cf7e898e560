"""What you see is what was signed: rewrites that keep an RDF signature valid are refused.

An ``eddsa-rdfc-2022`` proof signs the RDF dataset, and many JSON layouts give the same dataset.
Each test here takes a credential that does not verify (revoked, expired, an expired proof or
status list, a failing endorsement), rewrites its JSON without changing its dataset (the
signature stays valid), and checks that the rewrite is refused before anything is read from it.
Before the compacted-form check, each of these rewrites was reported verified.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from microcredential import (
    Ed25519Key,
    issue,
    present,
    sign,
    status_list_credential,
    verify,
    verify_presentation,
)
from microcredential.cli import main
from microcredential.integrity import verify_proofs
from microcredential.jsonld import to_nquads
from microcredential.share import summarize
from microcredential.status import IssuerStatusList
from microcredential.verification import CheckStatus, VerificationStatus, find_endorsements
from support import endorsement as signed_endorsement
from support import teamwork as achievement

VALID_FROM = "2026-01-01T00:00:00Z"
VALID_UNTIL = "2026-12-31T00:00:00Z"
DURING = "2026-06-01T12:00:00Z"
LATER = "2027-06-01T12:00:00Z"
LIST_URL = "https://example.edu/status/7"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
CRED = "https://www.w3.org/2018/credentials#"
OB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
#: JSON-LD keywords a processor drops inside a node object, while a JSON reader walks them.
DROPPED_KEYWORDS = ("@version", "@vocab", "@protected", "@json", "@none", "@import", "@container")


@pytest.fixture(scope="module")
def stranger() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(7, 39)))


@pytest.fixture(scope="module")
def revoked(key: Ed25519Key) -> tuple[dict[str, Any], dict[str, Any]]:
    """A credential valid until VALID_UNTIL, and the status list that revokes it."""
    revocations = IssuerStatusList.create(LIST_URL)
    credential = issue(
        achievement(),
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        valid_until=VALID_UNTIL,
        status=revocations,
        created=VALID_FROM,
    )
    revocations.revoke(int(credential["credentialStatus"]["statusListIndex"]))
    listed = status_list_credential(revocations, key, valid_from=VALID_FROM, created=VALID_FROM)
    return credential, listed


def same_dataset(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Whether two documents denote the same RDF (so a signature over one fits the other)."""
    from microcredential.jsonld import canonicalize

    return canonicalize(a) == canonicalize(b)


def form_codes(result: Any) -> set[str]:
    return {p.code for p in result.check("compacted-form").problems}


def assert_refused(result: Any, code: str) -> None:
    assert not result.ok
    assert result.check("compacted-form").status is CheckStatus.FAILED
    assert code in form_codes(result)
    # nothing else about the document is read
    assert all(c.status is CheckStatus.SKIPPED for c in result.checks[1:])


# -- the credential itself ------------------------------------------------------------------


def test_baseline_the_credential_is_revoked_and_expired(revoked: Any) -> None:
    credential, listed = revoked
    result = verify(credential, status=[listed], now=LATER)
    assert result.status is VerificationStatus.INVALID
    assert result.has_problem("status.revoked")
    assert result.has_problem("credential.expired")


def test_status_and_expiry_moved_under_nest(revoked: Any) -> None:
    credential, listed = revoked
    rewritten = copy.deepcopy(credential)
    rewritten["@nest"] = {
        "credentialStatus": rewritten.pop("credentialStatus"),
        "validUntil": rewritten.pop("validUntil"),
    }
    assert same_dataset(credential, rewritten)
    assert_refused(verify(rewritten, status=[listed], now=LATER), "jsonld.nest")


def test_status_and_expiry_written_as_iri_keys_with_value_objects(revoked: Any) -> None:
    credential, listed = revoked
    rewritten = copy.deepcopy(credential)
    rewritten[CRED + "validUntil"] = {"@value": rewritten.pop("validUntil"), "@type": XSD_DATETIME}
    rewritten[CRED + "credentialStatus"] = rewritten.pop("credentialStatus")
    assert same_dataset(credential, rewritten)
    assert_refused(verify(rewritten, status=[listed], now=LATER), "jsonld.iri-key")


def test_expiry_as_a_value_object(revoked: Any) -> None:
    credential, listed = revoked
    rewritten = copy.deepcopy(credential)
    rewritten["validUntil"] = {"@value": rewritten["validUntil"], "@type": XSD_DATETIME}
    assert same_dataset(credential, rewritten)
    assert_refused(verify(rewritten, status=[listed], now=LATER), "jsonld.value-object")


def test_expired_proof_with_its_expiry_as_an_iri_key(key: Ed25519Key) -> None:
    unsigned = {
        k: v
        for k, v in issue(
            achievement(), recipient="did:example:learner", key=key, valid_from=VALID_FROM
        ).items()
        if k != "proof"
    }
    credential = sign(unsigned, key, created=VALID_FROM, expires="2026-02-01T00:00:00Z")
    assert verify(credential, now=DURING).has_problem("proof.expired")
    rewritten = copy.deepcopy(credential)
    proof = rewritten["proof"]
    proof["https://w3id.org/security#expiration"] = {
        "@value": proof.pop("expires"),
        "@type": XSD_DATETIME,
    }
    assert_refused(verify(rewritten, now=DURING), "jsonld.iri-key")
    # the proof building block reads the proof's JSON too, and refuses the same way
    checked = verify_proofs(rewritten, now=DURING)
    assert not checked.ok
    assert {p.code for p in checked.problems} == {"jsonld.iri-key"}


def test_expired_status_list_with_its_expiry_as_an_iri_key(key: Ed25519Key) -> None:
    revocations = IssuerStatusList.create(LIST_URL)
    credential = issue(
        achievement(),
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        status=revocations,
        created=VALID_FROM,
    )
    expired = status_list_credential(
        revocations,
        key,
        valid_from=VALID_FROM,
        valid_until="2026-03-01T00:00:00Z",
        created=VALID_FROM,
    )
    assert verify(credential, status=[expired], now=DURING).has_problem("status.list-expired")
    rewritten = copy.deepcopy(expired)
    rewritten[CRED + "validUntil"] = {"@value": rewritten.pop("validUntil"), "@type": XSD_DATETIME}
    assert same_dataset(expired, rewritten)
    result = verify(credential, status=[rewritten], now=DURING)
    assert not result.ok
    status = result.check("credential-status")
    assert status.status is not CheckStatus.PASSED
    assert "jsonld.iri-key" in {p.code for p in status.problems}


# -- endorsements ------------------------------------------------------------------------------


def endorsement(endorser: Ed25519Key, subject: str, **dates: str) -> dict[str, Any]:
    return signed_endorsement(endorser, subject, valid_from=VALID_FROM, **dates)


def test_failing_endorsement_hidden_behind_an_iri_key(
    key: Ed25519Key, stranger: Ed25519Key
) -> None:
    lapsed = endorsement(stranger, achievement()["id"], validUntil="2026-03-01T00:00:00Z")
    credential = issue(
        achievement(endorsement=[lapsed]),
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        created=VALID_FROM,
    )
    assert verify(credential, now=DURING).status is VerificationStatus.INVALID
    rewritten = copy.deepcopy(credential)
    held = rewritten["credentialSubject"]["achievement"]
    held[OB + "endorsement"] = held.pop("endorsement")
    assert same_dataset(credential, rewritten)
    assert_refused(verify(rewritten, now=DURING), "jsonld.iri-key")


@pytest.mark.parametrize("keyword", DROPPED_KEYWORDS)
def test_endorsement_smuggled_under_a_keyword(
    keyword: str, key: Ed25519Key, stranger: Ed25519Key
) -> None:
    credential = issue(
        achievement(),
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        created=VALID_FROM,
    )
    # signed, but by a stranger, and never part of what the issuer signed
    smuggled = endorsement(stranger, credential["id"])
    rewritten = copy.deepcopy(credential)
    rewritten[keyword] = {"endorsement": [smuggled]}
    assert to_nquads(credential) == to_nquads(rewritten) or same_dataset(credential, rewritten)
    result = verify(rewritten, now=DURING)
    assert_refused(result, "jsonld.keyword-key")
    assert result.endorsements == ()
    assert list(find_endorsements(rewritten)) == []


def test_endorsements_are_found_only_where_the_data_model_puts_them(
    key: Ed25519Key, stranger: Ed25519Key
) -> None:
    valid = endorsement(stranger, achievement()["id"])
    credential = issue(
        achievement(endorsement=[valid]),
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        created=VALID_FROM,
    )
    assert [path for path, _ in find_endorsements(credential)] == [
        ("credentialSubject", "achievement", "endorsement", 0)
    ]
    # the OB context defines `endorsement` everywhere, but an AchievementSubject has none
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    unsigned["credentialSubject"] = {**unsigned["credentialSubject"], "endorsement": [valid]}
    elsewhere = sign(unsigned, key, created=VALID_FROM)
    assert [path for path, _ in find_endorsements(elsewhere)] == [
        ("credentialSubject", "achievement", "endorsement", 0)
    ]
    result = verify(elsewhere, now=DURING)
    assert result.ok
    assert len(result.endorsements) == 1
    ignored = [p for p in result.problems if p.code == "credential.endorsement-ignored"]
    assert [p.path for p in ignored] == ["/credentialSubject/endorsement"]


# -- presentations -------------------------------------------------------------------------------


def test_rewritten_credential_inside_a_presentation(key: Ed25519Key, revoked: Any) -> None:
    credential, listed = revoked
    holder = Ed25519Key.from_seed(bytes(range(3, 35)))
    presentation = present(
        [credential], holder_key=holder, challenge="c-1", domain="verifier.example"
    )
    options = {"challenge": "c-1", "domain": "verifier.example", "status": [listed], "now": LATER}
    assert not verify_presentation(presentation, **options).ok
    rewritten = copy.deepcopy(presentation)
    inner = rewritten["verifiableCredential"][0]
    inner["@nest"] = {"credentialStatus": inner.pop("credentialStatus")}
    inner[CRED + "validUntil"] = {"@value": inner.pop("validUntil"), "@type": XSD_DATETIME}
    assert same_dataset(presentation, rewritten)
    result = verify_presentation(rewritten, **options)
    assert_refused(result, "jsonld.nest")
    assert "jsonld.iri-key" in form_codes(result)


def test_presentation_proof_expiry_as_an_iri_key(key: Ed25519Key) -> None:
    credential = issue(
        achievement(), recipient="did:example:learner", key=key, valid_from=VALID_FROM
    )
    holder = Ed25519Key.from_seed(bytes(range(3, 35)))
    presentation = present(
        [credential],
        holder_key=holder,
        challenge="c-2",
        domain="verifier.example",
        created=VALID_FROM,
        expires="2026-02-01T00:00:00Z",
    )
    options = {"challenge": "c-2", "domain": "verifier.example", "now": DURING}
    assert verify_presentation(presentation, **options).has_problem("proof.expired")
    rewritten = copy.deepcopy(presentation)
    proof = rewritten["proof"]
    proof["https://w3id.org/security#expiration"] = {
        "@value": proof.pop("expires"),
        "@type": XSD_DATETIME,
    }
    assert_refused(verify_presentation(rewritten, **options), "jsonld.iri-key")


# -- what the command line shows ---------------------------------------------------------------


def test_summary_refuses_a_nested_expiry(revoked: Any) -> None:
    from microcredential.errors import InvalidDocumentError

    credential, _ = revoked
    assert summarize(credential).valid_until is not None
    rewritten = copy.deepcopy(credential)
    rewritten["@nest"] = {"validUntil": rewritten.pop("validUntil")}
    with pytest.raises(InvalidDocumentError) as info:
        summarize(rewritten)
    assert [p.code for p in info.value.problems] == ["jsonld.nest"]


def test_check_command_refuses_a_nested_status(
    revoked: Any, tmp_path: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    credential, _ = revoked
    rewritten = copy.deepcopy(credential)
    rewritten["@nest"] = {"credentialStatus": rewritten.pop("credentialStatus")}
    path = tmp_path / "rewritten.json"
    path.write_text(json.dumps(rewritten), encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert "[jsonld.nest]" in capsys.readouterr().err


# -- every suite, one rule -------------------------------------------------------------------


def test_jcs_signs_and_verifies_nothing_a_json_ld_reader_would_not_see(key: Ed25519Key) -> None:
    from microcredential.errors import InvalidDocumentError

    credential = issue(
        achievement(), recipient="did:example:learner", key=key, valid_from=VALID_FROM
    )
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    unsigned["@nest"] = {"validUntil": "2026-02-01T00:00:00Z"}
    # signing refuses what verification would refuse to read, whatever the suite
    with pytest.raises(InvalidDocumentError) as info:
        sign(unsigned, key, cryptosuite="eddsa-jcs-2022")
    assert [p.code for p in info.value.problems] == ["jsonld.nest"]
    # and a JCS credential made elsewhere with the same layout is refused by verify
    from microcredential.integrity import add_proof_unchecked

    made_elsewhere = add_proof_unchecked(unsigned, key, cryptosuite="eddsa-jcs-2022")
    assert verify_proofs(made_elsewhere, now=DURING).ok  # the JSON signature is fine
    assert_refused(verify(made_elsewhere, now=DURING), "jsonld.nest")
