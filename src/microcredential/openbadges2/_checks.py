"""Checking an Open Badges 2.0 assertion offline: its shape, signature, hosting, dates, revocation.

Each check is a :class:`~microcredential.Check` as verification reports them: ``passed``,
``failed``, ``indeterminate`` (it could not be completed offline: a hosted copy is never
fetched, a key or revocation list may not have been given) or ``not-applicable``.  The rules
are those of Open Badges 2.0, "Verification": required properties per class, a signed
assertion's JWS checked with a key linked from the issuer profile, a hosted assertion's id
within the issuer's verification scope (``startsWith``, ``allowedOrigins``, else the issuer's
own host), ``issuedOn`` not in the future, ``expires`` not passed, not revoked.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from .._time import parse_datetime
from ..problems import Problem, Severity, json_pointer
from ..verification import Check, CheckStatus
from . import _jws

__all__ = [
    "OB2_SPEC",
    "Findings",
    "Index",
    "check_dates",
    "check_hosted",
    "check_revocation",
    "check_shape",
    "check_signature",
    "image_id",
    "is_a",
    "many",
    "text",
    "types",
]

OB2_SPEC = "https://www.imsglobal.org/spec/ob/v2p0/"
_OB2_CONTEXTS = ("https://w3id.org/openbadges/v2", "https://openbadgespec.org/v2/context.json")
_OBI = "https://w3id.org/openbadges#"
WEB = re.compile(r"^https?://\S+$", re.IGNORECASE)
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
#: Required properties (Open Badges 2.0, "Open Badges Vocabulary").
_REQUIRED = {
    "Assertion": ("id", "type", "recipient", "badge", "verification", "issuedOn"),
    "BadgeClass": ("id", "type", "name", "description", "image", "criteria", "issuer"),
    "Issuer": ("id", "type", "name", "url", "email"),
}


def types(obj: Mapping[str, Any]) -> list[str]:
    value = obj.get("type", obj.get("@type"))
    values = value if isinstance(value, list) else [value]
    return [v.removeprefix(_OBI) for v in values if isinstance(v, str)]


def is_a(obj: Any, *names: str) -> bool:
    return isinstance(obj, Mapping) and any(t in names for t in types(obj))


def many(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def image_id(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    return value if isinstance(value, str) and IRI.match(value) else None


class Index:
    """The documents the caller supplied, by ``id``."""

    def __init__(self, documents: Iterable[Mapping[str, Any]]) -> None:
        self.by_id: dict[str, Mapping[str, Any]] = {}
        for document in documents:
            if not isinstance(document, Mapping):
                raise TypeError("documents must be JSON objects")
            if isinstance(document.get("id"), str):
                self.by_id[document["id"]] = document

    def resolve(self, value: Any) -> tuple[Mapping[str, Any] | None, bool]:
        """(the object, whether it was embedded) for an embedded object or an id."""
        if isinstance(value, Mapping):
            return value, True
        if isinstance(value, str):
            return self.by_id.get(value), False
        return None, False

    def of_type(self, name: str) -> list[Mapping[str, Any]]:
        return [d for d in self.by_id.values() if is_a(d, name)]


class Findings:
    """Problems per check, in the order the checks are reported."""

    def __init__(self) -> None:
        self.by_check: dict[str, list[Problem]] = {}
        self.status: dict[str, CheckStatus] = {}

    def problem(
        self,
        check: str,
        code: str,
        message: str,
        path: Iterable[str | int] = (),
        *,
        severity: Severity = Severity.ERROR,
    ) -> None:
        problem = Problem(code, message, json_pointer(path), severity, OB2_SPEC)
        self.by_check.setdefault(check, []).append(problem)

    def set(self, check: str, status: CheckStatus) -> None:
        self.status[check] = status
        self.by_check.setdefault(check, [])

    def checks(self) -> tuple[Check, ...]:
        out = []
        for name, problems in self.by_check.items():
            status = self.status.get(name)
            if status is None:
                errors = any(p.severity is Severity.ERROR for p in problems)
                status = CheckStatus.FAILED if errors else CheckStatus.PASSED
            out.append(Check(name, status, tuple(problems)))
        return tuple(out)


def check_shape(
    obj: Mapping[str, Any] | None, kind: str, path: tuple[str, ...], found: Findings
) -> None:
    if obj is None:
        return
    names = ("Issuer", "Profile") if kind == "Issuer" else (kind,)
    if not is_a(obj, *names):
        found.problem(
            "shape", "ob2.wrong-type", f"the {kind}'s type should be {names[0]!r}", (*path, "type")
        )
    for key in _REQUIRED[kind]:
        if key == "type":
            continue
        if obj.get(key) in (None, "", [], {}):
            found.problem(
                "shape",
                "ob2.missing-property",
                f"the {kind} has no {key!r}, which Open Badges 2.0 requires",
                (*path, key),
            )
    context = obj.get("@context")
    if path == () and not any(c in _OB2_CONTEXTS for c in many(context)):
        found.problem(
            "shape",
            "ob2.context",
            "the assertion's @context is not the Open Badges 2.0 context "
            "(https://w3id.org/openbadges/v2); read as 2.0 anyway",
            ("@context",),
            severity=Severity.WARNING,
        )


def _date(text: Any, path: tuple[str, ...], found: Findings) -> _dt.datetime | None:
    if text is None:
        return None
    try:
        return parse_datetime(text) if isinstance(text, str) else parse_datetime("")
    except ValueError:
        found.problem(
            "dates",
            "ob2.date-invalid",
            f"{text!r} is not a date-time with a time zone, as Open Badges 2.0 requires",
            path,
        )
        return None


def check_dates(
    assertion: Mapping[str, Any], now: _dt.datetime, skew: _dt.timedelta, found: Findings
) -> tuple[_dt.datetime | None, _dt.datetime | None]:
    issued = _date(assertion.get("issuedOn"), ("issuedOn",), found)
    expires = _date(assertion.get("expires"), ("expires",), found)
    if issued is not None and issued - skew > now:
        found.problem(
            "dates", "ob2.not-yet-issued", f"issuedOn {assertion['issuedOn']} is in the future",
            ("issuedOn",),
        )  # fmt: skip
    if expires is not None and expires + skew < now:
        found.problem(
            "dates",
            "ob2.expired",
            f"the badge expired on {assertion['expires']}; an expired badge is not re-issued",
            ("expires",),
        )
    found.by_check.setdefault("dates", [])
    return issued, expires


def check_revocation(
    assertion: Mapping[str, Any],
    issuer: Mapping[str, Any] | None,
    index: Index,
    signed: bool,
    found: Findings,
) -> None:
    if assertion.get("revoked") is True:
        reason = text(assertion.get("revocationReason"))
        found.problem(
            "revocation",
            "ob2.revoked",
            "the issuer revoked this badge" + (f": {reason}" if reason else ""),
            ("revoked",),
        )
        return
    list_id = issuer.get("revocationList") if issuer is not None else None
    lists = [d for d in index.of_type("RevocationList") if d.get("id") == list_id]
    if lists:
        for entry in many(lists[0].get("revokedAssertions")):
            entry_id = entry.get("id") if isinstance(entry, Mapping) else entry
            if entry_id == assertion.get("id"):
                reason = entry.get("revocationReason") if isinstance(entry, Mapping) else None
                found.problem(
                    "revocation",
                    "ob2.revoked",
                    f"the issuer's revocation list {list_id} revokes this badge"
                    + (f": {reason}" if isinstance(reason, str) else ""),
                )
                return
        found.set("revocation", CheckStatus.PASSED)
    elif signed:
        found.problem(
            "revocation",
            "ob2.revocation-unchecked",
            "the issuer's revocation list was not given, so revocation was not checked; pass "
            "it among the documents" + (f" ({list_id})" if isinstance(list_id, str) else ""),
            severity=Severity.WARNING,
        )
        found.set("revocation", CheckStatus.INDETERMINATE)
    else:
        found.set("revocation", CheckStatus.NOT_APPLICABLE)  # the hosted copy decides


def check_hosted(
    assertion: Mapping[str, Any], issuer: Mapping[str, Any] | None, found: Findings
) -> None:
    assertion_id = assertion.get("id")
    if not isinstance(assertion_id, str) or not WEB.match(assertion_id):
        found.problem(
            "hosted",
            "ob2.hosted-id",
            "a hosted assertion's id must be the http(s) address it is published at",
            ("id",),
        )
        return
    host = urlsplit(assertion_id).hostname or ""
    rules = issuer.get("verification") if issuer is not None else None
    rules = rules if isinstance(rules, Mapping) else {}
    starts = [s for s in many(rules.get("startsWith")) if isinstance(s, str)]
    origins = [o for o in many(rules.get("allowedOrigins")) if isinstance(o, str)]
    if starts:
        in_scope = any(assertion_id.startswith(s) for s in starts)
        scope = f"addresses starting with {', '.join(starts)}"
    elif origins:
        in_scope = host in origins
        scope = f"the hosts {', '.join(origins)}"
    else:
        issuer_id = issuer.get("id") if issuer is not None else None
        issuer_host = urlsplit(issuer_id).hostname if isinstance(issuer_id, str) else None
        in_scope = issuer_host is not None and host == issuer_host
        scope = f"the issuer's own host ({issuer_host})"
    if not in_scope:
        found.problem(
            "hosted",
            "ob2.hosted-out-of-scope",
            f"the assertion is hosted at {host}, outside what the issuer allows: {scope}",
            ("id",),
        )
        return
    found.problem(
        "hosted",
        "ob2.hosted-not-fetched",
        f"the hosted copy at {assertion_id} is the source of truth and was not fetched "
        "(offline); it lies within the issuer's scope. Compare it, or check that it still "
        "answers (a revoked badge answers 410 Gone)",
        ("id",),
        severity=Severity.WARNING,
    )
    found.set("hosted", CheckStatus.INDETERMINATE)


def check_signature(
    jws: _jws.Jws,
    assertion: Mapping[str, Any],
    issuer: Mapping[str, Any] | None,
    issuer_embedded: bool,
    index: Index,
    public_key: str | None,
    found: Findings,
) -> None:
    verification = assertion.get("verification")
    creator = verification.get("creator") if isinstance(verification, Mapping) else None
    trusted = public_key is not None
    pem = public_key
    key_id = None
    if pem is None:
        linked = many(issuer.get("publicKey")) if issuer is not None else []
        candidates: list[tuple[Mapping[str, Any], bool]] = []
        for entry in linked:
            key, embedded = index.resolve(entry)
            if key is not None:
                candidates.append((key, embedded or issuer_embedded))
        if isinstance(creator, str) and creator not in [k.get("id") for k, _ in candidates]:
            candidates = []  # a key named by the assertion must be linked from the issuer
            if creator in index.by_id:
                found.problem(
                    "signature",
                    "ob2.key-not-linked",
                    f"the key {creator} is not listed in the issuer profile's publicKey, so it "
                    "cannot be trusted to be the issuer's",
                    ("verification", "creator"),
                )
                return
        for key, embedded in candidates:
            if isinstance(creator, str) and key.get("id") != creator:
                continue
            owner = key.get("owner")
            if issuer is not None and owner is not None and owner != issuer.get("id"):
                continue
            if isinstance(key.get("publicKeyPem"), str):
                pem, key_id, trusted = key["publicKeyPem"], key.get("id"), not embedded
                break
    if pem is None:
        found.problem(
            "signature",
            "ob2.key-unavailable",
            "the issuer's public key was not given, so the signature could not be checked; "
            "pass the issuer profile and its CryptographicKey document, or the PEM key",
            ("verification",),
            severity=Severity.WARNING,
        )
        found.set("signature", CheckStatus.INDETERMINATE)
        return
    try:
        _jws.verify_signature(jws, pem)
    except ValueError as exc:
        found.problem("signature", "ob2.signature-invalid", str(exc))
        return
    if not trusted:
        found.problem(
            "signature",
            "ob2.key-unauthenticated",
            f"the signature is valid for the key {key_id or ''} given inside the badge itself, "
            "which proves only that the badge is unchanged; check the key against the issuer's "
            "published profile (pass that profile and key as documents)",
            severity=Severity.WARNING,
        )
        found.set("signature", CheckStatus.INDETERMINATE)
    else:
        found.set("signature", CheckStatus.PASSED)
