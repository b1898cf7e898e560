"""Reading a credential baked into a badge image, for the commands that accept images."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from ..errors import DocumentTooLargeError, InvalidDocumentError
from ..problems import Problem
from ..share.baking import unbake
from ._common import EXIT_USAGE, fail, unreadable


def read_bytes(path: str, max_bytes: int) -> bytes:
    """All of ``path`` ('-' is standard input); an unreadable or too large file stops the
    command (exit 2)."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(max_bytes + 1)
        else:
            with open(path, "rb") as file:
                data = file.read(max_bytes + 1)
    except OSError as exc:
        fail(unreadable(path, exc), EXIT_USAGE)
    if len(data) > max_bytes:
        fail(f"{path}: larger than {max_bytes:,} bytes; pass --max-bytes to allow it", EXIT_USAGE)
    return data


def credential_in_image(image: bytes, source: str, max_bytes: int, *, jwt: bool = False) -> Any:
    """The credential baked into ``image`` (from ``source``), within ``max_bytes``: its JSON,
    or (with ``jwt=True``) the compact VC-JWT as a string.

    Raises :class:`InvalidDocumentError` naming ``source`` when the image is too large or
    damaged, holds no credential, holds an Open Badges 2.0 assertion, or (without ``jwt``)
    a VC-JWT.
    """
    if len(image) > max_bytes:
        raise DocumentTooLargeError.from_problems(
            [
                Problem(
                    "input.too-large",
                    f"the image is over the limit of {max_bytes:,} bytes; pass a larger "
                    "--max-bytes if this is intended",
                )
            ],
            source=source,
        )
    try:
        baked = unbake(image)
    except InvalidDocumentError as exc:
        raise InvalidDocumentError.from_problems(exc.problems, source=source) from None
    if baked.version == "2.0":
        problem = Problem(
            "baking.open-badges-2",
            "the image holds an Open Badges 2.0 assertion, not a 3.0 credential; convert it "
            f"with 'microcredential import {Path(source).name}'",
        )
    elif not baked.is_json and jwt:
        return baked.text.strip()
    elif not baked.is_json:
        problem = Problem(
            "baking.jwt-unsupported",
            "the image holds a VC-JWT credential, which this command does not read; "
            f"'microcredential verify {Path(source).name}' checks it, and "
            "'microcredential unbake' writes it out",
        )
    else:
        return baked.json(max_bytes=max_bytes, source=f"{source} (baked credential)")
    raise InvalidDocumentError.from_problems([problem], source=source)
