"""Data Integrity proofs with Ed25519: ``eddsa-rdfc-2022`` and ``eddsa-jcs-2022``.

Building blocks; the recipes :func:`microcredential.sign` and :func:`microcredential.verify`
choose the defaults.
"""

from .jcs import canonicalize_json
from .proofs import (
    INDETERMINATE_CODES,
    ProofResult,
    ProofSetResult,
    ProofStatus,
    PublicKeyResolver,
    Signer,
    add_proof,
    verify_proofs,
)
from .suites import EDDSA_JCS_2022, EDDSA_RDFC_2022, SIGNING_SUITES, Cryptosuite, suite_named

__all__ = [
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "INDETERMINATE_CODES",
    "SIGNING_SUITES",
    "Cryptosuite",
    "ProofResult",
    "ProofSetResult",
    "ProofStatus",
    "PublicKeyResolver",
    "Signer",
    "add_proof",
    "canonicalize_json",
    "suite_named",
    "verify_proofs",
]
