from __future__ import annotations

import argparse
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from microcredential.cli import _keygen
from microcredential.cli._common import EXIT_OK, EXIT_USAGE, CommandFailed, run_handler
from microcredential.keys import Ed25519Key, load_key
from support import cli_commands

ISSUER = "https://example.edu/issuers/565049"


def keygen(argv: list[str]) -> int:
    """Run ``keygen`` through the shared handler, as ``microcredential keygen`` does."""
    parser = argparse.ArgumentParser(prog="microcredential")
    _keygen.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["keygen", *argv])
    try:
        return run_handler(args)
    except CommandFailed as exc:
        return exc.exit_code


def test_keygen_is_registered() -> None:
    assert "keygen" in cli_commands()


def test_stdout_key_file_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert keygen([]) == EXIT_OK
    out, err = capsys.readouterr()
    document: dict[str, Any] = json.loads(out)
    assert set(document) == {"id", "type", "controller", "publicKeyMultibase", "secretKeyMultibase"}
    key = Ed25519Key.from_multikey(document)
    assert key.controller == f"did:key:{key.public_key_multibase}"
    assert key.id == f"{key.controller}#{key.public_key_multibase}"
    assert "SECRET" in err
    assert document["secretKeyMultibase"] not in err


def test_dash_means_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert keygen(["-o", "-"]) == EXIT_OK
    out, err = capsys.readouterr()
    assert "secretKeyMultibase" in out
    assert "SECRET" in err


def test_write_file_with_controller(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "issuer.key.json"
    assert keygen(["-o", str(path), "--controller", ISSUER]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out == ""
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    key = Ed25519Key.load(path)
    assert key.controller == ISSUER
    assert key.id == f"{ISSUER}#{key.public_key_multibase}"
    assert key.id in err
    assert key.secret_key_multibase() not in err


def test_explicit_id(tmp_path: Path) -> None:
    path = tmp_path / "k.json"
    assert keygen(["-o", str(path), "--id", f"{ISSUER}#key-1"]) == EXIT_OK
    key = Ed25519Key.load(path)
    assert (key.id, key.controller) == (f"{ISSUER}#key-1", ISSUER)


def test_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "k.json"
    assert keygen(["-o", str(path)]) == EXIT_OK
    first = path.read_text()
    assert keygen(["-o", str(path)]) == EXIT_USAGE
    assert "pass --force" in capsys.readouterr().err
    assert path.read_text() == first
    assert keygen(["-o", str(path), "--force"]) == EXIT_OK
    assert path.read_text() != first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--id", "key-1", "--controller", ISSUER], f"must be {ISSUER}#fragment"),
        (["--id", "urn:uuid:1"], "--id: 'urn:uuid:1' must be CONTROLLER#fragment"),
        (["--id", "https://other.example/i#k", "--controller", ISSUER], "is not under"),
        (["--id", f"{ISSUER}#", "--controller", ISSUER], "#fragment"),
        (["--controller", "not-a-url"], "--controller: 'not-a-url' is not an absolute URL"),
        (["--controller", "https:foo"], "--controller"),
        (
            ["--controller", "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"],
            "different key",
        ),
    ],
)
def test_bad_identifiers(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert keygen(argv) == EXIT_USAGE
    out, err = capsys.readouterr()
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_output_that_is_a_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert keygen(["-o", str(tmp_path)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert f"{tmp_path}: is a directory" in err
    assert "already exists" not in err


def test_unwritable_location(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert keygen(["-o", str(tmp_path / "missing" / "k.json")]) == EXIT_USAGE
    assert "cannot write" in capsys.readouterr().err


# -- key types ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "kind", "form"),
    [
        (["--type", "p-256"], "P-256", "secretKeyMultibase"),
        (["--type", "p-384"], "P-384", "secretKeyMultibase"),
        (["--type", "rsa", "--bits", "2048"], "RSA", "secretKeyJwk"),
        (["--type", "ed25519"], "Ed25519", "secretKeyMultibase"),
    ],
)
def test_every_key_type(
    argv: list[str], kind: str, form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "issuer.key.json"
    assert keygen([*argv, "-o", str(path), "--controller", ISSUER]) == EXIT_OK
    err = capsys.readouterr().err
    key = load_key(path)
    assert key.key_type.value == kind
    assert key.controller == ISSUER
    assert f"key type:            {kind}" in err
    document = json.loads(path.read_text())
    assert form in document
    secret = key.to_jwk(include_secret=True)["d"]
    assert secret not in err
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    # the controller document written beside it holds no secret
    doc_path = tmp_path / "controller.json"
    assert keygen(["--from", str(path), "--controller-document", str(doc_path)]) == EXIT_OK
    published = doc_path.read_text()
    assert secret not in published
    assert json.loads(published)["assertionMethod"] == [key.id]


def test_rsa_key_on_stdout_is_its_own_did_jwk(capsys: pytest.CaptureFixture[str]) -> None:
    assert keygen(["--type", "rsa", "--bits", "2048"]) == EXIT_OK
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert document["type"] == "JsonWebKey"
    assert document["id"] == document["controller"] + "#0"
    assert document["controller"].startswith("did:jwk:")
    assert "SECRET" in err
    assert document["secretKeyJwk"]["d"] not in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--type", "rsa", "--bits", "1024"], "--bits: an RSA key has 2048 to 16384 bits"),
        (["--type", "p-256", "--bits", "4096"], "use it with --type rsa"),
    ],
)
def test_bad_sizes(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert keygen(argv) == EXIT_USAGE
    assert message in capsys.readouterr().err
