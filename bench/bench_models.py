"""Benchmark reading a credential into the Pydantic models, against reading its JSON.

Run from the repository root with the development environment active::

    python bench/bench_models.py            # a few seconds
    python bench/bench_models.py --quick    # fewer rounds

Printed (nothing asserted), for the signed realistic microcredential of ``bench_proofs.py``:
the median time per call, in interleaved rounds, of ``json.loads`` of its text (the
baseline), of :func:`microcredential.models.parse_credential` on the parsed JSON, and of
:func:`microcredential.verify` of it; then the model parse over the baseline and the model
parse's share of a verification.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_proofs import CREATED, NOW, SEED, microcredential

from microcredential import sign, verify
from microcredential.keys import Ed25519Key
from microcredential.models import parse_credential


def _per_call(run: Callable[[], Any], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        run()
    return (time.perf_counter() - start) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds instead of 21")
    args = parser.parse_args()
    rounds = 5 if args.quick else 21

    key = Ed25519Key.from_seed(SEED)
    document = microcredential()
    document["issuer"]["id"] = key.controller
    signed = sign(document, key, created=CREATED)
    text = json.dumps(signed)
    operations: dict[str, tuple[Callable[[], Any], int]] = {
        "json.loads (baseline)": (lambda: json.loads(text), 200),
        "models.parse_credential": (lambda: parse_credential(signed), 50),
        "verify": (lambda: verify(signed, now=NOW), 5),
    }
    times: dict[str, list[float]] = {name: [] for name in operations}
    for _ in range(rounds):
        for name, (run, calls) in operations.items():
            times[name].append(_per_call(run, calls))
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"{len(text):,} characters of JSON, {rounds} interleaved rounds")
    for name, seconds in medians.items():
        print(f"  {name:<26} {seconds * 1e6:10.1f} µs per call")
    parse, baseline = medians["models.parse_credential"], medians["json.loads (baseline)"]
    print(f"  model parse over json.loads:   {parse / baseline:6.1f}x")
    print(f"  model parse's share of verify: {parse / medians['verify']:6.1%}")


if __name__ == "__main__":
    main()
