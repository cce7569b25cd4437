"""Private folders and atomic writes: a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from heartline.errors import Busy

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


class PidLock:
    """A lock file holding the owner's process id; a lock left by a dead process is stale.

    Two processes never write the same file at once, and a crash never locks a file forever.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.held = False

    def holder(self) -> int | None:
        try:
            text = self.path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        return int(text) if text.isdigit() else None

    def acquire(self) -> None:
        """Take the lock, or raise Busy naming the live process that has it."""
        me = os.getpid()
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                holder = self.holder()
                if holder == me:
                    self.held = True
                    return
                if holder is not None and alive(holder):
                    raise Busy(holder) from None
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()  # stale: its process is gone
                continue
            try:
                os.write(fd, f"{me}\n".encode("ascii"))
            finally:
                os.close(fd)
            self.held = True
            return
        holder = self.holder()
        raise Busy(holder or 0)

    def release(self) -> None:
        if self.held and self.holder() == os.getpid():
            with contextlib.suppress(OSError):
                self.path.unlink()
        self.held = False
