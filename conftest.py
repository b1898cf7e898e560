"""What every test, doctest and documentation example the suite runs must not leave behind.

The code under test gets a temporary folder of its own (``tempfile``'s default folder, and
``TMPDIR`` for the processes it starts); a test that leaves a file or folder there fails,
and what it left is removed.  Tests write into ``tmp_path``, which pytest cleans up itself.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def _temporary_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("tempfile-default")
    saved = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(root)
    os.environ["TMPDIR"] = str(root)
    yield root
    tempfile.tempdir = saved[0]
    if saved[1] is None:
        os.environ.pop("TMPDIR", None)
    else:
        os.environ["TMPDIR"] = saved[1]


@pytest.fixture(autouse=True)
def _no_temporary_leftovers(_temporary_root: Path) -> Iterator[None]:
    before = set(os.listdir(_temporary_root))
    yield
    left = sorted(set(os.listdir(_temporary_root)) - before)
    for name in left:
        path = _temporary_root / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if left:
        pytest.fail(f"left temporary files behind: {', '.join(left)}", pytrace=False)
