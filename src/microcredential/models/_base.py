"""The base class of every model, and the JSON-value building blocks shared by all of them.

Everything here exists for one guarantee: a document read with ``Model.from_json(data)`` is
written back by ``model.to_json()`` as the *same JSON value*.  So

* every field is optional at the Python level unless the specification requires it, and only
  the properties that were present are written back (``exclude_unset``);
* unknown properties are kept verbatim (``extra="allow"``) at every level;
* values that JSON-LD lets be either one item or an array (:data:`OneOrMany`) keep the shape
  they were given;
* numbers keep their JSON type (:data:`Number`: ``5`` stays ``5``, ``5.0`` stays ``5.0``), and
  strings are never coerced from or to numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self, TypeVar, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

__all__ = [
    "URL_PATTERN",
    "Context",
    "JsonObject",
    "Model",
    "Node",
    "Number",
    "OneOrMany",
    "OptionalUrl",
    "TypeValue",
    "UriOr",
    "Url",
]

T = TypeVar("T")

#: Tags of the one-or-many union; the angle brackets keep them apart from property names
#: when a validation error location is turned into a JSON pointer.
ONE = "<one>"
MANY = "<many>"

JsonObject = dict[str, Any]


def _one_or_many_tag(value: Any) -> str:
    return MANY if isinstance(value, list) else ONE


def _one_or_many(item: Any) -> Any:
    return Annotated[
        Union[Annotated[item, Tag(ONE)], Annotated[list[item], Tag(MANY)]],  # noqa: UP007
        Discriminator(_one_or_many_tag),
    ]


def _uri_or_object_tag(value: Any) -> str | None:
    if isinstance(value, str):
        return "<uri>"
    if isinstance(value, dict | BaseModel):
        return "<object>"
    return None


def _uri_or(item: Any) -> Any:
    what = getattr(item, "__name__", "an")
    return Annotated[
        Union[Annotated[str, Tag("<uri>")], Annotated[item, Tag("<object>")]],  # noqa: UP007
        Discriminator(
            _uri_or_object_tag,
            custom_error_type="uri_or_object",
            custom_error_message=f"must be a URI string or a {what} object",
        ),
    ]


if TYPE_CHECKING:
    #: ``T`` or an array of ``T``; the shape given is the shape written back.
    OneOrMany = Union[T, list[T]]  # noqa: UP007
    #: A URI string, or an embedded ``T`` object.
    UriOr = Union[str, T]  # noqa: UP007
else:

    class OneOrMany:
        """``T`` or an array of ``T``; the shape given is the shape written back."""

        def __class_getitem__(cls, item: Any) -> Any:
            return _one_or_many(item)

    class UriOr:
        """A URI string, or an embedded ``T`` object."""

        def __class_getitem__(cls, item: Any) -> Any:
            return _uri_or(item)


def _number(value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise PydanticCustomError(
            "number_type", "must be a JSON number (not a string or a boolean)"
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("number_type", "must be a finite number (JSON has no NaN)")
    return value


#: A JSON number that keeps its type: ``5`` stays an ``int``, ``5.0`` stays a ``float``.
Number = Annotated[int | float, PlainValidator(_number)]


def _type_value(value: Any) -> str | list[str]:
    # The shapes documents have, by exact type, without a generator; anything else (an
    # empty array, a str subclass, a wrong type) takes the general path.
    if type(value) is str:
        return value
    if type(value) is list and value:
        for item in value:
            if type(item) is not str:
                return _type_value_general(value)
        return value
    return _type_value_general(value)


def _type_value_general(value: Any) -> str | list[str]:
    if isinstance(value, str):
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return value
    raise PydanticCustomError(
        "type_value", "`type` must be a string or a non-empty array of strings"
    )


#: The value of ``type``: one IRI or term, or an array of them, kept as given.
TypeValue = Annotated[str | list[str], PlainValidator(_type_value)]


#: A URL as the VC data model uses the word: a scheme, then no whitespace (``https://…``,
#: ``did:…``, ``urn:uuid:…``).  Not dereferenced, not normalised.
URL_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s]*\Z")


def _url(value: Any) -> str:
    if value is None:
        raise PydanticCustomError(
            "null_value", "must not be null: leave the property out when it has no value"
        )
    if not isinstance(value, str):
        raise PydanticCustomError("url_value", "must be a URL string")
    if URL_PATTERN.match(value) is None:
        raise PydanticCustomError(
            "url_value",
            "must be a URL (a scheme such as https: or did:, and no spaces), not {value}",
            {"value": repr(value[:60])},
        )
    return value


#: A URL string (``id``, ``issuer``...), kept exactly as written.
Url = Annotated[str, PlainValidator(_url)]
#: An optional URL: absent is fine, JSON ``null`` is not (give the default ``None``).
OptionalUrl = Annotated[str | None, PlainValidator(_url)]


def _context_value(value: Any) -> str | list[str | JsonObject] | JsonObject:
    # The common shape (an array of URLs and objects, by exact type) without a generator;
    # anything else takes the general path.
    if type(value) is list:
        for item in value:
            if type(item) is not str and type(item) is not dict:
                return _context_value_general(value)
        return value
    return _context_value_general(value)


def _context_value_general(value: Any) -> str | list[str | JsonObject] | JsonObject:
    if isinstance(value, str | dict):
        return value
    if isinstance(value, list) and all(isinstance(v, str | dict) for v in value):
        return value
    raise PydanticCustomError(
        "context_value",
        "`@context` must be an array of context URLs (strings) or context objects",
    )


#: The value of ``@context``: an array of URLs or embedded context objects (or a single one).
Context = Annotated[str | list[str | JsonObject] | JsonObject, PlainValidator(_context_value)]


def _type_names(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _missing_required_type(required: tuple[tuple[str, ...], ...], value: str | list[str]) -> None:
    """Raise the error for the first alternative of ``required`` that ``value`` lacks."""
    present = _type_names(value)
    for alternatives in required:
        if not any(name in present for name in alternatives):
            wanted = " or ".join(repr(a) for a in alternatives)
            raise PydanticCustomError(
                "type_missing",
                "`type` must include {wanted} (found {found})",
                {"wanted": wanted, "found": ", ".join(map(repr, present))},
            )


class Model(BaseModel):
    """Base of every model: open to extensions, camelCase aliases, lossless JSON round trip.

    Subclasses list in ``required_types`` the type names their ``type`` must contain: each
    entry is a tuple of alternatives, one of which must be present.
    """

    model_config = ConfigDict(
        extra="allow",
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=True,
        serialize_by_alias=True,
        populate_by_name=True,
        frozen=False,
        validate_assignment=True,
        revalidate_instances="never",
        protected_namespaces=(),
    )

    required_types: ClassVar[tuple[tuple[str, ...], ...]] = ()

    @field_validator("type", mode="after", check_fields=False)
    @classmethod
    def _check_required_types(cls, value: str | list[str] | None) -> str | list[str] | None:
        required = cls.required_types
        if value is None or not required:
            return value
        # every alternative met (the common case): no tuple, no generator
        present = (value,) if isinstance(value, str) else value
        for alternatives in required:
            for name in alternatives:
                if name in present:
                    break
            else:
                _missing_required_type(required, value)
        return value

    @model_validator(mode="after")
    def _no_python_names_in_json(self) -> Self:
        # A JSON key spelt like a Python attribute (``valid_until``) is neither the member nor
        # a defined term; keeping it as an extension would clash with the attribute.
        extra = self.__pydantic_extra__
        if extra:
            fields = type(self).model_fields
            for key in extra:
                field = fields.get(key)
                if field is not None and field.alias and field.alias != key:
                    raise PydanticCustomError(
                        "python_name",
                        "'{key}' is not a property name: write '{alias}'",
                        {"field": key, "key": key, "alias": field.alias},
                    )
        return self

    @property
    def types(self) -> tuple[str, ...]:
        """The ``type`` value as a tuple of names, whatever shape it was written in."""
        return _type_names(getattr(self, "type", None))

    @property
    def extensions(self) -> Mapping[str, Any]:
        """Properties this model does not define (kept verbatim and written back)."""
        return self.__pydantic_extra__ or {}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Validate a parsed JSON object (raises :class:`pydantic.ValidationError`).

        Only the JSON (camelCase) names are recognised, so a document that happens to carry a
        snake_case key keeps it as an extension.  Use the ``parse_*`` functions for errors
        reported as :class:`~microcredential.errors.InvalidDocumentError`.
        """
        return cls.model_validate(data, by_alias=True, by_name=False)

    def to_json(self) -> JsonObject:
        """The document as plain JSON values: exactly what was read, plus what was set since."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class Node(Model):
    """A generic JSON-LD node: optional ``id`` and ``type``, everything else kept as given."""

    context: Context | None = Field(default=None, alias="@context")
    id: str | None = None
    type: TypeValue | None = None
