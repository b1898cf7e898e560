"""CLR 2.0: building, signing and verifying a Comprehensive Learner Record."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from jsonschema import Draft201909Validator

from microcredential import InvalidDocumentError, issue, sign, verify
from microcredential.clr import association, build_clr, bundled_credentials
from microcredential.keys import Ed25519Key
from microcredential.models import ClrCredential, parse_clr
from microcredential.verification import CHECK_NAMES, CLR_CHECK_NAME
from support import need_reference, seeded_key

LEARNER = "did:example:learner"
NOW = "2026-03-01T00:00:00Z"


@pytest.fixture(scope="module")
def keys(key: Ed25519Key, other_key: Ed25519Key) -> tuple[Ed25519Key, Ed25519Key, Ed25519Key]:
    return key, other_key, seeded_key(2)


def achievement(number: int) -> dict[str, Any]:
    return {
        "id": f"https://example.org/achievements/{number}",
        "type": ["Achievement"],
        "name": f"Achievement {number}",
        "description": "What the learner showed.",
        "criteria": {"narrative": "Pass the assessment."},
    }


@pytest.fixture(scope="module")
def credentials(keys: tuple[Ed25519Key, Ed25519Key, Ed25519Key]) -> list[dict[str, Any]]:
    first, second, _ = keys
    return [
        issue(achievement(1), recipient=LEARNER, key=first, valid_from="2025-01-01T00:00:00Z"),
        issue(achievement(2), recipient=LEARNER, key=second, valid_from="2025-02-01T00:00:00Z"),
    ]


@pytest.fixture(scope="module")
def clr(
    keys: tuple[Ed25519Key, Ed25519Key, Ed25519Key], credentials: list[dict[str, Any]]
) -> dict[str, Any]:
    publisher = keys[2]
    unsigned = build_clr(
        credentials,
        learner=LEARNER,
        issuer={"id": publisher.controller, "type": ["Profile"], "name": "Record keeper"},
        name="Learning record",
        associations=[
            association(
                "https://example.org/achievements/1",
                "isPeerOf",
                "https://example.org/achievements/2",
            )
        ],
        credential_id="urn:uuid:6f1a3c2e-1111-4a2b-9c3d-0123456789ab",
        valid_from="2026-01-01T00:00:00Z",
    )
    return sign(unsigned, publisher)


def test_a_signed_clr_reads_as_the_model_and_writes_back_the_same_json(
    clr: dict[str, Any],
) -> None:
    model = parse_clr(clr)
    assert isinstance(model, ClrCredential)
    assert model.to_json() == clr
    assert len(model.credential_subject.verifiable_credential) == 2
    links = model.credential_subject.association
    assert isinstance(links, list)
    assert links[0].association_type == "isPeerOf"


def test_a_built_clr_validates_against_the_1edtech_schema(clr: dict[str, Any]) -> None:
    schema_file = need_reference() / "schemas/clr_v2p0/json-ld/clr_v2p0_clrcredential_schema.json"
    schema = json.loads(schema_file.read_text("utf-8"))
    errors = list(Draft201909Validator(schema).iter_errors(clr))
    assert errors == []


def test_the_schema_oracle_rejects_what_the_model_rejects() -> None:
    schema_file = need_reference() / "schemas/clr_v2p0/json-ld/clr_v2p0_clrcredential_schema.json"
    validator = Draft201909Validator(json.loads(schema_file.read_text("utf-8")))
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "ClrCredential"],
        "id": "urn:uuid:x",
        "name": "n",
        "issuer": "did:example:p",
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"type": ["ClrSubject"], "verifiableCredential": []},
    }
    assert not validator.is_valid(document)
    with pytest.raises(InvalidDocumentError) as caught:
        parse_clr(document)
    paths = {p.path for p in caught.value.problems}
    assert "/@context" in paths
    assert "/credentialSubject/verifiableCredential" in paths


def test_verify_reports_the_clr_then_each_bundled_credential(
    clr: dict[str, Any], credentials: list[dict[str, Any]]
) -> None:
    result = verify(clr, now=NOW)
    assert result.ok, result.render_text()
    assert result.kind == "ClrCredential"
    assert [c.name for c in result.checks] == [*CHECK_NAMES, CLR_CHECK_NAME]
    assert result.check(CLR_CHECK_NAME).status == "passed"
    assert [r.credential_id for r in result.credentials] == [c["id"] for c in credentials]
    assert [r.path for r in result.credentials] == [
        "/credentialSubject/verifiableCredential/0",
        "/credentialSubject/verifiableCredential/1",
    ]
    assert all(r.ok for r in result.credentials)
    data = result.to_dict()
    assert [c["id"] for c in data["credentials"]] == [c["id"] for c in credentials]


def test_a_badge_result_has_no_credentials_check(credentials: list[dict[str, Any]]) -> None:
    result = verify(credentials[0], now=NOW)
    assert [c.name for c in result.checks] == list(CHECK_NAMES)
    assert "credentials" not in result.to_dict()


def test_a_forged_bundled_credential_fails_on_its_own(
    keys: tuple[Ed25519Key, Ed25519Key, Ed25519Key], clr: dict[str, Any]
) -> None:
    forged = copy.deepcopy(clr)
    del forged["proof"]
    forged["credentialSubject"]["verifiableCredential"][1]["name"] = "A better achievement"
    resigned = sign(forged, keys[2])  # the publisher signs the bundle it was handed
    result = verify(resigned, now=NOW)
    assert result.status == "invalid"
    assert result.check("proof").status == "passed"
    assert result.check(CLR_CHECK_NAME).status == "failed"
    assert result.has_problem("credential.bundled-invalid")
    first, second = result.credentials
    assert first.ok
    assert second.status == "invalid"
    assert second.has_problem("proof.signature-mismatch")


def test_a_tampered_clr_fails_its_own_proof_and_checks_nothing_inside(
    clr: dict[str, Any],
) -> None:
    tampered = copy.deepcopy(clr)
    tampered["name"] = "Another record"
    result = verify(tampered, now=NOW)
    assert result.check("proof").status == "failed"
    assert result.check(CLR_CHECK_NAME).status == "skipped"
    assert result.credentials == ()


def test_an_indeterminate_bundled_credential_makes_the_clr_indeterminate(
    keys: tuple[Ed25519Key, Ed25519Key, Ed25519Key], credentials: list[dict[str, Any]]
) -> None:
    first, _, publisher = keys
    unsigned = dict(credentials[0])
    del unsigned["proof"]
    unsigned["credentialStatus"] = {
        "id": "https://example.org/status/1#5",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "5",
        "statusListCredential": "https://example.org/status/1",
    }
    with_status = sign(unsigned, first)
    record = sign(
        build_clr(
            [with_status],
            learner=LEARNER,
            issuer=publisher.controller,
            name="Record",
            valid_from="2026-01-01T00:00:00Z",
        ),
        publisher,
    )
    result = verify(record, now=NOW)
    assert result.status == "indeterminate"
    assert result.check(CLR_CHECK_NAME).status == "indeterminate"
    assert result.has_problem("credential.bundled-indeterminate")
    assert result.credentials[0].check("credential-status").status == "indeterminate"


def test_build_clr_bundles_a_credential_once_and_leaves_the_input_alone(
    credentials: list[dict[str, Any]],
) -> None:
    before = copy.deepcopy(credentials)
    record = build_clr(
        [credentials[0], credentials[1], copy.deepcopy(credentials[0])],
        learner=LEARNER,
        issuer="did:example:publisher",
        name="Record",
    )
    assert bundled_credentials(record) == credentials
    assert credentials == before
    bundled_credentials(record)[0]["name"] = "changed"
    assert credentials == before


def test_build_clr_refuses_an_empty_bundle_naming_the_path() -> None:
    with pytest.raises(InvalidDocumentError, match="verifiableCredential"):
        build_clr([], learner=LEARNER, issuer="did:example:publisher", name="Record")


def test_association_refuses_an_unknown_relation() -> None:
    with pytest.raises(ValueError, match="isPartOf"):
        association("urn:a", "isCousinOf", "urn:b")
