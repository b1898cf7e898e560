"""The Data Integrity cryptosuites: how a document and a proof configuration become bytes.

Every suite signs H(canonical proof configuration) ‖ H(canonical document).  The key decides
the signature and the hash H: Ed25519 with SHA-256 for the EdDSA suites; ECDSA with SHA-256 on
P-256 and SHA-384 on P-384 (for RDFC-1.0 too, whose blank node labels then come from SHA-384)
for the ECDSA suites, whose signatures are ``r || s``.  The suites differ in how they
canonicalize and in what the finished proof keeps:

==========================  ======================  ====================  =====  ================
suite                       keys                    canonicalization      signs  proof keeps
                                                                                 ``@context``
==========================  ======================  ====================  =====  ================
``eddsa-rdfc-2022``         Ed25519                 RDFC-1.0 (safe mode)  yes    no
``eddsa-jcs-2022``          Ed25519                 RFC 8785 (JCS)        yes    yes
``ecdsa-rdfc-2019``         P-256, P-384            RDFC-1.0 (safe mode)  yes    no
``ecdsa-jcs-2019``          P-256, P-384            RFC 8785 (JCS)        yes    yes
``ecdsa-sd-2023``           P-256                   RDFC-1.0 (safe mode)  no     no
``eddsa-2022``              Ed25519                 RDFC-1.0 (safe mode)  no     no
``Ed25519Signature2020``    Ed25519                 RDFC-1.0 (safe mode)  no     no
==========================  ======================  ====================  =====  ================

All but ``Ed25519Signature2020`` (its own proof ``type``) are ``DataIntegrityProof`` proofs.
``eddsa-2022`` (the suite's name before the 2023 rename) and ``Ed25519Signature2020`` are
verified so that badges already in wallets keep working; new proofs use the current names.
``ecdsa-sd-2023`` selective disclosure proofs are verified in the derived form a holder
presents (the base proof only its holder checks; neither is made here): its proof value holds
the issuer's signature over the mandatory statements and one signature per revealed statement.
No suite uses RSA.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..constants import DEFAULT_CRYPTOSUITE, VC_V2_CONTEXT
from ..errors import SafeModeError, SigningError, UnsupportedCryptosuiteError
from ..jsonld import OfflineLoader, canonicalize
from ..keys import KeyType
from .jcs import InexactNumberError, canonicalize_json

__all__ = [
    "DATA_INTEGRITY_PROOF",
    "ECDSA_JCS_2019",
    "ECDSA_RDFC_2019",
    "ED25519_SIGNATURE_2020",
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "PROOF_TERM_CONTEXTS",
    "SELECTIVE_SUITES",
    "SIGNING_SUITES",
    "SUITE_CONTEXTS",
    "Cryptosuite",
    "ProofTermsUndefined",
    "check_key_type",
    "signing_suite",
    "suite_for_proof",
    "suite_named",
    "suites_for_key",
]

#: The proof type of Data Integrity proofs (the cryptosuite is named in the proof).
DATA_INTEGRITY_PROOF = "DataIntegrityProof"
#: The legacy proof type that names its Ed25519 suite itself (verified, never signed).
ED25519_SIGNATURE_2020 = "Ed25519Signature2020"


#: The hash functions the suites use, by ``hashlib`` name.
_HASHES = {"sha256": hashlib.sha256, "sha384": hashlib.sha384}

#: The key types of each ``key_hashes`` a suite was made with (a suite is immutable).
_KEY_TYPES: dict[tuple[tuple[KeyType, str], ...], tuple[KeyType, ...]] = {}

#: The size of a signature of each key type a suite takes.
_SIGNATURE_BYTES = {KeyType.ED25519: 64, KeyType.P256: 64, KeyType.P384: 96}


@dataclass(frozen=True, slots=True)
class Cryptosuite:
    """One cryptosuite's parameters."""

    name: str
    proof_type: str
    rdf: bool
    can_sign: bool
    proof_keeps_context: bool
    #: The kinds of key it signs and verifies with, each with the hash it uses with them
    #: (a ``hashlib`` name), the recommended key first.
    key_hashes: tuple[tuple[KeyType, str], ...] = ((KeyType.ED25519, "sha256"),)
    #: Its proofs are selective disclosure proofs (``ecdsa-sd-2023``), whose ``proofValue``
    #: holds several signatures rather than one signature of the hash data.
    selective: bool = False

    @property
    def key_types(self) -> tuple[KeyType, ...]:
        """The kinds of key it signs and verifies with, the recommended one first."""
        found = _KEY_TYPES.get(self.key_hashes)
        if found is None:
            found = _KEY_TYPES[self.key_hashes] = tuple(k for k, _ in self.key_hashes)
        return found

    def hash_name(self, key_type: KeyType | None = None) -> str:
        """The hash it uses with ``key_type`` keys (its recommended key type by default)."""
        if key_type is None:
            return self.key_hashes[0][1]
        for known, name in self.key_hashes:
            if known is key_type:
                return name
        raise ValueError(f"cryptosuite {self.name} takes no {key_type.value} keys")

    def signature_size(self, key_type: KeyType) -> int:
        """The size in bytes of a signature by a ``key_type`` key (``hash_name`` checks it)."""
        self.hash_name(key_type)
        return _SIGNATURE_BYTES[key_type]

    def canonicalize(
        self,
        document: Mapping[str, Any],
        loader: OfflineLoader | None,
        key_type: KeyType | None = None,
    ) -> str:
        """The canonical text of a document or proof configuration under this suite.

        With RDFC-1.0 the blank node labels come from the hash the suite uses with
        ``key_type`` keys (SHA-384 for P-384).
        """
        if self.rdf:
            return canonicalize(document, loader=loader, hash_algorithm=self.hash_name(key_type))
        return _jcs(document)

    def canonical_texts(
        self,
        document: Mapping[str, Any],
        proof_config: Mapping[str, Any],
        loader: OfflineLoader | None,
        key_type: KeyType | None = None,
    ) -> tuple[str, str]:
        """The canonical proof configuration and the canonical document.

        Raises :class:`ProofTermsUndefined` when the document's contexts do not define the
        proof configuration's terms (a VC 1.1 document without the suite's context), and
        :class:`~microcredential.integrity.jcs.InexactNumberError` when JCS meets a number it
        cannot write exactly; its ``path`` starts with ``"proof"`` when the number is in the
        proof configuration.
        """
        try:
            config_text = self.canonicalize(proof_config, loader, key_type)
        except SafeModeError as exc:
            raise ProofTermsUndefined(self.proof_type, exc) from None
        except InexactNumberError as exc:
            raise InexactNumberError(exc.value, ("proof", *exc.path)) from None
        return config_text, self.canonicalize(document, loader, key_type)

    def hash_texts(self, config_text: str, document_text: str, key_type: KeyType | None) -> bytes:
        """H(canonical proof configuration) followed by H(canonical document)."""
        new = _HASHES[self.hash_name(key_type)]
        return new(config_text.encode()).digest() + new(document_text.encode()).digest()

    def hash_data(
        self,
        document: Mapping[str, Any],
        proof_config: Mapping[str, Any],
        loader: OfflineLoader | None,
        key_type: KeyType | None = None,
    ) -> bytes:
        """H(proof configuration) followed by H(document), H the hash of ``key_type`` keys:
        the data a signature covers.  Raises as :meth:`canonical_texts` does."""
        texts = self.canonical_texts(document, proof_config, loader, key_type)
        return self.hash_texts(*texts, key_type)


#: The context that defines each proof type's terms.
SUITE_CONTEXTS = {
    DATA_INTEGRITY_PROOF: "https://w3id.org/security/data-integrity/v2",
    ED25519_SIGNATURE_2020: "https://w3id.org/security/suites/ed25519-2020/v1",
}


#: Published contexts known to define each proof type's terms (the VC 2.0 context includes
#: the Data Integrity terms), so that a document citing one needs no other.
PROOF_TERM_CONTEXTS = {
    DATA_INTEGRITY_PROOF: frozenset(
        {
            "https://w3id.org/security/data-integrity/v2",
            "https://w3id.org/security/data-integrity/v1",
            VC_V2_CONTEXT,
        }
    ),
    ED25519_SIGNATURE_2020: frozenset({"https://w3id.org/security/suites/ed25519-2020/v1"}),
}


class ProofTermsUndefined(SafeModeError):
    """The document's contexts do not define the terms of its proof configuration."""

    def __init__(self, proof_type: str, cause: SafeModeError) -> None:
        self.context = SUITE_CONTEXTS.get(proof_type, SUITE_CONTEXTS[DATA_INTEGRITY_PROOF])
        super().__init__(
            f"the document's @context does not define the {proof_type} proof terms; add "
            f"{self.context} to @context (VC 1.1 documents need it; VC 2.0 includes the "
            "Data Integrity terms)",
            problems=cause.problems,
        )


# -- RFC 8785 (JCS), fast path -----------------------------------------------------------
#
# For plain JSON the C encoder of the standard library writes exactly the RFC 8785 text when
# the numbers print the same in Python and ECMAScript and the key order by code point equals
# the order by UTF-16 code unit: keys sorted, no whitespace, strings escaped as JSON.stringify
# does (``\\b \\f \\n \\r \\t \\" \\\\``, other controls as lower-case ``\\u00xx``, nothing
# else).  The checks below are cheap and conservative; anything else goes through the general
# writer, :func:`canonicalize_json`.

_SAFE_INTEGER = 2**53
#: Characters whose code point order differs from their UTF-16 order (with U+10000 and up).
_HIGH = re.compile("[\ue000-\U0010ffff]")


class _NotPlain(Exception):
    """The value needs the general RFC 8785 writer."""


def _plain(value: Any) -> Any:
    """``value`` with whole-number floats as ints; raises _NotPlain for anything unusual."""
    kind = type(value)
    if kind is str or value is None or kind is bool:
        return value
    if kind is dict:
        out = {}
        for key, item in value.items():
            if type(key) is not str or not key.isascii():
                raise _NotPlain
            out[key] = _plain(item)
        return out
    if kind is list or kind is tuple:
        return [_plain(item) for item in value]
    if kind is int:
        if -_SAFE_INTEGER <= value <= _SAFE_INTEGER:
            return value
        raise _NotPlain
    if kind is float:
        if value.is_integer():
            if -_SAFE_INTEGER <= value <= _SAFE_INTEGER:
                return int(value)  # ECMAScript writes 5.0 as 5 (and -0.0 as 0)
        elif 1e-4 <= abs(value) < 1e16:
            return value  # repr() and Number.prototype.toString agree in this range
    raise _NotPlain


#: Everything it encodes has been walked first (:func:`_pure` or :func:`_plain`), which would
#: have hit the recursion limit on a cycle, so the encoder's own cycle check is redundant.
_ENCODER = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False, check_circular=False
)


def _pure(value: Any) -> None:
    """Raise _NotPlain unless ``value`` is made of exactly the JSON types the encoder writes
    as RFC 8785 does: dicts with string keys, lists, strings, booleans, None and integers
    that are doubles exactly.  One walk, no copy: the check the fast path rests on."""
    kind = type(value)
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            if type(item) is not str:
                _pure(item)
    elif kind is list:
        for item in value:
            if type(item) is not str:
                _pure(item)
    elif kind is int:
        if not -_SAFE_INTEGER <= value <= _SAFE_INTEGER:
            raise _NotPlain
    elif not (kind is str or kind is bool or value is None):
        raise _NotPlain  # floats, tuples, subclasses and other mappings: the slower paths


def _exact_order(text: str) -> bool:
    return text.isascii() or _HIGH.search(text) is None


def _jcs(document: Any) -> str:
    """RFC 8785 text of ``document``, using the standard library's encoder when exact."""
    try:
        try:
            _pure(document)
            text = _ENCODER.encode(document)
        except _NotPlain:
            text = _ENCODER.encode(_plain(document))
        if _exact_order(text):
            return text
    except (_NotPlain, TypeError, ValueError, RecursionError):
        pass
    return canonicalize_json(document)


_ECDSA_KEYS = ((KeyType.P256, "sha256"), (KeyType.P384, "sha384"))

EDDSA_RDFC_2022 = Cryptosuite("eddsa-rdfc-2022", DATA_INTEGRITY_PROOF, True, True, False)
EDDSA_JCS_2022 = Cryptosuite("eddsa-jcs-2022", DATA_INTEGRITY_PROOF, False, True, True)
ECDSA_RDFC_2019 = Cryptosuite(
    "ecdsa-rdfc-2019", DATA_INTEGRITY_PROOF, True, True, False, key_hashes=_ECDSA_KEYS
)
ECDSA_JCS_2019 = Cryptosuite(
    "ecdsa-jcs-2019", DATA_INTEGRITY_PROOF, False, True, True, key_hashes=_ECDSA_KEYS
)
_ECDSA_SD_2023 = Cryptosuite(
    "ecdsa-sd-2023",
    DATA_INTEGRITY_PROOF,
    True,
    False,
    False,
    key_hashes=((KeyType.P256, "sha256"),),
    selective=True,
)
_EDDSA_2022 = Cryptosuite("eddsa-2022", DATA_INTEGRITY_PROOF, True, False, False)
_ED25519_2020 = Cryptosuite(ED25519_SIGNATURE_2020, ED25519_SIGNATURE_2020, True, False, False)

_BY_NAME = {
    s.name: s
    for s in (
        EDDSA_RDFC_2022,
        EDDSA_JCS_2022,
        ECDSA_RDFC_2019,
        ECDSA_JCS_2019,
        _ECDSA_SD_2023,
        _EDDSA_2022,
        _ED25519_2020,
    )
}

#: Names accepted by :func:`microcredential.sign`, the recommended suite of each key first.
SIGNING_SUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019")
#: The suites whose proofs are selective disclosure proofs: what they sign is what a holder
#: chose to reveal of the issuer's document.
SELECTIVE_SUITES = frozenset(name for name, suite in _BY_NAME.items() if suite.selective)


def suite_named(name: str, *, for_signing: bool = False) -> Cryptosuite:
    """The suite called ``name``; raises :class:`UnsupportedCryptosuiteError` otherwise."""
    suite = _BY_NAME.get(name)
    if suite is None or (for_signing and not suite.can_sign):
        offered = ", ".join(SIGNING_SUITES if for_signing else sorted(_BY_NAME))
        reason = "is verify-only here" if suite else "is not supported"
        raise UnsupportedCryptosuiteError(f"cryptosuite {name!r} {reason}; use one of: {offered}")
    return suite


def suites_for_key(key_type: KeyType) -> tuple[str, ...]:
    """The names of the suites that sign with ``key_type`` keys, the recommended one first.

    Empty for RSA: no Data Integrity cryptosuite uses it.
    """
    return tuple(name for name in SIGNING_SUITES if key_type in _BY_NAME[name].key_types)


def check_key_type(suite: Cryptosuite, key_type: KeyType) -> None:
    """Raise :class:`~microcredential.SigningError` unless ``suite`` signs with ``key_type``
    keys; the message names the suites that would, or says why none does (RSA)."""
    if key_type in suite.key_types:
        return
    if key_type is KeyType.RSA:
        raise SigningError(
            "an RSA key cannot make a Data Integrity proof: no W3C Data Integrity cryptosuite "
            "uses RSA. Sign the credential as a VC-JWT with it instead (sign_jwt(), or "
            "format='jwt'; on the command line --format jwt), or make the proof with an "
            "Ed25519 key (eddsa-rdfc-2022) or a P-256 or P-384 key (ecdsa-rdfc-2019)"
        )
    fitting = " or ".join(suites_for_key(key_type))
    raise SigningError(
        f"cryptosuite {suite.name} signs with "
        f"{' or '.join(k.value for k in suite.key_types)} keys, and this key is "
        f"{key_type.value}" + (f": use {fitting}" if fitting else "")
    )


def signing_suite(cryptosuite: str | None, key_type: KeyType) -> Cryptosuite:
    """The suite to sign with: ``cryptosuite``, or when it is None the recommended suite for
    ``key_type`` keys (:data:`~microcredential.constants.DEFAULT_CRYPTOSUITE` for Ed25519,
    ``ecdsa-rdfc-2019`` for P-256 and P-384).

    Raises :class:`~microcredential.UnsupportedCryptosuiteError` for a suite that does not
    sign, and :class:`~microcredential.SigningError` for a key the suite does not take (an RSA
    key for any of them).
    """
    if cryptosuite is None:
        fitting = suites_for_key(key_type)
        cryptosuite = fitting[0] if fitting else DEFAULT_CRYPTOSUITE
    suite = suite_named(cryptosuite, for_signing=True)
    check_key_type(suite, key_type)
    return suite


def suite_for_proof(proof: Mapping[str, Any]) -> Cryptosuite | None:
    """The suite a proof object names, or None when unsupported."""
    proof_type = proof.get("type")
    if proof_type == DATA_INTEGRITY_PROOF:
        name = proof.get("cryptosuite")
        suite = _BY_NAME.get(name) if isinstance(name, str) else None
        return suite if suite is not None and suite.proof_type == DATA_INTEGRITY_PROOF else None
    if proof_type == ED25519_SIGNATURE_2020:
        return _ED25519_2020
    return None
