"""Unsigned input a stranger sends costs linear work before any signature is checked.

Each shape here once cost quadratic time (or crashed) in a JSON-LD entry point. The tests
count Python function calls for an input and for one twice its size (``support.growth``):
about 2 is linear, about 4 quadratic. No timers: the counts are the same on any machine.
"""

from __future__ import annotations

from typing import Any

import pytest

from microcredential.errors import JsonLdError, SafeModeError
from microcredential.jsonld import _budget, expand, to_dataset
from microcredential.jsonld._budget import CONTEXT_WORK_PER_VALUE, context_budget
from support import growth
from vectors import ob_credential

VC2 = "https://www.w3.org/ns/credentials/v2"
#: Linear work doubles; quadratic work quadruples. Constant overheads only pull the ratio down.
LINEAR = 2.4


def many_undefined_terms(count: int) -> dict[str, Any]:
    return {"@context": [VC2], "type": "VerifiableCredential", **{f"k{i}": i for i in range(count)}}


def _refused(document: dict[str, Any]) -> SafeModeError:
    with pytest.raises(SafeModeError) as info:
        to_dataset(document)
    return info.value


def test_safe_mode_reports_many_undefined_terms_in_linear_work() -> None:
    assert growth(lambda n: _refused(many_undefined_terms(n)), 300) < LINEAR


def test_safe_mode_still_names_every_undefined_term() -> None:
    error = _refused(many_undefined_terms(500))
    assert sorted(p.path for p in error.problems) == sorted(f"/k{i}" for i in range(500))
    assert {p.code for p in error.problems} == {"jsonld.undefined-term"}


def test_safe_mode_reports_many_relative_iris_in_linear_work() -> None:
    def document(count: int) -> dict[str, Any]:
        return {
            "@context": [VC2],
            "type": "VerifiableCredential",
            "credentialSubject": [{"id": f"s{i}"} for i in range(count)],
        }

    def run(count: int) -> None:
        with pytest.raises(SafeModeError):
            expand(document(count))

    assert growth(run, 300) < LINEAR


# -- context processing ------------------------------------------------------------------------


def _terms(count: int) -> dict[str, str]:
    return {f"t{i}": f"urn:ex:t{i}" for i in range(count)}


def distinct_embedded_contexts(count: int) -> dict[str, Any]:
    """``count`` nodes, each with its own small context, under a context of ``count`` terms:
    pyld copies the large active context for each of them."""
    return {
        "@context": _terms(count),
        "t0": [{"@context": {f"x{i}": "urn:ex:x"}, f"x{i}": i} for i in range(count)],
    }


def large_property_scoped_context(count: int) -> dict[str, Any]:
    """A property whose scoped context has ``count`` terms, used by ``count`` nodes."""
    return {
        "@context": {"p": {"@id": "urn:ex:p", "@context": _terms(count)}},
        "@id": "urn:ex:s",
        "p": [{"@id": f"urn:ex:o{i}", "t0": 1} for i in range(count)],
    }


def large_type_scoped_context(count: int) -> dict[str, Any]:
    """A type whose scoped context has ``count`` terms, given to ``count`` nodes."""
    return {
        "@context": {"T": {"@id": "urn:ex:T", "@context": _terms(count)}, "p": "urn:ex:p"},
        "@id": "urn:ex:s",
        "p": [{"@type": "T", "t0": i} for i in range(count)],
    }


def repeated_context_url(count: int) -> dict[str, Any]:
    return {"@context": [VC2] * count, "type": "VerifiableCredential"}


HOSTILE_CONTEXTS = {
    "distinct embedded contexts": (distinct_embedded_contexts, 1000),
    "large property-scoped context": (large_property_scoped_context, 300),
    "large type-scoped context": (large_type_scoped_context, 200),
    "repeated context URL": (repeated_context_url, 300),
}


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    """A tenth of the part of the context budget that grows with the document, and none of
    the fixed part: the limit is met at small sizes, so the tests stay quick."""
    monkeypatch.setattr(_budget, "CONTEXT_WORK_BASE", 0)
    monkeypatch.setattr(_budget, "CONTEXT_WORK_PER_VALUE", CONTEXT_WORK_PER_VALUE // 10)


def _work_limit(document: dict[str, Any]) -> None:
    with pytest.raises(JsonLdError) as info:
        to_dataset(document)
    assert [p.code for p in info.value.problems] == ["jsonld.work-limit"]


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", list(HOSTILE_CONTEXTS))
def test_hostile_context_processing_meets_the_work_limit(name: str) -> None:
    make, size = HOSTILE_CONTEXTS[name]
    _work_limit(make(size))


@pytest.mark.usefixtures("small_budget")
@pytest.mark.parametrize("name", ["large property-scoped context", "large type-scoped context"])
def test_context_work_before_the_limit_is_linear(name: str) -> None:
    make, size = HOSTILE_CONTEXTS[name]
    assert growth(lambda n: _work_limit(make(n)), size) < LINEAR


def test_the_context_budget_grows_with_the_document() -> None:
    assert context_budget(2000) - context_budget(1000) == 1000 * CONTEXT_WORK_PER_VALUE


def test_presentations_and_long_credentials_are_within_the_context_budget() -> None:
    credential = ob_credential()
    presentation = {
        "@context": [VC2],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [dict(credential, id=f"urn:uuid:{i}") for i in range(100)],
    }
    assert len(to_dataset(presentation)) > 100 * 15
    subjects = {
        **credential,
        "credentialSubject": [
            {**credential["credentialSubject"], "id": f"did:example:{i}"} for i in range(300)
        ],
        # an embedded context keeps the document off the fast path
        "@context": [*credential["@context"], {"extra": "https://example.org/extra"}],
    }
    assert len(to_dataset(subjects)) > 300
