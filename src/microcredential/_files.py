"""Files, in one place: atomic and durable writes, and lock files.

Every file the library or the CLI writes (credentials, manifests, status list states, key
files, command output) goes through :func:`write_atomic`: the data go to a new temporary file
in the target's own folder (same file system, so the rename is atomic), are flushed to disk,
and the file is renamed over the target; then the folder itself is flushed, so that the
rename survives a power loss.  A reader sees the old file or the new one, never a part.

Records appended to a log (the cohort's allocation ledger and manifest journal) go through
:func:`open_append` and :func:`flush_appended`: a crash can cut only the last record short.

Writers of many files at once use the steps separately (:func:`stage` each file, one
:func:`sync_files` for the batch, :meth:`StagedFile.place` each, :func:`fsync_dir`): one flush
for the whole batch gives each file the same guarantee at a fraction of the cost.  On Linux a
staged file has no name at all until it is placed (``O_TMPFILE``, then a hard link to its
final name): fewer steps than a temporary name and a rename, and nothing left behind when
the writer stops; elsewhere (or on a file system without it) it is a temporary file.

:func:`locked` holds an exclusive lock on a lock file for the length of a ``with`` block.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Final, TypeVar

from .errors import MicrocredentialError

_T = TypeVar("_T")

__all__ = [
    "TMP_PREFIX",
    "StagedFile",
    "flush_appended",
    "fsync_dir",
    "locked",
    "open_append",
    "place",
    "remove_temporaries",
    "stage",
    "sync_files",
    "write_atomic",
    "write_temporary",
]

#: Temporary files start with this name (and end in ``.tmp``); left-overs of an interrupted
#: run are removed by :func:`remove_temporaries`.
TMP_PREFIX: Final = ".mc-tmp-"

_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC: Final = getattr(os, "O_CLOEXEC", 0)
#: ``O_TMPFILE`` (Linux): a file with no name, given one later by a hard link through
#: ``/proc/self/fd``; 0 where the platform has none.
_TMPFILE: Final = getattr(os, "O_TMPFILE", 0) if os.path.isdir("/proc/self/fd") else 0
#: What ``open`` says when a file system (or an old kernel) cannot make an ``O_TMPFILE``.
_NO_TMPFILE_ERRNOS: Final = frozenset({errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL})
#: Folders where :func:`stage` found that ``O_TMPFILE`` does not work: named files there.
_NAMED_ONLY: set[str] = set()
#: Folders where an unnamed file was seen to take a name (tried once per folder).
_LINKABLE: set[str] = set()
#: Bytes gathered before a write to a file given in chunks.
_WRITE_SIZE: Final = 1 << 16
#: At most this many staged files (and at most a quarter of the process's open-file limit)
#: hold an open ``O_TMPFILE`` at once; the others are named temporary files, which hold no
#: open file, so that a large batch never runs out of file descriptors.
_MAX_OPEN_STAGED: Final = 256
_open_staged = 0
_OPEN_STAGED_LOCK: Final = threading.Lock()


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


def _temporary_name(beside: Path, claim: Callable[[Path], _T]) -> tuple[Path, _T]:
    """A new temporary name in the folder of ``beside``, and what ``claim`` returned for it
    (``claim`` creates the file, raising :class:`FileExistsError` when the name is taken)."""
    for _ in range(100):
        tmp = beside.with_name(f"{TMP_PREFIX}{secrets.token_hex(8)}.tmp")
        try:
            return tmp, claim(tmp)
        except FileExistsError:  # pragma: no cover - 64 random bits collided
            continue
    raise FileExistsError(  # pragma: no cover
        errno.EEXIST, "no free temporary file name", str(beside.parent)
    )


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
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
    tmp, fd = _temporary_name(path, lambda name: os.open(name, flags, mode))
    try:
        try:
            pending = bytearray()  # many small chunks (a manifest's rows) go out together
            for chunk in chunks:
                if pending and len(pending) + len(chunk) > _WRITE_SIZE:
                    _write_all(fd, pending)
                    pending.clear()
                if len(chunk) >= _WRITE_SIZE:
                    _write_all(fd, chunk)  # a large chunk as it is, not copied
                else:
                    pending += chunk
            _write_all(fd, pending)
        finally:
            os.close(fd)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _write_all(fd: int, data: bytes | bytearray) -> None:
    """Write all of ``data`` to ``fd`` (a write may take only part of it)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


class StagedFile:
    """The data of a file written by :func:`stage`, not yet under its name (``target``).

    Flush it with :func:`sync_files`, then :meth:`place` it or :meth:`discard` it; either
    releases what it holds (an open file, or a temporary name).
    """

    __slots__ = ("_fd", "_tmp", "target")

    def __init__(self, target: Path, *, fd: int | None = None, tmp: Path | None = None) -> None:
        self.target = target
        self._fd = fd  # an open O_TMPFILE: the file has no name yet
        self._tmp = tmp  # else: a temporary name beside the target

    def __repr__(self) -> str:
        return f"StagedFile({str(self.target)!r})"

    def sync(self) -> None:
        """Flush this file's data to disk (:func:`sync_files` does a whole batch at once)."""
        if self._fd is not None:
            os.fsync(self._fd)
        elif self._tmp is not None:
            _fsync_file(self._tmp)

    def place(self, *, overwrite: bool = True) -> None:
        """Give the file its name; with ``overwrite=False`` only if ``target`` does not exist
        (:class:`FileExistsError` otherwise, and the file stays staged)."""
        if self._tmp is not None:
            place(self._tmp, self.target, overwrite=overwrite)
            self._tmp = None
            return
        if self._fd is None:
            raise ValueError(f"{self.target}: the staged file was placed or discarded already")
        try:
            _link_open_file(self._fd, self.target)
        except FileExistsError:
            if not overwrite:
                raise FileExistsError(
                    errno.EEXIST, "already exists; refusing to overwrite it", str(self.target)
                ) from None
            self._replace(self._fd)
        self.discard()

    def _replace(self, fd: int) -> None:
        """Put the open file ``fd`` over an existing ``target``: a temporary name, then a
        rename."""
        tmp, _ = _temporary_name(self.target, lambda name: _link_open_file(fd, name))
        try:
            os.replace(tmp, self.target)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise

    def discard(self) -> None:
        """Drop the file if it was not placed (closing it, or removing its temporary name)."""
        if self._fd is not None:
            fd, self._fd = self._fd, None
            _release_descriptor()
            os.close(fd)
        if self._tmp is not None:
            tmp, self._tmp = self._tmp, None
            with contextlib.suppress(OSError):
                tmp.unlink()


def _link_open_file(fd: int, name: Path) -> None:
    """Give the open file ``fd`` the name ``name`` (a hard link through ``/proc/self/fd``)."""
    # linkat(2) with AT_SYMLINK_FOLLOW links the file the /proc entry stands for; os.link
    # calls linkat only when given a folder descriptor (plain link(2) would link the entry
    # itself), and ``fd`` is one that linkat ignores for the absolute path.
    os.link(f"/proc/self/fd/{fd}", name, src_dir_fd=fd, follow_symlinks=True)


def stage(target: Path, data: bytes, *, mode: int = 0o666) -> StagedFile:
    """Write ``data`` for ``target`` into a file of its folder that has no name yet (Linux's
    ``O_TMPFILE``), or else a temporary file beside it (not flushed); see :class:`StagedFile`.

    An unnamed staged file holds an open file until it is placed or discarded; beyond
    ``_MAX_OPEN_STAGED`` of them (or a quarter of the open-file limit) the next ones get
    temporary names instead, which hold none.
    """
    if _TMPFILE and str(target.parent) not in _NAMED_ONLY and _claim_descriptor():
        fd = _open_unnamed(target.parent, mode)
        if fd is None:
            _release_descriptor()
        else:
            try:
                _write_all(fd, data)
            except BaseException:
                _release_descriptor()
                os.close(fd)
                raise
            return StagedFile(target, fd=fd)
    return StagedFile(target, tmp=write_temporary(target, data, mode=mode))


def _open_unnamed(folder: Path, mode: int) -> int | None:
    """A new unnamed file (``O_TMPFILE``) in ``folder``, open for writing; None when there can
    be none that takes a name there (remembered for the folder) or not now (too many open
    files, say: the named file's to meet or raise)."""
    key = str(folder)
    try:
        fd = os.open(key, _TMPFILE | os.O_WRONLY | _CLOEXEC, mode)
    except OSError as exc:
        if exc.errno in _NO_TMPFILE_ERRNOS:
            _NAMED_ONLY.add(key)  # this file system cannot: never ask again
        return None
    if key in _LINKABLE:
        return fd
    # The first time in a folder: can an unnamed file be given a name here (through
    # /proc/self/fd, which a sandbox may refuse)? Tried with a file of its own, since a file
    # that had a name once cannot take another.
    try:
        probe = os.open(key, _TMPFILE | os.O_WRONLY | _CLOEXEC, 0o600)
        try:
            name = folder / f"{TMP_PREFIX}{secrets.token_hex(8)}.tmp"
            _link_open_file(probe, name)
            name.unlink()
        finally:
            os.close(probe)
    except OSError:
        os.close(fd)
        _NAMED_ONLY.add(key)
        return None
    if len(_LINKABLE) >= 1024:  # a process writing into many folders: stay small
        _LINKABLE.clear()
    _LINKABLE.add(key)
    return fd


def _claim_descriptor() -> bool:
    """Whether one more staged file may hold an open file (then counted until released)."""
    global _open_staged
    allowed = _MAX_OPEN_STAGED
    with contextlib.suppress(ImportError, OSError, ValueError):
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft != resource.RLIM_INFINITY:
            allowed = min(allowed, soft // 4)
    with _OPEN_STAGED_LOCK:
        if _open_staged >= allowed:
            return False
        _open_staged += 1
        return True


def _release_descriptor() -> None:
    global _open_staged
    with _OPEN_STAGED_LOCK:
        _open_staged -= 1


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


def sync_files(files: Iterable[StagedFile]) -> None:
    """Flush the data of staged ``files`` to disk: one ``os.sync`` where the platform has it."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for file in files:  # pragma: no cover - platforms without sync(2)
        file.sync()


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
