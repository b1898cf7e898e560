"""Building microcredential achievements and unsigned credentials, from Python or from JSON input.

>>> from microcredential.quality import (
...     IssuerInfo, build_achievement, build_credential, example_profile, validate)
>>> import datetime as dt
>>> achievement = build_achievement(example_profile(), id="https://hs.example/mc/ux-research")
>>> credential = build_credential(
...     achievement,
...     recipient="did:example:learner-1",
...     issuer=IssuerInfo(id="https://hs.example/issuer", name="Hogeschool Voorbeeld",
...                       country_code="NL", brin="99XX"),
...     valid_from=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc),
...     id="urn:uuid:0b9a4c1e-6f0e-4d43-9a39-5b1f4c7e2d10",
... )
>>> validate(credential, profiles=("eu", "nl"), today=dt.date(2026, 3, 2)).ok
True
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .._json import copy_json
from .encoding import (
    EDUBADGES_ACHIEVEMENT_TYPE,
    EDUBADGES_CONTEXT_URL,
    ENCODINGS,
    OB3_CONTEXT,
    VC2_CONTEXT,
    Encoding,
    encode_achievement,
)
from .profile import (
    CredentialFacts,
    EmailRecipient,
    GradingScheme,
    IssuerInfo,
    LearningOutcome,
    Link,
    MicrocredentialProfile,
    QualityAssurance,
)
from .vocab import AssessmentType, ParticipationForm, Stackability, Supervision

__all__ = [
    "BuildInput",
    "build_achievement",
    "build_credential",
    "credential_from_input",
    "example_profile",
    "identity_hash",
    "issuer_profile",
    "parse_input",
]


def identity_hash(identity: str, salt: str | None = None) -> str:
    """An Open Badges ``IdentityHash``: ``"sha256$"`` + hex SHA-256 of identity + salt (UTF-8).

    >>> identity_hash("learner@example.org", "pepper")[:15]
    'sha256$d36f500a'
    """
    data = (identity + (salt or "")).encode("utf-8")
    return "sha256$" + hashlib.sha256(data).hexdigest()


def build_achievement(
    profile: MicrocredentialProfile, *, id: str, encoding: Encoding = "ob3"
) -> dict[str, Any]:
    """The ``Achievement`` JSON for ``profile`` (see :func:`encode_achievement`)."""
    return encode_achievement(profile, id=id, encoding=encoding)


def _timestamp(value: _dt.datetime) -> str:
    if not isinstance(value, _dt.datetime) or value.utcoffset() is None:
        raise ValueError("valid_from must be a timezone-aware datetime")
    return value.astimezone(_dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def issuer_profile(issuer: IssuerInfo) -> dict[str, Any]:
    """The issuer ``Profile`` JSON for ``issuer``: name, url, address country, BRIN."""
    profile: dict[str, Any] = {"id": issuer.id, "type": ["Profile"], "name": issuer.name}
    if issuer.url is not None:
        profile["url"] = issuer.url
    address: dict[str, Any] = {"type": ["Address"], "addressCountryCode": issuer.country_code}
    if issuer.region is not None:
        address["addressRegion"] = issuer.region
    profile["address"] = address
    if issuer.brin is not None:
        profile["otherIdentifier"] = [
            {"type": "IdentifierEntry", "identifier": issuer.brin, "identifierType": "ext:BRIN"}
        ]
    return profile


def build_credential(
    achievement: Mapping[str, Any],
    *,
    recipient: str | EmailRecipient,
    issuer: IssuerInfo,
    valid_from: _dt.datetime,
    id: str | None = None,
    learner_name: str | None = None,
    grade: str | None = None,
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential`` awarding ``achievement``.

    ``recipient`` is a DID (or other IRI), written as ``credentialSubject.id``, or an
    :class:`EmailRecipient`, written as an ``IdentityObject`` with ``hashed: true``, a salt and
    ``identityHash`` = :func:`identity_hash`. ``learner_name`` adds a plain-text ``name``
    identifier. ``grade`` needs a ``resultDescription`` (a grading scheme) in the achievement.
    ``id`` defaults to a random ``urn:uuid:``. The input is not modified.
    """
    facts = CredentialFacts(
        learner=recipient,
        issuer=issuer,
        valid_from=valid_from,
        learner_name=learner_name,
        grade=grade,
    )
    achievement = copy_json(achievement)
    types = achievement.get("type")
    edubadges = isinstance(types, list) and EDUBADGES_ACHIEVEMENT_TYPE in types
    contexts = [VC2_CONTEXT, OB3_CONTEXT] + ([EDUBADGES_CONTEXT_URL] if edubadges else [])
    profile = issuer_profile(issuer)
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    identifiers: list[dict[str, Any]] = []
    if isinstance(facts.learner, EmailRecipient):
        salt = facts.learner.salt or secrets.token_hex(16)
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": identity_hash(facts.learner.email, salt),
                "identityType": "emailAddress",
                "hashed": True,
                "salt": salt,
            }
        )
    else:
        subject["id"] = facts.learner
    if facts.learner_name is not None:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": facts.learner_name,
                "identityType": "name",
                "hashed": False,
            }
        )
    if identifiers:
        subject["identifier"] = identifiers
    subject["achievement"] = achievement
    if facts.grade is not None:
        descriptions = achievement.get("resultDescription")
        if not (isinstance(descriptions, list) and descriptions):
            raise ValueError(
                "a grade needs a grading scheme (resultDescription) in the achievement"
            )
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": descriptions[0]["id"],
                "value": facts.grade,
            }
        ]
    credential: dict[str, Any] = {
        "@context": contexts,
        "id": id if id is not None else f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": profile,
        "validFrom": _timestamp(facts.valid_from),
    }
    if isinstance(achievement.get("name"), str):
        credential["name"] = achievement["name"]
    credential["credentialSubject"] = subject
    return credential


def example_profile() -> MicrocredentialProfile:
    """A complete Dutch microcredential profile (5 EC, EQF 6, written exam, blended)."""
    return MicrocredentialProfile(
        title="User research for digital services",
        description="Plan, carry out and report user research for a digital service.",
        criteria="Pass the written exam and hand in a research plan.",
        learning_outcomes=(
            LearningOutcome("Plans user research that fits the design question."),
            LearningOutcome("Reports findings to stakeholders in plain language."),
        ),
        assessment_types=(AssessmentType.TESTING,),
        participation_forms=(ParticipationForm.BLENDED,),
        quality_assurance=QualityAssurance(
            "Kwaliteitskader Microcredentials voor Professionals HBO en WO",
            "https://npuls.nl/doorbouwen-aan-microcredentials",
            "Internal quality assurance per the ESG, as agreed in the Dutch pilot.",
        ),
        ects=5,
        hours=140,
        eqf_level=6,
        nlqf_level="6",
        supervision=Supervision.SUPERVISED_WITH_ID,
        language="nl",
    )


# -- the JSON input format ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BuildInput:
    """A parsed input file: profile, achievement id, encoding and the optional credential part.

    ``facts`` is set when the ``credential`` block names the learner and ``validFrom``;
    ``issuer`` whenever it names the issuer (a template for issuing to many learners).
    """

    profile: MicrocredentialProfile
    id: str
    encoding: Encoding
    facts: CredentialFacts | None
    credential_id: str | None
    issuer: IssuerInfo | None = None


_CREDENTIAL_FIELDS = frozenset({"id", "issuer", "learner", "learnerName", "validFrom", "grade"})


def _a(value: object) -> Any:
    """Pass a JSON value on unchecked; the dataclass constructors validate it."""
    return value


def _get(data: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = data.get(key)
    if value is not None and not isinstance(value, kind):
        raise ValueError(f"{where}{key}: wrong JSON type {type(value).__name__}")
    return value


def _concepts(values: Any, enum_type: Any, key: str) -> tuple[Any, ...]:
    if not isinstance(values, list):
        raise ValueError(f"{key} must be a list of codes")
    out = []
    for code in values:
        member = enum_type.from_code(code)
        if member is None:
            codes = ", ".join(m.code for m in enum_type)
            raise ValueError(f"{key}: unknown code {code!r} (use one of: {codes})")
        out.append(member)
    return tuple(out)


def _link(value: Any, key: str) -> Link | None:
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise ValueError(f"{key} must be an object with url and name")
    return Link(_a(value.get("url")), _a(value.get("name")))


def parse_input(data: Mapping[str, Any]) -> BuildInput:
    """Parse the JSON input format (documented in the quality guide) into a :class:`BuildInput`.

    Raises :class:`ValueError` naming the offending field.
    """
    if not isinstance(data, Mapping):
        raise ValueError("the input must be a JSON object")
    known = {
        "id", "encoding", "title", "description", "criteria", "learningOutcomes", "ects",
        "hours", "eqfLevel", "nlqfLevel", "qfEheaCycle", "assessmentTypes",
        "participationForms", "qualityAssurance", "prerequisites", "supervision", "grading",
        "stackability", "stacksToward", "furtherInformation", "language", "image",
        "credential",
    }  # fmt: skip
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(unknown)}")
    encoding = data.get("encoding", "ob3")
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}")
    outcomes = []
    for item in _get(data, "learningOutcomes", list, "") or []:
        if isinstance(item, str):
            outcomes.append(LearningOutcome(item))
        elif isinstance(item, Mapping):
            outcomes.append(LearningOutcome(_a(item.get("text")), _a(item.get("url"))))
        else:
            raise ValueError("learningOutcomes: each item is a string or {text, url}")
    qa = _get(data, "qualityAssurance", Mapping, "")
    grading = _get(data, "grading", Mapping, "")
    supervision = data.get("supervision")
    stack = data.get("stackability")
    profile = MicrocredentialProfile(
        title=_a(data.get("title")),
        description=_a(data.get("description")),
        criteria=_a(data.get("criteria")),
        learning_outcomes=tuple(outcomes),
        assessment_types=_concepts(
            data.get("assessmentTypes", []), AssessmentType, "assessmentTypes"
        ),
        participation_forms=_concepts(
            data.get("participationForms", []), ParticipationForm, "participationForms"
        ),
        quality_assurance=(
            QualityAssurance(qa.get("name"), qa.get("url"), qa.get("description"))
            if qa is not None
            else _a(None)
        ),
        ects=data.get("ects"),
        hours=data.get("hours"),
        eqf_level=data.get("eqfLevel"),
        nlqf_level=data.get("nlqfLevel"),
        qf_ehea_cycle=data.get("qfEheaCycle"),
        prerequisites=data.get("prerequisites"),
        supervision=(
            None if supervision is None else _concepts([supervision], Supervision, "supervision")[0]
        ),
        grading=(
            GradingScheme(
                grading.get("name"),
                grading.get("valueMin"),
                grading.get("valueMax"),
                grading.get("requiredValue"),
                grading.get("resultType", "Result"),
            )
            if grading is not None
            else None
        ),
        stackability=None if stack is None else Stackability(stack),
        stacks_toward=_link(data.get("stacksToward"), "stacksToward"),
        further_information=_link(data.get("furtherInformation"), "furtherInformation"),
        language=data.get("language"),
        image=data.get("image"),
    )
    achievement_id = data.get("id")
    if not isinstance(achievement_id, str):
        raise ValueError("id: the achievement's IRI is required")
    facts = None
    credential_id = None
    issuer_info = None
    cred = _get(data, "credential", Mapping, "")
    if cred is not None:
        unknown = sorted(set(cred) - _CREDENTIAL_FIELDS)
        if unknown:
            raise ValueError(f"credential: unknown field(s): {', '.join(unknown)}")
        issuer = cred.get("issuer")
        if not isinstance(issuer, Mapping):
            raise ValueError("credential.issuer must be an object")
        issuer_info = IssuerInfo(
            id=_a(issuer.get("id")),
            name=_a(issuer.get("name")),
            country_code=_a(issuer.get("countryCode")),
            region=issuer.get("region"),
            url=issuer.get("url"),
            brin=issuer.get("brin"),
        )
        learner = cred.get("learner")
        if isinstance(learner, Mapping):
            learner = EmailRecipient(_a(learner.get("email")), _a(learner.get("salt")))
        valid_from = cred.get("validFrom")
        when = None
        if valid_from is not None:
            try:
                when = _dt.datetime.fromisoformat(str(valid_from).replace("Z", "+00:00"))
            except ValueError:
                raise ValueError("credential.validFrom must be an ISO 8601 date-time") from None
        if learner is not None and when is not None:
            facts = CredentialFacts(
                learner=learner,
                issuer=issuer_info,
                valid_from=when,
                learner_name=cred.get("learnerName"),
                grade=cred.get("grade"),
            )
        credential_id = cred.get("id")
    return BuildInput(profile, achievement_id, encoding, facts, credential_id, issuer_info)


def credential_from_input(
    data: Mapping[str, Any],
    *,
    recipient: str | EmailRecipient | None = None,
    valid_from: _dt.datetime | None = None,
    learner_name: str | None = None,
    grade: str | None = None,
    id: str | None = None,
) -> dict[str, Any]:
    """Build the unsigned credential described by an input file.

    The keyword arguments supply (or override) the learner-specific values of the file's
    ``credential`` block, so one file can serve as the template for many learners.
    """
    spec = parse_input(data)
    if spec.issuer is None:
        raise ValueError("credential.issuer: the input describes only an achievement")
    facts = spec.facts
    learner = recipient if recipient is not None else (facts.learner if facts else None)
    when = valid_from if valid_from is not None else (facts.valid_from if facts else None)
    if learner is None or when is None:
        raise ValueError(
            "credential: give learner and validFrom in the file or as keyword arguments"
        )
    achievement = build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)
    return build_credential(
        achievement,
        recipient=learner,
        issuer=spec.issuer,
        valid_from=when,
        id=id if id is not None else spec.credential_id,
        learner_name=learner_name or (facts.learner_name if facts else None),
        grade=grade or (facts.grade if facts else None),
    )
