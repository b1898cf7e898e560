"""Names the standards fix, each written once: context URLs, proof purposes, defaults.

A leaf module: it imports nothing from the package, so every layer may use it.
"""

from typing import Final

__all__ = [
    "CLR_CONTEXT",
    "DEFAULT_CRYPTOSUITE",
    "OB_CONTEXT",
    "PROOF_PURPOSES",
    "VC_V1_CONTEXT",
    "VC_V2_CONTEXT",
]

#: The first ``@context`` of a VC Data Model 2.0 document.
VC_V2_CONTEXT: Final = "https://www.w3.org/ns/credentials/v2"
#: The first ``@context`` of a VC Data Model 1.1 document (read, never written).
VC_V1_CONTEXT: Final = "https://www.w3.org/2018/credentials/v1"
#: The Open Badges 3.0 context new documents are written with (version 3.0.3; documents signed
#: with 3.0.0–3.0.2 keep theirs, since a proof holds only under the context it was made with).
OB_CONTEXT: Final = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
#: The 1EdTech CLR 2.0 context new Comprehensive Learner Records are written with.
CLR_CONTEXT: Final = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json"

#: The proof purposes VC Data Integrity defines, each the name of the verification relationship
#: a controller document must list the proof's key under.
PROOF_PURPOSES: Final = (
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
)

#: The cryptosuite signing uses unless told otherwise: RDF canonicalization in safe mode, so
#: that what is signed is what the document means.
DEFAULT_CRYPTOSUITE: Final = "eddsa-rdfc-2022"
