"""Credentials for the sharing tests, built and signed with the library's own builder."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import microcredential as mc
from microcredential.quality import IssuerInfo, build_achievement, build_credential
from quality.quality_support import ISSUED, full_profile
from support import seeded_key


def issuer_key() -> mc.Ed25519Key:
    return seeded_key()


def unsigned(
    *,
    title: str | None = None,
    issuer_name: str = "Hogeschool Voorbeeld",
    issuer_id: str | None = None,
    valid_from: dt.datetime = ISSUED,
    credential_id: str = "urn:uuid:7f2b4a8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b",
    **extra: Any,
) -> dict[str, Any]:
    """A complete microcredential (unsigned); ``extra`` members are set on the credential."""
    profile = full_profile() if title is None else replace(full_profile(), title=title)
    credential = build_credential(
        build_achievement(profile, id="https://hs.example/mc/ux"),
        recipient="did:example:learner-1",
        issuer=IssuerInfo(
            id=issuer_id or issuer_key().controller,
            name=issuer_name,
            country_code="NL",
            brin="99XX",
        ),
        valid_from=valid_from,
        id=credential_id,
        learner_name="Sanne de Vries",
        grade="8",
    )
    credential.update(extra)
    return credential


def signed(**changes: Any) -> dict[str, Any]:
    """:func:`unsigned`, signed with :func:`issuer_key` (eddsa-rdfc-2022)."""
    return mc.sign(unsigned(**changes), key=issuer_key())
