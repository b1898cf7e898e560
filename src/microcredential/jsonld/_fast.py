"""A fast path from compact JSON-LD straight to RDF quads, for the common case.

The reference path (:func:`microcredential.jsonld._process.to_dataset_reference`) asks pyld to
expand the document, walks the expanded form for safe mode, then asks pyld to expand it again
and convert it to RDF.  For a credential that only uses remote contexts (the VC 2.0 and Open
Badges contexts, say) almost all of that work is the same every time.  This module walks the
*compact* document once and emits quads directly, following pyld's expansion algorithm step
by step (property-scoped and type-scoped contexts, reverting non-propagated contexts, value
coercion), while the context processing itself is still pyld's, done once per distinct context
and memoised here together with every term lookup and, per context, a plan for each shape of
node (its keys and types) that it meets.

It handles a deliberately small subset of JSON-LD.  Whenever it meets anything else — an
embedded ``@context``, a container other than ``@set``, ``@list``/``@graph``/``@reverse``/
``@nest``/``@index``/``@json``, language or direction tagging, a term that is not defined (it
would expand under the safe-mode sentinel), a relative or blank-node IRI, an odd number, a
``null``, more context URLs than a credential lists — it raises :class:`Unsupported` and the
caller falls back to pyld's expansion (with safe mode and the context-processing budget) and
the linear RDF conversion of :mod:`microcredential.jsonld._rdf`, which give the reference
answer or raise the reference safe-mode error.  It never guesses.

Safe mode is therefore never checked here: every input a safe-mode rule would refuse must be
one this module does not handle.  When safe mode gains a rule, make sure the fast path
refuses what it catches (``tests/jsonld/test_fast_path.py`` and the safe-mode tests run
through the fast path and fail otherwise).
"""

from __future__ import annotations

import math
import re
import threading
import weakref
from collections.abc import Mapping
from typing import Any

from .loader import OfflineLoader, default_loader
from .rdfc import Quad, canonical_double, canonical_nquads, escape_literal, literal_term

__all__ = ["Unsupported", "fast_canonical", "fast_dataset"]

#: Must be the same vocabulary as the reference path's safe-mode sentinel.
_SENTINEL = "urn:microcredential:undefined-term:"
#: An absolute IRI by the safe-mode rules (a scheme; none of the characters RFC 3987 never
#: allows) and by pyld's RDF rule (no whitespace at all).
_ABSOLUTE = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>"{}|\\^`\x00-\x20\x7f]*')
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDF_TYPE = f"<{_RDF}type>"
_RDF_FIRST = f"<{_RDF}first>"
_RDF_REST = f"<{_RDF}rest>"
_RDF_NIL = f"<{_RDF}nil>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_XSD_BOOLEAN = _XSD + "boolean"
_XSD_DOUBLE = _XSD + "double"
_XSD_INTEGER = _XSD + "integer"
#: Entries of a pyld term definition that the fast path understands.  Anything else
#: (``@language``, ``@direction``, ``@nest``, ``@index``, ``@prefix`` …) means "not handled".
_KNOWN_TERM_KEYS = frozenset(
    {"@id", "@type", "@context", "@container", "reverse", "protected", "_prefix",
     "_term_has_colon", "_base_url"}
)  # fmt: skip
_MEMO_LIMIT = 4096
#: Nodes with more keys or types than this get no plan: credentials' nodes have a few dozen
#: at most, and a kept plan holds its keys (so a stream of hostile documents cannot fill the
#: memos with huge ones).
_PLAN_KEYS = 64
_CANONICAL_LIMIT = 1024
#: Identifiers longer than this are not kept (see _Ctx.expand_id).
_ID_CHARS = 256
_MAX_CONTEXTS = 16
_MISSING = object()


class Unsupported(Exception):
    """The fast path does not handle this input; use the reference path."""


def _unsupported(what: str) -> Unsupported:
    return Unsupported(what)


class _Term:
    """What the fast path needs to know about one key in one active context."""

    __slots__ = ("datatype", "iri", "is_list", "kind", "scoped", "text", "type_mapping")

    def __init__(
        self,
        kind: str,
        iri: str,
        type_mapping: Any,
        scoped: Any,
        datatype: str | None,
        is_list: bool = False,
        text: str | None = None,
    ) -> None:
        self.kind = kind  # "@id", "@type" or "property"
        self.iri = iri  # the predicate, as an N-Quads term, for properties
        self.type_mapping = type_mapping  # None, "@id", "@vocab", "@none" or a datatype IRI
        self.scoped = scoped  # the property-scoped local context, or None
        self.datatype = datatype  # type_mapping when it is a datatype IRI
        self.is_list = is_list  # the term has "@container": "@list"
        #: for a property whose string values are literals: what follows the quoted lexical
        #: form ("" or "^^<datatype>"); None when its strings are IRIs or not handled
        self.text = text


class _Ctx:
    """A pyld active context with memoised lookups and derived contexts."""

    __slots__ = (
        "_applied",
        "_embedded",
        "_ids",
        "_plans",
        "_stages",
        "_terms",
        "_types",
        "_vocab",
        "has_language",
        "mappings",
        "memo",
        "previous",
        "raw",
        "state",
        "type_aliases",
    )

    def __init__(self, state: _State, raw: dict[str, Any]) -> None:
        self.state = state
        self.raw = raw
        self.mappings: dict[str, Any] = raw["mappings"]
        self.has_language = raw.get("@language") is not None or raw.get("@direction") is not None
        previous = raw.get("previousContext")
        self.previous: _Ctx | None = state.wrap(previous) if previous else None
        self._vocab: dict[str, Any] = {}
        self._ids: dict[str, str] = {}
        self._terms: dict[str, _Term] = {}
        self._types: dict[str, str] = {}
        # the keys that pyld's vocabulary expansion maps to @type in this context
        self.type_aliases = frozenset(
            {"@type"} | {k for k, m in self.mappings.items() if m and m.get("@id") == "@type"}
        )
        self._applied: dict[tuple[int, bool], tuple[Any, _Ctx]] = {}
        self._embedded: dict[tuple[str, ...], _Ctx] = {}
        # node plans (see _Stage and _Plan), keyed by exactly what decides them
        self._stages: dict[tuple[str | None, tuple[str, ...]], _Stage] = {}
        self._plans: dict[tuple[str | None, tuple[str, ...], tuple[str, ...]], _Plan] = {}
        #: Lookups other walkers (the compacted-form check) keep per context.
        self.memo: dict[Any, Any] = {}

    # -- pyld primitives, memoised --------------------------------------------------

    def expand_vocab(self, value: str) -> Any:
        """pyld's vocabulary-relative IRI expansion (keys and types)."""
        result = self._vocab.get(value, _MISSING)
        if result is _MISSING:
            result = self.state.processor._expand_iri(self.raw, value, vocab=True)
            if len(self._vocab) < _MEMO_LIMIT:
                self._vocab[value] = result
        return result

    def expand_id(self, value: str) -> str:
        """pyld's document-relative IRI expansion (``@id`` values), base ``None``; raises
        Unsupported for what it does not handle.  The identifiers of the nodes credentials
        share (issuers, achievements) are kept, not what is refused."""
        if type(value) is not str or len(value) > _ID_CHARS:
            return self._expand_id(value)
        result = self._ids.get(value)
        if result is None:
            result = self._expand_id(value)  # raises for what is refused: nothing is kept
            _remember(self._ids, value, result)
        return result

    def _expand_id(self, value: str) -> str:
        colon = value.find(":")
        if colon > 0 and value[:colon] not in self.mappings:
            result = value  # what pyld returns for "prefix:suffix" with no such prefix
        else:
            result = self.state.processor._expand_iri(self.raw, value, base=None)
        if not isinstance(result, str) or not _ABSOLUTE.fullmatch(result):
            raise _unsupported("relative or blank-node @id")
        if result.startswith(_SENTINEL):
            raise _unsupported("sentinel IRI")
        return result

    def type_iri(self, value: str) -> str:
        """The N-Quads term of a ``@type`` value expanded in this context (memoised)."""
        term = self._types.get(value)
        if term is None:
            iri = self.expand_vocab(value)
            if (
                not isinstance(iri, str)
                or iri.startswith(_SENTINEL)
                or not _ABSOLUTE.fullmatch(iri)
            ):
                raise _unsupported(f"type {value!r}")
            term = f"<{iri}>"
            if len(self._types) < _MEMO_LIMIT:
                self._types[value] = term
        return term

    def apply(self, local: Any, *, propagate: bool) -> _Ctx:
        """The context after processing a scoped ``local`` context (memoised)."""
        key = (id(local), propagate)
        hit = self._applied.get(key)
        if hit is not None and hit[0] is local:
            return hit[1]
        raw = self.state.processor._process_context(
            self.raw,
            local,
            self.state.options,
            override_protected=propagate,
            propagate=propagate,
        )
        ctx = self.state.wrap(raw)
        self._applied[key] = (local, ctx)  # keeps ``local`` alive, so its id is not reused
        return ctx

    def embed(self, urls: tuple[str, ...]) -> _Ctx:
        """The context after an embedded ``"@context"`` of context URLs (memoised).

        pyld processes an embedded context without overriding protected terms and with
        propagation, unlike a scoped one.
        """
        ctx = self._embedded.get(urls)
        if ctx is None:
            raw = self.state.processor._process_context(self.raw, list(urls), self.state.options)
            ctx = self.state.wrap(raw)
            if len(self._embedded) < _MEMO_LIMIT:
                self._embedded[urls] = ctx
        return ctx

    def inline(self, local: Mapping[str, Any], scratch: _State) -> _Ctx:
        """The context after an inline context object (a map of term definitions).

        Processed with ``scratch``, a :class:`_State` the caller throws away with the
        document: inline contexts come with documents, so nothing derived from one is kept
        in the per-loader state, which lives as long as the loader.
        """
        raw = scratch.processor._process_context(self.raw, [dict(local)], scratch.options)
        return _Ctx(scratch, raw)

    def scoped(self, key: str | None) -> Any:
        """The local context in the term definition of ``key``, or None."""
        if key is None:
            return None
        mapping = self.mappings.get(key)
        if not mapping:
            return None
        return mapping.get("@context")

    def term(self, key: str) -> _Term:
        """How ``key`` is to be read in this context; raises Unsupported when not handled."""
        term = self._terms.get(key)
        if term is not None:
            return term
        expanded = self.expand_vocab(key)
        if expanded in ("@id", "@type"):
            term = _Term(expanded, expanded, None, None, None)
        elif (
            not isinstance(expanded, str)
            or expanded.startswith(_SENTINEL)
            or not _ABSOLUTE.fullmatch(expanded)
        ):
            # undefined (safe mode must report it), dropped, a keyword we do not handle,
            # a blank-node predicate or a relative IRI
            raise _unsupported(f"key {key!r}")
        else:
            mapping = self.mappings.get(key)
            type_mapping = None
            scoped = None
            is_list = False
            if mapping:
                if not _KNOWN_TERM_KEYS.issuperset(mapping) or mapping.get("reverse"):
                    raise _unsupported(f"term definition of {key!r}")
                container = mapping.get("@container")
                if container:
                    container = list(container)
                    is_list = container == ["@list"]
                    if container != ["@set"] and not is_list:
                        raise _unsupported(f"container of {key!r}")
                type_mapping = mapping.get("@type")
                scoped = mapping.get("@context")
            datatype = None
            if type_mapping not in (None, "@id", "@vocab", "@none"):
                if (
                    not isinstance(type_mapping, str)
                    or type_mapping.startswith(_SENTINEL)
                    or not _ABSOLUTE.fullmatch(type_mapping)
                    or type_mapping == _XSD_DOUBLE
                ):
                    raise _unsupported(f"type mapping of {key!r}")
                datatype = type_mapping
            text: str | None = None
            if datatype is not None:
                text = literal_term("", datatype)[2:]
            elif type_mapping not in ("@id", "@vocab") and not self.has_language:
                text = ""  # (a term definition with @language or @direction is refused above)
            term = _Term("property", f"<{expanded}>", type_mapping, scoped, datatype, is_list, text)
        if len(self._terms) < _MEMO_LIMIT:
            self._terms[key] = term
        return term


class _State:
    """Per-loader state: pyld options, the processor and the processed contexts."""

    def __init__(self, loader: OfflineLoader) -> None:
        from pyld.context_resolver import ContextResolver
        from pyld.jsonld import JsonLdProcessor

        self.processor = JsonLdProcessor()
        # Only a weak reference to the loader: this state is kept in a WeakKeyDictionary
        # keyed by the loader, which must stay collectable.
        loader_ref = weakref.ref(loader)

        def load_document(url: str, options: Any = None) -> dict[str, Any]:
            target = loader_ref()
            if target is None:
                raise Unsupported("the loader is gone")
            return target.pyld_loader(url, options)

        options: dict[str, Any] = {
            "documentLoader": load_document,
            "contextResolver": ContextResolver({}, load_document),
        }
        options.update(
            base=None,
            isFrame=False,
            keepFreeFloatingNodes=False,
            extractAllScripts=False,
            processingMode="json-ld-1.1",
        )
        self.options = options
        self._wrapped: dict[int, _Ctx] = {}
        self._roots: dict[tuple[str, ...], _Ctx] = {}
        self.lock = threading.Lock()
        #: Canonical N-Quads of flat documents (proof configurations) by their content,
        #: kept by :func:`microcredential.jsonld.canonicalize`.
        self.canonical: dict[Any, str] = {}
        self._canonical_lock = threading.Lock()
        #: Lists of context URLs the loader was found to serve (all of them).
        self.served: dict[tuple[str, ...], bool] = {}

    def remember_served(self, urls: tuple[str, ...]) -> None:
        with self._canonical_lock:
            _remember(self.served, urls, True, 256)

    def remember_canonical(self, key: Any, text: str) -> None:
        with self._canonical_lock:
            _remember(self.canonical, key, text, _CANONICAL_LIMIT)

    def wrap(self, raw: dict[str, Any]) -> _Ctx:
        ctx = self._wrapped.get(id(raw))
        if ctx is None or ctx.raw is not raw:
            ctx = _Ctx(self, raw)
            self._wrapped[id(raw)] = ctx  # the _Ctx keeps ``raw`` alive
        return ctx

    def served_root(self, context: Any) -> _Ctx | None:
        """The root context of a document whose ``@context`` is ``context``, when that is
        a list of URLs (or one URL) that this state has already found served and processed;
        else None, and the caller takes the full path."""
        if type(context) is str:
            urls: tuple[str, ...] = (context,)
        elif type(context) is list and context and all(type(c) is str for c in context):
            urls = tuple(context)
        else:
            return None
        if urls not in self.served:
            return None
        return self._roots.get(urls)

    def root(self, urls: tuple[str, ...]) -> _Ctx:
        ctx = self._roots.get(urls)
        if ctx is None:
            initial = self.processor._get_initial_context(self.options)
            local = [{"@vocab": _SENTINEL}, *urls]
            raw = self.processor._process_context(initial, local, self.options)
            ctx = self.wrap(raw)
            if len(self._roots) < 256:
                self._roots[urls] = ctx
        return ctx


_STATES: weakref.WeakKeyDictionary[OfflineLoader, _State] = weakref.WeakKeyDictionary()
_STATES_LOCK = threading.Lock()


def _state_for(loader: OfflineLoader) -> _State:
    state = _STATES.get(loader)
    if state is None:
        with _STATES_LOCK:
            state = _STATES.get(loader)
            if state is None:
                state = _State(loader)
                _STATES[loader] = state
    return state


# -- node plans --------------------------------------------------------------------------
#
# Everything about a node object except its values is decided by the context it is reached
# in, the key it is reached through, its keys in order and its types: which context is
# reverted or applied, which key holds the types and which the id, each key's term and the
# context its values are read in.  The walker works that out once per combination and keeps
# it on the context it was reached in, keyed by exactly those inputs (only when they are
# plain strings), so one document's plans can only ever be reused for a node with the same
# keys and types in the same context, where the same steps would give the same plan.


class _Stage:
    """What a node's keys decide before its types are read."""

    __slots__ = ("ctx", "type_key")

    def __init__(self, ctx: _Ctx, type_key: str | None) -> None:
        self.ctx = ctx  # the context after reverting and the property-scoped context
        self.type_key = type_key  # the key holding the node's types, if any


#: How one key of a node is read: when its strings are literals, their suffix (see
#: _Term.text; None otherwise), its predicate, the key, the context its values are read in,
#: and whether the term is an ``@list``.
_Slot = tuple[str | None, str, str, "_Ctx", bool]


class _Plan:
    """What a node's keys and types decide: see :meth:`_Walker.node`."""

    __slots__ = ("ctx", "id_key", "slots", "type_terms")

    def __init__(
        self,
        ctx: _Ctx,
        id_key: str | None,
        slots: tuple[_Slot | None, ...],
        type_terms: tuple[str, ...],
    ) -> None:
        self.ctx = ctx  # the context with the type-scoped contexts applied
        self.id_key = id_key  # the key holding the node's @id, if any
        # per key, in order: None (a keyword), or what reads the key's values (see _Slot)
        self.slots = slots
        self.type_terms = type_terms  # the rdf:type objects, in the order of the types


def _plain_strings(values: tuple[Any, ...]) -> bool:
    return all(type(value) is str for value in values)


def _remember(memo: dict[Any, Any], key: Any, value: Any, limit: int | None = None) -> None:
    """Keep ``value`` under ``key``, starting afresh when the memo holds ``limit`` entries
    (default ``_MEMO_LIMIT``), so that a document with very many shapes costs bounded memory
    and cannot keep later shapes out."""
    if len(memo) >= (_MEMO_LIMIT if limit is None else limit):
        memo.clear()
    memo[key] = value


def _stage(ctx: _Ctx, key: str | None, keys: tuple[str, ...]) -> _Stage:
    """pyld _expand up to the type-scoped contexts, for a node with ``keys`` reached through
    ``key`` in ``ctx``."""
    # the property-scoped context, from the context passed in
    property_scoped = ctx.scoped(key)
    # revert a non-propagated (type-scoped) context unless this is a subject reference
    previous = ctx.previous
    if previous is not None:
        must_revert = True
        if len(keys) <= 2:
            for k in sorted(keys):
                expanded = ctx.expand_vocab(k)
                if expanded == "@value":
                    raise _unsupported("value object")
                if expanded == "@id" and len(keys) == 1:
                    must_revert = False
                    break
        if must_revert:
            ctx = previous
    if property_scoped is not None:
        ctx = ctx.apply(property_scoped, propagate=True)
    type_key: str | None = None
    type_aliases = ctx.type_aliases
    for k in keys:
        if k == "@context":
            raise _unsupported("embedded @context")
        if k in type_aliases:
            if type_key is not None:
                raise _unsupported("two @type keys")
            type_key = k
    return _Stage(ctx, type_key)


def _plan(stage: _Stage, keys: tuple[str, ...], types: tuple[str, ...]) -> _Plan:
    """The rest of pyld _expand for a node with ``keys`` and ``types`` (plain strings)."""
    # type-scoped contexts, looked up in the context before any of them is applied
    type_scoped = ctx = stage.ctx
    for t in sorted(types):
        local = type_scoped.scoped(t)
        if local is not None and local is not False:
            ctx = ctx.apply(local, propagate=False)
    # every key is read in the context with the type-scoped contexts applied
    id_key: str | None = None
    slots: list[_Slot | None] = []
    for k in keys:
        term = ctx.term(k)
        if (term.kind == "@type") != (k == stage.type_key):
            raise _unsupported("a type-scoped context changes a keyword alias")
        if term.kind == "@id":
            if id_key is not None:
                raise _unsupported("odd @id")
            id_key = k
            slots.append(None)
        elif term.kind == "property":
            value_term = term
            if term.scoped is None:
                term_ctx = ctx
            else:
                term_ctx = ctx.apply(term.scoped, propagate=True)
                value_term = term_ctx.term(k)
                if value_term.is_list != term.is_list:
                    raise _unsupported("a scoped context changes a container")
            # a string value is read with the term as the scoped context defines it
            text = None if term.is_list else value_term.text
            slots.append((text, term.iri, k, term_ctx, term.is_list))
        else:
            slots.append(None)
    type_terms = tuple(type_scoped.type_iri(t) for t in types)
    return _Plan(ctx, id_key, tuple(slots), type_terms)


class _Walker:
    """Walks one compact document, following pyld's expansion, and collects quads: those
    without a blank node apart from those with one, which RDFC-1.0 alone has work for."""

    __slots__ = ("_blank", "blank_quads", "quads")

    def __init__(self) -> None:
        self.quads: list[Quad] = []  # without blank nodes
        self.blank_quads: list[Quad] = []  # with a blank subject or object
        self._blank = 0

    def node(self, ctx: _Ctx, key: str | None, element: Mapping[str, Any]) -> str:
        """Expand a node object reached through ``key``; returns its subject term."""
        keys = tuple(element)
        stage = ctx._stages.get((key, keys))
        if stage is None:
            stage = _stage(ctx, key, keys)
            if len(keys) <= _PLAN_KEYS and _plain_strings(keys):
                _remember(ctx._stages, (key, keys), stage)
        type_key = stage.type_key
        types: tuple[str, ...] = ()
        if type_key is not None:
            value = element[type_key]
            if type(value) is str:
                types = (value,)
            else:
                types = tuple(value) if isinstance(value, list) else (value,)
                for t in types:
                    if type(t) is not str:
                        raise _unsupported("non-string @type")
        plan = ctx._plans.get((key, keys, types))
        if plan is None:
            plan = _plan(stage, keys, types)
            if len(keys) <= _PLAN_KEYS and len(types) <= _PLAN_KEYS and _plain_strings(keys):
                _remember(ctx._plans, (key, keys, types), plan)
        if plan.id_key is None:
            subject = self.blank()
        else:
            node_id = element[plan.id_key]
            if not isinstance(node_id, str):
                raise _unsupported("odd @id")
            subject = f"<{plan.ctx.expand_id(node_id)}>"
        blank_quads = self.blank_quads
        quads = blank_quads if subject[0] == "_" else self.quads
        add = quads.append
        for type_term in plan.type_terms:
            add((subject, _RDF_TYPE, type_term, ""))
        for slot, value in zip(plan.slots, element.values(), strict=True):
            if slot is None:
                continue
            text, predicate, k, term_ctx, is_list = slot
            if text is not None and type(value) is str:  # the commonest value: a literal
                # escape_literal, its common case inline
                if not value.isprintable() or '"' in value or "\\" in value:
                    value = escape_literal(value)
                add((subject, predicate, f'"{value}"{text}', ""))
            elif is_list:
                items = value if isinstance(value, list) else [value]
                obj = self.rdf_list(term_ctx, k, items)
                (blank_quads if obj[0] == "_" else quads).append((subject, predicate, obj, ""))
            elif isinstance(value, list):
                for item in value:
                    obj = (
                        self.node(term_ctx, k, item)
                        if type(item) is dict
                        else self.value(term_ctx, k, item)
                    )
                    (blank_quads if obj[0] == "_" else quads).append((subject, predicate, obj, ""))
            else:
                obj = (
                    self.node(term_ctx, k, value)
                    if type(value) is dict
                    else self.value(term_ctx, k, value)
                )
                (blank_quads if obj[0] == "_" else quads).append((subject, predicate, obj, ""))
        return subject

    def rdf_list(self, ctx: _Ctx, key: str, items: list[Any]) -> str:
        """An RDF collection for the values of an ``@list`` term (pyld _list_to_rdf)."""
        if not items:
            return _RDF_NIL
        objects = []
        for item in items:
            if isinstance(item, list):
                raise _unsupported("list of lists")
            objects.append(self.value(ctx, key, item))
        head = cell = self.blank()
        last = len(objects) - 1
        quads = self.blank_quads  # every cell is a blank node
        for index, obj in enumerate(objects):
            quads.append((cell, _RDF_FIRST, obj, ""))
            following = _RDF_NIL if index == last else self.blank()
            quads.append((cell, _RDF_REST, following, ""))
            cell = following
        return head

    def blank(self) -> str:
        label = f"_:f{self._blank}"
        self._blank += 1
        return label

    def value(self, ctx: _Ctx, key: str, value: Any) -> str:
        """The object term for one value of ``key`` (pyld _expand then _object_to_rdf)."""
        kind = type(value)
        if kind is dict or (kind is not str and isinstance(value, Mapping)):
            return self.node(ctx, key, value)
        # _expand_value: the term definition is read in the (scoped) context passed in
        term = ctx._terms.get(key) or ctx.term(key)
        if term.kind != "property":
            raise _unsupported("keyword value")
        type_mapping = term.type_mapping
        if kind is str:
            if term.text is not None:
                return f'"{escape_literal(value)}"{term.text}'
            if type_mapping == "@id":
                return f"<{ctx.expand_id(value)}>"
            if type_mapping == "@vocab":
                iri = ctx.expand_vocab(value)
                if (
                    not isinstance(iri, str)
                    or iri.startswith(_SENTINEL)
                    or not _ABSOLUTE.fullmatch(iri)
                ):
                    raise _unsupported("vocabulary value")
                return f"<{iri}>"
            raise _unsupported("language or direction")
        datatype = term.datatype
        if kind is bool:
            return literal_term("true" if value else "false", datatype or _XSD_BOOLEAN)
        if kind is int:
            if abs(value) >= 10**21:
                raise _unsupported("huge integer")
            return literal_term(str(value), datatype or _XSD_INTEGER)
        if kind is float:
            if not math.isfinite(value) or abs(value) >= 1e21:
                raise _unsupported("odd number")
            if value.is_integer():
                return literal_term(str(int(value)), datatype or _XSD_INTEGER)
            return literal_term(canonical_double(value), datatype or _XSD_DOUBLE)
        raise _unsupported(f"value of type {kind.__name__}")


def fast_dataset(document: Mapping[str, Any], loader: OfflineLoader | None = None) -> list[Quad]:
    """The quads of ``document`` (default graph), or raise :class:`Unsupported`.

    Blank nodes are labelled ``_:f0``, ``_:f1`` …; the quads are free of duplicates.
    """
    walker = _walk(document, loader)
    return list(dict.fromkeys(walker.quads + walker.blank_quads))


def fast_canonical(
    document: Mapping[str, Any],
    loader: OfflineLoader | None,
    *,
    max_work: int | None,
    hash_algorithm: str,
) -> str:
    """The canonical N-Quads (RDFC-1.0) of ``document``, or raise :class:`Unsupported`:
    ``canonicalize_quads(fast_dataset(document, loader))`` without building the quads that
    hold no blank node twice."""
    walker = _walk(document, loader)
    ground = [f"{s} {p} {o} .\n" for s, p, o, _ in dict.fromkeys(walker.quads)]
    blank = list(dict.fromkeys(walker.blank_quads))
    return canonical_nquads(ground, blank, max_work=max_work, hash_algorithm=hash_algorithm)


def _walk(document: Mapping[str, Any], loader: OfflineLoader | None) -> _Walker:
    """The walker after walking ``document``, or raise :class:`Unsupported`."""
    if not isinstance(document, Mapping):
        raise _unsupported("not an object")
    context = document.get("@context")
    if isinstance(context, str):
        urls: tuple[str, ...] = (context,)
    elif isinstance(context, list) and context and all(isinstance(c, str) for c in context):
        urls = tuple(context)
    else:
        raise _unsupported("@context is not a list of URLs")
    if len(urls) > _MAX_CONTEXTS:
        # processed once per distinct list: a hostile list is left to the budgeted path
        raise _unsupported("more context URLs than any credential lists")
    loader = loader or default_loader()
    state = _state_for(loader)
    if urls not in state.served:  # a loader serves the same URLs all its life
        for url in urls:
            if url not in loader:
                raise _unsupported(f"context {url} is not served offline")
        state.remember_served(urls)
    walker = _Walker()
    body = {k: v for k, v in document.items() if k != "@context"}
    try:
        with state.lock:
            walker.node(state.root(urls), None, body)
    except Unsupported:
        raise
    except Exception as exc:  # a context that fails to load or process, deep nesting, …
        # The reference path reports it in its own words.
        raise Unsupported(f"{type(exc).__name__} while walking") from exc
    return walker
