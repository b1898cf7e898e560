"""Which verifiers accept which ways of securing a credential.

A credential that verifies here may still be refused elsewhere: each verifier accepts only
some Data Integrity cryptosuites and some JWS algorithms.  :data:`VERIFIERS` says what the
known ones accept, and :func:`interop_problems` tells an issuer, before it hands a credential
out, which of its proofs (or its VC-JWT algorithm) a verifier will refuse, and what to use
instead.  The quality profile ``1edtech`` (``validate --profile 1edtech``) reports the same.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .errors import InvalidDocumentError
from .integrity import EDDSA_RDFC_2022
from .jwt import decode_jwt_credential, is_compact_jws
from .problems import Problem, Severity, json_pointer

__all__ = ["VERIFIERS", "Acceptance", "interop_problems", "refusals", "securing"]


@dataclass(frozen=True, slots=True)
class Acceptance:
    """What one verifier accepts: embedded proofs by cryptosuite (or proof type), VC-JWTs by
    algorithm, and the advice given when something else is used: ``advice_for`` by the
    refused cryptosuite or algorithm (``"jwt:"`` before an algorithm), else ``advice``."""

    name: str
    proofs: frozenset[str]
    jwt_algorithms: frozenset[str]
    advice: str
    spec: str | None = None
    advice_for: Mapping[str, str] = field(default_factory=dict)

    def advice_on(self, kind: str, name: str) -> str:
        """What to use instead of ``name`` (a cryptosuite when ``kind`` is ``"proof"``, a
        JWS algorithm when it is ``"jwt"``)."""
        return self.advice_for.get(f"jwt:{name}" if kind == "jwt" else name, self.advice)


#: The verifiers whose acceptance is known, by the name a profile uses.
VERIFIERS: Final[Mapping[str, Acceptance]] = {
    "1edtech": Acceptance(
        name="1EdTech's Open Badges 3.0 validator (conformance certification)",
        proofs=frozenset(
            {EDDSA_RDFC_2022.name, "eddsa-2022", "ecdsa-sd-2023", "Ed25519Signature2020"}
        ),
        jwt_algorithms=frozenset({"RS256", "ES256"}),
        advice=(
            "sign with an Ed25519 key and eddsa-rdfc-2022 (its default), or as a VC-JWT with "
            "an RSA key (RS256) or a P-256 key (ES256)"
        ),
        spec="https://www.imsglobal.org/spec/ob/v3p0/cert/",
        advice_for={
            "eddsa-jcs-2022": (
                "the same Ed25519 key signs eddsa-rdfc-2022, which it accepts (the default "
                "cryptosuite of an Ed25519 key)"
            ),
            **dict.fromkeys(
                ("ecdsa-rdfc-2019", "ecdsa-jcs-2019"),
                "a P-256 key signs it as a VC-JWT (ES256), which it accepts (format='jwt', on "
                "the command line --format jwt); a P-384 key is accepted in neither form: sign "
                "with an Ed25519 key and eddsa-rdfc-2022 instead",
            ),
            "jwt:EdDSA": (
                "the same Ed25519 key makes an eddsa-rdfc-2022 proof, which it accepts (leave "
                "out format='jwt' / --format jwt); for a VC-JWT use an RSA key (RS256) or a "
                "P-256 key (ES256)"
            ),
            "jwt:ES384": (
                "P-384 is not accepted: sign the VC-JWT with a P-256 key (ES256) or an RSA key "
                "(RS256), or make an eddsa-rdfc-2022 proof with an Ed25519 key"
            ),
        },
    ),
}


def securing(document: Mapping[str, Any] | str) -> list[tuple[str, str, tuple[str | int, ...]]]:
    """How ``document`` is secured: ``("proof", cryptosuite or proof type, path)`` for each
    embedded proof and ``("jwt", alg, path)`` for a compact VC-JWT.  Nothing is verified."""
    if isinstance(document, str):
        if not is_compact_jws(document):
            return []
        try:
            decoded = decode_jwt_credential(document)
        except InvalidDocumentError:
            return []
        return [("jwt", str(decoded.header.get("alg")), ("header", "alg"))]
    raw = document.get("proof") if isinstance(document, Mapping) else None
    proofs = raw if isinstance(raw, list) else [raw] if raw is not None else []
    found: list[tuple[str, str, tuple[str | int, ...]]] = []
    for index, proof in enumerate(proofs):
        if not isinstance(proof, Mapping):
            continue
        name = proof.get("cryptosuite") or proof.get("type")
        where: tuple[str | int, ...] = ("proof", index) if isinstance(raw, list) else ("proof",)
        found.append(("proof", str(name), where))
    return found


def refusals(
    document: Mapping[str, Any] | str, verifier: str = "1edtech"
) -> list[tuple[str, tuple[str | int, ...]]]:
    """``(message, path)`` for each way ``document`` is secured that ``verifier`` refuses,
    when it accepts none of them; see :func:`interop_problems`."""
    accepts = VERIFIERS.get(verifier)
    if accepts is None:
        raise ValueError(f"verifier must be one of {', '.join(VERIFIERS)}, not {verifier!r}")
    found = securing(document)
    if any(
        name in (accepts.proofs if kind == "proof" else accepts.jwt_algorithms)
        for kind, name, _ in found
    ):
        return []
    return [
        (
            f"{accepts.name} does not accept "
            f"{f'a VC-JWT signed with {name}' if kind == 'jwt' else f'a proof made with {name}'}: "
            f"{accepts.advice_on(kind, name)}",
            where,
        )
        for kind, name, where in found
    ]


def interop_problems(document: Mapping[str, Any] | str, verifier: str = "1edtech") -> list[Problem]:
    """Warnings (``interop.format-not-accepted``) for each way ``document`` (a credential, or
    a compact VC-JWT) is secured that ``verifier`` (a key of :data:`VERIFIERS`) refuses,
    saying what to use instead.

    A credential with several proofs is accepted when one of them is; an unsigned document
    gives no warning.
    """
    spec = VERIFIERS[verifier].spec if verifier in VERIFIERS else None
    return [
        Problem("interop.format-not-accepted", message, json_pointer(where), Severity.WARNING, spec)
        for message, where in refusals(document, verifier)
    ]
