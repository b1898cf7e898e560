"""The official W3C suites against the library, through the VC-API adapter (opt-in).

Not part of the default run: the suites need node and an npm install (the npm registry),
and take minutes.  Run them with::

    MICROCREDENTIAL_W3C_SUITES=1 python -m pytest tests/conformance/test_w3c_suites.py

(``MICROCREDENTIAL_W3C_WORK=DIR`` keeps the npm install between runs.)  The expected figures
are those of the conformance page of the documentation.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conformance.run_w3c_suites import conformance_dir, run_suite

#: Tests expected to fail, by suite, and why (docs/conformance.md lists them).
KNOWN_FAILURES = {
    "vc-di-eddsa-test-suite": {
        # The credential's @context holds an inline context object, which the compacted-form
        # check refuses (jsonld.inline-context); VC Data Model 2.0 §4.3 allows such objects.
        (
            "15-di-rdfc-verify.js",
            "An OPTIONAL string value (proof.previousProof) or unordered list of string "
            "values. Each value identifies another data integrity proof that MUST verify "
            "before the current proof is processed.",
        ),
    },
    "vc-data-model-2.0-test-suite": {
        # The suite expects a digest that is not the published context's; the library follows
        # the specification (tests/test_related.py::
        # test_the_w3c_suites_valid_digests_are_not_the_published_contexts).
        (
            "5-advanced-concepts.js",
            "The value of the relatedResource property MUST be one or more objects of the "
            "following form:",
        ),
        # Presentations whose @context holds an inline context object: refused by the
        # compacted-form check (jsonld.inline-context), as above.
        (
            "4.03-contexts.js",
            'Verifiable Presentation `@context`: "Subsequent items in the ordered set MUST be '
            "composed of any combination of URLs and/or objects where each is processable as "
            'a JSON-LD Context."',
        ),
        ("4.05-types.js", "Verifiable Presentation objects MUST have a type specified."),
    },
}
EXPECTED_PASSES = {"vc-di-eddsa-test-suite": 56, "vc-data-model-2.0-test-suite": 56}

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("MICROCREDENTIAL_W3C_SUITES") != "1",
        reason="set MICROCREDENTIAL_W3C_SUITES=1 to run the W3C suites (node, npm, minutes)",
    ),
    pytest.mark.skipif(
        shutil.which("node") is None or shutil.which("npm") is None, reason="needs node and npm"
    ),
    pytest.mark.skipif(
        not (conformance_dir() / "run-w3c-suite.sh").is_file(),
        reason="the W3C suites are not beside the repository (../shared/conformance)",
    ),
]


@pytest.mark.parametrize("suite", sorted(KNOWN_FAILURES))
def test_the_suite_passes_but_for_the_documented_conflicts(suite: str, tmp_path: Path) -> None:
    work = Path(os.environ.get("MICROCREDENTIAL_W3C_WORK") or tmp_path)
    run = run_suite(suite, work)
    assert run.passed is not None, run.output
    assert set(run.failures) == KNOWN_FAILURES[suite], run.output
    assert run.passed == EXPECTED_PASSES[suite], run.output
