"""A compiled acceptance check for JSON Schema (draft 2020-12), used before jsonschema.

:class:`~microcredential.schema.SchemaValidator` asks this module first whether a document
is valid.  When the answer is yes, that is the result; when it is no, or when a schema or a
document is outside what is compiled here, jsonschema validates the document and explains
every violation.  So jsonschema stays the reference, and the compiled check only has to be
exact on the documents it accepts; tests compare both on every reference example and on
generated valid and broken credentials.

The check is exact because it only looks at plain JSON values — ``dict`` with ``str`` keys,
``list``, ``str``, ``int``, ``float``, ``bool`` and ``None``, exactly those types, as
:func:`json.loads` makes them — and each keyword is written with jsonschema's semantics for
those types (``bool`` is not a number, ``1 == 1.0``, ``integer`` includes ``2.0``, ``format``
asserted with the same format checker).  Anything else (tuples, subclasses, other mappings)
is left to jsonschema.

Compiled keywords: ``type``, ``const``, ``enum``, ``properties``, ``patternProperties``,
``additionalProperties``, ``required``, ``propertyNames``, ``minProperties``,
``maxProperties``, ``items``, ``prefixItems``, ``contains`` (with ``minContains`` and
``maxContains``), ``minItems``, ``maxItems``, ``minLength``, ``maxLength``, ``pattern``,
``format``, the numeric bounds, ``allOf``, ``anyOf``, ``oneOf``, ``not``, ``if`` / ``then``
/ ``else``, and ``$ref`` to a JSON pointer in a known schema.  Any other keyword (say
``$dynamicRef``, ``unevaluatedProperties``, ``uniqueItems``) makes the schema "not
compilable", and jsonschema does all the work.  So does anything that makes reference
resolution subtle: ``$id``, ``$schema`` or an anchor below a schema's root, a base URI that
is not a plain http(s) URI, and a ``$ref`` cycle that never looks deeper into the document
(jsonschema recurses on it until the stack runs out).  Documents nested deeper than the
package's JSON input limit are left to jsonschema too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from jsonschema import Draft202012Validator, FormatChecker

from ._json import is_plain_json

__all__ = ["NotCompilable", "compile_check"]

Check = Callable[[Any], bool]

DRAFT_2020_12: Final = "https://json-schema.org/draft/2020-12/schema"

#: What jsonschema treats as keywords of draft 2020-12.  Anything else in a schema — annotations
#: such as ``title``, and ``then`` / ``else`` / ``minContains``, which ``if`` / ``contains`` read —
#: asserts nothing by itself.
_ASSERTING: Final = frozenset(Draft202012Validator.VALIDATORS)


class NotCompilable(Exception):
    """The schema uses something this module does not compile; jsonschema must do it all."""


def json_equal(one: Any, two: Any) -> bool:
    """JSON Schema equality of plain JSON values: ``true`` is not ``1``, ``1`` is ``1.0``."""
    if one is two:
        return True
    kind_one, kind_two = type(one), type(two)
    if kind_one is bool or kind_two is bool:
        return one is two
    if kind_one is list:
        return (
            kind_two is list
            and len(one) == len(two)
            and all(json_equal(a, b) for a, b in zip(one, two, strict=True))
        )
    if kind_one is dict:
        return (
            kind_two is dict
            and len(one) == len(two)
            and all(key in two and json_equal(value, two[key]) for key, value in one.items())
        )
    if kind_two is list or kind_two is dict:
        return False
    return bool(one == two)


def _is_integer(value: Any) -> bool:
    kind = type(value)
    return kind is int or (kind is float and value.is_integer())


#: The Python type of each JSON type of a plain JSON value, where one type is enough (an
#: ``integer`` may also be a float with no fraction; ``number`` is int or float, not bool).
_PYTHON_TYPES: Final[Mapping[str, tuple[type[Any], ...]]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "boolean": (bool,),
    "null": (type(None),),
    "number": (int, float),
    "integer": (int,),
}

_TYPES: Final[Mapping[str, Check]] = {
    "object": lambda value: type(value) is dict,
    "array": lambda value: type(value) is list,
    "string": lambda value: type(value) is str,
    "boolean": lambda value: type(value) is bool,
    "null": lambda value: value is None,
    "number": lambda value: type(value) is int or type(value) is float,
    "integer": _is_integer,
}


def _always(value: Any) -> bool:
    return True


def _never(value: Any) -> bool:
    return False


def _all_of(checks: list[Check]) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)

    def every(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a loop, not a generator per call: it runs often
            if not check(value):
                return False
        return True

    return every


def _size_bound(kind: type[Any], *, least: bool) -> Callable[..., Check]:
    """A keyword builder for minItems / maxLength / ...: ``len`` of a ``kind`` against a bound."""

    def build(self: Any, value: Any, schema: dict[str, Any], base: str) -> Check:
        bound = _count(value)

        def check(item: Any) -> bool:
            if type(item) is not kind:
                return True
            return len(item) >= bound if least else len(item) <= bound

        return check

    return build


class _Compiler:
    def __init__(self, documents: Mapping[str, Any], checker: FormatChecker) -> None:
        self.documents = documents
        self.checker = checker
        self.cells: dict[tuple[str, str], list[Check]] = {}
        #: references being compiled, with the instance depth they started at
        self.pending: dict[tuple[str, str], int] = {}
        #: how many keywords that look inside the instance enclose the current schema
        self.depth = 0

    # -- references ----------------------------------------------------------------------

    def reference(self, base: str, ref: Any) -> Check:
        if not isinstance(ref, str):
            raise NotCompilable("$ref must be a string")
        uri, fragment = urldefrag(urljoin(base, ref))
        if uri not in self.documents:
            raise NotCompilable(f"$ref target {uri!r} is not a known schema")
        if fragment and not fragment.startswith("/"):
            raise NotCompilable("anchors are not compiled")
        key = (uri, fragment)
        if self.pending.get(key) == self.depth:
            # jsonschema would follow this cycle without ever looking deeper into the
            # document, until the recursion limit: leave such a schema to it
            raise NotCompilable("a $ref cycle that never reaches into the document")
        cell = self.cells.get(key)
        if cell is None:
            cell = [_never]
            self.cells[key] = cell  # before compiling: a recursive $ref finds the cell
            self.pending[key] = self.depth
            cell[0] = self.schema(_pointer(self.documents[uri], fragment), uri, root=not fragment)
            del self.pending[key]
        if key in self.pending:  # a recursive reference: look the check up when it runs
            return lambda value: cell[0](value)
        return cell[0]

    # -- schemas -------------------------------------------------------------------------

    def schema(self, schema: Any, base: str, *, root: bool = False) -> Check:
        if schema is True:
            return _always
        if schema is False:
            return _never
        if type(schema) is not dict:
            raise NotCompilable("a schema must be an object or a boolean")
        if "$id" in schema and not (root and schema["$id"] == base):
            raise NotCompilable("an embedded $id changes the base URI")
        keywords = [keyword for keyword in schema if keyword in _ASSERTING]  # others: ignored
        fused = self._fused(frozenset(keywords), schema, base)
        if fused is not None:
            return fused
        checks: list[Check] = []
        for keyword in keywords:
            build = getattr(self, "k_" + keyword.lstrip("$"), None)
            if build is None:
                raise NotCompilable(f"keyword {keyword!r} is not compiled")
            checks.append(build(schema[keyword], schema, base))
        return _all_of(checks)

    # -- the common shapes as one check each (the same answers as their keywords joined) ---

    def _fused(self, keywords: frozenset[str], schema: dict[str, Any], base: str) -> Check | None:
        """One check for a schema of a common shape, or None to join its keywords' checks.

        The shapes: an object's members and required names, a value of one of two types
        chosen by an ``if`` on the first (one object or an array of them), an array's items,
        size and one item it must contain, and a type with one more keyword.
        """
        if "type" in keywords:
            kinds = _simple_kinds(schema["type"])
            if kinds is None:
                return None  # k_type says what is wrong, or an integer type: not fused
        else:
            kinds = None
        if keywords <= _OBJECT_SHAPE and "properties" in keywords and kinds in (None, {dict}):
            return self._object(schema, base, typed=kinds is not None)
        if (
            keywords <= _ARRAY_SHAPE
            and "items" in keywords
            and kinds in (None, {list})
            and "minContains" not in schema  # one item to contain: the default, fused
            and "maxContains" not in schema
        ):
            return self._array(schema, base, typed=kinds is not None)
        if kinds is None or len(keywords) != 2:
            return None
        if "if" in keywords:
            return self._chosen_by_type(schema, base, kinds)
        (other,) = keywords - {"type"}
        build = getattr(self, "k_" + other.lstrip("$"), None)
        if build is None:
            return None
        rest = build(schema[other], schema, base)
        if len(kinds) == 1:
            (kind,) = kinds
            return lambda item: type(item) is kind and rest(item)
        return lambda item: type(item) in kinds and rest(item)

    def _object(self, schema: dict[str, Any], base: str, *, typed: bool) -> Check:
        raw = schema["properties"]
        if type(raw) is not dict:
            raise NotCompilable("properties must be an object")
        known = {name: self.member(sub, base) for name, sub in raw.items()}
        names = frozenset(_names(schema.get("required", [])))

        def object_members(item: Any) -> bool:
            if type(item) is not dict:
                return not typed
            if not item.keys() >= names:
                return False
            for name, member in item.items():
                check = known.get(name)
                if check is not None and not check(member):
                    return False
            return True

        return object_members

    def _array(self, schema: dict[str, Any], base: str, *, typed: bool) -> Check:
        check = self.member(schema["items"], base)
        wanted = self.member(schema["contains"], base) if "contains" in schema else None
        least = _count(schema.get("minItems", 0))

        def array_items(item: Any) -> bool:
            if type(item) is not list:
                return not typed
            if len(item) < least or not all(map(check, item)):
                return False
            return wanted is None or any(map(wanted, item))

        return array_items

    def _chosen_by_type(
        self, schema: dict[str, Any], base: str, kinds: frozenset[type[Any]]
    ) -> Check | None:
        condition = self.schema(schema["if"], base)
        first = next((k for k, c in _KIND_CHECKS.items() if c is condition), None)
        if first is None or first not in kinds:
            return None  # compiled again by the keywords; nothing is kept from here
        then = self.schema(schema.get("then", True), base)
        otherwise = self.schema(schema.get("else", True), base)

        def chosen(item: Any) -> bool:
            kind = type(item)
            if kind is first:
                return then(item)
            return kind in kinds and otherwise(item)

        return chosen

    def member(self, schema: Any, base: str) -> Check:
        """A schema applied one level down in the instance (to a member, item or name)."""
        self.depth += 1
        try:
            return self.schema(schema, base)
        finally:
            self.depth -= 1

    def subschemas(self, values: Any, base: str) -> list[Check]:
        if type(values) is not list or not values:
            raise NotCompilable("expected a non-empty array of schemas")
        return [self.schema(value, base) for value in values]

    # -- keywords (value, the schema it sits in, base URI) ------------------------------

    def k_ref(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        return self.reference(base, value)

    def k_type(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        names = [value] if isinstance(value, str) else value
        if type(names) is not list or not all(
            type(name) is str and name in _TYPES for name in names
        ):
            raise NotCompilable("unknown type name")
        if len(names) == 1:
            return _TYPES[names[0]]
        kinds = frozenset(kind for name in names for kind in _PYTHON_TYPES[name])
        if "integer" in names and "number" not in names:
            return lambda item: type(item) in kinds or _is_integer(item)
        return lambda item: type(item) in kinds

    def k_const(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if type(value) is str:
            return lambda item: type(item) is str and item == value
        return lambda item: json_equal(item, value)

    def k_enum(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if type(value) is not list:
            raise NotCompilable("enum must be an array")
        if all(type(member) is str for member in value):
            members = frozenset(value)
            return lambda item: type(item) is str and item in members
        return lambda item: any(json_equal(item, member) for member in value)

    def k_properties(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if "additionalProperties" in schema or "patternProperties" in schema:
            return _always  # compiled together by additionalProperties / patternProperties
        if type(value) is not dict:
            raise NotCompilable("properties must be an object")
        known = {name: self.member(sub, base) for name, sub in value.items()}

        def properties(item: Any) -> bool:
            if type(item) is dict:
                for name, member in item.items():
                    check = known.get(name)
                    if check is not None and not check(member):
                        return False
            return True

        return properties

    def k_patternProperties(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if "additionalProperties" in schema:
            return _always
        return self._object_members(schema, base)

    def k_additionalProperties(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        return self._object_members(schema, base)

    def _object_members(self, schema: dict[str, Any], base: str) -> Check:
        """properties, patternProperties and additionalProperties as one pass over members."""
        raw_properties = schema.get("properties", {})
        raw_patterns = schema.get("patternProperties", {})
        if type(raw_properties) is not dict or type(raw_patterns) is not dict:
            raise NotCompilable("properties and patternProperties must be objects")
        known = {name: self.member(sub, base) for name, sub in raw_properties.items()}
        patterns = [(_regex(p), self.member(sub, base)) for p, sub in raw_patterns.items()]
        other = self.member(schema.get("additionalProperties", True), base)
        # jsonschema decides what is "additional" with the patterns joined into one regex
        joined = _regex("|".join(raw_patterns)).search if raw_patterns else None

        def members(item: Any) -> bool:
            if type(item) is not dict:
                return True
            for name, member in item.items():
                check = known.get(name)
                if check is not None and not check(member):
                    return False
                for regex, sub in patterns:
                    if regex.search(name) and not sub(member):
                        return False
                additional = check is None and (joined is None or joined(name) is None)
                if additional and not other(member):
                    return False
            return True

        return members

    def k_required(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        names = frozenset(_names(value))
        return lambda item: type(item) is not dict or item.keys() >= names

    def k_propertyNames(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        check = self.member(value, base)
        return lambda item: type(item) is not dict or all(map(check, item))

    def k_items(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        start = len(schema.get("prefixItems", ()))
        check = self.member(value, base)
        if start == 0:
            return lambda item: type(item) is not list or all(map(check, item))
        return lambda item: type(item) is not list or all(map(check, item[start:]))

    def k_prefixItems(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if type(value) is not list or not value:
            raise NotCompilable("prefixItems must be a non-empty array of schemas")
        checks = [self.member(sub, base) for sub in value]

        def prefix(item: Any) -> bool:
            if type(item) is not list:
                return True
            return all(check(member) for check, member in zip(checks, item, strict=False))

        return prefix

    def k_contains(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        check = self.member(value, base)
        least = _count(schema.get("minContains", 1))
        most = schema.get("maxContains")
        if most is not None:
            most = _count(most)

        if least == 1 and most is None:  # the common case: one matching item is enough
            return lambda item: type(item) is not list or any(map(check, item))

        def contains(item: Any) -> bool:
            if type(item) is not list:
                return True
            matches = sum(1 for member in item if check(member))
            return matches >= least and (most is None or matches <= most)

        return contains

    def k_pattern(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        search = _regex(value).search
        return lambda item: type(item) is not str or search(item) is not None

    def k_format(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        if type(value) is not str:
            raise NotCompilable("format must be a string")
        # FormatChecker.conforms without its two calls and an exception per failure: the
        # checker's function for the format (a fresh checker, so its formats stay as they are)
        known = self.checker.checkers.get(value)
        if known is None:
            return _always  # a format the checker does not know asserts nothing
        function, raises = known
        if not raises:
            return lambda item: bool(function(item))

        def conforms(item: Any) -> bool:
            try:
                return bool(function(item))
            except raises:
                return False

        return conforms

    def k_minimum(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        bound = _number(value)
        return lambda item: not _TYPES["number"](item) or not item < bound

    def k_maximum(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        bound = _number(value)
        return lambda item: not _TYPES["number"](item) or not item > bound

    def k_exclusiveMinimum(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        bound = _number(value)
        return lambda item: not _TYPES["number"](item) or not item <= bound

    def k_exclusiveMaximum(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        bound = _number(value)
        return lambda item: not _TYPES["number"](item) or not item >= bound

    def k_allOf(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        return _all_of(self.subschemas(value, base))

    def k_anyOf(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        checks = self.subschemas(value, base)
        return lambda item: any(check(item) for check in checks)

    def k_oneOf(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        checks = self.subschemas(value, base)
        return lambda item: sum(1 for check in checks if check(item)) == 1

    def k_not(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        check = self.schema(value, base)
        return lambda item: not check(item)

    def k_if(self, value: Any, schema: dict[str, Any], base: str) -> Check:
        condition = self.schema(value, base)
        then = self.schema(schema.get("then", True), base)
        otherwise = self.schema(schema.get("else", True), base)
        if condition is _TYPES["object"]:  # one or many: {"if": {"type": "object"}, ...}
            return lambda item: then(item) if type(item) is dict else otherwise(item)
        if condition is _TYPES["string"]:
            return lambda item: then(item) if type(item) is str else otherwise(item)
        return lambda item: then(item) if condition(item) else otherwise(item)

    # the size bounds: the number of members, items or characters, for that type only
    k_minProperties = _size_bound(dict, least=True)
    k_maxProperties = _size_bound(dict, least=False)
    k_minItems = _size_bound(list, least=True)
    k_maxItems = _size_bound(list, least=False)
    k_minLength = _size_bound(str, least=True)
    k_maxLength = _size_bound(str, least=False)


#: The keywords of the fused shapes (besides ``type``).
_OBJECT_SHAPE: Final = frozenset({"type", "properties", "required"})
_ARRAY_SHAPE: Final = frozenset({"type", "items", "minItems", "contains"})
#: The checks of the types one Python type decides, by that type.
_KIND_CHECKS: Final[Mapping[type[Any], Check]] = {
    dict: _TYPES["object"],
    list: _TYPES["array"],
    str: _TYPES["string"],
    bool: _TYPES["boolean"],
    type(None): _TYPES["null"],
}


def _simple_kinds(names: Any) -> frozenset[type[Any]] | None:
    """The Python types a ``type`` keyword allows, when the type alone decides it (not for
    ``integer``, which includes floats with no fraction); None otherwise."""
    listed = [names] if type(names) is str else names
    if type(listed) is not list or not listed:
        return None
    if not all(type(name) is str and name in _PYTHON_TYPES for name in listed):
        return None
    if "integer" in listed:
        return None
    return frozenset(kind for name in listed for kind in _PYTHON_TYPES[name])


def _names(value: Any) -> list[str]:
    if type(value) is not list or not all(type(name) is str for name in value):
        raise NotCompilable("required must be an array of strings")
    return value


def _count(value: Any) -> int:
    if type(value) is float and value.is_integer():
        value = int(value)
    if type(value) is not int or value < 0:
        raise NotCompilable("expected a non-negative integer")
    return value


def _number(value: Any) -> int | float:
    if type(value) not in (int, float):
        raise NotCompilable("expected a number")
    return value  # type: ignore[no-any-return]


def _regex(pattern: Any) -> re.Pattern[str]:
    if type(pattern) is not str:
        raise NotCompilable("a pattern must be a string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise NotCompilable(f"pattern {pattern!r} is not a Python regular expression") from exc


def _pointer(document: Any, fragment: str) -> Any:
    """The node a ``#/...`` fragment names; percent-decoded first, then split (RFC 6901)."""
    node = document
    for raw in unquote(fragment).split("/")[1:]:
        if type(node) is list and _INDEX.fullmatch(raw) and int(raw) < len(node):
            node = node[int(raw)]
        elif type(node) is dict and (token := raw.replace("~1", "/").replace("~0", "~")) in node:
            node = node[token]
        else:
            raise NotCompilable(f"$ref pointer #{fragment} does not resolve")
    return node


_INDEX: Final = re.compile(r"0|[1-9][0-9]*", re.ASCII)
#: A base URI is used only in the plain form both urljoin and jsonschema agree on.
#: (http and https: urljoin treats other schemes, urn: say, differently from jsonschema.)
_PLAIN_URI: Final = re.compile(r"https?://[^\s#?;%]+", re.ASCII)


def _embedded_identifiers(node: Any, root: bool = True) -> bool:
    """Whether a schema document holds ``$id``, ``$schema`` or anchors below its root.

    They change the base URI or the dialect of what is beneath them; such documents are left
    to jsonschema.  (A property *named* ``$id`` is counted too: that only costs speed.)
    """
    if type(node) is dict:
        if not root and _SCOPED.intersection(node):
            return True
        return any(_embedded_identifiers(value, False) for value in node.values())
    if type(node) is list:
        return any(_embedded_identifiers(value, False) for value in node)
    return False


_SCOPED: Final = frozenset({"$id", "$schema", "$anchor", "$dynamicAnchor", "$recursiveAnchor"})


def _compile(
    schema: Mapping[str, Any], resources: Mapping[str, Any], checker: FormatChecker
) -> Check:
    if not is_plain_json(schema) or not all(map(is_plain_json, resources.values())):
        raise NotCompilable("schemas must be plain JSON")
    documents: dict[str, Any] = {}
    root = (schema.get("$id", ""), schema)
    for uri, document in [*resources.items(), root]:
        if (
            type(uri) is not str
            or not (_PLAIN_URI.fullmatch(uri) or (uri == "" and document is schema))
            or urlsplit(uri).netloc != urlsplit(uri).netloc.lower()
        ):
            raise NotCompilable(f"{uri!r} is not a base URI in the compiled plain form")
        if type(document) is dict:
            if document.get("$id", uri) != uri:
                raise NotCompilable(f"resource {uri!r} declares another $id")
            if document.get("$schema", DRAFT_2020_12) != DRAFT_2020_12:
                raise NotCompilable("only draft 2020-12 is compiled")
            if _embedded_identifiers(document):
                raise NotCompilable("an embedded $id, $schema or anchor changes what follows")
        if documents.get(uri, document) != document:
            raise NotCompilable(f"two different schemas claim {uri!r}")
        documents[uri] = document
    base = schema.get("$id", "")
    return _Compiler(documents, checker).schema(schema, base, root=True)


def compile_check(
    schema: Mapping[str, Any],
    resources: Mapping[str, Any],
    checker: FormatChecker,
) -> Check:
    """A predicate that is True only for plain-JSON documents ``schema`` accepts.

    ``resources`` maps URIs to the schemas a ``$ref`` may reach.  Raises
    :class:`NotCompilable` for a schema (or a schema it reaches) outside the compiled
    subset, or one that is not draft 2020-12.
    """
    try:
        check = _compile(schema, resources, checker)
    except (TypeError, ValueError, KeyError, RecursionError) as exc:
        raise NotCompilable(f"{type(exc).__name__}: {exc}") from None

    def accepts(document: Any) -> bool:
        try:
            return is_plain_json(document) and check(document)
        except RecursionError:
            return False  # jsonschema decides, and reports, as it always did

    return accepts
