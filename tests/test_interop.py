"""What other verifiers accept: the ``1edtech`` profile and ``interop_problems``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import microcredential as mc
from microcredential.cli import main
from microcredential.interop import interop_problems, securing
from microcredential.keys import Ed25519Key
from support import TEAMWORK as ACHIEVEMENT
from support import key_of

KEY = Ed25519Key.from_seed(bytes(range(32)))


def credential(issuer: str = KEY.controller) -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "urn:uuid:0d1f4ad4-6d5b-4c52-9a2c-3f7e2b8e9c11",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Teamwork",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": ACHIEVEMENT,
        },
    }


def codes(problems: list[mc.Problem]) -> list[str]:
    return [p.code for p in problems]


def test_eddsa_rdfc_2022_is_accepted_and_jcs_is_not() -> None:
    rdfc = mc.sign(credential(), KEY, created="2026-01-01T00:00:00Z")
    jcs = mc.sign(credential(), KEY, cryptosuite="eddsa-jcs-2022", created="2026-01-01T00:00:00Z")
    assert interop_problems(rdfc) == []
    [problem] = interop_problems(jcs)
    assert problem.code == "interop.format-not-accepted"
    assert problem.path == "/proof"
    assert "eddsa-rdfc-2022" in problem.message  # what to use instead
    both = mc.sign(jcs, KEY, created="2026-01-01T00:00:00Z")
    assert interop_problems(both) == []  # one accepted proof is enough
    assert interop_problems(credential()) == []  # unsigned: nothing to say


@pytest.mark.parametrize(("alg", "accepted"), [("RS256", True), ("ES256", True), ("ES384", False)])
def test_jwt_algorithms(alg: str, accepted: bool) -> None:
    signer = key_of(alg, "https://example.edu/issuers/1")
    token = mc.sign_jwt(credential(signer.controller), signer)
    assert securing(token) == [("jwt", alg, ("header", "alg"))]
    assert (interop_problems(token) == []) is accepted


def test_eddsa_jwts_are_refused_by_1edtech() -> None:
    token = mc.sign_jwt(credential(), KEY)
    [problem] = interop_problems(token)
    assert problem.path == "/header/alg"
    assert "RS256" in problem.message


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
@pytest.mark.parametrize("suite", ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"])
def test_ecdsa_data_integrity_is_refused_and_a_p256_jwt_advised(curve: str, suite: str) -> None:
    signer = key_of("ES256" if curve == "P-256" else "ES384", "https://example.edu/issuers/1")
    signed = mc.sign(credential(signer.controller), signer, cryptosuite=suite)
    [problem] = interop_problems(signed)
    assert problem.path == "/proof"
    assert f"a proof made with {suite}" in problem.message
    # what to use instead, for the key the issuer has
    assert "a P-256 key signs it as a VC-JWT (ES256)" in problem.message
    assert "an Ed25519 key and eddsa-rdfc-2022" in problem.message


def test_each_refusal_says_what_to_use_instead() -> None:
    jcs = mc.sign(credential(), KEY, cryptosuite="eddsa-jcs-2022")
    assert "the same Ed25519 key signs eddsa-rdfc-2022" in interop_problems(jcs)[0].message
    eddsa_jwt = mc.sign_jwt(credential(), KEY)
    message = interop_problems(eddsa_jwt)[0].message
    assert "the same Ed25519 key makes an eddsa-rdfc-2022 proof" in message
    p384 = key_of("ES384", "https://example.edu/issuers/1")
    message = interop_problems(mc.sign_jwt(credential(p384.controller), p384))[0].message
    assert "P-384 is not accepted" in message
    assert "ES256" in message
    assert "RS256" in message


def test_the_1edtech_quality_profile() -> None:
    token = mc.sign_jwt(credential(), KEY)
    report = mc.check_quality(token, profiles=("1edtech",))
    assert [(f.rule, f.code) for f in report.findings] == [("IO-01", "interop.format-not-accepted")]
    assert report.ok  # a warning
    rdfc = mc.sign(credential(), KEY, created="2026-01-01T00:00:00Z")
    assert mc.check_quality(rdfc, profiles=("1edtech",)).findings == ()
    with pytest.raises(ValueError, match="1edtech"):
        interop_problems(rdfc, "nobody")


def test_the_command_line_tells_the_issuer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    key_path = tmp_path / "issuer.key.json"
    KEY.save(key_path)
    source = tmp_path / "unsigned.json"
    source.write_text(json.dumps(credential()), encoding="utf-8")
    out = tmp_path / "signed.json"
    argv = ["sign", str(source), "--key", str(key_path), "-o", str(out)]
    assert main([*argv, "--cryptosuite", "eddsa-jcs-2022"]) == 0
    assert "note: 1EdTech's Open Badges 3.0 validator" in capsys.readouterr().err
    assert main(argv) == 0
    assert "note:" not in capsys.readouterr().err
    token = tmp_path / "signed.jwt"
    assert (
        main(["sign", str(source), "--key", str(key_path), "--format", "jwt", "-o", str(token)])
        == 0
    )
    assert "VC-JWT signed with EdDSA" in capsys.readouterr().err
    assert main(["validate", str(token), "--profile", "1edtech", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [f["code"] for f in report["findings"]] == ["interop.format-not-accepted"]
