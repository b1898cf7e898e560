"""Presentations and VC-JWT: VC-JWTs presented, and presentations secured as a ``vp+jwt``."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import pytest

from microcredential import (
    InvalidDocumentError,
    SigningError,
    issue,
    present,
    verify,
    verify_presentation,
)
from microcredential.jwt import decode_jwt_presentation, encode_jwt_presentation
from microcredential.keys import Ed25519Key, RsaKey, Signer, generate_key
from microcredential.multibase import b64url_encode
from microcredential.presentation import (
    PRESENTATION_JWT_CHECK_NAMES,
    build_presentation,
    envelop_credential,
)
from microcredential.resolve import StaticResolver
from microcredential.verification import CheckStatus, VerificationStatus
from support import TEAMWORK

NOW = "2026-06-01T12:00:00Z"
CHALLENGE = "0b7c5d3e-8a41-4f2e-b1c9-6d2f7a9e4c10"
DOMAIN = "jobs.example.com"
KEY_TYPES = ("Ed25519", "P-256", "P-384", "RSA")


@pytest.fixture(scope="module")
def holders() -> dict[str, Signer]:
    return {name: generate_key(name) for name in KEY_TYPES}


@pytest.fixture(scope="module")
def holder(holders: dict[str, Signer]) -> Signer:
    return holders["Ed25519"]


def credential_token(issuer: Ed25519Key, subject: str, *, typ: str = "vc+jwt") -> str:
    return issue(
        TEAMWORK,
        recipient=subject,
        key=issuer,
        valid_from="2026-01-01T00:00:00Z",
        created="2026-01-01T00:00:00Z",
        format="jwt",
        typ=typ,
    )


@pytest.fixture(scope="module")
def token(key: Ed25519Key, holder: Signer) -> str:
    return credential_token(key, holder.controller)


@pytest.fixture(scope="module")
def vp(token: str, holder: Signer) -> str:
    return present([token], holder_key=holder, challenge=CHALLENGE, domain=DOMAIN, format="jwt")


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any]]:
    header, payload, _ = token.split(".")
    return tuple(  # type: ignore[return-value]
        json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        for part in (header, payload)
    )


def signed(header: dict[str, Any], payload: dict[str, Any], key: Signer) -> str:
    """A compact JWS of exactly ``header`` and ``payload``, signed by ``key``: what a holder
    (or an attacker holding some key) can make by hand."""
    signing_input = ".".join(
        b64url_encode(json.dumps(part, separators=(",", ":")).encode())
        for part in (header, payload)
    )
    return f"{signing_input}.{b64url_encode(key.sign(signing_input.encode('ascii')))}"


def check(presentation: Any, **options: Any) -> Any:
    """Verify for this verifier, now (the tokens are signed now unless a test says when)."""
    settings = {"challenge": CHALLENGE, "domain": DOMAIN, **options}
    return verify_presentation(presentation, **settings)


def codes(result: Any) -> set[str]:
    return {p.code for p in result.problems}


# -- signing and verifying ---------------------------------------------------------------------


@pytest.mark.parametrize("key_type", KEY_TYPES)
def test_every_key_type_presents_vc_jwts_as_a_vp_jwt(
    key: Ed25519Key, holders: dict[str, Signer], key_type: str
) -> None:
    holder = holders[key_type]
    mine = credential_token(key, holder.controller)
    embedded = issue(
        TEAMWORK, recipient=holder.controller, key=key, valid_from="2026-01-01T00:00:00Z"
    )
    vp = present(
        [mine, embedded], holder_key=holder, challenge=CHALLENGE, domain=DOMAIN, format="jwt"
    )
    header, payload = parts(vp)
    assert header == {"alg": holder.algorithm, "typ": "vp+jwt", "kid": holder.id}
    assert (payload["nonce"], payload["aud"], payload["iss"]) == (
        CHALLENGE,
        DOMAIN,
        holder.controller,
    )
    assert payload["holder"] == holder.controller
    assert payload["jti"] == payload["id"]
    envelope, plain = payload["verifiableCredential"]
    assert envelope == {
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": f"data:application/vc+jwt,{mine}",
        "type": "EnvelopedVerifiableCredential",
    }
    assert plain == embedded
    result = check(vp)
    assert result.ok, str(result)
    assert tuple(c.name for c in result.checks) == PRESENTATION_JWT_CHECK_NAMES
    assert all(c.status is CheckStatus.PASSED for c in result.checks)
    assert result.holder == holder.controller
    first, second = result.credentials
    assert [c.name for c in first.checks][4] == "jwt"
    assert [c.name for c in second.checks][4] == "proof"


@pytest.mark.parametrize("key_type", ["Ed25519", "P-256", "P-384"])
def test_a_data_integrity_presentation_carries_vc_jwts(
    key: Ed25519Key, holders: dict[str, Signer], key_type: str
) -> None:
    holder = holders[key_type]
    mine = credential_token(key, holder.controller)
    vp = present(mine, holder_key=holder, challenge=CHALLENGE, domain=DOMAIN)
    assert vp["verifiableCredential"] == [envelop_credential(mine)]
    result = check(vp)
    assert result.ok, str(result)
    (inner,) = result.credentials
    assert [c.name for c in inner.checks][4] == "jwt"


def test_an_rsa_key_presents_only_as_a_jwt(holders: dict[str, Signer], token: str) -> None:
    with pytest.raises(SigningError, match="format='jwt'"):
        present(token, holder_key=holders["RSA"], challenge=CHALLENGE, domain=DOMAIN)


def test_the_token_expires_and_is_read_at_its_time(holder: Signer, token: str) -> None:
    vp = present(
        token,
        holder_key=holder,
        challenge=CHALLENGE,
        domain=DOMAIN,
        created="2026-06-01T12:00:00Z",
        expires="2026-06-01T12:10:00Z",
        format="jwt",
    )
    assert parts(vp)[1]["exp"] - parts(vp)[1]["iat"] == 600
    assert check(vp, now="2026-06-01T12:05:00Z").ok
    late = check(vp, now="2026-06-01T13:00:00Z")
    assert late.status is VerificationStatus.INVALID
    assert codes(late) == {"jwt.expired"}


def test_present_does_not_mutate_and_refuses_a_cryptosuite(holder: Signer, key: Ed25519Key) -> None:
    embedded = issue(
        TEAMWORK, recipient=holder.controller, key=key, valid_from="2026-01-01T00:00:00Z"
    )
    before = copy.deepcopy(embedded)
    present([embedded], holder_key=holder, challenge=CHALLENGE, domain=DOMAIN, format="jwt")
    assert embedded == before
    with pytest.raises(ValueError, match="cryptosuite"):
        present(
            [embedded],
            holder_key=holder,
            challenge=CHALLENGE,
            domain=DOMAIN,
            format="jwt",
            cryptosuite="eddsa-rdfc-2022",
        )


def test_only_vc_jwts_are_enveloped(key: Ed25519Key, holder: Signer) -> None:
    with pytest.raises(InvalidDocumentError) as caught:
        build_presentation(["not a token"], holder=holder.controller)
    assert [p.code for p in caught.value.problems] == ["jwt.malformed"]
    vc1 = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": holder.controller},
    }
    with pytest.raises(ValueError, match=r"mix VC 1\.1 and VC 2\.0"):
        build_presentation([vc1, credential_token(key, holder.controller)], holder="did:ex:1")


def test_a_key_that_is_not_the_holders_cannot_present(token: str) -> None:
    stranger = Ed25519Key.generate()
    with pytest.raises(SigningError, match="holder"):
        present(
            token,
            holder_key=stranger,
            holder="did:example:someone-else",
            challenge=CHALLENGE,
            domain=DOMAIN,
            format="jwt",
        )


# -- what a verifier refuses, each with its own code -------------------------------------------


def test_a_replayed_token_is_refused(vp: str) -> None:
    other_challenge = check(vp, challenge="a-later-challenge")
    assert other_challenge.status is VerificationStatus.INVALID
    assert codes(other_challenge) == {"presentation.challenge-mismatch"}
    assert other_challenge.has_problem("presentation.challenge-mismatch")
    other_audience = check(vp, domain="shop.example.net")
    assert codes(other_audience) == {"presentation.domain-mismatch"}
    (problem,) = other_audience.problems
    assert problem.path == "/payload/aud"


def test_nonce_and_audience_must_be_there(holder: Signer, token: str) -> None:
    payload = {
        **parts(present(token, holder_key=holder, challenge="c", domain="d", format="jwt"))[1]
    }
    header = {"alg": "EdDSA", "typ": "vp+jwt", "kid": holder.id}
    del payload["nonce"], payload["aud"]
    result = check(signed(header, payload, holder))
    assert codes(result) == {"presentation.challenge-mismatch", "presentation.domain-mismatch"}
    payload["nonce"], payload["aud"] = CHALLENGE, ["https://other.example", DOMAIN]
    assert check(signed(header, payload, holder)).ok


def test_a_holder_that_is_not_the_keys_controller_is_refused(holder: Signer, token: str) -> None:
    stranger = Ed25519Key.generate()
    presentation = build_presentation([token], holder=holder.controller)
    forged = encode_jwt_presentation(presentation, stranger, challenge=CHALLENGE, domain=DOMAIN)
    result = check(forged)
    assert result.status is VerificationStatus.INVALID
    binding = {c.name: c for c in result.checks}["holder-binding"]
    assert binding.status is CheckStatus.FAILED
    assert codes(result) == {"presentation.holder-mismatch"}


def test_iss_and_jti_must_be_the_presentations(holder: Signer, vp: str) -> None:
    header, payload = parts(vp)
    for claim, code in (("iss", "jwt.iss-mismatch"), ("jti", "jwt.jti-mismatch")):
        changed = {**payload, claim: "did:example:other"}
        result = check(signed(header, changed, holder))
        assert codes(result) == {code}, claim


def test_an_enveloped_credential_that_fails_fails_the_presentation(
    key: Ed25519Key, holder: Signer, token: str
) -> None:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["credentialSubject"]["id"] = "did:example:mallory"
    tampered = ".".join((header, b64url_encode(json.dumps(claims).encode()), signature))
    presentation = build_presentation([tampered], holder=holder.controller)
    vp = encode_jwt_presentation(presentation, holder, challenge=CHALLENGE, domain=DOMAIN)
    result = check(vp)
    assert result.status is VerificationStatus.INVALID
    assert codes(result) >= {"presentation.credential-invalid"}
    (inner,) = result.credentials
    assert inner.has_problem("jwt.signature-mismatch")
    assert {c.name: c for c in result.checks}["jwt"].status is CheckStatus.PASSED


def test_a_changed_token_or_an_unsigned_one_is_refused(holder: Signer, vp: str) -> None:
    header, payload = parts(vp)
    signature = vp.rsplit(".", 1)[1]
    changed = {**payload, "holder": payload["holder"], "id": "urn:uuid:another"}
    tampered = (
        ".".join(b64url_encode(json.dumps(part).encode()) for part in (header, changed))
        + f".{signature}"
    )
    assert codes(check(tampered)) == {"jwt.signature-mismatch"}
    unsecured = (
        ".".join(
            b64url_encode(json.dumps(part).encode())
            for part in ({**header, "alg": "none"}, payload)
        )
        + "."
    )
    result = check(unsecured + "c2ln")
    assert codes(result) == {"jwt.unsecured"}
    assert result.holder is None or result.status is VerificationStatus.INVALID


def test_a_token_is_what_its_typ_says(key: Ed25519Key, holder: Signer, vp: str, token: str) -> None:
    # a credential's token is not a presentation, nor a presentation's a credential
    assert "jwt.type-invalid" in codes(check(token))
    as_credential = verify(vp, now=NOW)
    assert as_credential.status is VerificationStatus.INVALID
    assert [p.code for p in as_credential.errors] == ["jwt.type-invalid"]
    # a credential token with Open Badges' typ JWT (read as a presentation's too) still
    # carries no presentation for this challenge
    plain = credential_token(key, holder.controller, typ="JWT")
    result = check(plain)
    assert result.status is VerificationStatus.INVALID
    assert {"presentation.challenge-mismatch", "presentation.domain-mismatch"} <= codes(result)
    assert {c.name: c for c in result.checks}["structure"].status is CheckStatus.FAILED


@pytest.mark.parametrize("typ", ["vc+jwt", "application/vc+ld+json+jwt", "vp+jwt+x", "x"])
def test_a_presentation_is_not_signed_with_a_typ_no_verifier_reads_as_one(
    holder: Signer, token: str, typ: str
) -> None:
    """present(format="jwt", typ="vc+jwt") signed a presentation labelled as a credential,
    which verify_presentation then refused (jwt.type-invalid)."""
    with pytest.raises(ValueError, match="a verifier reads as a presentation"):
        present(token, holder_key=holder, challenge=CHALLENGE, domain=DOMAIN, format="jwt", typ=typ)
    for fine in ("vp+jwt", "application/VP+JWT", "JWT"):
        vp = present(
            token, holder_key=holder, challenge=CHALLENGE, domain=DOMAIN, format="jwt", typ=fine
        )
        assert check(vp).ok


@pytest.mark.parametrize("typ", ["vp+jwt", "application/vp+jwt", "vp-ld+jwt", "x"])
def test_a_credential_is_not_signed_with_a_typ_no_verifier_reads_as_one(
    key: Ed25519Key, holder: Signer, typ: str
) -> None:
    """issue(format="jwt", typ="vp+jwt") signed a credential labelled as a presentation,
    which verify then refused (jwt.type-invalid)."""
    with pytest.raises(ValueError, match="a verifier reads as a credential"):
        credential_token(key, holder.controller, typ=typ)


def test_a_key_only_in_the_header_is_bound_to_nobody(holder: Signer, token: str) -> None:
    presentation = build_presentation([token], holder=holder.controller)
    vp = encode_jwt_presentation(
        presentation, holder, challenge=CHALLENGE, domain=DOMAIN, kid="#key", include_jwk=True
    )
    result = check(vp)
    assert result.status is VerificationStatus.INDETERMINATE
    binding = {c.name: c for c in result.checks}["holder-binding"]
    assert binding.status is CheckStatus.INDETERMINATE
    assert codes(result) >= {"jwt.key-not-bound"}


def test_the_key_must_be_listed_for_authentication(key: Ed25519Key) -> None:
    holder = Ed25519Key.generate(controller="https://people.example/jan")
    mine = credential_token(key, holder.controller)
    vp = present(mine, holder_key=holder, challenge=CHALLENGE, domain=DOMAIN, format="jwt")
    for relationships, status, code in (
        (("authentication",), VerificationStatus.VERIFIED, None),
        (("assertionMethod",), VerificationStatus.INVALID, "proof.purpose-not-authorized"),
    ):
        document = holder.controller_document(relationships=relationships)
        result = check(vp, resolver=StaticResolver([document, key.controller_document()]))
        assert result.status is status, str(result)
        if code is not None:
            assert codes(result) == {code}
    bare = StaticResolver([holder.verification_method(), key.controller_document()])
    undecided = check(vp, resolver=bare)
    assert undecided.status is VerificationStatus.INDETERMINATE
    assert codes(undecided) == {"proof.controller-document-missing"}


# -- envelopes and VC 1.1 ----------------------------------------------------------------------


def test_an_enveloped_presentation_is_verified_as_its_token(vp: str) -> None:
    envelope = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": f"data:application/vp+jwt,{vp}",
        "type": "EnvelopedVerifiablePresentation",
    }
    assert check(envelope).ok
    padded = {**envelope, "holder": "did:example:someone"}
    result = check(padded)
    assert result.status is VerificationStatus.INVALID
    assert codes(result) == {"presentation.envelope-invalid"}
    wrong_type = {**envelope, "id": f"data:application/vc+jwt,{vp}"}
    assert codes(check(wrong_type)) == {"presentation.envelope-invalid"}


def test_a_vc_1_1_presentation_goes_in_the_vp_claim(key: Ed25519Key, holder: Signer) -> None:
    presentation = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiablePresentation"],
        "id": "urn:uuid:7a2b1c4d-0000-4000-8000-000000000001",
        "holder": holder.controller,
    }
    vp = encode_jwt_presentation(presentation, holder, challenge=CHALLENGE, domain=DOMAIN)
    payload = parts(vp)[1]
    assert payload["vp"] == presentation
    assert (payload["iss"], payload["jti"]) == (holder.controller, presentation["id"])
    assert decode_jwt_presentation(vp).form == "vc-1.1"
    assert check(vp).ok


def test_a_vc_1_1_token_carries_vc_jwts_as_strings(key: Ed25519Key, holder: Signer) -> None:
    mine = credential_token(key, holder.controller)
    payload = {
        "iss": holder.controller,
        "aud": DOMAIN,
        "nonce": CHALLENGE,
        "vp": {
            "@context": ["https://www.w3.org/2018/credentials/v1"],
            "type": ["VerifiablePresentation"],
            "verifiableCredential": [mine],
        },
    }
    vp = signed({"alg": "EdDSA", "typ": "JWT", "kid": holder.id}, payload, holder)
    result = check(vp)
    assert result.ok, str(result)
    assert result.holder == holder.controller
    (inner,) = result.credentials
    assert inner.ok
    two = {**payload, "type": ["VerifiablePresentation"]}
    assert codes(check(signed({"alg": "EdDSA", "kid": holder.id}, two, holder))) == {
        "jwt.malformed"
    }


def test_a_token_whose_payload_names_a_claim_is_not_signed(holder: Signer) -> None:
    presentation = {**build_presentation([], holder=holder.controller), "nonce": "mine"}
    with pytest.raises(SigningError, match="nonce"):
        encode_jwt_presentation(presentation, holder, challenge=CHALLENGE, domain=DOMAIN)


def test_the_rsa_round_trip_names_its_algorithm(
    holders: dict[str, Signer], key: Ed25519Key
) -> None:
    rsa = holders["RSA"]
    assert isinstance(rsa, RsaKey)
    vp = present(
        credential_token(key, rsa.controller),
        holder_key=rsa,
        challenge=CHALLENGE,
        domain=DOMAIN,
        format="jwt",
    )
    header, _ = parts(vp)
    assert header["alg"] == "RS256"
    swapped = vp.replace(
        vp.split(".")[0], b64url_encode(json.dumps({**header, "alg": "ES256"}).encode())
    )
    assert codes(check(swapped)) == {"jwt.algorithm-mismatch"}


def test_an_unreadable_envelope_is_reported_once_not_as_a_credential(holder: Signer) -> None:
    presentation = build_presentation([], holder=holder.controller)
    presentation["verifiableCredential"] = [
        {
            "@context": "https://www.w3.org/ns/credentials/v2",
            "id": "data:application/vc+jwt,yJhbGciOi.e30.c2ln",
            "type": "EnvelopedVerifiableCredential",
        }
    ]
    vp = encode_jwt_presentation(presentation, holder, challenge=CHALLENGE, domain=DOMAIN)
    result = check(vp)
    assert result.status is VerificationStatus.INVALID
    checks = {c.name: c for c in result.checks}
    assert checks["structure"].status is CheckStatus.PASSED
    assert codes(result) == {"presentation.credential-invalid"}
    (inner,) = result.credentials
    assert inner.has_problem("jwt.malformed")


@pytest.mark.parametrize("format", ["data-integrity", "jwt"])
def test_a_presentation_verifiers_would_not_read_is_not_signed(
    key: Ed25519Key, holder: Signer, format: str
) -> None:
    embedded = issue(TEAMWORK, recipient=holder.controller, key=key, valid_from=NOW)
    embedded["undefinedThing"] = "dropped by JSON-LD"
    with pytest.raises(InvalidDocumentError) as caught:
        present(embedded, holder_key=holder, challenge=CHALLENGE, domain=DOMAIN, format=format)
    assert [p.code for p in caught.value.problems] == ["jsonld.undefined-term"]
    assert caught.value.problems[0].path == "/verifiableCredential/0/undefinedThing"
