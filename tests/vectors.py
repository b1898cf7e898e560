"""Figures from the published test vectors, shared by the tests.

W3C vc-di-eddsa (TestVectors) and the Open Badges 3.0 implementation guide's Linked Data
Proof test vector (1EdTech). Written here so that the tests run without the reference data.
"""

from __future__ import annotations

from typing import Any

from microcredential.jsonld import OfflineLoader
from microcredential.keys import EcdsaKey, Ed25519Key

# W3C vc-di-eddsa test vectors.
W3C_SECRET = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
W3C_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
W3C_CREATED = "2023-02-24T23:36:38Z"
W3C_RDFC_PROOF_VALUE = (
    "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
)
W3C_JCS_PROOF_VALUE = (
    "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
)
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
#: The W3C examples context is a single @vocab; it is test-only, never bundled.
EXAMPLES_LOADER = OfflineLoader(
    {EXAMPLES_V2: {"@context": {"@vocab": "https://www.w3.org/ns/credentials/examples#"}}}
)
W3C_UNSIGNED: dict[str, Any] = {
    "@context": ["https://www.w3.org/ns/credentials/v2", EXAMPLES_V2],
    "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
    "type": ["VerifiableCredential", "AlumniCredential"],
    "name": "Alumni Credential",
    "description": "A minimum viable example of an Alumni Credential.",
    "issuer": "https://vc.example/issuers/5678",
    "validFrom": "2023-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:abcdefgh", "alumniOf": "The School of Examples"},
}

# Open Badges 3.0 implementation guide, "Linked Data Proof" test vector (1EdTech).
OB_SECRET = (
    "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx"
)
OB_METHOD = "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi"
OB_CREATED = "2010-01-01T19:23:24Z"
OB_PROOF_VALUE = (
    "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr"
)
OB_DATA_TO_SIGN = (
    "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19"
    "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773"
)


def w3c_key() -> Ed25519Key:
    return Ed25519Key.from_multibase(W3C_SECRET)


def ob_credential() -> dict[str, Any]:
    return {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
        ],
        "id": "http://example.com/credentials/3527",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": "https://example.edu/issuers/565049",
            "type": ["Profile"],
            "url": "https://www.imsglobal.org",
            "name": "Example Corp",
        },
        "validFrom": "2010-01-01T00:00:00Z",
        "name": "Teamwork Badge",
        "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.com/achievements/21st-century-skills/teamwork",
                "type": ["Achievement"],
                "criteria": {
                    "narrative": "Team members are nominated for this badge by their peers and "
                    "recognized upon review by Example Corp management."
                },
                "description": "This badge recognizes the development of the capacity to "
                "collaborate within a group environment.",
                "name": "Teamwork",
            },
        },
    }


# W3C vc-di-ecdsa test vectors (TestVectors/p256KeyPair.json, p384KeyPair.json and the signed
# alumni credential, which is W3C_UNSIGNED): keys, hash data and proofValues.  The vectors were
# made with deterministic ECDSA (RFC 6979), so signing reproduces the proofValues.
P256_PUBLIC = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP"
P256_SECRET = "z42twTcNeSYcnqg1FLuSFs2bsGH3ZqbRHFmvS9XMsYhjxvHN"
P384_PUBLIC = "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ"
P384_SECRET = "z2fanyY7zgwNpZGxX5fXXibvScNaUWNprHU9dKx7qpVj7mws9J8LLt4mDB5TyH2GLHWkUc"
#: (cryptosuite, curve) -> (hash data in hex, proofValue); created is W3C_CREATED.
ECDSA_VECTORS = {
    ("ecdsa-rdfc-2019", "P-256"): (
        "3a8a522f689025727fb9d1f0fa99a618da023e8494ac74f51015d009d35abc2e"
        "517744132ae165a5349155bef0bb0cf2258fff99dfe1dbd914b938d775a36017",
        "zaHXrr7AQdydBk3ahpCDpWbxfLokDqmCToYm2dyWvpcFVyWooC2he63w1f7UNQoAMKdhaRtcnaE2KTo5o5vTCcfw",
    ),
    ("ecdsa-rdfc-2019", "P-384"): (
        "e32805a26492eac777aa7a138f6d8da3c74e0c7be7b296dcaccf97420c3b92eaad7be6449ca565e1650315"
        "67f5c7cbc18bf6e01df72c5b62f91b685231915ac4b8c58ea95f002c6b8f6bfafa1b251df476b56b8e0151"
        "8e317dab099d3ecbff96",
        "z967Mvv5bxtmLNqTzPZ8KmJjFmFXaAKeQNzq7GWnQkMcLtaGSSmuozE5WtJ8PipMe178B1tE28K1vsJur9bGVJ"
        "hz6jgSJsRHFSQeqgH8hhjcg8gZDFJC1b9FsR5ggNmDBqHv",
    ),
    ("ecdsa-jcs-2019", "P-256"): (
        "fe5799489119c7fe3c528715e72bd39d2ec6b4ab345978df32e9a9312648ec25"
        "59b7cb6251b8991add1ce0bc83107e3db9dbbab5bd2c28f687db1a03abc92f19",
        "z5ptCet75SaEgzG4v4zJhbJtfNi74Wv7Fq15hhKouJQQjEPQvPZKaYxcMXAMLPQS2FXrkCWokNJkFVkwxNzZfD5oT",
    ),
    ("ecdsa-jcs-2019", "P-384"): (
        "83e5057817abb0c6872eafeaba1a9e53893c58eeb7414fb6d8aa3fa8c7917f7ad4792890b257c598baa17f"
        "4fbe6d183c3e0be671cc1881035d463158c80921973dab3534d4f8dfacf4ff2725a4115eb718e49d66de0e"
        "90e7365cd6062abf2259",
        "zq3EuTeLiGurmB2JR5oL8oWEsT7u2tba4HT1oZbiMYWc5qzsoW2kLYcBcF4HM5vCpJyTkceULKrVXuJQkXeN5s"
        "eL4uXrFNFRMm53GWy1Yrto8rTWxZi9DkNeWP7yUPs7ELAm",
    ),
}


def ecdsa_key(curve: str) -> EcdsaKey:
    return EcdsaKey.from_multibase(P256_SECRET if curve == "P-256" else P384_SECRET)
