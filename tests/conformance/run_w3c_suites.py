"""Run official W3C conformance suites against the library through the VC-API adapter.

    python tests/conformance/run_w3c_suites.py [SUITE ...] [--work DIR]

Generates a test-only key, starts the adapter (:mod:`vcapi`) on a free port of 127.0.0.1,
runs each suite with the runner ``run-w3c-suite.sh`` of the shared conformance folder (by
default ``../shared/conformance`` beside the repository, or ``$W3C_CONFORMANCE_DIR``), and
prints its per-file table, each failure, and ``N passed, N failed``.  SUITE defaults to
``vc-di-eddsa-test-suite`` and ``vc-data-model-2.0-test-suite``.  The suites' npm install
and reports go to ``--work`` (default: a temporary folder; reuse one to skip the install),
never into the repository.  Needs node >= 20 and npm.  Exit status 0 when every suite passed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from microcredential import Ed25519Key

try:
    from conformance.vcapi import VcApiServer
except ImportError:  # run as a script: tests/conformance is on the path, tests/ is not
    from vcapi import VcApiServer  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SUITES = ("vc-di-eddsa-test-suite", "vc-data-model-2.0-test-suite")
_COUNTS = re.compile(r"^(\d+) passed, (\d+) failed$", re.MULTILINE)


def conformance_dir() -> Path:
    """Where the suites and their runner are: ``$W3C_CONFORMANCE_DIR`` or ``../shared``."""
    given = os.environ.get("W3C_CONFORMANCE_DIR")
    return Path(given) if given else REPO.parent / "shared" / "conformance"


@dataclass(frozen=True)
class SuiteRun:
    """What one suite printed, its totals (None when the runner printed none), and the
    ``(test file, test title)`` of each failure."""

    suite: str
    output: str
    passed: int | None
    failed: int | None
    failures: tuple[tuple[str, str], ...] = ()


def run_suite(suite: str, work: Path, *, timeout: float = 1800) -> SuiteRun:
    """Start the adapter with a fresh test-only key, run ``suite`` against it, stop it."""
    key = Ed25519Key.generate()
    with VcApiServer(key, 0) as server:
        server.start()
        env = dict(os.environ, VCAPI_PORT=str(server.port), VCAPI_ISSUER_DID=key.controller)
        try:
            done = subprocess.run(
                ["bash", str(conformance_dir() / "run-w3c-suite.sh"), suite, str(work)],
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        finally:
            server.shutdown()
    output = done.stdout + (f"\n{done.stderr}" if done.returncode > 1 else "")
    counts = _COUNTS.search(done.stdout)
    if counts is None:
        return SuiteRun(suite, output, None, None)
    report = json.loads((work / f"{suite}.results.json").read_text(encoding="utf-8"))
    failures = tuple(
        (Path(test.get("file") or "?").name, str(test.get("title", "")))
        for test in report.get("failures", [])
    )
    return SuiteRun(suite, output, int(counts[1]), int(counts[2]), failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suites", nargs="*", default=list(DEFAULT_SUITES))
    parser.add_argument("--work", type=Path, help="folder for the npm install and reports")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="w3c-suites-"))
    ok = True
    for suite in args.suites:
        run = run_suite(suite, work)
        print(f"## {suite}\n\n{run.output}")
        ok = ok and run.failed == 0
    summary = ", ".join(f"{r}" for r in args.suites)
    print(f"(suites: {summary}; work folder: {work})", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
