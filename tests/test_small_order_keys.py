"""Ed25519 public keys of small order, and non-canonical encodings, are refused everywhere.

With a point of small order as the public key, signatures verify without any secret: under the
identity point the signature (R = identity, S = 0) verifies for every message.  The points and
their encodings are derived here from the curve equation of edwards25519 (RFC 8032 §5.1),
-x² + y² = 1 + d·x²·y² over GF(p), p = 2^255 - 19, d = -121665/121666, and cross-checked
against the y-coordinates that libsodium's small-order blocklist names.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import base58
import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hypothesis import given
from hypothesis import strategies as st

from microcredential import VerificationStatus, issue, verify
from microcredential.errors import InvalidKeyError, ResolutionError
from microcredential.keys import Ed25519Key, Ed25519VerificationKey, KeyType
from microcredential.resolve import ChainResolver, DidKeyResolver, StaticResolver

P = 2**255 - 19
D = -121665 * pow(121666, -1, P) % P
SIGN_BIT = 1 << 255
ED25519_PUB = bytes([0xED, 0x01])
#: DER of an Ed25519 SubjectPublicKeyInfo up to the 32 key bytes (RFC 8410).
SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")

Point = tuple[int, int]
IDENTITY: Point = (0, 1)


def sqrt(value: int) -> int | None:
    """A square root modulo p (p ≡ 5 mod 8), or None when there is none."""
    value %= P
    root = pow(value, (P + 3) // 8, P)
    if root * root % P != value:
        root = root * pow(2, (P - 1) // 4, P) % P
    return root if root * root % P == value else None


def on_curve(point: Point) -> bool:
    x, y = point
    return (-x * x + y * y - 1 - D * x * x * y * y) % P == 0


def add(a: Point, b: Point) -> Point:
    """The twisted Edwards addition law (complete for edwards25519)."""
    (x1, y1), (x2, y2) = a, b
    t = D * x1 * x2 * y1 * y2 % P
    return (
        (x1 * y2 + y1 * x2) * pow(1 + t, -1, P) % P,
        (y1 * y2 + x1 * x2) * pow(1 - t, -1, P) % P,
    )


def order(point: Point) -> int:
    """The order of a point of order dividing 8 (and 0 for anything else)."""
    multiple = point
    for n in range(1, 9):
        if multiple == IDENTITY:
            return n
        multiple = add(multiple, point)
    return 0


def small_order_points() -> set[Point]:
    """All eight points of order 1, 2, 4 or 8, from the curve equation."""
    i = sqrt(-1)
    assert i is not None
    points = {IDENTITY, (0, P - 1), (i, 0), (P - i, 0)}  # y = ±1 gives x = 0; y = 0 gives x² = -1
    # Order 8: doubling (x, y) gives y = (y² + x²)/(1 - d·x²·y²), which is 0 when x² = -y²;
    # on the curve that means d·y⁴ + 2y² - 1 = 0, so y² = (-1 ± √(1 + d)) / d.
    root = sqrt(1 + D)
    assert root is not None
    for y_squared in ((-1 + root) * pow(D, -1, P), (-1 - root) * pow(D, -1, P)):
        y = sqrt(y_squared)
        if y is None:
            continue
        x = sqrt(-y_squared)
        assert x is not None
        points |= {(x, y), (P - x, y), (x, P - y), (P - x, P - y)}
    return points


def canonical(point: Point) -> bytes:
    x, y = point
    return (y | (x & 1) << 255).to_bytes(32, "little")


def aliases(point: Point) -> set[bytes]:
    """Every 32-byte string a lenient decoder reads as ``point``: y or y + p (when that still
    fits in 255 bits), with the sign bit of x, or either sign bit when x = 0."""
    x, y = point
    ys = {y} | ({y + P} if y + P < SIGN_BIT else set())
    signs = {0, 1} if x == 0 else {x & 1}
    return {(value | sign << 255).to_bytes(32, "little") for value in ys for sign in signs}


POINTS = small_order_points()
CANONICAL = sorted(canonical(point) for point in POINTS)
ALL_ENCODINGS = sorted(set().union(*(aliases(point) for point in POINTS)))
NON_CANONICAL = sorted(set(ALL_ENCODINGS) - set(CANONICAL))


def b58(data: bytes) -> str:
    return "z" + base58.b58encode(data).decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def did_key(raw: bytes) -> str:
    return "did:key:" + b58(ED25519_PUB + raw)


def pem(raw: bytes) -> bytes:
    body = base64.b64encode(SPKI_PREFIX + raw)
    return b"-----BEGIN PUBLIC KEY-----\n" + body + b"\n-----END PUBLIC KEY-----\n"


# -- the points themselves ---------------------------------------------------------------------


def test_the_derived_points_are_the_eight_small_order_points() -> None:
    assert len(POINTS) == 8
    assert all(on_curve(point) for point in POINTS)
    assert sorted(order(point) for point in POINTS) == [1, 2, 4, 4, 8, 8, 8, 8]


def test_the_encodings_agree_with_published_lists() -> None:
    # libsodium's blocklist names these y values (compared with the sign bit cleared): 0, 1,
    # the two order-8 y, p - 1, p and p + 1.  Together with the sign bit that is every alias.
    listed = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    }
    cleared = {
        (int.from_bytes(e, "little") & ~SIGN_BIT).to_bytes(32, "little").hex()
        for e in ALL_ENCODINGS
    }
    assert cleared == listed
    # 8 canonical encodings; 6 aliases: y = p and y = p + 1 with either sign bit, and the
    # "negative zero" x of y = 1 and y = p - 1.
    assert len(CANONICAL) == 8
    assert len(NON_CANONICAL) == 6
    assert len(ALL_ENCODINGS) == 14


def test_the_identity_key_accepts_one_signature_for_every_message() -> None:
    """What the refusal prevents: the crypto backend alone verifies the forgery, so refusing
    it below is the library's doing."""
    forged = canonical(IDENTITY) + bytes(32)
    for encoding in aliases(IDENTITY):
        backend_key = Ed25519PublicKey.from_public_bytes(encoding)
        for message in (b"", b"any document", bytes(range(256))):
            try:
                backend_key.verify(forged, message)
            except InvalidSignature:  # pragma: no cover - a backend may refuse it itself
                pytest.skip("this crypto backend refuses small-order keys itself")


# -- every input path refuses every encoding -------------------------------------------------

PATHS: dict[str, Callable[[bytes], Any]] = {
    "raw": Ed25519VerificationKey.from_bytes,
    "publicKeyMultibase": lambda raw: Ed25519VerificationKey.from_multibase(b58(ED25519_PUB + raw)),
    "did:key": lambda raw: Ed25519VerificationKey.from_did_key(did_key(raw)),
    "did:key method id": lambda raw: Ed25519VerificationKey.from_did_key(
        f"{did_key(raw)}#{did_key(raw)[8:]}"
    ),
    "Multikey document": lambda raw: Ed25519VerificationKey.from_multikey(
        {"type": "Multikey", "publicKeyMultibase": b58(ED25519_PUB + raw)}
    ),
    "JWK": lambda raw: Ed25519VerificationKey.from_jwk(
        {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw)}
    ),
    "PEM": lambda raw: Ed25519VerificationKey.from_pem(pem(raw)),
    "PEM text": lambda raw: Ed25519VerificationKey.from_pem(pem(raw).decode()),
    "backend key object": lambda raw: Ed25519VerificationKey(
        Ed25519PublicKey.from_public_bytes(raw)
    ),
}


@pytest.mark.parametrize("path", sorted(PATHS))
@pytest.mark.parametrize("encoding", ALL_ENCODINGS, ids=lambda e: e.hex()[:6] + e.hex()[-2:])
def test_every_input_path_refuses_every_small_order_encoding(path: str, encoding: bytes) -> None:
    with pytest.raises(InvalidKeyError, match="small order"):
        PATHS[path](encoding)


@pytest.mark.parametrize("encoding", ALL_ENCODINGS, ids=lambda e: e.hex()[:6] + e.hex()[-2:])
def test_key_files_claiming_a_small_order_public_key_are_refused(encoding: bytes) -> None:
    honest = Ed25519Key.from_seed(bytes(range(32)))
    document = {**honest.to_multikey(include_secret=True)}
    document["publicKeyMultibase"] = b58(ED25519_PUB + encoding)
    with pytest.raises(InvalidKeyError, match="small order"):
        Ed25519Key.from_multikey(document)
    jwk = {**honest.to_jwk(include_secret=True), "x": b64url(encoding)}
    with pytest.raises(InvalidKeyError, match="small order"):
        Ed25519Key.from_jwk(jwk)


def _non_canonical_large_order() -> list[bytes]:
    """Encodings with y >= p of points that exist and are not of small order."""
    found = []
    for y in range(2, 19):
        x = sqrt((y * y - 1) * pow(D * y * y + 1, -1, P))
        if x is not None and on_curve((x, y)) and order((x, y)) == 0:
            found.append((y + P).to_bytes(32, "little"))
    return found


def test_non_canonical_encodings_of_other_points_are_refused() -> None:
    encodings = _non_canonical_large_order()
    assert encodings  # some y in 2..18 is on the curve
    for encoding in encodings:
        for path in ("raw", "did:key", "JWK", "PEM"):
            with pytest.raises(InvalidKeyError, match="not canonically encoded"):
                PATHS[path](encoding)


@given(st.binary(min_size=32, max_size=32))
def test_keys_of_real_secrets_are_still_accepted(seed: bytes) -> None:
    public = Ed25519Key.from_seed(seed).public_key
    for path in ("raw", "did:key", "JWK", "PEM"):
        assert PATHS[path](public.raw) == public


# -- resolvers and verification ----------------------------------------------------------------

ISSUER = "https://example.edu/issuers/1"


@pytest.mark.parametrize("encoding", ALL_ENCODINGS, ids=lambda e: e.hex()[:6] + e.hex()[-2:])
def test_resolvers_refuse_small_order_keys(encoding: bytes) -> None:
    method = f"{did_key(encoding)}#{did_key(encoding)[8:]}"
    with pytest.raises(ResolutionError, match="small order"):
        DidKeyResolver().resolve(method)
    for entry in (
        {"type": "Multikey", "publicKeyMultibase": b58(ED25519_PUB + encoding)},
        {
            "type": "JsonWebKey",
            "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": b64url(encoding)},
        },
    ):
        document = {
            "id": ISSUER,
            "verificationMethod": [{"id": f"{ISSUER}#key-1", "controller": ISSUER, **entry}],
            "assertionMethod": [f"{ISSUER}#key-1"],
        }
        with pytest.raises(ResolutionError, match="small order"):
            StaticResolver([document]).resolve(f"{ISSUER}#key-1")


class SecretlessSigner:
    """Signs as the identity key, without any secret: the forged signature is constant."""

    key_type = KeyType.ED25519
    algorithm = "EdDSA"

    def __init__(self, encoding: bytes) -> None:
        self.controller = did_key(encoding)
        self.id = f"{self.controller}#{self.controller[8:]}"

    def sign(self, data: bytes) -> bytes:
        return canonical(IDENTITY) + bytes(32)


ACHIEVEMENT = {
    "id": "https://example.edu/achievements/1",
    "type": ["Achievement"],
    "name": "Forgery",
    "description": "Anything at all.",
    "criteria": {"narrative": "None."},
}


@pytest.mark.parametrize("cryptosuite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
@pytest.mark.parametrize("encoding", sorted(aliases(IDENTITY)), ids=lambda e: e.hex()[-2:])
def test_a_universal_signature_no_longer_verifies(encoding: bytes, cryptosuite: str) -> None:
    forged = issue(
        ACHIEVEMENT,
        recipient="did:example:anyone",
        key=SecretlessSigner(encoding),
        valid_from="2026-01-01T00:00:00Z",
        created="2026-01-01T00:00:00Z",
        cryptosuite=cryptosuite,
    )
    result = verify(forged, now="2026-06-01T00:00:00Z")
    assert result.status is not VerificationStatus.VERIFIED
    # Found and unusable, whatever else a verifier learns: invalid, not indeterminate.
    assert result.status is VerificationStatus.INVALID
    assert result.check("proof").status.value == "failed"
    [problem] = [p for p in result.problems if p.code == "proof.weak-key"]
    assert "small order" in problem.message
    assert problem.path == "/proof/verificationMethod"
    # Any change to the forged credential would have verified just as well.
    forged["name"] = "Something else entirely"
    assert not verify(forged, now="2026-06-01T00:00:00Z").ok


def test_a_resolver_chain_with_a_static_document_refuses_it_too() -> None:
    encoding = canonical(IDENTITY)
    document = {
        "id": ISSUER,
        "verificationMethod": [
            {
                "id": f"{ISSUER}#key-1",
                "type": "Multikey",
                "controller": ISSUER,
                "publicKeyMultibase": b58(ED25519_PUB + encoding),
            }
        ],
        "assertionMethod": [f"{ISSUER}#key-1"],
    }
    signer = SecretlessSigner(encoding)
    signer.controller, signer.id = ISSUER, f"{ISSUER}#key-1"
    forged = issue(
        ACHIEVEMENT,
        recipient="did:example:anyone",
        key=signer,
        valid_from="2026-01-01T00:00:00Z",
        created="2026-01-01T00:00:00Z",
    )
    result = verify(
        forged, resolver=ChainResolver(StaticResolver([document])), now="2026-06-01T00:00:00Z"
    )
    assert result.status is VerificationStatus.INVALID
    assert any(p.code == "proof.weak-key" and "small order" in p.message for p in result.problems)
