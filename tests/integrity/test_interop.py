"""Interoperability corner cases found by testing credentials from other issuers."""

from __future__ import annotations

import copy
from typing import Any

from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.keys import Ed25519Key
from microcredential.resolve import StaticResolver
from microcredential.results import VerificationStatus
from vectors import EXAMPLES_LOADER, W3C_UNSIGNED, ob_credential

ISSUER = "https://example.edu/issuers/7"


def _issuer_key() -> Ed25519Key:
    return Ed25519Key.generate(controller=ISSUER)


def test_bare_key_without_its_controller_document_is_indeterminate() -> None:
    # Regression: reported as invalid ("not listed under assertionMethod") although the
    # controller document, which alone can say so, was never supplied.
    key = _issuer_key()
    signed = add_proof_unchecked(W3C_UNSIGNED, key, loader=EXAMPLES_LOADER)
    bare = key.public_key.to_multikey(id=key.id, controller=ISSUER)
    result = verify_proofs(signed, resolver=StaticResolver([bare]), loader=EXAMPLES_LOADER)
    assert result.status is VerificationStatus.INDETERMINATE
    assert {p.code for p in result.problems} == {"proof.controller-document-missing"}
    full = verify_proofs(
        signed,
        resolver=StaticResolver([key.controller_document()]),
        loader=EXAMPLES_LOADER,
    )
    assert full.ok


def test_jcs_proof_context_is_not_shared_with_the_document() -> None:
    signed = add_proof_unchecked(W3C_UNSIGNED, _issuer_key(), cryptosuite="eddsa-jcs-2022")
    assert signed["proof"]["@context"] == signed["@context"]
    assert signed["proof"]["@context"] is not signed["@context"]


def test_missing_suite_context_names_the_context_to_add() -> None:
    # A VC 1.1 badge whose contexts do not define DataIntegrityProof: the advice used to be
    # about Open Badges extensions and the paths pointed outside the proof.
    key = Ed25519Key.generate()
    signed = add_proof_unchecked(ob_credential(), key)
    vc11: dict[str, Any] = copy.deepcopy(signed)
    vc11["@context"] = ["https://www.w3.org/2018/credentials/v1", *vc11["@context"][1:]]
    result = verify_proofs(vc11)
    (problem,) = result.problems
    assert problem.code == "proof.safe-mode"
    assert problem.path == "/proof"
    assert "https://w3id.org/security/data-integrity/v2" in problem.message
