"""``present`` takes VC-JWT files and writes a ``vp+jwt``; ``verify-presentation`` reads it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from microcredential.cli import main
from microcredential.keys import Ed25519Key, load_key
from support import TEAMWORK as ACHIEVEMENT

VERIFIER = ["--challenge", "9b1f0c2e", "--domain", "jobs.example.com"]


def keygen(tmp_path: Path, name: str, key_type: str) -> Path:
    path = tmp_path / f"{name}.json"
    assert main(["keygen", "--type", key_type, "-o", str(path)]) == 0
    return path


def credential_file(tmp_path: Path, issuer: Ed25519Key, recipient: str) -> Path:
    issuer_path = tmp_path / "issuer.json"
    issuer.save(issuer_path)
    achievement = tmp_path / "achievement.json"
    achievement.write_text(json.dumps(ACHIEVEMENT), encoding="utf-8")
    out = tmp_path / "credential.jwt"
    argv = ["issue", "--achievement", str(achievement), "--recipient", recipient]
    argv += ["--key", str(issuer_path), "--format", "jwt", "--typ", "vc+jwt", "-o", str(out)]
    assert main(argv) == 0
    return out


def holder_with_credential(tmp_path: Path, issuer: Ed25519Key, key_type: str) -> list[str]:
    """A holder's new key file and a VC-JWT issued to it: the start of ``present``'s argv."""
    holder_path = keygen(tmp_path, "holder", key_type)
    credential = credential_file(tmp_path, issuer, load_key(holder_path).controller)
    return ["present", str(credential), "--key", str(holder_path), *VERIFIER]


def test_an_rsa_holder_presents_a_vc_jwt_as_a_vp_jwt(
    tmp_path: Path, key: Ed25519Key, capsys: pytest.CaptureFixture[str]
) -> None:
    holder_path = keygen(tmp_path, "holder", "rsa")
    holder = load_key(holder_path)
    credential = credential_file(tmp_path, key, holder.controller)
    vp = tmp_path / "vp.jwt"
    argv = ["present", str(credential), "--key", str(holder_path), *VERIFIER]
    assert main([*argv, "--format", "jwt", "-o", str(vp)]) == 0
    assert vp.read_text(encoding="ascii").strip().count(".") == 2
    capsys.readouterr()

    assert main(["verify-presentation", str(vp), *VERIFIER, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "verified"
    assert [c["name"] for c in report["checks"]][2] == "jwt"
    assert report["holder"] == holder.controller
    assert report["credentials"][0]["status"] == "verified"

    # given to verify as if it were a credential, it says what it is
    assert main(["verify", str(vp)]) == 1
    assert "verify-presentation" in capsys.readouterr().out

    replayed = ["--challenge", "9b1f0c2e", "--domain", "shop.example.net"]
    assert main(["verify-presentation", str(vp), *replayed]) == 1
    assert "[presentation.domain-mismatch]" in capsys.readouterr().out

    # an RSA key makes no embedded proof: the command says to use --format jwt
    assert main([*argv, "-o", str(tmp_path / "vp.json")]) == 2
    assert "--format jwt" in capsys.readouterr().err


def test_a_vc_jwt_file_in_a_data_integrity_presentation(
    tmp_path: Path, key: Ed25519Key, capsys: pytest.CaptureFixture[str]
) -> None:
    vp = tmp_path / "vp.json"
    assert main([*holder_with_credential(tmp_path, key, "p-256"), "-o", str(vp)]) == 0
    (envelope,) = json.loads(vp.read_text(encoding="utf-8"))["verifiableCredential"]
    assert envelope["type"] == "EnvelopedVerifiableCredential"
    assert envelope["id"].startswith("data:application/vc+jwt,ey")
    capsys.readouterr()
    assert main(["verify-presentation", str(vp), *VERIFIER]) == 0
    assert "VERIFIED: VerifiablePresentation" in capsys.readouterr().out


def test_an_enveloped_presentation_file_is_read(
    tmp_path: Path, key: Ed25519Key, capsys: pytest.CaptureFixture[str]
) -> None:
    vp = tmp_path / "vp.jwt"
    argv = [*holder_with_credential(tmp_path, key, "ed25519"), "--format", "jwt"]
    assert main([*argv, "-o", str(vp)]) == 0
    envelope = tmp_path / "envelope.json"
    token = vp.read_text(encoding="ascii").strip()
    envelope.write_text(
        json.dumps(
            {
                "@context": "https://www.w3.org/ns/credentials/v2",
                "id": f"data:application/vp+jwt,{token}",
                "type": "EnvelopedVerifiablePresentation",
            }
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["verify-presentation", str(envelope), *VERIFIER]) == 0
    assert "passed          jwt" in capsys.readouterr().out


def test_present_usage_errors(
    tmp_path: Path, key: Ed25519Key, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*holder_with_credential(tmp_path, key, "ed25519"), "--format", "jwt"]
    assert main([*argv, "--cryptosuite", "eddsa-rdfc-2022"]) == 2
    assert "--cryptosuite" in capsys.readouterr().err
    not_a_token = tmp_path / "garbage.jwt"
    not_a_token.write_text("eyJhbGciOiJub25lIn0.e30.\n", encoding="ascii")
    assert main(["present", str(not_a_token), *argv[2:]]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert str(not_a_token) in err


@pytest.mark.parametrize("secured", ["data-integrity", "jwt"])
def test_a_presentation_carries_the_created_and_expires_it_was_given(
    tmp_path: Path, key: Ed25519Key, secured: str, capsys: pytest.CaptureFixture[str]
) -> None:
    vp = tmp_path / "vp.out"
    argv = [*holder_with_credential(tmp_path, key, "ed25519"), "--format", secured]
    window = ["--created", "2027-06-01T09:00:00Z", "--expires", "2027-06-01T09:10:00Z"]
    assert main([*argv, *window, "-o", str(vp)]) == 0
    capsys.readouterr()
    inside = ["--now", "2027-06-01T09:05:00Z"]
    assert main(["verify-presentation", str(vp), *VERIFIER, *inside, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "verified"
    # after it expires the same presentation is refused: a copy cannot be replayed later
    later = ["--now", "2027-06-01T10:00:00Z"]
    assert main(["verify-presentation", str(vp), *VERIFIER, *later, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    codes = [p["code"] for c in report["checks"] for p in c.get("problems", [])]
    assert ("jwt.expired" if secured == "jwt" else "proof.expired") in codes
    assert main([*argv, "--expires", "not a time"]) == 2
    assert "--expires" in capsys.readouterr().err
