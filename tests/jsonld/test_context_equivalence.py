"""The bundled JSON-LD contexts mean exactly what the official documents mean.

The library never fetches a context: it ships its own copies, laid out in the project's
style. Layout is free, meaning is not. For every bundled URL these tests check, against the
official document kept in the reference data:

* the term definitions, scope by scope (type- and property-scoped contexts included), as
  pyld's context processing sees them: same terms, same IRI, coercion, container, prefix
  flag and ``@protected`` flag, same ``@vocab``/``@base``/propagation;
* the RDF: a corpus made of every reference document that uses the context plus one
  generated node per term (reached through its scoping type or property) expands to the
  same JSON-LD and canonicalizes (URDNA2015 = RDFC-1.0) to the same N-Quads.

A further test alters bundled documents in memory to prove that the check catches a change.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from support import REFERENCE, ROOT, need_reference, reference_contexts

CONTEXTS = ROOT / "src" / "microcredential" / "jsonld" / "contexts"

Loader = Callable[..., dict[str, Any]]
Step = tuple[str, str]  # ("type", class term) or ("property", scoping term)

#: Every URL the library promises to resolve offline, aliases included.
PROMISED_URLS = frozenset(
    {
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/2018/credentials/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context/ob_v3p0.jsonld",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
        "https://w3id.org/security/data-integrity/v2",
        "https://w3id.org/security/data-integrity/v1",
        "https://w3id.org/security/multikey/v1",
        "https://w3id.org/security/jwk/v1",
        "https://www.w3.org/ns/did/v1",
        "https://w3id.org/security/suites/ed25519-2020/v1",
        "https://www.w3.org/ns/credentials/status/v1",
        "https://w3id.org/vc/status-list/2021/v1",
        "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
        "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
        # Edubadges' Open Badges extension, corrected (its published text is not valid
        # JSON-LD); there is no official copy to compare with.
        "https://raw.githubusercontent.com/educredentials/obv3-examples/refs/heads/main/"
        "contexts/educredential.json",
    }
)
#: Example and vocabulary contexts that tests may use but the library must not ship.
NEVER_BUNDLED = frozenset(
    {
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://www.w3.org/2018/credentials/examples/v1",
        "https://www.w3.org/ns/credentials/undefined-terms/v2",
        "https://w3id.org/citizenship/v4rc1",
    }
)

PROCESSING_MODE = "json-ld-1.1"
VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/"
OB_VOCAB = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
EXAMPLE = "https://example.org/"
OB_VECTOR = "vectors/ob3-ldp/credential.json"
#: Earlier OB contexts with the VC context they were published for (3.0.0 and 3.0.1
#: redefine terms that VC 2.0 protects, so they cannot follow it).
OB_RESTATED = (
    (VC1, OB + "context.json"),
    (VC1, OB + "context/ob_v3p0.jsonld"),
    (VC1, OB + "context-3.0.1.json"),
    (VC2, OB + "context-3.0.2.json"),
)


# --------------------------------------------------------------------------- loading


def _manifest() -> dict[str, str]:
    manifest: dict[str, str] = json.loads((CONTEXTS / "manifest.json").read_text("utf-8"))
    return manifest


@functools.cache
def _bundled_files() -> dict[str, Any]:
    """File name -> parsed bundled document."""
    return {
        name: json.loads((CONTEXTS / name).read_text("utf-8"))
        for name in sorted(set(_manifest().values()))
    }


def _bundled_documents() -> dict[str, Any]:
    """URL -> bundled document, for every URL of the manifest."""
    files = _bundled_files()
    return {url: files[name] for url, name in _manifest().items()}


@functools.cache
def _official_documents() -> dict[str, Any]:
    return reference_contexts()


def _need_official(url: str) -> None:
    """Skip unless the reference data hold an official copy of ``url`` to compare with."""
    if url not in _official_documents():
        pytest.skip(f"no official copy of {url} in the reference data")


def _bundled_side(bundled: Mapping[str, Any]) -> dict[str, Any]:
    """What the "bundled" loader serves: the bundled texts, plus official test-only contexts.

    Reference documents also use example vocabularies the library does not ship; those come
    from the official copies on both sides, so only the bundled texts can make a difference.
    A promised URL missing from ``bundled`` is not filled in: loading it fails.
    """
    test_only = {u: d for u, d in _official_documents().items() if u not in PROMISED_URLS}
    return {**test_only, **bundled}


def make_loader(documents: Mapping[str, Any]) -> Loader:
    """A pyld document loader serving ``documents`` (URL -> parsed JSON) and nothing else."""

    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url not in documents:
            raise jsonld.JsonLdError(
                f"no offline copy of {url}",
                "jsonld.LoadDocumentError",
                {"url": url},
                code="loading document failed",
            )
        # pyld may resolve relative URLs inside what it is given: hand out a copy.
        document = copy.deepcopy(documents[url])
        return {"contextUrl": None, "documentUrl": url, "document": document}

    return load


# --------------------------------------------------------------------------- differences


@dataclass(frozen=True, order=True)
class Difference:
    """One way in which a bundled context differs from the official one."""

    url: str
    term: str  # scope path and term, e.g. "AchievementSubject/achievement"; "" = context
    aspect: str  # missing, extra, definition, protected, context, scoped, expanded, rdf, error
    detail: str = ""


def _as_plain(value: Any) -> Any:
    """pyld freezes parts of an active context: turn them back into comparable JSON."""
    return json.loads(json.dumps(value, sort_keys=True, default=dict))


def _definition(mapping: Mapping[str, Any]) -> dict[str, Any]:
    plain = {k: _as_plain(v) for k, v in mapping.items() if k != "@context"}
    if isinstance(plain.get("@container"), list):
        plain["@container"] = sorted(plain["@container"])
    plain["scoped"] = "@context" in mapping
    return plain


def _process(active: Any, local: Any, loader: Loader, *, property_scoped: bool = False) -> Any:
    """Process ``local`` on top of ``active``; a pyld error is returned, not raised.

    A property-scoped context may redefine protected terms (JSON-LD 1.1, 4.1.11), which
    pyld's public ``process_context`` cannot express: expansion calls the inner step with
    ``override_protected``, and so does this.
    """
    options = {
        "documentLoader": loader,
        "processingMode": PROCESSING_MODE,
        "base": "",
        "contextResolver": ContextResolver({}, loader),
    }
    try:
        return jsonld.JsonLdProcessor()._process_context(
            active, local, options, override_protected=property_scoped
        )
    except jsonld.JsonLdError as error:
        return error


_NONE = object()


def _scoped(mapping: Mapping[str, Any]) -> Any:
    """The scoped context of a processed term: ``_NONE`` if absent, ``None`` if ``null``."""
    if "@context" not in mapping:
        return _NONE
    scoped = mapping["@context"]
    return None if scoped is False or scoped is None else _as_plain(scoped)


def _error_text(error: jsonld.JsonLdError) -> str:
    return f"{error.type}: {error.code}: {error.args[0] if error.args else ''}"


def _local_terms(local: Any) -> set[str]:
    contexts = local if isinstance(local, list) else [local]
    return {k for c in contexts if isinstance(c, dict) for k in c if not k.startswith("@")}


def definition_differences(
    url: str, bundled_loader: Loader, official_loader: Loader
) -> list[Difference]:
    """Compare the processed term definitions of ``url``, scope by scope."""
    differences: list[Difference] = []
    initial = jsonld.JsonLdProcessor().process_context(
        None, None, {"processingMode": PROCESSING_MODE}
    )

    def compare(scope: str, official: Any, bundled: Any, terms: set[str] | None) -> None:
        if isinstance(official, jsonld.JsonLdError) or isinstance(bundled, jsonld.JsonLdError):
            # Equal errors are a finding too: nothing below this scope could be compared.
            left = _error_text(official) if isinstance(official, Exception) else "processed"
            right = _error_text(bundled) if isinstance(bundled, Exception) else "processed"
            differences.append(Difference(url, scope, "error", f"{left} | {right}"))
            return
        for key in ("@base", "@vocab", "@language", "@direction"):
            if _as_plain(official.get(key)) != _as_plain(bundled.get(key)):
                differences.append(Difference(url, scope, "context", key))
        if ("previousContext" in official) != ("previousContext" in bundled):
            differences.append(Difference(url, scope, "context", "@propagate"))
        o_map, b_map = official["mappings"], bundled["mappings"]
        names = set(o_map) | set(b_map) if terms is None else terms
        for term in sorted(names):
            where = f"{scope}/{term}" if scope else term
            if term not in b_map:
                differences.append(Difference(url, where, "missing"))
                continue
            if term not in o_map:
                differences.append(Difference(url, where, "extra"))
                continue
            o_def, b_def = _definition(o_map[term]), _definition(b_map[term])
            if o_def != b_def:
                fields = sorted(
                    k for k in o_def.keys() | b_def.keys() if o_def.get(k) != b_def.get(k)
                )
                aspect = "protected" if fields == ["protected"] else "definition"
                differences.append(Difference(url, where, aspect, ", ".join(fields)))
            o_scoped, b_scoped = _scoped(o_map[term]), _scoped(b_map[term])
            if (o_scoped is _NONE) != (b_scoped is _NONE) or (o_scoped is None) != (
                b_scoped is None
            ):
                differences.append(Difference(url, where, "scoped", "scoped context differs"))
                continue
            if o_scoped is _NONE or o_scoped is None:
                continue  # no scoped context, or both reset the context to nothing
            by_property = _scoping_kind(term) == "property"
            compare(
                where,
                _process(official, o_scoped, official_loader, property_scoped=by_property),
                _process(bundled, b_scoped, bundled_loader, property_scoped=by_property),
                _local_terms(o_scoped) | _local_terms(b_scoped),
            )

    compare(
        "", _process(initial, url, official_loader), _process(initial, url, bundled_loader), None
    )
    return differences


# --------------------------------------------------------------------------- corpus


def _scoping_kind(term: str) -> str:
    """How a scoped context is reached: classes through ``type``, other terms as properties."""
    return "type" if term[:1].isupper() else "property"


def _walk(local: Any, steps: tuple[Step, ...]) -> Iterator[tuple[tuple[Step, ...], str, Any]]:
    """Every term definition of a context, with the steps that reach its scope."""
    for context in local if isinstance(local, list) else [local]:
        if not isinstance(context, dict):
            continue
        for term, definition in context.items():
            if term.startswith("@"):
                continue
            yield steps, term, definition
            scoped = definition.get("@context") if isinstance(definition, dict) else None
            if isinstance(scoped, dict | list):
                step = (_scoping_kind(term), term)
                yield from _walk(scoped, (*steps, step))


def _label(steps: tuple[Step, ...], term: str) -> str:
    return "/".join([*(name for _, name in steps), term])


def _value(term: str, definition: Any, label: str) -> Any:
    """A value of a fitting shape (or several) for ``term``."""
    spec = definition if isinstance(definition, dict) else {"@id": definition}
    container = spec.get("@container", [])
    containers = set(container if isinstance(container, list) else [container])
    coercion = spec.get("@type")
    iri = EXAMPLE + "value/" + label
    nested = {"@id": iri + "#nested", term: "inner", EXAMPLE + "vocab#note": "nested"}
    if "@language" in containers:
        return {"en": "Example", "nl": "Voorbeeld"}
    if coercion == "@json":
        return {"k": [1, "two", None, {"x": True}]}
    if "@graph" in containers:
        return [nested]
    if coercion in ("@id", "@vocab"):
        values: list[Any] = [iri, nested]
        as_list: Any = {"@list": [iri + "#1", iri + "#2"]}
    elif coercion is not None:
        values = ["2024-05-01T12:00:00Z", 42]
        as_list = {"@list": ["2024-05-01", "2024-05-02"]}
    else:
        values = ["text", 42, 2.5, True, {"@value": "tekst", "@language": "nl"}, nested]
        as_list = {"@list": ["a", "b"]}
    return values if "@list" in containers else [*values, as_list]


def _generated_node(
    url: str, steps: tuple[Step, ...], term: str, definition: Any
) -> tuple[str, dict[str, Any]]:
    """A node object that uses ``term`` in its scope; returns (label, node)."""
    label = _label(steps, term)
    subject = EXAMPLE + "node/" + quote(label)
    node: dict[str, Any]
    if definition == "@id":
        node = {term: subject, EXAMPLE + "vocab#note": "identified through an alias"}
    elif definition == "@type":
        # Beside "@type" (JSON-LD allows both): the alias may exist only in the type's scope.
        node = {"@id": subject, term: EXAMPLE + "vocab#Thing"}
    else:
        node = {"@id": subject, term: _value(term, definition, label)}
    for kind, name in reversed(steps):
        if kind == "type":
            node["@type"] = name
        else:
            node = {"@id": f"{subject}#via-{quote(name)}", name: node}
    return label, {"@context": url, **node}


def generated_corpus(url: str, official: Any) -> list[tuple[str, dict[str, Any]]]:
    """One node per term definition (every scope) of the official context."""
    return [
        _generated_node(url, steps, term, d) for steps, term, d in _walk(official["@context"], ())
    ]


def _context_urls(value: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                for c in item if isinstance(item, list) else [item]:
                    if isinstance(c, str):
                        found.add(c)
            found |= _context_urls(item)
    elif isinstance(value, list):
        for item in value:
            found |= _context_urls(item)
    return found


@functools.cache
def _reference_documents() -> tuple[tuple[str, frozenset[str], str], ...]:
    """(label, context URLs, JSON text) of every JSON-LD document in the vectors.

    The Open Badges vector credential is also restated under each earlier OB context (with
    the VC context each of them was used with): no official vector exists for those.
    """
    known = set(_official_documents())
    found = []
    for path in sorted((need_reference() / "vectors").rglob("*.json")):
        text = path.read_text("utf-8")
        urls = _context_urls(json.loads(text))
        if urls and urls <= known:
            found.append((path.relative_to(REFERENCE).as_posix(), frozenset(urls), text))
    credential = json.loads((need_reference() / OB_VECTOR).read_text("utf-8"))
    for context in OB_RESTATED:
        restated = {**credential, "@context": list(context)}
        label = f"{OB_VECTOR} under {' + '.join(context)}"
        found.append((label, frozenset(context), json.dumps(restated)))
    return tuple(found)


def corpus(url: str) -> list[tuple[str, Any]]:
    """Reference documents using ``url``, then one generated node per term of ``url``."""
    documents: list[tuple[str, Any]] = [
        (path, json.loads(text)) for path, urls, text in _reference_documents() if url in urls
    ]
    return documents + generated_corpus(url, _official_documents()[url])


# --------------------------------------------------------------------------- RDF


def _outcome(document: Any, loader: Loader) -> tuple[str | None, Any, str]:
    """(pyld error or None, expanded JSON, canonical N-Quads) for ``document``."""
    try:
        expanded = jsonld.expand(copy.deepcopy(document), {"documentLoader": loader})
        nquads = jsonld.normalize(
            copy.deepcopy(document),
            {"algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader},
        )
    except jsonld.JsonLdError as error:
        return _error_text(error), None, ""
    return None, expanded, nquads


def rdf_differences(
    url: str, items: list[tuple[str, Any]], bundled_loader: Loader, official_loader: Loader
) -> list[Difference]:
    """Expand and canonicalize the corpus with both loaders; name every item that differs.

    The whole corpus goes through in one batch; only when the batch differs is each item
    run alone, to say which term (or reference document) shows the difference.
    """
    batch = [document for _, document in items]
    official, bundled = _outcome(batch, official_loader), _outcome(batch, bundled_loader)
    differences = []
    if official[0] is not None:
        # A corpus that does not process proves nothing, even if both sides agree.
        differences.append(Difference(url, "", "error", f"corpus does not process: {official[0]}"))
    if official == bundled:
        return differences
    for label, document in items:
        _, o_expanded, o_nquads = _outcome(document, official_loader)
        _, b_expanded, b_nquads = _outcome(document, bundled_loader)
        if o_expanded != b_expanded:
            differences.append(Difference(url, label, "expanded"))
        if o_nquads != b_nquads:
            differences.append(Difference(url, label, "rdf", _diff_lines(o_nquads, b_nquads)))
    return differences or [Difference(url, "", "rdf", "only the whole corpus differs")]


def _diff_lines(official: str, bundled: str) -> str:
    o_lines, b_lines = set(official.splitlines()), set(bundled.splitlines())
    only_official, only_bundled = sorted(o_lines - b_lines)[:2], sorted(b_lines - o_lines)[:2]
    return f"official only: {only_official}; bundled only: {only_bundled}"


def context_differences(url: str, bundled: Mapping[str, Any]) -> list[Difference]:
    """Everything that tells the bundled text of ``url`` apart from the official one."""
    bundled_loader = make_loader(_bundled_side(bundled))
    official_loader = make_loader(_official_documents())
    return definition_differences(url, bundled_loader, official_loader) + rdf_differences(
        url, corpus(url), bundled_loader, official_loader
    )


# --------------------------------------------------------------------------- tests

COMPARED = sorted(PROMISED_URLS)


def test_manifest_promises_exactly_the_bundled_urls() -> None:
    assert set(_manifest()) == PROMISED_URLS
    assert not set(_manifest()) & NEVER_BUNDLED


def test_manifest_and_files_agree() -> None:
    listed = set(_manifest().values())
    present = {p.name for p in CONTEXTS.iterdir() if p.name != "manifest.json"}
    assert listed == present, "every file is listed, every listed file exists"
    for name in sorted(present):
        document = json.loads((CONTEXTS / name).read_text("utf-8"))
        assert isinstance(document, dict), name
        assert list(document) == ["@context"], name
        assert isinstance(document["@context"], dict), name


def test_aliases_share_one_file_and_distinct_texts_do_not() -> None:
    manifest = _manifest()
    assert manifest[OB + "context.json"] == manifest[OB + "context/ob_v3p0.jsonld"]
    versions = ["context.json", "context-3.0.1.json", "context-3.0.2.json", "context-3.0.3.json"]
    assert len({manifest[OB + v] for v in versions}) == 4
    clr = "https://purl.imsglobal.org/spec/clr/v2p0/"
    assert manifest[clr + "context.json"] != manifest[clr + "context-2.0.1.json"]


def _scoped_iri(url: str, scope: str, term: str) -> str | None:
    context = _bundled_documents()[url]["@context"]
    if scope:
        context = context[scope]["@context"]
    definition = context.get(term)
    return definition if isinstance(definition, str | None) else definition["@id"]


def test_open_badges_versions_keep_their_differences() -> None:
    """The documented differences between 3.0.0 and 3.0.3 hold in the bundled texts.

    These run without the reference data: they pin what must never be "harmonised".
    """
    v300, v301, v302, v303 = (
        OB + "context.json",
        OB + "context-3.0.1.json",
        OB + "context-3.0.2.json",
        OB + "context-3.0.3.json",
    )
    documents = _bundled_documents()
    assert [documents[v]["@context"].get("@protected") for v in (v300, v301, v302, v303)] == [
        None,
        None,
        True,
        True,
    ]
    achievement = [_scoped_iri(v, "AchievementSubject", "achievement") for v in (v301, v302, v303)]
    assert achievement == [
        OB_VOCAB + "achievement-0",
        OB_VOCAB + "achievement-0",
        OB_VOCAB + "achievement",
    ]
    assert _scoped_iri(v302, "Profile", "image") == OB_VOCAB + "Image"
    assert _scoped_iri(v303, "Profile", "image") == OB_VOCAB + "image"
    assert [_scoped_iri(v, "", "awardedDate") for v in (v300, v301, v302, v303)] == [
        None,
        OB_VOCAB + "awardedDate",
        None,
        OB_VOCAB + "awardedDate",
    ]
    assert _scoped_iri(v303, "", "inLanguage") == "https://schema.org/inLanguage"
    assert _scoped_iri(v302, "", "inLanguage") is None


@pytest.mark.parametrize("url", COMPARED)
def test_same_term_definitions(url: str) -> None:
    _need_official(url)
    official = make_loader(_official_documents())
    bundled = make_loader(_bundled_side(_bundled_documents()))
    assert definition_differences(url, bundled, official) == []


@pytest.mark.parametrize("url", COMPARED)
def test_same_rdf(url: str) -> None:
    _need_official(url)
    official = make_loader(_official_documents())
    bundled = make_loader(_bundled_side(_bundled_documents()))
    assert rdf_differences(url, corpus(url), bundled, official) == []


def _subjects(expanded: Any) -> Iterator[dict[str, Any]]:
    if isinstance(expanded, list):
        for item in expanded:
            yield from _subjects(item)
    elif isinstance(expanded, dict):
        if "@id" in expanded:
            yield expanded
        for item in expanded.values():
            yield from _subjects(item)


@pytest.mark.parametrize("url", COMPARED)
def test_generated_corpus_uses_every_term(url: str) -> None:
    """Each generated node really reaches its term: the corpus cannot pass by dropping it."""
    _need_official(url)
    official = _official_documents()[url]
    items = generated_corpus(url, official)
    loader = make_loader(_official_documents())
    expanded = jsonld.expand([d for _, d in items], {"documentLoader": loader})
    nodes = {node["@id"]: node for node in _subjects(expanded)}
    unused = []
    for steps, term, definition in _walk(official["@context"], ()):
        label = _label(steps, term)
        node = nodes.get(EXAMPLE + "node/" + quote(label))
        if node is None:
            unused.append(label)
        elif definition == "@type":
            if EXAMPLE + "vocab#Thing" not in node.get("@type", []):
                unused.append(label)
        elif definition != "@id" and not [k for k in node if k not in ("@id", "@type")]:
            unused.append(label)
    assert len(items) > 0
    assert unused == []


def test_reference_documents_are_compared() -> None:
    """The corpus really includes the signed vectors, so their RDF is part of the proof."""
    used = {url for _, urls, _ in _reference_documents() for url in urls}
    assert {VC1, VC2} <= used
    assert {u for u in PROMISED_URLS if u.startswith(OB + "context")} <= used
    assert "https://w3id.org/security/suites/ed25519-2020/v1" in used
    assert any(path.startswith("vectors/ob3-ldp/") for path, _, _ in _reference_documents())


# ------------------------------------------------------------------ the check can fail


def _altered(url: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    documents = copy.deepcopy(_bundled_documents())
    change(documents[url]["@context"])
    return documents


def test_check_reports_a_changed_iri() -> None:
    url = OB + "context-3.0.3.json"

    def change(context: dict[str, Any]) -> None:
        context["AchievementSubject"]["@context"]["achievement"]["@id"] = OB_VOCAB + "achievement-0"

    found = context_differences(url, _altered(url, change))
    where = {(d.url, d.term, d.aspect) for d in found}
    assert (url, "AchievementSubject/achievement", "definition") in where
    assert (url, "AchievementSubject/achievement", "rdf") in where
    assert (url, "vectors/ob3-ldp/credential.json", "rdf") in where


def test_check_reports_a_dropped_coercion() -> None:
    url = VC2

    def change(context: dict[str, Any]) -> None:
        del context["VerifiableCredential"]["@context"]["validFrom"]["@type"]

    found = context_differences(url, _altered(url, change))
    where = {(d.url, d.term, d.aspect) for d in found}
    assert (url, "VerifiableCredential/validFrom", "definition") in where
    assert (url, "VerifiableCredential/validFrom", "rdf") in where


def test_check_reports_a_removed_protection() -> None:
    url = "https://w3id.org/security/multikey/v1"

    def change(context: dict[str, Any]) -> None:
        del context["@protected"]

    found = context_differences(url, _altered(url, change))
    assert Difference(url, "Multikey", "protected", "protected") in found
    assert all(d.url == url and d.aspect == "protected" for d in found), found


def _renamable_terms() -> list[tuple[str, tuple[Step, ...], str]]:
    """(URL, scope steps, term) for every bundled term that maps to an IRI of its own."""
    found = []
    for url, name in sorted(_manifest().items()):
        document = _bundled_files()[name]
        for steps, term, definition in _walk(document["@context"], ()):
            iri = definition if isinstance(definition, str) else (definition or {}).get("@id")
            if isinstance(iri, str) and not iri.startswith("@"):
                found.append((url, steps, term))
    return found


@settings(max_examples=25)
@given(st.sampled_from(_renamable_terms()))
# A term two scopes deep: breaking it makes pyld refuse the outermost scope.
@example(
    (
        "https://www.w3.org/2018/credentials/v1",
        (("type", "EcdsaSecp256r1Signature2019"), ("property", "proofPurpose")),
        "sec",
    )
)
def test_check_reports_any_changed_iri(target: tuple[str, tuple[Step, ...], str]) -> None:
    """Whichever term is given another IRI, the definitions check reports it."""
    url, steps, term = target
    need_reference()
    # A draw without an official copy to compare with is discarded, not a skip of the test.
    assume(url in _official_documents())
    official_documents = _official_documents()

    def change(context: dict[str, Any]) -> None:
        for _, name in steps:
            context = context[name]["@context"]
        definition = context[term]
        if isinstance(definition, str):
            context[term] = EXAMPLE + "changed#" + term
        else:
            definition["@id"] = EXAMPLE + "changed#" + term

    bundled_loader = make_loader(_bundled_side(_altered(url, change)))
    found = definition_differences(url, bundled_loader, make_loader(official_documents))
    reported = {(d.term, d.aspect) for d in found}
    # Either the term itself, or (when the new IRI clashes with a protected term of an
    # enclosing scope, so the scope no longer processes) one of the scopes around it: pyld
    # checks a scoped context while it processes the scope that holds it, so a break two
    # scopes deep is refused at the outer one.
    scopes = {_label(steps[: depth - 1], steps[depth - 1][1]) for depth in range(1, len(steps) + 1)}
    term_reported = (_label(steps, term), "definition") in reported
    assert term_reported or any((scope, "error") in reported for scope in scopes), reported
