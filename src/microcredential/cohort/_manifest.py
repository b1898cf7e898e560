"""The manifest: ``manifest.json`` in the output folder accounts for every roster row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

from .._files import write_atomic
from .._json import read_json
from ..errors import InvalidDocumentError
from ._records import CohortEntry, CohortReport, SkippedRow
from ._writer import Settings

#: The manifest written into the output folder.
MANIFEST_NAME: Final = "manifest.json"
#: The ``format`` member of the manifest.
MANIFEST_FORMAT: Final = "microcredential.cohort-manifest/1"


def read_previous(out_dir: Path) -> dict[str, str]:
    """credential id -> SHA-256 recorded by an earlier run's manifest (empty if unreadable)."""
    try:
        data = read_json(out_dir / MANIFEST_NAME)
    except (OSError, InvalidDocumentError):
        return {}
    rows = data.get("rows") if isinstance(data, dict) else None
    known: dict[str, str] = {}
    for row in rows if isinstance(rows, list) else []:
        if (
            isinstance(row, dict)
            and isinstance(row.get("credential"), str)
            and isinstance(row.get("sha256"), str)
        ):
            known[row["credential"]] = row["sha256"]
    return known


def _manifest_line(record: CohortEntry | SkippedRow, cache: dict[int, str]) -> str:
    line = cache.get(record.line)
    if line is None:
        line = cache[record.line] = "    " + json.dumps(record.to_dict(), ensure_ascii=False)
    return line


def write_manifest(
    report: CohortReport, settings: Settings, roster: Path, lines: dict[int, str]
) -> None:
    """Write the manifest atomically: the run's settings, its figures, and one line per row
    accounted for so far (``lines`` caches each row's text across checkpoints)."""
    records: list[CohortEntry | SkippedRow] = [*report.entries, *report.skipped]
    records.sort(key=lambda record: record.line)
    manifest = {
        "format": MANIFEST_FORMAT,
        "achievement": settings.achievement["id"],
        "issuer": settings.issuer.id,
        "roster": roster.name,
        "issuedAt": settings.now,
        "cryptosuite": settings.cryptosuite,
        "credentialFormat": settings.format,
        "profiles": list(settings.profiles),
        "complete": report.ok,
        "summary": {
            "rows": report.total,
            "issued": report.issued,
            "present": report.present,
            "skipped": len(report.skipped),
            "pending": report.total - len(records),
            "seconds": round(report.seconds, 3),
        },
        "columns": dict(report.columns),
        "ignoredColumns": list(report.ignored_columns),
        "rows": [],
    }
    # One row per line: readable, and the C JSON encoder (indent= would use the slow one).
    # Rows do not change once recorded, so each is serialized once per run (``lines``).
    rows_text = ",\n".join(_manifest_line(record, lines) for record in records)
    head = json.dumps(manifest, indent=2, ensure_ascii=False)
    assert head.endswith('"rows": []\n}')
    text = head[: -len("[]\n}")] + ("[\n" + rows_text + "\n  ]\n}\n" if records else "[]\n}\n")
    write_atomic(report.manifest, text, mode=0o600, durable=settings.durable)
