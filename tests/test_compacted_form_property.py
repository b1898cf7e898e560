"""The invariant itself: a rewrite that keeps the signed data either is refused, or changes
nothing that ``verify``, ``check_quality`` and the command line's display read.

The generator takes a signed microcredential (status entry, expiry, two endorsements, learning
outcomes, a grade, a learner name) and applies a few rewrites that JSON-LD treats as the same
data: moving properties under ``@nest``, writing keys as full or compact IRIs (with value
objects where the term coerces its value), writing values as value objects, adding JSON-LD
keywords that hold junk, swapping ``id``/``type`` for ``@id``/``@type``, a single value for a
one-element array and back, permuting arrays, and inline ``@context`` objects (a new term for a
property's IRI used as its key, an alias of ``id`` or ``type``, a prefix through which an ``id``
is written as a compact IRI, context-wide settings, a term no key uses).  Rewrites that change
the RDF dataset would break the signature and are not what the invariant is about: they are
discarded (and counted).
For every remaining one: if the document is accepted (its form and structure, and those of the
endorsements in it, pass), the readings equal the original's; otherwise the compacted-form or
structure check said why.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from hypothesis import event, given, settings
from hypothesis import strategies as st

from microcredential import Ed25519Key, check_quality, sign, status_list_credential, verify
from microcredential.jsonld import CompactedProperty, canonicalize, walk_compacted
from microcredential.problems import json_pointer
from microcredential.quality import (
    GradingScheme,
    IssuerInfo,
    build_achievement,
    build_credential,
    example_profile,
)
from microcredential.share.page import render_text
from microcredential.status import IssuerStatusList
from microcredential.verification import CheckStatus, VerificationResult

NOW = "2026-06-01T12:00:00Z"
LATER = "2027-06-01T12:00:00Z"
TODAY = dt.date(2026, 6, 1)
VALID_FROM = "2026-03-01T00:00:00Z"
LIST_URL = "https://hs.example/status/1"
XSD = "http://www.w3.org/2001/XMLSchema#"
#: Keywords a JSON-LD processor drops inside a node object, and a keyword-like name.
JUNK_KEYS = ("@version", "@vocab", "@protected", "@json", "@none", "@import", "@container", "@x")
#: Terms whose array is an ordered ``@list`` in the Open Badges 3.0.3 context.
LIST_TERMS = frozenset({"allowedValue"})

Path = tuple[str | int, ...]


# -- the signed documents -------------------------------------------------------------------


@functools.cache
def keys() -> tuple[Ed25519Key, Ed25519Key]:
    return Ed25519Key.from_seed(bytes(range(32))), Ed25519Key.from_seed(bytes(range(9, 41)))


def _endorsement(number: int) -> dict[str, Any]:
    _, endorser = keys()
    unsigned = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": f"urn:uuid:0e1d2c3b-4a59-4687-9a0b-1c2d3e4f5a6{number}",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": f"Endorsement {number}",
        "issuer": {"id": endorser.controller, "type": ["Profile"], "name": f"Guild {number}"},
        "validFrom": VALID_FROM,
        "credentialSubject": {
            "id": "https://hs.example/mc/ux",
            "type": ["EndorsementSubject"],
            "endorsementComment": f"Meets standard {number}.",
        },
    }
    return sign(unsigned, endorser, created=VALID_FROM)


@functools.cache
def signed() -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """The signed credential, and its status list credential as published before and after
    the credential was revoked."""
    issuer, _ = keys()
    profile = dataclasses.replace(
        example_profile(),
        grading=GradingScheme("Grade (1-10)", value_min="1", value_max="10", required_value="6"),
    )
    achievement = build_achievement(profile, id="https://hs.example/mc/ux")
    achievement["endorsement"] = [_endorsement(1), _endorsement(2)]
    credential = build_credential(
        achievement,
        recipient="did:example:learner",
        issuer=IssuerInfo(id=issuer.controller, name="Hogeschool Voorbeeld", country_code="NL"),
        valid_from=dt.datetime(2026, 3, 1, tzinfo=dt.UTC),
        id="urn:uuid:9a8b7c6d-5e4f-4321-8765-43210fedcba9",
        learner_name="Sam de Vries",
        grade="8",
    )
    credential["validUntil"] = "2027-03-01T00:00:00Z"
    revocations = IssuerStatusList.create(LIST_URL)
    credential["credentialStatus"] = revocations.entry(revocations.allocate())
    credential = sign(credential, issuer, created=VALID_FROM)
    lists = {
        "good": status_list_credential(revocations, issuer, valid_from=VALID_FROM),
    }
    revocations.revoke(int(credential["credentialStatus"]["statusListIndex"]))
    lists["revoked"] = status_list_credential(revocations, issuer, valid_from=VALID_FROM)
    return credential, lists


@functools.cache
def properties() -> tuple[CompactedProperty, ...]:
    found: list[CompactedProperty] = []
    assert walk_compacted(signed()[0], visit=found.append) == []
    return tuple(found)


@functools.cache
def canonical() -> str:
    return canonicalize(signed()[0])


# -- what the readers read --------------------------------------------------------------------


def _result(result: VerificationResult) -> Any:
    """A verification result without its JSON paths and wording, which name array positions."""
    checks = tuple(
        (c.name, c.status.value, tuple(sorted((p.code, p.severity.value) for p in c.problems)))
        for c in result.checks
    )
    nested = tuple(sorted((_result(e) for e in result.endorsements), key=repr))
    return (result.status.value, result.kind, result.credential_id, checks, nested)


def _form_passes(result: VerificationResult) -> bool:
    """Whether the compacted-form check passed on the document and every endorsement in it."""
    own = result.check("compacted-form").status is not CheckStatus.FAILED
    return own and all(_form_passes(e) for e in result.endorsements)


def _accepted(result: VerificationResult) -> bool:
    """Whether the document, and every endorsement verified inside it, was read at all."""
    own = all(
        result.check(name).status is not CheckStatus.FAILED
        for name in ("compacted-form", "structure")
    )
    return own and all(_accepted(e) for e in result.endorsements)


def readings(document: dict[str, Any], situation: str) -> tuple[Any, ...]:
    _, lists = signed()
    now = LATER if situation == "revoked" else NOW
    result = verify(document, status=[lists[situation]], now=now)
    report = check_quality(document, today=TODAY)
    return (
        _result(result),
        sorted((p.code, p.severity.value) for p in report.problems),
        render_text(document),
    )


@functools.cache
def original_readings(situation: str) -> tuple[Any, ...]:
    return readings(signed()[0], situation)


# -- the rewrites -----------------------------------------------------------------------------


def _node(document: Any, path: Path) -> Any:
    """The object at ``path``, or an empty dict when an earlier rewrite moved it."""
    for segment in path:
        try:
            document = document[segment]
        except (KeyError, IndexError, TypeError):
            return {}
    return document if isinstance(document, dict) else {}


def _value_forms(value: Any) -> list[Any]:
    """Value objects a plain value could be written as (which one keeps the data depends on
    the term's coercion; the others are discarded)."""
    if isinstance(value, bool | int | float) or not isinstance(value, str):
        return [{"@value": value}]
    return [
        {"@value": value},
        {"@id": value},
        {"@value": value, "@type": XSD + "dateTime"},
        {"@value": value, "@type": XSD + "integer"},
    ]


Rewrite = Callable[[dict[str, Any]], bool]


def _nest(prop: CompactedProperty) -> Rewrite:
    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, prop.node_path)
        if prop.key not in node:
            return False
        node.setdefault("@nest", {})[prop.key] = node.pop(prop.key)
        return True

    return apply


def _iri_key(prop: CompactedProperty, form: int, compact: bool) -> Rewrite:
    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, prop.node_path)
        if prop.key not in node:
            return False
        value = node.pop(prop.key)
        if not isinstance(value, dict | list):
            forms = _value_forms(value)
            value = forms[form % len(forms)]
        key = prop.iri
        if compact:  # prefix:suffix, with the namespace as the prefix
            namespace, _, local = prop.iri.rpartition("#")
            key = f"{namespace.rsplit('/', 1)[-1] or 'ns'}:{local}"
        node[key] = value
        return True

    return apply


def _value_object(prop: CompactedProperty, form: int) -> Rewrite:
    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, prop.node_path)
        value = node.get(prop.key)
        if isinstance(value, dict | list) or prop.key not in node:
            return False
        forms = _value_forms(value)
        node[prop.key] = forms[form % len(forms)]
        return True

    return apply


def _junk(path: Path, key: str, junk: Any) -> Rewrite:
    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, path)
        if not isinstance(node, dict) or key in node:
            return False
        node[key] = junk
        return True

    return apply


def _keyword_alias(path: Path, alias: str) -> Rewrite:
    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, path)
        if not isinstance(node, dict) or alias not in node:
            return False
        node["@" + alias] = node.pop(alias)
        return True

    return apply


def _arity(prop: CompactedProperty) -> Rewrite:
    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, prop.node_path)
        value = node.get(prop.key)
        if isinstance(value, list) and len(value) == 1 and prop.key not in LIST_TERMS:
            node[prop.key] = value[0]
        elif value is not None and not isinstance(value, list):
            node[prop.key] = [value]
        else:
            return False
        return True

    return apply


def _permute(prop: CompactedProperty, order: list[int]) -> Rewrite:
    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, prop.node_path)
        value = node.get(prop.key)
        if not isinstance(value, list) or len(value) != len(order):
            return False
        node[prop.key] = [value[i] for i in order]
        return True

    return apply


def _add_context(doc: dict[str, Any], path: Path, inline: dict[str, Any]) -> bool:
    """Add an inline context object to the ``@context`` of the object at ``path``."""
    node = _node(doc, path)
    if not node:
        return False
    current = node.get("@context")
    if current is None:
        node["@context"] = inline
    else:
        node["@context"] = [*(current if isinstance(current, list) else [current]), inline]
    return True


def _inline_term(prop: CompactedProperty, top: bool) -> Rewrite:
    """A new term for a property's IRI, defined inline, used as its key."""

    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, prop.node_path)
        if prop.key not in node:
            return False
        value = node.pop(prop.key)
        node["renamedTerm"] = value
        return _add_context(doc, () if top else prop.node_path, {"renamedTerm": {"@id": prop.iri}})

    return apply


def _inline_prefix(path: Path) -> Rewrite:
    """An object's ``id`` written as a compact IRI, through a prefix an inline context
    defines (``did:example:learner`` as ``pfx:learner``)."""

    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, path)
        value = node.get("id")
        if not isinstance(value, str):
            return False
        cut = max(value.rfind(c) for c in "/#:") + 1
        if cut <= 0 or cut == len(value):
            return False
        node["id"] = f"pfx:{value[cut:]}"
        return _add_context(doc, (), {"pfx": value[:cut]})

    return apply


def _inline_alias(path: Path, alias: str) -> Rewrite:
    """``id`` or ``type`` written through an alias an inline context object defines."""

    def apply(doc: dict[str, Any]) -> bool:
        node = _node(doc, path)
        if alias not in node:
            return False
        node["renamed" + alias] = node.pop(alias)
        return _add_context(doc, path, {"renamed" + alias: "@" + alias})

    return apply


#: Inline context objects that keep the signed data as it is but may change how it is read:
#: context-wide settings.
INLINE_SETTINGS = (
    {"@vocab": "https://evil.example/vocab#"},
    {"@base": "https://evil.example/"},
    {"@propagate": True},
    {"@protected": True, "unusedTerm": "https://example.org/unused"},
    {"@import": "https://www.w3.org/ns/credentials/v2"},
)
#: Inline context objects that only add a term, which no key uses.
INLINE_ADDITIONS = (
    {"@version": 1.1},
    {"@context": {"unusedTerm": "https://example.org/unused"}},
    {"unusedTerm": "https://example.org/unused"},
    {"unusedTerm": {"@id": "https://example.org/unused", "@type": "@id"}},
)


def _inline_object(path: Path, inline: dict[str, Any]) -> Rewrite:
    return lambda doc: _add_context(doc, path, copy.deepcopy(inline))


def _node_paths() -> list[Path]:
    paths: dict[Path, None] = {(): None}
    for prop in properties():
        paths[prop.node_path] = None
    return list(paths)


JSON_JUNK = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=4), inner, max_size=2)
    ),
    max_leaves=4,
)


class Labelled:
    """A rewrite with a readable repr, so a failing example says what was done where."""

    def __init__(self, kind: str, where: str, rewrite: Rewrite) -> None:
        self.kind = kind
        self.where = where
        self.rewrite = rewrite

    def __call__(self, document: dict[str, Any]) -> bool:
        return self.rewrite(document)

    def __repr__(self) -> str:
        return f"{self.kind}({self.where})"


def _where(path: Path) -> str:
    return json_pointer(path) or "/"


@st.composite
def layout_rewrite(draw: st.DrawFn) -> Labelled:
    props = properties()
    prop = draw(st.sampled_from(props))
    kind = draw(
        st.sampled_from(
            ["nest", "iri", "compact-iri", "value-object", "junk", "alias", "arity", "inline"]
        )
    )
    where = _where(prop.path)
    if kind == "nest":
        return Labelled(kind, where, _nest(prop))
    if kind in ("iri", "compact-iri"):
        form = draw(st.integers(0, 3))
        return Labelled(kind, f"{where}, form {form}", _iri_key(prop, form, kind == "compact-iri"))
    if kind == "value-object":
        form = draw(st.integers(0, 3))
        return Labelled(kind, f"{where}, form {form}", _value_object(prop, form))
    if kind == "junk":
        path = draw(st.sampled_from(_node_paths()))
        key = draw(st.sampled_from(JUNK_KEYS))
        junk = draw(JSON_JUNK)
        return Labelled(kind, f"{_where(path)}, {key}: {junk!r}", _junk(path, key, junk))
    if kind == "alias":
        path = draw(st.sampled_from(_node_paths()))
        alias = draw(st.sampled_from(["id", "type"]))
        return Labelled(kind, f"{_where(path)}, {alias}", _keyword_alias(path, alias))
    if kind == "inline":
        # not on a proof: a proof's @context must be its document's (proof.context-mismatch)
        path = draw(st.sampled_from([p for p in _node_paths() if p[-1:] != ("proof",)]))
        how = draw(st.sampled_from(["term", "term-at-node", "alias", "prefix", "setting", "add"]))
        if how == "prefix":
            return Labelled("inline-prefix", _where(path), _inline_prefix(path))
        if how == "alias":
            alias = draw(st.sampled_from(["id", "type"]))
            return Labelled("inline-alias", f"{_where(path)}, {alias}", _inline_alias(path, alias))
        if how in ("setting", "add"):
            inline = draw(
                st.sampled_from(INLINE_SETTINGS if how == "setting" else INLINE_ADDITIONS)
            )
            rewrite = _inline_object(path, inline)
            return Labelled(f"inline-{how}", f"{_where(path)}, {inline}", rewrite)
        return Labelled(f"inline-{how}", where, _inline_term(prop, how == "term"))
    return Labelled(kind, where, _arity(prop))


@st.composite
def permutation(draw: st.DrawFn) -> Labelled:
    arrays = [
        p
        for p in properties()
        if isinstance(p.value, list) and len(p.value) > 1 and p.key not in LIST_TERMS
    ]
    prop = draw(st.sampled_from(arrays))
    order = draw(st.permutations(range(len(prop.value))))
    return Labelled("permute", f"{_where(prop.path)}, {list(order)}", _permute(prop, list(order)))


def _apply(rewrites: list[Labelled]) -> tuple[dict[str, Any], list[str]]:
    document = copy.deepcopy(signed()[0])
    applied = [rewrite.kind for rewrite in rewrites if rewrite(document)]
    return document, applied


def _keeps_the_data(document: dict[str, Any]) -> bool:
    try:
        return canonicalize(document) == canonical()
    except Exception:  # the rewrite is not even valid JSON-LD: not signature-preserving
        return False


# -- the properties ---------------------------------------------------------------------------


@settings(max_examples=60)
@given(
    rewrites=st.lists(layout_rewrite() | permutation(), min_size=1, max_size=3),
    situation=st.sampled_from(["good", "revoked"]),
)
def test_a_rewrite_that_keeps_the_signed_data_is_refused_or_changes_nothing_read(
    rewrites: list[Labelled], situation: str
) -> None:
    document, applied = _apply(rewrites)
    if not applied or not _keeps_the_data(document):
        event("discarded: the rewrite changes the signed data")
        return
    _, lists = signed()
    result = verify(
        document, status=[lists[situation]], now=LATER if situation == "revoked" else NOW
    )
    if not _accepted(result):
        event("refused: " + "+".join(sorted(set(applied))))
        refusal = {
            p.code
            for c in result.checks
            for p in c.problems
            if c.name in ("compacted-form", "structure")
        }
        assert refusal
        return
    event("accepted: " + "+".join(sorted(set(applied))))
    assert readings(document, situation) == original_readings(situation)


@settings(max_examples=25)
@given(rewrites=st.lists(permutation(), min_size=1, max_size=4))
def test_array_permutations_are_accepted_and_read_the_same(
    rewrites: list[Labelled],
) -> None:
    document, applied = _apply(rewrites)
    assert applied
    assert _keeps_the_data(document)
    for situation in ("good", "revoked"):
        assert readings(document, situation) == original_readings(situation)


def test_the_original_reads_as_expected() -> None:
    good = original_readings("good")[0]
    revoked = original_readings("revoked")[0]
    assert good[0] == "verified"
    assert revoked[0] == "invalid"
    assert len(good[4]) == 2  # both endorsements verified


@settings(max_examples=30)
@given(rewrite=layout_rewrite())
def test_layout_rewrites_that_keep_the_data_are_refused_unless_they_change_nothing(
    rewrite: Labelled,
) -> None:
    """@nest, IRI keys, value objects, keyword junk, @id/@type and inline contexts that rename,
    alias or change settings are always refused; an inline context that only adds a term is
    accepted and changes nothing read."""
    document, applied = _apply([rewrite])
    if not applied or not _keeps_the_data(document) or rewrite.kind == "arity":
        return
    result = verify(document, status=[signed()[1]["good"]], now=NOW)
    if rewrite.kind == "inline-add":
        assert _form_passes(result)
        if _accepted(result):  # the structure check may refuse "@context" where it stands
            assert readings(document, "good") == original_readings("good")
        return
    assert result.check("compacted-form").status is CheckStatus.FAILED


def test_a_single_proof_written_as_a_one_element_array_is_accepted() -> None:
    credential = signed()[0]
    rewritten = {**credential, "proof": [credential["proof"]]}
    assert _keeps_the_data(rewritten)
    for situation in ("good", "revoked"):
        assert readings(rewritten, situation) == original_readings(situation)
