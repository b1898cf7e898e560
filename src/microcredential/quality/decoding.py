"""Decoding a credential back into the typed profile and credential facts.

Both encodings are read through :class:`~microcredential.quality.reading.AchievementView`. The
profile holds one value per element where the credential may state several, and arrays in a
credential are unordered sets: when the statements of such an element disagree, nothing says
which one holds, and decoding refuses with a ``quality.ambiguous`` problem for each element
instead of picking one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..errors import InvalidDocumentError
from ..problems import Problem, json_pointer
from ._values import is_text, read_datetime
from .profile import (
    CredentialFacts,
    EmailRecipient,
    HashedRecipient,
    IssuerInfo,
    MicrocredentialProfile,
)
from .reading import (
    AchievementView,
    Found,
    find_achievement,
    find_subject,
    members,
    subject_count,
)

__all__ = ["decode_achievement", "decode_credential"]


def _value(found: Found | None) -> Any:
    return None if found is None else found.value


def _unique(values: Iterable[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def _ambiguous(
    what: str, paths: Iterable[Sequence[str | int]], base: tuple[str | int, ...] = ()
) -> Problem:
    where = ", ".join(json_pointer((*base, *path)) for path in paths)
    return Problem.at(
        "quality.ambiguous",
        f"the {what} is stated several times with different values ({where}); state it once",
        base,
    )


def decode_achievement(achievement: Mapping[str, Any]) -> MicrocredentialProfile:
    """Read a :class:`MicrocredentialProfile` back from an achievement (either encoding).

    Raises :class:`~microcredential.errors.InvalidDocumentError` when a mandatory element is
    missing or unreadable, or an element is stated several times with different values; use
    :func:`~microcredential.quality.check_quality` for a full report.
    """
    if not isinstance(achievement, Mapping):
        raise InvalidDocumentError.from_problems(
            [Problem("quality.not-an-achievement", "expected an Achievement JSON object")]
        )
    view = AchievementView(achievement)
    ambiguous = [_ambiguous(what, (f.path for f in found)) for what, found in view.ambiguities()]
    if ambiguous:
        raise InvalidDocumentError.from_problems(ambiguous)
    criteria = achievement.get("criteria")
    narrative = criteria.get("narrative") if isinstance(criteria, Mapping) else None
    image = achievement.get("image")
    if isinstance(image, Mapping):
        image = image.get("id")
    stack = view.stackability()
    try:
        return MicrocredentialProfile(
            title=achievement.get("name"),  # type: ignore[arg-type]
            description=achievement.get("description"),  # type: ignore[arg-type]
            criteria=narrative,  # type: ignore[arg-type]
            learning_outcomes=tuple(f.value for f in view.learning_outcomes()),
            assessment_types=tuple(_unique(f.value for f in view.assessment_types())),
            participation_forms=tuple(_unique(f.value for f in view.participation_forms())),
            quality_assurance=_value(view.quality_assurance()),
            ects=_value(view.ects()),
            hours=_value(view.hours()),
            eqf_level=_value(view.eqf_level()),
            nlqf_level=_value(view.nlqf_level()),
            qf_ehea_cycle=_value(view.qf_ehea_cycle()),
            prerequisites=_value(view.prerequisites()),
            supervision=_value(view.supervision()),
            grading=_value(view.grading()),
            stackability=stack[0].value if stack else None,
            stacks_toward=stack[1] if stack else None,
            further_information=_value(view.further_information()),
            language=achievement.get("inLanguage"),
            image=image,
        )
    except ValueError as exc:
        raise InvalidDocumentError.from_problems(
            [Problem("quality.profile", f"not a complete microcredential: {exc}")]
        ) from None


def _one(
    what: str, found: Sequence[tuple[Any, Sequence[str | int]]], base: tuple[str | int, ...]
) -> tuple[Any, Problem | None]:
    """The value every statement agrees on, or the ambiguity."""
    values = _unique(value for value, _ in found)
    if len(values) > 1:
        return None, _ambiguous(what, (path for _, path in found), base)
    return (values[0] if values else None), None


def _learner_facts(subject: Found, grading_id: object) -> tuple[dict[str, Any], list[Problem]]:
    """The learner, their name and the grade, read from every identifier and result."""
    value, base = subject.value, subject.path
    names: list[tuple[Any, tuple[str | int, ...]]] = []
    emails: list[tuple[Any, tuple[str | int, ...]]] = []
    hashed: list[tuple[Any, tuple[str | int, ...]]] = []
    for found in members(value, "identifier", objects=True):
        ident = found.value
        stated = (ident.get("identityHash"), found.path)
        if ident.get("hashed") is True and ident.get("identityType") == "emailAddress":
            salt = ident.get("salt")
            recipient = (ident.get("identityHash"), salt if is_text(salt) else None)
            hashed.append((recipient, found.path))
        if ident.get("hashed") is not False:
            continue
        if ident.get("identityType") == "name":
            names.append(stated)
        elif ident.get("identityType") == "emailAddress":
            emails.append(stated)
    grades = [
        (result.value["value"], result.path)
        for result in members(value, "result", objects=True)
        if isinstance(result.value.get("value"), str)
        and result.value.get("resultDescription") == grading_id
    ]
    name, name_problem = _one("learner's name", names, base)
    email, email_problem = _one("learner's e-mail address", emails, base)
    grade, grade_problem = _one("grade", grades if grading_id is not None else [], base)
    learner: Any = value.get("id")
    hashed_problem = None
    if not is_text(learner) and email is not None:
        learner = EmailRecipient(email)
    elif not is_text(learner) and hashed:
        found, hashed_problem = _one("learner's hashed e-mail address", hashed, base)
        if found is not None and is_text(found[0]):
            learner = HashedRecipient(found[0], found[1])
    problems = [
        p for p in (name_problem, email_problem, grade_problem, hashed_problem) if p is not None
    ]
    return {"learner": learner, "learner_name": name, "grade": grade}, problems


def _issuer_info(issuer: object) -> tuple[IssuerInfo, list[Problem]]:
    if not isinstance(issuer, Mapping):
        raise ValueError("issuer must be a Profile object")
    address: Mapping[str, Any] = issuer.get("address") or {}
    if not isinstance(address, Mapping):
        address = {}
    brins = [
        (entry.value.get("identifier"), entry.path)
        for entry in members(issuer, "otherIdentifier", objects=True)
        if entry.value.get("identifierType") == "ext:BRIN"
    ]
    brin, problem = _one("BRIN code", brins, ("issuer",))
    info = IssuerInfo(
        id=issuer.get("id"),  # type: ignore[arg-type]
        name=issuer.get("name"),  # type: ignore[arg-type]
        country_code=address.get("addressCountryCode"),  # type: ignore[arg-type]
        region=address.get("addressRegion"),
        url=issuer.get("url"),
        brin=brin,
    )
    return info, [problem] if problem is not None else []


def decode_credential(
    credential: Mapping[str, Any],
) -> tuple[MicrocredentialProfile, CredentialFacts]:
    """Read the profile and the credential-level facts back from an ``OpenBadgeCredential``.

    Every identifier and result is read, in no particular order: several different learner
    names, e-mail addresses, grades (results of the grading scheme) or BRIN codes are refused
    as ``quality.ambiguous``, as are several credential subjects. The e-mail address of a
    hashed recipient cannot be recovered: an :class:`~microcredential.quality.EmailRecipient`
    is returned only for credentials that carry the address in plain text; a credential that
    names its learner by a hashed address only gives a
    :class:`~microcredential.quality.HashedRecipient` (check an address against it with
    :func:`~microcredential.recipient_matches`).
    """
    if subject_count(credential) > 1:
        raise InvalidDocumentError.from_problems(
            [
                Problem.at(
                    "quality.ambiguous",
                    "the credential has several credentialSubject objects; a microcredential "
                    "is awarded to one learner",
                    ("credentialSubject",),
                )
            ]
        )
    found = find_achievement(credential)
    subject = find_subject(credential)
    if found is None or not found.path or subject is None:
        raise InvalidDocumentError.from_problems(
            [Problem("quality.no-achievement", "no credentialSubject.achievement object")]
        )
    profile = decode_achievement(found.value)
    grading = AchievementView(found.value).grading()
    grading_id = _node_id(found.value, grading.path) if grading is not None else None
    learner, problems = _learner_facts(subject, grading_id)
    try:
        issuer, issuer_problems = _issuer_info(credential.get("issuer"))
        problems += issuer_problems
        if problems:
            raise InvalidDocumentError.from_problems(problems)
        facts = CredentialFacts(
            learner=learner["learner"],
            issuer=issuer,
            valid_from=read_datetime(credential.get("validFrom")),  # type: ignore[arg-type]
            learner_name=learner["learner_name"],
            grade=learner["grade"],
        )
    except (ValueError, TypeError, AttributeError) as exc:
        if isinstance(exc, InvalidDocumentError):
            raise
        problem = Problem("quality.credential-facts", f"credential facts unreadable: {exc}")
        raise InvalidDocumentError.from_problems([problem]) from None
    return profile, facts


def _node_id(achievement: Mapping[str, Any], path: tuple[str | int, ...]) -> object:
    """The ``id`` of the object at ``path`` inside ``achievement``."""
    node: Any = achievement
    for segment in path:
        node = node[segment]
    return node.get("id") if isinstance(node, Mapping) else None
