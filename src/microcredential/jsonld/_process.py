"""JSON-LD expansion, RDF conversion and canonicalization in safe mode, fully offline."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from numbers import Real
from typing import Any

from ..errors import JsonLdError, MicrocredentialError, SafeModeError
from ..problems import Problem, json_pointer
from ._budget import ContextBudget, context_budget, json_size
from ._fast import Unsupported, _state_for, fast_canonical, fast_dataset
from ._rdf import ConflictingIndexes, expanded_dataset
from .loader import OfflineLoader, default_loader
from .rdfc import Quad, canonicalize_quads, literal_term, serialize_quad

__all__ = ["canonicalize", "expand", "to_dataset", "to_nquads"]

#: Vocabulary placed in front of every document's contexts while expanding: a term that the
#: document's own contexts do not define expands under it instead of being dropped, so that
#: safe mode can name it.
_SENTINEL = "urn:microcredential:undefined-term:"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _is_absolute(iri: str) -> bool:
    return bool(_SCHEME.match(iri)) or iri.startswith("_:")


def _not_json(document: Mapping[str, Any], value: Any) -> JsonLdError:
    """The error for ``value``, found in ``document`` where JSON has no such value."""
    path: list[str | int] = []

    def find(item: Any) -> bool:
        if item is value:
            return True
        entries = (
            item.items()
            if isinstance(item, Mapping)
            else enumerate(item)
            if isinstance(item, list)
            else ()
        )
        for key, child in entries:
            path.append(key)
            if find(child):
                return True
            path.pop()
        return False

    find(document)
    pointer = json_pointer(path)
    message = f"{type(value).__name__} is not a JSON value"
    return JsonLdError(
        f"{pointer or '/'}: {message}; only objects, arrays, strings, numbers, booleans and "
        "null have a meaning that a JSON reader and the signed data agree on",
        problems=[Problem("jsonld.invalid", message, pointer)],
    )


def _with_sentinel(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` whose top-level context starts with the sentinel vocabulary.

    A ``null`` context (which clears the active context) is followed by the sentinel again,
    at the top level and in embedded contexts, so nothing can be dropped silently after it.
    """
    sentinel = {"@vocab": _SENTINEL}

    def fix(value: Any) -> Any:
        if isinstance(value, Mapping):
            out = {}
            for key, item in value.items():
                if key == "@context":
                    items = item if isinstance(item, list) else [item]
                    if any(entry is None for entry in items):
                        fixed: list[Any] = []
                        for entry in items:
                            fixed.append(entry)
                            if entry is None:
                                fixed.append(sentinel)
                        out[key] = fixed
                    else:
                        out[key] = item
                else:
                    out[key] = fix(item)
            return out
        if isinstance(value, list):
            return [fix(item) for item in value]
        if value is None or isinstance(value, str | Real):  # numbers as the RDF walk reads them
            return value
        # pyld writes Python's text for a tuple, a set, bytes...: a literal no JSON reader
        # of the document would see
        raise _not_json(document, value)

    result: dict[str, Any] = fix(document)
    context = result.get("@context")
    if context is None:
        result["@context"] = [sentinel]
    else:
        result["@context"] = [sentinel, *(context if isinstance(context, list) else [context])]
    return result


def _json_ld_error(exc: Exception) -> MicrocredentialError:
    """Translate a pyld error, preferring one of ours found in its cause chain."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, MicrocredentialError):
            return cause
        cause = cause.__cause__ or cause.__context__
    details = getattr(exc, "details", None) or {}
    code = getattr(exc, "code", None) or "invalid JSON-LD"
    message = f"JSON-LD processing failed: {code}"
    hint = details.get("term") or details.get("url")
    if isinstance(hint, str):
        message += f" ({hint[:120]})"
    if code == "protected term redefinition":
        advice = (
            "a later context redefines a term that an earlier one protects; the Open Badges "
            "3.0.0 and 3.0.1 contexts belong with VC 1.1, so with the VC 2.0 context use "
            "Open Badges 3.0.2 or 3.0.3"
        )
    else:
        advice = "check the @context entries and the term definitions they rely on"
    return JsonLdError(f"{message}: {advice}", problems=[Problem("jsonld.invalid", message)])


def _run_pyld(
    operation: str,
    document: Any,
    options: dict[str, Any],
    on_property_dropped: Callable[[str | None], Any] | None = None,
) -> Any:
    from pyld import jsonld

    try:
        if on_property_dropped is not None:
            return jsonld.expand(document, options, on_property_dropped=on_property_dropped)
        return getattr(jsonld, operation)(document, options)
    except MicrocredentialError:
        raise
    except RecursionError:
        raise JsonLdError(
            "JSON-LD processing failed: the document is nested too deeply",
            problems=[Problem("jsonld.too-deep", "document nested too deeply for JSON-LD")],
        ) from None
    except Exception as exc:  # pyld raises JsonLdError and, on odd input, plain exceptions
        raise _json_ld_error(exc) from None


# -- safe mode -----------------------------------------------------------------------------


def _walk_expanded(expanded: Any) -> Iterator[tuple[str, str]]:
    """Yield (kind, value) for every IRI-like position in expanded JSON-LD (one pass)."""
    stack: list[Any] = [expanded]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
            continue
        if not isinstance(node, dict):
            continue
        if "@value" in node:
            datatype = node.get("@type")
            if isinstance(datatype, str) and datatype != "@json":
                yield "datatype", datatype
            continue
        later: list[Any] = []
        for key, value in node.items():
            if key == "@id" and isinstance(value, str):
                yield "id", value
            elif key == "@type":
                for item in value if isinstance(value, list) else [value]:
                    if isinstance(item, str):
                        yield "type", item
            elif key.startswith("@"):
                if key in ("@graph", "@list", "@set", "@included", "@reverse"):
                    later.append(value)
            else:
                yield "property", key
                later.append(value)
        stack.extend(reversed(later))


Path = tuple[str | int, ...]


def _members(document: Any) -> Iterator[tuple[str, Any, list[str | int]]]:
    """Every member of every object in ``document`` (outside ``@context``) in document order,
    in one pass: ``(key, value, segments)``, where ``segments`` leads to the object holding
    the member. ``segments`` is a live list: copy it, e.g. ``(*segments, key)``."""

    def items(value: Any) -> Iterator[tuple[str | int, Any]] | None:
        if isinstance(value, Mapping):
            return iter(value.items())
        if isinstance(value, list):
            return iter(enumerate(value))
        return None

    first = items(document)
    if first is None:
        return
    stack = [first]
    segments: list[str | int] = []  # always one shorter than the stack
    while stack:
        step = next(stack[-1], None)
        if step is None:
            stack.pop()
            if stack:
                segments.pop()
            continue
        key, value = step
        if isinstance(key, str):
            if key == "@context":
                continue
            yield key, value, segments
        inner = items(value)
        if inner is not None:
            segments.append(key)
            stack.append(inner)


def _find_paths(document: Any, predicate: Callable[[str, Any], bool]) -> list[Path]:
    """The paths of the members for which ``predicate(key, value)`` holds, in document order."""
    return [
        (*segments, key) for key, value, segments in _members(document) if predicate(key, value)
    ]


class _Locations:
    """Where given strings occur in a document as keys, values or type names: one pass.

    Each map sends a wanted string to the paths of the members where it occurs, in document
    order: ``keys`` where it is the key; ``values`` where it is the (string) value; ``either``
    where it is the key or the value (once per member); ``types`` where it is the value, or
    one of the values, of a ``type`` or ``@type`` member.
    """

    def __init__(
        self,
        document: Any,
        *,
        keys: AbstractSet[str] = frozenset(),
        values: AbstractSet[str] = frozenset(),
        either: AbstractSet[str] = frozenset(),
        types: AbstractSet[str] = frozenset(),
    ) -> None:
        self.keys: dict[str, list[Path]] = {}
        self.values: dict[str, list[Path]] = {}
        self.either: dict[str, list[Path]] = {}
        self.types: dict[str, list[Path]] = {}
        if not (keys or values or either or types):
            return
        for key, value, segments in _members(document):
            text = value if isinstance(value, str) else None
            if key in keys:
                self.keys.setdefault(key, []).append((*segments, key))
            if text is not None and text in values:
                self.values.setdefault(text, []).append((*segments, key))
            if key in either:
                self.either.setdefault(key, []).append((*segments, key))
            if text is not None and text != key and text in either:
                self.either.setdefault(text, []).append((*segments, key))
            if types and key in ("type", "@type"):
                names = value if isinstance(value, list) else [value]
                for name in dict.fromkeys(n for n in names if isinstance(n, str) and n in types):
                    self.types.setdefault(name, []).append((*segments, key))


#: The JSON-LD 1.1 keywords; any other key of the form ``@letters`` is ignored by processors.
_KEYWORDS = frozenset(
    {
        "@base",
        "@container",
        "@context",
        "@direction",
        "@graph",
        "@id",
        "@import",
        "@included",
        "@index",
        "@json",
        "@language",
        "@list",
        "@nest",
        "@none",
        "@prefix",
        "@propagate",
        "@protected",
        "@reverse",
        "@set",
        "@type",
        "@value",
        "@version",
        "@vocab",
    }
)
_KEYWORD_LIKE = re.compile(r"^@[A-Za-z]+$")
#: Characters RFC 3987 never allows in an IRI; RDF serialisations drop such "IRIs".
_NOT_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def _null_terms(document: Any) -> set[str]:
    """Terms that embedded contexts map to null (or to ``{"@id": null}``)."""
    found: set[str] = set()

    def scan_context(context: Any) -> None:
        for item in context if isinstance(context, list) else [context]:
            if isinstance(item, Mapping):
                for term, definition in item.items():
                    if definition is None or (
                        isinstance(definition, Mapping)
                        and "@id" in definition
                        and definition["@id"] is None
                    ):
                        found.add(term)
                    if isinstance(definition, Mapping) and "@context" in definition:
                        scan_context(definition["@context"])

    def walk(value: Any) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                if key == "@context":
                    scan_context(item)
                else:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return found


def _safe_mode_problems(
    document: Mapping[str, Any], expanded: Any, dropped: Sequence[str | None] = ()
) -> list[Problem]:
    """Every safe-mode problem with the places it occurs; linear in the document's size."""
    iris = _Unsafe.of(expanded, dropped)
    problems: list[Problem] = []
    keyword_like = _find_paths(
        document, lambda k, _v: bool(_KEYWORD_LIKE.match(k)) and k not in _KEYWORDS
    )
    for segments in keyword_like:
        problems.append(
            Problem(
                "jsonld.reserved-key",
                f"{segments[-1]!r} has the form of a JSON-LD keyword but is none, so processors "
                "ignore it and it would not be signed; rename or remove it",
                json_pointer(segments),
            )
        )
    unexplained = sum(d is None for d in dropped) - len(keyword_like)
    null_terms = _null_terms(document) if unexplained > 0 else set()
    found = _Locations(
        document,
        keys=iris.undefined_terms | iris.blank_properties,
        values=iris.relative,
        either=iris.malformed,
        types=iris.undefined_types,
    )
    if unexplained > 0:
        paths = _find_paths(document, lambda k, _v: k in null_terms) or [()]
        for segments in paths:
            problems.append(
                Problem(
                    "jsonld.dropped-property",
                    "a property here is mapped to null (or its vocabulary switched off) by an "
                    "embedded context, so it would be silently left out of the signed data; "
                    "remove it or define it",
                    json_pointer(segments),
                )
            )
    problems.extend(_located_problems(iris, found))
    return problems


@dataclass(frozen=True, slots=True)
class _Unsafe:
    """What safe mode refuses in an expanded document, by kind: the terms and types no
    context defines, relative and malformed IRIs, blank nodes used as properties."""

    undefined_terms: set[str]
    undefined_types: set[str]
    relative: set[str]
    malformed: set[str]
    blank_properties: set[str]

    @classmethod
    def of(cls, expanded: Any, dropped: Sequence[str | None]) -> _Unsafe:
        found = cls({d for d in dropped if d and not d.startswith("@")}, set(), set(), set(), set())
        for kind, value in _walk_expanded(expanded):
            if value.startswith(_SENTINEL):
                (
                    found.undefined_types if kind in ("type", "datatype") else found.undefined_terms
                ).add(value[len(_SENTINEL) :])
            elif kind == "property" and value.startswith("_:"):
                found.blank_properties.add(value)
            elif not _is_absolute(value):
                found.relative.add(value)
            elif _NOT_IRI.search(value):
                found.malformed.add(value)
        return found


def _located_problems(iris: _Unsafe, found: _Locations) -> list[Problem]:
    """One problem per place of each undefined term or type, blank-node property, malformed
    and relative IRI (a problem at the root where a place is not known)."""
    problems: list[Problem] = []
    undefined_terms, undefined_types = iris.undefined_terms, iris.undefined_types
    relative, malformed, blank_properties = iris.relative, iris.malformed, iris.blank_properties
    define = (
        "define it: add the context that defines it to @context (for Open Badges "
        "extensions, https://purl.imsglobal.org/spec/ob/v3p0/extensions.json)"
    )
    # an undefined property is refused by verification under every cryptosuite (the
    # compacted-form check); an undefined type only by the RDF suites
    fix = define + ", or sign with eddsa-jcs-2022, which does not use JSON-LD"
    for term in sorted(undefined_terms):
        for segments in found.keys.get(term) or [()]:
            problems.append(
                Problem(
                    "jsonld.undefined-term",
                    f"term {term!r} is not defined by the document's contexts and would be "
                    f"dropped from the signed data; {define}",
                    json_pointer(segments),
                )
            )
    for type_name in sorted(undefined_types):
        for segments in found.types.get(type_name) or [()]:
            problems.append(
                Problem(
                    "jsonld.undefined-type",
                    f"type {type_name!r} is not defined by the document's contexts; {fix}",
                    json_pointer(segments),
                )
            )
    for iri in sorted(blank_properties):
        problems.extend(
            Problem(
                "jsonld.blank-node-property",
                f"{iri!r} makes a blank node a property, which RDF does not allow, so it "
                "would be dropped from the signed data; use an IRI",
                json_pointer(segments),
            )
            for segments in found.keys.get(iri) or [()]
        )
    for iri in sorted(malformed):
        problems.extend(
            Problem(
                "jsonld.invalid-iri",
                f"{iri!r} is not a valid IRI (spaces, quotes, angle brackets and control "
                "characters are not allowed), so it would be dropped from the signed data; "
                "percent-encode or remove the offending characters",
                json_pointer(segments),
            )
            for segments in found.either.get(iri) or [()]
        )
    for iri in sorted(relative):
        for segments in found.values.get(iri) or [()]:
            problems.append(
                Problem(
                    "jsonld.relative-iri",
                    f"{iri!r} is a relative IRI, which JSON-LD drops from the signed data; "
                    "use an absolute IRI such as https://… or urn:uuid:…",
                    json_pointer(segments),
                )
            )
    return problems


# -- public operations ---------------------------------------------------------------------


def _options(loader: OfflineLoader | None) -> dict[str, Any]:
    options = (loader or default_loader()).pyld_options()
    # None, not "": pyld resolves against http://example.org/base/ when given "".
    options["base"] = None
    return options


def expand(
    document: Mapping[str, Any],
    *,
    loader: OfflineLoader | None = None,
    safe: bool = True,
) -> list[Any]:
    """Expand a JSON-LD document offline.

    In safe mode (the default) a term that would be dropped, an undefined type or a relative
    IRI raises :class:`~microcredential.SafeModeError` naming each one and its JSON pointer.
    Context processing has a work budget linear in the document's size: a document that
    applies large contexts very many times raises :class:`~microcredential.JsonLdError`
    (``jsonld.work-limit``). The input is never modified.
    """
    if not isinstance(document, Mapping):
        raise JsonLdError(
            f"a JSON-LD document must be a JSON object, not {type(document).__name__}",
            problems=[Problem("jsonld.invalid", "the document is not a JSON object")],
        )
    try:
        source = _with_sentinel(document) if safe else copy.deepcopy(dict(document))
    except RecursionError:
        raise JsonLdError(
            "JSON-LD processing failed: the document is nested too deeply",
            problems=[Problem("jsonld.too-deep", "document nested too deeply for JSON-LD")],
        ) from None
    options = _options(loader)
    options["contextResolver"] = ContextBudget(
        options["contextResolver"],
        loader or default_loader(),
        context_budget(json_size(document)),
    )
    dropped: list[str | None] = []
    expanded: list[Any] = _run_pyld("expand", source, options, dropped.append if safe else None)
    if safe:
        problems = _safe_mode_problems(document, expanded, dropped)
        if problems:
            raise SafeModeError.from_problems(problems)
    return expanded


def _term(node: Mapping[str, Any]) -> str:
    kind = node["type"]
    value: str = node["value"]
    if kind == "IRI":
        return f"<{value}>"
    if kind == "blank node":
        return value
    return literal_term(value, node.get("datatype"), node.get("language"))


def to_dataset(
    document: Mapping[str, Any],
    *,
    loader: OfflineLoader | None = None,
    safe: bool = True,
    fast: bool = True,
) -> list[Quad]:
    """The RDF dataset a document denotes, as quads of canonical N-Quads terms.

    With ``fast`` (the default) documents that only use context URLs and plain JSON-LD are
    converted by a direct walk (:mod:`microcredential.jsonld._fast`); anything else, and every
    error, is expanded by pyld (with safe mode) and converted to RDF by a linear walk of the
    expanded form (:mod:`microcredential.jsonld._rdf`), which ``fast=False`` forces. Both give
    the dataset pyld's ``toRdf`` gives, up to blank node labels and the order of the quads.
    """
    if fast and safe:
        try:
            return fast_dataset(document, loader)
        except Unsupported:
            pass
    return _expanded_to_dataset(expand(document, loader=loader, safe=safe))


def _expanded_to_dataset(expanded: list[Any]) -> list[Quad]:
    try:
        return expanded_dataset(expanded)
    except ConflictingIndexes as exc:
        message = "JSON-LD processing failed: conflicting indexes"
        raise JsonLdError(
            f"{message}: the node {str(exc)[:120]!r} is described twice with an @index; "
            "keep one @index for it",
            problems=[Problem("jsonld.invalid", message)],
        ) from None
    except RecursionError:
        raise JsonLdError(
            "JSON-LD processing failed: the document is nested too deeply",
            problems=[Problem("jsonld.too-deep", "document nested too deeply for JSON-LD")],
        ) from None
    except Exception as exc:  # a value pyld's RDF conversion cannot write either
        raise _json_ld_error(exc) from None


def to_dataset_reference(
    document: Mapping[str, Any], *, loader: OfflineLoader | None = None, safe: bool = True
) -> list[Quad]:
    """pyld expansion, safe mode and pyld's own ``toRdf``: the oracle the tests compare
    :func:`to_dataset` with. Not used by the package: pyld's node map is quadratic in the
    length of an array, so a long array would hold a verifier for minutes."""
    expanded = expand(document, loader=loader, safe=safe)
    options = _options(loader)
    options["rdfDirection"] = "i18n-datatype"
    dataset = _run_pyld("to_rdf", expanded, options)
    quads: list[Quad] = []
    for graph_name, triples in dataset.items():
        graph = (
            ""
            if graph_name == "@default"
            else (graph_name if graph_name.startswith("_:") else f"<{graph_name}>")
        )
        for triple in triples:
            if triple["object"] is None:
                continue  # pyld keeps a list item that is a relative IRI as a hole
            quads.append(
                (
                    _term(triple["subject"]),
                    _term(triple["predicate"]),
                    _term(triple["object"]),
                    graph,
                )
            )
    return quads


def to_nquads(
    document: Mapping[str, Any], *, loader: OfflineLoader | None = None, safe: bool = True
) -> str:
    """N-Quads for a document (not canonical: blank node labels as the processor issued them)."""
    return "".join(serialize_quad(q) for q in to_dataset(document, loader=loader, safe=safe))


def canonicalize(
    document: Mapping[str, Any],
    *,
    loader: OfflineLoader | None = None,
    max_work: int | None = None,
    hash_algorithm: str = "sha256",
) -> str:
    """Canonical N-Quads (RDFC-1.0) of a JSON-LD document, in safe mode, offline.

    ``max_work`` caps the blank-node disambiguation work (see
    :func:`~microcredential.jsonld.canonicalize_quads`); the default budget is linear in the
    size of the document's dataset.  ``hash_algorithm`` is RDFC-1.0's hash: ``"sha256"`` or
    ``"sha384"``.

    >>> doc = {
    ...     "@context": {"name": "https://schema.org/name"},
    ...     "name": "Data Science Fundamentals",
    ... }
    >>> print(canonicalize(doc), end="")
    _:c14n0 <https://schema.org/name> "Data Science Fundamentals" .
    """
    members = _flat_key(document)
    if members is None:
        try:
            return fast_canonical(
                document, loader, max_work=max_work, hash_algorithm=hash_algorithm
            )
        except Unsupported:
            pass
        return canonicalize_quads(
            to_dataset(document, loader=loader, fast=False),
            max_work=max_work,
            hash_algorithm=hash_algorithm,
        )
    # A flat document (a proof configuration): the same one is canonicalized for every
    # credential of a run, so its canonical form is kept per loader, keyed by its content.
    state = _state_for(loader or default_loader())
    key = (hash_algorithm, max_work, members)
    text = state.canonical.get(key)
    if text is None:
        text = canonicalize_quads(
            to_dataset(document, loader=loader), max_work=max_work, hash_algorithm=hash_algorithm
        )
        state.remember_canonical(key, text)
    return text


#: Flat documents larger than this are not kept (members, strings in a list, characters).
_FLAT_MEMBERS = 16
_FLAT_CHARS = 2048


def _flat_key(document: Mapping[str, Any]) -> tuple[tuple[str, str | tuple[str, ...]], ...] | None:
    """The members of ``document`` when it is a small ``dict`` whose values are all strings
    or lists of strings (exactly ``str``, ``list`` and ``dict``), in order; else None.

    Such a document's canonical form is decided by exactly this key (and the loader): a list
    becomes a tuple, which never equals a string, so ``"a"`` and ``["a"]`` stay apart.
    """
    if type(document) is not dict or len(document) > _FLAT_MEMBERS:
        return None
    members: list[tuple[str, str | tuple[str, ...]]] = []
    size = 0
    for name, value in document.items():
        if type(name) is not str:
            return None
        if type(value) is str:
            size += len(name) + len(value)
            members.append((name, value))
        elif type(value) is list and len(value) <= _FLAT_MEMBERS:
            for item in value:
                if type(item) is not str:
                    return None
                size += len(item)
            members.append((name, tuple(value)))
        else:
            return None
    if size > _FLAT_CHARS:
        return None
    return tuple(members)
