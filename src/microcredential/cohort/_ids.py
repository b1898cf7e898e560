"""Row keys, credential ids and file names.

A roster row's *key* is stable (the same learner and achievement give the same key, run after
run); a credential's *id* is new for every issuance, and the folder's allocation ledger records
which id (and which status list index) each key got, so that a re-run reuses them.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
import uuid
from typing import Final

from ..quality import normalise_email

#: The namespace of the name-based row keys (a fixed, random UUID of this library).
COHORT_NAMESPACE: Final = uuid.UUID("5f0c2f9e-3b8d-5a57-9d4e-6c1b7e2a4d10")
#: A DID, a URN or an http(s) URL: a recipient given as an identifier, not an e-mail address.
IRI: Final = re.compile(r"^(did:[a-z0-9]+:\S+|urn:[A-Za-z0-9][A-Za-z0-9-]*:\S+|https?://\S+)$")

#: A UUID as ``str(uuid.UUID(...))`` writes it: lower-case hexadecimal in five groups.
_CANONICAL_UUID: Final = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalise_recipient(value: str) -> str:
    """NFC and trimmed; an e-mail address in the form the library hashes (``normalise_email``)."""
    text = unicodedata.normalize("NFC", value.strip())
    return normalise_email(text) if "@" in text and not IRI.match(text) else text


def row_key(achievement_id: str, recipient: str) -> str:
    """The stable key of ``recipient``'s row for ``achievement_id``: the same in every run.

    A ``urn:uuid:`` name-based UUID (version 5) of the achievement id and the normalised
    recipient (e-mail addresses lower-cased).  Folders issued before the allocation ledger
    used it as the credential's id, and such credentials are still recognised.

    >>> row_key("https://hs.example/mc/1", "Jan@Example.NL") == row_key(
    ...     "https://hs.example/mc/1", " jan@example.nl")
    True
    """
    name = f"{achievement_id}\n{normalise_recipient(recipient)}"
    return f"urn:uuid:{uuid.uuid5(COHORT_NAMESPACE, name)}"


#: The former name of :func:`row_key` (deprecated: it is no longer the credential's id).
credential_id_for = row_key


def new_credential_id() -> str:
    """A fresh, random ``urn:uuid:`` (version 4): one per issued credential."""
    return f"urn:uuid:{uuid.uuid4()}"


def safe_file_name(credential_id: str) -> str:
    """A portable file name for a credential id: the UUID for ``urn:uuid:``, else a slug + hash.

    >>> safe_file_name("urn:uuid:0b9a4c1e-6f0e-4d43-9a39-5b1f4c7e2d10")
    '0b9a4c1e-6f0e-4d43-9a39-5b1f4c7e2d10.json'
    >>> safe_file_name("urn:uuid:{0B9A4C1E-6F0E-4D43-9A39-5B1F4C7E2D10}")
    '0b9a4c1e-6f0e-4d43-9a39-5b1f4c7e2d10.json'
    >>> safe_file_name("https://hs.example/c/1")[:22]
    'https_hs.example_c_1-1'
    """
    if credential_id.startswith("urn:uuid:"):
        if _CANONICAL_UUID.fullmatch(credential_id, 9):  # as new_credential_id makes them
            return f"{credential_id[9:]}.json"
        with contextlib.suppress(ValueError):
            return f"{uuid.UUID(credential_id[9:])}.json"
    slug = re.sub(r"[^A-Za-z0-9.-]+", "_", credential_id).strip("._")[:80] or "credential"
    digest = hashlib.sha256(credential_id.encode("utf-8")).hexdigest()[:12]
    return f"{slug}-{digest}.json"
