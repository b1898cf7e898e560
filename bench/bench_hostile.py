"""Benchmark: time against size for unsigned documents shaped to be expensive.

Run from the repository root with the development environment active::

    python bench/bench_hostile.py            # a minute or so
    python bench/bench_hostile.py --quick    # smaller sizes, one round each
    python bench/bench_hostile.py --shape jwt   # only the shapes whose name says so

A verifier receives documents from strangers and must refuse bad ones cheaply: before a
signature is checked, no input may cost more than linear time. For each hostile shape this
script doubles the size of the document a few times and prints, per size:

* the size of the document (JSON values and bytes) and the best time of a few rounds;
* the growth ratio against the previous size: about 2 per doubling is linear, about 4
  quadratic;
* the time relative to the baseline, measured in the same process: ``verify()`` of one
  honest signed microcredential (about 3 KB), so "× honest" reads "this document costs as
  much as that many honest verifications";
* per kilobyte of the document, the same ratio: roughly constant when the cost is linear.

The shapes, and the entry points they go through:

* many undefined terms: safe mode names each one (``canonicalize``; ``verify`` of a signed
  credential given the extra keys);
* a long array off the fast path (an embedded context): RDF conversion (``canonicalize``;
  pyld's own ``toRdf``, the quadratic reference, for comparison at small sizes);
* two rings of blank nodes: RDFC-1.0 meets its work limit (``canonicalize``);
* deep nesting: arrays within arrays (``canonicalize``, ``verify``);
* distinct embedded contexts under a large context: pyld's context processing meets its
  budget (``canonicalize``);
* a VC-JWT, validly signed, whose payload has many undefined members or deep nesting
  (``verify`` of the token: refused before its signature is checked);
* a baked SVG with deeply nested elements and much text before its credential (``unbake``;
  each piece of text used to be added to every open element).

Documents are JSON (sizes counted in JSON values and bytes), token strings (bytes) or image
bytes.

Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_proofs import CREATED, SEED, microcredential

from microcredential import MicrocredentialError, VerificationResult, sign, verify
from microcredential.jsonld import canonicalize
from microcredential.jsonld._budget import json_size
from microcredential.jsonld._process import to_dataset_reference
from microcredential.keys import Ed25519Key
from microcredential.multibase import b64url_encode
from microcredential.share import bake, unbake

VC2 = "https://www.w3.org/ns/credentials/v2"
NOW = "2026-01-01T00:00:00Z"


def _signed() -> dict[str, Any]:
    key = Ed25519Key.from_seed(SEED)
    document = microcredential()
    document["issuer"]["id"] = key.controller
    return sign(document, key, created=CREATED)


SIGNED = _signed()


def undefined_terms(size: int) -> dict[str, Any]:
    return {"@context": [VC2], "type": "VerifiableCredential", **{f"k{i}": i for i in range(size)}}


def signed_with_undefined_terms(size: int) -> dict[str, Any]:
    document = copy.deepcopy(SIGNED)
    document.update({f"k{i}": i for i in range(size)})
    return document


def long_array(size: int) -> dict[str, Any]:
    return {
        "@context": [VC2, {"x": "https://example.org/x"}],
        "type": "VerifiableCredential",
        "x": list(range(size)),
    }


def blank_node_rings(size: int) -> dict[str, Any]:
    nodes = [
        {"@id": f"_:r{ring}n{i}", "next": {"@id": f"_:r{ring}n{(i + 1) % size}"}}
        for ring in range(2)
        for i in range(size)
    ]
    return {"@context": {"next": {"@id": "urn:ex:next"}}, "@graph": nodes}


def deep_objects(depth: int) -> dict[str, Any]:
    value: Any = "x"
    for _ in range(depth):
        value = {"p": value}
    return {"@context": [VC2, {"p": "urn:ex:p"}], "type": "VerifiableCredential", "p": value}


def deep_arrays(depth: int) -> dict[str, Any]:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return {"@context": [VC2, {"p": "urn:ex:p"}], "type": "VerifiableCredential", "p": value}


def signed_with_deep_arrays(depth: int) -> dict[str, Any]:
    document = copy.deepcopy(SIGNED)
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    document["credentialSubject"]["achievement"]["description"] = value
    return document


def _token(payload_text: str) -> str:
    """A compact VC-JWT over ``payload_text``, validly signed by the issuer's key."""
    key = Ed25519Key.from_seed(SEED)
    header = {"alg": "EdDSA", "typ": "JWT", "kid": key.id}
    signing_input = ".".join(
        (b64url_encode(json.dumps(header).encode()), b64url_encode(payload_text.encode()))
    )
    return f"{signing_input}.{b64url_encode(key.sign(signing_input.encode('ascii')))}"


def _jwt_payload() -> dict[str, Any]:
    return {k: v for k, v in SIGNED.items() if k != "proof"}


def token_with_undefined_members(size: int) -> str:
    return _token(json.dumps({**_jwt_payload(), **{f"k{i}": i for i in range(size)}}))


def token_with_deep_nesting(depth: int) -> str:
    text = json.dumps(_jwt_payload())[:-1]
    return _token(f'{text}, "description": {"[" * depth}1{"]" * depth}}}')


def svg_deep_text(size: int) -> bytes:
    image = bake(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>',
        {"id": "urn:uuid:5a0e7e0c-2f0b-4b8e-9d51-0f5f2d1f6d11"},
    )
    nested = b"<g>" * size + b"\n" * size + b"</g>" * size
    return image.replace(b"</svg>", nested + b"</svg>")


def embedded_contexts(size: int) -> dict[str, Any]:
    return {
        "@context": {f"t{i}": f"urn:ex:t{i}" for i in range(size)},
        "t0": [{"@context": {f"x{i}": "urn:ex:x"}, f"x{i}": i} for i in range(size)],
    }


Make = Callable[[int], Any]
Run = Callable[[Any], object]

# (shape, entry point, document maker, operation, first size, doublings)
CASES: list[tuple[str, str, Make, Run, int, int]] = [
    ("many undefined terms", "canonicalize", undefined_terms, canonicalize, 1500, 4),
    (
        "many undefined terms",
        "verify",
        signed_with_undefined_terms,
        lambda d: verify(d, now=NOW),
        1500,
        4,
    ),
    ("long array, off the fast path", "canonicalize", long_array, canonicalize, 3000, 4),
    (
        "long array, off the fast path",
        "pyld toRdf (reference)",
        long_array,
        to_dataset_reference,
        500,
        3,
    ),
    ("two rings of blank nodes", "canonicalize", blank_node_rings, canonicalize, 300, 4),
    ("deep nesting (objects)", "canonicalize", deep_objects, canonicalize, 25, 5),
    ("deep nesting (arrays)", "canonicalize", deep_arrays, canonicalize, 50, 5),
    (
        "deep nesting (arrays)",
        "verify",
        signed_with_deep_arrays,
        lambda d: verify(d, now=NOW),
        100,
        4,
    ),
    ("embedded contexts, large context", "canonicalize", embedded_contexts, canonicalize, 1000, 5),
    (
        "VC-JWT, many undefined members",
        "verify",
        token_with_undefined_members,
        lambda t: verify(t, now=NOW),
        1500,
        4,
    ),
    (
        "VC-JWT, deep nesting",
        "verify",
        token_with_deep_nesting,
        lambda t: verify(t, now=NOW),
        25_000,
        4,
    ),
    ("baked SVG, deep nesting with text", "unbake", svg_deep_text, unbake, 2500, 4),
]


def measure(document: Any) -> tuple[str, int | None]:
    """The number of JSON values (or "-") and the size in bytes (None: too deep to write)."""
    if isinstance(document, bytes | str):
        return "-", len(document)
    try:
        return str(json_size(document)), len(json.dumps(document))
    except RecursionError:  # deeper than the json module writes
        return str(json_size(document)), None


def best(function: Callable[[], object], rounds: int) -> tuple[float, str]:
    """The best time of ``rounds`` calls, and what the call gave (a type or a problem code)."""
    times = []
    outcome = ""
    for _ in range(rounds):
        started = time.perf_counter()
        try:
            result = function()
            outcome = type(result).__name__
            if isinstance(result, VerificationResult):
                codes = sorted({p.code for p in result.errors})
                outcome = f"{result.status.value} {','.join(codes[:2])}"
        except MicrocredentialError as exc:
            codes = sorted({p.code for p in exc.problems})
            outcome = f"{type(exc).__name__} {','.join(codes[:2])}"
        times.append(time.perf_counter() - started)
    return min(times), outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one round each")
    parser.add_argument(
        "--shape", metavar="TEXT", help="only the shapes whose name contains TEXT (default: all)"
    )
    args = parser.parse_args()
    rounds = 1 if args.quick else 3
    print(f"Python {platform.python_version()} on {platform.machine()}, {rounds} round(s)")
    verify(SIGNED, now=NOW)
    honest, _ = best(lambda: verify(SIGNED, now=NOW), 5)
    print(f"baseline: verify() of one honest signed microcredential: {honest * 1000:.1f} ms\n")
    header = (
        f"{'shape / entry point':48} {'size':>7} {'values':>8} {'bytes':>9} {'time':>9} "
        f"{'growth':>7} {'× honest':>9} {'per KB':>7}  outcome"
    )
    print(header)
    print("-" * len(header))
    for shape, entry, make, run, first, doublings in CASES:
        if args.shape and args.shape.lower() not in shape.lower():
            continue
        if args.quick:
            first, doublings = max(first // 4, 10), min(doublings, 3)
        previous: float | None = None
        label = f"{shape} / {entry}"
        for step in range(doublings + 1):
            size = first * 2**step
            document = make(size)
            values, length = measure(document)
            elapsed, outcome = best(lambda d=document, r=run: r(d), rounds)
            growth = f"{elapsed / previous:7.2f}" if previous else " " * 7
            per_kb = f"{elapsed / honest / (length / 1024):7.1f}" if length else f"{'-':>7}"
            written = f"{length:9d}" if length else f"{'-':>9}"
            print(
                f"{label:48} {size:7d} {values:>8} {written} "
                f"{elapsed * 1000:7.1f}ms {growth} {elapsed / honest:9.0f} "
                f"{per_kb}  {outcome}",
                flush=True,
            )
            label = ""
            previous = elapsed
            if elapsed > 20:
                break
        print()


if __name__ == "__main__":
    main()
