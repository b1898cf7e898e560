"""The one writer of files: atomic replacement, permissions, no overwrite, no left-overs."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from microcredential._files import TMP_PREFIX, locked, remove_temporaries, write_atomic
from microcredential.errors import MicrocredentialError


def test_a_file_is_replaced_whole(tmp_path: Path) -> None:
    target = tmp_path / "state.json"
    target.write_text("old")
    write_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    write_atomic(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]


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
