"""The public Hypothesis strategies produce what they promise."""

from __future__ import annotations

import copy
import functools
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcredential import jsonld
from microcredential import strategies as mcst
from microcredential.constants import OB_CONTEXT, VC_V2_CONTEXT
from microcredential.models import DateTimeStamp, parse_credential
from microcredential.schema import validate_schema
from support import seeded_key

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})\Z")
_IRI = re.compile(
    r"(urn:uuid:[0-9a-f-]{36}|https?://[^\s/]+/\S*|did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{44})\Z"
)

# Generating a credential takes ~100 draws: cap the examples to keep the suite fast.
FEW = settings(max_examples=min(settings().max_examples, 50))

_IRI_KEYS = {"id", "url", "targetUrl"}


def _walk(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, key)
    else:
        yield key, value


@FEW
@given(mcst.credentials())
def test_credentials_use_absolute_iris_and_stamped_dates(document: dict[str, Any]) -> None:
    assert document["@context"] == [VC_V2_CONTEXT, OB_CONTEXT]
    for key, value in _walk(document):
        if key in _IRI_KEYS or (key in {"issuer", "creator"} and isinstance(value, str)):
            assert _IRI.match(value), (key, value)
        if key in {"validFrom", "validUntil", "awardedDate"}:
            assert _DATE.match(value), value
    credential = parse_credential(document)
    if credential.valid_until is not None:
        assert credential.valid_until.datetime > credential.valid_from.datetime  # type: ignore[union-attr]


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(mcst.credentials() | mcst.microcredentials())
def test_credentials_meet_the_open_badges_schema(document: dict[str, Any]) -> None:
    # an achievement's creator is a Profile object: the schema has no IRI-only form for it
    assert validate_schema(document, kind="credential") == []


@FEW
@given(mcst.microcredentials())
def test_microcredentials_carry_credits_and_an_eqf_level(document: dict[str, Any]) -> None:
    achievement = document["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "MicroCredential"
    credits = achievement["creditsAvailable"]
    assert 3 <= credits <= 30
    assert (credits * 2) == int(credits * 2)
    eqf = [a for a in achievement["alignment"] if a.get("targetType") == "ext:EQFLevel"]
    assert len(eqf) == 1
    level = eqf[0]["targetCode"]
    assert eqf[0] == {
        "type": ["Alignment"],
        "targetType": "ext:EQFLevel",
        "targetName": f"EQF level {level}",
        "targetUrl": f"http://data.europa.eu/snb/eqf/{level}",
        "targetFramework": "European Qualifications Framework",
        "targetCode": level,
    }


def test_the_module_exports_only_its_strategies_and_the_cases_they_draw() -> None:
    from hypothesis.strategies import SearchStrategy

    for name in mcst.__all__:
        value = getattr(mcst, name)
        if isinstance(value, type):
            assert name in {
                "Mutation",
                "SignedCredential",
                "BrokenCredential",
                "SignedToken",
                "BrokenToken",
                "PresentedToken",
            }, name
        else:
            arguments = {"document": {}} if name == "mutations" else {}
            assert isinstance(value(**arguments), SearchStrategy), name
    with pytest.warns(DeprecationWarning, match="eqf_alignment is deprecated"):
        assert mcst.eqf_alignment(6)["targetCode"] == "6"


@FEW
@given(mcst.date_times())
def test_date_times_are_date_time_stamps(text: str) -> None:
    assert _DATE.match(text)
    assert DateTimeStamp._validate(text).datetime.tzinfo is not None


@FEW
@given(st.data())
def test_mutations_leave_the_original_alone(data: st.DataObject) -> None:
    document = data.draw(mcst.credentials())
    before = copy.deepcopy(document)
    mutation = data.draw(mcst.mutations(document))
    assert document == before
    assert mutation.document != document
    assert mutation.kind in {"missing", "wrong-type", "bad-enum", "bad-date", "bad-type"}
    assert mutation.pointer.startswith("/")


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(mcst.credentials() | mcst.microcredentials() | mcst.profiles(standalone=True))
def test_generated_documents_expand_in_json_ld_safe_mode(document: dict[str, Any]) -> None:
    quads = jsonld.to_dataset(document)  # raises SafeModeError on any dropped term
    assert quads


def _verify(case: mcst.SignedCredential | mcst.BrokenCredential) -> Any:
    from microcredential import verify
    from microcredential.resolve import StaticResolver

    resolver = StaticResolver(case.controller_documents) if case.controller_documents else None
    return verify(case.document, status=case.status_lists, now=case.now, resolver=resolver)


@FEW
@given(mcst.signed_credentials())
def test_signed_credentials_verify(case: mcst.SignedCredential) -> None:
    result = _verify(case)
    assert result.ok, result.render_text()
    assert case.document["proof"]["cryptosuite"] == case.cryptosuite
    assert bool(case.status_lists) == ("credentialStatus" in case.document)


@pytest.mark.parametrize("cryptosuite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
@pytest.mark.parametrize("status", [True, False])
@settings(max_examples=3, deadline=None, database=None)
@given(data=st.data())
def test_signed_credentials_with_the_suite_and_status_asked(
    cryptosuite: str, status: bool, data: st.DataObject
) -> None:
    case = data.draw(mcst.signed_credentials(cryptosuite=cryptosuite, status=status))
    assert case.cryptosuite == cryptosuite == case.document["proof"]["cryptosuite"]
    assert ("credentialStatus" in case.document) is status
    assert _verify(case).ok


@settings(max_examples=3, deadline=None, database=None)
@given(data=st.data())
def test_signed_credentials_with_a_given_key(data: st.DataObject) -> None:
    key = seeded_key(controller="https://issuer.example/1")
    case = data.draw(mcst.signed_credentials(key=key))
    issuer = case.document["issuer"]
    assert (issuer if isinstance(issuer, str) else issuer["id"]) == key.controller
    assert case.document["proof"]["verificationMethod"] == key.id
    assert case.controller_documents == (key.controller_document(),)
    assert _verify(case).ok


@pytest.mark.parametrize(
    ("curve", "controller"), [("P-256", None), ("P-384", "https://issuer.example/2")]
)
@settings(max_examples=4, deadline=None, database=None)
@given(data=st.data())
def test_signed_and_broken_credentials_with_an_ecdsa_key(
    curve: str, controller: str | None, data: st.DataObject
) -> None:
    from microcredential.keys import EcdsaKey

    key = EcdsaKey.generate(curve, controller=controller)
    case = data.draw(mcst.signed_credentials(key=key))
    assert case.cryptosuite in ("ecdsa-rdfc-2019", "ecdsa-jcs-2019")
    assert _verify(case).ok
    broken = data.draw(mcst.broken_credentials(key=key, kinds=("changed-claim", "expired")))
    assert [problem.code for problem in _verify(broken).errors] == [broken.code]


def test_an_rsa_key_is_refused_saying_why() -> None:
    from microcredential.keys import RsaKey

    key = RsaKey.generate(controller="https://issuer.example/3")
    for strategy in (mcst.signed_credentials, mcst.broken_credentials):
        with pytest.raises(ValueError, match="no Data Integrity cryptosuite uses RSA"):
            strategy(key=key)


@settings(max_examples=40, deadline=None, database=None)
@given(mcst.broken_credentials())
def test_broken_credentials_fail_with_the_code_they_name(case: mcst.BrokenCredential) -> None:
    result = _verify(case)
    assert not result.ok
    # exactly the one error named: a verifier under test can compare codes, not just verdicts
    assert [problem.code for problem in result.errors] == [case.code], (
        case.description,
        result.render_text(),
    )


@pytest.mark.parametrize("kind", ["changed-claim", "foreign-key", "expired", "revoked"])
@settings(max_examples=2, deadline=None, database=None)
@given(data=st.data())
def test_each_kind_of_broken_credential(kind: str, data: st.DataObject) -> None:
    case = data.draw(mcst.broken_credentials(kinds=(kind,)))
    assert case.kind == kind
    assert [problem.code for problem in _verify(case).errors] == [case.code]


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="kinds must be chosen from"):
        mcst.broken_credentials(kinds=("forged",))


def _verify_token(case: mcst.SignedToken | mcst.BrokenToken) -> Any:
    from microcredential import verify
    from microcredential.resolve import StaticResolver

    resolver = StaticResolver(case.controller_documents) if case.controller_documents else None
    return verify(case.token, status=case.status_lists, now=case.now, resolver=resolver)


@functools.cache
def token_key(kind: str) -> Any:
    """One key per type (None: a new Ed25519 did:key per example); RSA and P-384 with an
    https controller, whose controller document the case carries."""
    from microcredential.keys import EcdsaKey, RsaKey

    if kind == "RSA":
        return RsaKey.generate(controller="https://issuer.example/5")
    if kind == "P-384":
        return EcdsaKey.generate("P-384", controller="https://issuer.example/4")
    return EcdsaKey.generate("P-256") if kind == "P-256" else None


@pytest.mark.parametrize("kind", ["Ed25519", "P-256", "P-384", "RSA"])
@settings(max_examples=3, deadline=None, database=None)
@given(data=st.data())
def test_signed_tokens_with_every_key_type(kind: str, data: st.DataObject) -> None:
    case = data.draw(mcst.signed_tokens(key=token_key(kind), status=True))
    assert case.algorithm == {"Ed25519": "EdDSA", "RSA": "RS256"}.get(kind, f"ES{kind[2:]}")
    result = _verify_token(case)
    assert result.ok, result.render_text()
    assert result.check("credential-status").status.value == "passed"
    assert all(token.count(".") == 2 for token in case.status_lists)


@pytest.mark.parametrize("kind", ["changed-claim", "foreign-key", "expired", "revoked"])
@settings(max_examples=2, deadline=None, database=None)
@given(data=st.data())
def test_each_kind_of_broken_token(kind: str, data: st.DataObject) -> None:
    case = data.draw(mcst.broken_tokens(kinds=(kind,)))
    assert case.kind == kind
    assert [problem.code for problem in _verify_token(case).errors] == [case.code]
    with pytest.raises(ValueError, match="kinds must be chosen from"):
        mcst.broken_tokens(kinds=("forged",))


@functools.cache
def holder_key(kind: str) -> Any:
    """One holder key per type (None: a new Ed25519 did:key per example); P-384 with an
    https controller, whose controller document the case carries."""
    from microcredential.keys import EcdsaKey, RsaKey

    if kind == "RSA":
        return RsaKey.generate()
    if kind == "P-384":
        return EcdsaKey.generate("P-384", controller="https://people.example/4")
    return EcdsaKey.generate("P-256") if kind == "P-256" else None


def _verify_presented(case: mcst.PresentedToken, token: str, **changes: str) -> Any:
    from microcredential import verify_presentation
    from microcredential.resolve import ChainResolver, StaticResolver

    options = {"challenge": case.challenge, "domain": case.domain, **changes}
    resolver = ChainResolver(StaticResolver(case.controller_documents))
    return verify_presentation(token, now=case.now, resolver=resolver, **options)


@pytest.mark.parametrize("kind", ["Ed25519", "P-256", "P-384", "RSA"])
@settings(max_examples=2, deadline=None, database=None)
@given(data=st.data())
def test_presented_tokens_with_every_key_type(kind: str, data: st.DataObject) -> None:
    from microcredential.multibase import b64url_decode, b64url_encode

    case = data.draw(mcst.presented_tokens(holder_key=holder_key(kind), key=token_key("P-384")))
    assert case.algorithm == {"Ed25519": "EdDSA", "RSA": "RS256"}.get(kind, f"ES{kind[2:]}")
    result = _verify_presented(case, case.token)
    assert result.ok, result.render_text()
    assert result.holder == case.holder
    assert [c.ok for c in result.credentials] == [True]
    assert not result.has_problem("presentation.subject-not-holder")
    # bound to this verifier: another challenge or domain is refused
    replayed = _verify_presented(case, case.token, domain=f"not-{case.domain}")
    assert [p.code for p in replayed.errors] == ["presentation.domain-mismatch"]
    # and signed: any member of the payload changed makes it invalid; a replay with the
    # nonce and aud rewritten for another verifier breaks the signature
    header, payload, signature = case.token.split(".")

    def changed(claims: dict[str, Any]) -> str:
        return ".".join((header, b64url_encode(json.dumps(claims).encode()), signature))

    claims = json.loads(b64url_decode(payload))
    member = data.draw(st.sampled_from(sorted(claims)))
    result = _verify_presented(case, changed({**claims, member: [claims[member]]}))
    assert result.status.value == "invalid", member
    rewritten = changed({**claims, "nonce": "theirs", "aud": "them.example"})
    result = _verify_presented(case, rewritten, challenge="theirs", domain="them.example")
    assert [p.code for p in result.errors] == ["jwt.signature-mismatch"]
