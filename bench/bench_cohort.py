"""Benchmark cohort issuance: credentials per second, one worker versus all, and peak memory.

Usage::

    python bench/bench_cohort.py                 # 1,000 rows: 1 worker vs all workers
    python bench/bench_cohort.py --rows 10000    # also the peak memory of a 10,000-row run

The baseline is the time to sign one credential (``add_proof_unchecked``, eddsa-rdfc-2022)
measured in the same run; rates are reported next to ``1 / sign time``. Peak memory is the
maximum resident set size (``getrusage``) of the issuing process and of its largest worker,
each run in a fresh process so the figures do not mix. Nothing is asserted: this is a report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from microcredential.cohort import issue_cohort, load_achievement
from microcredential.integrity import add_proof_unchecked
from microcredential.keys import Ed25519Key
from microcredential.quality import IssuerInfo, build_achievement, build_credential, parse_input

ROOT = Path(__file__).resolve().parents[1]
ACHIEVEMENT = ROOT / "examples" / "achievement-nl.json"
NOW = dt.datetime(2026, 2, 15, 12, 0, tzinfo=dt.UTC)
KEY = Ed25519Key.from_seed(bytes(range(32)))
ISSUER = IssuerInfo(id=KEY.controller, name="Hogeschool Voorbeeld", country_code="NL")


def write_roster(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("email;naam;cijfer;ec;startdatum;einddatum\n")
        for i in range(rows):
            handle.write(f"learner{i}@student.example.nl;Learner {i};7,5;5;01-09-2025;31-01-2026\n")
    return path


def sign_time(repeat: int = 30) -> float:
    """Median seconds to sign one credential (after a warm-up)."""
    data = load_achievement(ACHIEVEMENT)
    spec = parse_input({k: v for k, v in data.items() if k != "credential"})
    encoded = build_achievement(spec.profile, id=spec.id)
    credentials = [  # distinct documents, so no cache can answer for the signer
        build_credential(
            encoded, recipient=f"did:example:learner{i}", issuer=ISSUER, valid_from=NOW
        )
        for i in range(repeat + 1)
    ]
    add_proof_unchecked(credentials[-1], KEY, created=NOW)  # warm-up
    times = []
    for credential in credentials[:-1]:
        start = time.perf_counter()
        add_proof_unchecked(credential, KEY, created=NOW)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_cohort(rows: int, workers: int, *, durable: bool = True) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-cohort-") as folder:
        base = Path(folder)
        roster = write_roster(base / "roster.csv", rows)
        report = issue_cohort(
            load_achievement(ACHIEVEMENT),
            roster,
            KEY,
            out_dir=base / "out",
            issuer=ISSUER,
            workers=workers,
            now=NOW,
            durable=durable,
        )
        assert report.issued == rows, report.summary()
        return {"seconds": report.seconds, "per_second": report.per_second}


def memory_run(rows: int, workers: int) -> None:
    """Run one cohort and print its figures and peak memory as JSON (in a fresh process)."""
    figures = run_cohort(rows, workers)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    figures["parent_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    figures["child_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20
    print(json.dumps(figures))


def in_subprocess(rows: int, workers: int) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--memory-run", str(rows), "--workers", str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1000, help="rows of the memory run")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--memory-run", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_run:
        memory_run(args.memory_run, args.workers)
        return

    cpus = args.workers
    single = sign_time()
    print(f"CPUs used: {cpus}; Python {sys.version.split()[0]}")
    print(f"baseline: sign one credential (eddsa-rdfc-2022): {single * 1000:.1f} ms ")
    print(f"          = {1 / single:.1f} credentials/s on one core, without build/validate/write")
    for workers in sorted({1, cpus}):
        figures = run_cohort(1000, workers)
        print(
            f"1,000 rows, {workers} worker(s): {figures['seconds']:.1f} s, "
            f"{figures['per_second']:.1f} credentials/s "
            f"({figures['per_second'] * single:.2f} x the single-sign baseline)"
        )
    figures = run_cohort(1000, cpus, durable=False)
    print(
        f"1,000 rows, {cpus} worker(s), durable=False (no sync): {figures['seconds']:.1f} s, "
        f"{figures['per_second']:.1f} credentials/s"
    )
    sizes = sorted({1000, args.rows})
    for rows in sizes:
        figures = in_subprocess(rows, cpus)
        print(
            f"memory, {rows:,} rows, {cpus} worker(s): "
            f"parent peak {figures['parent_mib']:.0f} MiB, "
            f"largest worker {figures['child_mib']:.0f} MiB ({figures['per_second']:.1f}/s)"
        )


if __name__ == "__main__":
    main()
