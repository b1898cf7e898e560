"""One learner, microcredentials from two institutions, a CLR, and exemption advice.

Run from anywhere: ``python examples/stacking.py``. Two institutions issue the learner three
microcredentials (one of them to a lower EQF level than the programme asks); a record keeper
bundles them into a signed CLR 2.0; the advice for the programme in ``programme-hci.json`` is
printed as the Markdown report an examination board reads.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from microcredential import Verifier, issue, sign
from microcredential.clr import build_clr
from microcredential.exemptions import evaluate_exemptions, load_programme
from microcredential.keys import Ed25519Key
from microcredential.quality import GradingScheme, IssuerInfo, LearningOutcome, example_profile
from microcredential.quality.builder import build_achievement, issuer_profile

HERE = Path(__file__).resolve().parent
LEARNER = "did:example:learner-sam"
ESCO = "http://data.europa.eu/esco/skill/"


def award(
    key: Ed25519Key,
    school: str,
    achievement_id: str,
    title: str,
    skill: str,
    *,
    eqf: int = 6,
    grade: str | None = None,
) -> dict[str, Any]:
    """A signed microcredential for the learner (5 EC, graded 1-10)."""
    profile = dataclasses.replace(
        example_profile(),
        title=title,
        eqf_level=eqf,
        learning_outcomes=(LearningOutcome(f"Can {skill.replace('-', ' ')}.", ESCO + skill),),
        grading=GradingScheme("Grade 1-10", "1", "10", "5.5", "GradePointAverage"),
    )
    return issue(
        build_achievement(profile, id=achievement_id),
        recipient=LEARNER,
        key=key,
        issuer=issuer_profile(IssuerInfo(id=key.controller, name=school, country_code="NL")),
        valid_from="2025-09-01T00:00:00Z",
        grade=grade,
    )


def main() -> int:
    first = Ed25519Key.from_seed(bytes(32))  # in practice each institution's own key file
    second = Ed25519Key.from_seed(bytes([1]) * 32)
    keeper = Ed25519Key.from_seed(bytes([2]) * 32)
    credentials = [
        award(
            first,
            "Hogeschool Voorbeeld",
            "https://www.hs-voorbeeld.example/achievements/ur",
            "User research",
            "user-research",
            grade="7.5",
        ),
        award(
            second,
            "Hogeschool Tweede",
            "https://www.hs-tweede.example/achievements/data-analysis",
            "Data analysis",
            "data-analysis",
        ),
        award(
            second,
            "Hogeschool Tweede",
            "https://www.hs-tweede.example/achievements/proto",
            "Prototyping basics",
            "prototyping",
            eqf=4,
        ),
    ]
    clr = sign(
        build_clr(credentials, learner=LEARNER, issuer=keeper.controller, name="Learning record"),
        keeper,
    )
    programme = load_programme(json.loads((HERE / "programme-hci.json").read_text("utf-8")))
    dossier = evaluate_exemptions(clr, programme, now="2026-03-01T00:00:00Z", verifier=Verifier())
    print(dossier.render_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
