"""Reading the microcredential elements back from an Open Badges 3.0 achievement or credential.

Reading is tolerant and shared by both encodings and by the validator's rules: alignments are
preferred, the Edubadges extension properties are the fallback, and the values the Edubadges
platform stores (``written_exam``, ``blended,online`` and the legacy values) are mapped to the
vocabulary (:data:`~microcredential.quality.encoding.EDUBADGES_STORED_PARTICIPATION`,
:data:`~microcredential.quality.encoding.EDUBADGES_STORED_ASSESSMENT`).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..errors import InvalidDocumentError
from ..problems import Problem
from ._values import Path, is_number, is_text, read_datetime
from .encoding import (
    EDUBADGES_ACHIEVEMENT_TYPE,
    EDUBADGES_ASSESSMENT,
    EDUBADGES_STORED_ASSESSMENT,
    EDUBADGES_STORED_PARTICIPATION,
    EDUBADGES_SUPERVISION,
    TargetType,
    self_url,
)
from .profile import (
    NLQF_LEVELS,
    QF_EHEA_CYCLES,
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
    "EDUBADGES_PROPERTIES",
    "UNDEFINED_FALLBACKS",
    "AchievementView",
    "Found",
    "decode_achievement",
    "decode_credential",
    "find_achievement",
]


class Found(NamedTuple):
    """A value read from a document, with the path (segments) it was read from."""

    value: Any
    path: Path


_EB_PARTICIPATION_READ: dict[str, ParticipationForm] = {
    "online": ParticipationForm.ONLINE,
    # The Edubadges term does not say which of the two; it is read as onsite.
    "onsite or blended": ParticipationForm.ONSITE,
    "volunteering": ParticipationForm.VOLUNTEERING,
    "work experience": ParticipationForm.WORK_EXPERIENCE,
    "personalized learning activities": ParticipationForm.PERSONALISED,
}
_EB_ASSESSMENT_READ = {v: k for k, v in EDUBADGES_ASSESSMENT.items()}
_EB_SUPERVISION_READ: dict[str, Supervision] = {v: k for k, v in EDUBADGES_SUPERVISION.items()}


def find_achievement(document: object) -> Found | None:
    """The achievement of a credential (or the document itself when it is an achievement)."""
    if not isinstance(document, Mapping):
        return None
    subject = document.get("credentialSubject")
    if isinstance(subject, Mapping):
        achievement = subject.get("achievement")
        if isinstance(achievement, Mapping):
            return Found(achievement, ("credentialSubject", "achievement"))
        return None
    if isinstance(subject, list) and subject and isinstance(subject[0], Mapping):
        achievement = subject[0].get("achievement")
        if isinstance(achievement, Mapping):
            return Found(achievement, ("credentialSubject", 0, "achievement"))
        return None
    types = document.get("type")
    if types == "Achievement" or (isinstance(types, list) and "Achievement" in types):
        return Found(document, ())
    return None


#: The properties an achievement may carry that no bundled context defines: they are not part of
#: the signed data, so they are never read as a microcredential element (the rules report them).
UNDEFINED_FALLBACKS = ("learningOutcome", "LearningOutcome", "EQF")
#: The Edubadges properties, defined only on an ``EducredentialAchievement`` under the Edubadges
#: context.
EDUBADGES_PROPERTIES = (
    "ECTS",
    "SBU",
    "timeInvestment",
    "participationType",
    "assessmentType",
    "supervisionType",
    "identityChecked",
)
#: What each Edubadges supervision term says about identity verification (``None``: nothing).
_EB_SUPERVISION_IDENTITY: dict[str, bool | None] = {
    "unsupervised with no identity verification": False,
    "supervised with no identity verification": False,
    "onsite with identity verification": True,
    "supervised online": None,
}
#: Stackability options as written: the codes, and the Recommendation's own spelling.
_STACKABILITY_READ = {
    "standalone": Stackability.STANDALONE,
    "stand-alone": Stackability.STANDALONE,
    "stackable": Stackability.STACKABLE,
    "integrated": Stackability.INTEGRATED,
}


@dataclass(frozen=True)
class AchievementView:
    """Tolerant, read-only access to the microcredential elements of an achievement.

    Every accessor returns :class:`Found` values (value plus path), never raises, and ignores
    values of the wrong JSON type (the rules report those). Only signed data is read: the
    Edubadges properties count only on an ``EducredentialAchievement`` and, when
    ``edubadges_context`` is ``False`` (a credential that does not list the Edubadges context),
    not at all; properties no context defines (:data:`UNDEFINED_FALLBACKS`) are never read.
    """

    achievement: Mapping[str, Any]
    path: Path = ()
    edubadges_context: bool = True

    def _at(self, *segments: str | int) -> Path:
        return (*self.path, *segments)

    def get(self, key: str) -> Found | None:
        """A top-level property, if present."""
        if key in self.achievement:
            return Found(self.achievement[key], self._at(key))
        return None

    def types(self) -> list[str]:
        """The achievement's ``type`` values (strings only)."""
        value = self.achievement.get("type")
        if isinstance(value, str):
            return [value]
        if isinstance(value, list):
            return [t for t in value if isinstance(t, str)]
        return []

    @functools.cached_property
    def edubadges_terms(self) -> bool:
        """Whether the Edubadges properties are defined here (and so signed)."""
        return self.edubadges_context and EDUBADGES_ACHIEVEMENT_TYPE in self.types()

    def extension(self, key: str) -> Found | None:
        """An Edubadges property, where a context defines it (else ``None``)."""
        return self.get(key) if self.edubadges_terms else None

    def undefined(self) -> list[Found]:
        """Present properties that no context of the credential defines (not signed)."""
        keys = list(UNDEFINED_FALLBACKS)
        if not self.edubadges_terms:
            keys += EDUBADGES_PROPERTIES
        return [found for key in keys if (found := self.get(key)) is not None]

    @functools.cached_property
    def _alignments(self) -> tuple[Found, ...]:
        # Every rule reads the alignments; the view is immutable, so they are found once.
        value = self.achievement.get("alignment")
        if isinstance(value, Mapping):
            return (Found(value, self._at("alignment")),)
        if not isinstance(value, list):
            return ()
        return tuple(
            Found(item, self._at("alignment", index))
            for index, item in enumerate(value)
            if isinstance(item, Mapping)
        )

    def alignments(self) -> Iterator[Found]:
        """Every alignment that is a JSON object."""
        return iter(self._alignments)

    def aligned(self, *target_types: str) -> list[Found]:
        """The alignments whose ``targetType`` is one of ``target_types``."""
        return [a for a in self.alignments() if a.value.get("targetType") in target_types]

    def title(self) -> Found | None:
        """Annex I M2."""
        found = self.get("name")
        return found if found and is_text(found.value) else None

    # -- M6 learning outcomes ------------------------------------------------------------------

    @functools.cached_property
    def _outcomes(self) -> tuple[str | None, tuple[Found, ...]]:
        aid = self.achievement.get("id")
        aligned: list[Found] = []
        for i, found in enumerate(self.aligned(TargetType.LEARNING_OUTCOME), start=1):
            name, url = found.value.get("targetName"), found.value.get("targetUrl")
            if is_text(name):
                own = isinstance(aid, str) and url == self_url(aid, f"learning-outcome-{i}")
                link = url if isinstance(url, str) and not own else None
                try:
                    outcome = LearningOutcome(name, link)
                except ValueError:  # an unusable targetUrl: OB-02 reports it
                    outcome = LearningOutcome(name)
                aligned.append(Found(outcome, found.path))
        if aligned:
            return "alignment", tuple(aligned)
        described = [
            Found(LearningOutcome(rd.value["name"]), (*rd.path, "name"))
            for rd in self.result_descriptions()
            if is_text(rd.value.get("name"))
        ]
        if described:
            return "resultDescription", tuple(described)
        criteria = self.get("criteria")
        if criteria is not None and isinstance(criteria.value, Mapping):
            narrative = criteria.value.get("narrative")
            if is_text(narrative):
                return "narrative", (
                    Found(LearningOutcome(narrative), (*criteria.path, "narrative")),
                )
        return None, ()

    def learning_outcomes(self) -> list[Found]:
        """Annex I M6 as :class:`LearningOutcome` values, from the first place that has any.

        ``ext:LearningOutcome`` alignments; else the names of the ``resultDescription`` s (the
        Edubadges convention); else ``criteria.narrative``. :meth:`learning_outcomes_source`
        says which.
        """
        return list(self._outcomes[1])

    def learning_outcomes_source(self) -> str | None:
        """``"alignment"``, ``"resultDescription"``, ``"narrative"`` or ``None``."""
        return self._outcomes[0]

    def result_descriptions(self) -> list[Found]:
        """Every ``resultDescription`` that is a JSON object."""
        found = self.get("resultDescription")
        if found is None:
            return []
        items = found.value if isinstance(found.value, list) else [found.value]
        return [
            Found(item, (*found.path, index) if isinstance(found.value, list) else found.path)
            for index, item in enumerate(items)
            if isinstance(item, Mapping)
        ]

    # -- M7 workload ----------------------------------------------------------------------------

    def ects_statements(self) -> list[Found]:
        """Every statement of the workload in ECTS credits: ``creditsAvailable``, ``ECTS``."""
        found = [self.get("creditsAvailable"), self.extension("ECTS")]
        return [f for f in found if f is not None and is_number(f.value) and f.value > 0]

    def hours_statements(self) -> list[Found]:
        """Every statement of the workload in hours: the workload alignments, ``timeInvestment``
        and ``SBU``."""
        out: list[Found] = []
        for found in self.aligned(TargetType.WORKLOAD_HOURS):
            code = found.value.get("targetCode")
            try:
                value = float(code) if isinstance(code, str) else math.nan
            except ValueError:
                continue
            if math.isfinite(value) and value > 0:
                number = int(value) if value.is_integer() else value
                out.append(Found(number, (*found.path, "targetCode")))
        for key in ("timeInvestment", "SBU"):
            prop = self.extension(key)
            if prop and is_number(prop.value) and prop.value > 0:
                out.append(prop)
        return out

    def ects(self) -> Found | None:
        """Annex I M7 in ECTS credits: ``creditsAvailable``, else Edubadges ``ECTS``."""
        return next(iter(self.ects_statements()), None)

    def hours(self) -> Found | None:
        """Annex I M7 in hours: the workload alignment, else ``timeInvestment``/``SBU``."""
        return next(iter(self.hours_statements()), None)

    def sbu(self) -> Found | None:
        """Edubadges ``SBU`` (MBO study load hours)."""
        found = self.extension("SBU")
        return found if found and is_number(found.value) else None

    # -- M8 level -------------------------------------------------------------------------------

    def _level(self, types: frozenset[str] | set[str], allowed: Sequence[str]) -> Found | None:
        for found in self.aligned(*types):
            code = found.value.get("targetCode")
            if isinstance(code, int) and not isinstance(code, bool):
                code = str(code)
            if code in allowed:
                return Found(code, found.path)
        return None

    def eqf_level(self) -> Found | None:
        """Annex I M8: the EQF level as an ``int`` (``ext:EQFLevel`` or ``ext:EQF``)."""
        found = self._level(TargetType.EQF_ALIASES, [str(n) for n in range(1, 9)])
        return None if found is None else Found(int(found.value), found.path)

    def nlqf_level(self) -> Found | None:
        """The NLQF level (``entry``, ``1``–``8``)."""
        return self._level({TargetType.NLQF}, NLQF_LEVELS)

    def qf_ehea_cycle(self) -> Found | None:
        """The QF-EHEA cycle (``short``, ``1``–``3``)."""
        return self._level({TargetType.QF_EHEA}, QF_EHEA_CYCLES)

    # -- M9, M10 assessment and participation ---------------------------------------------------

    def _statements(
        self, target_type: str, key: str, enum: Any, read: Mapping[str, Any]
    ) -> list[tuple[Found, Any]]:
        out = [
            (Found(f.value.get("targetCode"), (*f.path, "targetCode")), enum.from_code(
                f.value.get("targetCode")))
            for f in self.aligned(target_type)
        ]  # fmt: skip
        prop = self.extension(key)
        if prop is not None:
            out += [(Found(value, prop.path), read.get(value)) for value in _split(prop.value)]
        return out

    def assessment_statements(self) -> list[tuple[Found, AssessmentType | None]]:
        """Every statement of Annex I M9, with the type it means (``None``: not a known one).

        ``ext:AssessmentType`` alignments (their ``targetCode``) and the Edubadges
        ``assessmentType`` (its OB 3.0 terms and the values the platform stores).
        """
        read = {**_EB_ASSESSMENT_READ, **EDUBADGES_STORED_ASSESSMENT}
        return self._statements(TargetType.ASSESSMENT, "assessmentType", AssessmentType, read)

    def participation_statements(self) -> list[tuple[Found, ParticipationForm | None]]:
        """Every statement of Annex I M10, with the form it means (``None``: not a known one)."""
        read = {**EDUBADGES_STORED_PARTICIPATION, **_EB_PARTICIPATION_READ}
        return self._statements(
            TargetType.PARTICIPATION, "participationType", ParticipationForm, read
        )

    @staticmethod
    def _known(statements: list[tuple[Found, Any]]) -> list[Found]:
        # The alignments are preferred; the Edubadges property is read when there is none.
        from_alignments = [
            Found(member, found.path[:-1])
            for found, member in statements
            if member is not None and found.path[-1:] == ("targetCode",)
        ]
        if from_alignments:
            return from_alignments
        return [Found(member, found.path) for found, member in statements if member is not None]

    def assessment_types(self) -> list[Found]:
        """Annex I M9 (alignments, else Edubadges ``assessmentType`` incl. stored values)."""
        return self._known(self.assessment_statements())

    def participation_forms(self) -> list[Found]:
        """Annex I M10 (alignments, else Edubadges ``participationType`` incl. stored values)."""
        return self._known(self.participation_statements())

    def quality_assurance(self) -> Found | None:
        """Annex I M11: a :class:`QualityAssurance` from the ``ext:QualityAssurance`` alignment."""
        for found in self.aligned(TargetType.QUALITY_ASSURANCE):
            a = found.value
            name, url, text = a.get("targetName"), a.get("targetUrl"), a.get("targetDescription")
            try:
                qa = QualityAssurance(name, url, text if is_text(text) else None)
            except ValueError:
                continue
            return Found(qa, found.path)
        return None

    # -- optional elements --------------------------------------------------------------------

    def identity_checked(self) -> Found | None:
        """The Edubadges ``identityChecked`` flag, as written."""
        return self.extension("identityChecked")

    def supervision(self) -> Found | None:
        """Annex I O2 (alignment, else Edubadges ``supervisionType`` with ``identityChecked``).

        The Edubadges term ``supervised online`` names the supervision only; whether the
        identity was verified is read from ``identityChecked``.
        """
        for found in self.aligned(TargetType.SUPERVISION):
            member = Supervision.from_code(found.value.get("targetCode"))
            if member is not None:
                return Found(member, found.path)
        prop = self.extension("supervisionType")
        if prop is None or not isinstance(prop.value, str):
            return None
        if prop.value in _EB_SUPERVISION_READ:
            return Found(_EB_SUPERVISION_READ[prop.value], prop.path)
        if prop.value == "supervised online":
            checked = self.identity_checked()
            verified = checked is not None and checked.value is True
            member = Supervision.SUPERVISED_WITH_ID if verified else Supervision.SUPERVISED_NO_ID
            return Found(member, prop.path)
        return None

    def supervision_identity_statement(self) -> Found | None:
        """What the supervision statement itself says about identity verification.

        ``Found(True/False, path)`` for a statement that names it, ``None`` for one that does
        not (``supervised online``) or for no statement.
        """
        for found in self.aligned(TargetType.SUPERVISION):
            member = Supervision.from_code(found.value.get("targetCode"))
            if member is not None:
                return Found(member.identity_checked, found.path)
        prop = self.extension("supervisionType")
        if prop is not None and isinstance(prop.value, str):
            said = _EB_SUPERVISION_IDENTITY.get(prop.value)
            if said is not None:
                return Found(said, prop.path)
        return None

    def prerequisites(self) -> Found | None:
        """Annex I O1."""
        for found in self.aligned(TargetType.PREREQUISITES):
            text = found.value.get("targetDescription")
            if is_text(text):
                return Found(text, found.path)
        return None

    def stackability(self) -> tuple[Found, Link | None] | None:
        """Annex I O4: the option and, for a stackable or integrated one, what it stacks toward.

        The option is read from ``targetCode``; ``stand-alone`` (the Recommendation's spelling)
        is read as ``standalone``.
        """
        aid = self.achievement.get("id")
        for found in self.aligned(TargetType.STACKABILITY):
            code = found.value.get("targetCode")
            option = _STACKABILITY_READ.get(code) if isinstance(code, str) else None
            if option is None:
                continue
            url, name = found.value.get("targetUrl"), found.value.get("targetName")
            link: Link | None = None
            own = isinstance(aid, str) and url == self_url(aid, "stackability")
            if option is not Stackability.STANDALONE and not own:
                try:
                    link = Link(url, name)
                except ValueError:
                    link = None
            return Found(option, found.path), link
        return None

    def further_information(self) -> Found | None:
        """Annex I O5."""
        for found in self.aligned(TargetType.FURTHER_INFORMATION):
            try:
                return Found(
                    Link(found.value.get("targetUrl"), found.value.get("targetName")), found.path
                )
            except ValueError:
                continue
        return None

    def grading(self) -> Found | None:
        """The grading scheme: the first ``resultDescription``."""
        found = self.get("resultDescription")
        if not (found and isinstance(found.value, list) and found.value):
            return None
        rd = found.value[0]
        if not isinstance(rd, Mapping):
            return None
        values: dict[str, Any] = {k: rd.get(k) for k in ("valueMin", "valueMax", "requiredValue")}
        name: Any = rd.get("name")
        result_type: Any = rd.get("resultType")
        try:
            scheme = GradingScheme(
                name,
                values["valueMin"] if is_text(values["valueMin"]) else None,
                values["valueMax"] if is_text(values["valueMax"]) else None,
                values["requiredValue"] if is_text(values["requiredValue"]) else None,
                result_type if isinstance(result_type, str) else "Result",
            )
        except (ValueError, TypeError, AttributeError):
            return None
        return Found(scheme, (*found.path, 0))


def _split(value: object) -> list[str]:
    """An Edubadges value: a string (comma-joined when stored multi-valued) or a list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str)]
    return []


def _value(found: Found | None) -> Any:
    return None if found is None else found.value


def decode_achievement(achievement: Mapping[str, Any]) -> MicrocredentialProfile:
    """Read a :class:`MicrocredentialProfile` back from an achievement (either encoding).

    Raises :class:`~microcredential.errors.InvalidDocumentError` when a mandatory element is
    missing or unreadable; use :func:`~microcredential.quality.validate` for a full report.
    """
    if not isinstance(achievement, Mapping):
        raise InvalidDocumentError.from_problems(
            [Problem("quality.not-an-achievement", "expected an Achievement JSON object")]
        )
    view = AchievementView(achievement)
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


def _unique(values: Iterator[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def decode_credential(
    credential: Mapping[str, Any],
) -> tuple[MicrocredentialProfile, CredentialFacts]:
    """Read the profile and the credential-level facts back from an ``OpenBadgeCredential``.

    The e-mail address of a hashed recipient cannot be recovered: an
    :class:`~microcredential.quality.EmailRecipient` is returned only for credentials that
    carry the address in plain text; hashed ones give the ``credentialSubject.id`` or raise.
    """
    found = find_achievement(credential)
    if found is None or not found.path:
        raise InvalidDocumentError.from_problems(
            [Problem("quality.no-achievement", "no credentialSubject.achievement object")]
        )
    profile = decode_achievement(found.value)
    subject = credential["credentialSubject"]
    if isinstance(subject, list):
        subject = subject[0]
    issuer = credential.get("issuer")
    problems: list[Problem] = []
    learner: str | EmailRecipient | None = subject.get("id")
    learner_name = None
    for ident in subject.get("identifier") or ():
        if not isinstance(ident, Mapping):
            continue
        if ident.get("identityType") == "name" and ident.get("hashed") is False:
            learner_name = ident.get("identityHash")
        elif ident.get("identityType") == "emailAddress" and ident.get("hashed") is False:
            learner = learner or EmailRecipient(ident.get("identityHash"))  # type: ignore[arg-type]
    grade = None
    for result in subject.get("result") or ():
        if isinstance(result, Mapping) and isinstance(result.get("value"), str):
            grade = result["value"]
            break
    valid_from = read_datetime(credential.get("validFrom"))
    try:
        if not isinstance(issuer, Mapping):
            raise ValueError("issuer must be a Profile object")
        address = issuer.get("address") if isinstance(issuer.get("address"), Mapping) else {}
        brin = next(
            (
                entry.get("identifier")
                for entry in issuer.get("otherIdentifier") or ()
                if isinstance(entry, Mapping) and entry.get("identifierType") == "ext:BRIN"
            ),
            None,
        )
        facts = CredentialFacts(
            learner=learner,  # type: ignore[arg-type]
            issuer=IssuerInfo(
                id=issuer.get("id"),  # type: ignore[arg-type]
                name=issuer.get("name"),  # type: ignore[arg-type]
                country_code=address.get("addressCountryCode"),  # type: ignore[union-attr,arg-type]
                region=address.get("addressRegion"),  # type: ignore[union-attr]
                url=issuer.get("url"),
                brin=brin,
            ),
            valid_from=valid_from,  # type: ignore[arg-type]
            learner_name=learner_name,
            grade=grade,
        )
    except (ValueError, TypeError, AttributeError) as exc:
        problems.append(Problem("quality.credential-facts", f"credential facts unreadable: {exc}"))
        raise InvalidDocumentError.from_problems(problems) from None
    return profile, facts
