"""The run's index of rows: which row keys it has seen, and what the ledger gave each key.

A roster of a million rows must not need a million Python objects: the index lives in a
scratch SQLite database beside the credentials (a temporary file of the output folder, removed
when the run ends, and by the next run if a crash left it), so the run's memory stays flat
however long the roster is.  It is rebuilt from the allocation ledger at the start of every
run; the ledger, not the index, is what a re-run trusts.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from .._files import TMP_PREFIX
from ._ledger import Allocation

#: Pages of the database kept in memory (negative: KiB), whatever the roster's size.
_CACHE_KIB: Final = 4096


class RowIndex:
    """Row keys seen in this run (with their line), and the allocations the ledger holds."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / f"{TMP_PREFIX}index-{secrets.token_hex(8)}.tmp"
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            for pragma in (
                "journal_mode=OFF",  # a scratch index: rebuilt by the next run, never trusted
                "synchronous=OFF",
                f"cache_size=-{_CACHE_KIB}",
                "temp_store=FILE",
            ):
                self._db.execute(f"PRAGMA {pragma}")
            self._db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")
            self._db.execute(
                "CREATE TABLE given (key TEXT PRIMARY KEY, credential TEXT, file TEXT, "
                "status TEXT) WITHOUT ROWID"
            )
            self._db.execute("BEGIN")
        except BaseException:
            self.close()
            raise
        self.allocations = 0

    def add(self, allocations: Iterable[Allocation]) -> None:
        """Index allocations read from the ledger (a later one for a key replaces the earlier)."""
        rows = [
            (
                a.key,
                a.credential_id,
                a.file,
                None if a.status_entry is None else json.dumps(a.status_entry),
            )
            for a in allocations
        ]
        self._db.executemany("INSERT OR REPLACE INTO given VALUES (?, ?, ?, ?)", rows)
        self.allocations += len(rows)

    def allocation(self, key: str) -> Allocation | None:
        """What the ledger gave ``key``, if anything."""
        if not self.allocations:
            return None
        found = self._db.execute(
            "SELECT credential, file, status FROM given WHERE key = ?", (key,)
        ).fetchone()
        if found is None:
            return None
        credential, file, status = found
        return Allocation(key, credential, file, None if status is None else json.loads(status))

    def first_line(self, key: str, line: int) -> int | None:
        """The line on which this run saw ``key`` before, or None (then ``line`` is recorded)."""
        cursor = self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, line))
        if cursor.rowcount:
            return None
        earlier = self._db.execute("SELECT line FROM seen WHERE key = ?", (key,)).fetchone()
        return int(earlier[0])

    def close(self) -> None:
        """Close and remove the index."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink()
