"""Share a credential you hold: a LinkedIn link, a badge image that carries it, a page to print.

Run from anywhere: ``python examples/share_credential.py [CREDENTIAL] [FOLDER]``. For the
learner's credential (without CREDENTIAL: one issued with ``issue_credential.py``) it prints
the one line that says what it certifies and LinkedIn's "Add to profile" link, bakes the
credential into an SVG badge image and reads it back, and renders the page an employer can
read and print. With FOLDER the badge and page are written there.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from microcredential.share import bake, linkedin_url, render_html, render_line, unbake

BADGE = (  # the institution's badge artwork: an SVG, or a PNG
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">'
    b'<circle cx="32" cy="32" r="30" fill="#0b6"/></svg>'
)


def share(credential: dict[str, Any], folder: Path | None) -> int:
    print(render_line(credential))
    print(linkedin_url(credential))
    baked = bake(BADGE, credential)
    back = unbake(baked).json()
    page = render_html(credential)  # with a verification result, the page shows the verdict
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "badge.svg").write_bytes(baked)
        (folder / "credential.html").write_text(page, encoding="utf-8")
        print(f"wrote {folder / 'badge.svg'} and {folder / 'credential.html'}")
    return 0 if back == credential else 1


def main(argv: list[str]) -> int:
    if argv:
        credential = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
        return share(credential, Path(argv[1]) if len(argv) > 1 else None)

    from issue_credential import main as issue_one

    with tempfile.TemporaryDirectory() as folder:
        if issue_one(folder) != 0:
            return 1
        credential = json.loads((Path(folder) / "credential.json").read_text(encoding="utf-8"))
        return share(credential, Path(folder) / "shared")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
