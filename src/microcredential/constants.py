"""Names the standards fix, each written once: context URLs, proof purposes, defaults.

A leaf module: it imports nothing from the package, so every layer may use it.
"""

from typing import Final

__all__ = ["PROOF_PURPOSES"]

#: The proof purposes VC Data Integrity defines, each the name of the verification relationship
#: a controller document must list the proof's key under.
PROOF_PURPOSES: Final = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
)
