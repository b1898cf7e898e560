"""Fuzz the VC-JWT and ecdsa-sd-2023 paths of ``verify`` and ``verify_presentation``.

Tokens are mutated as a stranger could (any text, any three base64url parts) and as a
careless or hostile issuer could (a mutated header or payload, validly signed); derived
selective disclosure proofs are mutated in their document and in their proof value.  The
contract of ``fuzzing.py`` holds, and so does the verdict's: a token that verifies carries
one credential, in compacted form, read from its signed payload; a selectively disclosed
credential that verifies disclosed what its status and validity checks decide on.

See ``fuzzing.py`` for the example counts and the long run.
"""

from __future__ import annotations

import base64
import copy
import json
from functools import cache
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

import microcredential as mc
from fuzz.fuzzing import (
    CHALLENGE,
    DOMAIN,
    HOLDER,
    KEY,
    NOW,
    _mutate,
    documents,
    fuzz_settings,
    honours_contract,
    hostile_values,
    json_values,
    keys,
)
from microcredential.jsonld import compaction_problems
from microcredential.jwt import decode_jwt_credential
from microcredential.keys import EcdsaKey, KeyType
from microcredential.status import IssuerStatusList
from microcredential.verification import CheckStatus
from sd_support import derive
from vectors import ob_credential

SD_KEY = EcdsaKey.from_secret_bytes(bytes(range(2, 34)), KeyType.P256)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def signed_token(header: Any, payload: Any, key: Any = KEY) -> str:
    """A token over any JSON header and payload, validly signed by ``key`` (the issuer's)."""
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(payload).encode())}"
    return f"{signing_input}.{b64(key.sign(signing_input.encode('ascii')))}"


@cache
def token() -> str:
    document = ob_credential()
    document["issuer"]["id"] = KEY.controller
    return mc.sign_jwt(document, KEY)


def header_and_payload(text: str | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
    head, body, _ = (text or token()).split(".")
    decode = lambda part: json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))  # noqa: E731
    return decode(head), decode(body)


@cache
def vp_token() -> str:
    """The holder's presentation of the seed token, secured as a vp+jwt."""
    return mc.present(
        [token()],
        holder_key=HOLDER,
        challenge=CHALLENGE,
        domain=DOMAIN,
        created="2029-12-31T00:00:00Z",
        format="jwt",
    )


def verify_vp(text: Any) -> mc.PresentationResult:
    return mc.verify_presentation(text, challenge=CHALLENGE, domain=DOMAIN, now=NOW)


@cache
def status_lists() -> tuple[IssuerStatusList, dict[str, Any]]:
    statuses = IssuerStatusList.create("https://example.edu/status/fuzz")
    statuses.allocate()
    listed = mc.status_list_credential(
        statuses, SD_KEY, valid_from="2024-01-01T00:00:00Z", created="2024-01-01T00:00:00Z"
    )
    return statuses, listed


@cache
def derived() -> dict[str, Any]:
    """A credential with a status entry and a validity period, its issuer making only the
    issuer mandatory, disclosed in full by its holder."""
    document = ob_credential()
    document["issuer"]["id"] = SD_KEY.controller
    document["validUntil"] = "2031-01-01T00:00:00Z"
    statuses, _ = status_lists()
    document["credentialStatus"] = statuses.entry(min(statuses.allocated))
    return derive(document, SD_KEY, lambda statement: "credentials#issuer" in statement)


def verify_derived(document: Any) -> mc.VerificationResult:
    return mc.verify(document, status=[status_lists()[1]], now=NOW)


def test_the_seeds_verify() -> None:
    assert mc.verify(token(), now=NOW).ok
    assert verify_vp(vp_token()).ok
    assert verify_derived(derived()).ok


def _verdict_is_about_the_payload(text: str, result: mc.VerificationResult) -> None:
    """A verified token carries one credential in compacted form, the one the result is
    about."""
    if not result.ok:
        return
    decoded = decode_jwt_credential(text)
    assert compaction_problems(decoded.credential) == []
    assert not ("vc" in decoded.claims and "@context" in decoded.claims)
    assert result.describes(decoded.credential)


token_texts = st.one_of(
    st.text(max_size=200),
    st.builds(
        lambda a, b, c: f"{a}.{b}.{c}",
        st.binary(max_size=60).map(b64),
        st.binary(max_size=200).map(b64),
        st.binary(max_size=70).map(b64),
    ),
    st.builds(
        lambda h, p: signed_token(h, p),
        json_values.map(copy.deepcopy),
        json_values.map(copy.deepcopy),
    ),
)


@fuzz_settings(0.5)
@given(token_texts)
def test_verify_any_token_text(text: str) -> None:
    result = honours_contract(lambda t: mc.verify(t, now=NOW), text, mc.VerificationResult)
    if result is not None:
        assert not result.ok or text == token()


@st.composite
def resigned_tokens(draw: st.DrawFn) -> str:
    """The seed token with its payload or header mutated, validly signed again."""
    header, payload = copy.deepcopy(header_and_payload())
    where = draw(st.sampled_from(["payload", "payload", "header", "vc"]))
    if where == "header":
        header = draw(_mutate(header))
    elif where == "vc":
        claims = {
            k: payload.pop(k) for k in ("iss", "jti", "sub", "nbf", "exp", "iat") if k in payload
        }
        payload = {**claims, "vc": payload}
        if draw(st.booleans()):
            payload[draw(keys)] = copy.deepcopy(draw(hostile_values))
        payload = draw(_mutate(payload))
    else:
        payload = draw(_mutate(payload))
    return signed_token(header, payload)


@fuzz_settings()
@given(resigned_tokens())
def test_verify_resigned_tokens(text: str) -> None:
    result = honours_contract(lambda t: mc.verify(t, now=NOW), text, mc.VerificationResult)
    if result is not None:
        _verdict_is_about_the_payload(text, result)


@st.composite
def enveloping_presentations(draw: st.DrawFn) -> dict[str, Any]:
    """A presentation of an enveloped token (the seed, or a mutated one), itself mutated."""
    text = draw(st.one_of(st.just(token()), resigned_tokens()))
    presentation = mc.present(
        [
            {
                "@context": "https://www.w3.org/ns/credentials/v2",
                "id": "data:application/vc+jwt," + text,
                "type": "EnvelopedVerifiableCredential",
            }
        ],
        holder_key=HOLDER,
        challenge=CHALLENGE,
        domain=DOMAIN,
        created="2024-01-01T00:00:00Z",
    )
    return draw(_mutate(presentation)) if draw(st.booleans()) else presentation


@fuzz_settings(0.5)
@given(enveloping_presentations())
def test_verify_presentations_of_tokens(presentation: dict[str, Any]) -> None:
    result = honours_contract(
        lambda d: mc.verify_presentation(d, challenge=CHALLENGE, domain=DOMAIN, now=NOW),
        presentation,
        mc.PresentationResult,
        misuse=(TypeError,),
    )
    if result is not None and result.ok:
        for credential in result.credentials:
            assert credential.check("jwt").status is CheckStatus.PASSED


@st.composite
def mutated_proof_values(draw: st.DrawFn) -> dict[str, Any]:
    document = copy.deepcopy(derived())
    value = document["proof"]["proofValue"]
    raw = bytearray(base64.urlsafe_b64decode(value[1:] + "=" * (-len(value[1:]) % 4)))
    for _ in range(draw(st.integers(1, 4))):
        operation = draw(st.sampled_from(["flip", "cut", "insert"]))
        at = draw(st.integers(0, len(raw) - 1))
        if operation == "flip":
            raw[at] ^= 1 << draw(st.integers(0, 7))
        elif operation == "cut":
            del raw[at : at + draw(st.integers(1, 40))]
        else:
            raw[at:at] = draw(st.binary(min_size=1, max_size=12))
        if not raw:
            raw.append(0)
    document["proof"]["proofValue"] = "u" + b64(bytes(raw))
    return document


@fuzz_settings()
@given(st.one_of(documents(derived), mutated_proof_values()))
def test_verify_derived_proofs(document: Any) -> None:
    result = honours_contract(verify_derived, document, mc.VerificationResult, misuse=(TypeError,))
    if result is not None and result.ok:
        # a selective disclosure verifies only with what its checks decide on disclosed
        assert "validUntil" in document
        assert "validFrom" in document
        assert "credentialStatus" in document


@fuzz_settings(0.5)
@given(token_texts)
def test_verify_presentation_of_any_token_text(text: str) -> None:
    result = honours_contract(verify_vp, text, mc.PresentationResult)
    assert result is None or not result.ok


@st.composite
def resigned_presentation_tokens(draw: st.DrawFn) -> str:
    """The holder's vp+jwt with its header or payload mutated, signed again by the holder or
    by a stranger (the issuer's key)."""
    header, payload = copy.deepcopy(header_and_payload(vp_token()))
    if draw(st.booleans()):
        header = draw(_mutate(header))
    else:
        payload = draw(_mutate(payload))
    return signed_token(header, payload, draw(st.sampled_from([HOLDER, HOLDER, KEY])))


@fuzz_settings()
@given(resigned_presentation_tokens())
def test_verify_resigned_presentation_tokens(text: str) -> None:
    """A presentation token that verifies answers this verifier's challenge for its domain,
    was signed by its holder's key, and carries credentials that verify."""
    result = honours_contract(verify_vp, text, mc.PresentationResult)
    if result is None or not result.ok:
        return
    header, claims = header_and_payload(text)
    assert claims["nonce"] == CHALLENGE
    assert claims["aud"] == DOMAIN or DOMAIN in claims["aud"]
    assert header["kid"].startswith(HOLDER.controller)
    assert result.holder in (None, HOLDER.controller)
    for credential in result.credentials:
        assert credential.ok
