"""Importing Open Badges 2.0 and Edubadges 2.x assertions as Open Badges 3.0 microcredentials.

The test data (``data/``) are written for these tests in the shapes the platforms publish:
an Edubadges hosted assertion with its BadgeClass and issuer (every Edubadges extension in
``../shared/reference/edubadges-ob2-extensions``), the Open Badges 2.0 specification's
hosted example with linked documents, a hosted assertion with everything embedded, and the
specification's signed example, signed here with keys made for the test.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

import microcredential as mc
from microcredential.cli import main
from microcredential.errors import InvalidDocumentError
from microcredential.openbadges2 import ImportResult, import_assertion
from microcredential.quality import EmailRecipient, identity_hash
from microcredential.share import bake, summarize
from support import REFERENCE, seeded_key

DATA = Path(__file__).parent / "data"
NOW = "2026-01-01T00:00:00Z"
KEY = seeded_key(1)
#: What Open Badges 2.0 cannot say about a microcredential, as an institution completes it.
COMPLETION: dict[str, Any] = {
    "assessmentTypes": ["testing"],
    "participationForms": ["blended"],
    "qualityAssurance": {
        "name": "Kwaliteitskader Microcredentials voor Professionals HBO en WO",
        "url": "https://npuls.nl/doorbouwen-aan-microcredentials",
        "description": "Internal quality assurance per the ESG, as agreed in the Dutch pilot.",
    },
    "credential": {"issuer": {"countryCode": "NL"}},
}


def load(name: str) -> Any:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def edubadges(**options: Any) -> ImportResult:
    options.setdefault("completion", COMPLETION)
    options.setdefault("issuer_id", KEY.controller)
    return import_assertion(
        load("edubadges-assertion.json"),
        documents=[load("edubadges-badgeclass.json"), load("edubadges-issuer.json")],
        now=NOW,
        **options,
    )


def targets(result: ImportResult) -> dict[str, str | None]:
    return {note.source: note.target for note in result.carried}


def left(result: ImportResult) -> dict[str, str]:
    return {note.source: note.note for note in result.not_carried}


def signs_and_verifies(credential: dict[str, Any]) -> dict[str, Any]:
    signed = mc.sign(credential, KEY)
    result = mc.verify(signed)
    assert result.ok, result.render_text()
    return signed


# -- Edubadges ---------------------------------------------------------------------------------


def test_an_edubadges_microcredential_keeps_every_mappable_field() -> None:
    result = edubadges()
    assert result.ok, result.render_text()
    assert result.problems == ()
    status = {c.name: c.status.value for c in result.checks}
    assert status == {"hosted": "indeterminate", "dates": "passed", "revocation": "not-applicable"}
    credential = result.credential
    assert credential is not None
    signed = signs_and_verifies(credential)
    report = mc.check_quality(signed, profiles=("eu", "nl"), today=dt.date(2026, 1, 1))
    assert report.ok, report
    summary = summarize(signed)
    assert summary.title == "Data-gedreven werken in de zorg"
    assert (summary.ects, summary.hours, summary.eqf_level) == (5, 140, 6)
    assert summary.language == "nl"
    assert [o.text for o in summary.learning_outcomes] == [
        "Je analyseert zorgdata met passende methoden en vertaalt de uitkomsten naar "
        "verbeteringen in het zorgproces."
    ]
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"] == "https://edubadges.example/public/badges/Vh3pW0sRQy6nH2tX8mEo4A"
    assert achievement["tag"] == ["zorg", "data"]
    assert [e["identifier"] for e in achievement["otherIdentifier"]] == ["34560", "34561"]
    issuer = credential["issuer"]
    assert issuer["id"] == KEY.controller
    assert issuer["otherIdentifier"][0] == {
        "type": "IdentifierEntry",
        "identifier": "99XX",
        "identifierType": "ext:BRIN",
    }
    assert issuer["email"] == "edubadges@hogeschool.example"
    # the eduID hash goes over as it was: the same hash, salt and a 3.0 identity type
    (identity,) = credential["credentialSubject"]["identifier"]
    assert identity == {
        "type": "IdentityObject",
        "identityHash": "sha256$2b6a6f0ed5b4a3f3c1b8d0e9a7c4f5e6d7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2",
        "identityType": "identifier",
        "hashed": True,
        "salt": "f3c7a1d95e2b4b6c8a0e1d2f3a4b5c6d",
    }
    assert "id" not in credential["credentialSubject"]
    assert credential["validFrom"] == "2025-06-27T13:45:09Z"
    assert credential["id"] == "https://edubadges.example/public/assertions/Q2x9kZbTRu2c1vF3aPqL0g"


def test_the_report_says_where_every_edubadges_field_went() -> None:
    result = edubadges()
    where = targets(result)
    achievement = "/credentialSubject/achievement"
    for source, target in {
        "/badge/extensions:ECTSExtension": f"{achievement}/creditsAvailable",
        "/badge/extensions:EQFExtension": f"{achievement}/alignment",
        "/badge/extensions:LearningOutcomeExtension": f"{achievement}/alignment",
        "/badge/extensions:TimeInvestmentExtension": f"{achievement}/alignment",
        "/badge/extensions:LanguageExtension": f"{achievement}/inLanguage",
        "/badge/extensions:EducationProgramIdentifierExtension": f"{achievement}/otherIdentifier",
        "/badge/issuer/extensions:InstitutionIdentifierExtension": "/issuer/otherIdentifier",
        "/badge/name": f"{achievement}/name",
        "/badge/criteria/narrative": f"{achievement}/criteria/narrative",
        "/badge/tags": f"{achievement}/tag",
        "/recipient": "/credentialSubject/identifier",
        "/issuedOn": "/validFrom",
        "/image": "/credentialSubject/image",
        "/badge/issuer/description": "/issuer/description",
    }.items():
        assert where.get(source) == target, source
    gone = left(result)
    assert set(gone) == {
        "/verification",
        "/evidence",
        "/badge/alignment",
        "/badge/issuer/extensions:GradingTableExtension",
        "/badge/issuer/extensions:InstitutionNameExtension",
        "/badge/issuer/name_english",
        "/badge/issuer/name_dutch",
        "/badge/issuer/url_english",
    }
    assert "grading table" in gone["/badge/issuer/extensions:GradingTableExtension"]
    text = result.render_text()
    assert text.startswith("IMPORTED: Open Badges 2.0 assertion https://edubadges.example/")
    assert "/badge/issuer/name_english: no Open Badges 3.0 counterpart" in text


def test_every_edubadges_extension_in_the_reference_is_read() -> None:
    if not (REFERENCE / "edubadges-ob2-extensions").is_dir():
        pytest.skip("../shared/reference is not present beside the repository")
    names = sorted(p.name for p in (REFERENCE / "edubadges-ob2-extensions").iterdir())
    result = edubadges()
    noted = {n.source.rsplit("extensions:", 1)[-1] for n in result.carried + result.not_carried}
    badge, issuer = load("edubadges-badgeclass.json"), load("edubadges-issuer.json")
    # the test data use every extension but two that Edubadges writes for other badges
    used = {k.split(":", 1)[1] for k in [*badge, *issuer] if k.startswith("extensions:")}
    assert used | {"InstitutionCountryExtension", "StudyLoadExtension"} == set(names)
    assert used <= noted
    for name in names:
        folder = REFERENCE / "edubadges-ob2-extensions" / name
        schema = json.loads((folder / "schema.json").read_text(encoding="utf-8"))
        context = json.loads((folder / "context.json").read_text(encoding="utf-8"))
        field = next(k for k in context["@context"] if k not in ("obi", "extensions"))
        # each extension's one property, as its schema requires it, is what the reader reads
        assert field in schema["required"], name


def test_study_load_and_country_extensions() -> None:
    badge = load("edubadges-badgeclass.json")
    del badge["extensions:TimeInvestmentExtension"]
    badge["extensions:StudyLoadExtension"] = {
        "@context": "https://edubadges.example/static/extensions/StudyLoadExtension/context.json",
        "type": ["Extension", "extensions:StudyLoadExtension"],
        "StudyLoad": 240,
    }
    issuer = load("edubadges-issuer.json")
    issuer["extensions:InstitutionCountryExtension"] = {
        "@context": "https://edubadges.example/static/extensions/"
        "InstitutionCountryExtension/context.json",
        "type": ["Extension", "extensions:InstitutionCountryExtension"],
        "InstitutionCountry": "nl",
    }
    completion = copy.deepcopy(COMPLETION)
    del completion["credential"]  # the country now comes from the extension
    result = import_assertion(
        load("edubadges-assertion.json"),
        documents=[badge, issuer],
        completion=completion,
        issuer_id=KEY.controller,
        now=NOW,
    )
    assert result.ok, result.render_text()
    summary = summarize(signs_and_verifies(result.credential or {}))
    assert summary.hours == 240
    assert summary.issuer_country == "NL"


def test_bad_extension_values_are_reported_not_guessed() -> None:
    badge = load("edubadges-badgeclass.json")
    badge["extensions:ECTSExtension"]["ECTS"] = "vijf"
    badge["extensions:EQFExtension"]["EQF"] = 9
    badge["extensions:LanguageExtension"]["Language"] = "??"
    result = import_assertion(
        load("edubadges-assertion.json"),
        documents=[badge, load("edubadges-issuer.json")],
        completion=COMPLETION,
        now=NOW,
    )
    gone = left(result)
    assert gone["/badge/extensions:ECTSExtension"] == "ECTS should be a number, not 'vijf'"
    assert gone["/badge/extensions:EQFExtension"] == "EQF 9 is not a level 1–8"
    assert "not a language code" in gone["/badge/extensions:LanguageExtension"]
    assert result.ok  # the time investment still gives the study load


def test_without_the_completion_every_missing_element_is_named() -> None:
    result = edubadges(completion=None)
    assert result.credential is None
    assert not result.ok
    assert [(p.code, p.path) for p in result.problems] == [
        ("ob2.incomplete", "/assessmentTypes"),
        ("ob2.incomplete", "/participationForms"),
        ("ob2.incomplete", "/qualityAssurance"),
        ("ob2.incomplete", "/credential/issuer/countryCode"),
    ]
    assert "the --complete file" in result.problems[0].message
    assert len(result.carried) > 15  # the report is whole even when nothing is made


def test_a_completion_with_a_bad_value_is_reported_with_its_path() -> None:
    completion = copy.deepcopy(COMPLETION)
    completion["assessmentTypes"] = ["exam"]
    result = edubadges(completion=completion)
    assert result.credential is None
    assert [(p.code, p.path) for p in result.problems] == [("quality.input", "/assessmentTypes/0")]


# -- the specification's examples ----------------------------------------------------------------


SPEC_COMPLETION = {
    **COMPLETION,
    "criteria": "Build a robot that completes the course, and explain how it works.",
    "learningOutcomes": ["Designs, builds and programs a simple robot."],
    "ects": 3,
}


def test_the_specifications_hosted_example_with_linked_documents() -> None:
    result = import_assertion(
        load("spec-assertion.json"),
        documents=[load("spec-badgeclass.json"), load("spec-issuer.json")],
        completion=SPEC_COMPLETION,
        issuer_id=KEY.controller,
        now=NOW,
    )
    assert result.ok, result.render_text()
    credential = signs_and_verifies(result.credential or {})
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["criteria"]["id"] == "https://example.org/robotics-badge.html"
    aligned = [a for a in achievement["alignment"] if "targetType" not in a]
    assert aligned == [
        {
            "type": ["Alignment"],
            "targetName": "CCSS.ELA-Literacy.RST.11-12.3",
            "targetUrl": "http://www.corestandards.org/ELA-Literacy/RST/11-12/3",
            "targetDescription": load("spec-badgeclass.json")["alignment"][0]["targetDescription"],
            "targetCode": "CCSS.ELA-Literacy.RST.11-12.3",
        },
        {
            "type": ["Alignment"],
            "targetName": "Problem-Solving",
            "targetUrl": "https://learning.mozilla.org/en-US/web-literacy/skills#problem-solving",
            "targetDescription": load("spec-badgeclass.json")["alignment"][1]["targetDescription"],
            "targetFramework": "Mozilla 21st Century Skills",
        },
    ]
    assert achievement["tag"] == ["robots", "awesome"]
    assert credential["validUntil"] == "2030-06-30T23:59:59Z"
    assert credential["evidence"] == [
        {"id": "https://example.org/beths-robot-work.html", "type": ["Evidence"]}
    ]
    (identity,) = credential["credentialSubject"]["identifier"]
    assert (identity["identityType"], identity["salt"]) == ("emailAddress", "deadsea")
    assert set(left(result)) == {
        "/verification",
        "/badge/issuer/publicKey",
        "/badge/issuer/revocationList",
    }


def test_a_carried_email_hash_still_matches_the_learners_address() -> None:
    assertion = load("spec-assertion.json")
    assertion["recipient"] = {
        "type": "email",
        "hashed": True,
        "salt": "zout",
        "identity": identity_hash("beth@example.org", "zout"),
    }
    result = import_assertion(
        assertion,
        documents=[load("spec-badgeclass.json"), load("spec-issuer.json")],
        completion=SPEC_COMPLETION,
        now=NOW,
    )
    (identity,) = (result.credential or {})["credentialSubject"]["identifier"]
    assert identity["identityHash"] == identity_hash("beth@example.org", identity["salt"])


def test_a_hosted_assertion_with_everything_embedded() -> None:
    result = import_assertion(
        load("embedded-assertion.json"),
        completion=SPEC_COMPLETION,
        issuer_id=KEY.controller,
        now=NOW,
    )
    assert result.ok, result.render_text()
    credential = signs_and_verifies(result.credential or {})
    subject = credential["credentialSubject"]
    assert subject["narrative"] == "Presented a working prototype to the panel."
    (evidence,) = credential["evidence"]
    assert evidence["genre"] == "Video"
    assert credential["issuer"]["phone"] == "+31201234567"
    assert credential["validFrom"] == "2024-11-15T09:00:00Z"
    # a plain e-mail address is hashed now, with a fresh salt
    (identity,) = subject["identifier"]
    assert identity["hashed"] is True
    assert identity["identityHash"] == identity_hash("jan.jansen@example.nl", identity["salt"])
    assert "jan.jansen" not in json.dumps(credential)
    assert "/badge/issuer/verification" in left(result)


def test_hosting_outside_the_issuers_scope_fails() -> None:
    assertion = load("embedded-assertion.json")
    assertion["id"] = "https://elsewhere.example/assertions/8c2d1f0e"
    result = import_assertion(assertion, completion=SPEC_COMPLETION, now=NOW)
    hosted = next(c for c in result.checks if c.name == "hosted")
    assert hosted.status.value == "failed"
    assert [p.code for p in hosted.problems] == ["ob2.hosted-out-of-scope"]
    assert result.credential is None
    spec = load("spec-assertion.json")
    spec["id"] = "https://other.example/beth.json"
    result = import_assertion(
        spec, documents=[load("spec-badgeclass.json"), load("spec-issuer.json")], now=NOW
    )
    assert "the issuer's own host (example.org)" in result.render_text()


def test_expired_revoked_and_future_badges_are_not_imported() -> None:
    documents = [load("spec-badgeclass.json"), load("spec-issuer.json")]
    cases = {
        "ob2.expired": {"expires": "2020-01-01T00:00:00Z"},
        "ob2.not-yet-issued": {"issuedOn": "2027-01-01T00:00:00Z"},
        "ob2.revoked": {"revoked": True, "revocationReason": "issued in error"},
        "ob2.date-invalid": {"issuedOn": "31-12-2016"},
    }
    for code, change in cases.items():
        assertion = {**load("spec-assertion.json"), **change}
        result = import_assertion(
            assertion, documents=documents, completion=SPEC_COMPLETION, now=NOW
        )
        assert result.credential is None, code
        assert code in [p.code for c in result.checks for p in c.problems], code


def test_missing_documents_are_named() -> None:
    result = import_assertion(load("spec-assertion.json"), now=NOW)
    problems = [p for c in result.checks for p in c.problems]
    assert ("ob2.document-missing", "/badge") in [(p.code, p.path) for p in problems]
    assert "https://example.org/robotics-badge.json" in result.render_text()
    assert result.credential is None


def test_what_is_not_an_assertion_is_refused() -> None:
    already = edubadges().credential
    for value in ("not a jws", "a.b", "https://example.org/beths-robotics-badge.json", already):
        with pytest.raises(InvalidDocumentError) as caught:
            import_assertion(value)  # type: ignore[arg-type]
        assert [p.code for p in caught.value.problems] == ["ob2.not-an-assertion"]
    # a hosted assertion's address works when its document is given
    result = import_assertion(
        "https://example.org/beths-robotics-badge.json",
        documents=[load(f"spec-{n}.json") for n in ("assertion", "badgeclass", "issuer")],
        completion=SPEC_COMPLETION,
        now=NOW,
    )
    assert result.ok


def test_the_inputs_are_not_modified() -> None:
    documents = [load("edubadges-badgeclass.json"), load("edubadges-issuer.json")]
    assertion = load("edubadges-assertion.json")
    completion = copy.deepcopy(COMPLETION)
    before = json.dumps([assertion, documents, completion], sort_keys=True)
    import_assertion(assertion, documents=documents, completion=completion, now=NOW)
    assert json.dumps([assertion, documents, completion], sort_keys=True) == before


def test_the_recipient_can_be_replaced() -> None:
    result = edubadges(recipient="did:example:learner-42")
    credential = result.credential or {}
    assert credential["credentialSubject"]["id"] == "did:example:learner-42"
    assert "identifier" not in credential["credentialSubject"]
    assert left(result)["/recipient"] == "replaced by the recipient given"
    result = edubadges(recipient=EmailRecipient("sanne@example.org"))
    (identity,) = (result.credential or {})["credentialSubject"]["identifier"]
    assert identity["identityType"] == "emailAddress"


# -- signed assertions -------------------------------------------------------------------------


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pem(private: Any) -> str:
    return (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def sign_jws(payload: dict[str, Any], private: Any, alg: str) -> str:
    header = b64(json.dumps({"alg": alg}).encode())
    body = b64(json.dumps(payload).encode())
    data = f"{header}.{body}".encode()
    if alg == "RS256":
        signature = private.sign(data, padding.PKCS1v15(), hashes.SHA256())
    elif alg == "ES256":
        r, s = decode_dss_signature(private.sign(data, ec.ECDSA(hashes.SHA256())))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    else:
        signature = private.sign(data)
    return f"{header}.{body}.{b64(signature)}"


RSA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


def key_document(private: Any = RSA_KEY) -> dict[str, Any]:
    return {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "CryptographicKey",
        "id": "https://example.org/publicKey.json",
        "owner": "https://example.org/organization.json",
        "publicKeyPem": pem(private),
    }


def signed_import(token: str, *documents: dict[str, Any], **options: Any) -> ImportResult:
    options.setdefault("completion", SPEC_COMPLETION)
    options.setdefault("now", NOW)
    base = [load("spec-badgeclass.json"), load("spec-issuer.json")]
    return import_assertion(token, documents=[*base, *documents], **options)


def signature_check(result: ImportResult) -> tuple[str, list[str]]:
    check = next(c for c in result.checks if c.name == "signature")
    return check.status.value, [p.code for p in check.problems]


@pytest.mark.parametrize(
    ("alg", "private"),
    [
        ("RS256", RSA_KEY),
        ("ES256", ec.generate_private_key(ec.SECP256R1())),
        ("EdDSA", ed25519.Ed25519PrivateKey.generate()),
    ],
)
def test_a_signed_assertion_verifies_with_the_issuers_key(alg: str, private: Any) -> None:
    token = sign_jws(load("signed-payload.json"), private, alg)
    result = signed_import(token, key_document(private), issuer_id=KEY.controller)
    assert signature_check(result) == ("passed", [])
    assert result.ok, result.render_text()
    credential = signs_and_verifies(result.credential or {})
    assert credential["id"] == "urn:uuid:a953081a-4bbd-4927-9653-7219bca00e3b"
    revocation = next(c for c in result.checks if c.name == "revocation")
    assert revocation.status.value == "indeterminate"  # no revocation list was given


def test_a_changed_signed_assertion_fails() -> None:
    token = sign_jws(load("signed-payload.json"), RSA_KEY, "RS256")
    header, payload, signature = token.split(".")
    forged = dict(load("signed-payload.json"), issuedOn="2017-01-01T00:00:00Z")
    forged_token = f"{header}.{b64(json.dumps(forged).encode())}.{signature}"
    result = signed_import(forged_token, key_document())
    assert signature_check(result) == ("failed", ["ob2.signature-invalid"])
    assert result.credential is None
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert signature_check(signed_import(token, key_document(other)))[0] == "failed"
    none = f"{b64(json.dumps({'alg': 'none'}).encode())}.{payload}.AAAA"
    assert signature_check(signed_import(none, key_document())) == (
        "failed",
        ["ob2.signature-invalid"],
    )
    wrong_kind = sign_jws(load("signed-payload.json"), RSA_KEY, "RS256").replace(
        header, b64(json.dumps({"alg": "ES256"}).encode())
    )
    assert signature_check(signed_import(wrong_kind, key_document()))[0] == "failed"


def test_keys_must_be_linked_from_the_issuer() -> None:
    token = sign_jws(load("signed-payload.json"), RSA_KEY, "RS256")
    stranger = dict(key_document(), id="https://attacker.example/key.json")
    payload = dict(load("signed-payload.json"))
    payload["verification"] = {"type": "SignedBadge", "creator": stranger["id"]}
    token = sign_jws(payload, RSA_KEY, "RS256")
    assert signature_check(signed_import(token, stranger)) == ("failed", ["ob2.key-not-linked"])
    # without any key document the signature cannot be checked, and says so
    plain = sign_jws(load("signed-payload.json"), RSA_KEY, "RS256")
    assert signature_check(signed_import(plain)) == ("indeterminate", ["ob2.key-unavailable"])
    # a PEM key handed over by the issuer is trusted as given
    result = signed_import(token, public_key=pem(RSA_KEY))
    assert signature_check(result) == ("passed", [])


def test_a_key_embedded_in_the_badge_proves_integrity_only() -> None:
    payload = load("signed-payload.json")
    issuer = dict(load("spec-issuer.json"), publicKey=key_document())
    payload["badge"] = dict(load("spec-badgeclass.json"), issuer=issuer)
    token = sign_jws(payload, RSA_KEY, "RS256")
    result = import_assertion(token, completion=SPEC_COMPLETION, now=NOW)
    assert signature_check(result) == ("indeterminate", ["ob2.key-unauthenticated"])
    assert result.ok  # imported, with the warning in the report


def test_a_revocation_list_is_checked_when_given() -> None:
    token = sign_jws(load("signed-payload.json"), RSA_KEY, "RS256")
    revocations = {
        "@context": "https://w3id.org/openbadges/v2",
        "id": "https://example.org/revocationList.json",
        "type": "RevocationList",
        "issuer": "https://example.org/organization.json",
        "revokedAssertions": [
            {"id": "urn:uuid:a953081a-4bbd-4927-9653-7219bca00e3b", "revocationReason": "fraud"}
        ],
    }
    result = signed_import(token, key_document(), revocations)
    revocation = next(c for c in result.checks if c.name == "revocation")
    assert revocation.status.value == "failed"
    assert "fraud" in revocation.problems[0].message
    assert result.credential is None
    revocations["revokedAssertions"] = ["urn:uuid:00000000-0000-4000-8000-000000000000"]
    result = signed_import(token, key_document(), revocations)
    assert next(c for c in result.checks if c.name == "revocation").status.value == "passed"


def test_a_signed_badge_given_as_plain_json_is_not_trusted() -> None:
    result = signed_import(load("signed-payload.json"), key_document())  # type: ignore[arg-type]
    assert signature_check(result) == ("failed", ["ob2.verification-type"])


# -- command line ------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_writes_a_credential_ready_to_sign(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    completion = tmp_path / "complete.json"
    completion.write_text(json.dumps(COMPLETION), encoding="utf-8")
    key = tmp_path / "key.json"
    assert main(["keygen", "-o", str(key)]) == 0
    controller = json.loads(key.read_text())["controller"]
    capsys.readouterr()
    out = tmp_path / "credential.json"
    code, stdout, err = run(
        capsys, "import", str(DATA / "edubadges-assertion.json"),
        "--document", str(DATA / "edubadges-badgeclass.json"),
        "--document", str(DATA / "edubadges-issuer.json"),
        "--complete", str(completion), "--issuer-id", controller,
        "--now", NOW, "-o", str(out),
    )  # fmt: skip
    assert code == 0, stdout + err
    assert stdout.startswith("IMPORTED")
    signed = tmp_path / "signed.json"
    assert main(["sign", str(out), "--key", str(key), "-o", str(signed)]) == 0
    assert main(["verify", str(signed)]) == 0
    assert main(["validate", str(signed), "--profile", "nl"]) == 0


def test_cli_import_reports_what_is_missing(capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, _ = run(
        capsys, "import", str(DATA / "spec-assertion.json"),
        "--document", str(DATA / "spec-badgeclass.json"),
        "--document", str(DATA / "spec-issuer.json"), "--now", NOW, "--json",
    )  # fmt: skip
    assert code == 1
    report = json.loads(stdout)
    assert report["imported"] is False
    assert {p["path"] for p in report["problems"]} >= {"/assessmentTypes", "/learningOutcomes"}
    assert report["notCarried"][0]["source"] == "/verification"


def test_cli_import_of_a_signed_assertion_and_a_baked_image(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    token = sign_jws(load("signed-payload.json"), RSA_KEY, "RS256")
    jws = tmp_path / "assertion.jws"
    jws.write_text(token + "\n", encoding="utf-8")
    key = tmp_path / "issuer.pem"
    key.write_text(pem(RSA_KEY), encoding="ascii")
    completion = tmp_path / "complete.json"
    completion.write_text(json.dumps(SPEC_COMPLETION), encoding="utf-8")
    documents = ["--document", str(DATA / "spec-badgeclass.json")]
    documents += ["--document", str(DATA / "spec-issuer.json")]
    code, stdout, err = run(
        capsys, "import", str(jws), *documents, "--key", str(key), "--complete", str(completion),
        "--now", NOW,
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(stdout)["id"] == "urn:uuid:a953081a-4bbd-4927-9653-7219bca00e3b"
    assert "passed          signature" in err
    # the same assertion baked into a 2.0 SVG, as 2.0 platforms hand badges out
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org">'
        f'<openbadges:assertion verify="{token}"/></svg>'
    )
    image = tmp_path / "badge.svg"
    image.write_text(svg, encoding="utf-8")
    code, stdout, err = run(
        capsys, "import", str(image), *documents, "--key", str(key),
        "--complete", str(completion), "--now", NOW,
    )  # fmt: skip
    assert code == 0, err
    baked3 = tmp_path / "three.svg"
    baked3.write_bytes(bake(svg.encode(), json.loads(stdout)))
    code, _, err = run(capsys, "import", str(baked3))
    assert code == 1
    assert "Open Badges 3.0 credential already" in err


# -- a signed payload means one thing, and is read within bounds --------------------------------


def _signed_text(payload_text: str) -> str:
    header = b64(json.dumps({"alg": "RS256"}).encode())
    body = b64(payload_text.encode())
    data = f"{header}.{body}".encode()
    signature = RSA_KEY.sign(data, padding.PKCS1v15(), hashes.SHA256())
    return f"{header}.{body}.{b64(signature)}"


def test_a_signed_assertion_with_a_key_twice_is_refused() -> None:
    # first-wins and last-wins readers would import different expiry dates
    text = json.dumps(load("spec-assertion.json"))[:-1]
    token = _signed_text(
        text + ', "expires": "2020-01-01T00:00:00Z", "expires": "2099-01-01T00:00:00Z"}'
    )
    with pytest.raises(InvalidDocumentError) as caught:
        import_assertion(token, documents=[key_document()])
    (problem,) = caught.value.problems
    assert problem.code == "ob2.not-an-assertion"
    assert "'expires' appears twice" in problem.message


def test_a_deeply_nested_signed_assertion_is_refused_not_raised() -> None:
    # the payload was parsed without a depth limit: RecursionError escaped
    depth = 100_000
    token = _signed_text('{"evidence": ' + "[" * depth + "]" * depth + "}")
    with pytest.raises(InvalidDocumentError) as caught:
        import_assertion(token)
    assert "nesting exceeds" in caught.value.problems[0].message
