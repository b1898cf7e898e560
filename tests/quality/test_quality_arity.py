"""One value or a one-element array: the same signed data, so the same findings.

In JSON-LD a property's values are a set: ``"result": {...}`` and ``"result": [{...}]`` expand
to the same triples, and the ``@container: @set`` the Open Badges 3.0.3 context gives
``result``, ``alignment``, ``resultDescription``, ``identifier``, ``otherIdentifier`` and
``endorsement`` changes only how a processor compacts, not the data (only ``@list``, given to
``allowedValue``, makes an ordered list, and a single value there is a list of one as well).
The signature covers the data, so a rule that demanded the array would judge the layout.

The JSON Schema agrees: the 1EdTech "JSON-LD" AchievementCredential schema writes each of these
as ``oneOf`` one object or an array of them, and the library's bundled schemas, which ``verify``
(its structure check) and ``validate`` both use, follow it; only ``credentialSubject`` is one
AchievementSubject object in both official schemas, so no arity is tested for it here.
(``document_problems`` is the structure check ``verify`` runs.)
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from microcredential.problems import Severity
from microcredential.quality import PROFILES, check_quality
from microcredential.schema import document_problems
from quality.quality_support import TODAY, make_credential

Document = dict[str, Any]


def _report(credential: Document) -> list[tuple[str, str, str]]:
    """Every finding of every profile, without array positions in its path."""
    report = check_quality(credential, profiles=PROFILES, today=TODAY)
    return sorted(
        (f.code, f.severity.value, _without_positions(f.path), f.message) for f in report.findings
    )


def _without_positions(pointer: str) -> str:
    return "/".join(part for part in pointer.split("/") if not part.isdigit())


def test_a_single_result_object_is_read_as_the_grade() -> None:
    credential = make_credential()
    [result] = credential["credentialSubject"]["result"]
    credential["credentialSubject"]["result"] = {**result, "value": "11"}
    report = check_quality(credential, profiles=("eu",), today=TODAY)
    [finding] = [f for f in report.findings if f.code == "eu.grade"]
    assert finding.severity is Severity.WARNING
    assert "outside" in finding.message
    assert finding.path == "/credentialSubject/result/value"


# -- every rule: one value reads as a one-element array ------------------------------------------

ACH = ("credentialSubject", "achievement")


def _at(document: Document, path: tuple[str, ...]) -> Document:
    node = document
    for key in path:
        node = node[key]
    return node


@dataclass(frozen=True)
class Case:
    """A credential with one value in the array at ``path`` + ``key``, and a rule it shows."""

    name: str
    path: tuple[str, ...]
    key: str
    one: Callable[[Document], Any]
    #: A finding code the value gives (``None``: no rule reads it; the test then shows that
    #: adding it either way changes nothing).
    shows: str | None
    encoding: str = "ob3"

    def credential(self) -> Document:
        credential = make_credential(self.encoding)
        _at(credential, self.path)[self.key] = [self.one(credential)]
        return credential

    def single(self, credential: Document) -> Document:
        single = copy.deepcopy(credential)
        [value] = _at(single, self.path)[self.key]
        _at(single, self.path)[self.key] = value
        return single


def _first(path: tuple[str, ...], key: str, **changes: Any) -> Callable[[Document], Any]:
    return lambda credential: {**_at(credential, path)[key][0], **changes}


def _alignment(target_type: str, **changes: Any) -> Callable[[Document], Any]:
    def one(credential: Document) -> Any:
        found = [a for a in _at(credential, ACH)["alignment"] if a["targetType"] == target_type]
        return {**found[0], **changes}

    return one


def _anonymous(identifier: Document) -> Callable[[Document], Any]:
    """The identifier, on a credential whose subject has no ``id``."""

    def one(credential: Document) -> Any:
        del credential["credentialSubject"]["id"]
        return identifier

    return one


NAME = {"type": "IdentityObject", "identityType": "name", "hashed": False, "identityHash": "Sam"}
CASES = [
    Case("grade out of range", ("credentialSubject",), "result",
         _first(("credentialSubject",), "result", value="11"), "eu.grade"),
    Case("grade of no description", ("credentialSubject",), "result",
         _first(("credentialSubject",), "result", resultDescription="urn:x:none"), "eu.grade"),
    Case("result that is not an object", ("credentialSubject",), "result",
         lambda _: "8", "eu.grade"),
    Case("the one alignment", ACH, "alignment", _alignment("ext:EQFLevel"), None),
    Case("alignment without a URL", ACH, "alignment",
         _alignment("ext:EQFLevel", targetUrl=""), "ob3.alignment"),
    Case("alignment that is not an object", ACH, "alignment", lambda _: "EQF 6", "ob3.alignment"),
    Case("edubadges alignment", ACH, "alignment",
         _alignment("ext:QualityAssurance"), "edubadges.eqf", "edubadges"),
    Case("result description", ACH, "resultDescription",
         _first(ACH, "resultDescription", resultType="Grade"), "ob3.extensible-term"),
    Case("grading scheme", ACH, "resultDescription",
         _first(ACH, "resultDescription"), None),
    Case("learner's name", ("credentialSubject",), "identifier", lambda _: NAME, None),
    Case("identity type", ("credentialSubject",), "identifier",
         lambda _: {**NAME, "identityType": "nickname"}, "ob3.extensible-term"),
    Case("hashed e-mail only", ("credentialSubject",), "identifier",
         _anonymous({**NAME, "identityType": "emailAddress", "hashed": True}), "eu.learner"),
    Case("BRIN", ("issuer",), "otherIdentifier",
         _first(("issuer",), "otherIdentifier"), None, "edubadges"),
    Case("not a BRIN", ("issuer",), "otherIdentifier",
         _first(("issuer",), "otherIdentifier", identifierType="ext:KvK"), "edubadges.brin",
         "edubadges"),
    Case("identifier type", ("issuer",), "otherIdentifier",
         _first(("issuer",), "otherIdentifier", identifierType="kvk"), "ob3.extensible-term"),
    Case("schema of another kind", (), "credentialSchema",
         lambda _: {"id": "https://example.org/regular.json", "type": "JsonSchemaValidator2019"},
         "eu.not-a-microcredential"),
    Case("evidence", (), "evidence",
         lambda _: {"id": "https://hs.example/evidence/1", "type": ["Evidence"]}, None),
    Case("endorsement", ACH, "endorsement",
         lambda c: {**copy.deepcopy(c), "type": ["VerifiableCredential", "EndorsementCredential"]},
         None),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_one_value_and_a_one_element_array_give_the_same_findings(case: Case) -> None:
    as_array = case.credential()
    single = case.single(as_array)
    assert _report(single) == _report(as_array)
    if case.shows is not None:  # the rule did read the value
        assert case.shows in {code for code, *_ in _report(single)}
    # the structure check verify runs (models and bundled JSON Schema) agrees
    assert _structure(single) == _structure(as_array)


def _structure(credential: Document) -> list[tuple[str, str]]:
    found = document_problems(credential, kind="credential")
    return sorted((p.code, _without_positions(p.path)) for p in found)
