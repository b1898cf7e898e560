"""Whether other verifiers accept how a credential is secured (profile ``1edtech``)."""

from __future__ import annotations

from ...interop import VERIFIERS, refusals
from ._framework import WARN, Context, Out, Rule


def _accepted_by_1edtech(ctx: Context) -> Out:
    for message, path in refusals(ctx.token or ctx.document, "1edtech"):
        yield WARN, message, path


ACCEPTED_BY_1EDTECH = Rule(
    id="IO-01",
    code="interop.format-not-accepted",
    severity="warning",
    source="1EdTech Open Badges 3.0 certification",
    quote=(
        "In order to pass 1EdTech conformance tests, issuers MUST use a proof mechanism "
        "supported by the 1EdTech conformance test suite. (Open Badges 3.0, Proofs)"
    ),
    spec=VERIFIERS["1edtech"].spec or "",
    title=(
        "the credential is secured in a way 1EdTech's validator accepts: an `eddsa-rdfc-2022`, "
        "`eddsa-2022`, `ecdsa-sd-2023` or `Ed25519Signature2020` proof, or a VC-JWT signed with "
        "RS256 or ES256"
    ),
    check=_accepted_by_1edtech,
)

RULES = (ACCEPTED_BY_1EDTECH,)
