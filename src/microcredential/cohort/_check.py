"""A roster checked before issuing: which rows :func:`issue_cohort` would skip, and why."""

from __future__ import annotations

import datetime as _dt
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._time import resolve_now
from ..keys import EcdsaKey, Ed25519Key
from ..quality import DEFAULT_PROFILES, BuildInput, IssuerInfo, MicrocredentialProfile
from ._index import RowIndex
from ._records import SkippedRow
from ._roster import WINDOWS_1252
from ._run import checked_rows, prepare
from ._writer import RowBuilder


@dataclass(frozen=True)
class RosterCheck:
    """What :func:`check_roster` found: the rows a run would skip, in roster order."""

    roster: Path
    total: int
    skipped: tuple[SkippedRow, ...]
    columns: Mapping[str, str] = field(default_factory=dict)
    ignored_columns: tuple[str, ...] = ()
    #: How the roster was read: ``"utf-8"`` or ``"windows-1252"``.
    roster_encoding: str = "utf-8"

    @property
    def would_issue(self) -> int:
        """Rows that would get a credential."""
        return self.total - len(self.skipped)

    @property
    def ok(self) -> bool:
        """Every row would get a credential."""
        return not self.skipped

    def summary(self) -> str:
        """One line: how many rows would be issued and how many skipped."""
        return (
            f"{self.total:,} rows: would issue {self.would_issue:,}, "
            f"would skip {len(self.skipped):,}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "roster": str(self.roster),
            "ok": self.ok,
            "rows": self.total,
            "wouldIssue": self.would_issue,
            "skipped": [row.to_dict() for row in self.skipped],
            "columns": dict(self.columns),
            "ignoredColumns": list(self.ignored_columns),
            "rosterEncoding": self.roster_encoding,
        }


def check_roster(
    achievement_or_profile: MicrocredentialProfile | BuildInput | Mapping[str, Any],
    roster: str | os.PathLike[str],
    *,
    key: Ed25519Key | EcdsaKey | None = None,
    issuer: IssuerInfo | None = None,
    achievement_id: str | None = None,
    profiles: Sequence[str] = DEFAULT_PROFILES,
    now: _dt.datetime | str | None = None,
) -> RosterCheck:
    """Check a roster as :func:`issue_cohort` would, without signing or writing anything:
    which rows it would skip, with their line, code and reason.

    The arguments mean what they mean for :func:`issue_cohort`. The key is optional: given,
    the issuer must be its controller (as for a run) and an input format's
    ``credential.issuer`` may leave out its ``id``; without one, the issuer is ``issuer`` or
    ``credential.issuer``, which must then name its ``id``.
    Every check made before signing runs: the achievement and issuer against ``profiles``, the
    roster's header and grades, each row, repeated recipients, and each row's credential against
    the quality profiles. A roster that passes issues every row into a new folder (what the
    check cannot foresee: a file in the way in the output folder, a full status list, a disk
    error). The roster is read as a stream; only the skipped rows are kept.

    Raises what :func:`issue_cohort` raises before its first row:
    :class:`~microcredential.InvalidDocumentError` for an unreadable roster, a bad header or
    grades the achievement cannot award, :class:`ValueError` for an achievement or issuer that
    fails its profiles or a missing issuer.
    """
    moment = resolve_now(now)
    achievement, chosen_issuer, roster_path, layout, checker = prepare(
        achievement_or_profile, roster, key, achievement_id, issuer, profiles, moment
    )
    builder = RowBuilder(achievement, chosen_issuer, profiles, moment)
    skipped: list[SkippedRow] = []
    # The recipients seen are indexed on disk (a scratch folder of the system's), so memory
    # stays flat however long the roster is.
    with tempfile.TemporaryDirectory(prefix="microcredential-check-") as scratch:
        index = RowIndex(Path(scratch))
        try:
            for row in checked_rows(checker, roster_path, layout, index):
                if isinstance(row, SkippedRow):
                    skipped.append(row)
                    continue
                refused = builder.check(row)
                if refused is not None:
                    skipped.append(SkippedRow(row.line, refused.code, refused.reason))
        finally:
            index.close()
    return RosterCheck(
        roster=roster_path,
        total=layout.rows,
        skipped=tuple(skipped),
        columns=dict(layout.headers),
        ignored_columns=layout.ignored,
        roster_encoding="windows-1252" if layout.encoding == WINDOWS_1252 else "utf-8",
    )
