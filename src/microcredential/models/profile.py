"""Profiles: the issuer, creator or source of a credential or achievement."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Node, OneOrMany, TypeValue, UriOr
from .common import Address, Date, IdentifierEntry, Image

if TYPE_CHECKING:
    from .credential import EndorsementCredential

__all__ = ["Profile"]


class Profile(Node):
    """A person or organisation (``type`` includes ``"Profile"``); ``id`` is required."""

    required_types = (("Profile",),)

    id: str
    type: TypeValue
    name: str | None = None
    url: str | None = None
    phone: str | None = None
    description: str | None = None
    endorsement: OneOrMany[EndorsementCredential] | None = None
    endorsement_jwt: OneOrMany[str] | None = None
    image: UriOr[Image] | None = None
    email: str | None = None
    address: Address | None = None
    other_identifier: OneOrMany[IdentifierEntry] | None = None
    official: str | None = None
    parent_org: UriOr[Profile] | None = None
    family_name: str | None = None
    given_name: str | None = None
    additional_name: str | None = None
    patronymic_name: str | None = None
    honorific_prefix: str | None = None
    honorific_suffix: str | None = None
    family_name_prefix: str | None = None
    date_of_birth: Date | None = None
