"""Private folders and atomic writes: a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import stat
from pathlib import Path

from heartline.errors import Busy, LockUnusable

TEMP_SUFFIX = ".tmp"


def ensure_private_dir(folder: Path) -> bool:
    """Create `folder` (mode 0700) if needed; tighten it when others could read it.

    Returns True when an existing folder was open to others and had to be tightened.
    """
    if not folder.parent.exists():
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder.mkdir(mode=0o700, exist_ok=True)
    mode = stat.S_IMODE(folder.stat().st_mode)
    if mode & 0o077:
        with contextlib.suppress(PermissionError):
            folder.chmod(0o700)
        return True
    return False


def temp_name(path: Path) -> Path:
    """A hidden temporary name beside `path`: never mistaken for a save or a deck."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def write_atomic(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write `data` to `path` so that any crash leaves either the old or the new file.

    Write a temporary file in the same folder, flush and fsync it, rename it over `path`,
    then fsync the folder so the rename itself survives a power cut.
    """
    temporary = temp_name(path)
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_dir(path.parent)


def write_new_file(path: Path, data: bytes, mode: int = 0o600) -> None:
    """Write a file that must not exist yet, atomically: whole or not at all.

    The bytes go to a temporary file first and are linked into place only when complete, so
    a crash leaves no cut file; an existing file raises FileExistsError and is untouched.
    """
    temp = temp_name(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, mode)
        try:
            os.fchmod(fd, mode)  # whatever the umask
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(temp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)
    sync_dir(path.parent)


def read_regular(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most `limit`: never a FIFO, a device or an endless file.

    Raises ValueError saying what is wrong (not a file, too large), OSError when it can't
    be read. The size is checked while reading, not only before.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise ValueError("it is not a regular file (a folder, a FIFO or a device)")
        return read_open(fd, limit)
    finally:
        os.close(fd)


def read_open(fd: int, limit: int) -> bytes:
    """An open file's bytes, at most `limit`, checked while reading: ValueError past it."""
    chunks: list[bytes] = []
    total = 0
    while chunk := os.read(fd, min(1 << 16, limit + 1 - total)):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise ValueError(f"it is larger than {limit // 1024} KiB, the most it may be")
    return b"".join(chunks)


def sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def alive(pid: int) -> bool:
    """Whether a process with this id is running (ours counts)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_temporaries(folder: Path) -> list[Path]:
    """Remove temporary files left by heartline processes that are no longer running."""
    removed = []
    for leftover in folder.glob(f".*{TEMP_SUFFIX}"):
        parts = leftover.name.rsplit(".", 3)
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        if not alive(int(parts[1])):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed


class SaveLock:
    """An OS lock (`flock`) held on a small file beside what it guards.

    The kernel holds the lock for the process, so it is taken atomically by one process
    only, and let go the moment that process ends, however it ends: a crash, a SIGKILL, a
    zombie. A pid left in the file by a process long gone, or reused by another program,
    never blocks anyone. The file names its holder (its pid) for messages only. A lock path
    that is not a regular file (a folder, a FIFO, a device, a link) is refused with a reason,
    never opened for reading, never ignored.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def holder(self) -> int | None:
        """The pid written in the lock file, if it is a regular file holding one."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:
            return None
        try:
            return _pid_in(fd) if stat.S_ISREG(os.fstat(fd).st_mode) else None
        finally:
            os.close(fd)

    def acquire(self) -> None:
        """Take the lock; raises Busy naming the process that has it, or LockUnusable."""
        if self._fd is not None:
            return
        for _ in range(20):
            try:
                fd = os.open(
                    self.path,
                    os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC,
                    0o600,
                )
            except OSError as failed:
                if failed.errno in {errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.ENODEV}:
                    raise LockUnusable(self.path) from failed
                raise
            try:
                opened = os.fstat(fd)
                if not stat.S_ISREG(opened.st_mode):
                    raise LockUnusable(self.path)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise Busy(_pid_in(fd) or 0) from None
                # The holder before us removes the file as it lets go: make sure the file
                # we locked is still the one at this path, or try again with the new one.
                try:
                    now = os.stat(self.path, follow_symlinks=False)
                except FileNotFoundError:
                    os.close(fd)
                    continue
                if (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
                    os.close(fd)
                    continue
                with contextlib.suppress(OSError):  # only a name for messages (a full disk)
                    os.ftruncate(fd, 0)
                    os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.close(fd)
                raise
            self._fd = fd
            return
        raise Busy(self.holder() or 0)

    def release(self) -> None:
        """Let go: the file is removed first, while still locked, so no one locks a ghost."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        self._fd = None


def _pid_in(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None
