"""The results of a credential verification: named checks, their statuses, the verdict."""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .._deprecated import renamed_property
from ..problems import Problem, Severity
from ..results import VerificationStatus

#: The checks of a credential verification, in the order they run.
CHECK_NAMES: Final = (
    "compacted-form",
    "structure",
    "context-and-type",
    "subject",
    "proof",
    "issuer-binding",
    "refresh-service",
    "credential-status",
    "validity-period",
    "related-resources",
    "endorsements",
)
_AFTER_PROOF: Final = CHECK_NAMES[CHECK_NAMES.index("proof") + 1 :]
#: The check a ``ClrCredential`` adds after :data:`CHECK_NAMES`: its bundled credentials.
CLR_CHECK_NAME: Final = "credentials"
#: The rules a credential is judged by (:attr:`VerificationResult.profile`).
PROFILE_OPEN_BADGES: Final = "open-badges-3.0"
PROFILE_VC_2: Final = "vc-data-model-2.0"
PROFILE_VC_1: Final = "vc-data-model-1.1"


class CheckStatus(enum.StrEnum):
    """The outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    #: The check could not be completed (a key or status list could not be obtained).
    INDETERMINATE = "indeterminate"
    #: Not run, because an earlier check did not pass (or the caller turned it off).
    SKIPPED = "skipped"
    #: Nothing to check (no ``credentialStatus``, no endorsements...).
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True, slots=True)
class Check:
    """One named verification step and what it found."""

    name: str
    status: CheckStatus
    problems: tuple[Problem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "name": self.name,
            "status": self.status.value,
            "problems": [p.to_dict() for p in self.problems],
        }


def _bare(name: str, status: CheckStatus) -> Check:
    """The check ``name`` with ``status`` and no problems: one shared instance per name and
    status (a check is immutable), not a new one for every credential."""
    key = (name, status)
    found = _BARE.get(key)
    if found is None:
        found = _BARE.setdefault(key, Check(name, status))
    return found


_BARE: dict[tuple[str, CheckStatus], Check] = {}


class CheckedResult:
    """What every result made of named checks offers (credentials and presentations)."""

    __slots__ = ()
    checks: tuple[Check, ...]

    @property
    def status(self) -> VerificationStatus:
        """``invalid`` if a check failed, else ``indeterminate`` if one could not be decided,
        else ``verified``."""
        statuses = {c.status for c in self.checks}
        if CheckStatus.FAILED in statuses:
            return VerificationStatus.INVALID
        if CheckStatus.INDETERMINATE in statuses:
            return VerificationStatus.INDETERMINATE
        return VerificationStatus.VERIFIED

    @property
    def ok(self) -> bool:
        """True only when every applicable check passed (the status is ``verified``)."""
        return self.status is VerificationStatus.VERIFIED

    verified = renamed_property("verified", "ok")

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of this result's own checks (nested results keep theirs)."""
        return tuple(p for c in self.checks for p in c.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def check(self, name: str) -> Check:
        """The check called ``name`` (``KeyError`` if there is none)."""
        for item in self.checks:
            if item.name == name:
                return item
        raise KeyError(name)

    def _check_lines(self, pad: str) -> list[str]:
        lines = []
        for item in self.checks:
            lines.append(f"{pad}  {item.status.value:<15} {item.name}")
            lines.extend(f"{pad}      {p.severity.value}: {p.describe()}" for p in item.problems)
        return lines

    def __str__(self) -> str:
        return self.render_text()

    def render_text(self) -> str:  # pragma: no cover - every result defines its own
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class VerificationResult(CheckedResult):
    """The verification of one credential.

    ``checks`` run in the order of :data:`CHECK_NAMES`.  ``endorsements`` holds the result
    of every nested ``EndorsementCredential`` (``path`` says where it sits); their outcome
    is summarised by the ``endorsements`` check.
    """

    checks: tuple[Check, ...]
    kind: str = "OpenBadgeCredential"
    credential_id: str | None = None
    path: str = ""
    endorsements: tuple[VerificationResult, ...] = ()
    #: The rules applied: :data:`PROFILE_OPEN_BADGES`, :data:`PROFILE_VC_2` or
    #: :data:`PROFILE_VC_1` (see :func:`credential_profile`).
    profile: str = PROFILE_OPEN_BADGES
    #: A ``ClrCredential``'s bundled credentials, each verified on its own (``path`` says
    #: where it sits); the ``credentials`` check summarises them.
    credentials: tuple[VerificationResult, ...] = ()
    #: A digest of the JSON content verified (None: not recorded), for :meth:`describes`.
    content_digest: bytes | None = field(default=None, repr=False, compare=False)

    def has_problem(self, code: str) -> bool:
        """Whether any check reported a problem with ``code``."""
        return any(p.code == code for p in self.problems)

    def describes(self, document: Mapping[str, Any]) -> bool:
        """Whether this is the verification of exactly ``document``: the same JSON content
        (a VC-JWT's is the credential it carries), not only the same ``id``.  A result that
        recorded no content (one built by hand) compares ids only."""
        if self.content_digest is None:
            return document.get("id") == self.credential_id
        return _content_digest(document) == self.content_digest

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (``status``, ``verified``, ``profile``, ``checks``...)."""
        out: dict[str, Any] = {
            "status": self.status.value,
            "verified": self.ok,
            "kind": self.kind,
            "profile": self.profile,
            "id": self.credential_id,
        }
        if self.path:
            out["path"] = self.path
        out["checks"] = [c.to_dict() for c in self.checks]
        out["endorsements"] = [e.to_dict() for e in self.endorsements]
        if self.kind == "ClrCredential":
            out["credentials"] = [c.to_dict() for c in self.credentials]
        return out

    def render_text(self, *, indent: int = 0) -> str:
        """A readable report: the outcome, then one line per check and its problems."""
        pad = " " * indent
        where = f" at {self.path}" if self.path else ""
        lines = [
            f"{pad}{self.status.value.upper()}: {self.kind} {self.credential_id or '(no id)'}"
            f"{where} [{self.profile}]",
            *self._check_lines(pad),
        ]
        lines.extend(e.render_text(indent=indent + 4) for e in self.endorsements)
        lines.extend(c.render_text(indent=indent + 4) for c in self.credentials)
        return "\n".join(lines)


def _content_digest(document: Mapping[str, Any]) -> bytes | None:
    """SHA-256 of a document's JSON text (its keys sorted): the same for two documents with
    the same JSON content, whatever the order of their members; None for a value that is not
    JSON.  (``json.dumps`` writes a tuple as a list and a subclass as its base type: callers
    that must tell those apart check ``is_plain_json`` first.)"""
    try:
        text = _DIGEST_ENCODER.encode(document)
    except (TypeError, ValueError, RecursionError):
        return None
    return hashlib.sha256(text.encode("ascii")).digest()


#: The JSON text a digest is taken of: keys sorted, ASCII, no spaces.  (A value that holds
#: itself has no JSON text: the encoder recurses until RecursionError.)
_DIGEST_ENCODER: Final = json.JSONEncoder(
    sort_keys=True, allow_nan=False, check_circular=False, separators=(",", ":")
)
