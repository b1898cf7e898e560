"""``microcredential validate``: exit codes, the grouped text report, the JSON report."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from microcredential.cli import main
from microcredential.quality import IssuerInfo, build_achievement, build_credential, example_profile

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "achievement-nl.json"


def _credential() -> dict[str, Any]:
    return build_credential(
        build_achievement(example_profile(), id="https://hs.example/mc/1"),
        recipient="did:example:learner",
        issuer=IssuerInfo(id="https://hs.example/i", name="HS", country_code="NL", brin="99XX"),
        valid_from=dt.datetime(2026, 3, 2, tzinfo=dt.UTC),
        id="urn:uuid:5c8f7a52-7f42-4a4e-9d0e-1e3f8c6b2a90",
    )


def _write(tmp_path: Path, document: Any) -> str:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_clean_credential_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _write(tmp_path, _credential())
    assert (
        main(["validate", file, "--profile", "eu", "--profile", "nl", "--today", "2026-03-05"]) == 0
    )
    out = capsys.readouterr().out
    assert out.startswith(f"{file}: OK — profiles: eu, nl; 0 error(s)")
    assert "Info:" in out
    assert "Errors:" not in out


def test_errors_exit_1_and_are_grouped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    credential = _credential()
    del credential["credentialSubject"]["achievement"]["name"]
    credential["issuer"]["address"]["addressCountryCode"] = "BE"
    file = _write(tmp_path, credential)
    assert main(["validate", file, "--profile", "nl", "--today", "2026-03-05"]) == 1
    out = capsys.readouterr().out
    assert "NOT OK" in out
    assert out.index("Errors:") < out.index("Warnings:") < out.index("Info:")
    assert "[EU-02] /credentialSubject/achievement/name:" in out
    assert "[EU-03] /issuer/address/addressCountryCode:" in out


def test_json_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    credential = _credential()
    credential["issuer"]["address"]["addressCountryCode"] = "EN"
    file = _write(tmp_path, credential)
    assert main(["validate", file, "--json", "--today", "2026-03-05"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["file"] == file
    assert report["ok"] is False
    assert report["profiles"] == ["ob3", "eu"]
    [error] = [f for f in report["findings"] if f["severity"] == "error"]
    assert error["rule"] == "EU-03"
    assert error["code"] == "eu.country"
    assert error["path"] == "/issuer/address/addressCountryCode"


def test_the_date_decides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = _write(tmp_path, _credential())
    assert main(["validate", file, "--today", "2026-03-01"]) == 1
    assert "eu.issue-date" in capsys.readouterr().out


def test_example_input_file(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["validate", str(EXAMPLE), "--profile", "eu", "--profile", "nl", "--today", "2026-03-05"]
    assert main(args) == 0
    assert "OK" in capsys.readouterr().out


def test_input_file_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["assessmentTypes"] = ["written_exam"]
    file = _write(tmp_path, data)
    assert main(["validate", file]) == 1
    assert "unknown code 'written_exam'" in capsys.readouterr().err


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = json.dumps(_credential()).encode("utf-8")
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["validate", "-", "--today", "2026-03-05"]) == 0
    assert capsys.readouterr().out.startswith("-: OK")


@pytest.mark.parametrize(
    "extra",
    [["--today", "yesterday"], ["--profile", "fr"], ["--institution", "university"]],
)
def test_usage_errors_exit_2(
    tmp_path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write(tmp_path, _credential())
    assert main(["validate", file, *extra]) == 2
    assert "usage:" in capsys.readouterr().err


def test_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "absent.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_not_json_reports_and_never_tracebacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "x.json"
    path.write_text("[1, 2", encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert "Traceback" not in capsys.readouterr().err
    path.write_text("[1, 2]", encoding="utf-8")
    assert main(["validate", str(path), "--profile", "eu"]) == 1
    assert "[OB-01]" not in capsys.readouterr().out


def test_several_files_each_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _write(tmp_path, _credential())
    bad_document = _credential()
    bad_document["issuer"]["address"]["addressCountryCode"] = "EN"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_document), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    argv = ["validate", good, str(bad), str(broken), "--today", "2026-03-05"]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert f"{good}: OK" in out
    assert f"{bad}: NOT OK" in out
    assert str(broken) in err
    assert out.rstrip().endswith("1 of 3 files valid")
    assert main([*argv, "--json"]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [r["file"] for r in reports] == [good, str(bad), str(broken)]
    assert [r.get("ok") for r in reports] == [True, False, None]
    assert reports[2]["valid"] is False
    assert main(["validate", good, good, "--today", "2026-03-05"]) == 0


@pytest.mark.parametrize("without", [None, "brin", "id", "url"])
def test_the_input_format_reports_what_its_issued_credential_gets(
    tmp_path: Path, without: str | None, capsys: pytest.CaptureFixture[str]
) -> None:
    from microcredential.keys import Ed25519Key

    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    if without is not None:
        del document["credential"]["issuer"][without]
    plain = tmp_path / "achievement.json"
    plain.write_text(json.dumps(document), encoding="utf-8")
    key = tmp_path / "key.json"
    Ed25519Key.generate(controller=document["credential"]["issuer"].get("id")).save(key)
    issued = tmp_path / "credential.json"
    # issued to a DID, as the stand-in learner validate checks with (no learner-specific finding)
    argv = ["issue", "--achievement", str(plain), "--recipient", "did:example:a", "--key", str(key)]
    assert main([*argv, "--valid-from", "2026-03-01", "-o", str(issued)]) == 0
    checks = ["--profile", "eu", "--profile", "nl", "--profile", "edubadges", "--json"]
    findings = []
    for path in (plain, issued):
        code = main(["validate", str(path), *checks, "--today", "2026-03-01"])
        report = json.loads(capsys.readouterr().out)
        findings.append((code, sorted((f["rule"], f["path"]) for f in report["findings"])))
    assert findings[0] == findings[1], set(findings[0][1]) ^ set(findings[1][1])
