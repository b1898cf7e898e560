"""``microcredential issue``, ``revoke`` and ``status``: the issuer's life cycle end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from microcredential.cli import build_parser, main
from microcredential.keys import Ed25519Key
from microcredential.status import IssuerStatusList
from support import TEAMWORK as ACHIEVEMENT
from support import block_lock, cli_commands

NOW = "2026-06-01T00:00:00Z"
VALID_FROM = "2026-01-01T00:00:00Z"


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def issuer(tmp_path: Path) -> dict[str, str]:
    key = Ed25519Key.from_seed(bytes(range(32)))
    key.save(tmp_path / "key.json")
    (tmp_path / "achievement.json").write_text(json.dumps(ACHIEVEMENT), encoding="utf-8")
    return {
        "key": str(tmp_path / "key.json"),
        "achievement": str(tmp_path / "achievement.json"),
        "controller": key.controller,
    }


def init_list(tmp_path: Path, issuer: dict[str, str], purpose: str = "revocation") -> Path:
    state = tmp_path / f"{purpose}.state.json"
    url = f"https://example.edu/status/{purpose}"
    argv = ["status", "--status-state", str(state), "--key", issuer["key"]]
    argv += ["--init", url, "--purpose", purpose, "--valid-from", VALID_FROM]
    assert main([*argv, "-o", str(tmp_path / f"{purpose}.list.json")]) == 0
    return state


def issue_to(tmp_path: Path, issuer: dict[str, str], state: Path, recipient: str) -> Path:
    out = tmp_path / "credential.json"
    argv = ["issue", "--achievement", issuer["achievement"], "--recipient", recipient]
    argv += ["--key", issuer["key"], "--issuer-name", "Example College"]
    argv += ["--status-state", str(state), "--valid-from", VALID_FROM, "-o", str(out)]
    assert main(argv) == 0
    return out


def publish(tmp_path: Path, issuer: dict[str, str], state: Path) -> Path:
    out = tmp_path / "list.json"
    argv = ["status", "--status-state", str(state), "--key", issuer["key"]]
    assert main([*argv, "--valid-from", VALID_FROM, "-o", str(out)]) == 0
    return out


def verify(credential: Path, status_list: Path, capsys: pytest.CaptureFixture[str]) -> Any:
    argv = ["verify", str(credential), "--status-list", str(status_list), "--now", NOW, "--json"]
    code = main(argv)
    report = json.loads(capsys.readouterr().out)
    assert code == (0 if report["verified"] else 1)
    return report


def problem_codes(report: Any) -> set[str]:
    return {p["code"] for c in report["checks"] for p in c["problems"]}


def test_commands_are_registered() -> None:
    assert {"issue", "revoke", "status"} <= cli_commands()


def test_issue_revoke_publish_verify(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    state = init_list(tmp_path, issuer)
    credential = issue_to(tmp_path, issuer, state, "did:example:learner")
    document = read(credential)
    assert document["issuer"] == {
        "id": issuer["controller"],
        "type": ["Profile"],
        "name": "Example College",
    }
    index = int(document["credentialStatus"]["statusListIndex"])
    assert index in IssuerStatusList.from_json(read(state)).allocated  # saved

    report = verify(credential, publish(tmp_path, issuer, state), capsys)
    assert report["status"] == "verified"

    assert main(["revoke", "--status-state", str(state), "--index", str(index)]) == 0
    assert "re-sign and publish" in capsys.readouterr().err
    report = verify(credential, publish(tmp_path, issuer, state), capsys)
    assert report["status"] == "invalid"
    assert "status.revoked" in problem_codes(report)


def test_suspend_and_reinstate(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    state = init_list(tmp_path, issuer, "suspension")
    credential = issue_to(tmp_path, issuer, state, "did:example:learner")
    index = read(credential)["credentialStatus"]["statusListIndex"]
    revoke = ["revoke", "--status-state", str(state), "--index", index]

    assert main([*revoke, "--suspend"]) == 0
    report = verify(credential, publish(tmp_path, issuer, state), capsys)
    assert "status.suspended" in problem_codes(report)

    assert main([*revoke, "--reinstate"]) == 0
    report = verify(credential, publish(tmp_path, issuer, state), capsys)
    assert report["status"] == "verified"


def test_issue_to_an_email_address(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.json"
    argv = ["issue", "--achievement", issuer["achievement"], "--recipient", "a@example.com"]
    assert main([*argv, "--key", issuer["key"], "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "a@example.com" not in text
    (identity,) = json.loads(text)["credentialSubject"]["identifier"]
    assert identity["identityHash"].startswith("sha256$")
    assert identity["hashed"] is True


def test_revoke_errors(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    state = init_list(tmp_path, issuer)
    capsys.readouterr()
    assert main(["revoke", "--status-state", str(state), "--index", "7"]) == 2
    err = capsys.readouterr().err
    assert str(state) in err
    assert "never allocated" in err
    assert main(["revoke", "--status-state", str(state), "--index", "7", "--reinstate"]) == 2
    assert "suspension" in capsys.readouterr().err
    missing = str(tmp_path / "nope.json")
    assert main(["revoke", "--status-state", missing, "--index", "1"]) == 2
    assert missing in capsys.readouterr().err


def test_status_errors(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    state = init_list(tmp_path, issuer)
    capsys.readouterr()
    argv = [
        "status",
        "--status-state",
        str(state),
        "--key",
        issuer["key"],
        "-o",
        str(tmp_path / "x.json"),
    ]
    assert main([*argv, "--init", "https://example.edu/status/9"]) == 2
    assert "already exists" in capsys.readouterr().err
    bad_state = tmp_path / "bad.json"
    bad_state.write_text('{"format": "something else"}', encoding="utf-8")
    argv = [
        "status",
        "--status-state",
        str(bad_state),
        "--key",
        issuer["key"],
        "-o",
        str(tmp_path / "x.json"),
    ]
    assert main(argv) == 1  # a state file of the wrong format is invalid input
    err = capsys.readouterr().err
    assert str(bad_state) in err
    assert "Traceback" not in err


def test_issue_with_an_incomplete_achievement(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    achievement = tmp_path / "incomplete.json"
    achievement.write_text(json.dumps({"id": "https://example.edu/a", "type": "Achievement"}))
    argv = ["issue", "--achievement", str(achievement), "--recipient", "did:example:a"]
    assert main([*argv, "--key", issuer["key"]]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert str(achievement) in err
    assert "criteria" in err
    lines = [line for line in err.splitlines() if "/credentialSubject/achievement/" in line]
    paths = [line.split("issued credential ")[1].split(":")[0] for line in lines]
    assert len(paths) == len(set(paths)), "each problem is reported once"


def test_revoke_takes_the_index_from_the_credential(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    state = init_list(tmp_path, issuer)
    credential = issue_to(tmp_path, issuer, state, "did:example:learner")
    index = int(read(credential)["credentialStatus"]["statusListIndex"])
    argv = ["revoke", "--status-state", str(state), "--credential", str(credential)]
    assert main(argv) == 0
    assert f"index {index}" in capsys.readouterr().err
    report = verify(credential, publish(tmp_path, issuer, state), capsys)
    assert "status.revoked" in problem_codes(report)

    other = tmp_path / "other.state.json"
    argv = ["status", "--status-state", str(other), "--key", issuer["key"]]
    argv += ["--init", "https://example.edu/status/other", "-o", str(tmp_path / "o.json")]
    assert main(argv) == 0
    capsys.readouterr()
    argv = ["revoke", "--status-state", str(other), "--credential", str(credential)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "https://example.edu/status/other" in err
    assert "https://example.edu/status/revocation" in err
    argv = ["revoke", "--status-state", str(state), "--credential", str(credential)]
    assert main([*argv, "--index", str(index)]) == 2  # one or the other


def test_status_hints_init_and_names_ttl(
    tmp_path: Path, issuer: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "absent.state.json"
    argv = ["status", "--status-state", str(missing), "--key", issuer["key"]]
    argv += ["-o", str(tmp_path / "list.json")]
    assert main(argv) == 2
    assert "--init URL" in capsys.readouterr().err
    assert main([*argv, "--init", "https://example.edu/status/1", "--ttl", "-5"]) == 2
    assert "--ttl" in capsys.readouterr().err
    assert not missing.exists()  # nothing created when an option is refused


def test_revoke_waits_for_the_state_lock_and_loses_no_update(tmp_path: Path) -> None:
    import threading
    import time

    from microcredential.status import edit_state_file

    path = tmp_path / "state.json"
    state = IssuerStatusList.create("https://example.edu/status/9")
    first, second = state.allocate(), state.allocate()
    path.write_text(json.dumps(state.to_json()))
    holding = threading.Event()

    def hold_and_revoke() -> None:
        with edit_state_file(path) as current:
            holding.set()
            time.sleep(1.0)
            current.revoke(first)

    build_parser()  # import every command module now, so revoke starts while the lock is held
    worker = threading.Thread(target=hold_and_revoke)
    worker.start()
    holding.wait()
    code = main(["revoke", "--status-state", str(path), "--index", str(second)])
    worker.join()
    assert code == 0
    final = IssuerStatusList.from_json(json.loads(path.read_text()))
    assert (final.status(first), final.status(second)) == (1, 1)


@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_a_lock_file_that_is_not_a_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    state = IssuerStatusList.create("https://example.edu/status/9")
    index = state.allocate()
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state.to_json()))
    block_lock(tmp_path / "state.json.lock", kind)
    assert main(["revoke", "--status-state", str(path), "--index", str(index)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "state.json.lock" in err
    assert "regular file" in err
    assert IssuerStatusList.from_json(read(path)).status(index) == 0  # nothing changed


@pytest.mark.parametrize(
    ("index", "expected"),
    [
        ("\u0661\u0662", "ASCII digits"),  # Arabic-Indic digits: int() would read 12
        ("9" * 5000, "too many digits"),
        ("\u00b2", "ASCII digits"),  # a superscript two: isdigit() says yes, int() no
    ],
)
def test_revoke_reads_an_index_only_in_ascii_digits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], index: str, expected: str
) -> None:
    state = IssuerStatusList.create("https://example.edu/status/9")
    allocated = state.allocate()
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state.to_json()))
    capsys.readouterr()
    assert main(["revoke", "--status-state", str(path), "--index", index]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert len(err) < 600  # the long value is not echoed
    credential = tmp_path / "credential.json"
    entry = dict(state.entry(allocated), statusListIndex=index)
    credential.write_text(json.dumps({"credentialStatus": entry}), encoding="utf-8")
    assert main(["revoke", "--status-state", str(path), "--credential", str(credential)]) == 1
    err = capsys.readouterr().err
    assert expected in err
    assert err.count("\n") == 1
    assert IssuerStatusList.from_json(read(path)).status(allocated) == 0


def test_an_rsa_issuer_publishes_its_list_as_a_vc_jwt(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_file = tmp_path / "rsa.key.json"
    controller = "https://example.edu/issuers/rsa"
    argv = ["keygen", "--type", "rsa", "--controller", controller, "-o", str(key_file)]
    assert main([*argv, "--controller-document", str(tmp_path / "issuer.json")]) == 0
    achievement = tmp_path / "achievement.json"
    achievement.write_text(json.dumps(ACHIEVEMENT), encoding="utf-8")
    state, token_list = tmp_path / "state.json", tmp_path / "list.jwt"
    argv = ["status", "--status-state", str(state), "--key", str(key_file)]
    argv += ["--init", "https://example.edu/status/rsa", "--valid-from", VALID_FROM]
    assert main([*argv, "--format", "jwt", "-o", str(token_list)]) == 0
    assert token_list.read_text(encoding="ascii").count(".") == 2  # one compact token
    secret = json.loads(key_file.read_text(encoding="utf-8"))["secretKeyJwk"]["d"]
    out, err = capsys.readouterr()
    assert "application/vc+jwt" in err
    assert secret not in out + err + token_list.read_text(encoding="ascii")
    credential = tmp_path / "credential.jwt"
    argv = ["issue", "--achievement", str(achievement), "--recipient", "did:example:learner"]
    argv += ["--key", str(key_file), "--status-state", str(state), "--valid-from", VALID_FROM]
    assert main([*argv, "--format", "jwt", "-o", str(credential)]) == 0
    capsys.readouterr()
    argv = ["verify", str(credential), "--status-list", str(token_list), "--now", NOW]
    argv += ["--controller", str(tmp_path / "issuer.json"), "--json"]
    assert main(argv) == 0, capsys.readouterr()
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "verified"
    assert "credential-status" in [c["name"] for c in report["checks"] if c["status"] == "passed"]
