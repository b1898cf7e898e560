"""LinkedIn's "Add to profile" link for a credential (the Licenses & certifications section).

The link opens LinkedIn's certification form filled in with the credential's name, issuing
organisation, issue and expiry month and year, credential ID and credential URL.  LinkedIn
shows what the link says and **verifies none of it**: the learner can edit every field before
saving, and LinkedIn never reads the credential, its proof or its status.  Only the
credential URL lets a reader check the claim, by opening the page it points to; point it at a
page where the credential itself can be opened and verified.

The sharing guide shows the link for an example credential.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlencode

from ..errors import InvalidDocumentError
from ..problems import Problem
from .summary import summarize

__all__ = ["LINKEDIN_ADD_TO_PROFILE", "linkedin_url"]

#: The address of LinkedIn's "Add to profile" form.
LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
_ORGANIZATION_ID = re.compile(r"^[0-9]{1,19}$")
_WEB_URL = re.compile(r"^https?://\S+$", re.IGNORECASE)


def linkedin_url(
    credential: Mapping[str, Any],
    *,
    cert_url: str | None = None,
    organization_id: str | int | None = None,
) -> str:
    """The "Add to profile" URL for ``credential``, every value percent-encoded (UTF-8).

    * ``name``: the achievement's name (else the credential's);
    * ``organizationId`` when ``organization_id`` (the number in the issuer's LinkedIn page
      address) is given, so LinkedIn links its page and logo; else ``organizationName``,
      the issuer's name;
    * ``issueYear``/``issueMonth``: ``awardedDate``, else ``validFrom`` (``issuanceDate``),
      in the offset the credential was written with;
    * ``expirationYear``/``expirationMonth``: ``validUntil`` (``expirationDate``), if any;
    * ``certUrl``: ``cert_url``, else the credential's ``id`` when it is a web address;
    * ``certId``: the credential's ``id``.

    Nothing is shortened: LinkedIn may cut a very long name on its form.  Raises
    :class:`~microcredential.errors.InvalidDocumentError` when the credential has no name,
    or no issuer name and no ``organization_id`` is given, and :class:`ValueError` for a
    malformed ``organization_id`` or ``cert_url``.
    """
    if organization_id is not None and not _ORGANIZATION_ID.match(str(organization_id)):
        raise ValueError(
            f"organization_id must be the number of the LinkedIn page "
            f"(linkedin.com/company/<number>), not {str(organization_id)[:40]!r}"
        )
    if cert_url is not None and not _WEB_URL.match(cert_url):
        raise ValueError(f"cert_url must be an http(s) address, not {cert_url[:60]!r}")
    summary = summarize(credential)
    problems = []
    if summary.title is None:
        problems.append(
            Problem.at(
                "share.no-name",
                "the achievement has no name for LinkedIn to show; give it a name",
                ("credentialSubject", "achievement", "name"),
            )
        )
    if organization_id is None and summary.issuer_name is None:
        problems.append(
            Problem.at(
                "share.no-issuer-name",
                "the issuer has no name for LinkedIn to show; give issuer.name, or pass the "
                "issuer's LinkedIn organisation id",
                ("issuer",),
            )
        )
    if problems:
        raise InvalidDocumentError.from_problems(problems)
    params: list[tuple[str, str]] = [("startTask", "CERTIFICATION_NAME")]
    params.append(("name", summary.title or ""))
    if organization_id is not None:
        params.append(("organizationId", str(organization_id)))
    else:
        params.append(("organizationName", summary.issuer_name or ""))
    params.extend(_month("issue", summary.issued))
    params.extend(_month("expiration", summary.valid_until))
    url = cert_url
    if url is None and summary.credential_id and _WEB_URL.match(summary.credential_id):
        url = summary.credential_id
    if url is not None:
        params.append(("certUrl", url))
    if summary.credential_id:
        params.append(("certId", summary.credential_id))
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params, quote_via=quote, safe='')}"


def _month(prefix: str, when: _dt.datetime | None) -> list[tuple[str, str]]:
    if when is None:
        return []
    return [(f"{prefix}Year", str(when.year)), (f"{prefix}Month", str(when.month))]
