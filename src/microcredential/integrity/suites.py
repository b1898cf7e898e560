"""The Data Integrity cryptosuites: how a document and a proof configuration become bytes.

Every suite here signs SHA-256(canonical proof configuration) ‖ SHA-256(canonical document)
with Ed25519.  They differ in how they canonicalize and in what the finished proof keeps:

==========================  ======================  ====================  =====  ================
suite                       proof ``type``          canonicalization      signs  proof keeps
                                                                                 ``@context``
==========================  ======================  ====================  =====  ================
``eddsa-rdfc-2022``         DataIntegrityProof      RDFC-1.0 (safe mode)  yes    no
``eddsa-jcs-2022``          DataIntegrityProof      RFC 8785 (JCS)        yes    yes
``eddsa-2022``              DataIntegrityProof      RDFC-1.0 (safe mode)  no     no
``Ed25519Signature2020``    Ed25519Signature2020    RDFC-1.0 (safe mode)  no     no
==========================  ======================  ====================  =====  ================

``eddsa-2022`` (the suite's name before the 2023 rename) and ``Ed25519Signature2020`` are
verified so that badges already in wallets keep working; new proofs use the current names.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import UnsupportedCryptosuiteError
from ..jsonld import OfflineLoader, canonicalize
from .jcs import canonicalize_json

__all__ = [
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "SIGNING_SUITES",
    "Cryptosuite",
    "suite_for_proof",
    "suite_named",
]

DATA_INTEGRITY_PROOF = "DataIntegrityProof"
ED25519_SIGNATURE_2020 = "Ed25519Signature2020"


@dataclass(frozen=True, slots=True)
class Cryptosuite:
    """One cryptosuite's parameters."""

    name: str
    proof_type: str
    rdf: bool
    can_sign: bool
    proof_keeps_context: bool

    def canonicalize(self, document: Mapping[str, Any], loader: OfflineLoader | None) -> str:
        """The canonical text of a document or proof configuration under this suite."""
        if self.rdf:
            return canonicalize(document, loader=loader)
        return canonicalize_json(document)

    def hash_data(
        self,
        document: Mapping[str, Any],
        proof_config: Mapping[str, Any],
        loader: OfflineLoader | None,
    ) -> bytes:
        """SHA-256 of the proof configuration followed by SHA-256 of the document."""
        config_hash = hashlib.sha256(self.canonicalize(proof_config, loader).encode()).digest()
        document_hash = hashlib.sha256(self.canonicalize(document, loader).encode()).digest()
        return config_hash + document_hash


EDDSA_RDFC_2022 = Cryptosuite("eddsa-rdfc-2022", DATA_INTEGRITY_PROOF, True, True, False)
EDDSA_JCS_2022 = Cryptosuite("eddsa-jcs-2022", DATA_INTEGRITY_PROOF, False, True, True)
_EDDSA_2022 = Cryptosuite("eddsa-2022", DATA_INTEGRITY_PROOF, True, False, False)
_ED25519_2020 = Cryptosuite(ED25519_SIGNATURE_2020, ED25519_SIGNATURE_2020, True, False, False)

_BY_NAME = {s.name: s for s in (EDDSA_RDFC_2022, EDDSA_JCS_2022, _EDDSA_2022, _ED25519_2020)}

#: Names accepted by :func:`microcredential.sign`.
SIGNING_SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")


def suite_named(name: str, *, for_signing: bool = False) -> Cryptosuite:
    """The suite called ``name``; raises :class:`UnsupportedCryptosuiteError` otherwise."""
    suite = _BY_NAME.get(name)
    if suite is None or (for_signing and not suite.can_sign):
        offered = ", ".join(SIGNING_SUITES if for_signing else sorted(_BY_NAME))
        reason = "is verify-only (legacy)" if suite else "is not supported"
        raise UnsupportedCryptosuiteError(f"cryptosuite {name!r} {reason}; use one of: {offered}")
    return suite


def suite_for_proof(proof: Mapping[str, Any]) -> Cryptosuite | None:
    """The suite a proof object names, or None when unsupported."""
    proof_type = proof.get("type")
    if proof_type == DATA_INTEGRITY_PROOF:
        name = proof.get("cryptosuite")
        suite = _BY_NAME.get(name) if isinstance(name, str) else None
        return suite if suite is not None and suite.proof_type == DATA_INTEGRITY_PROOF else None
    if proof_type == ED25519_SIGNATURE_2020:
        return _ED25519_2020
    return None
