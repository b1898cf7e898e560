"""Reading the microcredential elements from an Open Badges 3.0 achievement or credential.

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

from ._values import Path, is_number, is_text
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
    GradingScheme,
    LearningOutcome,
    Link,
    QualityAssurance,
)
from .vocab import AssessmentType, ParticipationForm, Stackability, Supervision

__all__ = [
    "EDUBADGES_PROPERTIES",
    "UNDEFINED_FALLBACKS",
    "AchievementView",
    "Found",
    "find_achievement",
    "find_subject",
    "members",
    "subject_count",
]


class Found(NamedTuple):
    """A value read from a document, with the path (segments) it was read from."""

    value: Any
    path: Path


def members(node: object, key: str, path: Path = (), *, objects: bool = False) -> list[Found]:
    """Every value of the property ``key`` of the object ``node`` (at ``path``), one by one.

    In JSON-LD a property's values are a set: one value and a one-element array are the same
    data (``@container: @set`` in a context changes only how a processor compacts), so every
    rule reads them through this. ``null`` and a missing property give no value; an item of an
    array carries its position in its path, a single value the property's own path. Values of
    any JSON type are returned, or with ``objects`` only the JSON objects: the caller decides
    what it can read (and reports the rest).
    """
    if not isinstance(node, Mapping):
        return []
    value = node.get(key)
    if value is None:
        return []
    if isinstance(value, list):
        found = [Found(item, (*path, key, index)) for index, item in enumerate(value)]
    else:
        found = [Found(value, (*path, key))]
    return [f for f in found if isinstance(f.value, Mapping)] if objects else found


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


def find_subject(document: object) -> Found | None:
    """The one credential subject object of a credential (``None`` when there is not one).

    ``credentialSubject`` may be written as a list; its items are an unordered set, so a list
    of several subjects has no "first" one and gives ``None`` (see :func:`subject_count`).
    """
    if not isinstance(document, Mapping):
        return None
    subject = document.get("credentialSubject")
    if isinstance(subject, Mapping):
        return Found(subject, ("credentialSubject",))
    if isinstance(subject, list) and len(subject) == 1 and isinstance(subject[0], Mapping):
        return Found(subject[0], ("credentialSubject", 0))
    return None


def subject_count(document: object) -> int:
    """How many credential subjects a credential names (a list counts each item)."""
    subject = document.get("credentialSubject") if isinstance(document, Mapping) else None
    if subject is None:
        return 0
    return len(subject) if isinstance(subject, list) else 1


def find_achievement(document: object) -> Found | None:
    """The achievement of a credential (or the document itself when it is an achievement).

    ``None`` when the credential has no single subject with an achievement object.
    """
    if not isinstance(document, Mapping):
        return None
    if "credentialSubject" in document:
        subject = find_subject(document)
        achievement = subject.value.get("achievement") if subject is not None else None
        if isinstance(achievement, Mapping) and subject is not None:
            return Found(achievement, (*subject.path, "achievement"))
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

    def members(self, key: str, *, objects: bool = False) -> list[Found]:
        """Every value of a property written as one value or an array (see :func:`members`)."""
        return members(self.achievement, key, self.path, objects=objects)

    @functools.cached_property
    def _alignments(self) -> tuple[Found, ...]:
        # Every rule reads the alignments; the view is immutable, so they are found once.
        return tuple(self.members("alignment", objects=True))

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
        return self.members("resultDescription", objects=True)

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

    def _levels(self, types: frozenset[str] | set[str], allowed: Sequence[str]) -> list[Found]:
        out = []
        for found in self.aligned(*types):
            code = found.value.get("targetCode")
            if isinstance(code, int) and not isinstance(code, bool):
                code = str(code)
            if code in allowed:
                out.append(Found(code, found.path))
        return out

    def eqf_levels(self) -> list[Found]:
        """Every EQF level stated (``ext:EQFLevel`` or ``ext:EQF`` alignments), as ``int`` s."""
        found = self._levels(TargetType.EQF_ALIASES, [str(n) for n in range(1, 9)])
        return [Found(int(f.value), f.path) for f in found]

    def eqf_level(self) -> Found | None:
        """Annex I M8: the EQF level as an ``int``, when every statement of it agrees."""
        return _only(self.eqf_levels())

    def nlqf_levels(self) -> list[Found]:
        """Every NLQF level stated (``entry``, ``1``–``8``)."""
        return self._levels({TargetType.NLQF}, NLQF_LEVELS)

    def nlqf_level(self) -> Found | None:
        """The NLQF level, when every statement of it agrees."""
        return _only(self.nlqf_levels())

    def qf_ehea_cycles(self) -> list[Found]:
        """Every QF-EHEA cycle stated (``short``, ``1``–``3``)."""
        return self._levels({TargetType.QF_EHEA}, QF_EHEA_CYCLES)

    def qf_ehea_cycle(self) -> Found | None:
        """The QF-EHEA cycle, when every statement of it agrees."""
        return _only(self.qf_ehea_cycles())

    def level_stated(self) -> bool:
        """Whether any level (EQF, NLQF, QF-EHEA cycle) is stated, agreeing or not."""
        return bool(self.eqf_levels() or self.nlqf_levels() or self.qf_ehea_cycles())

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

    def quality_assurances(self) -> list[Found]:
        """Annex I M11: every readable ``ext:QualityAssurance`` alignment."""
        out = []
        for found in self.aligned(TargetType.QUALITY_ASSURANCE):
            a = found.value
            name, url, text = a.get("targetName"), a.get("targetUrl"), a.get("targetDescription")
            try:
                qa = QualityAssurance(name, url, text if is_text(text) else None)
            except ValueError:
                continue
            out.append(Found(qa, found.path))
        return out

    def quality_assurance(self) -> Found | None:
        """Annex I M11: a :class:`QualityAssurance`, when one is stated (or all agree)."""
        return _only(self.quality_assurances())

    # -- optional elements --------------------------------------------------------------------

    def identity_checked(self) -> Found | None:
        """The Edubadges ``identityChecked`` flag, as written."""
        return self.extension("identityChecked")

    def supervisions(self) -> list[Found]:
        """Annex I O2: every readable statement (alignments and Edubadges ``supervisionType``).

        The Edubadges term ``supervised online`` names the supervision only; whether the
        identity was verified is read from ``identityChecked``.
        """
        out = []
        for found in self.aligned(TargetType.SUPERVISION):
            member = Supervision.from_code(found.value.get("targetCode"))
            if member is not None:
                out.append(Found(member, found.path))
        prop = self.extension("supervisionType")
        if prop is None or not isinstance(prop.value, str):
            return out
        if prop.value in _EB_SUPERVISION_READ:
            out.append(Found(_EB_SUPERVISION_READ[prop.value], prop.path))
        elif prop.value == "supervised online":
            checked = self.identity_checked()
            verified = checked is not None and checked.value is True
            member = Supervision.SUPERVISED_WITH_ID if verified else Supervision.SUPERVISED_NO_ID
            out.append(Found(member, prop.path))
        return out

    def supervision(self) -> Found | None:
        """Annex I O2, when every statement of it agrees."""
        return _only(self.supervisions())

    def supervision_identity_statement(self) -> Found | None:
        """What the supervision statement itself says about identity verification.

        ``Found(True/False, path)`` for a statement that names it, ``None`` for one that does
        not (``supervised online``) or for no statement.
        """
        said = [
            Found(member.identity_checked, found.path)
            for found in self.aligned(TargetType.SUPERVISION)
            if (member := Supervision.from_code(found.value.get("targetCode"))) is not None
        ]
        prop = self.extension("supervisionType")
        if prop is not None and isinstance(prop.value, str):
            identity = _EB_SUPERVISION_IDENTITY.get(prop.value)
            if identity is not None:
                said.append(Found(identity, prop.path))
        return _only(said)

    def prerequisite_statements(self) -> list[Found]:
        """Annex I O1: every ``ext:Prerequisites`` alignment with a description."""
        return [
            Found(found.value["targetDescription"], found.path)
            for found in self.aligned(TargetType.PREREQUISITES)
            if is_text(found.value.get("targetDescription"))
        ]

    def prerequisites(self) -> Found | None:
        """Annex I O1, when stated once (or every statement agrees)."""
        return _only(self.prerequisite_statements())

    def stackabilities(self) -> list[Found]:
        """Annex I O4: every readable option, each ``Found((option, link), path)``.

        The option is read from ``targetCode``; ``stand-alone`` (the Recommendation's spelling)
        is read as ``standalone``. The link is what a stackable or integrated one stacks toward.
        """
        aid = self.achievement.get("id")
        out = []
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
            out.append(Found((option, link), found.path))
        return out

    def stackability(self) -> tuple[Found, Link | None] | None:
        """Annex I O4: the option and its link, when every statement agrees."""
        found = _only(self.stackabilities())
        if found is None:
            return None
        option, link = found.value
        return Found(option, found.path), link

    def further_informations(self) -> list[Found]:
        """Annex I O5: every readable ``ext:FurtherInformation`` alignment, as :class:`Link`."""
        out = []
        for found in self.aligned(TargetType.FURTHER_INFORMATION):
            try:
                link = Link(found.value.get("targetUrl"), found.value.get("targetName"))
            except ValueError:
                continue
            out.append(Found(link, found.path))
        return out

    def further_information(self) -> Found | None:
        """Annex I O5, when stated once (or every statement agrees)."""
        return _only(self.further_informations())

    def grading_schemes(self) -> list[Found]:
        """Every ``resultDescription`` readable as a :class:`GradingScheme`."""
        out = []
        for found in self.result_descriptions():
            rd = found.value
            values = {k: rd.get(k) for k in ("valueMin", "valueMax", "requiredValue")}
            result_type: Any = rd.get("resultType")
            try:
                scheme = GradingScheme(
                    rd.get("name"),
                    values["valueMin"] if is_text(values["valueMin"]) else None,
                    values["valueMax"] if is_text(values["valueMax"]) else None,
                    values["requiredValue"] if is_text(values["requiredValue"]) else None,
                    result_type if isinstance(result_type, str) else "Result",
                )
            except (ValueError, TypeError, AttributeError):
                continue
            out.append(Found(scheme, found.path))
        return out

    def grading(self) -> Found | None:
        """The grading scheme, when the achievement describes one result (or all agree)."""
        return _only(self.grading_schemes())

    def ambiguities(self) -> list[tuple[str, list[Found]]]:
        """The single-valued elements stated several times with different values.

        Arrays in these credentials are unordered sets (no context declares them ``@list``),
        so no statement is "the first": when they disagree, nothing says which one holds.
        """
        stated = (
            ("EQF level", self.eqf_levels()),
            ("NLQF level", self.nlqf_levels()),
            ("QF-EHEA cycle", self.qf_ehea_cycles()),
            ("quality assurance", self.quality_assurances()),
            ("supervision", self.supervisions()),
            ("prerequisites", self.prerequisite_statements()),
            ("stackability", self.stackabilities()),
            ("further information", self.further_informations()),
            ("grading scheme", self.grading_schemes()),
        )
        return [(name, found) for name, found in stated if found and _only(found) is None]


def _only(found: list[Found]) -> Found | None:
    """The one value stated, when every statement agrees; ``None`` when there is none or they
    disagree (see :meth:`AchievementView.ambiguities`). No order is assumed."""
    if not found:
        return None
    first = found[0]
    return first if all(f.value == first.value for f in found[1:]) else None


def _split(value: object) -> list[str]:
    """An Edubadges value: a string (comma-joined when stored multi-valued) or a list."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str)]
    return []
