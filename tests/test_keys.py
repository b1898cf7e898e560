from __future__ import annotations

import base64
import copy
import json
import logging
import os
import pickle
import stat
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import base58
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, rsa
from hypothesis import given
from hypothesis import strategies as st

from microcredential.errors import InvalidKeyError
from microcredential.keys import (
    DID_CONTEXT_V1,
    MULTIKEY_CONTEXT_V1,
    Ed25519Key,
    Ed25519VerificationKey,
    Signer,
)
from support import reference_json

# W3C vc-di-eddsa test vector key pair (TestVectors/keyPair.json).
W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_PUBLIC_HEX = "b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"
W3C_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_SEED_HEX = "c96ef9ea10c5e414c471723aff9de72c35fa5b70fae97e8832ecac7d2e2b8ed6"

# Open Badges 3.0 implementation guide, Linked Data Proof test vector: 64-byte secret key.
OB_ISSUER = "https://example.edu/issuers/565049"
OB_PUBLIC = "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
OB_PUBLIC_HEX = "4bdeafde2ea8beefadd8c699b5c7e0704cf51154d52e17b20b71337ca04cc5a5"
OB_SEED_HEX = "6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4"
OB_SECRET = (
    "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx"
)
OB_KEY_PAIR: dict[str, Any] = {
    "type": "Multikey",
    "id": f"{OB_ISSUER}#{OB_PUBLIC}",
    "controller": OB_ISSUER,
    "publicKeyMultibase": OB_PUBLIC,
    "secretKeyMultibase": OB_SECRET,
}
OB_SIGNATURE_HEX = (
    "f7a017acf7d27983267ec362657c0fb08e955549f49dac5bf36a03c4f2c3a4f1"
    "e3738a6c5ecd7ffba7135cb9cd754e6196f4b73082ea8df8e703c8ecd4333503"
)
OB_DATA_HEX = (
    "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
    "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"
)

seeds = st.binary(min_size=32, max_size=32)


def b58(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode()


# -- the official vectors ----------------------------------------------------------------------


def test_w3c_vector_key_pair() -> None:
    key = Ed25519Key.from_multibase(W3C_SECRET, public_key_multibase=W3C_PUBLIC)
    assert key.public_key_multibase == W3C_PUBLIC
    assert key.public_key.raw.hex() == W3C_PUBLIC_HEX
    assert key.seed().hex() == W3C_SEED_HEX
    assert key.secret_key_multibase() == W3C_SECRET
    assert key.id == f"did:key:{W3C_PUBLIC}#{W3C_PUBLIC}"
    assert key.controller == f"did:key:{W3C_PUBLIC}"


def test_w3c_vector_file_uses_private_key_multibase() -> None:
    document = reference_json("vectors/vc-di-eddsa/keyPair.json")
    key = Ed25519Key.from_multikey(document)
    assert key.public_key_multibase == document["publicKeyMultibase"] == W3C_PUBLIC
    assert key.public_key.raw.hex() == W3C_PUBLIC_HEX


def test_w3c_proof_set_key_pairs_import() -> None:
    pairs = reference_json("vectors/vc-di-eddsa/proof-set-chain/multiKeyPairs.json")
    for pair in pairs.values():
        assert Ed25519Key.from_multikey(pair).public_key_multibase == pair["publicKeyMultibase"]


def test_ob_vector_key_with_64_byte_secret_and_https_controller() -> None:
    key = Ed25519Key.from_multikey(OB_KEY_PAIR)
    assert key.public_key.raw.hex() == OB_PUBLIC_HEX
    assert key.seed().hex() == OB_SEED_HEX
    assert key.id == f"{OB_ISSUER}#{OB_PUBLIC}"
    assert key.controller == OB_ISSUER
    # Ed25519 is deterministic: the vector's signature is reproduced exactly.
    signature = key.sign(bytes.fromhex(OB_DATA_HEX))
    assert signature.hex() == OB_SIGNATURE_HEX
    assert key.public_key.verify(signature, bytes.fromhex(OB_DATA_HEX))
    # Exported with the canonical 32-byte seed form.
    assert len(base58.b58decode(key.secret_key_multibase()[1:])) == 34


def test_ob_vector_file() -> None:
    document = reference_json("vectors/ob3-ldp/key-and-values.json")
    key = Ed25519Key.from_multikey(document["keyPair"])
    assert key == Ed25519Key.from_multikey(OB_KEY_PAIR)
    assert key.public_key.raw.hex() == document["keyPair"]["publicKeyHex"]
    assert key.id == document["proofOptions"]["verificationMethod"]
    signature = key.sign(bytes.fromhex(document["values"]["Data to sign (hex)"]))
    assert signature.hex() == document["values"]["Signature (hex)"]


def test_verification_method_alias_for_id() -> None:
    document = {k: v for k, v in OB_KEY_PAIR.items() if k != "id"}
    document["verificationMethod"] = OB_KEY_PAIR["id"]
    assert Ed25519Key.from_multikey(document).id == OB_KEY_PAIR["id"]


# -- identity, did:key -------------------------------------------------------------------------


def test_did_key_document() -> None:
    key = Ed25519Key.from_multibase(W3C_SECRET)
    did = f"did:key:{W3C_PUBLIC}"
    vm = f"{did}#{W3C_PUBLIC}"
    assert key.did == key.public_key.did == did
    assert key.public_key.did_key_id == vm
    assert key.controller_document() == key.public_key.did_document()
    assert key.public_key.did_document() == {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {"id": vm, "type": "Multikey", "controller": did, "publicKeyMultibase": W3C_PUBLIC}
        ],
        "authentication": [vm],
        "assertionMethod": [vm],
        "capabilityDelegation": [vm],
        "capabilityInvocation": [vm],
    }


def test_https_controller_document_lists_the_key() -> None:
    key = Ed25519Key.from_multikey(OB_KEY_PAIR)
    document = key.controller_document(relationships=("assertionMethod",))
    assert document["@context"] == [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1]
    assert document["id"] == OB_ISSUER
    assert document["verificationMethod"] == [
        {k: OB_KEY_PAIR[k] for k in ("id", "type", "controller", "publicKeyMultibase")}
    ]
    assert document["assertionMethod"] == [OB_KEY_PAIR["id"]]
    assert "authentication" not in document
    with pytest.raises(ValueError, match="unknown verification relationships"):
        key.controller_document(relationships=("assertion",))


def test_from_did_key() -> None:
    did = f"did:key:{W3C_PUBLIC}"
    expected = Ed25519VerificationKey.from_multibase(W3C_PUBLIC)
    assert Ed25519VerificationKey.from_did_key(did) == expected
    assert Ed25519VerificationKey.from_did_key(f"{did}#{W3C_PUBLIC}") == expected
    with pytest.raises(InvalidKeyError, match="fragment that is not its key"):
        Ed25519VerificationKey.from_did_key(f"{did}#key-1")
    with pytest.raises(InvalidKeyError, match="not a did:key"):
        Ed25519VerificationKey.from_did_key(f"did:web:{W3C_PUBLIC}")


def test_id_and_controller_defaults() -> None:
    key = Ed25519Key.from_multibase(W3C_SECRET, controller=OB_ISSUER)
    assert key.id == f"{OB_ISSUER}#{W3C_PUBLIC}"
    key = Ed25519Key.from_multibase(W3C_SECRET, id=f"{OB_ISSUER}#key-1")
    assert (key.id, key.controller) == (f"{OB_ISSUER}#key-1", OB_ISSUER)
    key = Ed25519Key.from_multibase(W3C_SECRET, id="urn:uuid:1234", controller=OB_ISSUER)
    assert (key.id, key.controller) == ("urn:uuid:1234", OB_ISSUER)
    key = Ed25519Key.from_multibase(W3C_SECRET, controller=f"did:key:{W3C_PUBLIC}")
    assert key.id == f"did:key:{W3C_PUBLIC}#{W3C_PUBLIC}"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"id": f"did:key:{OB_PUBLIC}#{OB_PUBLIC}"}, "not the did:key verification method"),
        ({"controller": f"did:key:{OB_PUBLIC}"}, "did:key of a different key"),
        ({"id": "key-1", "controller": OB_ISSUER}, "not an absolute URL"),
        ({"id": "urn:uuid:1234"}, "pass controller="),
        ({"id": ""}, "non-empty string"),
        ({"controller": "https://example.edu/a b"}, "without spaces"),
        ({"id": 7}, "non-empty string"),
    ],
)
def test_bad_id_or_controller(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        Ed25519Key.from_multibase(W3C_SECRET, **options)


# -- round trips -------------------------------------------------------------------------------


@given(seeds)
def test_multibase_round_trip(seed: bytes) -> None:
    key = Ed25519Key.from_seed(seed)
    again = Ed25519Key.from_multibase(
        key.secret_key_multibase(), public_key_multibase=key.public_key_multibase
    )
    assert again.seed() == seed
    assert key.public_key_multibase.startswith("z6Mk")
    assert Ed25519VerificationKey.from_multibase(key.public_key_multibase) == key.public_key


@given(seeds)
def test_multikey_round_trip(seed: bytes) -> None:
    key = Ed25519Key.from_seed(seed, controller=OB_ISSUER)
    document = key.to_multikey(include_secret=True)
    assert set(document) == {"id", "type", "controller", "publicKeyMultibase", "secretKeyMultibase"}
    again = Ed25519Key.from_multikey(document)
    assert (again.seed(), again.id, again.controller) == (seed, key.id, key.controller)
    public = key.to_multikey()
    assert "secretKeyMultibase" not in public
    assert Ed25519VerificationKey.from_multikey(public) == key.public_key


@given(seeds)
def test_jwk_round_trip(seed: bytes) -> None:
    key = Ed25519Key.from_seed(seed)
    jwk = key.to_jwk(include_secret=True)
    assert (jwk["kty"], jwk["crv"]) == ("OKP", "Ed25519")
    assert base64.urlsafe_b64decode(jwk["d"] + "=") == seed
    assert Ed25519Key.from_jwk(jwk).seed() == seed
    assert Ed25519Key.from_jwk({k: v for k, v in jwk.items() if k != "x"}).seed() == seed
    assert "d" not in key.to_jwk()
    assert Ed25519VerificationKey.from_jwk(key.to_jwk()) == key.public_key


@given(seeds)
def test_pem_round_trip(seed: bytes) -> None:
    key = Ed25519Key.from_seed(seed)
    assert Ed25519Key.from_pem(key.to_pem()).seed() == seed
    assert Ed25519Key.from_pem(key.to_pem().decode()).seed() == seed
    assert Ed25519VerificationKey.from_pem(key.public_key.to_pem()) == key.public_key


def test_encrypted_pem_round_trip() -> None:
    key = Ed25519Key.generate()
    pem = key.to_pem(password=b"correct horse")
    assert b"ENCRYPTED" in pem
    assert Ed25519Key.from_pem(pem, password=b"correct horse") == key
    with pytest.raises(InvalidKeyError, match="encrypted: pass password="):
        Ed25519Key.from_pem(pem)
    with pytest.raises(InvalidKeyError, match="cannot read a PEM private key"):
        Ed25519Key.from_pem(pem, password=b"wrong")
    with pytest.raises(InvalidKeyError, match="not encrypted"):
        Ed25519Key.from_pem(key.to_pem(), password=b"x")


@given(seeds)
def test_raw_round_trip(seed: bytes) -> None:
    key = Ed25519Key.from_seed(seed)
    assert Ed25519VerificationKey.from_bytes(key.public_key.raw) == key.public_key


@given(seeds, st.binary(max_size=300), st.binary(max_size=300))
def test_sign_and_verify(seed: bytes, data: bytes, other: bytes) -> None:
    key = Ed25519Key.from_seed(seed)
    signature = key.sign(data)
    assert len(signature) == 64
    assert key.public_key.verify(signature, data)
    assert key.public_key.verify(signature, other) == (data == other)
    tampered = bytes([signature[0] ^ 1]) + signature[1:]
    assert not key.public_key.verify(tampered, data)
    assert not key.public_key.verify(signature[:-1], data)


def test_verify_with_another_key_fails() -> None:
    one, two = Ed25519Key.generate(), Ed25519Key.generate()
    assert not two.public_key.verify(one.sign(b"x"), b"x")


def test_generate_gives_distinct_keys() -> None:
    assert Ed25519Key.generate() != Ed25519Key.generate()


def test_satisfies_signer_protocol() -> None:
    signer: Signer = Ed25519Key.generate()
    assert signer.id.startswith("did:key:z6Mk")


# -- value semantics ---------------------------------------------------------------------------


def test_equality_and_hash_use_the_public_key() -> None:
    one = Ed25519Key.from_multibase(W3C_SECRET)
    two = Ed25519Key.from_multibase(W3C_SECRET, controller=OB_ISSUER)
    assert one == two
    assert hash(one) == hash(two)
    assert len({one, two, Ed25519Key.generate()}) == 2
    assert one != one.public_key
    assert one.public_key == two.public_key
    assert hash(one.public_key) == hash(two.public_key)


def test_keys_are_immutable() -> None:
    key = Ed25519Key.generate()
    with pytest.raises(AttributeError, match="immutable"):
        key.id = "did:example:1"  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del key.controller  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        key.public_key._raw = b""  # type: ignore[misc]


def test_secret_key_cannot_be_pickled_but_public_key_can() -> None:
    key = Ed25519Key.generate()
    with pytest.raises(TypeError, match="cannot be pickled"):
        pickle.dumps(key)
    assert pickle.loads(pickle.dumps(key.public_key)) == key.public_key
    assert copy.copy(key) is key
    assert copy.deepcopy(key) is key


# -- malformed input ---------------------------------------------------------------------------

P256_PUBLIC = "zDnaerx9CtbPJ1q36T5Ln5wYt3MQYeGRG5ehnPAmxcf5mDZpv"
ED_PUB_PREFIX = bytes([0xED, 0x01])
ED_PRIV_PREFIX = bytes([0x80, 0x26])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (P256_PUBLIC, "P-256 key"),
        ("6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2", "must start with 'z'"),
        ("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ0", "base58 alphabet"),
        (b58(ED_PUB_PREFIX + bytes(31)), "has 31 bytes"),
        (b58(ED_PUB_PREFIX + bytes(33)), "has 33 bytes"),
        (b58(bytes([0xEC, 0x01]) + bytes(32)), "x25519-pub"),
        (b58(ED_PRIV_PREFIX + bytes(32)), "is a secret key"),
        (b58(b"\x80"), "ends inside its varint"),
        (W3C_SECRET, "is a secret key"),
        (12, "must be a string"),
    ],
)
def test_malformed_public_keys(text: Any, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        Ed25519VerificationKey.from_multibase(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (W3C_PUBLIC, "is a public key"),
        (P256_PUBLIC, "p256-pub"),
        (W3C_SECRET[:-1] + "0", "base58 alphabet"),
        (W3C_SECRET[1:], "must start with 'z'"),
        (b58(ED_PRIV_PREFIX + bytes(31)), "has 31 bytes"),
        (b58(ED_PRIV_PREFIX + bytes(48)), "has 48 bytes"),
        (b58(ED_PRIV_PREFIX + bytes.fromhex(OB_SEED_HEX) + bytes(32)), "does not match"),
        (b58(bytes([0xFF, 0x7F]) + bytes(32)), "unknown multicodec 0x3fff"),
        (None, "must be a string"),
    ],
)
def test_malformed_secret_keys(text: Any, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        Ed25519Key.from_multibase(text)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"publicKeyMultibase": W3C_PUBLIC}, "not the public half"),
        ({"secretKeyMultibase": None}, "no secretKeyMultibase"),
        ({"privateKeyMultibase": W3C_SECRET}, "both secretKeyMultibase and privateKeyMultibase"),
        ({"verificationMethod": "https://example.edu/other#1"}, "both id and verificationMethod"),
        ({"type": "JsonWebKey2020"}, "not supported"),
        ({"controller": ["a"]}, "must be a string"),
    ],
)
def test_malformed_key_documents(change: dict[str, Any], message: str) -> None:
    document = {**OB_KEY_PAIR, **change}
    with pytest.raises(InvalidKeyError, match=message):
        Ed25519Key.from_multikey({k: v for k, v in document.items() if v is not None})


def test_non_mapping_documents() -> None:
    with pytest.raises(InvalidKeyError, match="JSON object"):
        Ed25519Key.from_multikey([OB_KEY_PAIR])  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="JSON object"):
        Ed25519VerificationKey.from_multikey("z6Mk")  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="no publicKeyMultibase"):
        Ed25519VerificationKey.from_multikey({"type": "Multikey"})


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"}, "kty 'EC' / crv 'P-256'"),
        ({"kty": "OKP", "crv": "X25519", "x": "AA"}, "crv 'X25519'"),
        ({"kty": "OKP", "crv": "Ed25519"}, "no 'd'"),
        ({"kty": "OKP", "crv": "Ed25519", "d": "AA=="}, "base64url"),
        ({"kty": "OKP", "crv": "Ed25519", "d": "AAAA"}, "seed has 32 bytes, not 3"),
        (
            {
                "kty": "OKP",
                "crv": "Ed25519",
                "d": "A" * 43,
                "x": base64.urlsafe_b64encode(bytes.fromhex(W3C_PUBLIC_HEX)).decode().rstrip("="),
            },
            "'x' is not the public half",
        ),
        ("not a jwk", "JSON object"),
    ],
)
def test_malformed_private_jwks(jwk: Any, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        Ed25519Key.from_jwk(jwk)


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "RSA", "n": "AQAB", "e": "AQAB"}, "kty 'RSA'"),
        ({"kty": "OKP", "crv": "Ed25519"}, "no 'x'"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "AAAA"}, "32 bytes, not 3"),
    ],
)
def test_malformed_public_jwks(jwk: Any, message: str) -> None:
    with pytest.raises(InvalidKeyError, match=message):
        Ed25519VerificationKey.from_jwk(jwk)


def _pkcs8(key: Any) -> bytes:
    return bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _spki(key: Any) -> bytes:
    return bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )


@pytest.fixture(scope="module")
def foreign_keys() -> dict[str, Any]:
    return {
        "EC secp256r1": ec.generate_private_key(ec.SECP256R1()),
        "Ed448": ed448.Ed448PrivateKey.generate(),
        "RSA": rsa.generate_private_key(public_exponent=65537, key_size=1024),
    }


@pytest.mark.parametrize("kind", ["EC secp256r1", "Ed448", "RSA"])
def test_non_ed25519_pem_is_refused(foreign_keys: dict[str, Any], kind: str) -> None:
    key = foreign_keys[kind]
    with pytest.raises(InvalidKeyError, match=f"holds a private key of type {kind}, not Ed25519"):
        Ed25519Key.from_pem(_pkcs8(key))
    with pytest.raises(InvalidKeyError, match=f"holds a public key of type {kind}, not Ed25519"):
        Ed25519VerificationKey.from_pem(_spki(key))


def test_garbage_and_swapped_pem_are_refused() -> None:
    key = Ed25519Key.generate()
    with pytest.raises(InvalidKeyError, match="cannot read a PEM private key"):
        Ed25519Key.from_pem(key.public_key.to_pem())
    with pytest.raises(InvalidKeyError, match="cannot read a PEM public key"):
        Ed25519VerificationKey.from_pem(key.to_pem())
    with pytest.raises(InvalidKeyError, match="cannot read a PEM private key"):
        Ed25519Key.from_pem(b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")


@pytest.mark.parametrize("size", [0, 31, 33, 64])
def test_wrong_raw_lengths(size: int) -> None:
    with pytest.raises(InvalidKeyError, match=f"32 bytes, not {size}"):
        Ed25519Key.from_seed(bytes(size))
    with pytest.raises(InvalidKeyError, match=f"32 bytes, not {size}"):
        Ed25519VerificationKey.from_bytes(bytes(size))


def test_wrong_argument_types() -> None:
    with pytest.raises(InvalidKeyError, match="must be bytes, not str"):
        Ed25519Key.from_seed("00" * 32)  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="expected an Ed25519 private key"):
        Ed25519Key(ed448.Ed448PrivateKey.generate())  # type: ignore[arg-type]
    with pytest.raises(InvalidKeyError, match="must be bytes"):
        Ed25519Key.generate().sign("text")  # type: ignore[arg-type]


# -- key files ---------------------------------------------------------------------------------


def test_save_and_load(tmp_path: Path) -> None:
    key = Ed25519Key.generate(controller=OB_ISSUER)
    path = tmp_path / "issuer.key.json"
    key.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    document = json.loads(path.read_text())
    assert document == key.to_multikey(include_secret=True)
    loaded = Ed25519Key.load(path)
    assert (loaded.seed(), loaded.id, loaded.controller) == (key.seed(), key.id, key.controller)
    assert [p.name for p in tmp_path.iterdir()] == ["issuer.key.json"]


def test_save_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    first, second = Ed25519Key.generate(), Ed25519Key.generate()
    first.save(path)
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        second.save(path)
    assert Ed25519Key.load(path) == first
    second.save(path, overwrite=True)
    assert Ed25519Key.load(path) == second
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_save_keeps_0600_under_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        Ed25519Key.generate().save(tmp_path / "key.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "key.json").stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "not valid JSON"),
        (b"[]", "JSON object"),
        (
            b'{"publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"}',
            "no secret",
        ),
        (b" " * (64 * 1024 + 1), "not a key file"),
    ],
)
def test_load_refuses_bad_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(InvalidKeyError, match=message) as info:
        Ed25519Key.load(path)
    assert str(path) in str(info.value)


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidKeyError, match="cannot read the key file"):
        Ed25519Key.load(tmp_path / "absent.json")


# -- the secret never leaks --------------------------------------------------------------------

SEED = bytes.fromhex(W3C_SEED_HEX)
FORMS_OF_THE_SECRET = (
    W3C_SECRET,
    W3C_SECRET[1:],
    W3C_SEED_HEX,
    W3C_SEED_HEX.upper(),
    base64.urlsafe_b64encode(SEED).decode().rstrip("="),
    base64.b64encode(SEED).decode().rstrip("="),
    OB_SECRET[1:],
    OB_SEED_HEX,
)


def assert_no_secret(text: str) -> None:
    for form in FORMS_OF_THE_SECRET:
        assert form not in text


def test_repr_and_str_show_no_secret() -> None:
    for key in (Ed25519Key.from_multibase(W3C_SECRET), Ed25519Key.from_multikey(OB_KEY_PAIR)):
        for text in (repr(key), str(key), f"{key}", repr([key]), repr(key.public_key)):
            assert_no_secret(text)
            assert key.public_key_multibase in text
        assert not hasattr(key, "__dict__")


def test_logging_a_key_shows_no_secret(caplog: pytest.LogCaptureFixture) -> None:
    key = Ed25519Key.from_multibase(W3C_SECRET)
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("test").debug("signing with %s (%r)", key, key)
    assert W3C_PUBLIC in caplog.text
    assert_no_secret(caplog.text)


def _mangle(secret_hex: str) -> list[Callable[[], object]]:
    seed = bytes.fromhex(secret_hex)
    b64 = base64.urlsafe_b64encode(seed).decode().rstrip("=")
    bad_pub = bytes(32)
    return [
        lambda: Ed25519Key.from_multibase(W3C_SECRET + "0"),
        lambda: Ed25519Key.from_multibase(W3C_SECRET + " "),
        lambda: Ed25519Key.from_multibase(W3C_SECRET[1:]),
        lambda: Ed25519Key.from_multibase(W3C_SECRET, public_key_multibase=OB_PUBLIC),
        lambda: Ed25519Key.from_multibase(b58(ED_PRIV_PREFIX + seed + bad_pub)),
        lambda: Ed25519Key.from_multibase(b58(ED_PRIV_PREFIX + seed + b"\x01")),
        lambda: Ed25519Key.from_multibase(b58(ED_PUB_PREFIX + seed)),
        lambda: Ed25519Key.from_multibase(b58(bytes([0x81, 0x26]) + seed)),
        lambda: Ed25519Key.from_multibase(W3C_SECRET, id="not absolute"),
        lambda: Ed25519Key.from_seed(seed + b"\x00"),
        lambda: Ed25519Key.from_seed(secret_hex),  # type: ignore[arg-type]
        lambda: Ed25519Key.from_jwk({"kty": "OKP", "crv": "Ed25519", "d": b64 + "="}),
        lambda: Ed25519Key.from_jwk({"kty": "OKP", "crv": "Ed25519", "d": b64 + "A"}),
        lambda: Ed25519Key.from_jwk({"kty": "OKP", "crv": "Ed25519", "d": b64[:-2]}),
        lambda: Ed25519Key.from_jwk({"kty": "OKP", "crv": "Ed25519", "d": b64, "x": "A" * 43}),
        lambda: Ed25519Key.from_jwk({"kty": "OKP", "crv": "Ed448", "d": b64}),
        lambda: Ed25519Key.from_multikey({"secretKeyMultibase": W3C_SECRET, "type": "X"}),
        lambda: Ed25519Key.from_multikey(
            {"secretKeyMultibase": W3C_SECRET, "privateKeyMultibase": OB_SECRET}
        ),
        lambda: Ed25519Key.from_multikey({"secretKeyMultibase": W3C_SECRET, "controller": 5}),
        lambda: Ed25519Key.from_multikey({**OB_KEY_PAIR, "publicKeyMultibase": W3C_PUBLIC}),
        lambda: Ed25519Key.from_pem(
            b"-----BEGIN PRIVATE KEY-----\n"
            + base64.b64encode(seed)
            + b"\n-----END PRIVATE KEY-----\n"
        ),
        lambda: pickle.dumps(Ed25519Key.from_seed(seed)),
    ]


@pytest.mark.parametrize("index", range(len(_mangle(W3C_SEED_HEX))))
def test_no_failure_path_leaks_the_secret(index: int) -> None:
    attempt = _mangle(W3C_SEED_HEX)[index]
    with pytest.raises((InvalidKeyError, TypeError)) as info:
        attempt()
    assert_no_secret(str(info.value))
    assert_no_secret(repr(info.value))
    assert_no_secret("".join(traceback.format_exception(info.value)))


def test_key_file_load_errors_do_not_leak(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    path.write_text(json.dumps({"secretKeyMultibase": W3C_SECRET + "0"}))
    with pytest.raises(InvalidKeyError) as info:
        Ed25519Key.load(path)
    assert_no_secret("".join(traceback.format_exception(info.value)))
    path.write_text('{"secretKeyMultibase": "' + W3C_SECRET + '"')  # truncated JSON
    with pytest.raises(InvalidKeyError) as info:
        Ed25519Key.load(path)
    assert_no_secret("".join(traceback.format_exception(info.value)))


def test_save_without_hard_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError("hard links are not supported here")

    monkeypatch.setattr(os, "link", no_links)
    path = tmp_path / "key.json"
    key = Ed25519Key.generate()
    key.save(path)
    assert Ed25519Key.load(path) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        Ed25519Key.generate().save(path)
    assert Ed25519Key.load(path) == key
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]


def test_a_credential_given_as_a_key_is_refused_clearly() -> None:
    # Regression: a list-valued "type" raised TypeError (unhashable) from deep inside.
    credential = {"type": ["VerifiableCredential", "OpenBadgeCredential"], "id": "urn:uuid:1"}
    with pytest.raises(InvalidKeyError, match="not supported"):
        Ed25519Key.from_multikey(credential)
    with pytest.raises(InvalidKeyError):
        Ed25519VerificationKey.from_multikey({"type": {"a": 1}})


def test_type_as_a_one_element_list_is_accepted() -> None:
    key = Ed25519Key.generate()
    document = key.to_multikey(include_secret=True)
    document["type"] = ["Multikey"]
    assert Ed25519Key.from_multikey(document) == key


def test_a_secret_in_the_type_field_is_not_echoed() -> None:
    key = Ed25519Key.generate()
    secret = key.secret_key_multibase()
    document = key.to_multikey(include_secret=True)
    document["type"] = secret
    with pytest.raises(InvalidKeyError) as info:
        Ed25519Key.from_multikey(document)
    assert secret not in str(info.value)
    assert secret[:20] not in str(info.value)
