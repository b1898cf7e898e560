"""The recipes: issue, sign, verify, present — the only place that picks defaults.

Each recipe composes building blocks (:mod:`~microcredential.integrity`,
:mod:`~microcredential.verification`, :mod:`~microcredential.presentation`,
:mod:`~microcredential.status`) with safe defaults: offline JSON-LD loading, did:key
and did:jwk resolution only, the recommended cryptosuite of the signing key
(``eddsa-rdfc-2022`` for Ed25519, ``ecdsa-rdfc-2019`` for P-256 and P-384), a 300-second
clock skew.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Final, Literal, cast, overload

from pydantic import BaseModel

from ._time import DEFAULT_MAX_CLOCK_SKEW, resolve_now
from .constants import VC_V1_CONTEXT, VC_V2_CONTEXT
from .errors import InvalidDocumentError
from .fetch import Fetcher, HttpsFetcher
from .integrity import PublicKeyResolver, add_proof_unchecked
from .integrity._binding import check_signer_binding
from .jsonld import UNDECIDED_CODES, OfflineLoader, compaction_problems
from .jwt import (
    DEFAULT_TYP,
    PRESENTATION_TYP,
    JwtSigner,
    encode_jwt_credential,
    encode_jwt_presentation,
)
from .keys import Signer
from .models import Model, parse_presentation
from .presentation import PresentationResult, build_presentation, check_presentation
from .problems import Problem, Severity
from .quality.builder import build_credential, email_identity
from .quality.profile import EmailRecipient, HashedRecipient
from .resolve import (
    ChainResolver,
    DidWebResolver,
    HttpsControllerResolver,
    Resolver,
)
from .schema import document_problems
from .status import IssuerStatusList, StaticStatusListFetcher
from .verification import (
    StatusListCache,
    VerificationResult,
    check_credential,
    credential_problems,
)

__all__ = [
    "Verifier",
    "hashed_email",
    "issue",
    "present",
    "sign",
    "sign_jwt",
    "status_list_credential",
    "verify",
    "verify_presentation",
]

#: How a credential is secured: an embedded Data Integrity proof, or a VC-JWT.
Format = Literal["data-integrity", "jwt"]
FORMATS: Final = ("data-integrity", "jwt")

StatusArgument = Fetcher | Iterable[Mapping[str, Any]] | None


def _as_json(document: Mapping[str, Any] | BaseModel, what: str) -> dict[str, Any]:
    if isinstance(document, Model):
        return dict(document.to_json())
    if isinstance(document, BaseModel):
        return dict(document.model_dump(mode="json", by_alias=True, exclude_unset=True))
    if isinstance(document, Mapping):
        return dict(document)
    raise TypeError(f"{what} must be a mapping or a model, not {type(document).__name__}")


def _vc_kind(data: Mapping[str, Any]) -> str | None:
    """``"presentation"``, ``"credential"`` or None: what the VC data model says ``data`` is."""
    raw_type = data.get("type")
    names = [raw_type] if isinstance(raw_type, str) else raw_type
    names = [n for n in names if isinstance(n, str)] if isinstance(names, list) else []
    context = data.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    if "VerifiablePresentation" in names:
        return "presentation"
    if (
        "VerifiableCredential" in names
        or "credentialSubject" in data
        or first in (VC_V2_CONTEXT, VC_V1_CONTEXT)
    ):
        return "credential"
    return None


def _model_problems(data: Mapping[str, Any]) -> list[Problem]:
    """What the data model of ``data`` forbids, if it is a credential or a presentation."""
    kind = _vc_kind(data)
    if kind == "presentation":
        try:
            parse_presentation(data)
        except InvalidDocumentError as exc:
            # the credentials inside keep their own proofs: only the presentation is judged
            return [p for p in exc.problems if not p.path.startswith("/verifiableCredential/")]
        return []
    if kind == "credential":
        return credential_problems(data)
    return []


def _check_form(document: Mapping[str, Any], loader: OfflineLoader | None) -> None:
    """Refuse to sign what verification would refuse to read: a credential or presentation
    that is not in the compacted form its contexts define (a context that is not available
    is left to the cryptosuite, which needs it or not)."""
    if _vc_kind(document) is None:
        return
    found = [
        p for p in compaction_problems(document, loader=loader) if p.code not in UNDECIDED_CODES
    ]
    if found:
        raise InvalidDocumentError.from_problems(found, source="document to sign")


def sign(
    document: Mapping[str, Any] | BaseModel,
    key: Signer,
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
    add_context: bool = True,
    check_model: bool = True,
) -> dict[str, Any]:
    """Return a signed copy of ``document`` (a dict, or a model dumped to its JSON).

    The input is never modified.  An ``assertionMethod`` proof on a document with an
    ``issuer`` (or an ``authentication`` proof on one with a ``holder``) is refused with
    :class:`~microcredential.SigningError` when the key's controller is not that party:
    verifiers would reject the binding.

    A credential (a document whose ``type`` includes ``VerifiableCredential``, or that has a
    ``credentialSubject`` or starts with a VC context) is refused with
    :class:`~microcredential.InvalidDocumentError` when its data model forbids it: the Open
    Badges model for a badge, the VC Data Model (2.0 or 1.1) for any other credential (see
    :func:`~microcredential.verification.credential_problems`).  A presentation is held to
    the presentation model.  A credential or presentation that is not in the compacted form
    its contexts define is refused the same way, whatever the cryptosuite: :func:`verify`
    would refuse to read it (:func:`~microcredential.jsonld.compaction_problems`).
    ``check_model=False`` signs such documents anyway: for experts who produce test data or
    sign something else on purpose.

    When the document's ``@context`` does not define the proof's terms (a VC 1.1 credential
    citing only ``https://www.w3.org/2018/credentials/v1``), the signed copy gets
    ``https://w3id.org/security/data-integrity/v2`` appended to its ``@context``, as VC Data
    Integrity recommends; ``add_context=False`` refuses such a document instead.

    ``cryptosuite`` defaults to the recommended suite of the key's type:
    :data:`~microcredential.constants.DEFAULT_CRYPTOSUITE` (``eddsa-rdfc-2022``) for Ed25519,
    ``ecdsa-rdfc-2019`` for P-256 and P-384.  An RSA key makes no Data Integrity proof
    (:class:`~microcredential.SigningError`).
    """
    data = _as_json(document, "document")
    if check_model:
        problems = [p for p in _model_problems(data) if p.severity is Severity.ERROR]
        if problems:
            raise InvalidDocumentError.from_problems(problems, source="document to sign")
    check_signer_binding(data, key, proof_purpose)
    if check_model:
        _check_form(data, loader)
    return add_proof_unchecked(
        data,
        key,
        cryptosuite=cryptosuite,
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


def sign_jwt(
    credential: Mapping[str, Any] | BaseModel,
    key: JwtSigner,
    *,
    typ: str = DEFAULT_TYP,
    kid: str | None = None,
    include_jwk: bool = False,
    issued_at: datetime | str | None = None,
    check_model: bool = True,
) -> str:
    """Sign ``credential`` as a compact VC-JWT (Open Badges 3.0 §8.2, VC-JOSE-COSE).

    The algorithm is the key's (``EdDSA`` for an Ed25519 key; ``RS256``, ``ES256`` and
    ``ES384`` for RSA, P-256 and P-384 keys); the header names the key's verification method
    as ``kid``, so verifiers can tie the token to the issuer.  The registered claims ``iss``,
    ``jti``, ``sub``, ``nbf``, ``exp`` repeat the credential's issuer, id, subject id and
    validity period; ``iat`` (``issued_at``) is the signing time, now by default.  ``typ`` is
    ``"JWT"``, as Open Badges 3.0 asks; VC-JOSE-COSE verifiers expect ``typ="vc+jwt"``.

    As :func:`sign`, the credential is refused when its issuer is not the key's controller
    (:class:`~microcredential.SigningError`) or its data model forbids it
    (:class:`~microcredential.InvalidDocumentError`, unless ``check_model=False``).  The
    input is never modified.  Verify the token with :func:`verify`.
    """
    data = _as_json(credential, "credential")
    if check_model:
        problems = [p for p in _model_problems(data) if p.severity is Severity.ERROR]
        if problems:
            raise InvalidDocumentError.from_problems(problems, source="credential to sign")
    check_signer_binding(data, key)
    return encode_jwt_credential(
        data, key, typ=typ, kid=kid, include_jwk=include_jwk, issued_at=issued_at
    )


def hashed_email(email: str, salt: str | None = None) -> dict[str, Any]:
    """An Open Badges 3.0 ``IdentityObject`` holding a salted SHA-256 hash of ``email``.

    ``identityHash`` is ``"sha256$"`` followed by the lower-case hex SHA-256 digest of the
    UTF-8 bytes of the address and ``salt`` (the specification's ``IdentityHash``).  The
    address is hashed in the form every issuing path of the library uses
    (:func:`~microcredential.quality.normalise_email`: trimmed, in lower case), so the
    recipient may later give it in any case.  ``salt`` defaults to 32 random hex characters.

    >>> hashed_email("a@example.com", "Kosher")["identityHash"]
    'sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399'
    >>> hashed_email(" A@Example.com", "Kosher") == hashed_email("a@example.com", "Kosher")
    True
    """
    return email_identity(email, salt)


def recipient_identifier(text: str) -> str | dict[str, Any]:
    """The credential subject's identifier for a recipient given as text.

    A DID or URL is the subject's ``id`` as given; an e-mail address, bare or as a ``mailto:``
    URL, becomes a salted hash (:func:`hashed_email`): an address is never written in clear
    text.  Anything else is a :class:`ValueError` saying what to give.

    >>> recipient_identifier("did:example:learner")
    'did:example:learner'
    >>> recipient_identifier("mailto:Jan@example.nl")["identityType"]
    'emailAddress'
    """
    text = text.strip()
    address: str | None = None
    if text[:7].lower() == "mailto:":
        address = text[7:]
    elif "@" in text and ":" not in text:
        address = text
    if address is not None:
        if "@" not in address:
            raise ValueError(f"recipient {text!r} is not an e-mail address")
        return hashed_email(address)
    if ":" not in text:
        raise ValueError(
            f"recipient {text!r} is not a DID, a URL or an e-mail address: give one of those, "
            "or an IdentityObject"
        )
    return text


def _profile(issuer: str | Mapping[str, Any] | BaseModel | None, key: Signer) -> dict[str, Any]:
    if issuer is None:
        controller = getattr(key, "controller", None)
        if not isinstance(controller, str):
            raise TypeError("pass issuer= when the key has no controller")
        return {"id": controller, "type": ["Profile"]}
    if isinstance(issuer, str):
        return {"id": issuer, "type": ["Profile"]}
    return _as_json(issuer, "issuer")


@overload
def issue(
    achievement: Mapping[str, Any] | BaseModel,
    *,
    recipient: str | Mapping[str, Any] | BaseModel | EmailRecipient | HashedRecipient,
    key: Signer,
    issuer: str | Mapping[str, Any] | BaseModel | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    credential_id: str | None = None,
    name: str | None = None,
    learner_name: str | None = None,
    grade: str | None = None,
    status: IssuerStatusList | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Literal["data-integrity"] = "data-integrity",
    typ: str = DEFAULT_TYP,
) -> dict[str, Any]: ...


@overload
def issue(
    achievement: Mapping[str, Any] | BaseModel,
    *,
    recipient: str | Mapping[str, Any] | BaseModel | EmailRecipient | HashedRecipient,
    key: Signer,
    issuer: str | Mapping[str, Any] | BaseModel | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    credential_id: str | None = None,
    name: str | None = None,
    learner_name: str | None = None,
    grade: str | None = None,
    status: IssuerStatusList | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Literal["jwt"],
    typ: str = DEFAULT_TYP,
) -> str: ...


def issue(
    achievement: Mapping[str, Any] | BaseModel,
    *,
    recipient: str | Mapping[str, Any] | BaseModel | EmailRecipient | HashedRecipient,
    key: Signer,
    issuer: str | Mapping[str, Any] | BaseModel | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    credential_id: str | None = None,
    name: str | None = None,
    learner_name: str | None = None,
    grade: str | None = None,
    status: IssuerStatusList | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Format = "data-integrity",
    typ: str = DEFAULT_TYP,
) -> dict[str, Any] | str:
    """Issue a signed ``OpenBadgeCredential`` (VC 2.0 + Open Badges 3.0.3) for ``recipient``.

    * ``recipient`` is the subject's id (a DID or URL), an ``IdentityObject`` such as
      :func:`hashed_email` returns, or a :class:`~microcredential.quality.EmailRecipient` or
      :class:`~microcredential.quality.HashedRecipient` (an identity already hashed).
    * ``issuer`` is a Profile (dict or model) or an id; by default the key's controller.
      Its id must be the key's controller, else :class:`~microcredential.SigningError`.
    * ``valid_from`` defaults to now (UTC, whole seconds); ``credential_id`` to a fresh
      ``urn:uuid:``; ``name`` to the achievement's name.
    * ``learner_name`` adds the learner's name as a plain-text ``IdentityObject``;
      ``grade`` a ``result`` under the achievement's grading scheme (``resultDescription``),
      checked against it: :class:`ValueError` when the achievement has none or the grade
      does not fit (outside ``valueMin``..``valueMax``, below ``requiredValue``, not an
      ``allowedValue``). A decimal comma is written as a point.
    * ``status``: an :class:`~microcredential.status.IssuerStatusList`; an index is
      allocated in it (the list object is updated: save it) and the entry added as
      ``credentialStatus``.

    * ``format``: ``"data-integrity"`` (default) embeds a proof made with ``cryptosuite``;
      ``"jwt"`` returns a compact VC-JWT (:func:`sign_jwt`: ``created`` is then its ``iat``,
      ``typ`` its header's ``typ``).

    The credential is built by :func:`~microcredential.quality.build_credential` (so an
    Edubadges achievement brings the Edubadges context), then checked against the data model
    and schema before it is signed (:class:`~microcredential.InvalidDocumentError` lists what
    to fix).
    """
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if isinstance(recipient, str):
        recipient = recipient_identifier(recipient)
    credential = build_credential(
        _as_json(achievement, "achievement"),
        recipient=recipient
        if isinstance(recipient, str | EmailRecipient | HashedRecipient)
        else _as_json(recipient, "recipient"),
        issuer=_profile(issuer, key),
        valid_from=valid_from if valid_from is not None else resolve_now(None),
        valid_until=valid_until,
        id=credential_id,
        name=name,
        learner_name=learner_name,
        grade=grade,
    )
    check_signer_binding(credential, key)
    problems = document_problems(credential, kind="credential")
    if problems:
        raise InvalidDocumentError.from_problems(problems, source="issued credential")
    if format == "jwt" and not isinstance(key, JwtSigner):
        raise TypeError("format='jwt' needs a key that can be read as a JWK (Ed25519Key)")
    if status is not None:
        credential["credentialStatus"] = status.entry(status.allocate())
    if format == "jwt" and isinstance(key, JwtSigner):
        return sign_jwt(credential, key, typ=typ, issued_at=created)
    return sign(credential, key, cryptosuite=cryptosuite, created=created, loader=loader)


@overload
def status_list_credential(
    issuer_list: IssuerStatusList,
    key: Signer,
    *,
    issuer: str | Mapping[str, Any] | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    ttl: int | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Literal["data-integrity"] = "data-integrity",
    typ: str = DEFAULT_TYP,
) -> dict[str, Any]: ...


@overload
def status_list_credential(
    issuer_list: IssuerStatusList,
    key: Signer,
    *,
    issuer: str | Mapping[str, Any] | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    ttl: int | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Literal["jwt"],
    typ: str = DEFAULT_TYP,
) -> str: ...


def status_list_credential(
    issuer_list: IssuerStatusList,
    key: Signer,
    *,
    issuer: str | Mapping[str, Any] | None = None,
    valid_from: datetime | str | None = None,
    valid_until: datetime | str | None = None,
    ttl: int | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Format = "data-integrity",
    typ: str = DEFAULT_TYP,
) -> dict[str, Any] | str:
    """The signed ``BitstringStatusListCredential`` for the list's current state.

    Publish it at ``issuer_list.list_id`` after every change.  ``issuer`` defaults to the
    key's controller and must be the issuer of the credentials that point at the list;
    ``valid_from`` defaults to now.

    ``format="jwt"`` secures the list as a VC-JWT instead of with an embedded proof (what an
    RSA key can sign): a compact token whose payload is the list credential, to be served
    as ``application/vc+jwt``; ``created`` is then its ``iat``.  A list and the credentials
    that point at it need not be secured the same way.
    """
    if issuer is None:
        controller = getattr(key, "controller", None)
        if not isinstance(controller, str):
            raise TypeError("pass issuer= when the key has no controller")
        issuer = controller
    unsigned = issuer_list.credential(
        issuer=issuer,
        valid_from=valid_from if valid_from is not None else resolve_now(None),
        valid_until=valid_until,
        ttl=ttl,
    )
    if format == "jwt":
        if not isinstance(key, JwtSigner):
            raise TypeError("format='jwt' needs a key that can be read as a JWK")
        return sign_jwt(unsigned, key, typ=typ, issued_at=created)
    if format != "data-integrity":
        raise ValueError(f"format must be 'data-integrity' or 'jwt', not {format!r}")
    return sign(unsigned, key, cryptosuite=cryptosuite, created=created, loader=loader)


def _fetcher(status: StatusArgument) -> Fetcher | None:
    if status is None or isinstance(status, Fetcher):
        return status
    if isinstance(status, Mapping | str | bytes):
        raise TypeError("status must be a Fetcher or a list of status list credentials")
    return StaticStatusListFetcher(list(status))


def _resolver(resolver: PublicKeyResolver | None) -> PublicKeyResolver:
    return resolver if resolver is not None else ChainResolver()


#: ``online=``: False (nothing is fetched), True (a default :class:`HttpsFetcher`), or the
#: fetcher to use.
OnlineArgument = bool | Fetcher


def _sources(
    resolver: PublicKeyResolver | None, status: StatusArgument, online: OnlineArgument
) -> tuple[PublicKeyResolver, Fetcher | None]:
    """The key resolver and status list fetcher: the caller's, and with ``online`` the
    network after them (did:web and https keys; status lists when none were given)."""
    if online is False:
        return _resolver(resolver), _fetcher(status)
    if online is True:
        network: Fetcher = HttpsFetcher()
    elif isinstance(online, Fetcher) and not isinstance(online, bool):
        network = online
    else:
        raise TypeError("online must be True, False or a Fetcher")
    given = () if resolver is None else (cast(Resolver, resolver),)  # resolves what it says
    keys = ChainResolver(*given, DidWebResolver(network), HttpsControllerResolver(network))
    lists = _fetcher(status)
    return keys, lists if lists is not None else network


def verify(
    document: Mapping[str, Any] | str,
    *,
    resolver: PublicKeyResolver | None = None,
    status: StatusArgument = None,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
    loader: OfflineLoader | None = None,
    schema: bool = True,
    cosigners: bool = True,
    online: OnlineArgument = False,
) -> VerificationResult:
    """Verify a credential completely; returns a :class:`VerificationResult`.

    ``document`` is a credential with embedded proofs (a mapping) or a compact VC-JWT (a
    string): the checks are the same, with ``jwt`` in place of ``proof``.  An Open Badges
    credential is judged by the Open Badges rules, any other Verifiable
    Credential by the VC Data Model's; ``result.profile`` says which.

    * ``resolver``: how verification methods are found (default: did:key and did:jwk, offline).  For
      an issuer identified by an https URL pass
      ``ChainResolver(StaticResolver([controller_document]))``.
    * ``status``: a :class:`~microcredential.fetch.Fetcher`, or the status list
      credentials themselves.  Without it a credential with ``credentialStatus`` is
      ``indeterminate``: whether it was revoked cannot be known.
    * ``online``: ``True`` fetches what is missing over https (an
      :class:`~microcredential.fetch.HttpsFetcher` with safe defaults; needs the ``online``
      extra): the did:web or https issuer's controller document, when ``resolver`` does not
      resolve the key, and the status lists, when ``status`` is not given.  Pass a
      :class:`~microcredential.fetch.Fetcher` instead of ``True`` to choose its settings (CA
      bundle, private hosts, cache folder).  Contexts are never fetched.  Default: nothing
      is fetched.
    * ``now`` / ``max_clock_skew``: the moment to verify at (default: the current time) and
      the tolerance for the issuer's and verifier's clocks (default 300 s).
    * ``cosigners``: whether proofs by other signers may sit beside (or chain after) a
      verified proof by the issuer (default: yes, each reported as
      ``credential.other-signer``); ``False`` requires every proof to be the issuer's.
    """
    return Verifier(
        resolver=resolver,
        status=status,
        now=now,
        max_clock_skew=max_clock_skew,
        loader=loader,
        schema=schema,
        cosigners=cosigners,
        online=online,
    ).verify(document)


class Verifier:
    """Verifies many credentials with the same settings: a register, a folder, a stream.

    The arguments are those of :func:`verify`, fixed once.  Each :meth:`verify` call gives
    the same result as :func:`verify` would, but work that does not depend on the credential
    is done once: a status list credential that many credentials point at has its proof and
    issuer checked once per distinct content and moment, not once per credential.  (A list
    whose content changes, say after a revocation, is a new list: its verdict is not reused.)
    The resolver is part of the fixed settings: after the issuer's keys change, make a new
    ``Verifier``.  With ``online``, one fetcher (and its cache) serves every credential: each
    controller document and status list is fetched once while it is fresh.  One ``Verifier``
    may be used from several threads.
    ::

        verifier = Verifier(status=[list_credential], resolver=resolver)
        results = [verifier.verify(credential) for credential in credentials]
    """

    __slots__ = (
        "_cosigners",
        "_fetcher",
        "_list_cache",
        "_loader",
        "_now",
        "_resolver",
        "_schema",
        "_skew",
    )

    def __init__(
        self,
        *,
        resolver: PublicKeyResolver | None = None,
        status: StatusArgument = None,
        now: datetime | str | None = None,
        max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
        loader: OfflineLoader | None = None,
        schema: bool = True,
        cosigners: bool = True,
        online: OnlineArgument = False,
    ) -> None:
        if not isinstance(max_clock_skew, timedelta):
            raise TypeError("max_clock_skew must be a datetime.timedelta")
        self._resolver, self._fetcher = _sources(resolver, status, online)
        self._now = None if now is None else resolve_now(now)
        self._skew = max_clock_skew
        self._loader = loader
        self._schema = schema
        self._cosigners = cosigners
        self._list_cache = StatusListCache()

    def __repr__(self) -> str:
        return f"Verifier(resolver={self._resolver!r}, status={self._fetcher!r}, now={self._now})"

    def verify(self, document: Mapping[str, Any] | str) -> VerificationResult:
        """Verify one credential (a mapping, or a compact VC-JWT string); see :func:`verify`."""
        return check_credential(
            document,
            resolver=self._resolver,
            status_fetcher=self._fetcher,
            now=self._now,
            max_clock_skew=self._skew,
            loader=self._loader,
            schema=self._schema,
            cosigners=self._cosigners,
            status_cache=self._list_cache,
        )


@overload
def present(
    credentials: Sequence[Mapping[str, Any] | str] | Mapping[str, Any] | str,
    *,
    holder_key: Signer,
    challenge: str,
    domain: str,
    holder: str | None = None,
    presentation_id: str | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    expires: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Literal["data-integrity"] = "data-integrity",
    typ: str = PRESENTATION_TYP,
) -> dict[str, Any]: ...


@overload
def present(
    credentials: Sequence[Mapping[str, Any] | str] | Mapping[str, Any] | str,
    *,
    holder_key: Signer,
    challenge: str,
    domain: str,
    holder: str | None = None,
    presentation_id: str | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    expires: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Literal["jwt"],
    typ: str = PRESENTATION_TYP,
) -> str: ...


def present(
    credentials: Sequence[Mapping[str, Any] | str] | Mapping[str, Any] | str,
    *,
    holder_key: Signer,
    challenge: str,
    domain: str,
    holder: str | None = None,
    presentation_id: str | None = None,
    cryptosuite: str | None = None,
    created: datetime | str | None = None,
    expires: datetime | str | None = None,
    loader: OfflineLoader | None = None,
    format: Format = "data-integrity",
    typ: str = PRESENTATION_TYP,
) -> dict[str, Any] | str:
    """Bundle ``credentials`` in a Verifiable Presentation signed by the holder.

    A credential is a mapping (with its embedded proof) or a compact VC-JWT (a string),
    which goes in the presentation as an ``EnvelopedVerifiableCredential``
    (:func:`~microcredential.presentation.envelop_credential`).  ``holder`` defaults to the
    key's controller, and must be it.

    * ``format="data-integrity"`` (default): a proof with purpose ``authentication`` that
      carries the verifier's ``challenge`` and ``domain``, made with ``cryptosuite`` (the
      key's recommended one by default); ``created`` and ``expires`` are the proof's.
    * ``format="jwt"``: the presentation secured as a compact ``vp+jwt`` (VC-JOSE-COSE),
      with ``challenge`` as its ``nonce`` and ``domain`` as its ``aud``; ``created`` is its
      ``iat``, ``expires`` its ``exp``, ``typ`` its header's ``typ``.  Any key that signs
      VC-JWTs can sign it: Ed25519, P-256, P-384, RSA.

    Either way the presentation cannot be replayed to another verifier, or for another
    challenge.  Verify it with :func:`verify_presentation`.
    """
    if not isinstance(challenge, str) or not challenge:
        raise ValueError("challenge must be a non-empty string (the verifier's nonce)")
    if not isinstance(domain, str) or not domain:
        raise ValueError("domain must be a non-empty string (the verifier's domain)")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if holder is None:
        controller = getattr(holder_key, "controller", None)
        if not isinstance(controller, str):
            raise TypeError("pass holder= when the key has no controller")
        holder = controller
    items = [credentials] if isinstance(credentials, Mapping | str) else list(credentials)
    unsigned = build_presentation(items, holder=holder, presentation_id=presentation_id)
    if format == "jwt":
        if not isinstance(holder_key, JwtSigner):
            raise TypeError("format='jwt' needs a key that can be read as a JWK")
        if cryptosuite is not None:
            raise ValueError("cryptosuite is for format='data-integrity'; a vp+jwt has none")
        problems = [p for p in _model_problems(unsigned) if p.severity is Severity.ERROR]
        if problems:
            raise InvalidDocumentError.from_problems(problems, source="presentation to sign")
        check_signer_binding(unsigned, holder_key, "authentication")
        _check_form(unsigned, loader)  # what verify_presentation would refuse to read
        return encode_jwt_presentation(
            unsigned,
            holder_key,
            challenge=challenge,
            domain=domain,
            typ=typ,
            issued_at=created,
            expires=expires,
        )
    return sign(
        unsigned,
        holder_key,
        cryptosuite=cryptosuite,
        created=created,
        expires=expires,
        proof_purpose="authentication",
        challenge=challenge,
        domain=domain,
        loader=loader,
    )


def verify_presentation(
    presentation: Mapping[str, Any] | str,
    *,
    challenge: str,
    domain: str,
    resolver: PublicKeyResolver | None = None,
    status: StatusArgument = None,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = DEFAULT_MAX_CLOCK_SKEW,
    loader: OfflineLoader | None = None,
    schema: bool = True,
    online: OnlineArgument = False,
) -> PresentationResult:
    """Verify a presentation: the holder's proof, challenge, domain, then each credential.

    ``presentation`` has an embedded proof (a mapping), or is secured as a JWT: the compact
    ``vp+jwt`` token (a string) :func:`present` makes with ``format="jwt"``, or an
    ``EnvelopedVerifiablePresentation`` holding it; its ``nonce`` must be ``challenge`` and
    its ``aud`` name ``domain``.  The options are those of :func:`verify` (``online``
    included)."""
    keys, lists = _sources(resolver, status, online)
    return check_presentation(
        presentation,
        challenge=challenge,
        domain=domain,
        resolver=keys,
        status_fetcher=lists,
        now=now,
        max_clock_skew=max_clock_skew,
        loader=loader,
        schema=schema,
    )
