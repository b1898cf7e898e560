"""The checks that read the credential alone: which rules judge it, its structure, its
``@context`` and ``type``, its subject, its refresh service and its related resources."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Final

from .._time import resolve_now
from ..constants import VC_V1_CONTEXT, VC_V2_CONTEXT
from ..models import OB_CONTEXT_PATTERN
from ..problems import Problem, Severity
from ..related import related_resource_problems
from ..schema import DocumentKind, document_problems
from .common import _ENDORSEMENT_SPEC, _VC_SPEC, _check, _first_context, _problem, _types
from .dates import _validity
from .results import PROFILE_OPEN_BADGES, PROFILE_VC_1, PROFILE_VC_2, Check, CheckStatus, _bare

_OB_TYPES: Final = frozenset({"OpenBadgeCredential", "AchievementCredential"})
_OB_FAMILY_TYPES: Final = _OB_TYPES | {"EndorsementCredential", "ClrCredential"}
_CLR_CONTEXT: Final = "https://purl.imsglobal.org/spec/clr/v2p0/"


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
        return _bare("subject", CheckStatus.NOT_APPLICABLE)
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


def _refresh(document: Mapping[str, Any]) -> Check:
    if "refreshService" not in document:
        return _bare("refresh-service", CheckStatus.NOT_APPLICABLE)
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


def _related(document: Mapping[str, Any]) -> Check:
    if "relatedResource" not in document:
        return _bare("related-resources", CheckStatus.NOT_APPLICABLE)
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
