"""Hypothesis strategies for Open Badges 3.0 documents, for your own test suites.

Every strategy produces plain JSON values (``dict``/``list``/``str``/numbers), never models, so
the output can be fed to any code under test::

    from hypothesis import given
    from microcredential import strategies as mcst

    @given(mcst.credentials())
    def test_my_wallet_stores_badges(document):
        ...

The documents are valid by construction: they parse with
:func:`microcredential.models.parse_credential` and write back unchanged, and they are
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
from typing import Any

from hypothesis import strategies as st

from .models.common import ACHIEVEMENT_TYPES, IDENTIFIER_TYPES, RESULT_STATUS_TYPES
from .problems import pointer_segments

__all__ = [
    "OB_CONTEXT",
    "VC_CONTEXT",
    "Mutation",
    "achievements",
    "credentials",
    "date_times",
    "eqf_alignment",
    "invalid_credentials",
    "iris",
    "microcredentials",
    "mutations",
    "profiles",
]

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

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


def _text(choices: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Mostly realistic phrases, sometimes arbitrary Unicode letters and digits."""
    return st.one_of(st.sampled_from(choices), st.sampled_from(choices), _free_text)


_slugs = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-"), min_size=1, max_size=16)


@st.composite
def _https(draw: st.DrawFn, *, prefix: str = "") -> str:
    host = draw(st.sampled_from(("example.org", "example.edu", "badges.example.com")))
    return f"https://{host}/{prefix}{draw(_slugs)}"


def _urn_uuids() -> st.SearchStrategy[str]:
    return st.uuids().map(lambda u: f"urn:uuid:{u}")


def _did_keys() -> st.SearchStrategy[str]:
    body = st.text(st.sampled_from(_BASE58), min_size=44, max_size=44)
    return body.map(lambda b: f"did:key:z6Mk{b}")


def iris() -> st.SearchStrategy[str]:
    """Absolute IRIs as found in credentials: ``urn:uuid:``, ``https://`` or ``did:key:``."""
    return st.one_of(_urn_uuids(), _https(), _did_keys())


@st.composite
def _moments(draw: st.DrawFn) -> _dt.datetime:
    return draw(
        st.datetimes(
            min_value=_dt.datetime(2000, 1, 1),
            max_value=_dt.datetime(2035, 12, 31),
            timezones=st.just(_dt.UTC),
        )
    ).replace(microsecond=0)


def _write(moment: _dt.datetime, offset: str) -> str:
    if offset == "Z":
        return moment.astimezone(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sign = -1 if offset[0] == "-" else 1
    delta = _dt.timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
    local = moment.astimezone(_dt.timezone(delta))
    return local.strftime("%Y-%m-%dT%H:%M:%S") + offset


@st.composite
def date_times(draw: st.DrawFn) -> str:
    """``dateTimeStamp`` strings: ``YYYY-MM-DDThh:mm:ssZ``, sometimes with an offset."""
    return _write(draw(_moments()), draw(st.sampled_from(_OFFSETS)))


@st.composite
def _image(draw: st.DrawFn) -> dict[str, Any]:
    image: dict[str, Any] = {"id": draw(_https(prefix="images/")) + ".png", "type": "Image"}
    if draw(st.booleans()):
        image["caption"] = draw(_text(_SUBJECTS))
    return image


@st.composite
def _identifier_entry(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.one_of(st.sampled_from(IDENTIFIER_TYPES), st.just("ext:BRIN")))
    return {"type": "IdentifierEntry", "identifier": draw(_slugs), "identifierType": kind}


@st.composite
def _address(draw: st.DrawFn) -> dict[str, Any]:
    address: dict[str, Any] = {"type": ["Address"]}
    fields = {
        "addressCountry": st.sampled_from(("Nederland", "España", "Deutschland", "Ελλάδα")),
        "addressCountryCode": st.sampled_from(("NL", "ES", "DE", "GR")),
        "addressLocality": st.sampled_from(("Utrecht", "Salamanca", "München", "Αθήνα")),
        "postalCode": st.from_regex(r"[0-9]{4,5}", fullmatch=True),
        "streetAddress": st.sampled_from(("Padualaan 99", "Calle Mayor 1", "Arcisstraße 21")),
    }
    for name, strategy in fields.items():
        if draw(st.booleans()):
            address[name] = draw(strategy)
    if draw(st.booleans()):
        address["geo"] = {
            "type": "GeoCoordinates",
            "latitude": draw(st.floats(-90, 90, allow_nan=False)),
            "longitude": draw(st.floats(-180, 180, allow_nan=False)),
        }
    return address


@st.composite
def profiles(draw: st.DrawFn, *, standalone: bool = False) -> dict[str, Any]:
    """Profile objects (an issuer or creator).

    With ``standalone=True`` the profile carries its own ``@context`` (VC 2.0 + OB 3.0.3),
    as a profile document published at the issuer's URL does.
    """
    profile: dict[str, Any] = {}
    if standalone:
        profile["@context"] = [VC_CONTEXT, OB_CONTEXT]
    profile["id"] = draw(iris())
    profile["type"] = draw(st.sampled_from((["Profile"], "Profile")))
    profile["name"] = draw(_text(_ORGANISATIONS))
    optional: dict[str, st.SearchStrategy[Any]] = {
        "url": _https(),
        "description": _text(_SENTENCES),
        "email": _slugs.map(lambda s: f"{s}@example.org"),
        "phone": st.from_regex(r"\+[1-9][0-9]{7,11}", fullmatch=True),
        "image": _image(),
        "address": _address(),
        "otherIdentifier": st.lists(_identifier_entry(), min_size=1, max_size=2),
    }
    for name, strategy in optional.items():
        if draw(st.integers(0, 3)) == 0:
            profile[name] = draw(strategy)
    return profile


@st.composite
def _alignment(draw: st.DrawFn) -> dict[str, Any]:
    alignment: dict[str, Any] = {
        "type": ["Alignment"],
        "targetName": draw(_text(_SUBJECTS)),
        "targetUrl": draw(_https(prefix="frameworks/")),
    }
    if draw(st.booleans()):
        alignment["targetType"] = draw(st.sampled_from(("CFItem", "ceasn:Competency", "ext:ESCO")))
    if draw(st.booleans()):
        alignment["targetCode"] = draw(_slugs)
    return alignment


def eqf_alignment(level: int) -> dict[str, Any]:
    """The alignment to a European Qualifications Framework level (1 to 8)."""
    return {
        "type": ["Alignment"],
        "targetType": "ext:EQFLevel",
        "targetName": f"EQF level {level}",
        "targetUrl": f"http://data.europa.eu/snb/eqf/{level}",
        "targetFramework": "European Qualifications Framework",
        "targetCode": str(level),
    }


@st.composite
def _result_description(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "id": draw(_urn_uuids()),
        "type": ["ResultDescription"],
        "name": draw(st.sampled_from(("Final grade", "Eindcijfer", "Nota final", "Status"))),
        "resultType": draw(st.sampled_from(("LetterGrade", "Percent", "Status", "ext:ECTSGrade"))),
        "allowedValue": draw(st.lists(st.sampled_from("ABCDEF"), min_size=1, max_size=4)),
    }


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
        "id": draw(st.one_of(_urn_uuids(), _https(prefix="achievements/"))),
        "type": draw(st.sampled_from((["Achievement"], "Achievement"))),
        "name": draw(_text(_SUBJECTS)),
        "description": draw(_text(_SENTENCES)),
        "criteria": draw(
            st.one_of(
                _text(_SENTENCES).map(lambda n: {"narrative": n}),
                _https(prefix="criteria/").map(lambda i: {"id": i}),
            )
        ),
    }
    if achievement_type is not None:
        achievement["achievementType"] = achievement_type
    elif draw(st.booleans()):
        achievement["achievementType"] = draw(
            st.one_of(st.sampled_from(ACHIEVEMENT_TYPES), st.just("ext:Minor"))
        )
    if credits is not None:
        achievement["creditsAvailable"] = draw(credits)
    elif draw(st.integers(0, 3)) == 0:
        achievement["creditsAvailable"] = draw(st.one_of(st.integers(1, 60), st.just(7.5)))
    if alignments is not None:
        achievement["alignment"] = draw(alignments)
    elif draw(st.integers(0, 3)) == 0:
        achievement["alignment"] = draw(st.lists(_alignment(), min_size=1, max_size=3))
    optional: dict[str, st.SearchStrategy[Any]] = {
        "image": _image(),
        "creator": st.one_of(profiles(), iris()),
        "humanCode": st.from_regex(r"[A-Z]{2,4}-[0-9]{3}", fullmatch=True),
        "fieldOfStudy": _text(_SUBJECTS),
        "inLanguage": st.sampled_from(_LANGUAGES),
        "tag": st.lists(_text(("python", "ict", "zorg", "energía", "データ")), max_size=3),
        "version": st.sampled_from(("1.0", "2", "2024-09")),
        "resultDescription": st.lists(_result_description(), min_size=1, max_size=2),
    }
    for name, strategy in optional.items():
        if draw(st.integers(0, 3)) == 0:
            achievement[name] = draw(strategy)
    return achievement


@st.composite
def _result(draw: st.DrawFn) -> dict[str, Any]:
    result: dict[str, Any] = {"type": ["Result"]}
    if draw(st.booleans()):
        result["status"] = draw(st.sampled_from(RESULT_STATUS_TYPES))
    if draw(st.booleans()):
        result["value"] = draw(st.sampled_from(("A", "8.5", "92", "Pass")))
    return result


@st.composite
def _identity(draw: st.DrawFn) -> dict[str, Any]:
    hashed = draw(st.booleans())
    value = (
        "sha256$" + draw(st.text(st.sampled_from("0123456789abcdef"), min_size=64, max_size=64))
        if hashed
        else draw(_slugs.map(lambda s: f"{s}@example.org"))
    )
    identity: dict[str, Any] = {
        "type": "IdentityObject",
        "hashed": hashed,
        "identityHash": value,
        "identityType": "emailAddress",
    }
    if hashed and draw(st.booleans()):
        identity["salt"] = draw(_slugs)
    return identity


@st.composite
def credentials(
    draw: st.DrawFn, *, achievement: st.SearchStrategy[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Unsigned ``OpenBadgeCredential`` documents (VC 2.0 + OB 3.0.3 contexts).

    ``achievement`` replaces the strategy for ``credentialSubject.achievement``.
    """
    valid_from = draw(_moments())
    offset = draw(st.sampled_from(_OFFSETS))
    subject: dict[str, Any] = {"type": ["AchievementSubject"]}
    if draw(st.integers(0, 4)):
        subject["id"] = draw(st.one_of(_did_keys(), _urn_uuids()))
    subject["achievement"] = draw(achievement if achievement is not None else achievements())
    if draw(st.integers(0, 3)) == 0:
        subject["identifier"] = draw(st.lists(_identity(), min_size=1, max_size=2))
    if draw(st.integers(0, 3)) == 0:
        subject["result"] = draw(st.lists(_result(), min_size=1, max_size=2))
    if draw(st.integers(0, 4)) == 0:
        subject["creditsEarned"] = draw(st.sampled_from((3, 5.0, 7.5, 15)))
    document: dict[str, Any] = {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": draw(_urn_uuids()),
        "type": draw(
            st.sampled_from(
                (
                    ["VerifiableCredential", "OpenBadgeCredential"],
                    ["VerifiableCredential", "AchievementCredential"],
                )
            )
        ),
        "name": subject["achievement"]["name"],
        "issuer": draw(st.one_of(profiles(), iris())),
        "validFrom": _write(valid_from, offset),
        "credentialSubject": subject,
    }
    if draw(st.booleans()):
        days = draw(st.integers(1, 3650))
        document["validUntil"] = _write(valid_from + _dt.timedelta(days=days), offset)
    if draw(st.integers(0, 3)) == 0:
        document["awardedDate"] = _write(valid_from, "Z")
    if draw(st.integers(0, 3)) == 0:
        document["description"] = draw(_text(_SENTENCES))
    if draw(st.integers(0, 4)) == 0:
        document["evidence"] = [
            {
                "id": draw(_https(prefix="evidence/")),
                "type": ["Evidence"],
                "name": draw(_text(_SUBJECTS)),
                "narrative": draw(_text(_SENTENCES)),
            }
        ]
    return document


def _credits() -> st.SearchStrategy[int | float]:
    # 3 to 30 in steps of 0.5; whole numbers sometimes written as JSON integers.
    halves = st.integers(6, 60)
    return st.one_of(
        halves.map(lambda n: n / 2),
        halves.filter(lambda n: n % 2 == 0).map(lambda n: n // 2),
    )


def microcredentials() -> st.SearchStrategy[dict[str, Any]]:
    """Credentials for a ``MicroCredential`` with 3–30 credits and an EQF level alignment."""

    @st.composite
    def _alignments(draw: st.DrawFn) -> list[dict[str, Any]]:
        others = draw(st.lists(_alignment(), max_size=2))
        return [eqf_alignment(draw(st.integers(1, 8))), *others]

    return credentials(
        achievement=achievements(
            achievement_type="MicroCredential", credits=_credits(), alignments=_alignments()
        )
    )


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


@st.composite
def mutations(draw: st.DrawFn, document: Mapping[str, Any]) -> Mutation:
    """Break a valid credential (generated by :func:`credentials`) in one known way.

    ``document`` itself is not changed; the :class:`Mutation` holds a modified deep copy.
    """
    kind = draw(st.sampled_from(("missing", "wrong-type", "bad-enum", "bad-date", "bad-type")))
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


def invalid_credentials() -> st.SearchStrategy[Mutation]:
    """:class:`Mutation` objects derived from :func:`credentials`: each document is invalid."""
    return credentials().flatmap(mutations)
