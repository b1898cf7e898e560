"""``recipient_matches``: whose credential it is, by the Open Badges 3.0 ``IdentityHash``."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from microcredential import InvalidDocumentError, hashed_email, issue, recipient_matches
from support import TEAMWORK as ACHIEVEMENT
from support import seeded_key

KEY = seeded_key()


def credential_for(*identities: dict[str, Any], subject_id: str | None = None) -> dict[str, Any]:
    document = issue(ACHIEVEMENT, recipient=subject_id or dict(identities[0]), key=KEY)
    document["credentialSubject"]["identifier"] = [dict(i) for i in identities]
    if not identities:
        del document["credentialSubject"]["identifier"]
    return document


def email_identity(identity_hash: str, salt: str | None = None, **extra: Any) -> dict[str, Any]:
    identity = {
        "type": "IdentityObject",
        "identityHash": identity_hash,
        "identityType": "emailAddress",
        "hashed": True,
        **extra,
    }
    if salt is not None:
        identity["salt"] = salt
    return identity


def test_the_specifications_example() -> None:
    # OB 3.0 IdentityHash: 'a@example.com' salted with 'Kosher' hashes to this value.
    specified = "sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c922ef399"
    credential = credential_for(email_identity(specified, "Kosher"))
    assert recipient_matches(credential, "a@example.com") is True
    assert recipient_matches(credential, "b@example.com") is False
    assert recipient_matches(credential, " mailto:a@example.com ") is True
    upper = credential_for(email_identity("sha256$" + specified[7:].upper(), "Kosher"))
    assert recipient_matches(upper, "a@example.com") is True


def test_md5_and_unsalted_hashes_are_read() -> None:
    digest = hashlib.md5(b"a@example.comKosher", usedforsecurity=False).hexdigest()
    assert recipient_matches(
        credential_for(email_identity(f"md5${digest}", "Kosher")), "a@example.com"
    )
    unsalted = hashlib.sha256(b"a@example.com").hexdigest()
    assert recipient_matches(credential_for(email_identity(f"sha256${unsalted}")), "a@example.com")
    unknown = credential_for(email_identity(f"sha512${unsalted}"))
    assert recipient_matches(unknown, "a@example.com") is False


def test_the_address_as_given_or_in_lower_case() -> None:
    lower = credential_for(hashed_email("jan@example.nl"))
    assert recipient_matches(lower, "Jan@Example.NL") is True
    # Another issuer may hash the address exactly as the learner typed it.
    digest = hashlib.sha256(b"Jan@Example.NLpepper").hexdigest()
    mixed = credential_for(email_identity(f"sha256${digest}", "pepper"))
    assert recipient_matches(mixed, "Jan@Example.NL") is True
    assert recipient_matches(mixed, "jan@example.nl") is False  # the hash is of what was given


def test_every_issuing_path_hashes_one_form_of_the_address() -> None:
    # hashed_email, the input-format builder and the cohort all hash the normalised address,
    # so the learner may give it in any case, with spaces or a mailto: prefix.
    from microcredential.quality import email_identity as build_identity
    from microcredential.quality import identity_hash

    salt = "pepper"
    expected = identity_hash("jan.de.vries@example.nl", salt)
    for written in ("Jan.de.Vries@Example.NL", " jan.de.vries@example.nl ",
                    "mailto:JAN.DE.VRIES@example.nl"):  # fmt: skip
        assert hashed_email(written, salt)["identityHash"] == expected
        assert build_identity(written, salt)["identityHash"] == expected
        assert recipient_matches(credential_for(hashed_email(written)), written.strip()) is True


def test_an_address_in_another_unicode_form_matches_what_the_library_hashed() -> None:
    # The library hashes the NFC form; a learner's keyboard may give the decomposed one
    # ("e" followed by a combining acute accent) for the same address.
    composed, decomposed = "ren\u00e9@example.nl", "rene\u0301@example.nl"
    assert recipient_matches(credential_for(hashed_email(composed)), decomposed) is True
    assert recipient_matches(credential_for(hashed_email(decomposed)), composed) is True
    plain = credential_for(email_identity(composed, hashed=False))
    assert recipient_matches(plain, decomposed.upper()) is True
    assert recipient_matches(plain, "rene@example.nl") is False


def test_a_plain_address_and_every_identifier_are_compared() -> None:
    plain = email_identity("Jan@example.nl", hashed=False)
    name = {"type": "IdentityObject", "identityHash": "Jan", "identityType": "name",
            "hashed": False}  # fmt: skip
    credential = credential_for(name, hashed_email("piet@example.nl"), plain)
    assert recipient_matches(credential, "jan@example.nl") is True
    assert recipient_matches(credential, "piet@example.nl") is True
    assert recipient_matches(credential, "kees@example.nl") is False


def test_no_email_address_to_compare_with() -> None:
    credential = issue(ACHIEVEMENT, recipient="did:example:learner", key=KEY)
    assert recipient_matches(credential, "jan@example.nl") is None


def test_not_a_credential() -> None:
    with pytest.raises(InvalidDocumentError):
        recipient_matches({"type": ["Profile"]}, "jan@example.nl")
