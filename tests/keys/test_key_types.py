"""Every key type through one interface: generation, key files, did:key and did:jwk, secrecy."""

from __future__ import annotations

import base64
import json
import logging
import pickle
import traceback
from pathlib import Path
from typing import Any

import pytest

from microcredential import multibase
from microcredential.errors import InvalidKeyError, ResolutionError
from microcredential.keys import (
    EcdsaKey,
    Ed25519Key,
    KeyType,
    RsaKey,
    SecretKey,
    Signer,
    VerifyingKey,
    did_document,
    generate_key,
    load_key,
    public_key_from_did,
    public_key_from_jwk,
    public_key_from_multibase,
    public_key_from_pem,
    public_key_from_verification_method,
    secret_key_from_document,
    secret_key_from_jwk,
    secret_key_from_pem,
)
from microcredential.resolve import ChainResolver, DidJwkResolver, DidKeyResolver, StaticResolver

ISSUER = "https://example.edu/issuers/565049"
#: The P-256 example of the did:jwk method specification: the JWK and the DID it makes.
DID_JWK_EXAMPLE_JWK = {
    "crv": "P-256",
    "kty": "EC",
    "x": "acbIQiuMs3i8_uszEjJ2tpTtRM4EU3yz91PH6CdH2V0",
    "y": "_KcyLj9vWMptnmKtm46GqDz8wf74I5LKgrl2GzH3nSE",
}
DID_JWK_EXAMPLE = (
    "did:jwk:eyJjcnYiOiJQLTI1NiIsImt0eSI6IkVDIiwieCI6ImFjYklRaXVNczNpOF91c3pFakoydHBUdFJNNEV"
    "VM3l6OTFQSDZDZEgyVjAiLCJ5IjoiX0tjeUxqOXZXTXB0bm1LdG00NkdxRHo4d2Y3NEk1TEtncmwyR3pIM25TRSJ9"
)
#: A key file as the library wrote it before other key types existed (W3C vc-di-eddsa key).
OLD_ED25519_FILE = {
    "id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    "#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "type": "Multikey",
    "controller": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
    "secretKeyMultibase": "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq",
}

TYPES = [KeyType.ED25519, KeyType.P256, KeyType.P384, KeyType.RSA]
ALGORITHMS = {
    KeyType.ED25519: "EdDSA",
    KeyType.P256: "ES256",
    KeyType.P384: "ES384",
    KeyType.RSA: "RS256",
}


@pytest.fixture(scope="module")
def keys() -> dict[KeyType, SecretKey]:
    return {kind: generate_key(kind, rsa_bits=2048) for kind in TYPES}


@pytest.mark.parametrize("kind", TYPES)
def test_every_type_is_a_signer_with_its_algorithm(
    keys: dict[KeyType, SecretKey], kind: KeyType
) -> None:
    key = keys[kind]
    signer: Signer = key
    public: VerifyingKey = key.public_key
    assert (signer.key_type, signer.algorithm) == (kind, ALGORITHMS[kind])
    assert (public.key_type, public.algorithm) == (kind, ALGORITHMS[kind])
    assert public.verify(signer.sign(b"data"), b"data")
    assert not public.verify(signer.sign(b"data"), b"Data")


@pytest.mark.parametrize("kind", TYPES)
def test_every_format_reads_back_as_the_same_key(
    keys: dict[KeyType, SecretKey], kind: KeyType, tmp_path: Path
) -> None:
    key = keys[kind]
    assert secret_key_from_jwk(key.to_jwk(include_secret=True)) == key
    assert secret_key_from_pem(key.to_pem()) == key
    assert secret_key_from_pem(key.to_pem(password=b"pw"), password=b"pw") == key
    assert secret_key_from_document(key.key_file()) == key
    assert public_key_from_jwk(key.public_key.to_jwk()) == key.public_key
    assert public_key_from_pem(key.public_key.to_pem()) == key.public_key
    assert public_key_from_did(key.public_key.did_jwk) == key.public_key
    assert public_key_from_did(key.id) == key.public_key
    method = key.verification_method()
    assert public_key_from_verification_method(method) == key.public_key
    if not isinstance(key, RsaKey):
        assert public_key_from_multibase(key.public_key_multibase) == key.public_key
    path = tmp_path / "key.json"
    key.save(path)
    loaded = load_key(path)
    assert type(loaded) is type(key)
    assert (loaded, loaded.id, loaded.controller) == (key, key.id, key.controller)


@pytest.mark.parametrize("kind", TYPES)
def test_the_key_file_says_its_type(keys: dict[KeyType, SecretKey], kind: KeyType) -> None:
    document = keys[kind].key_file()
    if kind is KeyType.RSA:
        assert document["type"] == "JsonWebKey"
        assert document["secretKeyJwk"]["kty"] == "RSA"
    else:
        assert document["type"] == "Multikey"
        code, _ = multibase.split_multicodec(
            multibase.decode_base58btc(document["secretKeyMultibase"])
        )
        expected = {
            KeyType.ED25519: multibase.ED25519_PRIV,
            KeyType.P256: multibase.P256_PRIV,
            KeyType.P384: multibase.P384_PRIV,
        }
        assert code == expected[kind]


def test_an_ed25519_key_file_written_before_key_types_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "issuer.key.json"
    path.write_text(json.dumps(OLD_ED25519_FILE, indent=2))
    for key in (load_key(path), Ed25519Key.load(path)):
        assert isinstance(key, Ed25519Key)
        assert key.key_file() == OLD_ED25519_FILE


def test_a_json_web_key_file_for_a_curve_key_loads(keys: dict[KeyType, SecretKey]) -> None:
    key = keys[KeyType.P256]
    document = {
        "id": key.id,
        "type": "JsonWebKey",
        "controller": key.controller,
        "publicKeyJwk": key.to_jwk(),
        "secretKeyJwk": key.to_jwk(include_secret=True),
    }
    assert secret_key_from_document(document) == key
    document["publicKeyJwk"] = generate_key("P-256").to_jwk()
    with pytest.raises(InvalidKeyError, match="publicKeyJwk is not the public half"):
        secret_key_from_document(document)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"type": "JsonWebKey", "publicKeyJwk": {"kty": "RSA"}}, "no secretKeyJwk"),
        ({"type": "Multikey", "publicKeyMultibase": "z6Mk"}, "a public key alone cannot sign"),
        ({"type": "Ed25519VerificationKey2020"}, "a public key alone cannot sign"),
        ({"type": "EcdsaSecp256k1VerificationKey2019"}, "key type .* is not supported"),
    ],
)
def test_documents_that_are_not_key_files(document: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        secret_key_from_document(document)


def test_generate_refuses_unknown_types() -> None:
    with pytest.raises(ValueError, match="unknown key type 'Ed448'"):
        generate_key("Ed448")


# -- did:jwk and did:key -----------------------------------------------------------------------


def test_did_jwk_of_the_method_specification_example() -> None:
    key = public_key_from_jwk(DID_JWK_EXAMPLE_JWK)
    assert key.did_jwk == DID_JWK_EXAMPLE
    assert public_key_from_did(DID_JWK_EXAMPLE) == key
    document = did_document(DID_JWK_EXAMPLE + "#0")
    assert document["id"] == DID_JWK_EXAMPLE
    assert document["verificationMethod"] == [
        {
            "id": f"{DID_JWK_EXAMPLE}#0",
            "type": "JsonWebKey2020",
            "controller": DID_JWK_EXAMPLE,
            "publicKeyJwk": DID_JWK_EXAMPLE_JWK,
        }
    ]
    for relationship in ("assertionMethod", "authentication", "keyAgreement"):
        assert document[relationship] == [f"{DID_JWK_EXAMPLE}#0"]


def _did_jwk(jwk: dict[str, Any], *, sort: bool = True) -> str:
    text = json.dumps(jwk, sort_keys=sort, separators=(",", ":"))
    return "did:jwk:" + base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("kind", TYPES)
def test_did_jwk_resolves_offline(keys: dict[KeyType, SecretKey], kind: KeyType) -> None:
    key = keys[kind]
    method = ChainResolver().resolve(f"{key.public_key.did_jwk}#0")
    assert method.public_key == key.public_key
    assert method.controller == key.public_key.did_jwk
    assert method.is_authorized_for("assertionMethod")
    # a did:jwk written by another tool (members in another order) is its own DID
    unsorted = _did_jwk(dict(reversed(list(key.public_key.to_jwk().items()))), sort=False)
    assert unsorted != key.public_key.did_jwk
    other = DidJwkResolver().resolve(f"{unsorted}#0")
    assert (other.public_key, other.controller) == (key.public_key, unsorted)


def test_did_jwk_use_decides_the_relationships(keys: dict[KeyType, SecretKey]) -> None:
    jwk = keys[KeyType.P256].public_key.to_jwk()
    signing = DidJwkResolver().resolve(_did_jwk({**jwk, "use": "sig"}) + "#0")
    assert signing.is_authorized_for("assertionMethod")
    encrypting = DidJwkResolver().resolve(_did_jwk({**jwk, "use": "enc"}) + "#0")
    assert not encrypting.is_authorized_for("assertionMethod")
    assert not encrypting.relationships


@pytest.mark.parametrize(
    ("method_id", "message"),
    [
        (lambda jwk: _did_jwk(jwk) + "#1", "ends in '#0'"),
        (lambda jwk: _did_jwk(jwk), "ends in '#0'"),
        (lambda jwk: _did_jwk({**jwk, "d": "AAAA"}) + "#0", "holds a private key"),
        (lambda jwk: "did:jwk:e30#0", "kty missing"),
        (lambda jwk: "did:jwk:bm90IGpzb24#0", "not base64url of a JSON object"),
        (lambda jwk: "did:jwk:!!#0", "not valid base64url"),
        (lambda jwk: "did:jwk:" + "A" * 9000 + "#0", "longer than"),
    ],
)
def test_did_jwk_refusals(keys: dict[KeyType, SecretKey], method_id: Any, message: str) -> None:
    jwk = keys[KeyType.P256].public_key.to_jwk()
    with pytest.raises(ResolutionError, match=message):
        ChainResolver().resolve(method_id(jwk))


@pytest.mark.parametrize("kind", [KeyType.ED25519, KeyType.P256, KeyType.P384])
def test_did_key_for_every_curve(keys: dict[KeyType, SecretKey], kind: KeyType) -> None:
    key = keys[kind]
    method = DidKeyResolver().resolve(key.id)
    assert method.public_key == key.public_key
    assert method.type == "Multikey"
    assert method.relationships == {
        "assertionMethod",
        "authentication",
        "capabilityInvocation",
        "capabilityDelegation",
    }


@pytest.mark.parametrize("kind", TYPES)
def test_https_controller_documents_resolve(keys: dict[KeyType, SecretKey], kind: KeyType) -> None:
    key = secret_key_from_jwk(keys[kind].to_jwk(include_secret=True), controller=ISSUER)
    document = key.controller_document(relationships=("assertionMethod",))
    method = ChainResolver(StaticResolver([document])).resolve(key.id)
    assert method.public_key == key.public_key
    assert method.is_authorized_for("assertionMethod")


def test_a_self_certifying_controller_must_be_the_keys_own(
    keys: dict[KeyType, SecretKey],
) -> None:
    p256, p384 = keys[KeyType.P256], keys[KeyType.P384]
    with pytest.raises(InvalidKeyError, match="did:key of a different key"):
        EcdsaKey(p256._private, controller=p384.did)
    with pytest.raises(InvalidKeyError, match="did:jwk of a different key"):
        EcdsaKey(p256._private, controller=p384.public_key.did_jwk)
    own = EcdsaKey(p256._private, controller=p256.public_key.did_jwk)
    assert own.id == f"{p256.public_key.did_jwk}#0"
    with pytest.raises(InvalidKeyError, match="ends in '#0'"):
        EcdsaKey(p256._private, id=f"{p256.public_key.did_jwk}#key-1")


def test_a_private_jwk_in_a_controller_document_is_refused(
    keys: dict[KeyType, SecretKey],
) -> None:
    key = secret_key_from_jwk(keys[KeyType.P256].to_jwk(include_secret=True), controller=ISSUER)
    document = key.controller_document(relationships=("assertionMethod",))
    document["verificationMethod"] = [
        {
            "id": key.id,
            "type": "JsonWebKey",
            "controller": ISSUER,
            "publicKeyJwk": key.to_jwk(include_secret=True),
        }
    ]
    with pytest.raises(ResolutionError, match="holds a secret key"):
        StaticResolver([document]).resolve(key.id)


# -- the secret never shows --------------------------------------------------------------------


def _forms_of_the_secret(key: SecretKey) -> list[str]:
    jwk = key.to_jwk(include_secret=True)
    public = key.public_key.to_jwk()
    forms = [value for name, value in jwk.items() if name not in public]
    forms += [value[:24] for value in forms]
    pem = key.to_pem().decode()
    forms += [line for line in pem.splitlines() if "-----" not in line]
    if not isinstance(key, RsaKey):
        forms += [key.secret_key_multibase(), key.secret_key_multibase()[1:25]]
    return forms


@pytest.mark.parametrize("kind", TYPES)
def test_reprs_logs_and_pickles_show_no_secret(
    keys: dict[KeyType, SecretKey], kind: KeyType, caplog: pytest.LogCaptureFixture
) -> None:
    key = keys[kind]
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").debug("signing with %s (%r)", key, key)
    shown = [repr(key), str(key), f"{key!r}", repr([key]), repr(key.public_key), caplog.text]
    for text in shown:
        for form in _forms_of_the_secret(key):
            assert form not in text
    with pytest.raises(TypeError, match="cannot be pickled") as info:
        pickle.dumps(key)
    for form in _forms_of_the_secret(key):
        assert form not in str(info.value)


@pytest.mark.parametrize("kind", TYPES)
def test_failures_never_show_the_secret(keys: dict[KeyType, SecretKey], kind: KeyType) -> None:
    key = keys[kind]
    jwk = key.to_jwk(include_secret=True)
    secret = jwk["d"]
    other = generate_key(KeyType.P256 if kind is not KeyType.P256 else KeyType.P384)
    attempts: list[Any] = [
        lambda: secret_key_from_jwk({**jwk, "kty": secret}),
        lambda: secret_key_from_jwk({**jwk, "d": secret + "A"}),
        lambda: secret_key_from_jwk({**jwk, "d": secret[:-4]}),
        lambda: secret_key_from_document({**key.key_file(), "type": secret}),
        lambda: secret_key_from_document(
            {"type": "JsonWebKey", "secretKeyJwk": jwk, "publicKeyJwk": other.to_jwk()}
        ),
        lambda: secret_key_from_pem(key.to_pem()[:-40] + key.to_pem()[-25:]),
        lambda: secret_key_from_pem(key.to_pem(password=b"a"), password=b"b"),
        lambda: public_key_from_did(_did_jwk(jwk) + "#0"),
    ]
    if not isinstance(key, RsaKey):
        text = key.secret_key_multibase()
        attempts += [
            lambda: secret_key_from_jwk({**jwk, "crv": secret}),
            lambda: secret_key_from_document({"secretKeyMultibase": text + "0"}),
            lambda: secret_key_from_document({"secretKeyMultibase": text[:-3]}),
            lambda: public_key_from_multibase(text),
        ]
    for attempt in attempts:
        with pytest.raises(InvalidKeyError) as info:
            attempt()
        written = "".join(traceback.format_exception(info.value))
        for form in _forms_of_the_secret(key):
            assert form not in written, written
