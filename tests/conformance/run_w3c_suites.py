"""Run official W3C conformance suites against the library through the VC-API adapter.

    python tests/conformance/run_w3c_suites.py [SUITE ...] [--work DIR]

Generates test-only keys (Ed25519, P-256, P-384), starts the adapter (:mod:`vcapi`) on a
free port of 127.0.0.1, runs each suite with the runner ``run-w3c-suite.sh`` of the shared
conformance folder (by default ``../shared/conformance`` beside the repository, or
``$W3C_CONFORMANCE_DIR``), and prints its per-file table, each failure, and
``N passed, N failed``.  The shared configuration tags the adapter for the EdDSA and data
model suites; for ``vc-di-ecdsa-test-suite`` the script writes one of its own (an
issuer per ECDSA cryptosuite and key type, the verifier for all three ECDSA suites) and puts
the ECDSA specification's test key pairs, from the shared reference vectors, where that suite
reads them.  ``vc-jose-cose-test-suite`` runs each test as a ``docker compose run``
command: the script puts a ``docker`` first on its ``PATH`` that runs :mod:`jose_cli`
instead (and, on node 20, the iterator helper that suite calls from node 22).  For
``vc-bitstring-status-list-test-suite`` the adapter keeps status lists, published by an https
server on 127.0.0.1.  SUITE defaults to all five suites.  The suites' npm install and
reports go to ``--work`` (default: a temporary folder; reuse one to skip the install), never
into the repository.  Needs node >= 20 and npm.  Exit status 0 when every suite passed.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import microcredential
from microcredential import Ed25519Key
from microcredential.keys import KeyType, Signer

try:
    from conformance.jose_cli import FEATURES as JOSE_FEATURES
    from conformance.vcapi import StatusLists, VcApiServer, make_keys
except ImportError:  # run as a script: tests/conformance is on the path, tests/ is not
    from jose_cli import FEATURES as JOSE_FEATURES  # type: ignore[no-redef]
    from vcapi import StatusLists, VcApiServer, make_keys  # type: ignore[no-redef]

REPO = Path(__file__).resolve().parents[2]
DEFAULT_SUITES = (
    "vc-di-eddsa-test-suite",
    "vc-data-model-2.0-test-suite",
    "vc-di-ecdsa-test-suite",
    "vc-jose-cose-test-suite",
    "vc-bitstring-status-list-test-suite",
)
_COUNTS = re.compile(r"^(\d+) passed, (\d+) failed$", re.MULTILINE)


def conformance_dir() -> Path:
    """Where the suites and their runner are: ``$W3C_CONFORMANCE_DIR`` or ``../shared``."""
    given = os.environ.get("W3C_CONFORMANCE_DIR")
    return Path(given) if given else REPO.parent / "shared" / "conformance"


@dataclass(frozen=True)
class SuiteRun:
    """What one suite printed, its totals (None when the runner printed none), and the
    ``(test file, test title)`` of each failure."""

    suite: str
    output: str
    passed: int | None
    failed: int | None
    failures: tuple[tuple[str, str], ...] = ()


#: The start of a suite configuration that runs against the adapter on 127.0.0.1 (and
#: refuses any other endpoint); each suite's own part follows it.
_LOCAL_CONFIG_HEAD = """// Written by run_w3c_suites.py for one run: the adapter on {base_url}.
if(new URL({base_url!r}).hostname !== '127.0.0.1') {{
  throw new Error('localConfig: refusing a non-local endpoint');
}}
module.exports = {{
  settings: {{enableInteropTests: false, testAllImplementations: false}},
  implementations: [{{
    name: 'local-vcapi',
    implementation: 'local-vcapi ({base_url})',
"""
#: The ECDSA suite's configuration: its issuers by cryptosuite and key type, its verifier.
_ECDSA_CONFIG = (
    _LOCAL_CONFIG_HEAD
    + """    issuers: {issuers},
    verifiers: [{{
      id: '{base_url}/credentials/verify',
      endpoint: '{base_url}/credentials/verify',
      supportedEcdsaKeyTypes: ['P-256', 'P-384'],
      supports: {{vc: ['1.1', '2.0']}},
      tags: ['ecdsa-rdfc-2019', 'ecdsa-jcs-2019', 'ecdsa-sd-2023']
    }}]
  }}]
}};
"""
)
#: The VC-JOSE-COSE suite's configuration: the features the library offers it.
_JOSE_CONFIG = """// Written by run_w3c_suites.py for one run; the suite runs jose_cli.py as docker.
module.exports = {{
  settings: {{enableInteropTests: false, testAllImplementations: false}},
  implementations: [{{
    name: 'local-vcapi',
    implementation: 'local-vcapi (jose_cli.py)',
    'jose-cose': {{features: {features}}}
  }}]
}};
"""
#: Node 22's iterator helper the VC-JOSE-COSE suite calls (``map.values().map``), for node 20.
_ITERATOR_MAP = """// Written by run_w3c_suites.py: Iterator.prototype.map for node < 22.
const proto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
if(typeof proto.map !== 'function') {
  Object.defineProperty(proto, 'map', {
    configurable: true, writable: true,
    value: function* map(fn) { let i = 0; for(const x of this) { yield fn(x, i++); } }
  });
}
"""
#: The Bitstring Status List suite's configuration: an issuer that gives each credential a
#: revocation entry, the verifier.
_STATUS_CONFIG = (
    _LOCAL_CONFIG_HEAD
    + """    issuers: [{{
      id: {did!r},
      endpoint: '{base_url}/issuers/eddsa-rdfc-2022/credentials/issue',
      supports: {{vc: ['2.0']}},
      tags: ['BitstringStatusList', 'Revocation'],
      options: {{
        credentialStatus: {{type: 'BitstringStatusListEntry', statusPurpose: 'revocation'}}
      }}
    }}],
    verifiers: [{{
      id: '{base_url}/credentials/verify',
      endpoint: '{base_url}/credentials/verify',
      supports: {{vc: ['2.0']}},
      tags: ['BitstringStatusList', 'Revocation']
    }}]
  }}]
}};
"""
)
STATUS_SUITE = "vc-bitstring-status-list-test-suite"
#: The suites that run with a configuration of their own rather than the shared one.
_OWN_CONFIG = frozenset({"vc-di-ecdsa-test-suite", "vc-jose-cose-test-suite", STATUS_SUITE})
_HERE = Path(__file__).resolve().parent
#: The key pairs of the ECDSA specification's test vectors, which the ECDSA suite signs its
#: verification tests with (its ``postinstall`` would clone them), and where it reads them.
_ECDSA_VECTOR_KEYS = ("p256KeyPair.json", "p384KeyPair.json")
_ECDSA_VECTOR_DIR = Path("tests", "input", "vc-di-ecdsa", "TestVectors")


def _ecdsa_config(base_url: str, keys: dict[KeyType, Signer]) -> str:
    issuers = [
        {
            "id": keys[key_type].id.partition("#")[0],
            "endpoint": f"{base_url}/issuers/{suite}/{key_type.value}/credentials/issue",
            "supportedEcdsaKeyTypes": [key_type.value],
            "supports": {"vc": ["1.1", "2.0"]},
            "tags": [suite],
        }
        for suite in ("ecdsa-rdfc-2019", "ecdsa-jcs-2019")
        for key_type in (KeyType.P256, KeyType.P384)
    ]
    return _ECDSA_CONFIG.format(base_url=base_url, issuers=json.dumps(issuers, indent=2))


def _runner(suite: str, work: Path, base_url: str, keys: dict[KeyType, Signer]) -> Path:
    """The runner script for ``suite``: the shared one, or a copy beside a configuration of
    this run's own (same suites, same summary) for the suites the shared one does not tag."""
    shared = conformance_dir()
    if suite not in _OWN_CONFIG:
        return shared / "run-w3c-suite.sh"
    own = work / "runner" / suite
    own.mkdir(parents=True, exist_ok=True)
    for name in ("run-w3c-suite.sh", "summarize_mocha.py"):
        shutil.copyfile(shared / name, own / name)
    link = own / "w3c"
    if not link.exists():
        link.symlink_to(shared / "w3c", target_is_directory=True)
    if suite == "vc-jose-cose-test-suite":
        config = _JOSE_CONFIG.format(features=json.dumps(JOSE_FEATURES))
        # the suite runs each test as "docker compose ... run IMPL ...": this "docker" runs
        # jose_cli.py instead, with the suite's tests folder the container would mount
        bin_dir = own / "bin"
        bin_dir.mkdir(exist_ok=True)
        docker = bin_dir / "docker"
        tests = (work / suite / "tests").resolve()
        docker.write_text(
            f'#!/bin/sh\nexec "{sys.executable}" "{_HERE / "jose_cli.py"}" '
            f'--tests "{tests}" "$@"\n',
            encoding="utf-8",
        )
        docker.chmod(0o755)
        (bin_dir / "iterator-map.mjs").write_text(_ITERATOR_MAP, encoding="utf-8")
    elif suite == STATUS_SUITE:
        did = keys[KeyType.ED25519].id.partition("#")[0]
        config = _STATUS_CONFIG.format(base_url=base_url, did=did)
    else:
        config = _ecdsa_config(base_url, keys)
    (own / "localConfig.cjs").write_text(config, encoding="utf-8")
    vectors = shared.parent / "reference" / "vectors" / "vc-di-ecdsa"
    if not (work / suite).exists():  # the runner copies the suite only into a new folder
        shutil.copytree(shared / "w3c" / suite, work / suite, symlinks=True)
        for path in (work / suite, *(work / suite).rglob("*")):
            path.chmod(path.stat().st_mode | 0o200)
    if not (work / suite / "node_modules").exists():
        # its lock pins the suites' GitHub dependencies at GitHub, which the runner links
        # from the shared folder instead: without the lock npm resolves them as linked
        (work / suite / "package-lock.json").unlink(missing_ok=True)
    target = work / suite / _ECDSA_VECTOR_DIR
    for name in _ECDSA_VECTOR_KEYS if suite == "vc-di-ecdsa-test-suite" else ():
        if (vectors / name).is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(vectors / name, target / name)
    return own / "run-w3c-suite.sh"


def _status_lists(
    suite: str, work: Path, key: Ed25519Key, stack: contextlib.ExitStack
) -> StatusLists | None:
    """For the status list suite: the issuer's lists, published by an https server on
    127.0.0.1 (a test certificate; the suite does not check it), closed with ``stack``."""
    if suite != STATUS_SUITE:
        return None
    from https_server import Reply, Server, make_pki  # the tests' TLS server

    pki_dir = work / "runner" / suite / "pki"
    pki_dir.mkdir(parents=True, exist_ok=True)
    published = Server(make_pki(pki_dir))
    stack.callback(published.close)
    status = StatusLists(key, f"https://127.0.0.1:{published.port}/status")
    for purpose in status.lists:
        published.routes[f"/status/{purpose}"] = functools.partial(
            lambda purpose, _headers: Reply.json(status.credential(purpose)), purpose
        )
    return status


def run_suite(suite: str, work: Path, *, timeout: float = 1800) -> SuiteRun:
    """Start the adapter with fresh test-only keys, run ``suite`` against it, stop it."""
    keys = make_keys()
    key = keys.pop(KeyType.ED25519)
    assert isinstance(key, Ed25519Key)
    with contextlib.ExitStack() as stack:
        status = _status_lists(suite, work, key, stack)
        server = stack.enter_context(VcApiServer(key, 0, keys=keys, status=status))
        server.start()
        env = dict(os.environ, VCAPI_PORT=str(server.port), VCAPI_ISSUER_DID=key.controller)
        runner = _runner(suite, work, server.base_url, server.keys)
        if (runner.parent / "bin").is_dir():
            package = str(Path(microcredential.__file__).resolve().parents[1])
            env["PATH"] = f"{runner.parent / 'bin'}{os.pathsep}{env.get('PATH', '')}"
            env["PYTHONPATH"] = os.pathsep.join(filter(None, (package, env.get("PYTHONPATH"))))
            polyfill = (runner.parent / "bin" / "iterator-map.mjs").as_uri()
            env["NODE_OPTIONS"] = f"{env.get('NODE_OPTIONS', '')} --import={polyfill}".strip()
        try:
            done = subprocess.run(
                ["bash", str(runner), suite, str(work)],
                env=env,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        finally:
            server.shutdown()
    output = done.stdout + (f"\n{done.stderr}" if done.returncode > 1 else "")
    counts = _COUNTS.search(done.stdout)
    if counts is None:
        return SuiteRun(suite, output, None, None)
    report = json.loads((work / f"{suite}.results.json").read_text(encoding="utf-8"))
    failures = tuple(
        (Path(test.get("file") or "?").name, str(test.get("title", "")))
        for test in report.get("failures", [])
    )
    return SuiteRun(suite, output, int(counts[1]), int(counts[2]), failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("suites", nargs="*", default=list(DEFAULT_SUITES))
    parser.add_argument("--work", type=Path, help="folder for the npm install and reports")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="w3c-suites-"))
    ok = True
    for suite in args.suites:
        run = run_suite(suite, work)
        print(f"## {suite}\n\n{run.output}")
        ok = ok and run.failed == 0
    summary = ", ".join(f"{r}" for r in args.suites)
    print(f"(suites: {summary}; work folder: {work})", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
