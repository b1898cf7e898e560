"""The one writer of files: atomic replacement, permissions, no overwrite, no left-overs."""

from __future__ import annotations

import errno
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest

import microcredential._files as files
from microcredential._files import (
    TMP_PREFIX,
    locked,
    remove_temporaries,
    stage,
    sync_files,
    write_atomic,
)
from microcredential.errors import MicrocredentialError

#: How a staged file is made: an O_TMPFILE (Linux), or a temporary name beside its target.
STAGING = ["unnamed", "named"]


@pytest.fixture(params=STAGING)
def staging(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the test with each way of staging a file this platform has."""
    if request.param == "unnamed" and not files._TMPFILE:
        pytest.skip("no O_TMPFILE here")
    if request.param == "named":
        monkeypatch.setattr(files, "_TMPFILE", 0)
    return str(request.param)


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old")
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    write_atomic(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


def test_a_file_given_in_small_chunks_is_written_in_few_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writes: list[int] = []
    write = os.write

    def counted(fd: int, data: Any) -> int:
        writes.append(len(data))
        return write(fd, data)

    monkeypatch.setattr(os, "write", counted)
    rows = [f"row {i}\n".encode() for i in range(20_000)]
    big = b"x" * 200_000
    write_atomic(tmp_path / "m.json", iter([*rows, big, b"end"]))
    assert (tmp_path / "m.json").read_bytes() == b"".join([*rows, big, b"end"])
    assert len(writes) < 10, writes  # not one a row


def test_the_mode_is_applied_to_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "key.json"
    target.write_text("readable by all")
    target.chmod(0o644)
    write_atomic(target, "secret", mode=0o600)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_without_overwrite_an_existing_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "key.json"
    target.write_text("first")
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        write_atomic(target, "second", overwrite=False)
    assert target.read_text() == "first"
    assert [p.name for p in tmp_path.iterdir()] == ["key.json"]
    write_atomic(tmp_path / "new.json", "fresh", overwrite=False)
    assert (tmp_path / "new.json").read_text() == "fresh"


def test_a_link_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    target = tmp_path / "out.json"
    target.symlink_to(outside)
    write_atomic(target, "ours")
    assert not target.is_symlink()
    assert outside.read_text() == "not ours"


def test_a_failed_rename_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(source: object, target: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        write_atomic(tmp_path / "out.json", "data")
    assert list(tmp_path.iterdir()) == []


def test_left_over_temporary_files_are_removed(tmp_path: Path) -> None:
    (tmp_path / f"{TMP_PREFIX}abc.tmp").write_text("half")
    (tmp_path / "keep.json").write_text("{}")
    remove_temporaries(tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_a_lock_is_exclusive_and_a_busy_one_is_refused_without_waiting(tmp_path: Path) -> None:
    lock = tmp_path / "run.lock"
    refused = pytest.raises(MicrocredentialError, match="busy here")
    with locked(lock), refused, locked(lock, wait=False, busy="busy here"):
        pass  # pragma: no cover - not reached
    with locked(lock, wait=False, busy="busy here"):
        assert lock.is_file()


def test_a_staged_file_gets_its_name_whole_when_placed(tmp_path: Path, staging: str) -> None:
    target = tmp_path / "c.json"
    staged = stage(target, b"{}\n" * 10_000, mode=0o600)
    assert not target.exists()
    if staging == "unnamed":
        assert list(tmp_path.iterdir()) == []  # no name at all before it is placed
    sync_files([staged])
    staged.place()
    assert target.read_bytes() == b"{}\n" * 10_000
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]
    staged.discard()  # nothing left to drop
    assert target.is_file()


def test_a_staged_file_replaces_or_keeps_what_is_there(tmp_path: Path, staging: str) -> None:
    target = tmp_path / "c.json"
    target.write_text("theirs")
    staged = stage(target, b"ours")
    with pytest.raises(FileExistsError, match="refusing to overwrite"):
        staged.place(overwrite=False)
    assert target.read_text() == "theirs"
    staged.place()  # still staged after the refusal: now over the file
    assert target.read_text() == "ours"
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    stage(link, b"a file").place()
    assert not link.is_symlink()
    assert link.read_text() == "a file"


@pytest.mark.skipif(sys.platform == "win32", reason="no open-file limit to lower")
def test_a_batch_larger_than_the_open_file_limit_is_staged(tmp_path: Path, staging: str) -> None:
    """Each staged O_TMPFILE held an open file until placed: a cohort's batch of more files
    than the process may open failed with "Too many open files" (EMFILE)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    limit = 256 if soft == resource.RLIM_INFINITY else min(soft, 256)
    open_before = files._open_staged
    resource.setrlimit(resource.RLIMIT_NOFILE, (limit, hard))
    try:
        staged = [stage(tmp_path / f"{i}.json", b"%d" % i) for i in range(limit + 100)]
        sync_files(staged)
        for file in staged:
            file.place(overwrite=False)
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    assert len(list(tmp_path.iterdir())) == limit + 100
    assert (tmp_path / f"{limit + 99}.json").read_bytes() == b"%d" % (limit + 99)
    assert files._open_staged == open_before


def test_a_discarded_staged_file_leaves_nothing(tmp_path: Path, staging: str) -> None:
    staged = [stage(tmp_path / f"{i}.json", b"data") for i in range(3)]
    for file in staged:
        file.discard()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="placed or discarded already"):
        staged[0].place()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="O_TMPFILE is Linux's")
def test_a_file_system_without_o_tmpfile_gets_named_temporary_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = os.open
    refused: list[int] = []

    def without_tmpfile(path: str, flags: int, mode: int = 0o777) -> int:
        if files._TMPFILE and flags & files._TMPFILE == files._TMPFILE:
            refused.append(flags)
            raise OSError(errno.EOPNOTSUPP, "Operation not supported")
        return opened(path, flags, mode)

    monkeypatch.setattr(os, "open", without_tmpfile)
    monkeypatch.setattr(files, "_NAMED_ONLY", set())
    monkeypatch.setattr(files, "_TMPFILE", getattr(os, "O_TMPFILE", 0) or 0o20200000)
    first = stage(tmp_path / "a.json", b"one")
    [name] = [p.name for p in tmp_path.iterdir()]
    assert name.startswith(TMP_PREFIX)
    second = stage(tmp_path / "b.json", b"two")
    assert len(refused) == 1  # the folder is known not to have it: asked once
    sync_files([first, second])
    first.place()
    second.place(overwrite=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "b.json"]
    assert (tmp_path / "b.json").read_text() == "two"


@pytest.mark.skipif(not files._TMPFILE, reason="no O_TMPFILE here")
def test_unnamed_files_are_tried_once_per_folder_and_named_ones_used_where_they_cannot_be_linked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "_NAMED_ONLY", set())
    monkeypatch.setattr(files, "_LINKABLE", set())
    link = files._link_open_file
    linked: list[str] = []

    def counted(fd: int, name: Path) -> None:
        linked.append(name.name)
        link(fd, name)

    monkeypatch.setattr(files, "_link_open_file", counted)
    here = tmp_path / "here"
    here.mkdir()
    staged = [stage(here / f"{i}.json", b"data") for i in range(3)]
    assert list(here.iterdir()) == []  # the probe's name is gone, the files have none yet
    for file in staged:
        file.place()
    assert linked[0].startswith(TMP_PREFIX)  # one probe, then the three files
    assert linked[1:] == ["0.json", "1.json", "2.json"]

    def refused(fd: int, name: Path) -> None:  # as in a sandbox without /proc/self/fd links
        raise PermissionError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files, "_link_open_file", refused)
    there = tmp_path / "there"
    there.mkdir()
    first, second = stage(there / "a.json", b"one"), stage(there / "b.json", b"two")
    assert str(there) in files._NAMED_ONLY
    sync_files([first, second])
    first.place()
    second.place(overwrite=False)
    assert sorted(p.name for p in there.iterdir()) == ["a.json", "b.json"]
    assert (there / "b.json").read_text() == "two"
