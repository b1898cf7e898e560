"""Issue one microcredential, check it against the quality frameworks, and verify it.

Run from anywhere: ``python examples/issue_credential.py [FOLDER]``. It reads the Dutch
example microcredential of ``achievement-nl.json``, makes a signing key for its issuer, issues
it to one learner (the e-mail address is stored hashed, the name in plain text), checks it
against the EU Annex I elements and the Dutch framework, and verifies it as anyone would.
With FOLDER, the credential and the issuer's public controller document are written there
(the secret key never is).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import microcredential as mc
from microcredential.quality import parse_input
from microcredential.quality.builder import issuer_profile

HERE = Path(__file__).resolve().parent


def main(folder: str | None = None) -> int:
    # The microcredential described once, in the plain input format; its "credential" block
    # names the issuer, whose id is where the issuer publishes its controller document.
    spec = parse_input(json.loads((HERE / "achievement-nl.json").read_text(encoding="utf-8")))
    assert spec.issuer is not None
    key = mc.Ed25519Key.generate(controller=spec.issuer.id)  # in practice: Ed25519Key.load(...)
    achievement = mc.build_achievement(spec.profile, id=spec.id, encoding=spec.encoding)
    credential = mc.issue(
        achievement,
        recipient=mc.hashed_email("sanne.devries@example.org"),
        learner_name="Sanne de Vries",
        grade="8,5",  # checked against the achievement's grading scheme, written as 8.5
        issuer=issuer_profile(spec.issuer),
        key=key,
    )
    assert isinstance(credential, dict)

    report = mc.check_quality(credential, profiles=("eu", "nl"))
    print(f"quality: {len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    # A verifier fetches the issuer's controller document from its id; here it is handed over.
    result = mc.verify(credential, resolver=mc.StaticResolver([key.controller_document()]))
    print(
        f"verify: {result.status.value}: {credential['credentialSubject']['achievement']['name']}"
    )

    if folder is not None:
        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        (out / "credential.json").write_text(json.dumps(credential, indent=2), encoding="utf-8")
        controller = json.dumps(key.controller_document(), indent=2)
        (out / "issuer-controller.json").write_text(controller, encoding="utf-8")
        print(f"wrote {out / 'credential.json'} and {out / 'issuer-controller.json'}")
    return 0 if report.ok and result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:2]))
