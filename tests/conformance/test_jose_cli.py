"""The command the VC-JOSE-COSE suite runs (``jose_cli.py``): issue and verify, in-process."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

import microcredential
from conformance.jose_cli import main
from microcredential.keys import secret_key_from_jwk

ISSUER = "https://example.issuer/vc-jose-cose"
#: The ES256 key of RFC 7515, appendix A.3 (a published example key).
SECRET_JWK = {
    "kty": "EC",
    "crv": "P-256",
    "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
    "d": "jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI",
}
METHOD = {
    "id": f"{ISSUER}#key-1",
    "type": "JsonWebKey",
    "controller": ISSUER,
    "publicKeyJwk": {k: v for k, v in SECRET_JWK.items() if k != "d"},
    "secretKeyJwk": SECRET_JWK,
}
CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "id": "http://university.example/credentials/1872",
    "type": ["VerifiableCredential"],
    "issuer": ISSUER,
    "validFrom": "2010-01-01T19:23:24Z",
    "credentialSubject": {"id": "did:example:123", "name": "Example"},
}


def run(tests: Path, function: str, input_name: str, feature: str = "credential_jose") -> Any:
    main(
        [
            "--tests", str(tests), "compose", "-f", "./implementations/compose.yml", "run",
            "--rm", "local-vcapi", function, "--input", f"/tests/input/{input_name}",
            "--key", "/tests/input/vm.json", "--feature", feature,
            "--output", "/tests/output/1-local-vcapi.json",
        ]
    )  # fmt: skip
    return json.loads((tests / "output" / "1-local-vcapi.json").read_text())


@pytest.fixture
def tests(tmp_path: Path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "vm.json").write_text(json.dumps(METHOD))
    (tmp_path / "input" / "credential.json").write_text(json.dumps(CREDENTIAL))
    return tmp_path


def test_issue_then_verify_with_the_key_file(tests: Path) -> None:
    issued = run(tests, "issue", "credential.json")
    assert issued["result"] == "success", issued["data"]
    (tests / "input" / "token.txt").write_text(issued["data"])
    assert run(tests, "verify", "token.txt") == {"result": "success", "data": ""}
    header, payload, signature = issued["data"].split(".")
    (tests / "input" / "token.txt").write_text(f"{header}.{payload}.{signature[:-4]}AAAA")
    assert run(tests, "verify", "token.txt")["result"] == "failure"


def test_an_unsecured_credential_and_a_feature_not_offered_fail(tests: Path) -> None:
    assert run(tests, "verify", "credential.json")["result"] == "failure"
    assert run(tests, "issue", "credential.json", "credential_cose")["result"] == "failure"


def test_a_path_outside_the_mounted_tests_folder_is_an_error(tests: Path) -> None:
    main(
        [
            "--tests", str(tests), "compose", "run", "--rm", "x", "verify",
            "--input", "/etc/passwd", "--key", "/tests/input/vm.json",
            "--feature", "credential_jose", "--output", "/tests/output/2.json",
        ]
    )  # fmt: skip
    answer = json.loads((tests / "output" / "2.json").read_text())
    assert answer["result"] == "error"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def test_a_string_iat_is_not_a_numeric_date(tests: Path) -> None:
    """Why two tests of the W3C VC-JOSE-COSE suite fail (documented on the conformance page).

    The suite's "valid" tokens (``credential-jose-minimal.txt``,
    ``credential-issuer-match-signed.txt``) carry ``"iat": "2010-01-01T19:23:24Z"``.
    VC-JOSE-COSE secures credentials as JWTs, and RFC 7519 section 4.1.6 defines ``iat`` as a
    NumericDate: a number of seconds.  A verifier that reads the claims cannot take a string
    there, so the library refuses the token (``jwt.claim-invalid``); the same token with a
    numeric ``iat`` verifies.
    """
    key = secret_key_from_jwk(SECRET_JWK, id=METHOD["id"], controller=ISSUER)
    header = {"alg": "ES256", "kid": METHOD["id"], "typ": "vc+jwt"}

    def token(iat: Any) -> str:
        claims = {**CREDENTIAL, "iss": ISSUER, "iat": iat}
        signing_input = f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(claims).encode())}"
        return f"{signing_input}.{_b64(key.sign(signing_input.encode()))}"

    (tests / "input" / "token.txt").write_text(token(1262373804))
    assert run(tests, "verify", "token.txt")["result"] == "success"
    (tests / "input" / "token.txt").write_text(token("2010-01-01T19:23:24Z"))
    answer = run(tests, "verify", "token.txt")
    assert answer["result"] == "failure"
    assert "jwt.claim-invalid" in answer["data"]
    assert "iat" in answer["data"]
    assert microcredential.jwt.is_compact_jws(token("x"))


def test_a_presentation_is_issued_and_verified_as_a_vp_jwt(tests: Path) -> None:
    issued = run(tests, "issue", "credential.json")
    presentation = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "holder": ISSUER,
        "verifiableCredential": [
            {
                "@context": "https://www.w3.org/ns/credentials/v2",
                "type": "EnvelopedVerifiableCredential",
                "id": f"data:application/vc+jwt,{issued['data']}",
            }
        ],
    }
    (tests / "input" / "presentation.json").write_text(json.dumps(presentation))
    vp = run(tests, "issue", "presentation.json", "presentation_jose")
    assert vp["result"] == "success", vp["data"]
    header = json.loads(base64.urlsafe_b64decode(vp["data"].split(".")[0] + "=="))
    assert header["typ"] == "vp+jwt"
    (tests / "input" / "vp.txt").write_text(vp["data"])
    assert run(tests, "verify", "vp.txt", "presentation_jose") == {"result": "success", "data": ""}
    # the unsigned presentation, and a credential token given as a presentation, are refused
    assert run(tests, "verify", "presentation.json", "presentation_jose")["result"] == "failure"
    (tests / "input" / "vc.txt").write_text(issued["data"])
    refused = run(tests, "verify", "vc.txt", "presentation_jose")
    assert refused["result"] == "failure"
    assert "jwt.type-invalid" in refused["data"]
