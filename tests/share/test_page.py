"""The page an employer reads: every element, the verdict as given, escaping, self-containment."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import microcredential as mc
from microcredential.cli import main
from microcredential.share import bake, render_html, render_text
from share.images import make_png
from share.share_support import issuer_key, signed, unsigned

VOID = {"meta", "br", "hr", "img", "link", "input"}
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "footer", "section",
    "h1", "h2", "h3", "p", "ul", "li", "dl", "dt", "dd", "a", "code", "strong", "time",
}  # fmt: skip


class Page(HTMLParser):
    """The tags, attributes and text of a page, checked for balance as it is read."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[tuple[str, str]] = []  # (innermost open tag, text)
        self.feed(text)
        self.close()
        assert self.stack == [], f"unclosed tags: {self.stack}"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1:] == [tag], f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append((self.stack[-1] if self.stack else "", data))

    def all_text(self) -> str:
        return " ".join(" ".join(t.split()) for tag, t in self.text if tag not in ("style",))

    def texts_in(self, tag: str) -> list[str]:
        return [t for name, t in self.text if name == tag]


def check_self_contained(html: str) -> Page:
    page = Page(html)
    for tag, attrs in page.tags:
        assert tag in ALLOWED, f"unexpected <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{tag}>"
            assert name not in ("src", "srcset", "action", "formaction", "background"), name
            if name == "href":
                assert tag == "a"
                assert value is not None
                assert value.startswith(("https://", "http://")), value
    assert html.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "default-src 'none'" in html  # the policy forbids scripts and fetches outright
    assert "@media print" in html
    return page


def test_every_element_an_employer_needs_is_on_the_page() -> None:
    credential = signed(validUntil="2031-03-02T09:00:00Z")
    page = check_self_contained(render_html(credential, mc.verify(credential)))
    text = page.all_text()
    for expected in (
        "User research for digital services",  # title
        "Plan, carry out and report user research for a digital service.",  # description
        "Plans user research that fits the design question.",  # learning outcomes
        "Reports findings to stakeholders in plain language.",
        "5 EC (ECTS credits), 140 hours of study",  # workload
        "EQF level 6, NLQF level 6",  # level
        "Testing",  # form of assessment
        "Supervised online or onsite with identity verification",
        "Blended",  # participation
        "Kwaliteitskader Microcredentials voor Professionals HBO en WO",  # quality assurance
        "https://npuls.nl/doorbouwen-aan-microcredentials",
        "Sanne de Vries",  # by whom
        "Hogeschool Voorbeeld (NL)",  # which institution
        issuer_key().controller,
        "Valid from 2 March 2026",  # when
        "Valid until 2 March 2031",
        "Result 8",
        "Pass the written exam and hand in a research plan.",
        "urn:uuid:7f2b4a8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
    ):
        assert expected in text, expected
    assert page.texts_in("h1") == ["User research for digital services"]
    assert "Verification: Verified" in text
    assert "check that the issuer ID is the one the institution publishes" in text


def test_without_a_result_the_page_says_it_was_not_verified() -> None:
    html = render_html(signed())
    text = check_self_contained(html).all_text()
    assert "Verification: Not verified" in text
    assert "it has not been checked" in text
    for verdict in ("Verified", "passed", "Not valid", "FAILED"):
        assert f"Verification: {verdict}" not in text
    assert "passed:" not in text
    assert "unverified" in html  # its own style, not the verified one
    assert "verdict verified" not in html


def test_an_invalid_credential_says_so_with_the_reasons() -> None:
    tampered = signed()
    tampered["credentialSubject"]["achievement"]["creditsAvailable"] = 30
    result = mc.verify(tampered)
    text = check_self_contained(render_html(tampered, result)).all_text()
    assert "Verification: Not valid — do not rely on this credential" in text
    assert "FAILED: The issuer's digital signature is intact" in text
    assert "[proof.signature-mismatch]" in text
    assert "not checked: It is within its period of validity" in text
    plain = render_text(tampered, result)
    assert "Verification: NOT VALID" in plain
    assert "[FAILED] The issuer's digital signature is intact" in plain


def test_expired_and_indeterminate_verdicts() -> None:
    expired = signed(validUntil="2026-04-01T00:00:00Z")
    result = mc.verify(expired, now="2027-01-01T00:00:00Z")
    text = Page(render_html(expired, result)).all_text()
    assert "Not valid" in text
    assert "[credential.expired]" in text
    revocable = signed(
        credentialStatus={
            "id": "https://hs.example/status/1#5",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "5",
            "statusListCredential": "https://hs.example/status/1",
        }
    )
    result = mc.verify(revocable)
    when = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
    text = Page(render_html(revocable, result, checked_at=when)).all_text()
    assert "Verification: Could not be verified on 10 March 2026" in text
    assert "[status.indeterminate]" in text
    assert "Verification: Could not be verified on 10 March 2026" in render_text(
        revocable, result, checked_at=when
    ).replace("COULD NOT BE VERIFIED", "Could not be verified")


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> & "quotes" \u2028'


def test_markup_in_the_credential_is_shown_as_text() -> None:
    credential = unsigned(
        title=HOSTILE,
        issuer_name='Evil </dd></dl><a href="javascript:alert(1)">click</a>',
        validFrom="2026-03-02T09:00:00Z",
    )
    achievement = credential["credentialSubject"]["achievement"]
    achievement["description"] = "<style>body{display:none}</style>\nline two"
    achievement["alignment"][0]["targetName"] = "<b>bold</b> outcome"
    achievement["criteria"]["narrative"] = "]]> --> <!-- <![CDATA["
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "<i>Name</i>"
    html = render_html(credential)
    page = check_self_contained(html)
    assert page.texts_in("h1") == [HOSTILE]
    assert page.texts_in("title")[0].startswith(HOSTILE)
    text = page.all_text()
    for shown in ("<b>bold</b> outcome", "<i>Name</i>", "]]> --> <!-- <![CDATA[", "Evil </dd>"):
        assert shown in text
    assert "<script" not in html
    assert 'href="javascript' not in html
    assert "Evil &lt;/dd&gt;&lt;/dl&gt;&lt;a href=&quot;javascript:alert(1)&quot;&gt;" in html


def test_links_are_only_web_addresses() -> None:
    credential = unsigned()
    qa = credential["credentialSubject"]["achievement"]["alignment"]
    for alignment in qa:
        if alignment["targetType"] == "ext:QualityAssurance":
            alignment["targetUrl"] = "javascript:alert(1)"
    html = render_html(credential)
    check_self_contained(html)
    assert 'href="javascript' not in html


def test_a_hashed_learner_is_not_disclosed() -> None:
    credential = mc.issue(
        unsigned()["credentialSubject"]["achievement"],
        recipient=mc.hashed_email("sanne@example.org"),
        issuer=unsigned()["issuer"],
        key=issuer_key(),
    )
    text = Page(render_html(credential)).all_text()
    assert "a learner identified by a hashed identifier (not shown)" in text
    assert "sanne@example.org" not in text
    assert "sha256$" not in text


def test_a_result_of_another_credential_is_refused() -> None:
    other = signed(credential_id="urn:uuid:00000000-0000-4000-8000-000000000000")
    with pytest.raises(ValueError, match="not for this credential"):
        render_html(signed(), mc.verify(other))


def test_a_result_of_another_credential_with_the_same_id_is_refused() -> None:
    # the id alone tied a verdict to a page: a changed copy of a verified credential was
    # shown as verified, its changed name included
    credential = signed()
    result = mc.verify(credential)
    assert result.ok
    changed = json.loads(json.dumps(credential))
    changed["credentialSubject"]["achievement"]["name"] = "Doctorate in Medicine"
    with pytest.raises(ValueError, match="differs from the one verified"):
        render_html(changed, result)
    with pytest.raises(ValueError, match="differs from the one verified"):
        render_text(changed, result)
    assert "Verified" in render_html(json.loads(json.dumps(credential)), result)


def test_a_verified_vc_jwt_page_shows_the_credential_it_carries() -> None:
    token = mc.sign_jwt(unsigned(), issuer_key())
    result = mc.verify(token)
    assert result.ok, result.errors
    carried = mc.jwt.decode_jwt_credential(token).credential
    assert result.describes(carried)
    assert "Verification: VERIFIED" in render_text(carried, result)


def test_the_input_is_not_modified() -> None:
    credential = signed()
    before = json.dumps(credential, sort_keys=True)
    render_html(credential, mc.verify(credential))
    render_text(credential)
    assert json.dumps(credential, sort_keys=True) == before


# -- command line ------------------------------------------------------------------------------


def write(path: Path, value: Any) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def test_cli_show_prints_and_writes_the_page(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path / "credential.json", signed())
    out_html = tmp_path / "page.html"
    code = main(["show", path, "-o", str(out_html), "--now", "2026-03-10T12:00:00Z"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Verification: VERIFIED on 10 March 2026" in out
    assert "Study load:              5 EC (ECTS credits), 140 hours of study" in out
    page = check_self_contained(out_html.read_text(encoding="utf-8"))
    assert "Verification: Verified on 10 March 2026" in page.all_text()


def test_cli_show_without_verifying_and_from_an_image(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    image = tmp_path / "badge.png"
    image.write_bytes(bake(make_png(), signed()))
    assert main(["show", str(image), "--no-verify"]) == 0
    out = capsys.readouterr().out
    assert "Verification: NOT VERIFIED" in out
    assert "VERIFIED on" not in out
    assert main(["show", str(image), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] is True
    assert report["summary"]["ects"] == 5
    assert report["summary"]["assessment_types"] == ["testing"]
    assert report["summary"]["valid_from"] == "2026-03-02T09:00:00+00:00"


def test_cli_show_fails_on_an_invalid_credential(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    tampered = signed()
    tampered["name"] = "Rocket science"
    path = write(tmp_path / "credential.json", tampered)
    assert main(["show", path, "-o", str(tmp_path / "page.html")]) == 1
    assert "Verification: NOT VALID" in capsys.readouterr().out
    assert "Not valid" in (tmp_path / "page.html").read_text(encoding="utf-8")
    assert main(["show", write(tmp_path / "x.json", {"id": "x"})]) == 1
    err = capsys.readouterr().err
    assert "x.json" in err
    assert "Traceback" not in err
