"""Writing a :class:`MicrocredentialProfile` into an Open Badges 3.0 achievement.

Two encodings:

``ob3`` (the default)
    Plain Open Badges 3.0.3 under the VC 2.0 and OB 3.0.3 contexts only, so the credential signs
    with ``eddsa-rdfc-2022`` in safe mode and any OB 3.0 verifier reads it.
    ``achievementType`` is ``MicroCredential``, ``creditsAvailable`` carries the ECTS credits,
    the grading scheme is a ``resultDescription``, and every element OB 3.0 has no property for
    is an ``Alignment`` whose ``targetType`` starts with ``ext:`` (see :class:`TargetType`).
``edubadges``
    The ``ob3`` encoding plus the Edubadges extension: the extra achievement type
    ``EducredentialAchievement`` with ``ECTS``, ``timeInvestment``, ``participationType``,
    ``assessmentType``, ``supervisionType`` and ``identityChecked``, under the Edubadges
    context (:data:`EDUBADGES_CONTEXT_URL`, bundled in corrected form).

Reading them back is :mod:`microcredential.quality.reading`; this module holds what the two
directions share: the target types, the Edubadges vocabulary and the values its platform stores.
"""

from __future__ import annotations

import importlib
import json
from importlib import resources
from typing import Any, Literal

from .._deprecated import renamed_attributes
from .._grades import decimal_point
from ..constants import OB_CONTEXT, VC_V2_CONTEXT
from .profile import GradingScheme, MicrocredentialProfile
from .vocab import (
    EQF_FRAMEWORK,
    NLQF_FRAMEWORK,
    NLQF_URL,
    QF_EHEA_FRAMEWORK,
    QF_EHEA_URL,
    AssessmentType,
    ParticipationForm,
    Supervision,
    eqf_iri,
)

__all__ = [
    "EDUBADGES_ACHIEVEMENT_TYPE",
    "EDUBADGES_ASSESSMENT",
    "EDUBADGES_CONTEXT_URL",
    "EDUBADGES_PARTICIPATION",
    "EDUBADGES_STORED_ASSESSMENT",
    "EDUBADGES_STORED_PARTICIPATION",
    "EDUBADGES_SUPERVISION",
    "ENCODINGS",
    "Encoding",
    "TargetType",
    "edubadges_context",
    "encode_achievement",
    "self_url",
]


def _moved(module: str, name: str) -> tuple[str, Any]:
    """A name that moved to a sibling module (imported on access: they import this one)."""

    def get() -> object:
        return getattr(importlib.import_module(f"{__package__}.{module}"), name)

    return f"{__package__}.{module}.{name}", get


__getattr__ = renamed_attributes(
    __name__,
    {
        "VC2_CONTEXT": ("microcredential.constants.VC_V2_CONTEXT", lambda: VC_V2_CONTEXT),
        "OB3_CONTEXT": ("microcredential.constants.OB_CONTEXT", lambda: OB_CONTEXT),
        "AchievementView": _moved("reading", "AchievementView"),
        "Found": _moved("reading", "Found"),
        "find_achievement": _moved("reading", "find_achievement"),
        "decode_achievement": _moved("decoding", "decode_achievement"),
        "decode_credential": _moved("decoding", "decode_credential"),
    },
)

Encoding = Literal["ob3", "edubadges"]
ENCODINGS: tuple[Encoding, ...] = ("ob3", "edubadges")
#: The URL Edubadges credentials list for their context. The document published there has a
#: scoped context written ``"context"`` instead of ``"@context"`` (and a missing comma), so no
#: JSON-LD processor accepts it; the copy bundled here (:func:`edubadges_context`) is corrected
#: and otherwise keeps the published term IRIs, misspellings included.
EDUBADGES_CONTEXT_URL = (
    "https://raw.githubusercontent.com/educredentials/obv3-examples/refs/heads/main/"
    "contexts/educredential.json"
)
EDUBADGES_ACHIEVEMENT_TYPE = "EducredentialAchievement"


def edubadges_context() -> dict[str, Any]:
    """The corrected Edubadges context document (a fresh copy on every call).

    It is bundled with the offline JSON-LD loader under :data:`EDUBADGES_CONTEXT_URL`.
    """
    bundled = resources.files("microcredential.jsonld").joinpath("contexts", "edubadges.jsonld")
    text = bundled.read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


class TargetType:
    """The ``ext:`` alignment target types this library writes (and the aliases it reads)."""

    LEARNING_OUTCOME = "ext:LearningOutcome"
    WORKLOAD_HOURS = "ext:NotionalWorkload"
    EQF = "ext:EQFLevel"
    EQF_ALIASES = frozenset({"ext:EQFLevel", "ext:EQF"})
    NLQF = "ext:NLQFLevel"
    QF_EHEA = "ext:QFEHEACycle"
    ASSESSMENT = "ext:AssessmentType"
    PARTICIPATION = "ext:FormOfParticipation"
    QUALITY_ASSURANCE = "ext:QualityAssurance"
    SUPERVISION = "ext:SupervisionVerification"
    PREREQUISITES = "ext:Prerequisites"
    STACKABILITY = "ext:Stackability"
    FURTHER_INFORMATION = "ext:FurtherInformation"


#: Edubadges OB 3.0 vocabulary (``participationType``) for each form of participation.
EDUBADGES_PARTICIPATION: dict[ParticipationForm, str] = {
    ParticipationForm.ONLINE: "online",
    ParticipationForm.ONSITE: "onsite or blended",
    ParticipationForm.BLENDED: "onsite or blended",
    ParticipationForm.VOLUNTEERING: "volunteering",
    ParticipationForm.WORK_EXPERIENCE: "work experience",
    ParticipationForm.PERSONALISED: "personalized learning activities",
}
#: Edubadges OB 3.0 vocabulary (``assessmentType``) for each assessment type.
EDUBADGES_ASSESSMENT: dict[AssessmentType, str] = {
    AssessmentType.TESTING: "testing",
    AssessmentType.APPLICATION_OF_SKILL: "application of a skill",
    AssessmentType.PORTFOLIO: "portfolio",
    AssessmentType.RECOGNITION_OF_PRIOR_LEARNING: "recognition of prior learning",
}
#: Edubadges OB 3.0 vocabulary (``supervisionType``); "unsupervised with identity
#: verification" has no Edubadges value (only ``identityChecked: true`` is written).
EDUBADGES_SUPERVISION: dict[Supervision, str] = {
    Supervision.UNSUPERVISED_NO_ID: "unsupervised with no identity verification",
    Supervision.SUPERVISED_NO_ID: "supervised with no identity verification",
    Supervision.SUPERVISED_WITH_ID: "onsite with identity verification",
}
#: The legacy ``organized`` and ``practical`` mappings are this library's reading.
EDUBADGES_STORED_PARTICIPATION: dict[str, ParticipationForm] = {
    "online": ParticipationForm.ONLINE,
    "onsite": ParticipationForm.ONSITE,
    "blended": ParticipationForm.BLENDED,
    "work_experience": ParticipationForm.WORK_EXPERIENCE,
    "organized": ParticipationForm.ONSITE,
    "personalized": ParticipationForm.PERSONALISED,
    "practical": ParticipationForm.WORK_EXPERIENCE,
    "voluntary_work": ParticipationForm.VOLUNTEERING,
}
#: Values the Edubadges platform stores for assessment (current and legacy) → vocabulary.
#: ``personalized_assessment`` has no counterpart and is reported, not mapped.
EDUBADGES_STORED_ASSESSMENT: dict[str, AssessmentType] = {
    "written_exam": AssessmentType.TESTING,
    "oral_exam": AssessmentType.TESTING,
    "oram_exam": AssessmentType.TESTING,  # sic, as stored
    "knowledge_test": AssessmentType.TESTING,
    "report_paper": AssessmentType.APPLICATION_OF_SKILL,
    "behavioural_assessment": AssessmentType.APPLICATION_OF_SKILL,
    "professional_product": AssessmentType.APPLICATION_OF_SKILL,
    "application_skill": AssessmentType.APPLICATION_OF_SKILL,
    "development_report": AssessmentType.PORTFOLIO,
    "portfolio_assessment": AssessmentType.PORTFOLIO,
    "recognition_acquired_competences": AssessmentType.RECOGNITION_OF_PRIOR_LEARNING,
}


# -- writing -----------------------------------------------------------------------------------


def self_url(achievement_id: str, fragment: str) -> str:
    """The ``targetUrl`` of an element with no external concept: a fragment of the achievement."""
    joiner = "-" if "#" in achievement_id else "#"
    return f"{achievement_id}{joiner}{fragment}"


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _alignment(target_type: str, name: str, url: str, **extra: str) -> dict[str, Any]:
    out: dict[str, Any] = {"type": ["Alignment"], "targetType": target_type}
    out["targetName"] = name
    out["targetUrl"] = url
    out.update(extra)
    return out


def encode_achievement(
    profile: MicrocredentialProfile, *, id: str, encoding: Encoding = "ob3"
) -> dict[str, Any]:
    """The Open Badges 3.0 ``Achievement`` for ``profile`` (a new JSON-ready ``dict``).

    ``id`` is the achievement's IRI. ``encoding`` is ``"ob3"`` or ``"edubadges"``; with
    ``"edubadges"`` the credential must list :data:`EDUBADGES_CONTEXT_URL` in its ``@context``
    (:func:`~microcredential.quality.build_credential` does so).

    >>> from microcredential.quality import example_profile
    >>> achievement = encode_achievement(example_profile(), id="https://example.org/mc/1")
    >>> achievement["achievementType"], achievement["creditsAvailable"]
    ('MicroCredential', 5)
    """
    if encoding not in ENCODINGS:
        raise ValueError(f"encoding must be one of {ENCODINGS}, not {encoding!r}")
    if not isinstance(profile, MicrocredentialProfile):
        raise TypeError("profile must be a MicrocredentialProfile")
    if not isinstance(id, str) or ":" not in id:
        raise ValueError(f"id must be an absolute IRI, not {id!r}")
    p = profile
    types = ["Achievement"] if encoding == "ob3" else ["Achievement", EDUBADGES_ACHIEVEMENT_TYPE]
    out: dict[str, Any] = {
        "id": id,
        "type": types,
        "achievementType": "MicroCredential",
        "name": p.title,
        "description": p.description,
        "criteria": {"narrative": p.criteria},
    }
    if p.image is not None:
        out["image"] = {"id": p.image, "type": "Image"}
    if p.language is not None:
        out["inLanguage"] = p.language
    if p.ects is not None:
        out["creditsAvailable"] = p.ects
    out["alignment"] = [
        *_outcome_and_workload_alignments(p, id),
        *_level_alignments(p),
        *_element_alignments(p, id),
    ]
    if p.grading is not None:
        out["resultDescription"] = [_result_description(p.grading, id)]
    if encoding == "edubadges":
        out.update(_edubadges_properties(p))
    return out


def _outcome_and_workload_alignments(p: MicrocredentialProfile, id: str) -> list[dict[str, Any]]:
    """Annex I M6 (one alignment per outcome) and the hours of M7."""
    aligned: list[dict[str, Any]] = []
    for i, outcome in enumerate(p.learning_outcomes, start=1):
        url = outcome.url or self_url(id, f"learning-outcome-{i}")
        aligned.append(_alignment(TargetType.LEARNING_OUTCOME, outcome.text, url))
    if p.hours is not None:
        hours = _number_text(p.hours)
        aligned.append(
            _alignment(
                TargetType.WORKLOAD_HOURS,
                f"{hours} hours",
                self_url(id, "notional-workload"),
                targetCode=hours,
            )
        )
    return aligned


def _level_alignments(p: MicrocredentialProfile) -> list[dict[str, Any]]:
    """Annex I M8: the EQF and NLQF levels and the QF-EHEA cycle that are given."""
    aligned: list[dict[str, Any]] = []
    if p.eqf_level is not None:
        aligned.append(
            _alignment(
                TargetType.EQF,
                f"EQF level {p.eqf_level}",
                eqf_iri(p.eqf_level),
                targetFramework=EQF_FRAMEWORK,
                targetCode=str(p.eqf_level),
            )
        )
    if p.nlqf_level is not None:
        aligned.append(
            _alignment(
                TargetType.NLQF,
                f"NLQF level {p.nlqf_level}",
                NLQF_URL,
                targetFramework=NLQF_FRAMEWORK,
                targetCode=p.nlqf_level,
            )
        )
    if p.qf_ehea_cycle is not None:
        cycle = "short cycle" if p.qf_ehea_cycle == "short" else f"cycle {p.qf_ehea_cycle}"
        aligned.append(
            _alignment(
                TargetType.QF_EHEA,
                f"QF-EHEA {cycle}",
                QF_EHEA_URL,
                targetFramework=QF_EHEA_FRAMEWORK,
                targetCode=p.qf_ehea_cycle,
            )
        )
    return aligned


def _element_alignments(p: MicrocredentialProfile, id: str) -> list[dict[str, Any]]:
    """Annex I M9–M11 and the optional elements O1, O2, O4 and O5."""
    aligned = [
        _alignment(TargetType.ASSESSMENT, a.label, a.iri, targetCode=a.code)
        for a in p.assessment_types
    ]
    aligned += [
        _alignment(TargetType.PARTICIPATION, f.label, f.iri, targetCode=f.code)
        for f in p.participation_forms
    ]
    qa = p.quality_assurance
    qa_extra = {"targetDescription": qa.description} if qa.description is not None else {}
    aligned.append(_alignment(TargetType.QUALITY_ASSURANCE, qa.name, qa.url, **qa_extra))
    if p.supervision is not None:
        s = p.supervision
        aligned.append(_alignment(TargetType.SUPERVISION, s.label, s.iri, targetCode=s.code))
    if p.prerequisites is not None:
        aligned.append(
            _alignment(
                TargetType.PREREQUISITES,
                "Prerequisites",
                self_url(id, "prerequisites"),
                targetDescription=p.prerequisites,
            )
        )
    if p.stackability is not None:
        if p.stacks_toward is not None:
            name, url = p.stacks_toward.name, p.stacks_toward.url
        else:
            name, url = p.stackability.value.capitalize(), self_url(id, "stackability")
        aligned.append(
            _alignment(TargetType.STACKABILITY, name, url, targetCode=p.stackability.value)
        )
    if p.further_information is not None:
        info = p.further_information
        aligned.append(_alignment(TargetType.FURTHER_INFORMATION, info.name, info.url))
    return aligned


def _result_description(g: GradingScheme, id: str) -> dict[str, Any]:
    """Annex I O3: the grading scheme as a ``ResultDescription``."""
    description: dict[str, Any] = {
        "id": self_url(id, "grade"),
        "type": ["ResultDescription"],
        "name": g.name,
        "resultType": g.result_type,
    }
    for key, value in (
        ("valueMin", g.value_min),
        ("valueMax", g.value_max),
        ("requiredValue", g.required_value),
    ):
        if value is not None:  # a number as Open Badges writes it: 5,5 is 5.5
            description[key] = decimal_point(value)
    return description


def _edubadges_properties(p: MicrocredentialProfile) -> dict[str, Any]:
    """The Edubadges extension properties (single-valued: the first assessment and form)."""
    out: dict[str, Any] = {}
    if p.ects is not None:
        out["ECTS"] = p.ects
    if p.hours is not None:
        out["timeInvestment"] = p.hours
    out["participationType"] = EDUBADGES_PARTICIPATION[p.participation_forms[0]]
    out["assessmentType"] = EDUBADGES_ASSESSMENT[p.assessment_types[0]]
    if p.supervision is not None:
        if p.supervision in EDUBADGES_SUPERVISION:
            out["supervisionType"] = EDUBADGES_SUPERVISION[p.supervision]
        out["identityChecked"] = p.supervision.identity_checked
    return out
