"""Numbers and grades as people write them (rosters, the command line), in one place.

A number may have a decimal comma (``5,5``) or point and an exponent; a grade is checked
against an Open Badges ``ResultDescription`` (a grading scheme): one of its
``allowedValue`` s, or a number within ``valueMin``..``valueMax`` and at least
``requiredValue``.  Numeric grades are written with a decimal point.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["FailingGrade", "checked_grade", "decimal_point", "decimal_value", "shown"]

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]{1,4})?")
_MAX_NUMBER_TEXT = 32
_MAX_MAGNITUDE = 12


class FailingGrade(ValueError):
    """A grade the scheme knows, below its pass mark: the learner did not pass (any other
    :class:`ValueError` of :func:`checked_grade` means the scheme cannot award the grade)."""


def decimal_value(text: str) -> Decimal | None:
    """A number as a person writes it (ASCII digits, a decimal point or comma, an exponent),
    or None: not such a number, or beyond 10**12 either way.

    The bounds keep every later step cheap: ``1E+99999999`` is a short text for a number of
    a hundred million digits.

    >>> decimal_value("5,5")
    Decimal('5.5')
    """
    if len(text) > _MAX_NUMBER_TEXT or not _NUMBER.fullmatch(text):
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None
    if value and not -_MAX_MAGNITUDE <= value.adjusted() <= _MAX_MAGNITUDE:
        return None
    return value


def decimal_point(text: str) -> str:
    """``text`` with a decimal comma written as a point when it is a number (``"5,5"`` gives
    ``"5.5"``), as Open Badges writes numbers; any other text as it is.

    >>> decimal_point("5,5"), decimal_point("Goed")
    ('5.5', 'Goed')
    """
    return text.replace(",", ".") if decimal_value(text) is not None else text


def shown(text: str) -> str:
    """A value as a message quotes it: shortened when long."""
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def checked_grade(scheme: Mapping[str, Any], text: str) -> str:
    """The grade ``text`` as it is written into a credential under ``scheme`` (a
    ``ResultDescription``); :class:`ValueError` says why the scheme cannot award it, and
    :class:`FailingGrade` that it is below the pass mark.

    >>> checked_grade({"valueMin": "1", "valueMax": "10", "requiredValue": "5.5"}, "6,7")
    '6.7'
    """
    allowed = scheme.get("allowedValue")
    if isinstance(allowed, list) and allowed:
        if text not in allowed:
            raise ValueError(f"grade {shown(text)} is not one of {', '.join(map(str, allowed))}")
        return text
    low = decimal_value(str(scheme.get("valueMin", "")))
    high = decimal_value(str(scheme.get("valueMax", "")))
    if low is None and high is None:
        return text
    value = decimal_value(text)
    if value is None:
        raise ValueError(f"grade {shown(text)} is not a number")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(
            f"grade {text} is outside the scheme {scheme.get('valueMin')}..{scheme.get('valueMax')}"
        )
    required = decimal_value(str(scheme.get("requiredValue", "")))
    if required is not None and value < required:
        raise FailingGrade(
            f"grade {text} is below the pass mark {scheme.get('requiredValue')}; a credential "
            "is awarded for a passing grade only"
        )
    return decimal_point(text)
