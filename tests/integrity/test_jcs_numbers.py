"""Numbers that RFC 8785 cannot write exactly: a clear error when signing, a problem when verifying.

RFC 8785 writes a number as the IEEE 754 double it denotes.  An integer beyond 2^53 that is not
exactly a double (2^53 + 1) would be signed as its nearest double, a different number from the
one the document shows, so eddsa-jcs-2022 must neither sign nor accept it.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microcredential as mc
from microcredential.errors import InvalidDocumentError, SigningError
from microcredential.integrity import add_proof_unchecked, verify_proofs
from microcredential.integrity.jcs import InexactNumberError, canonicalize_json
from microcredential.jsonld import OfflineLoader
from microcredential.results import VerificationStatus
from vectors import EXAMPLES_LOADER, W3C_CREATED, W3C_UNSIGNED, w3c_key

JCS = "eddsa-jcs-2022"
NOW = "2025-01-01T00:00:00Z"
INEXACT = 2**53 + 1
#: Integers beyond 2^53 that no double equals: odd ones up to 2^54, and beyond every double.
inexact_integers = st.one_of(
    st.integers(min_value=2**52, max_value=2**53 - 1).map(lambda n: 2 * n + 1),
    st.integers(min_value=1024, max_value=20_000).map(lambda bits: 2**bits + 1),
).flatmap(lambda n: st.sampled_from([n, -n]))


def with_number(value: Any) -> dict[str, Any]:
    document = copy.deepcopy(W3C_UNSIGNED)
    document["credentialSubject"]["record"] = {"ids": [1, 2, value]}
    return document


def sign_jcs(document: dict[str, Any], **options: Any) -> dict[str, Any]:
    return add_proof_unchecked(document, w3c_key(), cryptosuite=JCS, created=W3C_CREATED, **options)


# -- the canonicalizer ---------------------------------------------------------------------------


def test_the_nearest_double_is_a_different_number() -> None:
    assert float(INEXACT) == 2**53  # what the signature would cover
    assert int(float(INEXACT)) != INEXACT


def test_canonicalize_json_names_the_place_and_the_fix() -> None:
    with pytest.raises(InexactNumberError) as info:
        canonicalize_json({"a": [{"b": 1}, {"c": INEXACT}]})
    error = info.value
    assert isinstance(error, InvalidDocumentError)
    assert isinstance(error, ValueError)  # what canonicalize_json raised before
    assert error.value == INEXACT
    assert error.path == ("a", 1, "c")
    assert str(error).startswith("/a/1/c: the integer 9007199254740993 ")
    assert "9007199254740992" in str(error)  # the number it would become
    assert 'as a JSON string ("9007199254740993")' in str(error)
    [problem] = error.problems
    assert (problem.code, problem.path) == ("proof.inexact-number", "/a/1/c")


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_non_finite_floats_are_not_json_numbers(value: float) -> None:
    with pytest.raises(InexactNumberError, match="not a JSON number") as info:
        canonicalize_json([0, {"x": value}])
    assert info.value.path == (1, "x")


def test_an_integer_too_long_to_print_is_described_not_printed() -> None:
    huge = 10**5000 + 1  # more digits than Python converts to text by default
    with pytest.raises(InexactNumberError) as info:
        canonicalize_json({"n": huge})
    assert "about 5001 digits" in str(info.value)
    assert "beyond the largest double" in str(info.value)
    assert len(str(info.value)) < 400


def test_exact_doubles_beyond_2_53_are_still_written() -> None:
    assert (
        canonicalize_json({"n": 2**60, "m": -(2**53)})
        == '{"m":-9007199254740992,"n":1152921504606847000}'
    )


# -- signing -------------------------------------------------------------------------------------


def test_signing_refuses_it_with_the_json_pointer() -> None:
    document = with_number(INEXACT)
    before = copy.deepcopy(document)
    with pytest.raises(SigningError) as info:
        sign_jcs(document)
    message = str(info.value)
    assert message.startswith(f"cannot sign with {JCS}: /credentialSubject/record/ids/2: ")
    assert "not exactly an IEEE 754 double" in message
    assert "JSON string" in message
    [problem] = info.value.problems
    assert (problem.code, problem.path) == (
        "proof.inexact-number",
        "/credentialSubject/record/ids/2",
    )
    assert document == before  # the input is untouched


def test_the_sign_recipe_raises_the_documented_error() -> None:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    student = "https://example.edu/contexts/student/v1"  # every property has a term
    loader = OfflineLoader({student: {"@context": {"studentNumber": "https://example.edu/#sn"}}})
    document = {
        "@context": ["https://www.w3.org/ns/credentials/v2", student],
        "type": ["VerifiableCredential"],
        "issuer": key.controller,
        "credentialSubject": {"id": "did:example:learner", "studentNumber": -INEXACT},
    }
    with pytest.raises(SigningError, match="/credentialSubject/studentNumber"):
        mc.sign(document, key, cryptosuite=JCS, loader=loader)
    document["credentialSubject"]["studentNumber"] = str(-INEXACT)  # the advice works
    signed = mc.sign(document, key, cryptosuite=JCS, loader=loader)
    assert verify_proofs(signed, loader=loader).ok


def test_a_number_in_the_proof_options_is_refused_too() -> None:
    document = {**with_number(1), "@context": [*W3C_UNSIGNED["@context"], {"n": INEXACT}]}
    with pytest.raises(SigningError) as info:
        sign_jcs(document)
    # met first in the proof configuration, which copies the document's @context
    assert info.value.problems[0].path == "/@context/2/n"


@pytest.mark.parametrize(
    ("proof_has_context", "where"), [(True, "/proof/@context/2/n"), (False, "/@context/2/n")]
)
def test_a_number_in_a_received_context_points_at_the_context_it_is_in(
    proof_has_context: bool, where: str
) -> None:
    document = sign_jcs(with_number(1))
    document["@context"] = [*document["@context"], {"n": INEXACT}]
    if proof_has_context:
        document["proof"]["@context"] = document["@context"]
    else:  # the proof configuration then takes the document's @context
        del document["proof"]["@context"]
    problems = verify_proofs(document, now=NOW).problems
    assert (problems[0].code, problems[0].path) == ("proof.inexact-number", where)


@given(inexact_integers)
def test_signing_never_raises_anything_else(value: int) -> None:
    with pytest.raises(SigningError):
        sign_jcs(with_number(value))


# -- verifying -----------------------------------------------------------------------------------


def received(value: Any) -> dict[str, Any]:
    """A signed document in which a number was changed afterwards to ``value``."""
    document = sign_jcs(with_number(1))
    document["credentialSubject"]["record"]["ids"][2] = value
    return document


def test_verifying_reports_a_problem_at_the_number() -> None:
    result = verify_proofs(received(INEXACT), now=NOW)
    assert result.status is VerificationStatus.INVALID
    [problem] = result.problems
    assert problem.code == "proof.inexact-number"
    assert problem.path == "/credentialSubject/record/ids/2"
    assert "9007199254740993" in problem.message
    assert "sign again" in problem.message


def test_a_number_in_a_received_proof_points_into_that_proof() -> None:
    document = sign_jcs(with_number(1))
    document["proof"]["nonce"] = INEXACT
    [problem] = verify_proofs(document, now=NOW).problems
    assert (problem.code, problem.path) == ("proof.inexact-number", "/proof/nonce")


def test_a_number_in_a_chained_proof_is_reported_for_both_proofs() -> None:
    first = sign_jcs(with_number(1), proof_id="urn:uuid:first")
    chained = add_proof_unchecked(
        first, w3c_key(), cryptosuite=JCS, created=W3C_CREATED, previous_proof="urn:uuid:first"
    )
    chained["proof"][0]["nonce"] = INEXACT
    result = verify_proofs(chained, now=NOW)
    assert [(p.code, p.path) for p in result.problems] == [
        ("proof.inexact-number", "/proof/0/nonce"),
        ("proof.inexact-number", "/proof/1/previousProof"),
    ]


@given(inexact_integers)
def test_verify_reports_and_never_raises(value: int) -> None:
    result = mc.verify(received(value), loader=EXAMPLES_LOADER, now=NOW)
    assert not result.ok
    assert result.has_problem("proof.inexact-number")
