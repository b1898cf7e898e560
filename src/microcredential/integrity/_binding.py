"""Who may sign: the key of a proof must belong to the party the proof speaks for.

VC Data Integrity ties a proof to a party through its purpose: an ``assertionMethod`` proof
on a credential asserts the issuer's claims, an ``authentication`` proof on a presentation
authenticates the holder. Verifiers check that the proof's verification method is controlled
by that party; :func:`check_signer_binding` makes the same check before anything is signed,
for every path that signs (``sign``, ``sign_jwt``, ``issue``, cohorts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .._json import node_id
from ..errors import SigningError

#: The member naming the party a proof of each purpose speaks for.
_BOUND_MEMBER: Final = {"assertionMethod": "issuer", "authentication": "holder"}


def check_signer_binding(
    document: Mapping[str, Any], key: object, proof_purpose: str = "assertionMethod"
) -> None:
    """Raise :class:`~microcredential.SigningError` when ``key`` may not make a
    ``proof_purpose`` proof on ``document``: the document names an issuer (for
    ``assertionMethod``) or a holder (for ``authentication``) and the key's ``controller`` is
    not that party. A document without that member, a key without a controller and other
    purposes pass."""
    member = _BOUND_MEMBER.get(proof_purpose)
    if member is None or document.get(member) is None:
        return
    controller = getattr(key, "controller", None)
    named = node_id(document.get(member))
    if controller is None or named == controller:
        return
    raise SigningError(
        f"the document's {member} is {named!r} but the signing key belongs to "
        f"{controller!r}; a verifier would reject the proof as not the {member}'s. Sign "
        f"with a key whose controller is the {member} (generate_key(..., controller=...))"
    )
