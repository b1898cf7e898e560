"""Issue the example cohort with the Python API, then verify every credential.

Run from anywhere: ``python examples/issue_cohort.py``. It makes a fresh signing key for the
issuer named in ``achievement-nl.json``, issues one credential per row of ``roster.csv`` into a
temporary folder (three rows are deliberately bad and are skipped), verifies each credential
and prints a summary.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

from microcredential.cohort import issue_cohort, load_achievement
from microcredential.integrity import verify_proofs
from microcredential.keys import Ed25519Key
from microcredential.resolve import StaticResolver

HERE = Path(__file__).resolve().parent


def main() -> int:
    achievement = load_achievement(HERE / "achievement-nl.json")
    issuer_id = achievement["credential"]["issuer"]["id"]
    key = Ed25519Key.generate(controller=issuer_id)  # in practice: Ed25519Key.load(key file)
    # a verifier would fetch the issuer's controller document; here we hand it over
    resolver = StaticResolver([key.controller_document()])
    now = dt.datetime(2026, 2, 15, 9, 0, tzinfo=dt.UTC)  # the date of issuing

    with tempfile.TemporaryDirectory(prefix="cohort-") as folder:
        out = Path(folder)
        report = issue_cohort(achievement, HERE / "roster.csv", key, out_dir=out, now=now)
        print(report.summary())
        for row in report.skipped:
            print(f"  line {row.line}: skipped: {row.reason}")

        verified = 0
        for entry in report.entries:
            credential = json.loads((out / entry.file).read_text(encoding="utf-8"))
            result = verify_proofs(credential, resolver=resolver, now=now)
            verified += result.ok
        print(f"verified {verified} of {len(report.entries)} credentials")

        manifest = json.loads(report.manifest.read_text(encoding="utf-8"))
        print(f"manifest: {len(manifest['rows'])} rows, complete: {manifest['complete']}")
        return 0 if verified == len(report.entries) and report.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
