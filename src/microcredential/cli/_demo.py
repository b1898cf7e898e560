"""``demo``: the library end to end on bundled example data, offline."""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from ._common import EXIT_INVALID, EXIT_OK


def _step(number: int, text: str) -> None:
    print(f"[{number}] {text}")


def _demo(args: argparse.Namespace) -> int:
    from ..integrity import add_proof, verify_proofs
    from ..jsonld import canonicalize, expand
    from ..keys import Ed25519Key
    from ._check import check_document

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="microcredential-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    text = resources.files("microcredential").joinpath("_data", "example-credential.json")
    credential: dict[str, Any] = json.loads(text.read_text("utf-8"))
    failures = 0

    problems = check_document(credential)
    _step(1, f"parsed and schema-checked the example credential: {len(problems)} problem(s)")
    failures += bool(problems)

    expanded = expand(credential)
    nquads = canonicalize(credential)
    _step(
        2,
        f"expanded it offline in safe mode ({len(json.dumps(expanded)):,} bytes) and "
        f"canonicalized it with RDFC-1.0 ({nquads.count(chr(10))} N-Quads)",
    )

    key = Ed25519Key.generate()
    credential["issuer"]["id"] = key.controller
    signed = add_proof(credential, key)
    (out / "credential.json").write_text(json.dumps(signed, indent=2) + "\n", encoding="utf-8")
    _step(3, f"signed it with eddsa-rdfc-2022 as {key.controller[:32]}...")

    result = verify_proofs(signed)
    _step(4, f"verified the signature: {result.status.value}")
    failures += not result.verified

    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["achievement"]["creditsAvailable"] = 30
    tampered_result = verify_proofs(tampered)
    codes = sorted({p.code for p in tampered_result.all_problems})
    _step(
        5, f"changed the credits from 5 to 30: {tampered_result.status.value} ({', '.join(codes)})"
    )
    failures += tampered_result.verified

    print(f"files: {out}")
    return EXIT_INVALID if failures else EXIT_OK


def register(subparsers: Any) -> None:
    summary = "run the library end to end on bundled example data (offline)"
    parser = subparsers.add_parser("demo", help=summary, description=summary)
    parser.add_argument(
        "--out", metavar="DIR", help="where to write the files (default: a new temporary folder)"
    )
    parser.set_defaults(handler=_demo)
