"""Benchmark VC-JWT signing and verifying, per algorithm, against raw signing with the same key.

Run from the repository root with the development environment active::

    python bench/bench_jwt.py            # 20 seconds or so
    python bench/bench_jwt.py --quick    # fewer rounds, for a smoke run

For each algorithm (EdDSA, RS256, ES256, ES384) and the microcredential of
``bench_proofs.py``, per call:

* ``jwt sign``: :func:`microcredential.jwt.encode_jwt_credential` (claims, JSON, the key's
  signature, and the check of the token with the key's public half);
* ``raw sign``: ``cryptography`` signing the same signing input (header.payload) with the
  same key, the floor any JWS implementation stands on;
* ``jwt verify``: decoding the token and :func:`microcredential.jwt.verify_jwt` (the key from
  the header's ``jwk``, algorithm agreement, signature, claims);
* ``raw verify``: ``cryptography`` verifying that signature.

and the ratios jwt / raw.  A last pair compares the whole ``verify()`` of the token with the
whole ``verify()`` of the same credential signed with eddsa-rdfc-2022 (Ed25519 both).
Everything is measured in one process and interleaved round by round; nothing here asserts
a timing.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench_proofs import CREATED, NOW, SEED, measure, microcredential, spread
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from joserfc.errors import SecurityWarning
from joserfc.jwk import ECKey, OKPKey, RSAKey
from joserfc.jws import JWSRegistry

import microcredential as mc
from microcredential.jwt import decode_jwt_credential, encode_jwt_credential, verify_jwt
from microcredential.keys import Ed25519Key, KeyType
from microcredential.resolve import DidKeyResolver


@dataclass(frozen=True)
class KeyAndRaw:
    """A token signer over a joserfc key (signing as JWS defines), and the same key's raw
    ``cryptography`` sign and verify (ECDSA in DER, its native form)."""

    id: str
    alg: str
    jose_key: Any
    sign_raw: Callable[[bytes], bytes]
    verify_raw: Callable[[bytes, bytes], None]

    @property
    def algorithm(self) -> str:
        return self.alg

    @property
    def key_type(self) -> KeyType:
        curves = {"EdDSA": KeyType.ED25519, "ES256": KeyType.P256, "ES384": KeyType.P384}
        return curves.get(self.alg, KeyType.RSA)

    def to_jwk(self) -> dict[str, str]:
        jwk = self.jose_key.as_dict(private=False)
        return {k: v for k, v in jwk.items() if k != "kid"}

    def sign(self, data: bytes) -> bytes:
        return bytes(JWSRegistry.algorithms[self.alg].sign(data, self.jose_key))


def keys() -> dict[str, KeyAndRaw]:
    ed = OKPKey.import_key(Ed25519Key.from_seed(SEED).to_jwk(include_secret=True))
    ed_private = ed.private_key
    rsa_private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    p256 = ec.generate_private_key(ec.SECP256R1())
    p384 = ec.generate_private_key(ec.SECP384R1())
    pkcs1 = padding.PKCS1v15()
    return {
        "EdDSA": KeyAndRaw(
            Ed25519Key.from_seed(SEED).id,
            "EdDSA",
            ed,
            ed_private.sign,
            lambda s, d: ed_private.public_key().verify(s, d),
        ),
        "RS256": KeyAndRaw(
            "https://example.edu/issuers/1#rsa",
            "RS256",
            RSAKey.import_key(rsa_private),
            lambda d: rsa_private.sign(d, pkcs1, hashes.SHA256()),
            lambda s, d: rsa_private.public_key().verify(s, d, pkcs1, hashes.SHA256()),
        ),
        "ES256": KeyAndRaw(
            "https://example.edu/issuers/1#p256",
            "ES256",
            ECKey.import_key(p256),
            lambda d: p256.sign(d, ec.ECDSA(hashes.SHA256())),
            lambda s, d: p256.public_key().verify(s, d, ec.ECDSA(hashes.SHA256())),
        ),
        "ES384": KeyAndRaw(
            "https://example.edu/issuers/1#p384",
            "ES384",
            ECKey.import_key(p384),
            lambda d: p384.sign(d, ec.ECDSA(hashes.SHA384())),
            lambda s, d: p384.public_key().verify(s, d, ec.ECDSA(hashes.SHA384())),
        ),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds (a smoke run)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (25)")
    args = parser.parse_args()
    rounds = args.rounds or (5 if args.quick else 25)
    warnings.simplefilter("ignore", SecurityWarning)  # joserfc's advice on the name EdDSA

    credential = microcredential()
    resolver = DidKeyResolver()
    operations: dict[str, Callable[[], object]] = {}
    inner: dict[str, int] = {}
    for alg, key in keys().items():
        token = encode_jwt_credential(credential, key, include_jwk=True, issued_at=CREATED)
        header, payload, _ = token.split(".")
        signing_input = f"{header}.{payload}".encode("ascii")
        raw_signature = key.sign_raw(signing_input)
        check = verify_jwt(decode_jwt_credential(token), resolver=resolver, now=NOW)
        if not check.ok:
            print(f"{alg}: the benchmark token does not verify: {check.problems}")
            return 1

        def jwt_sign(k: KeyAndRaw = key) -> object:
            return encode_jwt_credential(credential, k, include_jwk=True, issued_at=CREATED)

        def jwt_verify(t: str = token) -> object:
            return verify_jwt(decode_jwt_credential(t), resolver=resolver, now=NOW)

        def raw_sign(k: KeyAndRaw = key, data: bytes = signing_input) -> object:
            return k.sign_raw(data)

        def raw_verify(
            k: KeyAndRaw = key, data: bytes = signing_input, sig: bytes = raw_signature
        ) -> object:
            k.verify_raw(sig, data)
            return None

        for name, operation in (
            ("jwt sign", jwt_sign),
            ("raw sign", raw_sign),
            ("jwt verify", jwt_verify),
            ("raw verify", raw_verify),
        ):
            operations[f"{alg} {name}"] = operation
            inner[f"{alg} {name}"] = 20

    ed = Ed25519Key.from_seed(SEED)
    issued = {**credential, "issuer": {**credential["issuer"], "id": ed.controller}}
    embedded = mc.sign(issued, ed, created=CREATED)
    ed_token = mc.sign_jwt(issued, ed, issued_at=CREATED)
    if not (mc.verify(embedded, now=NOW).ok and mc.verify(ed_token, now=NOW).ok):
        print("the benchmark credential does not verify in full")
        return 1
    operations["verify() eddsa-rdfc-2022"] = lambda: mc.verify(embedded, now=NOW)
    operations["verify() VC-JWT EdDSA"] = lambda: mc.verify(ed_token, now=NOW)
    inner["verify() eddsa-rdfc-2022"] = inner["verify() VC-JWT EdDSA"] = 3

    samples = measure(operations, rounds, inner)
    median = {name: statistics.median(values) for name, values in samples.items()}
    print(f"Python {platform.python_version()}, {platform.machine()} {platform.system()}, ", end="")
    print(f"{os.cpu_count()} CPUs; {rounds} interleaved rounds; payload of {len(payload)} chars")
    print()
    print("operation                  median per call  (interquartile range)")
    for name, values in samples.items():
        print(f"{name:<27}{spread(values)}")
    print()
    print("ratios (same process, interleaved rounds)")
    print(f"  {'algorithm':<10}{'jwt sign / raw sign':>22}{'jwt verify / raw verify':>26}")
    for alg in ("EdDSA", "RS256", "ES256", "ES384"):
        sign_ratio = median[f"{alg} jwt sign"] / median[f"{alg} raw sign"]
        verify_ratio = median[f"{alg} jwt verify"] / median[f"{alg} raw verify"]
        print(f"  {alg:<10}{sign_ratio:>21.1f}x{verify_ratio:>25.1f}x")
    full = median["verify() VC-JWT EdDSA"] / median["verify() eddsa-rdfc-2022"]
    print(f"  whole verify(): VC-JWT EdDSA / eddsa-rdfc-2022 {full:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
