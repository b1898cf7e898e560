"""A page an employer can read: one self-contained HTML file, and the same in plain text.

:func:`render_html` writes what a credential says — what was achieved, by whom, from which
institution, when and until when — with the verification verdict and its reasons at the top.
The page is a single file with its style inline and nothing else: no scripts, no fonts, no
images from elsewhere (a content security policy forbids them even to a browser that would
try), so it opens offline, can be mailed or archived, and prints on paper as it reads on
screen.  Every value from the credential is escaped: a name holding markup shows as text.

Without a verification result the page says in so many words that the credential was **not
verified**; it never shows a verdict it was not given.  :func:`render_text` gives the same
content for a terminal, and :func:`render_line` one line saying what was certified, for a
verifier's report.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from ..verification import CheckStatus, VerificationResult, VerificationStatus
from .summary import CredentialSummary, summarize

__all__ = ["render_html", "render_line", "render_text"]

_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: What each verification check establishes, in a reader's words.
_CHECKS = {
    "structure": "The credential is well formed",
    "context-and-type": "It is an Open Badges 3.0 credential",
    "subject": "The learner is identified",
    "proof": "The issuer's digital signature is intact",
    "issuer-binding": "The signing key belongs to the issuer",
    "refresh-service": "Refresh service (not used)",
    "credential-status": "It has not been revoked or suspended",
    "validity-period": "It is within its period of validity",
    "endorsements": "Its endorsements verify",
}
_MARKS = {
    CheckStatus.PASSED: "passed",
    CheckStatus.FAILED: "FAILED",
    CheckStatus.INDETERMINATE: "could not be checked",
    CheckStatus.SKIPPED: "not checked",
    CheckStatus.NOT_APPLICABLE: "not applicable",
}
_WEB = re.compile(r"^https?://[^\s\"'<>]+$", re.IGNORECASE)

_STYLE = """
:root { color-scheme: light; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1a1a1a;
  background: #fff; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: .25rem 0 1rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #bbb; }
.kind { text-transform: uppercase; letter-spacing: .05em; font-size: .85rem; color: #444; }
.verdict { border: 3px solid; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
.verdict p { margin: .25rem 0; }
.verdict .headline { font-size: 1.15rem; font-weight: 700; }
.verified { border-color: #176b2c; background: #eef8f0; }
.invalid { border-color: #a4161a; background: #fdf0f0; }
.indeterminate, .unverified { border-color: #8a5a00; background: #fff7e6; }
dl { display: grid; grid-template-columns: minmax(9rem, max-content) 1fr; gap: .3rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; }
.text { white-space: pre-line; }
ul.checks { list-style: none; padding-left: 0; }
code { font-size: .9em; word-break: break-all; }
footer { margin-top: 2.5rem; font-size: .85rem; color: #444; }
a { color: #0b4f8a; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .verdict { background: none; }
  h2, dt { break-after: avoid; }
  dl, li, .verdict { break-inside: avoid; }
  a[href]::after { content: " (" attr(href) ")"; font-size: .85em; word-break: break-all; }
}
"""
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def render_html(
    credential: Mapping[str, Any],
    result: VerificationResult | None = None,
    *,
    checked_at: _dt.datetime | None = None,
) -> str:
    """The credential as a self-contained, accessible HTML page (a complete document).

    ``result`` is the :class:`~microcredential.VerificationResult` of *this* credential
    (its id must match); without one the page says the credential was not verified.
    ``checked_at`` is when it was verified, shown beside the verdict.  Raises
    :class:`~microcredential.errors.InvalidDocumentError` when the document is not an Open
    Badges credential, and :class:`ValueError` when ``result`` is another credential's.
    """
    summary = summarize(credential)
    _check_result(credential, summary, result)
    title = summary.title or "Credential"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}{_e(' — ' + summary.issuer_name) if summary.issuer_name else ''}"
        "</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f'<p class="kind">{_e(_kind(summary))}</p>',
        f"<h1{_lang(summary)}>{_e(title)}</h1>",
        "</header>",
        _verdict_html(result, checked_at),
        '<section aria-labelledby="achieved">',
        '<h2 id="achieved">What was achieved</h2>',
    ]
    if summary.description:
        parts.append(f'<p class="text"{_lang(summary)}>{_e(summary.description)}</p>')
    parts.append(_facts_html(_achievement_facts(summary)))
    if summary.learning_outcomes:
        parts.append("<h3>Learning outcomes</h3>")
        parts.append(f"<ul{_lang(summary)}>")
        for outcome in summary.learning_outcomes:
            parts.append(f'<li class="text">{_e(outcome.text)}{_link(outcome.url)}</li>')
        parts.append("</ul>")
    if summary.criteria:
        parts.append("<h3>How it was earned</h3>")
        parts.append(f'<p class="text"{_lang(summary)}>{_e(summary.criteria)}</p>')
    parts += [
        "</section>",
        '<section aria-labelledby="who">',
        '<h2 id="who">Awarded to, by and when</h2>',
        _facts_html(_award_facts(summary, html_links=True)),
        "</section>",
        "</main>",
        "<footer>",
        f"<p>Credential ID: <code>{_e(summary.credential_id or '(none)')}</code></p>",
        "<p>This page shows what the credential file says. The credential itself is the "
        "evidence: keep it with this page, and verify it to rely on it.</p>",
        "</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def render_text(
    credential: Mapping[str, Any],
    result: VerificationResult | None = None,
    *,
    checked_at: _dt.datetime | None = None,
) -> str:
    """The same content as :func:`render_html`, as plain text for a terminal."""
    summary = summarize(credential)
    _check_result(credential, summary, result)
    title = summary.title or "Credential"
    lines = [f"{_kind(summary)}: {title}", "=" * min(78, len(_kind(summary)) + 2 + len(title))]
    lines += _verdict_lines(result, checked_at)
    lines += ["", "What was achieved", "-----------------"]
    if summary.description:
        lines += [summary.description.strip(), ""]
    lines += _fact_lines(_achievement_facts(summary))
    if summary.learning_outcomes:
        lines.append("Learning outcomes:")
        lines += [f"  - {_one_line(o.text)}" for o in summary.learning_outcomes]
    if summary.criteria:
        lines += ["How it was earned:", f"  {_one_line(summary.criteria)}"]
    lines += ["", "Awarded to, by and when", "-----------------------"]
    lines += _fact_lines(_award_facts(summary, html_links=False))
    lines += ["", f"Credential ID: {summary.credential_id or '(none)'}"]
    return "\n".join(lines) + "\n"


def render_line(credential: Mapping[str, Any]) -> str:
    """One line saying what ``credential`` certifies: the title, study load and level, the
    issuer and the learner (by a plain-text name, or as the holder of the subject's id; a
    hashed identifier is never shown).

    Raises :class:`~microcredential.errors.InvalidDocumentError` as :func:`summarize` does.
    """
    s = summarize(credential)
    facts = [f"{_number(s.ects)} EC"] if s.ects is not None else []
    if s.eqf_level is not None:
        facts.append(f"EQF level {s.eqf_level}")
    if s.grade is not None:
        facts.append(f"result {s.grade}")
    title = _one_line(s.title or "a credential without a title")
    what = f"{title} ({', '.join(facts)})" if facts else title
    issuer = _one_line(s.issuer_name) if s.issuer_name else s.issuer_id or "an unnamed issuer"
    if s.learner_name:
        learner = _one_line(s.learner_name)
    elif s.learner_id:
        learner = f"the holder of {s.learner_id}"
    elif s.learner_hashed:
        learner = "a learner named by a hashed identifier"
    else:
        learner = "an unnamed learner"
    return f"{what}, issued by {issuer} to {learner}"


# -- the verdict -------------------------------------------------------------------------------


def _check_result(
    credential: Mapping[str, Any], summary: CredentialSummary, result: VerificationResult | None
) -> None:
    if result is None:
        return
    if not isinstance(result, VerificationResult):
        raise TypeError(f"result must be a VerificationResult, not {type(result).__name__}")
    if result.credential_id != summary.credential_id:
        raise ValueError(
            f"the verification result is for {result.credential_id!r}, not for this credential "
            f"({summary.credential_id!r}); verify this credential"
        )
    if not result.describes(credential):
        # the same id, other content: the page would show unverified content as verified
        raise ValueError(
            f"the verification result is for another document with the id "
            f"{summary.credential_id!r}: this credential differs from the one verified; "
            "verify this credential"
        )


def _headline(result: VerificationResult | None) -> tuple[str, str, str]:
    """(css class, headline, explanation)."""
    if result is None:
        return (
            "unverified",
            "Not verified",
            "What follows is what the credential says; it has not been checked. Verify the "
            "credential file (for example with 'microcredential verify') before relying on it.",
        )
    if result.status is VerificationStatus.VERIFIED:
        return (
            "verified",
            "Verified",
            "Every check that applies passed: the credential is unchanged since the issuer ID "
            "below signed it, it is within its period of validity, and it is not revoked where "
            "the issuer publishes a status. The issuer's name is what that issuer states about "
            "itself: to rely on it, check that the issuer ID is the one the institution "
            "publishes.",
        )
    if result.status is VerificationStatus.INVALID:
        return (
            "invalid",
            "Not valid — do not rely on this credential",
            "A check failed: the reasons are listed below.",
        )
    return (
        "indeterminate",
        "Could not be verified",
        "Nothing checked was wrong, but some checks could not be completed, so the credential "
        "is not verified. Supply what is missing (listed below) and verify it again.",
    )


def _reasons(result: VerificationResult) -> list[tuple[str, str, list[str]]]:
    """(check label, mark, problem messages) for each check worth showing."""
    out = []
    for check in result.checks:
        if check.name == "refresh-service" and not check.problems:
            continue
        label = _CHECKS.get(check.name, check.name)
        messages = [f"{p.message} [{p.code}]" for p in check.problems]
        out.append((label, _MARKS[check.status], messages))
    return out


def _verdict_html(result: VerificationResult | None, checked_at: _dt.datetime | None) -> str:
    css, headline, explanation = _headline(result)
    when = f" on {_date_html(checked_at)}" if checked_at is not None and result is not None else ""
    parts = [
        f'<section class="verdict {css}" aria-labelledby="verdict">',
        f'<p class="headline" id="verdict">Verification: {_e(headline)}{when}</p>',
        f"<p>{_e(explanation)}</p>",
    ]
    if result is not None:
        parts.append('<ul class="checks">')
        for label, mark, messages in _reasons(result):
            items = "".join(f"<li>{_e(m)}</li>" for m in messages)
            detail = f"<ul>{items}</ul>" if items else ""
            parts.append(f"<li><strong>{_e(mark)}:</strong> {_e(label)}{detail}</li>")
        parts.append("</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _verdict_lines(result: VerificationResult | None, checked_at: _dt.datetime | None) -> list[str]:
    _, headline, explanation = _headline(result)
    when = f" on {_date(checked_at)}" if checked_at is not None and result is not None else ""
    lines = [f"Verification: {headline.upper()}{when}"]
    lines += textwrap.wrap(explanation, 78, initial_indent="  ", subsequent_indent="  ")
    if result is not None:
        for label, mark, messages in _reasons(result):
            lines.append(f"  [{mark}] {label}")
            lines += [f"      {m}" for m in messages]
    return lines


# -- the facts ---------------------------------------------------------------------------------

_Fact = tuple[str, str, str | None]  # label, text, link


def _achievement_facts(s: CredentialSummary) -> list[_Fact]:
    facts: list[_Fact] = []
    workload = []
    if s.ects is not None:
        workload.append(f"{_number(s.ects)} EC (ECTS credits)")
    if s.hours is not None:
        workload.append(f"{_number(s.hours)} hours of study")
    if workload:
        facts.append(("Study load", ", ".join(workload), None))
    levels = []
    if s.eqf_level is not None:
        levels.append(f"EQF level {s.eqf_level}")
    if s.nlqf_level is not None:
        entry = s.nlqf_level == "entry"
        levels.append("NLQF entry level" if entry else f"NLQF level {s.nlqf_level}")
    if s.qf_ehea_cycle is not None:
        cycle = "short cycle" if s.qf_ehea_cycle == "short" else f"cycle {s.qf_ehea_cycle}"
        levels.append(f"QF-EHEA {cycle}")
    if levels:
        facts.append(("Level", ", ".join(levels), None))
    if s.assessment_types:
        facts.append(("Assessment", ", ".join(a.label for a in s.assessment_types), None))
    if s.supervision is not None:
        facts.append(("Supervision", s.supervision.label, None))
    if s.participation_forms:
        facts.append(("Participation", ", ".join(p.label for p in s.participation_forms), None))
    if s.quality_assurance is not None:
        qa = s.quality_assurance
        text = qa.name + (f"\n{qa.description}" if qa.description else "")
        facts.append(("Quality assurance", text, qa.url))
    if s.grade is not None:
        facts.append(("Result", s.grade, None))
    if s.language is not None:
        facts.append(("Language of instruction", s.language, None))
    return facts


def _award_facts(s: CredentialSummary, *, html_links: bool) -> list[_Fact]:
    facts: list[_Fact] = []
    if s.learner_name:
        learner = s.learner_name
    elif s.learner_id:
        learner = f"the holder of {s.learner_id}"
    elif s.learner_hashed:
        learner = "a learner identified by a hashed identifier (not shown)"
    else:
        learner = "(not named in the credential)"
    facts.append(("Awarded to", learner, None))
    issuer = s.issuer_name or "(no name given)"
    if s.issuer_country:
        issuer += f" ({s.issuer_country})"
    facts.append(("Issued by", issuer, s.issuer_url))
    if s.issuer_id and (html_links or s.issuer_id != s.issuer_url):
        facts.append(("Issuer ID", s.issuer_id, None))
    if s.awarded is not None:
        facts.append(("Awarded on", _date(s.awarded), None))
    if s.valid_from is not None:
        facts.append(("Valid from", _date(s.valid_from), None))
    facts.append(("Valid until", _date(s.valid_until) if s.valid_until else "no end date", None))
    return facts


def _facts_html(facts: Iterable[_Fact]) -> str:
    rows = []
    for label, text, link in facts:
        rows.append(f'<dt>{_e(label)}</dt><dd class="text">{_e(text)}{_link(link)}</dd>')
    return f"<dl>{''.join(rows)}</dl>" if rows else ""


def _fact_lines(facts: Iterable[_Fact]) -> list[str]:
    lines = []
    for label, text, link in facts:
        first, *rest = text.splitlines() or [""]
        lines.append(f"{label + ':':<24} {first}")
        lines += [f"{'':<24} {line}" for line in rest]
        if link:
            lines.append(f"{'':<24} {link}")
    return lines


# -- small helpers -----------------------------------------------------------------------------


def _e(text: str) -> str:
    """``text`` escaped for HTML text and attribute values alike (quotes included)."""
    return html.escape(text, quote=True)


def _link(url: str | None) -> str:
    """A link after a value, for web addresses only (never ``javascript:`` or the like)."""
    if not url or not _WEB.match(url):
        return ""
    return f' <a href="{_e(url)}">{_e(url)}</a>'


def _kind(s: CredentialSummary) -> str:
    return {"MicroCredential": "Microcredential"}.get(s.achievement_type or "", "Open Badge")


def _lang(s: CredentialSummary) -> str:
    """A ``lang`` attribute for the credential's own text, when it names its language."""
    language = s.language
    if language is None or not re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*", language):
        return ""
    return f' lang="{_e(language)}"'


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _date(value: _dt.datetime) -> str:
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _date_html(value: _dt.datetime) -> str:
    return f'<time datetime="{_e(value.isoformat())}">{_e(_date(value))}</time>'


def _one_line(text: str) -> str:
    return " ".join(text.split())
