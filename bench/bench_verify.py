"""Benchmark whole-credential verification of a register, against the jsonschema baseline.

Run from the repository root with the development environment active::

    python bench/bench_verify.py            # 10 seconds or so
    python bench/bench_verify.py --quick    # fewer rounds

A "register" of microcredentials (the one ``bench_proofs.py`` signs, each with its own id and
subject, all on one revocation list) is verified in full — structure and JSON Schema, context
and type, proof, issuer, status through the signed list, dates — in interleaved rounds in one
process.  Nothing here asserts a timing.

Measured (time per credential):

* ``jsonschema baseline``: :func:`microcredential.verify` per credential with the JSON Schema
  checked by jsonschema alone (the compiled check switched off), as before it existed;
* ``verify``: :func:`microcredential.verify` per credential, as shipped;
* ``Verifier``: one :class:`microcredential.Verifier` for the whole register (status list
  verdict reused);
* ``proof only``: :func:`microcredential.integrity.verify_proofs` of each credential, the floor.

Then a larger register (``--register``, 10,000 credentials; 1,000 with ``--quick``) is signed
and verified once through by one ``Verifier`` and once by the proofs alone, in credentials per
second.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_proofs import CREATED, NOW, SEED, microcredential

from microcredential import Verifier, sign, status_list_credential, verify
from microcredential.integrity import verify_proofs
from microcredential.keys import Ed25519Key
from microcredential.schema import KINDS, SchemaValidator
from microcredential.status import IssuerStatusList


def register(size: int) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``size`` signed credentials on one revocation list, and the signed list credential."""
    key = Ed25519Key.from_seed(SEED)
    revocations = IssuerStatusList.create("https://university.example/status/1")
    credentials = []
    for number in range(size):
        document = microcredential()
        document["id"] = f"urn:uuid:9a4c1b2e-7d3f-4e5a-8b6c-{number:012d}"
        document["issuer"]["id"] = key.controller
        document["credentialSubject"]["id"] = f"did:example:learner-{number}"
        document["credentialStatus"] = revocations.entry(revocations.allocate())
        credentials.append(sign(document, key, created=CREATED))
    revocations.revoke(int(credentials[0]["credentialStatus"]["statusListIndex"]))
    return credentials, status_list_credential(revocations, key, valid_from=CREATED)


@contextmanager
def jsonschema_only() -> Iterator[None]:
    """Switch the compiled schema check off, so jsonschema validates every document."""
    validators = [SchemaValidator.bundled(kind) for kind in KINDS]
    saved = [v._accepts for v in validators]
    for validator in validators:
        validator._accepts = None
    try:
        yield
    finally:
        for validator, accepts in zip(validators, saved, strict=True):
            validator._accepts = accepts


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 rounds (a smoke run)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (10)")
    parser.add_argument("--size", type=int, default=50, help="credentials in the register (50)")
    parser.add_argument("--cpu", action="store_true", help="time CPU time, not wall time")
    parser.add_argument(
        "--register",
        type=int,
        default=None,
        help="credentials in the large register verified once through (10000; 0 skips it)",
    )
    args = parser.parse_args()
    rounds = args.rounds or (3 if args.quick else 10)
    clock = time.process_time if args.cpu else time.perf_counter
    credentials, published = register(args.size)

    def shipped() -> list[Any]:
        return [verify(c, status=[published], now=NOW) for c in credentials]

    def baseline() -> list[Any]:
        with jsonschema_only():
            return shipped()

    def batch() -> list[Any]:
        verifier = Verifier(status=[published], now=NOW)
        return [verifier.verify(c) for c in credentials]

    def proofs() -> list[Any]:
        return [verify_proofs(c, now=NOW) for c in credentials]

    operations: dict[str, Callable[[], list[Any]]] = {
        "jsonschema baseline": baseline,
        "verify": shipped,
        "Verifier": batch,
        "proof only": proofs,
    }
    expected = [r.status for r in baseline()]
    for name, operation in operations.items():
        if name != "proof only" and [r.status for r in operation()] != expected:
            print(f"{name} disagrees with the baseline on some credential")
            return 1
    if expected.count(expected[0]) == len(expected) or len(set(expected)) != 2:
        print("the register should hold verified credentials and one revoked credential")
        return 1

    samples: dict[str, list[float]] = {name: [] for name in operations}
    for _ in range(rounds):
        for name, operation in operations.items():
            started = clock()
            operation()
            samples[name].append((clock() - started) / len(credentials))
    median = {name: statistics.median(values) for name, values in samples.items()}

    print(f"Python {platform.python_version()}, {platform.machine()} {platform.system()}, ", end="")
    print(f"{os.cpu_count()} CPUs; {rounds} interleaved rounds")
    print(f"register: {len(credentials)} credentials on one status list (one revoked)")
    print()
    print("operation              median per credential  (min to max)")
    for name, values in samples.items():
        low, high = min(values), max(values)
        print(
            f"{name:<22}{median[name] * 1e3:9.3f} ms  ({low * 1e3:.3f} to {high * 1e3:.3f})"
            f"   {1 / median[name]:8.0f} per second"
        )
    print()
    base = median["jsonschema baseline"]
    print("ratios (same process, interleaved rounds)")
    print(f"  verify: speed-up over the jsonschema baseline      {base / median['verify']:6.1f}x")
    print(f"  Verifier: speed-up over the jsonschema baseline    {base / median['Verifier']:6.1f}x")
    print(
        f"  Verifier / proof only                               "
        f"{median['Verifier'] / median['proof only']:6.1f}x"
    )
    size = args.register if args.register is not None else (1000 if args.quick else 10_000)
    if size > 0:
        print()
        large_register(size, clock)
    return 0


def large_register(size: int, clock: Callable[[], float]) -> None:
    """One ``Verifier`` through a register of ``size`` credentials, against the proofs alone."""
    credentials, published = register(size)
    verifier = Verifier(status=[published], now=NOW)
    started = clock()
    results = [verifier.verify(c) for c in credentials]
    whole = clock() - started
    started = clock()
    for credential in credentials:
        verify_proofs(credential, now=NOW)
    alone = clock() - started
    revoked = sum(1 for r in results if r.status.value != "verified")
    print(f"register of {size:,} credentials on one status list ({revoked} not verified)")
    print(f"  Verifier, once through      {size / whole:8.0f} per second")
    print(f"  proofs alone, once through  {size / alone:8.0f} per second")
    print(f"  Verifier / proof only       {whole / alone:8.1f}x")


if __name__ == "__main__":
    sys.exit(main())
