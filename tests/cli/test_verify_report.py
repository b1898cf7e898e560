"""``microcredential verify``: what was certified, whose it is, and one line per file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcredential import hashed_email, issue
from microcredential.cli import main
from microcredential.keys import Ed25519Key
from microcredential.quality import build_achievement, example_profile

KEY = Ed25519Key.from_seed(bytes(range(32)))
NOW = "2026-06-01"


def write(tmp_path: Path, name: str, document: dict[str, Any]) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    achievement = build_achievement(example_profile(), id="https://hs.example/mc/ux")
    issuer = {"id": KEY.controller, "type": ["Profile"], "name": "Hogeschool Voorbeeld"}
    jan = issue(
        achievement,
        recipient=hashed_email("jan@example.nl"),
        key=KEY,
        issuer=issuer,
        learner_name="Jan de Vries",
        valid_from="2026-03-01T00:00:00Z",
    )
    forged = json.loads(json.dumps(jan))
    forged["credentialSubject"]["achievement"]["name"] = "Something else"
    return [write(tmp_path, "jan.json", jan), write(tmp_path, "forged.json", forged)]


def test_the_report_says_what_was_certified(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", files[0], "--now", NOW]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{files[0]}: VERIFIED")
    assert lines[1] == (
        "  certifies: User research for digital services (5 EC, EQF level 6), issued by "
        "Hogeschool Voorbeeld to Jan de Vries"
    )


def test_a_credential_that_fails_claims_but_does_not_certify(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", files[1], "--now", NOW]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{files[1]}: INVALID")
    assert lines[1] == (
        "  claims, not verified: Something else (5 EC, EQF level 6), issued by "
        "Hogeschool Voorbeeld to Jan de Vries"
    )


@pytest.mark.parametrize(
    ("email", "code", "said"),
    [
        ("jan@example.nl", 0, "recipient: jan@example.nl is the e-mail address"),
        ("Jan@Example.NL", 0, "recipient: Jan@Example.NL is the e-mail address"),
        ("piet@example.nl", 1, "recipient: NOT piet@example.nl"),
    ],
)
def test_recipient(
    files: list[str], email: str, code: int, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", files[0], "--now", NOW, "--recipient", email]) == code
    assert f"  {said}" in capsys.readouterr().out.splitlines()[2]
    assert main(["verify", files[0], "--now", NOW, "--recipient", email, "--json"]) == code
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] is True
    assert report["recipient"] == {"email": email, "matches": code == 0}


def test_a_recipient_that_is_no_email_address(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", files[0], "--recipient", "did:example:jan"]) == 2
    assert "is not an e-mail address" in capsys.readouterr().err


def test_summary_is_one_line_per_file(
    files: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    argv = [
        "verify",
        *files,
        str(broken),
        "--now",
        NOW,
        "--summary",
        "--recipient",
        "jan@example.nl",
    ]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{files[0]}: VERIFIED: User research for digital services (5 EC, EQF level 6), issued "
        "by Hogeschool Voorbeeld to Jan de Vries; recipient: jan@example.nl is the e-mail "
        "address the credential was issued to",
        f"{files[1]}: INVALID (proof.signature-mismatch): Something else (5 EC, EQF level 6), "
        "issued by Hogeschool Voorbeeld to Jan de Vries; recipient: jan@example.nl is the "
        "e-mail address the credential was issued to",
        "1 of 3 files verified",
    ]
    assert str(broken) in err
