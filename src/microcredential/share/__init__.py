"""Sharing a credential: LinkedIn, badge images, and the summary they are read from.

* :func:`linkedin_url` — the link that fills in LinkedIn's certification form.
* :func:`bake` / :func:`unbake` → :class:`BakedCredential` — a credential inside a PNG or
  SVG badge image, as Open Badges 3.0 specifies (2.0 images are read too).
* :func:`render_html` / :func:`render_text` — a page an employer can read (and print), with
  the verification verdict and its reasons, or a plain statement that it was not verified;
  :func:`render_line` — one line saying what a credential certifies.
* :func:`summarize` → :class:`CredentialSummary` — what a credential says, read once through
  the library's readers, for every way of showing it.
"""

from .baking import BakedCredential, bake, unbake
from .linkedin import LINKEDIN_ADD_TO_PROFILE, linkedin_url
from .page import render_html, render_line, render_text
from .summary import CredentialSummary, summarize

__all__ = [
    "LINKEDIN_ADD_TO_PROFILE",
    "BakedCredential",
    "CredentialSummary",
    "bake",
    "linkedin_url",
    "render_html",
    "render_line",
    "render_text",
    "summarize",
    "unbake",
]
