"""What a cohort run reports: one record per roster row, progress, and the whole report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .._deprecated import renamed_property

_Status = Literal["issued", "present"]


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


@dataclass(frozen=True)
class CohortReport:
    """What :func:`issue_cohort` did. ``entries`` and ``skipped`` are in roster order."""

    out_dir: Path
    manifest: Path
    total: int
    entries: tuple[CohortEntry, ...]
    skipped: tuple[SkippedRow, ...]
    seconds: float
    workers: int
    columns: Mapping[str, str] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()
    #: How the roster was read: ``"utf-8"``, or ``"windows-1252"`` (Excel's "CSV (gescheiden
    #: door lijstscheidingsteken)").
    roster_encoding: str = "utf-8"

    @property
    def issued(self) -> int:
        """Credentials signed and written in this run."""
        return sum(1 for e in self.entries if e.status == "issued")

    @property
    def present(self) -> int:
        """Credentials found intact from an earlier run (not issued again)."""
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
