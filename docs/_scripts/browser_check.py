"""Check what sharing produces in a real browser: baked badges and the employer's page.

Run from a source checkout with Chromium installed (Debian: ``apt-get install chromium``)::

    python docs/_scripts/browser_check.py [--chromium PATH] [--keep DIR] [--screenshot PNG]

It signs a microcredential with a fresh key, bakes it into a PNG and an SVG badge, reads both
back (``unbake`` and ``verify``), then has headless Chromium decode the two images and read
back a pixel of each.  It also renders the credential's page (``render_html``), has Chromium
load it and checks what it shows, and with ``--screenshot`` saves a picture of it (the one in
the sharing guide).  It exits 1 when an image fails to load or draw, when a credential does
not come back or does not verify, or when the page lacks its title or verdict.  Nothing is
fetched: the page and images are local files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))

import microcredential as mc  # noqa: E402
from microcredential.quality import (  # noqa: E402
    IssuerInfo,
    build_achievement,
    build_credential,
    example_profile,
)
from microcredential.share import bake, render_html, unbake  # noqa: E402

#: Flags for a quiet headless run on a machine without network access.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--allow-file-access-from-files",  # so the page may read back the pixels of its images
)

PAGE = """<!doctype html>
<meta charset="utf-8"><title>baked badges</title>
<img id="png" src="baked.png" alt=""><img id="svg" src="baked.svg" alt="">
<pre id="result"></pre>
<script>
// Decode each image fully and read back a pixel inside the green disc.
async function check(img) {
  try {
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const context = canvas.getContext("2d");
    context.drawImage(img, 0, 0);
    const [r, g, b, a] = context.getImageData(20, 48, 1, 1).data;
    const green = Math.abs(r - 11) + Math.abs(g - 110) + Math.abs(b - 79) < 12 && a === 255;
    return `${img.id} ${green ? "ok" : "FAILED"} ${img.naturalWidth}x${img.naturalHeight} `
      + `pixel(20,48)=${r},${g},${b},${a}`;
  } catch (error) {
    return `${img.id} FAILED ${error}`;
  }
}
window.addEventListener("load", async () => {
  const lines = await Promise.all([...document.images].map(check));
  document.getElementById("result").textContent = lines.join("\\n");
});
</script>
"""

SVG = b"""<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">
  <circle cx="48" cy="48" r="44" fill="#0b6e4f"/>
  <text x="48" y="56" font-size="24" text-anchor="middle" fill="#fff">5 EC</text>
</svg>
"""


def badge_png(size: int = 96) -> bytes:
    """A round green badge as an 8-bit RGBA PNG."""
    rows = bytearray()
    centre = (size - 1) / 2
    for y in range(size):
        rows.append(0)
        for x in range(size):
            inside = (x - centre) ** 2 + (y - centre) ** 2 <= (size * 0.46) ** 2
            rows += bytes((11, 110, 79, 255)) if inside else bytes(4)

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


def signed_credential() -> dict[str, object]:
    key = mc.Ed25519Key.generate()
    unsigned = build_credential(
        build_achievement(example_profile(), id="https://hs.example/mc/ux"),
        recipient="did:example:learner",
        issuer=IssuerInfo(id=key.controller, name="Hogeschool Voorbeeld", country_code="NL"),
        valid_from=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )
    # a name that needs care in both formats: markup, an ampersand and a CDATA end
    unsigned["name"] = "Data & <b>AI</b> ]]> stap één"
    unsigned["credentialSubject"]["identifier"] = [
        {"type": "IdentityObject", "identityHash": "Sanne de Vries", "identityType": "name",
         "hashed": False}
    ]  # fmt: skip
    return mc.sign(unsigned, key)


def chromium(args: argparse.Namespace, folder: Path, *extra: str) -> str:
    command = [args.chromium, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}", *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=120).stdout


def check_page(args: argparse.Namespace, folder: Path, credential: dict[str, object]) -> int:
    """Render the page, load it without scripts, and optionally photograph it."""
    page = folder / "credential.html"
    checked_at = dt.datetime.now(dt.UTC)
    page.write_text(render_html(credential, mc.verify(credential), checked_at=checked_at))
    dom = chromium(args, folder, "--dump-dom", page.as_uri())
    found = {
        "title": '<h1 lang="nl">User research for digital services</h1>' in dom,
        "verdict": "Verification: Verified" in dom,
        "learner": "Sanne de Vries" in dom,
        "without scripts": "<script" not in dom,
    }
    for what, ok in found.items():
        print(f"chromium: page {what} {'ok' if ok else 'MISSING'}")
    if args.screenshot:
        args.screenshot.parent.mkdir(parents=True, exist_ok=True)
        chromium(
            args, folder, "--hide-scrollbars", "--window-size=900,1500",
            f"--screenshot={args.screenshot.resolve()}", page.as_uri(),
        )  # fmt: skip
        print(f"chromium: screenshot {'saved' if args.screenshot.exists() else 'FAILED'}")
    return sum(not ok for ok in found.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    parser.add_argument("--screenshot", type=Path, help="save a picture of the page here")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="baked-"))
    folder.mkdir(parents=True, exist_ok=True)
    credential = signed_credential()
    failures = 0
    for name, image in (("baked.png", badge_png()), ("baked.svg", SVG)):
        baked = bake(image, credential)
        (folder / name).write_bytes(baked)
        found = unbake(baked).json()
        verified = mc.verify(found).ok
        print(f"{name}: unbaked {'the same' if found == credential else 'ANOTHER'} credential, "
              f"{'verified' if verified else 'NOT VERIFIED'}")  # fmt: skip
        failures += found != credential or not verified
    (folder / "page.html").write_text(PAGE, encoding="utf-8")
    try:
        dom = chromium(args, folder, "--virtual-time-budget=5000", "--dump-dom",
                       (folder / "page.html").as_uri())  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as exc:
        print(f"could not run Chromium ({exc}); install it or pass --chromium PATH")
        return 2
    result = re.search(r'<pre id="result">(.*?)</pre>', dom, re.DOTALL)
    lines = result.group(1).splitlines() if result else []
    for line in lines:
        print(f"chromium: {line}")
    failures += len(lines) != 2 or any("FAILED" in line for line in lines)
    failures += check_page(args, folder, credential)
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)
    print("all checks passed" if not failures else f"{failures} check(s) failed")
    print(json.dumps({"chromium": args.chromium, "failures": failures}))
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
