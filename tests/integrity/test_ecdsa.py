"""ECDSA proofs: which key each suite takes, signature sizes, and the recipes with ECDSA keys."""

from __future__ import annotations

import copy
from typing import Any

import pytest

import microcredential as mc
from microcredential import SigningError, multibase
from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.keys import EcdsaKey, Ed25519Key, KeyType, RsaKey
from vectors import EXAMPLES_LOADER, W3C_CREATED, W3C_UNSIGNED, ecdsa_key, w3c_key

ISSUER = "https://example.edu/issuers/565049"


def codes(document: dict[str, Any]) -> set[str]:
    return {p.code for p in verify_proofs(document, loader=EXAMPLES_LOADER).problems}


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
def test_the_recommended_suite_follows_the_key(curve: str) -> None:
    signed = add_proof_unchecked(W3C_UNSIGNED, ecdsa_key(curve), loader=EXAMPLES_LOADER)
    assert signed["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    signature = multibase.decode_base58btc(signed["proof"]["proofValue"])
    assert len(signature) == {"P-256": 64, "P-384": 96}[curve]
    assert verify_proofs(signed, loader=EXAMPLES_LOADER).ok
    ed = add_proof_unchecked(W3C_UNSIGNED, w3c_key(), loader=EXAMPLES_LOADER)
    assert ed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"


@pytest.mark.parametrize(
    ("suite", "key", "message"),
    [
        (
            "eddsa-rdfc-2022",
            "P-256",
            "eddsa-rdfc-2022 signs with Ed25519 keys, and this key is "
            "P-256: use ecdsa-rdfc-2019 or ecdsa-jcs-2019",
        ),
        (
            "ecdsa-jcs-2019",
            "Ed25519",
            "ecdsa-jcs-2019 signs with P-256 or P-384 keys, and this "
            "key is Ed25519: use eddsa-rdfc-2022 or eddsa-jcs-2022",
        ),
    ],
)
def test_a_suite_refuses_a_key_it_does_not_take(suite: str, key: str, message: str) -> None:
    signer = w3c_key() if key == "Ed25519" else ecdsa_key(key)
    with pytest.raises(SigningError, match=message):
        add_proof_unchecked(W3C_UNSIGNED, signer, cryptosuite=suite, loader=EXAMPLES_LOADER)


def _swap_method(signed: dict[str, Any], method: str) -> dict[str, Any]:
    other = copy.deepcopy(signed)
    other["proof"]["verificationMethod"] = method
    return other


def test_a_proof_naming_a_key_its_suite_does_not_take_is_invalid() -> None:
    ecdsa = add_proof_unchecked(
        W3C_UNSIGNED, ecdsa_key("P-256"), created=W3C_CREATED, loader=EXAMPLES_LOADER
    )
    eddsa = add_proof_unchecked(
        W3C_UNSIGNED, w3c_key(), created=W3C_CREATED, loader=EXAMPLES_LOADER
    )
    assert codes(_swap_method(ecdsa, w3c_key().id)) == {"proof.key-type-mismatch"}
    assert codes(_swap_method(eddsa, ecdsa_key("P-256").id)) == {"proof.key-type-mismatch"}
    rsa = RsaKey.generate(2048)
    result = verify_proofs(_swap_method(ecdsa, rsa.id), loader=EXAMPLES_LOADER)
    assert {p.code for p in result.problems} == {"proof.key-type-mismatch"}
    assert "is an RSA key" in result.problems[0].message
    assert result.status.value == "invalid"


def test_signature_sizes_follow_the_curve() -> None:
    p384 = add_proof_unchecked(W3C_UNSIGNED, ecdsa_key("P-384"), loader=EXAMPLES_LOADER)
    # a P-256-sized signature under a P-384 key, and a size no curve makes
    for size, where in ((64, "a P-384 signature is 96 bytes, not 64"), (63, "64 (P-256) or 96")):
        bad = copy.deepcopy(p384)
        bad["proof"]["proofValue"] = multibase.encode_base58btc(bytes(range(size)))
        problems = verify_proofs(bad, loader=EXAMPLES_LOADER).problems
        assert [p.code for p in problems] == ["proof.malformed"]
        assert where in problems[0].message


def test_a_p384_proof_checked_as_p256_fails() -> None:
    # the hash follows the key: the same signature over SHA-256 hash data does not verify
    p384 = ecdsa_key("P-384")
    signed = add_proof_unchecked(
        W3C_UNSIGNED, p384, cryptosuite="ecdsa-jcs-2019", loader=EXAMPLES_LOADER
    )
    data = mc.integrity.ECDSA_JCS_2019.hash_data(
        {k: v for k, v in signed.items() if k != "proof"},
        {k: v for k, v in signed["proof"].items() if k != "proofValue"},
        None,
        KeyType.P256,
    )
    signature = multibase.decode_base58btc(signed["proof"]["proofValue"])
    assert len(data) == 64
    assert not p384.public_key.verify(signature, data)
    assert verify_proofs(signed, loader=EXAMPLES_LOADER).ok


@pytest.mark.parametrize("curve", ["P-256", "P-384"])
def test_issue_and_verify_a_badge_with_an_https_issuer(curve: str) -> None:
    key = EcdsaKey.generate(curve, controller=ISSUER)
    achievement = {
        "id": "https://example.edu/achievements/1",
        "type": ["Achievement"],
        "name": "Teamwork",
        "description": "Works well in a team.",
        "criteria": {"narrative": "Peer review."},
    }
    credential = mc.issue(achievement, recipient="did:example:learner", key=key)
    assert credential["proof"]["cryptosuite"] == "ecdsa-rdfc-2019"
    resolver = mc.ChainResolver(mc.StaticResolver([key.controller_document()]))
    result = mc.verify(credential, resolver=resolver)
    assert result.ok, result.problems
    jcs = mc.issue(
        achievement, recipient="did:example:learner", key=key, cryptosuite="ecdsa-jcs-2019"
    )
    assert mc.verify(jcs, resolver=resolver).ok


def test_an_ed25519_key_still_defaults_to_eddsa() -> None:
    key = Ed25519Key.generate(controller=W3C_UNSIGNED["issuer"])
    signed = mc.sign(W3C_UNSIGNED, key, loader=EXAMPLES_LOADER)
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
