"""Importing an Open Badges 2.0 assertion as an Open Badges 3.0 microcredential.

:func:`import_assertion` takes a 2.0 assertion — hosted JSON, or a signed compact JWS — with
its BadgeClass and issuer Profile (embedded, or passed in ``documents``), checks it as far as
can be done offline, and writes the unsigned 3.0 credential the issuer then signs:

* **checked** (each a :class:`~microcredential.Check`): the shape of the three objects
  (``shape``); a signed assertion's JWS signature with the issuer's key (``signature``); a
  hosted assertion's id against the issuer's verification scope (``hosted``; its hosted copy
  is never fetched, so this check is at best *indeterminate*); the dates (``dates``); and
  revocation (``revocation``: the ``revoked`` flag, or the issuer's revocation list when
  given).
* **carried over**: every 2.0 field with a 3.0 home, and the Edubadges 2.x extensions (ECTS,
  EQF, learning outcome, language, study load and time investment, programme and institution
  identifiers, institution country) into the library's microcredential encoding;
  :attr:`ImportResult.carried` says where each went.
* **not carried over**: every other field, each with the reason
  (:attr:`ImportResult.not_carried`).
* **missing**: what Open Badges 2.0 cannot say but a microcredential needs (the form of
  assessment and of participation, the quality assurance, often the issuer's country) is
  given in ``completion``, in the keys of the quality guide's input format; until it is, the
  result lists each missing element (``ob2.incomplete``) and holds no credential.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .._json import copy_json
from .._time import DEFAULT_MAX_CLOCK_SKEW, format_datetime, resolve_now
from ..errors import InvalidDocumentError
from ..problems import Problem, json_pointer
from ..quality import (
    EmailRecipient,
    HashedRecipient,
    build_achievement,
    build_credential,
    parse_input,
)
from ..verification import Check, CheckStatus
from . import _extensions, _jws
from ._checks import (
    IRI,
    WEB,
    Findings,
    Index,
    check_dates,
    check_hosted,
    check_revocation,
    check_shape,
    check_signature,
    image_id,
    many,
    text,
    types,
)

__all__ = ["FieldNote", "ImportResult", "import_assertion"]

#: The 3.0 ``identityType`` of each 2.0 recipient ``type`` (Edubadges uses ``id`` for eduID).
_IDENTITY_TYPES = {
    "email": "emailAddress",
    "url": "identifier",
    "id": "identifier",
    "telephone": "ext:telephone",
}
#: Input-format keys a microcredential cannot do without, and what each is.
_NEEDED = (
    ("title", "the achievement's name"),
    ("description", "a description of the achievement"),
    ("criteria", "the criteria (a narrative)"),
    ("learningOutcomes", "at least one learning outcome"),
    ("assessmentTypes", "the form of assessment"),
    ("participationForms", "the form of participation"),
    ("qualityAssurance", "the quality assurance ({name, url, description})"),
)


@dataclass(frozen=True, slots=True)
class FieldNote:
    """Where one 2.0 field went, or why it did not.

    ``source`` is a JSON pointer into the assertion as if its BadgeClass were embedded under
    ``badge`` and its issuer under ``badge/issuer``; ``target`` a pointer into the 3.0
    credential, or ``None`` when the field was not carried over; ``note`` says how it was
    written or why it was left out.
    """

    source: str
    target: str | None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {"source": self.source, "target": self.target, "note": self.note}


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What :func:`import_assertion` found and made.

    ``credential`` is the unsigned Open Badges 3.0 credential, or ``None`` when a check
    failed or an element is missing (``problems`` says which).  ``checks`` are the offline
    checks of the 2.0 assertion.
    """

    credential: dict[str, Any] | None
    checks: tuple[Check, ...]
    carried: tuple[FieldNote, ...]
    not_carried: tuple[FieldNote, ...]
    problems: tuple[Problem, ...] = ()
    assertion: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """A credential was made, and no check of the 2.0 assertion failed."""
        failed = any(c.status is CheckStatus.FAILED for c in self.checks)
        return self.credential is not None and not failed

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready report (without the credential itself)."""
        return {
            "imported": self.ok,
            "checks": [c.to_dict() for c in self.checks],
            "problems": [p.to_dict() for p in self.problems],
            "carried": [n.to_dict() for n in self.carried],
            "notCarried": [n.to_dict() for n in self.not_carried],
        }

    def render_text(self) -> str:
        """A readable report: checks, what is missing, and where each field went."""
        verdict = "IMPORTED" if self.ok else "NOT IMPORTED"
        lines = [f"{verdict}: Open Badges 2.0 assertion {self.assertion.get('id', '(no id)')}"]
        lines.append("Checks of the 2.0 assertion (offline):")
        for check in self.checks:
            lines.append(f"  {check.status.value:<15} {check.name}")
            lines += [f"      {p.severity.value}: {p.describe()}" for p in check.problems]
        if self.problems:
            lines.append("To do before the 3.0 credential can be made:")
            lines += [f"  {p.severity.value}: {p.describe()}" for p in self.problems]
        lines.append(f"Carried over ({len(self.carried)}):")
        for note in self.carried:
            extra = f" ({note.note})" if note.note else ""
            lines.append(f"  {note.source} -> {note.target}{extra}")
        lines.append(f"Not carried over ({len(self.not_carried)}):")
        lines += [f"  {note.source}: {note.note}" for note in self.not_carried]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.render_text()


# -- carrying fields over ----------------------------------------------------------------------


class _Notes:
    def __init__(self) -> None:
        self.carried: list[FieldNote] = []
        self.not_carried: list[FieldNote] = []

    def carry(self, source: Iterable[str | int], target: str, note: str = "") -> None:
        self.carried.append(FieldNote(json_pointer(source), target, note))

    def leave(self, source: Iterable[str | int], note: str) -> None:
        self.not_carried.append(FieldNote(json_pointer(source), None, note))


_ACHIEVEMENT = "/credentialSubject/achievement"
#: 2.0 properties that are not carried over, and why.
_LEFT = {
    "verification": "a 3.0 credential is verified by its own proof",
    "revocationReason": "revocation in 3.0 is a status list entry",
    "uid": "a deprecated 1.x identifier; the 3.0 credential has its own id",
    "publicKey": "3.0 keys are published in the issuer's DID or controller document",
    "revocationList": "3.0 revocation uses a status list",
    "endorsement": "endorsements must be issued again as 3.0 EndorsementCredentials",
    "related": "not carried: the 3.0 achievement keeps the BadgeClass id",
    "version": "not carried: the 3.0 achievement keeps the BadgeClass id",
}
_EXTENSION_LEFT = {
    "GradingTableExtension": "Open Badges 3.0 has no property for an institution's grading "
    "table; publish it on the issuer's page",
    "InstitutionNameExtension": "Open Badges 3.0 names only the issuer (a parentOrg needs an "
    "id of its own); give the institution's name as the issuer's name if it should show",
}


def _language(value: str) -> str | None:
    """``nl_NL`` or ``en_EN`` (Edubadges' form) as a BCP 47 tag: the language subtag."""
    primary = re.split(r"[_-]", value.strip(), maxsplit=1)[0].lower()
    return primary if re.fullmatch(r"[a-z]{2,3}", primary) else None


def _spec_from_badge(
    badge: Mapping[str, Any], issuer: Mapping[str, Any], notes: _Notes
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The input-format values 2.0 supplies, and the extra achievement members."""
    spec: dict[str, Any] = {"id": badge.get("id")}
    extra: dict[str, Any] = {}
    b = ("badge",)
    for key, target in (("name", "title"), ("description", "description")):
        if text(badge.get(key)):
            spec[target] = badge[key]
            notes.carry((*b, key), f"{_ACHIEVEMENT}/{key}")
    criteria = badge.get("criteria")
    if isinstance(criteria, str):
        extra["criteria_id"] = criteria
        notes.carry((*b, "criteria"), f"{_ACHIEVEMENT}/criteria/id")
    elif isinstance(criteria, Mapping):
        if text(criteria.get("narrative")):
            spec["criteria"] = criteria["narrative"]
            notes.carry((*b, "criteria", "narrative"), f"{_ACHIEVEMENT}/criteria/narrative")
        if isinstance(criteria.get("id"), str):
            extra["criteria_id"] = criteria["id"]
            notes.carry((*b, "criteria", "id"), f"{_ACHIEVEMENT}/criteria/id")
    image = image_id(badge.get("image"))
    if image:
        spec["image"] = image
        notes.carry((*b, "image"), f"{_ACHIEVEMENT}/image")
    for i, alignment in enumerate(many(badge.get("alignment"))):
        converted = _alignment(alignment)
        if converted is None:
            notes.leave((*b, "alignment", i), "an alignment needs targetName and targetUrl")
            continue
        extra.setdefault("alignment", []).append(converted)
        notes.carry((*b, "alignment", i), f"{_ACHIEVEMENT}/alignment", "as an Alignment")
    tags = [t for t in many(badge.get("tags")) if isinstance(t, str) and t.strip()]
    if tags:
        extra["tag"] = tags
        notes.carry((*b, "tags"), f"{_ACHIEVEMENT}/tag")
    values = _extensions.read(badge, _extensions.BADGE_EXTENSIONS)
    for name, found_value in values.items():
        path = (*b, found_value.key)
        if found_value.problem:
            notes.leave(path, found_value.problem)
            continue
        value = found_value.value
        if name == "ECTSExtension":
            spec["ects"] = value
            notes.carry(path, f"{_ACHIEVEMENT}/creditsAvailable")
        elif name == "EQFExtension":
            if isinstance(value, int | float) and float(value).is_integer() and 1 <= value <= 8:
                spec["eqfLevel"] = int(value)
                notes.carry(path, f"{_ACHIEVEMENT}/alignment", "as the EQF level alignment")
            else:
                notes.leave(path, f"EQF {value!r} is not a level 1–8")
        elif name == "LearningOutcomeExtension":
            spec["learningOutcomes"] = [value.strip()]
            notes.carry(path, f"{_ACHIEVEMENT}/alignment", "as one learning outcome, as written")
        elif name == "LanguageExtension":
            language = _language(value)
            if language:
                spec["language"] = language
                notes.carry(
                    path, f"{_ACHIEVEMENT}/inLanguage", f"{value!r} written as {language!r}"
                )
            else:
                notes.leave(path, f"{value!r} is not a language code")
        elif name in ("TimeInvestmentExtension", "StudyLoadExtension"):
            if "hours" in spec:
                notes.leave(path, "the study load is already given by TimeInvestment")
            else:
                spec["hours"] = value
                notes.carry(path, f"{_ACHIEVEMENT}/alignment", "as the workload in hours")
        elif name == "EducationProgramIdentifierExtension":
            extra["otherIdentifier"] = [
                {
                    "type": "IdentifierEntry",
                    "identifier": str(int(n)) if float(n).is_integer() else str(n),
                    "identifierType": "ext:EducationProgramIdentifier",
                }
                for n in many(value)
            ]
            notes.carry(path, f"{_ACHIEVEMENT}/otherIdentifier")
    spec["credential"] = {"issuer": _issuer_spec(issuer, notes)}
    return spec, extra


def _alignment(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    name, url = value.get("targetName"), value.get("targetUrl")
    if not (text(name) and isinstance(url, str) and IRI.match(url)):
        return None
    out: dict[str, Any] = {"type": ["Alignment"], "targetName": name, "targetUrl": url}
    for key in ("targetDescription", "targetFramework", "targetCode"):
        if text(value.get(key)):
            out[key] = value[key]
    return out


def _issuer_spec(issuer: Mapping[str, Any], notes: _Notes) -> dict[str, Any]:
    p = ("badge", "issuer")
    out: dict[str, Any] = {}
    for key in ("id", "name", "url"):
        if text(issuer.get(key)):
            out[key] = issuer[key]
            notes.carry((*p, key), f"/issuer/{key}")
    values = _extensions.read(issuer, _extensions.ISSUER_EXTENSIONS)
    for name, found_value in values.items():
        path = (*p, found_value.key)
        if found_value.problem:
            notes.leave(path, found_value.problem)
        elif name == "InstitutionIdentifierExtension":
            out["brin"] = found_value.value
            notes.carry(path, "/issuer/otherIdentifier", "as the ext:BRIN identifier")
        elif name == "InstitutionCountryExtension":
            country = found_value.value.strip().upper()
            if re.fullmatch(r"[A-Z]{2}", country):
                out["countryCode"] = country
                notes.carry(path, "/issuer/address/addressCountryCode")
            else:
                notes.leave(path, f"{found_value.value!r} is not an ISO 3166-1 alpha-2 code")
        else:
            notes.leave(path, _EXTENSION_LEFT[name])
    return out


def _leftovers(
    obj: Mapping[str, Any], used: set[str], path: tuple[str, ...], notes: _Notes
) -> None:
    """A note for every member of ``obj`` that was neither carried over nor already noted."""
    noted = {n.source for n in notes.carried + notes.not_carried}
    for key, value in obj.items():
        pointer = json_pointer((*path, key))
        if key in ("@context", "type", "@type") or pointer in noted:
            continue
        if any(s.startswith(pointer + "/") for s in noted):
            continue
        if value in ([], {}, ""):
            notes.leave((*path, key), "empty: nothing to carry over")
        elif key not in used:
            notes.leave((*path, key), _LEFT.get(key, "no Open Badges 3.0 counterpart"))


def _merge(spec: dict[str, Any], completion: Mapping[str, Any], notes: _Notes) -> dict[str, Any]:
    merged: dict[str, Any] = copy_json(spec)
    for key, value in completion.items():
        if key == "credential" and isinstance(value, Mapping):
            block = merged.setdefault("credential", {})
            for inner, inner_value in value.items():
                if inner == "issuer" and isinstance(inner_value, Mapping):
                    block.setdefault("issuer", {}).update(copy_json(inner_value))
                else:
                    block[inner] = copy_json(inner_value)
        else:
            merged[key] = copy_json(value)
    for key in completion:
        if key in spec and key != "credential":
            notes.not_carried.append(
                FieldNote(f"(the 2.0 value of {key})", None, f"replaced by the completion's {key}")
            )
    return merged


def _missing(merged: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for key, what in _NEEDED:
        if merged.get(key) in (None, "", [], {}):
            problems.append(
                Problem(
                    "ob2.incomplete",
                    f"Open Badges 2.0 gives no {key}: add {what} to the completion "
                    "(on the command line, the --complete file)",
                    json_pointer((key,)),
                )
            )
    if merged.get("ects") is None and merged.get("hours") is None:
        problems.append(
            Problem(
                "ob2.incomplete",
                "the badge gives no study load: add ects and/or hours to the completion",
                "/ects",
            )
        )
    issuer = merged.get("credential", {}).get("issuer", {})
    if not issuer.get("countryCode"):
        problems.append(
            Problem(
                "ob2.incomplete",
                "the issuer's country is not given: add credential.issuer.countryCode (such as "
                "'NL') to the completion",
                "/credential/issuer/countryCode",
            )
        )
    return problems


# -- the recipe --------------------------------------------------------------------------------


def _read(
    assertion: Mapping[str, Any] | str, index: Index
) -> tuple[Mapping[str, Any], _jws.Jws | None]:
    if isinstance(assertion, Mapping):
        if "VerifiableCredential" in many(assertion.get("type")):
            raise InvalidDocumentError.from_problems(
                [
                    Problem(
                        "ob2.not-an-assertion",
                        "this is a Verifiable Credential (Open Badges 3.0) already, not a 2.0 "
                        "assertion: verify it instead",
                        "/type",
                    )
                ]
            )
        return assertion, None
    if not isinstance(assertion, str):
        raise TypeError(f"assertion must be a JSON object or a string, not {type(assertion)}")
    text = assertion.strip()
    if text in index.by_id:  # a hosted assertion's URL, with its document supplied
        return index.by_id[text], None
    if WEB.match(text):
        raise InvalidDocumentError.from_problems(
            [
                Problem(
                    "ob2.not-an-assertion",
                    f"{text} is the address of a hosted assertion, which is never fetched: "
                    "download it and pass the assertion document",
                )
            ]
        )
    try:
        jws = _jws.decode(text)
    except ValueError as exc:
        raise InvalidDocumentError.from_problems(
            [Problem("ob2.not-an-assertion", f"not an assertion or a signed assertion: {exc}")]
        ) from None
    if not isinstance(jws.payload, Mapping):
        raise InvalidDocumentError.from_problems(
            [Problem("ob2.not-an-assertion", "the JWS payload is not a JSON object")]
        )
    return jws.payload, jws


def import_assertion(
    assertion: Mapping[str, Any] | str,
    *,
    documents: Iterable[Mapping[str, Any]] = (),
    completion: Mapping[str, Any] | None = None,
    public_key: str | None = None,
    issuer_id: str | None = None,
    recipient: str | EmailRecipient | None = None,
    now: _dt.datetime | str | None = None,
    max_clock_skew: _dt.timedelta = DEFAULT_MAX_CLOCK_SKEW,
) -> ImportResult:
    """Check an Open Badges 2.0 assertion offline and write it as an unsigned 3.0 credential.

    * ``assertion``: the hosted assertion (a JSON object), a signed assertion (its compact
      JWS), or the URL of a hosted assertion whose document is among ``documents``.
    * ``documents``: the BadgeClass, issuer Profile, CryptographicKey and RevocationList
      documents the assertion refers to by id (embedded objects need not be given).
    * ``completion``: values in the keys of the quality guide's input format, for what 2.0
      cannot say (``assessmentTypes``, ``participationForms``, ``qualityAssurance``,
      ``credential.issuer.countryCode``, ...) or to replace what it says (``encoding``,
      ``title``...).
    * ``public_key``: the issuer's public key as PEM, when you have it from the issuer (it is
      then trusted without a CryptographicKey document).
    * ``issuer_id``: the issuer id of the 3.0 credential — the controller of the key that
      will sign it, such as a did:web or did:key (default: the 2.0 issuer id).
    * ``recipient``: a DID, IRI or :class:`~microcredential.quality.EmailRecipient` to issue
      to instead of the 2.0 recipient (whose identity, hashed or not, is carried otherwise).

    Raises :class:`~microcredential.errors.InvalidDocumentError` (``ob2.not-an-assertion``)
    only when the input cannot be read as an assertion at all; everything else is in the
    :class:`ImportResult`.  The inputs are not modified.
    """
    index = Index(documents)
    data, jws = _read(assertion, index)
    when = resolve_now(now)
    found = Findings()
    badge, _ = index.resolve(data.get("badge"))
    issuer, issuer_embedded = (None, False)
    if badge is not None:
        issuer, issuer_embedded = index.resolve(badge.get("issuer"))
    _check_documents(data, badge, issuer, found)
    signed = _check_verification(data, jws, issuer, issuer_embedded, index, public_key, found)
    issued, expires = check_dates(data, when, max_clock_skew, found)
    check_revocation(data, issuer, index, signed, found)
    checks = found.checks()
    notes = _Notes()
    problems: list[Problem] = []
    credential = None
    if badge is not None and issuer is not None and issued is not None:
        credential = _convert(
            data, badge, issuer, issued, expires, notes, problems,
            completion or {}, issuer_id, recipient,
        )  # fmt: skip
    if any(c.status is CheckStatus.FAILED for c in checks):
        credential = None
    return ImportResult(
        credential,
        checks,
        tuple(notes.carried),
        tuple(notes.not_carried),
        tuple(problems),
        dict(data),
    )


def _check_documents(
    data: Mapping[str, Any],
    badge: Mapping[str, Any] | None,
    issuer: Mapping[str, Any] | None,
    found: Findings,
) -> None:
    """The shape of the assertion, its BadgeClass and its issuer (missing ones reported)."""
    check_shape(data, "Assertion", (), found)
    for obj, kind, path, ref in (
        (badge, "BadgeClass", ("badge",), data.get("badge")),
        (issuer, "Issuer", ("badge", "issuer"), badge.get("issuer") if badge else None),
    ):
        if obj is None and ref is not None:
            found.problem(
                "shape",
                "ob2.document-missing",
                f"the {kind} {ref!r} is neither embedded nor given: pass its document",
                path,
            )
        check_shape(obj, kind, path, found)


def _check_verification(
    data: Mapping[str, Any],
    jws: _jws.Jws | None,
    issuer: Mapping[str, Any] | None,
    issuer_embedded: bool,
    index: Index,
    public_key: str | None,
    found: Findings,
) -> bool:
    """Check how the assertion is verified (its signature, or where it is hosted); return
    whether it is a signed badge."""
    verification = data.get("verification", data.get("verify"))
    kind = (
        types(verification)[0].lower()
        if isinstance(verification, Mapping) and types(verification)
        else ""
    )
    signed = kind in ("signed", "signedbadge")
    if jws is not None and not signed:
        found.problem(
            "signature",
            "ob2.verification-type",
            "the assertion is a JWS but its verification type is not SignedBadge",
            ("verification", "type"),
        )
    elif jws is None and signed:
        found.problem(
            "signature",
            "ob2.verification-type",
            "the assertion says SignedBadge but was given as JSON, without its signature: pass "
            "the JWS",
            ("verification", "type"),
        )
    elif jws is not None:
        check_signature(jws, data, issuer, issuer_embedded, index, public_key, found)
    elif kind in ("hosted", "hostedbadge"):
        check_hosted(data, issuer, found)
    else:
        found.problem(
            "shape",
            "ob2.verification-type",
            f"unknown verification type {kind!r}: expected HostedBadge or SignedBadge",
            ("verification",),
        )
    return signed


def _convert(
    data: Mapping[str, Any],
    badge: Mapping[str, Any],
    issuer: Mapping[str, Any],
    issued: _dt.datetime,
    expires: _dt.datetime | None,
    notes: _Notes,
    problems: list[Problem],
    completion: Mapping[str, Any],
    issuer_id: str | None,
    recipient: str | EmailRecipient | None,
) -> dict[str, Any] | None:
    """The 3.0 credential, or ``None`` with ``problems`` saying why; ``notes`` are complete
    either way."""
    spec, extra = _spec_from_badge(badge, issuer, notes)
    if issuer_id is not None:
        spec["credential"]["issuer"]["id"] = issuer_id
        notes.carried.append(
            FieldNote("/badge/issuer/id", "/issuer/id", f"replaced by {issuer_id}")
        )
    merged = _merge(spec, completion, notes)
    learner = _recipient(data, recipient, notes)
    top, subject_extra = _assertion_extras(data, notes)
    profile_extra = _issuer_extras(issuer, notes)
    credential_id = merged.get("credential", {}).get("id") or data.get("id")
    if isinstance(credential_id, str) and IRI.match(credential_id):
        notes.carry(("id",), "/id")
    else:
        credential_id = None
    valid_from = format_datetime(issued)
    note = "" if valid_from == data.get("issuedOn") else f"as {valid_from}"
    notes.carry(("issuedOn",), "/validFrom", note)
    if expires is not None:
        top["validUntil"] = format_datetime(expires)
        notes.carry(("expires",), "/validUntil")
    _leftovers(data, {"id", "recipient", "badge", "issuedOn", "expires", "revoked"}, (), notes)
    used_badge = {"id", "name", "description", "criteria", "image", "issuer", "alignment", "tags"}
    _leftovers(badge, used_badge, ("badge",), notes)
    used_issuer = {"id", "name", "url", "email", "description", "image", "telephone"}
    _leftovers(issuer, used_issuer, ("badge", "issuer"), notes)
    problems.extend(_missing(merged))
    if learner is None:
        problems.append(
            Problem(
                "ob2.recipient",
                "the recipient cannot be carried over (see the notes): give the learner to "
                "issue to",
                "/recipient",
            )
        )
    if problems or learner is None:
        return None
    try:
        spec_in = parse_input(merged)
    except InvalidDocumentError as exc:
        problems.extend(exc.problems)
        return None
    if spec_in.issuer is None:  # parse_input needs the issuer block, which spec always has
        return None
    achievement = build_achievement(spec_in.profile, id=spec_in.id, encoding=spec_in.encoding)
    if "criteria_id" in extra:
        achievement["criteria"]["id"] = extra.pop("criteria_id")
    achievement.setdefault("alignment", []).extend(extra.pop("alignment", []))
    achievement.update(extra)
    credential = build_credential(
        achievement,
        recipient=learner,
        issuer=spec_in.issuer,
        valid_from=issued,
        id=credential_id,
    )
    credential["credentialSubject"].update(subject_extra)
    credential["issuer"].update(profile_extra)
    credential.update(top)
    return credential


def _recipient(
    data: Mapping[str, Any], override: str | EmailRecipient | None, notes: _Notes
) -> str | EmailRecipient | HashedRecipient | None:
    """The learner for the builder: the one given, or the assertion's (a hashed identity is
    carried over with its hash and salt)."""
    if override is not None:
        notes.leave(("recipient",), "replaced by the recipient given")
        return override
    r = data.get("recipient")
    if not isinstance(r, Mapping) or not isinstance(r.get("identity"), str):
        notes.leave(("recipient",), "the recipient has no identity")
        return None
    kind, identity = r.get("type"), r["identity"]
    if r.get("hashed") is True:
        identity_type = _IDENTITY_TYPES.get(kind) if isinstance(kind, str) else None
        if identity_type is None or not re.fullmatch(r"(sha256|md5)\$[0-9a-fA-F]+", identity):
            notes.leave(("recipient",), f"a hashed identity of type {kind!r} cannot be read")
            return None
        salt = r.get("salt") if isinstance(r.get("salt"), str) and r["salt"] else None
        if salt is not None and not salt.strip():
            notes.leave(("recipient",), "a salt of white space only cannot be carried over")
            return None
        notes.carry(("recipient",), "/credentialSubject/identifier", "the same hash and salt")
        return HashedRecipient(identity, salt, identity_type=identity_type)
    if kind == "email" and "@" in identity:
        notes.carry(("recipient",), "/credentialSubject/identifier", "hashed, with a new salt")
        return EmailRecipient(identity)
    if kind in ("url", "id") and IRI.match(identity):
        notes.carry(("recipient",), "/credentialSubject/id")
        return str(identity)
    notes.leave(("recipient",), f"a plain identity of type {kind!r} cannot be carried over")
    return None


def _assertion_extras(
    data: Mapping[str, Any], notes: _Notes
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(members for the credential, members for its subject) from the assertion."""
    top: dict[str, Any] = {}
    subject: dict[str, Any] = {}
    evidence = []
    for i, item in enumerate(many(data.get("evidence"))):
        if isinstance(item, str) and IRI.match(item):
            evidence.append({"id": item, "type": ["Evidence"]})
        elif isinstance(item, Mapping):
            entry: dict[str, Any] = {"type": ["Evidence"]}
            for key in ("id", "narrative", "name", "description", "genre", "audience"):
                if text(item.get(key)):
                    entry[key] = item[key]
            evidence.append(entry)
        else:
            notes.leave(("evidence", i), "evidence must be a URL or an Evidence object")
    if evidence:
        top["evidence"] = evidence
        notes.carry(("evidence",), "/evidence")
    if text(data.get("narrative")):
        subject["narrative"] = data["narrative"]
        notes.carry(("narrative",), "/credentialSubject/narrative")
    image = image_id(data.get("image"))
    if image:
        subject["image"] = {"id": image, "type": "Image"}
        notes.carry(("image",), "/credentialSubject/image")
    return top, subject


def _issuer_extras(issuer: Mapping[str, Any], notes: _Notes) -> dict[str, Any]:
    """Members for the 3.0 issuer Profile beyond what the builder writes."""
    profile: dict[str, Any] = {}
    p = ("badge", "issuer")
    for key, target in (("email", "email"), ("description", "description"), ("telephone", "phone")):
        if text(issuer.get(key)):
            profile[target] = issuer[key]
            notes.carry((*p, key), f"/issuer/{target}")
    image = image_id(issuer.get("image"))
    if image:
        profile["image"] = {"id": image, "type": "Image"}
        notes.carry((*p, "image"), "/issuer/image")
    return profile
