"""RDF Dataset Canonicalization (RDFC-1.0, W3C Recommendation 2024).

A self-contained implementation over quads whose terms are already in canonical N-Quads
form (``<iri>``, ``_:label``, ``"lexical"``, ``"lexical"^^<datatype>``, ``"lexical"@lang``),
with a work limit so that poison datasets are refused quickly instead of running for hours.

The canonical N-Quads form follows RDFC-1.0 §4.3 / RDF 1.2 N-Quads canonical form: in
literals, ``\\t \\b \\n \\r \\f \\" \\\\`` are written as escapes, the other control
characters (U+0000–U+001F, U+007F) as ``\\uXXXX`` with upper-case hex, everything else as is.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Callable, Generator, Iterable, Sequence

from ..errors import CanonicalizationLimitError
from ..problems import Problem

__all__ = [
    "DEFAULT_MAX_WORK",
    "HASH_ALGORITHMS",
    "WORK_PER_QUAD",
    "Quad",
    "canonical_double",
    "canonical_nquads",
    "canonicalize_quads",
    "escape_literal",
    "literal_term",
    "parse_nquads",
    "serialize_quad",
    "work_budget",
]

#: A quad of canonical N-Quads terms; the graph is ``""`` for the default graph.
Quad = tuple[str, str, str, str]

#: The fixed part of the default work budget for blank-node disambiguation (the Hash N-Degree
#: Quads algorithm). One unit is one step of constant cost: a quad visited (plus one per 64
#: characters of its predicate, which is hashed), a blank node placed in a permutation, an
#: identifier copied. Credentials need none or a few hundred units; the hardest W3C
#: evaluation test about 26,000; the W3C poison graphs and long rings of blank nodes need
#: more than any budget, growing faster than their size.
DEFAULT_MAX_WORK = 100_000
#: The part of the default budget that grows with the input: units allowed per quad. With it
#: the budget, and so the time spent before the limit is met, is linear in the input.
WORK_PER_QUAD = 64

_ECHAR = {
    "\t": "\\t",
    "\b": "\\b",
    "\n": "\\n",
    "\r": "\\r",
    "\f": "\\f",
    '"': '\\"',
    "\\": "\\\\",
}
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f\x7f"\\]')


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _ECHAR.get(char) or f"\\u{ord(char):04X}"


def escape_literal(value: str) -> str:
    """Escape a literal's lexical form for canonical N-Quads."""
    # Most literals need nothing: a printable string holds no control character, and the
    # three C-level tests cost about half of a regular-expression pass.
    if value.isprintable() and '"' not in value and "\\" not in value:
        return value
    return _NEEDS_ESCAPE.sub(_escape_char, value)


def serialize_quad(quad: Quad) -> str:
    """One canonical N-Quads line, newline included."""
    s, p, o, g = quad
    if g:
        return f"{s} {p} {o} {g} .\n"
    return f"{s} {p} {o} .\n"


class _IdentifierIssuer:
    __slots__ = ("_counter", "issued", "prefix")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._counter = 0
        self.issued: dict[str, str] = {}

    def issue(self, existing: str) -> str:
        issued = self.issued.get(existing)
        if issued is None:
            issued = f"{self.prefix}{self._counter}"
            self._counter += 1
            self.issued[existing] = issued
        return issued

    def copy(self) -> _IdentifierIssuer:
        other = _IdentifierIssuer(self.prefix)
        other._counter = self._counter
        other.issued = dict(self.issued)
        return other


#: The hash functions RDFC-1.0 may run with (§4.4): SHA-256 by default; the ECDSA Data Integrity
#: cryptosuites use SHA-384 with P-384 keys.
HASH_ALGORITHMS = ("sha256", "sha384")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _sha384(text: str) -> str:
    return hashlib.sha384(text.encode()).hexdigest()


_HASHERS: dict[str, Callable[[str], str]] = {"sha256": _sha256, "sha384": _sha384}


def _hasher(name: str) -> Callable[[str], str]:
    digest = _HASHERS.get(name)
    if digest is None:
        raise ValueError(f"RDFC-1.0 hash algorithm {name!r} is not supported; use sha256 or sha384")
    return digest


#: One request from an N-degree hashing step to the driver: hash this related blank node
#: with this issuer, and send back (its hash, the issuer it returns).
_Request = tuple[str, _IdentifierIssuer]
_Steps = Generator[_Request, tuple[str, _IdentifierIssuer], tuple[str, _IdentifierIssuer]]


class _Canonicalizer:
    """Labels the blank nodes of ``quads``: distinct quads, each mentioning a blank node (the
    quads without one keep their form and need no work here)."""

    def __init__(self, quads: Sequence[Quad], max_work: int, hash_algorithm: str) -> None:
        self.hash = _hasher(hash_algorithm)
        self.quads = quads
        self.max_work = max_work
        self.work = 0
        self.canonical = _IdentifierIssuer("_:c14n")
        self.bnode_quads: dict[str, list[Quad]] = {}
        self.first_degree: dict[str, str] = {}
        #: the cost of one N-degree visit of a blank node: its quads, and one more unit per
        #: 64 characters of their predicates (they are hashed on every visit)
        self.visit_cost: dict[str, int] = {}
        bnode_quads = self.bnode_quads
        # Subject and object are never empty; of N-Quads terms only a blank node starts
        # with "_" (an IRI starts with "<", a literal with a quote).
        for quad in quads:
            s, _, o, g = quad
            # each quad is listed once per blank node it mentions
            if s[0] == "_":
                found = bnode_quads.get(s)
                if found is None:
                    bnode_quads[s] = [quad]
                else:
                    found.append(quad)
            if o[0] == "_" and o != s:
                found = bnode_quads.get(o)
                if found is None:
                    bnode_quads[o] = [quad]
                else:
                    found.append(quad)
            if g and g[0] == "_" and g != s and g != o:
                bnode_quads.setdefault(g, []).append(quad)

    def _charge(self, units: int = 1) -> None:
        self.work += units
        if self.work > self.max_work:
            raise CanonicalizationLimitError(
                f"RDF canonicalization exceeded its work limit ({self.max_work:,} units) with "
                f"{len(self.bnode_quads):,} blank nodes; the data is shaped like a poison graph. "
                "Credentials never need this: check the input, or raise max_work if you trust it",
                problems=[
                    Problem(
                        "jsonld.canonicalization-limit",
                        "RDF canonicalization work limit exceeded (poison graph?)",
                    )
                ],
            )

    def _visit_cost(self, bnode: str) -> int:
        cost = self.visit_cost.get(bnode)
        if cost is None:
            cost = sum(1 + (len(quad[1]) >> 6) for quad in self.bnode_quads[bnode])
            self.visit_cost[bnode] = cost
        return cost

    def hash_first_degree(self, bnode: str) -> str:
        cached = self.first_degree.get(bnode)
        if cached is not None:
            return cached
        lines: list[str] = []
        add = lines.append
        for s, p, o, g in self.bnode_quads[bnode]:
            if s[0] == "_":
                s = "_:a" if s == bnode else "_:z"
            if o[0] == "_":
                o = "_:a" if o == bnode else "_:z"
            if g:
                if g[0] == "_":
                    g = "_:a" if g == bnode else "_:z"
                add(f"{s} {p} {o} {g} .\n")
            else:
                add(f"{s} {p} {o} .\n")
        lines.sort()
        digest = self.hash("".join(lines))
        self.first_degree[bnode] = digest
        return digest

    def hash_related(
        self, related: str, quad: Quad, issuer: _IdentifierIssuer, position: str
    ) -> str:
        if related in self.canonical.issued:
            identifier = self.canonical.issued[related]
        elif related in issuer.issued:
            identifier = issuer.issued[related]
        else:
            identifier = self.hash_first_degree(related)
        if position == "g":
            return self.hash(f"g{identifier}")
        return self.hash(f"{position}<{quad[1][1:-1]}>{identifier}")

    def hash_n_degree(
        self, identifier: str, issuer: _IdentifierIssuer
    ) -> tuple[str, _IdentifierIssuer]:
        """The Hash N-Degree Quads algorithm (RDFC-1.0 §4.8), without Python recursion.

        The algorithm recurses along chains of blank nodes, as deep as the longest such
        chain; each level here is a generator on an explicit stack, so a long ring of blank
        nodes meets the work limit instead of the interpreter's recursion limit.
        """
        stack: list[_Steps] = [self._hash_n_degree_steps(identifier, issuer)]
        reply: tuple[str, _IdentifierIssuer] | None = None
        while True:
            try:
                request = stack[-1].send(reply)  # type: ignore[arg-type]
            except StopIteration as finished:
                stack.pop()
                if not stack:
                    result: tuple[str, _IdentifierIssuer] = finished.value
                    return result
                reply = finished.value
                continue
            stack.append(self._hash_n_degree_steps(*request))
            reply = None

    def _hash_n_degree_steps(self, identifier: str, issuer: _IdentifierIssuer) -> _Steps:
        """One level of :meth:`hash_n_degree`; yields where the algorithm recurses."""
        self._charge(1 + self._visit_cost(identifier))
        hash_to_related: dict[str, list[str]] = {}
        for quad in self.bnode_quads[identifier]:
            for term, position in ((quad[0], "s"), (quad[2], "o"), (quad[3], "g")):
                if term.startswith("_:") and term != identifier:
                    digest = self.hash_related(term, quad, issuer, position)
                    hash_to_related.setdefault(digest, []).append(term)
        data = []
        for related_hash in sorted(hash_to_related):
            data.append(related_hash)
            chosen_path = ""
            chosen_issuer: _IdentifierIssuer | None = None
            for permutation in itertools.permutations(hash_to_related[related_hash]):
                # the permutation, and the copy of the issuer made for it
                self._charge(1 + len(permutation) + len(issuer.issued))
                issuer_copy = issuer.copy()
                path = ""
                recursion: list[str] = []
                skip = False
                for related in permutation:
                    if related in self.canonical.issued:
                        path += self.canonical.issued[related]
                    else:
                        if related not in issuer_copy.issued:
                            recursion.append(related)
                        path += issuer_copy.issue(related)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion:
                    result_hash, issuer_copy = yield related, issuer_copy
                    path += issuer_copy.issue(related) + f"<{result_hash}>"
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            data.append(chosen_path)
            assert chosen_issuer is not None  # at least one permutation is always kept
            issuer = chosen_issuer
        return self.hash("".join(data)), issuer

    def run(self) -> list[str]:
        """The N-Quads lines of the quads with their canonical labels, unsorted."""
        hash_to_bnodes: dict[str, list[str]] = {}
        first_degree = self.hash_first_degree
        for bnode in self.bnode_quads:
            digest = first_degree(bnode)
            found = hash_to_bnodes.get(digest)
            if found is None:
                hash_to_bnodes[digest] = [bnode]
            else:
                found.append(bnode)
        remaining: list[list[str]] = []
        issue = self.canonical.issue
        for digest in sorted(hash_to_bnodes):
            bnodes = hash_to_bnodes[digest]
            if len(bnodes) == 1:
                issue(bnodes[0])
            else:
                remaining.append(bnodes)
        for bnodes in remaining:
            paths: list[tuple[str, _IdentifierIssuer]] = []
            for bnode in bnodes:
                if bnode in self.canonical.issued:
                    continue
                temporary = _IdentifierIssuer("_:b")
                temporary.issue(bnode)
                paths.append(self.hash_n_degree(bnode, temporary))
            for _, issuer in sorted(paths, key=lambda item: item[0]):
                for existing in issuer.issued:
                    self.canonical.issue(existing)
        # Every blank node gets its own canonical label, so distinct quads give distinct lines.
        issued = self.canonical.issued
        lines: list[str] = []
        add = lines.append
        for s, p, o, g in self.quads:
            if s[0] == "_":
                s = issued[s]
            if o[0] == "_":
                o = issued[o]
            if g:
                if g[0] == "_":
                    g = issued[g]
                add(f"{s} {p} {o} {g} .\n")
            else:
                add(f"{s} {p} {o} .\n")
        return lines


def work_budget(quad_count: int) -> int:
    """The default work budget for a dataset of ``quad_count`` quads (linear in it)."""
    return DEFAULT_MAX_WORK + WORK_PER_QUAD * quad_count


def canonicalize_quads(
    quads: Iterable[Quad], *, max_work: int | None = None, hash_algorithm: str = "sha256"
) -> str:
    """Canonicalize a dataset; returns canonical N-Quads (sorted lines, duplicates removed).

    ``hash_algorithm`` is the hash RDFC-1.0 labels blank nodes with: ``"sha256"`` (the
    default) or ``"sha384"``; it changes the labels only when blank nodes need telling apart.

    Raises :class:`~microcredential.CanonicalizationLimitError` when more than ``max_work``
    units of blank-node disambiguation work would be needed; by default
    :data:`DEFAULT_MAX_WORK` plus :data:`WORK_PER_QUAD` per distinct quad, so the work done
    before the limit is met is linear in the size of the dataset.
    """
    ground: list[str] = []
    blank: list[Quad] = []
    for quad in dict.fromkeys(quads):
        s, p, o, g = quad
        if s[0] == "_" or o[0] == "_" or (g and g[0] == "_"):
            blank.append(quad)
        elif g:
            ground.append(f"{s} {p} {o} {g} .\n")
        else:
            ground.append(f"{s} {p} {o} .\n")
    return canonical_nquads(ground, blank, max_work=max_work, hash_algorithm=hash_algorithm)


def canonical_nquads(
    ground: list[str],
    blank: Sequence[Quad],
    *,
    max_work: int | None = None,
    hash_algorithm: str = "sha256",
) -> str:
    """:func:`canonicalize_quads` of a dataset given in two parts: ``ground``, the N-Quads
    lines of its quads without blank nodes, and ``blank``, its quads with one or more.

    Both must be free of duplicates (a line in ``ground`` is one quad, written as
    :func:`serialize_quad` writes it).  ``ground`` is sorted in place.
    """
    budget = work_budget(len(ground) + len(blank)) if max_work is None else max_work
    if blank:
        ground += _Canonicalizer(blank, budget, hash_algorithm).run()
    else:
        _hasher(hash_algorithm)  # the same error for an unknown hash, blank nodes or not
    ground.sort()
    return "".join(ground)


# -- N-Quads parsing (for test suites and pre-serialized datasets) -------------------------

_IRI = r"<([^>]*)>"
_BNODE = r"(_:[A-Za-z0-9_\-.\u00b7-\U0010ffff]+)"
_LITERAL = r'"((?:[^"\\]|\\.)*)"(?:\^\^<([^>]*)>|@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*))?'
_WS = r"[ \t]*"
_QUAD = re.compile(
    rf"^{_WS}(?:{_IRI}|{_BNODE}){_WS}{_IRI}{_WS}(?:{_IRI}|{_BNODE}|{_LITERAL}){_WS}"
    rf"(?:(?:{_IRI}|{_BNODE}){_WS})?\.{_WS}(?:#.*)?$"
)
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ECHAR_BACK = {
    "t": "\t",
    "b": "\b",
    "n": "\n",
    "r": "\r",
    "f": "\f",
    '"': '"',
    "'": "'",
    "\\": "\\",
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        if match.group(2):
            return chr(int(match.group(2), 16))
        return _ECHAR_BACK.get(match.group(3), "\\" + match.group(3))

    return _UNESCAPE.sub(replace, text)


def canonical_double(value: float) -> str:
    """The canonical lexical form of an ``xsd:double`` as JSON-LD writes it (``1.5E0``)."""
    return _DOUBLE_EXPONENT.sub(r"\1E\2\3", f"{value:1.15E}")


_DOUBLE_EXPONENT = re.compile(r"(\d)0*E\+?(-)?0*(\d)")


def literal_term(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """A literal in canonical N-Quads form."""
    lexical = f'"{escape_literal(value)}"'
    if language:
        return f"{lexical}@{language}"
    if datatype and datatype != _XSD_STRING:
        return f"{lexical}^^<{datatype}>"
    return lexical


def parse_nquads(text: str) -> list[Quad]:
    """Parse N-Quads into quads of canonical terms (escapes normalised)."""
    quads: list[Quad] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _QUAD.match(line)
        if match is None:
            raise ValueError(f"line {number}: not an N-Quads statement: {line[:80]!r}")
        (s_iri, s_bnode, p, o_iri, o_bnode, o_lex, o_dt, o_lang, g_iri, g_bnode) = match.groups()
        subject = f"<{_unescape(s_iri)}>" if s_iri is not None else s_bnode
        if o_iri is not None:
            obj = f"<{_unescape(o_iri)}>"
        elif o_bnode is not None:
            obj = o_bnode
        else:
            obj = literal_term(_unescape(o_lex), _unescape(o_dt) if o_dt else None, o_lang)
        graph = f"<{_unescape(g_iri)}>" if g_iri is not None else (g_bnode or "")
        quads.append((subject, f"<{_unescape(p)}>", obj, graph))
    return quads
