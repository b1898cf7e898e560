"""Sharing a credential: LinkedIn's "Add to profile" link and the summary it is read from.

* :func:`linkedin_url` — the link that fills in LinkedIn's certification form.
* :func:`summarize` → :class:`CredentialSummary` — what a credential says, read once through
  the library's readers, for every way of showing it.
"""

from .linkedin import LINKEDIN_ADD_TO_PROFILE, linkedin_url
from .summary import CredentialSummary, summarize

__all__ = [
    "LINKEDIN_ADD_TO_PROFILE",
    "CredentialSummary",
    "linkedin_url",
    "summarize",
]
