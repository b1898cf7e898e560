"""The models' fast paths for the common shapes decide exactly as their general paths.

``type`` and ``@context`` values, the required types of each model and the VC-version rules
are checked first for the exact shapes documents have; everything else goes the general way.
Each fast path is compared here with its general path on the values of generated credentials,
valid and broken, and on values of every other JSON shape.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticCustomError

from microcredential import constants
from microcredential import strategies as mcst
from microcredential.models import OpenBadgeCredential, VerifiableCredential
from microcredential.models import _base as base
from microcredential.models import credential as credential_models
from microcredential.models.achievement import Achievement
from microcredential.models.credential import AchievementSubject, EndorsementCredential

FEW = settings(max_examples=min(settings().max_examples, 50))


class _Text(str):
    """A str subclass: not the exact shape, so it takes the general path."""


_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.sampled_from(["VerifiableCredential", "OpenBadgeCredential", "Achievement", ""]),
    st.text(max_size=8).map(_Text),
)
_JSON = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=12,
)
_DOCUMENTS = st.one_of(
    mcst.credentials(),
    mcst.microcredentials(),
    mcst.invalid_credentials().map(lambda m: m.document),
)


def _values(document: Any, key: str) -> Iterator[Any]:
    """Every value of ``key`` at any depth of ``document``."""
    if isinstance(document, dict):
        for k, v in document.items():
            if k == key:
                yield v
            yield from _values(v, key)
    elif isinstance(document, list):
        for item in document:
            yield from _values(item, key)


def _outcome(check: Callable[[Any], Any], value: Any) -> tuple[str, Any]:
    """What ``check`` does with ``value``: the value it returns (by identity), or its error."""
    try:
        return ("returned", id(check(value)))
    except PydanticCustomError as exc:
        return ("raised", (exc.type, exc.message_template, exc.context))


def _same(fast: Callable[[Any], Any], general: Callable[[Any], Any], value: Any) -> None:
    assert _outcome(fast, value) == _outcome(general, value), value


@FEW
@given(_DOCUMENTS, st.lists(_JSON, max_size=4))
def test_type_values_decide_as_the_general_path(document: Any, others: list[Any]) -> None:
    for value in [*_values(document, "type"), *others]:
        _same(base._type_value, base._type_value_general, value)
        if isinstance(value, list):
            _same(base._type_value, base._type_value_general, [*value, _Text("x")])


@FEW
@given(_DOCUMENTS, st.lists(_JSON, max_size=4))
def test_context_values_decide_as_the_general_path(document: Any, others: list[Any]) -> None:
    for value in [*_values(document, "@context"), *others]:
        _same(base._context_value, base._context_value_general, value)
        if isinstance(value, list):
            _same(base._context_value, base._context_value_general, [*value, 3])


_TYPE_NAMES = st.sampled_from(
    [
        "VerifiableCredential",
        "OpenBadgeCredential",
        "AchievementCredential",
        "EndorsementCredential",
        "Achievement",
        "AchievementSubject",
        "Other",
    ]
)
_MODELS = [OpenBadgeCredential, EndorsementCredential, VerifiableCredential]
_MODELS += [Achievement, AchievementSubject, base.Node]


def _required_reference(model: type[base.Model], value: Any) -> Any:
    base._missing_required_type(model.required_types, value)
    return value


@FEW
@given(
    _DOCUMENTS,
    st.lists(st.one_of(_TYPE_NAMES, st.lists(_TYPE_NAMES, max_size=4)), max_size=6),
)
def test_required_types_decide_as_the_general_path(document: Any, others: list[Any]) -> None:
    values = [v for v in _values(document, "type") if v is not None]
    for value in [*values, *others]:
        if _outcome(base._type_value, value)[0] != "returned":
            continue  # the required types are checked after the value's shape
        value = value if isinstance(value, str) else list(value)
        for model in _MODELS:
            _same(model._check_required_types, lambda v, m=model: _required_reference(m, v), value)


_CONTEXT_ITEMS = st.sampled_from(
    [
        constants.VC_V2_CONTEXT,
        constants.VC_V1_CONTEXT,
        constants.OB_CONTEXT,
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://example.org/context.json",
        {"ex": "https://example.org/ex#"},
    ]
)


@FEW
@given(
    _DOCUMENTS,
    st.one_of(
        st.builds(
            lambda first, rest: [first, *rest],
            st.one_of(st.just(constants.VC_V2_CONTEXT), _CONTEXT_ITEMS),
            st.lists(_CONTEXT_ITEMS, max_size=3),
        ),
        st.lists(_CONTEXT_ITEMS, max_size=2),
        _CONTEXT_ITEMS,
    ),
    st.booleans(),
    st.booleans(),
)
# the shapes the fast path must not pass: no Open Badges context, no validFrom, VC 1.1 first
@example({}, [constants.VC_V2_CONTEXT, "https://example.org/context.json"], True, True)
@example({}, [constants.VC_V2_CONTEXT, constants.OB_CONTEXT], True, False)
@example({}, [constants.VC_V1_CONTEXT, constants.OB_CONTEXT], True, True)
def test_version_rules_fast_path_only_passes_what_they_pass(
    document: Any, context: Any, replace: bool, valid_from: bool
) -> None:
    if replace or "@context" not in document:
        document = {**document, "@context": context}
    fields: dict[str, Any] = {"context": document["@context"]}
    if valid_from:
        fields["valid_from"] = "2024-01-01T00:00:00Z"
    raw: dict[str, Any] = {"@context": document["@context"]}
    if valid_from:
        raw["validFrom"] = True
    for model in (OpenBadgeCredential, EndorsementCredential, VerifiableCredential):
        instance = model.model_construct(**fields)
        expected = not list(
            credential_models._version_problems(
                raw,
                needs_ob_context=model.needs_ob_context,
                needs_valid_from=model.needs_valid_from,
            )
        )
        if instance._meets_version_rules():
            assert expected, (model.__name__, raw)
        # the validator's verdict is the rules' verdict, whichever path decided it
        try:
            instance._check_version()
            passed = True
        except PydanticCustomError:
            passed = False
        assert passed is expected, (model.__name__, raw)
