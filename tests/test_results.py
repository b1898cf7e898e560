"""One vocabulary for results: ``ok``, ``problems``, ``errors``, ``status`` mean the same
everywhere, and the old words still work for one release, with a warning."""

from __future__ import annotations

import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import microcredential as mc
import microcredential.integrity as integrity
import microcredential.integrity.proofs as proofs
from microcredential.cohort import CohortReport
from microcredential.integrity import verify_proofs
from microcredential.results import VerificationStatus
from support import TEAMWORK

NOW = "2026-06-01T00:00:00Z"
ACHIEVEMENT = TEAMWORK


@pytest.fixture(scope="module")
def signed() -> dict[str, Any]:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    return mc.issue(
        ACHIEVEMENT, recipient="did:example:learner", key=key, valid_from=NOW, created=NOW
    )


@pytest.fixture(scope="module")
def forged(signed: dict[str, Any]) -> dict[str, Any]:
    document = copy.deepcopy(signed)
    document["name"] = "Leadership"
    return document


def test_a_proof_sets_problems_include_each_proofs(forged: dict[str, Any]) -> None:
    result = verify_proofs(forged, now=NOW)
    assert not result.set_problems
    assert "proof.signature-mismatch" in {p.code for p in result.problems}
    assert result.problems == tuple(p for r in result.proofs for p in r.problems)
    assert result.errors == result.problems


def test_the_set_problems_stay_in_problems() -> None:
    result = verify_proofs({"@context": [mc.constants.VC_V2_CONTEXT]}, now=NOW)
    assert [p.code for p in result.set_problems] == ["proof.missing"]
    assert result.problems == result.set_problems
    assert not result.ok


def test_ok_means_passed_for_every_result(signed: dict[str, Any], forged: dict[str, Any]) -> None:
    for document, expected in ((signed, True), (forged, False)):
        proof_set = verify_proofs(document, now=NOW)
        credential = mc.verify(document, now=NOW)
        assert proof_set.ok is credential.ok is expected
        assert proof_set.proofs[0].ok is expected
        assert (proof_set.status is VerificationStatus.VERIFIED) is expected
        assert (credential.status is VerificationStatus.VERIFIED) is expected
        assert bool(credential.errors) is not expected
    report = mc.check_quality(signed, profiles=("ob3",))
    assert report.ok is not report.errors


def test_proofs_and_credentials_share_one_status_enum() -> None:
    assert mc.VerificationStatus is VerificationStatus
    assert mc.verification.VerificationStatus is VerificationStatus
    assert type(verify_proofs({}, now=NOW).status) is VerificationStatus


def test_the_old_words_warn_and_answer_the_same(
    signed: dict[str, Any], forged: dict[str, Any]
) -> None:
    result = verify_proofs(forged, now=NOW)
    credential = mc.verify(signed, now=NOW)
    with pytest.warns(DeprecationWarning, match=r"ProofSetResult\.verified .*ProofSetResult\.ok"):
        assert result.verified is result.ok
    with pytest.warns(DeprecationWarning, match=r"ProofResult\.verified"):
        assert result.proofs[0].verified is result.proofs[0].ok
    with pytest.warns(DeprecationWarning, match=r"all_problems .*problems"):
        assert result.all_problems == result.problems
    with pytest.warns(DeprecationWarning, match=r"VerificationResult\.verified"):
        assert credential.verified is credential.ok
    for module in (integrity, proofs):
        with pytest.warns(DeprecationWarning, match=r"ProofStatus .*results\.VerificationStatus"):
            assert module.ProofStatus is VerificationStatus


def test_a_cohort_reports_ok_and_warns_on_complete() -> None:
    report = CohortReport(Path("out"), Path("out/manifest.json"), 2, (), (), 0.0, 1)
    assert not report.ok
    with pytest.warns(DeprecationWarning, match=r"CohortReport\.complete .*CohortReport\.ok"):
        assert report.complete is False
    assert replace(report, total=0).ok
