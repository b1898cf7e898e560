"""The run: :func:`issue_cohort` prepares, then a :class:`_Run` accounts for every row."""

from __future__ import annotations

import concurrent.futures as futures
import dataclasses
import datetime as _dt
import os
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from .._files import locked, remove_temporaries
from .._json import read_json
from .._time import format_datetime, resolve_now
from ..errors import InvalidDocumentError, MicrocredentialError, StatusListFullError
from ..integrity.suites import signing_suite
from ..keys import EcdsaKey, Ed25519Key, RsaKey
from ..problems import Problem
from ..quality import (
    DEFAULT_PROFILES,
    BuildInput,
    IssuerInfo,
    MicrocredentialProfile,
    build_credential,
    check_quality,
)
from ..status import IssuerStatusList, edit_state_file
from ._achievement import resolve_achievement
from ._ids import new_credential_id, safe_file_name
from ._index import RowIndex
from ._ledger import Allocation, Ledger, RunRecord, achievement_digest
from ._manifest import MANIFEST_NAME, ManifestWriter, entry_of, read_rows
from ._records import (
    ROWS_IN_MEMORY,
    CohortEntry,
    CohortProgress,
    CohortReport,
    ManifestRows,
    SkippedRow,
)
from ._roster import WINDOWS_1252, Layout, iter_records, roster_error, scan_roster
from ._rows import Checker, Row, RowError
from ._writer import (
    KeyLoader,
    Outcome,
    RowIssuer,
    Settings,
    executor_tasks,
    process_pool,
    run_tasks,
)

#: Rosters with at least this many rows are signed in a process pool (when workers > 1).
PARALLEL_MIN_ROWS: Final = 50
_LOCK_NAME: Final = ".issue-cohort.lock"
_MANIFEST_EVERY: Final = 2.0  # seconds between manifest checkpoints
#: Rows accounted for while an earlier row is still being signed, before the batch being
#: gathered is sent anyway (so that the rows waiting for their turn in the manifest stay few).
_MAX_WAITING: Final = 4096
#: Rows given their status entries at a time when the status list is a state file.
_STATE_BLOCK: Final = 2048

_StatusListArg = IssuerStatusList | str | os.PathLike[str] | None


def issue_cohort(
    achievement_or_profile: MicrocredentialProfile | BuildInput | Mapping[str, Any],
    roster: str | os.PathLike[str],
    key: Ed25519Key | EcdsaKey,
    *,
    out_dir: str | os.PathLike[str],
    issuer: IssuerInfo | None = None,
    achievement_id: str | None = None,
    profiles: Sequence[str] = DEFAULT_PROFILES,
    cryptosuite: str | None = None,
    format: str = "data-integrity",
    workers: int | None = None,
    status_list: _StatusListArg = None,
    now: _dt.datetime | str | None = None,
    progress: Callable[[CohortProgress], None] | None = None,
    chunk_size: int | None = None,
    durable: bool = True,
    executor: futures.Executor | None = None,
    key_loader: KeyLoader | None = None,
) -> CohortReport:
    """Issue one signed credential per roster row into ``out_dir``; see the module docs.

    ``achievement_or_profile`` is an ``Achievement`` JSON object, the plain input format (whose
    optional ``credential.issuer`` gives the issuer), a :class:`BuildInput`, or a
    :class:`MicrocredentialProfile` together with ``achievement_id``. ``issuer`` must be the
    controller of ``key``. ``workers`` defaults to the number of CPUs (one for rosters under
    :data:`PARALLEL_MIN_ROWS` rows). ``status_list`` (an :class:`IssuerStatusList`, updated in
    place, or the path of its JSON state file, saved after every allocation) adds a
    ``credentialStatus`` entry to every new credential. ``now`` fixes the date of issuing.
    ``format="jwt"`` writes each credential as a compact VC-JWT (``<id>.jwt``) instead of JSON
    with an embedded proof. ``progress`` is called after every row; an exception it raises
    stops the run cleanly
    (the manifest records what was done, and a re-run resumes). ``chunk_size`` is the number
    of rows sent to a worker at a time; its credentials are flushed to disk together (one
    ``os.sync``) before they are renamed into place. ``durable=False`` skips flushing
    (faster on slow disks; after a power loss a re-run still finds and re-issues any file
    that did not reach the disk, since every file is checked).

    ``executor`` (any :class:`concurrent.futures.Executor`: a process or thread pool, or
    ``dask.distributed``'s ``client.get_executor()``) signs the batches instead of the
    library's own process pool; ``workers`` then says how many tasks to keep in flight (two
    per worker). Its workers write into ``out_dir``, so it must be the same folder for all of
    them. The secret key never travels in a task: each worker process loads it once from
    ``key_loader`` (required with an executor): the path of a key file, or a picklable callable
    that returns the key, which must be ``key``. The manifest is written here, from the
    outcomes the tasks return.

    Raises :class:`~microcredential.InvalidDocumentError` for an unreadable roster, a bad
    header, or a roster that does not fit the achievement's grading scheme (then before
    anything is signed, with every problem of the roster in ``problems``),
    :class:`~microcredential.SigningError` for a key that is not the issuer's, and
    :class:`ValueError` for an achievement that fails its quality profiles; any other row
    problem never raises: it is reported in :attr:`CohortReport.skipped`.
    """
    started = time.perf_counter()
    moment = resolve_now(now)
    if not isinstance(key, Ed25519Key | EcdsaKey):
        if isinstance(key, RsaKey):  # refused with the reason and what to use instead
            signing_suite(cryptosuite, key.key_type)
        raise TypeError("key must be an Ed25519Key or an EcdsaKey")
    suite = signing_suite(cryptosuite, key.key_type)
    achievement, chosen_issuer, roster_path, layout, checker = prepare(
        achievement_or_profile, roster, key, achievement_id, issuer, profiles, moment
    )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        achievement=achievement,
        issuer=chosen_issuer,
        profiles=tuple(profiles),
        cryptosuite=suite.name,
        format=format,
        now=format_datetime(moment),
        out_dir=str(out),
        durable=durable,
    )
    if executor is not None and key_loader is None:
        raise ValueError(
            "an executor needs key_loader=: the path of the key file, or a picklable callable "
            "that returns the key (the secret key is never sent in a task)"
        )
    count = _worker_count(workers, layout.rows if executor is None else PARALLEL_MIN_ROWS)
    status = _StatusLists(status_list)
    busy = f"{out}: another issue-cohort run is writing to this folder; wait for it"
    with locked(out / _LOCK_NAME, wait=False, busy=busy):
        remove_temporaries(out)
        index = RowIndex(out)
        try:
            ledger = _open_ledger(settings, key, status.list_id, index)
            settings = dataclasses.replace(
                settings,
                keys=_earlier_keys(ledger, key),
                key_id=key.id,
                run=secrets.token_hex(8),
            )
            run = _Run(
                settings,
                key,
                roster_path,
                layout,
                status,
                ledger,
                workers=count,
                chunk_size=chunk_size or max(4, min(64, layout.rows // (count * 8) or 1)),
                progress=progress,
                started=started,
            )
            run.execute(checker, executor, key_loader)
        finally:
            index.close()
    return run.report()


def prepare(
    achievement_or_profile: MicrocredentialProfile | BuildInput | Mapping[str, Any],
    roster: str | os.PathLike[str],
    key: Ed25519Key | EcdsaKey | None,
    achievement_id: str | None,
    issuer: IssuerInfo | None,
    profiles: Sequence[str],
    moment: _dt.datetime,
) -> tuple[dict[str, Any], IssuerInfo, Path, Layout, Checker]:
    """What a run checks before any row: the achievement and issuer (against the profiles),
    the roster's layout and its fit with the achievement's grading scheme."""
    achievement, chosen_issuer = resolve_achievement(
        achievement_or_profile, key, achievement_id, issuer
    )
    _check_achievement(achievement, chosen_issuer, profiles, moment)
    roster_path = Path(roster)
    layout = scan_roster(roster_path)
    checker = Checker(achievement, moment)
    _check_roster(roster_path, layout, checker)
    return achievement, chosen_issuer, roster_path, layout, checker


def checked_rows(
    checker: Checker, roster: Path, layout: Layout, index: RowIndex
) -> Iterator[Row | SkippedRow]:
    """Every record of the roster, in order: a :class:`Row` to issue, or the
    :class:`SkippedRow` of a bad row or of a recipient seen on an earlier line."""
    for line, values in iter_records(roster, layout):
        try:
            row = checker.row(line, values)
        except RowError as exc:
            yield SkippedRow(line, exc.code, exc.reason)
            continue
        except Exception as exc:  # one row never stops the others
            yield SkippedRow(line, "cohort.row", _unexpected(exc))
            continue
        first = index.first_line(row.key, line)
        yield row if first is None else _duplicate(line, first)


def _open_ledger(
    settings: Settings, key: Ed25519Key | EcdsaKey, status_list: str | None, index: RowIndex
) -> Ledger:
    """The folder's ledger, with this run recorded; :class:`CohortChangedError` when the run
    issues with another achievement, issuer or status list than the folder's last run."""
    out = Path(settings.out_dir)
    ledger = Ledger(out, index, durable=settings.durable)
    achievement = settings.achievement
    record = RunRecord(
        achievement["id"],
        achievement_digest(achievement),
        settings.issuer.id,
        key.verification_method(),
        status_list,
    )
    ledger.check(record, out)
    ledger.begin(record)
    return ledger


def _earlier_keys(ledger: Ledger, key: Ed25519Key | EcdsaKey) -> tuple[dict[str, Any], ...]:
    """The issuer's other keys that signed credentials in the folder (a key rotation)."""
    return tuple(k for k in ledger.keys(key.controller) if k["id"] != key.id)


def _check_achievement(
    achievement: dict[str, Any], issuer: IssuerInfo, profiles: Sequence[str], moment: _dt.datetime
) -> None:
    """Refuse an achievement or issuer that would fail the profiles for every row alike,
    before the roster is read."""
    probe = build_credential(
        achievement, recipient="did:example:probe", issuer=issuer, valid_from=moment
    )
    report = check_quality(probe, profiles=tuple(profiles), now=moment)
    if not report.ok:
        problems = "; ".join(f.describe() for f in report.errors[:5])
        raise ValueError(f"the achievement or issuer fails the quality profiles: {problems}")


def _check_roster(path: Path, layout: Layout, checker: Checker) -> None:
    """Refuse a roster that does not fit the achievement before anything is signed: grades
    without a grading scheme, or grades the scheme cannot award. The refusal lists every
    problem of every row, each with its line and column, so that one correction is enough."""
    if "grade" not in layout.filled:
        return
    if checker.scheme is None:
        raise roster_error(
            str(path),
            f"the column {layout.header_of('grade')!r} holds grades, but the achievement has no "
            "grading scheme (resultDescription) to award them under: add one ('grading' in the "
            "input format) or leave the column out",
            1,
        )
    if not any(_cannot_award(checker, values) for _, values in iter_records(path, layout)):
        return  # the usual case, found by reading the grades alone: nothing kept per row
    found: list[tuple[int, RowError]] = []
    seen: dict[str, int] = {}
    for line, values in iter_records(path, layout):
        try:
            key = checker.row(line, values).key
        except RowError as exc:
            found.append((line, exc))
            if exc.code != "cohort.grade" and values.get("grade"):
                try:  # the grade too, whatever else is wrong with the row
                    checker.grade(values["grade"])
                except RowError as grade:
                    found.append((line, grade))
            continue
        except Exception:  # noqa: S112 - the run reports it for this row alone
            continue
        if key in seen:
            duplicate = _duplicate(line, seen[key])
            found.append((line, RowError(duplicate.code, duplicate.reason, field="recipient")))
        seen.setdefault(key, line)
    mismatched = sum(1 for _, exc in found if exc.mismatch)
    if not mismatched:
        return
    found.sort(key=lambda item: (item[0], layout.column_of(item[1].field or "") or 0))
    problems = [
        Problem(exc.code, f"{_where(layout, line, exc.field)}{exc.reason}") for line, exc in found
    ]
    lines = "\n".join(
        f"  {path}:{line}:{_column(layout, exc.field)}{exc.reason} [{exc.code}]"
        for line, exc in found
    )
    raise InvalidDocumentError(
        f"{path}: {mismatched} grade(s) the achievement's grading scheme cannot award "
        f"({_scheme_text(checker.scheme)}): nothing was issued. Correct the roster (or the "
        f"scheme) and run again; every problem of the roster:\n{lines}",
        problems=problems,
    )


def _cannot_award(checker: Checker, values: Mapping[str, str]) -> bool:
    """Whether the row's grade is one the achievement's grading scheme cannot award."""
    if not values.get("grade"):
        return False
    try:
        checker.grade(values["grade"])
    except RowError as exc:
        return exc.mismatch
    except Exception:  # the run reports it for this row alone
        return False
    return False


def _column(layout: Layout, field: str | None) -> str:
    """``"3: "`` for the column that gives ``field``, or nothing when there is none."""
    column = layout.column_of(field) if field else None
    return f"{column}: " if column else " "


def _where(layout: Layout, line: int, field: str | None) -> str:
    column = layout.column_of(field) if field else None
    return f"line {line}, column {column}: " if column else f"line {line}: "


def _scheme_text(scheme: Mapping[str, Any]) -> str:
    """The grading scheme in a few words: its allowed values, or its range and pass mark."""
    allowed = scheme.get("allowedValue")
    if isinstance(allowed, list) and allowed:
        return "one of " + ", ".join(map(str, allowed))
    text = f"{scheme.get('valueMin', '')}..{scheme.get('valueMax', '')}"
    if "requiredValue" in scheme:
        text += f", pass mark {scheme['requiredValue']}"
    return text


def _worker_count(workers: int | None, rows: int) -> int:
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count < 1:
        raise ValueError("workers must be at least 1")
    return 1 if rows < PARALLEL_MIN_ROWS else count


class _StatusLists:
    """Where new credentials' status entries come from: nothing, an in-memory list, or the
    issuer's state file (changed under its lock)."""

    def __init__(self, status_list: _StatusListArg) -> None:
        self.path: Path | None = None
        self.state: IssuerStatusList | None
        if status_list is None or isinstance(status_list, IssuerStatusList):
            self.state = status_list
        else:
            self.path = Path(status_list)
            self.state = IssuerStatusList.from_json(read_json(self.path), source=str(self.path))

    @property
    def list_id(self) -> str | None:
        """The URL of the status list new credentials get entries of (None: no list)."""
        return self.state.list_id if self.state is not None else None

    def allocate(self, batch: list[Row]) -> tuple[list[Row], StatusListFullError | None]:
        """The rows that got a status entry, allocated before any of them is signed, and the
        error to raise once they are issued when the list could not give every row one."""
        if self.state is None:
            return batch, None
        if self.path is None:
            return self._allocate_from(self.state, batch)
        # A state file is shared with `revoke` and other runs: allocate under its lock, from
        # what is on disk now, and save before any credential names these indexes.
        with edit_state_file(self.path) as current:
            return self._allocate_from(current, batch)

    @staticmethod
    def _allocate_from(
        state: IssuerStatusList, batch: list[Row]
    ) -> tuple[list[Row], StatusListFullError | None]:
        served = batch[: state.free]
        rows = [
            dataclasses.replace(row, status_entry=state.entry(state.allocate())) for row in served
        ]
        if len(served) == len(batch):
            return rows, None
        return rows, StatusListFullError(
            f"the status list {state.list_id} is full: the roster's rows from line "
            f"{batch[len(served)].line} on got no index and were not issued (the credentials "
            "issued are kept, see the manifest); issue the rows left out with a new status "
            "list into a new folder, from a roster of just those rows"
        )


class _Run:
    """One run's bookkeeping: what became of each row, the progress calls, the manifest.

    Nothing in it grows with the roster: rows are counted, written to the manifest as they are
    accounted for, and looked up in the run's :class:`RowIndex`.
    """

    def __init__(
        self,
        settings: Settings,
        key: Ed25519Key | EcdsaKey,
        roster: Path,
        layout: Layout,
        status: _StatusLists,
        ledger: Ledger,
        *,
        workers: int,
        chunk_size: int,
        progress: Callable[[CohortProgress], None] | None,
        started: float,
    ) -> None:
        self.settings = settings
        self.key = key
        self.roster = roster
        self.layout = layout
        self.status = status
        self.ledger = ledger
        self.workers = workers
        self.chunk_size = chunk_size
        self.progress = progress
        self.started = started
        self.out = Path(settings.out_dir)
        self.tally = {"issued": 0, "present": 0, "skipped": 0}
        self.last_checkpoint = time.monotonic()
        self.seconds = 0.0
        #: Whether the folder held credentials when the run began (of a folder issued before
        #: the ledger, whose files are named after their rows' keys); else a new row's file
        #: needs no looking for (the run writes only files named after fresh random ids).
        self.has_credentials = _has_credentials(self.out)
        self.manifest = ManifestWriter(
            self.out,
            {
                "achievement": settings.achievement["id"],
                "issuer": settings.issuer.id,
                "roster": roster.name,
                "issuedAt": settings.now,
                "cryptosuite": settings.cryptosuite,
                "credentialFormat": settings.format,
                "profiles": list(settings.profiles),
            },
            durable=settings.durable,
        )

    def execute(
        self,
        checker: Checker,
        executor: futures.Executor | None = None,
        key_loader: KeyLoader | None = None,
    ) -> None:
        """Issue every row that needs it; the manifest is written at the end whatever happens."""
        batches = self.batches(checker)
        try:
            if executor is not None:
                assert key_loader is not None
                tasks = executor_tasks(executor, self.settings, key_loader)
                run_tasks(tasks, self.workers * 2, batches, self.record, self.checkpoint)
            elif self.workers == 1:
                worker = RowIssuer(self.settings, self.key)
                for batch in batches:
                    for outcome in worker.process_batch(batch):
                        self.record(outcome)
                    self.checkpoint()
            else:
                pool = process_pool(self.settings, self.key, self.workers)
                run_tasks(pool, self.workers * 2, batches, self.record, self.checkpoint)
        finally:
            self.finish()

    def batches(self, checker: Checker) -> Iterator[list[Row]]:
        """Check the rows, account for bad and duplicate ones, and yield the rest in batches,
        each with its status entries allocated (a row with a file from an earlier run goes
        too: the worker that gets it checks whether the file is intact)."""
        inspector = RowIssuer(self.settings, self.key)
        index = self.ledger.index
        # A state file is read and written whole for each allocation: allocate for many rows
        # at once (then send them in chunks), so that a list of a million entries is not
        # rewritten once per chunk.
        gather = self.chunk_size if self.status.path is None else max(self.chunk_size, _STATE_BLOCK)
        batch: list[Row] = []
        for row in checked_rows(checker, self.roster, self.layout, index):
            if isinstance(row, SkippedRow):
                self.note(row)
                continue
            batch.append(self.recorded(row, inspector))
            self.manifest.expect(row.line)
            if len(batch) >= gather or self.manifest.buffered >= _MAX_WAITING:
                yield from self._with_status(batch)
                batch = []
        if batch:
            yield from self._with_status(batch)

    def _with_status(self, batch: list[Row]) -> Iterator[list[Row]]:
        """The batch with every row's id and status entry, recorded in the ledger before any
        of them is signed; then the error of a full status list, if it filled up."""
        fresh = [row for row in batch if not row.credential_id]
        served, full = self.status.allocate(fresh)
        allocated = [_with_new_id(row) for row in served]
        self.ledger.record(
            Allocation(row.key, row.credential_id, row.file, row.status_entry) for row in allocated
        )
        for row in fresh[len(served) :]:
            self.manifest.forget(row.line)  # no index: not issued in this run
        rows = sorted([*(row for row in batch if row.credential_id), *allocated], key=_line)
        for start in range(0, len(rows), self.chunk_size):
            yield rows[start : start + self.chunk_size]
        if full is not None:
            raise full

    def recorded(self, row: Row, inspector: RowIssuer) -> Row:
        """``row`` with the id, file and status entry the ledger recorded for it; a row of a
        folder issued before the ledger existed keeps the id its credential file has."""
        allocation = self.ledger.allocation(row.key)
        if allocation is None:
            if not self.has_credentials:
                return row  # a new row in a new folder: nothing to look for
            legacy = safe_file_name(row.key)
            if inspector.intact(self.out / legacy, row.key) is None:
                return row  # a new row: it is given an id with its batch
            allocation = Allocation(row.key, row.key, legacy, _status_of(self.out / legacy))
            self.ledger.record([allocation])
        return dataclasses.replace(
            row,
            credential_id=allocation.credential_id,
            file=allocation.file,
            status_entry=allocation.status_entry,
        )

    def record(self, outcome: Outcome) -> None:
        """Account for a worker's outcome."""
        if outcome.status == "skipped":
            self.note(SkippedRow(outcome.line, outcome.code, outcome.reason))
            return
        self.note(
            CohortEntry(
                outcome.line, outcome.status, outcome.credential_id, outcome.file, outcome.sha256
            )
        )

    def note(self, result: CohortEntry | SkippedRow) -> None:
        """Account for one row, and tell the progress callback."""
        self.tally["skipped" if isinstance(result, SkippedRow) else result.status] += 1
        self.manifest.put(result)
        if self.progress is not None:
            self.progress(
                CohortProgress(
                    done=sum(self.tally.values()),
                    total=self.layout.rows,
                    issued=self.tally["issued"],
                    present=self.tally["present"],
                    skipped=self.tally["skipped"],
                    elapsed=time.perf_counter() - self.started,
                )
            )

    def checkpoint(self) -> None:
        """Flush the manifest's new rows to disk, at most every few seconds."""
        if time.monotonic() - self.last_checkpoint >= _MANIFEST_EVERY:
            self.manifest.save()
            self.last_checkpoint = time.monotonic()

    def finish(self) -> None:
        """Write the manifest, with what was done however the run ends."""
        self.seconds = time.perf_counter() - self.started
        done = sum(self.tally.values())
        self.manifest.finish(
            {
                "complete": done == self.layout.rows,
                "summary": {
                    "rows": self.layout.rows,
                    "issued": self.tally["issued"],
                    "present": self.tally["present"],
                    "skipped": self.tally["skipped"],
                    "pending": self.layout.rows - done,
                    "seconds": round(self.seconds, 3),
                },
                "columns": dict(self.layout.headers),
                "ignoredColumns": list(self.layout.ignored),
            }
        )

    def report(self) -> CohortReport:
        """The report of the run (its rows are read from the manifest when first used)."""
        path, run = self.manifest.path, self.manifest.run

        def entries() -> Iterator[CohortEntry]:
            for row in read_rows(path, run):
                if row["status"] != "skipped":
                    yield entry_of(row)  # type: ignore[misc]

        def skipped() -> Iterator[SkippedRow]:
            for row in read_rows(path, run):
                if row["status"] == "skipped":
                    yield entry_of(row)  # type: ignore[misc]

        found = ManifestRows(self.tally["issued"] + self.tally["present"], entries)
        bad = ManifestRows(self.tally["skipped"], skipped)
        if self.layout.rows <= ROWS_IN_MEMORY:
            found, bad = found.load(), bad.load()
        return CohortReport(
            out_dir=self.out,
            manifest=path,
            total=self.layout.rows,
            entries=found,
            skipped=bad,
            seconds=self.seconds,
            workers=self.workers,
            columns=dict(self.layout.headers),
            ignored_columns=self.layout.ignored,
            roster_encoding="windows-1252" if self.layout.encoding == WINDOWS_1252 else "utf-8",
            tally=dict(self.tally),
        )


def _with_new_id(row: Row) -> Row:
    credential_id = new_credential_id()
    return dataclasses.replace(
        row, credential_id=credential_id, file=safe_file_name(credential_id), fresh=True
    )


def _line(row: Row) -> int:
    return row.line


def _has_credentials(folder: Path) -> bool:
    """Whether ``folder`` holds a credential file (a JSON or VC-JWT file)."""
    with os.scandir(folder) as entries:
        return any(
            entry.name.endswith((".json", ".jwt")) and entry.name != MANIFEST_NAME
            for entry in entries
        )


def _status_of(path: Path) -> dict[str, Any] | None:
    """The ``credentialStatus`` entry of an intact credential file (one entry, or none)."""
    try:
        entry = read_json(path).get("credentialStatus")
    except (OSError, MicrocredentialError, AttributeError):
        return None
    return dict(entry) if isinstance(entry, dict) else None


def _unexpected(exc: Exception) -> str:
    return f"the row could not be checked ({type(exc).__name__}: {str(exc)[:200]})"


def _duplicate(line: int, first: int) -> SkippedRow:
    return SkippedRow(
        line,
        "cohort.duplicate",
        f"the same recipient as line {first}: one credential per learner per achievement",
    )
