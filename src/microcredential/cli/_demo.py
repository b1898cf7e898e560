"""``demo``: the main job end to end on bundled example data, offline.

An institution's day after a module ends: make (or load) the issuer's key, describe the
microcredential, issue it to every participant on the roster who passed, check each credential
against the quality frameworks, verify each one as an employer would, and show what a forged
credential and a revoked credential look like to that employer.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._files import write_atomic
from .._time import format_datetime
from ._common import EXIT_INVALID, EXIT_OK, EXIT_USAGE, add_output_dir, fail

if TYPE_CHECKING:
    from ..cohort import CohortReport
    from ..keys import Ed25519Key
    from ..status import IssuerStatusList

#: The demo's "today": the day the example cohort's credentials are issued.
DEMO_NOW = dt.datetime(2026, 2, 15, 9, 0, tzinfo=dt.UTC)
_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def demo_file(name: str) -> Path:
    """A bundled example file (``examples/`` in a source checkout)."""
    bundled = resources.files("microcredential").joinpath("_data", name)
    if bundled.is_file():
        return Path(str(bundled))
    return _EXAMPLES / name


class _Steps:
    def __init__(self) -> None:
        self.number = 0
        self.failed: list[str] = []

    def report(self, text: str, *, ok: bool = True) -> None:
        self.number += 1
        mark = "ok" if ok else "FAILED"
        print(f"[{self.number}] {text} ... {mark}")
        if not ok:
            self.failed.append(text)


def _demo(args: argparse.Namespace) -> int:
    out = _output_folder(args.output_dir)
    keep_key = bool(args.output_dir)
    steps = _Steps()
    issued = _issue(out, steps, keep_key=keep_key)
    _verify_as_an_employer(out, steps, issued)
    _print_where(out, issued.report, keep_key)
    if steps.failed:
        print(f"demo: {len(steps.failed)} step(s) did not behave as expected")
        return EXIT_INVALID
    return EXIT_OK


def _output_folder(output_dir: str | None) -> Path:
    """The folder the demo writes to: a new or empty one the user named, else a temporary
    one."""
    if not output_dir:
        return Path(tempfile.mkdtemp(prefix="microcredential-demo-"))
    out = Path(output_dir)
    if out.exists() and not out.is_dir():
        fail(f"{out}: is a file; --output-dir takes a folder (new or empty)", EXIT_USAGE)
    if out.is_dir() and any(out.iterdir()):
        fail(
            f"{out}: the folder is not empty; the demo starts from scratch, so give a new "
            "or empty folder (or leave out --output-dir for a temporary one)",
            EXIT_USAGE,
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"{out}: cannot create the folder: {exc.strerror or exc}", EXIT_USAGE)
    return out


def _save(out: Path, name: str, document: Any, *, personal: bool = False) -> Path:
    """Write a document; one about a learner is readable by its owner only."""
    path = out / name
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_atomic(path, text, mode=0o600 if personal else 0o644)
    return path


@dataclass
class _Issued:
    """What the issuing steps leave for the employer's: the key, the status list, the run."""

    key: Ed25519Key
    controller_document: dict[str, Any]
    status_list: IssuerStatusList
    report: CohortReport
    credentials: list[dict[str, Any]]


def _issue(out: Path, steps: _Steps, *, keep_key: bool) -> _Issued:
    """Steps 1 to 4: the issuer's key, the microcredential, the cohort issued with a
    revocation list, and the quality frameworks."""
    from .. import check_quality, issue_cohort
    from ..cohort import load_achievement
    from ..keys import Ed25519Key
    from ..status import IssuerStatusList

    # 1. The issuer and its key.
    achievement = load_achievement(demo_file("achievement-nl.json"))
    issuer_id: str = achievement["credential"]["issuer"]["id"]
    key = Ed25519Key.generate(controller=issuer_id)
    if keep_key:  # a folder the user chose; a temporary folder never holds a secret
        key.save(out / "issuer-key.json", overwrite=True)
        where = "secret in issuer-key.json, 0600"
    else:
        where = "its secret kept in memory only, never written to the temporary folder"
    controller_document = key.controller_document()
    _save(out, "issuer-controller-document.json", controller_document)
    steps.report(f"made an Ed25519 signing key for {issuer_id} ({where})")

    # 2. The microcredential.
    steps.report(
        f"described the microcredential {achievement['title']!r}: "
        f"{achievement['ects']} EC, EQF level {achievement['eqfLevel']}"
    )

    # 3. Issue the cohort, with a revocation list.
    status_list = IssuerStatusList.create(f"{issuer_id}/status/1", purpose="revocation")
    report = issue_cohort(
        achievement,
        demo_file("roster.csv"),
        key,
        out_dir=out / "credentials",
        profiles=("ob3", "eu", "nl"),
        status_list=status_list,
        now=DEMO_NOW,
        workers=1,
        durable=False,
    )
    steps.report(
        f"issued {report.issued} credentials from roster.csv; skipped {len(report.skipped)} "
        "bad rows: " + "; ".join(f"line {row.line}: {row.reason}" for row in report.skipped),
        ok=report.issued > 0 and report.ok,
    )
    credentials = [
        json.loads((out / "credentials" / entry.file).read_text("utf-8"))
        for entry in report.entries
    ]

    # 4. Quality frameworks.
    reports = [check_quality(c, profiles=("eu", "nl"), today=DEMO_NOW.date()) for c in credentials]
    clean = sum(r.ok for r in reports)
    steps.report(
        f"checked every credential against the EU Annex I and the Dutch framework: "
        f"{clean} of {len(reports)} without errors",
        ok=clean == len(reports),
    )
    return _Issued(key, controller_document, status_list, report, credentials)


def _verify_as_an_employer(out: Path, steps: _Steps, issued: _Issued) -> None:
    """Steps 5 to 7: every credential verified, then a forged one and a revoked one."""
    from .. import status_list_credential, verify
    from ..resolve import StaticResolver

    # 5. Verify every credential as an employer would.
    resolver = StaticResolver([issued.controller_document])
    credentials, key, status_list = issued.credentials, issued.key, issued.status_list
    list_credential = status_list_credential(status_list, key, valid_from=DEMO_NOW)
    _save(out, "status-list.json", list_credential)

    def check(document: dict[str, Any], lists: list[dict[str, Any]]) -> Any:
        return verify(document, resolver=resolver, status=lists, now=DEMO_NOW)

    results = [check(c, [list_credential]) for c in credentials]
    verified = sum(r.ok for r in results)
    steps.report(
        f"verified every credential (signature, issuer, dates, revocation): "
        f"{verified} of {len(results)} verified",
        ok=verified == len(results),
    )

    # 6. A forged credential.
    forged = copy.deepcopy(credentials[0])
    forged["credentialSubject"]["achievement"]["creditsAvailable"] = 30
    _save(out, "forged-credential.json", forged, personal=True)
    forged_result = check(forged, [list_credential])
    codes = sorted({p.code for p in forged_result.problems if p.severity.value == "error"})
    steps.report(
        f"changed one credential's EC from 5 to 30: {forged_result.status.value} "
        f"({', '.join(codes)})",
        ok=not forged_result.ok and "proof.signature-mismatch" in codes,
    )

    # 7. Revoke one and publish the new list.
    revoked = credentials[-1]
    status_list.revoke(int(revoked["credentialStatus"]["statusListIndex"]))
    new_list = status_list_credential(status_list, key, valid_from=DEMO_NOW)
    _save(out, "status-list.json", new_list)
    revoked_result = check(revoked, [new_list])
    codes = sorted({p.code for p in revoked_result.problems if p.severity.value == "error"})
    others_ok = all(check(c, [new_list]).ok for c in credentials[:-1])
    steps.report(
        f"revoked {revoked['id']}: {revoked_result.status.value} ({', '.join(codes)}); "
        f"the others still verify",
        ok=not revoked_result.ok and "status.revoked" in codes and others_ok,
    )


def _print_where(out: Path, report: Any, keep_key: bool) -> None:
    print(f"\nfiles: {out}")
    listing: list[tuple[str, str]] = [
        ("credentials/", f"{report.issued} signed credentials and manifest.json"),
        ("status-list.json", "the signed revocation list (publish at its id)"),
        ("issuer-controller-document.json", "the issuer's public key, as verifiers see it"),
        ("forged-credential.json", "the tampered copy"),
    ]
    if keep_key:
        listing.append(
            ("issuer-key.json", "the issuer's secret key: keep it safe, never publish it")
        )
    width = max(len(name) for name, _ in listing)
    for name, text in listing:
        print(f"  {name.ljust(width)}  {text}")
    print(
        f"try: microcredential verify {out}/forged-credential.json "
        f"--controller {out}/issuer-controller-document.json"
    )
    print(
        f"     microcredential verify {out}/credentials/*.json "
        f"--controller {out}/issuer-controller-document.json "
        f"--status-list {out}/status-list.json --now {format_datetime(DEMO_NOW)}"
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run the main job end to end on bundled example data (offline)",
        description=(
            "Run the main job end to end on bundled example data, offline: make an issuer "
            "key, issue a cohort, check the credentials against the quality frameworks, "
            "verify them as an employer would, and show a forged and a revoked one failing."
        ),
    )
    add_output_dir(parser, "the files", default="a new temporary folder")
    parser.set_defaults(handler=_demo)
