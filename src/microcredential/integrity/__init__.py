"""Data Integrity proofs: adding and verifying them, and the cryptosuites that make them.

Building blocks; the recipes :func:`microcredential.sign` and :func:`microcredential.verify`
choose the defaults.
"""

from .._deprecated import renamed_attributes as _renamed_attributes
from ..results import VerificationStatus as _VerificationStatus
from .jcs import canonicalize_json
from .proofs import (
    INDETERMINATE_CODES,
    ProofResult,
    ProofSetResult,
    PublicKeyResolver,
    add_proof_unchecked,
    verify_proofs,
)
from .suites import (
    ECDSA_JCS_2019,
    ECDSA_RDFC_2019,
    EDDSA_JCS_2022,
    EDDSA_RDFC_2022,
    SIGNING_SUITES,
    Cryptosuite,
    suite_named,
)

__all__ = [
    "ECDSA_JCS_2019",
    "ECDSA_RDFC_2019",
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "INDETERMINATE_CODES",
    "SIGNING_SUITES",
    "Cryptosuite",
    "ProofResult",
    "ProofSetResult",
    "PublicKeyResolver",
    "add_proof_unchecked",
    "canonicalize_json",
    "suite_named",
    "verify_proofs",
]


def _signer() -> object:
    from ..keys import Signer

    return Signer


__getattr__ = _renamed_attributes(
    "microcredential.integrity",
    {
        "Signer": ("microcredential.keys.Signer", _signer),
        "ProofStatus": ("microcredential.results.VerificationStatus", lambda: _VerificationStatus),
        "add_proof": ("microcredential.integrity.add_proof_unchecked", lambda: add_proof_unchecked),
    },
)
