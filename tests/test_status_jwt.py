"""Status lists secured as a VC-JWT: the Bitstring Status List credential as the payload of a
compact JWS (VC-JOSE-COSE), which an issuer with an RSA key can sign and any key can."""

from __future__ import annotations

import json
from typing import Any

import pytest

import microcredential as mc
from microcredential.keys import EcdsaKey, Ed25519Key, RsaKey
from microcredential.resolve import ChainResolver, StaticResolver
from microcredential.status import IssuerStatusList, StaticStatusListFetcher
from test_jwt import ACHIEVEMENT, b64, unb64

ISSUER = "https://example.edu/issuers/jwt-status"
LIST_URL = "https://example.edu/status/jwt/1"
NOW = "2026-06-01T00:00:00Z"
VALID_FROM = "2026-01-01T00:00:00Z"


@pytest.fixture(scope="module")
def rsa_key() -> RsaKey:
    return RsaKey.generate(controller=ISSUER)


def resolver_for(*keys: Any) -> ChainResolver:
    return ChainResolver(StaticResolver([key.controller_document() for key in keys]))


def issued(key: Any, state: IssuerStatusList) -> str:
    token = mc.issue(
        ACHIEVEMENT,
        recipient="did:example:learner",
        key=key,
        valid_from=VALID_FROM,
        status=state,
        format="jwt",
    )
    assert isinstance(token, str)
    return token


def test_an_rsa_issuer_publishes_its_status_list_as_a_token(rsa_key: RsaKey) -> None:
    state = IssuerStatusList.create(LIST_URL)
    token = issued(rsa_key, state)
    published = mc.status_list_credential(state, rsa_key, valid_from=VALID_FROM, format="jwt")
    assert isinstance(published, str)
    header, payload = (json.loads(unb64(part)) for part in published.split(".")[:2])
    assert header["alg"] == "RS256"
    assert payload["id"] == LIST_URL
    assert "BitstringStatusListCredential" in payload["type"]
    resolver = resolver_for(rsa_key)
    result = mc.verify(token, status=[published], resolver=resolver, now=NOW)
    assert result.ok, result.render_text()
    assert result.check("credential-status").status.value == "passed"


def test_a_revoked_credential_is_revoked_in_the_token_list(rsa_key: RsaKey) -> None:
    state = IssuerStatusList.create(LIST_URL)
    token = issued(rsa_key, state)
    payload = json.loads(unb64(token.split(".")[1]))
    state.revoke(int(payload["credentialStatus"]["statusListIndex"]))
    published = mc.status_list_credential(state, rsa_key, valid_from=VALID_FROM, format="jwt")
    result = mc.verify(token, status=[published], resolver=resolver_for(rsa_key), now=NOW)
    assert [p.code for p in result.errors] == ["status.revoked"]


def test_a_changed_list_token_is_not_trusted(rsa_key: RsaKey) -> None:
    state = IssuerStatusList.create(LIST_URL)
    token = issued(rsa_key, state)
    payload = json.loads(unb64(token.split(".")[1]))
    index = int(payload["credentialStatus"]["statusListIndex"])
    state.revoke(index)
    published = mc.status_list_credential(state, rsa_key, valid_from=VALID_FROM, format="jwt")
    # someone clears the bit again in the token's payload, keeping the signature
    cleared = IssuerStatusList.create(LIST_URL)
    forged_list = cleared.credential(issuer=ISSUER, valid_from=VALID_FROM)
    header, body, signature = published.split(".")
    claims = json.loads(unb64(body))
    claims["credentialSubject"] = forged_list["credentialSubject"]
    forged = ".".join((header, b64(json.dumps(claims).encode()), signature))
    result = mc.verify(token, status=[forged], resolver=resolver_for(rsa_key), now=NOW)
    assert result.status.value == "indeterminate"
    codes = [p.code for p in result.check("credential-status").problems]
    assert "status.list-proof-invalid" in codes
    assert "jwt.signature-mismatch" in codes
    assert "status.revoked" not in codes


def test_a_list_token_signed_by_someone_else_is_not_trusted(rsa_key: RsaKey) -> None:
    state = IssuerStatusList.create(LIST_URL)
    token = issued(rsa_key, state)
    other = RsaKey.generate(controller="https://elsewhere.example/issuers/1")
    unsigned = state.credential(issuer=ISSUER, valid_from=VALID_FROM)
    from microcredential.jwt import encode_jwt_credential

    foreign = encode_jwt_credential(unsigned, other)
    result = mc.verify(token, status=[foreign], resolver=resolver_for(rsa_key, other), now=NOW)
    codes = [p.code for p in result.check("credential-status").problems]
    assert "status.list-issuer-mismatch" in codes
    assert result.status.value == "indeterminate"


def test_a_list_token_whose_key_is_only_in_its_header_is_unverifiable(rsa_key: RsaKey) -> None:
    state = IssuerStatusList.create(LIST_URL)
    token = issued(rsa_key, state)
    unsigned = state.credential(issuer=ISSUER, valid_from=VALID_FROM)
    from microcredential.jwt import encode_jwt_credential

    anonymous = encode_jwt_credential(unsigned, rsa_key, include_jwk=True, kid="")
    header, body, _ = anonymous.split(".")
    fields = json.loads(unb64(header))
    del fields["kid"]
    signing_input = f"{b64(json.dumps(fields).encode())}.{body}"
    alone = f"{signing_input}.{b64(rsa_key.sign(signing_input.encode('ascii')))}"
    result = mc.verify(token, status=[alone], resolver=resolver_for(rsa_key), now=NOW)
    codes = [p.code for p in result.check("credential-status").problems]
    assert "status.list-proof-unverifiable" in codes
    assert "jwt.key-not-bound" in codes


@pytest.mark.parametrize(
    "key", [Ed25519Key.generate(controller=ISSUER), EcdsaKey.generate("P-256", controller=ISSUER)]
)
def test_a_credential_with_a_proof_may_point_at_a_token_list(key: Any) -> None:
    state = IssuerStatusList.create(LIST_URL)
    credential = mc.issue(
        ACHIEVEMENT, recipient="did:example:learner", key=key, valid_from=VALID_FROM, status=state
    )
    published = mc.status_list_credential(state, key, valid_from=VALID_FROM, format="jwt")
    verifier = mc.Verifier(status=[published], resolver=resolver_for(key), now=NOW)
    assert verifier.verify(credential).ok
    assert verifier.verify(credential).ok  # the list's verdict from the verifier's cache


def test_the_static_fetcher_reads_tokens_by_the_id_inside(rsa_key: RsaKey) -> None:
    state = IssuerStatusList.create(LIST_URL)
    published = mc.status_list_credential(state, rsa_key, valid_from=VALID_FROM, format="jwt")
    assert StaticStatusListFetcher([published]).fetch(LIST_URL) == published
    with pytest.raises(ValueError, match="not a compact JWS"):
        StaticStatusListFetcher(["not a token"])
