"""Fuzz the JSON-LD entry points and ``sign``: a result or a documented error, never a crash.

``expand`` and ``canonicalize`` (safe mode), ``to_dataset`` in unsafe mode (no safe-mode
net: the RDF conversion meets whatever pyld's expansion lets through), and ``sign``.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given

import microcredential as mc
from fuzz.fuzzing import KEY, documents, fuzz_settings, honours_contract, signed_credential
from microcredential.jsonld import canonicalize, expand, to_dataset


def _unsigned() -> dict[str, Any]:
    return {k: v for k, v in signed_credential().items() if k != "proof"}


@fuzz_settings()
@given(documents(_unsigned))
def test_expand(document: Any) -> None:
    honours_contract(expand, document, list)


@fuzz_settings()
@given(documents(_unsigned))
def test_canonicalize(document: Any) -> None:
    text = honours_contract(canonicalize, document, str)
    if text:
        assert text.endswith("\n")


@fuzz_settings(0.5)
@given(documents(_unsigned))
def test_to_dataset_unsafe(document: Any) -> None:
    honours_contract(lambda d: to_dataset(d, safe=False), document, list)


@fuzz_settings(0.5)
@given(documents(_unsigned))
def test_sign(document: Any) -> None:
    honours_contract(
        lambda d: mc.sign(d, KEY, created="2024-01-01T00:00:00Z"),
        document,
        dict,
        misuse=(TypeError,),
    )
