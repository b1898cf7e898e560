"""Expanded JSON-LD to RDF quads in one linear pass (the "Deserialize JSON-LD to RDF" step).

pyld's ``to_rdf`` first builds a node map, and adds every value to it after checking that the
value is not there yet by comparing it with each value already present: an unsigned document
with one property of 12,000 values costs 72 million comparisons before any signature is
checked. An RDF dataset is a set, so this module emits each statement as it walks the expanded
document and removes duplicates with a dictionary at the end.

It gives the dataset pyld gives (up to blank node labels and the order of the quads; the
equivalence is tested over the reference data, the fast path's corpus and a generator of
expanded documents with every JSON-LD feature), including what pyld leaves out:

- statements whose subject, predicate or IRI object is not absolute, and those whose predicate
  is a blank node (no generalized RDF); a list's cells only exist when the statement that
  holds the list is kept;
- named graphs whose name is not absolute;
- a node described twice in one graph with ``@index`` both times is an error (pyld raises
  "conflicting indexes" for two different indexes, and fails for two equal ones);
- of two values of one property of one node that pyld deems equal (same ``@value``,
  ``@type``, ``@language`` and ``@index``; ``@direction`` is not compared), the first one in
  pyld's order (keys sorted, arrays in order) is kept; the walk follows that order.

Literals follow pyld's ``_object_to_rdf`` with ``rdfDirection: "i18n-datatype"``: booleans,
integers and doubles get their XSD datatypes and canonical lexical forms, ``@json`` values
their RFC 8785 text, language-tagged strings ``rdf:langString``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from numbers import Integral, Real
from typing import Any

from .rdfc import Quad, canonical_double, literal_term

__all__ = ["ConflictingIndexes", "expanded_dataset"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = _RDF + "type"
_RDF_FIRST = f"<{_RDF}first>"
_RDF_REST = f"<{_RDF}rest>"
_RDF_NIL = f"<{_RDF}nil>"
_RDF_JSON = _RDF + "JSON"
_RDF_LANGSTRING = _RDF + "langString"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_BOOLEAN = _XSD + "boolean"
_XSD_DOUBLE = _XSD + "double"
_XSD_INTEGER = _XSD + "integer"
_XSD_STRING = _XSD + "string"
_I18N = "https://www.w3.org/ns/i18n#"
#: pyld's notion of an absolute IRI (a scheme, or "_" for blank nodes, then no whitespace);
#: like its ``re.match(...$)``, a single newline at the very end is tolerated.
_ABSOLUTE = re.compile(r"(?:[A-Za-z][A-Za-z0-9+,.\-]*|_):\S*\n?\Z")


class ConflictingIndexes(ValueError):
    """A node is described twice in one graph, each time with an ``@index``."""


def _absolute(value: str) -> bool:
    return _ABSOLUTE.match(value) is not None


def _resource(value: str) -> str:
    """The N-Quads term of an IRI or blank node identifier."""
    return value if value.startswith("_:") else f"<{value}>"


class _Term:
    """An object position: a ready term, or a list whose cells are written on demand."""

    __slots__ = ("items", "term")

    def __init__(self, term: str | None = None, items: list[_Term | None] | None = None):
        self.term = term
        self.items = items


class _Converter:
    def __init__(self) -> None:
        self.quads: list[Quad] = []
        self._labels: dict[str, str] = {}
        self._issued = 0
        self._indexes: set[tuple[str, str]] = set()
        self._values: set[tuple[str, str, str, Any]] = set()
        self._canonical_json: Callable[[Any], bytes] | None = None

    # -- identifiers --------------------------------------------------------------------

    def _blank(self) -> str:
        label = f"_:e{self._issued}"
        self._issued += 1
        return label

    def _label(self, identifier: str) -> str:
        """A fresh label for a blank node identifier of the document (the same each time)."""
        label = self._labels.get(identifier)
        if label is None:
            label = self._labels[identifier] = self._blank()
        return label

    def _id(self, value: str) -> str:
        return self._label(value) if value.startswith("_:") else value

    # -- statements ---------------------------------------------------------------------

    def _emit(self, subject: str, predicate: str, obj: _Term | None, graph: str) -> None:
        """Add a statement, unless pyld would leave it out; lists get their cells here."""
        if obj is None or not (_absolute(subject) and _absolute(predicate)):
            return
        if predicate.startswith("_:"):
            return  # a blank node predicate: generalized RDF only
        term = obj.term if obj.items is None else self._list(obj.items, graph)
        if term is not None:
            self.quads.append((_resource(subject), f"<{predicate}>", term, graph))

    def _list(self, items: list[_Term | None], graph: str) -> str:
        """Write an RDF collection; returns its head."""
        if not items:
            return _RDF_NIL
        head = cell = self._blank()
        last = len(items) - 1
        for index, item in enumerate(items):
            if item is not None:
                value = item.term if item.items is None else self._list(item.items, graph)
                if value is not None:
                    self.quads.append((cell, _RDF_FIRST, value, graph))
            following = _RDF_NIL if index == last else self._blank()
            self.quads.append((cell, _RDF_REST, following, graph))
            cell = following
        return head

    # -- values -------------------------------------------------------------------------

    @staticmethod
    def _reference(identifier: str) -> _Term | None:
        """The object term for a node (an identifier already relabelled), or None when pyld
        leaves it out (a relative IRI)."""
        if identifier.startswith("_:"):
            return _Term(identifier)
        return _Term(f"<{identifier}>") if _absolute(identifier) else None

    def _literal(self, item: Mapping[str, Any]) -> _Term:
        value = item["@value"]
        datatype = item.get("@type")
        if datatype == "@json":
            if self._canonical_json is None:
                from c14n.Canonicalize import canonicalize  # pyld's own RFC 8785 writer

                self._canonical_json = canonicalize
            return _Term(literal_term(self._canonical_json(value).decode("utf-8"), _RDF_JSON))
        if isinstance(value, bool):
            return _Term(literal_term("true" if value else "false", datatype or _XSD_BOOLEAN))
        if _is_double(value):
            return _Term(literal_term(canonical_double(value), datatype or _XSD_DOUBLE))
        if datatype == _XSD_DOUBLE:
            try:
                number = float(value)
            except (ValueError, TypeError):
                return _Term(literal_term(value, _XSD_DOUBLE))
            return _Term(literal_term(canonical_double(number), _XSD_DOUBLE))
        if _is_integer(value):
            if abs(value) >= 1e21:
                return _Term(literal_term(canonical_double(value), datatype or _XSD_DOUBLE))
            return _Term(literal_term(str(int(value)), datatype or _XSD_INTEGER))
        if "@direction" in item:
            direction = f"{_I18N}{item.get('@language', '')}_{item['@direction']}"
            return _Term(literal_term(value, direction))
        if "@language" in item:
            return _Term(literal_term(value, datatype or _RDF_LANGSTRING, item["@language"]))
        return _Term(literal_term(value, datatype or _XSD_STRING))

    # -- the walk -----------------------------------------------------------------------

    def visit(
        self,
        element: Any,
        graph: str,
        subject: str | None = None,
        predicate: str | None = None,
        into: list[_Term | None] | None = None,
        reverse_of: str | None = None,
    ) -> None:
        """Walk one expanded element (pyld's node map generation, statements emitted)."""
        if isinstance(element, list):
            for item in element:
                self.visit(item, graph, subject, predicate, into, reverse_of)
            return
        if not isinstance(element, Mapping):
            return
        if "@value" in element:
            if into is not None:
                into.append(self._literal(element))
            elif subject is not None and predicate is not None:
                seen = (graph, subject, predicate, _value_key(element))
                if seen not in self._values:
                    self._values.add(seen)
                    self._emit(subject, predicate, self._literal(element), graph)
            return
        if "@list" in element:
            items: list[_Term | None] = []
            self.visit(element["@list"], graph, subject, predicate, items)
            if into is not None:
                into.append(_Term(items=items))
            elif subject is not None and predicate is not None:
                self._emit(subject, predicate, _Term(items=items), graph)
            return
        node_id = element.get("@id")
        identifier = self._id(node_id) if isinstance(node_id, str) else self._blank()
        if reverse_of is not None and predicate is not None:
            self._emit(identifier, predicate, self._reference(reverse_of), graph)
        elif predicate is not None:
            reference = self._reference(identifier)
            if into is not None:
                into.append(reference)
            elif subject is not None:
                self._emit(subject, predicate, reference, graph)
        for key in sorted(element):  # pyld's order, which decides which duplicate is kept
            value = element[key]
            if key == "@id":
                continue
            if key == "@reverse":
                for reverse_property, nodes in value.items():
                    for node in nodes:
                        self.visit(node, graph, predicate=reverse_property, reverse_of=identifier)
            elif key == "@graph":
                self.visit(value, identifier)
            elif key == "@included":
                self.visit(value, graph)
            elif key == "@type":
                for type_iri in value:
                    self._emit(identifier, _RDF_TYPE, self._reference(self._id(type_iri)), graph)
            elif key == "@index":
                indexed = (graph, identifier)
                if indexed in self._indexes:
                    raise ConflictingIndexes(identifier)
                self._indexes.add(indexed)
            elif key.startswith("@"):
                continue
            else:
                for item in value:
                    self.visit(item, graph, identifier, self._id(key))


def _value_key(item: Mapping[str, Any]) -> Any:
    """What pyld compares to decide that a value object is already there: its ``@type``,
    ``@language``, ``@index`` and ``@value`` (Python equality, booleans apart from numbers
    at the top), but not ``@direction``."""
    value = item["@value"]
    strict = ("bool", value) if isinstance(value, bool) else ("value", _frozen(value))
    return (item.get("@type"), item.get("@language"), item.get("@index"), strict)


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a JSON value, equal where Python's ``==`` says equal."""
    if isinstance(value, Mapping):
        return ("object", frozenset((key, _frozen(item)) for key, item in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_frozen(item) for item in value))
    return value


def _is_integer(value: Any) -> bool:
    return isinstance(value, Integral) or (isinstance(value, Real) and float(value).is_integer())


def _is_double(value: Any) -> bool:
    return (
        not isinstance(value, Integral)
        and isinstance(value, Real)
        and not float(value).is_integer()
    )


def expanded_dataset(expanded: Any) -> list[Quad]:
    """The quads of expanded JSON-LD, without duplicates (blank nodes ``_:e0``, ``_:e1`` …).

    Raises :class:`ConflictingIndexes`, and whatever a malformed value raises (the caller
    reports them as JSON-LD errors).
    """
    converter = _Converter()
    converter.visit(expanded, "@default")
    quads: dict[Quad, None] = {}
    for quad in converter.quads:
        graph = quad[3]
        if graph == "@default":
            quads[(*quad[:3], "")] = None
        elif _absolute(graph):
            quads[(*quad[:3], _resource(graph))] = None
    return list(quads)
