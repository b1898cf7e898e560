"""What a cohort run reports: one record per roster row, progress, and the whole report."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar, overload

from .._deprecated import renamed_property

_Status = Literal["issued", "present"]
_T = TypeVar("_T")
#: Runs with at most this many rows keep them in their report (larger ones read the manifest).
ROWS_IN_MEMORY = 10_000


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A roster row that produced no credential: its line number, a stable code and why."""

    line: int
    code: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "status": "skipped", "code": self.code, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class CohortEntry:
    """A roster row with a credential: ``issued`` now or already ``present`` from a run before."""

    line: int
    status: _Status
    credential_id: str
    file: str
    sha256: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "status": self.status,
            "credential": self.credential_id,
            "file": self.file,
            "sha256": self.sha256,
        }


@dataclass(frozen=True, slots=True)
class CohortProgress:
    """Passed to the ``progress`` callback after every row."""

    done: int
    total: int
    issued: int
    present: int
    skipped: int
    elapsed: float


class ManifestRows(Sequence[_T]):
    """Rows of a run, read from its manifest: at once for a run of up to
    :data:`ROWS_IN_MEMORY` rows, else when first used (a run of a million rows does not keep
    them in memory, and its rows can be read only until the next run replaces the manifest).
    Compares equal to a tuple of the same rows."""

    __slots__ = ("_length", "_load", "_rows")

    def __init__(self, length: int, load: Callable[[], Iterator[_T]]) -> None:
        self._length = length
        self._load = load
        self._rows: tuple[_T, ...] | None = None

    def load(self) -> ManifestRows[_T]:
        """Read the rows now (and keep them)."""
        self._all()
        return self

    def _all(self) -> tuple[_T, ...]:
        if self._rows is None:
            self._rows = tuple(self._load())
        return self._rows

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[_T, ...]: ...
    def __getitem__(self, index: int | slice) -> _T | tuple[_T, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[_T]:
        return iter(self._all()) if self._rows is not None or not self._length else self._load()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, ManifestRows | tuple | list):
            return self._all() == tuple(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._all())


@dataclass(frozen=True)
class CohortReport:
    """What :func:`issue_cohort` did. ``entries`` and ``skipped`` are in roster order; after a
    run they are read from its manifest when first used."""

    out_dir: Path
    manifest: Path
    total: int
    entries: Sequence[CohortEntry]
    skipped: Sequence[SkippedRow]
    seconds: float
    workers: int
    columns: Mapping[str, str] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()
    #: How the roster was read: ``"utf-8"``, or ``"windows-1252"`` (Excel's "CSV (gescheiden
    #: door lijstscheidingsteken)").
    roster_encoding: str = "utf-8"
    #: How many entries were ``issued`` and ``present`` (counted from ``entries`` if absent).
    tally: Mapping[str, int] | None = None

    @property
    def issued(self) -> int:
        """Credentials signed and written in this run."""
        if self.tally is not None:
            return self.tally["issued"]
        return sum(1 for e in self.entries if e.status == "issued")

    @property
    def present(self) -> int:
        """Credentials found intact from an earlier run (not issued again)."""
        if self.tally is not None:
            return self.tally["present"]
        return sum(1 for e in self.entries if e.status == "present")

    @property
    def ok(self) -> bool:
        """Every roster row is accounted for: issued, already present, or skipped with a reason."""
        return len(self.entries) + len(self.skipped) == self.total

    complete = renamed_property("complete", "ok")

    @property
    def per_second(self) -> float:
        """Credentials issued per second of wall-clock time."""
        return self.issued / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """One line: issued, already present, skipped, time and rate."""
        return (
            f"{self.total:,} rows: issued {self.issued:,}, already present {self.present:,}, "
            f"skipped {len(self.skipped):,} in {self.seconds:.1f} s "
            f"({self.per_second:.1f} credentials/s, {self.workers} worker"
            f"{'' if self.workers == 1 else 's'})"
        )
