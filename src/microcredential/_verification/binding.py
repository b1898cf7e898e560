"""The ``issuer-binding`` check: a verified proof (or the key of a VC-JWT) belongs to the issuer."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..integrity import ProofSetResult
from ..jwt import JwtVerification
from ..problems import Severity
from ..results import VerificationStatus
from .common import _VC_SPEC, _check, _problem, issuer_id
from .results import Check, CheckStatus, _bare

_PROOF_STATUS: Final = {
    VerificationStatus.VERIFIED: CheckStatus.PASSED,
    VerificationStatus.INVALID: CheckStatus.FAILED,
    VerificationStatus.INDETERMINATE: CheckStatus.INDETERMINATE,
}


def _issuer_binding(
    document: Mapping[str, Any], proofs: ProofSetResult, cosigners: bool = True
) -> Check:
    issuer = issuer_id(document)
    if issuer is None:
        return Check(
            "issuer-binding",
            CheckStatus.FAILED,
            (
                _problem(
                    "credential.issuer-missing",
                    "the credential names no issuer id ('issuer' as a URL, or 'issuer.id'), "
                    "so no proof can be tied to its issuer",
                    ["issuer"],
                ),
            ),
        )
    listed = isinstance(document.get("proof"), list)
    others = [result for result in proofs.proofs if result.controller != issuer]
    if not cosigners:
        found = [
            _problem(
                "credential.issuer-mismatch",
                f"proof {result.index} was made with {result.verification_method!r}, controlled "
                f"by {result.controller!r}, not by the issuer {issuer!r}: someone other than the "
                "issuer signed this credential; do not accept it",
                ["proof", *([result.index] if listed else [])],
                spec=_VC_SPEC + "#issuer",
            )
            for result in others
        ]
        return _check("issuer-binding", found)
    by_issuer = [
        result
        for result in proofs.proofs
        if result.controller == issuer
        and result.ok
        and result.proof.get("proofPurpose") == "assertionMethod"
    ]
    if not by_issuer:
        signers = sorted({str(result.controller) for result in proofs.proofs})
        return _check(
            "issuer-binding",
            [
                _problem(
                    "credential.issuer-mismatch",
                    f"no proof was made by the issuer {issuer!r} (signed by "
                    f"{', '.join(map(repr, signers))}): nothing shows the issuer issued this "
                    "credential; do not accept it",
                    ["proof"],
                    spec=_VC_SPEC + "#issuer",
                )
            ],
        )
    return _check(
        "issuer-binding",
        [
            _problem(
                "credential.other-signer",
                f"proof {result.index} was made by {result.controller!r} "
                f"({result.verification_method!r}), not by the issuer; it verifies, as every "
                "proof of a set or chain must, and vouches for that signer only",
                ["proof", *([result.index] if listed else [])],
                severity=Severity.INFO,
                spec="https://www.w3.org/TR/vc-data-integrity/#proof-sets",
            )
            for result in others
        ],
    )


def _jwt_binding(document: Mapping[str, Any], outcome: JwtVerification) -> Check:
    issuer = issuer_id(document)
    if issuer is None:
        return _issuer_binding(document, ProofSetResult(()))
    if outcome.controller is None:
        return Check(
            "issuer-binding",
            CheckStatus.INDETERMINATE,
            (
                _problem(
                    "jwt.key-not-bound",
                    "the token was verified with the key in its own header (jwk), which anyone "
                    f"can put there: nothing shows that the key belongs to the issuer {issuer!r}. "
                    "Ask the issuer to name its key with 'kid', or obtain its key from it",
                    ["issuer"],
                    severity=Severity.WARNING,
                ),
            ),
        )
    if outcome.controller != issuer:
        return _check(
            "issuer-binding",
            [
                _problem(
                    "credential.issuer-mismatch",
                    f"the token was signed with {outcome.verification_method!r}, controlled by "
                    f"{outcome.controller!r}, not by the issuer {issuer!r}: someone other than "
                    "the issuer signed this credential; do not accept it",
                    ["issuer"],
                    spec=_VC_SPEC + "#issuer",
                )
            ],
        )
    if outcome.authorized is None:
        return Check(
            "issuer-binding",
            CheckStatus.INDETERMINATE,
            (
                _problem(
                    "proof.controller-document-missing",
                    f"{outcome.verification_method!r} was resolved, but nothing says what its "
                    f"controller {issuer!r} authorises it for: supply the controller document "
                    "(e.g. --controller) so the verifier can see it listed under "
                    "'assertionMethod'",
                    ["issuer"],
                    severity=Severity.WARNING,
                ),
            ),
        )
    if not outcome.authorized:
        return _check(
            "issuer-binding",
            [
                _problem(
                    "proof.purpose-not-authorized",
                    f"{outcome.verification_method!r} is not listed under 'assertionMethod' by "
                    f"its controller {issuer!r}, so it may not sign credentials",
                    ["issuer"],
                )
            ],
        )
    return _bare("issuer-binding", CheckStatus.PASSED)
