"""The one Signer protocol: what a key must say about itself to sign, and the old names."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import pytest

from microcredential import SigningError, keys
from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.integrity.suites import suites_for_key
from microcredential.keys import Ed25519Key, KeyType, Signer, VerifyingKey
from vectors import EXAMPLES_LOADER, W3C_CREATED, W3C_RDFC_PROOF_VALUE, W3C_UNSIGNED, w3c_key


def test_ed25519_keys_carry_their_type_and_algorithm() -> None:
    key = Ed25519Key.generate()
    signer: Signer = key
    public: VerifyingKey = key.public_key
    assert (signer.key_type, signer.algorithm) == (KeyType.ED25519, "EdDSA")
    assert (public.key_type, public.algorithm) == (KeyType.ED25519, "EdDSA")
    assert public.verify(signer.sign(b"data"), b"data")


def test_key_types_are_the_jose_names() -> None:
    assert [k.value for k in KeyType] == ["Ed25519", "P-256", "P-384", "RSA"]


def test_the_old_integrity_name_is_a_deprecated_alias() -> None:
    import microcredential.integrity as integrity

    with pytest.warns(DeprecationWarning, match=r"integrity\.Signer .*microcredential\.keys"):
        old = integrity.Signer
    assert old is keys.Signer
    assert "Signer" not in integrity.__all__


@dataclass
class _TypedSigner:
    """A signer held elsewhere (an HSM, say): it signs through the key it wraps."""

    key: Ed25519Key
    key_type: str

    @property
    def id(self) -> str:
        return self.key.id

    @property
    def algorithm(self) -> str:
        return "EdDSA"

    def sign(self, data: bytes) -> bytes:
        return self.key.sign(data)


class _UntypedSigner:
    """A signer written before keys had types: an id and a sign function only."""

    def __init__(self, key: Ed25519Key) -> None:
        self.id = key.id
        self._key = key

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


def test_a_signer_outside_the_library_signs() -> None:
    signer = _TypedSigner(w3c_key(), "Ed25519")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        signed = add_proof_unchecked(
            W3C_UNSIGNED, signer, created=W3C_CREATED, loader=EXAMPLES_LOADER
        )
    assert signed["proof"]["proofValue"] == W3C_RDFC_PROOF_VALUE


def test_a_signer_without_a_key_type_is_taken_as_ed25519_with_a_warning() -> None:
    with pytest.warns(DeprecationWarning, match="key_type and algorithm"):
        signed = add_proof_unchecked(
            W3C_UNSIGNED, _UntypedSigner(w3c_key()), created=W3C_CREATED, loader=EXAMPLES_LOADER
        )
    assert signed["proof"]["proofValue"] == W3C_RDFC_PROOF_VALUE
    assert verify_proofs(signed, loader=EXAMPLES_LOADER).ok


def test_an_rsa_signer_is_refused_for_an_embedded_proof() -> None:
    with pytest.raises(SigningError, match="no W3C Data Integrity cryptosuite uses RSA"):
        add_proof_unchecked(W3C_UNSIGNED, _TypedSigner(w3c_key(), "RSA"), loader=EXAMPLES_LOADER)


def test_a_key_the_suite_does_not_take_is_refused_with_the_suites_that_do() -> None:
    with pytest.raises(SigningError, match=r"eddsa-jcs-2022 signs with Ed25519 keys.*P-256"):
        add_proof_unchecked(
            W3C_UNSIGNED,
            _TypedSigner(w3c_key(), "P-256"),
            cryptosuite="eddsa-jcs-2022",
            loader=EXAMPLES_LOADER,
        )


def test_an_unknown_key_type_is_refused() -> None:
    with pytest.raises(ValueError, match="key_type 'Ed448'"):
        add_proof_unchecked(W3C_UNSIGNED, _TypedSigner(w3c_key(), "Ed448"), loader=EXAMPLES_LOADER)


def test_suites_for_each_key_type() -> None:
    assert suites_for_key(KeyType.ED25519) == ("eddsa-rdfc-2022", "eddsa-jcs-2022")
    assert suites_for_key(KeyType.RSA) == ()
