"""ECDSA keys on P-256 and P-384: encodings, signatures, and the points and scalars refused."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)
from hypothesis import given
from hypothesis import strategies as st

from microcredential import multibase
from microcredential.errors import InvalidKeyError
from microcredential.keys import (
    EcdsaKey,
    EcdsaVerificationKey,
    Ed25519Key,
    Ed25519VerificationKey,
    KeyType,
    load_key,
    public_key_from_did,
    public_key_from_multibase,
)
from support import reference_json

# The W3C vc-di-ecdsa test vector key pairs (TestVectors/p256KeyPair.json, p384KeyPair.json).
P256_PUBLIC = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
P256_SECRET = "z42twTcNeSYcnqg1FLuSFs2bsGH3ZqbRHFmvS9XMsYhjxvHN"
P384_PUBLIC = "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ"
P384_SECRET = "z2fanyY7zgwNpZGxX5fXXibvScNaUWNprHU9dKx7qpVj7mws9J8LLt4mDB5TyH2GLHWkUc"
PAIRS = {KeyType.P256: (P256_PUBLIC, P256_SECRET), KeyType.P384: (P384_PUBLIC, P384_SECRET)}
CURVES = {KeyType.P256: (ec.SECP256R1(), 32), KeyType.P384: (ec.SECP384R1(), 48)}
#: The group orders, for generating valid secret scalars.
ORDERS = {
    KeyType.P256: 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551,
    KeyType.P384: int(
        "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFC7634D81F4372DDF581A0DB248B0A77AECEC196ACCC52973",
        16,
    ),
}
#: A P-256 Multikey whose compressed point (x = 1) is not on the curve.
OFF_CURVE_P256 = "zDnaeQRy3dcKsKa1zmKtVKsTy3m2HYoQnFnfKuxD6HfSTQgYg"

key_types = st.sampled_from([KeyType.P256, KeyType.P384])


@st.composite
def scalars(draw: st.DrawFn) -> tuple[KeyType, bytes]:
    kind = draw(key_types)
    value = draw(st.integers(1, ORDERS[kind] - 1))
    return kind, value.to_bytes(CURVES[kind][1], "big")


@pytest.mark.parametrize("kind", [KeyType.P256, KeyType.P384])
def test_w3c_key_pairs(kind: KeyType) -> None:
    public, secret = PAIRS[kind]
    key = EcdsaKey.from_multibase(secret, public_key_multibase=public)
    assert key.key_type is kind
    assert key.public_key_multibase == public
    assert key.secret_key_multibase() == secret
    assert key.id == f"did:key:{public}#{public}"
    assert key.algorithm == {KeyType.P256: "ES256", KeyType.P384: "ES384"}[kind]
    assert key.public_key.signature_size == 2 * CURVES[kind][1]


def test_w3c_key_pair_files() -> None:
    for name, kind in (("p256KeyPair.json", KeyType.P256), ("p384KeyPair.json", KeyType.P384)):
        document = reference_json(f"vectors/vc-di-ecdsa/{name}")
        assert (document["publicKeyMultibase"], document["secretKeyMultibase"]) == PAIRS[kind]


@pytest.mark.parametrize(
    ("kind", "public_prefix", "secret_prefix", "text_prefix"),
    [
        (KeyType.P256, b"\x80\x24", b"\x86\x26", "zDn"),
        (KeyType.P384, b"\x81\x24", b"\x87\x26", "z82"),
    ],
)
def test_multicodec_prefixes_and_compressed_points(
    kind: KeyType, public_prefix: bytes, secret_prefix: bytes, text_prefix: str
) -> None:
    key = EcdsaKey.generate(kind)
    size = CURVES[kind][1]
    public = multibase.decode_base58btc(key.public_key_multibase)
    assert public[:2] == public_prefix
    assert len(public) == 2 + size + 1  # the compressed point
    assert public[2] in (2, 3)
    secret = multibase.decode_base58btc(key.secret_key_multibase())
    assert secret[:2] == secret_prefix
    assert len(secret) == 2 + size
    assert key.public_key_multibase.startswith(text_prefix)


@given(scalars())
def test_round_trips(drawn: tuple[KeyType, bytes]) -> None:
    kind, secret = drawn
    key = EcdsaKey.from_secret_bytes(secret, kind)
    assert key.secret_bytes() == secret
    assert EcdsaKey.from_multibase(key.secret_key_multibase()) == key
    assert EcdsaKey.from_multikey(key.to_multikey(include_secret=True)) == key
    assert EcdsaKey.from_jwk(key.to_jwk(include_secret=True)) == key
    assert EcdsaKey.from_pem(key.to_pem()) == key
    public = key.public_key
    assert EcdsaVerificationKey.from_multibase(public.multibase) == public
    assert EcdsaVerificationKey.from_jwk(public.to_jwk()) == public
    assert EcdsaVerificationKey.from_pem(public.to_pem()) == public
    assert EcdsaVerificationKey.from_did_key(public.did_key_id) == public
    assert public_key_from_did(public.did_jwk) == public
    assert public_key_from_multibase(public.multibase) == public
    assert pickle.loads(pickle.dumps(public)) == public


def test_jwk_coordinates_are_full_size() -> None:
    key = EcdsaKey.from_multibase(P384_SECRET)
    jwk = key.to_jwk(include_secret=True)
    assert {len(multibase.b64url_decode(jwk[n])) for n in ("x", "y", "d")} == {48}
    assert set(jwk) == {"kty", "crv", "x", "y", "d"}
    assert (jwk["kty"], jwk["crv"]) == ("EC", "P-384")


def test_sec1_and_encrypted_pem() -> None:
    key = EcdsaKey.generate(KeyType.P256)
    sec1 = key._private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    assert sec1.startswith(b"-----BEGIN EC PRIVATE KEY-----")
    assert EcdsaKey.from_pem(sec1) == key
    encrypted = key.to_pem(password=b"correct horse")
    assert EcdsaKey.from_pem(encrypted, password=b"correct horse") == key
    with pytest.raises(InvalidKeyError, match="encrypted: pass password="):
        EcdsaKey.from_pem(encrypted)


# -- signatures --------------------------------------------------------------------------------


@given(scalars(), st.binary(max_size=200), st.binary(max_size=200))
def test_sign_and_verify_r_s(drawn: tuple[KeyType, bytes], data: bytes, other: bytes) -> None:
    kind, secret = drawn
    key = EcdsaKey.from_secret_bytes(secret, kind)
    signature = key.sign(data)
    size = CURVES[kind][1]
    assert len(signature) == 2 * size
    assert key.public_key.verify(signature, data)
    assert key.public_key.verify(signature, other) is (other == data)
    # an independent check: cryptography with the DER form and the hash of the curve
    r, s = int.from_bytes(signature[:size], "big"), int.from_bytes(signature[size:], "big")
    hash_algorithm = hashes.SHA256() if kind is KeyType.P256 else hashes.SHA384()
    key.public_key.cryptography_key.verify(
        encode_dss_signature(r, s), data, ec.ECDSA(hash_algorithm)
    )


def test_a_der_signature_is_not_accepted() -> None:
    key = EcdsaKey.from_multibase(P256_SECRET)
    der = key._private.sign(b"data", ec.ECDSA(hashes.SHA256()))
    assert not key.public_key.verify(der, b"data")
    r, s = decode_dss_signature(der)
    assert key.public_key.verify(r.to_bytes(32, "big") + s.to_bytes(32, "big"), b"data")


def test_wrong_hash_wrong_curve_and_zero_signatures_fail() -> None:
    p256 = EcdsaKey.from_multibase(P256_SECRET)
    p384 = EcdsaKey.from_multibase(P384_SECRET)
    # P-256 with SHA-384 is not ES256
    der = p256._private.sign(b"data", ec.ECDSA(hashes.SHA384()))
    r, s = decode_dss_signature(der)
    assert not p256.public_key.verify(r.to_bytes(32, "big") + s.to_bytes(32, "big"), b"data")
    assert not p384.public_key.verify(p256.sign(b"data"), b"data")
    assert not p256.public_key.verify(bytes(64), b"data")
    assert not p256.public_key.verify(p256.sign(b"data") + b"\x00", b"data")


def test_signing_is_deterministic_where_openssl_allows() -> None:
    from cryptography.hazmat.backends.openssl import backend

    key = EcdsaKey.from_multibase(P256_SECRET)
    if not backend.ecdsa_deterministic_supported():
        pytest.skip("this OpenSSL cannot sign ECDSA deterministically (RFC 6979)")
    assert key.sign(b"data") == key.sign(b"data")


# -- what is refused ---------------------------------------------------------------------------


def _refused(call: Any, message: str) -> InvalidKeyError:
    with pytest.raises(InvalidKeyError, match=message) as info:
        call()
    assert type(info.value) is InvalidKeyError
    # the library's error, without a dependency's exception chained to it
    assert info.value.__cause__ is None
    assert info.value.__context__ is None or info.value.__suppress_context__
    return info.value


def test_points_off_the_curve_are_refused_in_every_format() -> None:
    message = "not a point on the P-256 curve"
    _refused(lambda: EcdsaVerificationKey.from_multibase(OFF_CURVE_P256), message)
    _refused(lambda: public_key_from_did(f"did:key:{OFF_CURVE_P256}#{OFF_CURVE_P256}"), message)
    good = EcdsaKey.from_multibase(P256_SECRET).public_key.to_jwk()
    y = bytearray(multibase.b64url_decode(good["y"]))
    y[-1] ^= 1  # (x, y ± 1) is not on the curve
    bad = {**good, "y": multibase.b64url_encode(bytes(y))}
    _refused(lambda: EcdsaVerificationKey.from_jwk(bad), message)
    uncompressed = b"\x04" + multibase.b64url_decode(bad["x"]) + bytes(y)
    _refused(lambda: EcdsaVerificationKey.from_bytes(uncompressed, "P-256"), message)


def test_an_uncompressed_multikey_is_refused() -> None:
    point = EcdsaKey.from_multibase(P256_SECRET).public_key.cryptography_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    text = multibase.encode_base58btc(multibase.with_multicodec(multibase.P256_PUB, point))
    _refused(lambda: EcdsaVerificationKey.from_multibase(text), "04 \\(uncompressed\\)")


@pytest.mark.parametrize("kind", [KeyType.P256, KeyType.P384])
@pytest.mark.parametrize("value", [0, None, -1])
def test_scalars_outside_the_group_are_refused(kind: KeyType, value: int | None) -> None:
    order, size = ORDERS[kind], CURVES[kind][1]
    number = order if value is None else (0 if value == 0 else (1 << (8 * size)) - 1)
    secret = number.to_bytes(size, "big")
    _refused(lambda: EcdsaKey.from_secret_bytes(secret, kind), "not a valid P-")


@pytest.mark.parametrize(
    ("jwk", "message"),
    [
        ({"kty": "EC", "crv": "P-521", "x": "AA", "y": "AA"}, "crv 'P-521'"),
        ({"kty": "EC", "crv": "secp256k1", "x": "AA", "y": "AA"}, "crv 'secp256k1'"),
        ({"kty": "OKP", "crv": "Ed25519", "x": "AA"}, "kty 'OKP'"),
        ({"kty": "EC", "crv": "P-256", "y": "AA"}, "no 'x'"),
        ({"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}, "3 bytes; on P-256"),
        ([], "JSON object"),
    ],
)
def test_malformed_public_jwks(jwk: Any, message: str) -> None:
    _refused(lambda: EcdsaVerificationKey.from_jwk(jwk), message)


def test_mismatched_halves_are_refused() -> None:
    p256 = EcdsaKey.from_multibase(P256_SECRET)
    other = EcdsaKey.generate("P-256")
    jwk = {**other.to_jwk(), "d": p256.to_jwk(include_secret=True)["d"]}
    _refused(lambda: EcdsaKey.from_jwk(jwk), "not the public half")
    _refused(
        lambda: EcdsaKey.from_multibase(
            P256_SECRET, public_key_multibase=other.public_key_multibase
        ),
        "not the public half",
    )
    _refused(lambda: EcdsaKey.from_jwk(p256.to_jwk()), "it is a public key")


def test_other_key_types_are_named() -> None:
    _refused(
        lambda: EcdsaVerificationKey.from_multibase(Ed25519Key.generate().public_key_multibase),
        "ed25519-pub",
    )
    _refused(lambda: EcdsaVerificationKey.from_multibase(P256_SECRET), "is a secret key")
    _refused(lambda: EcdsaKey.from_multibase(P256_PUBLIC), "is a public key")
    _refused(lambda: Ed25519VerificationKey.from_multibase(P384_PUBLIC), "p384-pub")
    secp256k1 = ec.generate_private_key(ec.SECP256K1())
    pem = secp256k1.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    _refused(lambda: EcdsaKey.from_pem(pem), "curve secp256k1")
    _refused(lambda: EcdsaKey.generate("P-521"), "P-256 or P-384, not 'P-521'")


def test_key_files_of_both_curves(tmp_path: Any) -> None:
    for kind in (KeyType.P256, KeyType.P384):
        key = EcdsaKey.generate(kind, controller="https://example.edu/issuers/1")
        path = tmp_path / f"{kind.value}.key.json"
        key.save(path)
        document = json.loads(path.read_text())
        assert document["type"] == "Multikey"
        assert set(document) == {
            "id",
            "type",
            "controller",
            "publicKeyMultibase",
            "secretKeyMultibase",
        }
        assert load_key(path) == key == EcdsaKey.load(path)
        assert load_key(path).id == f"https://example.edu/issuers/1#{key.public_key_multibase}"
    _refused(lambda: Ed25519Key.load(path), "holds a P-384 key, not an Ed25519 key")
