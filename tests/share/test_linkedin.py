"""LinkedIn's "Add to profile" link: the parameters LinkedIn reads, correctly encoded."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from microcredential.cli import main
from microcredential.errors import InvalidDocumentError
from microcredential.share import LINKEDIN_ADD_TO_PROFILE, bake, linkedin_url
from share.images import make_png
from share.share_support import signed, unsigned


def params(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == LINKEDIN_ADD_TO_PROFILE
    pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True)
    assert len(pairs) == len({k for k, _ in pairs}), "a parameter appears twice"
    return dict(pairs)


def test_every_parameter_from_the_credential() -> None:
    credential = unsigned(
        credential_id="https://hs.example/credentials/42",
        validFrom="2026-03-31T23:30:00-02:00",
        validUntil="2031-01-15T00:00:00Z",
        awardedDate="2026-02-27T10:00:00+01:00",
    )
    got = params(linkedin_url(credential))
    assert got == {
        "startTask": "CERTIFICATION_NAME",
        "name": "User research for digital services",
        "organizationName": "Hogeschool Voorbeeld",
        # awardedDate is when the achievement was awarded; validFrom is only the fallback
        "issueYear": "2026",
        "issueMonth": "2",
        "expirationYear": "2031",
        "expirationMonth": "1",
        "certUrl": "https://hs.example/credentials/42",
        "certId": "https://hs.example/credentials/42",
    }


def test_the_issue_month_is_the_one_the_credential_was_written_in() -> None:
    # 23:30 at -02:00 on 31 March is already April in UTC; LinkedIn gets the written month
    got = params(linkedin_url(unsigned(validFrom="2026-03-31T23:30:00-02:00")))
    assert (got["issueYear"], got["issueMonth"]) == ("2026", "3")
    assert "expirationYear" not in got
    assert "expirationMonth" not in got


def test_a_urn_id_is_the_credential_id_but_not_its_url() -> None:
    got = params(linkedin_url(unsigned()))
    assert got["certId"] == "urn:uuid:7f2b4a8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"
    assert "certUrl" not in got
    got = params(linkedin_url(unsigned(), cert_url="https://hs.example/verify?id=42&lang=nl"))
    assert got["certUrl"] == "https://hs.example/verify?id=42&lang=nl"


def test_organization_id_replaces_the_name() -> None:
    got = params(linkedin_url(unsigned(), organization_id=1234567))
    assert got["organizationId"] == "1234567"
    assert "organizationName" not in got


@pytest.mark.parametrize(
    ("title", "issuer"),
    [
        ("Ethiek & AI: één stap verder — ‘déjà vu’", "Hogeschool Zuyd & Saxion"),
        ("Gestión de datos ñ ü ø å ß 中文 🎓", "Université Côte d'Azur"),
        ("name=x&organizationName=Fake+Org#frag %20 /?", "A+B=C; D%E"),
        ("Data " * 200, "Technische Universiteit Eindhoven " * 8),
    ],
)
def test_names_survive_encoding_whole(title: str, issuer: str) -> None:
    url = linkedin_url(unsigned(title=title.strip(), issuer_name=issuer.strip()))
    query = urlsplit(url).query
    # nothing that would end or split the query is left unencoded inside a value
    for name, value in (part.split("=", 1) for part in query.split("&")):
        assert all(c not in value for c in " &#+=?\"'<>"), (name, value)
        assert value.isascii()
    got = params(url)
    assert got["name"] == title.strip()  # never shortened
    assert got["organizationName"] == issuer.strip()


def test_missing_name_or_issuer_name_is_a_clear_error() -> None:
    credential = unsigned()
    credential["issuer"] = {k: v for k, v in credential["issuer"].items() if k != "name"}
    with pytest.raises(InvalidDocumentError) as caught:
        linkedin_url(credential)
    assert [p.code for p in caught.value.problems] == ["share.no-issuer-name"]
    assert "organisation id" in caught.value.message
    assert "organizationId=42" in linkedin_url(credential, organization_id="42")


def test_bad_options_are_refused() -> None:
    with pytest.raises(ValueError, match=r"linkedin\.com/company"):
        linkedin_url(unsigned(), organization_id="acme&x=1")
    with pytest.raises(ValueError, match="http"):
        linkedin_url(unsigned(), cert_url="javascript:alert(1)")


def test_the_input_is_not_modified() -> None:
    credential = signed()
    before = json.dumps(credential, sort_keys=True)
    linkedin_url(credential)
    assert json.dumps(credential, sort_keys=True) == before


def test_cli_prints_the_link(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(signed(validFrom="2026-03-02T09:00:00Z")), encoding="utf-8")
    code = main(["share", str(path), "--linkedin", "--organization-id", "99"])
    out, err = capsys.readouterr()
    assert code == 0, err
    got = params(out.strip())
    assert got["organizationId"] == "99"
    assert (got["issueYear"], got["issueMonth"]) == ("2026", "3")


def test_cli_reads_a_baked_badge(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "badge.png"
    path.write_bytes(bake(make_png(), signed()))
    assert main(["share", str(path), "--linkedin"]) == 0
    assert params(capsys.readouterr().out.strip())["name"] == "User research for digital services"


def test_cli_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(unsigned()), encoding="utf-8")
    assert main(["share", str(path)]) == 2  # no target given
    capsys.readouterr()
    assert main(["share", str(path), "--linkedin", "--organization-id", "acme"]) == 2
    assert "--organization-id must be" in capsys.readouterr().err
    credential = unsigned()
    credential["credentialSubject"]["achievement"]["name"] = " "  # a model needs the member
    del credential["name"]
    path.write_text(json.dumps(credential), encoding="utf-8")
    assert main(["share", str(path), "--linkedin"]) == 1
    err = capsys.readouterr().err
    assert str(path) in err
    assert "share.no-name" in err
    assert "Traceback" not in err


def test_dates_written_as_date_times_anywhere_in_the_day() -> None:
    start = dt.datetime(2026, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
    got = params(linkedin_url(unsigned(valid_from=start)))
    assert (got["issueYear"], got["issueMonth"]) == ("2026", "12")
