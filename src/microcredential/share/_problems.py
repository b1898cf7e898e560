"""The one way the sharing modules report a document they cannot use."""

from __future__ import annotations

from ..errors import InvalidDocumentError
from ..problems import Problem


def _invalid(code: str, message: str) -> InvalidDocumentError:
    """An :class:`InvalidDocumentError` with one problem (for the whole document)."""
    return InvalidDocumentError.from_problems([Problem(code, message)])
