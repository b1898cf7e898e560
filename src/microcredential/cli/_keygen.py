"""``microcredential keygen``: create a signing key (Ed25519, P-256, P-384, RSA) and key file."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from ..errors import InvalidKeyError
from ..keys import (
    RSA_DEFAULT_BITS,
    RSA_MAX_BITS,
    RSA_MIN_BITS,
    KeyType,
    RsaKey,
    SecretKey,
    generate_key,
)
from ._common import EXIT_OK, EXIT_USAGE, dump_json, fail, load_key, write_output

#: The names of --type, and the key types they give.
_TYPES = {
    "ed25519": KeyType.ED25519,
    "p-256": KeyType.P256,
    "p-384": KeyType.P384,
    "rsa": KeyType.RSA,
}

_STDOUT_NOTICE = (
    "microcredential: warning: the key file written to standard output contains the SECRET "
    "key; save it with mode 0600 (or use -o FILE) and never commit it or paste it anywhere"
)


def register(subparsers: Any) -> None:
    """Add the ``keygen`` sub-command."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "keygen",
        help="create a new signing key (Ed25519, P-256, P-384 or RSA) and its key file",
        description=(
            "Create a new key and print or write its key file: JSON with id, controller and "
            "the key with its secret half, as a Multikey (publicKeyMultibase and "
            "secretKeyMultibase; Ed25519, P-256, P-384) or a JsonWebKey (publicKeyJwk and "
            "secretKeyJwk; RSA). By default the key is its own did:key (did:jwk for RSA); "
            "pass --controller (and optionally --id) for an issuer identified by an https URL. "
            "Ed25519 and P-256/P-384 keys make Data Integrity proofs; RSA keys sign JWTs only."
        ),
    )
    parser.add_argument(
        "--type",
        dest="key_type",
        choices=tuple(_TYPES),
        default="ed25519",
        help="the kind of key (default: ed25519)",
    )
    parser.add_argument(
        "--bits",
        type=int,
        metavar="N",
        help=f"the size of an RSA key in bits (default: {RSA_DEFAULT_BITS}, at least "
        f"{RSA_MIN_BITS})",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the key file to FILE with mode 0600 (default: standard output)",
    )
    parser.add_argument(
        "--controller",
        metavar="ID",
        help="the controller (issuer) id, e.g. https://example.edu/issuers/1 (default: did:key)",
    )
    parser.add_argument(
        "--id",
        dest="method_id",
        metavar="VM_ID",
        help="the verification method id (default: CONTROLLER#<publicKeyMultibase>)",
    )
    parser.add_argument(
        "--controller-document",
        metavar="DOCFILE",
        help="also write the PUBLIC controller document (no secret) to DOCFILE: publish it at "
        "the controller URL and give it to verifiers (verify --controller DOCFILE) "
        "(default: none)",
    )
    parser.add_argument(
        "--from",
        dest="from_key",
        metavar="KEYFILE",
        help="do not create a key: read the existing key file KEYFILE (with "
        "--controller-document, write its controller document) (default: create a key)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite FILE if it already exists (default: refuse to)",
    )
    parser.set_defaults(handler=run)


def _write_controller_document(key: SecretKey, path: str) -> None:
    write_output(dump_json(key.controller_document()), path)
    print(
        f"microcredential: wrote {path} (public controller document for {key.controller}; "
        f"no secret)",
        file=sys.stderr,
    )


def _from_existing(args: argparse.Namespace) -> int:
    if args.controller or args.method_id or args.output or args.bits is not None:
        fail(
            "--from reads an existing key: do not combine it with --controller, --id, --bits or -o",
            EXIT_USAGE,
        )
    if not args.controller_document:
        fail("--from KEYFILE needs --controller-document DOCFILE (what to write)", EXIT_USAGE)
    key = load_key(args.from_key)
    _write_controller_document(key, args.controller_document)
    return EXIT_OK


_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$")


def _check_options(args: argparse.Namespace) -> None:
    """Refuse options that would make a key file no verifier can use, naming the option."""
    controller: str | None = args.controller
    if controller is not None:
        if not _ABSOLUTE_IRI.match(controller) or (
            controller.lower().startswith(("https:", "http:")) and "://" not in controller
        ):
            fail(
                f"--controller: {controller!r} is not an absolute URL; give the issuer's id, "
                "e.g. https://example.edu/issuers/1",
                EXIT_USAGE,
            )
        if "#" in controller:
            fail(f"--controller: {controller!r} must not contain a '#' fragment", EXIT_USAGE)
    method_id: str | None = args.method_id
    if method_id is not None:
        base, hash_sign, fragment = method_id.partition("#")
        expected = controller if controller is not None else "CONTROLLER"
        if not hash_sign or not fragment or not _ABSOLUTE_IRI.match(base):
            fail(
                f"--id: {method_id!r} must be {expected}#fragment (e.g. {expected}#key-1): "
                "verifiers look the key up in the controller document by that id",
                EXIT_USAGE,
            )
        if controller is not None and base != controller:
            fail(
                f"--id: {method_id!r} is not under --controller {controller!r}; the id must be "
                f"{controller}#fragment (e.g. {controller}#key-1), because verifiers look the "
                "key up in the controller document by that id",
                EXIT_USAGE,
            )
    output: str | None = args.output
    if output not in (None, "-") and Path(output).is_dir():
        fail(f"{output}: is a directory; -o takes the key file's path", EXIT_USAGE)
    if args.bits is not None:
        if args.key_type != "rsa":
            fail("--bits sets the size of an RSA key: use it with --type rsa", EXIT_USAGE)
        if not RSA_MIN_BITS <= args.bits <= RSA_MAX_BITS:
            fail(
                f"--bits: an RSA key has {RSA_MIN_BITS} to {RSA_MAX_BITS} bits (smaller keys can "
                f"be factored), not {args.bits}",
                EXIT_USAGE,
            )


def run(args: argparse.Namespace) -> int:
    """Generate the key, then print or write the key file."""
    if args.from_key:
        return _from_existing(args)
    _check_options(args)
    try:
        key = generate_key(
            _TYPES[args.key_type],
            id=args.method_id,
            controller=args.controller,
            rsa_bits=args.bits if args.bits is not None else RSA_DEFAULT_BITS,
        )
    except InvalidKeyError as exc:
        fail(exc.message, EXIT_USAGE)
    output: str | None = args.output
    if output is None or output == "-":
        sys.stdout.write(dump_json(key.key_file()))
        sys.stdout.flush()
        print(_STDOUT_NOTICE, file=sys.stderr)
        if args.controller_document:
            _write_controller_document(key, args.controller_document)
        return EXIT_OK
    try:
        key.save(output, overwrite=args.force)
    except FileExistsError:
        fail(f"{output}: already exists; pass --force to replace it", EXIT_USAGE)
    except OSError as exc:
        fail(f"{output}: cannot write: {exc.strerror or exc}", EXIT_USAGE)
    public = (
        f"  JWK thumbprint:      {key.public_key.thumbprint}"
        if isinstance(key, RsaKey)
        else f"  publicKeyMultibase:  {key.public_key_multibase}"
    )
    print(
        f"microcredential: wrote {output} (mode 0600)\n"
        f"  key type:            {key.key_type.value}\n"
        f"  verification method: {key.id}\n"
        f"  controller:          {key.controller}\n{public}",
        file=sys.stderr,
    )
    if args.controller_document:
        _write_controller_document(key, args.controller_document)
    return EXIT_OK
