"""A compact VC-JWT verified by the same steps: its ``jwt`` check takes the place of ``proof``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..jwt import JwtCredential, verify_jwt
from .binding import _jwt_binding
from .common import _Options
from .results import CHECK_NAMES, Check, CheckStatus


def _jwt_names() -> tuple[str, ...]:
    return tuple("jwt" if name == "proof" else name for name in CHECK_NAMES)


def _jwt_checks(
    document: Mapping[str, Any], decoded: JwtCredential, options: _Options
) -> tuple[Check, Check]:
    """The ``jwt`` check, and the issuer binding of the key that signed the token."""
    outcome = verify_jwt(
        decoded,
        resolver=options.resolver or _default_resolver(),
        now=options.now,
        max_clock_skew=options.skew,
    )
    if not outcome.ok:
        status = CheckStatus.INDETERMINATE if outcome.indeterminate else CheckStatus.FAILED
        return Check("jwt", status, outcome.problems), Check("issuer-binding", CheckStatus.SKIPPED)
    return Check("jwt", CheckStatus.PASSED, outcome.problems), _jwt_binding(document, outcome)


def _default_resolver() -> Any:
    from ..resolve import ChainResolver  # did:key and did:jwk, offline

    return ChainResolver()
