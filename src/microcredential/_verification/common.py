"""What the checks of a credential verification share: the options of one verification, the
specifications problems cite, and the helpers that make problems and checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Final

from .._json import node_id
from ..fetch import Fetcher
from ..integrity import PublicKeyResolver
from ..jsonld import OfflineLoader
from ..problems import Problem, Severity
from .results import Check, CheckStatus, _bare

if TYPE_CHECKING:
    from .status import StatusListCache


_OB_SPEC: Final = "https://www.imsglobal.org/spec/ob/v3p0/#verification"
_ENDORSEMENT_SPEC: Final = "https://www.imsglobal.org/spec/ob/v3p0/#endorsement-verification"
_VC_SPEC: Final = "https://www.w3.org/TR/vc-data-model-2.0/"
_SD_SPEC: Final = "https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-sd-2023"
_CLR_SPEC: Final = "https://www.imsglobal.org/spec/clr/v2p0/#verification"
#: Where a ``ClrCredential`` carries the learner's credentials.
_CLR_BUNDLE: Final[tuple[str | int, ...]] = ("credentialSubject", "verifiableCredential")


@dataclass(frozen=True, slots=True)
class _Options:
    resolver: PublicKeyResolver | None
    fetcher: Fetcher | None
    now: datetime
    skew: timedelta
    loader: OfflineLoader | None
    schema: bool
    endorsements: bool
    #: Status list verdicts already reached, for a :class:`~microcredential.Verifier` that
    #: checks many credentials against the same lists (None: nothing is kept).
    list_cache: StatusListCache | None = None
    #: Whether proofs by other signers than the issuer are accepted (and reported).
    cosigners: bool = True


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _first_context(document: Mapping[str, Any]) -> Any:
    context = document.get("@context")
    return context[0] if isinstance(context, list) and context else context


def issuer_id(document: Mapping[str, Any]) -> str | None:
    """The credential's issuer id: ``issuer`` when a string, else ``issuer.id``."""
    return node_id(document.get("issuer"))


def _problem(
    code: str,
    message: str,
    segments: Iterable[str | int] = (),
    *,
    severity: Severity = Severity.ERROR,
    spec: str | None = _OB_SPEC,
) -> Problem:
    return Problem.at(code, message, segments, severity=severity, spec=spec)


def _check(name: str, problems: Iterable[Problem], *, empty: CheckStatus | None = None) -> Check:
    found = tuple(problems)
    if not found:
        return _bare(name, empty or CheckStatus.PASSED)
    if any(p.severity is Severity.ERROR for p in found):
        return Check(name, CheckStatus.FAILED, found)
    return Check(name, empty or CheckStatus.PASSED, found)


def _withheld(code: str, members: str) -> Problem:
    """Why a check cannot pass on a selectively disclosed credential: the members it decides
    on are absent, and a holder may have withheld them."""
    return _problem(
        code,
        f"the credential was selectively disclosed (ecdsa-sd-2023) without {members}: the "
        "holder may have withheld them, so their absence shows nothing. Ask the holder to "
        f"disclose {members} (issuers: make them mandatory)",
        [],
        severity=Severity.WARNING,
        spec=_SD_SPEC,
    )
