"""``microcredential issue`` with the plain achievement input format and ``--issuer``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcredential.cli import main
from microcredential.keys import Ed25519Key

EXAMPLE = Path(__file__).parents[2] / "examples" / "achievement-nl.json"
CONTROLLER = "https://www.hs-voorbeeld.example/issuers/1"
VALID_FROM = "2026-01-01T00:00:00Z"


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def web_key(tmp_path: Path) -> str:
    path = tmp_path / "key.json"
    Ed25519Key.from_seed(bytes(range(32)), controller=CONTROLLER).save(path)
    return str(path)


def issue_argv(achievement: str, key: str, out: Path, *extra: str) -> list[str]:
    argv = ["issue", "--achievement", achievement, "--recipient", "did:example:learner"]
    return [*argv, "--key", key, "--valid-from", VALID_FROM, "-o", str(out), *extra]


def test_input_format_issues_a_credential_that_meets_eu_and_nl(
    tmp_path: Path, web_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "credential.json"
    assert main(issue_argv(str(EXAMPLE), web_key, out)) == 0
    issuer = read(out)["issuer"]
    assert issuer["id"] == CONTROLLER
    assert issuer["name"] == "Hogeschool Voorbeeld"
    assert issuer["address"]["addressCountryCode"] == "NL"
    assert issuer["otherIdentifier"][0]["identifier"] == "99XX"
    capsys.readouterr()
    argv = ["validate", str(out), "--profile", "eu", "--profile", "nl", "--today", "2026-03-01"]
    assert main(argv) == 0, capsys.readouterr().out


def test_issuer_file_overrides_the_input_issuer(tmp_path: Path, web_key: str) -> None:
    profile = {"id": CONTROLLER, "type": ["Profile"], "name": "Another Name"}
    (tmp_path / "issuer.json").write_text(json.dumps(profile), encoding="utf-8")
    out = tmp_path / "credential.json"
    argv = issue_argv(str(EXAMPLE), web_key, out, "--issuer", str(tmp_path / "issuer.json"))
    assert main(argv) == 0
    assert read(out)["issuer"]["name"] == "Another Name"


def test_issuer_that_is_not_the_controller_names_keygen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = tmp_path / "didkey.json"
    Ed25519Key.from_seed(bytes(range(32))).save(key)
    assert main(issue_argv(str(EXAMPLE), str(key), tmp_path / "c.json")) == 2
    err = capsys.readouterr().err
    assert "must be the key's controller" in err
    assert f"keygen --controller {CONTROLLER}" in err
    assert not (tmp_path / "c.json").exists()


def test_invalid_input_format_exits_1(
    tmp_path: Path, web_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"title": "T", "id": "https://e.example/a", "ects": "x"}))
    assert main(issue_argv(str(bad), web_key, tmp_path / "c.json")) == 1
    assert str(bad) in capsys.readouterr().err


def test_mailto_recipient_is_hashed(
    tmp_path: Path, web_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "credential.json"
    argv = issue_argv(str(EXAMPLE), web_key, out)
    argv[argv.index("did:example:learner")] = "mailto:a@b.example"
    assert main(argv) == 0
    text = out.read_text(encoding="utf-8")
    assert "a@b.example" not in text
    identity = read(out)["credentialSubject"]["identifier"][0]
    assert identity["hashed"] is True
    assert identity["identityType"] == "emailAddress"


def test_learner_name_and_grade(tmp_path: Path, web_key: str) -> None:
    out = tmp_path / "credential.json"
    argv = issue_argv(str(EXAMPLE), web_key, out, "--name", "Sanne de Vries", "--grade", "7,5")
    assert main(argv) == 0
    subject = read(out)["credentialSubject"]
    [name] = [i for i in subject["identifier"] if i["identityType"] == "name"]
    assert name == {
        "type": "IdentityObject",
        "identityHash": "Sanne de Vries",
        "identityType": "name",
        "hashed": False,
    }
    [result] = subject["result"]
    assert result["value"] == "7.5"
    assert result["resultDescription"] == subject["achievement"]["resultDescription"][0]["id"]


@pytest.mark.parametrize(
    ("grade", "reason"), [("11", "outside the scheme 1..10"), ("4", "below the pass mark 5.5")]
)
def test_a_grade_that_does_not_fit_the_scheme_is_refused(
    tmp_path: Path, web_key: str, grade: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "credential.json"
    assert main(issue_argv(str(EXAMPLE), web_key, out, "--grade", grade)) == 2
    assert reason in capsys.readouterr().err
    assert not out.exists()


def test_a_grade_needs_a_grading_scheme(
    tmp_path: Path, web_key: str, capsys: pytest.CaptureFixture[str]
) -> None:
    document = read(EXAMPLE)
    del document["grading"]
    plain = tmp_path / "achievement.json"
    plain.write_text(json.dumps(document), encoding="utf-8")
    assert main(issue_argv(str(plain), web_key, tmp_path / "c.json", "--grade", "7")) == 2
    assert "a grade needs a grading scheme" in capsys.readouterr().err


def test_valid_from_may_be_a_date(tmp_path: Path, web_key: str) -> None:
    out = tmp_path / "credential.json"
    argv = issue_argv(str(EXAMPLE), web_key, out)
    argv[argv.index(VALID_FROM)] = "2026-02-01"
    assert main(argv) == 0
    assert read(out)["validFrom"] == "2026-02-01T00:00:00Z"
