"""The achievement a cohort is issued for, and its issuer."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from .._json import read_json
from ..errors import InvalidDocumentError
from ..integrity._binding import check_signer_binding
from ..keys import EcdsaKey, Ed25519Key
from ..problems import Problem
from ..quality import (
    BuildInput,
    IssuerInfo,
    MicrocredentialProfile,
    build_achievement,
    parse_input,
)


def load_achievement(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read an achievement file: an ``Achievement`` JSON or the plain input format.

    Raises :class:`~microcredential.InvalidDocumentError` naming the file.
    """
    data = read_json(path)
    if not isinstance(data, dict):
        raise InvalidDocumentError.from_problems(
            [Problem("cohort.achievement", "the achievement file must hold a JSON object")],
            source=str(path),
        )
    return data


def resolve_achievement(
    source: MicrocredentialProfile | BuildInput | Mapping[str, Any],
    key: Ed25519Key | EcdsaKey | None,
    achievement_id: str | None,
    issuer: IssuerInfo | None,
) -> tuple[dict[str, Any], IssuerInfo]:
    """The achievement JSON and the issuer, from whatever the caller gave; the issuer must be
    the key's controller. Without a key (a check before issuing) an issuer from the input
    format must name its id."""
    found_issuer: IssuerInfo | None = None
    if isinstance(source, MicrocredentialProfile):
        if achievement_id is None:
            raise ValueError("achievement_id is required with a MicrocredentialProfile")
        achievement = build_achievement(source, id=achievement_id)
    elif isinstance(source, BuildInput):
        achievement = build_achievement(source.profile, id=source.id, encoding=source.encoding)
        found_issuer = source.issuer
    elif isinstance(source, Mapping):
        types = source.get("type")
        types = [types] if isinstance(types, str) else types
        if isinstance(types, list) and "Achievement" in types:
            achievement = json.loads(json.dumps(source))
        else:  # the input format; its credential.issuer, without an id, is the key's
            _require_issuer_id(source, key, issuer)
            default_id = key.controller if key is not None else issuer.id if issuer else None
            spec = parse_input(source, issuer_id=default_id)
            found_issuer = spec.issuer
            achievement = build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)
    else:
        raise TypeError(
            "achievement_or_profile must be a MicrocredentialProfile, a BuildInput or a mapping"
        )
    chosen = issuer or found_issuer
    if chosen is None:
        raise ValueError(
            "no issuer: pass issuer=IssuerInfo(...) or give credential.issuer "
            "(name, countryCode) in the achievement file"
        )
    if key is not None:
        check_signer_binding({"issuer": chosen.id}, key)  # refused before any row is read
    if not isinstance(achievement.get("id"), str):
        raise ValueError("the achievement has no id")
    return achievement, chosen


def _require_issuer_id(
    source: Mapping[str, Any], key: Ed25519Key | EcdsaKey | None, issuer: IssuerInfo | None
) -> None:
    """Without a key (or ``issuer=``) to take it from, the input format's ``credential.issuer``
    must name its id: say so, and how, instead of reporting a missing IRI."""
    if key is not None or issuer is not None:
        return
    credential = source.get("credential")
    given = credential.get("issuer") if isinstance(credential, Mapping) else None
    if isinstance(given, Mapping) and given.get("id") is None:
        raise ValueError(
            "/credential/issuer/id: the issuer has no id, and there is no key to take it from: "
            "give credential.issuer.id (the controller of the key that will sign, such as "
            "did:web:... or https://...), or check with the issuer's key (--key; key= in "
            "Python), or pass issuer="
        )
