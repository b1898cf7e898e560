"""Helpers for the quality tests: complete microcredentials built with the builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from microcredential.quality import (
    GradingScheme,
    IssuerInfo,
    Link,
    MicrocredentialProfile,
    Stackability,
    build_achievement,
    build_credential,
    example_profile,
)

ISSUER = IssuerInfo(
    id="https://hs.example/issuer",
    name="Hogeschool Voorbeeld",
    country_code="NL",
    brin="99XX",
)
ISSUED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 3, 10)


def full_profile() -> MicrocredentialProfile:
    """The example profile with every optional element filled in."""
    return replace(
        example_profile(),
        prerequisites="A bachelor's degree or equivalent work experience.",
        grading=GradingScheme("Final grade", "1", "10", "5.5"),
        stackability=Stackability.STACKABLE,
        stacks_toward=Link("https://hs.example/programmes/ux-master", "Master UX Design"),
        further_information=Link("https://hs.example/mc/ux", "Course page"),
        image="https://hs.example/images/ux.png",
    )


def make_credential(encoding: str = "ob3", **changes: Any) -> dict[str, Any]:
    """A complete credential in ``encoding``; ``changes`` replace profile fields."""
    profile = replace(full_profile(), **changes)
    achievement = build_achievement(profile, id="https://hs.example/mc/ux", encoding=encoding)  # type: ignore[arg-type]
    return build_credential(
        achievement,
        recipient="did:example:learner-1",
        issuer=ISSUER,
        valid_from=ISSUED,
        id="urn:uuid:7f2b4a8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
        grade="8",
    )
