"""The allocation ledger: which credential id and status entry each roster row was given.

``allocations.jsonl`` in the output folder is appended to, one JSON object per line, and
flushed to disk before any credential that it names is signed:

* a *run* line records what a run issued with: the achievement (id and digest), the issuer,
  the signing key (its public Multikey) and the status list;
* an *allocation* line records a row's key, its credential id, file and ``credentialStatus``.

A re-run reads it back, so an interrupted run never yields two credentials for one row, and a
run whose achievement, issuer, key or status list differ from the last run's stops before it
issues anything.  A line cut short by a crash is ignored: it was not flushed, so no
credential was signed with what it says.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .._files import flush_appended, open_append
from ..errors import CohortChangedError, MicrocredentialError

if TYPE_CHECKING:
    from ._index import RowIndex

#: The ledger's file name in the output folder.
LEDGER_NAME: Final = "allocations.jsonl"
#: Allocations indexed at a time while the ledger is read.
_READ_BATCH: Final = 10_000


@dataclass(frozen=True, slots=True)
class Allocation:
    """What one row was given: its credential's id, file and status entry."""

    key: str
    credential_id: str
    file: str
    status_entry: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "credential": self.credential_id}
        out["file"] = self.file
        if self.status_entry is not None:
            out["credentialStatus"] = self.status_entry
        return out


@dataclass(frozen=True, slots=True)
class RunRecord:
    """What a run issues with."""

    achievement: str
    achievement_digest: str
    issuer: str
    key: Mapping[str, Any]  # the public Multikey: id, controller, publicKeyMultibase
    status_list: str | None

    def to_json(self) -> dict[str, Any]:
        return {
            "run": {
                "achievement": self.achievement,
                "achievementDigest": self.achievement_digest,
                "issuer": self.issuer,
                "key": dict(self.key),
                "statusList": self.status_list,
            }
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RunRecord | None:
        run = data.get("run")
        if not isinstance(run, Mapping) or not isinstance(run.get("key"), Mapping):
            return None
        fields = (run.get("achievement"), run.get("achievementDigest"), run.get("issuer"))
        if not all(isinstance(value, str) for value in fields):
            return None
        status_list = run.get("statusList")
        return cls(
            run["achievement"],
            run["achievementDigest"],
            run["issuer"],
            dict(run["key"]),
            status_list if isinstance(status_list, str) else None,
        )


def achievement_digest(achievement: Mapping[str, Any]) -> str:
    """A SHA-256 of the achievement's JSON, independent of key order."""
    text = json.dumps(achievement, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


class Ledger:
    """The ledger of one output folder, read at the start of a run and appended to.

    Its allocations go into the run's :class:`~microcredential.cohort._index.RowIndex` as they
    are read, so a ledger of a million rows is never held in memory.
    """

    def __init__(self, folder: Path, index: RowIndex, *, durable: bool = True) -> None:
        self.path = folder / LEDGER_NAME
        self.durable = durable
        self.index = index
        self.runs: list[RunRecord] = []
        self._read()

    def _read(self) -> None:
        try:
            handle = self.path.open("rb")
        except FileNotFoundError:
            return
        except OSError as exc:
            raise MicrocredentialError(
                f"{self.path}: cannot read the allocation ledger ({exc}); it records which "
                "credential each row got: restore it, or issue into a new folder"
            ) from None
        batch: list[Allocation] = []
        with handle:
            for line in handle:
                try:
                    data = json.loads(line)
                except ValueError:
                    continue  # cut short by a crash: never flushed, so nothing was signed with it
                if not isinstance(data, dict):
                    continue
                record = RunRecord.from_json(data)
                if record is not None:
                    self.runs.append(record)
                    continue
                allocation = _allocation_from(data)
                if allocation is not None:
                    batch.append(allocation)
                if len(batch) >= _READ_BATCH:
                    self.index.add(batch)
                    batch = []
        self.index.add(batch)

    def allocation(self, key: str) -> Allocation | None:
        """What the ledger gave the row ``key``, if anything."""
        return self.index.allocation(key)

    @property
    def last_run(self) -> RunRecord | None:
        return self.runs[-1] if self.runs else None

    def check(self, run: RunRecord, folder: Path) -> None:
        """Raise :class:`CohortChangedError` when ``run`` issues with another achievement,
        issuer or status list than the last run that allocated rows here, or with a key of
        another controller."""
        last = self.last_run
        if last is None or not self.index.allocations:
            return  # nothing was issued here yet: nothing to keep consistent with
        changes = []
        if last.achievement != run.achievement:
            changes.append(f"the achievement is {run.achievement}, not {last.achievement}")
        elif last.achievement_digest != run.achievement_digest:
            changes.append(f"the achievement {run.achievement} was changed")
        if last.issuer != run.issuer:
            changes.append(f"the issuer is {run.issuer}, not {last.issuer}")
        elif last.key.get("controller") != run.key.get("controller"):
            changes.append(f"the key belongs to {run.key.get('controller')}")
        if last.status_list != run.status_list:
            changes.append(
                f"the status list is {run.status_list or 'none'}, not {last.status_list or 'none'}"
            )
        if changes:
            raise CohortChangedError(
                f"{folder}: this folder's credentials were issued differently: "
                f"{'; '.join(changes)}. Nothing was issued, and the credentials already here are "
                "kept. To correct them, issue into a new folder (every credential gets a new id) "
                "and revoke the old ones (microcredential revoke --credential FILE); to issue "
                "more rows here, run with the achievement, issuer and status list used before."
            )

    def begin(self, run: RunRecord) -> None:
        """Record ``run`` unless it is the same as the last (a new key is recorded too)."""
        if run != self.last_run:
            self.append([run.to_json()])
            self.runs.append(run)

    def keys(self, controller: str) -> list[dict[str, Any]]:
        """The public keys of ``controller`` that runs in this folder signed with."""
        found: dict[str, dict[str, Any]] = {}
        for run in self.runs:
            if run.key.get("controller") == controller and isinstance(run.key.get("id"), str):
                found[run.key["id"]] = dict(run.key)
        return list(found.values())

    def record(self, allocations: Iterable[Allocation]) -> None:
        """Append new allocations and flush them to disk (before they are signed)."""
        new = [a.to_json() for a in allocations]
        if new:
            self.append(new)

    def append(self, objects: list[dict[str, Any]]) -> None:
        text = "".join(json.dumps(o, ensure_ascii=False, sort_keys=True) + "\n" for o in objects)
        try:
            handle = open_append(self.path)
        except OSError as exc:
            raise MicrocredentialError(
                f"{self.path}: cannot write the allocation ledger ({exc.strerror or exc}); "
                "it must be a regular file"
            ) from None
        with handle:
            handle.write(text.encode("utf-8"))
            flush_appended(handle, durable=self.durable)


def _allocation_from(data: Mapping[str, Any]) -> Allocation | None:
    key, credential, file = data.get("key"), data.get("credential"), data.get("file")
    status = data.get("credentialStatus")
    if not (isinstance(key, str) and isinstance(credential, str) and isinstance(file, str)):
        return None
    if "/" in file or "\\" in file or file.startswith("."):
        return None  # a file name of this folder only
    return Allocation(key, credential, file, dict(status) if isinstance(status, dict) else None)
