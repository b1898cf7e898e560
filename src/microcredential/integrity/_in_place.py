"""Signing a document its caller gives up, without the copy :func:`add_proof_unchecked` makes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..keys import Signer
from .proofs import _signer_key_type, _with_proof
from .suites import signing_suite


def add_proof_in_place(
    document: dict[str, Any], signer: Signer, *, cryptosuite: str, created: datetime
) -> dict[str, Any]:
    """:func:`~microcredential.integrity.add_proof_unchecked` for a document the caller has
    just built and gives up: ``document`` itself gets the proof (no copy is made) and is
    returned. Only its top level changes (its ``proof`` member), so its values may be shared
    with other documents. For the library's own batch writers, which sign thousands of
    documents no one else holds."""
    key_type = _signer_key_type(signer)
    return _with_proof(document, signer, signing_suite(cryptosuite, key_type), key_type, created)
