"""One credential that passes each rule of the catalogue and one that fails it.

"Passes" means the rule reports nothing; "fails" means it reports at least one finding. A rule
added to the catalogue without a pair here fails :func:`test_every_rule_has_a_pair`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from microcredential.quality import RULES, QualityAssurance, check_quality
from quality.quality_support import TODAY, make_credential

SHAPES = Path(__file__).parent / "data" / "edubadges-shapes"
Doc = dict[str, Any]


def _shape(name: str) -> Doc:
    document: Doc = json.loads((SHAPES / name).read_text(encoding="utf-8"))
    return document


def _ach(credential: Doc) -> Doc:
    achievement: Doc = credential["credentialSubject"]["achievement"]
    return achievement


def _changed(change: Callable[[Doc], object], encoding: str = "ob3", **profile: Any) -> Doc:
    credential = make_credential(encoding, **profile)
    change(credential)
    return credential


def _without(*target_types: str) -> Callable[[Doc], None]:
    def drop(credential: Doc) -> None:
        alignments = _ach(credential)["alignment"]
        _ach(credential)["alignment"] = [
            a for a in alignments if a["targetType"] not in target_types
        ]

    return drop


def _narrative_only(credential: Doc) -> None:
    _without("ext:LearningOutcome")(credential)
    del _ach(credential)["resultDescription"]
    del credential["credentialSubject"]["result"]


def _no_workload(credential: Doc) -> None:
    del _ach(credential)["creditsAvailable"]
    _without("ext:NotionalWorkload")(credential)


def _second_eqf_level(credential: Doc) -> None:
    alignments = _ach(credential)["alignment"]
    [eqf] = [a for a in alignments if a["targetType"] == "ext:EQFLevel"]
    alignments.append({**eqf, "targetCode": "7", "targetName": "EQF level 7"})


def _set(path: tuple[Any, ...], value: Any) -> Callable[[Doc], None]:
    def put(credential: Doc) -> None:
        target = credential
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return put


def _delete(*path: Any) -> Callable[[Doc], None]:
    def remove(credential: Doc) -> None:
        target = credential
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return remove


ACH = ("credentialSubject", "achievement")
MBO_QA = QualityAssurance(
    "Kwaliteitskader voor pilot microcredentials mbo 2024 - 2025",
    "https://npuls.nl/microcredentials-mbo/",
    "The MBO pilot framework.",
)


#: How the rule IO-01 reads a proof: by its cryptosuite (it does not verify it).
_PROOF = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"}


@dataclass(frozen=True)
class Pair:
    profiles: tuple[str, ...]
    passing: Callable[[], Any]
    failing: Callable[[], Any]
    options: dict[str, Any] = field(default_factory=dict)


PAIRS: dict[str, Pair] = {
    "OB-01": Pair(("ob3",), make_credential,
                  lambda: _changed(_set(("type",), ["VerifiableCredential"]))),
    "OB-02": Pair(("ob3",), make_credential,
                  lambda: _changed(_delete(*ACH, "alignment", 0, "targetUrl"))),
    "OB-03": Pair(("ob3",), make_credential, lambda: _changed(_set((*ACH, "inLanguage"), "en_EN"))),
    "OB-04": Pair(("ob3",), make_credential,
                  lambda: _changed(_set((*ACH, "alignment", 0, "targetType"), "LearningOutcome"))),
    "OB-05": Pair(("ob3",), make_credential,
                  lambda: _changed(_set((*ACH, "achievementType"), "Course"))),
    "EU-00": Pair(("eu",), make_credential, lambda: _shape("regular_ho.json")),
    "EU-01": Pair(("eu",), make_credential, lambda: _changed(_delete("credentialSubject", "id"))),
    "EU-02": Pair(("eu",), make_credential, lambda: _changed(_delete(*ACH, "name"))),
    "EU-03": Pair(("eu",), make_credential,
                  lambda: _changed(_set(("issuer", "address", "addressCountryCode"), "UK"))),
    "EU-04": Pair(("eu",), make_credential, lambda: _changed(_delete("issuer", "name"))),
    "EU-05": Pair(("eu",), make_credential,
                  lambda: _changed(_set(("validFrom",), "2026-03-11T00:00:00Z"))),
    "EU-06": Pair(("eu",), make_credential, lambda: _changed(_narrative_only)),
    "EU-07": Pair(("eu",), make_credential, lambda: _changed(_no_workload)),
    "EU-08": Pair(("eu",), make_credential,
                  lambda: _changed(_without("ext:EQFLevel", "ext:NLQFLevel"))),
    "EU-09": Pair(("eu",), make_credential, lambda: _changed(_without("ext:AssessmentType"))),
    "EU-10": Pair(("eu",), make_credential, lambda: _changed(_without("ext:FormOfParticipation"))),
    "EU-11": Pair(("eu",), make_credential, lambda: _changed(_without("ext:QualityAssurance"))),
    "EU-12": Pair(("eu",), make_credential, lambda: make_credential(prerequisites=None)),
    "EU-13": Pair(("eu",), lambda: make_credential("edubadges"),
                  lambda: _changed(_set((*ACH, "identityChecked"), False), "edubadges")),
    "EU-14": Pair(("eu",), make_credential,
                  lambda: _changed(_set(("credentialSubject", "result", 0, "value"), "11"))),
    "EU-15": Pair(("eu",), make_credential, lambda: make_credential(stacks_toward=None)),
    "EU-17": Pair(("eu",), make_credential,
                  lambda: _changed(_set(("credentialSubject", "creditsEarned"), 6))),
    "EU-18": Pair(("eu",), make_credential, lambda: _changed(_set((*ACH, "creditsAvailable"), 6))),
    "EU-19": Pair(("eu",), make_credential, lambda: _changed(_second_eqf_level)),
    "NL-01": Pair(("nl",), make_credential, lambda: make_credential(ects=40, hours=None)),
    "NL-02": Pair(("nl",), lambda: make_credential(quality_assurance=MBO_QA, ects=None, hours=240),
                  lambda: make_credential(quality_assurance=MBO_QA, ects=None, hours=160)),
    "NL-03": Pair(("nl",), make_credential,
                  lambda: _changed(_without("ext:EQFLevel", "ext:NLQFLevel"))),
    "NL-04": Pair(("nl",), make_credential,
                  lambda: make_credential(quality_assurance=QualityAssurance(
                      "ISO 9001", "https://iso.example/9001", "Certified."))),
    "NL-06": Pair(("nl",), make_credential, lambda: make_credential(prerequisites=None)),
    "EB-01": Pair(("edubadges",), lambda: make_credential("edubadges"),
                  lambda: _changed(_set((*ACH, "assessmentType"), "written_exam"), "edubadges")),
    "EB-02": Pair(("edubadges",), lambda: make_credential("edubadges"),
                  lambda: make_credential("edubadges", ects=5.25, hours=None)),
    "EB-03": Pair(("edubadges",), lambda: make_credential("edubadges"), make_credential),
    "EB-04": Pair(("edubadges",), make_credential, lambda: make_credential("edubadges")),
    "EB-05": Pair(("edubadges",), lambda: make_credential("edubadges"),
                  lambda: _changed(_without("ext:EQFLevel"), "edubadges")),
    "EB-06": Pair(("edubadges",), lambda: make_credential("edubadges"),
                  lambda: _changed(_delete("issuer", "otherIdentifier"), "edubadges")),
    "IO-01": Pair(("1edtech",), lambda: _changed(_set(("proof",), _PROOF)),
                  lambda: _changed(_set(("proof",), {**_PROOF, "cryptosuite": "eddsa-jcs-2022"}))),
}  # fmt: skip


def _rule_ids(document: Any, pair: Pair) -> set[str]:
    options = {"today": TODAY, **pair.options}
    report = check_quality(document, profiles=pair.profiles, **options)
    return {f.rule for f in report.findings}


def test_every_rule_has_a_pair() -> None:
    assert set(PAIRS) == {rule.id for rule in RULES}


@pytest.mark.parametrize("rule_id", sorted(PAIRS))
def test_the_passing_credential_passes(rule_id: str) -> None:
    pair = PAIRS[rule_id]
    assert rule_id not in _rule_ids(pair.passing(), pair)


@pytest.mark.parametrize("rule_id", sorted(PAIRS))
def test_the_failing_credential_fails(rule_id: str) -> None:
    pair = PAIRS[rule_id]
    assert rule_id in _rule_ids(pair.failing(), pair)
