"""Fuzz ``verify`` and ``verify_presentation``: a result object for any JSON, never a crash.

See ``fuzzing.py`` for the shapes, the contract and the long run.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given

import microcredential as mc
from fuzz.fuzzing import (
    CHALLENGE,
    DOMAIN,
    NOW,
    documents,
    fuzz_settings,
    honours_contract,
    signed_credential,
    signed_presentation,
)


def test_the_seeds_verify() -> None:
    assert mc.verify(signed_credential(), now=NOW).ok
    assert mc.verify_presentation(
        signed_presentation(), challenge=CHALLENGE, domain=DOMAIN, now=NOW
    ).ok


@fuzz_settings()
@given(documents(signed_credential))
def test_verify(document: Any) -> None:
    result = honours_contract(
        lambda d: mc.verify(d, now=NOW), document, mc.VerificationResult, misuse=(TypeError,)
    )
    if result is not None and document != signed_credential():
        assert result.problems or result.ok


@fuzz_settings()
@given(documents(signed_presentation))
def test_verify_presentation(document: Any) -> None:
    honours_contract(
        lambda d: mc.verify_presentation(d, challenge=CHALLENGE, domain=DOMAIN, now=NOW),
        document,
        mc.PresentationResult,
        misuse=(TypeError,),
    )


@fuzz_settings(0.5)
@given(documents(signed_credential))
def test_verifier(document: Any) -> None:
    verifier = mc.Verifier(now=NOW)
    honours_contract(verifier.verify, document, mc.VerificationResult, misuse=(TypeError,))
