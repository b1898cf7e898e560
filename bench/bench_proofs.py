"""Benchmark Data Integrity proofs: the EdDSA and ECDSA cryptosuites against baselines.

Run from the repository root with the development environment active::

    python bench/bench_proofs.py            # 15 seconds or so
    python bench/bench_proofs.py --quick    # fewer rounds, for a smoke run

Everything is measured in one process and interleaved round by round, so the ratios hold up
on a busy machine even when the absolute figures do not.  Nothing here asserts a timing.

Measured operations (times per credential):

* ``pyld sign`` / ``pyld verify``: the straightforward pipeline — ``jsonld.normalize`` with
  ``algorithm="URDNA2015"`` and a caching offline document loader, for the document and for
  the proof configuration, SHA-256 of each, then ``cryptography`` Ed25519 sign or verify.
* ``rdfc sign`` / ``rdfc verify``: ``add_proof_unchecked`` / ``verify_proofs`` with eddsa-rdfc-2022.
* ``jcs sign`` / ``jcs verify``: the same with eddsa-jcs-2022.
* ``raw sign`` / ``raw verify``: Ed25519 over 64 bytes with ``cryptography``.
* ``ecdsa-rdfc P-256 sign`` … ``ecdsa-jcs P-384 verify``: ``add_proof_unchecked`` /
  ``verify_proofs`` with ecdsa-rdfc-2019 and ecdsa-jcs-2019 and a P-256 or P-384 key.
* ``raw P-256 sign`` … ``raw P-384 verify``: ECDSA over the hash data of each curve (64 or
  96 bytes) with ``cryptography``, deterministic as the library signs, DER as OpenSSL gives
  it (the ``r || s`` conversion is part of the suites' cost).
* ``ecdsa-sd verify``: ``verify_proofs`` of the W3C vc-di-ecdsa ``ecdsa-sd-2023`` derived
  document (the ``prc`` vector; only when the reference data lie beside the repository, as
  for the tests), against ``raw sd verify``: the P-256 signature checks such a proof needs
  (the base signature and one per revealed non-mandatory statement), with ``cryptography``.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cryptography.hazmat.backends.openssl import backend
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pyld import jsonld

from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.integrity._ecdsa_sd import parse_derived_proof_value
from microcredential.jsonld import OfflineLoader, default_loader, to_dataset
from microcredential.keys import EcdsaKey, Ed25519Key

VC2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
CREATED = "2025-03-01T12:00:00Z"
NOW = "2025-06-01T00:00:00Z"
SEED = bytes(range(32))


def microcredential(scale: int = 1) -> dict[str, Any]:
    """A realistic microcredential; ``scale`` repeats the alignments, results and evidence."""
    alignments = [
        {
            "type": ["Alignment"],
            "targetName": "EQF level 5",
            "targetUrl": "https://europa.eu/europass/en/description-eight-eqf-levels#level-5",
            "targetFramework": "European Qualifications Framework",
            "targetCode": "5",
            "targetType": "ext:EQF",
        },
        {
            "type": ["Alignment"],
            "targetName": "Data analysis (ESCO skill)",
            "targetUrl": "https://data.europa.eu/esco/skill/0001",
            "targetFramework": "ESCO",
            "targetType": "ext:ESCOSkill",
        },
    ]
    result_descriptions = [
        {
            "id": f"urn:uuid:0c1d3b6a-2a5e-4c8e-9a51-5f0f9a1c{index:04d}",
            "type": ["ResultDescription"],
            "name": f"Final assessment, part {index + 1}",
            "resultType": "ext:Grade",
            "allowedValue": ["pass", "merit", "distinction"],
        }
        for index in range(scale)
    ]
    results = [
        {
            "type": ["Result"],
            "resultDescription": description["id"],
            "value": "merit",
            "status": "Completed",
        }
        for description in result_descriptions
    ]
    evidence = [
        {
            "id": f"https://university.example/evidence/2025/data-analysis/{index}",
            "type": ["Evidence"],
            "name": "Capstone project report",
            "narrative": "Cleaned, analysed and presented a public data set of 40,000 rows.",
            "genre": "Project",
            "audience": "Assessors",
        }
        for index in range(scale)
    ]
    return {
        "@context": [VC2, OB303],
        "id": "urn:uuid:9a4c1b2e-7d3f-4e5a-8b6c-1d2e3f4a5b6c",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Data Analysis with Python (microcredential)",
        "issuer": {
            "id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "type": ["Profile"],
            "name": "Example University of Applied Sciences",
            "url": "https://university.example",
            "email": "badges@university.example",
        },
        "validFrom": "2025-03-01T12:00:00Z",
        "validUntil": "2030-03-01T12:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-2741",
            "type": ["AchievementSubject"],
            "creditsEarned": 5,
            "activityStartDate": "2024-09-01T00:00:00Z",
            "activityEndDate": "2025-01-31T00:00:00Z",
            "achievement": {
                "id": "https://university.example/achievements/data-analysis-python",
                "type": ["Achievement"],
                "achievementType": "MicroCredential",
                "name": "Data Analysis with Python",
                "description": "Clean, analyse and visualise tabular data with pandas.",
                "criteria": {
                    "narrative": "Pass the final assessment and submit a capstone project."
                },
                "creditsAvailable": 5,
                "fieldOfStudy": "Data science",
                "humanCode": "DAP-101",
                "inLanguage": "en",
                "alignment": [
                    dict(alignment, targetCode=f"{alignment.get('targetCode', 'S')}-{index}")
                    for index in range(scale)
                    for alignment in alignments
                ],
                "resultDescription": result_descriptions,
            },
            "result": results,
        },
        "evidence": evidence,
    }


class PyldBaseline:
    """The straightforward pipeline: pyld URDNA2015 plus cryptography Ed25519."""

    def __init__(self) -> None:
        loader = default_loader()
        cache: dict[str, Any] = {}

        def load(url: str, options: Any = None) -> dict[str, Any]:
            hit = cache.get(url)
            if hit is None:
                hit = {"contextUrl": None, "documentUrl": url, "document": loader.load(url)}
                cache[url] = hit
            return hit

        self.options = {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": load,
        }
        self.private = Ed25519PrivateKey.from_private_bytes(SEED)
        self.public = self.private.public_key()

    def _data(self, document: dict[str, Any], config: dict[str, Any]) -> bytes:
        canonical_config = jsonld.normalize(config, self.options)
        canonical_document = jsonld.normalize(document, self.options)
        return (
            hashlib.sha256(canonical_config.encode()).digest()
            + hashlib.sha256(canonical_document.encode()).digest()
        )

    @staticmethod
    def _config(document: dict[str, Any], method: str) -> dict[str, Any]:
        return {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": CREATED,
            "verificationMethod": method,
            "proofPurpose": "assertionMethod",
            "@context": document["@context"],
        }

    def sign(self, document: dict[str, Any], method: str) -> bytes:
        return self.private.sign(self._data(document, self._config(document, method)))

    def verify(self, document: dict[str, Any], method: str, signature: bytes) -> None:
        self.public.verify(signature, self._data(document, self._config(document, method)))


#: The clock: wall time, or with ``--cpu`` the CPU time of this process (steadier on a machine
#: shared with other work, which then slows each operation less than it delays it).
CLOCK: Callable[[], float] = time.perf_counter


def measure(
    operations: dict[str, Callable[[], object]], rounds: int, inner: dict[str, int]
) -> dict[str, list[float]]:
    """Seconds per call of each operation; every round runs every operation in turn."""
    samples: dict[str, list[float]] = {name: [] for name in operations}
    for operation in operations.values():  # warm every cache first
        operation()
    for _ in range(rounds):
        for name, operation in operations.items():
            started = CLOCK()
            for _ in range(inner[name]):
                operation()
            samples[name].append((CLOCK() - started) / inner[name])
    return samples


def spread(values: list[float]) -> str:
    low, _, high = statistics.quantiles(values, n=4) if len(values) > 1 else [values[0]] * 3
    middle = statistics.median(values)
    return f"{middle * 1e3:9.3f} ms  (IQR {low * 1e3:.3f} to {high * 1e3:.3f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds (a smoke run)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (25)")
    parser.add_argument("--cpu", action="store_true", help="time CPU time, not wall time")
    args = parser.parse_args()
    rounds = args.rounds or (5 if args.quick else 25)
    global CLOCK
    CLOCK = time.process_time if args.cpu else time.perf_counter

    key = Ed25519Key.from_seed(SEED)
    document = microcredential()
    baseline = PyldBaseline()
    signed = {
        suite: add_proof_unchecked(document, key, cryptosuite=suite, created=CREATED)
        for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")
    }
    for suite, secured in signed.items():
        result = verify_proofs(secured, now=NOW)
        if not result.ok:
            print(f"{suite}: the benchmark credential does not verify: {result.problems}")
            return 1
    baseline_signature = baseline.sign(document, key.id)
    if baseline_signature != signed_signature(signed["eddsa-rdfc-2022"]):
        print("the pyld pipeline and eddsa-rdfc-2022 disagree on the signature")
        return 1
    raw_private = Ed25519PrivateKey.from_private_bytes(SEED)
    raw_public = raw_private.public_key()
    message = bytes(64)
    raw_signature = raw_private.sign(message)

    def sign(suite: str) -> Callable[[], object]:
        return lambda: add_proof_unchecked(document, key, cryptosuite=suite, created=CREATED)

    def verify(suite: str) -> Callable[[], object]:
        return lambda: verify_proofs(signed[suite], now=NOW)

    ecdsa_operations = ecdsa_rows(document)
    if ecdsa_operations is None:
        return 1
    sd_operations, sd_signatures = sd_rows()

    operations: dict[str, Callable[[], object]] = {
        "pyld sign": lambda: baseline.sign(document, key.id),
        "pyld verify": lambda: baseline.verify(document, key.id, baseline_signature),
        "rdfc sign": sign("eddsa-rdfc-2022"),
        "rdfc verify": verify("eddsa-rdfc-2022"),
        "jcs sign": sign("eddsa-jcs-2022"),
        "jcs verify": verify("eddsa-jcs-2022"),
        "raw sign": lambda: raw_private.sign(message),
        "raw verify": lambda: raw_public.verify(raw_signature, message),
        **ecdsa_operations,
        **sd_operations,
    }
    inner = {
        name: 200 if name.startswith("raw") else 4 if "pyld" in name else 20 for name in operations
    }
    samples = measure(operations, rounds, inner)
    median = {name: statistics.median(values) for name, values in samples.items()}

    print(f"Python {platform.python_version()}, {platform.machine()} {platform.system()}, ", end="")
    print(f"{os.cpu_count()} CPUs; {rounds} interleaved rounds")
    print(
        f"credential: {len(json.dumps(document))} bytes of JSON, {len(to_dataset(document))} quads"
    )
    print()
    print("operation                median per call  (interquartile range)")
    for name, values in samples.items():
        print(f"{name:<23}{spread(values)}")
    print()
    raw = median["raw sign"] + median["raw verify"]
    rdfc = median["rdfc sign"] + median["rdfc verify"]
    jcs = median["jcs sign"] + median["jcs verify"]
    ratios = [
        ("eddsa-rdfc-2022 sign: speed-up over pyld", median["pyld sign"] / median["rdfc sign"]),
        (
            "eddsa-rdfc-2022 verify: speed-up over pyld",
            median["pyld verify"] / median["rdfc verify"],
        ),
        ("eddsa-jcs-2022 sign+verify / raw Ed25519", jcs / raw),
        ("eddsa-rdfc-2022 sign+verify / raw Ed25519", rdfc / raw),
    ]
    targets = ["target >= 10x", "target >= 10x", "target <= 3x", ""]
    for curve in ("P-256", "P-384"):
        raw_ecdsa = median[f"raw {curve} sign"] + median[f"raw {curve} verify"]
        for suite in ("jcs", "rdfc"):
            both = median[f"ecdsa-{suite} {curve} sign"] + median[f"ecdsa-{suite} {curve} verify"]
            name = f"ecdsa-{suite}-2019"
            ratios.append((f"{name} {curve} sign+verify / raw ECDSA", both / raw_ecdsa))
            targets.append("")
    if sd_operations:
        ratios.append(
            (
                f"ecdsa-sd-2023 verify / {sd_signatures} raw P-256 verifies",
                median["ecdsa-sd verify"] / median["raw sd verify"],
            )
        )
        targets.append("")
    print("ratios (same process, interleaved rounds)")
    for (label, value), target in zip(ratios, targets, strict=True):
        print(f"  {label:<48}{value:7.1f}x  {target}")
    print()
    scaling(key, rounds=max(3, rounds // 3))
    return 0


def ecdsa_rows(document: dict[str, Any]) -> dict[str, Callable[[], object]] | None:
    """The ECDSA suites with P-256 and P-384 keys, and raw ECDSA signing of each curve."""
    operations: dict[str, Callable[[], object]] = {}
    deterministic = backend.ecdsa_deterministic_supported()
    for curve, hash_algorithm, size in (
        ("P-256", hashes.SHA256(), 64),
        ("P-384", hashes.SHA384(), 96),
    ):
        key = EcdsaKey.generate(curve)
        for suite in ("ecdsa-rdfc-2019", "ecdsa-jcs-2019"):
            secured = add_proof_unchecked(document, key, cryptosuite=suite, created=CREATED)
            if not verify_proofs(secured, now=NOW).ok:
                print(f"{suite} {curve}: the benchmark credential does not verify")
                return None
            short = suite.removesuffix("-2019")
            operations[f"{short} {curve} sign"] = functools.partial(
                add_proof_unchecked, document, key, cryptosuite=suite, created=CREATED
            )
            operations[f"{short} {curve} verify"] = functools.partial(
                verify_proofs, secured, now=NOW
            )
        raw_private = ec.generate_private_key(key.public_key.cryptography_key.curve)
        algorithm = ec.ECDSA(hash_algorithm, deterministic_signing=deterministic)
        data = bytes(size)
        der = raw_private.sign(data, algorithm)
        operations[f"raw {curve} sign"] = functools.partial(raw_private.sign, data, algorithm)
        operations[f"raw {curve} verify"] = functools.partial(
            raw_private.public_key().verify, der, data, algorithm
        )
    return operations


#: The official reference data, laid beside the repository (as the tests read them).
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


def sd_rows() -> tuple[dict[str, Callable[[], object]], int]:
    """Verifying the W3C ecdsa-sd-2023 derived vector, and as many raw P-256 verifies as its
    proof holds signatures; nothing (and a note) without the reference data."""
    folder = REFERENCE / "vectors" / "vc-di-ecdsa" / "ecdsa-sd-2023" / "prc"
    if not (folder / "derivedRevealDocument.json").is_file():
        print(f"(no ecdsa-sd-2023 rows: {folder} is absent)")
        return {}, 0
    loader = OfflineLoader.from_directory(REFERENCE / "contexts")
    derived = json.loads((folder / "derivedRevealDocument.json").read_text(encoding="utf-8"))
    if not verify_proofs(derived, loader=loader).ok:
        print("ecdsa-sd-2023: the W3C derived document does not verify")
        return {}, 0
    count = 1 + len(parse_derived_proof_value(derived["proof"]["proofValue"]).signatures)
    raw_private = ec.generate_private_key(ec.SECP256R1())
    algorithm = ec.ECDSA(hashes.SHA256())
    data = bytes(64)
    der = raw_private.sign(data, algorithm)
    public = raw_private.public_key()

    def raw_verifies() -> None:
        for _ in range(count):
            public.verify(der, data, algorithm)

    return {
        "ecdsa-sd verify": functools.partial(verify_proofs, derived, loader=loader),
        "raw sd verify": raw_verifies,
    }, count


def signed_signature(secured: dict[str, Any]) -> bytes:
    from microcredential.multibase import decode_base58btc

    return decode_base58btc(secured["proof"]["proofValue"])


def scaling(key: Ed25519Key, *, rounds: int) -> None:
    """Time per credential for 1x, 10x and 100x the sample's size."""
    print("size scaling: eddsa-rdfc-2022 and the pyld pipeline, time per credential")
    header = (
        "size",
        "JSON bytes",
        "quads",
        "rdfc sign",
        "rdfc verify",
        "pyld sign",
        "us/KB sign",
        "speed-up",
    )
    print("{:>5} {:>10} {:>6} {:>11} {:>12} {:>11} {:>10} {:>9}".format(*header))  # fmt: skip
    baseline = PyldBaseline()
    for scale in (1, 10, 100):
        document = microcredential(scale)
        secured = add_proof_unchecked(document, key, cryptosuite="eddsa-rdfc-2022", created=CREATED)
        inner = max(1, 10 // scale)
        operations: dict[str, Callable[[], object]] = {
            "sign": lambda d=document: add_proof_unchecked(d, key, created=CREATED),  # type: ignore[misc]
            "verify": lambda s=secured: verify_proofs(s, now=NOW),  # type: ignore[misc]
            "pyld": lambda d=document: baseline.sign(d, key.id),  # type: ignore[misc]
        }
        counts = {"sign": inner, "verify": inner, "pyld": max(1, inner // 5)}
        m = {k: statistics.median(v) for k, v in measure(operations, rounds, counts).items()}
        size = len(json.dumps(document))
        print(
            f"{scale:>4}x {size:>10} {len(to_dataset(document)):>6} {m['sign'] * 1e3:>8.2f} ms "
            f"{m['verify'] * 1e3:>9.2f} ms {m['pyld'] * 1e3:>8.1f} ms "
            f"{m['sign'] / size * 1e9:>10.1f} {m['pyld'] / m['sign']:>8.1f}x"
        )
    print("(us/KB sign: signing time per 1000 bytes of JSON; flat means linear growth)")


if __name__ == "__main__":
    sys.exit(main())
