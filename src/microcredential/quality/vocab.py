"""Controlled vocabularies for the microcredential elements.

Each value carries the IRI it is written with (``targetUrl`` of the Open Badges alignment). The
EU concepts come from the Europass / European Learning Model (ELM) vocabularies published under
``http://data.europa.eu/snb/``. Where a concept IRI could not be verified against a published
copy of the vocabulary, the IRI of the *concept scheme* is used instead and the value's
``verified`` flag is ``False``; the stable ``code`` then carries the meaning. No concept IRI in
this module is made up.

Verified concept IRIs (each seen in more than one independent ELM implementation):

* EQF levels ``http://data.europa.eu/snb/eqf/1`` … ``/8`` (scheme ``.../eqf/25831c2``);
* mode of learning and assessment (scheme ``.../learning-assessment/25831c2``): online
  ``920fbb3cbe``, presential ``9191af2ed9``, blended ``e92d221e4d``, work-based ``729f3bed4b``;
* supervision and verification (scheme ``.../supervision-verification/25831c2``):
  "Unsupervised with ID verification" ``df2880c5cb`` (seen once; the other concepts of that
  scheme could not be verified).

Not verified: concept IRIs of the assessment-type scheme (``.../assessment/25831c2``), the
remaining supervision concepts, any NLQF or QF-EHEA concept IRI.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Self

__all__ = [
    "ACHIEVEMENT_TYPES",
    "ALIGNMENT_TARGET_TYPES",
    "ASSESSMENT_SCHEME",
    "COUNTRY_CODES",
    "EQF_FRAMEWORK",
    "EQF_SCHEME",
    "IDENTIFIER_TYPES",
    "LEARNING_MODE_SCHEME",
    "MBO_FRAMEWORK",
    "NLQF_FRAMEWORK",
    "NLQF_URL",
    "NL_FRAMEWORKS",
    "QF_EHEA_FRAMEWORK",
    "QF_EHEA_URL",
    "RESULT_TYPES",
    "SUPERVISION_SCHEME",
    "AssessmentType",
    "Concept",
    "ParticipationForm",
    "Stackability",
    "Supervision",
    "eqf_iri",
]

_SNB = "http://data.europa.eu/snb/"
EQF_SCHEME = _SNB + "eqf/25831c2"
LEARNING_MODE_SCHEME = _SNB + "learning-assessment/25831c2"
ASSESSMENT_SCHEME = _SNB + "assessment/25831c2"
SUPERVISION_SCHEME = _SNB + "supervision-verification/25831c2"
EQF_FRAMEWORK = "European Qualifications Framework"
NLQF_FRAMEWORK = "Nederlands Kwalificatieraamwerk (NLQF)"
#: Home page of the NLQF (no concept IRIs are published for its levels).
NLQF_URL = "https://www.nlqf.nl/"
QF_EHEA_FRAMEWORK = "Framework for Qualifications of the European Higher Education Area"
#: Page of the EHEA on its qualifications framework (no concept IRIs are published).
QF_EHEA_URL = "https://ehea.info/page-qualification-frameworks"

#: The HO framework as stored by Edubadges: names and URLs (current and legacy).
NL_FRAMEWORKS = {
    "names": frozenset({"Kwaliteitskader Microcredentials voor Professionals HBO en WO"}),
    "urls": frozenset(
        {
            "https://npuls.nl/doorbouwen-aan-microcredentials",
            "https://www.versnellingsplan.nl/en/Kennisbank/pilot-microcredentials-2/",
        }
    ),
}
#: The MBO framework (name, URL).
MBO_FRAMEWORK = (
    "Kwaliteitskader voor pilot microcredentials mbo 2024 - 2025",
    "https://npuls.nl/microcredentials-mbo/",
)


def eqf_iri(level: int) -> str:
    """The ELM concept IRI of an EQF level (1–8).

    >>> eqf_iri(6)
    'http://data.europa.eu/snb/eqf/6'
    """
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= 8:
        raise ValueError(f"EQF level must be an integer 1–8, not {level!r}")
    return f"{_SNB}eqf/{level}"


@dataclass(frozen=True, slots=True)
class Concept:
    """A vocabulary concept: code, English label and the IRI written into ``targetUrl``."""

    code: str
    label: str
    iri: str
    verified: bool


class _ConceptEnum(enum.Enum):
    """An enum whose values are :class:`Concept` s; members are looked up by code."""

    @property
    def code(self) -> str:
        concept: Concept = self.value
        return concept.code

    @property
    def label(self) -> str:
        concept: Concept = self.value
        return concept.label

    @property
    def iri(self) -> str:
        concept: Concept = self.value
        return concept.iri

    @classmethod
    def from_code(cls, code: object) -> Self | None:
        """The member with this code, or ``None``."""
        for member in cls:
            if member.code == code:
                return member
        return None


class AssessmentType(_ConceptEnum):
    """Type of assessment (Annex I M9; value list of the 2020 consultation report)."""

    TESTING = Concept("testing", "Testing", ASSESSMENT_SCHEME, False)
    APPLICATION_OF_SKILL = Concept(
        "application-of-skill", "Application of a skill", ASSESSMENT_SCHEME, False
    )
    PORTFOLIO = Concept("portfolio", "Portfolio", ASSESSMENT_SCHEME, False)
    RECOGNITION_OF_PRIOR_LEARNING = Concept(
        "recognition-of-prior-learning", "Recognition of prior learning", ASSESSMENT_SCHEME, False
    )


class ParticipationForm(_ConceptEnum):
    """Form of participation in the learning activity (Annex I M10)."""

    ONLINE = Concept("online", "Online", _SNB + "learning-assessment/920fbb3cbe", True)
    ONSITE = Concept("onsite", "Onsite", _SNB + "learning-assessment/9191af2ed9", True)
    BLENDED = Concept("blended", "Blended", _SNB + "learning-assessment/e92d221e4d", True)
    WORK_EXPERIENCE = Concept(
        "work-experience", "Work experience", _SNB + "learning-assessment/729f3bed4b", True
    )
    VOLUNTEERING = Concept("volunteering", "Volunteering", LEARNING_MODE_SCHEME, False)
    PERSONALISED = Concept(
        "personalised", "Personalised learning activities", LEARNING_MODE_SCHEME, False
    )


class Supervision(_ConceptEnum):
    """Supervision and identity verification during assessment (Annex I O2)."""

    UNSUPERVISED_NO_ID = Concept(
        "unsupervised-no-id",
        "Unsupervised with no identity verification",
        SUPERVISION_SCHEME,
        False,
    )
    UNSUPERVISED_WITH_ID = Concept(
        "unsupervised-with-id",
        "Unsupervised with identity verification",
        _SNB + "supervision-verification/df2880c5cb",
        True,
    )
    SUPERVISED_NO_ID = Concept(
        "supervised-no-id", "Supervised with no identity verification", SUPERVISION_SCHEME, False
    )
    SUPERVISED_WITH_ID = Concept(
        "supervised-with-id",
        "Supervised online or onsite with identity verification",
        SUPERVISION_SCHEME,
        False,
    )

    @property
    def identity_checked(self) -> bool:
        """Whether the learner's identity was verified during assessment."""
        return self in (Supervision.UNSUPERVISED_WITH_ID, Supervision.SUPERVISED_WITH_ID)


class Stackability(enum.Enum):
    """Integration / stackability options (Annex I O4)."""

    STANDALONE = "standalone"
    STACKABLE = "stackable"
    INTEGRATED = "integrated"


# -- Open Badges 3.0 enumerations (extensible: other terms must start with "ext:") -------------

#: ``AchievementType`` terms of Open Badges 3.0.
ACHIEVEMENT_TYPES = frozenset(
    {
        "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment",
        "AssociateDegree", "Award", "Badge", "BachelorDegree", "Certificate",
        "CertificateOfCompletion", "Certification", "CommunityService", "Competency", "Course",
        "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork",
        "GeneralEducationDevelopment", "JourneymanCertificate", "LearningProgram", "License",
        "Membership", "ProfessionalDoctorate", "QualityAssuranceCredential", "MasterCertificate",
        "MasterDegree", "MicroCredential", "ResearchDoctorate", "SecondarySchoolDiploma",
    }
)  # fmt: skip
#: ``AlignmentTargetType`` terms of Open Badges 3.0.
ALIGNMENT_TARGET_TYPES = frozenset(
    {"ceasn:Competency", "ceterms:Credential", "CFItem", "CFRubric", "CFRubricCriterion",
     "CFRubricCriterionLevel", "CTDL"}
)  # fmt: skip
#: ``ResultType`` terms of Open Badges 3.0.
RESULT_TYPES = frozenset(
    {"GradePointAverage", "LetterGrade", "Percent", "PerformanceLevel", "PredictedScore",
     "RawScore", "Result", "RubricCriterion", "RubricCriterionLevel", "RubricScore",
     "ScaledScore", "Status"}
)  # fmt: skip
#: ``IdentifierTypeEnum`` terms of Open Badges 3.0 (``identityType``, ``identifierType``).
IDENTIFIER_TYPES = frozenset(
    {"name", "sourcedId", "systemId", "productId", "userName", "accountId", "emailAddress",
     "nationalIdentityNumber", "isbn", "issn", "lisSourcedId", "oneRosterSourcedId",
     "sisSourcedId", "ltiContextId", "ltiDeploymentId", "ltiToolId", "ltiPlatformId",
     "ltiUserId", "identifier"}
)  # fmt: skip

#: The officially assigned ISO 3166-1 alpha-2 country codes (249). ``UK``, ``EN`` and ``XX``
#: are not among them.
COUNTRY_CODES = frozenset(
    {
        "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
        "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
        "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
        "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
        "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
        "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
        "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
        "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
        "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
        "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
        "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
        "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
        "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
        "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
        "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
        "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
        "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
    }
)  # fmt: skip
