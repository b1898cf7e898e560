"""Errors on the command line: JSON reports with ``--json``, exit codes, key-file messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcredential.cli import main
from microcredential.keys import Ed25519Key

CHALLENGE = ["--challenge", "c", "--domain", "d.example"]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, str]:
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    array = tmp_path / "array.json"
    array.write_text("[1, 2]", encoding="utf-8")
    obj = tmp_path / "object.json"
    obj.write_text('{"name": "x"}', encoding="utf-8")
    key = tmp_path / "key.json"
    Ed25519Key.from_seed(bytes(range(32))).save(key)
    return {
        "broken": str(broken),
        "array": str(array),
        "object": str(obj),
        "missing": str(tmp_path / "missing.json"),
        "dir": str(tmp_path),
        "key": str(key),
    }


@pytest.mark.parametrize(
    ("command", "verdict"),
    [
        (["verify"], "verified"),
        (["validate"], "valid"),
        (["check"], "valid"),
        (["verify-presentation", *CHALLENGE], "verified"),
    ],
)
@pytest.mark.parametrize(("which", "code"), [("broken", 1), ("missing", 2), ("dir", 2)])
def test_json_report_when_the_input_cannot_be_checked(
    files: dict[str, str],
    command: list[str],
    verdict: str,
    which: str,
    code: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = files[which]
    assert main([command[0], path, *command[1:], "--json"]) == code
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["file"] == path
    assert report[verdict] is False
    assert path in report["error"]
    assert isinstance(report["problems"], list)
    assert err.startswith("microcredential: error: ")
    if which == "broken":
        assert report["problems"][0]["code"] == "input.json"


def test_verify_json_report_for_a_json_array(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", files["array"], "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["verified"] is False


@pytest.mark.parametrize(
    "argv",
    [
        ["verify", "{file}"],
        ["sign", "{file}", "--key", "{key}"],
        ["present", "{file}", "--key", "{key}", *CHALLENGE],
        ["issue", "--achievement", "{file}", "--recipient", "did:example:a", "--key", "{key}"],
    ],
)
@pytest.mark.parametrize(("which", "code"), [("broken", 1), ("array", 1), ("missing", 2)])
def test_invalid_input_exits_1_and_io_errors_2(
    files: dict[str, str],
    argv: list[str],
    which: str,
    code: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = [a.format(file=files[which], key=files["key"]) for a in argv]
    assert main(args) == code
    err = capsys.readouterr().err
    assert files[which] in err
    assert "Traceback" not in err


def test_a_directory_is_named_as_such(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["verify", files["dir"]]) == 2
    assert "is a directory" in capsys.readouterr().err


def test_key_from_standard_input_is_refused_plainly(
    files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["sign", files["object"], "--key", "-"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--key cannot be read from standard input" in err


@pytest.mark.parametrize(("which", "code"), [("missing", 2), ("dir", 2), ("broken", 1)])
def test_key_file_errors_name_the_file_once(
    files: dict[str, str], which: str, code: int, capsys: pytest.CaptureFixture[str]
) -> None:
    credential = files["object"]
    assert main(["sign", credential, "--key", files[which]]) == code
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.count(files[which]) == 1


def test_a_public_key_is_not_a_key_file(
    tmp_path: Path, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    public = tmp_path / "public.json"
    public.write_text(json.dumps(Ed25519Key.from_seed(bytes(32)).to_multikey()), encoding="utf-8")
    assert main(["sign", files["object"], "--key", str(public)]) == 1
    err = capsys.readouterr().err
    assert "Ed25519VerificationKey" not in err
    assert "keygen" in err


def test_messages_name_flags_not_python(
    tmp_path: Path, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    # signing a document whose issuer is not the key's controller
    document = tmp_path / "doc.json"
    document.write_text(json.dumps({"issuer": "https://other.example/i"}), encoding="utf-8")
    assert main(["sign", str(document), "--key", files["key"]]) == 2
    err = capsys.readouterr().err
    assert "Ed25519Key" not in err
    assert "keygen --controller" in err
    # a document of no known kind
    assert main(["check", files["object"], "--json"]) == 1
    out = capsys.readouterr().out
    assert "kind=" not in out
    # a credential with a status but no status list
    achievement = tmp_path / "a.json"
    achievement.write_text(
        json.dumps(
            {
                "id": "https://example.edu/a",
                "type": ["Achievement"],
                "name": "A",
                "description": "D",
                "criteria": {"narrative": "N"},
            }
        ),
        encoding="utf-8",
    )
    state = tmp_path / "state.json"
    argv = ["status", "--status-state", str(state), "--key", files["key"]]
    assert main([*argv, "--init", "https://example.edu/s/1", "-o", str(tmp_path / "l.json")]) == 0
    credential = tmp_path / "c.json"
    argv = ["issue", "--achievement", str(achievement), "--recipient", "did:example:a"]
    argv += ["--key", files["key"], "--status-state", str(state), "-o", str(credential)]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(["verify", str(credential)]) == 1
    out = capsys.readouterr().out
    assert "fetcher=" not in out
    assert "--status-list" in out


def test_a_recipient_that_is_no_identifier(
    tmp_path: Path, files: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    achievement = tmp_path / "a.json"
    achievement.write_text(json.dumps({"type": "Achievement"}), encoding="utf-8")
    argv = ["issue", "--achievement", str(achievement), "--recipient", "bob"]
    assert main([*argv, "--key", files["key"]]) == 2
    err = capsys.readouterr().err
    assert "hashed_email" not in err
    assert "--recipient" in err
