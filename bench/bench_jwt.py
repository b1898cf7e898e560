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
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench_proofs import CREATED, NOW, SEED, measure, microcredential, spread
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding

import microcredential as mc
from microcredential.jwt import decode_jwt_credential, encode_jwt_credential, verify_jwt
from microcredential.keys import EcdsaKey, Ed25519Key, RsaKey
from microcredential.resolve import DidKeyResolver


@dataclass(frozen=True)
class KeyAndRaw:
    """A key of the library (it signs the tokens) and the same key's raw ``cryptography``
    sign and verify (ECDSA in DER, its native form)."""

    key: Any
    sign_raw: Callable[[bytes], bytes]
    verify_raw: Callable[[bytes, bytes], None]


def keys() -> dict[str, KeyAndRaw]:
    issuer = "https://example.edu/issuers/1"
    library = {
        "EdDSA": Ed25519Key.from_seed(SEED),
        "RS256": RsaKey.generate(controller=issuer),
        "ES256": EcdsaKey.generate("P-256", controller=issuer),
        "ES384": EcdsaKey.generate("P-384", controller=issuer),
    }
    pkcs1 = padding.PKCS1v15()
    out: dict[str, KeyAndRaw] = {}
    for alg, key in library.items():
        private: Any = serialization.load_pem_private_key(key.to_pem(), None)
        public = private.public_key()
        if alg == "EdDSA":
            out[alg] = KeyAndRaw(key, private.sign, public.verify)
        elif alg == "RS256":
            out[alg] = KeyAndRaw(
                key,
                lambda d, k=private: k.sign(d, pkcs1, hashes.SHA256()),
                lambda s, d, k=public: k.verify(s, d, pkcs1, hashes.SHA256()),
            )
        else:
            digest = hashes.SHA256() if alg == "ES256" else hashes.SHA384()
            out[alg] = KeyAndRaw(
                key,
                lambda d, k=private, h=digest: k.sign(d, ec.ECDSA(h)),
                lambda s, d, k=public, h=digest: k.verify(s, d, ec.ECDSA(h)),
            )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds (a smoke run)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (25)")
    args = parser.parse_args()
    rounds = args.rounds or (5 if args.quick else 25)

    credential = microcredential()
    resolver = DidKeyResolver()
    operations: dict[str, Callable[[], object]] = {}
    inner: dict[str, int] = {}
    for alg, key in keys().items():
        token = encode_jwt_credential(credential, key.key, include_jwk=True, issued_at=CREATED)
        header, payload, _ = token.split(".")
        signing_input = f"{header}.{payload}".encode("ascii")
        raw_signature = key.sign_raw(signing_input)
        check = verify_jwt(decode_jwt_credential(token), resolver=resolver, now=NOW)
        if not check.ok:
            print(f"{alg}: the benchmark token does not verify: {check.problems}")
            return 1

        def jwt_sign(k: KeyAndRaw = key) -> object:
            return encode_jwt_credential(credential, k.key, include_jwk=True, issued_at=CREATED)

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
