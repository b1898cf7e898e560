"""Comprehensive Learner Records (1EdTech CLR 2.0): a learner's credentials in one bundle.

:func:`build_clr` assembles the credentials a learner holds, from any issuers, into an unsigned
``ClrCredential`` with the associations between their achievements; sign it with
:func:`microcredential.sign`.  :func:`microcredential.verify` verifies a CLR completely: its
own proof and checks, then every bundled credential on its own
(:attr:`~microcredential.VerificationResult.credentials`).  The CLR's signature vouches only
that its publisher assembled the bundle; each credential's issuer vouches for that credential.
::

    clr = sign(build_clr(credentials, learner="did:example:learner", issuer=publisher,
                         name="Learning record"), publisher_key)
    result = verify(clr)
    for bundled in result.credentials:
        print(bundled.credential_id, bundled.status)
"""

from __future__ import annotations

import copy
import json
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel

from ._time import datetime_text, format_datetime, resolve_now
from .constants import CLR_CONTEXT, OB_CONTEXT, VC_V2_CONTEXT
from .models import ASSOCIATION_TYPES, Association, parse_clr

__all__ = ["association", "build_clr", "bundled_credentials"]


def association(source_id: str, association_type: str, target_id: str) -> dict[str, Any]:
    """An ``Association``: achievement ``source_id`` *association_type* ``target_id``.

    >>> association("urn:a", "isPartOf", "urn:b")["associationType"]
    'isPartOf'
    """
    if association_type not in ASSOCIATION_TYPES:
        raise ValueError(
            f"association_type must be one of {', '.join(ASSOCIATION_TYPES)}, "
            f"not {association_type!r}"
        )
    return {
        "type": "Association",
        "associationType": association_type,
        "sourceId": source_id,
        "targetId": target_id,
    }


def _plain(value: Mapping[str, Any] | BaseModel, what: str) -> dict[str, Any]:
    if isinstance(value, BaseModel):
        dumped = value.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return dict(dumped)
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a JSON object or a model, not {type(value).__name__}")
    return copy.deepcopy(dict(value))


def build_clr(
    credentials: Iterable[Mapping[str, Any] | BaseModel],
    *,
    learner: str | Mapping[str, Any] | BaseModel,
    issuer: str | Mapping[str, Any] | BaseModel,
    name: str,
    associations: Iterable[Mapping[str, Any] | Association] = (),
    credential_id: str | None = None,
    valid_from: datetime | str | None = None,
    partial: bool | None = None,
) -> dict[str, Any]:
    """An unsigned CLR 2.0 ``ClrCredential`` bundling ``credentials`` for ``learner``.

    * ``credentials``: signed credentials (any issuers), kept exactly as given; one that is
      given twice (the same JSON) is bundled once.  The inputs are never modified.
    * ``learner``: the subject's id (a DID or URL) or an ``IdentityObject``.
    * ``issuer``: the CLR's publisher, a Profile or its id; it signs the CLR.
    * ``associations``: how the achievements relate (:func:`association`).
    * ``credential_id`` defaults to a fresh ``urn:uuid:``, ``valid_from`` to now.

    Raises :class:`~microcredential.InvalidDocumentError` when the result would not be a
    valid ``ClrCredential`` (say, no credentials), naming what to fix.
    """
    bundle: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, credential in enumerate(credentials):
        item = _plain(credential, f"credentials[{index}]")
        text = json.dumps(item, sort_keys=True, ensure_ascii=False)
        if text not in seen:
            seen.add(text)
            bundle.append(item)
    subject: dict[str, Any] = {"type": ["ClrSubject"]}
    if isinstance(learner, str):
        subject["id"] = learner
    else:
        subject["identifier"] = [_plain(learner, "learner")]
    subject["verifiableCredential"] = bundle
    links = [_plain(a, "association") for a in associations]
    if links:
        subject["association"] = links
    clr: dict[str, Any] = {
        "@context": [VC_V2_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
        "id": credential_id if credential_id is not None else f"urn:uuid:{uuid.uuid4()}",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": name,
        "issuer": issuer if isinstance(issuer, str) else _plain(issuer, "issuer"),
        "validFrom": datetime_text(valid_from, "valid_from")
        if valid_from is not None
        else format_datetime(resolve_now(None)),
    }
    if partial is not None:
        clr["partial"] = partial
    clr["credentialSubject"] = subject
    parse_clr(clr, source="CLR")
    return clr


def bundled_credentials(clr: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The credentials a ``ClrCredential`` bundles, as given (not verified: use ``verify``).

    >>> bundled_credentials({"credentialSubject": {"verifiableCredential": {"id": "urn:x"}}})
    [{'id': 'urn:x'}]
    """
    subject = clr.get("credentialSubject")
    value = subject.get("verifiableCredential") if isinstance(subject, Mapping) else None
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [item for item in items if isinstance(item, Mapping)]
