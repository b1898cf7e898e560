"""Hypothesis strategies for Open Badges 3.0 documents, for your own test suites.

Every strategy produces plain JSON values (``dict``/``list``/``str``/numbers), never models, so
the output can be fed to any code under test::

    from hypothesis import given
    from microcredential import strategies as mcst

    @given(mcst.credentials())
    def test_my_wallet_stores_badges(document):
        ...

The documents are valid by construction: they parse with
:func:`microcredential.models.parse_credential` and write back unchanged, they meet the
bundled Open Badges 3.0 JSON Schema (:func:`microcredential.schema.validate_schema`), and they are
acceptable to JSON-LD processing with the VC 2.0 and Open Badges 3.0.3 contexts in safe mode
(every ``id`` and URL is an absolute IRI — ``urn:uuid:``, ``https://…`` or ``did:key:`` — and
only terms those contexts define are used).  They are unsigned.  Dates are written
``YYYY-MM-DDThh:mm:ssZ`` or with an offset such as ``+01:00``.

:func:`invalid_credentials` and :func:`mutations` derive documents that are wrong in exactly
one known way, reported as a :class:`Mutation` with the JSON pointer of the broken member.

Hypothesis is an optional dependency (``pip install microcredential[hypothesis]``).
"""

from __future__ import annotations

import copy
import datetime as _dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, cast

from hypothesis import strategies as st

from . import constants
from ._deprecated import renamed_attributes
from ._time import format_datetime
from .models.common import ACHIEVEMENT_TYPES, IDENTIFIER_TYPES, RESULT_STATUS_TYPES
from .problems import pointer_segments

# The strategies, and the cases three of them draw (the types to annotate a test with).
__all__ = [
    "BrokenCredential",
    "BrokenToken",
    "Mutation",
    "PresentedToken",
    "SignedCredential",
    "SignedToken",
    "achievements",
    "broken_credentials",
    "broken_tokens",
    "credentials",
    "date_times",
    "invalid_credentials",
    "iris",
    "microcredentials",
    "mutations",
    "presented_tokens",
    "profiles",
    "signed_credentials",
    "signed_tokens",
]

__getattr__ = renamed_attributes(
    __name__,
    {
        "VC_CONTEXT": ("microcredential.constants.VC_V2_CONTEXT", lambda: constants.VC_V2_CONTEXT),
        "OB_CONTEXT": ("microcredential.constants.OB_CONTEXT", lambda: constants.OB_CONTEXT),
        "eqf_alignment": (
            "the ext:EQFLevel alignment microcredential.quality.encode_achievement writes",
            lambda: _eqf_alignment,
        ),
    },
)


_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

_SUBJECTS = (
    "Data Analysis with Python",
    "Introduction to Machine Learning",
    "Gestión de proyectos ágiles",
    "Kunststofftechnik für Fortgeschrittene",
    "Ingénierie des systèmes embarqués",
    "Zorg en welzijn: communicatie",
    "Digitale geletterdheid",
    "Circular Economy Fundamentals",
    "Ψηφιακές δεξιότητες",
    "Основы кибербезопасности",
    "データサイエンス入門",
    "التسويق الرقمي",
    "Sustainable Urban Mobility",
    "Teamwork & Leadership",
    "Academic Writing (B2)",
    "Łańcuch dostaw i logistyka",
    "Åndelig omsorg i praksis",
    "Renewable Energy Systems",
    "Příprava na státní zkoušku",
    "Türkçe iletişim becerileri",
)
_ORGANISATIONS = (
    "Hogeschool Utrecht",
    "Universidad de Salamanca",
    "Technische Universität München",
    "École Polytechnique",
    "Example University",
    "Jyväskylän yliopisto",
    "Πανεπιστήμιο Αθηνών",
    "Uniwersytet Jagielloński",
    "Open Learning Collective",
    "東京大学",
)
_SENTENCES = (
    "Awarded for completing all modules with a passing grade.",
    "The learner designed, built and documented a working prototype.",
    "Se otorga a quienes superan la evaluación final.",
    "Vergeben für die erfolgreiche Teilnahme am Praxisprojekt.",
    "Décerné après validation des compétences en situation réelle.",
    "Toegekend na een beoordeeld portfolio en een eindgesprek.",
    "Demonstrates applied skills assessed by two independent reviewers.",
)

_LANGUAGES = ("en", "nl", "de", "fr", "es", "pt-BR", "zh-Hant-TW", "el", "fi")
_OFFSETS = ("Z", "Z", "Z", "+01:00", "+02:00", "-05:00", "+05:30", "+00:00", "-03:30")

_free_text = st.text(
    st.characters(categories=("L", "N", "Zs"), exclude_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")

# Strategies are built once, here: building them inside the draws costs more than drawing.
_COIN = st.booleans()
_QUARTER = st.integers(0, 3)
_FIFTH = st.integers(0, 4)


def _text(choices: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Mostly realistic phrases, sometimes arbitrary Unicode letters and digits."""
    return st.one_of(st.sampled_from(choices), st.sampled_from(choices), _free_text)


_SUBJECT_TEXT = _text(_SUBJECTS)
_ORGANISATION_TEXT = _text(_ORGANISATIONS)
_SENTENCE_TEXT = _text(_SENTENCES)
_slugs = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-"), min_size=1, max_size=16)
_HOSTS = st.sampled_from(("example.org", "example.edu", "badges.example.com"))


def _https(prefix: str = "") -> st.SearchStrategy[str]:
    return st.builds(lambda host, slug: f"https://{host}/{prefix}{slug}", _HOSTS, _slugs)


_URN_UUIDS = st.uuids().map(lambda u: f"urn:uuid:{u}")
_DID_KEYS = st.text(st.sampled_from(_BASE58), min_size=44, max_size=44).map(
    lambda b: f"did:key:z6Mk{b}"
)
_IRIS = st.one_of(_URN_UUIDS, _https(), _DID_KEYS)


def iris() -> st.SearchStrategy[str]:
    """Absolute IRIs as found in credentials: ``urn:uuid:``, ``https://`` or ``did:key:``."""
    return _IRIS


_MOMENTS = st.datetimes(
    min_value=_dt.datetime(2000, 1, 1),
    max_value=_dt.datetime(2035, 12, 31),
    timezones=st.just(_dt.UTC),
).map(lambda m: m.replace(microsecond=0))
_OFFSET_CHOICES = st.sampled_from(_OFFSETS)


def _write(moment: _dt.datetime, offset: str) -> str:
    if offset == "Z":
        return format_datetime(moment)
    sign = -1 if offset[0] == "-" else 1
    delta = _dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
    local = moment.astimezone(_dt.timezone(delta))
    return local.strftime("%Y-%m-%dT%H:%M:%S") + offset


_DATE_TIMES = st.builds(_write, _MOMENTS, _OFFSET_CHOICES)


def date_times() -> st.SearchStrategy[str]:
    """``dateTimeStamp`` strings: ``YYYY-MM-DDThh:mm:ssZ``, sometimes with an offset."""
    return _DATE_TIMES


def _optional(
    draw: st.DrawFn,
    target: dict[str, Any],
    members: tuple[tuple[str, st.SearchStrategy[Any]], ...],
    *,
    odds: st.SearchStrategy[int] = _QUARTER,
) -> None:
    for name, strategy in members:
        if draw(odds) == 0:
            target[name] = draw(strategy)


_IMAGE_URLS = _https("images/").map(lambda u: u + ".png")


@st.composite
def _image(draw: st.DrawFn) -> dict[str, Any]:
    image: dict[str, Any] = {"id": draw(_IMAGE_URLS), "type": "Image"}
    if draw(_COIN):
        image["caption"] = draw(_SUBJECT_TEXT)
    return image


_IMAGES = _image()
_IDENTIFIER_KINDS = st.one_of(st.sampled_from(IDENTIFIER_TYPES), st.just("ext:BRIN"))
_IDENTIFIER_ENTRIES = st.builds(
    lambda identifier, kind: {
        "type": "IdentifierEntry",
        "identifier": identifier,
        "identifierType": kind,
    },
    _slugs,
    _IDENTIFIER_KINDS,
)
_ADDRESS_MEMBERS: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
    ("addressCountry", st.sampled_from(("Nederland", "España", "Deutschland", "Ελλάδα"))),
    ("addressCountryCode", st.sampled_from(("NL", "ES", "DE", "GR"))),
    ("addressLocality", st.sampled_from(("Utrecht", "Salamanca", "München", "Αθήνα"))),
    ("postalCode", st.integers(1000, 99999).map(str)),
    ("streetAddress", st.sampled_from(("Padualaan 99", "Calle Mayor 1", "Arcisstraße 21"))),
    (
        "geo",
        st.builds(
            lambda lat, lon: {"type": "GeoCoordinates", "latitude": lat, "longitude": lon},
            st.floats(-90, 90, allow_nan=False),
            st.floats(-180, 180, allow_nan=False),
        ),
    ),
)


@st.composite
def _address(draw: st.DrawFn) -> dict[str, Any]:
    address: dict[str, Any] = {"type": ["Address"]}
    _optional(draw, address, _ADDRESS_MEMBERS, odds=st.integers(0, 1))
    return address


_PROFILE_TYPES = st.sampled_from((["Profile"], "Profile"))
_PROFILE_MEMBERS: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
    ("url", _https()),
    ("description", _SENTENCE_TEXT),
    ("email", _slugs.map(lambda s: f"{s}@example.org")),
    ("phone", st.integers(10_000_000, 99_999_999_999).map(lambda n: f"+{n}")),
    ("image", _IMAGES),
    ("address", _address()),
    ("otherIdentifier", st.lists(_IDENTIFIER_ENTRIES, min_size=1, max_size=2)),
)


@st.composite
def profiles(draw: st.DrawFn, *, standalone: bool = False) -> dict[str, Any]:
    """Profile objects (an issuer or creator).

    With ``standalone=True`` the profile carries its own ``@context`` (VC 2.0 + OB 3.0.3),
    as a profile document published at the issuer's URL does.
    """
    profile: dict[str, Any] = {}
    if standalone:
        profile["@context"] = [constants.VC_V2_CONTEXT, constants.OB_CONTEXT]
    profile["id"] = draw(_IRIS)
    profile["type"] = draw(_PROFILE_TYPES)
    profile["name"] = draw(_ORGANISATION_TEXT)
    _optional(draw, profile, _PROFILE_MEMBERS)
    return profile


_PROFILES = profiles()
_ALIGNMENT_MEMBERS: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
    ("targetType", st.sampled_from(("CFItem", "ceasn:Competency", "ext:ESCO"))),
    ("targetCode", _slugs),
)


@st.composite
def _alignment(draw: st.DrawFn) -> dict[str, Any]:
    alignment: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": draw(_SUBJECT_TEXT),
        "targetUrl": draw(_https("frameworks/")),
    }
    _optional(draw, alignment, _ALIGNMENT_MEMBERS, odds=st.integers(0, 1))
    return alignment


_ALIGNMENTS = st.lists(_alignment(), min_size=1, max_size=3)


def _eqf_alignment(level: int) -> dict[str, Any]:
    """The alignment to a European Qualifications Framework level (1 to 8)."""
    return {
        "type": ["Alignment"],
        "targetType": "ext:EQFLevel",
        "targetName": f"EQF level {level}",
        "targetUrl": f"http://data.europa.eu/snb/eqf/{level}",
        "targetFramework": "European Qualifications Framework",
        "targetCode": str(level),
    }


_RESULT_DESCRIPTIONS = st.builds(
    lambda id_, name, kind, allowed: {
        "id": id_,
        "type": ["ResultDescription"],
        "name": name,
        "resultType": kind,
        "allowedValue": allowed,
    },
    _URN_UUIDS,
    st.sampled_from(("Final grade", "Eindcijfer", "Nota final", "Status")),
    st.sampled_from(("LetterGrade", "Percent", "Status", "ext:ECTSGrade")),
    st.lists(st.sampled_from("ABCDEF"), min_size=1, max_size=4),
)
_ACHIEVEMENT_IDS = st.one_of(_URN_UUIDS, _https("achievements/"))
_ACHIEVEMENT_TYPES = st.sampled_from((["Achievement"], "Achievement"))
_CRITERIA = st.one_of(
    _SENTENCE_TEXT.map(lambda n: {"narrative": n}),
    _https("criteria/").map(lambda i: {"id": i}),
)
_ACHIEVEMENT_KINDS = st.one_of(st.sampled_from(ACHIEVEMENT_TYPES), st.just("ext:Minor"))
_ANY_CREDITS = st.one_of(st.integers(1, 60), st.just(7.5))
_ACHIEVEMENT_MEMBERS: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
    ("image", _IMAGES),
    ("creator", _PROFILES),
    (
        "humanCode",
        st.builds(
            lambda a, n: f"{a}-{n:03d}", st.sampled_from(("ICT", "ZW", "EN")), st.integers(0, 999)
        ),
    ),
    ("fieldOfStudy", _SUBJECT_TEXT),
    ("inLanguage", st.sampled_from(_LANGUAGES)),
    ("tag", st.lists(_text(("python", "ict", "zorg", "energía", "データ")), max_size=3)),
    ("version", st.sampled_from(("1.0", "2", "2024-09"))),
    ("resultDescription", st.lists(_RESULT_DESCRIPTIONS, min_size=1, max_size=2)),
)


@st.composite
def achievements(
    draw: st.DrawFn,
    *,
    achievement_type: str | None = None,
    credits: st.SearchStrategy[int | float] | None = None,
    alignments: st.SearchStrategy[list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """Achievement objects; the keyword arguments pin the type, credits or alignments."""
    achievement: dict[str, Any] = {
        "id": draw(_ACHIEVEMENT_IDS),
        "type": draw(_ACHIEVEMENT_TYPES),
        "name": draw(_SUBJECT_TEXT),
        "description": draw(_SENTENCE_TEXT),
        "criteria": draw(_CRITERIA),
    }
    if achievement_type is not None:
        achievement["achievementType"] = achievement_type
    elif draw(_COIN):
        achievement["achievementType"] = draw(_ACHIEVEMENT_KINDS)
    if credits is not None:
        achievement["creditsAvailable"] = draw(credits)
    elif draw(_QUARTER) == 0:
        achievement["creditsAvailable"] = draw(_ANY_CREDITS)
    if alignments is not None:
        achievement["alignment"] = draw(alignments)
    elif draw(_QUARTER) == 0:
        achievement["alignment"] = draw(_ALIGNMENTS)
    _optional(draw, achievement, _ACHIEVEMENT_MEMBERS)
    return achievement


_ACHIEVEMENTS = achievements()
_RESULT_MEMBERS: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
    ("status", st.sampled_from(RESULT_STATUS_TYPES)),
    ("value", st.sampled_from(("A", "8.5", "92", "Pass"))),
)


@st.composite
def _result(draw: st.DrawFn) -> dict[str, Any]:
    result: dict[str, Any] = {"type": ["Result"]}
    _optional(draw, result, _RESULT_MEMBERS, odds=st.integers(0, 1))
    return result


_HASHES = st.text(st.sampled_from("0123456789abcdef"), min_size=64, max_size=64)
_EMAILS = _slugs.map(lambda s: f"{s}@example.org")


@st.composite
def _identity(draw: st.DrawFn) -> dict[str, Any]:
    hashed = draw(_COIN)
    identity: dict[str, Any] = {
        "type": "IdentityObject",
        "hashed": hashed,
        "identityHash": "sha256$" + draw(_HASHES) if hashed else draw(_EMAILS),
        "identityType": "emailAddress",
    }
    if hashed and draw(_COIN):
        identity["salt"] = draw(_slugs)
    return identity


_SUBJECT_MEMBERS: tuple[tuple[str, st.SearchStrategy[Any]], ...] = (
    ("identifier", st.lists(_identity(), min_size=1, max_size=2)),
    ("result", st.lists(_result(), min_size=1, max_size=2)),
    ("creditsEarned", st.sampled_from((3, 5.0, 7.5, 15))),
)
_SUBJECT_IDS = st.one_of(_DID_KEYS, _URN_UUIDS)
_CREDENTIAL_TYPES = st.sampled_from(
    (
        ["VerifiableCredential", "OpenBadgeCredential"],
        ["VerifiableCredential", "AchievementCredential"],
    )
)
_EVIDENCE = st.builds(
    lambda id_, name, narrative: [
        {"id": id_, "type": ["Evidence"], "name": name, "narrative": narrative}
    ],
    _https("evidence/"),
    _SUBJECT_TEXT,
    _SENTENCE_TEXT,
)
_ISSUERS = st.one_of(_PROFILES, _IRIS)
_DAYS = st.integers(1, 3650)


@st.composite
def credentials(
    draw: st.DrawFn, *, achievement: st.SearchStrategy[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Unsigned ``OpenBadgeCredential`` documents (VC 2.0 + OB 3.0.3 contexts).

    ``achievement`` replaces the strategy for ``credentialSubject.achievement``.
    """
    valid_from = draw(_MOMENTS)
    offset = draw(_OFFSET_CHOICES)
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if draw(_FIFTH):
        subject["id"] = draw(_SUBJECT_IDS)
    subject["achievement"] = draw(achievement if achievement is not None else _ACHIEVEMENTS)
    _optional(draw, subject, _SUBJECT_MEMBERS)
    document: dict[str, Any] = {
        "@context": [constants.VC_V2_CONTEXT, constants.OB_CONTEXT],
        "id": draw(_URN_UUIDS),
        "type": draw(_CREDENTIAL_TYPES),
        "name": subject["achievement"]["name"],
        "issuer": draw(_ISSUERS),
        "validFrom": _write(valid_from, offset),
        "credentialSubject": subject,
    }
    if draw(_COIN):
        document["validUntil"] = _write(valid_from + _dt.timedelta(days=draw(_DAYS)), offset)
    if draw(_QUARTER) == 0:
        document["awardedDate"] = _write(valid_from, "Z")
    if draw(_QUARTER) == 0:
        document["description"] = draw(_SENTENCE_TEXT)
    if draw(_FIFTH) == 0:
        document["evidence"] = draw(_EVIDENCE)
    return document


_HALVES = st.integers(6, 60)
# 3 to 30 in steps of 0.5; whole numbers sometimes written as JSON integers.
_MICRO_CREDITS: st.SearchStrategy[int | float] = st.one_of(
    _HALVES.map(lambda n: n / 2), st.integers(3, 30)
)
_MICRO_ALIGNMENTS = st.builds(
    lambda level, others: [_eqf_alignment(level), *others],
    st.integers(1, 8),
    st.lists(_alignment(), max_size=2),
)
_MICROCREDENTIALS = credentials(
    achievement=achievements(
        achievement_type="MicroCredential", credits=_MICRO_CREDITS, alignments=_MICRO_ALIGNMENTS
    )
)


def microcredentials() -> st.SearchStrategy[dict[str, Any]]:
    """Credentials for a ``MicroCredential`` with 3–30 credits and an EQF level alignment."""
    return _MICROCREDENTIALS


# --------------------------------------------------------------------------- invalid documents


@dataclass(frozen=True, slots=True)
class Mutation:
    """A document made invalid in one known way.

    ``pointer`` is the JSON pointer of the member that was broken, where a validator should
    report the problem; ``kind`` is one of ``"missing"``, ``"wrong-type"``, ``"bad-enum"``,
    ``"bad-date"`` or ``"bad-type"``.
    """

    document: dict[str, Any]
    kind: str
    pointer: str
    description: str


_REQUIRED = (
    "/id",
    "/type",
    "/issuer",
    "/validFrom",
    "/credentialSubject",
    "/credentialSubject/type",
    "/credentialSubject/achievement",
    "/credentialSubject/achievement/id",
    "/credentialSubject/achievement/name",
    "/credentialSubject/achievement/description",
    "/credentialSubject/achievement/criteria",
)
_WRONG_TYPES: tuple[tuple[str, Any], ...] = (
    ("/name", 42),
    ("/issuer", 42),
    ("/issuer", ["https://example.org/issuer"]),
    ("/validFrom", 20240101),
    ("/credentialSubject", "did:example:123"),
    ("/credentialSubject/achievement/name", ["Teamwork"]),
    ("/credentialSubject/achievement/creditsAvailable", "5"),
    ("/credentialSubject/achievement/creditsAvailable", True),
    ("/credentialSubject/achievement/criteria", "Complete the course."),
    ("/credentialSubject/achievement/alignment", [{"type": ["Alignment"]}]),
)
_BAD_ENUMS: tuple[tuple[str, Any], ...] = (
    ("/credentialSubject/achievement/achievementType", "Microcredential"),
    ("/credentialSubject/achievement/achievementType", "ext:"),
    ("/credentialSubject/achievement/achievementType", "Ext:Minor"),
    ("/credentialSubject/result", [{"type": ["Result"], "status": "Passed"}]),
    (
        "/credentialSubject/identifier",
        [
            {
                "type": "IdentityObject",
                "hashed": False,
                "identityHash": "a@example.org",
                "identityType": "e-mail",
            }
        ],
    ),
)
_BAD_DATES = (
    ("/validFrom", "2024-05-01T12:00:00"),
    ("/validFrom", "2024-13-01T12:00:00Z"),
    ("/validFrom", "1 May 2024"),
    ("/validUntil", "2024-05-01"),
    ("/awardedDate", "2024-02-30T00:00:00Z"),
)
_BAD_TYPES: tuple[tuple[str, Any], ...] = (
    ("/type", ["VerifiableCredential"]),
    ("/type", "OpenBadgeCredential"),
    ("/credentialSubject/type", ["Person"]),
    ("/credentialSubject/achievement/type", "Badge"),
)

# Where the problem is reported, when it is not the member that was replaced.
_REPORTED_AT = {
    ("/credentialSubject/result", "bad-enum"): "/credentialSubject/result/0/status",
    ("/credentialSubject/identifier", "bad-enum"): "/credentialSubject/identifier/0/identityType",
    ("/credentialSubject/achievement/alignment", "wrong-type"): (
        "/credentialSubject/achievement/alignment/0/targetName"
    ),
}


def _set(document: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer_segments(pointer)
    target: Any = document
    for segment in parents:
        target = target[segment]
    if value is _DELETE:
        del target[last]
    else:
        target[last] = value


_DELETE = object()
_KINDS = st.sampled_from(("missing", "wrong-type", "bad-enum", "bad-date", "bad-type"))


@st.composite
def mutations(draw: st.DrawFn, document: Mapping[str, Any]) -> Mutation:
    """Break a valid credential (generated by :func:`credentials`) in one known way.

    ``document`` itself is not changed; the :class:`Mutation` holds a modified deep copy.
    """
    kind = draw(_KINDS)
    broken = copy.deepcopy(dict(document))
    value: Any
    if kind == "missing":
        pointer = draw(st.sampled_from(_REQUIRED))
        value = _DELETE
        description = f"removed the required member {pointer}"
    else:
        table = {
            "wrong-type": _WRONG_TYPES,
            "bad-enum": _BAD_ENUMS,
            "bad-date": _BAD_DATES,
            "bad-type": _BAD_TYPES,
        }[kind]
        pointer, value = draw(st.sampled_from(table))
        description = f"set {pointer} to {value!r}"
    _set(broken, pointer, value)
    reported = _REPORTED_AT.get((pointer, kind), pointer)
    return Mutation(broken, kind, reported, description)


_INVALID = credentials().flatmap(mutations)


def invalid_credentials() -> st.SearchStrategy[Mutation]:
    """:class:`Mutation` objects derived from :func:`credentials`: each document is invalid."""
    return _INVALID


# --------------------------------------------------------------------------- signed documents


@dataclass(frozen=True, slots=True)
class SignedCredential:
    """A signed credential, with what a verifier needs to check it.

    ``document`` is the signed credential; ``status_lists`` the signed status list credentials
    its ``credentialStatus`` points at (empty without one); ``controller_documents`` the public
    controller documents of a key that is not a ``did:key`` (empty for one); ``now`` a moment
    within the credential's validity; ``cryptosuite`` the suite of its proof. It verifies::

        verify(case.document, status=case.status_lists, now=case.now,
               resolver=StaticResolver(case.controller_documents) or None)
    """

    document: dict[str, Any]
    status_lists: tuple[dict[str, Any], ...]
    controller_documents: tuple[dict[str, Any], ...]
    now: str
    cryptosuite: str


@dataclass(frozen=True, slots=True)
class BrokenCredential:
    """A signed credential broken in one named way, and the problem ``verify`` must report.

    ``kind`` is ``"changed-claim"`` (a claim changed after signing), ``"foreign-key"`` (signed
    by a key that is not the issuer's), ``"expired"`` (``now`` is after ``validUntil``) or
    ``"revoked"`` (its entry is set in the status list given); ``code`` is the problem code
    ``verify`` reports for it. The other members are as in
    :class:`SignedCredential`: verified with them, the document fails for this reason.
    """

    document: dict[str, Any]
    status_lists: tuple[dict[str, Any], ...]
    controller_documents: tuple[dict[str, Any], ...]
    now: str
    cryptosuite: str
    kind: str
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class SignedToken:
    """A credential signed as a compact VC-JWT, with what a verifier needs to check it.

    ``token`` is the VC-JWT; ``credential`` the credential it carries; ``status_lists`` the
    status list credentials its ``credentialStatus`` points at, each a VC-JWT signed with the
    same key (empty without one); ``controller_documents`` the public controller documents of
    a key that is not a ``did:key`` (empty for one); ``now`` a moment within the credential's
    validity; ``algorithm`` the token's ``alg``. It verifies::

        verify(case.token, status=case.status_lists, now=case.now,
               resolver=StaticResolver(case.controller_documents) or None)
    """

    token: str
    credential: dict[str, Any]
    status_lists: tuple[str, ...]
    controller_documents: tuple[dict[str, Any], ...]
    now: str
    algorithm: str


@dataclass(frozen=True, slots=True)
class BrokenToken:
    """A VC-JWT broken in one named way, and the problem ``verify`` must report: the kinds of
    :class:`BrokenCredential`, a changed claim being ``jwt.signature-mismatch``.  The other
    members are as in :class:`SignedToken`."""

    token: str
    credential: dict[str, Any]
    status_lists: tuple[str, ...]
    controller_documents: tuple[dict[str, Any], ...]
    now: str
    algorithm: str
    kind: str
    code: str
    description: str


@dataclass(frozen=True, slots=True)
class PresentedToken:
    """A presentation secured as a compact ``vp+jwt`` by its holder, carrying a VC-JWT issued
    to that holder (as an ``EnvelopedVerifiableCredential``), with what a verifier needs.

    ``token`` is the presentation token (:func:`microcredential.present` with
    ``format="jwt"``); ``credential`` the :class:`SignedToken` it carries; ``holder`` the
    holder's id (its key's controller); ``challenge`` and ``domain`` the verifier's, bound into
    the token; ``controller_documents`` the issuer's and the holder's, but for a ``did:key``
    (resolved without one); ``now`` a moment at which everything is valid (the token is
    signed then); ``algorithm`` the token's ``alg``.  It verifies::

        verify_presentation(case.token, challenge=case.challenge, domain=case.domain,
                            now=case.now,
                            resolver=ChainResolver(StaticResolver(case.controller_documents)))
    """

    token: str
    credential: SignedToken
    holder: str
    challenge: str
    domain: str
    controller_documents: tuple[dict[str, Any], ...]
    now: str
    algorithm: str


_SEEDS = st.binary(min_size=32, max_size=32)
_STATUS_URLS = st.builds(lambda host, u: f"https://{host}/status/{u}", _HOSTS, st.uuids())
_RANDOM_SEEDS = st.integers(0, 2**32 - 1)
_BROKEN_KINDS = ("changed-claim", "foreign-key", "expired", "revoked")


def _generated_key(seed: bytes) -> Any:
    from .keys import Ed25519Key

    return Ed25519Key.from_seed(seed)


def _sign(document: Mapping[str, Any], key: Any, cryptosuite: str, created: Any) -> dict[str, Any]:
    from .integrity import add_proof_unchecked

    return add_proof_unchecked(document, key, cryptosuite=cryptosuite, created=created)


def _sign_token(document: Mapping[str, Any], key: Any, issued_at: Any) -> str:
    from .jwt import encode_jwt_credential

    return encode_jwt_credential(document, key, issued_at=issued_at)


def _changed_token(token: str) -> str:
    """``token`` with its achievement's name changed in the payload, the signature kept."""
    import json

    from .multibase import b64url_decode, b64url_encode

    header, payload, signature = token.split(".")
    claims = json.loads(b64url_decode(payload))
    achievement = claims["credentialSubject"]["achievement"]
    achievement["name"] = f"{achievement['name']} (changed)"
    return ".".join((header, b64url_encode(json.dumps(claims).encode("utf-8")), signature))


def _controller_documents(key: Any) -> tuple[dict[str, Any], ...]:
    controller = getattr(key, "controller", None)
    if isinstance(controller, str) and controller.startswith("did:key:"):
        return ()
    return (key.controller_document(),)


@st.composite
def _signed(
    draw: st.DrawFn,
    cryptosuite: str | None,
    key: Any,
    status: bool | None,
    unsigned: st.SearchStrategy[dict[str, Any]] | None,
    broken: str | None = None,
    token: bool = False,
) -> SignedCredential | BrokenCredential | SignedToken | BrokenToken:
    from random import Random

    from ._time import format_datetime, parse_datetime
    from .integrity.suites import suites_for_key
    from .status import IssuerStatusList

    signer = key if key is not None else _generated_key(draw(_SEEDS))
    controller = getattr(signer, "controller", None)
    if not isinstance(controller, str):
        raise ValueError("key must have a controller: the issuer's id")
    suite = (
        "jwt"
        if token
        else cryptosuite or draw(st.sampled_from(suites_for_key(signer.key_type)[:2]))
    )
    document = copy.deepcopy(draw(unsigned if unsigned is not None else _CREDENTIALS))
    issuer = document["issuer"]
    document["issuer"] = {**issuer, "id": controller} if isinstance(issuer, dict) else controller
    subject = document["credentialSubject"]
    if "id" not in subject and "identifier" not in subject:  # Open Badges requires one
        subject["id"] = draw(_SUBJECT_IDS)
    valid_from = parse_datetime(document["validFrom"])
    if broken == "expired":
        days = draw(_DAYS)
        document["validUntil"] = format_datetime(valid_from + _dt.timedelta(days=days))
    if "validUntil" in document:
        valid_until = parse_datetime(document["validUntil"])
        now = valid_from + (valid_until - valid_from) / 2
    else:
        now = valid_from + _dt.timedelta(days=1)
    if broken == "expired":
        now = valid_until + _dt.timedelta(days=1)
    lists: tuple[dict[str, Any], ...] = ()
    with_status = broken == "revoked" or (status if status is not None else draw(_COIN))
    state = None
    if with_status:
        state = IssuerStatusList.create(draw(_STATUS_URLS))
        index = state.allocate(rng=Random(draw(_RANDOM_SEEDS)))  # noqa: S311 - a draw, no secret
        document["credentialStatus"] = state.entry(index)
        if broken == "revoked":
            state.revoke(index)
    signing_key = signer
    if broken == "foreign-key":
        others = _SEEDS.map(_generated_key).filter(lambda other: other.controller != controller)
        signing_key = draw(others)
    documents = _controller_documents(signer)
    when = format_datetime(now)
    if token:
        return _token_case(document, signer, signing_key, state, documents, when, broken)
    signed = _sign(document, signing_key, suite, valid_from)
    if state is not None:
        list_credential = state.credential(issuer=controller, valid_from=valid_from)
        lists = (_sign(list_credential, signer, suite, valid_from),)
    if broken is None:
        return SignedCredential(signed, lists, documents, when, suite)
    if broken == "changed-claim":
        achievement = signed["credentialSubject"]["achievement"]
        achievement["name"] = f"{achievement['name']} (changed)"
    description = _description(broken, document, signing_key, when)
    return BrokenCredential(
        signed, lists, documents, when, suite, broken, _BROKEN_CODES[broken], description
    )


def _description(broken: str, document: Mapping[str, Any], signing_key: Any, when: str) -> str:
    """How a broken case was broken, in words."""
    if broken == "changed-claim":
        return "changed credentialSubject.achievement.name after signing"
    if broken == "foreign-key":
        return f"signed with {signing_key.id}, a key that is not the issuer's"
    if broken == "expired":
        return f"verified at {when}, after validUntil {document['validUntil']}"
    return f"revoked: index {document['credentialStatus']['statusListIndex']} is set"


def _token_case(
    document: dict[str, Any],
    signer: Any,
    signing_key: Any,
    state: Any,
    documents: tuple[dict[str, Any], ...],
    when: str,
    broken: str | None,
) -> SignedToken | BrokenToken:
    """The :func:`signed_tokens` or :func:`broken_tokens` case for ``document``."""
    valid_from = document["validFrom"]
    token = _sign_token(document, signing_key, valid_from)
    lists: tuple[str, ...] = ()
    if state is not None:
        list_credential = state.credential(issuer=signer.controller, valid_from=valid_from)
        lists = (_sign_token(list_credential, signer, valid_from),)
    algorithm = str(signing_key.algorithm)
    if broken is None:
        return SignedToken(token, document, lists, documents, when, algorithm)
    if broken == "changed-claim":
        token = _changed_token(token)
    description = _description(broken, document, signing_key, when)
    code = _BROKEN_TOKEN_CODES[broken]
    return BrokenToken(
        token, document, lists, documents, when, algorithm, broken, code, description
    )


#: The problem code ``verify`` reports for each kind of :class:`BrokenCredential`.
_BROKEN_CODES: Final = {
    "changed-claim": "proof.signature-mismatch",
    "foreign-key": "credential.issuer-mismatch",
    "expired": "credential.expired",
    "revoked": "status.revoked",
}
#: The problem code ``verify`` reports for each kind of :class:`BrokenToken`.
_BROKEN_TOKEN_CODES: Final = {**_BROKEN_CODES, "changed-claim": "jwt.signature-mismatch"}
_CREDENTIALS = credentials()


def _check_key(key: Any) -> None:
    """Refuse, when the strategy is made, a key no Data Integrity cryptosuite signs with."""
    from .integrity.suites import suites_for_key

    key_type = getattr(key, "key_type", None)
    if key is not None and key_type is not None and not suites_for_key(key_type):
        raise ValueError(
            f"a {key_type} key makes no embedded proof (no Data Integrity cryptosuite uses "
            f"{key_type}): pass an Ed25519, P-256 or P-384 key"
        )


def signed_credentials(
    *,
    cryptosuite: str | None = None,
    key: Any = None,
    status: bool | None = None,
    credentials: st.SearchStrategy[dict[str, Any]] | None = None,
) -> st.SearchStrategy[SignedCredential]:
    """:class:`SignedCredential` cases: credentials signed as an issuer signs them.

    ``cryptosuite`` is drawn from the two that sign with the key (``eddsa-rdfc-2022`` and
    ``eddsa-jcs-2022`` for Ed25519, ``ecdsa-rdfc-2019`` and ``ecdsa-jcs-2019`` for P-256 and
    P-384) unless named. ``key`` is a secret key with a ``controller`` (the issuer), by
    default a new Ed25519 ``did:key`` for every example; an RSA key is refused with
    ``ValueError``, since no Data Integrity cryptosuite uses RSA.
    ``status`` ``True`` gives every credential a ``credentialStatus`` entry in a generated,
    signed status list, ``False`` none, ``None`` either. ``credentials`` is the strategy of the
    unsigned documents (default :func:`credentials`); their issuer becomes the key's
    controller.
    """
    _check_key(key)
    cases = _signed(cryptosuite, key, status, credentials)
    return cast("st.SearchStrategy[SignedCredential]", cases)


def broken_credentials(
    *,
    kinds: tuple[str, ...] = _BROKEN_KINDS,
    cryptosuite: str | None = None,
    key: Any = None,
    credentials: st.SearchStrategy[dict[str, Any]] | None = None,
) -> st.SearchStrategy[BrokenCredential]:
    """:class:`BrokenCredential` cases: signed credentials broken in one named way each,
    labelled with the problem code ``verify`` must report.

    ``kinds`` chooses among ``"changed-claim"``, ``"foreign-key"``, ``"expired"`` and
    ``"revoked"`` (all by default); the other arguments are those of
    :func:`signed_credentials`.
    """
    _check_key(key)
    unknown = set(kinds) - set(_BROKEN_KINDS)
    if unknown or not kinds:
        raise ValueError(f"kinds must be chosen from {', '.join(_BROKEN_KINDS)}")
    cases = st.sampled_from(kinds).flatmap(
        lambda kind: _signed(cryptosuite, key, None, credentials, kind)
    )
    return cast("st.SearchStrategy[BrokenCredential]", cases)


def signed_tokens(
    *,
    key: Any = None,
    status: bool | None = None,
    credentials: st.SearchStrategy[dict[str, Any]] | None = None,
) -> st.SearchStrategy[SignedToken]:
    """:class:`SignedToken` cases: credentials signed as compact VC-JWTs, as an issuer signs
    them (:func:`microcredential.sign_jwt`).

    ``key`` is a secret key of any type (Ed25519, P-256, P-384 or RSA; its algorithm is the
    token's) with a ``controller`` (the issuer), by default a new Ed25519 ``did:key`` for
    every example.  ``status`` and ``credentials`` are as for :func:`signed_credentials`; a
    status list is signed as a VC-JWT too, with the same key.
    """
    cases = _signed(None, key, status, credentials, token=True)
    return cast("st.SearchStrategy[SignedToken]", cases)


def presented_tokens(
    *,
    holder_key: Any = None,
    key: Any = None,
    credentials: st.SearchStrategy[dict[str, Any]] | None = None,
) -> st.SearchStrategy[PresentedToken]:
    """:class:`PresentedToken` cases: a VC-JWT issued to a holder, presented by that holder
    as a ``vp+jwt`` bound to a drawn challenge and domain, as a wallet presents it.

    ``holder_key`` is the holder's secret key, of any type (Ed25519, P-256, P-384 or RSA; its
    algorithm is the token's), by default a new Ed25519 ``did:key`` for every example;
    ``key`` (the issuer's) and ``credentials`` are as for :func:`signed_tokens`, the subject's
    ``id`` becoming the holder's.  The credential carries no status list.
    """
    return _presented(holder_key, key, credentials)


@st.composite
def _presented(
    draw: st.DrawFn,
    holder_key: Any,
    key: Any,
    credentials: st.SearchStrategy[dict[str, Any]] | None,
) -> PresentedToken:
    from .jwt import encode_jwt_presentation
    from .presentation import build_presentation

    holder = holder_key if holder_key is not None else _generated_key(draw(_SEEDS))
    unsigned = credentials if credentials is not None else _CREDENTIALS
    issued_to_holder = unsigned.map(lambda document: _issued_to(document, holder.controller))
    case = cast("SignedToken", draw(_signed(None, key, False, issued_to_holder, token=True)))
    challenge = str(draw(st.uuids()))
    domain = draw(_HOSTS)
    presentation = build_presentation([case.token], holder=holder.controller)
    token = encode_jwt_presentation(
        presentation, holder, challenge=challenge, domain=domain, issued_at=case.now
    )
    documents = {d["id"]: d for d in (*case.controller_documents, *_controller_documents(holder))}
    return PresentedToken(
        token,
        case,
        holder.controller,
        challenge,
        domain,
        tuple(documents.values()),
        case.now,
        str(holder.algorithm),
    )


def _issued_to(document: dict[str, Any], subject: str) -> dict[str, Any]:
    """``document`` (a copy) with its credential subject's ``id`` set to ``subject``."""
    issued = copy.deepcopy(document)
    issued["credentialSubject"]["id"] = subject
    return issued


def broken_tokens(
    *,
    kinds: tuple[str, ...] = _BROKEN_KINDS,
    key: Any = None,
    credentials: st.SearchStrategy[dict[str, Any]] | None = None,
) -> st.SearchStrategy[BrokenToken]:
    """:class:`BrokenToken` cases: VC-JWTs broken in one named way each (the kinds of
    :func:`broken_credentials`), labelled with the problem code ``verify`` must report."""
    unknown = set(kinds) - set(_BROKEN_KINDS)
    if unknown or not kinds:
        raise ValueError(f"kinds must be chosen from {', '.join(_BROKEN_KINDS)}")
    cases = st.sampled_from(kinds).flatmap(
        lambda kind: _signed(None, key, None, credentials, kind, token=True)
    )
    return cast("st.SearchStrategy[BrokenToken]", cases)
