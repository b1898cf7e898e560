"""The 1EdTech Revocation List Status Method (read only): ``1EdTechRevocationList`` entries."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from ..problems import Problem, Severity, json_pointer
from ._list_credential import Context, Indeterminate, fetch_list
from ._results import EntryStatus, StatusOutcome
from ._spec import EDTECH_ENTRY, SPEC_1EDTECH
from ._spec import problem as _problem


def check_1edtech_entry(
    credential: Mapping[str, Any], item: Mapping[str, Any], path: list[str | int], ctx: Context
) -> EntryStatus:
    """Check a ``1EdTechRevocationList`` entry: the credential is revoked when the list at the
    entry's ``id`` names the credential's ``id``.  Such a list carries no proof."""
    spec = SPEC_1EDTECH
    pointer = json_pointer(path)
    url = item.get("id")
    base = EntryStatus(
        StatusOutcome.INVALID,
        EDTECH_ENTRY,
        purpose="revocation",
        list_url=url if isinstance(url, str) else None,
        path=pointer,
    )
    if not isinstance(url, str) or ":" not in url:
        problem = _problem(
            "status.entry-invalid", "the revocation list id must be a URL", [*path, "id"], spec=spec
        )
        return replace(base, outcome=StatusOutcome.INVALID, problems=(problem,))
    credential_id = credential.get("id")
    if not isinstance(credential_id, str):
        problem = _problem(
            "status.entry-invalid",
            "the credential has no id, so a 1EdTech revocation list cannot name it",
            ["id"],
            spec=spec,
        )
        return replace(base, outcome=StatusOutcome.INVALID, problems=(problem,))
    try:
        revoked_list = _revoked_credentials(credential, url, path, ctx)
    except Indeterminate as exc:
        return replace(base, outcome=StatusOutcome.INDETERMINATE, problems=exc.problems)
    unsigned = _problem(
        "status.list-proof-unchecked",
        "a 1EdTech revocation list carries no proof: trust rests on how it was retrieved",
        path,
        severity=Severity.WARNING,
        spec=spec,
    )
    for revoked in revoked_list:
        if isinstance(revoked, Mapping) and revoked.get("id") == credential_id:
            reason = revoked.get("revocationReason")
            message = reason if isinstance(reason, str) else None
            problem = _problem(
                "status.revoked",
                f"the credential is revoked ({url})" + (f": {message}" if message else ""),
                path,
                spec=spec,
            )
            return replace(
                base,
                outcome=StatusOutcome.REVOKED,
                status=1,
                message=message,
                problems=(unsigned, problem),
            )
    return replace(base, outcome=StatusOutcome.OK, status=0, problems=(unsigned,))


def _revoked_credentials(
    credential: Mapping[str, Any], url: str, path: list[str | int], ctx: Context
) -> list[Any]:
    """The ``revokedCredentials`` of the list at ``url``, when it is that list and comes from
    the credential's issuer; ``Indeterminate`` otherwise."""
    document = fetch_list(url, path, ctx, SPEC_1EDTECH)
    revoked = document.get("revokedCredentials")
    if not isinstance(revoked, list):
        raise Indeterminate(_list_problem("revokedCredentials must be an array", path))
    document_id = document.get("id")
    if document_id is not None and document_id != url:
        raise Indeterminate(
            _list_problem(f"the revocation list's id {document_id!r} is not {url}", path)
        )
    issuer_id, list_issuer_id = _id_of(credential.get("issuer")), _id_of(document.get("issuer"))
    if list_issuer_id is not None and issuer_id is not None and list_issuer_id != issuer_id:
        raise Indeterminate(
            _list_problem(
                "the revocation list was published by another issuer than the credential's", path
            )
        )
    return revoked


def _id_of(value: Any) -> Any:
    return value.get("id") if isinstance(value, Mapping) else value


def _list_problem(message: str, path: list[str | int]) -> Problem:
    return _problem("status.list-invalid", message, path, spec=SPEC_1EDTECH)
