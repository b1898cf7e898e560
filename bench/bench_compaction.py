"""Benchmark the compacted-form check: its share of a verification, and its growth with size.

Run from the repository root with the development environment active::

    python bench/bench_compaction.py            # 20 seconds or so
    python bench/bench_compaction.py --quick    # fewer rounds, smaller sizes

The check runs on a stranger's document before any signature is checked, so it must cost time
linear in the size of the document, whatever the document holds.  Printed (nothing asserted):

* the realistic microcredential of ``bench_proofs.py``: median time of
  :func:`microcredential.jsonld.compaction_problems` and of :func:`microcredential.verify`
  (which includes it) in interleaved rounds, and the check's share of the verification;
* for each shape, the time at sizes doubling from the smallest, and the ratio per doubling
  (about 2 means linear): the credential with many alignments (accepted), and hostile shapes
  refused with one problem each: many undefined terms, many keyword keys, many IRI keys, one
  long array of nulls, many ``@nest`` objects, many distinct types.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_proofs import CREATED, NOW, SEED, microcredential

from microcredential import sign, verify
from microcredential.jsonld import compaction_problems
from microcredential.keys import Ed25519Key


def _median(run: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _signed() -> dict[str, Any]:
    key = Ed25519Key.from_seed(SEED)
    document = microcredential()
    document["issuer"]["id"] = key.controller
    return sign(document, key, created=CREATED)


def _base() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
    }


def _shapes() -> dict[str, Callable[[int], dict[str, Any]]]:
    def alignments(n: int) -> dict[str, Any]:
        return microcredential(scale=max(1, n // 8))

    def undefined(n: int) -> dict[str, Any]:
        return {**_base(), **{f"undefined{i}": i for i in range(n)}}

    def keywords(n: int) -> dict[str, Any]:
        doc = _base()
        doc["credentialSubject"] = [{"@version": {"junk": i}} for i in range(n)]
        return doc

    def iri_keys(n: int) -> dict[str, Any]:
        return {**_base(), **{f"https://evil.example/p{i}": i for i in range(n)}}

    def nulls(n: int) -> dict[str, Any]:
        return {**_base(), "name": [None] * n}

    def nests(n: int) -> dict[str, Any]:
        doc = _base()
        doc["evidence"] = [{"@nest": {"name": str(i)}} for i in range(n)]
        return doc

    def types(n: int) -> dict[str, Any]:
        doc = _base()
        doc["evidence"] = [{"type": [f"T{i}", "Evidence"], "name": "x"} for i in range(n)]
        return doc

    return {
        "alignments (accepted)": alignments,
        "undefined terms": undefined,
        "keyword keys": keywords,
        "IRI keys": iri_keys,
        "nulls in one array": nulls,
        "@nest objects": nests,
        "distinct types": types,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds, smaller sizes")
    args = parser.parse_args()
    rounds = 5 if args.quick else 15
    sizes = [500, 1000, 2000, 4000] if args.quick else [1000, 2000, 4000, 8000, 16000]

    credential = _signed()
    check_times, verify_times = [], []
    for _ in range(rounds):
        check_times.append(_median(lambda: compaction_problems(credential), 3))
        verify_times.append(_median(lambda: verify(credential, now=NOW), 1))
    check, whole = statistics.median(check_times), statistics.median(verify_times)
    print("realistic microcredential")
    print(f"  compaction_problems   {check * 1e3:8.3f} ms")
    print(f"  verify (includes it)  {whole * 1e3:8.3f} ms")
    print(f"  the check's share     {check / whole:8.1%}")
    print()
    print(f"{'shape':<24}" + "".join(f"{n:>10}" for n in sizes) + "   ratio per doubling")
    for name, build in _shapes().items():
        times = []
        for n in sizes:
            document = build(n)
            times.append(_median(lambda document=document: compaction_problems(document), rounds))
        ratios = [b / a for a, b in itertools.pairwise(times)]
        cells = "".join(f"{t * 1e3:8.1f}ms" for t in times)
        print(f"{name:<24}{cells}   " + " ".join(f"{r:.2f}" for r in ratios))


if __name__ == "__main__":
    main()
