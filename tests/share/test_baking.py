"""Baking credentials into PNG and SVG images as Open Badges 3.0 specifies, and reading them."""

from __future__ import annotations

import json
import os
import threading
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microcredential as mc
from microcredential.cli import main
from microcredential.errors import InvalidDocumentError
from microcredential.share import bake, unbake
from microcredential.share.baking import OB3_SVG_NAMESPACE
from share.images import SVG, chunk, decode_png, itxt, make_png, text_chunks
from share.share_support import signed

#: The shape of a compact JWS (the library cannot sign VC-JWT yet; the bytes are what matter).
JWT = "eyJhbGciOiJFZERTQSJ9.eyJ2YyI6eyJpZCI6InVybjp1dWlkOjEifX0.c2lnbmF0dXJlLWJ5dGVz"
OB3 = "openbadgecredential"


def codes(exc: pytest.ExceptionInfo[InvalidDocumentError]) -> list[str]:
    return [p.code for p in exc.value.problems]


def credential_chunks(png: bytes, keyword: str = OB3) -> list[bytes]:
    return [d for k, d in text_chunks(png) if d.startswith(keyword.encode() + b"\0")]


# -- PNG ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("colour_type", [0, 2, 3, 4, 6])
def test_png_round_trip_is_byte_identical_and_verifies(colour_type: int) -> None:
    credential = signed()
    text = json.dumps(credential, indent=2, ensure_ascii=False)  # as a file holds it
    image = make_png(colour_type=colour_type)
    baked = bake(image, text)
    found = unbake(baked)
    assert (found.text, found.image_format, found.version) == (text, "png", "3.0")
    assert found.text.encode() == text.encode()
    assert mc.verify(found.json()).ok
    # still the same image: every CRC valid, the same pixels, the chunks in their order
    before, after = decode_png(image), decode_png(baked)
    assert after.rows == before.rows
    assert after.chunk_types == (b"IHDR", b"iTXt", *before.chunk_types[1:])


def test_png_chunk_is_uncompressed_itxt_with_the_ob3_keyword() -> None:
    baked = bake(make_png(), {"id": "urn:uuid:1", "name": "Één & twee"})
    (data,) = credential_chunks(baked)
    keyword, rest = data.split(b"\0", 1)
    assert keyword == b"openbadgecredential"
    assert rest[:2] == b"\0\0"  # compression flag and method
    assert rest[2:4] == b"\0\0"  # no language tag, no translated keyword
    assert json.loads(rest[4:].decode("utf-8")) == {"id": "urn:uuid:1", "name": "Één & twee"}


def test_baking_again_replaces_never_duplicates() -> None:
    once = bake(make_png(), {"id": "urn:uuid:1"})
    twice = bake(once, {"id": "urn:uuid:2"})
    assert len(credential_chunks(twice)) == 1
    assert unbake(twice).json() == {"id": "urn:uuid:2"}
    # an Open Badges 2.0 assertion already in the image goes too: one credential per image
    old = make_png(extra=(itxt("openbadges", '{"type": "Assertion"}'),))
    baked = bake(old, {"id": "urn:uuid:3"})
    assert credential_chunks(baked, "openbadges") == []
    assert unbake(baked).version == "3.0"


def test_the_credential_is_found_wherever_png_allows_it() -> None:
    text = json.dumps({"id": "urn:uuid:9"})
    for image in (
        make_png(after_idat=(itxt(OB3, text),)),  # between the image data and IEND
        make_png(colour_type=3, extra=(chunk(b"gAMA", b"\0\0\xb1\x8f"), itxt(OB3, text))),
        make_png(extra=(chunk(b"tEXt", b"Comment\0made by hand"), itxt(OB3, text))),
    ):
        assert unbake(image).text == text
        assert decode_png(image).rows  # the test images are sound themselves


def test_bytes_after_iend_are_kept_but_not_searched() -> None:
    trailer = itxt(OB3, '{"id": "urn:uuid:after-the-end"}')
    image = make_png() + trailer
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(image)
    assert codes(caught) == ["baking.no-credential"]
    baked = bake(image, {"id": "urn:uuid:1"})
    assert baked.endswith(trailer)
    assert unbake(baked).json() == {"id": "urn:uuid:1"}


def test_two_credential_chunks_are_refused() -> None:
    image = make_png(
        extra=(itxt(OB3, '{"id": "urn:a"}'),), after_idat=(itxt(OB3, '{"id": "urn:b"}'),)
    )
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(image)
    assert codes(caught) == ["baking.duplicate"]
    assert "bake it again" in caught.value.message


def test_compressed_credential_chunks_are_refused() -> None:
    image = make_png(extra=(itxt(OB3, '{"id": "urn:a"}', compressed=True),))
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(image)
    assert codes(caught) == ["baking.compressed"]
    ztxt = chunk(b"zTXt", b"openbadgecredential\0\0" + zlib.compress(b'{"id": "urn:a"}'))
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(make_png(extra=(ztxt,)))
    assert codes(caught) == ["baking.compressed"]


def test_a_wrong_crc_is_refused() -> None:
    baked = bake(make_png(), {"id": "urn:uuid:1", "name": "Teamwork"})
    at = baked.index(b"Teamwork")
    damaged = baked[:at] + b"Teamwerk" + baked[at + 8 :]
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(damaged)
    assert codes(caught) == ["baking.crc-mismatch"]
    assert "'iTXt' chunk at byte 33" in caught.value.message
    with pytest.raises(InvalidDocumentError) as caught:
        bake(damaged, {"id": "urn:uuid:2"})
    assert codes(caught) == ["baking.crc-mismatch"]


@pytest.mark.parametrize("keep", [8, 20, 40, 60, -12, -1])
def test_a_truncated_png_is_refused(keep: int) -> None:
    baked = bake(make_png(), {"id": "urn:uuid:1"})
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(baked[:keep])
    assert codes(caught) == ["baking.truncated"]


def test_other_pngs_that_are_not_sound() -> None:
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(make_png())
    assert codes(caught) == ["baking.no-credential"]
    no_header = make_png()[:8] + chunk(b"IDAT", b"") + chunk(b"IEND", b"")
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(no_header)
    assert codes(caught) == ["baking.not-png"]
    cut_itxt = make_png(extra=(chunk(b"iTXt", b"openbadgecredential\0\0"),))
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(cut_itxt)
    assert codes(caught) == ["baking.malformed-chunk"]
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(b"GIF89a....")
    assert codes(caught) == ["baking.not-image"]


def test_open_badges_2_pngs_are_read() -> None:
    assertion = '{"@context": "https://w3id.org/openbadges/v2", "type": "Assertion"}'
    found = unbake(make_png(extra=(itxt("openbadges", assertion),)))
    assert (found.text, found.version) == (assertion, "2.0")
    legacy = make_png(extra=(chunk(b"tEXt", b"openbadges\0https://example.org/a/1"),))
    assert unbake(legacy).text == "https://example.org/a/1"
    # a 3.0 credential is preferred when an image carries both
    both = make_png(extra=(itxt("openbadges", assertion), itxt(OB3, '{"id": "urn:x"}')))
    assert unbake(both).version == "3.0"


def test_a_jwt_is_baked_as_it_is() -> None:
    found = unbake(bake(make_png(), JWT + "\n".strip()))
    assert (found.text, found.is_jwt, found.is_json) == (JWT, True, False)


def test_what_is_not_a_credential_is_refused() -> None:
    for value in ("not json", "[1, 2]", "a.b", {"x": {1, 2}}):
        with pytest.raises((ValueError, InvalidDocumentError)):
            bake(make_png(), value)  # type: ignore[arg-type]
    with pytest.raises(InvalidDocumentError) as caught:
        bake(b"\xff\xd8\xff\xe0 a JPEG", {"id": "urn:x"})
    assert codes(caught) == ["baking.not-image"]


def test_the_inputs_are_not_modified() -> None:
    credential = signed()
    before = json.dumps(credential, sort_keys=True)
    image = make_png()
    copy = bytes(image)
    bake(image, credential)
    assert json.dumps(credential, sort_keys=True) == before
    assert image == copy


# -- SVG ---------------------------------------------------------------------------------------


def element_of(svg: bytes) -> ET.Element:
    root = ET.fromstring(svg)  # the test data have no DOCTYPE
    found = root.findall(f"{{{OB3_SVG_NAMESPACE}}}credential")
    assert len(found) == 1
    return found[0]


def test_svg_round_trip_with_cdata_end_in_the_credential_verifies() -> None:
    credential = signed(title="Markup: ]]> and <![CDATA[ and ]]]]> & </svg>")
    baked = bake(SVG, credential)
    found = unbake(baked)
    assert (found.image_format, found.version) == ("svg", "3.0")
    assert found.json() == credential
    assert mc.verify(found.json()).ok
    # the element sits directly after the <svg> tag and XML reads the same JSON back
    root = ET.fromstring(baked)
    assert root[0].tag == f"{{{OB3_SVG_NAMESPACE}}}credential"
    assert json.loads(root[0].text or "") == credential


def test_svg_is_edited_in_place_and_nothing_else_changes() -> None:
    baked = bake(SVG, {"id": "urn:uuid:1"})
    element = b'<openbadges:credential><![CDATA[{"id":"urn:uuid:1"}]]></openbadges:credential>'
    declaration = b' xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"'
    assert baked.count(element) == 1
    assert baked.count(declaration) == 1
    assert baked.replace(element, b"").replace(declaration, b"") == SVG
    rebaked = bake(baked, {"id": "urn:uuid:2"})
    assert rebaked.replace(element.replace(b"1", b"2"), b"").replace(declaration, b"") == SVG


def test_svg_line_ends_may_change_but_the_json_value_does_not() -> None:
    text = json.dumps({"id": "urn:uuid:1", "name": "a\r\nb"}, indent=2).replace("\n", "\r\n")
    found = unbake(bake(SVG, text))
    assert found.text == text.replace("\r\n", "\n")
    assert found.json() == json.loads(text)


def test_svg_jwt_goes_in_the_verify_attribute() -> None:
    baked = bake(SVG, JWT)
    element = element_of(baked)
    assert element.get("verify") == JWT
    assert not (element.text or "").strip()
    assert unbake(baked).text == JWT


@pytest.mark.parametrize(
    "svg",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"/>',
        b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="1" />',
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://example.org/a/1"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg" '
        b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><g/></svg>',
    ],
)
def test_svg_shapes(svg: bytes) -> None:
    baked = bake(svg, {"id": "urn:uuid:1"})
    assert unbake(baked).json() == {"id": "urn:uuid:1"}
    root = ET.fromstring(baked)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.findall("{http://openbadges.org}assertion") == []
    element_of(baked)


def test_open_badges_2_svgs_are_read() -> None:
    hosted = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://example.org/assertions/123"/></svg>'
    )
    found = unbake(hosted)
    assert (found.text, found.version) == ("https://example.org/assertions/123", "2.0")
    embedded = hosted.replace(
        b"/></svg>", b'><![CDATA[ {"type": "Assertion"} ]]></openbadges:assertion></svg>'
    )
    assert unbake(embedded).json() == {"type": "Assertion"}


def test_two_svg_credentials_are_refused() -> None:
    baked = bake(SVG, {"id": "urn:a"})
    start = baked.index(b"<openbadges:credential>")
    end = baked.index(b"</openbadges:credential>") + len(b"</openbadges:credential>")
    doubled = baked[:end] + baked[start:end] + baked[end:]
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(doubled)
    assert codes(caught) == ["baking.duplicate"]
    assert len(element_of(bake(doubled, {"id": "urn:b"})).text or "") > 0


@pytest.mark.parametrize(
    "svg",
    [
        # the "billion laughs": entities that expand exponentially
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg">&c;</svg>',
        # an external entity that would read a local file
        b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        # an external DTD that would be fetched
        b'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"/>',
    ],
)
def test_svg_with_a_doctype_is_refused(svg: bytes) -> None:
    for action in (unbake, lambda image: bake(image, {"id": "urn:x"})):
        with pytest.raises(InvalidDocumentError) as caught:
            action(svg)
        assert codes(caught) == ["baking.svg-doctype"]


def test_other_svgs_that_are_not_sound() -> None:
    cases = {
        b'<svg xmlns="http://www.w3.org/2000/svg">&undefined;</svg>': "baking.not-svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><g></svg>': "baking.not-svg",
        b"<html><body/></html>": "baking.not-svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"/>': "baking.no-credential",
        b'<svg xmlns="http://www.w3.org/2000/svg"><openbadges:credential '
        b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"/></svg>': "baking.no-credential",
    }
    for svg, code in cases.items():
        with pytest.raises(InvalidDocumentError) as caught:
            unbake(svg)
        assert codes(caught) == [code], svg
    latin1 = b'<?xml version="1.0" encoding="ISO-8859-1"?><svg xmlns="http://www.w3.org/2000/svg"/>'
    with pytest.raises(InvalidDocumentError) as caught:
        bake(latin1, {"id": "urn:x"})
    assert codes(caught) == ["baking.encoding"]


@given(
    name=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()),
    pretty=st.booleans(),
)
def test_any_text_survives_both_formats(name: str, pretty: bool) -> None:
    value: dict[str, Any] = {"id": "urn:uuid:1", "name": name, "list": [name, "]]>"]}
    text = json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)
    for image in (make_png(), SVG):
        baked = bake(image, text)
        assert json.loads(unbake(baked).text) == value
    assert unbake(bake(make_png(), text)).text == text


# -- command line ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_cli_bake_unbake_verify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    credential = tmp_path / "credential.json"
    credential.write_text(json.dumps(signed(), indent=2) + "\n", encoding="utf-8")
    image = tmp_path / f"badge.{suffix}"
    image.write_bytes(make_png() if suffix == "png" else SVG)
    baked = tmp_path / f"baked.{suffix}"
    code, _, err = run(capsys, "bake", str(image), str(credential), "-o", str(baked))
    assert code == 0, err
    out_file = tmp_path / "out.json"
    code, _, err = run(capsys, "unbake", str(baked), "-o", str(out_file))
    assert code == 0, err
    if suffix == "png":
        assert out_file.read_bytes() == credential.read_bytes()
    assert json.loads(out_file.read_text()) == json.loads(credential.read_text())
    code, out, err = run(capsys, "verify", str(baked))
    assert code == 0, out + err
    assert out.startswith(f"{baked}: VERIFIED")
    code, out, _ = run(capsys, "verify", str(baked), str(credential), "--json")
    assert code == 0
    assert [r["verified"] for r in json.loads(out)] == [True, True]


def test_cli_verify_catches_a_changed_baked_credential(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    credential = signed()
    forged = dict(credential, name="Rocket science")
    data = json.dumps(forged).encode()
    image = tmp_path / "forged.png"
    # a careful forger writes a valid chunk: the image is sound, the signature is not
    png = make_png()
    at = png.index(b"IDAT") - 4
    keyword = b"openbadgecredential\0\0\0\0\0"
    image.write_bytes(png[:at] + chunk(b"iTXt", keyword + data) + png[at:])
    code, out, _ = run(capsys, "verify", str(image))
    assert code == 1
    assert "INVALID" in out
    assert "proof.signature-mismatch" in out


def test_cli_image_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    plain = tmp_path / "plain.png"
    plain.write_bytes(make_png())
    code, _, err = run(capsys, "verify", str(plain))
    assert code == 1
    assert f"{plain}: /: the PNG image holds no baked credential [baking.no-credential]" in err
    ob2 = tmp_path / "old.png"
    ob2.write_bytes(make_png(extra=(itxt("openbadges", '{"type": "Assertion"}'),)))
    code, _, err = run(capsys, "verify", str(ob2))
    assert code == 1
    assert "microcredential import old.png" in err
    code, out, _ = run(capsys, "unbake", str(ob2))
    assert code == 0
    assert json.loads(out) == {"type": "Assertion"}
    jwt = tmp_path / "jwt.svg"
    jwt.write_bytes(bake(SVG, JWT))
    code, out, _ = run(capsys, "verify", str(jwt))
    assert code == 1  # a VC-JWT is verified: this one's signature is not a signature
    assert "jsonld.context-missing" in out  # it has no @context: read no further
    code, _, err = run(capsys, "show", str(jwt))
    assert code == 1  # shown as verify reads it
    assert "jsonld.context-missing" in err
    code, _, err = run(capsys, "share", str(jwt), "--linkedin")
    assert code == 1
    assert "baking.jwt-unsupported" in err
    code, _, err = run(capsys, "bake", str(plain), str(plain), "-o", str(tmp_path / "x.png"))
    assert code == 1
    assert str(plain) in err
    assert "Traceback" not in err
    damaged = tmp_path / "damaged.png"
    png = bytearray(bake(make_png(), {"id": "urn:x"}))
    png[-20] ^= 0xFF
    damaged.write_bytes(bytes(png))
    code, _, err = run(capsys, "unbake", str(damaged))
    assert code == 1
    assert "baking.crc-mismatch" in err


def test_cli_verify_reads_an_image_from_standard_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io
    import sys

    baked = bake(make_png(), signed())
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(baked)))
    code, out, err = run(capsys, "verify", "-")
    assert code == 0, out + err


# -- one credential, read within bounds ---------------------------------------------------------


def test_an_svg_credential_element_with_both_text_and_a_jwt_is_refused() -> None:
    # a reader of the verify attribute and a reader of the text would see two credentials
    baked = bake(SVG, {"id": "urn:uuid:text"})
    both = baked.replace(
        b"<openbadges:credential>", f'<openbadges:credential verify="{JWT}">'.encode()
    )
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(both)
    assert codes(caught) == ["baking.ambiguous"]
    assert "both" in caught.value.problems[0].message


def test_an_open_badges_2_hosted_assertion_keeps_its_url_beside_its_json() -> None:
    hosted = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        b'<openbadges:assertion verify="https://example.org/assertions/1">'
        b'<![CDATA[{"type": "Assertion"}]]></openbadges:assertion></svg>'
    )
    assert unbake(hosted).json() == {"type": "Assertion"}


def test_text_inside_other_elements_is_not_part_of_the_credential() -> None:
    # the text of a child element was joined to the credential's: two readers, two documents
    baked = bake(SVG, {"id": "urn:uuid:1"})
    nested = baked.replace(
        b"<openbadges:credential>", b"<openbadges:credential><desc>ignored</desc>"
    )
    with pytest.raises(InvalidDocumentError) as caught:
        unbake(nested)
    assert codes(caught) == ["baking.ambiguous"]


def test_deeply_nested_svg_text_is_read_once() -> None:
    # each piece of text was added to every open element, so deep nesting with much text
    # cost depth x text; the credential is found after it all the same
    depth = 2000
    deep = b"<g>" * depth + b"\n" * depth + b"</g>" * depth
    image = bake(SVG, {"id": "urn:uuid:deep"}).replace(b"</svg>", deep + b"</svg>")
    assert unbake(image).json() == {"id": "urn:uuid:deep"}


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_fifo
def test_an_endless_image_stream_is_read_no_further_than_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "badge.png"
    os.mkfifo(fifo)
    total = 32 * 1024 * 1024
    written = [0]

    def write() -> None:
        try:
            with open(fifo, "wb") as handle:
                handle.write(make_png())
                while written[0] < total:
                    handle.write(b"\0" * 65536)
                    written[0] += 65536
        except OSError:
            pass

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    assert main(["verify", str(fifo), "--max-bytes", "100000"]) == 1
    writer.join(timeout=60)
    assert not writer.is_alive()
    assert written[0] < total  # the reader stopped at the limit and went away
    assert "over the limit of 100,000" in capsys.readouterr().err
