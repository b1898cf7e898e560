"""``--format jwt`` for ``issue`` and ``sign``; ``verify`` reads compact VC-JWTs."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from microcredential.cli import main
from microcredential.keys import Ed25519Key
from microcredential.share.baking import bake
from support import TEAMWORK as ACHIEVEMENT

NOW = "2026-06-01T00:00:00Z"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>'


@pytest.fixture
def key_path(tmp_path: Path, key: Ed25519Key) -> str:
    path = tmp_path / "issuer.key.json"
    key.save(path)
    return str(path)


def issue_jwt(tmp_path: Path, key_path: str, *extra: str) -> Path:
    achievement = tmp_path / "achievement.json"
    achievement.write_text(json.dumps(ACHIEVEMENT), encoding="utf-8")
    out = tmp_path / "credential.jwt"
    argv = ["issue", "--achievement", str(achievement), "--recipient", "did:example:learner"]
    argv += ["--key", key_path, "--valid-from", "2026-01-01T00:00:00Z", "--format", "jwt"]
    assert main([*argv, *extra, "-o", str(out)]) == 0
    return out


def test_issue_writes_a_token_that_verify_reads(
    tmp_path: Path, key_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    token = issue_jwt(tmp_path, key_path, "--typ", "vc+jwt")
    text = token.read_text(encoding="ascii")
    assert text.count(".") == 2
    assert text.endswith("\n")
    capsys.readouterr()
    assert main(["verify", str(token), "--now", NOW, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "verified"
    assert [c["name"] for c in report["checks"]][4] == "jwt"


def test_sign_format_jwt_and_a_tampered_token(
    tmp_path: Path, key_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    token = issue_jwt(tmp_path, key_path)
    capsys.readouterr()
    header, payload, signature = token.read_text(encoding="ascii").strip().split(".")
    tampered = tmp_path / "tampered.jwt"
    tampered.write_text(f"{header}.{payload[:-4]}AAAA.{signature}\n", encoding="ascii")
    assert main(["verify", str(tampered), str(token), "--now", NOW]) == 1
    out = capsys.readouterr().out
    assert "1 of 2 files verified" in out
    assert "[jwt." in out


def unsigned_vc(tmp_path: Path, key: Ed25519Key) -> Path:
    """A file holding a bare VC 2.0 credential issued by ``key``'s controller, unsigned."""
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:learner"},
    }
    source = tmp_path / "unsigned.json"
    source.write_text(json.dumps(credential), encoding="utf-8")
    return source


def test_sign_a_json_credential_as_a_token(
    tmp_path: Path, key_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Ed25519Key.load(key_path)
    source = unsigned_vc(tmp_path, key)
    assert main(["sign", str(source), "--key", key_path, "--format", "jwt"]) == 0
    out, err = capsys.readouterr()
    assert key.secret_key_multibase() not in out + err
    token = tmp_path / "signed.jwt"
    token.write_text(out, encoding="ascii")
    assert main(["verify", str(token), "--now", NOW]) == 0


def test_verify_reads_a_token_baked_into_an_image(
    tmp_path: Path, key_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    token = issue_jwt(tmp_path, key_path).read_text(encoding="ascii").strip()
    image = tmp_path / "badge.svg"
    image.write_bytes(bake(SVG, token))
    capsys.readouterr()
    assert main(["verify", str(image), "--now", NOW]) == 0
    assert "VERIFIED" in capsys.readouterr().out


def test_show_reads_a_token(
    tmp_path: Path, key_path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    token = issue_jwt(tmp_path, key_path)
    capsys.readouterr()
    assert main(["show", str(token), "--now", NOW, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["verified"] is True
    assert report["summary"]["title"] == "Teamwork"
    assert report["summary"]["achievement_id"] == ACHIEVEMENT["id"]


def test_an_rsa_key_file_issues_a_token(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key_file = tmp_path / "rsa.key.json"
    assert main(["keygen", "--type", "rsa", "-o", str(key_file)]) == 0
    token = issue_jwt(tmp_path, str(key_file))
    capsys.readouterr()
    assert main(["verify", str(token), "--now", NOW, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["checks"][4]["name"], report["checks"][4]["status"]) == ("jwt", "passed")
    header = json.loads(base64.urlsafe_b64decode(token.read_text().split(".")[0] + "=="))
    assert header["alg"] == "RS256"


@pytest.mark.parametrize("typ", ["", "vp+jwt"])
def test_sign_refuses_a_typ_no_verifier_reads_as_a_credential(
    tmp_path: Path, key_path: str, typ: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``sign --format jwt --typ vp+jwt`` signed a credential labelled as a presentation, and
    ``--typ ''`` ended in a traceback."""
    key = Ed25519Key.load(key_path)
    source = unsigned_vc(tmp_path, key)
    out = tmp_path / "signed.jwt"
    argv = ["sign", str(source), "--key", key_path, "--format", "jwt", "--typ", typ]
    assert main([*argv, "-o", str(out)]) == 2
    assert "typ must be" in capsys.readouterr().err
    assert not out.exists()
