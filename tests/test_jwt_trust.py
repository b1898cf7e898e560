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
