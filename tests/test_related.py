"""Integrity of related resources (VC Data Model 2.0 §5.3): digest form and value, offline."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest

import microcredential
from microcredential import Ed25519Key, InvalidDocumentError
from microcredential.jsonld import bundled_context_urls
from microcredential.multibase import encode_base58btc, encode_base64url
from microcredential.related import (
    published_digest,
    published_resources,
    related_resource_problems,
)
from microcredential.verification import CheckStatus
from support import need_reference

VC2 = "https://www.w3.org/ns/credentials/v2"
NOW = "2026-06-01T00:00:00Z"
#: SHA-256 of the published VC 2.0 and Data Integrity v2 contexts, as the W3C
#: Recommendations print them.
REC_SHA256 = {
    VC2: "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    "https://w3id.org/security/data-integrity/v2": (
        "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4"
    ),
}


def credential(issuer: str, related: Any) -> dict[str, Any]:
    return {
        "@context": [VC2],
        "type": ["VerifiableCredential"],
        "issuer": issuer,
        "credentialSubject": {"name": "Alice"},
        "relatedResource": related,
    }


def sri(algorithm: str, digest: bytes) -> str:
    return f"{algorithm}-{base64.b64encode(digest).decode()}"


def test_the_pinned_digests_are_those_of_the_published_bytes() -> None:
    base = need_reference() / "contexts"
    index = json.loads((base / "index.json").read_text(encoding="utf-8"))
    expected = {
        url
        for url, path in index.items()
        if url in bundled_context_urls() and not path.startswith("1edtech/")
    }
    assert published_resources() == expected
    for url in sorted(expected):
        data = (base / index[url]).read_bytes()
        for algorithm in ("sha256", "sha384", "sha512", "sha3_256", "sha3_384"):
            assert published_digest(url, algorithm) == hashlib.new(algorithm, data).digest(), url


def test_the_pinned_digests_agree_with_the_recommendations() -> None:
    for url, digest in REC_SHA256.items():
        assert published_digest(url, "sha256") == bytes.fromhex(digest)


def test_right_digests_sign_and_verify(key: Ed25519Key) -> None:
    sha384 = published_digest(VC2, "sha384")
    sha256 = published_digest(VC2, "sha256")
    di = "https://w3id.org/security/data-integrity/v2"
    di_sha3 = published_digest(di, "sha3_256")
    assert sha384 is not None
    assert sha256 is not None
    assert di_sha3 is not None
    related = [
        {"id": VC2, "digestSRI": sri("sha384", sha384), "mediaType": "application/ld+json"},
        # multibase multihashes: base58btc SHA3-256 (0x16) and base64url SHA-256 (0x12)
        {"id": di, "digestMultibase": encode_base58btc(b"\x16\x20" + di_sha3)},
    ]
    signed = microcredential.sign(credential(key.controller, related), key)
    result = microcredential.verify(signed, now=NOW)
    assert result.ok, str(result)
    assert result.check("related-resources").status is CheckStatus.PASSED
    single = {"id": VC2, "digestMultibase": encode_base64url(b"\x12\x20" + sha256)}
    assert microcredential.verify(
        microcredential.sign(credential(key.controller, single), key), now=NOW
    ).ok


def test_a_wrong_digest_is_refused_by_sign_and_fails_verification(key: Ed25519Key) -> None:
    wrong = {"id": VC2, "digestSRI": sri("sha256", hashlib.sha256(b"other bytes").digest())}
    with pytest.raises(InvalidDocumentError) as caught:
        microcredential.sign(credential(key.controller, [wrong]), key)
    assert {p.code for p in caught.value.problems} == {"credential.related-digest-mismatch"}
    signed = microcredential.sign(credential(key.controller, [wrong]), key, check_model=False)
    result = microcredential.verify(signed, now=NOW)
    assert result.check("related-resources").status is CheckStatus.FAILED
    assert result.has_problem("credential.related-digest-mismatch")


@pytest.mark.parametrize(
    "value",
    [
        {"digestSRI": "md5-1B2M2Y8AsgTpgAmY7PhCfg=="},
        {"digestSRI": "sha256-" + base64.b64encode(b"too short").decode()},
        {"digestSRI": "sha384-not base64!"},
        {"digestMultibase": "xnot-multibase"},
        # a bare SHA-256 without its multihash header (0x12 0x20) is not a multihash
        {"digestMultibase": "u" + base64.urlsafe_b64encode(bytes(32)).decode().rstrip("=")},
    ],
)
def test_a_digest_that_cannot_be_read_is_an_error(value: dict[str, str]) -> None:
    problems = related_resource_problems({"relatedResource": {"id": VC2, **value}})
    assert [p.code for p in problems] == ["credential.related-digest-invalid"]
    assert problems[0].path.startswith("/relatedResource/digest")


def test_a_resource_not_held_offline_is_noted_not_failed(key: Ed25519Key) -> None:
    related = {"id": "https://example.org/photo.png", "digestSRI": sri("sha256", bytes(32))}
    signed = microcredential.sign(credential(key.controller, related), key)
    result = microcredential.verify(signed, now=NOW)
    assert result.ok, str(result)
    (note,) = result.check("related-resources").problems
    assert note.code == "credential.related-resource-unchecked"
    assert note.severity.value == "info"


@pytest.mark.parametrize(
    ("related", "path", "code"),
    [
        (["https://www.w3.org/ns/credentials/v2"], "/relatedResource/0", "model.wrong-type"),
        ([{"digestSRI": "sha256-x"}], "/relatedResource/0/id", "model.missing-property"),
        ([{"id": VC2}], "/relatedResource/0", "model.missing-property"),
        (
            [
                {"id": VC2, "digestSRI": "sha256-AAAA"},
                {"id": VC2, "digestMultibase": "uAAAA"},
            ],
            "/relatedResource",
            "model.duplicate-value",
        ),
    ],
)
def test_related_resources_have_the_data_models_form(
    key: Ed25519Key, related: Any, path: str, code: str
) -> None:
    with pytest.raises(InvalidDocumentError) as caught:
        microcredential.sign(credential(key.controller, related), key)
    assert (path, code) in {(p.path, p.code) for p in caught.value.problems}, caught.value


def test_the_w3c_suites_valid_digests_are_not_the_published_contexts() -> None:
    """A documented conflict with the VC Data Model 2.0 test suite (5.3, first test).

    The suite issues a credential whose relatedResource names the VC 2.0 context with
    ``digestSRI`` ``sha384-NSOc…`` and ``digestMultibase`` ``uJKGM…``, and expects it to be
    accepted. Neither is a digest of the published context: the specification prints the
    SHA-256 of those bytes (``59955ced…``), their SHA-384 is not ``NSOc…``, and the
    multibase value is a bare 32-byte hash without the multihash header VC Data Integrity
    requires. A verifier MUST produce an error when a digest does not match the resource, so
    this library refuses to sign it; that test of the suite fails by design.
    """
    suite_sri = "sha384-NSOcNpmdIVUxIJGvGUoe22FjTWrXiaXlsZ8q6912LdnR3KraQO2n75Ica4wK4Qeg"
    suite_multibase = "uJKGMkOmFbVJhEfKTduMC2XCyvRAYLjOVmZWwIH1wQ7k"
    codes = [
        p.code
        for p in related_resource_problems({"relatedResource": {"id": VC2, "digestSRI": suite_sri}})
    ]
    assert codes == ["credential.related-digest-mismatch"]
    codes = [
        p.code
        for p in related_resource_problems(
            {"relatedResource": {"id": VC2, "digestMultibase": suite_multibase}}
        )
    ]
    assert codes == ["credential.related-digest-invalid"]
