"""Whose credential is it: the e-mail address a credential was issued to, checked.

Open Badges 3.0 names the learner of a credential by ``credentialSubject.id`` or by the
``IdentityObject`` s in ``credentialSubject.identifier``. An e-mail address is usually there
as an ``IdentityHash`` (``identityType: emailAddress``, ``hashed: true``): the identifier of a
hashing algorithm (``sha256`` or ``md5``), ``$``, and the hex digest of the UTF-8 address with
the ``salt`` appended. Whoever knows the address can recompute the digest; nobody can read
the address back from it.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from typing import Any

from .models import IdentityObject, parse_credential
from .quality import identity_hash, normalise_email

__all__ = ["recipient_matches"]


def recipient_matches(credential: Mapping[str, Any], email: str) -> bool | None:
    """Whether ``credential`` was issued to the e-mail address ``email``.

    Every ``emailAddress`` identifier of the credential's subject is compared: a hashed one
    by recomputing its ``IdentityHash`` (``sha256`` or ``md5``, with its ``salt``, hex digits
    in either case) for ``email`` in the form every issuing path of this library hashes
    (:func:`~microcredential.quality.normalise_email`: Unicode NFC, lower case) and, when that
    differs, as given and in lower case (as other issuers may hash it); a plain one by
    comparing both addresses in that normalised form. A leading ``mailto:`` and surrounding
    spaces are ignored.

    Returns ``True`` when one matches, ``False`` when none does, and ``None`` when the
    credential names no e-mail address at all (its learner is identified otherwise, say by a
    DID in ``credentialSubject.id``), so there is nothing to check against.

    Check the credential with :func:`~microcredential.verify` too: this answers *whose*
    credential it is, not whether it is genuine. Raises
    :class:`~microcredential.InvalidDocumentError` when the document is not a credential.

    >>> import microcredential as mc
    >>> key = mc.Ed25519Key.generate()
    >>> achievement = {"id": "https://example.edu/a/1", "type": ["Achievement"],
    ...                "name": "Teamwork", "criteria": {"narrative": "Works in a team."},
    ...                "description": "Collaborates well."}
    >>> credential = mc.issue(achievement, recipient=mc.hashed_email("jan@example.nl"),
    ...                       key=key)
    >>> mc.recipient_matches(credential, "jan@example.nl")
    True
    >>> mc.recipient_matches(credential, "piet@example.nl")
    False
    """
    if not isinstance(email, str):
        raise TypeError("email must be a string")
    given = email.strip()
    if given[:7].lower() == "mailto:":
        given = given[7:]
    # The library's own form first (what every issuing path hashes), then the address as
    # given and in lower case, as other issuers hash it.
    candidates = list(dict.fromkeys((normalise_email(email), given, given.lower())))
    identities = [
        identity
        for identity in _identifiers(credential)
        if identity.identity_type == "emailAddress"
    ]
    if not identities:
        return None
    return any(_matches(identity, candidates) for identity in identities)


def _identifiers(credential: Mapping[str, Any]) -> list[IdentityObject]:
    identifier = parse_credential(credential).credential_subject.identifier
    values = identifier if isinstance(identifier, list) else [identifier]
    return [value for value in values if isinstance(value, IdentityObject)]


def _matches(identity: IdentityObject, candidates: list[str]) -> bool:
    if not identity.hashed:
        return normalise_email(identity.identity_hash) in candidates
    algorithm, separator, digest = identity.identity_hash.partition("$")
    if not separator or algorithm not in ("sha256", "md5"):
        return False
    wanted = digest.lower().encode("ascii", "replace")
    return any(
        hmac.compare_digest(
            identity_hash(candidate, identity.salt, algorithm=algorithm)
            .partition("$")[2]
            .encode("ascii"),
            wanted,
        )
        for candidate in candidates
    )
