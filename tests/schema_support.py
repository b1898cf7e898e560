"""Seed documents for the schema tests, and documents derived from them.

The seeds are valid documents that use (almost) every member of the Open Badges 3.0 data
model; :func:`variants` derives documents from a seed that each break or vary one member.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from microcredential.schema import detect_kind
from support import need_reference

Json = Any

# ---------------------------------------------------------------------------------------
# Seeds: valid documents that use (almost) every member of the data model.

VC2 = "https://www.w3.org/ns/credentials/v2"
OB303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

PROFILE: Json = {
    "id": "https://example.edu/issuers/565049",
    "type": ["Profile"],
    "name": "Example University",
    "url": "https://example.edu",
    "phone": "+31 20 555 0100",
    "description": "A university that issues badges.",
    "email": "badges@example.edu",
    "image": {"id": "https://example.edu/logo.png", "type": "Image", "caption": "Logo"},
    "address": {
        "type": ["Address"],
        "addressCountry": "Netherlands",
        "addressCountryCode": "NL",
        "addressLocality": "Amsterdam",
        "postalCode": "1012 AB",
        "geo": {"type": "GeoCoordinates", "latitude": 52.37, "longitude": 4.89},
    },
    "otherIdentifier": [
        {"type": "IdentifierEntry", "identifier": "12345", "identifierType": "sourcedId"}
    ],
    "official": "Registrar",
    "parentOrg": {"id": "https://example.org/parent", "type": ["Profile"], "name": "Parent"},
    "endorsementJwt": ["eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"],
    "dateOfBirth": "1990-01-01",
}

ACHIEVEMENT: Json = {
    "id": "https://example.edu/achievements/teamwork",
    "type": ["Achievement"],
    "name": "Teamwork",
    "description": "Collaborates well within a group.",
    "criteria": {"id": "https://example.edu/criteria/teamwork", "narrative": "Peer review."},
    "achievementType": "MicroCredential",
    "alignment": [
        {
            "type": ["Alignment"],
            "targetName": "Teamwork",
            "targetUrl": "https://framework.example/teamwork",
            "targetType": "CFItem",
            "targetCode": "TW-1",
        }
    ],
    "creator": {"id": "https://example.edu/issuers/565049", "type": ["Profile"]},
    "creditsAvailable": 5,
    "fieldOfStudy": "Social skills",
    "humanCode": "TW101",
    "image": {"id": "https://example.edu/teamwork.png", "type": "Image"},
    "inLanguage": "en-GB",
    "otherIdentifier": [
        {"type": "IdentifierEntry", "identifier": "TW-101", "identifierType": "identifier"}
    ],
    "related": [
        {
            "id": "https://example.edu/achievements/samenwerken",
            "type": ["Related"],
            "inLanguage": "nl",
        }
    ],
    "resultDescription": [
        {
            "id": "https://example.edu/results/grade",
            "type": ["ResultDescription"],
            "name": "Grade",
            "resultType": "LetterGrade",
            "allowedValue": ["A", "B", "C"],
            "requiredLevel": "https://example.edu/results/grade/levels/b",
            "rubricCriterionLevel": [
                {
                    "id": "https://example.edu/results/grade/levels/b",
                    "type": ["RubricCriterionLevel"],
                    "name": "B",
                }
            ],
        }
    ],
    "specialization": "Remote teams",
    "tag": ["teamwork", "collaboration"],
    "version": "1.0",
}

ENDORSEMENT: Json = {
    "@context": [VC2, OB303],
    "id": "urn:uuid:5f8b3c1e-3b8e-4d1e-9a55-2a3c7a1d0f01",
    "type": ["VerifiableCredential", "EndorsementCredential"],
    "name": "Endorsement of the Teamwork badge",
    "issuer": {"id": "https://endorser.example/profile", "type": ["Profile"], "name": "Endorser"},
    "validFrom": "2024-01-01T00:00:00Z",
    "validUntil": "2030-01-01T00:00:00+01:00",
    "credentialSubject": {
        "id": "https://example.edu/achievements/teamwork",
        "type": ["EndorsementSubject"],
        "endorsementComment": "A well designed badge.",
    },
    "proof": [
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-01-01T00:00:00Z",
            "proofPurpose": "assertionMethod",
            "verificationMethod": "https://endorser.example/profile#key-1",
            "proofValue": "z3FXQjecWufY46",
        }
    ],
}

CREDENTIAL: Json = {
    "@context": [VC2, OB303],
    "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Teamwork badge",
    "description": "Awarded for teamwork.",
    "image": {"id": "https://example.edu/badge.png", "type": "Image"},
    "awardedDate": "2024-05-01T12:00:00Z",
    "issuer": {"id": "https://example.edu/issuers/565049", "type": ["Profile"], "name": "Example"},
    "validFrom": "2024-05-01T12:00:00Z",
    "validUntil": "2029-05-01T12:00:00Z",
    "credentialSubject": {
        "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
        "type": ["AchievementSubject"],
        "activityStartDate": "2024-01-01T09:00:00+02:00",
        "activityEndDate": "2024-04-30T17:00:00+02:00",
        "creditsEarned": 5,
        "achievement": {
            "id": "https://example.edu/achievements/teamwork",
            "type": ["Achievement"],
            "name": "Teamwork",
            "description": "Collaborates well within a group.",
            "criteria": {"narrative": "Peer review."},
        },
        "identifier": [
            {
                "type": "IdentityObject",
                "hashed": True,
                "identityHash": "sha256$"
                "b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399",
                "identityType": "emailAddress",
                "salt": "Kosher",
            }
        ],
        "result": [
            {
                "type": ["Result"],
                "resultDescription": "https://example.edu/results/grade",
                "value": "B",
                "status": "Completed",
                "achievedLevel": "https://example.edu/results/grade/levels/b",
            }
        ],
        "narrative": "Led the group project.",
        "role": "Team lead",
        "term": "Spring 2024",
        "licenseNumber": "L-1",
        "source": {"id": "https://example.edu/departments/cs", "type": ["Profile"]},
    },
    "evidence": [
        {
            "id": "https://example.edu/evidence/1",
            "type": ["Evidence"],
            "name": "Project report",
            "genre": "Report",
        }
    ],
    "credentialSchema": [
        {
            "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json",
            "type": "1EdTechJsonSchemaValidator2019",
        }
    ],
    "credentialStatus": {
        "id": "https://example.edu/status/1#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
    },
    "refreshService": {"id": "https://example.edu/refresh/1", "type": "1EdTechCredentialRefresh"},
    "termsOfUse": [{"type": "TrustFrameworkPolicy", "id": "https://example.edu/policies/1"}],
    "endorsementJwt": ["eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"],
    "proof": [
        {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-05-01T12:00:00Z",
            "proofPurpose": "assertionMethod",
            "verificationMethod": "https://example.edu/issuers/565049#key-1",
            "proofValue": "z3FXQjecWufY46",
        }
    ],
}

#: The same credential with the full profile and achievement embedded (the derived
#: documents use the lean one: profile and achievement are varied as seeds of their own).
RICH_CREDENTIAL: Json = {
    **CREDENTIAL,
    "issuer": PROFILE,
    "credentialSubject": {**CREDENTIAL["credentialSubject"], "achievement": ACHIEVEMENT},
    "endorsement": [ENDORSEMENT],
}

SEEDS: dict[str, list[Json]] = {
    "credential": [CREDENTIAL],
    "endorsement": [ENDORSEMENT],
    "profile": [PROFILE],
    "achievement": [ACHIEVEMENT],
}


def reference_credentials() -> list[Json]:
    """Every Open Badges credential in the reference data."""
    folder = need_reference() / "vectors"
    found = []
    for path in sorted(folder.rglob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(doc, dict) and detect_kind(doc) in {"credential", "endorsement"}:
            found.append(doc)
    return found


# ---------------------------------------------------------------------------------------
# Deriving documents from seeds


def walk(
    node: Json, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], Json]]:
    """Every (path, value) pair below ``node``, the root included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, (*path, i))


def get_at(doc: Json, path: tuple[str | int, ...] | list[str]) -> Json:
    for seg in path:
        doc = doc[int(seg)] if isinstance(doc, list) else doc[seg]
    return doc


def replaced(doc: Json, path: tuple[str | int, ...], value: Json) -> Json:
    out = copy.deepcopy(doc)
    parent = get_at(out, path[:-1])
    parent[path[-1]] = copy.deepcopy(value)
    return out


def removed(doc: Json, path: tuple[str | int, ...]) -> Json:
    out = copy.deepcopy(doc)
    del get_at(out, path[:-1])[path[-1]]
    return out


ENUM_KEYS = {
    "achievementType",
    "identityType",
    "identifierType",
    "targetType",
    "resultType",
    "status",
}
DATE_KEYS = {
    "validFrom",
    "validUntil",
    "awardedDate",
    "created",
    "activityStartDate",
    "activityEndDate",
}
BAD_ENUMS = [
    "NotATerm",
    "ext:Custom-term_1.0",
    "ext:",
    "xext:Custom",
    "ext:has space",
    "achievement",
]
#: Members where an empty string is worth trying (URIs, required texts, enumerations).
EMPTY_KEYS = {"id", "url", "targetUrl", "verificationMethod", "name", "identityHash", *ENUM_KEYS}
DATES = [
    "2024-05-01T12:00:00+05:30",
    "2024-05-01T12:00:00.123Z",
    "2024-05-01T12:00:00",
    "2024-05-01",
    "2024-13-01T12:00:00Z",
    "2024-05-01 12:00:00Z",
    "",
]


def wrong_types(value: Json) -> list[Json]:
    if isinstance(value, bool):
        return ["true"]
    if isinstance(value, (int, float)):
        return ["5"]
    if isinstance(value, str):
        return [42]
    if isinstance(value, list):
        return [3]
    return ["not-an-object"]


def variants(seed: Json) -> Iterator[tuple[str, Json]]:
    """Documents derived from a valid seed, each with a label saying how."""
    yield "seed", seed
    for path, value in list(walk(seed)):
        if not path:
            continue
        where = "/" + "/".join(map(str, path))
        last = path[-1]
        if isinstance(last, str):
            yield f"remove {where}", removed(seed, path)
        for bad in wrong_types(value):
            yield f"{where} = {bad!r}", replaced(seed, path, bad)
        if isinstance(value, str) and last in EMPTY_KEYS:
            yield f"{where} = ''", replaced(seed, path, "")
        if isinstance(value, list) and len(value) == 1:
            yield f"unwrap {where}", replaced(seed, path, value[0])
        if (
            isinstance(value, (dict, str))
            and isinstance(last, str)
            and last not in {"@context", "id"}
        ):
            yield f"wrap {where}", replaced(seed, path, [value])
        if last in ENUM_KEYS:
            for bad in BAD_ENUMS:
                yield f"{where} = {bad!r}", replaced(seed, path, bad)
        if last in DATE_KEYS:
            for bad in DATES if last == "validFrom" else DATES[1:4]:
                yield f"{where} = {bad!r}", replaced(seed, path, bad)
        if last == "id" and isinstance(value, str):
            yield f"{where} = relative", replaced(seed, path, "not a uri")
        if last == "type" and isinstance(value, list):
            yield f"{where} = 'Thing'", replaced(seed, path, "Thing")
            yield f"{where} = ['Thing']", replaced(seed, path, ["Thing"])
        if last in {"name", "description"} and isinstance(value, str):
            yield f"{where} = language map", replaced(seed, path, {"en": value, "nl-NL": value})
        if last == "@context":
            yield f"{where} = VC only", replaced(seed, path, VC2)
            yield f"{where} reversed", replaced(seed, path, list(reversed(value)))
    if isinstance(seed, dict):
        yield "unknown member added", {**seed, "extraMember": {"anything": [1, 2]}}
