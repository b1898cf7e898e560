"""The manifest: ``manifest.json`` in the output folder accounts for every roster row.

While a run goes on, each row is appended, in roster order, to the journal
``manifest.jsonl`` (its first line says what the run issues with), flushed to disk every few
seconds after the credentials it names: it is never rewritten, so its cost per row stays the
same however long the roster is, and a crash can cut short only its last line.  When the run
stops — done, interrupted or failed — ``manifest.json`` is written from the journal in one
streaming pass, atomically, with the run's figures at the top.
"""

from __future__ import annotations

import collections
import heapq
import json
import secrets
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Final

from .._files import flush_appended, fsync_dir, open_append, write_atomic
from ..errors import MicrocredentialError
from ._records import CohortEntry, SkippedRow

#: The manifest written into the output folder.
MANIFEST_NAME: Final = "manifest.json"
#: The journal the manifest is written from: one JSON object per line, appended to.
JOURNAL_NAME: Final = "manifest.jsonl"
#: The ``format`` member of the manifest.
MANIFEST_FORMAT: Final = "microcredential.cohort-manifest/1"
#: Rows accounted for that are written to the journal at the latest (else every few seconds).
_SAVE_ROWS: Final = 8192
#: How a row is indented in ``manifest.json`` (one row per line, which :func:`read_rows` reads).
_ROW_INDENT: Final = "    "
#: Writes a row's record (one encoder for all, rather than one made for each).
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False)


class ManifestWriter:
    """Appends each row's record to the journal in line order, and writes ``manifest.json``.

    Rows sent to be signed are :meth:`expect` ed in line order; a record (:meth:`put`) is
    written once every row before it is accounted for, so rows finished out of order wait in a
    small buffer (the rows in flight, not the roster).
    """

    def __init__(self, out: Path, head: Mapping[str, Any], *, durable: bool) -> None:
        self.out = out
        self.path = out / MANIFEST_NAME
        self.journal = out / JOURNAL_NAME
        self.durable = durable
        self.run = secrets.token_hex(8)
        self.head = {"format": MANIFEST_FORMAT, "run": self.run, **head}
        self.rows = 0
        self._expected: collections.deque[int] = collections.deque()
        self._waiting: set[int] = set()  # expected lines not accounted for yet
        self._ready: list[tuple[int, str]] = []  # a heap of (line, record text)
        self._unsaved: list[str] = []
        try:
            self._handle = open_append(self.journal, truncate=True)
        except OSError as exc:
            raise MicrocredentialError(
                f"{self.journal}: cannot write the manifest journal ({exc.strerror or exc}); "
                "it must be a regular file"
            ) from None
        self._unsaved.append(json.dumps(self.head, ensure_ascii=False))
        self.save()

    @property
    def buffered(self) -> int:
        """Records waiting for an earlier row."""
        return len(self._ready)

    def expect(self, line: int) -> None:
        """The row on ``line`` is being signed: rows after it wait for its record."""
        self._expected.append(line)
        self._waiting.add(line)

    def forget(self, line: int) -> None:
        """The row on ``line`` will not be accounted for in this run (it stays pending)."""
        self._waiting.discard(line)
        self._advance()

    def put(self, record: CohortEntry | SkippedRow) -> None:
        """Account for a row."""
        text = _ENCODER.encode(record.to_dict())
        heapq.heappush(self._ready, (record.line, text))
        self._waiting.discard(record.line)
        self._advance()

    def _advance(self) -> None:
        while self._expected and self._expected[0] not in self._waiting:
            self._expected.popleft()
        first_open = self._expected[0] if self._expected else None
        while self._ready and (first_open is None or self._ready[0][0] < first_open):
            self._unsaved.append(heapq.heappop(self._ready)[1])
            self.rows += 1
        if len(self._unsaved) >= _SAVE_ROWS:
            self.save()  # a long stretch of rows refused before any batch: keep memory flat

    def save(self) -> None:
        """Append the rows accounted for in order, and flush them to disk (after the folder,
        so that the journal never names a credential whose file a crash could still lose)."""
        if self.durable:
            fsync_dir(self.out)
        if self._unsaved:
            self._handle.write(("\n".join(self._unsaved) + "\n").encode("utf-8"))
            self._unsaved = []
        flush_appended(self._handle, durable=self.durable)

    def finish(self, figures: Mapping[str, Any]) -> None:
        """Save every record (also those after a row never accounted for: the run stopped),
        close the journal and write ``manifest.json`` with ``figures`` at the top."""
        while self._ready:
            self._unsaved.append(heapq.heappop(self._ready)[1])
            self.rows += 1
        self.save()
        self._handle.close()
        head = json.dumps({**self.head, **figures, "rows": []}, indent=2, ensure_ascii=False)
        assert head.endswith('"rows": []\n}')
        write_atomic(self.path, self._text(head[: -len("[]\n}")]), mode=0o600, durable=self.durable)

    def _text(self, head: str) -> Iterator[bytes]:
        """``manifest.json``, in pieces: the head, then the journal's rows, one per line."""
        yield head.encode("utf-8")
        separator = b"[\n"
        with self.journal.open("rb") as journal:
            next(journal, None)  # the journal's own first line: the head
            for line in journal:
                if not line.endswith(b"\n"):
                    break  # cut short (it cannot be, since this run wrote it; but never half)
                yield separator + _ROW_INDENT.encode("ascii") + line[:-1]
                separator = b",\n"
        yield b"[]\n}\n" if separator == b"[\n" else b"\n  ]\n}\n"


def read_rows(path: Path, run: str) -> Iterator[dict[str, Any]]:
    """The rows of the manifest ``path`` written by the run ``run``, one at a time;
    :class:`~microcredential.MicrocredentialError` when another run has replaced it."""
    try:
        with path.open("r", encoding="utf-8") as handle:
            head = "".join(line for _, line in zip(range(4), handle, strict=False))
            if f'"run": {json.dumps(run)}' not in head:
                raise MicrocredentialError(
                    f"{path}: another run has issued into this folder since, and its manifest "
                    "replaced this run's rows; read the manifest (or keep the report's rows "
                    "before issuing again)"
                )
            for line in handle:
                if line.startswith(_ROW_INDENT + "{"):
                    yield json.loads(line.rstrip().rstrip(","))
    except OSError as exc:
        raise MicrocredentialError(
            f"{path}: cannot read the manifest ({exc.strerror or exc})"
        ) from None


def entry_of(row: Mapping[str, Any]) -> CohortEntry | SkippedRow:
    """The report's record of a manifest row."""
    if row["status"] == "skipped":
        return SkippedRow(row["line"], row["code"], row["reason"])
    return CohortEntry(row["line"], row["status"], row["credential"], row["file"], row["sha256"])
