"""Verifiable Presentations: a holder's signed bundle of credentials, and its verification.

Building block; the recipes :func:`microcredential.present` and
:func:`microcredential.verify_presentation` pick the defaults.

A verifier asks the holder for a presentation bound to a fresh ``challenge`` and to the
verifier's ``domain``.  :func:`check_presentation` then checks, in order:

- ``compacted-form``: the JSON says what the signed data says (the compacted form its
  contexts define); when it does not, nothing else is read and every other check is
  ``skipped``;
- ``structure``: the document is a ``VerifiablePresentation``;
- ``holder-proof``: the holder's proof verifies with purpose ``authentication``, and carries
  exactly the expected challenge and domain;
- ``holder-binding``: the proof's verification method is controlled by ``holder`` (not
  applicable to a presentation that names no holder);
- ``credentials``: each credential, verified like :func:`~microcredential.verify` (results in
  :attr:`PresentationResult.credentials`; not applicable when there are none).

``holder`` and ``verifiableCredential`` are optional (VC Data Model 2.0 §4.13): a presentation
without credentials, signed by its presenter, verifies; what it proves is then only that the
presenter answered this challenge for this domain.

Each way of failing has its own problem code: ``presentation.challenge-mismatch``,
``presentation.domain-mismatch``, ``presentation.holder-mismatch``,
``presentation.credential-invalid`` (beside the underlying ``proof.*`` codes).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

from ._deprecated import renamed_attributes as _renamed_attributes
from ._json import node_id
from ._time import DEFAULT_MAX_CLOCK_SKEW, resolve_now
from .constants import VC_V1_CONTEXT, VC_V2_CONTEXT
from .errors import InvalidDocumentError
from .fetch import Fetcher
from .integrity import ProofSetResult, PublicKeyResolver, verify_proofs
from .jsonld import OfflineLoader, compaction_problems
from .jwt import (
    JwtVerification,
    KeySource,
    decode_jwt_credential,
    decode_jwt_presentation,
    is_compact_jws,
    verify_jwt_presentation,
)
from .models import parse_presentation
from .problems import Problem, Severity, json_pointer
from .verification import (
    Check,
    CheckedResult,
    CheckStatus,
    VerificationResult,
    VerificationStatus,
    _compacted_form,
    check_credential,
)

__all__ = [
    "PRESENTATION_CHECK_NAMES",
    "PRESENTATION_JWT_CHECK_NAMES",
    "PresentationResult",
    "build_presentation",
    "check_presentation",
    "envelop_credential",
]

__getattr__ = _renamed_attributes(
    __name__,
    {
        "verify_presentation_document": (
            "microcredential.presentation.check_presentation",
            lambda: check_presentation,
        ),
    },
)

_SPEC: Final = "https://www.w3.org/TR/vc-data-model-2.0/#verifiable-presentations"
_DI_SPEC: Final = "https://www.w3.org/TR/vc-data-integrity/"

#: The checks of a presentation verification, in the order they run.
PRESENTATION_CHECK_NAMES: Final = (
    "compacted-form",
    "structure",
    "holder-proof",
    "holder-binding",
    "credentials",
)
#: The checks of a presentation secured as a JWT (``vp+jwt``): ``jwt`` (the token's header,
#: signature and claims, :func:`~microcredential.jwt.verify_jwt_presentation`) takes the
#: place of ``holder-proof``.
PRESENTATION_JWT_CHECK_NAMES: Final = tuple(
    "jwt" if name == "holder-proof" else name for name in PRESENTATION_CHECK_NAMES
)

#: Proof problem codes restated at presentation level (the proof codes stay beside them).
_RESTATED: Final = {
    "proof.challenge-mismatch": (
        "presentation.challenge-mismatch",
        "the presentation answers another challenge than the one this verifier issued: it "
        "may be replayed; ask the holder to present again with your challenge",
    ),
    "proof.domain-mismatch": (
        "presentation.domain-mismatch",
        "the presentation was made for another domain than this verifier's: it was meant "
        "for someone else; ask the holder to present again for your domain",
    ),
}


def _credential_version(credential: Mapping[str, Any]) -> str:
    context = credential.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return VC_V1_CONTEXT if first == VC_V1_CONTEXT else VC_V2_CONTEXT


def envelop_credential(token: str) -> dict[str, Any]:
    """The ``EnvelopedVerifiableCredential`` (VC Data Model 2.0 §4.13.1) that carries the
    compact VC-JWT ``token`` in a presentation: its ``id`` is
    ``data:application/vc+jwt,<token>``.

    The token is decoded (not verified) first: one that is not a VC-JWT raises
    :class:`~microcredential.InvalidDocumentError` (``jwt.malformed``) saying why.
    """
    if not isinstance(token, str):
        raise TypeError(f"token must be a string, not {type(token).__name__}")
    token = decode_jwt_credential(token).token
    return {"@context": VC_V2_CONTEXT, "id": _ENVELOPE_PREFIX + token, "type": _ENVELOPED}


def build_presentation(
    credentials: Sequence[Mapping[str, Any] | str],
    *,
    holder: str,
    presentation_id: str | None = None,
) -> dict[str, Any]:
    """The unsigned presentation of ``credentials`` by ``holder`` (copies; inputs unchanged).

    A credential is a mapping (a credential with its embedded proof) or a string (a compact
    VC-JWT, put in the presentation as :func:`envelop_credential` makes it).  The
    presentation uses the VC data model version of its credentials (2.0 unless they are all
    1.1 mappings); mixing versions is refused with ``ValueError``.  With no credentials the
    presentation has no ``verifiableCredential`` (VC 2.0 allows that).
    """
    if isinstance(credentials, Mapping | str) or not isinstance(credentials, Sequence):
        raise TypeError("credentials must be a sequence of credentials (mappings or VC-JWTs)")
    for item in credentials:
        if not isinstance(item, Mapping | str):
            raise TypeError(
                f"a credential must be a mapping or a VC-JWT string, not {type(item).__name__}"
            )
    shown = [c if isinstance(c, Mapping) else envelop_credential(c) for c in credentials]
    versions = {_credential_version(c) for c in shown} or {VC_V2_CONTEXT}
    if len(versions) > 1:
        raise ValueError(
            "the credentials mix VC 1.1 and VC 2.0; present them in separate presentations"
        )
    presentation: dict[str, Any] = {
        "@context": [versions.pop()],
        "id": presentation_id if presentation_id is not None else f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiablePresentation"],
        "holder": holder,
    }
    if shown:
        presentation["verifiableCredential"] = [dict(c) for c in shown]
    return presentation


@dataclass(frozen=True, slots=True)
class PresentationResult(CheckedResult):
    """The verification of a presentation and of each credential in it.

    ``problems`` are the presentation's own; each credential's are in its result.
    """

    checks: tuple[Check, ...]
    credentials: tuple[VerificationResult, ...] = ()
    holder: str | None = None

    def has_problem(self, code: str) -> bool:
        """Whether the presentation, or any credential in it, has a problem with ``code``."""
        return any(p.code == code for p in self.problems) or any(
            c.has_problem(code) for c in self.credentials
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping."""
        return {
            "status": self.status.value,
            "verified": self.ok,
            "holder": self.holder,
            "checks": [c.to_dict() for c in self.checks],
            "credentials": [c.to_dict() for c in self.credentials],
        }

    def render_text(self) -> str:
        """A readable report: the presentation's checks, then each credential's."""
        lines = [
            f"{self.status.value.upper()}: VerifiablePresentation by {self.holder or '?'}",
            *self._check_lines(""),
        ]
        lines.extend(c.render_text(indent=4) for c in self.credentials)
        return "\n".join(lines)


def _problem(code: str, message: str, segments: Sequence[str | int] = ()) -> Problem:
    return Problem.at(code, message, segments, spec=_SPEC)


def check_presentation(
    presentation: Mapping[str, Any] | str,
    *,
    challenge: str,
    domain: str,
    resolver: PublicKeyResolver | None = None,
    status_fetcher: Fetcher | None = None,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
    loader: OfflineLoader | None = None,
    schema: bool = True,
) -> PresentationResult:
    """Verify ``presentation`` for the verifier's ``challenge`` and ``domain``.

    ``presentation`` is a presentation with an embedded proof (a mapping), or one secured as
    a JWT: the compact token (a string), or an ``EnvelopedVerifiablePresentation`` whose
    ``id`` is ``data:application/vp+jwt,<token>``.  A token is checked with the checks of
    :data:`PRESENTATION_JWT_CHECK_NAMES`: its ``jwt`` check
    (:func:`~microcredential.jwt.verify_jwt_presentation`) takes the place of
    ``holder-proof``, with the challenge in its ``nonce`` and the domain in its ``aud``.

    The credentials are verified even when the holder's proof fails (each stands on its
    own proof), but the presentation is then ``invalid``.
    """
    if not isinstance(presentation, Mapping | str):
        raise TypeError(
            "presentation must be a mapping or a compact JWT string, not "
            f"{type(presentation).__name__}"
        )
    for name, value in (("challenge", challenge), ("domain", domain)):
        if not isinstance(value, str):
            raise TypeError(f"{name} must be a string")
        if not value:
            raise ValueError(f"{name} must not be empty")
    moment = resolve_now(now)

    def verify_credential(document: Mapping[str, Any] | str) -> VerificationResult:
        return check_credential(
            document,
            resolver=resolver,
            status_fetcher=status_fetcher,
            now=moment,
            max_clock_skew=max_clock_skew,
            loader=loader,
            schema=schema,
        )

    if isinstance(presentation, str) or _is_enveloped(presentation, _ENVELOPED_VP):
        return _check_token(
            presentation,
            _TokenOptions(challenge, domain, resolver, moment, max_clock_skew),
            verify_credential,
            loader,
        )
    holder = node_id(presentation.get("holder"))

    def holder_checks(document: Mapping[str, Any]) -> tuple[Check, Check]:
        proofs = verify_proofs(
            document,
            resolver=resolver,
            expected_purpose="authentication",
            challenge=challenge,
            domain=domain,
            now=moment,
            max_clock_skew=max_clock_skew,
            loader=loader,
        )
        return _holder_proof_check(proofs), _holder_binding_check(document, holder, proofs)

    return _checked(
        presentation, holder, PRESENTATION_CHECK_NAMES, holder_checks, verify_credential, loader
    )


def _checked(
    presentation: Mapping[str, Any],
    holder: str | None,
    names: Sequence[str],
    holder_checks: Callable[[Mapping[str, Any]], tuple[Check, Check]],
    verify_credential: Callable[[Mapping[str, Any] | str], VerificationResult],
    loader: OfflineLoader | None,
    *,
    bare_tokens: bool = False,
) -> PresentationResult:
    """The checks of ``names`` on ``presentation``: its form and structure, the holder's
    proof and its binding to the holder (``holder_checks``), then each credential.
    ``bare_tokens``: a VC-JWT may stand in ``verifiableCredential`` as a string (VC 1.1)."""
    form = _compacted_form(compaction_problems(presentation, loader=loader))
    if form.status is not CheckStatus.PASSED:
        # its JSON may say something else than what the holder signed: read nothing more
        skipped = (Check(name, CheckStatus.SKIPPED) for name in names[1:])
        return PresentationResult((form, *skipped), (), holder)
    raw = presentation.get("verifiableCredential")
    items = raw if isinstance(raw, list) else [] if raw is None else [raw]
    # each enveloped VC-JWT stands for the credential its token carries: the structure is
    # judged, and each credential verified, on that credential, never on the envelope
    carried = [
        _carried(item, _item_path(raw, index), bare_tokens) for index, item in enumerate(items)
    ]
    structure = _structure_check(presentation, raw, carried)
    proof_check, binding = holder_checks(presentation)
    credentials, results = _credentials_check(raw, items, carried, holder, verify_credential)
    return PresentationResult((form, structure, proof_check, binding, credentials), results, holder)


@dataclass(frozen=True, slots=True)
class _TokenOptions:
    """What the ``jwt`` check of a presentation token is judged against."""

    challenge: str
    domain: str
    resolver: PublicKeyResolver | None
    now: datetime
    max_clock_skew: timedelta


#: The errors that leave the ``jwt`` check of a presentation undecided, not failed.
_UNDECIDED_JWT: Final = frozenset({"jwt.key-unresolvable", "proof.controller-document-missing"})


def _check_token(
    given: Mapping[str, Any] | str,
    options: _TokenOptions,
    verify_credential: Callable[[Mapping[str, Any] | str], VerificationResult],
    loader: OfflineLoader | None,
) -> PresentationResult:
    """The checks of a presentation secured as a JWT (given as the token or its envelope)."""
    names = PRESENTATION_JWT_CHECK_NAMES
    try:
        if isinstance(given, str):
            token = given
        else:
            token = _envelope_token(given, _ENVELOPED_VP, _VP_ENVELOPE_PREFIX, [])
        decoded = decode_jwt_presentation(token)
    except InvalidDocumentError as exc:
        checks = (
            Check(name, CheckStatus.FAILED, exc.problems)
            if name == "jwt"
            else Check(name, CheckStatus.SKIPPED)
            for name in names
        )
        return PresentationResult(tuple(checks), (), None)
    document = decoded.presentation
    holder = node_id(document.get("holder"))
    if holder is None and isinstance(decoded.claims.get("iss"), str):
        holder = str(decoded.claims["iss"])  # VC 1.1: iss names the holder

    def holder_checks(_document: Mapping[str, Any]) -> tuple[Check, Check]:
        resolver = options.resolver if options.resolver is not None else _default_resolver()
        outcome = verify_jwt_presentation(
            decoded,
            resolver=resolver,
            challenge=options.challenge,
            domain=options.domain,
            now=options.now,
            max_clock_skew=options.max_clock_skew,
        )
        return _jwt_check(outcome), _token_binding_check(holder, outcome)

    return _checked(
        document,
        holder,
        names,
        holder_checks,
        verify_credential,
        loader,
        bare_tokens=decoded.form == "vc-1.1",
    )


def _default_resolver() -> Any:
    from .resolve import ChainResolver  # did:key and did:jwk, offline

    return ChainResolver()


def _jwt_check(outcome: JwtVerification) -> Check:
    """The ``jwt`` check: the token's own problems, and whether its key may authenticate as
    its controller (listed under ``authentication``)."""
    problems = list(outcome.problems)
    if outcome.ok and outcome.key_source is KeySource.KID:
        method = outcome.verification_method
        if outcome.authorized is False:
            problems.append(
                Problem.at(
                    "proof.purpose-not-authorized",
                    f"{method!r} is not listed under 'authentication' by its controller: the "
                    "key may not present on its behalf",
                    ["header", "kid"],
                    spec=_DI_SPEC,
                )
            )
        elif outcome.authorized is None:
            problems.append(
                Problem.at(
                    "proof.controller-document-missing",
                    f"{method!r} was resolved, but nothing says what its controller authorises "
                    "it for: supply the holder's controller document, which lists it under "
                    "'authentication'",
                    ["header", "kid"],
                    spec=_DI_SPEC,
                )
            )
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if not errors:
        return Check("jwt", CheckStatus.PASSED, tuple(problems))
    if all(p.code in _UNDECIDED_JWT for p in errors):
        return Check("jwt", CheckStatus.INDETERMINATE, tuple(problems))
    return Check("jwt", CheckStatus.FAILED, tuple(problems))


def _token_binding_check(holder: str | None, outcome: JwtVerification) -> Check:
    """The ``holder-binding`` check of a token: the key that signed it is the holder's."""
    if holder is None:
        return Check("holder-binding", CheckStatus.NOT_APPLICABLE)
    if outcome.key_source is KeySource.JWK:
        not_bound = Problem.at(
            "jwt.key-not-bound",
            "the token was verified with the key in its own header (jwk), which anyone can "
            f"put there: nothing shows that the key belongs to the holder {holder!r}. Ask the "
            "holder to name its key with 'kid'",
            ["holder"],
            severity=Severity.WARNING,
            spec=_SPEC,
        )
        return Check("holder-binding", CheckStatus.INDETERMINATE, (not_bound,))
    if outcome.controller is None:
        return Check("holder-binding", CheckStatus.SKIPPED)
    if outcome.controller != holder:
        mismatch = _problem(
            "presentation.holder-mismatch",
            f"the presentation was signed with {outcome.verification_method!r}, controlled by "
            f"{outcome.controller!r}, not by the holder {holder!r}: someone else presented "
            "these credentials",
            ["holder"],
        )
        return Check("holder-binding", CheckStatus.FAILED, (mismatch,))
    return Check("holder-binding", CheckStatus.PASSED)


def _structure_check(
    presentation: Mapping[str, Any], raw: Any, carried: Sequence[_Carried]
) -> Check:
    """The ``structure`` check: the presentation model, read with each enveloped VC-JWT
    replaced by the credential it carries."""
    structure: list[Problem] = [p for c in carried for p in c.problems]
    try:
        parse_presentation(_with_carried(presentation, raw, carried))
    except InvalidDocumentError as exc:
        structure.extend(exc.problems)
    return Check(
        "structure", CheckStatus.FAILED if structure else CheckStatus.PASSED, tuple(structure)
    )


def _holder_proof_check(proofs: ProofSetResult) -> Check:
    """The ``holder-proof`` check: the presentation's own proofs, with the problems a
    presentation verifier words in its own terms restated first."""
    proof_problems: list[Problem] = []
    for p in proofs.problems:
        if p.code in _RESTATED:
            code, message = _RESTATED[p.code]
            proof_problems.append(Problem(code, message, p.path, Severity.ERROR, _DI_SPEC))
        proof_problems.append(p)
    status = {
        "verified": CheckStatus.PASSED,
        "invalid": CheckStatus.FAILED,
        "indeterminate": CheckStatus.INDETERMINATE,
    }[proofs.status.value]
    return Check("holder-proof", status, tuple(proof_problems))


def _holder_binding_check(
    presentation: Mapping[str, Any], holder: str | None, proofs: ProofSetResult
) -> Check:
    """The ``holder-binding`` check: every proof was made by the holder's key."""
    if holder is None:
        # No holder is claimed, so there is nobody to bind the proof to (VC DM 2.0 §4.13).
        return Check("holder-binding", CheckStatus.NOT_APPLICABLE)
    if not proofs.proofs or any(r.controller is None for r in proofs.proofs):
        return Check("holder-binding", CheckStatus.SKIPPED)
    mismatched = [
        _problem(
            "presentation.holder-mismatch",
            f"the presentation was signed with {r.verification_method!r}, controlled by "
            f"{r.controller!r}, not by the holder {holder!r}: someone else presented these "
            "credentials",
            ["proof", *([r.index] if isinstance(presentation.get("proof"), list) else [])],
        )
        for r in proofs.proofs
        if r.controller != holder
    ]
    return Check(
        "holder-binding",
        CheckStatus.FAILED if mismatched else CheckStatus.PASSED,
        tuple(mismatched),
    )


def _credentials_check(
    raw: Any,
    items: Sequence[Any],
    carried: Sequence[_Carried],
    holder: str | None,
    verify_credential: Callable[[Mapping[str, Any] | str], VerificationResult],
) -> tuple[Check, tuple[VerificationResult, ...]]:
    """The ``credentials`` check: each credential presented, verified on its own proofs, and
    issued to the holder."""
    results: list[VerificationResult] = []
    credential_problems: list[Problem] = []
    undetermined = False
    for index, (item, unwrapped) in enumerate(zip(items, carried, strict=True)):
        path = _item_path(raw, index)
        if unwrapped.problems:
            credential_problems.extend(unwrapped.problems)
            continue
        if not isinstance(item, Mapping) and unwrapped.token is None:
            credential_problems.append(
                _problem(
                    "presentation.credential-invalid",
                    "a credential must be an object (a VC-JWT goes in an "
                    "EnvelopedVerifiableCredential whose id is data:application/vc+jwt,<token>)",
                    path,
                )
            )
            continue
        result = verify_credential(unwrapped.token if unwrapped.token is not None else item)
        results.append(result)
        subjects = _subject_ids(unwrapped.credential if unwrapped.credential is not None else item)
        if holder is not None and subjects and holder not in subjects:
            credential_problems.append(
                Problem(
                    "presentation.subject-not-holder",
                    f"credential {result.credential_id or index} was issued to "
                    f"{', '.join(sorted(subjects))}, not to the holder {holder!r}: the holder "
                    "may be presenting someone else's credential; ask how they are related",
                    json_pointer([*path, "credentialSubject"]),
                    Severity.WARNING,
                    _SPEC,
                )
            )
        if result.status is VerificationStatus.INVALID:
            credential_problems.append(
                _problem(
                    "presentation.credential-invalid",
                    f"credential {result.credential_id or index} does not verify: "
                    + "; ".join(sorted({p.code for p in result.errors})),
                    path,
                )
            )
        elif result.status is VerificationStatus.INDETERMINATE:
            undetermined = True
            credential_problems.append(
                Problem(
                    "presentation.credential-indeterminate",
                    f"credential {result.credential_id or index} could not be fully verified; "
                    "see its result",
                    json_pointer(path),
                    Severity.WARNING,
                    _SPEC,
                )
            )
    found = tuple(credential_problems)
    if not items:
        return Check("credentials", CheckStatus.NOT_APPLICABLE), ()
    if any(p.severity is Severity.ERROR for p in found):
        return Check("credentials", CheckStatus.FAILED, found), tuple(results)
    if undetermined:
        return Check("credentials", CheckStatus.INDETERMINATE, found), tuple(results)
    return Check("credentials", CheckStatus.PASSED, found), tuple(results)


def _subject_ids(credential: Mapping[str, Any]) -> set[str]:
    """The ``id`` of every credential subject that has one."""
    subject = credential.get("credentialSubject")
    subjects = subject if isinstance(subject, list) else [subject]
    return {s["id"] for s in subjects if isinstance(s, Mapping) and isinstance(s.get("id"), str)}


#: The media type of a VC-JWT in an enveloped credential's ``data:`` URL (VC-JOSE-COSE).
_ENVELOPE_PREFIX: Final = "data:application/vc+jwt,"
_ENVELOPED: Final = "EnvelopedVerifiableCredential"
#: The same for a presentation secured as a JWT, in an enveloped presentation.
_VP_ENVELOPE_PREFIX: Final = "data:application/vp+jwt,"
_ENVELOPED_VP: Final = "EnvelopedVerifiablePresentation"
_ENVELOPE_SPEC: Final = "https://www.w3.org/TR/vc-data-model-2.0/#enveloped-verifiable-credentials"


@dataclass(frozen=True, slots=True)
class _Carried:
    """What one ``verifiableCredential`` item carries: for an enveloped VC-JWT its token and
    the credential in it (None when it cannot be decoded: verification says why), and what
    is wrong with the envelope itself."""

    token: str | None = None
    credential: dict[str, Any] | None = None
    problems: tuple[Problem, ...] = ()


def _item_path(raw: Any, index: int) -> list[str | int]:
    return ["verifiableCredential", index] if isinstance(raw, list) else ["verifiableCredential"]


def _is_enveloped(item: Any, type_name: str) -> bool:
    if not isinstance(item, Mapping):
        return False
    types = item.get("type")
    return type_name in (types if isinstance(types, list) else [types])


def _envelope_token(
    item: Mapping[str, Any], type_name: str, prefix: str, path: list[str | int]
) -> str:
    """The token in an envelope (VC Data Model 2.0 §4.13.1 and §4.13.2): its ``id`` is
    ``prefix`` followed by the token, and it holds nothing else.  Anything else raises
    :class:`InvalidDocumentError` (``presentation.envelope-invalid``) saying what."""
    types = item.get("type")
    extra = sorted(set(item) - {"@context", "id", "type"})
    identifier = item.get("id")
    if extra or (isinstance(types, list) and len(types) != 1):
        # anything beside the token would be read by some and not by others: the envelope
        # says nothing but what its token says
        where = extra[0] if extra else "type"
        found = ", ".join(extra) if extra else "another type"
        message = f"an envelope holds only @context, id and type, not {found}"
    elif not isinstance(identifier, str) or not identifier.startswith(prefix):
        where = "id"
        message = (
            f"an {type_name}'s id must be a data: URL of a compact JWT ({prefix}<token>); "
            "other envelopes are not verified here"
        )
    else:
        return identifier.removeprefix(prefix)
    problem = Problem(
        "presentation.envelope-invalid",
        message,
        json_pointer([*path, where]),
        Severity.ERROR,
        _ENVELOPE_SPEC,
    )
    raise InvalidDocumentError.from_problems([problem], source=type_name)


def _carried(item: Any, path: list[str | int], bare_tokens: bool = False) -> _Carried:
    """The token and credential of an enveloped credential (or, with ``bare_tokens``, of a
    compact VC-JWT standing alone, as VC 1.1 presentations carry them); an empty
    :class:`_Carried` for any other item."""
    if bare_tokens and isinstance(item, str) and is_compact_jws(item.strip()):
        token = item.strip()
    elif _is_enveloped(item, _ENVELOPED):
        try:
            token = _envelope_token(item, _ENVELOPED, _ENVELOPE_PREFIX, path)
        except InvalidDocumentError as exc:
            return _Carried(problems=exc.problems)
    else:
        return _Carried()
    try:
        credential = decode_jwt_credential(token).credential
    except InvalidDocumentError:
        credential = None  # its verification reports it
    return _Carried(token, credential)


def _with_carried(
    presentation: Mapping[str, Any], raw: Any, carried: Sequence[_Carried]
) -> Mapping[str, Any]:
    """``presentation`` with each enveloped credential replaced by the credential it
    carries, and left out when there is none to read (an envelope refused, a token that
    cannot be decoded: what is wrong with it is reported once, where it is checked, not
    again as a credential that lacks every member).  A shallow copy; the input is not
    modified."""
    if not any(c.token is not None or c.problems for c in carried):
        return presentation
    items = raw if isinstance(raw, list) else [raw]
    shown = [
        c.credential if c.credential is not None else item
        for item, c in zip(items, carried, strict=True)
        if not c.problems and (c.token is None or c.credential is not None)
    ]
    rest = {k: v for k, v in presentation.items() if k != "verifiableCredential"}
    if isinstance(raw, list):
        return {**rest, "verifiableCredential": shown}
    return {**rest, "verifiableCredential": shown[0]} if shown else rest
