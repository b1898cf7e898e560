"""Tolerant readers of single JSON values, shared by the decoders and the quality rules.

Each answers "is this value usable as …" without raising; the rules report what is not.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import TypeGuard

from .._time import parse_datetime

__all__ = ["Path", "is_number", "is_text", "read_datetime"]

#: A place in a JSON document, as the segments of its JSON pointer.
Path = tuple[str | int, ...]


def is_text(value: object) -> TypeGuard[str]:
    """A string with something other than white space in it."""
    return isinstance(value, str) and bool(value.strip())


def is_number(value: object) -> bool:
    """A finite JSON number (``true`` and ``false`` are not numbers)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_datetime(value: object) -> _dt.datetime | None:
    """An XSD ``dateTimeStamp`` (offset required) as an aware datetime, else ``None``."""
    if not isinstance(value, str):
        return None
    try:
        return parse_datetime(value)
    except ValueError:
        return None
