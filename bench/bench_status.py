"""Benchmark status lists at scale: a list of a million entries, and a register checked on it.

Usage::

    python bench/bench_status.py            # a 1,048,576-entry list, 10,000 credentials
    python bench/bench_status.py --quick    # 2,000 credentials
    python bench/bench_status.py --state    # the state file edits alone (a few minutes)
    python bench/bench_status.py --state --cpu --fill 250000   # CPU time; a shorter fill

Measured, each with its baseline in the same run (nothing here asserts a timing):

* allocating every index of a list of 131,072 entries and of 1,048,576 entries (eight times
  as many): the time per allocation should stay the same (linear time), and the peak memory
  the list's state takes (``tracemalloc``); the baseline is the former rule for the dense
  half, which scanned for the k-th free index, timed on a few allocations of the large list;
* revoking 10,000 of them, publishing the list (the unsigned ``BitstringStatusListCredential``
  and its signature), and the state file written and read back;
* the state file edited as ``issue_cohort`` does (``edit_state_file``, allocating 2,048
  entries an edit): one edit of a half-full list at 131,072 to 1,048,576 entries, and the
  total of filling a list of 262,144 and one of 1,048,576 entries (``--fill`` entries of it)
  2,048 at a time, against the same allocations made in memory (the baseline: the time the
  file adds).  Only the public API is used, so the same script times an older version of
  the library (run it with that version on ``PYTHONPATH``, alternating runs);
* a :class:`microcredential.Verifier` checking a register of credentials on one list of
  1,048,576 entries: the number of times the list is decoded, and the time per credential
  against the same ``Verifier`` made to decode the list for every credential (the baseline).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from random import Random
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from bench_proofs import CREATED, NOW, SEED, microcredential

import microcredential.status._bitstring_entry as entries
from microcredential import Verifier, sign, status_list_credential
from microcredential.keys import Ed25519Key
from microcredential.status import STATE_FORMAT, IssuerStatusList, StatusList, edit_state_file

LIST = "https://hs.example/status/1"
SMALL, LARGE = 131_072, 1_048_576
#: Entries allocated in one edit of the state file (what ``issue_cohort`` did per block).
BLOCK = 2048
#: The clock: wall time, or with ``--cpu`` the CPU time of this process.
CLOCK: Callable[[], float] = time.perf_counter


def fill(length: int) -> tuple[float, int, IssuerStatusList]:
    """Seconds per allocation to fill a list of ``length`` entries, and the peak memory of a
    half-full state allocating from its dense half (``tracemalloc``, measured apart)."""
    state = IssuerStatusList.create(LIST, length=length)
    rng = Random(1)
    start = time.perf_counter()
    for _ in range(length):
        state.allocate(rng=rng)
    seconds = (time.perf_counter() - start) / length
    tracemalloc.start()
    half = IssuerStatusList(LIST, StatusList(length), allocated=range(0, length, 2))
    half.allocate(rng=rng)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return seconds, peak, state


def former_dense_rule(length: int, samples: int = 5) -> float:
    """Seconds per allocation of the former rule for a half-full list: scan for the k-th
    free index (what every allocation of the dense half cost before)."""
    used = set(range(0, length, 2))  # half full
    rng = Random(2)
    start = time.perf_counter()
    for _ in range(samples):
        k = rng.randrange(length - len(used))
        index = next(itertools.islice((i for i in range(length) if i not in used), k, None))
        used.add(index)
    return (time.perf_counter() - start) / samples


def timed(step: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = step()
    return time.perf_counter() - start, value


def register(count: int, key: Ed25519Key) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``count`` credentials on one list of a million entries (every 7th revoked), signed."""
    state = IssuerStatusList.create(LIST, length=LARGE)
    rng = Random(3)
    template = microcredential()
    credentials = []
    for n in range(count):
        document = json.loads(json.dumps(template))
        document["id"] = f"urn:uuid:5e4b51e8-0a57-4f2f-b9b0-{n:012d}"
        document["credentialSubject"]["id"] = f"did:example:learner-{n}"
        document["issuer"]["id"] = key.controller
        index = state.allocate(rng=rng)
        document["credentialStatus"] = state.entry(index)
        if n % 7 == 3:
            state.revoke(index)
        credentials.append(sign(document, key, created=CREATED))
    published = status_list_credential(state, key, valid_from=CREATED)
    return credentials, published


def verify_all(credentials: list[dict[str, Any]], published: dict[str, Any], fresh: bool) -> float:
    """Seconds per credential for one Verifier; ``fresh``: the list decoded for every one."""
    verifier = Verifier(status=[published], now=NOW)
    entries._DECODED.clear()
    start = time.perf_counter()
    for credential in credentials:
        if fresh:
            entries._DECODED.clear()
        verifier.verify(credential)
    return (time.perf_counter() - start) / len(credentials)


def state_file(folder: Path, length: int, allocated: int) -> Path:
    """A state file of ``length`` entries with ``allocated`` of them handed out at random."""
    taken = Random(5).sample(range(length), allocated)
    path = folder / f"state-{length}.json"
    path.write_text(
        json.dumps(IssuerStatusList(LIST, StatusList(length), allocated=taken).to_json()),
        encoding="utf-8",
    )
    with edit_state_file(path):  # written once by the library itself, as an edit does
        pass
    return path


def edit(path: Path, entries: int, rng: Random) -> float:
    """Seconds of one edit of the state file allocating ``entries`` indexes."""
    start = CLOCK()
    with edit_state_file(path) as state:
        for _ in range(entries):
            state.allocate(rng=rng)
    return CLOCK() - start


def fill_through_file(folder: Path, length: int, entries: int) -> tuple[float, float, int]:
    """Seconds to allocate ``entries`` of a new list of ``length`` through its state file,
    ``BLOCK`` at a time; the seconds of the same allocations in memory; the edits made."""
    path = state_file(folder, length, 0)
    rng = Random(6)
    total = 0.0
    edits = 0
    for first in range(0, entries, BLOCK):
        total += edit(path, min(BLOCK, entries - first), rng)
        edits += 1
    memory = IssuerStatusList.create(LIST, length=length)
    rng = Random(6)
    start = CLOCK()
    for _ in range(entries):
        memory.allocate(rng=rng)
    alone = CLOCK() - start
    with edit_state_file(path) as saved:  # the file holds what memory holds
        assert saved.allocated == memory.allocated
    return total, alone, edits


def state_edits(fill_entries: int) -> None:
    """The state file edited as a cohort does: one edit against the list size, and a fill."""
    print(f"state file format {STATE_FORMAT}; each edit allocates {BLOCK:,} entries")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for length in (SMALL, 2 * SMALL, 4 * SMALL, LARGE):
            path = state_file(folder, length, length // 2)
            with edit_state_file(path) as memory:
                pass
            rng, memory_rng = Random(7), Random(7)
            times, alone = [], []
            for _ in range(5):  # the edit, then the same allocations in memory
                times.append(edit(path, BLOCK, rng))
                start = CLOCK()
                for _ in range(BLOCK):
                    memory.allocate(rng=memory_rng)
                alone.append(CLOCK() - start)
            times.sort()
            print(
                f"one edit of a half-full list of {length:>9,} entries: "
                f"{statistics.median(times) * 1e3:5.1f} ms "
                f"({times[0] * 1e3:.1f} to {times[-1] * 1e3:.1f}), in memory "
                f"{statistics.median(alone) * 1e3:.1f} ms; "
                f"file {path.stat().st_size / 2**20:.2f} MiB"
            )
            path.unlink()
        scale = fill_entries / 1_000_000
        for length, entries in ((2 * SMALL, round(250_000 * scale)), (LARGE, fill_entries)):
            if not entries:
                continue
            total, alone, edits = fill_through_file(folder, length, entries)
            print(
                f"fill {entries:,} of {length:,} entries in {edits} edits: {total:.1f} s "
                f"({total / entries * 1e6:.1f} µs an entry); the same in memory {alone:.1f} s: "
                f"the file adds {(total - alone) / edits * 1e3:.1f} ms an edit"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2,000 credentials, not 10,000")
    parser.add_argument("--state", action="store_true", help="the state file edits alone")
    parser.add_argument(
        "--fill", type=int, default=1_000_000, help="entries of the long fill (0: none)"
    )
    parser.add_argument("--cpu", action="store_true", help="time CPU time, not wall time")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.cpu else time.perf_counter
    count = 2_000 if args.quick else 10_000
    print(f"Python {sys.version.split()[0]}; nothing asserted, figures only")
    if args.state:
        state_edits(args.fill)
        return

    small, small_peak, _ = fill(SMALL)
    large, large_peak, state = fill(LARGE)
    former = former_dense_rule(LARGE)
    print(
        f"allocate every index: {small * 1e6:.1f} µs each of {SMALL:,}, "
        f"{large * 1e6:.1f} µs each of {LARGE:,} (ratio {large / small:.2f}; 1.00 is linear)"
    )
    print(
        f"peak memory of the state: {small_peak / 2**20:.1f} MiB for {SMALL:,} entries, "
        f"{large_peak / 2**20:.1f} MiB for {LARGE:,}"
    )
    print(
        f"former dense-half rule at {LARGE:,} entries: {former * 1e3:.0f} ms an allocation, "
        f"{former / large:,.0f}x the whole average now"
    )

    rng = Random(4)
    revoked = rng.sample(range(LARGE), 10_000)
    seconds, _ = timed(lambda: [state.revoke(i) for i in revoked])
    print(f"revoke 10,000: {seconds * 1e6 / 10_000:.1f} µs each")
    key = Ed25519Key.from_seed(SEED)
    seconds, published = timed(lambda: status_list_credential(state, key, valid_from=CREATED))
    encoded = published["credentialSubject"]["encodedList"]
    print(
        f"publish (encode and sign) {LARGE:,} entries: {seconds * 1e3:.0f} ms, "
        f"encodedList {len(encoded):,} characters"
    )
    seconds, text = timed(lambda: json.dumps(state.to_json()))
    back_seconds, back = timed(lambda: IssuerStatusList.from_json(json.loads(text)))
    assert back.to_json() == state.to_json()
    print(
        f"state file: written in {seconds * 1e3:.0f} ms ({len(text) / 2**20:.1f} MiB), "
        f"read back in {back_seconds * 1e3:.0f} ms"
    )

    start = time.perf_counter()
    credentials, published = register(count, key)
    print(f"register of {count:,} credentials built in {time.perf_counter() - start:.0f} s")
    decodes: list[int] = []
    real = entries.StatusList.decode

    def counting(encoded: Any, **options: Any) -> StatusList:
        decodes.append(1)
        return real(encoded, **options)

    entries.StatusList.decode = counting  # type: ignore[method-assign]
    once = verify_all(credentials, published, fresh=False)
    print(f"Verifier over {count:,} credentials on one list: decoded {len(decodes)} time(s)")
    sample = credentials[: max(200, count // 10)]
    rounds = [
        (verify_all(sample, published, False), verify_all(sample, published, True))
        for _ in range(3)
    ]
    entries.StatusList.decode = real  # type: ignore[method-assign]
    kept = statistics.median(r[0] for r in rounds)
    fresh = statistics.median(r[1] for r in rounds)
    print(
        f"per credential: {once * 1e3:.2f} ms for all {count:,}; on {len(sample):,}: "
        f"{kept * 1e3:.2f} ms decoding once against {fresh * 1e3:.2f} ms decoding every time "
        f"(baseline): {fresh / kept:.2f}x"
    )
    state_edits(args.fill)


if __name__ == "__main__":
    main()
