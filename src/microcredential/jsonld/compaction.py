"""Is a document in the compacted form its contexts define?  (VC Data Model 2.0, section 6.1)

A Data Integrity proof made with RDF canonicalization signs the *RDF dataset* a document
denotes, not its JSON text, and many JSON layouts denote the same dataset: a property moved
under ``"@nest"``, written as its full IRI with a value object, or hidden under a JSON-LD
keyword that processors drop.  Every reader in this library (verification, the status check,
endorsements, the quality validator, the summaries) reads JSON keys.  So a document is read
only when its JSON says exactly what a JSON-LD processor reads in it: when it is in the
*compacted document form* that VC Data Model 2.0 section 6.1 requires.
:func:`compaction_problems` checks that, and names every departure with its own code and
JSON pointer.  The rules, and why each is there:

* ``@context`` (at the top, or embedded in an object such as a credential inside a
  presentation or an endorsement) lists context URLs the loader serves
  (``jsonld.context-not-found``) and inline context objects that only *add* terms
  (``jsonld.inline-context`` for anything else).  Contexts are not part of the signed
  dataset, so an inline context could otherwise rename or alias any term it does not protect
  without touching a signature.  An inline object may map new plain terms to absolute IRIs
  no term of the active context (nor of the scoped contexts in it) has, with at most
  ``"@type": "@id"`` or a datatype; it may not alias a keyword (``jsonld.inline-alias``),
  redefine a term (``jsonld.inline-redefinition``, ``jsonld.inline-protected-term``), give an
  IRI a second term (``jsonld.inline-shared-iri``), set ``@vocab`` or ``@base``
  (``jsonld.inline-vocab``), ``@import`` (``jsonld.inline-import``), ``@protected`` or
  ``@propagate`` (``jsonld.inline-protection``) or another keyword (``jsonld.inline-keyword``),
  define an IRI-shaped key (``jsonld.inline-term``), a term that would serve as a prefix of
  compact IRIs in values (``jsonld.inline-prefix``: ``"pp:victim"`` would be signed as
  ``https://people.example/victim``) or say more in a term definition
  (``jsonld.inline-definition``).  Inline objects are processed apart from the per-loader
  memo, which documents could otherwise grow without bound.
* Every key is ``@context``, the alias the contexts give ``@id`` or ``@type`` (``id``,
  ``type``), a term the active context defines (property-scoped and type-scoped contexts
  included), or a key the context's ``@vocab`` maps to an IRI no term has.  Hence no
  ``@nest`` (``jsonld.nest``); no other JSON-LD keyword as a key, whose contents processors drop
  or reinterpret (``jsonld.keyword-key``); no keyword-like ``@name`` key
  (``jsonld.reserved-key``); no undefined or null-mapped term (``jsonld.undefined-term``,
  ``jsonld.dropped-property``).
* No IRI, compact IRI or blank node identifier as a key (``jsonld.iri-key``), whether or not a
  term for it exists.  When one exists the key hides the term a reader looks for; when none
  exists the key is still a name no reader of the data model knows, and whether a term exists
  depends on which scoped contexts apply where the key stands.  Refusing every such key keeps
  the rule simple to state and to check in constant time per key.
* When the contexts give one IRI several terms (the Open Badges contexts give ``criteria``
  and ``Criteria`` the same IRI) only the property term may be a key: the one term among
  them that starts with a lower-case letter (``jsonld.ambiguous-term``).
* ``type`` values are terms where the contexts define one for the IRI
  (``jsonld.type-not-compacted``).
* No value object where the data model has a plain value (``jsonld.value-object``), except the
  language value objects VC 2.0 allows for ``name`` and ``description``; no ``null``
  (``jsonld.null-value``), which JSON-LD drops; no array directly inside another array except
  under an ``@list`` term (``jsonld.nested-array``).
* Term definitions this check does not follow (reverse properties, index, language, id and
  type maps, nested-property definitions) are refused rather than guessed
  (``jsonld.unsupported-term``).

The check walks the document once, with the memoised term definitions of the RDF fast path
(:mod:`microcredential.jsonld._fast`), so it costs time linear in the size of the document and
runs before any signature is checked.  :func:`walk_compacted` is the same walk with a visitor
that sees every property of every object with its IRI and its object's types, for readers that
want their answer from the same single pass (as
:func:`microcredential.verification.find_endorsements` does).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, Final

from ..errors import MicrocredentialError
from ..problems import Problem, json_pointer, quote
from ._fast import _ABSOLUTE as _IRI
from ._fast import _PLAN_KEYS, _SENTINEL, _Ctx, _remember, _State, _state_for
from .loader import OfflineLoader, default_loader

__all__ = [
    "UNDECIDED_CODES",
    "CompactedProperty",
    "Visitor",
    "compaction_problems",
    "walk_compacted",
]

_SPEC: Final = "https://www.w3.org/TR/vc-data-model-2.0/#json-ld"
#: Problem codes meaning "the form could not be decided" (a context was not available),
#: rather than "the document is not in compacted form".
UNDECIDED_CODES: Final = frozenset({"jsonld.context-not-found", "jsonld.context-digest"})

#: The JSON-LD 1.1 keywords.
_KEYWORDS: Final = frozenset(
    {"@base", "@container", "@context", "@direction", "@graph", "@id", "@import", "@included",
     "@index", "@json", "@language", "@list", "@nest", "@none", "@prefix", "@propagate",
     "@protected", "@reverse", "@set", "@type", "@value", "@version", "@vocab"}
)  # fmt: skip
_KEYWORD_LIKE: Final = re.compile(r"@[A-Za-z]+")
#: A key that is neither a keyword nor shaped like an IRI, compact IRI or blank node.
_PLAIN_TERM: Final = re.compile(r"[^@:/][^:/]*")
_ABSOLUTE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")
#: Properties VC 2.0 lets carry language value objects (section 4.6, names and descriptions).
_LANGUAGE_PROPERTIES: Final = frozenset(
    {"https://schema.org/name", "https://schema.org/description"}
)
_LANGUAGE_KEYS: Final = frozenset({"@value", "@language", "@direction"})
#: Deeper than this the document is refused rather than walked (credentials nest a dozen).
_MAX_DEPTH: Final = 200
#: Context URLs one ``@context`` may list.
_MAX_CONTEXT_URLS: Final = 16
#: Distinct embedded ``@context`` lists one document may use.
_MAX_EMBEDDED_CONTEXTS: Final = 32
#: Term definitions one inline context object may hold (the specification's examples add one
#: to four).
_MAX_INLINE_TERMS: Final = 64
#: Context keywords an inline context object may not use, each with its problem code and why.
_INLINE_KEYWORDS: Final = {
    "@vocab": (
        "jsonld.inline-vocab",
        "'@vocab' would give an IRI to every key no term defines, so a misspelt or foreign key "
        "would be signed under an IRI of the document's choosing",
    ),
    "@base": (
        "jsonld.inline-vocab",
        "'@base' would re-point every relative identifier in the document",
    ),
    "@import": (
        "jsonld.inline-import",
        "'@import' pulls another context in, whose terms this check cannot vet here",
    ),
    "@protected": (
        "jsonld.inline-protection",
        "'@protected' changes which later contexts may redefine terms",
    ),
    "@propagate": (
        "jsonld.inline-protection",
        "'@propagate' changes where the document's term definitions apply",
    ),
}
_ONLY_ADD: Final = (
    "An inline context may only add terms for IRIs no other term has; publish the context and "
    "list its URL (a verifier that trusts it supplies it with OfflineLoader(extra_contexts=...))"
)
#: What a term definition in an inline context may say: its IRI and its value type.
_INLINE_TERM_MEMBERS: Final = frozenset({"@id", "@type"})


@dataclass(frozen=True, slots=True)
class CompactedProperty:
    """One property of one object, as :func:`walk_compacted` meets it.

    ``node_types`` are the object's ``type`` values as written (terms, in a compacted
    document); ``iri`` is what the key means in the object's active context.
    """

    node_path: tuple[str | int, ...]
    node_types: tuple[str, ...]
    key: str
    iri: str
    value: Any

    @property
    def path(self) -> tuple[str | int, ...]:
        """The JSON path of the property's value."""
        return (*self.node_path, self.key)


#: What :func:`walk_compacted` calls for each property it meets.
Visitor = Callable[[CompactedProperty], None]


class _Key:
    """How one key reads in one active context (memoised per context)."""

    __slots__ = ("code", "container", "iri", "json", "kind", "language", "message", "scoped")

    def __init__(
        self,
        kind: str,
        *,
        iri: str = "",
        container: str | None = None,
        json: bool = False,
        language: bool = False,
        scoped: Any = None,
        code: str = "",
        message: str = "",
    ) -> None:
        self.kind = kind  # "@id", "@type", "property" or "problem"
        self.iri = iri
        self.container = container  # None, "@list" or "@graph"
        self.json = json  # a JSON literal (@type: @json): not walked
        self.language = language  # may hold language value objects
        self.scoped = scoped  # the term's property-scoped context, or None
        self.code = code
        self.message = message


def _problem(code: str, message: str) -> _Key:
    return _Key("problem", code=code, message=message)


def _aliases(ctx: _Ctx, keyword: str) -> frozenset[str]:
    """The terms the context maps to ``keyword`` (``id`` for ``@id``)."""
    key = ("aliases", keyword)
    found: frozenset[str] | None = ctx.memo.get(key)
    if found is None:
        found = frozenset(k for k, m in ctx.mappings.items() if m and m.get("@id") == keyword)
        ctx.memo[key] = found
    return found


def _terms_for(ctx: _Ctx, iri: str) -> tuple[str, ...]:
    """Every term the context maps to ``iri``."""
    index = ctx.memo.get("by-iri")
    if index is None:
        built: dict[str, list[str]] = {}
        for term, mapping in ctx.mappings.items():
            target = mapping.get("@id") if mapping else None
            if isinstance(target, str) and not target.startswith("@"):
                built.setdefault(target, []).append(term)
        index = {target: tuple(sorted(terms)) for target, terms in built.items()}
        ctx.memo["by-iri"] = index
    return index.get(iri, ())  # type: ignore[no-any-return]


def _scoped_terms(ctx: _Ctx) -> tuple[frozenset[str], dict[str, str], frozenset[str]]:
    """The terms the scoped contexts of ``ctx`` define (at any depth), their IRIs (each with
    one term that has it), and the ``@vocab`` IRIs of ``ctx`` and its scoped contexts.  Read
    from the term definitions as written: IRIs that are not absolute are expanded in ``ctx``,
    which is what the contexts in use do."""
    found = ctx.memo.get("scoped-terms")
    if found is None:
        names: set[str] = set()
        iris: dict[str, str] = {}
        vocabs = {ctx.raw.get("@vocab")}
        seen: set[int] = set()
        pending = [m.get("@context") for m in ctx.mappings.values() if m]
        while pending and len(seen) < 4096:
            local = pending.pop()
            if isinstance(local, list):
                pending.extend(local)
            if not isinstance(local, Mapping) or id(local) in seen:
                continue
            seen.add(id(local))
            vocabs.add(local.get("@vocab"))
            for term, definition in local.items():
                if term.startswith("@"):
                    continue
                names.add(term)
                target = definition.get("@id") if isinstance(definition, Mapping) else definition
                if isinstance(definition, Mapping):
                    pending.append(definition.get("@context"))
                if isinstance(target, str) and not target.startswith("@"):
                    iri = target if _IRI.fullmatch(target) else ctx.expand_vocab(target)
                    if isinstance(iri, str):
                        iris.setdefault(iri, term)
        vocab_iris = frozenset(v for v in vocabs if isinstance(v, str) and v != _SENTINEL)
        found = (frozenset(names), iris, vocab_iris)
        ctx.memo["scoped-terms"] = found
    return found


def _property_term(terms: tuple[str, ...]) -> str | None:
    """Of several terms for one IRI, the one that may be a key (see the module docstring)."""
    lower = [t for t in terms if t[:1].islower()]
    return lower[0] if len(lower) == 1 else None


def _is_iri_key(key: str) -> bool:
    return key.startswith("_:") or ":" in key


#: Node types remembered under one node shape (see :func:`_plans`).
_PLAN_TYPES: Final = 64


def _plans(ctx: _Ctx) -> dict[Any, Any]:
    """What :meth:`_Walker.node` keeps per context for the nodes it has checked: under
    ``(key, keys)`` the keys that hold types and, by the node's types, the context the
    members are read in and each key's classification.  A node's problems at those steps
    depend on nothing else (its values are checked every time), so a plan is kept only for a
    node whose steps all succeed, with plain-string keys and types and no ``@context``."""
    found: dict[Any, Any] | None = ctx.memo.get("plans")
    if found is None:
        found = ctx.memo["plans"] = {}
    return found


def _plain_types(element: Mapping[str, Any], type_keys: tuple[str, ...]) -> tuple[str, ...] | None:
    """The node's types, in order, when they are all plain strings; else None."""
    types: list[str] = []
    for k in type_keys:
        value = element[k]
        if type(value) is str:
            types.append(value)
        elif type(value) is list:
            for t in value:
                if type(t) is not str:
                    return None
                types.append(t)
        else:
            return None
    return tuple(types)


def _classified(ctx: _Ctx) -> dict[str, _Key]:
    """The keys already classified in ``ctx`` (see :func:`_classify`)."""
    found: dict[str, _Key] | None = ctx.memo.get("keys")
    if found is None:
        found = ctx.memo["keys"] = {}
    return found


def _classify(ctx: _Ctx, key: str) -> _Key:
    classified = _classified(ctx)
    found = classified.get(key)
    if found is not None:
        return found
    found = _classify_uncached(ctx, key)
    if len(classified) < 4096:
        classified[key] = found
    return found


def _keyword_alias(ctx: _Ctx, key: str, keyword: str) -> _Key:
    aliases = _aliases(ctx, keyword)
    if (key == keyword and not aliases) or aliases == {key}:
        return _Key(keyword)
    if key == keyword:
        preferred = " or ".join(repr(a) for a in sorted(aliases))
        return _problem(
            "jsonld.keyword-key",
            f"{key!r} is written where the contexts alias it as {preferred}; write {preferred}",
        )
    return _problem(
        "jsonld.keyword-key",
        f"{key!r} is one of several aliases the contexts give {keyword}; "
        f"write {', '.join(repr(a) for a in sorted(aliases - {key}))} instead",
    )


def _classify_uncached(ctx: _Ctx, key: str) -> _Key:
    mapping = ctx.mappings.get(key)
    if key.startswith("@") and mapping is None:
        if key == "@nest":
            return _problem(
                "jsonld.nest",
                "'@nest' lifts the properties inside it onto this object for a JSON-LD "
                "processor, while a JSON reader sees them nested: write them directly on the "
                "object",
            )
        if key in ("@id", "@type"):
            return _keyword_alias(ctx, key, key)
        if key in _KEYWORDS:
            return _problem(
                "jsonld.keyword-key",
                f"the JSON-LD keyword {key!r} does not belong here as a key: a JSON-LD "
                "processor drops or reinterprets what it holds, so a JSON reader and the "
                "signed data disagree; remove it",
            )
        if _KEYWORD_LIKE.fullmatch(key):
            return _problem(
                "jsonld.reserved-key",
                f"{key!r} has the form of a JSON-LD keyword but is none, so processors ignore "
                "it and what it holds is not signed; remove it",
            )
    expanded = ctx.expand_vocab(key)
    if isinstance(expanded, str) and expanded.startswith("@"):
        if expanded == "@nest":
            return _problem(
                "jsonld.nest",
                f"{key!r} stands for '@nest', which lifts the properties inside it onto this "
                "object: write them directly on the object",
            )
        if expanded in ("@id", "@type"):
            return _keyword_alias(ctx, key, expanded)
        return _problem(
            "jsonld.keyword-key",
            f"{key!r} stands for the JSON-LD keyword {expanded!r}, which does not belong here "
            "as a key; remove it",
        )
    if mapping is None:
        if _is_iri_key(key):
            terms = _terms_for(ctx, expanded) if isinstance(expanded, str) else ()
            hint = (
                f"write the term {terms[0]!r}"
                if len(terms) == 1
                else "define a term for it in a context and use that term"
            )
            return _problem(
                "jsonld.iri-key",
                f"{quote(key)} is an IRI (or compact IRI) used as a key; a compacted document "
                f"uses the terms its contexts define: {hint}",
            )
        if (
            not isinstance(expanded, str)
            or expanded.startswith(_SENTINEL)
            or not _ABSOLUTE.match(expanded)
        ):
            return _problem(
                "jsonld.undefined-term",
                f"term {quote(key)} is not defined by the document's contexts, so JSON-LD "
                "drops it and it is not part of the signed data; add the context that "
                "defines it (for Open Badges extensions, "
                "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json) or remove it",
            )
        terms = _terms_for(ctx, expanded)
        if terms:
            return _problem(
                "jsonld.ambiguous-term",
                f"{quote(key)} reaches the IRI of the term {terms[0]!r} through the "
                f"context's @vocab; write {terms[0]!r}",
            )
        return _Key("property", iri=expanded)
    if expanded is None or mapping.get("@id") is None:
        return _problem(
            "jsonld.dropped-property",
            f"the contexts map {quote(key)} to null, so JSON-LD drops it and it is not part "
            "of the signed data; remove it",
        )
    if not isinstance(expanded, str) or not _ABSOLUTE.match(expanded):
        return _problem(
            "jsonld.iri-key",
            f"term {quote(key)} stands for {quote(expanded)}, which is not an IRI a property "
            "can have; use a term that maps to an absolute IRI",
        )
    container = list(mapping.get("@container") or ())
    if (
        mapping.get("reverse")
        or "@nest" in mapping
        or "@index" in mapping
        or container not in ([], ["@set"], ["@list"], ["@graph"], ["@graph", "@set"])
    ):
        return _problem(
            "jsonld.unsupported-term",
            f"the contexts define {quote(key)} as a reverse property, a nested property or a "
            "map container, which this library does not read; it cannot check what such a "
            "document says",
        )
    terms = _terms_for(ctx, expanded)
    if len(terms) > 1 and _property_term(terms) != key:
        preferred = _property_term(terms)
        fix = f"write {preferred!r}" if preferred else "the contexts are ambiguous here"
        return _problem(
            "jsonld.ambiguous-term",
            f"the contexts give {quote(key)}'s IRI several terms "
            f"({', '.join(repr(t) for t in terms)}); a reader looks for one of them only: {fix}",
        )
    return _Key(
        "property",
        iri=expanded,
        container="@list" if "@list" in container else "@graph" if "@graph" in container else None,
        json=mapping.get("@type") == "@json",
        language=expanded in _LANGUAGE_PROPERTIES,
        scoped=mapping.get("@context"),
    )


#: The values whose form is checked further (the others are in compacted form as they are).
_WALKED: Final = (list, Mapping, type(None))


class _Stop(Exception):
    """The walk cannot go on (a context cannot be processed)."""


#: One ``@context`` entry as :meth:`_Walker.context_items` returns it: a context URL, or the
#: term definitions of an inline context object; and where it stands.
_Item = tuple[str | Mapping[str, Any], tuple[str | int, ...]]


#: Problems found in one inline context object: (code, message, the term or None).
_Found = list[tuple[str, str, str | None]]


def _inline_key(terms: Mapping[str, Any]) -> str:
    """What identifies an inline context object (its term definitions, as canonical JSON)."""
    return json.dumps(terms, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class _Walker:
    __slots__ = ("_scratch", "embedded", "inlined", "loader", "problems", "visit", "visit_keys")

    def __init__(
        self,
        loader: OfflineLoader,
        visit: Visitor | None,
        visit_keys: AbstractSet[str] | None = None,
    ) -> None:
        self.loader = loader
        self.visit = visit
        self.visit_keys = visit_keys
        self.problems: list[Problem] = []
        self.embedded: set[tuple[str, ...]] = set()
        #: Inline contexts met so far: (context before, object) -> (context after, problems).
        self.inlined: dict[tuple[int, str], tuple[_Ctx, _Ctx | None, _Found]] = {}
        self._scratch: _State | None = None

    def problem(self, code: str, message: str, path: tuple[str | int, ...]) -> None:
        self.problems.append(Problem(code, message, json_pointer(path), spec=_SPEC))

    # -- contexts ------------------------------------------------------------------------

    def context_items(self, value: Any, path: tuple[str | int, ...]) -> list[_Item] | None:
        """The entries of an ``@context`` value: URLs the loader serves and inline context
        objects that only define terms; None (reported) when an entry is neither."""
        where = (*path, "@context")
        items = value if isinstance(value, list) else [value]
        if len(items) > _MAX_CONTEXT_URLS:
            # each context applied copies the active context: many would cost quadratic time
            self.problem(
                "jsonld.work-limit",
                f"@context lists {len(items)} contexts, more than the {_MAX_CONTEXT_URLS} this "
                "check processes; no credential needs that many: do not trust the input",
                where,
            )
            return None
        found: list[_Item] = []
        ok = True
        for index, item in enumerate(items):
            at = (*where, index) if isinstance(value, list) else where
            if isinstance(item, str):
                if item in self.loader:
                    found.append((item, at))
                    continue
                self.problem(
                    "jsonld.context-not-found",
                    f"context {quote(item)} is not available offline, so what the document "
                    "says cannot be read; supply it (OfflineLoader(extra_contexts=...))",
                    at,
                )
                ok = False
                continue
            terms = self.inline_terms(item, at, isinstance(value, list))
            if terms is None:
                ok = False
            else:
                found.append((terms, at))
        if ok and not found:
            self.problem("jsonld.inline-context", "@context is empty; list the context URLs", where)
            ok = False
        return found if ok else None

    def inline_terms(
        self, item: Any, at: tuple[str | int, ...], listed: bool
    ) -> Mapping[str, Any] | None:
        """The term definitions of an inline context object, when each only adds a term
        (what the active context makes of them is checked in :meth:`inline`); else None,
        with a problem for each term definition that does more."""
        if not isinstance(item, Mapping):
            self.problem(
                "jsonld.inline-context",
                f"@context holds {quote(item)} where a context URL or a context object is "
                "expected; list the context URLs",
                at,
            )
            return None
        terms: Mapping[str, Any] = item
        if "@context" in terms:
            # processors read {"@context": {...}} in a list as the object inside (the shape of
            # a remote context); not as the whole value of "@context"
            inner = terms["@context"]
            if (
                not listed
                or len(terms) != 1
                or not isinstance(inner, Mapping)
                or "@context" in inner
            ):
                self.problem(
                    "jsonld.inline-keyword",
                    "an inline context object in a list may wrap its term definitions in "
                    "'@context' once, with nothing beside it; write the term definitions "
                    "directly",
                    (*at, "@context"),
                )
                return None
            terms, at = inner, (*at, "@context")
        if len(terms) > _MAX_INLINE_TERMS:
            self.problem(
                "jsonld.work-limit",
                f"an inline context defines {len(terms)} terms, more than the "
                f"{_MAX_INLINE_TERMS} this check processes; publish the context and list its URL",
                at,
            )
            return None
        ok = True
        for key, definition in terms.items():
            where = (*at, key)
            if key == "@version" and definition == 1.1:
                continue  # only states the JSON-LD version the context needs
            if key in _INLINE_KEYWORDS:
                code, why = _INLINE_KEYWORDS[key]
                self.problem(code, f"the inline context sets {key!r}: {why}. {_ONLY_ADD}", where)
            elif key.startswith("@"):
                self.problem(
                    "jsonld.inline-keyword",
                    f"the inline context sets {key!r}, which changes how the document is read "
                    f"beyond the terms it defines. {_ONLY_ADD}",
                    where,
                )
            elif not key or ":" in key or "/" in key:
                self.problem(
                    "jsonld.inline-term",
                    f"the inline context defines {quote(key)}, which has the form of an IRI or "
                    "compact IRI: a JSON-LD processor reads such a key as the IRI it spells, "
                    "not as the definition says. Define a plain term (no ':' or '/')",
                    where,
                )
            else:
                ok = self.inline_definition(key, definition, where) and ok
                continue
            ok = False
        return terms if ok else None

    def inline_definition(self, key: str, definition: Any, where: tuple[str | int, ...]) -> bool:
        """Whether ``definition`` only maps ``key`` to an absolute IRI (else reported)."""
        iri: Any = definition
        if isinstance(definition, Mapping):
            extra = set(definition) - _INLINE_TERM_MEMBERS
            if "@protected" in extra:
                code, why = _INLINE_KEYWORDS["@protected"]
                self.problem(code, f"the definition of {key!r} sets '@protected': {why}", where)
                return False
            coerce = definition.get("@type")
            if extra or (
                coerce is not None
                and coerce != "@id"
                and not (isinstance(coerce, str) and _IRI.fullmatch(coerce))
            ):
                self.problem(
                    "jsonld.inline-definition",
                    f"the definition of {key!r} uses {', '.join(sorted(extra)) or '@type'} in a "
                    "way this check does not read; an inline term definition gives an '@id' "
                    "and at most an '@type' that is '@id' or a datatype IRI",
                    where,
                )
                return False
            iri = definition.get("@id")
        if isinstance(iri, str) and iri.startswith("@"):
            self.problem(
                "jsonld.inline-alias",
                f"the inline context makes {key!r} an alias of the keyword {iri!r}: a reader "
                f"that looks for the usual key would miss what {key!r} holds. {_ONLY_ADD}",
                where,
            )
            return False
        if not isinstance(iri, str) or not _IRI.fullmatch(iri):
            self.problem(
                "jsonld.inline-definition",
                f"the inline context maps {key!r} to {quote(iri)}, which is not an absolute IRI "
                "(null drops the key, anything else is resolved against the document); map it "
                "to an absolute IRI",
                where,
            )
            return False
        return True

    def contexts(
        self, ctx: _Ctx | None, items: list[_Item], path: tuple[str | int, ...]
    ) -> _Ctx | None:
        """The active context after ``items`` (on top of ``ctx``, or of the initial context
        when None), or None (reported) when that fails."""
        urls: list[str] = []
        for item, at in items:
            if isinstance(item, str):
                urls.append(item)
                continue
            ctx = self.urls(ctx, urls, path)
            urls = []
            if ctx is None:
                return None
            ctx = self.inline(ctx, item, at)
            if ctx is None:
                return None
        return self.urls(ctx, urls, path) if urls or ctx is None else ctx

    def urls(self, ctx: _Ctx | None, urls: list[str], path: tuple[str | int, ...]) -> _Ctx | None:
        if ctx is None:
            state = _state_for(self.loader)
            return self.guard(lambda: state.root(tuple(urls)), path)
        if not urls:
            return ctx
        before = ctx
        return self.guard(lambda: before.embed(tuple(urls)), path)

    def inline(self, ctx: _Ctx, terms: Mapping[str, Any], at: tuple[str | int, ...]) -> _Ctx | None:
        """The active context after an inline context object, when it only adds terms for
        IRIs no term of ``ctx`` has; None, with a problem for each term that does more."""
        memo = (id(ctx), _inline_key(terms))
        hit = self.inlined.get(memo)
        if hit is None:
            after, found = self._inline(ctx, terms)
            hit = self.inlined[memo] = (ctx, after, found)  # keeps ``ctx`` alive, and its id
        for code, message, key in hit[2]:
            self.problem(code, message, at if key is None else (*at, key))
        return hit[1]

    def _inline(self, ctx: _Ctx, terms: Mapping[str, Any]) -> tuple[_Ctx | None, _Found]:
        found: _Found = []

        def problem(code: str, message: str, key: str | None) -> None:
            found.append((code, message, key))

        scoped_names, scoped_iris, vocabs = _scoped_terms(ctx)
        for key in terms:
            if key not in ctx.mappings and key not in scoped_names:
                continue
            mapping = ctx.mappings.get(key)
            why = f": a reader takes {key!r} to mean what that context says. {_ONLY_ADD}"
            if mapping and mapping.get("protected"):
                problem(
                    "jsonld.inline-protected-term",
                    f"the inline context redefines {key!r}, which a context protects{why}",
                    key,
                )
            else:
                problem(
                    "jsonld.inline-redefinition",
                    f"the inline context redefines {key!r}, which a context in use defines{why}",
                    key,
                )
        if found:
            return None, found
        if self._scratch is None:
            self._scratch = _State(self.loader)
        scratch = self._scratch
        before = self.problems
        self.problems = []
        after = self.guard(lambda: ctx.inline(terms, scratch), ())
        failed: _Found = [(p.code, p.message, None) for p in self.problems]
        self.problems = before
        if after is None:
            return None, failed
        iris: dict[str, str] = {}
        for key, definition in terms.items():
            if key == "@version":
                continue
            iri = definition if isinstance(definition, str) else definition["@id"]
            mapping = after.mappings.get(key)
            read = mapping.get("@id") if mapping else None
            if read != iri:
                problem(
                    "jsonld.inline-definition",
                    f"the inline context maps {key!r} to {iri!r}, which the active context "
                    f"reads as {quote(read)} (a compact IRI): write the full IRI",
                    key,
                )
            elif mapping and mapping.get("_prefix"):
                problem(
                    "jsonld.inline-prefix",
                    f"the inline context maps {key!r} to {iri!r}, which ends with a character "
                    f"that makes {key!r} a prefix: a value written as '{key}:…' would then be "
                    "signed as another IRI than the one a reader sees. Map it to an IRI that "
                    "does not end with ':', '/', '?', '#', '[', ']' or '@'",
                    key,
                )
            elif iri.startswith(_SENTINEL):
                problem(
                    "jsonld.inline-definition",
                    f"the inline context maps {key!r} into the namespace this library "
                    "reserves for undefined terms; map it to an IRI of your own",
                    key,
                )
            elif reached := next(
                (
                    iri[len(v) :]
                    for v in vocabs
                    if iri.startswith(v) and _PLAIN_TERM.fullmatch(iri[len(v) :])
                ),
                None,
            ):
                problem(
                    "jsonld.inline-shared-iri",
                    f"the inline context maps {key!r} to the IRI that the key {reached!r} "
                    f"reaches through a context's @vocab: a reader that looks for "
                    f"{reached!r} would miss what {key!r} holds. " + _ONLY_ADD,
                    key,
                )
            elif iri in iris or iri in scoped_iris or _terms_for(ctx, iri):
                other = iris.get(iri) or scoped_iris.get(iri) or _terms_for(ctx, iri)[0]
                problem(
                    "jsonld.inline-shared-iri",
                    f"the inline context maps {key!r} to the IRI of the term {other!r}: "
                    f"a reader that looks for {other!r} would miss what {key!r} holds. "
                    + _ONLY_ADD,
                    key,
                )
            iris.setdefault(iri, key)
        unchanged = (
            set(after.mappings) == set(ctx.mappings) | (set(terms) - {"@version"})
            and all(
                after.raw.get(k) == ctx.raw.get(k)
                for k in ("@vocab", "@base", "@language", "@direction")
            )
            and all(after.mappings.get(k) == v for k, v in ctx.mappings.items())
        )
        if not unchanged:
            problem(
                "jsonld.inline-context",
                "the inline context changes the active context beyond adding its terms. "
                + _ONLY_ADD,
                None,
            )
        return (None if found else after), found

    def embed(self, ctx: _Ctx, value: Any, path: tuple[str | int, ...]) -> _Ctx | None:
        """The active context after an ``@context`` embedded in a node, or None (reported)."""
        items = self.context_items(value, path)
        if items is None:
            return None
        key = tuple(item if isinstance(item, str) else _inline_key(item) for item, _ in items)
        if key not in self.embedded:
            if len(self.embedded) >= _MAX_EMBEDDED_CONTEXTS:
                self.problem(
                    "jsonld.inline-context",
                    f"the document embeds more than {_MAX_EMBEDDED_CONTEXTS} different @context "
                    "lists; no credential needs that many",
                    (*path, "@context"),
                )
                return None
            self.embedded.add(key)
        return self.contexts(ctx, items, path)

    def apply(
        self, ctx: _Ctx, local: Any, propagate: bool, path: tuple[str | int, ...]
    ) -> _Ctx | None:
        """A scoped context applied to ``ctx`` (None, reported, when that fails)."""
        return self.guard(lambda: ctx.apply(local, propagate=propagate), path)

    def guard(self, step: Callable[[], _Ctx], path: tuple[str | int, ...]) -> _Ctx | None:
        """Run one context-processing step; report what makes it fail."""
        try:
            return step()
        except RecursionError:
            self.problem("jsonld.too-deep", "the contexts nest too deeply to be processed", path)
        except Exception as exc:  # pyld's errors, and ours from the loader in its cause chain
            cause: BaseException | None = exc
            while cause is not None and not isinstance(cause, MicrocredentialError):
                cause = cause.__cause__ or cause.__context__
            if isinstance(cause, MicrocredentialError) and cause.problems:
                for problem in cause.problems:
                    self.problem(problem.code, cause.message, path)
            else:
                code = getattr(exc, "code", None) or type(exc).__name__
                self.problem(
                    "jsonld.invalid",
                    f"the contexts cannot be processed here ({code}); check the @context "
                    "entries and the term definitions they rely on",
                    path,
                )
        return None

    # -- the walk ------------------------------------------------------------------------

    def node(
        self,
        ctx: _Ctx,
        key: str | None,
        element: Mapping[str, Any],
        path: tuple[str | int, ...],
        depth: int,
    ) -> None:
        """Check one node object reached through ``key`` (pyld's expansion, step by step)."""
        if depth > _MAX_DEPTH:
            self.problem("jsonld.too-deep", f"objects nest more than {_MAX_DEPTH} deep", path)
            return
        keys = tuple(element)
        plans = ctx.memo.get("plans")
        stage = None if plans is None else plans.get((key, keys))
        if stage is not None:
            types = _plain_types(element, stage[0])
            if types is not None:
                plan = stage[1].get(types)
                if plan is not None:
                    self.members(plan[0], element, plan[1], types, path, depth)
                    return
        self.node_steps(ctx, key, element, keys, path, depth)

    def node_steps(
        self,
        ctx: _Ctx,
        key: str | None,
        element: Mapping[str, Any],
        keys: tuple[str, ...],
        path: tuple[str | int, ...],
        depth: int,
    ) -> None:
        """:meth:`node` step by step; keeps a plan for the next node of the same shape when
        every step succeeds and depends on the keys and types alone (see :func:`_plans`)."""
        reached = ctx
        property_scoped = ctx.scoped(key)
        previous = ctx.previous
        # a type-scoped context does not propagate into a node, unless it is only a
        # reference ({"id": ...})
        if previous is not None and not (
            len(element) == 1 and ctx.expand_vocab(next(iter(element))) == "@id"
        ):
            ctx = previous
        if property_scoped is not None:
            scoped_ctx = self.apply(ctx, property_scoped, True, path)
            if scoped_ctx is None:
                return
            ctx = scoped_ctx
        plain = (
            len(keys) <= _PLAN_KEYS
            and "@context" not in element
            and all(type(k) is str for k in keys)
        )
        if "@context" in element:
            embedded = self.embed(ctx, element["@context"], path)
            if embedded is None:
                return
            ctx = embedded
        # type-scoped contexts, looked up in the context before any of them applies
        type_scoped = ctx
        types: list[str] = []
        type_aliases = ctx.type_aliases  # the keys that expand to @type in this context
        type_keys = tuple(k for k in keys if k in type_aliases)
        for k in type_keys:
            value = element[k]
            for index, t in enumerate(value if isinstance(value, list) else [value]):
                at = (*path, k, index) if isinstance(value, list) else (*path, k)
                if self.type_value(type_scoped, t, at):
                    types.append(t)
                else:
                    plain = False
        for t in sorted(types):
            local = type_scoped.scoped(t)
            if local is not None and local is not False:
                applied = self.apply(ctx, local, False, path)
                if applied is None:
                    return
                ctx = applied
        node_types = tuple(types)
        plain = plain and len(node_types) <= _PLAN_KEYS
        classified = _classified(ctx)
        found = [None if k == "@context" else classified.get(k) or _classify(ctx, k) for k in keys]
        if plain:
            plans = _plans(reached)
            stage = plans.get((key, keys))
            if stage is None:
                # the type keys follow from the reached context, the key and the keys
                stage = (type_keys, {})
                _remember(plans, (key, keys), stage)
            _remember(stage[1], node_types, (ctx, found), _PLAN_TYPES)
        self.members(ctx, element, found, node_types, path, depth)

    def members(
        self,
        ctx: _Ctx,
        element: Mapping[str, Any],
        classified: list[_Key | None],
        node_types: tuple[str, ...],
        path: tuple[str | int, ...],
        depth: int,
    ) -> None:
        """Check a node's members, each key classified (None for ``@context``) in ``ctx``."""
        visit, visit_keys = self.visit, self.visit_keys
        for (k, value), found in zip(element.items(), classified, strict=True):
            if found is None:
                continue
            kind = found.kind
            if kind == "property":
                if visit is not None and (visit_keys is None or k in visit_keys):
                    visit(CompactedProperty(path, node_types, k, found.iri, value))
                # a string, number or boolean is in compacted form as it is; a JSON literal
                # is the JSON itself: nothing to check inside either
                of = type(value)
                if (
                    of is not str
                    and (of is dict or of is list or isinstance(value, _WALKED))
                    and not found.json
                ):
                    if isinstance(value, list):
                        self.values(ctx, k, found, value, (*path, k), depth)
                    else:
                        self.value(ctx, k, found, value, (*path, k), depth)
            elif kind == "problem":
                self.problem(found.code, found.message, (*path, k))
            elif kind == "@id" and not isinstance(value, str):
                self.problem(
                    "jsonld.keyword-key",
                    f"{k!r} must be a string identifier, not {quote(value)}",
                    (*path, k),
                )
            # "@type": checked above

    def type_value(self, ctx: _Ctx, value: Any, path: tuple[str | int, ...]) -> bool:
        """Whether one ``type`` value is a string in compacted form (else reported)."""
        if not isinstance(value, str):
            self.problem(
                "jsonld.type-not-compacted",
                f"a type must be a string, not {quote(value)}",
                path,
            )
            return False
        if value in ctx.mappings:
            return True
        expanded = ctx.expand_vocab(value)
        terms = _terms_for(ctx, expanded) if isinstance(expanded, str) else ()
        if terms:
            self.problem(
                "jsonld.type-not-compacted",
                f"the type {quote(value)} is written out although the contexts define the "
                f"term {terms[0]!r} for it; write {terms[0]!r}",
                path,
            )
            return False
        return True

    def values(
        self,
        ctx: _Ctx,
        key: str,
        term: _Key,
        value: Any,
        path: tuple[str | int, ...],
        depth: int,
    ) -> bool:
        """Check the value(s) of one property; whether they are all acceptable."""
        if isinstance(value, list):
            ok = True
            for index, item in enumerate(value):
                if isinstance(item, list) and term.container != "@list":
                    self.problem(
                        "jsonld.nested-array",
                        f"an array inside the array of {key!r}: JSON-LD flattens it, a JSON "
                        "reader does not; write the values in one array",
                        (*path, index),
                    )
                    ok = False
                elif isinstance(item, list):
                    ok = self.values(ctx, key, term, item, (*path, index), depth + 1) and ok
                else:
                    ok = self.value(ctx, key, term, item, (*path, index), depth) and ok
            return ok
        return self.value(ctx, key, term, value, path, depth)

    def value(
        self,
        ctx: _Ctx,
        key: str,
        term: _Key,
        value: Any,
        path: tuple[str | int, ...],
        depth: int,
    ) -> bool:
        if value is None:
            self.problem(
                "jsonld.null-value",
                f"{key!r} is null, which JSON-LD drops: remove the key (or give it a value)",
                path,
            )
            return False
        if type(value) is not dict and not isinstance(value, Mapping):
            return True
        aliases = _aliases(ctx, "@value")  # usually none: no need to look through the keys
        if "@value" in value or (aliases and not aliases.isdisjoint(value)):
            if (
                term.language
                and _LANGUAGE_KEYS.issuperset(value)
                and isinstance(value.get("@value"), str)
                and ("@language" in value or "@direction" in value)
                and all(
                    isinstance(value.get(k), str) for k in ("@language", "@direction") if k in value
                )
            ):
                return True
            self.problem(
                "jsonld.value-object",
                f"{key!r} holds a JSON-LD value object where the data model has a plain value "
                "(only name and description may be language value objects); write the value "
                "itself",
                path,
            )
            return False
        self.node(ctx, key, value, path, depth + 1)
        return True


def walk_compacted(
    document: Mapping[str, Any],
    *,
    loader: OfflineLoader | None = None,
    visit: Visitor | None = None,
    visit_keys: AbstractSet[str] | None = None,
) -> list[Problem]:
    """Check ``document`` as :func:`compaction_problems` does, calling ``visit`` for every
    property whose key passes (with its IRI and its object's types), in document order, before
    its values are walked.  Values of a refused key are neither walked nor visited.  With
    ``visit_keys``, ``visit`` is called only for the properties whose key is one of them (the
    whole document is checked all the same)."""
    walker = _Walker(loader or default_loader(), visit, visit_keys)
    if not isinstance(document, Mapping):
        walker.problem("jsonld.invalid", "a JSON-LD document must be a JSON object", ())
        return walker.problems
    if "@context" not in document:
        walker.problem(
            "jsonld.context-missing",
            "the document has no @context, so nothing says what its keys mean; a credential "
            "starts with the VC context URL",
            ("@context",),
        )
        return walker.problems
    state = _state_for(walker.loader)
    context = document["@context"]
    # context URLs the loader is known to serve, processed before: nothing to report on them
    root = state.served_root(context)
    if root is not None and len(context) > _MAX_CONTEXT_URLS and type(context) is list:
        root = None
    items = walker.context_items(context, ()) if root is None else []
    if items is None:
        return walker.problems
    with state.lock:
        if root is None:
            root = walker.contexts(None, items, ())
        if root is not None:
            body = {k: v for k, v in document.items() if k != "@context"}
            walker.node(root, None, body, (), 0)
    return walker.problems


def compaction_problems(
    document: Mapping[str, Any], *, loader: OfflineLoader | None = None
) -> list[Problem]:
    """Every way ``document`` departs from the compacted form its contexts define.

    An empty list means the JSON keys say exactly what a JSON-LD processor reads: each key is
    the term for its property, no value hides behind ``@nest``, an IRI key, a keyword or a
    value object.  Problems with a code in :data:`UNDECIDED_CODES` mean a context was not
    available, so the question could not be decided.  Runs in time linear in the size of the
    document, offline; the input is not modified.  See the module docstring for each rule.

    >>> doc = {
    ...     "@context": ["https://www.w3.org/ns/credentials/v2"],
    ...     "type": ["VerifiableCredential"],
    ...     "https://www.w3.org/2018/credentials#validUntil": "2020-01-01T00:00:00Z",
    ... }
    >>> [(p.code, p.path) for p in compaction_problems(doc)]
    [('jsonld.iri-key', '/https:~1~1www.w3.org~12018~1credentials#validUntil')]
    """
    return walk_compacted(document, loader=loader)
