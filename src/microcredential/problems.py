"""Problems: one reason why a document is invalid, unverifiable or incomplete.

A :class:`Problem` has a stable dotted ``code`` (documented in the problem-code catalogue),
a :class:`Severity`, a JSON pointer ``path`` (RFC 6901; ``""`` is the whole document), a
message that says what to do, and where one exists the specification it comes from.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Problem", "Severity", "json_pointer", "pointer_segments", "quote"]


class Severity(enum.StrEnum):
    """How much a problem matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def _escape(segment: str | int) -> str:
    return str(segment).replace("~", "~0").replace("/", "~1")


def json_pointer(segments: Iterable[str | int]) -> str:
    """Build an RFC 6901 JSON pointer from path segments.

    >>> json_pointer(["credentialSubject", "result", 0])
    '/credentialSubject/result/0'
    >>> json_pointer([])
    ''
    """
    return "".join("/" + _escape(s) for s in segments)


def quote(value: object, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters, for messages that quote the input.

    >>> quote("x" * 100, limit=10)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def pointer_segments(pointer: str) -> tuple[str, ...]:
    """Split a JSON pointer back into its (unescaped) segments."""
    if not pointer:
        return ()
    return tuple(part.replace("~1", "/").replace("~0", "~") for part in pointer.split("/")[1:])


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a document."""

    code: str
    message: str
    path: str = ""
    severity: Severity = Severity.ERROR
    spec: str | None = None

    @classmethod
    def at(
        cls,
        code: str,
        message: str,
        segments: Iterable[str | int] = (),
        *,
        severity: Severity = Severity.ERROR,
        spec: str | None = None,
    ) -> Problem:
        """Make a problem whose location is given as path segments."""
        return cls(code, message, json_pointer(segments), severity, spec)

    def describe(self) -> str:
        """One line: where, what, and the code."""
        where = self.path or "/"
        return f"{where}: {self.message} [{self.code}]"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "path": self.path,
            "message": self.message,
        }
        if self.spec:
            out["spec"] = self.spec
        return out
