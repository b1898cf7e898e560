"""Credential status: W3C Bitstring Status List v1.0, plus the older formats (check only).

Building block (documents in, documents out; inputs are never mutated):

* :class:`StatusList` — the bitstring itself: get/set an entry, ``encodedList`` encoding
  (GZIP then multibase base64url without padding, ``u`` prefix) and decoding with a cap on
  the decompressed size.
* :class:`IssuerStatusList` — the issuer's side: random allocation of unused indexes,
  revoke / suspend / reinstate, JSON persistence, and the *unsigned*
  ``BitstringStatusListCredential`` and ``credentialStatus`` entry.  Signing is done elsewhere.
* :func:`check_status` — the verifier's side: one :class:`EntryStatus` per
  ``credentialStatus`` entry, with :class:`~microcredential.Problem` codes ``status.*``.
  The list credential is obtained through a :class:`~microcredential.fetch.Fetcher` and its
  proof is checked by a caller-supplied ``verify_list`` callable.  A list published as a
  compact VC-JWT (its payload the list credential, VC-JOSE-COSE) is read too, as an
  :class:`EnvelopedCredential`.

Also read (never written): ``StatusList2021Entry`` / ``StatusList2021Credential`` (W3C CCG
Status List 2021, ``encodedList`` is GZIP then base64 *without* a multibase prefix) and the
1EdTech Revocation List Status Method (``1EdTechRevocationList``).

Spec: https://www.w3.org/TR/vc-bitstring-status-list/

The code lives in private modules named after their job: ``_bitstring`` (the codec),
``_issuer`` (the issuer's state and its state file), ``_fetcher`` (lists the caller holds),
``_check`` with ``_list_credential``, ``_bitstring_entry`` and ``_revocation_list`` (the
verifier's check), ``_results`` (what it reports) and ``_spec`` (names and limits).
"""

from .._deprecated import renamed_attributes as _renamed_attributes
from . import _issuer, _list_credential, _spec
from ._bitstring import StatusList
from ._check import check_status
from ._fetcher import StaticStatusListFetcher
from ._issuer import IssuerStatusList, edit_state_file
from ._list_credential import EnvelopedCredential
from ._results import EntryStatus, StatusOutcome, StatusResult
from ._spec import parse_status_index

__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_STATUS_SIZE",
    "MIN_ENTRIES",
    "STATE_FORMAT",
    "EntryStatus",
    "EnvelopedCredential",
    "IssuerStatusList",
    "StaticStatusListFetcher",
    "StatusList",
    "StatusOutcome",
    "StatusResult",
    "VerifyList",
    "check_status",
    "edit_state_file",
    "parse_status_index",
]

#: The spec's minimum number of entries in a list (``minimumNumberOfEntries``): 131,072,
#: i.e. 16 KB of single-bit entries.
MIN_ENTRIES = _spec.MIN_ENTRIES
#: Default cap on the decompressed bitstring (16 MiB = 134 million single-bit entries).
DEFAULT_MAX_BYTES = _spec.DEFAULT_MAX_BYTES
#: The largest ``statusSize`` accepted.
MAX_STATUS_SIZE = _spec.MAX_STATUS_SIZE
#: The ``format`` member of the issuer's state file (:meth:`IssuerStatusList.to_json`).
STATE_FORMAT = _issuer.STATE_FORMAT
#: The type of ``check_status(verify_list=...)``: takes the list credential, returns True /
#: False or the problems found (none: verified).  A list published as a VC-JWT is given as
#: an :class:`EnvelopedCredential`, whose ``token`` is what to check.
VerifyList = _list_credential.VerifyList

# Shown (in reprs, tracebacks and the API reference) where users import them from.
for _value in (
    EnvelopedCredential,
    EntryStatus,
    IssuerStatusList,
    StaticStatusListFetcher,
    StatusList,
    StatusOutcome,
    StatusResult,
    check_status,
    edit_state_file,
    parse_status_index,
):
    _value.__module__ = __name__
del _value


def _fetcher_protocol() -> object:
    from ..fetch import Fetcher

    return Fetcher


# The status list fetcher protocol is now the one fetcher protocol; kept for one release.
__getattr__ = _renamed_attributes(
    __name__, {"StatusListFetcher": ("microcredential.fetch.Fetcher", _fetcher_protocol)}
)
