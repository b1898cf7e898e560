"""Shared pieces of the fuzz targets: example counts, hostile values, mutations, the contract.

Each target feeds a public entry point documents a stranger could send: honest signed
credentials and presentations with a few structure-aware mutations (a value replaced by a
hostile one, a key renamed to a JSON-LD keyword or an IRI, an array wrapped, duplicated or
emptied, a context added, nulled or repeated), and arbitrary JSON. The contract is the same
everywhere: the entry point returns its result object or raises one of its documented
exceptions (a :class:`~microcredential.MicrocredentialError`, or the misuse error it
documents), never an exception from a dependency, and leaves its input as it was.

The example count is small by default, so the targets run with the normal test suite. For a
long run, raise it (and let Hypothesis draw fresh examples)::

    MICROCREDENTIAL_FUZZ_EXAMPLES=20000 HYPOTHESIS_PROFILE=fuzz \\
        python -m pytest tests/fuzz -p no:cacheprovider -x
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

import microcredential as mc
from microcredential.errors import MicrocredentialError
from vectors import ob_credential

#: Examples per target: few by default (the normal suite), many for a long run by hand.
EXAMPLES = int(os.environ.get("MICROCREDENTIAL_FUZZ_EXAMPLES", "25"))


def fuzz_settings(share: float = 1.0) -> settings:
    """Settings for one target: ``share`` of :data:`EXAMPLES` (at least 5 examples)."""
    return settings(
        max_examples=max(5, int(EXAMPLES * share)),
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )


KEY = mc.Ed25519Key.from_seed(bytes(range(32)))
HOLDER = mc.Ed25519Key.from_seed(bytes(range(32, 64)))
NOW = "2030-01-01T00:00:00Z"
CHALLENGE = "fuzz-challenge"
DOMAIN = "verifier.example"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


@cache
def signed_credential() -> dict[str, Any]:
    document = ob_credential()
    document["issuer"]["id"] = KEY.controller
    return mc.sign(document, KEY, created="2024-01-01T00:00:00Z")


@cache
def signed_presentation() -> dict[str, Any]:
    return mc.present(
        [signed_credential()],
        holder_key=HOLDER,
        challenge=CHALLENGE,
        domain=DOMAIN,
        created="2024-01-01T00:00:00Z",
    )


# -- hostile values ------------------------------------------------------------------------

TERMS = (
    "@context", "id", "type", "issuer", "validFrom", "validUntil", "credentialSubject",
    "achievement", "name", "description", "criteria", "narrative", "proof", "proofValue",
    "verificationMethod", "cryptosuite", "created", "expires", "proofPurpose",
    "credentialStatus", "statusListIndex", "endorsement", "evidence", "result", "alignment",
    "holder", "verifiableCredential", "creditsAvailable", "awardedDate", "image",
)  # fmt: skip
KEYWORDS = (
    "@id", "@type", "@value", "@language", "@direction", "@list", "@set", "@graph", "@nest",
    "@reverse", "@included", "@index", "@json", "@none", "@version", "@vocab", "@base",
    "@protected", "@propagate", "@import", "@container", "@prefix", "@foo",
)  # fmt: skip
IRIS = (
    "https://example.org/x", "urn:uuid:00000000-0000-4000-8000-000000000000", "did:key:z6Mk",
    "relative", "_:b0", "https://example.org/a b", "https://www.w3.org/2018/credentials#issuer",
    "cred:issuer", "http://schema.org/name", "https://example.org/<x>",
)  # fmt: skip
DATES = (
    "2024-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00",
    "2024-02-30T00:00:00Z", "2024-01-01T00:00:00", "2024-01-01T24:00:00Z", "1E+99999999",
)  # fmt: skip
CONTEXTS = (
    [VC2],
    [VC2, OB303],
    [VC2, OB303, "https://example.org/unknown-context"],
    [VC2, OB303, {"extra": "https://example.org/extra", "@vocab": "https://example.org/v#"}],
    [VC2, OB303, {"name": None}],
    [VC2, None, OB303],
    [VC2] * 20,
    {"@vocab": "https://example.org/vocab#"},
    [VC2, {"@protected": True, "id": "@id"}],
    [VC2, OB303, {"@version": 1.1, "x": {"@id": "urn:x", "@container": "@list"}}],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([2**53 + 1, -(2**63), 10**21, 10**400 // 10**300]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.sampled_from(TERMS + KEYWORDS + IRIS + DATES),
    st.text(alphabet="\x00\x1f\x7f\u2028\ufeff\U0001f600é€ ", max_size=6),
)
keys = st.one_of(st.sampled_from(TERMS + KEYWORDS + IRIS), st.text(max_size=8))


def _nest(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"p": value}
    return value


json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)
hostile_values = st.one_of(
    json_values,
    st.builds(_nest, st.integers(20, 90)),
    st.builds(lambda n: list(range(n)), st.integers(50, 400)),
    st.builds(lambda n: {f"k{i}": i for i in range(n)}, st.integers(50, 300)),
    st.builds(lambda n: "x" * n, st.integers(1000, 20000)),
    st.sampled_from(CONTEXTS),
)


# -- mutations -----------------------------------------------------------------------------


def _containers(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict | list):
        yield path
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            yield from _containers(item, (*path, key))


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


@st.composite
def _mutate(draw: st.DrawFn, document: Any) -> Any:
    def value() -> Any:
        # a private copy: sampled values are shared, and later mutations change documents
        return copy.deepcopy(draw(hostile_values))

    target = _at(document, draw(st.sampled_from(list(_containers(document)))))
    if isinstance(target, dict):
        operation = draw(
            st.sampled_from(["set", "delete", "rename", "wrap", "nest", "context", "empty"])
        )
        existing = list(target)
        if operation == "set" or not existing:
            target[draw(keys)] = value()
        elif operation == "delete":
            del target[draw(st.sampled_from(existing))]
        elif operation == "rename":
            old = draw(st.sampled_from(existing))
            target[draw(keys)] = target.pop(old)
        elif operation == "wrap":
            key = draw(st.sampled_from(existing))
            target[key] = [target[key]] * draw(st.integers(1, 3))
        elif operation == "nest":
            key = draw(st.sampled_from(existing))
            target["@nest"] = {key: target.pop(key)}
        elif operation == "context":
            target["@context"] = copy.deepcopy(draw(st.sampled_from(CONTEXTS)))
        else:
            key = draw(st.sampled_from(existing))
            target[key] = copy.deepcopy(draw(st.sampled_from([[], {}, None, ""])))
    else:
        operation = draw(st.sampled_from(["append", "remove", "repeat", "reverse", "replace"]))
        if operation == "append" or not target:
            target.append(value())
        elif operation == "remove":
            target.pop(draw(st.integers(0, len(target) - 1)))
        elif operation == "repeat":
            # at most a few hundred items, however often this mutation is drawn
            times = draw(st.integers(1, 40))
            target.extend((target * times)[: max(0, 400 - len(target))])
        elif operation == "reverse":
            target.reverse()
        else:
            target[draw(st.integers(0, len(target) - 1))] = value()
    return document


@st.composite
def mutated(draw: st.DrawFn, seed: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """``seed()`` with one to three structure-aware mutations."""
    document = copy.deepcopy(seed())
    for _ in range(draw(st.integers(1, 3))):
        document = draw(_mutate(document))
    return document


def documents(seed: Callable[[], dict[str, Any]]) -> st.SearchStrategy[Any]:
    """Mutations of ``seed()`` mostly, and arbitrary JSON objects and values."""
    return st.one_of(
        mutated(seed),
        mutated(seed),
        mutated(seed),
        st.dictionaries(keys, hostile_values, max_size=6).map(copy.deepcopy),
        json_values.map(copy.deepcopy),
    )


# -- the contract --------------------------------------------------------------------------


def honours_contract(
    call: Callable[[Any], Any],
    document: Any,
    result_type: type | tuple[type, ...],
    misuse: tuple[type[BaseException], ...] = (),
) -> Any:
    """Call ``call(document)``; it returns a ``result_type`` or raises a documented error,
    and leaves ``document`` unchanged. Returns the result, or None when it raised."""
    before = copy.deepcopy(document)
    result = None
    error: MicrocredentialError | None = None
    try:
        result = call(document)
    except MicrocredentialError as exc:
        error = exc
    except misuse:
        pass
    else:
        assert isinstance(result, result_type), type(result)
    if error is not None:
        assert error.message, "a documented error says what is wrong"
        assert type(error).__module__.startswith("microcredential"), type(error)
    assert document == before, "the input was modified"
    return result
