"""RSA keys: 2048 bits and up, JWK and PEM, RS256, did:jwk, and no Data Integrity proofs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from microcredential import SigningError
from microcredential.errors import InvalidKeyError
from microcredential.integrity import add_proof_unchecked
from microcredential.keys import (
    Ed25519Key,
    KeyType,
    RsaKey,
    RsaVerificationKey,
    load_key,
    public_key_from_did,
    public_key_from_jwk,
    secret_key_from_pem,
)
from vectors import EXAMPLES_LOADER, W3C_UNSIGNED

#: RFC 7638 §3.1: an RSA public key and its JWK thumbprint.
RFC7638_JWK = {
    "kty": "RSA",
    "n": (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_B"
        "JECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_F"
        "DW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4"
        "vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
    ),
    "e": "AQAB",
    "alg": "RS256",
    "kid": "2011-04-29",
}
RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
ISSUER = "https://example.edu/issuers/565049"


@pytest.fixture(scope="module")
def key() -> RsaKey:
    return RsaKey.generate(2048)


def test_rfc7638_thumbprint() -> None:
    public = RsaVerificationKey.from_jwk(RFC7638_JWK)
    assert public.thumbprint == RFC7638_THUMBPRINT
    assert (public.key_type, public.algorithm, public.key_size) == (KeyType.RSA, "RS256", 2048)
    assert public.to_jwk() == {"kty": "RSA", "n": RFC7638_JWK["n"], "e": "AQAB"}


def test_default_identity_is_the_did_jwk(key: RsaKey) -> None:
    assert key.controller == key.public_key.did_jwk == key.did
    assert key.id == f"{key.did}#0"
    assert public_key_from_did(key.id) == key.public_key
    other = RsaKey(key._private, controller=ISSUER)
    assert other.id == f"{ISSUER}#{key.public_key.thumbprint}"
    document = other.controller_document()
    assert document["verificationMethod"] == [
        {"id": other.id, "type": "JsonWebKey", "controller": ISSUER, "publicKeyJwk": key.to_jwk()}
    ]
    assert document["@context"][1] == "https://w3id.org/security/jwk/v1"


def test_rs256_signatures(key: RsaKey) -> None:
    signature = key.sign(b"data")
    assert len(signature) == 256
    assert key.public_key.verify(signature, b"data")
    assert not key.public_key.verify(signature, b"other")
    assert not key.public_key.verify(signature[:-1], b"data")
    # an independent check: RSASSA-PKCS1 v1.5 with SHA-256 is RS256
    key.public_key.cryptography_key.verify(signature, b"data", padding.PKCS1v15(), hashes.SHA256())
    pss = key._private.sign(
        b"data", padding.PSS(padding.MGF1(hashes.SHA256()), 32), hashes.SHA256()
    )
    assert not key.public_key.verify(pss, b"data")


def test_jwk_round_trips(key: RsaKey) -> None:
    jwk = key.to_jwk(include_secret=True)
    assert set(jwk) == {"kty", "n", "e", "d", "p", "q", "dp", "dq", "qi"}
    assert RsaKey.from_jwk(jwk) == key
    # without the primes they are recovered from n, e and d
    short = {name: jwk[name] for name in ("kty", "n", "e", "d")}
    recovered = RsaKey.from_jwk(short)
    assert recovered == key
    assert recovered.to_jwk(include_secret=True) == jwk
    assert public_key_from_jwk(jwk) == key.public_key  # secret members ignored


def test_pem_round_trips(key: RsaKey) -> None:
    assert RsaKey.from_pem(key.to_pem()) == key
    pkcs1 = key._private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    assert pkcs1.startswith(b"-----BEGIN RSA PRIVATE KEY-----")
    assert secret_key_from_pem(pkcs1) == key
    assert RsaKey.from_pem(key.to_pem(password=b"pw"), password=b"pw") == key
    assert RsaVerificationKey.from_pem(key.public_key.to_pem()) == key.public_key


def test_key_file_is_a_json_web_key(key: RsaKey, tmp_path: Path) -> None:
    issuer_key = RsaKey(key._private, controller=ISSUER)
    path = tmp_path / "rsa.key.json"
    issuer_key.save(path)
    document = json.loads(path.read_text())
    assert document["type"] == "JsonWebKey"
    assert set(document) == {"id", "type", "controller", "publicKeyJwk", "secretKeyJwk"}
    assert document["publicKeyJwk"] == key.to_jwk()
    loaded = load_key(path)
    assert isinstance(loaded, RsaKey)
    assert (loaded.id, loaded.controller) == (issuer_key.id, ISSUER)
    assert RsaKey.load(path) == key
    with pytest.raises(InvalidKeyError, match="holds an RSA key, not an Ed25519 key"):
        Ed25519Key.load(path)


def test_an_rsa_key_makes_no_embedded_proof(key: RsaKey) -> None:
    with pytest.raises(SigningError, match="no W3C Data Integrity cryptosuite uses RSA"):
        add_proof_unchecked(W3C_UNSIGNED, key, loader=EXAMPLES_LOADER)


def test_the_recipes_say_how_an_rsa_key_signs_instead(key: RsaKey) -> None:
    import microcredential as mc

    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:1"},
    }
    with pytest.raises(SigningError, match=r"sign_jwt\(\), or format='jwt'") as caught:
        mc.sign(credential, key)
    assert key.to_jwk(include_secret=True)["d"] not in str(caught.value)
    assert mc.sign_jwt(credential, key).count(".") == 2


@pytest.fixture(scope="module")
def small() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def test_keys_under_2048_bits_are_refused_in_every_format(small: rsa.RSAPrivateKey) -> None:
    pem = small.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public_pem = small.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    numbers = small.private_numbers()
    jwk = {
        "kty": "RSA",
        "n": _b64(numbers.public_numbers.n),
        "e": _b64(numbers.public_numbers.e),
        "d": _b64(numbers.d),
    }
    attempts: list[Any] = [
        lambda: RsaKey.generate(1024),
        lambda: RsaKey.generate(2047),
        lambda: RsaKey.from_pem(pem),
        lambda: secret_key_from_pem(pem),
        lambda: RsaVerificationKey.from_pem(public_pem),
        lambda: RsaKey.from_jwk(jwk),
        lambda: RsaVerificationKey.from_jwk(jwk),
        lambda: RsaKey(small),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidKeyError, match=r"(1024|2047) bits; at least 2048"):
            attempt()


def _b64(value: int) -> str:
    import base64

    raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"d": None}, "no 'd'"),
        ({"p": None}, "not p"),
        ({"oth": []}, "multi-prime"),
        ({"kty": "EC"}, "kty 'EC'"),
        ({"e": "AA"}, "'e' .* is zero"),
    ],
)
def test_malformed_private_jwks(key: RsaKey, change: dict[str, Any], message: str) -> None:
    jwk: dict[str, Any] = {**key.to_jwk(include_secret=True), **change}
    jwk = {name: value for name, value in jwk.items() if value is not None}
    with pytest.raises(InvalidKeyError, match=message):
        RsaKey.from_jwk(jwk)


def test_a_secret_of_another_key_is_refused(key: RsaKey) -> None:
    other = RsaKey.generate(2048).to_jwk(include_secret=True)
    jwk = {**key.to_jwk(), "d": other["d"]}
    with pytest.raises(InvalidKeyError, match="not the secret half"):
        RsaKey.from_jwk(jwk)
