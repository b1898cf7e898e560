"""Baking a credential into a PNG or SVG badge image, and reading it back out.

Open Badges 3.0 ("Baked Badge") puts the credential inside the image itself:

* **PNG**: an ``iTXt`` chunk with keyword ``openbadgecredential`` whose text is the JSON
  credential, or the compact JWS of a VC-JWT credential; compression must not be used.
* **SVG**: an ``<openbadges:credential>`` element in the ``https://purl.imsglobal.org/ob/v3p0``
  namespace, directly after the ``<svg>`` tag, holding the JSON in a CDATA section, or a JWT
  in its ``verify`` attribute.

Open Badges 2.0 images are read too: the PNG keyword ``openbadges`` and the
``<openbadges:assertion>`` element of ``http://openbadges.org`` (whose ``verify`` attribute
holds a signed assertion or the URL of a hosted one).

An image carries at most one credential: :func:`bake` replaces any credential or 2.0
assertion already baked in, and :func:`unbake` refuses an image with two, and an Open Badges
3.0 SVG element that holds both a JSON credential and a JWT, or other elements.  The image stays
an image: PNG chunks keep their order and get valid CRCs, and an SVG is edited in place, its
other bytes untouched.  SVG is parsed without a DTD: an image with a ``DOCTYPE`` is refused,
so no entity is expanded and nothing is fetched.

>>> from microcredential.share._png import SIGNATURE, write, Chunk
>>> import zlib
>>> ihdr = Chunk(b"IHDR", bytes([0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]), -1)
>>> png = write([ihdr, Chunk(b"IDAT", zlib.compress(b"\\0\\0"), -1), Chunk(b"IEND", b"", -1)])
>>> baked = bake(png, {"id": "urn:uuid:1", "name": "Teamwork & more"})
>>> unbake(baked).text
'{"id":"urn:uuid:1","name":"Teamwork & more"}'
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .._json import DEFAULT_MAX_BYTES, load_json
from . import _png, _svg
from ._problems import _invalid

__all__ = [
    "OB2_PNG_KEYWORD",
    "OB2_SVG_NAMESPACE",
    "OB3_PNG_KEYWORD",
    "OB3_SVG_NAMESPACE",
    "BakedCredential",
    "ImageFormat",
    "Version",
    "bake",
    "image_format",
    "unbake",
]

#: The PNG ``iTXt`` keyword of an Open Badges 3.0 credential.
OB3_PNG_KEYWORD = "openbadgecredential"
#: The PNG keyword of an Open Badges 2.0 assertion.
OB2_PNG_KEYWORD = "openbadges"
OB3_SVG_NAMESPACE = _svg.OB3_NAMESPACE
OB2_SVG_NAMESPACE = _svg.OB2_NAMESPACE
_KEYWORDS = (OB3_PNG_KEYWORD, OB2_PNG_KEYWORD)
_COMPACT_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")
_UTF8 = {"utf-8", "utf8", "us-ascii", "ascii"}
#: Characters XML 1.0 does not allow (JSON text holds them only inside strings).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

#: The image formats a credential can be baked into.
ImageFormat = Literal["png", "svg"]
#: The Open Badges version of what an image carries.
Version = Literal["3.0", "2.0"]
#: The PNG keywords and SVG namespaces of each version, the preferred one first.
_PNG_VERSIONS: tuple[tuple[str, Version], ...] = (
    (OB3_PNG_KEYWORD, "3.0"),
    (OB2_PNG_KEYWORD, "2.0"),
)
_SVG_VERSIONS: tuple[tuple[str, Version], ...] = (
    (OB3_SVG_NAMESPACE, "3.0"),
    (OB2_SVG_NAMESPACE, "2.0"),
)


@dataclass(frozen=True, slots=True)
class BakedCredential:
    """What an image carries.

    ``text`` is exactly what was baked in (for an SVG, after XML's own normalisation of line
    ends); ``version`` is ``"3.0"`` for an Open Badges 3.0 credential and ``"2.0"`` for a
    2.0 assertion.
    """

    text: str
    image_format: ImageFormat
    version: Version

    @property
    def is_jwt(self) -> bool:
        """Whether the text is a compact JWS (a VC-JWT credential or a signed 2.0 assertion)."""
        return bool(_COMPACT_JWS.match(self.text))

    @property
    def is_json(self) -> bool:
        """Whether the text is a JSON object (a credential with an embedded proof)."""
        return self.text.lstrip().startswith("{")

    def json(self, *, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None) -> Any:
        """The baked JSON, parsed with the library's limits (errors name ``source``)."""
        return load_json(self.text, source=source, max_bytes=max_bytes)


def image_format(image: bytes) -> ImageFormat | None:
    """``"png"`` or ``"svg"`` from the first bytes (an XML document counts as SVG), else None."""
    if image.startswith(_png.SIGNATURE):
        return "png"
    head = image[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "svg" if head.startswith(b"<") else None


def bake(image: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """The PNG or SVG ``image`` with ``credential`` baked in, as Open Badges 3.0 specifies.

    ``credential`` is a JSON object (written compactly, UTF-8), JSON text (baked exactly as
    given), or a compact JWS.  Any credential or Open Badges 2.0 assertion already in the image
    is replaced.  Raises :class:`~microcredential.errors.InvalidDocumentError` (``baking.*``)
    when the image is not a sound PNG or SVG, and :class:`ValueError` when ``credential`` is
    none of the three.  The inputs are not modified.
    """
    text = _credential_text(credential)
    kind = image_format(image)
    if kind == "png":
        return _bake_png(image, text)
    if kind == "svg":
        return _bake_svg(image, text)
    raise _invalid("baking.not-image", "bake needs a PNG or SVG image; convert the image first")


def unbake(image: bytes) -> BakedCredential:
    """The credential baked into a PNG or SVG ``image``.

    An Open Badges 3.0 credential is preferred to a 2.0 assertion when an image has both.
    Raises :class:`~microcredential.errors.InvalidDocumentError` (``baking.*``) when there is
    none, when there are two, when a chunk is truncated, compressed or has a wrong CRC, or
    when the image is not a sound PNG or SVG.
    """
    kind = image_format(image)
    if kind == "png":
        return _unbake_png(image)
    if kind == "svg":
        return _unbake_svg(image)
    raise _invalid("baking.not-image", "not a PNG or SVG image: only those carry baked credentials")


def _credential_text(credential: Mapping[str, Any] | str) -> str:
    if isinstance(credential, Mapping):
        try:
            return json.dumps(credential, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"the credential is not plain JSON: {exc}") from None
    if isinstance(credential, str):
        if _COMPACT_JWS.match(credential):
            return credential
        value = load_json(credential, source="credential")
        if isinstance(value, dict):
            return credential
    raise ValueError("give the credential as a JSON object, its JSON text or a compact JWT")


# -- PNG ---------------------------------------------------------------------------------------


def _bake_png(image: bytes, text: str) -> bytes:
    chunks, trailer = _png.read_chunks(image)
    baked = {t.chunk.offset for t in _png.read_text(chunks, _KEYWORDS)}
    kept = [c for c in chunks if c.offset not in baked]
    return _png.write([kept[0], _png.encode_itxt(OB3_PNG_KEYWORD, text), *kept[1:]], trailer)


def _unbake_png(image: bytes) -> BakedCredential:
    chunks, _ = _png.read_chunks(image)
    found = _png.read_text(chunks, _KEYWORDS)
    for keyword, version in _PNG_VERSIONS:
        mine = [t for t in found if t.keyword == keyword]
        if not mine:
            continue
        if len(mine) > 1:
            places = ", ".join(f"byte {t.chunk.offset}" for t in mine)
            raise _invalid(
                "baking.duplicate",
                f"the PNG holds {len(mine)} text chunks with keyword {keyword!r} ({places}); "
                "an image carries one credential: bake it again to replace them",
            )
        chunk = mine[0]
        if chunk.compressed:
            raise _invalid(
                "baking.compressed",
                f"the {keyword!r} chunk at byte {chunk.chunk.offset} is compressed, which Open "
                "Badges forbids; bake the credential again (uncompressed)",
            )
        encoding = "utf-8" if chunk.chunk.type == b"iTXt" else "latin-1"
        try:
            text = chunk.text.decode(encoding)
        except UnicodeDecodeError:
            raise _invalid(
                "baking.encoding",
                f"the {keyword!r} chunk at byte {chunk.chunk.offset} is not valid UTF-8",
            ) from None
        return BakedCredential(text, "png", version)
    raise _invalid("baking.no-credential", "the PNG image holds no baked credential")


# -- SVG ---------------------------------------------------------------------------------------


def _cdata(text: str) -> str:
    # A character XML forbids can stand only inside a JSON string: write it as a JSON escape.
    text = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    # "]]>" would end the section early: end it after "]]" and start a new one before ">"
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _bake_svg(image: bytes, text: str) -> bytes:
    svg = _svg.read(image)
    declared = (svg.encoding or "utf-8").lower()
    if declared not in _UTF8 or image.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _invalid(
            "baking.encoding",
            f"the SVG is encoded as {svg.encoding or 'UTF-16'}; save it as UTF-8 to bake it",
        )
    bound = svg.root_prefixes.get("openbadges")
    declare = "" if bound == OB3_SVG_NAMESPACE else f' xmlns:openbadges="{OB3_SVG_NAMESPACE}"'
    on_element = declare if bound is not None else ""  # the root binds the prefix otherwise
    if _COMPACT_JWS.match(text):
        element = f'<openbadges:credential{on_element} verify="{text}"></openbadges:credential>'
    else:
        element = f"<openbadges:credential{on_element}>{_cdata(text)}</openbadges:credential>"
    edits: list[tuple[int, int, bytes]] = [(e.start, e.end, b"") for e in svg.elements]
    if svg.root_empty:  # <svg .../> becomes <svg ...>element</svg>
        name = image[svg.root_start + 1 : svg.root_end].split(None, 1)[0].rstrip(b"/>")
        tail = b"</" + name + b">"
        at = svg.root_end - 2
        edits.append((at, svg.root_end, f"{declare if bound is None else ''}>".encode()))
        edits.append((svg.root_end, svg.root_end, element.encode() + tail))
    else:
        at = svg.root_end - 1
        if bound is None:
            edits.append((at, at, declare.encode()))
        edits.append((svg.root_end, svg.root_end, element.encode()))
    out = image
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = out[:start] + replacement + out[end:]
    return out


def _unbake_svg(image: bytes) -> BakedCredential:
    svg = _svg.read(image)
    for namespace, version in _SVG_VERSIONS:
        mine = [e for e in svg.elements if e.namespace == namespace]
        if not mine:
            continue
        name = "credential" if version == "3.0" else "assertion"
        if len(mine) > 1:
            raise _invalid(
                "baking.duplicate",
                f"the SVG holds {len(mine)} <openbadges:{name}> elements; an image carries one "
                "credential: bake it again to replace them",
            )
        element = mine[0]
        body = "".join(element.text).strip()
        verify = (element.verify or "").strip()
        if element.children:
            raise _invalid(
                "baking.ambiguous",
                f"the <openbadges:{name}> element holds other elements; a baked credential is "
                "the element's own text (or its verify attribute) and nothing else: bake it "
                "again",
            )
        if version == "3.0" and body and verify:
            # Open Badges 2.0 pairs a hosted assertion's JSON with its URL; a 3.0 element
            # carries one credential, as JSON text or as a JWT, never both
            raise _invalid(
                "baking.ambiguous",
                "the <openbadges:credential> element holds both a credential in its text and "
                "a VC-JWT in its verify attribute: an image carries one credential, and a "
                "reader cannot tell which one is meant; bake it again",
            )
        text = body or verify
        if not text:
            raise _invalid(
                "baking.no-credential",
                f"the <openbadges:{name}> element is empty: it has no body and no verify attribute",
            )
        return BakedCredential(text, "svg", version)
    raise _invalid("baking.no-credential", "the SVG image holds no baked credential")
