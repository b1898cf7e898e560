"""The CLI's demo, check, expand and canonicalize commands, and how bad input is reported."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

from microcredential import __version__
from microcredential.cli import main
from support import need_reference

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "credential-unsigned.json"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(path)


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert __version__ in out
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for command in ("demo", "check", "expand", "canonicalize"):
        assert command in out


def test_a_mistyped_option_names_the_command_and_the_option_meant(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "verify", "x.json", "--status-lst", "list.json")
    assert code == 2
    assert "usage: microcredential verify" in err
    assert "--status-lst (did you mean --status-list?)" in err


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys)
    assert code == 2
    assert "usage" in err


def test_demo_runs_every_step(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "demo", "--output-dir", str(tmp_path))
    assert code == 0, out
    assert str(tmp_path) in out
    assert "invalid" in out  # the tampered copy is shown failing
    assert (tmp_path / "issuer-key.json").exists()  # a folder the user chose keeps the key


def test_the_demo_keeps_no_secret_key_in_a_temporary_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = set(os.listdir(tempfile.gettempdir()))
    code, out, _ = run(capsys, "demo")
    [made] = set(os.listdir(tempfile.gettempdir())) - before
    folder = Path(tempfile.gettempdir(), made)
    try:
        assert code == 0, out
        files = [path for path in folder.rglob("*") if path.is_file()]
        assert len(files) > 10
        assert not [path for path in files if "secretKeyMultibase" in path.read_text("utf-8")]
        assert "issuer-key.json" not in out
    finally:
        shutil.rmtree(folder)


def test_the_demo_folder_verifies_as_a_batch(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "demo", "--output-dir", str(tmp_path))[0] == 0
    assert (tmp_path / "forged-credential.json").stat().st_mode & 0o077 == 0  # a learner's data
    files = sorted(str(p) for p in (tmp_path / "credentials").glob("*.json"))
    assert any(f.endswith("manifest.json") for f in files)
    options = ["--controller", str(tmp_path / "issuer-controller-document.json")]
    options += ["--status-list", str(tmp_path / "status-list.json")]
    code, out, _ = run(capsys, "verify", *files, *options, "--now", "2026-02-15T09:00:00Z")
    assert code == 1  # the demo revoked one credential
    assert "manifest.json: skipped: an issue-cohort manifest" in out
    issued = len(files) - 1
    assert out.rstrip().endswith(
        f"{issued - 1} of {issued} files verified (1 cohort manifest skipped)"
    )


def test_check_ok_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(EXAMPLE))
    assert (code, out.strip().endswith("ok")) == (0, True)
    code, out, _ = run(capsys, "check", "--json", str(EXAMPLE))
    assert code == 0
    assert json.loads(out) == {"file": str(EXAMPLE), "valid": True, "problems": []}


def test_check_lists_every_problem_with_paths(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc: dict[str, Any] = json.loads(EXAMPLE.read_text())
    del doc["validFrom"]
    doc["credentialSubject"]["achievement"]["achievementType"] = "Nanodegree"
    path = write(tmp_path, "bad.json", json.dumps(doc))
    code, out, _ = run(capsys, "check", "--json", path)
    assert code == 1
    report = json.loads(out)
    assert report["valid"] is False
    pointers = {p["path"] for p in report["problems"]}
    assert "/credentialSubject/achievement/achievementType" in pointers
    assert any(
        p["path"] in ("", "/validFrom") and "validFrom" in p["message"] for p in report["problems"]
    )
    code, _, err = run(capsys, "check", path)
    assert code == 1
    assert f"{path}: /credentialSubject/achievement/achievementType:" in err


def test_canonicalize_matches_ob_vector(capsys: pytest.CaptureFixture[str]) -> None:
    base = need_reference() / "vectors" / "ob3-ldp"
    code, out, _ = run(capsys, "canonicalize", str(base / "credential.json"))
    assert code == 0
    assert out == (base / "document-canon.nq").read_text()


def test_expand_writes_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "expanded.json"
    code, _, _ = run(capsys, "expand", str(EXAMPLE), "-o", str(target))
    assert code == 0
    expanded = json.loads(target.read_text())
    assert set(expanded[0]["@type"]) == {
        "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
        "https://www.w3.org/2018/credentials#VerifiableCredential",
    }


def test_safe_mode_error_names_file_term_and_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    doc = json.loads(EXAMPLE.read_text())
    doc["credentialSubject"]["achievement"]["ECTS"] = 5
    path = write(tmp_path, "ects.json", json.dumps(doc))
    code, out, err = run(capsys, "canonicalize", path)
    assert code == 1
    assert out == ""
    assert f"{path}: /credentialSubject/achievement/ECTS: term 'ECTS'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'{"a": 1,', "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b'{"a": NaN}', "not valid JSON"),
        (b"[" * 10_000 + b"]" * 10_000, "nesting"),
    ],
)
@pytest.mark.parametrize("command", ["check", "canonicalize", "expand"])
def test_bad_input_is_one_clear_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, content: bytes, message: str
) -> None:
    path = write(tmp_path, "input.json", content)
    code, out, err = run(capsys, command, path)
    assert code == 1
    assert message in err
    assert path in err
    assert "Traceback" not in err
    assert out == ""


def test_huge_file_refused_before_reading(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:  # 50 MB, sparse: cheap to create
        handle.seek(50 * 1024 * 1024 - 1)
        handle.write(b" ")
    code, _, err = run(capsys, "check", str(path))
    assert code == 1
    assert "over the limit" in err
    assert "--max-bytes" in err


def test_missing_file_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.json"))
    assert code == 2
    assert "nope.json" in err
    assert "cannot read" in err


def test_unknown_context_names_url(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = json.loads(EXAMPLE.read_text())
    doc["@context"].append("https://example.org/ctx.json")
    path = write(tmp_path, "ctx.json", json.dumps(doc))
    code, _, err = run(capsys, "canonicalize", path)
    assert code == 1
    assert "https://example.org/ctx.json" in err
    assert "Traceback" not in err


def test_demo_output_can_be_cut_short(tmp_path: Path) -> None:
    import subprocess
    import sys

    demo = f"{sys.executable} -m microcredential.cli demo"
    command = f"{demo} --output-dir {tmp_path / 'demo'} | head -n 1"
    done = subprocess.run(command, shell=True, capture_output=True, text=True, check=False)
    assert done.stdout.startswith("[1]")
    assert "Traceback" not in done.stderr


def test_demo_refuses_a_used_folder_or_a_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # Regression: a second run into the same folder, or --output-dir naming a file, raised.
    used = tmp_path / "used"
    assert run(capsys, "demo", "--output-dir", str(used))[0] == 0
    code, _, err = run(capsys, "demo", "--output-dir", str(used))
    assert code == 2
    assert "not empty" in err
    afile = write(tmp_path, "cred.json", "{}")
    code, _, err = run(capsys, "demo", "--output-dir", afile)
    assert code == 2
    assert "is a file" in err
    assert "Traceback" not in err


def test_check_accepts_a_vc11_badge(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    doc = json.loads(EXAMPLE.read_text())
    doc["@context"][0] = "https://www.w3.org/2018/credentials/v1"
    doc["issuanceDate"] = doc.pop("validFrom")
    code, out, err = run(capsys, "check", write(tmp_path, "vc11.json", json.dumps(doc)))
    assert (code, err) == (0, "")
    assert out.strip().endswith("ok")
