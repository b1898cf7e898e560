"""The ``issue-cohort`` command: exit codes, messages, re-runs and the progress display."""

from __future__ import annotations

import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from microcredential.cli import main
from microcredential.cli._issue_cohort import ProgressPrinter
from microcredential.integrity import verify_proofs
from microcredential.keys import Ed25519Key
from microcredential.resolve import StaticResolver
from microcredential.status import IssuerStatusList
from support import cli_commands

ROOT = Path(__file__).resolve().parents[2]
ACHIEVEMENT = ROOT / "examples" / "achievement-nl.json"
ROSTER = ROOT / "examples" / "roster.csv"
ISSUER = "https://www.hs-voorbeeld.example/issuers/1"


@pytest.fixture
def key_file(tmp_path: Path) -> tuple[Path, Ed25519Key]:
    key = Ed25519Key.generate(controller=ISSUER)
    path = tmp_path / "key.json"
    key.save(path)
    return path, key


def run(key: Path, roster: Path, out: Path, *extra: str) -> int:
    return main(
        [
            "issue-cohort",
            "--achievement",
            str(ACHIEVEMENT),
            "--roster",
            str(roster),
            "--key",
            str(key),
            "--output-dir",
            str(out),
            *extra,
        ]
    )


def test_registered() -> None:
    assert "issue-cohort" in cli_commands()


def test_example_roster(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    path, key = key_file
    out = tmp_path / "out"
    assert run(path, ROSTER, out) == 1  # three rows are deliberately bad
    stdout, stderr = capsys.readouterr()
    assert "issued 9, already present 0, skipped 3" in stdout
    skipped = [line for line in stderr.splitlines() if ": skipped: " in line]
    assert [line.split(":")[2] for line in skipped] == ["10", "11", "12"]
    assert "[cohort.recipient]" in skipped[0]
    assert "Traceback" not in stderr
    assert key.secret_key_multibase() not in stdout + stderr
    resolver = StaticResolver([key.controller_document()])
    files = [p for p in out.glob("*.json") if p.name != "manifest.json"]
    assert len(files) == 9
    for file in files:
        assert verify_proofs(json.loads(file.read_text(encoding="utf-8")), resolver=resolver).ok

    assert run(path, ROSTER, out) == 1
    stdout, _ = capsys.readouterr()
    assert "issued 0, already present 9, skipped 3" in stdout


def test_clean_roster_exits_0_with_a_status_list(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ROSTER.read_text(encoding="utf-8-sig").splitlines()
    roster = tmp_path / "clean.csv"
    roster.write_text("\n".join(lines[:9]) + "\n", encoding="utf-8")
    state = tmp_path / "status.json"
    state.write_text(
        json.dumps(IssuerStatusList.create("https://hs.example/status/1").to_json()),
        encoding="utf-8",
    )
    extra = ("--status-state", str(state), "--workers", "1")
    assert run(key_file[0], roster, tmp_path / "out", *extra) == 0
    assert "issued 8" in capsys.readouterr().out
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert len(IssuerStatusList.from_json(saved).allocated) == 8


def test_bad_roster_header(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("naam;cijfer\nAnna;7\n", encoding="utf-8")
    assert run(key_file[0], roster, tmp_path / "out") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "r.csv: line 1: no recipient column" in err[0]


def test_an_excel_roster_says_how_it_was_read(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "r.csv"
    text = "E-mail;Voornaam;Tussenvoegsel;Achternaam;Cijfer\r\nzoe@b.nl;Zoë;van der;Berg;7,5\r\n"
    roster.write_bytes(text.encode("cp1252"))
    assert run(key_file[0], roster, tmp_path / "out") == 0
    err = capsys.readouterr().err
    assert "r.csv: read as windows-1252 (Excel's 'CSV (gescheiden door" in err
    assert "name is made of the columns 'Voornaam', 'Tussenvoegsel', 'Achternaam'" in err
    assert "ignored" not in err


def test_a_header_only_roster_is_not_a_complete_run(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("E-mail;Naam\n", encoding="utf-8")
    assert run(key_file[0], roster, tmp_path / "out") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "line 2: the roster has a header but no rows under it" in err[0]


def test_grades_the_scheme_cannot_award_stop_the_run_before_signing(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ROSTER.read_text(encoding="utf-8-sig").splitlines()
    lines[2] = lines[2].replace(";7;", ";70;")  # a percentage, in a 1..10 scheme
    lines[3] = lines[3].replace(";6,5;", ";6½;")
    roster = tmp_path / "r.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run(key_file[0], roster, tmp_path / "out") == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"microcredential: error: {roster}: 2 grade(s) the achievement's ")
    listed = [line.split(": ", 1)[0].strip() for line in err[1:]]
    assert listed == [f"{roster}:{n}" for n in ("3:3", "4:3", "10:1", "11:6", "12:4")]
    assert not (tmp_path / "out").exists()


def test_key_of_another_issuer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = Ed25519Key.generate()
    other.save(tmp_path / "k.json")
    # the same mistake as with `issue` and `sign`, and the same exit status: 2
    assert run(tmp_path / "k.json", ROSTER, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "keygen --controller" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("argv_key", "message", "code"),
    [("missing.json", "cannot read", 2), ("roster", "not a usable key file", 1)],
)
def test_unusable_key_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv_key: str, message: str, code: int
) -> None:
    key = ROSTER if argv_key == "roster" else tmp_path / argv_key
    assert run(key, ROSTER, tmp_path / "out") == code
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_bad_workers(tmp_path: Path, key_file: tuple[Path, Ed25519Key]) -> None:
    assert run(key_file[0], ROSTER, tmp_path / "out", "--workers", "0") == 2


def event(done: int, total: int) -> SimpleNamespace:
    return SimpleNamespace(done=done, total=total, issued=done, present=0, skipped=0, elapsed=1.0)


def test_progress_bar_on_a_terminal() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=True)
    printer(event(1, 100))
    printer(event(100, 100))
    text = stream.getvalue()
    assert text.startswith("\r[")
    assert "100/100 100%" in text
    assert text.endswith("\n")


def test_plain_progress_lines_otherwise() -> None:
    stream = io.StringIO()
    printer = ProgressPrinter(stream, tty=False)
    for done in range(1, 201):
        printer(event(done, 200))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 11  # the first row, then every 10 %
    assert "\r" not in stream.getvalue()
    assert lines[-1].startswith("microcredential: 200/200 rows (100%)")


@pytest.mark.parametrize(
    ("roster", "message"),
    [
        ("-", "reading the roster from standard input is not supported"),
        ("{dir}", "is a directory"),
        ("{dir}/absent.csv", "no such file"),
    ],
)
def test_roster_errors_are_precise(
    tmp_path: Path,
    key_file: tuple[Path, Ed25519Key],
    roster: str,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    path = Path(roster.format(dir=tmp_path))
    assert run(key_file[0], path, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1


def test_out_that_is_a_file(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.json"
    out.write_text("{}", encoding="utf-8")
    assert run(key_file[0], ROSTER, out) == 2
    assert f"{out}: is a file, not a folder" in capsys.readouterr().err


def test_write_errors_name_the_folder_not_a_temporary_file(
    tmp_path: Path,
    key_file: tuple[Path, Ed25519Key],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(out / ".batch-1a2b.tmp"))

    monkeypatch.setattr("microcredential.cohort.issue_cohort", refuse)
    assert run(key_file[0], ROSTER, out) == 2
    err = capsys.readouterr().err
    assert f"{out}: cannot write to the output folder: Permission denied" in err
    assert ".tmp" not in err


def test_a_full_status_list_is_one_line_and_keeps_what_was_issued(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    from microcredential.status import StatusList

    state = IssuerStatusList("https://www.hs-voorbeeld.example/status/1", StatusList(16))
    for _ in range(12):
        state.allocate()
    state_path = tmp_path / "state.json"
    state_path.write_text(json.dumps(state.to_json()))
    out = tmp_path / "out"
    assert run(key_file[0], ROSTER, out, "--status-state", str(state_path), "--workers", "1") == 2
    err = capsys.readouterr().err
    errors = [line for line in err.splitlines() if "error" in line]
    assert len(errors) == 1
    assert "is full" in errors[0]
    assert "Traceback" not in err
    files = [p for p in out.glob("*.json") if p.name != "manifest.json"]
    assert len(files) == 4  # the four free indexes went to four credentials, which are kept
    assert IssuerStatusList.from_json(json.loads(state_path.read_text())).free == 0


def test_a_changed_achievement_is_one_line_and_issues_nothing(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run(key_file[0], ROSTER, out) == 1
    before = sorted(p.name for p in out.iterdir())
    changed = json.loads(ACHIEVEMENT.read_text(encoding="utf-8"))
    changed["description"] += " Gecorrigeerd."
    corrected = tmp_path / "achievement.json"
    corrected.write_text(json.dumps(changed), encoding="utf-8")
    capsys.readouterr()
    argv = ["issue-cohort", "--achievement", str(corrected), "--roster", str(ROSTER)]
    assert main([*argv, "--key", str(key_file[0]), "--output-dir", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "was changed" in err
    assert "new folder" in err
    assert sorted(p.name for p in out.iterdir()) == before


def check(*extra: str) -> int:
    return main(["issue-cohort", "--achievement", str(ACHIEVEMENT), "--check", *extra])


def test_check_lists_the_rows_the_run_skips_and_writes_nothing(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(tmp_path.iterdir())
    assert check("--roster", str(ROSTER)) == 1  # three rows are deliberately bad
    stdout, stderr = capsys.readouterr()
    assert sorted(tmp_path.iterdir()) == before
    assert stdout == "12 rows: would issue 9, would skip 3\n"
    checked = [line for line in stderr.splitlines() if ": would be skipped: " in line]
    assert [line.split(":")[2] for line in checked] == ["10", "11", "12"]
    assert "[cohort.recipient]" in checked[0]

    assert run(key_file[0], ROSTER, tmp_path / "out") == 1
    issued = [line for line in capsys.readouterr().err.splitlines() if ": skipped: " in line]
    assert [line.replace(": skipped: ", ": would be skipped: ") for line in issued] == checked


def test_check_of_a_clean_roster_exits_0_and_speaks_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ROSTER.read_text(encoding="utf-8-sig").splitlines()[:9]
    clean = tmp_path / "clean.csv"
    clean.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert check("--roster", str(clean)) == 0
    assert capsys.readouterr().out == "8 rows: would issue 8, would skip 0\n"
    assert check("--roster", str(ROSTER), "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["rows"], report["wouldIssue"]) == (False, 12, 9)
    assert [row["line"] for row in report["skipped"]] == [10, 11, 12]
    assert report["skipped"][0]["code"] == "cohort.recipient"


def test_check_usage_and_input_errors(
    tmp_path: Path, key_file: tuple[Path, Ed25519Key], capsys: pytest.CaptureFixture[str]
) -> None:
    assert check("--roster", str(tmp_path / "missing.csv")) == 2
    assert "missing.csv: no such file" in capsys.readouterr().err
    assert run(key_file[0], ROSTER, tmp_path / "out", "--json") == 2
    assert "--json goes with --check" in capsys.readouterr().err
    argv = ["issue-cohort", "--achievement", str(ACHIEVEMENT), "--roster", str(ROSTER)]
    assert main([*argv, "--output-dir", str(tmp_path / "out")]) == 2
    assert "--key is required (unless --check)" in capsys.readouterr().err
    assert main([*argv, "--key", str(key_file[0])]) == 2
    assert "--output-dir is required (unless --check)" in capsys.readouterr().err
    spec = json.loads(ACHIEVEMENT.read_text(encoding="utf-8"))
    del spec["credential"]["issuer"]["id"]
    unnamed = tmp_path / "achievement.json"
    unnamed.write_text(json.dumps(spec), encoding="utf-8")
    assert (
        main(["issue-cohort", "--achievement", str(unnamed), "--roster", str(ROSTER), "--check"])
        == 1
    )
    stderr = capsys.readouterr().err
    assert "/credential/issuer/id: the issuer has no id" in stderr
    assert str(unnamed) in stderr  # the file, the member and what to do
    assert "Traceback" not in stderr
    assert not (tmp_path / "out").exists()
    # with the issuer's key the id is the key's controller, as in a run
    checked = ["issue-cohort", "--achievement", str(unnamed), "--roster", str(ROSTER), "--check"]
    assert main([*checked, "--key", str(key_file[0])]) == 1  # three rows are deliberately bad
    assert capsys.readouterr().out == "12 rows: would issue 9, would skip 3\n"
