"""VC-JWT: credentials secured as a compact JWS (Open Badges 3.0 §8.2, VC-JOSE-COSE).

Building blocks; the recipes :func:`microcredential.sign_jwt`, :func:`microcredential.issue`
(``format="jwt"``) and :func:`microcredential.verify` choose the defaults.

A VC-JWT is a JSON Web Signature (RFC 7515) in compact form whose payload carries the
credential:

* **VC 2.0** (VC-JOSE-COSE, ``application/vc+jwt``; Open Badges 3.0): the payload *is* the
  credential, with the JWT registered claims beside its members;
* **VC 1.1**: the credential sits in the payload's ``vc`` claim.  Tokens of this form are read;
  a VC 1.1 credential is also written in this form.

The registered claims repeat what the credential says, and must agree with it:

=========  =================================================================================
claim      the credential's
=========  =================================================================================
``iss``    ``issuer`` (or ``issuer.id``)
``jti``    ``id``
``sub``    ``credentialSubject.id``
``nbf``    ``validFrom`` (VC 1.1: ``issuanceDate``), in whole seconds
``exp``    ``validUntil`` (VC 1.1: ``expirationDate``), in whole seconds
``iat``    when the token was signed (not a member of the credential)
=========  =================================================================================

**The algorithm comes from the key.**  The header's ``kid`` is resolved (a verification
method the issuer publishes) or, without one, the header's ``jwk`` is read; the key's type
gives the one algorithm it may be used with (Ed25519: ``EdDSA``; RSA of 2048 bits or more:
``RS256``; P-256: ``ES256``; P-384: ``ES384``), and the header's ``alg`` must name that
algorithm.  ``alg: none``, a symmetric algorithm (``HS256``: a token "signed" with the
public key as the secret) and any algorithm the key cannot make are refused, each with its
own problem code, before a signature is checked.  JWS processing (parsing, signing and
signature checks) is done by the ``joserfc`` library, always with an allow-list of exactly
that one algorithm.

**Issuer binding.**  A key named by ``kid`` is bound to whoever controls the verification
method it resolves to; a key carried only in the header's ``jwk`` is bound to nobody (anyone
can put a key there), so the issuer binding of such a token is *indeterminate*, never passed.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Protocol, runtime_checkable

from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey, RSAKey
from joserfc.jws import JWSRegistry

from ._json import DEFAULT_MAX_BYTES, load_json, node_id
from ._time import format_datetime, parse_datetime, resolve_now, shifted
from .constants import VC_V1_CONTEXT
from .errors import InvalidDocumentError, InvalidKeyError, ResolutionError, SigningError
from .keys import (
    EcdsaVerificationKey,
    Ed25519VerificationKey,
    PublicKey,
    RsaVerificationKey,
    Signer,
    public_key_from_jwk,
)
from .multibase import b64url_decode, b64url_encode, is_compact_jws
from .problems import Problem, Severity, quote
from .results import VerificationStatus

__all__ = [
    "ACCEPTED_TYPES",
    "DEFAULT_TYP",
    "JWT_ALGORITHMS",
    "PRESENTATION_TYP",
    "PRESENTATION_TYPES",
    "JwtCredential",
    "JwtPresentation",
    "JwtSigner",
    "JwtVerification",
    "KeySource",
    "algorithm_for_jwk",
    "algorithms_for_key",
    "decode_jwt_credential",
    "decode_jwt_presentation",
    "encode_jwt_credential",
    "encode_jwt_presentation",
    "is_compact_jws",
    "public_key",
    "verify_compact",
    "verify_jwt",
    "verify_jwt_presentation",
]

_OB_JWT: Final = "https://www.imsglobal.org/spec/ob/v3p0/#jwt-proof"
_JOSE: Final = "https://www.w3.org/TR/vc-jose-cose/#securing-with-jose"
_RFC7515: Final = "https://www.rfc-editor.org/rfc/rfc7515"
_RFC7519: Final = "https://www.rfc-editor.org/rfc/rfc7519"

#: The algorithms this library signs and verifies VC-JWTs with, one per key type.
JWT_ALGORITHMS: Final = ("RS256", "ES256", "ES384", "EdDSA")
#: The ``typ`` new tokens carry unless told otherwise: Open Badges 3.0 §8.2 allows only
#: ``JWT``; VC-JOSE-COSE recommends ``vc+jwt`` (pass ``typ="vc+jwt"`` for such verifiers).
DEFAULT_TYP: Final = "JWT"
#: ``typ`` values read as a credential (compared without case, with or without
#: ``application/``): Open Badges' ``JWT``, VC-JOSE-COSE's ``vc+jwt`` and its drafts' names.
ACCEPTED_TYPES: Final = frozenset({"jwt", "vc+jwt", "vc+ld+json+jwt", "vc-ld+jwt"})
#: The ``typ`` of a presentation secured as a JWT (VC-JOSE-COSE ``application/vp+jwt``).
PRESENTATION_TYP: Final = "vp+jwt"
#: ``typ`` values read as a presentation: ``vp+jwt``, its drafts' names, and the ``JWT`` of
#: VC Data Model 1.1 tokens; a credential's ``vc+jwt`` is not one of them.
PRESENTATION_TYPES: Final = frozenset({"jwt", "vp+jwt", "vp+ld+json+jwt", "vp-ld+jwt"})
#: The JWT registered claims (RFC 7519 §4.1); they are not members of the credential.
_REGISTERED: Final = ("iss", "sub", "aud", "exp", "nbf", "iat", "jti")
#: The claims a presentation token carries beside the presentation (and the VC 1.1 claims
#: that would hold a credential or presentation), so never members of the presentation.
_PRESENTATION_CLAIMS: Final = (*_REGISTERED, "nonce", "vc", "vp")
_SYMMETRIC: Final = frozenset({"HS256", "HS384", "HS512"})
#: The code of a registered claim that disagrees with the credential: one per claim, since
#: each says something else went wrong (another issuer, another subject, another credential,
#: another validity period).
_MISMATCH: Final = {
    "iss": "jwt.iss-mismatch",
    "sub": "jwt.sub-mismatch",
    "jti": "jwt.jti-mismatch",
    "nbf": "jwt.nbf-mismatch",
    "exp": "jwt.exp-mismatch",
}


class _Registry(JWSRegistry):
    """joserfc's registry with this library's limits and no algorithm of its own choosing.

    ``get_alg`` gives only an algorithm in the allow-list it is built with (always exactly
    one, taken from the key), never a default set.  joserfc warns that ``EdDSA`` is
    superseded by ``Ed25519`` (RFC 9864); it is still the name Open Badges verifiers read,
    and it is chosen deliberately here, so no warning is raised.
    """

    max_header_length = 16 * 1024
    max_payload_length = DEFAULT_MAX_BYTES
    max_signature_length = 2048

    def get_alg(self, name: str) -> Any:
        if not self.allowed or name not in self.allowed or name not in self.algorithms:
            raise JoseError(f"algorithm {name!r} is not the one allowed here")
        return self.algorithms[name]


def _registry(algorithm: str) -> _Registry:
    return _Registry(algorithms=[algorithm], strict_check_header=False)


# -- keys --------------------------------------------------------------------------------------


@runtime_checkable
class JwtSigner(Signer, Protocol):
    """What signing a VC-JWT needs: a :class:`~microcredential.keys.Signer` (its ``id`` is the
    header's ``kid``, its ``algorithm`` the header's ``alg``, and ``sign`` returns the
    signature in the form JWS defines) that also gives its public key as a JWK, with which
    each token is checked before it is returned.  The secret never leaves the signer.

    :class:`~microcredential.keys.Ed25519Key` implements it; an object backed by an HSM or a
    KMS can too.
    """

    def to_jwk(self) -> dict[str, str]:
        """The public key as a JWK (no secret member)."""
        ...


def algorithm_for_jwk(jwk: Mapping[str, Any]) -> str:
    """The one JWS algorithm a key may sign VC-JWTs with, from its public JWK: the algorithm
    of the key :func:`~microcredential.keys.public_key_from_jwk` reads (Ed25519: ``EdDSA``;
    RSA: ``RS256``; P-256: ``ES256``; P-384: ``ES384``).  A key that library refuses (an RSA
    modulus under 2048 bits, an unsupported curve, a point off its curve) raises
    :class:`~microcredential.errors.InvalidKeyError` saying why.
    """
    return public_key(jwk).algorithm


def public_key(jwk: Mapping[str, Any]) -> PublicKey:
    """The public key of a JWK that stands for a public key: one holding secret material is
    refused (its key must be treated as compromised)."""
    if not isinstance(jwk, Mapping):
        raise InvalidKeyError(f"a JWK must be a JSON object, not {type(jwk).__name__}")
    if "d" in jwk or "p" in jwk or "k" in jwk:
        raise InvalidKeyError(
            "the JWK holds secret key material ('d', 'p' or 'k'); a public key was expected "
            "(the key it holds must now be treated as compromised)"
        )
    return public_key_from_jwk(jwk)


def _jose_key(key: Any) -> Any:
    """The joserfc key of a :mod:`cryptography` public key."""
    if isinstance(key, ed25519.Ed25519PublicKey):
        return OKPKey.import_key(key)
    if isinstance(key, rsa.RSAPublicKey):
        return RSAKey.import_key(key)
    return ECKey.import_key(key)


def _as_public_key(value: Any) -> PublicKey:
    """A resolved method's public key as a :mod:`microcredential.keys` key (a resolver of
    the caller's may give another object that writes its JWK)."""
    if isinstance(value, Ed25519VerificationKey | EcdsaVerificationKey | RsaVerificationKey):
        return value
    to_jwk = getattr(value, "to_jwk", None)
    if callable(to_jwk):
        return public_key(to_jwk())
    raise InvalidKeyError(f"a {type(value).__name__} cannot verify a VC-JWT")


def algorithms_for_key(public_key: Any) -> frozenset[str]:
    """Every JWS algorithm a :mod:`cryptography` public key can verify, for reading compact
    JWS of other kinds than VC-JWTs (Open Badges 2.0 signed assertions): RSA: ``RS256``,
    ``RS384``, ``RS512``, ``PS256``, ``PS384``, ``PS512``; P-256, P-384, P-521: ``ES256``,
    ``ES384``, ``ES512``; Ed25519: ``EdDSA`` (and RFC 9864's ``Ed25519``).  Others: none."""
    if isinstance(public_key, rsa.RSAPublicKey):
        return frozenset(f"{p}{n}" for p in ("RS", "PS") for n in (256, 384, 512))
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        curve = {"secp256r1": "ES256", "secp384r1": "ES384", "secp521r1": "ES512"}
        name = curve.get(public_key.curve.name)
        return frozenset({name}) if name else frozenset()
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return frozenset({"EdDSA", "Ed25519"})
    return frozenset()


def verify_compact(token: str, public_key: Any, algorithm: str) -> bool:
    """Whether ``token`` is a compact JWS that ``public_key`` (a :mod:`cryptography` public
    key) verifies with ``algorithm``, which must be one of :func:`algorithms_for_key`
    (``ValueError`` otherwise: the caller decides the algorithm from the key, never from the
    token alone).  The check itself is joserfc's."""
    if algorithm not in algorithms_for_key(public_key):
        raise ValueError(f"{algorithm!r} is not an algorithm of a {type(public_key).__name__}")
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        Ed25519VerificationKey(public_key)  # refuses a point of small order
    return _check(token, _jose_key(public_key), algorithm)


def _check(token: str, jose_key: Any, algorithm: str) -> bool:
    try:
        signed = jws.extract_compact(token.encode("ascii"), registry=_registry(algorithm))
        return bool(jws.validate_compact(signed, jose_key, registry=_registry(algorithm)))
    except (JoseError, ValueError, UnicodeEncodeError):
        return False


# -- signing -----------------------------------------------------------------------------------


def _timestamp(value: Any, what: str) -> int:
    try:
        moment = parse_datetime(value)
    except (TypeError, ValueError) as exc:
        raise SigningError(f"cannot sign: {what}: {exc}") from None
    return math.floor(moment.timestamp())


def _subject_id(credential: Mapping[str, Any]) -> str | None:
    subject = credential.get("credentialSubject")
    if isinstance(subject, list):
        subject = subject[0] if len(subject) == 1 else None
    if isinstance(subject, Mapping) and isinstance(subject.get("id"), str):
        return str(subject["id"])
    return None


def _is_vc1(credential: Mapping[str, Any]) -> bool:
    context = credential.get("@context")
    first = context[0] if isinstance(context, list) and context else context
    return bool(first == VC_V1_CONTEXT)


def _date_keys(vc1: bool) -> tuple[str, str]:
    return ("issuanceDate", "expirationDate") if vc1 else ("validFrom", "validUntil")


def _claims(credential: Mapping[str, Any], issued_at: datetime) -> dict[str, Any]:
    """The registered claims that repeat what ``credential`` says, and ``iat``."""
    start_key, end_key = _date_keys(_is_vc1(credential))
    claims: dict[str, Any] = {}
    issuer = node_id(credential.get("issuer"))
    if issuer is not None:
        claims["iss"] = issuer
    subject = _subject_id(credential)
    if subject is not None:
        claims["sub"] = subject
    if isinstance(credential.get("id"), str):
        claims["jti"] = credential["id"]
    if start_key in credential:
        claims["nbf"] = _timestamp(credential[start_key], start_key)
    if end_key in credential:
        claims["exp"] = _timestamp(credential[end_key], end_key)
    claims["iat"] = math.floor(issued_at.timestamp())
    return claims


def encode_jwt_credential(
    credential: Mapping[str, Any],
    key: JwtSigner,
    *,
    typ: str = DEFAULT_TYP,
    kid: str | None = None,
    include_jwk: bool = False,
    issued_at: datetime | str | None = None,
) -> str:
    """Sign ``credential`` as a compact VC-JWT with ``key``; the input is not modified.

    The algorithm is the key's (``key.algorithm``, which must be its JWK's).  The header
    carries ``alg``, ``typ`` (:data:`DEFAULT_TYP` unless given; one of
    :data:`ACCEPTED_TYPES`, else ``ValueError``) and ``kid`` (the key's verification method
    id unless given); ``include_jwk=True`` adds the public key as ``jwk``.  The key signs
    the JWS signing input itself (its secret is never read), and the token is checked with
    the key's public half before it is returned.
    A VC 2.0 credential is the payload, with the registered claims beside its members
    (a credential that already has a member named like one of them is refused); a VC 1.1
    credential goes in the ``vc`` claim.  ``issued_at`` (``iat``) defaults to now.
    """
    if not isinstance(credential, Mapping):
        raise TypeError(f"credential must be a mapping, not {type(credential).__name__}")
    if not isinstance(typ, str) or _normal_typ(typ) not in ACCEPTED_TYPES:
        # a token of another typ would be refused by verify (jwt.type-invalid)
        raise ValueError(
            f"typ must be one a verifier reads as a credential, such as 'JWT' or 'vc+jwt', "
            f"not {quote(typ, 40)}"
        )
    algorithm = _signing_algorithm(key)
    moment = resolve_now(issued_at)
    claims = _claims(credential, moment)
    payload: dict[str, Any]
    if _is_vc1(credential):
        payload = {**claims, "vc": dict(credential)}
    else:
        clashing = sorted(set(_REGISTERED) & set(credential))
        if "vc" in credential:
            clashing.append("vc")
        if clashing:
            raise SigningError(
                f"cannot sign as a VC-JWT: the credential has members named like JWT claims "
                f"({', '.join(clashing)}), which the token's claims would replace; remove them"
            )
        payload = {**credential, **claims}
    header: dict[str, Any] = {"alg": algorithm, "typ": typ, "kid": kid if kid else key.id}
    return _sign_compact(header, payload, key, include_jwk=include_jwk, what="a VC-JWT")


def encode_jwt_presentation(
    presentation: Mapping[str, Any],
    key: JwtSigner,
    *,
    challenge: str | None,
    domain: str | None,
    typ: str = PRESENTATION_TYP,
    kid: str | None = None,
    include_jwk: bool = False,
    issued_at: datetime | str | None = None,
    expires: datetime | str | None = None,
) -> str:
    """Sign ``presentation`` as a compact JWT (VC-JOSE-COSE ``application/vp+jwt``) bound to
    the verifier's ``challenge`` and ``domain``; the input is not modified.  (VC-JOSE-COSE
    does not require them: ``None`` leaves the claim out, and the token can then be replayed
    to anyone.  :func:`microcredential.present` always sets both.)

    A VC 2.0 presentation is the payload, with the claims beside its members: ``iss`` (its
    ``holder``), ``jti`` (its ``id``), ``aud`` (``domain``), ``nonce`` (``challenge``),
    ``iat`` (``issued_at``, now by default) and, when ``expires`` is given, ``exp``.  A
    presentation with a member named like one of these is refused.  A VC 1.1 presentation
    goes in the ``vp`` claim (VC Data Model 1.1 §6.3.1).  The header carries ``alg`` (the
    key's), ``typ`` (``vp+jwt`` unless given; one of :data:`PRESENTATION_TYPES`, else
    ``ValueError``) and ``kid`` (the key's verification method id
    unless given); ``include_jwk=True`` adds the public key as ``jwk``.
    """
    if not isinstance(presentation, Mapping):
        raise TypeError(f"presentation must be a mapping, not {type(presentation).__name__}")
    for name, value in (("challenge", challenge), ("domain", domain), ("typ", typ)):
        if (value is not None or name == "typ") and (not isinstance(value, str) or not value):
            raise ValueError(f"{name} must be a non-empty string")
    if _normal_typ(typ) not in PRESENTATION_TYPES:
        # a credential's vc+jwt, say: verify_presentation would refuse it (jwt.type-invalid)
        raise ValueError(
            f"typ must be one a verifier reads as a presentation, such as 'vp+jwt', not "
            f"{quote(typ, 40)}"
        )
    algorithm = _signing_algorithm(key)
    claims: dict[str, Any] = {}
    holder = node_id(presentation.get("holder"))
    if holder is not None:
        claims["iss"] = holder
    if isinstance(presentation.get("id"), str):
        claims["jti"] = presentation["id"]
    if domain is not None:
        claims["aud"] = domain
    if challenge is not None:
        claims["nonce"] = challenge
    moment = resolve_now(issued_at)
    claims["iat"] = math.floor(moment.timestamp())
    if expires is not None:
        claims["exp"] = _timestamp(expires, "expires")
        if claims["exp"] <= claims["iat"]:
            raise SigningError("cannot sign: expires must be later than the signing time")
    payload: dict[str, Any]
    if _is_vc1(presentation):
        payload = {**claims, "vp": dict(presentation)}
    else:
        clashing = sorted(set(_PRESENTATION_CLAIMS) & set(presentation))
        if clashing:
            raise SigningError(
                "cannot sign as a vp+jwt: the presentation has members named like JWT claims "
                f"({', '.join(clashing)}), which the token's claims would replace; remove them"
            )
        payload = {**presentation, **claims}
    header: dict[str, Any] = {"alg": algorithm, "typ": typ, "kid": kid if kid else key.id}
    return _sign_compact(header, payload, key, include_jwk=include_jwk, what="a vp+jwt")


def _signing_algorithm(key: JwtSigner) -> str:
    """The key's algorithm, refused when its JWK is a key of another algorithm."""
    verifying = public_key(key.to_jwk())
    if verifying.algorithm != key.algorithm:
        raise SigningError(
            f"the key says it signs with {key.algorithm!r}, but its JWK is a "
            f"{verifying.algorithm} key"
        )
    return key.algorithm


def _sign_compact(
    header: dict[str, Any],
    payload: Mapping[str, Any],
    key: JwtSigner,
    *,
    include_jwk: bool,
    what: str,
) -> str:
    """The compact JWS of ``payload`` under ``header``, signed by ``key`` (which signs the
    signing input itself: its secret is never read) and checked with its public half."""
    public_jwk = key.to_jwk()
    verifying = public_key(public_jwk)
    algorithm = header["alg"]
    if include_jwk:
        header = {**header, "jwk": public_jwk}
    try:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise SigningError(f"cannot sign as {what}: the document is not JSON: {exc}") from None
    signing_input = ".".join(
        (
            b64url_encode(json.dumps(header, separators=(",", ":")).encode("ascii")),
            b64url_encode(text.encode("utf-8")),
        )
    )
    token = f"{signing_input}.{b64url_encode(key.sign(signing_input.encode('ascii')))}"
    # The signer made the signature; the JOSE library confirms it is one under the key's
    # public half, so a signer returning another form (DER for ECDSA, say) is caught here.
    if not _check(token, _jose_key(verifying.cryptography_key), algorithm):
        raise SigningError(
            f"the key's signature is not a valid {algorithm} JWS signature for its public key: "
            "its sign() must return the raw form JWS uses (r || s for ECDSA)"
        )
    return token


# -- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JwtCredential:
    """A decoded (not yet verified) VC-JWT.

    ``credential`` is the credential it carries: the payload without the registered claims
    (VC 2.0), or the ``vc`` claim (VC 1.1), with members the VC 1.1 encoding moved into the
    claims put back.  ``claims`` is the whole payload.
    """

    token: str
    header: Mapping[str, Any]
    claims: Mapping[str, Any]
    credential: dict[str, Any]
    #: ``"vc-2.0"`` (the payload is the credential) or ``"vc-1.1"`` (the ``vc`` claim).
    form: str
    _signed: Any = field(repr=False, compare=False)


def _malformed(message: str, *segments: str | int) -> InvalidDocumentError:
    return InvalidDocumentError.from_problems(
        [Problem.at("jwt.malformed", message, segments, spec=_RFC7515)], source="VC-JWT"
    )


def decode_jwt_credential(token: str | bytes) -> JwtCredential:
    """Decode a compact VC-JWT without verifying it.

    Raises :class:`~microcredential.InvalidDocumentError` (problem ``jwt.malformed``) when the
    token is not a compact JWS, its header or payload is not a JSON object, or its payload
    carries no credential; ``jwt.type-invalid`` when its ``typ`` says it is a presentation
    (``vp+jwt``), which :func:`decode_jwt_presentation` reads.
    """
    token, signed, header, payload = _decode_compact(token, "a VC-JWT")
    typ = header.get("typ")
    if isinstance(typ, str) and _normal_typ(typ) in PRESENTATION_TYPES - ACCEPTED_TYPES:
        raise InvalidDocumentError.from_problems(
            [
                Problem.at(
                    "jwt.type-invalid",
                    f"the token's typ is {quote(typ, 40)}: it is a presentation, not a "
                    "credential; verify it as a presentation (verify_presentation, or the "
                    "command verify-presentation) with the challenge and domain you gave",
                    ("header", "typ"),
                    spec=_JOSE,
                )
            ],
            source="VC-JWT",
        )
    if "vc" in payload:
        form = "vc-1.1"
        credential = payload["vc"]
        if not isinstance(credential, Mapping):
            raise _malformed("the 'vc' claim must be a JSON object (the credential)", "vc")
        beside = sorted(k for k in ("@context", "credentialSubject") if k in payload)
        if beside:
            # one reader takes the payload (VC-JOSE-COSE), another the vc claim (VC-JWT 1.1):
            # a token must carry one credential, or the two verdicts may differ
            raise _malformed(
                "the payload carries two credentials: the 'vc' claim and a credential of its "
                f"own ({', '.join(beside)}); a token carries one, so it is not read",
                beside[0],
            )
        credential = _vc1_credential(dict(credential), payload)
    else:
        form = "vc-2.0"
        credential = {k: v for k, v in payload.items() if k not in _REGISTERED}
        if "@context" not in credential and "credentialSubject" not in credential:
            raise _malformed(
                "the payload carries no credential: neither a VC 2.0 credential (with "
                "@context and credentialSubject) nor a VC 1.1 'vc' claim"
            )
    return JwtCredential(token, header, payload, credential, form, signed)


def _decode_compact(
    token: str | bytes, what: str
) -> tuple[str, Any, dict[str, Any], dict[str, Any]]:
    """The token (stripped), its parsed JWS, header and payload; ``jwt.malformed`` when it is
    not a compact JWS whose header and payload are JSON objects."""
    if isinstance(token, bytes):
        token = token.decode("ascii", "replace")
    if not isinstance(token, str):
        raise TypeError(f"token must be a string, not {type(token).__name__}")
    token = token.strip()
    if not is_compact_jws(token):
        raise _malformed(
            f"not a compact JWS: {what} is three base64url parts joined by '.' "
            "(header.payload.signature)"
        )
    try:
        signed = jws.extract_compact(token.encode("ascii"), registry=_registry("RS256"))
    except (JoseError, ValueError) as exc:
        raise _malformed(f"the JWS cannot be read: {_jose_reason(exc)}") from None
    header_part, payload_part, _ = token.split(".")
    return token, signed, _json_part(header_part, "header"), _json_part(payload_part, "payload")


@dataclass(frozen=True, slots=True)
class JwtPresentation:
    """A decoded (not yet verified) presentation secured as a JWT.

    ``presentation`` is the presentation it carries: the payload without the JWT claims
    (VC 2.0, ``vp+jwt``), or the ``vp`` claim (VC 1.1) with the members the VC 1.1 encoding
    moved into the claims (``iss``: ``holder``, ``jti``: ``id``) put back.  ``claims`` is the
    whole payload.
    """

    token: str
    header: Mapping[str, Any]
    claims: Mapping[str, Any]
    presentation: dict[str, Any]
    #: ``"vc-2.0"`` (the payload is the presentation) or ``"vc-1.1"`` (the ``vp`` claim).
    form: str
    _signed: Any = field(repr=False, compare=False)


def decode_jwt_presentation(token: str | bytes) -> JwtPresentation:
    """Decode a presentation secured as a compact JWT without verifying it.

    Raises :class:`~microcredential.InvalidDocumentError` (problem ``jwt.malformed``) when the
    token is not a compact JWS, its header or payload is not a JSON object, or its payload
    carries no presentation (a credential's ``vc`` claim is not one) or two (a ``vp`` claim
    beside a presentation of its own).
    """
    token, signed, header, payload = _decode_compact(token, "a presentation JWT")
    if "vc" in payload:
        raise _malformed(
            "the payload holds a 'vc' claim: it is a credential, not a presentation", "vc"
        )
    if "vp" in payload:
        vp = payload["vp"]
        if not isinstance(vp, Mapping):
            raise _malformed("the 'vp' claim must be a JSON object (the presentation)", "vp")
        beside = sorted(k for k in ("@context", "type", "verifiableCredential") if k in payload)
        if beside:
            raise _malformed(
                "the payload carries two presentations: the 'vp' claim and one of its own "
                f"({', '.join(beside)}); a token carries one, so it is not read",
                beside[0],
            )
        presentation = dict(vp)
        for claim, member in (("iss", "holder"), ("jti", "id")):
            if member not in presentation and isinstance(payload.get(claim), str):
                presentation[member] = payload[claim]
        return JwtPresentation(token, header, payload, presentation, "vc-1.1", signed)
    presentation = {k: v for k, v in payload.items() if k not in _PRESENTATION_CLAIMS}
    if "@context" not in presentation and "type" not in presentation:
        raise _malformed(
            "the payload carries no presentation: neither a VC 2.0 presentation (with "
            "@context and type) nor a VC 1.1 'vp' claim"
        )
    return JwtPresentation(token, header, payload, presentation, "vc-2.0", signed)


def _normal_typ(typ: str) -> str:
    """A ``typ`` as it is compared: without case, with or without ``application/``."""
    return typ.lower().removeprefix("application/")


def _json_part(part: str, what: str) -> dict[str, Any]:
    try:
        raw = b64url_decode(part, what=f"the JWS {what}")
        value = load_json(raw, source=f"the JWS {what}")
    except InvalidDocumentError as exc:
        reason = exc.problems[0].message if exc.problems else exc.message
        raise _malformed(f"the JWS {what} is not JSON: {reason}") from None
    except ValueError as exc:
        raise _malformed(str(exc)) from None
    if not isinstance(value, dict):
        raise _malformed(f"the JWS {what} must be a JSON object")
    return value


def _vc1_credential(vc: dict[str, Any], claims: Mapping[str, Any]) -> dict[str, Any]:
    """VC 1.1 §6.3.1 decoding: members the encoding moved into the claims are put back.

    The dates go back under the names of the credential's own data model: early Open Badges
    3.0 tokens carry a VC 2.0 credential in the ``vc`` claim, whose dates are ``validFrom``
    and ``validUntil``.
    """
    start_key, end_key = _date_keys(_is_vc1(vc))
    if "iss" in claims and "issuer" not in vc and isinstance(claims["iss"], str):
        vc["issuer"] = claims["iss"]
    if "jti" in claims and "id" not in vc and isinstance(claims["jti"], str):
        vc["id"] = claims["jti"]
    for claim, key in (("nbf", start_key), ("exp", end_key)):
        moment, _ = _numeric_date(claims.get(claim), claim)
        if key not in vc and moment is not None:
            vc[key] = format_datetime(moment)  # out of range: the claim check says so
    subject = vc.get("credentialSubject")
    if isinstance(claims.get("sub"), str) and isinstance(subject, Mapping) and "id" not in subject:
        vc["credentialSubject"] = {"id": claims["sub"], **subject}
    return vc


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _jose_reason(exc: Exception) -> str:
    text = getattr(exc, "description", None) or str(exc) or type(exc).__name__
    return quote(text, 120).strip("'")


# -- verification ------------------------------------------------------------------------------


class KeySource(enum.StrEnum):
    """Where the verifying key came from."""

    KID = "kid"
    JWK = "jwk"


@dataclass(frozen=True, slots=True)
class JwtVerification:
    """The outcome of checking a VC-JWT's header, signature and claims.

    ``problems`` are the JWT check's; ``ok`` is true when none is an error.
    ``controller`` is the controller of the verification method ``kid`` resolved to (None
    when the key came from the header's ``jwk`` alone, or could not be resolved), and
    ``authorized`` whether that controller lists it under ``assertionMethod`` (None: its
    controller document is not known).
    """

    problems: tuple[Problem, ...]
    indeterminate: bool = False
    key_source: KeySource | None = None
    verification_method: str | None = None
    controller: str | None = None
    authorized: bool | None = None

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems of severity ``error``."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """True when the token's header, signature and claims passed."""
        return not self.errors

    @property
    def status(self) -> VerificationStatus:
        """``verified``, ``invalid``, or ``indeterminate`` (the key could not be resolved)."""
        if self.ok:
            return VerificationStatus.VERIFIED
        if self.indeterminate:
            return VerificationStatus.INDETERMINATE
        return VerificationStatus.INVALID


class _Resolver(Protocol):
    def resolve(self, verification_method: str) -> Any: ...


def _problem(
    code: str,
    message: str,
    segments: tuple[str | int, ...] = (),
    *,
    severity: Severity = Severity.ERROR,
    spec: str | None = _OB_JWT,
) -> Problem:
    return Problem.at(code, message, segments, severity=severity, spec=spec)


@dataclass(frozen=True, slots=True)
class _Kind:
    """What a token secures: the ``typ`` values it may carry, whose key signs it, and the
    relationship that key must be listed under in its controller document."""

    name: str
    types: frozenset[str]
    shown_types: str
    signer: str
    relationship: str


_CREDENTIAL: Final = _Kind(
    "a credential", ACCEPTED_TYPES, "JWT, vc+jwt, vc+ld+json+jwt", "issuer", "assertionMethod"
)
_PRESENTATION: Final = _Kind(
    "a presentation", PRESENTATION_TYPES, "vp+jwt, JWT", "holder", "authentication"
)


def verify_jwt(
    decoded: JwtCredential,
    *,
    resolver: _Resolver,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = timedelta(seconds=300),
) -> JwtVerification:
    """Check a decoded VC-JWT: its header, its signature under the key it names, and that its
    claims agree with the credential it carries.

    Problem paths are JSON pointers into the token: ``/header/alg``, ``/payload/iss``.
    """
    moment = resolve_now(now)
    found = _signed_by(decoded.header, decoded._signed, resolver, _CREDENTIAL)
    if isinstance(found, JwtVerification):
        return found
    problems = [*found.problems, *_claim_problems(decoded, moment, max_clock_skew)]
    if "proof" in decoded.credential:
        problems.append(
            _problem(
                "jwt.embedded-proof-not-checked",
                "the credential also carries an embedded proof; the JWT's signature was "
                "checked, which is enough (a verifier may use any one proof)",
                ("payload", "proof") if decoded.form == "vc-2.0" else ("payload", "vc", "proof"),
                severity=Severity.INFO,
            )
        )
    return found.outcome(problems)


def verify_jwt_presentation(
    decoded: JwtPresentation,
    *,
    resolver: _Resolver,
    challenge: str,
    domain: str,
    now: datetime | str | None = None,
    max_clock_skew: timedelta = timedelta(seconds=300),
) -> JwtVerification:
    """Check a decoded presentation JWT: its header (a presentation's ``typ``), its signature
    under the key it names (which its controller must list under ``authentication``), that
    it answers the verifier's ``challenge`` (``nonce``) for its ``domain`` (``aud``), that
    its ``iss`` and ``jti`` are the presentation's ``holder`` and ``id``, and that it has
    not expired.  Whether the key belongs to the holder is the caller's to judge, from
    ``controller``.

    Problem paths are JSON pointers into the token: ``/header/typ``, ``/payload/nonce``.
    """
    moment = resolve_now(now)
    found = _signed_by(decoded.header, decoded._signed, resolver, _PRESENTATION)
    if isinstance(found, JwtVerification):
        return found
    claims = decoded.claims
    problems = list(found.problems)
    problems.extend(_binding_problems(claims, challenge, domain))
    expected = {
        "iss": (node_id(decoded.presentation.get("holder")), "holder"),
        "jti": (decoded.presentation.get("id"), "id"),
    }
    for claim, (value, member) in expected.items():
        if claim in claims and value is not None and claims[claim] != value:
            problems.append(
                _problem(
                    _MISMATCH[claim],
                    f"the claim {claim} is {quote(claims[claim], 80)} but the presentation's "
                    f"{member} is {quote(value, 80)}: the token and the presentation disagree",
                    ("payload", claim),
                    spec=_JOSE,
                )
            )
    problems.extend(_token_time_problems(claims, moment, max_clock_skew))
    return found.outcome(problems)


def _binding_problems(claims: Mapping[str, Any], challenge: str, domain: str) -> list[Problem]:
    """The ``nonce`` must be the verifier's challenge, and ``aud`` name its domain (a string,
    or an array holding it: RFC 7519 §4.1.3)."""
    problems: list[Problem] = []
    nonce = claims.get("nonce")
    if nonce != challenge:
        problems.append(
            _problem(
                "presentation.challenge-mismatch",
                (
                    "the token carries no nonce"
                    if nonce is None
                    else f"the token's nonce is {quote(nonce, 60)}, not the challenge this "
                    "verifier issued"
                )
                + ": it may be replayed; ask the holder to present again with your challenge",
                ("payload", "nonce"),
                spec=_JOSE,
            )
        )
    audience = claims.get("aud")
    if not (audience == domain or (isinstance(audience, list) and domain in audience)):
        problems.append(
            _problem(
                "presentation.domain-mismatch",
                (
                    "the token names no audience (aud)"
                    if audience is None
                    else f"the token was made for {quote(audience, 80)}, not for {domain!r}"
                )
                + ": it was meant for someone else; ask the holder to present again for your "
                "domain",
                ("payload", "aud"),
                spec=_JOSE,
            )
        )
    return problems


def _token_time_problems(
    claims: Mapping[str, Any], now: datetime, skew: timedelta
) -> list[Problem]:
    """``exp``, ``nbf`` and ``iat`` of a token whose times are its own (the signature's, as
    VC-JOSE-COSE §3.1.3 has them for presentations), not a credential's validity period."""
    problems: list[Problem] = []
    for claim in ("exp", "nbf"):
        if claim not in claims:
            continue
        value = claims[claim]
        moment, invalid = _numeric_date(value, claim)
        if moment is None:
            problems.extend(invalid)
            continue
        if claim == "exp" and shifted(now, skew, back=True) > moment:
            problems.append(
                _problem(
                    "jwt.expired",
                    f"the token expired at {_shown_time(value)}; ask for a fresh one",
                    ("payload", "exp"),
                    spec=_RFC7519,
                )
            )
        if claim == "nbf" and shifted(now, skew) < moment:
            problems.append(
                _problem(
                    "jwt.not-yet-valid",
                    f"the token is not valid before {_shown_time(value)}: a clock is wrong, "
                    "or it was made for later",
                    ("payload", "nbf"),
                    spec=_RFC7519,
                )
            )
    problems.extend(_iat_problems(claims, now, skew))
    return problems


def _signed_by(
    header: Mapping[str, Any], signed: Any, resolver: _Resolver, kind: _Kind
) -> _Found | JwtVerification:
    """The key that signed the token, when its header is acceptable for ``kind`` and the
    signature verifies under that key; else the failed verification saying why."""
    early = _header_problems(header, kind)
    if early:
        return JwtVerification(tuple(early))
    found = _find_key(header, resolver, kind)
    if found.key is None and not found.problems:
        # no key, and nothing said why: never a verdict without a signature checked
        missing = _problem("jwt.key-missing", "the header names no usable key", ("header",))
        return JwtVerification((missing,))
    if found.key is None:
        undecided = all(p.code == "jwt.key-unresolvable" for p in found.problems) and bool(
            found.problems
        )
        return JwtVerification(
            found.problems, undecided, found.source, found.method_id, found.controller
        )
    alg = header.get("alg")
    algorithm = found.key.algorithm
    if alg != algorithm and not (alg == "Ed25519" and algorithm == "EdDSA"):
        return found.outcome(
            [
                *found.problems,
                _problem(
                    "jwt.algorithm-mismatch",
                    f"the header names alg {quote(alg, 20)}, but the key is one that signs "
                    f"with {algorithm}: the algorithm is taken from the key, and the header "
                    "must agree",
                    ("header", "alg"),
                ),
            ]
        )
    jose_key = _jose_key(found.key.cryptography_key)
    try:
        valid = jws.validate_compact(signed, jose_key, registry=_registry(str(alg)))
    except JoseError as exc:
        return found.outcome(
            [
                *found.problems,
                _problem(
                    "jwt.malformed",
                    f"the JWS cannot be checked: {_jose_reason(exc)}",
                    ("header",),
                    spec=_RFC7515,
                ),
            ]
        )
    if not valid:
        return found.outcome(
            [
                *found.problems,
                _problem(
                    "jwt.signature-mismatch",
                    "the signature does not match the token: its header or payload was "
                    "changed after signing, or it was signed by another key than the one named",
                    ("signature",),
                ),
            ]
        )
    return found


def _header_problems(header: Mapping[str, Any], kind: _Kind) -> list[Problem]:
    """What is refused from the header alone, before any key is looked at."""
    alg = header.get("alg")
    if not isinstance(alg, str):
        return [_problem("jwt.malformed", "the header has no 'alg' string", ("header", "alg"))]
    if alg.lower() == "none":
        return [
            _problem(
                "jwt.unsecured",
                "the token says alg 'none': it is not signed at all, so nothing vouches for it",
                ("header", "alg"),
            )
        ]
    if alg.upper() in _SYMMETRIC:
        return [
            _problem(
                "jwt.symmetric-algorithm",
                f"the token says alg {quote(alg, 20)}, a shared-secret MAC: a credential must "
                "be signed with the issuer's private key (a MAC 'signed' with the public key "
                "as the secret is a known forgery)",
                ("header", "alg"),
            )
        ]
    if alg not in JWT_ALGORITHMS and alg != "Ed25519":
        return [
            _problem(
                "jwt.algorithm-unsupported",
                f"alg {quote(alg, 20)} is not one this library verifies "
                f"({', '.join(JWT_ALGORITHMS)})",
                ("header", "alg"),
            )
        ]
    problems: list[Problem] = []
    if "crit" in header or "b64" in header:
        problems.append(
            _problem(
                "jwt.malformed",
                "the header asks for JWS extensions (crit, b64) that a VC-JWT does not use; "
                "the token is not read",
                ("header", "crit" if "crit" in header else "b64"),
                spec=_RFC7515,
            )
        )
    typ = header.get("typ")
    if typ is not None and (not isinstance(typ, str) or _normal_typ(typ) not in kind.types):
        problems.append(
            _problem(
                "jwt.type-invalid",
                f"the token's typ is {quote(typ, 40)}: it is not {kind.name} (accepted: "
                f"{kind.shown_types})",
                ("header", "typ"),
                spec=_JOSE,
            )
        )
    if header.get("kid") is None and header.get("jwk") is None:  # absent, or null
        problems.append(
            _problem(
                "jwt.key-missing",
                f"the header names no key: it needs a 'kid' (the {kind.signer}'s verification "
                "method) or a 'jwk'",
                ("header",),
            )
        )
    if isinstance(header.get("jwk"), Mapping) and any(k in header["jwk"] for k in ("d", "p")):
        problems.append(
            _problem(
                "jwt.secret-key-exposed",
                f"the header's jwk holds the private key ('d'): anyone can now sign as this "
                f"{kind.signer}; the key must be revoked, and a new one used",
                ("header", "jwk"),
            )
        )
    return problems


@dataclass(frozen=True, slots=True)
class _Found:
    """The verifying key and where it came from (``key`` None: no usable key)."""

    key: PublicKey | None
    source: KeySource | None = None
    method_id: str | None = None
    controller: str | None = None
    authorized: bool | None = None
    problems: tuple[Problem, ...] = ()

    def outcome(self, problems: list[Problem]) -> JwtVerification:
        """The verification with ``problems``, and what is known of the key."""
        return JwtVerification(
            tuple(problems), False, self.source, self.method_id, self.controller, self.authorized
        )


def _header_key(embedded: Mapping[str, Any]) -> tuple[PublicKey | None, list[Problem]]:
    try:
        return public_key(embedded), []
    except InvalidKeyError as exc:
        return None, [
            _problem(
                "jwt.key-invalid",
                f"the key cannot verify a VC-JWT: {exc.message}",
                ("header", "jwk"),
            )
        ]


def _find_key(header: Mapping[str, Any], resolver: _Resolver, kind: _Kind) -> _Found:
    """The verifying key: ``kid`` resolved, else the header's ``jwk``."""
    kid, embedded = header.get("kid"), header.get("jwk")
    if embedded is not None and not isinstance(embedded, Mapping):
        malformed = _problem("jwt.malformed", "jwk must be a JSON object", ("header", "jwk"))
        return _Found(None, problems=(malformed,))
    if kid is None:
        if embedded is None:
            return _Found(None)
        key, problems = _header_key(embedded)
        return _Found(key, KeySource.JWK, problems=tuple(problems))
    if not isinstance(kid, str) or not kid:
        malformed = _problem("jwt.malformed", "kid must be a non-empty string", ("header", "kid"))
        return _Found(None, problems=(malformed,))
    try:
        method = resolver.resolve(kid)
        resolved = _as_public_key(method.public_key)
    except (ResolutionError, InvalidKeyError) as exc:
        unresolved = _problem(
            "jwt.key-unresolvable",
            f"{exc.message}; a verifier needs the {kind.signer}'s controller document listing "
            "this "
            "key (pass resolver=StaticResolver([controller_document]))",
            ("header", "kid"),
            severity=Severity.ERROR if embedded is None else Severity.WARNING,
        )
        if embedded is None:
            return _Found(None, KeySource.KID, kid, problems=(unresolved,))
        key, problems = _header_key(embedded)
        return _Found(key, KeySource.JWK, problems=(unresolved, *problems))
    if embedded is not None:
        key, problems = _header_key(embedded)
        if key is None or key != resolved:
            mismatch = _problem(
                "jwt.key-mismatch",
                f"the header's kid {quote(kid, 80)} names another key than its jwk: the "
                "token does not say which key signed it",
                ("header", "kid"),
            )
            return _Found(None, KeySource.KID, kid, method.controller, problems=(mismatch,))
    relationships: frozenset[str] = getattr(method, "relationships", frozenset())
    authorized = None if not relationships else bool(method.is_authorized_for(kind.relationship))
    return _Found(resolved, KeySource.KID, kid, method.controller, authorized)


def _claim_problems(decoded: JwtCredential, now: datetime, skew: timedelta) -> list[Problem]:
    """The registered claims against the credential (Open Badges 3.0 §8.2.4.1)."""
    claims, credential = decoded.claims, decoded.credential
    start_key, end_key = _date_keys(_is_vc1(credential))
    problems: list[Problem] = []
    expected: dict[str, tuple[Any, str]] = {
        "iss": (node_id(credential.get("issuer")), "issuer id"),
        "jti": (credential.get("id"), "id"),
        "sub": (_subject_id(credential), "credentialSubject.id"),
    }
    for claim, (value, member) in expected.items():
        if claim not in claims:
            if value is not None:
                problems.append(_missing(claim, member))
            continue
        if claims[claim] != value:
            problems.append(
                _problem(
                    _MISMATCH[claim],
                    f"the claim {claim} is {quote(claims[claim], 80)} but the credential's "
                    f"{member} is {quote(value, 80)}: the token and the credential disagree",
                    ("payload", claim),
                )
            )
    for claim, member in (("nbf", start_key), ("exp", end_key)):
        problems.extend(_date_claim(claims, credential, claim, member, now, skew))
    problems.extend(_iat_problems(claims, now, skew))
    return problems


def _iat_problems(claims: Mapping[str, Any], now: datetime, skew: timedelta) -> list[Problem]:
    """``iat``, when present, must be a NumericDate; one later than now is a warning."""
    iat = claims.get("iat")
    if iat is None:
        return []
    moment, invalid = _numeric_date(iat, "iat")
    if moment is None:
        return invalid
    if moment > shifted(now, skew):
        return [
            _problem(
                "jwt.issued-in-future",
                f"the token says it was issued at {_shown_time(iat)}, later than now by "
                "more than the allowed clock skew: a clock is wrong",
                ("payload", "iat"),
                severity=Severity.WARNING,
            )
        ]
    return []


def _missing(claim: str, member: str) -> Problem:
    return _problem(
        "jwt.claim-missing",
        f"the token has no {claim} claim; Open Badges 3.0 requires it (the credential's "
        f"{member}), and verifiers that check it will refuse the token",
        ("payload",),
        severity=Severity.WARNING,
    )


def _shown_time(value: float) -> str:
    try:
        return format_datetime(datetime.fromtimestamp(value, UTC))
    except (OverflowError, ValueError, OSError):
        return str(value)


def _numeric_date(value: Any, claim: str) -> tuple[datetime | None, list[Problem]]:
    """The moment a NumericDate claim names, or None and the ``jwt.claim-invalid`` saying why."""
    if not _is_number(value):
        return None, [
            _problem(
                "jwt.claim-invalid",
                f"{claim} must be a NumericDate (seconds since 1970)",
                ("payload", claim),
            )
        ]
    try:
        return datetime.fromtimestamp(value, UTC), []
    except (OverflowError, ValueError, OSError):
        return None, [_problem("jwt.claim-invalid", f"{claim} is out of range", ("payload", claim))]


def _date_claim(
    claims: Mapping[str, Any],
    credential: Mapping[str, Any],
    claim: str,
    member: str,
    now: datetime,
    skew: timedelta,
) -> list[Problem]:
    if claim not in claims:
        return [_missing(claim, member)] if claim == "nbf" and member in credential else []
    value = claims[claim]
    moment, invalid = _numeric_date(value, claim)
    if moment is None:
        return invalid
    if member in credential:
        try:
            stated = parse_datetime(credential[member])
        except (TypeError, ValueError):
            return []  # the validity-period check reports the credential's own date
        if abs(stated.timestamp() - value) >= 1:
            return [
                _problem(
                    _MISMATCH[claim],
                    f"the claim {claim} is {_shown_time(value)} but the credential's {member} "
                    f"is {credential[member]}: the token and the credential disagree",
                    ("payload", claim),
                )
            ]
        return []  # the same moment: the validity-period check judges it
    # a date only the token states: it bounds the credential's validity too
    if claim == "exp" and shifted(now, skew, back=True) > moment:
        return [
            _problem(
                "credential.expired",
                f"the token expired at {_shown_time(value)}; ask the issuer for a current one",
                ("payload", "exp"),
            )
        ]
    if claim == "nbf" and shifted(now, skew) < moment:
        return [
            _problem(
                "credential.not-yet-valid",
                f"the token is not valid before {_shown_time(value)}",
                ("payload", "nbf"),
            )
        ]
    return []
