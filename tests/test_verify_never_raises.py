"""``verify`` reports everything wrong with its input; it raises only for misuse."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import microcredential as mc
from microcredential import jsonld, strategies
from support import seeded_key

KEY = seeded_key()
NOW = "2030-01-01T00:00:00Z"

JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=25,
)
KEYS = st.sampled_from(
    [
        "@context", "id", "type", "issuer", "validFrom", "validUntil", "credentialSubject",
        "proof", "credentialStatus", "achievement", "endorsement", "name", "holder",
        "verifiableCredential", "proofValue", "verificationMethod", "cryptosuite", "created",
    ]
)  # fmt: skip


@settings(max_examples=300)
@given(document=st.dictionaries(KEYS, JSON, max_size=8))
def test_arbitrary_documents(document: dict[str, Any]) -> None:
    result = mc.verify(document, now=NOW)
    assert not result.ok
    assert result.problems


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*path, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_paths(item, (*path, index)))
    return out


@settings(max_examples=200)
@given(
    case=strategies.signed_credentials(cryptosuite="eddsa-rdfc-2022", key=KEY, status=False),
    data=st.data(),
    replacement=JSON,
)
def test_signed_credentials_with_a_value_replaced(
    case: strategies.SignedCredential, data: Any, replacement: Any
) -> None:
    signed = case.document
    assert mc.verify(signed, now=case.now).ok
    path = data.draw(st.sampled_from([p for p in _paths(signed) if p]))
    changed = copy.deepcopy(signed)
    target: Any = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = replacement
    before = copy.deepcopy(changed)
    result = mc.verify(changed, now=case.now)  # must not raise
    assert changed == before
    assert result.ok == (result.status is mc.VerificationStatus.VERIFIED)
    assert result.ok or result.problems
    if result.ok:
        # Everything but the proof value is signed: a change that verifies must leave the
        # signed meaning (the canonical form, proof graph included) exactly as it was.
        assert _meaning(changed) == _meaning(signed), path


def _meaning(document: dict[str, Any]) -> str | None:
    """The canonical N-Quads of ``document`` with its proof, or None if it has none."""
    try:
        return jsonld.canonicalize(document)
    except mc.MicrocredentialError:
        return None


@settings(max_examples=150)
@given(presentation=st.dictionaries(KEYS, JSON, max_size=6))
def test_arbitrary_presentations(presentation: dict[str, Any]) -> None:
    result = mc.verify_presentation(presentation, challenge="c", domain="d", now=NOW)
    assert not result.ok
