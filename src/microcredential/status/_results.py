"""What the verifier's check reports: :class:`StatusResult`, one :class:`EntryStatus` per entry."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Final

from ..problems import Problem


class StatusOutcome(enum.StrEnum):
    """What one status entry says about the credential."""

    OK = "ok"
    """Status 0 on a revocation or suspension list (or a non-blocking purpose)."""
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    FLAGGED = "flagged"
    """A non-zero status for another purpose (``refresh``, ``message``, ...): read ``message``."""
    INDETERMINATE = "indeterminate"
    """The status could not be established: no fetcher, list unavailable, untrusted or broken."""
    INVALID = "invalid"
    """The credential's own status entry is malformed or does not fit the list."""


#: Which outcome wins when a credential has several entries (most severe first).
_PRECEDENCE: Final = (
    StatusOutcome.REVOKED,
    StatusOutcome.SUSPENDED,
    StatusOutcome.INVALID,
    StatusOutcome.INDETERMINATE,
    StatusOutcome.FLAGGED,
    StatusOutcome.OK,
)


@dataclass(frozen=True, slots=True)
class EntryStatus:
    """The result for one ``credentialStatus`` entry."""

    outcome: StatusOutcome
    type: str | None
    purpose: str | None = None
    list_url: str | None = None
    index: int | None = None
    status: int | None = None
    message: str | None = None
    proof_checked: bool = False
    path: str = ""
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool | None:
        """The spec's ``valid`` (status == 0), or None when no status was read."""
        return None if self.status is None else self.status == 0


@dataclass(frozen=True, slots=True)
class StatusResult:
    """The result of :func:`check_status`: one :class:`EntryStatus` per entry."""

    entries: tuple[EntryStatus, ...] = ()
    problems: tuple[Problem, ...] = field(default=())

    @property
    def outcome(self) -> StatusOutcome:
        """The most severe entry outcome (``ok`` when there is no status entry at all)."""
        if len(self.entries) == 1:  # the usual credential: one entry, its outcome
            return self.entries[0].outcome
        found = {e.outcome for e in self.entries}
        return next((o for o in _PRECEDENCE if o in found), StatusOutcome.OK)

    @property
    def ok(self) -> bool:
        """True when every entry was read and none revokes, suspends or is invalid."""
        return self.outcome in (StatusOutcome.OK, StatusOutcome.FLAGGED)

    @property
    def revoked(self) -> bool:
        """True when any entry says revoked."""
        return any(e.outcome is StatusOutcome.REVOKED for e in self.entries)

    @property
    def suspended(self) -> bool:
        """True when any entry says suspended."""
        return any(e.outcome is StatusOutcome.SUSPENDED for e in self.entries)
