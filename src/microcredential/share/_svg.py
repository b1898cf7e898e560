"""SVG for baking: find the Open Badges elements with expat, and edit the bytes around them.

The SVG is parsed by expat with namespace processing and nothing else: a ``DOCTYPE`` is
refused as soon as expat meets it, so no entity is ever declared, expanded or fetched (expat
itself never fetches anything, and an undefined entity reference is a syntax error).  Baking
edits the original bytes at the positions expat reports instead of writing the document out
again, so everything else in the image stays exactly as it was.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field

from ._problems import _invalid

__all__ = ["OB2_NAMESPACE", "OB3_NAMESPACE", "SVG_NAMESPACE", "Element", "Svg", "read"]

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
#: The namespace of the ``<openbadges:credential>`` element (Open Badges 3.0, Baked Badge).
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
#: The namespace of the ``<openbadges:assertion>`` element (Open Badges 2.0 Baking).
OB2_NAMESPACE = "http://openbadges.org"
_ELEMENTS = {(OB3_NAMESPACE, "credential"), (OB2_NAMESPACE, "assertion")}


@dataclass(slots=True)
class Element:
    """An Open Badges element: its namespace, ``verify`` attribute, text and byte span.

    ``text`` is the element's own character data (CDATA included); ``children`` counts the
    elements inside it, which no baked credential has.
    """

    namespace: str
    verify: str | None
    start: int
    end: int = -1
    text: list[str] = field(default_factory=list)
    children: int = 0


@dataclass(slots=True)
class Svg:
    """Where things are in an SVG's bytes."""

    data: bytes
    encoding: str | None = None
    root_start: int = -1
    root_end: int = -1  # just past the root start tag's ">"
    root_empty: bool = False  # the root is written <svg ... />
    root_prefixes: dict[str | None, str] = field(default_factory=dict)
    elements: list[Element] = field(default_factory=list)


class _Refused(Exception):
    pass


def tag_end(data: bytes, start: int) -> int:
    """The index just past the ``>`` of the tag starting at ``start`` (quotes honoured)."""
    quote = 0
    for index in range(start + 1, len(data)):
        byte = data[index]
        if quote:
            if byte == quote:
                quote = 0
        elif byte in (0x22, 0x27):  # " '
            quote = byte
        elif byte == 0x3E:  # >
            return index + 1
    return len(data)


def read(data: bytes) -> Svg:
    """Parse ``data`` as an SVG document and find its Open Badges elements.

    Raises :class:`InvalidDocumentError` (``baking.*``) when it is not well-formed XML, has
    a ``DOCTYPE``, or its root is not an SVG ``<svg>`` element.
    """
    svg = Svg(data)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    pending: dict[str | None, str] = {}
    open_elements: list[Element | None] = []

    def doctype(*_: object) -> None:
        raise _Refused

    def xml_declaration(_version: str, encoding: str | None, _standalone: int) -> None:
        svg.encoding = encoding

    def namespace(prefix: str | None, uri: str) -> None:
        if svg.root_start < 0:
            pending[prefix] = uri

    def start(name: str, attributes: dict[str, str]) -> None:
        index = parser.CurrentByteIndex
        uri, _, local = name.rpartition(" ")
        if svg.root_start < 0:
            if (uri, local) != (SVG_NAMESPACE, "svg"):
                raise _invalid(
                    "baking.not-svg",
                    "the image's root element is not an SVG <svg> element in the SVG namespace "
                    f"({SVG_NAMESPACE}); bake only SVG images",
                )
            svg.root_start, svg.root_end = index, tag_end(data, index)
            svg.root_empty = data[svg.root_end - 2 : svg.root_end] == b"/>"
            svg.root_prefixes = dict(pending)
        parent = open_elements[-1] if open_elements else None
        if parent is not None:
            parent.children += 1
        element = None
        if (uri, local) in _ELEMENTS:
            element = Element(uri, attributes.get("verify"), index)
            svg.elements.append(element)
        open_elements.append(element)

    def text(value: str) -> None:
        # only the innermost open element's own text: constant work per piece of text,
        # however deeply elements nest
        element = open_elements[-1] if open_elements else None
        if element is not None:
            element.text.append(value)

    def end(_name: str) -> None:
        element = open_elements.pop()
        if element is None:
            return
        own_end = tag_end(data, element.start)
        if data[own_end - 2 : own_end] == b"/>":
            element.end = own_end
        else:
            element.end = tag_end(data, parser.CurrentByteIndex)

    parser.StartDoctypeDeclHandler = doctype
    parser.XmlDeclHandler = xml_declaration
    parser.StartNamespaceDeclHandler = namespace
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused:
        raise _invalid(
            "baking.svg-doctype",
            "the SVG has a DOCTYPE declaration, which can declare entities that expand or "
            "fetch content; such images are refused: remove the DOCTYPE (SVG needs none)",
        ) from None
    except xml.parsers.expat.ExpatError as exc:
        raise _invalid(
            "baking.not-svg",
            f"not a well-formed SVG image: {xml.parsers.expat.ErrorString(exc.code)} at line "
            f"{exc.lineno}, column {exc.offset + 1}",
        ) from None
    return svg
