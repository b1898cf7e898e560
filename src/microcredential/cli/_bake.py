"""``microcredential bake`` and ``unbake``: a credential inside a PNG or SVG badge image."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import InvalidDocumentError
from ._baked import read_bytes
from ._common import (
    EXIT_INVALID,
    EXIT_OK,
    add_max_bytes,
    add_output,
    fail,
    report_invalid,
    write_output,
)


def register(subparsers: Any) -> None:
    """Add the ``bake`` and ``unbake`` sub-commands."""
    bake: argparse.ArgumentParser = subparsers.add_parser(
        "bake",
        help="bake a credential into a PNG or SVG badge image",
        description=(
            "Write a copy of a PNG or SVG image with a credential baked in, as Open Badges "
            "3.0 specifies: a PNG iTXt chunk 'openbadgecredential', or an SVG "
            "<openbadges:credential> element. The credential file's text is baked exactly as "
            "it is (JSON, or a compact JWT), without surrounding white space. A credential or Open "
            "Badges 2.0 assertion already in the image is replaced."
        ),
    )
    bake.add_argument("image", metavar="IMAGE", help="the badge image (PNG or SVG)")
    bake.add_argument("credential", metavar="CREDENTIAL", help="the credential file")
    add_output(bake, "the baked image", required=True)
    add_max_bytes(bake)
    bake.set_defaults(handler=run_bake)

    unbake: argparse.ArgumentParser = subparsers.add_parser(
        "unbake",
        help="write out the credential baked into a PNG or SVG badge image",
        description=(
            "Print (or write to FILE) the credential baked into a PNG or SVG image, exactly as "
            "it was baked: JSON, or a compact JWT. Open Badges 2.0 images are read too."
        ),
    )
    unbake.add_argument("file", metavar="IMAGE", help="the badge image ('-' for standard input)")
    add_output(unbake, "the credential")
    add_max_bytes(unbake)
    unbake.set_defaults(handler=run_unbake)


def run_bake(args: argparse.Namespace) -> int:
    """Bake the credential into a copy of the image."""
    from ..share.baking import bake

    image = read_bytes(args.image, args.max_bytes)
    try:
        text = read_bytes(args.credential, args.max_bytes).decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{args.credential}: not UTF-8 text; save the credential as UTF-8", EXIT_INVALID)
    try:
        baked = bake(image, text.strip())
    except InvalidDocumentError as exc:
        in_image = any(p.code.startswith("baking.") for p in exc.problems)
        report_invalid(exc, args.image if in_image else args.credential)
    except ValueError as exc:
        fail(f"{args.credential}: {exc}", EXIT_INVALID)
    write_output(baked, args.output)
    print(f"{args.output}: {args.image} with {args.credential} baked in", file=sys.stderr)
    return EXIT_OK


def run_unbake(args: argparse.Namespace) -> int:
    """Write out the baked credential."""
    from ..share.baking import unbake

    try:
        baked = unbake(read_bytes(args.file, args.max_bytes))
    except InvalidDocumentError as exc:
        report_invalid(exc, args.file)
    if baked.version == "2.0":
        print(f"{args.file}: an Open Badges 2.0 assertion", file=sys.stderr)
    write_output(baked.text, args.output)
    return EXIT_OK
