"""VC-JWT: signing and verifying credentials as compact JWS (Open Badges 3.0 §8.2)."""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microcredential as mc
from microcredential import strategies
from microcredential._time import parse_datetime
from microcredential.errors import InvalidDocumentError, SigningError
from microcredential.jwt import (
    decode_jwt_credential,
    encode_jwt_credential,
    is_compact_jws,
)
from microcredential.keys import Ed25519Key, KeyType, RsaKey, SecretKey
from microcredential.resolve import ChainResolver, StaticResolver
from support import TEAMWORK as ACHIEVEMENT
from support import key_of

NOW = "2026-06-01T00:00:00Z"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

# Open Badges Specification 3.0, Appendix "Examples", Example "Sample OpenBadgeCredential"
# (Basic OpenBadgeCredential), tab "Verifiable Credential (as JWT)": the compact JWS as the
# specification prints it, RS256 with the public key in the header's `jwk` (2048 bits).  Its
# payload is the credential with `iss`, `jti` and `sub` (no `nbf`); its issuer
# https://example.com/issuers/876543 publishes no key.
OB3_EXAMPLE_JWT = re.sub(
    r"\s+",
    "",
    """
eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImp3ayI6eyJlIjoiQVFBQiIsImt0eSI6IlJTQSIsIm4i
OiJxRWNMWGtqY3pZSmY0d24tMlVHa0VDZ0VPWGF1am5kXzBBU1I3X2xxTzdVQWZQYU85U1lNQjVCRnpp
dWFsUUxwRXNJZmYzQUxubDdRckR4TnU5TENTZGhxUDBNc3JqTmcweWFBZ1JITVN0QnU3OFRlOXFMVjhv
aFVmWWJHSWtFVDFSaGs2QnNqbUJxdVZJOTd0YllOc0hZOWU2b1pnd3Y1UEJxN3BTbjd4MGJWSjRaN293
ZTRTaUxsQTg2RUdqdG0xV25FR25iWDlsUGpDUnNCX0lRcUczWmktNnBaNjc4Yzc1RXd2VmtYdVppdmg1
R2dLRkxlTFJTS3BHRWRrdU5Yam52WDUxQlp2TGVBUEVVamY2TWJ0WFBqTU5VbjctWGt4WVBDUGxNUzY2
d0hWbGdaNm53WGo4M3EySkp1SjhZcW8wLWllVURxUXJfWUlpejg2V2NnelEifX0.eyJAY29udGV4dCI6
WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xv
YmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIl0sImlkIjoiaHR0cDovL2V4YW1w
bGUuY29tL2NyZWRlbnRpYWxzLzM1MjciLCJ0eXBlIjpbIlZlcmlmaWFibGVDcmVkZW50aWFsIiwiT3Bl
bkJhZGdlQ3JlZGVudGlhbCJdLCJpc3N1ZXIiOnsiaWQiOiJodHRwczovL2V4YW1wbGUuY29tL2lzc3Vl
cnMvODc2NTQzIiwidHlwZSI6WyJQcm9maWxlIl0sIm5hbWUiOiJFeGFtcGxlIENvcnAifSwidmFsaWRG
cm9tIjoiMjAxMC0wMS0wMVQwMDowMDowMFoiLCJuYW1lIjoiVGVhbXdvcmsgQmFkZ2UiLCJjcmVkZW50
aWFsU3ViamVjdCI6eyJpZCI6ImRpZDpleGFtcGxlOmViZmViMWY3MTJlYmM2ZjFjMjc2ZTEyZWMyMSIs
InR5cGUiOlsiQWNoaWV2ZW1lbnRTdWJqZWN0Il0sImFjaGlldmVtZW50Ijp7ImlkIjoiaHR0cHM6Ly9l
eGFtcGxlLmNvbS9hY2hpZXZlbWVudHMvMjFzdC1jZW50dXJ5LXNraWxscy90ZWFtd29yayIsInR5cGUi
OlsiQWNoaWV2ZW1lbnQiXSwiY3JpdGVyaWEiOnsibmFycmF0aXZlIjoiVGVhbSBtZW1iZXJzIGFyZSBu
b21pbmF0ZWQgZm9yIHRoaXMgYmFkZ2UgYnkgdGhlaXIgcGVlcnMgYW5kIHJlY29nbml6ZWQgdXBvbiBy
ZXZpZXcgYnkgRXhhbXBsZSBDb3JwIG1hbmFnZW1lbnQuIn0sImRlc2NyaXB0aW9uIjoiVGhpcyBiYWRn
ZSByZWNvZ25pemVzIHRoZSBkZXZlbG9wbWVudCBvZiB0aGUgY2FwYWNpdHkgdG8gY29sbGFib3JhdGUg
d2l0aGluIGEgZ3JvdXAgZW52aXJvbm1lbnQuIiwibmFtZSI6IlRlYW13b3JrIn19LCJpc3MiOiJodHRw
czovL2V4YW1wbGUuY29tL2lzc3VlcnMvODc2NTQzIiwianRpIjoiaHR0cDovL2V4YW1wbGUuY29tL2Ny
ZWRlbnRpYWxzLzM1MjciLCJzdWIiOiJkaWQ6ZXhhbXBsZTplYmZlYjFmNzEyZWJjNmYxYzI3NmUxMmVj
MjEifQ.cj2W3EM-RUFYdoiQf4GKRoa1_i8eD4ycAySBR5YhOf7D6kSxTfpbbPzilV5QgoVgZE9bKDObL
wi_c9QSK6ftHEN0FGVTwmH9Bo_6pod5e7zydN5pYo9pjzg1y3d6-n2kmpmVUaB7YeIt40tFVz_vBJpL0
lXxI7-MObTovYjX4i2PWIotbNtTrl-bRjK4AceP-tdcvbHHw5yv5tycr7nK-0tOproZme3DG6W-k992j
8vOY2AYWyY9PgflyDhb-b_sEgmkOrlDa2cmlzDW04-hFWzP2u_Rz-Y3wLbBs0nwTW9DrWOr48XfsKOZ2
0V9Z7stnMQiUFp4ZRf-l4v0yt1xGg
""",
)

# The same specification, Appendix "Examples", Example "Sample EndorsementCredential", tab
# "Verifiable Credential (as JWT)": RS256 with the key in the header's `jwk`; its issuer
# https://state.gov/issuers/565049 publishes no key.  (The printed signature escapes one "_"
# as "\_"; the escape is left out here.)
OB3_ENDORSEMENT_JWT = re.sub(
    r"\s+",
    "",
    """
eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImp3ayI6eyJlIjoiQVFBQiIsImt0eSI6IlJTQSIsIm4i
OiJ6UXQ4WGZwZzVVY252QUZSWVhxd0JxN2FwSDJjMUd4QWZ2bnZneWh5RDMzQ0wwZ3J1ODNReU9ibmJj
ZlY2VmY4U0t4WWVoNFhfeHJlSzBJMUtLN3Z3SXdwamtxdWM3YTkxN1ZxblAtLUVRb1AtTVg0M09ESW95
RjF3WVBJY2trX0pDNFZVUE5RUThLTmt5WDNDSHQ1eW1uU2lGbXhqbnJpdm5nRzRlQWNfd05hTTl1dVlK
WVFZNW9RTUZIMTlfc2s2Ty1XVXk1VVZVaTk4c2kzUWJheHpidGFGS00zRUlnZWdZWExyZFpidUtQMmpO
bnphaWFiYkx3X3V4cDY4MThITVVEeGVSaW90bVhBYXVySEFNVG1WNHZNYUpTSndoUzhoeElOSTFjNXFF
TWZabVc5Q0pXTkx0aklKUWpDT3V3VnNaVk5jRkZ5SmpZajZ4c3JqQmxfMHcifX0.eyJAY29udGV4dCI6
WyJodHRwczovL3d3dy53My5vcmcvbnMvY3JlZGVudGlhbHMvdjIiLCJodHRwczovL3B1cmwuaW1zZ2xv
YmFsLm9yZy9zcGVjL29iL3YzcDAvY29udGV4dC0zLjAuMy5qc29uIiwiaHR0cHM6Ly9wdXJsLmltc2ds
b2JhbC5vcmcvc3BlYy9vYi92M3AwL2V4dGVuc2lvbnMuanNvbiJdLCJpZCI6Imh0dHA6Ly8xZWR0ZWNo
LmVkdS9lbmRvcnNlbWVudGNyZWRlbnRpYWwvMzczMiIsInR5cGUiOlsiVmVyaWZpYWJsZUNyZWRlbnRp
YWwiLCJFbmRvcnNlbWVudENyZWRlbnRpYWwiXSwibmFtZSI6IlNERSBlbmRvcnNlbWVudCIsImlzc3Vl
ciI6eyJpZCI6Imh0dHBzOi8vc3RhdGUuZ292L2lzc3VlcnMvNTY1MDQ5IiwidHlwZSI6WyJQcm9maWxl
Il0sIm5hbWUiOiJTdGF0ZSBEZXBhcnRtZW50IG9mIEVkdWNhdGlvbiJ9LCJ2YWxpZEZyb20iOiIyMDEw
LTAxLTAxVDAwOjAwOjAwWiIsInZhbGlkVW50aWwiOiIyMDMwLTAxLTAxVDAwOjAwOjAwWiIsImNyZWRl
bnRpYWxTdWJqZWN0Ijp7ImlkIjoiaHR0cHM6Ly8xZWR0ZWNoLmVkdS9pc3N1ZXJzLzU2NTA0OSIsInR5
cGUiOlsiRW5kb3JzZW1lbnRTdWJqZWN0Il0sImVuZG9yc2VtZW50Q29tbWVudCI6IjFFZFRlY2ggVW5p
dmVyc2l0eSBpcyBpbiBnb29kIHN0YW5kaW5nIn0sImNyZWRlbnRpYWxTY2hlbWEiOlt7ImlkIjoiaHR0
cHM6Ly9wdXJsLmltc2dsb2JhbC5vcmcvc3BlYy9vYi92M3AwL3NjaGVtYS9qc29uL29iX3YzcDBfZW5k
b3JzZW1lbnRjcmVkZW50aWFsX3NjaGVtYS5qc29uIiwidHlwZSI6IjFFZFRlY2hKc29uU2NoZW1hVmFs
aWRhdG9yMjAxOSJ9LHsiaWQiOiJodHRwczovL3N0YXRlLmdvdi9zY2hlbWEvZW5kb3JzZW1lbnRjcmVk
ZW50aWFsLmpzb24iLCJ0eXBlIjoiMUVkVGVjaEpzb25TY2hlbWFWYWxpZGF0b3IyMDE5In1dLCJjcmVk
ZW50aWFsU3RhdHVzIjp7ImlkIjoiaHR0cHM6Ly9zdGF0ZS5nb3YvY3JlZGVudGlhbHMvMzczMi9yZXZv
Y2F0aW9ucyIsInR5cGUiOiIxRWRUZWNoUmV2b2NhdGlvbkxpc3QifSwicmVmcmVzaFNlcnZpY2UiOnsi
aWQiOiJodHRwOi8vc3RhdGUuZ292L2NyZWRlbnRpYWxzLzM3MzIiLCJ0eXBlIjoiMUVkVGVjaENyZWRl
bnRpYWxSZWZyZXNoIn0sImlzcyI6Imh0dHBzOi8vc3RhdGUuZ292L2lzc3VlcnMvNTY1MDQ5IiwianRp
IjoiaHR0cDovLzFlZHRlY2guZWR1L2VuZG9yc2VtZW50Y3JlZGVudGlhbC8zNzMyIiwic3ViIjoiaHR0
cHM6Ly8xZWR0ZWNoLmVkdS9pc3N1ZXJzLzU2NTA0OSJ9.KJ_Px_9y41LK3wnRRP5fUtgKj9dGSWBVI37
YauEP0nzlY-ACwvJlnxZkWcCsDlrEH7Mbnfh161HKdrs-br7MoPiBZ2VFRC5wdkrmzCmltzMbCGeCJEv
5MGQGkqWDJauY_O5wVXftTvjfYhC4u_D23sAJf7PeLxXi7TrlPf557ll1N0xlHwmzoS2OD6VNQ8_LUFN
F47NcAoL0UwBo-QM-Z69DjfrN9Q2yKr4154yXG3-SbX0tclOeW7tbZ2Dbd6tAnZXPtPnr0x_IR5679-0
UsgCtSpe3goVRe-_H83py8bS11FYy7qDtYdfbMqrrgRssghKJUrAG0kR7-c6dc1TbXQ
""",
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def parts(token: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    header, payload, signature = token.split(".")
    return json.loads(unb64(header)), json.loads(unb64(payload)), signature


def joined(header: Mapping[str, Any], payload: Mapping[str, Any], signature: str) -> str:
    return ".".join(
        (b64(json.dumps(header).encode()), b64(json.dumps(payload).encode()), signature)
    )


def resigned(key: Any, header: Mapping[str, Any], payload: Mapping[str, Any]) -> str:
    """A token over ``header`` and ``payload`` validly signed with ``key`` (whatever the
    header says: a key's ``sign`` gives the signature its own algorithm makes)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{b64(key.sign(signing_input.encode('ascii')))}"


def resolver_for(*keys: SecretKey) -> ChainResolver:
    """Resolves the keys' verification methods from their controllers' documents."""
    documents: dict[str, dict[str, Any]] = {}
    for key in keys:
        document = key.controller_document()
        known = documents.setdefault(key.controller, document)
        if known is not document:
            known["verificationMethod"] += document["verificationMethod"]
            known["assertionMethod"] += document["assertionMethod"]
    return ChainResolver(StaticResolver(list(documents.values())))


@pytest.fixture(scope="module")
def ed_key() -> Ed25519Key:
    return Ed25519Key.from_seed(bytes(range(32)))


@pytest.fixture(scope="module")
def token(ed_key: Ed25519Key) -> str:
    return mc.issue(
        ACHIEVEMENT,
        recipient="did:example:learner",
        key=ed_key,
        valid_from="2026-01-01T00:00:00Z",
        valid_until="2027-01-01T00:00:00Z",
        credential_id="urn:uuid:5a0e7e0c-2f0b-4b8e-9d51-0f5f2d1f6d11",
        created="2026-01-01T00:00:00Z",
        format="jwt",
    )


# -- the specification's example ---------------------------------------------------------------


def test_the_open_badges_endorsement_example_verifies_against_the_key_in_its_header() -> None:
    result = mc.verify(OB3_ENDORSEMENT_JWT, now=NOW)
    assert result.kind == "EndorsementCredential"
    assert result.check("jwt").status.value == "passed"
    assert codes(result, "issuer-binding") == ["jwt.key-not-bound"]
    assert result.status.value == "indeterminate"


def test_the_open_badges_example_verifies_against_the_key_in_its_header() -> None:
    result = mc.verify(OB3_EXAMPLE_JWT, now=NOW)
    assert result.check("jwt").status.value == "passed"
    assert [c.name for c in result.checks][4] == "jwt"
    binding = result.check("issuer-binding")
    assert binding.status.value == "indeterminate"
    assert [p.code for p in binding.problems] == ["jwt.key-not-bound"]
    assert result.status.value == "indeterminate"  # never "verified": the key is nobody's
    assert result.credential_id == "http://example.com/credentials/3527"
    # the example has no nbf: noted, and its validFrom is still checked
    assert result.has_problem("jwt.claim-missing")
    assert result.check("validity-period").status.value == "passed"


def test_the_example_with_one_changed_payload_byte_is_refused() -> None:
    header, payload, signature = OB3_EXAMPLE_JWT.split(".")
    claims = json.loads(unb64(payload))
    claims["name"] = "Teamwork Badge!"
    forged = f"{header}.{b64(json.dumps(claims).encode())}.{signature}"
    result = mc.verify(forged, now=NOW)
    assert result.status.value == "invalid"
    assert [p.code for p in result.check("jwt").problems] == ["jwt.signature-mismatch"]
    assert result.check("issuer-binding").status.value == "skipped"


# -- issue and verify --------------------------------------------------------------------------


def test_an_issued_token_verifies_with_every_check(token: str, ed_key: Ed25519Key) -> None:
    assert is_compact_jws(token)
    header, payload, _ = parts(token)
    assert header == {"alg": "EdDSA", "typ": "JWT", "kid": ed_key.id}
    assert payload["iss"] == ed_key.controller
    assert payload["jti"] == "urn:uuid:5a0e7e0c-2f0b-4b8e-9d51-0f5f2d1f6d11"
    assert payload["sub"] == "did:example:learner"
    assert (payload["nbf"], payload["exp"], payload["iat"]) == (1767225600, 1798761600, 1767225600)
    result = mc.verify(token, now=NOW)
    assert result.ok, result
    assert result.check("issuer-binding").status.value == "passed"
    assert "proof" not in [c.name for c in result.checks]


def test_verify_reads_a_token_as_readily_as_json(token: str) -> None:
    verifier = mc.Verifier(now=NOW)
    assert verifier.verify(token).ok
    assert verifier.verify(f"\n {token}\n").ok  # as read from a file


def test_the_credential_dates_still_decide(token: str) -> None:
    late = mc.verify(token, now="2027-06-01T00:00:00Z")
    assert late.check("validity-period").problems[0].code == "credential.expired"


def test_sign_jwt_refuses_what_sign_refuses(ed_key: Ed25519Key) -> None:
    other = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": "https://someone-else.example",
        "credentialSubject": {"id": "did:example:1"},
    }
    with pytest.raises(SigningError, match="belongs to"):
        mc.sign_jwt(other, ed_key)
    with pytest.raises(InvalidDocumentError):
        mc.sign_jwt({**other, "issuer": ed_key.controller, "type": ["Nothing"]}, ed_key)
    clashing = {**other, "issuer": ed_key.controller, "iss": "x"}
    with pytest.raises(SigningError, match="iss"):
        mc.sign_jwt(clashing, ed_key, check_model=False)


def test_signing_never_changes_the_input(ed_key: Ed25519Key) -> None:
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": ed_key.controller,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:1"},
    }
    copy = json.loads(json.dumps(credential))
    mc.sign_jwt(credential, ed_key)
    assert credential == copy


def test_typ_is_configurable_and_the_header_jwk_optional(ed_key: Ed25519Key) -> None:
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": ed_key.controller,
        "credentialSubject": {"id": "did:example:1"},
    }
    signed = mc.sign_jwt(credential, ed_key, typ="vc+jwt", include_jwk=True)
    header, _, _ = parts(signed)
    assert header["typ"] == "vc+jwt"
    assert header["jwk"] == ed_key.to_jwk()
    assert "d" not in header["jwk"]
    assert mc.verify(signed, now=NOW).ok


@pytest.mark.parametrize(
    "typ", ["JWT", "jwt", "vc+jwt", "application/vc+jwt", "vc+ld+json+jwt", None]
)
def test_types_seen_in_the_wild_are_read(ed_key: Ed25519Key, token: str, typ: str | None) -> None:
    header, payload, _ = parts(token)
    header.pop("typ")
    if typ is not None:
        header["typ"] = typ
    assert mc.verify(resigned(ed_key, header, payload), now=NOW).ok


def test_a_jwt_of_another_kind_is_not_read_as_a_credential(ed_key: Ed25519Key, token: str) -> None:
    header, payload, _ = parts(token)
    header["typ"] = "dpop+jwt"
    result = mc.verify(resigned(ed_key, header, payload), now=NOW)
    assert [p.code for p in result.check("jwt").problems] == ["jwt.type-invalid"]


def test_a_vc_1_1_token_with_the_vc_claim_is_read(ed_key: Ed25519Key) -> None:
    vc = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "credentialSubject": {},
    }
    payload = {
        "iss": ed_key.controller,
        "sub": "did:example:holder",
        "jti": "urn:uuid:7",
        "nbf": 1767225600,
        "vc": vc,
    }
    header = {"alg": "EdDSA", "typ": "JWT", "kid": ed_key.id}
    signed = resigned(ed_key, header, payload)
    decoded = decode_jwt_credential(signed)
    assert decoded.form == "vc-1.1"
    assert decoded.credential["issuer"] == ed_key.controller
    assert decoded.credential["issuanceDate"] == "2026-01-01T00:00:00Z"
    assert decoded.credential["credentialSubject"] == {"id": "did:example:holder"}
    result = mc.verify(signed, now=NOW)
    assert result.ok, result
    assert result.profile == "vc-data-model-1.1"


def test_a_vc_1_1_credential_is_signed_in_the_vc_claim(ed_key: Ed25519Key) -> None:
    credential = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "id": "urn:uuid:8",
        "type": ["VerifiableCredential"],
        "issuer": ed_key.controller,
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder"},
    }
    signed = mc.sign_jwt(credential, ed_key)
    _, payload, _ = parts(signed)
    assert payload["vc"] == credential
    assert payload["nbf"] == 1767225600
    assert mc.verify(signed, now=NOW).ok


# -- refused, each with its own code -----------------------------------------------------------


def codes(result: mc.VerificationResult, check: str = "jwt") -> list[str]:
    return [p.code for p in result.check(check).problems]


def test_a_tampered_payload_is_refused(token: str) -> None:
    header, payload, signature = parts(token)
    payload["credentialSubject"]["id"] = "did:example:someone-else"
    payload["sub"] = "did:example:someone-else"
    result = mc.verify(joined(header, payload, signature), now=NOW)
    assert codes(result) == ["jwt.signature-mismatch"]
    assert result.status.value == "invalid"


def test_a_wrong_alg_is_refused(token: str, ed_key: Ed25519Key) -> None:
    header, payload, signature = parts(token)
    header["alg"] = "ES256"
    result = mc.verify(joined(header, payload, signature), now=NOW)
    assert codes(result) == ["jwt.algorithm-mismatch"]
    # a P-384 key cannot vouch for an ES256 token either, even one it signed
    p384 = key_of("ES384")
    forged = resigned(p384, {"alg": "ES384", "kid": p384.id}, payload)
    h, p, s = parts(forged)
    h["alg"] = "ES256"
    result = mc.verify(joined(h, p, s), resolver=resolver_for(p384), now=NOW)
    assert codes(result) == ["jwt.algorithm-mismatch"]


def test_alg_none_is_refused(token: str) -> None:
    header, payload, _ = parts(token)
    header["alg"] = "none"
    result = mc.verify(joined(header, payload, ""), now=NOW)
    assert codes(result) == ["jwt.unsecured"]
    assert result.status.value == "invalid"


def test_an_hs256_token_made_with_the_public_key_as_secret_is_refused(
    token: str, ed_key: Ed25519Key
) -> None:
    rsa = key_of("RS256")
    public = rsa.to_jwk()
    header = {"alg": "HS256", "typ": "JWT", "jwk": public}
    _, payload, _ = parts(token)
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    for secret in (json.dumps(public).encode(), rsa.public_key.to_pem()):
        mac = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
        result = mc.verify(f"{signing_input}.{b64(mac)}", now=NOW)
        assert codes(result) == ["jwt.symmetric-algorithm"]


def test_a_kid_naming_another_key_than_the_header_jwk_is_refused(
    token: str, ed_key: Ed25519Key
) -> None:
    other = Ed25519Key.from_seed(bytes(32))
    header, payload, _ = parts(token)
    header["kid"] = other.id
    header["jwk"] = ed_key.to_jwk()
    result = mc.verify(resigned(ed_key, header, payload), now=NOW)
    assert codes(result) == ["jwt.key-mismatch"]


def test_a_kid_of_someone_other_than_the_issuer_fails_the_binding(token: str) -> None:
    other = Ed25519Key.from_seed(bytes(32))
    header, payload, _ = parts(token)
    header["kid"] = other.id
    result = mc.verify(resigned(other, header, payload), now=NOW)
    assert result.check("jwt").status.value == "passed"
    assert codes(result, "issuer-binding") == ["credential.issuer-mismatch"]
    assert result.status.value == "invalid"


@pytest.mark.parametrize(
    ("claim", "value"),
    [
        ("iss", "did:example:impostor"),
        ("jti", "urn:uuid:another"),
        ("sub", "did:example:another"),
        ("nbf", 1767225601),
        ("exp", 1),
    ],
)
def test_claims_that_disagree_with_the_credential_are_refused(
    token: str, ed_key: Ed25519Key, claim: str, value: Any
) -> None:
    header, payload, _ = parts(token)
    payload[claim] = value
    result = mc.verify(resigned(ed_key, header, payload), now=NOW)
    # each claim its own code: a changed iss impersonates an issuer, a changed sub hands the
    # credential to someone else, a changed nbf or exp stretches its validity
    assert codes(result) == [f"jwt.{claim}-mismatch"]
    assert result.check("jwt").problems[0].path == f"/payload/{claim}"
    assert result.status.value == "invalid"


def test_a_vc_1_1_token_whose_nbf_disagrees_with_its_issuance_date_is_refused(
    ed_key: Ed25519Key,
) -> None:
    vc = {
        "@context": ["https://www.w3.org/2018/credentials/v1"],
        "type": ["VerifiableCredential"],
        "issuanceDate": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder"},
    }
    payload = {"iss": ed_key.controller, "sub": "did:example:holder", "nbf": 1767225601, "vc": vc}
    header = {"alg": "EdDSA", "typ": "JWT", "kid": ed_key.id}
    result = mc.verify(resigned(ed_key, header, payload), now=NOW)
    assert codes(result) == ["jwt.nbf-mismatch"]


def test_an_iat_in_the_future_is_a_warning_and_a_non_number_refused(
    token: str, ed_key: Ed25519Key
) -> None:
    # iat is not a member of the credential, so nothing in it can disagree with iat; a token
    # claiming to be issued later than now is reported (as a proof's future 'created' is),
    # and an iat that is no date at all is refused
    header, payload, _ = parts(token)
    payload["iat"] = 1798761600  # 2027, after NOW
    later = mc.verify(resigned(ed_key, header, payload), now=NOW)
    assert codes(later) == ["jwt.issued-in-future"]
    assert later.ok
    payload["iat"] = "2026-01-01T00:00:00Z"
    wrong = mc.verify(resigned(ed_key, header, payload), now=NOW)
    assert codes(wrong) == ["jwt.claim-invalid"]
    assert wrong.status.value == "invalid"


def test_an_exp_only_the_token_states_bounds_its_validity(token: str, ed_key: Ed25519Key) -> None:
    header, payload, _ = parts(token)
    del payload["validUntil"]
    payload["exp"] = 1767225600 + 3600
    result = mc.verify(resigned(ed_key, header, payload), now=NOW)
    assert codes(result) == ["credential.expired"]


def test_an_unresolvable_kid_is_indeterminate(token: str) -> None:
    web = Ed25519Key.from_seed(bytes(range(32)), controller="https://example.edu/issuers/9")
    header, payload, _ = parts(token)
    header["kid"] = web.id
    payload["iss"] = web.controller
    payload["issuer"]["id"] = web.controller
    signed = resigned(web, header, payload)
    result = mc.verify(signed, now=NOW)
    assert codes(result) == ["jwt.key-unresolvable"]
    assert result.status.value == "indeterminate"
    resolver = ChainResolver(StaticResolver([web.controller_document()]))
    assert mc.verify(signed, resolver=resolver, now=NOW).ok


def test_a_header_jwk_holding_the_secret_is_refused_without_showing_it(
    token: str, ed_key: Ed25519Key
) -> None:
    header, payload, _ = parts(token)
    header["jwk"] = ed_key.to_jwk(include_secret=True)
    result = mc.verify(resigned(ed_key, header, payload), now=NOW)
    assert "jwt.secret-key-exposed" in codes(result)
    assert header["jwk"]["d"] not in json.dumps(result.to_dict())


def test_a_short_rsa_key_is_refused(token: str) -> None:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.asymmetric import rsa as rsa_keys

    weak = rsa_keys.generate_private_key(public_exponent=65537, key_size=1024)
    numbers = weak.public_key().public_numbers()
    jwk = {
        "kty": "RSA",
        "n": b64(numbers.n.to_bytes(128, "big")),
        "e": b64(numbers.e.to_bytes(3, "big")),
    }
    _, payload, _ = parts(token)
    header = {"alg": "RS256", "jwk": jwk}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    signature = weak.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    result = mc.verify(f"{signing_input}.{b64(signature)}", now=NOW)
    assert codes(result) == ["jwt.key-invalid"]


@pytest.mark.parametrize(
    "text",
    ["not a token", "a.b", "a.b.c", "e30.e30.", "eyJhbGciOiJFZERTQSJ9.WzFd.c2ln", ""],
)
def test_malformed_tokens_are_reported_not_raised(text: str) -> None:
    result = mc.verify(text, now=NOW)
    assert result.status.value == "invalid"
    assert codes(result) == ["jwt.malformed"]


def test_algorithms_beyond_the_four_are_not_verified(token: str) -> None:
    header, payload, signature = parts(token)
    header["alg"] = "PS256"
    assert codes(mc.verify(joined(header, payload, signature), now=NOW)) == [
        "jwt.algorithm-unsupported"
    ]


# -- RSA and ECDSA -----------------------------------------------------------------------------


@pytest.mark.parametrize("alg", ["RS256", "ES256", "ES384"])
def test_rsa_and_ecdsa_tokens_bound_by_kid_verify(alg: str) -> None:
    signer = key_of(alg)
    credential = mc.issue(
        ACHIEVEMENT,
        recipient="did:example:learner",
        key=Ed25519Key.generate(),
        valid_from="2026-01-01T00:00:00Z",
        format="jwt",
    )
    _, payload, _ = parts(credential)
    payload["issuer"]["id"] = payload["iss"] = signer.controller
    unsigned = {k: v for k, v in payload.items() if k not in ("iss", "sub", "jti", "nbf", "iat")}
    signed = encode_jwt_credential(unsigned, signer)
    assert parts(signed)[0]["alg"] == alg
    result = mc.verify(signed, resolver=resolver_for(signer), now=NOW)
    assert result.ok, result
    # the same token with the key only in its header: verified signature, unbound key
    with_jwk = encode_jwt_credential(unsigned, signer, include_jwk=True, kid="")
    h, p, _ = parts(with_jwk)
    del h["kid"]
    alone = resigned(signer, h, p)
    result = mc.verify(alone, now=NOW)
    assert result.check("jwt").status.value == "passed"
    assert codes(result, "issuer-binding") == ["jwt.key-not-bound"]


def test_endorsement_jwts_are_verified(ed_key: Ed25519Key) -> None:
    # endorsementJwt is in the Open Badges vocabulary but in none of its published contexts:
    # a context of the issuer's own defines it
    term_context = "https://example.edu/contexts/endorsement-jwt.json"
    loader = mc.OfflineLoader(
        {
            term_context: {
                "@context": {
                    "endorsementJwt": {
                        "@id": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsementJwt"
                    }
                }
            }
        }
    )
    endorser = Ed25519Key.from_seed(bytes(range(1, 33)))
    endorsement = mc.sign_jwt(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2", OB_CONTEXT],
            "id": "urn:uuid:e1",
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": "Endorsement",
            "issuer": {"id": endorser.controller, "type": ["Profile"]},
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": "https://example.edu/achievements/teamwork",
                "type": ["EndorsementSubject"],
            },
        },
        endorser,
    )

    def endorsed(jwt: str) -> dict[str, Any]:
        credential = {
            "@context": ["https://www.w3.org/ns/credentials/v2", OB_CONTEXT, term_context],
            "id": "urn:uuid:c1",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "name": "Teamwork",
            "issuer": {"id": ed_key.controller, "type": ["Profile"]},
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {
                "id": "did:example:learner",
                "type": ["AchievementSubject"],
                "achievement": {**ACHIEVEMENT, "endorsementJwt": [jwt]},
            },
        }
        return mc.sign(credential, ed_key, loader=loader, cryptosuite="eddsa-jcs-2022")

    result = mc.verify(endorsed(endorsement), now=NOW, loader=loader, schema=False)
    assert result.ok, result
    assert [e.credential_id for e in result.endorsements] == ["urn:uuid:e1"]
    assert result.endorsements[0].check("jwt").status.value == "passed"
    h, p, s = parts(endorsement)
    p["name"] = "Forged"
    result = mc.verify(endorsed(joined(h, p, s)), now=NOW, loader=loader, schema=False)
    assert codes(result, "endorsements") == ["credential.endorsement-invalid"]


# -- properties --------------------------------------------------------------------------------

WEB_ISSUER = "https://example.edu/issuers/property"
SIGNERS: dict[str, Any] = {
    "EdDSA": Ed25519Key.from_seed(bytes(range(2, 34))),
    **{alg: key_of(alg, WEB_ISSUER) for alg in ("RS256", "ES256", "ES384")},
}
PROPERTY_RESOLVER = resolver_for(*(k for alg, k in SIGNERS.items() if alg != "EdDSA"))


def _leaf_paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaf_paths(v, (*path, k))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaf_paths(v, (*path, i))]
    return [path] if isinstance(value, str | int | float) and not isinstance(value, bool) else []


def _tweak(value: Any) -> Any:
    if isinstance(value, str):
        return value + "x" if not value.endswith("x") else value[:-1] + "y"
    return value + 1


@settings(max_examples=25)
@given(credential=strategies.credentials(), alg=st.sampled_from(sorted(SIGNERS)), data=st.data())
def test_sign_verify_with_every_algorithm_and_any_change_fails(
    credential: dict[str, Any], alg: str, data: Any
) -> None:
    key = SIGNERS[alg]
    issuer = credential["issuer"]
    credential["issuer"] = (
        {**issuer, "id": key.controller} if isinstance(issuer, dict) else key.controller
    )
    token = mc.sign_jwt(credential, key, issued_at=credential["validFrom"])
    assert parts(token)[0]["alg"] == alg
    moment = parse_datetime(credential["validFrom"]) + timedelta(seconds=1)
    result = mc.verify(token, resolver=PROPERTY_RESOLVER, now=moment)
    # (the generated credential itself may lack a recipient: only the token is judged here)
    assert result.check("jwt").status.value == "passed", result
    assert result.check("issuer-binding").status.value == "passed", result
    assert not any(p.code.startswith("jwt.") for p in result.problems), result
    # any change to a signed value, in the payload or the protected header, breaks it
    header, payload, signature = parts(token)
    signed = {"header": header, "payload": payload}
    path = data.draw(st.sampled_from(_leaf_paths(signed)))
    tampered = copy.deepcopy(signed)
    target = tampered
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = _tweak(target[path[-1]])
    forged = joined(tampered["header"], tampered["payload"], signature)
    broken = mc.verify(forged, resolver=PROPERTY_RESOLVER, now=moment)
    # (a changed kid names a key nobody can resolve: indeterminate, never passed)
    assert broken.check("jwt").status.value in ("failed", "skipped", "indeterminate"), path
    assert not broken.ok, path


def test_a_signer_returning_another_signature_form_is_caught(ed_key: Ed25519Key) -> None:
    p256 = key_of("ES256")

    @dataclass(frozen=True)
    class DerSigner:
        id: str = p256.id
        controller: str = p256.controller
        algorithm: str = "ES256"
        key_type: KeyType = KeyType.P256

        def to_jwk(self) -> dict[str, str]:
            return p256.to_jwk()

        def sign(self, data: bytes) -> bytes:  # DER, as cryptography returns it
            from cryptography.hazmat.primitives import hashes, serialization
            from cryptography.hazmat.primitives.asymmetric import ec

            private = serialization.load_pem_private_key(p256.to_pem(), None)
            assert isinstance(private, ec.EllipticCurvePrivateKey)
            return private.sign(data, ec.ECDSA(hashes.SHA256()))

    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": ed_key.controller,
        "credentialSubject": {"id": "did:example:1"},
    }
    with pytest.raises(SigningError, match="r \\|\\| s"):
        encode_jwt_credential(credential, DerSigner())


def test_verify_compact_takes_the_algorithm_from_the_key() -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    from microcredential.jwt import algorithms_for_key, verify_compact

    signer = key_of("ES256")
    token = resigned(signer, {"alg": "ES256"}, {"a": 1})
    public = signer.public_key.cryptography_key
    assert algorithms_for_key(public) == {"ES256"}
    assert verify_compact(token, public, "ES256")
    assert not verify_compact(token.replace(".", ".x", 1), public, "ES256")
    with pytest.raises(ValueError, match="not an algorithm"):
        verify_compact(token, public, "HS256")
    assert algorithms_for_key(ec.generate_private_key(ec.SECP256K1()).public_key()) == set()


@pytest.mark.parametrize("extension", [{"crit": ["b64"], "b64": False}, {"crit": ["exp"]}])
def test_jws_extensions_are_not_read(
    token: str, ed_key: Ed25519Key, extension: dict[str, Any]
) -> None:
    header, payload, signature = parts(token)
    result = mc.verify(joined({**header, **extension}, payload, signature), now=NOW)
    assert codes(result) == ["jwt.malformed"]


@pytest.mark.parametrize("alg", ["RS256", "ES256", "ES384"])
def test_issue_as_a_vc_jwt_with_rsa_and_ecdsa_keys(alg: str) -> None:
    key = key_of(alg)
    token = mc.issue(
        ACHIEVEMENT,
        recipient="did:example:learner",
        key=key,
        valid_from="2026-01-01T00:00:00Z",
        format="jwt",
    )
    header, _, _ = parts(token)
    assert (header["alg"], header["kid"]) == (alg, key.id)
    assert mc.verify(token, now=NOW).status.value == "indeterminate"  # the issuer's key unknown
    resolver = ChainResolver(StaticResolver([key.controller_document()]))
    assert mc.verify(token, resolver=resolver, now=NOW).ok


def test_an_rsa_key_named_by_did_jwk_verifies_offline() -> None:
    key = RsaKey.generate()  # controlled by its own did:jwk
    token = mc.sign_jwt(
        {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": key.controller,
            "credentialSubject": {"id": "did:example:1"},
        },
        key,
    )
    assert parts(token)[0]["kid"].startswith("did:jwk:")
    assert mc.verify(token, now=NOW).ok
