"""The quality-framework rules, one module per source, and the registry of profiles.

Each rule is a small check over a :class:`Context`; it reads the microcredential elements
through :class:`~microcredential.quality.reading.AchievementView`, so one rule serves both
encodings and credentials written by the Edubadges platform. The modules of this package:

* ``_framework`` — :class:`Rule`, :class:`Context`, :class:`Finding`;
* ``_ob3`` — the Open Badges 3.0 preconditions (``OB-``);
* ``_eu`` and ``_eu_optional`` — Annex I of the EU Council Recommendation (``EU-``);
* ``_nl`` — the Dutch frameworks, HO and MBO (``NL-``);
* ``_edubadges`` — the Edubadges platform (``EB-``);
* ``_registry`` — which profile runs which rule (:data:`PROFILE_RULES`): the one place to add
  a rule or a profile.

The validator that runs them is :func:`microcredential.quality.check_quality`.
"""

from ..vocab import MBO_FRAMEWORK, NL_FRAMEWORKS
from ._framework import (
    EXPERIMENTAL_SPACE,
    Context,
    Finding,
    Institution,
    QualityProfile,
    Rule,
)
from ._registry import (
    DEFAULT_PROFILES,
    PROFILE_RULES,
    PROFILES,
    RULES,
    SUBJECT_RULES,
    profiles_of,
    rule_catalogue_markdown,
    rules_for,
)

__all__ = [
    "DEFAULT_PROFILES",
    "EXPERIMENTAL_SPACE",
    "MBO_FRAMEWORK",
    "NL_FRAMEWORKS",
    "PROFILES",
    "PROFILE_RULES",
    "RULES",
    "SUBJECT_RULES",
    "Context",
    "Finding",
    "Institution",
    "QualityProfile",
    "Rule",
    "profiles_of",
    "rule_catalogue_markdown",
    "rules_for",
]
