"""The scripts in ``examples/`` run as a reader runs them, and the documentation points to each.

Every script is run in a fresh process from another folder (``python examples/NAME.py``, as
its docstring says), must exit 0 and print what it is about; a script that stops working, or
that no page of the documentation mentions, fails here. So does the first example a reader
sees, the Python block of the README and of the landing page (the guides' examples are
doctests).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from support import ROOT

EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

#: What each script prints when it does its job (a line or part of one).
EXPECTED = {
    "issue_cohort.py": "verified 9 of 9 credentials",
    "issue_credential.py": "verify: verified: Gebruikersonderzoek voor digitale diensten",
    "revoke_credential.py": "invalid ['status.revoked']",
    "share_credential.py": "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME",
    "stacking.py": "# ",
    "verify_credential.py": "issued to sanne.devries@example.org: yes",
}


def run(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_script_has_an_expectation() -> None:
    assert sorted(EXPECTED) == [script.name for script in SCRIPTS]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_the_script_runs(script: Path, tmp_path: Path) -> None:
    done = run(script, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert EXPECTED[script.name] in done.stdout, done.stdout
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []  # nothing left where it was run


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_the_documentation_points_to_the_script(script: Path) -> None:
    pages = [*(ROOT / "docs").glob("*.md"), ROOT / "README.md"]
    assert any(f"examples/{script.name}" in page.read_text(encoding="utf-8") for page in pages)


def test_a_credential_written_by_one_script_is_verified_by_another(tmp_path: Path) -> None:
    assert run(EXAMPLES / "issue_credential.py", "out", cwd=tmp_path).returncode == 0
    out = tmp_path / "out"
    verify = EXAMPLES / "verify_credential.py"
    args = [str(out / "credential.json"), "--controller", str(out / "issuer-controller.json")]
    done = run(verify, *args, "--recipient", "sanne.devries@example.org", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "credential.json: verified" in done.stdout
    done = run(verify, *args, "--recipient", "someone.else@example.org", cwd=tmp_path)
    assert done.returncode == 1
    assert "issued to someone.else@example.org: no" in done.stdout


@pytest.mark.parametrize("page", ["README.md", "docs/index.md"])
def test_the_first_python_example_runs_as_pasted(page: str, tmp_path: Path) -> None:
    text = (ROOT / page).read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    done = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "OK — profiles: eu, nl; 0 error(s), 0 warning(s)" in done.stdout, done.stdout
    assert "VERIFIED" in done.stdout
    assert list(tmp_path.iterdir()) == []


def _shell(commands: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a page's commands with bash, ``microcredential`` being this checkout's CLI."""
    script = f'microcredential() {{ "{sys.executable}" -m microcredential.cli "$@"; }}\n'
    return subprocess.run(
        ["bash", "-e", "-c", script + commands],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _section(page: str, heading: str) -> str:
    text = (ROOT / "docs" / page).read_text(encoding="utf-8")
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_quickstart_commands_run_as_written(tmp_path: Path) -> None:
    (tmp_path / "examples").symlink_to(EXAMPLES)  # the checkout, as far as the commands read it
    [commands] = re.findall(
        r"```bash\n(.*?)```", _section("quickstart.md", "From the command line"), flags=re.DOTALL
    )
    done = _shell(commands, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "credential.json: VERIFIED" in done.stdout
    assert "0 error(s), 0 warning(s)" in done.stdout
    # every file, the issuer's secret key among them, is in the scratch folder git ignores
    assert sorted(p.name for p in tmp_path.iterdir()) == ["examples", "try"]
    assert "/try/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_issuing_guides_commands_run_as_written(tmp_path: Path) -> None:
    section = _section("issuing.md", "On the command line")
    [achievement] = re.findall(r"```json\n(\{\n.*?)```", section, flags=re.DOTALL)[:1]
    (tmp_path / "teamwork.json").write_text(achievement, encoding="utf-8")
    console = re.findall(r"```console\n(.*?)```", section, flags=re.DOTALL)[0]
    commands = re.sub(r"(?m)^\$ ", "", console)
    done = _shell(
        commands + "microcredential verify credential.json --status-list list.json\n", tmp_path
    )
    assert done.returncode == 1, done.stdout + done.stderr  # revoked, as the guide intends
    assert "[status.revoked]" in done.stdout
