"""One check of a document's structure (models, then JSON Schema), shared by issuing,
verifying and the ``check`` command, reporting each place once."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest

import microcredential as mc
from microcredential.cli import main
from microcredential.constants import VC_V1_CONTEXT
from microcredential.errors import InvalidDocumentError
from microcredential.schema import SchemaValidator, document_problems, validate_schema
from support import TEAMWORK

NOW = "2026-06-01T00:00:00Z"


@pytest.fixture(scope="module")
def broken() -> dict[str, Any]:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    document = mc.issue(TEAMWORK, recipient="did:example:learner", key=key, valid_from=NOW)
    del document["validFrom"]
    document["issuer"]["name"] = 5
    document["credentialSubject"]["achievement"]["achievementType"] = "Bogus"
    return document


def test_each_place_is_reported_once_in_the_models_words(broken: dict[str, Any]) -> None:
    found = document_problems(broken)
    paths = [p.path for p in found]
    assert len(paths) == len(set(paths))
    assert {"/validFrom", "/issuer/name", "/credentialSubject/achievement/achievementType"} <= set(
        paths
    )
    assert all(p.code.startswith("model.") for p in found if p.path in {"/validFrom"})
    # the schema alone finds the same places: it adds nothing new here
    assert {p.path for p in validate_schema(broken)} <= set(paths)


def test_verify_and_check_report_what_document_problems_finds(
    broken: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = [(p.code, p.path) for p in document_problems(broken)]
    structure = mc.verify(broken, now=NOW).check("structure")
    assert [(p.code, p.path) for p in structure.problems] == expected
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    assert main(["check", str(path), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [(p["code"], p["path"]) for p in report["problems"]] == expected


def test_issue_refuses_with_the_same_problems() -> None:
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    achievement = {**TEAMWORK, "achievementType": "Bogus"}
    with pytest.raises(InvalidDocumentError) as caught:
        mc.issue(achievement, recipient="did:example:learner", key=key, valid_from=NOW)
    assert [p.path for p in caught.value.problems] == [
        "/credentialSubject/achievement/achievementType"
    ]


def test_the_schema_is_not_applied_where_it_does_not_describe_the_document(
    broken: dict[str, Any],
) -> None:
    models_only = document_problems(broken, schema=False)
    assert all(p.code.startswith("model.") for p in models_only)
    vc_1_1 = copy.deepcopy(broken)
    vc_1_1["@context"][0] = VC_V1_CONTEXT
    assert all(p.code.startswith("model.") for p in document_problems(vc_1_1))
    plain = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": "VerifiableCredential"}
    assert all(p.code.startswith("model.") for p in document_problems(plain))


def test_a_document_that_is_not_an_object_is_a_problem() -> None:
    assert [p.code for p in document_problems([])] == ["model.wrong-type"]


@pytest.mark.parametrize(
    ("change", "path", "code"),
    [
        (
            lambda d: d.update(valid_until="2030-01-01T00:00:00Z"),
            "/valid_until",
            "unknown-property",
        ),
        (
            lambda d: d["credentialSubject"].update(creditsEarned=math.nan),
            "/credentialSubject/creditsEarned",
            "wrong-type",
        ),
        (lambda d: d.update(validFrom="2016-12-31T23:59:60Z"), "/validFrom", "invalid-date"),
        (
            lambda d: d.update(relatedResource=[{"id": "https://example.org/a"}]),
            "/relatedResource/0",
            "missing-property",
        ),
    ],
)
def test_the_models_check_what_the_schema_accepts(change: Any, path: str, code: str) -> None:
    # Why the structure check reads a credential with the models even when the compiled
    # schema check accepts it: the models know rules the schema does not state.
    key = mc.Ed25519Key.from_seed(bytes(range(32)))
    document = mc.issue(TEAMWORK, recipient="did:example:learner", key=key, valid_from=NOW)
    change(document)
    assert SchemaValidator.bundled("credential").problems(document) == []
    found = document_problems(document, kind="credential")
    assert any(p.code == f"model.{code}" and p.path == path for p in found), found
