"""Benchmark cohort issuance against the machine's signing-only rate, and its peak memory.

Usage::

    python bench/bench_cohort.py                   # 3 rounds of a 10,000-row cohort
    python bench/bench_cohort.py --rows 2000 --rounds 2 --quick
    python bench/bench_cohort.py --memory 1000,10000,100000
    python bench/bench_cohort.py --executor        # also a ProcessPoolExecutor and dask

The baseline, measured in the same run, is the machine's *signing-only rate*: the number of
CPUs the run can use — its workers, at most the CPUs this process may run on
(``os.sched_getaffinity``) — times one core's rate of ``add_proof_unchecked``
(eddsa-rdfc-2022) on credentials of the same shape as the cohort's (built from the same
roster row: hashed e-mail address, name, grade, credits and dates), from the median time of
one signature. Every round signs, then issues a
cohort, so both see the same load; the report gives each round's ratio and their range.

Two ratios are printed for each cohort: the *wall-clock* fraction (credentials per second of
the cohort ÷ the signing-only rate: what the issue asks, and what a busy shared machine
lowers), and the *CPU* fraction (the CPU time of one signature ÷ the CPU time, parent and
workers together, per credential issued: what the run costs, whatever else the machine does).

Peak memory is the maximum resident set size (``getrusage``) of the issuing process and of
its largest worker, each size run in a fresh process. ``--memory`` takes roster sizes; a
size given with a trailing ``!`` (``1000000!``) runs a roster whose every row the row check
refuses (nothing signed or written but the manifest): the parent's memory over that many rows.
Nothing is asserted: this is a report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from microcredential.cohort import issue_cohort, load_achievement
from microcredential.integrity import add_proof_unchecked
from microcredential.keys import Ed25519Key
from microcredential.quality import (
    CredentialTemplate,
    EmailRecipient,
    IssuerInfo,
    build_achievement,
    parse_input,
)

ROOT = Path(__file__).resolve().parents[1]
ACHIEVEMENT = ROOT / "examples" / "achievement-nl.json"
NOW = dt.datetime(2026, 2, 15, 12, 0, tzinfo=dt.UTC)
KEY = Ed25519Key.from_seed(bytes(range(32)))
ISSUER = IssuerInfo(id=KEY.controller, name="Hogeschool Voorbeeld", country_code="NL")
ROW = "learner{i}@student.example.nl;Learner {i};7,5;5;01-09-2025;31-01-2026\n"
BAD_ROW = "learner{i}(at)student.example.nl;Learner {i};7,5;5;01-09-2025;31-01-2026\n"


def write_roster(path: Path, rows: int, row: str = ROW) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        handle.write("email;naam;cijfer;ec;startdatum;einddatum\n")
        for i in range(rows):
            handle.write(row.format(i=i))
    return path


def available_cpus() -> int:
    """The CPUs this process may run on (all of the machine's where that cannot be told)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def cpu_seconds(children: bool = True) -> float:
    """CPU time of this process and (unless not ``children``) of its children that have ended."""
    times = os.times()
    own = times.user + times.system
    return own + times.children_user + times.children_system if children else own


def sign_time(repeat: int = 200) -> float:
    """Median seconds to sign one credential shaped like the cohort's (after a warm-up)."""
    data = load_achievement(ACHIEVEMENT)
    spec = parse_input({k: v for k, v in data.items() if k != "credential"})
    template = CredentialTemplate(
        build_achievement(spec.profile, id=spec.id), issuer=ISSUER, valid_from=NOW
    )
    credentials = []
    for i in range(repeat + 1):  # distinct documents, so no cache answers for the signer
        credential = template.credential(
            recipient=EmailRecipient(f"learner{i}@student.example.nl"),
            id=f"urn:uuid:5e4b51e8-0a57-4f2f-b9b0-{i:012d}",
            learner_name=f"Learner {i}",
            grade="7.5",
        )
        subject = credential["credentialSubject"]
        subject["creditsEarned"] = 5
        subject["activityStartDate"] = "2025-09-01T00:00:00Z"
        subject["activityEndDate"] = "2026-01-31T00:00:00Z"
        credentials.append(credential)
    add_proof_unchecked(credentials[-1], KEY, created=NOW)  # warm-up
    times = []
    for credential in credentials[:-1]:
        start = time.perf_counter()
        add_proof_unchecked(credential, KEY, created=NOW)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_cohort(
    rows: int,
    workers: int,
    *,
    durable: bool = True,
    folder: str | None = None,
    executor: Executor | None = None,
    row: str = ROW,
) -> dict[str, float]:
    """Issue one cohort into a fresh folder; the folder is removed (and the removal flushed)
    before returning, so the next run does not pay for it."""
    base = Path(tempfile.mkdtemp(prefix="bench-cohort-", dir=folder))
    try:
        roster = write_roster(base / "roster.csv", rows, row)
        key_file = base / "key.json"
        KEY.save(key_file)
        cpu, parent = cpu_seconds(), cpu_seconds(children=False)
        report = issue_cohort(
            load_achievement(ACHIEVEMENT),
            roster,
            KEY,
            out_dir=base / "out",
            issuer=ISSUER,
            workers=workers,
            now=NOW,
            durable=durable,
            executor=executor,
            key_loader=str(key_file) if executor is not None else None,
            chunk_size=64 if executor is not None else None,
        )
        cpu, parent = cpu_seconds() - cpu, cpu_seconds(children=False) - parent
        if row == ROW:
            assert report.issued == rows, report.summary()
        return {
            "seconds": report.seconds,
            "per_second": report.per_second,
            "cpu_per_credential": cpu / max(report.issued, 1),
            "parent_cpu_per_credential": parent / max(report.issued, 1),
        }
    finally:
        shutil.rmtree(base, ignore_errors=True)
        os.sync()


def memory_run(rows: int, workers: int, refused: bool) -> None:
    """Run one cohort and print its figures and peak memory as JSON (in a fresh process)."""
    figures = run_cohort(rows, workers, row=BAD_ROW if refused else ROW)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    figures["parent_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20
    figures["child_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale / 2**20
    print(json.dumps(figures))


def in_subprocess(rows: int, workers: int, refused: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--memory-run", str(rows), "--workers", str(workers)]
    done = subprocess.run(
        [*command, *(["--refused"] if refused else [])], capture_output=True, text=True, check=True
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def spread(values: list[float], fmt: str = "{:.1%}") -> str:
    """The median and the range of a figure over the rounds."""
    text = fmt.format(statistics.median(values))
    if len(values) > 1:
        text += f" ({fmt.format(min(values))} to {fmt.format(max(values))})"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="rows of each round's cohort")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=available_cpus())
    parser.add_argument("--quick", action="store_true", help="skip the 1-worker and no-sync runs")
    parser.add_argument("--memory", default="1000,10000", help="roster sizes of the memory runs")
    parser.add_argument(
        "--executor", action="store_true", help="also a ProcessPoolExecutor and dask"
    )
    parser.add_argument("--memory-run", type=int, metavar="ROWS", help=argparse.SUPPRESS)
    parser.add_argument("--refused", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_run:
        memory_run(args.memory_run, args.workers, args.refused)
        return

    workers = args.workers
    # The baseline is the signing the run's workers could do: no more CPUs than it can use.
    cpus = min(workers, available_cpus())
    print(
        f"{workers} worker(s) on {available_cpus()} CPUs: baseline {cpus} CPU(s); "
        f"Python {sys.version.split()[0]}; {args.rows:,} rows a round"
    )
    rounds: dict[str, list[dict[str, float]]] = {}
    signs: list[float] = []
    runs: list[tuple[str, dict[str, Any]]] = [("durable", {})]
    if not args.quick:
        runs += [("1 worker", {"workers": 1}), ("no sync", {"durable": False})]
        if Path("/dev/shm").is_dir():
            runs.append(("in memory (tmpfs)", {"folder": "/dev/shm"}))
    for number in range(args.rounds):
        single = sign_time()
        signs.append(single)
        for name, options in runs:
            count = options.pop("workers", workers)
            figures = run_cohort(args.rows, count, **options)
            options["workers"] = count
            used = min(count, cpus)
            figures["signing_only"] = used / single
            figures["sign_seconds"] = single
            rounds.setdefault(name, []).append(figures)
            print(
                f"round {number + 1}, {name}: {figures['per_second']:.0f}/s, signing-only "
                f"{used / single:.0f}/s ({used} CPU{'s' if used > 1 else ''}), CPU "
                f"{figures['cpu_per_credential'] * 1000:.2f} ms a credential (the parent "
                f"{figures['parent_cpu_per_credential'] * 1000:.2f} ms)",
                flush=True,
            )
    print()
    print(
        f"sign one credential (eddsa-rdfc-2022, the cohort's shape): "
        f"{spread([s * 1000 for s in signs], '{:.3f}')} ms; "
        f"signing-only rate {spread([cpus / s for s in signs], '{:.0f}')}/s on {cpus} CPUs"
    )
    for name, figures in rounds.items():
        count = 1 if name == "1 worker" else workers
        rate = [f["per_second"] for f in figures]
        wall = [f["per_second"] / f["signing_only"] for f in figures]
        cpu = [f["sign_seconds"] / f["cpu_per_credential"] for f in figures]
        print(
            f"{args.rows:,} rows, {name} ({count} worker{'s' if count > 1 else ''}): "
            f"{spread(rate, '{:.0f}')}/s = {spread(wall)} of the signing-only rate of "
            f"{min(count, cpus)} CPU{'s' if min(count, cpus) > 1 else ''}; "
            f"CPU: {spread(cpu)} of a credential's CPU time is its signature"
        )
    if args.executor:
        executors()
    for size in filter(None, args.memory.split(",")):  # --memory '' runs none
        refused = size.endswith("!")
        rows = int(size.rstrip("!"))
        figures = in_subprocess(rows, workers, refused)
        what = "every row refused by the row check" if refused else f"{figures['per_second']:.0f}/s"
        print(
            f"memory, {rows:,} rows, {workers} worker(s) ({what}): parent peak "
            f"{figures['parent_mib']:.0f} MiB, largest worker {figures['child_mib']:.0f} MiB"
        )


def executors() -> None:
    """The same cohort on a ProcessPoolExecutor, and on a local dask.distributed cluster."""
    cpus = available_cpus()
    rows = 4000
    with ProcessPoolExecutor(max_workers=cpus) as pool:
        figures = run_cohort(rows, cpus, executor=pool)
    print(
        f"{rows:,} rows on a ProcessPoolExecutor, key loaded from a file: "
        f"{figures['per_second']:.0f}/s"
    )
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("dask.distributed is not installed: pip install 'microcredential[distributed]'")
        return
    with (
        LocalCluster(
            n_workers=cpus, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        figures = run_cohort(rows, cpus, executor=client.get_executor())
    print(
        f"{rows:,} rows on a local dask.distributed cluster ({cpus} workers): "
        f"{figures['per_second']:.0f}/s"
    )


if __name__ == "__main__":
    main()
