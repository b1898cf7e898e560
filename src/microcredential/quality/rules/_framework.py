"""What every quality rule is made of: the :class:`Rule`, the :class:`Context` it reads and the
:class:`Finding` it reports.

A rule is a check function over a :class:`Context` that yields ``(severity, message, path)``
triples; :meth:`Rule.run` turns them into findings that carry the rule's id, code, source and
specification link. The rules themselves live in one module per source (``_ob3``, ``_eu``,
``_nl``, ``_edubadges``); which profile runs which rule is written down once, in
``_registry``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ...problems import Problem, Severity, json_pointer
from .._values import Path, read_datetime
from ..encoding import EDUBADGES_CONTEXT_URL, TargetType
from ..reading import AchievementView, Found, find_achievement, find_subject
from ..vocab import MBO_FRAMEWORK

__all__ = [
    "EXPERIMENTAL_SPACE",
    "Check",
    "Context",
    "Finding",
    "Institution",
    "Out",
    "Path",
    "QualityProfile",
    "Rule",
]

QualityProfile = Literal["ob3", "eu", "nl", "edubadges", "1edtech"]
Institution = Literal["wo", "hbo", "mbo"]
#: What a check yields: severity, message (saying how to fix it) and the path of the value.
Out = Iterator[tuple[Severity, str, Path]]
Check = Callable[["Context"], Iterable[tuple[Severity, str, Path]]]
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

SOURCE_OB = "Open Badges 3.0"
SOURCE_EU = "EU Council Recommendation 2022/C 243/02, Annex I"
SOURCE_NL = "Kwaliteitskader microcredentials hbo en wo"
SOURCE_NL_MBO = "Kwaliteitskader pilot microcredentials mbo"
SOURCE_EB = "Edubadges"
SPEC_OB = "https://www.imsglobal.org/spec/ob/v3p0/"
SPEC_EU = "https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32022H0627(02)"
SPEC_NL = "https://npuls.nl/doorbouwen-aan-microcredentials"
SPEC_EB = "https://github.com/edubadges/edubadges-server/wiki/Edubadges-Metadata-Model-OB3"

#: First and last day of the addendum "experimenteerruimte" (universities from 1 EC).
EXPERIMENTAL_SPACE = (_dt.date(2025, 5, 1), _dt.date(2027, 4, 30))
#: Longest finding message; longer ones (quoting a huge value) are cut.
_MAX_MESSAGE = 400
#: How many levels of ``parentOrg`` are read (a real hierarchy is two or three deep).
_MAX_ORGS = 16


@dataclass(frozen=True, slots=True)
class Finding(Problem):
    """A :class:`~microcredential.problems.Problem` found by a quality rule.

    ``rule`` is the rule id of the catalogue (``EU-06``); ``source`` names the framework.
    """

    rule: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping, with ``rule`` and ``source``."""
        out = Problem.to_dict(self)
        out["rule"] = self.rule
        out["source"] = self.source
        return out


@dataclass(frozen=True)
class Context:
    """What a rule sees: the document, the options and tolerant accessors."""

    document: Any
    profiles: frozenset[str]
    today: _dt.date
    now: _dt.datetime | None = None
    institution: Institution | None = None
    #: The compact VC-JWT ``document`` was read from, if it came as one.
    token: str | None = None
    achievement: Found | None = field(init=False)
    view: AchievementView | None = field(init=False)

    def __post_init__(self) -> None:
        found = find_achievement(self.document)
        object.__setattr__(self, "achievement", found)
        view = (
            AchievementView(found.value, found.path, self.lists_edubadges_context)
            if found
            else None
        )
        object.__setattr__(self, "view", view)

    @property
    def lists_edubadges_context(self) -> bool:
        """Whether the Edubadges terms can be defined: a credential must list the context; for a
        bare achievement the credential it will go into is not known, so its type decides."""
        if not self.is_credential:
            return True
        contexts = self.field("@context")
        return isinstance(contexts, list) and EDUBADGES_CONTEXT_URL in contexts

    @property
    def is_credential(self) -> bool:
        """Whether the document is a credential (not a bare achievement)."""
        return isinstance(self.document, Mapping) and "credentialSubject" in self.document

    @property
    def achievement_path(self) -> Path:
        """Where the achievement is (or would be) in the document."""
        return self.achievement.path if self.achievement else ("credentialSubject", "achievement")

    def field(self, key: str) -> Any:
        """A top-level property of the document, or ``None``."""
        return self.document.get(key) if isinstance(self.document, Mapping) else None

    def subject(self) -> Found | None:
        """The one credential subject object (``None`` when there is not exactly one)."""
        return find_subject(self.document)

    def issuer(self) -> Found | None:
        """The issuer (an IRI string or a Profile object)."""
        value = self.field("issuer")
        return None if value is None else Found(value, ("issuer",))

    def organisations(self) -> list[Found]:
        """The issuer Profile and every ``parentOrg`` above it (the awarding bodies)."""
        out: list[Found] = []
        found = self.issuer()
        while found is not None and isinstance(found.value, Mapping) and len(out) < _MAX_ORGS:
            out.append(found)
            parent = found.value.get("parentOrg")
            found = None if parent is None else Found(parent, (*found.path, "parentOrg"))
        return out

    def issue_date(self) -> _dt.datetime | None:
        """``validFrom`` (or ``awardedDate``), when parseable with a time-zone offset."""
        for key in ("validFrom", "awardedDate"):
            parsed = read_datetime(self.field(key))
            if parsed is not None:
                return parsed
        return None

    def is_mbo(self) -> bool:
        """MBO credential: ``institution="mbo"`` or the QA alignment names the MBO framework."""
        if self.institution == "mbo":
            return True
        if self.view is None:
            return False
        for found in self.view.aligned(TargetType.QUALITY_ASSURANCE):
            if found.value.get("targetUrl") == MBO_FRAMEWORK[1]:
                return True
            if found.value.get("targetName") == MBO_FRAMEWORK[0]:
                return True
        return self.view.sbu() is not None


@dataclass(frozen=True)
class Rule:
    """One rule of the catalogue: its identity, where it comes from, and its check.

    ``source`` names where the requirement comes from and ``quote`` gives its words (quoted
    as written, in its language); ``severity`` and ``title`` describe the rule for the
    catalogue, and the check decides the severity of each finding. Which profiles run the rule
    is written in :data:`~microcredential.quality.rules.PROFILE_RULES`.
    """

    id: str
    code: str
    severity: str
    source: str
    quote: str
    spec: str
    title: str
    check: Check = field(repr=False)

    def run(self, ctx: Context) -> Iterator[Finding]:
        """The findings of this rule on ``ctx``."""
        for severity, message, path in self.check(ctx):
            if len(message) > _MAX_MESSAGE:  # messages quote the input; keep them readable
                message = message[: _MAX_MESSAGE - 1] + "…"
            yield Finding(
                self.code,
                message,
                json_pointer(path),
                severity,
                self.spec,
                rule=self.id,
                source=self.source,
            )
