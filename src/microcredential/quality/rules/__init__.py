"""The quality-framework rules, one module per source, and the registry of profiles.

Each rule is a small check over a :class:`~.framework.Context`; it reads the microcredential
elements through :class:`~microcredential.quality.encoding.AchievementView`, so one rule serves
both encodings and credentials written by the Edubadges platform.

* :mod:`.framework` — :class:`Rule`, :class:`Context`, :class:`Finding`;
* :mod:`.ob3` — the Open Badges 3.0 preconditions (``OB-``);
* :mod:`.eu` — Annex I of the EU Council Recommendation (``EU-``);
* :mod:`.nl` — the Dutch frameworks, HO and MBO (``NL-``);
* :mod:`.edubadges` — the Edubadges platform (``EB-``);
* :mod:`.registry` — which profile runs which rule (:data:`PROFILE_RULES`).

The validator that runs them is :func:`microcredential.quality.validate`.
"""

from __future__ import annotations

from .framework import (
    EXPERIMENTAL_SPACE,
    MBO_FRAMEWORK,
    NL_FRAMEWORKS,
    Context,
    Finding,
    Institution,
    QualityProfile,
    Rule,
)
from .registry import (
    DEFAULT_PROFILES,
    PROFILE_RULES,
    PROFILES,
    RULES,
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
    "Context",
    "Finding",
    "Institution",
    "QualityProfile",
    "Rule",
    "profiles_of",
    "rule_catalogue_markdown",
    "rules_for",
]
