"""The command the W3C VC-JOSE-COSE suite runs for an implementation: sign or verify one file.

The suite does not speak the VC-API: for each test it runs an implementation's container,

    docker compose -f ./implementations/compose.yml run --rm IMPL issue|verify \\
        --input /tests/input/FILE --key /tests/input/KEY --feature FEATURE \\
        [--sd PATHS] --output /tests/output/N-IMPL.json

and reads ``{"result": "success" | "failure" | "indeterminate" | "error", "data": ...}`` from
the output file.  This module is that command without the container: the runner puts a
``docker`` script first on the suite's ``PATH`` that calls it with the suite's ``tests``
folder (which the container would mount at ``/tests``).  Each test is one public recipe:

* ``issue`` (``credential_jose``): :func:`microcredential.sign_jwt` with the key file's
  secret JWK, as its verification method (``id``, ``controller``), ``typ`` ``vc+jwt``;
  (``presentation_jose``): :func:`microcredential.jwt.encode_jwt_presentation` of the
  presentation with that key, ``typ`` ``vp+jwt``;
* ``verify``: :func:`microcredential.verify` of the input (a compact JWS, or a JSON document
  for the unsecured cases), with the key file as the one key the verifier knows: a
  :class:`~microcredential.resolve.StaticResolver` holding that verification method under the
  ``kid`` the token names, when that ``kid`` is the key's (its JWK thumbprint or its id);
  (``presentation_jose``): :func:`microcredential.verify_presentation` the same way.

The suite gives a presentation neither a challenge nor a domain: the adapter signs
presentations without ``nonce`` and ``aud``, and when verifying a token that carries neither,
it does not count the two problems that say so (``presentation.challenge-mismatch``,
``presentation.domain-mismatch``) against it.  Replay protection is not what these tests
exercise; the library's own tests do.

A refusal or a failed verification is ``failure``; an exception this module does not expect
is ``error``.  Nothing is decided here.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: the tests folder holds the shared vectors
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import microcredential
from microcredential import MicrocredentialError
from microcredential.jwt import encode_jwt_presentation, is_compact_jws
from microcredential.keys import secret_key_from_jwk
from microcredential.resolve import StaticResolver
from vectors import EXAMPLES_LOADER

#: The features this library offers the suite (credentials and presentations secured as
#: JWTs; no SD-JWT or COSE).
FEATURES = {
    "credential_jose": True,
    "credential_sdjwt": False,
    "credential_cose": False,
    "presentation_jose": True,
    "presentation_sdjwt": False,
    "presentation_cose": False,
}
#: Where the suite's container mounts the suite's ``tests`` folder.
CONTAINER_TESTS = "/tests/"


def _part(token: str, index: int) -> Mapping[str, Any]:
    parts = token.split(".")
    part = parts[index] if len(parts) > index else ""
    try:
        value = json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except ValueError:
        return {}
    return value if isinstance(value, Mapping) else {}


def _header(token: str) -> Mapping[str, Any]:
    return _part(token, 0)


def _claims(token: str) -> Mapping[str, Any]:
    return _part(token, 1)


def issue(document: str, method: Mapping[str, Any], feature: str) -> tuple[str, str]:
    """Sign the credential in ``document`` with the key file's key."""
    if not FEATURES.get(feature):
        return "failure", f"feature {feature} is not offered"
    try:
        key = secret_key_from_jwk(
            method["secretKeyJwk"], id=method.get("id"), controller=method.get("controller")
        )
        if feature == "presentation_jose":
            presentation = json.loads(document)
            token = encode_jwt_presentation(presentation, key, challenge=None, domain=None)
            return "success", token
        return "success", microcredential.sign_jwt(json.loads(document), key, typ="vc+jwt")
    except (MicrocredentialError, ValueError, TypeError, KeyError) as exc:
        return "failure", f"{type(exc).__name__}: {exc}"


def verify(document: str, method: Mapping[str, Any], feature: str) -> tuple[str, str]:
    """Verify the token (or JSON document) in ``document``, knowing the key file's key."""
    if not FEATURES.get(feature):
        return "failure", f"feature {feature} is not offered"
    text = document.strip()
    known: list[Mapping[str, Any]] = []
    if is_compact_jws(text):
        kid = _header(text).get("kid")
        public = method.get("publicKeyJwk") or {}
        if kid is not None and kid in (public.get("kid"), method.get("id")):
            known.append(
                {
                    "id": kid,
                    "type": "JsonWebKey",
                    "controller": method.get("controller"),
                    "publicKeyJwk": public,
                }
            )
        subject: Any = text
    else:
        try:
            subject = json.loads(text)
        except ValueError as exc:
            return "failure", f"neither a compact JWS nor JSON: {exc}"
    if feature == "presentation_jose":
        return _verify_presentation(subject, known)
    resolver = StaticResolver(known, bare_method_relationships=["assertionMethod"])
    result = microcredential.verify(subject, resolver=resolver, loader=EXAMPLES_LOADER)
    errors = [
        p.describe() for c in result.checks for p in c.problems if p.severity.value == "error"
    ]
    return ("success" if result.ok else "failure"), "; ".join(errors)


#: What a token that carries no ``nonce`` and no ``aud`` is told: the suite asks for neither.
_UNASKED = frozenset({"presentation.challenge-mismatch", "presentation.domain-mismatch"})


def _verify_presentation(subject: Any, known: list[Mapping[str, Any]]) -> tuple[str, str]:
    """Verify a presentation (a token, or a JSON document) with the key file as its holder's."""
    resolver = StaticResolver(
        known, bare_method_relationships=["assertionMethod", "authentication"]
    )
    claims = _claims(subject) if isinstance(subject, str) else {}
    unasked = "nonce" not in claims and "aud" not in claims
    result = microcredential.verify_presentation(
        subject,
        challenge=str(claims.get("nonce") or "no challenge given"),
        domain=str(claims.get("aud") or "no domain given"),
        resolver=resolver,
        loader=EXAMPLES_LOADER,
    )
    errors = [p for c in result.checks for p in c.problems if p.severity.value == "error"]
    counted = [p for p in errors if not (unasked and p.code in _UNASKED)]
    answer = "success" if not counted and all(c.ok for c in result.credentials) else "failure"
    return answer, "; ".join(p.describe() for p in counted)


def local(tests: Path, path: str) -> Path:
    """The file a path in the container names (only paths under ``/tests/``)."""
    inside = path[len(CONTAINER_TESTS) :]
    if not path.startswith(CONTAINER_TESTS) or ".." in Path(inside).parts:
        raise ValueError(f"{path} is not under {CONTAINER_TESTS}")
    return tests / inside


def run(args: argparse.Namespace, tests: Path) -> dict[str, str]:
    document = local(tests, args.input).read_text(encoding="utf-8")
    method = json.loads(local(tests, args.key).read_text(encoding="utf-8"))
    action = issue if args.function == "issue" else verify
    result, data = action(document, method, args.feature)
    return {"result": result, "data": data}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=Path, required=True, help="the suite's tests folder")
    # what the suite passes to "docker": compose -f FILE run --rm IMPL FUNCTION options
    parser.add_argument("compose", choices=["compose"])
    parser.add_argument("-f", dest="compose_file")
    parser.add_argument("run", choices=["run"])
    parser.add_argument("--rm", action="store_true")
    parser.add_argument("implementation")
    parser.add_argument("function", choices=["issue", "verify"])
    parser.add_argument("--input", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--feature", required=True)
    parser.add_argument("--sd")
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    try:
        answer = run(args, args.tests)
    except Exception as exc:  # reported to the suite as an error, never a lost answer
        answer = {"result": "error", "data": f"{type(exc).__name__}: {exc}"}
    output = local(args.tests, args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(answer), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
