"""Building, signing and writing credentials, in this process or in a pool of workers.

A worker writes each credential of a batch to a file that is not yet under its final name
(:func:`~microcredential._files.stage`), flushes the batch to disk at once, and only then gives
the files their names: a file under its final name is always complete.
"""

from __future__ import annotations

import concurrent.futures as futures
import contextlib
import datetime
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

from .._files import StagedFile, stage, sync_files
from .._json import load_json
from .._time import parse_datetime
from ..errors import InvalidDocumentError, MicrocredentialError, SigningError
from ..integrity import verify_proofs
from ..integrity._binding import check_signer_binding
from ..integrity._in_place import add_proof_in_place
from ..jwt import decode_jwt_credential, encode_jwt_credential, verify_jwt
from ..keys import (
    DID_CONTEXT_V1,
    MULTIKEY_CONTEXT_V1,
    EcdsaKey,
    Ed25519Key,
    load_key,
    secret_key_from_jwk,
)
from ..quality import CredentialTemplate, EmailRecipient, IssuerInfo, SubjectValidator
from ..resolve import DidKeyResolver, StaticResolver
from ._rows import Row, pickled_as_fields

#: Writes a credential's JSON (one encoder for all, rather than one made for each).
_ENCODER: Final = json.JSONEncoder(ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs, except the key (passed separately as a secret)."""

    achievement: dict[str, Any]
    issuer: IssuerInfo
    profiles: tuple[str, ...]
    cryptosuite: str
    now: str
    out_dir: str
    durable: bool = True
    #: ``"data-integrity"`` (an embedded proof made with ``cryptosuite``) or ``"jwt"``.
    format: str = "data-integrity"
    #: The public Multikeys of the issuer that credentials in the folder may be signed with
    #: (earlier keys after a rotation); the signing key is always one of them.
    keys: tuple[dict[str, Any], ...] = ()
    #: The id of the key the run signs with (a key loader must give this one).
    key_id: str = ""
    #: Names the run, for the workers that keep its template and key between tasks.
    run: str = ""


@pickled_as_fields
@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one row in a worker: issued, present or skipped (picklable)."""

    line: int
    status: Literal["issued", "present", "skipped"]
    credential_id: str
    file: str
    sha256: str = ""
    code: str = ""
    reason: str = ""


class RowIssuer:
    """Builds, checks, signs and writes the credentials of rows (in the parent or a worker)."""

    def __init__(self, settings: Settings, key: Ed25519Key | EcdsaKey) -> None:
        self.settings = settings
        self.key = key
        self.now = parse_datetime(settings.now)
        self.out_dir = Path(settings.out_dir)
        known = [*settings.keys, key.verification_method()]
        self.key_ids = frozenset(k["id"] for k in known)
        self.resolver: Any = (
            DidKeyResolver()
            if key.controller == key.did
            else StaticResolver([_issuer_document(known)])
        )
        self.builder = RowBuilder(
            settings.achievement, settings.issuer, settings.profiles, self.now
        )

    def intact(self, path: Path, credential_id: str) -> str | None:
        """The SHA-256 of an existing credential file that parses and verifies, else None."""
        return self.inspect(path, credential_id)[1] or None

    def inspect(self, path: Path, credential_id: str) -> tuple[str, str]:
        """What stands at ``path``: ``("present", sha256)`` for the credential ``credential_id``
        signed by one of the issuer's keys and intact; ``("foreign", reason)`` for another
        signed credential, which is never overwritten; ``("damaged", "")`` for anything else
        (absent, truncated, altered, a link), which is issued (again) with the same id."""
        if path.is_symlink() or not path.is_file():
            return "damaged", ""  # only a regular file of our own counts; a link is replaced
        if self.settings.format == "jwt":
            return self._inspect_token(path, credential_id)
        try:
            data = path.read_bytes()
            document = load_json(data, source=str(path))
        except (OSError, InvalidDocumentError):
            return "damaged", ""
        if not isinstance(document, dict) or "proof" not in document:
            return "damaged", ""
        proof = document["proof"]
        method = proof.get("verificationMethod") if isinstance(proof, dict) else None
        if not isinstance(method, str | None):
            return "damaged", ""  # an array or object: not a key of anyone's
        if document.get("id") != credential_id or method not in self.key_ids:
            return "foreign", (
                f"{path.name} holds another credential (id {str(document.get('id'))[:80]!r}), "
                "which is kept: move it away to issue this row's credential"
            )
        try:
            verified = verify_proofs(document, resolver=self.resolver, now=self.now).ok
        except (MicrocredentialError, ValueError, TypeError):
            verified = False
        return ("present", hashlib.sha256(data).hexdigest()) if verified else ("damaged", "")

    def _inspect_token(self, path: Path, credential_id: str) -> tuple[str, str]:
        """:meth:`inspect` for a file holding a VC-JWT."""
        try:
            data = path.read_bytes()
            decoded = decode_jwt_credential(data)
        except (OSError, InvalidDocumentError):
            return "damaged", ""
        if not isinstance(decoded.header.get("kid"), str | None):
            return "damaged", ""  # an array or object: not a key of anyone's
        if decoded.credential.get("id") != credential_id or decoded.header.get("kid") not in (
            self.key_ids
        ):
            return "foreign", (
                f"{path.name} holds another credential (id "
                f"{str(decoded.credential.get('id'))[:80]!r}), which is kept: move it away to "
                "issue this row's credential"
            )
        verified = verify_jwt(decoded, resolver=self.resolver, now=self.now).ok
        return ("present", hashlib.sha256(data).hexdigest()) if verified else ("damaged", "")

    def file_name(self, row: Row) -> str:
        """The name of the row's credential file: ``.jwt`` for a VC-JWT."""
        if self.settings.format == "jwt":
            return row.file.removesuffix(".json") + ".jwt"
        return row.file

    def process_batch(self, rows: Sequence[Row]) -> list[Outcome]:
        """Process rows, then make their files durable with one sync (a group commit).

        Each credential is written to a staged file (on Linux one with no name yet); once the
        whole batch is written the data are flushed to disk together (``os.sync``) and only
        then do the files get their names, so a file under its final name is always complete
        — the guarantee one fsync per file gives, at a fraction of the cost.
        """
        outcomes: list[Outcome] = []
        staged: list[tuple[int, StagedFile, bool]] = []  # (position in outcomes, file, fresh)
        try:
            for row in rows:
                outcome, file = self._process(row)
                if file is not None:
                    staged.append((len(outcomes), file, row.fresh))
                outcomes.append(outcome)
            if staged and self.settings.durable:
                sync_files(file for _, file, _ in staged)
            for position, file, fresh in staged:
                try:
                    outcomes[position] = self._place(file, outcomes[position], fresh)
                except OSError as exc:
                    outcomes[position] = _unwritten(outcomes[position], exc)
        finally:
            for _, file, _ in staged:  # interrupted: never leave half a batch behind
                with contextlib.suppress(OSError):
                    file.discard()  # (nothing to do for a file placed)
        return outcomes

    def _place(self, file: StagedFile, issued: Outcome, fresh: bool) -> Outcome:
        """Give a new credential's file its name. A fresh row's name (an id of this run) is
        never looked for beforehand: if a file has appeared under it all the same, it is
        judged as a file found there before would have been."""
        if not fresh:
            file.place()
            return issued
        try:
            file.place(overwrite=False)
        except FileExistsError:
            found = self._existing(file.target, issued.line, issued.credential_id)
            if found is not None:
                return found
            file.place()  # damaged: replaced
        return issued

    def _existing(self, path: Path, line: int, credential_id: str) -> Outcome | None:
        """The row's outcome for what stands at ``path`` (see :meth:`inspect`); None when its
        credential is to be issued (again)."""
        verdict, detail = self.inspect(path, credential_id)
        if verdict == "present":
            return Outcome(line, "present", credential_id, path.name, detail)
        if verdict == "foreign":
            return Outcome(
                line,
                "skipped",
                credential_id,
                path.name,
                code="cohort.file-conflict",
                reason=detail,
            )
        return None

    def _process(self, row: Row) -> tuple[Outcome, StagedFile | None]:
        """The row's outcome, and the staged file holding its new credential (if any)."""
        name = self.file_name(row)
        path = self.out_dir / name
        # A file of an earlier run, or a link (even a dangling one); a fresh row's name is
        # claimed without overwriting when it is placed instead.
        if not row.fresh and os.path.lexists(path):
            found = self._existing(path, row.line, row.credential_id)
            if found is not None:
                return found, None
        try:
            credential = self.builder.build(row)
            refused = self.builder.refusal(credential)
            if refused is not None:
                return _skipped(row, name, refused), None
            check_signer_binding(credential, self.key)  # as sign and sign_jwt check it
            if self.settings.format == "jwt":
                token = encode_jwt_credential(credential, self.key, issued_at=self.now)
                data = (token + "\n").encode("ascii")
            else:
                # The credential was built for this row alone: it takes the proof itself.
                signed = add_proof_in_place(
                    credential, self.key, cryptosuite=self.settings.cryptosuite, created=self.now
                )
                # One line: the C encoder (indent= falls back to the pure-Python one, 5x slower).
                data = (_ENCODER.encode(signed) + "\n").encode("utf-8")
        except Exception as exc:  # one row never stops the others
            return _skipped(row, name, build_failure(exc)), None
        outcome = Outcome(
            row.line, "issued", row.credential_id, name, hashlib.sha256(data).hexdigest()
        )
        return outcome, stage(path, data, mode=0o600)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a row's credential is not issued: a stable code and the reason."""

    code: str
    reason: str


class RowBuilder:
    """Builds the unsigned credentials of rows and checks them against the quality profiles
    (no key needed: what :func:`~microcredential.cohort.check_roster` and the workers share)."""

    def __init__(
        self,
        achievement: dict[str, Any],
        issuer: IssuerInfo,
        profiles: Sequence[str],
        now: datetime.datetime,
    ) -> None:
        # What every credential of the cohort shares is built, and its quality rules run, once.
        self.template = CredentialTemplate(achievement, issuer=issuer, valid_from=now)
        self.validator = SubjectValidator(self.template, profiles=tuple(profiles), now=now)

    def check(self, row: Row) -> Refusal | None:
        """Why ``row``'s credential would not be issued, or None when it passes."""
        try:
            return self.refusal(self.build(row))
        except Exception as exc:  # as the workers report it
            return build_failure(exc)

    def refusal(self, credential: dict[str, Any]) -> Refusal | None:
        """The first quality error of a row's credential (and how many more), or None."""
        report = self.validator.check_quality(credential)
        if report.ok:
            return None
        first = report.errors[0]
        more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
        return Refusal(first.code, f"quality rule {first.rule}: {first.describe()}{more}")

    def build(self, row: Row) -> dict[str, Any]:
        """The unsigned credential of ``row``."""
        credential = self.template.credential(
            recipient=EmailRecipient(row.recipient) if row.is_email else row.recipient,
            id=row.credential_id,
            learner_name=row.name,
            grade=row.grade,
        )
        subject = credential["credentialSubject"]
        if row.credits is not None:
            subject["creditsEarned"] = row.credits
        if row.start is not None:
            subject["activityStartDate"] = row.start
        if row.end is not None:
            subject["activityEndDate"] = row.end
        if row.evidence is not None:
            credential["evidence"] = [{"id": row.evidence, "type": ["Evidence"]}]
        if row.status_entry is not None:
            credential["credentialStatus"] = dict(row.status_entry)
        return credential


def build_failure(exc: Exception) -> Refusal:
    """Why a row whose credential could not be built or signed is skipped."""
    known = isinstance(exc, MicrocredentialError | ValueError)
    what = str(exc) if known else f"{type(exc).__name__}: {str(exc)[:200]}"
    return Refusal(code="cohort.build", reason=f"cannot build or sign the credential: {what}")


def _skipped(row: Row, name: str, refused: Refusal) -> Outcome:
    return Outcome(
        row.line, "skipped", row.credential_id, name, code=refused.code, reason=refused.reason
    )


def _issuer_document(keys: list[dict[str, Any]]) -> dict[str, Any]:
    """The controller document of the issuer, listing ``keys`` (all of one controller)."""
    ids = list(dict.fromkeys(k["id"] for k in keys))
    methods = list({k["id"]: k for k in keys}.values())
    return {
        "@context": [DID_CONTEXT_V1, MULTIKEY_CONTEXT_V1],
        "id": keys[-1]["controller"],
        "verificationMethod": methods,
        "assertionMethod": ids,
    }


def _unwritten(done: Outcome, exc: OSError) -> Outcome:
    return Outcome(
        done.line,
        "skipped",
        done.credential_id,
        done.file,
        code="cohort.write",
        reason=f"cannot write {done.file}: {exc.strerror or exc}",
    )


_WORKER: RowIssuer | None = None


def _init_worker(settings: Settings, secret: dict[str, str], key_id: str, controller: str) -> None:
    """Process-pool initializer: rebuild the key from its private JWK (never printed)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    key = secret_key_from_jwk(secret, id=key_id, controller=controller)
    assert isinstance(key, Ed25519Key | EcdsaKey), "the parent sends a Data Integrity key"
    _WORKER = RowIssuer(settings, key)


def work_chunk(rows: Sequence[Row]) -> list[Outcome]:
    assert _WORKER is not None, "worker not initialised"
    return _WORKER.process_batch(rows)


#: Where an executor's workers get the signing key: the path of a key file, or a picklable
#: callable that returns the key (it is called once per worker process and run).
KeyLoader = str | os.PathLike[str] | Callable[[], Any]

_ISSUERS: dict[str, RowIssuer] = {}  # per run, in each process that runs tasks
_ISSUERS_LOCK = threading.Lock()


def issue_chunk(settings: Settings, key_loader: KeyLoader, rows: Sequence[Row]) -> list[Outcome]:
    """A task for any :class:`concurrent.futures.Executor`: issue ``rows`` into the output
    folder and return their outcomes. The key comes from ``key_loader``, loaded once per run
    in each process (never from the task's arguments)."""
    with _ISSUERS_LOCK:
        issuer = _ISSUERS.get(settings.run)
        if issuer is None:
            if len(_ISSUERS) >= 4:  # runs long gone: keep a worker's memory flat
                _ISSUERS.clear()
            issuer = _ISSUERS[settings.run] = RowIssuer(settings, _load_key(key_loader, settings))
    return issuer.process_batch(rows)


def _load_key(key_loader: KeyLoader, settings: Settings) -> Ed25519Key | EcdsaKey:
    """The run's key, from the caller's loader; a key that is not the run's is refused."""
    key = load_key(key_loader) if isinstance(key_loader, str | os.PathLike) else key_loader()
    if not isinstance(key, Ed25519Key | EcdsaKey) or key.id != settings.key_id:
        raise SigningError(
            "the key loader gave another key than the one the run signs with "
            f"({settings.key_id}); give every worker the same key"
        )
    return key


def start_method() -> str:
    """How the default process pool starts its workers."""
    methods = multiprocessing.get_all_start_methods()
    # fork is fastest; from 3.12 forking a process that may run threads is deprecated
    if "fork" in methods and sys.version_info < (3, 12):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def process_pool(settings: Settings, key: Ed25519Key | EcdsaKey, count: int) -> Submit:
    """A pool of ``count`` processes, each with the key from its initializer, and the function
    that sends it a batch."""
    executor = futures.ProcessPoolExecutor(
        max_workers=count,
        mp_context=multiprocessing.get_context(start_method()),
        initializer=_init_worker,
        initargs=(settings, key.to_jwk(include_secret=True), key.id, key.controller),
    )
    return Submit(executor, lambda rows: executor.submit(work_chunk, rows), owned=True)


def executor_tasks(executor: futures.Executor, settings: Settings, key_loader: KeyLoader) -> Submit:
    """Batches sent to the caller's executor as :func:`issue_chunk` tasks."""
    return Submit(
        executor, lambda rows: executor.submit(issue_chunk, settings, key_loader, rows), owned=False
    )


@dataclass(frozen=True, slots=True)
class Submit:
    """An executor and how a batch of rows is sent to it."""

    executor: futures.Executor
    send: Callable[[Sequence[Row]], futures.Future[list[Outcome]]]
    owned: bool  # shut down when the run ends


def run_tasks(
    submit: Submit,
    in_flight: int,
    batches: Iterator[list[Row]],
    record: Callable[[Outcome], None],
    checkpoint: Callable[[], None],
) -> None:
    """Send ``batches`` through ``submit``, keeping at most ``in_flight`` of them in flight;
    ``record`` each outcome here and ``checkpoint`` after each batch.

    When producing the next batch fails (a full status list, say), the batches in flight are
    finished and recorded first: their rows have indexes and may already have files.
    """
    pending: set[futures.Future[list[Outcome]]] = set()
    stopped: Exception | None = None
    try:
        exhausted = False
        while True:
            while not exhausted and len(pending) < in_flight:
                try:
                    batch = next(batches, None)
                except Exception as exc:  # raised once the batches in flight are recorded
                    stopped, batch = exc, None
                if batch is None:
                    exhausted = True
                    break
                pending.add(submit.send(batch))
            if not pending:
                break
            done, pending = futures.wait(pending, return_when=futures.FIRST_COMPLETED)
            for future in done:
                for outcome in future.result():
                    record(outcome)
            checkpoint()
    finally:
        # Stopped early or done: no task may still write into the folder once the run (and
        # its lock) ends, so the ones already running are waited for (their rows stay pending).
        for future in pending:
            future.cancel()
        if submit.owned:
            submit.executor.shutdown(wait=True, cancel_futures=True)
        else:
            futures.wait(pending)
    if stopped is not None:
        raise stopped
