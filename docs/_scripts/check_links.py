"""Check that every link inside a built HTML documentation leads somewhere.

Run after the HTML build, on its output folder::

    python docs/_scripts/check_links.py docs/_build/html

Every ``href`` and ``src`` of the pages that points inside the site (not ``https:``,
``mailto:`` and the like) must name a file that exists, and its ``#fragment`` an element of
that page with that ``id``; the "[docs]" links of the source view included. Nothing is
fetched: links to other sites are for ``sphinx -b linkcheck``. Exits 1 and lists the dead
links when there are any.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

_EXTERNAL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in ("href", "src") and tag in ("a", "link", "img", "script"):
                self.links.append(value)


def dead_links(root: Path) -> list[str]:
    pages: dict[Path, _Page] = {}
    for path in sorted(root.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.resolve()] = page
    dead = []
    for path, page in pages.items():
        for link in page.links:
            if _EXTERNAL.match(link):
                continue
            parts = urlsplit(link)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            where = f"{path.relative_to(root.resolve())}: {link}"
            if not target.exists():
                dead.append(f"{where}: no such file")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in pages[target].ids
            ):
                dead.append(f"{where}: no element with this id")
    return dead


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    dead = dead_links(Path(argv[0]))
    for line in dead:
        print(line)
    print(f"{len(dead)} dead links", file=sys.stderr)
    return 1 if dead else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
