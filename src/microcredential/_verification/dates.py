"""The ``validity-period`` check: ``validFrom`` and ``validUntil`` (VC 1.1: ``issuanceDate`` and
``expirationDate``) against the moment of verification and the clock skew."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from .._time import parse_datetime, shifted
from ..constants import VC_V1_CONTEXT
from ..problems import Problem
from .common import _VC_SPEC, _check, _first_context, _problem, _withheld
from .results import Check, CheckStatus, _bare


def _validity(
    document: Mapping[str, Any], now: datetime, skew: timedelta, selective: bool = False
) -> Check:
    v1 = _first_context(document) == VC_V1_CONTEXT
    start_key, end_key = ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    found: list[Problem] = []
    bounds: dict[str, datetime] = {}
    for key in (start_key, end_key):
        if key not in document:
            continue
        try:
            bounds[key] = parse_datetime(document[key])
        except (TypeError, ValueError) as exc:
            found.append(_problem("credential.invalid-date", f"{key}: {exc}", [key]))
    start, end = bounds.get(start_key), bounds.get(end_key)
    if start is not None and end is not None and end < start:
        found.append(
            _problem(
                "credential.invalid-validity-period",
                f"{end_key} ({document[end_key]}) is before {start_key} ({document[start_key]}): "
                "the credential is never valid; the issuer must correct it",
                [end_key],
                spec=_VC_SPEC + "#validity-period",
            )
        )
    elif start is not None and shifted(now, skew) < start:
        found.append(
            _problem(
                "credential.not-yet-valid",
                f"the credential is not valid before {document[start_key]}; check the clock, "
                "or try again then",
                [start_key],
            )
        )
    elif end is not None and shifted(now, skew, back=True) > end:
        found.append(
            _problem(
                "credential.expired",
                f"the credential expired at {document[end_key]}; ask the issuer for a current one",
                [end_key],
            )
        )
    missing = [key for key in (start_key, end_key) if key not in document]
    if selective and missing and not found:
        undisclosed = _withheld("credential.validity-undisclosed", " and ".join(missing))
        return Check("validity-period", CheckStatus.INDETERMINATE, (undisclosed,))
    if start is None and end is None and not found:
        return _bare("validity-period", CheckStatus.PASSED)
    return _check("validity-period", found)
