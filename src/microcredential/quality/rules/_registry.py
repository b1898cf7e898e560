"""Which rules each quality profile runs: the one place to add a rule or a profile.

To add a rule, write it in the module of its source (``_ob3``, ``_eu``, ``_eu_optional``,
``_nl``, ``_edubadges``), add it to that module's ``RULES`` and list it here under every
profile that runs it. To add a profile, add its name to :data:`PROFILES` and its rules to
:data:`PROFILE_RULES`. Nothing is registered as a side effect of an import.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from . import _edubadges as edubadges
from . import _eu as eu
from . import _eu_optional as eu_optional
from . import _interop as interop
from . import _nl as nl
from . import _ob3 as ob3
from ._framework import QualityProfile, Rule

__all__ = [
    "DEFAULT_PROFILES",
    "KIND_RULE",
    "MICROCREDENTIAL_PROFILES",
    "PROFILES",
    "PROFILE_RULES",
    "RULES",
    "SUBJECT_RULES",
    "profiles_of",
    "rule_catalogue_markdown",
    "rules_for",
]

PROFILES: tuple[QualityProfile, ...] = ("ob3", "eu", "nl", "edubadges", "1edtech")
DEFAULT_PROFILES: tuple[QualityProfile, ...] = ("ob3", "eu")

#: Every rule, in catalogue order (by source, then number).
RULES: tuple[Rule, ...] = (
    *ob3.RULES,
    *eu.RULES,
    *eu_optional.RULES,
    *nl.RULES,
    *edubadges.RULES,
    *interop.RULES,
)

#: The rules of each profile. A rule listed under several profiles runs once when any of them
#: is selected.
PROFILE_RULES: Mapping[QualityProfile, tuple[Rule, ...]] = MappingProxyType(
    {
        "ob3": (
            ob3.ENVELOPE,
            ob3.ALIGNMENT,
            ob3.LANGUAGE,
            ob3.EXTENSIBLE_TERM,
            ob3.ACHIEVEMENT_TYPE,
            eu_optional.GRADE,
        ),
        "eu": (ob3.ALIGNMENT, *eu.RULES, *eu_optional.RULES),
        "nl": (
            eu.KIND,
            ob3.ALIGNMENT,
            eu.TITLE,
            eu.COUNTRY,
            eu.AWARDING_BODY,
            eu.ISSUE_DATE,
            eu.LEARNING_OUTCOMES,
            eu.WORKLOAD,
            eu.ASSESSMENT,
            eu.PARTICIPATION,
            eu.QUALITY_ASSURANCE,
            eu_optional.WORKLOAD_CONFLICT,
            eu_optional.AMBIGUOUS,
            *nl.RULES,
        ),
        "edubadges": (
            eu.KIND,
            ob3.ALIGNMENT,
            ob3.LANGUAGE,
            eu.TITLE,
            eu.LEARNING_OUTCOMES,
            eu.WORKLOAD,
            eu.ASSESSMENT,
            eu.PARTICIPATION,
            eu.QUALITY_ASSURANCE,
            eu_optional.SUPERVISION,
            eu_optional.WORKLOAD_CONFLICT,
            eu_optional.AMBIGUOUS,
            nl.SIZE,
            nl.MBO_SIZE,
            *edubadges.RULES,
        ),
        "1edtech": (interop.ACCEPTED_BY_1EDTECH,),
    }
)

#: The profiles that judge a credential as a microcredential. When rule EU-00 finds that the
#: credential says it is another kind of badge, only its finding is reported for these
#: profiles (the ``ob3`` rules still run).
MICROCREDENTIAL_PROFILES: frozenset[QualityProfile] = frozenset({"eu", "nl", "edubadges"})
#: The rule that decides whether the microcredential profiles apply.
KIND_RULE = eu.KIND
#: The ids of the rules that read what differs between the credentials of one achievement and
#: issuer: the subject's own members (its ``id``, ``identifier``, ``result``, credits and
#: dates; not its ``achievement``), and the credential's ``id``, ``evidence`` and
#: ``credentialStatus``. Every other rule reads only the envelope (``@context``, ``type``,
#: ``validFrom``, ``name``, ``credentialSchema``, how many subjects there are), the issuer and
#: the achievement, so a cohort runs it once
#: (:class:`~microcredential.quality.SubjectValidator`). A new rule that reads the learner's
#: part belongs here.
SUBJECT_RULES: frozenset[str] = frozenset(
    {ob3.EXTENSIBLE_TERM.id, eu.LEARNER.id, eu_optional.GRADE.id, eu_optional.CONSISTENCY.id}
)


def rules_for(profiles: Iterable[QualityProfile]) -> tuple[Rule, ...]:
    """The rules the given profiles run, each once, in catalogue order."""
    selected = {rule.id for p in profiles for rule in PROFILE_RULES[p]}
    return tuple(rule for rule in RULES if rule.id in selected)


def profiles_of(rule: Rule) -> tuple[QualityProfile, ...]:
    """The profiles that run ``rule``, in the order of :data:`PROFILES`."""
    return tuple(p for p in PROFILES if rule in PROFILE_RULES[p])


def rule_catalogue_markdown() -> str:
    """The rule catalogue as a Markdown table (``docs/quality-rules.md`` is generated from it)."""
    lines = [
        "# Quality rule catalogue",
        "",
        "Generated from `microcredential.quality.RULES` by `rule_catalogue_markdown()`; do not "
        "edit by hand.",
        "",
        "Each rule names its source and quotes it (\u201cSource says\u201d); the check is how "
        "the rule reads that requirement in an Open Badges 3.0 credential.",
        "",
        "| Rule | Code | Profiles | Severity | Source | Source says | Check |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in RULES:
        profiles = ", ".join(f"`{p}`" for p in profiles_of(r))
        quote = r.quote.replace("|", "\\|")
        lines.append(
            f"| {r.id} | `{r.code}` | {profiles} | {r.severity} | {r.source} | {quote} | "
            f"{r.title} |"
        )
    return "\n".join(lines) + "\n"
