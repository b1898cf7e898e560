"""Unsigned input a stranger sends costs linear work before any signature is checked.

Each shape here once cost quadratic time (or crashed) in a JSON-LD entry point. The tests
count Python function calls for an input and for one twice its size (``support.growth``):
about 2 is linear, about 4 quadratic. No timers: the counts are the same on any machine.
"""

from __future__ import annotations

from typing import Any

import pytest

from microcredential.errors import SafeModeError
from microcredential.jsonld import expand, to_dataset
from support import growth

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
