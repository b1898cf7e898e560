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

This module runs the algorithm; the checks live in a private package beside it, one module
per concern (``microcredential._verification``). Every public name is imported from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from ._deprecated import renamed_attributes as _renamed_attributes
from ._time import DEFAULT_MAX_CLOCK_SKEW, resolve_now
from ._verification.binding import _PROOF_STATUS, _issuer_binding
from ._verification.common import _CLR_BUNDLE, _SD_SPEC, _Options, _problem, issuer_id
from ._verification.dates import _validity
from ._verification.document import (
    _context_and_type,
    _kind,
    _refresh,
    _related,
    _structure,
    _subject,
    credential_problems,
    credential_profile,
)
from ._verification.jwt import _jwt_checks, _jwt_names
from ._verification.nested import (
    _ENDORSEMENT_KEYS,
    MAX_ENDORSEMENT_DEPTH,
    _bundled,
    _Endorsements,
    _endorsements,
    find_endorsements,
)
from ._verification.results import (
    _AFTER_PROOF,
    CHECK_NAMES,
    CLR_CHECK_NAME,
    PROFILE_OPEN_BADGES,
    PROFILE_VC_1,
    PROFILE_VC_2,
    Check,
    CheckedResult,
    CheckStatus,
    VerificationResult,
    _bare,
    _content_digest,
)
from ._verification.status import StatusListCache, _list_verifier, _status
from .errors import InvalidDocumentError
from .fetch import Fetcher
from .integrity import PublicKeyResolver, verify_proofs
from .jsonld import UNDECIDED_CODES, OfflineLoader, walk_compacted
from .jwt import JwtCredential, decode_jwt_credential
from .problems import Problem, Severity, json_pointer
from .results import VerificationStatus

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


def _compacted_form(problems: Iterable[Problem]) -> Check:
    """The ``compacted-form`` check: failed, or indeterminate when a context was missing."""
    found = tuple(problems)
    if not found:
        return _bare("compacted-form", CheckStatus.PASSED)
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
            (form, *(_bare(name, CheckStatus.SKIPPED) for name in names[1:])),
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
        proof_check, binding, selective = _proof_checks(document, options)
    else:
        proof_check, binding = _jwt_checks(document, jwt, options)
        selective = False
    checks.append(proof_check)
    nested: tuple[VerificationResult, ...] = ()
    bundled: tuple[VerificationResult, ...] = ()
    if proof_check.status is not CheckStatus.PASSED:
        checks.extend(_bare(name, CheckStatus.SKIPPED) for name in _AFTER_PROOF)
        if kind == "ClrCredential":
            checks.append(_bare(CLR_CHECK_NAME, CheckStatus.SKIPPED))
    else:
        checks.append(binding)
        checks.append(_refresh(document))
        checks.append(
            _status(
                document,
                options.fetcher,
                _list_verifier(document, options, verify_proofs),
                options.now,
                options.skew,
                selective,
            )
        )
        checks.append(_validity(document, options.now, options.skew, selective))
        checks.append(_related(document))
        endorsement_check, nested = _endorsements(
            document, endorsements, options, where, depth, _verify
        )
        checks.append(endorsement_check)
        if kind == "ClrCredential":
            bundle_check, bundled = _bundled(document, options, where, depth, _verify)
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


def _proof_checks(document: Mapping[str, Any], options: _Options) -> tuple[Check, Check, bool]:
    """The ``proof`` and ``issuer-binding`` checks of a credential's Data Integrity proofs,
    and whether its proof is a selective disclosure (ecdsa-sd-2023)."""
    proofs = verify_proofs(
        document,
        resolver=options.resolver,
        expected_purpose="assertionMethod",
        now=options.now,
        max_clock_skew=options.skew,
        loader=options.loader,
    )
    selective = proofs.selective
    found = proofs.problems
    if selective:
        disclosed = _problem(
            "proof.selective-disclosure",
            "the credential is what its holder chose to disclose (ecdsa-sd-2023): every "
            "member shown is signed by the issuer, and others may have been left out",
            ["proof"],
            severity=Severity.INFO,
            spec=_SD_SPEC,
        )
        found = (*found, disclosed)
    proof_check = Check("proof", _PROOF_STATUS[proofs.status], found)
    binding = _issuer_binding(document, proofs, options.cosigners)
    return proof_check, binding, selective


# The public names have this module as their home (for the API reference, reprs and pickles),
# whichever module of the private package of checks defines them.
for _name in __all__:
    _value = globals()[_name]
    if getattr(_value, "__module__", "").startswith("microcredential._verification."):
        _value.__module__ = __name__
del _name, _value
