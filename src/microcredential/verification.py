"""Verifying a whole Open Badges 3.0 credential, step by step, as the specification orders it.

Building block: every option is passed in (resolver, status fetcher, ``now``, loader); the
recipe :func:`microcredential.verify` picks the defaults.  The result is a
:class:`VerificationResult` with one named :class:`Check` per step of Open Badges 3.0
section "Verification and Validation" (OpenBadgeCredential / EndorsementCredential
verification):

=====================  =======================================================================
check                  what it establishes
=====================  =======================================================================
``compacted-form``     the JSON says what the signed data says: the document is in the
                       compacted form its contexts define (:mod:`microcredential.jsonld.compaction`)
``structure``          the JSON parses as the data model and conforms to the bundled schema
``context-and-type``   ``@context`` starts with VC 2.0 (or 1.1) and includes an OB 3.0 context;
                       ``type`` names the credential class
``subject``            the ``credentialSubject`` is identified by ``id`` and/or ``identifier``
``proof``              every Data Integrity proof verifies (``assertionMethod``); for a
                       VC-JWT the ``jwt`` check takes its place (:mod:`microcredential.jwt`)
``issuer-binding``     a verified proof was made by the ``issuer``; other signers are reported
``refresh-service``    noted only: this library never fetches a refreshed credential
``credential-status``  revocation / suspension through the status list (its proof checked)
``validity-period``    ``validFrom``/``validUntil`` (VC 1.1: ``issuanceDate``/``expirationDate``)
``related-resources``  each ``relatedResource`` digest is well formed, and right where the
                       resource is known offline (:mod:`microcredential.related`)
``endorsements``       every nested ``EndorsementCredential``, verified the same way
``credentials``        a CLR 2.0 ``ClrCredential`` only: every credential it bundles, verified
                       the same way, each reported on its own in
                       :attr:`VerificationResult.credentials`
=====================  =======================================================================

**Profiles.**  Those checks are the Open Badges ones, applied to Open Badges credentials (a
``type`` naming ``OpenBadgeCredential``, ``AchievementCredential`` or
``EndorsementCredential``, or an Open Badges or CLR context).  Any other credential is judged
by the VC Data Model (2.0, or 1.1 for a credential on the 1.1 context): ``structure`` is that
model's rules (no Open Badges schema), ``context-and-type`` asks only for the VC context and
``VerifiableCredential``, and ``subject`` does not apply (the model's rule that each subject
makes a claim is part of ``structure``).  :attr:`VerificationResult.profile` names the rules
applied (:func:`credential_profile`).

**Several signers.**  VC Data Integrity requires every proof of a proof set or chain to
verify, and ``proof`` checks that.  The issuer's binding needs at least one verified
``assertionMethod`` proof made by the issuer; proofs by other signers (co-signers, or later
links of a chain) are reported as ``credential.other-signer`` (info).  With
``cosigners=False`` every proof must be the issuer's, as before.

**Short circuit.**  Every check reads JSON keys, while a proof made with RDF canonicalization
signs the RDF the JSON denotes: when the document is not in compacted form (its keys could say
something else than the signed data), nothing else is read and every other check is
``skipped``.  Everything after ``proof`` is read from the credential's content, which only the
proof authenticates: when the proof does not verify, those checks are ``skipped``.

**Arrays are unordered.**  JSON-LD arrays have no order unless a context declares ``@list``,
and a signature over RDF does not fix one: no check depends on the order of such an array.

**Dates.**  The specification says a credential is expired when the current time is *after*
``validUntil`` and not yet valid when it is *before* ``validFrom``.  So a credential is
valid at exactly ``validUntil`` and exactly ``validFrom``; with a clock skew ``s`` it is
expired only when ``now - s > validUntil`` and not yet valid only when
``now + s < validFrom``.

Verification raises only for misuse (an argument of the wrong type); everything wrong with
the document is a :class:`~microcredential.Problem` in the result.
"""

from __future__ import annotations

import enum
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from ._deprecated import renamed_attributes as _renamed_attributes
from ._deprecated import renamed_property
from ._json import is_plain_json, node_id
from ._time import DEFAULT_MAX_CLOCK_SKEW, parse_datetime, resolve_now, shifted
from .constants import VC_V1_CONTEXT, VC_V2_CONTEXT
from .errors import InvalidDocumentError, ResolutionError
from .fetch import Fetcher
from .integrity import ProofSetResult, PublicKeyResolver, verify_proofs
from .jsonld import UNDECIDED_CODES, CompactedProperty, OfflineLoader, walk_compacted
from .jwt import JwtCredential, JwtVerification, decode_jwt_credential, verify_jwt
from .models import (
    OB_CONTEXT_PATTERN,
)
from .problems import Problem, Severity, json_pointer, quote
from .related import related_resource_problems
from .results import VerificationStatus
from .schema import DocumentKind, document_problems
from .status import EnvelopedCredential, StatusOutcome, check_status

__all__ = [
    "CHECK_NAMES",
    "CLR_CHECK_NAME",
    "MAX_ENDORSEMENT_DEPTH",
    "PROFILE_OPEN_BADGES",
    "PROFILE_VC_1",
    "PROFILE_VC_2",
    "Check",
    "CheckStatus",
    "CheckedResult",
    "StatusListCache",
    "VerificationResult",
    "VerificationStatus",
    "check_credential",
    "credential_problems",
    "credential_profile",
    "find_endorsements",
    "issuer_id",
]

__getattr__ = _renamed_attributes(
    __name__,
    {
        "verify_credential": (
            "microcredential.verification.check_credential",
            lambda: check_credential,
        ),
    },
)

_OB_SPEC: Final = "https://www.imsglobal.org/spec/ob/v3p0/#verification"
_ENDORSEMENT_SPEC: Final = "https://www.imsglobal.org/spec/ob/v3p0/#endorsement-verification"
_VC_SPEC: Final = "https://www.w3.org/TR/vc-data-model-2.0/"
_SD_SPEC: Final = "https://www.w3.org/TR/vc-di-ecdsa/#ecdsa-sd-2023"

#: The checks of a credential verification, in the order they run.
CHECK_NAMES: Final = (
    "compacted-form",
    "structure",
    "context-and-type",
    "subject",
    "proof",
    "issuer-binding",
    "refresh-service",
    "credential-status",
    "validity-period",
    "related-resources",
    "endorsements",
)
_AFTER_PROOF: Final = CHECK_NAMES[CHECK_NAMES.index("proof") + 1 :]
#: How deep endorsements of endorsements are followed.
MAX_ENDORSEMENT_DEPTH: Final = 3
_OB_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})
#: The rules a credential is judged by (:attr:`VerificationResult.profile`).
PROFILE_OPEN_BADGES: Final = "open-badges-3.0"
PROFILE_VC_2: Final = "vc-data-model-2.0"
PROFILE_VC_1: Final = "vc-data-model-1.1"
_OB_FAMILY_TYPES: Final = _OB_TYPES | {"EndorsementCredential", "ClrCredential"}
_CLR_CONTEXT: Final = "https://purl.imsglobal.org/spec/clr/v2p0/"
_CLR_SPEC: Final = "https://www.imsglobal.org/spec/clr/v2p0/#verification"
#: The check a ``ClrCredential`` adds after :data:`CHECK_NAMES`: its bundled credentials.
CLR_CHECK_NAME: Final = "credentials"
#: Where a ``ClrCredential`` carries the learner's credentials.
_CLR_BUNDLE: Final[tuple[str | int, ...]] = ("credentialSubject", "verifiableCredential")


class CheckStatus(enum.StrEnum):
    """The outcome of one check."""

    PASSED = "passed"
    FAILED = "failed"
    #: The check could not be completed (a key or status list could not be obtained).
    INDETERMINATE = "indeterminate"
    #: Not run, because an earlier check did not pass (or the caller turned it off).
    SKIPPED = "skipped"
    #: Nothing to check (no ``credentialStatus``, no endorsements...).
    NOT_APPLICABLE = "not-applicable"


@dataclass(frozen=True, slots=True)
class Check:
    """One named verification step and what it found."""

    name: str
    status: CheckStatus
    problems: tuple[Problem, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "name": self.name,
            "status": self.status.value,
            "problems": [p.to_dict() for p in self.problems],
        }


class CheckedResult:
    """What every result made of named checks offers (credentials and presentations)."""

    __slots__ = ()
    checks: tuple[Check, ...]

    @property
    def status(self) -> VerificationStatus:
        """``invalid`` if a check failed, else ``indeterminate`` if one could not be decided,
        else ``verified``."""
        statuses = {c.status for c in self.checks}
        if CheckStatus.FAILED in statuses:
            return VerificationStatus.INVALID
        if CheckStatus.INDETERMINATE in statuses:
            return VerificationStatus.INDETERMINATE
        return VerificationStatus.VERIFIED

    @property
    def ok(self) -> bool:
        """True only when every applicable check passed (the status is ``verified``)."""
        return self.status is VerificationStatus.VERIFIED

    verified = renamed_property("verified", "ok")

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem of this result's own checks (nested results keep theirs)."""
        return tuple(p for c in self.checks for p in c.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def check(self, name: str) -> Check:
        """The check called ``name`` (``KeyError`` if there is none)."""
        for item in self.checks:
            if item.name == name:
                return item
        raise KeyError(name)

    def _check_lines(self, pad: str) -> list[str]:
        lines = []
        for item in self.checks:
            lines.append(f"{pad}  {item.status.value:<15} {item.name}")
            lines.extend(f"{pad}      {p.severity.value}: {p.describe()}" for p in item.problems)
        return lines

    def __str__(self) -> str:
        return self.render_text()

    def render_text(self) -> str:  # pragma: no cover - every result defines its own
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class VerificationResult(CheckedResult):
    """The verification of one credential.

    ``checks`` run in the order of :data:`CHECK_NAMES`.  ``endorsements`` holds the result
    of every nested ``EndorsementCredential`` (``path`` says where it sits); their outcome
    is summarised by the ``endorsements`` check.
    """

    checks: tuple[Check, ...]
    kind: str = "OpenBadgeCredential"
    credential_id: str | None = None
    path: str = ""
    endorsements: tuple[VerificationResult, ...] = ()
    #: The rules applied: :data:`PROFILE_OPEN_BADGES`, :data:`PROFILE_VC_2` or
    #: :data:`PROFILE_VC_1` (see :func:`credential_profile`).
    profile: str = PROFILE_OPEN_BADGES
    #: A ``ClrCredential``'s bundled credentials, each verified on its own (``path`` says
    #: where it sits); the ``credentials`` check summarises them.
    credentials: tuple[VerificationResult, ...] = ()
    #: A digest of the JSON content verified (None: not recorded), for :meth:`describes`.
    content_digest: bytes | None = field(default=None, repr=False, compare=False)

    def has_problem(self, code: str) -> bool:
        """Whether any check reported a problem with ``code``."""
        return any(p.code == code for p in self.problems)

    def describes(self, document: Mapping[str, Any]) -> bool:
        """Whether this is the verification of exactly ``document``: the same JSON content
        (a VC-JWT's is the credential it carries), not only the same ``id``.  A result that
        recorded no content (one built by hand) compares ids only."""
        if self.content_digest is None:
            return document.get("id") == self.credential_id
        return _content_digest(document) == self.content_digest

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (``status``, ``verified``, ``profile``, ``checks``...)."""
        out: dict[str, Any] = {
            "status": self.status.value,
            "verified": self.ok,
            "kind": self.kind,
            "profile": self.profile,
            "id": self.credential_id,
        }
        if self.path:
            out["path"] = self.path
        out["checks"] = [c.to_dict() for c in self.checks]
        out["endorsements"] = [e.to_dict() for e in self.endorsements]
        if self.kind == "ClrCredential":
            out["credentials"] = [c.to_dict() for c in self.credentials]
        return out

    def render_text(self, *, indent: int = 0) -> str:
        """A readable report: the outcome, then one line per check and its problems."""
        pad = " " * indent
        where = f" at {self.path}" if self.path else ""
        lines = [
            f"{pad}{self.status.value.upper()}: {self.kind} {self.credential_id or '(no id)'}"
            f"{where} [{self.profile}]",
            *self._check_lines(pad),
        ]
        lines.extend(e.render_text(indent=indent + 4) for e in self.endorsements)
        lines.extend(c.render_text(indent=indent + 4) for c in self.credentials)
        return "\n".join(lines)


# -- helpers ---------------------------------------------------------------------------------


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def issuer_id(document: Mapping[str, Any]) -> str | None:
    """The credential's issuer id: ``issuer`` when a string, else ``issuer.id``."""
    return node_id(document.get("issuer"))


def _problem(
    code: str,
    message: str,
    segments: Iterable[str | int] = (),
    *,
    severity: Severity = Severity.ERROR,
    spec: str | None = _OB_SPEC,
) -> Problem:
    return Problem.at(code, message, segments, severity=severity, spec=spec)


def _check(name: str, problems: Iterable[Problem], *, empty: CheckStatus | None = None) -> Check:
    found = tuple(problems)
    if any(p.severity is Severity.ERROR for p in found):
        return Check(name, CheckStatus.FAILED, found)
    return Check(name, empty or CheckStatus.PASSED, found)


# -- the checks ------------------------------------------------------------------------------


def _kind(document: Mapping[str, Any]) -> str:
    names = _types(document.get("type"))
    if "EndorsementCredential" in names:
        return "EndorsementCredential"
    if "ClrCredential" in names:
        return "ClrCredential"
    for name in ("OpenBadgeCredential", "AchievementCredential"):
        if name in names:
            return name
    return "VerifiableCredential"


def credential_profile(document: Mapping[str, Any], expected: str | None = None) -> str:
    """The rules ``document`` is judged by: Open Badges, or the VC Data Model (2.0 or 1.1).

    Open Badges rules apply to a credential whose ``type`` names an Open Badges or CLR class
    or whose ``@context`` includes an Open Badges or CLR context (so a badge with a mistyped
    ``type`` is still judged as a badge), and to an expected endorsement; the VC Data Model
    rules to everything else, by the version its first context names.
    """
    if expected is not None or _OB_FAMILY_TYPES & set(_types(document.get("type"))):
        return PROFILE_OPEN_BADGES
    context = document.get("@context")
    items = context if isinstance(context, list) else [context]
    for item in items:
        if isinstance(item, str) and (
            OB_CONTEXT_PATTERN.match(item) or item.startswith(_CLR_CONTEXT)
        ):
            return PROFILE_OPEN_BADGES
    return PROFILE_VC_1 if _first_context(document) == VC_V1_CONTEXT else PROFILE_VC_2


_OWN_PATHS: Final = ("/@context", "/type")


def _structure(document: Mapping[str, Any], kind: str, schema: bool, profile: str) -> Check:
    if profile != PROFILE_OPEN_BADGES:
        found = document_problems(document, kind="verifiable-credential")
    else:
        badge: DocumentKind = (
            "endorsement"
            if kind == "EndorsementCredential"
            else "clr"
            if kind == "ClrCredential"
            else "credential"
        )
        schema = schema and kind not in ("VerifiableCredential", "ClrCredential")
        found = document_problems(document, kind=badge, schema=schema)
        if schema and _first_context(document) == VC_V1_CONTEXT:
            # The Open Badges 3.0 JSON Schemas describe VC 2.0 credentials (validFrom, the
            # 2.0 context); a VC 1.1 badge is checked against the models, which know both.
            found.append(
                _problem(
                    "credential.schema-not-applicable",
                    "a VC 1.1 credential: checked against the data model, not the Open Badges "
                    "3.0 JSON Schema (which is written for VC 2.0)",
                    [],
                    severity=Severity.INFO,
                )
            )
    # @context and type are the next check's subject: report them once, there.
    return _check("structure", [p for p in found if p.path not in _OWN_PATHS])


def _context_and_type(document: Mapping[str, Any], expected: str | None, profile: str) -> Check:
    found: list[Problem] = []
    context = document.get("@context")
    items = context if isinstance(context, list) else [context] if context is not None else []
    if not items:
        found.append(
            _problem(
                "credential.context-invalid",
                "@context is missing: a credential starts with the VC 2.0 context "
                f"{VC_V2_CONTEXT!r}",
                ["@context"],
                spec=_VC_SPEC + "#contexts",
            )
        )
    else:
        if items[0] not in (VC_V2_CONTEXT, VC_V1_CONTEXT):
            found.append(
                _problem(
                    "credential.context-invalid",
                    f"the first @context item must be {VC_V2_CONTEXT!r} (VC 2.0) or "
                    f"{VC_V1_CONTEXT!r} (VC 1.1); reorder or fix @context",
                    ["@context", 0],
                    spec=_VC_SPEC + "#contexts",
                )
            )
        if profile == PROFILE_OPEN_BADGES and not any(
            isinstance(c, str) and OB_CONTEXT_PATTERN.match(c) for c in items
        ):
            found.append(
                _problem(
                    "credential.context-invalid",
                    "@context must include an Open Badges 3.0 context such as "
                    "'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'",
                    ["@context"],
                )
            )
    names = _types(document.get("type"))
    if "VerifiableCredential" not in names:
        found.append(
            _problem(
                "credential.type-invalid",
                "type must include 'VerifiableCredential'",
                ["type"],
                spec=_VC_SPEC + "#types",
            )
        )
    if expected == "EndorsementCredential":
        if "EndorsementCredential" not in names:
            found.append(
                _problem(
                    "credential.type-invalid",
                    "an endorsement's type must include 'EndorsementCredential'",
                    ["type"],
                    spec=_ENDORSEMENT_SPEC,
                )
            )
    elif (
        profile == PROFILE_OPEN_BADGES
        and not _OB_TYPES & set(names)
        and not {"EndorsementCredential", "ClrCredential"} & set(names)
    ):
        found.append(
            _problem(
                "credential.type-invalid",
                "type must include 'OpenBadgeCredential' (or 'AchievementCredential'), "
                "'EndorsementCredential' or 'ClrCredential'",
                ["type"],
            )
        )
    return _check("context-and-type", found)


def _subject(document: Mapping[str, Any], kind: str, profile: str) -> Check:
    if kind == "EndorsementCredential" or profile != PROFILE_OPEN_BADGES:
        return Check("subject", CheckStatus.NOT_APPLICABLE)
    subject = document.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    found = [
        _problem(
            "credential.subject-unidentified",
            "the credentialSubject has neither an 'id' nor an 'identifier': nothing says "
            "who the recipient is; the issuer must add one",
            ["credentialSubject", *([i] if isinstance(subject, list) else [])],
        )
        for i, s in enumerate(subjects)
        if not (isinstance(s, Mapping) and (s.get("id") or s.get("identifier")))
    ]
    return _check("subject", found)


_PROOF_STATUS: Final = {
    VerificationStatus.VERIFIED: CheckStatus.PASSED,
    VerificationStatus.INVALID: CheckStatus.FAILED,
    VerificationStatus.INDETERMINATE: CheckStatus.INDETERMINATE,
}


def _issuer_binding(
    document: Mapping[str, Any], proofs: ProofSetResult, cosigners: bool = True
) -> Check:
    issuer = issuer_id(document)
    if issuer is None:
        return Check(
            "issuer-binding",
            CheckStatus.FAILED,
            (
                _problem(
                    "credential.issuer-missing",
                    "the credential names no issuer id ('issuer' as a URL, or 'issuer.id'), "
                    "so no proof can be tied to its issuer",
                    ["issuer"],
                ),
            ),
        )
    listed = isinstance(document.get("proof"), list)
    others = [result for result in proofs.proofs if result.controller != issuer]
    if not cosigners:
        found = [
            _problem(
                "credential.issuer-mismatch",
                f"proof {result.index} was made with {result.verification_method!r}, controlled "
                f"by {result.controller!r}, not by the issuer {issuer!r}: someone other than the "
                "issuer signed this credential; do not accept it",
                ["proof", *([result.index] if listed else [])],
                spec=_VC_SPEC + "#issuer",
            )
            for result in others
        ]
        return _check("issuer-binding", found)
    by_issuer = [
        result
        for result in proofs.proofs
        if result.controller == issuer
        and result.ok
        and result.proof.get("proofPurpose") == "assertionMethod"
    ]
    if not by_issuer:
        signers = sorted({str(result.controller) for result in proofs.proofs})
        return _check(
            "issuer-binding",
            [
                _problem(
                    "credential.issuer-mismatch",
                    f"no proof was made by the issuer {issuer!r} (signed by "
                    f"{', '.join(map(repr, signers))}): nothing shows the issuer issued this "
                    "credential; do not accept it",
                    ["proof"],
                    spec=_VC_SPEC + "#issuer",
                )
            ],
        )
    return _check(
        "issuer-binding",
        [
            _problem(
                "credential.other-signer",
                f"proof {result.index} was made by {result.controller!r} "
                f"({result.verification_method!r}), not by the issuer; it verifies, as every "
                "proof of a set or chain must, and vouches for that signer only",
                ["proof", *([result.index] if listed else [])],
                severity=Severity.INFO,
                spec="https://www.w3.org/TR/vc-data-integrity/#proof-sets",
            )
            for result in others
        ],
    )


def _refresh(document: Mapping[str, Any]) -> Check:
    if "refreshService" not in document:
        return Check("refresh-service", CheckStatus.NOT_APPLICABLE)
    return Check(
        "refresh-service",
        CheckStatus.SKIPPED,
        (
            _problem(
                "credential.refresh-not-performed",
                "the credential offers a refreshService; this library never contacts it, so "
                "verification continued with the credential as given (as the specification "
                "directs when a refresh does not succeed). Ask the holder for a fresh copy "
                "if you need one",
                ["refreshService"],
                severity=Severity.INFO,
            ),
        ),
    )


_STATUS_CHECK: Final = {
    StatusOutcome.OK: CheckStatus.PASSED,
    StatusOutcome.FLAGGED: CheckStatus.PASSED,
    StatusOutcome.REVOKED: CheckStatus.FAILED,
    StatusOutcome.SUSPENDED: CheckStatus.FAILED,
    StatusOutcome.INVALID: CheckStatus.FAILED,
    StatusOutcome.INDETERMINATE: CheckStatus.INDETERMINATE,
}


def _withheld(code: str, members: str) -> Problem:
    """Why a check cannot pass on a selectively disclosed credential: the members it decides
    on are absent, and a holder may have withheld them."""
    return _problem(
        code,
        f"the credential was selectively disclosed (ecdsa-sd-2023) without {members}: the "
        "holder may have withheld them, so their absence shows nothing. Ask the holder to "
        f"disclose {members} (issuers: make them mandatory)",
        [],
        severity=Severity.WARNING,
        spec=_SD_SPEC,
    )


def _status(
    document: Mapping[str, Any],
    fetcher: Fetcher | None,
    verify_list: Callable[[Mapping[str, Any]], Iterable[Problem]],
    now: datetime,
    skew: timedelta,
    selective: bool = False,
) -> Check:
    if document.get("credentialStatus") is None:
        if selective:
            undisclosed = _withheld("status.undisclosed", "credentialStatus")
            return Check("credential-status", CheckStatus.INDETERMINATE, (undisclosed,))
        return Check("credential-status", CheckStatus.NOT_APPLICABLE)
    result = check_status(
        document, fetcher=fetcher, verify_list=verify_list, now=now, max_clock_skew=skew
    )
    return Check("credential-status", _STATUS_CHECK[result.outcome], result.problems)


def _validity(
    document: Mapping[str, Any], now: datetime, skew: timedelta, selective: bool = False
) -> Check:
    v1 = _first_context(document) == VC_V1_CONTEXT
    start_key, end_key = ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    found: list[Problem] = []
    bounds: dict[str, datetime] = {}
    for key in (start_key, end_key):
        if key not in document:
            continue
        try:
            bounds[key] = parse_datetime(document[key])
        except (TypeError, ValueError) as exc:
            found.append(_problem("credential.invalid-date", f"{key}: {exc}", [key]))
    start, end = bounds.get(start_key), bounds.get(end_key)
    if start is not None and end is not None and end < start:
        found.append(
            _problem(
                "credential.invalid-validity-period",
                f"{end_key} ({document[end_key]}) is before {start_key} ({document[start_key]}): "
                "the credential is never valid; the issuer must correct it",
                [end_key],
                spec=_VC_SPEC + "#validity-period",
            )
        )
    elif start is not None and shifted(now, skew) < start:
        found.append(
            _problem(
                "credential.not-yet-valid",
                f"the credential is not valid before {document[start_key]}; check the clock, "
                "or try again then",
                [start_key],
            )
        )
    elif end is not None and shifted(now, skew, back=True) > end:
        found.append(
            _problem(
                "credential.expired",
                f"the credential expired at {document[end_key]}; ask the issuer for a current one",
                [end_key],
            )
        )
    missing = [key for key in (start_key, end_key) if key not in document]
    if selective and missing and not found:
        undisclosed = _withheld("credential.validity-undisclosed", " and ".join(missing))
        return Check("validity-period", CheckStatus.INDETERMINATE, (undisclosed,))
    if start is None and end is None and not found:
        return Check("validity-period", CheckStatus.PASSED)
    return _check("validity-period", found)


def _related(document: Mapping[str, Any]) -> Check:
    if "relatedResource" not in document:
        return Check("related-resources", CheckStatus.NOT_APPLICABLE)
    return _check("related-resources", related_resource_problems(document))


def credential_problems(document: Mapping[str, Any]) -> list[Problem]:
    """What the data model forbids in a credential, whatever its proofs say.

    The ``structure`` and ``context-and-type`` checks of its profile (without the Open Badges
    JSON Schema), the order of its validity period (not whether it is current) and its
    related resources' digests: what :func:`microcredential.sign` refuses to sign.
    """
    kind, profile = _kind(document), credential_profile(document)
    period = _validity(document, resolve_now(None), timedelta(0)).problems
    return [
        *_structure(document, kind, False, profile).problems,
        *_context_and_type(document, None, profile).problems,
        *(p for p in period if p.code == "credential.invalid-validity-period"),
        *related_resource_problems(document),
    ]


def _first_context(document: Mapping[str, Any]) -> Any:
    context = document.get("@context")
    return context[0] if isinstance(context, list) and context else context


#: Where Open Badges 3.0 puts endorsements: on objects of these classes.
_ENDORSED_TYPES: Final = frozenset(
    {"OpenBadgeCredential", "AchievementCredential", "Achievement", "Profile"}
)
_OB_VOCAB: Final = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#"
_ENDORSEMENT_KEYS: Final = frozenset({"endorsement", "endorsementJwt"})

_Path = tuple[str | int, ...]


class _Endorsements:
    """A :func:`~microcredential.jsonld.walk_compacted` visitor: the endorsements a document
    carries where the data model puts them (``found``), and the ``endorsement`` properties
    anywhere else (``ignored``), leaving out what lies inside an endorsement already found
    (that endorsement's own verification reads it)."""

    __slots__ = ("_inside", "found", "holders", "ignored")

    def __init__(self) -> None:
        self.found: list[tuple[_Path, Any]] = []
        self.ignored: list[_Path] = []
        #: Each endorsement's path → the path and types of the object that holds it.
        self.holders: dict[_Path, tuple[_Path, tuple[str, ...]]] = {}
        self._inside: set[_Path] = set()

    def __call__(self, prop: CompactedProperty) -> None:
        if prop.key not in _ENDORSEMENT_KEYS or prop.iri != _OB_VOCAB + prop.key:
            return
        path = prop.path
        if any(path[:end] in self._inside for end in range(1, len(path))):
            return
        if not _ENDORSED_TYPES.intersection(prop.node_types):
            self.ignored.append(path)
            return
        value = prop.value
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            where = (*path, index) if isinstance(value, list) else path
            self.found.append((where, item))
            self.holders[where] = (prop.node_path, prop.node_types)
            self._inside.add(where)


def find_endorsements(
    document: Mapping[str, Any], *, loader: OfflineLoader | None = None
) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Yield ``(path, value)`` for every endorsement where Open Badges 3.0 puts one.

    That is the ``endorsement`` (and ``endorsementJwt``) of the credential, of an achievement
    and of a profile (the issuer, an achievement's creator...), at any depth, in document
    order; ``endorsementJwt`` values are yielded as strings.  A key counts by what it means in
    the document's contexts, not by its spelling: nothing under a key that the compacted form
    refuses (a JSON-LD keyword such as ``@version``, ``@nest``, an IRI) is found, nor an
    ``endorsement`` on any other kind of object, nor one inside an endorsement (its own
    verification finds those).
    """
    collector = _Endorsements()
    walk_compacted(document, loader=loader, visit=collector, visit_keys=_ENDORSEMENT_KEYS)
    yield from collector.found


# -- the algorithm ---------------------------------------------------------------------------


def check_credential(
    document: Mapping[str, Any] | str,
    *,
    resolver: PublicKeyResolver | None = None,
    status_fetcher: Fetcher | None = None,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
    loader: OfflineLoader | None = None,
    schema: bool = True,
    endorsements: bool = True,
    expected_type: str | None = None,
    cosigners: bool = True,
    status_cache: StatusListCache | None = None,
) -> VerificationResult:
    """Verify a credential (Open Badges, or any VC); see the module docstring.

    ``document`` is a credential with embedded proofs, or a compact VC-JWT (a string): its
    checks are the same, with ``jwt`` (:mod:`microcredential.jwt`) in place of ``proof``.

    * ``resolver`` resolves proof verification methods (default: did:key and did:jwk, offline);
      it is used for the credential, its status list credential and its endorsements.
    * ``status_fetcher`` obtains status list credentials; without one a credential with a
      ``credentialStatus`` is *indeterminate* (``status.indeterminate``), never valid.
    * ``now`` (default: the current time) and ``max_clock_skew`` (default 300 s) govern
      every date comparison.
    * ``schema=False`` skips the JSON Schema part of ``structure``; ``endorsements=False``
      marks the endorsement check ``skipped``.
    * ``expected_type="EndorsementCredential"`` requires an endorsement.
    * ``cosigners=False`` requires every proof to be the issuer's (by default proofs by other
      signers are accepted beside a verified proof by the issuer, and reported).
    * ``status_cache``: a :class:`StatusListCache` shared by the calls that verify many
      credentials with the same resolver, so that a status list credential is checked once
      per content and moment (what :class:`~microcredential.Verifier` does).
    """
    if not isinstance(document, Mapping | str):
        raise TypeError(
            f"document must be a mapping or a compact JWT string, not {type(document).__name__}"
        )
    if not isinstance(max_clock_skew, timedelta):
        raise TypeError("max_clock_skew must be a datetime.timedelta")
    options = _Options(
        resolver=resolver,
        fetcher=status_fetcher,
        now=resolve_now(now),
        skew=max_clock_skew,
        loader=loader,
        schema=schema,
        endorsements=endorsements,
        list_cache=status_cache,
        cosigners=cosigners,
    )
    return _verify(document, options, expected=expected_type, where=(), depth=0)


class StatusListCache:
    """Verdicts on status list credentials, kept between calls of :func:`check_credential`.

    A verdict depends on the list's exact content, the credential's issuer and the moment, so
    a changed list is checked anew; it does not record the resolver, so use one cache with one
    resolver.  At most 256 verdicts are kept (then the cache starts afresh).  One cache may
    be shared by several threads.
    """

    __slots__ = ("_verdicts",)

    def __init__(self) -> None:
        self._verdicts: dict[tuple[bytes, str | None, datetime], tuple[Problem, ...]] = {}

    def __repr__(self) -> str:
        return f"StatusListCache({len(self._verdicts)} verdicts)"

    def _get(self, key: tuple[bytes, str | None, datetime]) -> tuple[Problem, ...] | None:
        return self._verdicts.get(key)  # one lookup: another thread may clear meanwhile

    def _put(self, key: tuple[bytes, str | None, datetime], found: tuple[Problem, ...]) -> None:
        if len(self._verdicts) >= _LIST_CACHE_SIZE:
            self._verdicts.clear()
        self._verdicts[key] = found


@dataclass(frozen=True, slots=True)
class _Options:
    resolver: PublicKeyResolver | None
    fetcher: Fetcher | None
    now: datetime
    skew: timedelta
    loader: OfflineLoader | None
    schema: bool
    endorsements: bool
    #: Status list verdicts already reached, for a :class:`~microcredential.Verifier` that
    #: checks many credentials against the same lists (None: nothing is kept).
    list_cache: StatusListCache | None = None
    #: Whether proofs by other signers than the issuer are accepted (and reported).
    cosigners: bool = True


def _compacted_form(problems: Iterable[Problem]) -> Check:
    """The ``compacted-form`` check: failed, or indeterminate when a context was missing."""
    found = tuple(problems)
    if not found:
        return Check("compacted-form", CheckStatus.PASSED)
    if all(p.code in UNDECIDED_CODES for p in found):
        return Check("compacted-form", CheckStatus.INDETERMINATE, found)
    return Check("compacted-form", CheckStatus.FAILED, found)


def _verify(
    document: Mapping[str, Any] | str,
    options: _Options,
    *,
    expected: str | None,
    where: tuple[str | int, ...],
    depth: int,
) -> VerificationResult:
    """Verify a credential, or a compact VC-JWT (a string) by the same steps: its JWT check
    takes the place of the ``proof`` check (:func:`_verify_jwt`)."""
    if isinstance(document, str):
        return _verify_jwt(document, options, expected, where, depth)
    return _verify_secured(document, options, expected, where, depth, None)


def _jwt_names() -> tuple[str, ...]:
    return tuple("jwt" if name == "proof" else name for name in CHECK_NAMES)


def _verify_jwt(
    token: str,
    options: _Options,
    expected: str | None,
    where: tuple[str | int, ...],
    depth: int,
) -> VerificationResult:
    try:
        decoded = decode_jwt_credential(token)
    except InvalidDocumentError as exc:
        checks = [
            Check(name, CheckStatus.FAILED if name == "jwt" else CheckStatus.SKIPPED, problems)
            for name in _jwt_names()
            for problems in [exc.problems if name == "jwt" else ()]
        ]
        return VerificationResult(
            tuple(checks), "VerifiableCredential", None, json_pointer(where), profile=PROFILE_VC_2
        )
    return _verify_secured(decoded.credential, options, expected, where, depth, decoded)


def _jwt_checks(
    document: Mapping[str, Any], decoded: JwtCredential, options: _Options
) -> tuple[Check, Check]:
    """The ``jwt`` check, and the issuer binding of the key that signed the token."""
    outcome = verify_jwt(
        decoded,
        resolver=options.resolver or _default_resolver(),
        now=options.now,
        max_clock_skew=options.skew,
    )
    if not outcome.ok:
        status = CheckStatus.INDETERMINATE if outcome.indeterminate else CheckStatus.FAILED
        return Check("jwt", status, outcome.problems), Check("issuer-binding", CheckStatus.SKIPPED)
    return Check("jwt", CheckStatus.PASSED, outcome.problems), _jwt_binding(document, outcome)


def _default_resolver() -> Any:
    from .resolve import ChainResolver  # did:key and did:jwk, offline

    return ChainResolver()


def _jwt_binding(document: Mapping[str, Any], outcome: JwtVerification) -> Check:
    issuer = issuer_id(document)
    if issuer is None:
        return _issuer_binding(document, ProofSetResult(()))
    if outcome.controller is None:
        return Check(
            "issuer-binding",
            CheckStatus.INDETERMINATE,
            (
                _problem(
                    "jwt.key-not-bound",
                    "the token was verified with the key in its own header (jwk), which anyone "
                    f"can put there: nothing shows that the key belongs to the issuer {issuer!r}. "
                    "Ask the issuer to name its key with 'kid', or obtain its key from it",
                    ["issuer"],
                    severity=Severity.WARNING,
                ),
            ),
        )
    if outcome.controller != issuer:
        return _check(
            "issuer-binding",
            [
                _problem(
                    "credential.issuer-mismatch",
                    f"the token was signed with {outcome.verification_method!r}, controlled by "
                    f"{outcome.controller!r}, not by the issuer {issuer!r}: someone other than "
                    "the issuer signed this credential; do not accept it",
                    ["issuer"],
                    spec=_VC_SPEC + "#issuer",
                )
            ],
        )
    if outcome.authorized is None:
        return Check(
            "issuer-binding",
            CheckStatus.INDETERMINATE,
            (
                _problem(
                    "proof.controller-document-missing",
                    f"{outcome.verification_method!r} was resolved, but nothing says what its "
                    f"controller {issuer!r} authorises it for: supply the controller document "
                    "(e.g. --controller) so the verifier can see it listed under "
                    "'assertionMethod'",
                    ["issuer"],
                    severity=Severity.WARNING,
                ),
            ),
        )
    if not outcome.authorized:
        return _check(
            "issuer-binding",
            [
                _problem(
                    "proof.purpose-not-authorized",
                    f"{outcome.verification_method!r} is not listed under 'assertionMethod' by "
                    f"its controller {issuer!r}, so it may not sign credentials",
                    ["issuer"],
                )
            ],
        )
    return Check("issuer-binding", CheckStatus.PASSED)


def _verify_secured(
    document: Mapping[str, Any],
    options: _Options,
    expected: str | None,
    where: tuple[str | int, ...],
    depth: int,
    jwt: JwtCredential | None,
) -> VerificationResult:
    names = CHECK_NAMES if jwt is None else _jwt_names()
    kind = _kind(document)
    profile = credential_profile(document, expected)
    credential_id = document.get("id")
    endorsements = _Endorsements()
    form = _compacted_form(
        walk_compacted(
            document, loader=options.loader, visit=endorsements, visit_keys=_ENDORSEMENT_KEYS
        )
    )
    if kind == "ClrCredential":
        # the bundled credentials' endorsements are theirs: their own verification finds them
        endorsements.found = [f for f in endorsements.found if f[0][:2] != _CLR_BUNDLE]
        endorsements.ignored = [i for i in endorsements.ignored if i[:2] != _CLR_BUNDLE]
    digest = _content_digest(document)
    if form.status is not CheckStatus.PASSED:
        # the JSON may say something else than the signed data: read nothing more
        return VerificationResult(
            (form, *(Check(name, CheckStatus.SKIPPED) for name in names[1:])),
            kind,
            credential_id if isinstance(credential_id, str) else None,
            json_pointer(where),
            profile=profile,
            content_digest=digest,
        )
    checks: list[Check] = [
        form,
        _structure(document, kind, options.schema, profile),
        _context_and_type(document, expected, profile),
        _subject(document, kind, profile),
    ]
    if jwt is None:
        proofs = verify_proofs(
            document,
            resolver=options.resolver,
            expected_purpose="assertionMethod",
            now=options.now,
            max_clock_skew=options.skew,
            loader=options.loader,
        )
        selective = proofs.selective
        disclosed = (
            _problem(
                "proof.selective-disclosure",
                "the credential is what its holder chose to disclose (ecdsa-sd-2023): every "
                "member shown is signed by the issuer, and others may have been left out",
                ["proof"],
                severity=Severity.INFO,
                spec=_SD_SPEC,
            ),
        )
        proof_check = Check(
            "proof",
            _PROOF_STATUS[proofs.status],
            proofs.problems + (disclosed if selective else ()),
        )
        binding = _issuer_binding(document, proofs, options.cosigners)
    else:
        proof_check, binding = _jwt_checks(document, jwt, options)
        selective = False
    checks.append(proof_check)
    nested: tuple[VerificationResult, ...] = ()
    bundled: tuple[VerificationResult, ...] = ()
    if proof_check.status is not CheckStatus.PASSED:
        checks.extend(Check(name, CheckStatus.SKIPPED) for name in _AFTER_PROOF)
        if kind == "ClrCredential":
            checks.append(Check(CLR_CHECK_NAME, CheckStatus.SKIPPED))
    else:
        checks.append(binding)
        checks.append(_refresh(document))
        checks.append(
            _status(
                document,
                options.fetcher,
                _list_verifier(document, options),
                options.now,
                options.skew,
                selective,
            )
        )
        checks.append(_validity(document, options.now, options.skew, selective))
        checks.append(_related(document))
        endorsement_check, nested = _endorsements(document, endorsements, options, where, depth)
        checks.append(endorsement_check)
        if kind == "ClrCredential":
            bundle_check, bundled = _bundled(document, options, where, depth)
            checks.append(bundle_check)
    return VerificationResult(
        tuple(checks),
        kind,
        credential_id if isinstance(credential_id, str) else None,
        json_pointer(where),
        nested,
        profile,
        bundled,
        digest,
    )


def _bundled(
    document: Mapping[str, Any], options: _Options, where: tuple[str | int, ...], depth: int
) -> tuple[Check, tuple[VerificationResult, ...]]:
    """The ``credentials`` check of a ``ClrCredential``: each bundled credential verified."""
    subject = document.get("credentialSubject")
    value = subject.get("verifiableCredential") if isinstance(subject, Mapping) else None
    items = value if isinstance(value, list) else [value] if value is not None else []
    problems: list[Problem] = []
    results: list[VerificationResult] = []
    for index, item in enumerate(items):
        path: tuple[str | int, ...] = (
            (*_CLR_BUNDLE, index) if isinstance(value, list) else _CLR_BUNDLE
        )
        if not isinstance(item, Mapping):
            continue  # the structure check reports it
        result = _verify(item, options, expected=None, where=(*where, *path), depth=depth + 1)
        results.append(result)
        if result.status is VerificationStatus.INVALID:
            problems.append(
                _problem(
                    "credential.bundled-invalid",
                    f"the bundled credential {result.credential_id or ''} does not verify; see "
                    "its own result in credentials",
                    path,
                    spec=_CLR_SPEC,
                )
            )
        elif result.status is VerificationStatus.INDETERMINATE:
            problems.append(
                _problem(
                    "credential.bundled-indeterminate",
                    f"the bundled credential {result.credential_id or ''} could not be "
                    "verified; see its own result in credentials",
                    path,
                    severity=Severity.WARNING,
                    spec=_CLR_SPEC,
                )
            )
    check = _check(CLR_CHECK_NAME, problems)
    if check.status is CheckStatus.PASSED and problems:
        check = Check(CLR_CHECK_NAME, CheckStatus.INDETERMINATE, check.problems)
    return check, tuple(results)


def _list_verifier(
    credential: Mapping[str, Any], options: _Options
) -> Callable[[Mapping[str, Any]], Iterable[Problem]]:
    """Check a status list credential's proofs, and that the credential's issuer made it."""
    issuer = issuer_id(credential)

    def verify_list(list_credential: Mapping[str, Any]) -> list[Problem]:
        cache = options.list_cache
        key = None if cache is None else _list_key(list_credential, issuer, options.now)
        if key is not None and cache is not None:
            hit = cache._get(key)
            if hit is not None:
                return list(hit)
            found = _check_list(list_credential)
            cache._put(key, tuple(found))
            return found
        return _check_list(list_credential)

    def _check_list(list_credential: Mapping[str, Any]) -> list[Problem]:
        # the status is read from the list's JSON: first, that the JSON says what is signed
        layout = walk_compacted(list_credential, loader=options.loader)
        if layout:
            return layout
        if isinstance(list_credential, EnvelopedCredential):
            return _check_list_token(list_credential, issuer, options)
        proofs = verify_proofs(
            list_credential,
            resolver=options.resolver,
            expected_purpose="assertionMethod",
            now=options.now,
            max_clock_skew=options.skew,
            loader=options.loader,
        )
        found = [p for p in proofs.problems if p.severity is Severity.ERROR]
        if proofs.selective:
            found.append(
                _problem(
                    "status.list-selective",
                    "the status list credential carries only a selective disclosure proof "
                    "(ecdsa-sd-2023): what its holder left out (its validity period, say) "
                    "cannot be known, and a list is read whole; obtain the issuer's own list",
                    ["proof"],
                    spec=_SD_SPEC,
                )
            )
        list_issuer = issuer_id(list_credential)
        if list_issuer != issuer or any(r.controller != issuer for r in proofs.proofs):
            found.append(
                _problem(
                    "status.list-issuer-mismatch",
                    f"the status list was issued or signed by {list_issuer!r}, not by the "
                    f"credential's issuer {issuer!r}: it cannot speak for this credential",
                    ["issuer"],
                    spec="https://www.w3.org/TR/vc-bitstring-status-list/",
                )
            )
        return found

    return verify_list


def _check_list_token(
    list_credential: EnvelopedCredential, issuer: str | None, options: _Options
) -> list[Problem]:
    """A status list published as a VC-JWT: the token's signature and claims, and that the
    credential's issuer made the list and signed the token.  A key that cannot be resolved,
    or one found only in the token's header, leaves the list unverifiable (raised as a
    :class:`~microcredential.errors.ResolutionError`): it proves neither way."""
    decoded = decode_jwt_credential(list_credential.token)
    token, binding = _jwt_checks(decoded.credential, decoded, options)
    found = [p for p in token.problems if p.severity is Severity.ERROR]
    if token.status is CheckStatus.INDETERMINATE or binding.status is CheckStatus.INDETERMINATE:
        raise ResolutionError(
            "the key that signed the status list token could not be tied to its issuer",
            problems=(*token.problems, *binding.problems),
        )
    signer_mismatch = any(p.code == "credential.issuer-mismatch" for p in binding.problems)
    found.extend(
        p
        for p in binding.problems
        if p.severity is Severity.ERROR and p.code != "credential.issuer-mismatch"
    )
    list_issuer = issuer_id(decoded.credential)
    if signer_mismatch or list_issuer != issuer:
        found.append(
            _problem(
                "status.list-issuer-mismatch",
                f"the status list token was issued or signed by someone other than the "
                f"credential's issuer {issuer!r} (its issuer: {list_issuer!r}, its key: "
                f"{quote(decoded.header.get('kid'), 80)}): it cannot speak for this credential",
                ["issuer"],
                spec="https://www.w3.org/TR/vc-bitstring-status-list/",
            )
        )
    return found


#: Status list verdicts a Verifier keeps (a register rarely uses more than a few lists).
_LIST_CACHE_SIZE: Final = 256


def _list_key(
    list_credential: Mapping[str, Any], issuer: str | None, now: datetime
) -> tuple[bytes, str | None, datetime] | None:
    """What a status list verdict depends on besides the verifier's fixed settings: the
    list's exact JSON content (a digest of it), the credential's issuer, and the moment.

    Only plain JSON has a key: ``json.dumps`` writes a tuple as a list, an int key as a
    string and a subclass as its base type, which verification may well tell apart.
    """
    if isinstance(list_credential, EnvelopedCredential):
        # the token is what was signed: the same credential in another token is checked anew
        return hashlib.sha256(list_credential.token.encode("ascii")).digest(), issuer, now
    digest = _content_digest(list_credential)
    return None if digest is None else (digest, issuer, now)  # None: verified every time


def _content_digest(document: Mapping[str, Any]) -> bytes | None:
    """SHA-256 of a JSON document's content (its keys sorted), the same for two documents
    exactly when they are the same JSON; None for a value that is not plain JSON.

    Only plain JSON has a digest: ``json.dumps`` writes a tuple as a list, an int key as a
    string and a subclass as its base type, which verification may well tell apart.
    """
    if not is_plain_json(document):
        return None
    try:
        text = json.dumps(document, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (ValueError, RecursionError):
        return None
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


#: The credential types whose endorsements may be about the credential, its achievements or
#: the profiles in it (Open Badges 3.0, ``AchievementCredential.endorsement``).
_CREDENTIAL_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})


def _endorsable(document: Mapping[str, Any], node_path: _Path, types: Iterable[str]) -> set[str]:
    """The ids an endorsement held by the object at ``node_path`` may be about: that object's;
    on a credential, also its issuer's, its achievements' and their creators'."""
    node: Any = document
    for segment in node_path:
        if isinstance(node, Mapping) and isinstance(segment, str):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            return set()
    if not isinstance(node, Mapping):
        return set()
    ids = {node_id(node)}
    if _CREDENTIAL_TYPES.intersection(types):
        ids.add(node_id(node.get("issuer")))
        subjects = node.get("credentialSubject")
        for subject in subjects if isinstance(subjects, list) else [subjects]:
            achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
            ids.add(node_id(achievement))
            if isinstance(achievement, Mapping):
                ids.add(node_id(achievement.get("creator")))
    return {i for i in ids if i is not None}


def _endorsed(value: Mapping[str, Any] | str) -> set[str]:
    """The ids an endorsement endorses: its credential subjects' (none when unreadable)."""
    if isinstance(value, str):
        try:
            value = decode_jwt_credential(value).credential
        except InvalidDocumentError:
            return set()
    subject = value.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    return {i for i in map(node_id, subjects) if i is not None}


def _endorsements(
    document: Mapping[str, Any],
    collected: _Endorsements,
    options: _Options,
    where: tuple[str | int, ...],
    depth: int,
) -> tuple[Check, tuple[VerificationResult, ...]]:
    found = collected.found
    ignored = [
        _problem(
            "credential.endorsement-ignored",
            "an endorsement here is not where Open Badges puts endorsements (on a credential, "
            "an achievement or a profile), so it was not verified and vouches for nothing",
            path,
            severity=Severity.INFO,
            spec=_ENDORSEMENT_SPEC,
        )
        for path in collected.ignored
    ]
    if not found:
        return Check("endorsements", CheckStatus.NOT_APPLICABLE, tuple(ignored)), ()
    if not options.endorsements:
        return Check("endorsements", CheckStatus.SKIPPED, tuple(ignored)), ()
    problems: list[Problem] = list(ignored)
    results: list[VerificationResult] = []
    indeterminate = False
    for path, value in found:
        if not isinstance(value, Mapping | str):
            problems.append(
                _problem(
                    "credential.endorsement-invalid",
                    "an endorsement must be an EndorsementCredential object",
                    path,
                    spec=_ENDORSEMENT_SPEC,
                )
            )
            continue
        if depth >= MAX_ENDORSEMENT_DEPTH:
            indeterminate = True
            problems.append(
                _problem(
                    "credential.endorsement-too-deep",
                    f"endorsements are nested more than {MAX_ENDORSEMENT_DEPTH} deep; the "
                    "deeper ones were not verified",
                    path,
                    severity=Severity.WARNING,
                    spec=_ENDORSEMENT_SPEC,
                )
            )
            continue
        result = _verify(
            value,
            options,
            expected="EndorsementCredential",
            where=(*where, *path),
            depth=depth + 1,
        )
        results.append(result)
        node_path, types = collected.holders[path]
        about = _endorsable(document, node_path, types)
        endorsed = _endorsed(value)
        if result.status is not VerificationStatus.INVALID and not endorsed & about:
            # a sound endorsement of something else: it vouches for that, not for this
            problems.append(
                _problem(
                    "credential.endorsement-not-about",
                    f"the endorsement {result.credential_id or ''} endorses "
                    f"{', '.join(sorted(endorsed)) or 'nothing with an id'}, not the object it "
                    f"is attached to ({', '.join(sorted(about)) or 'which has no id'}): it "
                    "vouches for something else, and the signed credential says otherwise",
                    path,
                    spec=_ENDORSEMENT_SPEC,
                )
            )
        if result.status is VerificationStatus.INVALID:
            problems.append(
                _problem(
                    "credential.endorsement-invalid",
                    f"the endorsement {result.credential_id or ''} does not verify; see its "
                    "own result in endorsements",
                    path,
                    spec=_ENDORSEMENT_SPEC,
                )
            )
        elif result.status is VerificationStatus.INDETERMINATE:
            indeterminate = True
            problems.append(
                _problem(
                    "credential.endorsement-indeterminate",
                    f"the endorsement {result.credential_id or ''} could not be verified; see "
                    "its own result in endorsements",
                    path,
                    severity=Severity.WARNING,
                    spec=_ENDORSEMENT_SPEC,
                )
            )
    check = _check("endorsements", problems)
    if check.status is CheckStatus.PASSED and indeterminate:
        check = Check("endorsements", CheckStatus.INDETERMINATE, check.problems)
    return check, tuple(results)
