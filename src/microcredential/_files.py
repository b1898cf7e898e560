"""Files, in one place: atomic and durable writes, and lock files.

Every file the library or the CLI writes (credentials, manifests, status list states, key
files, command output) goes through :func:`write_atomic`: the data go to a new temporary file
in the target's own folder (same file system, so the rename is atomic), are flushed to disk,
and the file is renamed over the target; then the folder itself is flushed, so that the
rename survives a power loss.  A reader sees the old file or the new one, never a part.

Records appended to a log (the cohort's allocation ledger and manifest journal) go through
:func:`open_append` and :func:`flush_appended`: a crash can cut only the last record short.

Writers of many files at once use the steps separately (:func:`write_temporary`, one
:func:`sync_files` for the batch, :func:`place`, :func:`fsync_dir`): one flush for the whole
batch gives each file the same guarantee at a fraction of the cost.

:func:`locked` holds an exclusive lock on a lock file for the length of a ``with`` block.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final

from .errors import MicrocredentialError

__all__ = [
    "TMP_PREFIX",
    "flush_appended",
    "fsync_dir",
    "locked",
    "open_append",
    "place",
    "remove_temporaries",
    "sync_files",
    "write_atomic",
    "write_temporary",
]

#: Temporary files start with this name (and end in ``.tmp``); left-overs of an interrupted
#: run are removed by :func:`remove_temporaries`.
TMP_PREFIX: Final = ".mc-tmp-"

_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes | str | Iterable[bytes],
    *,
    mode: int = 0o666,
    durable: bool = True,
    overwrite: bool = True,
) -> None:
    """Replace (or create) ``path`` with ``data`` atomically; ``str`` is written as UTF-8, and
    an iterable of ``bytes`` chunk by chunk (a large file is never held in memory whole).

    ``mode`` is the new file's permission bits before the umask (``0o600``: the owner only).
    ``durable=False`` skips the flushes (faster; after a power loss the file may be missing
    or old, never partial).  With ``overwrite=False`` an existing ``path`` is kept and
    :class:`FileExistsError` raised, also when it appears while the data are written.
    """
    target = Path(path)
    tmp = write_temporary(target, data, mode=mode)
    try:
        if durable:
            _fsync_file(tmp)
        place(tmp, target, overwrite=overwrite)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if durable:
        fsync_dir(target.parent)


def write_temporary(path: Path, data: bytes | str | Iterable[bytes], *, mode: int = 0o666) -> Path:
    """Write ``data`` (as :func:`write_atomic` takes it) to a new temporary file beside
    ``path`` (not flushed); return its path."""
    chunks: Iterable[bytes]
    if isinstance(data, str):
        chunks = (data.encode("utf-8"),)
    elif isinstance(data, bytes | bytearray):
        chunks = (data,)
    else:
        chunks = data
    for _ in range(100):
        tmp = path.with_name(f"{TMP_PREFIX}{secrets.token_hex(8)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
        except FileExistsError:  # pragma: no cover - 64 random bits collided
            continue
        break
    else:  # pragma: no cover
        raise FileExistsError(errno.EEXIST, "no free temporary file name", str(path.parent))
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def open_append(path: Path, *, truncate: bool = False) -> BinaryIO:
    """Open ``path`` (a regular file, created when missing, never through a link) for appending
    records; ``truncate`` empties it first. Flush with :func:`flush_appended`."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | _NOFOLLOW | _CLOEXEC
    fd = os.open(path, flags | (os.O_TRUNC if truncate else 0), 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        return os.fdopen(fd, "ab")
    except BaseException:
        os.close(fd)
        raise


def flush_appended(handle: BinaryIO, *, durable: bool = True) -> None:
    """Write what was appended to ``handle`` through to the file, and to disk when
    ``durable``: a crash may then cut only a record appended after this call."""
    handle.flush()
    if durable:
        os.fsync(handle.fileno())


def sync_files(paths: Iterable[Path]) -> None:
    """Flush the data of ``paths`` to disk: one ``os.sync`` where the platform has it."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:  # pragma: no cover - platforms without sync(2)
        _fsync_file(path)


def place(tmp: Path, target: Path, *, overwrite: bool = True) -> None:
    """Rename ``tmp`` to ``target``; with ``overwrite=False`` only if ``target`` does not exist
    (a hard link then makes the check and the move one step, where the file system allows)."""
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise FileExistsError(
            errno.EEXIST, "already exists; refusing to overwrite it", str(target)
        ) from None
    except OSError:  # no hard links here: check, then rename
        if target.exists() or target.is_symlink():
            raise FileExistsError(
                errno.EEXIST, "already exists; refusing to overwrite it", str(target)
            ) from None
        os.replace(tmp, target)
        return
    tmp.unlink()


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (renames into it) to disk, where the platform allows."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def remove_temporaries(folder: Path) -> None:
    """Remove the temporary files an interrupted writer left in ``folder``."""
    for leftover in folder.glob(f"{TMP_PREFIX}*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def locked(path: str | os.PathLike[str], *, wait: bool = True, busy: str = "") -> Iterator[None]:
    """Hold an exclusive lock on the lock file ``path`` (created when missing) for a block.

    The lock file must be a regular file: a directory, a symbolic link (dangling or not) or
    anything else there is refused with a :class:`~microcredential.MicrocredentialError`
    that names it, as is a lock that cannot be taken.  With ``wait=False`` a lock held by
    another process is refused at once, with ``busy`` as the message.
    """
    lock = Path(path)
    try:
        fd = os.open(lock, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)
    except OSError as exc:
        raise MicrocredentialError(_lock_problem(lock, exc)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise MicrocredentialError(
                f"{lock}: the lock file is not a regular file; remove it and try again"
            )
        try:
            import fcntl
        except ImportError:  # pragma: no cover - not POSIX: no locking
            yield
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN) and busy:
                raise MicrocredentialError(busy) from None
            raise MicrocredentialError(f"{lock}: cannot lock ({exc.strerror or exc})") from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _lock_problem(lock: Path, exc: OSError) -> str:
    if lock.is_symlink():
        what = "is a symbolic link"
    elif lock.is_dir():
        what = "is a folder"
    else:
        what = f"cannot be opened ({exc.strerror or exc})"
    return f"{lock}: the lock file {what}; it must be a regular file: remove it and try again"
