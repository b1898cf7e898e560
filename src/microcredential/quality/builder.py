"""Building microcredential achievements and unsigned credentials, from Python or from JSON input.

>>> from microcredential.quality import (
...     IssuerInfo, build_achievement, build_credential, example_profile, check_quality)
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
>>> check_quality(credential, profiles=("eu", "nl"), today=dt.date(2026, 3, 2)).ok
True
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import secrets
import unicodedata
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from .._grades import checked_grade
from .._json import copy_json
from .._time import datetime_text, parse_datetime
from ..constants import OB_CONTEXT, VC_V2_CONTEXT
from ..errors import InvalidDocumentError
from ..problems import Problem
from ._values import Path
from .encoding import (
    EDUBADGES_ACHIEVEMENT_TYPE,
    EDUBADGES_CONTEXT_URL,
    ENCODINGS,
    Encoding,
    encode_achievement,
)
from .profile import _SCHEME as _IRI
from .profile import (
    CredentialFacts,
    EmailRecipient,
    GradingScheme,
    HashedRecipient,
    IssuerInfo,
    LearningOutcome,
    Link,
    MicrocredentialProfile,
    QualityAssurance,
    _FieldValueError,
    _text,
)
from .vocab import AssessmentType, ParticipationForm, Stackability, Supervision

__all__ = [
    "BuildInput",
    "CredentialTemplate",
    "build_achievement",
    "build_credential",
    "credential_from_input",
    "email_identity",
    "example_profile",
    "identity_hash",
    "issuer_profile",
    "normalise_email",
    "parse_input",
]


#: The algorithms an Open Badges ``IdentityHash`` may name, by their identifier.
_HASH_ALGORITHMS: tuple[str, ...] = ("sha256", "md5")


def identity_hash(identity: str, salt: str | None = None, *, algorithm: str = "sha256") -> str:
    """An Open Badges ``IdentityHash``: the algorithm's identifier, ``$``, and the lower-case
    hex digest of the UTF-8 bytes of ``identity`` with ``salt`` appended.

    ``algorithm`` is ``"sha256"`` (what the library writes) or ``"md5"`` (which the
    specification also allows, for reading older credentials).

    >>> identity_hash("a@example.com", "Kosher")  # the specification's example
    'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399'
    """
    if algorithm not in _HASH_ALGORITHMS:
        raise ValueError(
            f"algorithm must be one of {', '.join(_HASH_ALGORITHMS)}, not {algorithm!r}"
        )
    data = (identity + (salt or "")).encode("utf-8")
    digest = hashlib.new(algorithm, data, usedforsecurity=False).hexdigest()
    return f"{algorithm}${digest}"


def normalise_email(email: str) -> str:
    """The form of an e-mail address the library hashes: without surrounding spaces or a
    ``mailto:`` prefix, in Unicode NFC, in lower case.

    Domains are case-insensitive (RFC 5321); local parts are, in principle, not, but mail
    providers treat them so and a learner asked for the address later cannot be expected to
    reproduce its case. Every issuing path (:func:`~microcredential.hashed_email`,
    :func:`build_credential`, :func:`~microcredential.cohort.issue_cohort`) hashes this form;
    :func:`~microcredential.recipient_matches` also accepts hashes of an address as given, as
    other issuers write them.

    >>> normalise_email("  mailto:Jan.de.Vries@Example.NL ")
    'jan.de.vries@example.nl'
    """
    text = unicodedata.normalize("NFC", email.strip())
    if text[:7].lower() == "mailto:":
        text = text[7:].strip()
    return text.lower()


def email_identity(email: str, salt: str | None = None) -> dict[str, Any]:
    """An Open Badges ``IdentityObject`` holding the salted SHA-256 ``IdentityHash`` of
    ``email`` in its :func:`normalise_email` form; ``salt`` defaults to 32 random hex digits.

    >>> email_identity("A@example.com", "Kosher")["identityHash"]  # the spec's example
    'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399'
    """
    if not isinstance(email, str) or "@" not in email:
        raise ValueError("email must be an e-mail address")
    if salt is None:
        salt = secrets.token_hex(16)
    return {
        "type": "IdentityObject",
        "identityHash": identity_hash(normalise_email(email), salt),
        "identityType": "emailAddress",
        "hashed": True,
        "salt": salt,
    }


def build_achievement(
    profile: MicrocredentialProfile, *, id: str, encoding: Encoding = "ob3"
) -> dict[str, Any]:
    """The ``Achievement`` JSON for ``profile`` (see :func:`encode_achievement`)."""
    return encode_achievement(profile, id=id, encoding=encoding)


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


#: Whom a credential is issued to: see :func:`build_credential`.
_Recipient = str | EmailRecipient | HashedRecipient | Mapping[str, Any]
#: The issuer of a credential: see :func:`build_credential`.
_Issuer = IssuerInfo | Mapping[str, Any] | str


def build_credential(
    achievement: Mapping[str, Any],
    *,
    recipient: _Recipient,
    issuer: _Issuer,
    valid_from: _dt.datetime | str,
    valid_until: _dt.datetime | str | None = None,
    id: str | None = None,
    name: str | None = None,
    learner_name: str | None = None,
    grade: str | None = None,
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential`` awarding ``achievement``.

    This is the one credential builder: :func:`microcredential.issue` builds with it, then
    checks and signs what it built; :class:`CredentialTemplate` builds the same credentials
    for many learners at once.

    * ``recipient``: a DID (or other absolute IRI), written as ``credentialSubject.id``; an
      :class:`EmailRecipient`, written as an ``IdentityObject`` with ``hashed: true``, a salt
      and ``identityHash`` = :func:`identity_hash`; a :class:`HashedRecipient`, an identity
      that is already hashed (read back from a credential, or carried over from an Open
      Badges 2.0 assertion), written as that same ``IdentityObject``; or an
      ``IdentityObject`` itself (a mapping, such as :func:`microcredential.hashed_email`
      returns), written as it is.
    * ``issuer``: an :class:`IssuerInfo` (written by :func:`issuer_profile`), an issuer
      ``Profile`` (a mapping, written as it is) or the issuer's id.
    * ``valid_from`` and ``valid_until``: timezone-aware datetimes (written
      ``YYYY-MM-DDThh:mm:ssZ``) or date-time texts (checked, and kept as written).
    * ``name`` is the credential's name, by default the achievement's. ``learner_name`` adds
      a plain-text ``name`` identifier. ``grade`` needs a ``resultDescription`` (a grading
      scheme) in the achievement. ``id`` defaults to a random ``urn:uuid:``.

    The ``@context`` is VC 2.0 and Open Badges 3.0.3, and the Edubadges context for an
    Edubadges achievement. Nothing is signed or checked against the schema here; the input
    is not modified.
    """
    template = CredentialTemplate(
        achievement, issuer=issuer, valid_from=valid_from, valid_until=valid_until, name=name
    )
    return template.credential(recipient=recipient, id=id, learner_name=learner_name, grade=grade)


class CredentialTemplate:
    """Unsigned credentials for many learners of one achievement, issuer and date of issuing.

    What every credential shares — the ``@context``, the issuer ``Profile``, the dates, the
    name and the achievement, copied once here — is built once; :meth:`credential` adds what
    is the learner's. The arguments are those of :func:`build_credential`. The credentials it
    returns share those objects with the template and with each other: read them, sign them,
    but do not change them in place. :func:`build_credential` is a template used once, so
    each of its credentials is equal, key for key and in the same order, to what
    :meth:`credential` gives for the same learner.
    """

    __slots__ = ("achievement", "envelope", "issuer", "valid_from")

    def __init__(
        self,
        achievement: Mapping[str, Any],
        *,
        issuer: _Issuer,
        valid_from: _dt.datetime | str,
        valid_until: _dt.datetime | str | None = None,
        name: str | None = None,
    ) -> None:
        self.issuer = issuer
        self.valid_from = valid_from
        self.achievement: dict[str, Any] = copy_json(achievement)
        types = self.achievement.get("type")
        edubadges = isinstance(types, list) and EDUBADGES_ACHIEVEMENT_TYPE in types
        contexts = [VC_V2_CONTEXT, OB_CONTEXT] + ([EDUBADGES_CONTEXT_URL] if edubadges else [])
        #: The members before ``credentialSubject``, in order; ``id`` is the learner's.
        self.envelope: dict[str, Any] = {
            "@context": contexts,
            "id": "",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": _issuer_json(issuer),
            "validFrom": _moment_text(valid_from, "valid_from"),
        }
        if valid_until is not None:
            self.envelope["validUntil"] = _moment_text(valid_until, "valid_until")
        name = name if name is not None else self.achievement.get("name")
        if isinstance(name, str):
            self.envelope["name"] = name

    def credential(
        self,
        *,
        recipient: _Recipient,
        id: str | None = None,
        learner_name: str | None = None,
        grade: str | None = None,
    ) -> dict[str, Any]:
        """The unsigned credential of one learner; the arguments are those of
        :func:`build_credential`."""
        _check_recipient(recipient)
        _text("learner_name", learner_name, optional=True)
        _text("grade", grade, optional=True)
        credential = dict(self.envelope)
        credential["id"] = id if id is not None else f"urn:uuid:{uuid.uuid4()}"
        credential["credentialSubject"] = _subject(recipient, self.achievement, learner_name, grade)
        return credential

    def assemble(self, facts: CredentialFacts, id: str | None) -> dict[str, Any]:
        """The credential of checked ``facts`` (their issuer and date are the template's)."""
        return self.credential(
            recipient=facts.learner, id=id, learner_name=facts.learner_name, grade=facts.grade
        )


def _check_recipient(recipient: object) -> None:
    if isinstance(recipient, EmailRecipient | HashedRecipient | Mapping):
        return
    if not isinstance(recipient, str) or not _IRI.match(recipient):
        raise _FieldValueError(
            "learner",
            f"the recipient must be a DID or other absolute IRI, an EmailRecipient, a "
            f"HashedRecipient or an IdentityObject, not {recipient!r}: for an e-mail address "
            "use EmailRecipient(address) (or microcredential.hashed_email(address))",
        )


def _issuer_json(issuer: _Issuer) -> dict[str, Any]:
    if isinstance(issuer, IssuerInfo):
        return issuer_profile(issuer)
    if isinstance(issuer, Mapping):
        return dict(copy_json(issuer))
    if isinstance(issuer, str) and _IRI.match(issuer):
        return {"id": issuer, "type": ["Profile"]}
    raise _FieldValueError(
        "issuer", f"issuer must be an IssuerInfo, a Profile or an absolute IRI, not {issuer!r}"
    )


def _moment_text(value: _dt.datetime | str, what: str) -> str:
    if isinstance(value, _dt.datetime) and value.utcoffset() is None:
        raise _FieldValueError(what, f"{what} must be a timezone-aware datetime")
    if not isinstance(value, _dt.datetime | str):
        raise _FieldValueError(what, f"{what} must be a timezone-aware datetime or its text")
    try:
        return datetime_text(value, what)
    except ValueError as exc:
        raise _FieldValueError(what, str(exc)) from None


def _subject(
    recipient: _Recipient,
    achievement: Mapping[str, Any],
    learner_name: str | None,
    grade: str | None,
) -> dict[str, Any]:
    """The ``AchievementSubject``: the learner (M1), the achievement and the grade (O3)."""
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    identifiers: list[dict[str, Any]] = []
    if isinstance(recipient, EmailRecipient):
        identifiers.append(email_identity(recipient.email, recipient.salt))
    elif isinstance(recipient, HashedRecipient):
        hashed: dict[str, Any] = {
            "type": "IdentityObject",
            "identityHash": recipient.identity_hash,
            "identityType": recipient.identity_type,
            "hashed": True,
        }
        if recipient.salt is not None:
            hashed["salt"] = recipient.salt
        identifiers.append(hashed)
    elif isinstance(recipient, Mapping):
        identifiers.append(dict(copy_json(recipient)))
    else:
        subject["id"] = recipient
    if learner_name is not None:
        identifiers.append(_name_identity(learner_name))
    if identifiers:
        subject["identifier"] = identifiers
    subject["achievement"] = achievement
    if grade is not None:
        subject["result"] = [_grade_result(achievement, grade)]
    return subject


def _name_identity(name: str) -> dict[str, Any]:
    """The learner's name as a plain-text ``IdentityObject`` (``identityType: name``)."""
    return {"type": "IdentityObject", "identityHash": name, "identityType": "name", "hashed": False}


def _grade_result(achievement: Mapping[str, Any], grade: str) -> dict[str, Any]:
    """The ``Result`` awarding ``grade`` under the achievement's first grading scheme
    (``resultDescription``); :class:`ValueError` when there is none or the grade does not fit
    it (see :func:`~microcredential._grades.checked_grade`)."""
    descriptions = achievement.get("resultDescription")
    scheme = descriptions[0] if isinstance(descriptions, list) and descriptions else None
    if not isinstance(scheme, Mapping):
        raise ValueError("a grade needs a grading scheme (resultDescription) in the achievement")
    return {
        "type": ["Result"],
        "resultDescription": scheme.get("id"),
        "value": checked_grade(scheme, grade),
    }


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


_FIELDS = frozenset(
    {
        "id", "encoding", "title", "description", "criteria", "learningOutcomes", "ects",
        "hours", "eqfLevel", "nlqfLevel", "qfEheaCycle", "assessmentTypes",
        "participationForms", "qualityAssurance", "prerequisites", "supervision", "grading",
        "stackability", "stacksToward", "furtherInformation", "language", "image",
        "credential",
    }
)  # fmt: skip
_CREDENTIAL_FIELDS = frozenset({"id", "issuer", "learner", "learnerName", "validFrom", "grade"})
#: The key in the input format of each field the profile classes name in their errors, relative
#: to the object being built (fields written the same way are not listed).
_INPUT_KEYS = {
    "learning_outcomes": "learningOutcomes",
    "assessment_types": "assessmentTypes",
    "participation_forms": "participationForms",
    "quality_assurance": "qualityAssurance",
    "eqf_level": "eqfLevel",
    "nlqf_level": "nlqfLevel",
    "qf_ehea_cycle": "qfEheaCycle",
    "stacks_toward": "stacksToward",
    "further_information": "furtherInformation",
    "quality_assurance.name": "name",
    "quality_assurance.url": "url",
    "quality_assurance.description": "description",
    "grading.name": "name",
    "grading.value_min": "valueMin",
    "grading.value_max": "valueMax",
    "grading.required_value": "requiredValue",
    "grading.result_type": "resultType",
    "learning outcome text": "text",
    "learning outcome url": "url",
    "issuer id": "id",
    "issuer name": "name",
    "issuer url": "url",
    "country_code": "countryCode",
    "learner_name": "learnerName",
    "valid_from": "validFrom",
}
_T = TypeVar("_T")


class _Problems:
    """The problems found in an input file, each with the JSON pointer of its value."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def add(self, path: Path, message: str) -> None:
        self.found.append(Problem.at("quality.input", message, path))

    def build(self, path: Path, factory: Callable[..., _T], *args: Any) -> _T | None:
        """``factory(*args)``, or ``None`` with a problem at ``path`` (or its named field)."""
        try:
            return factory(*args)
        except _FieldValueError as exc:
            key = _INPUT_KEYS.get(exc.field, exc.field)
            message = str(exc)
            if "_" in exc.field or "." in exc.field:  # a Python attribute: name the JSON key
                message = message.replace(exc.field, key, 1)
            self.add((*path, key), message)
        except ValueError as exc:
            self.add(path, str(exc))
        return None

    def typed(self, data: Mapping[str, Any], key: str, kind: type, path: Path = ()) -> Any:
        """``data[key]`` when absent or of JSON type ``kind``; else a problem and ``None``."""
        value = data.get(key)
        if value is not None and not isinstance(value, kind):
            wanted = "an object" if kind is Mapping else "a list"
            self.add((*path, key), f"must be {wanted}, not {type(value).__name__}")
            return None
        return value


def _concepts(values: Any, enum_type: Any, key: str, problems: _Problems) -> tuple[Any, ...]:
    if not isinstance(values, list):
        problems.add((key,), f"{key} must be a list of codes")
        return ()
    out = []
    for index, code in enumerate(values):
        member = enum_type.from_code(code)
        if member is None:
            codes = ", ".join(m.code for m in enum_type)
            problems.add((key, index), f"unknown code {code!r} (use one of: {codes})")
        else:
            out.append(member)
    return tuple(out)


def _link(data: Mapping[str, Any], key: str, problems: _Problems) -> Link | None:
    value = problems.typed(data, key, Mapping)
    if value is None:
        return None
    return problems.build((key,), Link, value.get("url"), value.get("name"))


def _outcomes(data: Mapping[str, Any], problems: _Problems) -> tuple[LearningOutcome, ...]:
    outcomes: list[LearningOutcome | None] = []
    for index, item in enumerate(problems.typed(data, "learningOutcomes", list) or ()):
        path = ("learningOutcomes", index)
        if isinstance(item, str):
            outcomes.append(problems.build(path, LearningOutcome, item))
        elif isinstance(item, Mapping):
            outcomes.append(
                problems.build(path, LearningOutcome, item.get("text"), item.get("url"))
            )
        else:
            problems.add(path, "each learning outcome is a string or an object {text, url}")
    return tuple(o for o in outcomes if o is not None)


def _grading(data: Mapping[str, Any], problems: _Problems) -> GradingScheme | None:
    grading = problems.typed(data, "grading", Mapping)
    if grading is None:
        return None
    return problems.build(
        ("grading",),
        GradingScheme,
        grading.get("name"),
        grading.get("valueMin"),
        grading.get("valueMax"),
        grading.get("requiredValue"),
        grading.get("resultType", "Result"),
    )


def _parse_profile(data: Mapping[str, Any], problems: _Problems) -> MicrocredentialProfile | None:
    """The achievement part of the input format, or ``None`` when ``problems`` says why not."""
    before = len(problems.found)
    qa = problems.typed(data, "qualityAssurance", Mapping)
    supervision, stack = data.get("supervision"), data.get("stackability")
    parts: dict[str, Any] = {
        "learning_outcomes": _outcomes(data, problems),
        "assessment_types": _concepts(
            data.get("assessmentTypes", []), AssessmentType, "assessmentTypes", problems
        ),
        "participation_forms": _concepts(
            data.get("participationForms", []), ParticipationForm, "participationForms", problems
        ),
        "quality_assurance": None
        if qa is None
        else problems.build(
            ("qualityAssurance",), QualityAssurance, qa.get("name"), qa.get("url"),
            qa.get("description"),
        ),
        "supervision": None
        if supervision is None
        else next(iter(_concepts([supervision], Supervision, "supervision", problems)), None),
        "grading": _grading(data, problems),
        "stackability": None
        if stack is None
        else problems.build(("stackability",), Stackability, stack),
        "stacks_toward": _link(data, "stacksToward", problems),
        "further_information": _link(data, "furtherInformation", problems),
    }  # fmt: skip
    if len(problems.found) > before:
        return None  # the profile would only repeat what is already reported
    return problems.build(
        (),
        lambda: MicrocredentialProfile(
            title=data.get("title"),  # type: ignore[arg-type]
            description=data.get("description"),  # type: ignore[arg-type]
            criteria=data.get("criteria"),  # type: ignore[arg-type]
            ects=data.get("ects"),
            hours=data.get("hours"),
            eqf_level=data.get("eqfLevel"),
            nlqf_level=data.get("nlqfLevel"),
            qf_ehea_cycle=data.get("qfEheaCycle"),
            prerequisites=data.get("prerequisites"),
            language=data.get("language"),
            image=data.get("image"),
            **parts,
        ),
    )


def _parse_credential(
    cred: Mapping[str, Any], problems: _Problems, issuer_id: str | None = None
) -> tuple[IssuerInfo | None, CredentialFacts | None]:
    """The issuer and, when the block names learner and ``validFrom``, the credential facts."""
    base: Path = ("credential",)
    for key in sorted(set(cred) - _CREDENTIAL_FIELDS):
        problems.add((*base, key), f"unknown field {key!r} in credential")
    issuer = cred.get("issuer")
    issuer_info = None
    if not isinstance(issuer, Mapping):
        problems.add((*base, "issuer"), "credential.issuer must be an object")
    else:
        issuer_info = problems.build(
            (*base, "issuer"), IssuerInfo, issuer.get("id") or issuer_id, issuer.get("name"),
            issuer.get("countryCode"), issuer.get("region"), issuer.get("url"),
            issuer.get("brin"),
        )  # fmt: skip
    learner = cred.get("learner")
    if isinstance(learner, Mapping):
        learner = problems.build(
            (*base, "learner"), EmailRecipient, learner.get("email"), learner.get("salt")
        )
    valid_from = cred.get("validFrom")
    when = None
    if valid_from is not None:
        try:
            when = parse_datetime(valid_from)
        except ValueError as exc:
            problems.add((*base, "validFrom"), str(exc))
    facts = None
    if learner is not None and when is not None and issuer_info is not None:
        facts = problems.build(
            base, CredentialFacts, learner, issuer_info, when, cred.get("learnerName"),
            cred.get("grade"),
        )  # fmt: skip
    return issuer_info, facts


def parse_input(
    data: Mapping[str, Any], *, source: str | None = None, issuer_id: str | None = None
) -> BuildInput:
    """Parse the JSON input format (documented in the quality guide) into a :class:`BuildInput`.

    ``issuer_id`` is the issuer's id when ``credential.issuer`` names none: the controller of
    the key that will sign. Raises :class:`~microcredential.errors.InvalidDocumentError`
    listing every problem found (code ``quality.input``), each with the JSON pointer of the
    value; ``source`` (a file name) is named in its message.
    """
    problems = _Problems()
    if not isinstance(data, Mapping):
        problems.add((), "the input must be a JSON object")
        raise InvalidDocumentError.from_problems(problems.found, source=source)
    for key in sorted(set(data) - _FIELDS):
        problems.add((key,), f"unknown field {key!r}")
    encoding = data.get("encoding", "ob3")
    if encoding not in ENCODINGS:
        problems.add(("encoding",), f"encoding must be one of {', '.join(ENCODINGS)}")
    achievement_id = data.get("id")
    if not isinstance(achievement_id, str):
        problems.add(("id",), "id: the achievement's IRI is required")
    profile = _parse_profile(data, problems)
    cred = problems.typed(data, "credential", Mapping)
    issuer, facts = (
        _parse_credential(cred, problems, issuer_id) if cred is not None else (None, None)
    )
    if problems.found or profile is None:
        raise InvalidDocumentError.from_problems(problems.found, source=source)
    credential_id = cred.get("id") if cred is not None else None
    return BuildInput(profile, achievement_id, encoding, facts, credential_id, issuer)  # type: ignore[arg-type]


def credential_from_input(
    data: Mapping[str, Any],
    *,
    recipient: str | EmailRecipient | None = None,
    valid_from: _dt.datetime | None = None,
    learner_name: str | None = None,
    grade: str | None = None,
    id: str | None = None,
    issuer_id: str | None = None,
) -> dict[str, Any]:
    """Build the unsigned credential described by an input file.

    The keyword arguments supply (or override) the learner-specific values of the file's
    ``credential`` block, so one file can serve as the template for many learners;
    ``issuer_id`` is used when ``credential.issuer`` names no id (see :func:`parse_input`).
    """
    spec = parse_input(data, issuer_id=issuer_id)
    if spec.issuer is None:
        raise InvalidDocumentError.from_problems(
            [Problem.at("quality.input", "the input describes only an achievement: give "
                        "credential.issuer", ("credential",))]
        )  # fmt: skip
    facts = spec.facts
    learner = recipient if recipient is not None else (facts.learner if facts else None)
    when = valid_from if valid_from is not None else (facts.valid_from if facts else None)
    if learner is None or when is None:
        raise InvalidDocumentError.from_problems(
            [Problem.at("quality.input", "give learner and validFrom in the file or as keyword "
                        "arguments", ("credential",))]
        )  # fmt: skip
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
