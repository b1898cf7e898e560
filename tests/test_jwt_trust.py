"""VC-JWT, tried as an attacker would: the verdict reads the payload that was signed.

Each token here is validly signed by the issuer's key (a holder cannot change a signed one);
the question is whether the verdict could differ from what another conforming reader of the
same token sees, or be bought with unbounded work before the signature is checked.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

import microcredential as mc
from microcredential.jwt import decode_jwt_credential
from microcredential.keys import Ed25519Key
from microcredential.verification import CheckStatus
from test_jwt import ACHIEVEMENT, NOW, b64, parts, resigned

CLAIMS = ("iss", "sub", "jti", "nbf", "exp", "iat")


@pytest.fixture(scope="module")
def key() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(32)))


@pytest.fixture(scope="module")
def token(key: Ed25519Key) -> str:
    return mc.issue(
        ACHIEVEMENT,
        recipient="did:example:learner",
        key=key,
        valid_from="2026-01-01T00:00:00Z",
        valid_until="2027-01-01T00:00:00Z",
        credential_id="urn:uuid:5a0e7e0c-2f0b-4b8e-9d51-0f5f2d1f6d11",
        created="2026-01-01T00:00:00Z",
        format="jwt",
    )


def signed_text(key: Ed25519Key, header_text: str, payload_text: str) -> str:
    """A token over exactly these header and payload texts, validly signed."""
    signing_input = f"{b64(header_text.encode())}.{b64(payload_text.encode())}"
    return f"{signing_input}.{b64(key.sign(signing_input.encode('ascii')))}"


def codes(result: mc.VerificationResult) -> set[str]:
    return {p.code for c in result.checks for p in c.problems}


def credential_of(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in CLAIMS}


# -- one reading of the signed bytes ------------------------------------------------------------


def test_a_header_with_a_key_twice_is_refused(key: Ed25519Key, token: str) -> None:
    header, _, _ = parts(token)
    # JOSE libraries differ on which "alg" wins; RFC 7515 §4 lets a reader refuse such a header
    text = json.dumps(header)[:-1] + ', "alg": "none"}'
    result = mc.verify(signed_text(key, text, json.dumps(parts(token)[1])), now=NOW)
    assert not result.ok
    assert codes(result) == {"jwt.malformed"}
    assert "'alg' appears twice" in result.check("jwt").problems[0].message


def test_a_payload_with_a_member_twice_is_refused(key: Ed25519Key, token: str) -> None:
    header, payload, _ = parts(token)
    # an expired validUntil after the current one: last-wins and first-wins readers disagree
    text = json.dumps(payload)[:-1] + ', "validUntil": "2020-01-01T00:00:00Z"}'
    result = mc.verify(signed_text(key, json.dumps(header), text), now=NOW)
    assert codes(result) == {"jwt.malformed"}
    assert "'validUntil' appears twice" in result.check("jwt").problems[0].message


def test_a_payload_with_both_a_credential_and_a_vc_claim_is_refused(
    key: Ed25519Key, token: str
) -> None:
    # VC-JOSE-COSE readers take the payload (expired here), VC-JWT 1.1 readers the vc claim
    # (current): the verdict used to be the vc claim's, "verified"
    header, payload, _ = parts(token)
    current = credential_of(payload)
    expired = {**current, "validUntil": "2026-02-01T00:00:00Z"}
    both = {"iss": payload["iss"], "jti": payload["jti"], "sub": payload["sub"], **expired}
    both["vc"] = current
    result = mc.verify(resigned(key, header, both), now=NOW)
    assert result.status is mc.VerificationStatus.INVALID
    assert codes(result) == {"jwt.malformed"}
    (problem,) = result.check("jwt").problems
    assert "two credentials" in problem.message
    assert problem.path == "/@context"
    with pytest.raises(mc.InvalidDocumentError):
        decode_jwt_credential(resigned(key, header, both))


def test_a_vc_2_credential_in_the_vc_claim_keeps_its_own_date_names(
    key: Ed25519Key, token: str
) -> None:
    # early Open Badges 3.0 tokens put the VC 2.0 credential in a vc claim; its dates were
    # put back as VC 1.1's issuanceDate and expirationDate, terms the credential does not have
    header, payload, _ = parts(token)
    wrapped = {k: payload[k] for k in CLAIMS}
    wrapped["vc"] = credential_of(payload)
    decoded = decode_jwt_credential(resigned(key, header, wrapped))
    assert decoded.form == "vc-1.1"
    assert decoded.credential == credential_of(payload)
    result = mc.verify(resigned(key, header, wrapped), now=NOW)
    assert result.ok, codes(result)
    # and its claims are compared with validFrom and validUntil
    shifted = {**wrapped, "exp": wrapped["exp"] - 86400}
    assert "jwt.exp-mismatch" in codes(mc.verify(resigned(key, header, shifted), now=NOW))


def test_an_exp_claim_alone_bounds_a_vc_2_credential_in_the_vc_claim(
    key: Ed25519Key, token: str
) -> None:
    header, payload, _ = parts(token)
    credential = credential_of(payload)
    del credential["validUntil"]
    wrapped = {**{k: payload[k] for k in CLAIMS}, "exp": payload["nbf"] + 3600, "vc": credential}
    result = mc.verify(resigned(key, header, wrapped), now=NOW)
    assert result.status is mc.VerificationStatus.INVALID
    assert "credential.expired" in codes(result)
    decoded = decode_jwt_credential(resigned(key, header, wrapped))
    assert decoded.credential["validUntil"] == "2026-01-01T01:00:00Z"


@pytest.mark.parametrize("where", ["payload", "vc"])
def test_the_compacted_form_check_reads_the_token_s_credential(
    key: Ed25519Key, token: str, where: str
) -> None:
    # the status entry moved under @nest: a JSON-LD reader sees it, a JSON reader does not
    header, payload, _ = parts(token)
    credential = credential_of(payload)
    credential["@nest"] = {
        "credentialStatus": {"id": "https://example.edu/status/1#5", "type": "Unknown"}
    }
    if where == "payload":
        shaped = {**{k: payload[k] for k in CLAIMS}, **credential}
    else:
        shaped = {**{k: payload[k] for k in CLAIMS}, "vc": credential}
    result = mc.verify(resigned(key, header, shaped), now=NOW)
    assert result.check("compacted-form").status is CheckStatus.FAILED
    assert "jsonld.nest" in codes(result)
    assert result.check("jwt").status is CheckStatus.SKIPPED


def test_registered_claims_are_not_members_of_the_credential(token: str) -> None:
    decoded = decode_jwt_credential(token)
    assert not set(CLAIMS) & set(decoded.credential)
    assert decoded.claims["jti"] == decoded.credential["id"]


# -- bounded work before the signature ----------------------------------------------------------


def test_a_deeply_nested_payload_is_refused_before_anything_else(
    key: Ed25519Key, token: str
) -> None:
    header, payload, _ = parts(token)
    depth = 200_000
    text = json.dumps(payload)[:-1] + ', "description": ' + "[" * depth + "1" + "]" * depth + "}"
    result = mc.verify(signed_text(key, json.dumps(header), text), now=NOW)
    assert codes(result) == {"jwt.malformed"}
    assert "nesting exceeds" in result.check("jwt").problems[0].message


def test_a_payload_of_many_undefined_members_is_refused_by_the_layout_check(
    key: Ed25519Key, token: str
) -> None:
    header, payload, _ = parts(token)
    shaped = copy.deepcopy(payload)
    shaped.update({f"k{i}": i for i in range(5000)})
    result = mc.verify(resigned(key, header, shaped), now=NOW)
    assert result.check("compacted-form").status is CheckStatus.FAILED
    assert result.check("jwt").status is CheckStatus.SKIPPED
    undefined = {p.path for p in result.check("compacted-form").problems}
    assert len(undefined) == 5000


# -- VC-JWTs in presentations -------------------------------------------------------------------

HOLDER = Ed25519Key.from_seed(bytes(range(1, 33)))


def envelope(token: str, **extra: Any) -> dict[str, Any]:
    """An enveloped credential (VC Data Model 2.0 §4.13.1) carrying ``token``."""
    return {
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": "data:application/vc+jwt," + token,
        "type": "EnvelopedVerifiableCredential",
        **extra,
    }


def presented(*items: Any) -> dict[str, Any]:
    return mc.present(
        list(items), holder_key=HOLDER, challenge="c-1", domain="verifier.example", created=NOW
    )


def check_presented(presentation: dict[str, Any]) -> Any:
    return mc.verify_presentation(presentation, challenge="c-1", domain="verifier.example", now=NOW)


def holder_token(key: Ed25519Key, **changes: Any) -> str:
    return mc.issue(
        ACHIEVEMENT,
        recipient=changes.pop("recipient", HOLDER.controller),
        key=key,
        valid_from="2026-01-01T00:00:00Z",
        valid_until=changes.pop("valid_until", "2027-01-01T00:00:00Z"),
        created="2026-01-01T00:00:00Z",
        format="jwt",
    )


def test_an_enveloped_vc_jwt_is_verified_as_the_credential_it_carries(key: Ed25519Key) -> None:
    # enveloped credentials used to fail the presentation's structure check, unread
    token = holder_token(key)
    result = check_presented(presented(envelope(token)))
    assert result.ok, [p.code for c in result.checks for p in c.problems]
    (credential,) = result.credentials
    assert credential.check("jwt").status is CheckStatus.PASSED
    assert credential.credential_id == decode_jwt_credential(token).credential["id"]


def test_an_enveloped_expired_vc_jwt_fails_the_presentation(key: Ed25519Key) -> None:
    token = holder_token(key, valid_until="2026-02-01T00:00:00Z")
    result = check_presented(presented(envelope(token)))
    assert result.check("credentials").status is CheckStatus.FAILED
    assert "credential.expired" in {p.code for p in result.credentials[0].problems}


def test_the_subject_is_read_from_the_token_not_the_envelope(key: Ed25519Key) -> None:
    someone_else = holder_token(key, recipient="did:example:someone-else")
    result = check_presented(presented(envelope(someone_else)))
    assert "presentation.subject-not-holder" in {
        p.code for p in result.check("credentials").problems
    }
    # a subject written beside the token is the holder's say-so: refused, not read (the
    # envelope's context defines nothing but its id and type)
    dressed = presented(envelope(someone_else))
    dressed["verifiableCredential"][0]["credentialSubject"] = {"id": HOLDER.controller}
    result = check_presented(dressed)
    assert result.status is mc.VerificationStatus.INVALID
    assert result.check("compacted-form").status is CheckStatus.FAILED


def test_an_envelope_holds_its_token_and_nothing_else(key: Ed25519Key) -> None:
    # were the contexts to define a member beside the token, the envelope check refuses it
    from microcredential.presentation import _carried

    item = envelope(holder_token(key), name="A credential")
    (problem,) = _carried(item, ["verifiableCredential", 0]).problems
    assert problem.code == "presentation.envelope-invalid"
    assert problem.path == "/verifiableCredential/0/name"


@pytest.mark.parametrize(
    "prefix", ["data:application/jwt,", "data:application/vc+jwt;base64,", "urn:jwt:"]
)
def test_an_envelope_of_another_form_is_refused(key: Ed25519Key, prefix: str) -> None:
    token = holder_token(key)
    item = {**envelope(token), "id": prefix + token}
    result = check_presented(presented(item))
    assert result.status is mc.VerificationStatus.INVALID
    assert "presentation.envelope-invalid" in {p.code for c in result.checks for p in c.problems}


def test_a_changed_enveloped_token_fails_both_signatures(key: Ed25519Key) -> None:
    token = holder_token(key)
    presentation = presented(envelope(token))
    header, payload, signature = token.split(".")
    claims = json.loads(base64_decode(payload))
    claims["validUntil"] = "2099-01-01T00:00:00Z"
    forged = ".".join((header, b64(json.dumps(claims).encode()), signature))
    presentation["verifiableCredential"][0]["id"] = "data:application/vc+jwt," + forged
    result = check_presented(presentation)
    assert result.check("holder-proof").status is CheckStatus.FAILED
    assert result.credentials[0].check("jwt").status is CheckStatus.FAILED


def test_a_bare_token_in_a_presentation_is_not_read(key: Ed25519Key) -> None:
    presentation = presented()
    presentation["verifiableCredential"] = [holder_token(key)]
    result = check_presented(presentation)
    assert result.status is mc.VerificationStatus.INVALID
    assert result.credentials == ()


def base64_decode(text: str) -> bytes:
    import base64

    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_a_null_kid_names_no_key_and_checks_no_signature() -> None:
    """A header with ``"kid": null`` (and no jwk) used to leave the ``jwt`` check passed
    without any signature checked; it names no key, so nothing is verified."""
    import base64
    import json

    import microcredential as mc
    from microcredential.keys import Ed25519Key
    from microcredential.multibase import b64url_encode
    from support import TEAMWORK

    issuer, holder = Ed25519Key.generate(), Ed25519Key.generate()
    token = mc.issue(
        TEAMWORK,
        recipient=holder.controller,
        key=issuer,
        valid_from="2026-01-01T00:00:00Z",
        format="jwt",
    )
    vp = mc.present(token, holder_key=holder, challenge="c", domain="d", format="jwt")
    for secured, verify in (
        (token, lambda t: mc.verify(t)),
        (vp, lambda t: mc.verify_presentation(t, challenge="c", domain="d")),
    ):
        head, payload, _ = secured.split(".")
        header = json.loads(base64.urlsafe_b64decode(head + "=" * (-len(head) % 4)))
        forged = f"{b64url_encode(json.dumps({**header, 'kid': None}).encode())}.{payload}.AAAA"
        result = verify(forged)
        assert result.status.value == "invalid"
        assert result.has_problem("jwt.key-missing")
        assert result.check("jwt").status.value == "failed"


#: NumericDates no calendar date stands for: beyond year 9999, before year 1, beyond time_t.
OUT_OF_RANGE = (253402300800, -62135596801, 1e20, -1e300)


@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_a_date_claim_out_of_range_is_a_problem_not_an_exception(
    key: Ed25519Key, token: str, value: float
) -> None:
    """An ``iat`` beyond the calendar raised ``OverflowError`` or ``ValueError`` from
    ``verify`` and ``verify_presentation``; a VC 1.1 ``nbf`` or ``exp`` did so already while
    decoding, before any signature was checked."""
    header, payload, _ = parts(token)
    result = mc.verify(resigned(key, header, {**payload, "iat": value}), now=NOW)
    assert result.check("jwt").status is CheckStatus.FAILED
    assert "jwt.claim-invalid" in codes(result)

    credential = credential_of(payload)
    del credential["validFrom"], credential["validUntil"]
    for claim in ("nbf", "exp"):
        vc1 = {"iss": payload["iss"], "nbf": payload["nbf"], "vc": credential, claim: value}
        unsigned = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(vc1).encode())}.AAAA"
        decoded = decode_jwt_credential(unsigned)
        assert claim == "exp" or "validFrom" not in decoded.credential
        result = mc.verify(resigned(key, header, vc1), now=NOW)
        assert result.status is mc.VerificationStatus.INVALID
        assert "jwt.claim-invalid" in codes(result)

    holder = Ed25519Key.generate()
    vp = mc.present(token, holder_key=holder, challenge="c", domain="d", format="jwt")
    vp_header, vp_payload, _ = parts(vp)
    presented = resigned(holder, vp_header, {**vp_payload, "iat": value})
    outcome = mc.verify_presentation(presented, challenge="c", domain="d", now=NOW)
    assert outcome.check("jwt").status is CheckStatus.FAILED
    assert outcome.has_problem("jwt.claim-invalid")
