"""``microcredential verify --online``: the employer's one-step check on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from https_server import Issuer, Pki, Server
from microcredential.cli import main


def test_verify_online_finds_a_revocation_that_offline_cannot(
    server: Server, pki: Pki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the issuer is did:web:localhost%3A<port>: the system resolves localhost to 127.0.0.1
    issuer = Issuer(server, host="localhost")
    candidate = issuer.issue()
    issuer.revoke(candidate)
    path = tmp_path / "candidate.json"
    path.write_text(json.dumps(candidate), encoding="utf-8")
    online = ["--online", "--ca-bundle", str(pki.ca_file), "--allow-host", "localhost"]

    assert main(["verify", str(path), *online]) == 1
    out = capsys.readouterr().out
    assert "INVALID" in out
    assert "[status.revoked]" in out

    assert main(["verify", str(path), *online, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    (status_check,) = [c for c in report["checks"] if c["name"] == "credential-status"]
    assert [p["code"] for p in status_check["problems"]] == ["status.revoked"]

    assert main(["verify", str(path)]) == 1
    offline = capsys.readouterr().out
    assert "INDETERMINATE" in offline
    assert "or fetch it with --online" in offline


def test_verify_online_refuses_the_loopback_server_unless_allowed(
    server: Server, pki: Pki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issuer = Issuer(server, host="localhost")
    path = tmp_path / "candidate.json"
    path.write_text(json.dumps(issuer.issue()), encoding="utf-8")
    assert main(["verify", str(path), "--online", "--ca-bundle", str(pki.ca_file)]) == 1
    out = capsys.readouterr().out
    assert "INDETERMINATE" in out
    assert "[fetch.address-refused]" in out
    assert sum(server.hits.values()) == 0


def test_verify_online_with_a_cache_folder(
    server: Server, pki: Pki, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    issuer = Issuer(server, host="localhost")
    path = tmp_path / "candidate.json"
    path.write_text(json.dumps(issuer.issue()), encoding="utf-8")
    online = ["--online", "--ca-bundle", str(pki.ca_file), "--allow-host", "localhost"]
    cache = ["--cache-dir", str(tmp_path / "cache")]
    assert main(["verify", str(path), *online, *cache]) == 0
    assert main(["verify", str(path), *online, *cache]) == 0
    assert server.hits == {"/.well-known/did.json": 1, "/status/1": 1}
    capsys.readouterr()


@pytest.mark.parametrize(
    "extra", [["--ca-bundle", "ca.pem"], ["--allow-host", "localhost"], ["--cache-dir", "x"]]
)
def test_online_options_need_online(
    tmp_path: Path, extra: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "candidate.json"
    path.write_text("{}", encoding="utf-8")
    assert main(["verify", str(path), *extra]) == 2
    assert "only apply with --online" in capsys.readouterr().err


def test_a_missing_ca_bundle_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "candidate.json"
    path.write_text("{}", encoding="utf-8")
    code = main(["verify", str(path), "--online", "--ca-bundle", str(tmp_path / "none.pem")])
    assert code == 2
    assert "--ca-bundle" in capsys.readouterr().err
