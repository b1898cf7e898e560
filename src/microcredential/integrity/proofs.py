"""Adding and verifying Data Integrity proofs (VC Data Integrity 1.0), proof sets and chains.

These are building blocks: they take plain JSON mappings (any JSON-LD document, not only
Open Badges) and never modify them.  :func:`add_proof_unchecked` returns a new document;
:func:`verify_proofs` returns a :class:`ProofSetResult` and raises only for misuse.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from .. import multibase
from .._deprecated import renamed_attributes, renamed_property
from .._json import copy_json
from .._time import (
    DEFAULT_MAX_CLOCK_SKEW,
    datetime_text,
    format_datetime,
    parse_datetime,
    resolve_now,
    shifted,
    utc_now,
)
from ..constants import PROOF_PURPOSES
from ..errors import (
    CanonicalizationLimitError,
    ContextIntegrityError,
    ContextNotFoundError,
    JsonLdError,
    ResolutionError,
    SafeModeError,
    SigningError,
)
from ..fetch import FETCH_CODES
from ..jsonld import UNDECIDED_CODES, OfflineLoader, compaction_problems
from ..keys import KeyType, Signer, VerifyingKey
from ..problems import Problem, Severity, json_pointer, pointer_segments
from ..results import VerificationStatus
from ._ecdsa_sd import DerivedProof, parse_derived_proof_value, verify_derived_proof
from .jcs import InexactNumberError
from .suites import (
    EDDSA_RDFC_2022,
    PROOF_TERM_CONTEXTS,
    SELECTIVE_SUITES,
    SUITE_CONTEXTS,
    Cryptosuite,
    ProofTermsUndefined,
    signing_suite,
    suite_for_proof,
)

__all__ = [
    "INDETERMINATE_CODES",
    "ProofResult",
    "ProofSetResult",
    "PublicKeyResolver",
    "ResolvedMethod",
    "add_proof_unchecked",
    "verify_proofs",
]

__getattr__ = renamed_attributes(
    __name__,
    {
        "ProofStatus": ("microcredential.results.VerificationStatus", lambda: VerificationStatus),
        "add_proof": (
            "microcredential.integrity.add_proof_unchecked",
            lambda: add_proof_unchecked,
        ),
    },
)

_SPEC = "https://www.w3.org/TR/vc-data-integrity/"
_EDDSA_SPEC = "https://www.w3.org/TR/vc-di-eddsa/"
_JCS = "https://www.w3.org/TR/vc-di-eddsa/#eddsa-jcs-2022"


class ResolvedMethod(Protocol):
    """What verification needs from a resolved verification method."""

    @property
    def id(self) -> str: ...

    @property
    def controller(self) -> str: ...

    @property
    def public_key(self) -> VerifyingKey: ...

    @property
    def relationships(self) -> frozenset[str]:
        """The proof purposes its controller document lists it under (empty: not known)."""
        ...

    def is_authorized_for(self, purpose: str) -> bool: ...


class PublicKeyResolver(Protocol):
    """Resolves a verification method id (raises :class:`ResolutionError` when it cannot)."""

    def resolve(self, verification_method: str) -> ResolvedMethod: ...


# -- signing -------------------------------------------------------------------------------


def _is_mapping(value: object) -> bool:
    """``isinstance(value, Mapping)``, without the abstract class's check for a plain dict."""
    return type(value) is dict or isinstance(value, Mapping)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def add_proof_unchecked(
    document: Mapping[str, Any],
    signer: Signer,
    *,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    expires: datetime | str | None = None,
    proof_purpose: str = "assertionMethod",
    domain: str | Sequence[str] | None = None,
    challenge: str | None = None,
    nonce: str | None = None,
    proof_id: str | None = None,
    previous_proof: str | Sequence[str] | None = None,
    loader: OfflineLoader | None = None,
    add_context: bool = False,
) -> dict[str, Any]:
    """Return a copy of ``document`` with one more Data Integrity proof, checking nothing else.

    Unlike :func:`microcredential.sign`, it does not check that the key belongs to the issuer
    (or holder), that the document meets its data model, or that it is in the compacted form
    its contexts define: a verifier may refuse what it signs.  Use it for test data, or for
    documents that are not credentials.

    An existing proof (or proof set) is kept: the new proof joins it as a proof set, or, with
    ``previous_proof``, as a link in a proof chain that also signs the proofs it names.
    ``created`` defaults to now (UTC, whole seconds): a proof always states when it was made.
    A document whose contexts do not define the proof terms (a VC 1.1 document without the
    Data Integrity context) raises :class:`~microcredential.SigningError` naming the fix; with
    ``add_context=True`` the context that defines them is appended to the copy's
    ``@context`` instead, as VC Data Integrity recommends.  With ``eddsa-jcs-2022``, a number
    that RFC 8785 cannot write exactly (an integer beyond 2^53 that is not a double) raises
    :class:`~microcredential.SigningError` naming its JSON pointer: write it as a string.
    """
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a mapping, not {type(document).__name__}")
    key_type = _signer_key_type(signer)
    suite = signing_suite(cryptosuite, key_type)
    if proof_purpose not in PROOF_PURPOSES:
        raise ValueError(f"proof_purpose must be one of {', '.join(PROOF_PURPOSES)}")
    return _with_proof(
        copy_json(document),
        signer,
        suite,
        key_type,
        created=created,
        expires=expires,
        proof_purpose=proof_purpose,
        domain=domain,
        challenge=challenge,
        nonce=nonce,
        proof_id=proof_id,
        previous_proof=previous_proof,
        loader=loader,
        add_context=add_context,
    )


def _with_proof(
    secured: dict[str, Any],
    signer: Signer,
    suite: Cryptosuite,
    key_type: KeyType,
    created: datetime | str | None,
    *,
    expires: datetime | str | None = None,
    proof_purpose: str = "assertionMethod",
    domain: str | Sequence[str] | None = None,
    challenge: str | None = None,
    nonce: str | None = None,
    proof_id: str | None = None,
    previous_proof: str | Sequence[str] | None = None,
    loader: OfflineLoader | None = None,
    add_context: bool = False,
) -> dict[str, Any]:
    """Add a proof made with ``suite`` to ``secured`` (changed in place) and return it."""
    existing = _as_list(secured.pop("proof", None))
    if add_context:
        _add_suite_context(secured, suite, loader)

    options: dict[str, Any] = {"type": suite.proof_type, "cryptosuite": suite.name}
    if proof_id is not None:
        options["id"] = proof_id
    options["created"] = (
        datetime_text(created, "created") if created is not None else (format_datetime(utc_now()))
    )
    if expires is not None:
        options["expires"] = datetime_text(expires, "expires")
    options["verificationMethod"] = signer.id
    options["proofPurpose"] = proof_purpose
    if domain is not None:
        options["domain"] = domain if isinstance(domain, str) else list(domain)
    if challenge is not None:
        options["challenge"] = challenge
    if nonce is not None:
        options["nonce"] = nonce

    unsecured = dict(secured)
    if previous_proof is not None:
        wanted = [previous_proof] if isinstance(previous_proof, str) else list(previous_proof)
        by_id = {
            p["id"]: p for p in existing if isinstance(p, Mapping) and isinstance(p.get("id"), str)
        }
        missing = [i for i in wanted if i not in by_id]
        if missing:
            raise SigningError(
                f"previous_proof names {', '.join(map(repr, missing))}, which the document's "
                "proofs do not include; chain only to proofs that have an id and are present"
            )
        options["previousProof"] = previous_proof if isinstance(previous_proof, str) else wanted
        unsecured["proof"] = [by_id[i] for i in wanted]

    proof_config = dict(options)
    if "@context" in unsecured:
        # a copy: the finished proof must not share a list with the document (JCS keeps it)
        proof_config["@context"] = copy_json(unsecured["@context"])
    try:
        data = suite.hash_data(unsecured, proof_config, loader, key_type)
    except ProofTermsUndefined as exc:
        raise SigningError(f"cannot sign: {exc.message}", problems=exc.problems) from None
    except InexactNumberError as exc:
        if exc.path[:2] == ("proof", "@context"):  # the document's, copied into the options
            exc = InexactNumberError(exc.value, exc.path[1:])
        raise SigningError(
            f"cannot sign with {suite.name}: {exc.message}", problems=exc.problems
        ) from None
    signature = signer.sign(data)

    proof = dict(proof_config if suite.proof_keeps_context else options)
    proof["proofValue"] = multibase.encode_base58btc(signature)
    secured["proof"] = [*existing, proof] if existing else proof
    return secured


def _signer_key_type(signer: Signer) -> KeyType:
    """The signer's key type; a signer written before keys had types is taken as Ed25519."""
    key_type = getattr(signer, "key_type", None)
    if key_type is None:
        warnings.warn(
            "a signer without key_type and algorithm is taken to be an Ed25519 key; this is "
            "deprecated and will be refused in the next release: give it the key_type and "
            "algorithm properties of microcredential.keys.Signer",
            DeprecationWarning,
            stacklevel=3,
        )
        return KeyType.ED25519
    if type(key_type) is KeyType:
        return key_type
    try:
        return KeyType(key_type)
    except ValueError:
        raise ValueError(
            f"the signer's key_type {key_type!r} is not one of "
            f"{', '.join(k.value for k in KeyType)}"
        ) from None


def _add_suite_context(
    document: dict[str, Any], suite: Cryptosuite, loader: OfflineLoader | None
) -> None:
    """Append the context defining ``suite``'s proof terms to ``document`` when it lacks them.

    Whatever the suite canonicalizes with, the proof terms must be defined by the document's
    contexts; whether they are is decided as RDF canonicalization in safe mode decides it.
    A document without ``@context``, or whose contexts are not available offline, is left
    as it is (signing then reports what is wrong).
    """
    context = document.get("@context")
    if context is None:
        return
    items = context if isinstance(context, list) else [context]
    if any(
        isinstance(item, str) and item in PROOF_TERM_CONTEXTS[suite.proof_type] for item in items
    ):
        return
    probe = {"@context": context, "type": suite.proof_type, "cryptosuite": suite.name}
    try:
        EDDSA_RDFC_2022.canonicalize(probe, loader)
    except SafeModeError:
        document["@context"] = [*items, SUITE_CONTEXTS[suite.proof_type]]
    except JsonLdError:
        return


# -- verification --------------------------------------------------------------------------


#: Problem codes meaning "could not be determined" rather than "invalid".
_UNCHECKABLE = frozenset(
    {
        "proof.unsupported-cryptosuite",
        "proof.method-unresolvable",
        "proof.context-unavailable",
        "proof.controller-document-missing",
    }
)
# with why a key could not be fetched (online): the proof could not be checked either
INDETERMINATE_CODES = _UNCHECKABLE | FETCH_CODES


@dataclass(frozen=True)
class ProofResult:
    """The verification of one proof."""

    index: int
    proof: Mapping[str, Any]
    problems: tuple[Problem, ...] = ()
    cryptosuite: str | None = None
    verification_method: str | None = None
    controller: str | None = None

    @property
    def status(self) -> VerificationStatus:
        """``indeterminate`` when every error means "could not be checked", else ``invalid``
        when there is an error, else ``verified``."""
        if not self.errors:
            return VerificationStatus.VERIFIED
        if all(p.code in INDETERMINATE_CODES for p in self.errors):
            return VerificationStatus.INDETERMINATE
        return VerificationStatus.INVALID

    @property
    def ok(self) -> bool:
        """The proof verified."""
        return self.status is VerificationStatus.VERIFIED

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    verified = renamed_property("verified", "ok")


@dataclass(frozen=True)
class ProofSetResult:
    """The verification of every proof on a document.

    ``set_problems`` are about the set as a whole (no proof at all, a broken chain);
    :attr:`problems` adds each proof's own.
    """

    proofs: tuple[ProofResult, ...]
    set_problems: tuple[Problem, ...] = field(default=())

    @property
    def status(self) -> VerificationStatus:
        """``invalid`` if the set or a proof is invalid, else ``indeterminate`` if a proof could
        not be checked, else ``verified`` (an empty set is invalid)."""
        if any(p.severity is Severity.ERROR for p in self.set_problems) or not self.proofs:
            return VerificationStatus.INVALID
        statuses = {r.status for r in self.proofs}
        if VerificationStatus.INVALID in statuses:
            return VerificationStatus.INVALID
        if VerificationStatus.INDETERMINATE in statuses:
            return VerificationStatus.INDETERMINATE
        return VerificationStatus.VERIFIED

    @property
    def ok(self) -> bool:
        """There is at least one proof, and every proof verified."""
        return self.status is VerificationStatus.VERIFIED

    @property
    def selective(self) -> bool:
        """Every proof that verified is a selective disclosure proof (``ecdsa-sd-2023``): the
        document is the part of the signed one its holder chose to reveal, so a member it
        lacks may have been withheld rather than never signed."""
        verified = [r for r in self.proofs if r.ok]
        return bool(verified) and all(r.cryptosuite in SELECTIVE_SUITES for r in verified)

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem: the set's own, then each proof's."""
        return self.set_problems + tuple(p for r in self.proofs for p in r.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    verified = renamed_property("verified", "ok")
    all_problems = renamed_property("all_problems", "problems")


@functools.cache
def _did_key_resolver() -> PublicKeyResolver:
    from ..resolve import ChainResolver  # imported on first use: resolve imports urllib, ssl

    return ChainResolver()  # did:key and did:jwk, offline


def verify_proofs(
    document: Mapping[str, Any],
    *,
    resolver: PublicKeyResolver | None = None,
    expected_purpose: str = "assertionMethod",
    domain: str | None = None,
    challenge: str | None = None,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
    loader: OfflineLoader | None = None,
    proof_filter: Callable[[Mapping[str, Any]], bool] | None = None,
) -> ProofSetResult:
    """Verify every Data Integrity proof on ``document`` (a proof set or chain).

    The result is verified only when there is at least one proof and every proof verifies.
    ``resolver`` resolves verification methods (default: did:key and did:jwk, offline).
    """
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a mapping, not {type(document).__name__}")
    moment = resolve_now(now)
    if "proof" not in document:
        return ProofSetResult(
            (),
            (
                Problem(
                    "proof.missing",
                    "the document has no proof; it is unsigned, so nothing vouches for it",
                    "",
                    spec=_SPEC,
                ),
            ),
        )
    raw = document["proof"]
    proofs = raw if isinstance(raw, list) else [raw]
    if not proofs:
        return ProofSetResult(
            (),
            (Problem("proof.missing", "the proof set is empty: nothing vouches for it", "/proof"),),
        )
    single = not isinstance(raw, list)
    unsecured = {k: v for k, v in document.items() if k != "proof"}
    by_id = {p["id"]: p for p in proofs if _is_mapping(p) and isinstance(p.get("id"), str)}
    if resolver is None:
        resolver = _did_key_resolver()
    form = _proof_form(document, single, loader)
    results = []
    for index, proof in enumerate(proofs):
        if proof_filter is not None and _is_mapping(proof) and not proof_filter(proof):
            continue
        if index in form:  # its JSON may say something else than what is signed
            results.append(ProofResult(index, proof, tuple(form[index])))
            continue
        results.append(
            _verify_one(
                unsecured,
                proof,
                index,
                () if single else (index,),
                by_id,
                resolver,
                expected_purpose,
                domain,
                challenge,
                moment,
                max_clock_skew,
                loader,
            )
        )
    return ProofSetResult(tuple(results))


def _proof_form(
    document: Mapping[str, Any], single: bool, loader: OfflineLoader | None
) -> dict[int, list[Problem]]:
    """The compacted-form problems of each proof object, read under the document's contexts
    (and its own, for a proof that keeps them), by proof index.

    A proof's ``expires``, ``proofPurpose`` or ``challenge`` are read from its JSON keys, so a
    proof is only read when its JSON says what the signed proof configuration says.  A missing
    context is left to the hashing step, which reports it as indeterminate.
    """
    if "@context" not in document:
        return {}
    probe = {k: document[k] for k in ("@context", "type", "proof") if k in document}
    found: dict[int, list[Problem]] = {}
    for problem in compaction_problems(probe, loader=loader):
        segments = pointer_segments(problem.path)
        if problem.code in UNDECIDED_CODES or segments[:1] != ("proof",):
            continue
        if single:
            index = 0
        elif len(segments) > 1 and segments[1].isdigit():
            index = int(segments[1])
        else:
            continue
        found.setdefault(index, []).append(problem)
    proofs = document["proof"] if not single else [document["proof"]]
    for index, problems in found.items():
        proof = proofs[index] if index < len(proofs) else None
        if isinstance(proof, Mapping) and all(p.code == "jsonld.undefined-term" for p in problems):
            # the usual cause: a VC 1.1 document without its proof suite's context
            kind = proof.get("type")
            context = SUITE_CONTEXTS.get(kind if isinstance(kind, str) else "", "")
            context = context or SUITE_CONTEXTS["DataIntegrityProof"]
            names = ", ".join(sorted({pointer_segments(p.path)[-1] for p in problems}))
            found[index] = [
                Problem(
                    "proof.safe-mode",
                    f"the document's @context does not define this proof's terms ({names}), so "
                    f"it cannot be checked as signed; the issuer had to include {context}",
                    json_pointer(("proof",) if single else ("proof", index)),
                    spec=_EDDSA_SPEC,
                )
            ]
    return found


class _At:
    """Makes the problems of one proof, at its place in the document (``/proof/...``)."""

    __slots__ = ("base",)

    def __init__(self, base: tuple[str | int, ...]) -> None:
        self.base = base

    def __call__(self, code: str, message: str, *extra: str, spec: str = _SPEC) -> Problem:
        return Problem(code, message, json_pointer((*self.base, *extra)), spec=spec)


def _verify_one(
    unsecured: Mapping[str, Any],
    proof: Any,
    index: int,
    where: tuple[int, ...],
    by_id: Mapping[Any, Any],
    resolver: PublicKeyResolver,
    expected_purpose: str,
    domain: str | None,
    challenge: str | None,
    now: datetime,
    skew: timedelta,
    loader: OfflineLoader | None,
) -> ProofResult:
    """Verify one proof of a set or chain: its form, its options, the signed input, the
    verification method, and the signature."""
    problem = _At(("proof", *where))
    if not _is_mapping(proof):
        return ProofResult(index, {}, (problem("proof.malformed", "a proof must be an object"),))
    suite = suite_for_proof(proof)
    if suite is None:
        named = proof.get("cryptosuite") or proof.get("type")
        return ProofResult(
            index,
            proof,
            (
                problem(
                    "proof.unsupported-cryptosuite",
                    f"proof type/cryptosuite {named!r} is not supported; this library verifies "
                    "eddsa-rdfc-2022, eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019, "
                    "ecdsa-sd-2023 (derived proofs), eddsa-2022 and Ed25519Signature2020",
                    "cryptosuite" if "cryptosuite" in proof else "type",
                ),
            ),
        )
    read = _read_proof(proof, suite, problem)
    method_id, purpose = read.method_id, read.purpose
    if read.problems or method_id is None or purpose is None:
        return ProofResult(index, proof, tuple(read.problems), suite.name, None, None)
    problems = _option_problems(
        proof, purpose, expected_purpose, domain, challenge, now, skew, problem
    )
    signed = _signed_input(unsecured, proof, by_id, problem)
    if isinstance(signed, Problem):
        problems.append(signed)
        return ProofResult(index, proof, tuple(problems), suite.name, method_id, None)
    input_document, proof_config = signed

    # The key decides the hash (SHA-384 for P-384), so the method is resolved first; the
    # hashing problems are reported before a resolution failure all the same.
    method, unresolved = _resolve_method(resolver, method_id, problem)
    key_type = _key_type(method.public_key) if method is not None else None
    usable = key_type is not None and key_type in suite.key_types
    texts = _canonical_or_problem(
        suite,
        input_document,
        proof_config,
        loader,
        problems,
        problem.base,
        proof,
        key_type if usable else None,
    )
    if method is None:
        problems.extend(unresolved)
        return ProofResult(index, proof, tuple(problems), suite.name, method_id, None)
    key_problem = _key_problem(suite, key_type, method_id, read, problem)
    if key_problem is not None:
        problems.append(key_problem)
        texts = None
    problems.extend(_authorization_problems(method, method_id, purpose, expected_purpose, problem))
    if texts is not None and not _signature_holds(
        suite, method.public_key, key_type, read.signature, read.derived, texts
    ):
        problems.append(
            problem(
                "proof.signature-mismatch",
                "the signature does not match the document: it was changed after signing, "
                "or signed by another key",
                "proofValue",
                spec=_EDDSA_SPEC,
            )
        )
    return ProofResult(index, proof, tuple(problems), suite.name, method_id, method.controller)


@dataclass(frozen=True, slots=True)
class _ReadProof:
    """The members of a proof that verification reads, and what is wrong with their form."""

    problems: list[Problem]
    method_id: str | None
    purpose: str | None
    signature: bytes = b""
    derived: DerivedProof | None = None


def _read_proof(proof: Mapping[str, Any], suite: Cryptosuite, problem: _At) -> _ReadProof:
    """Read ``verificationMethod``, ``proofPurpose``, ``proofValue``, ``created`` and
    ``expires``, reporting each that is malformed."""
    problems: list[Problem] = []
    method_id = proof.get("verificationMethod")
    purpose = proof.get("proofPurpose")
    value = proof.get("proofValue")
    if not isinstance(method_id, str) or not method_id:
        problems.append(
            problem(
                "proof.malformed", "verificationMethod must be a URL string", "verificationMethod"
            )
        )
    if not isinstance(purpose, str):
        problems.append(problem("proof.malformed", "proofPurpose must be a string", "proofPurpose"))
    signature = b""
    derived: DerivedProof | None = None
    if not isinstance(value, str):
        problems.append(
            problem("proof.malformed", "proofValue must be a multibase string", "proofValue")
        )
    else:
        try:
            if suite.selective:
                derived = parse_derived_proof_value(value)
            else:
                if not value.startswith("z"):
                    raise ValueError("not base58btc multibase (it must start with 'z')")
                signature = multibase.decode_base58btc(value)
                _check_signature_size(suite, len(signature))
        except ValueError as exc:
            problems.append(problem("proof.malformed", f"proofValue: {exc}", "proofValue"))
    for name in ("created", "expires"):
        if name in proof:
            try:
                parse_datetime(proof[name])
            except (ValueError, TypeError) as exc:
                problems.append(problem("proof.malformed", f"{name}: {exc}", name))
    return _ReadProof(
        problems,
        method_id if isinstance(method_id, str) else None,
        purpose if isinstance(purpose, str) else None,
        signature,
        derived,
    )


def _option_problems(
    proof: Mapping[str, Any],
    purpose: str,
    expected_purpose: str,
    domain: str | None,
    challenge: str | None,
    now: datetime,
    skew: timedelta,
    problem: _At,
) -> list[Problem]:
    """What the proof's options say against this verification: its purpose, its validity
    (``expires``, ``created``), its ``domain`` and ``challenge``."""
    problems: list[Problem] = []
    if purpose != expected_purpose:
        problems.append(
            problem(
                "proof.purpose-mismatch",
                f"the proof's purpose is {purpose!r} but {expected_purpose!r} is required here",
                "proofPurpose",
            )
        )
    if "expires" in proof and parse_datetime(proof["expires"]) < shifted(now, skew, back=True):
        problems.append(
            problem("proof.expired", f"the proof expired at {proof['expires']}", "expires")
        )
    if "created" in proof and parse_datetime(proof["created"]) > shifted(now, skew):
        # `created` is informative (VC Data Integrity §2.1): a warning, the signature still counts
        problems.append(
            Problem(
                "proof.created-in-future",
                f"the proof says it was created at {proof['created']}, later than now "
                f"({format_datetime(now)}) by more than the allowed clock skew: the signer's "
                "clock is wrong or the date was set ahead, so do not rely on it as the signing "
                "time (check this verifier's clock too)",
                json_pointer((*problem.base, "created")),
                Severity.WARNING,
                _SPEC + "#proofs",
            )
        )
    if domain is not None:
        given = _as_list(proof.get("domain"))
        if domain not in given:
            problems.append(
                problem(
                    "proof.domain-mismatch",
                    f"the proof is bound to domain {given or None!r}, not the expected {domain!r}",
                    "domain",
                )
            )
    if challenge is not None and proof.get("challenge") != challenge:
        problems.append(
            problem(
                "proof.challenge-mismatch",
                "the proof's challenge does not match the one this verifier issued "
                "(a replayed or foreign presentation)",
                "challenge",
            )
        )
    return problems


def _signed_input(
    unsecured: Mapping[str, Any],
    proof: Mapping[str, Any],
    by_id: Mapping[Any, Any],
    problem: _At,
) -> tuple[dict[str, Any], dict[str, Any]] | Problem:
    """The document and the proof configuration the signature is over (a chained proof
    signs the proofs it names too; a proof with its own ``@context`` signs under it), or the
    problem that stops verification."""
    input_document = dict(unsecured)
    if "previousProof" in proof:
        wanted = _as_list(proof["previousProof"])
        if not all(isinstance(w, str) for w in wanted):
            return problem(
                "proof.malformed",
                "previousProof must be a proof id or a list of proof ids",
                "previousProof",
            )
        missing = [w for w in wanted if w not in by_id]
        if missing:
            return problem(
                "proof.previous-proof-missing",
                f"previousProof names {missing!r}, which are not in the proof set",
                "previousProof",
            )
        input_document["proof"] = [by_id[w] for w in wanted]

    proof_config = {k: v for k, v in proof.items() if k != "proofValue"}
    if "@context" in proof_config:
        declared = _as_list(proof_config["@context"])
        actual = _as_list(unsecured.get("@context"))
        if actual[: len(declared)] != declared:
            return problem(
                "proof.context-mismatch",
                "the proof's @context is not the beginning of the document's @context",
                "@context",
            )
        input_document["@context"] = proof_config["@context"]
    if "@context" in input_document:
        proof_config["@context"] = input_document["@context"]
    return input_document, proof_config


def _resolve_method(
    resolver: PublicKeyResolver, method_id: str, problem: _At
) -> tuple[ResolvedMethod | None, list[Problem]]:
    """The verification method, or why it could not be resolved."""
    try:
        return resolver.resolve(method_id), []
    except ResolutionError as exc:
        if exc.weak_key:  # found, and unusable whatever else a verifier learns: invalid
            return None, [
                problem(
                    "proof.weak-key",
                    f"{exc.message}; this proof proves nothing, since anyone can make it",
                    "verificationMethod",
                )
            ]
        return None, [
            problem(
                "proof.method-unresolvable",
                f"{exc.message}; a verifier needs the issuer's controller document listing "
                "this method (pass resolver=StaticResolver([controller_document]))",
                "verificationMethod",
            ),
            # why it could not be fetched, at the same place
            *(
                Problem(
                    found.code, found.message, json_pointer((*problem.base, "verificationMethod"))
                )
                for found in exc.problems
            ),
        ]


def _key_problem(
    suite: Cryptosuite,
    key_type: KeyType | None,
    method_id: str,
    read: _ReadProof,
    problem: _At,
) -> Problem | None:
    """Why the resolved key cannot have made this proof: a key type the suite does not take,
    or a signature of the wrong size for the key."""
    if key_type is None or key_type not in suite.key_types:
        kinds = " or ".join(k.value for k in suite.key_types)
        found = f"an {key_type.value} key" if key_type is not None else "a key of unknown type"
        return problem(
            "proof.key-type-mismatch",
            f"the proof's cryptosuite {suite.name} takes {kinds} keys, but "
            f"{method_id!r} is {found}: no signature of that key is a {suite.name} proof",
            "verificationMethod",
        )
    if read.derived is None and len(read.signature) != (size := suite.signature_size(key_type)):
        return problem(
            "proof.malformed",
            f"proofValue: a {key_type.value} signature is {size} bytes, not {len(read.signature)}",
            "proofValue",
        )
    return None


def _authorization_problems(
    method: ResolvedMethod,
    method_id: str,
    purpose: str,
    expected_purpose: str,
    problem: _At,
) -> list[Problem]:
    """Whether the method's controller authorises it for the proof's purpose."""
    if purpose != expected_purpose:
        return []  # already reported as a purpose mismatch
    controller = method.controller
    if not method.relationships:
        return [
            problem(
                "proof.controller-document-missing",
                f"{method_id!r} was resolved, but nothing says what its controller "
                f"{controller!r} authorises it for: supply the controller document (e.g. "
                "--controller) so the verifier can see it listed under "
                f"{purpose!r}",
                "verificationMethod",
            )
        ]
    if not method.is_authorized_for(purpose):
        return [
            problem(
                "proof.purpose-not-authorized",
                f"{method_id!r} is not listed under {purpose!r} by its controller "
                f"{controller!r}, so it may not make {purpose} proofs",
                "verificationMethod",
            )
        ]
    return []


def _signature_holds(
    suite: Cryptosuite,
    public_key: VerifyingKey,
    key_type: KeyType | None,
    signature: bytes,
    derived: DerivedProof | None,
    texts: tuple[str, str],
) -> bool:
    """Whether the proof's signature (or, for a derived proof, its signatures) hold."""
    if derived is not None:
        return verify_derived_proof(derived, *texts, public_key)
    return public_key.verify(signature, suite.hash_texts(*texts, key_type))


def _key_type(key: object) -> KeyType | None:
    """The type of a resolved public key; a key object without one is taken as Ed25519."""
    value = getattr(key, "key_type", KeyType.ED25519)
    if type(value) is KeyType:
        return value
    try:
        return KeyType(value)
    except ValueError:
        return None


#: Signature size -> key type, for the key types of each suite (by its ``key_hashes``).
_SIGNATURE_SIZES: dict[tuple[tuple[KeyType, str], ...], dict[int, KeyType]] = {}


def _check_signature_size(suite: Cryptosuite, size: int) -> None:
    """Refuse a signature no key of the suite makes (before the key is known)."""
    sizes = _SIGNATURE_SIZES.get(suite.key_hashes)
    if sizes is None:
        sizes = {suite.signature_size(k): k for k in suite.key_types}
        _SIGNATURE_SIZES[suite.key_hashes] = sizes
    if size in sizes:
        return
    if len(sizes) == 1:
        [(expected, key_type)] = sizes.items()
        article = "an" if key_type in (KeyType.ED25519, KeyType.RSA) else "a"
        raise ValueError(f"{article} {key_type.value} signature is {expected} bytes, not {size}")
    listed = " or ".join(f"{n} ({k.value})" for n, k in sorted(sizes.items()))
    raise ValueError(f"a {suite.name} signature is {listed} bytes, not {size}")


def _number_place(
    path: tuple[str | int, ...], base: tuple[str | int, ...], proof_has_context: bool
) -> tuple[str | int, ...]:
    """Where a number that JCS cannot write sits in the received document.

    ``path`` is as :meth:`Cryptosuite.hash_data` reports it: under ``"proof"`` and a member
    name for the proof configuration (whose ``@context`` is the document's unless the proof
    has its own), under ``"proof"`` and an index for a proof this one chains to.
    """
    if path[:1] != ("proof",) or len(path) < 2:
        return path
    if isinstance(path[1], int):
        return (*base, "previousProof")
    if path[1] == "@context" and not proof_has_context:
        return path[1:]
    return (*base, *path[1:])


def _canonical_or_problem(
    suite: Cryptosuite,
    document: Mapping[str, Any],
    proof_config: Mapping[str, Any],
    loader: OfflineLoader | None,
    problems: list[Problem],
    base: tuple[str | int, ...],
    proof: Mapping[str, Any],
    key_type: KeyType | None,
) -> tuple[str, str] | None:
    try:
        return suite.canonical_texts(document, proof_config, loader, key_type)
    except ProofTermsUndefined as exc:
        code = "proof.safe-mode"
        message = (
            f"the document's @context does not define this proof's terms, so it cannot be "
            f"checked as signed; the issuer had to include {exc.context}"
        )
    except (ContextNotFoundError, ContextIntegrityError) as exc:
        code, message = "proof.context-unavailable", str(exc)
    except SafeModeError as exc:
        code = "proof.safe-mode"
        message = (
            "the signed data would silently drop content, so the proof cannot vouch for it: "
            + "; ".join(p.describe() for p in exc.problems)
        )
    except CanonicalizationLimitError as exc:
        code, message = "proof.canonicalization-limit", str(exc)
    except JsonLdError as exc:
        code, message = "proof.jsonld-invalid", str(exc)
    except InexactNumberError as exc:
        path = _number_place(exc.path, base, "@context" in proof)
        message = (
            f"{exc.reason}; the proof cannot vouch for the number as written (the issuer must "
            "write it as a JSON string and sign again)"
        )
        problems.append(Problem("proof.inexact-number", message, json_pointer(path), spec=_JCS))
        return None
    except RecursionError:
        code = "proof.malformed"
        message = "the document is nested too deeply to be canonicalized"
    except (ValueError, TypeError) as exc:  # JCS: values that are not JSON
        code, message = "proof.malformed", f"the document cannot be canonicalized: {exc}"
    problems.append(Problem(code, message, json_pointer(base), spec=_EDDSA_SPEC))
    return None
