"""``microcredential sign``, ``verify``, ``present`` and ``verify-presentation`` end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcredential.cli import main
from microcredential.keys import Ed25519Key, RsaKey
from microcredential.status import IssuerStatusList
from support import cli_commands

NOW = "2026-06-01T00:00:00Z"
ISSUER = "https://example.edu/issuers/1"


def write(path: Path, value: Any) -> str:
    path.write_text(json.dumps(value), encoding="utf-8")
    return str(path)


def unsigned_credential(issuer: str) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:2d3c4b5a-6978-4e1f-9a0b-c1d2e3f4a5b6",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-01-01T00:00:00Z",
        "validUntil": "2026-12-31T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/teamwork",
                "type": ["Achievement"],
                "name": "Teamwork",
                "description": "Collaborates well within a group.",
                "criteria": {"narrative": "Nominated by peers."},
            },
        },
    }


@pytest.fixture
def key_file(tmp_path: Path, key: Ed25519Key) -> tuple[Ed25519Key, str]:
    path = tmp_path / "issuer.key.json"
    key.save(path)
    return key, str(path)


@pytest.fixture
def signed(
    tmp_path: Path, key_file: tuple[Ed25519Key, str], capsys: pytest.CaptureFixture[str]
) -> str:
    key, key_path = key_file
    source = write(tmp_path / "unsigned.json", unsigned_credential(key.controller))
    out = tmp_path / "signed.json"
    assert main(["sign", source, "--key", key_path, "--created", NOW, "-o", str(out)]) == 0
    capsys.readouterr()
    return str(out)


def test_commands_are_registered() -> None:
    assert {"sign", "verify", "present", "verify-presentation"} <= cli_commands()


def test_sign_to_stdout(
    tmp_path: Path, key_file: tuple[Ed25519Key, str], capsys: pytest.CaptureFixture[str]
) -> None:
    key, key_path = key_file
    source = write(tmp_path / "in.json", unsigned_credential(key.controller))
    assert main(["sign", source, "--key", key_path, "--cryptosuite", "eddsa-jcs-2022"]) == 0
    out, err = capsys.readouterr()
    document = json.loads(out)
    assert document["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert document["proof"]["verificationMethod"] == key.id
    assert key.secret_key_multibase() not in out + err


def test_verify_a_signed_credential(signed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", signed, "--now", NOW]) == 0
    out, _ = capsys.readouterr()
    assert "VERIFIED" in out
    assert "validity-period" in out


def test_verify_json_report(signed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", signed, "--now", NOW, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "verified"
    assert report["file"] == signed


def test_verify_expired_exits_1(signed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", signed, "--now", "2027-06-01T00:00:00Z", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "invalid"
    codes = {p["code"] for c in report["checks"] for p in c["problems"]}
    assert codes == {"credential.expired"}


def test_verify_tampered_exits_1(
    signed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = json.loads(Path(signed).read_text(encoding="utf-8"))
    document["name"] = "Forged"
    tampered = write(tmp_path / "tampered.json", document)
    assert main(["verify", tampered, "--now", NOW]) == 1
    assert "[proof.signature-mismatch]" in capsys.readouterr().out


def batch(signed: str, tmp_path: Path) -> list[str]:
    """A verified credential, a tampered one, a file that is not JSON, and a missing one."""
    document = json.loads(Path(signed).read_text(encoding="utf-8"))
    document["name"] = "Forged"
    tampered = write(tmp_path / "tampered.json", document)
    not_json = tmp_path / "notes.txt"
    not_json.write_text("not json", encoding="utf-8")
    return [signed, tampered, str(not_json), str(tmp_path / "missing.json")]


def test_verify_several_files_reports_each_and_loses_none(
    signed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = batch(signed, tmp_path)
    assert main(["verify", *files, "--now", NOW]) == 2  # the worst: a file could not be read
    out, err = capsys.readouterr()
    assert f"{files[0]}: VERIFIED" in out
    assert f"{files[1]}: INVALID" in out
    assert "[proof.signature-mismatch]" in out
    assert f"{files[2]}:" in err
    assert f"{files[3]}: cannot read" in err
    assert out.rstrip().endswith("1 of 4 files verified")
    assert main(["verify", files[0], files[1], "--now", NOW]) == 1
    capsys.readouterr()
    assert main(["verify", files[0], files[0], "--now", NOW]) == 0


def test_verify_several_files_as_json(
    signed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = batch(signed, tmp_path)
    assert main(["verify", *files, "--now", NOW, "--json"]) == 2
    reports = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in reports] == files
    assert [r["verified"] for r in reports] == [True, False, False, False]
    assert reports[1]["status"] == "invalid"
    assert reports[2]["problems"]
    assert "error" in reports[2]
    assert "cannot read" in reports[3]["error"]


def test_one_file_is_read_before_the_status_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the credential is the FILE the JSON report is about: its error comes first, as JSON
    not_json = tmp_path / "credential.json"
    not_json.write_text("{", encoding="utf-8")
    missing = str(tmp_path / "list.json")
    assert main(["verify", "--json", "--status-list", missing, str(not_json)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["file"] == str(not_json)
    assert report["verified"] is False


def test_several_files_report_an_unreadable_one_once(
    signed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text("", encoding="utf-8")
    assert main(["verify", signed, str(empty), "--now", NOW]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if str(empty) in line]
    assert len(lines) == 1, err
    assert f"{empty}: {empty}" not in err


def test_standard_input_can_be_named_once(signed: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "-", signed, "-", "--now", NOW]) == 2
    assert "only once" in capsys.readouterr().err


def test_a_json_error_names_the_file_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("not json", encoding="utf-8")
    assert main(["verify", str(bad), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["error"].startswith(f"{bad}: ")
    assert f"{bad}: {bad}" not in report["error"]


def test_the_issuers_state_file_is_not_a_status_list(
    signed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "revocations.json"
    state.write_text(
        json.dumps(IssuerStatusList.create("https://example.edu/status/1").to_json()),
        encoding="utf-8",
    )
    assert main(["verify", signed, "--status-list", str(state), "--now", NOW]) == 2
    err = capsys.readouterr().err
    assert "status list state, not the list credential" in err
    assert "microcredential status --status-state" in err


def test_sign_refuses_a_foreign_issuer(
    tmp_path: Path, key_file: tuple[Ed25519Key, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, key_path = key_file
    source = write(tmp_path / "in.json", unsigned_credential(ISSUER))
    assert main(["sign", source, "--key", key_path]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert source in err
    assert "controller" in err
    assert "Traceback" not in err


def test_controller_documents_for_https_issuers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Ed25519Key.from_seed(bytes(32), controller=ISSUER)
    key_path = tmp_path / "k.json"
    key.save(key_path)
    source = write(tmp_path / "in.json", unsigned_credential(ISSUER))
    out = tmp_path / "signed.json"
    assert main(["sign", source, "--key", str(key_path), "-o", str(out)]) == 0
    assert main(["verify", str(out), "--now", NOW]) == 1  # key not resolvable: indeterminate
    assert "INDETERMINATE" in capsys.readouterr().out
    controller = write(tmp_path / "controller.json", key.controller_document())
    assert main(["verify", str(out), "--now", NOW, "--controller", controller]) == 0


def test_usage_and_io_errors(
    tmp_path: Path,
    signed: str,
    key_file: tuple[Ed25519Key, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = str(tmp_path / "missing.json")
    assert main(["verify", missing]) == 2
    assert missing in capsys.readouterr().err
    assert main(["verify", signed, "--now", "yesterday"]) == 2
    capsys.readouterr()
    not_json = tmp_path / "broken.json"
    not_json.write_text("{", encoding="utf-8")
    assert main(["verify", str(not_json)]) == 1
    err = capsys.readouterr().err
    assert str(not_json) in err
    assert "[input.json]" in err
    assert main(["sign", signed, "--key", str(not_json)]) == 1
    err = capsys.readouterr().err
    assert str(not_json) in err
    assert "Traceback" not in err
    assert main(["verify", signed, "--status-list", str(not_json)]) == 1  # invalid input


def test_present_and_verify_presentation(
    signed: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    holder = Ed25519Key.from_seed(bytes(range(5, 37)))
    holder_path = tmp_path / "holder.json"
    holder.save(holder_path)
    vp = tmp_path / "vp.json"
    argv = ["--challenge", "c-123", "--domain", "jobs.example.com"]
    assert main(["present", signed, "--key", str(holder_path), *argv, "-o", str(vp)]) == 0
    assert json.loads(vp.read_text(encoding="utf-8"))["holder"] == holder.controller
    assert main(["verify-presentation", str(vp), *argv, "--now", NOW]) == 0
    assert "VERIFIED: VerifiablePresentation" in capsys.readouterr().out

    wrong = ["--challenge", "other", "--domain", "jobs.example.com", "--now", NOW, "--json"]
    assert main(["verify-presentation", str(vp), *wrong]) == 1
    report = json.loads(capsys.readouterr().out)
    codes = {p["code"] for c in report["checks"] for p in c["problems"]}
    assert "presentation.challenge-mismatch" in codes

    assert (
        main(["present", signed, "--key", str(holder_path), "--challenge", "", "--domain", "d"])
        == 2
    )
    assert "challenge" in capsys.readouterr().err


def test_keygen_writes_the_controller_document_a_verifier_needs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_path, doc = tmp_path / "k.json", tmp_path / "controller.json"
    argv = ["keygen", "--controller", ISSUER, "-o", str(key_path)]
    assert main([*argv, "--controller-document", str(doc)]) == 0
    assert "secretKeyMultibase" not in doc.read_text(encoding="utf-8")
    key = Ed25519Key.load(key_path)
    assert json.loads(doc.read_text(encoding="utf-8")) == key.controller_document()
    again = tmp_path / "again.json"
    assert main(["keygen", "--from", str(key_path), "--controller-document", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == doc.read_text(encoding="utf-8")
    source = write(tmp_path / "in.json", unsigned_credential(ISSUER))
    out = tmp_path / "signed.json"
    assert main(["sign", source, "--key", str(key_path), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["verify", str(out), "--now", NOW, "--controller", str(again)]) == 0


def test_verify_refuses_a_controller_file_holding_a_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = Ed25519Key.from_seed(bytes(32), controller=ISSUER)
    key_path = tmp_path / "k.json"
    key.save(key_path)
    source = write(tmp_path / "in.json", unsigned_credential(ISSUER))
    out = tmp_path / "signed.json"
    assert main(["sign", source, "--key", str(key_path), "-o", str(out)]) == 0
    capsys.readouterr()
    for member in ("secretKeyMultibase", "privateKeyMultibase"):
        document = json.loads(key_path.read_text(encoding="utf-8"))
        secret = document.pop("secretKeyMultibase")
        document[member] = secret
        bad = write(tmp_path / "bad.json", document)
        assert main(["verify", str(out), "--now", NOW, "--controller", bad]) == 2
        captured = capsys.readouterr()
        assert "secret key" in captured.err
        assert "--controller-document" in captured.err
        assert secret not in captured.err + captured.out


def test_signing_a_signed_document_notes_the_proof_set(
    tmp_path: Path,
    signed: str,
    key_file: tuple[Ed25519Key, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, key_path = key_file
    out = tmp_path / "twice.json"
    assert main(["sign", signed, "--key", key_path, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "already signed" in err
    assert "proof set" in err
    assert len(json.loads(out.read_text(encoding="utf-8"))["proof"]) == 2


def test_jcs_refuses_an_integer_it_cannot_write_exactly(
    tmp_path: Path, key_file: tuple[Ed25519Key, str], capsys: pytest.CaptureFixture[str]
) -> None:
    key, key_path = key_file
    document = unsigned_credential(key.controller)
    document["credentialSubject"]["achievement"]["creditsAvailable"] = 1
    source = tmp_path / "in.json"
    text = json.dumps(document)
    source.write_text(text.replace('"creditsAvailable": 1', '"creditsAvailable": 9007199254740993'))
    args = ["sign", str(source), "--key", key_path, "--cryptosuite", "eddsa-jcs-2022"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "/credentialSubject/achievement/creditsAvailable" in err
    assert "JSON string" in err

    signed = tmp_path / "signed.json"
    source.write_text(text)
    assert main([*args, "--created", NOW, "-o", str(signed)]) == 0
    received = signed.read_text().replace(
        '"creditsAvailable": 1', '"creditsAvailable": 9007199254740993'
    )
    signed.write_text(received)
    capsys.readouterr()
    assert main(["verify", str(signed), "--now", NOW, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "invalid"
    assert "proof.inexact-number" in json.dumps(report)


def test_an_rsa_key_file_is_refused_for_an_embedded_proof(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key = RsaKey.generate(2048, controller=ISSUER)
    key.save(tmp_path / "rsa.key.json")
    document = write(tmp_path / "unsigned.json", unsigned_credential(ISSUER))
    code = main(["sign", document, "--key", str(tmp_path / "rsa.key.json")])
    out, err = capsys.readouterr()
    assert code != 0
    assert out == ""
    assert "no W3C Data Integrity cryptosuite uses RSA" in err
    assert "--format jwt" in err  # what to do instead, in the command's own words
    assert "Traceback" not in err
    assert key.to_jwk(include_secret=True)["d"] not in err


@pytest.mark.parametrize(
    ("curve", "argv", "suite"),
    [
        ("p-256", [], "ecdsa-rdfc-2019"),
        ("p-384", [], "ecdsa-rdfc-2019"),
        ("p-256", ["--cryptosuite", "ecdsa-jcs-2019"], "ecdsa-jcs-2019"),
        ("p-384", ["--cryptosuite", "ecdsa-jcs-2019"], "ecdsa-jcs-2019"),
    ],
)
def test_sign_and_verify_with_an_ecdsa_key_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], curve: str, argv: list[str], suite: str
) -> None:
    key_path = tmp_path / "issuer.key.json"
    controller = tmp_path / "issuer.controller.json"
    keygen = ["keygen", "--type", curve, "--controller", ISSUER, "-o", str(key_path)]
    assert main([*keygen, "--controller-document", str(controller)]) == 0
    source = write(tmp_path / "unsigned.json", unsigned_credential(ISSUER))
    out = tmp_path / "signed.json"
    assert (
        main(["sign", source, "--key", str(key_path), "--created", NOW, "-o", str(out), *argv]) == 0
    )
    signed = json.loads(out.read_text())
    assert signed["proof"]["cryptosuite"] == suite
    capsys.readouterr()
    assert main(["verify", str(out), "--now", NOW, "--controller", str(controller)]) == 0
    assert "VERIFIED" in capsys.readouterr().out


def test_a_suite_that_does_not_take_the_key_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_path = tmp_path / "issuer.key.json"
    assert main(["keygen", "--type", "p-256", "--controller", ISSUER, "-o", str(key_path)]) == 0
    source = write(tmp_path / "unsigned.json", unsigned_credential(ISSUER))
    code = main(["sign", source, "--key", str(key_path), "--cryptosuite", "eddsa-rdfc-2022"])
    err = capsys.readouterr().err
    assert code != 0
    assert "use ecdsa-rdfc-2019 or ecdsa-jcs-2019" in err
    assert "Traceback" not in err
