"""The size limit holds for every source: regular files, devices, FIFOs and pipes.

A regular file's size is known before it is read; ``/dev/zero``, a FIFO or a pipe reports a
size of 0 and never ends, so the limit must count the bytes actually read.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from microcredential._json import read_json, read_limited
from microcredential.cli import main
from microcredential.errors import DocumentTooLargeError
from microcredential.jsonld import OfflineLoader
from microcredential.keys import Ed25519Key

ZERO = Path("/dev/zero")
needs_zero = pytest.mark.skipif(not ZERO.exists(), reason="no /dev/zero on this system")
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


@needs_zero
def test_an_endless_device_is_refused_at_the_limit() -> None:
    with pytest.raises(DocumentTooLargeError) as info:
        read_json(ZERO, max_bytes=1000)
    (problem,) = info.value.problems
    assert problem.code == "input.too-large"
    assert "1,000" in problem.message


@needs_zero
@pytest.mark.parametrize("command", ["verify", "validate", "check", "expand", "canonicalize"])
def test_commands_refuse_an_endless_device(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, str(ZERO), "--max-bytes", "4096"]) == 1
    err = capsys.readouterr().err
    assert "/dev/zero" in err
    assert "over the limit of 4,096" in err


class _Writer(threading.Thread):
    """Writes ``total`` bytes into a FIFO, stopping quietly when the reader goes away."""

    def __init__(self, path: Path, total: int) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.total = total
        self.written = 0

    def run(self) -> None:
        try:
            with open(self.path, "wb") as handle:
                chunk = b" " * 65536
                while self.written < self.total:
                    handle.write(chunk)
                    self.written += len(chunk)
        except (BrokenPipeError, OSError):
            pass


@needs_fifo
def test_a_fifo_is_read_no_further_than_the_limit(tmp_path: Path) -> None:
    fifo = tmp_path / "input.json"
    os.mkfifo(fifo)
    writer = _Writer(fifo, 64 * 1024 * 1024)
    writer.start()
    with pytest.raises(DocumentTooLargeError):
        read_limited(fifo, max_bytes=100_000)
    writer.join(timeout=30)
    assert not writer.is_alive()
    # the writer stopped because nobody read: far less than it meant to write went through
    assert writer.written < writer.total


@needs_fifo
def test_a_fifo_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    fifo = tmp_path / "input.json"
    os.mkfifo(fifo)
    text = b'{"a": [' + b"1, " * 40_000 + b"1]}"

    def write() -> None:
        with open(fifo, "wb") as handle:
            handle.write(text)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    assert read_json(fifo, max_bytes=len(text)) == {"a": [1] * 40_001}
    thread.join(timeout=30)


def test_a_regular_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b"[" + b"0," * 5000 + b"0]")
    with pytest.raises(DocumentTooLargeError) as info:
        read_json(big, max_bytes=100)
    assert "10,003 bytes" in info.value.problems[0].message


@needs_zero
def test_a_context_file_is_read_within_the_limit(tmp_path: Path) -> None:
    (tmp_path / "index.json").write_text('{"https://example.org/ctx": "/dev/zero"}')
    loader = OfflineLoader.from_directory(tmp_path)
    with pytest.raises(DocumentTooLargeError):
        loader.load("https://example.org/ctx")


@needs_fifo
def test_a_roster_that_is_not_a_regular_file_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    Ed25519Key.from_seed(bytes(range(32))).save(tmp_path / "key.json")
    (tmp_path / "achievement.json").write_text('{"name": "Teamwork"}', encoding="utf-8")
    code = main(
        [
            "issue-cohort",
            "--achievement",
            str(tmp_path / "achievement.json"),
            "--roster",
            str(fifo),
            "--key",
            str(tmp_path / "key.json"),
            "--output-dir",
            str(tmp_path / "out"),
        ]
    )
    assert code == 2
    assert "not a regular file" in capsys.readouterr().err
