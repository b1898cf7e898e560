"""ecdsa-sd-2023 derived proofs (VC Data Integrity ECDSA Cryptosuites §3.4): verification only.

A holder derives the proof from the issuer's base proof to reveal part of a credential.  Its
``proofValue`` is ``u`` + base64url of the header ``d9 5d 01`` and a CBOR array: the issuer's
base signature, the proof-scoped P-256 public key (Multikey bytes), one signature per revealed
non-mandatory statement, a label map (canonical blank node index → HMAC'd label bytes) and the
indexes of the mandatory statements.  A verifier canonicalizes the revealed document, gives its
blank nodes the labels of the map, sorts the N-Quads, and checks the base signature over
SHA-256(proof configuration) ‖ public key ‖ SHA-256(mandatory N-Quads) with the issuer's key,
and each other statement's signature with the proof-scoped key.

Signing base proofs and deriving proofs are not implemented.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any, Final

from .. import multibase
from ..errors import InvalidKeyError, MultibaseError
from ..keys import EcdsaVerificationKey, KeyType, VerifyingKey

__all__ = ["DerivedProof", "parse_derived_proof_value", "verify_derived_proof"]

_DERIVED_HEADER: Final = b"\xd9\x5d\x01"
_BASE_HEADER: Final = b"\xd9\x5d\x00"
_SIGNATURE_BYTES: Final = 64
_LABEL_BYTES: Final = 32
#: A derived proof value larger than this is refused unread (a few hundred signatures).
_MAX_PROOF_VALUE_CHARS: Final = 256 * 1024
#: A blank node term: at the start of the line or after a space, and followed by a space.
_BLANK_NODE = re.compile(r"(?<![^ ])_:(\S+)(?= )")


@dataclass(frozen=True, slots=True)
class DerivedProof:
    """The parts of an ecdsa-sd-2023 derived proof value."""

    base_signature: bytes
    public_key: EcdsaVerificationKey
    public_key_bytes: bytes
    signatures: tuple[bytes, ...]
    #: Canonical blank node label (``c14n0``) → the label the issuer signed (``u…``).
    label_map: dict[str, str]
    mandatory_indexes: tuple[int, ...]


def parse_derived_proof_value(text: str) -> DerivedProof:
    """Parse a derived ``proofValue``; ``ValueError`` says what is wrong with it."""
    if not text.startswith("u"):
        raise ValueError("an ecdsa-sd-2023 proofValue is base64url multibase (it starts with 'u')")
    if len(text) > _MAX_PROOF_VALUE_CHARS:
        raise ValueError(f"longer than {_MAX_PROOF_VALUE_CHARS:,} characters")
    try:
        data = multibase.decode_base64url(text, what="the ecdsa-sd-2023 proofValue")
    except MultibaseError as exc:
        raise ValueError(str(exc)) from None
    if data.startswith(_BASE_HEADER):
        raise ValueError(
            "this is an ecdsa-sd-2023 base proof, which only its holder checks; a verifier "
            "needs the derived proof the holder makes from it"
        )
    if not data.startswith(_DERIVED_HEADER):
        raise ValueError("it does not start with the ecdsa-sd-2023 derived proof header d9 5d 01")
    components = _Cbor(data, len(_DERIVED_HEADER)).read_all()
    if not isinstance(components, list) or len(components) != 5:
        raise ValueError("its CBOR value is not an array of five components")
    base_signature, public_key, signatures, labels, mandatory = components
    if not isinstance(base_signature, bytes) or len(base_signature) != _SIGNATURE_BYTES:
        raise ValueError("its base signature is not 64 bytes")
    if not isinstance(public_key, bytes):
        raise ValueError("its proof-scoped public key is not a byte string")
    try:
        key = EcdsaVerificationKey.from_multibase(multibase.encode_base58btc(public_key))
    except InvalidKeyError as exc:
        raise ValueError(f"its proof-scoped public key: {exc.message}") from None
    if key.key_type is not KeyType.P256:
        raise ValueError("its proof-scoped public key is not a P-256 key")
    if not isinstance(signatures, list) or not all(
        isinstance(s, bytes) and len(s) == _SIGNATURE_BYTES for s in signatures
    ):
        raise ValueError("its signatures are not a list of 64-byte signatures")
    if not isinstance(labels, dict) or not all(
        isinstance(k, int) and isinstance(v, bytes) and len(v) == _LABEL_BYTES
        for k, v in labels.items()
    ):
        raise ValueError("its label map does not map integers to 32-byte labels")
    if len(set(labels.values())) != len(labels):
        # two blank nodes of the revealed document would stand for one the issuer signed:
        # the document would show apart what the issuer signed as one node
        raise ValueError("its label map gives two blank nodes the same label")
    if not isinstance(mandatory, list) or not all(isinstance(i, int) for i in mandatory):
        raise ValueError("its mandatory indexes are not a list of integers")
    return DerivedProof(
        base_signature,
        key,
        public_key,
        tuple(signatures),
        {f"c14n{k}": "u" + multibase.b64url_encode(v) for k, v in labels.items()},
        tuple(mandatory),
    )


def verify_derived_proof(
    proof: DerivedProof, proof_config_text: str, document_text: str, issuer_key: VerifyingKey
) -> bool:
    """Whether the derived proof holds for the canonical proof configuration and document.

    ``document_text`` is the revealed document's canonical N-Quads (labels ``_:c14nN``).
    """
    nquads = _relabel(document_text, proof.label_map)
    if nquads is None or any(i >= len(nquads) for i in proof.mandatory_indexes):
        return False
    chosen = set(proof.mandatory_indexes)
    mandatory = [nq for i, nq in enumerate(nquads) if i in chosen]
    optional = [nq for i, nq in enumerate(nquads) if i not in chosen]
    if len(optional) != len(proof.signatures):
        return False
    proof_hash = hashlib.sha256(proof_config_text.encode()).digest()
    mandatory_hash = hashlib.sha256("".join(mandatory).encode()).digest()
    signed = proof_hash + proof.public_key_bytes + mandatory_hash
    if not issuer_key.verify(proof.base_signature, signed):
        return False
    return all(
        proof.public_key.verify(signature, nquad.encode())
        for signature, nquad in zip(proof.signatures, optional, strict=True)
    )


def _relabel(document_text: str, label_map: dict[str, str]) -> list[str] | None:
    """The canonical N-Quads with the signed labels, sorted; None if a label is missing."""
    missing = False

    def replace(match: re.Match[str]) -> str:
        nonlocal missing
        label = label_map.get(match.group(1))
        if label is None:
            missing = True
            return match.group(0)
        return f"_:{label}"

    lines = [_relabel_line(line, replace) for line in document_text.splitlines(keepends=True)]
    return None if missing else sorted(lines)


def _relabel_line(line: str, replace: Any) -> str:
    # Blank nodes are whole terms: the subject, the object or the graph.  A literal (in quotes)
    # may contain "_:" text that is not a blank node, so only the terms outside it change.
    if '"' not in line:
        return _BLANK_NODE.sub(replace, line)
    head, quote, rest = line.partition('"')
    end = rest.rfind('"')
    return (
        _BLANK_NODE.sub(replace, head)
        + quote
        + rest[: end + 1]
        + _BLANK_NODE.sub(replace, rest[end + 1 :])
    )


class _Cbor:
    """The few CBOR (RFC 8949) forms a derived proof value uses: unsigned integers, byte
    strings, arrays and maps of definite length.  Anything else is refused."""

    _MAX_DEPTH = 4

    def __init__(self, data: bytes, offset: int) -> None:
        self.data = data
        self.offset = offset

    def read_all(self) -> Any:
        value = self._read(0)
        if self.offset != len(self.data):
            raise ValueError("its CBOR value is followed by other bytes")
        return value

    def _take(self, count: int) -> bytes:
        end = self.offset + count
        if count < 0 or end > len(self.data):
            raise ValueError("its CBOR value ends early")
        chunk = self.data[self.offset : end]
        self.offset = end
        return chunk

    def _argument(self, info: int) -> int:
        if info < 24:
            return info
        if info in (24, 25, 26, 27):
            return int.from_bytes(self._take(1 << (info - 24)), "big")
        raise ValueError("its CBOR value uses an indefinite length or a reserved form")

    def _read(self, depth: int) -> Any:
        if depth > self._MAX_DEPTH:
            raise ValueError("its CBOR value is nested too deeply")
        initial = self._take(1)[0]
        major, info = initial >> 5, initial & 0x1F
        argument = self._argument(info)
        if major == 0:
            return argument
        if major == 2:
            return self._take(argument)
        if major == 4:
            if argument > len(self.data):
                raise ValueError("its CBOR array is longer than the proof value")
            return [self._read(depth + 1) for _ in range(argument)]
        if major == 5:
            if argument > len(self.data):
                raise ValueError("its CBOR map is longer than the proof value")
            result: dict[Any, Any] = {}
            for _ in range(argument):
                key = self._read(depth + 1)
                if not isinstance(key, int) or key in result:
                    raise ValueError("its CBOR map has a key that is not a new integer")
                result[key] = self._read(depth + 1)
            return result
        raise ValueError(f"its CBOR value has an item of major type {major}, which is not used")
