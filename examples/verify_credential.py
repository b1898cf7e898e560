"""Verify a credential you received, as an employer: is it genuine, and is it this person's?

Run from anywhere::

    python examples/verify_credential.py [CREDENTIAL --controller FILE] [--recipient EMAIL]

It verifies the credential (signature, issuer, dates, revocation when a status list is
handed over), prints what it certifies and, with ``--recipient``, whether it was issued to
that e-mail address (credentials store it hashed). The issuer's controller document, which a
verifier would fetch from the issuer's id, is given with ``--controller``. Without a
CREDENTIAL it first issues one with ``issue_credential.py`` into a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

import microcredential as mc
from microcredential.share import render_line


def read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def check(credential_file: Path, controller_file: Path, recipient: str | None) -> int:
    credential = read(credential_file)
    resolver = mc.StaticResolver([read(controller_file)])
    result = mc.verify(credential, resolver=resolver)
    print(f"{credential_file.name}: {result.status.value}")
    print(f"  certifies: {render_line(credential)}")
    for problem in result.errors:
        print(f"  error: {problem.path or '/'}: {problem.message} [{problem.code}]")
    if recipient is None:
        return 0 if result.ok else 1
    matches = mc.recipient_matches(credential, recipient)
    verdict = {True: "yes", False: "no", None: "cannot tell: no e-mail address in it"}[matches]
    print(f"  issued to {recipient}: {verdict}")
    return 0 if result.ok and matches else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("credential", nargs="?", type=Path)
    parser.add_argument("--controller", type=Path, help="the issuer's controller document")
    parser.add_argument("--recipient", metavar="EMAIL")
    args = parser.parse_args(argv)
    if args.credential is not None:
        if args.controller is None:
            parser.error("give the issuer's controller document with --controller")
        return check(args.credential, args.controller, args.recipient)

    from issue_credential import main as issue_one

    with tempfile.TemporaryDirectory() as folder:
        if issue_one(folder) != 0:
            return 1
        return check(
            Path(folder) / "credential.json",
            Path(folder) / "issuer-controller.json",
            args.recipient or "sanne.devries@example.org",
        )


if __name__ == "__main__":
    raise SystemExit(main())
