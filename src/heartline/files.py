"""Private folders and atomic writes: a crash leaves the old file or the new one, never half."""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

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


def _alive(pid: int) -> bool:
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
        if not _alive(int(parts[1])):
            with contextlib.suppress(OSError):
                leftover.unlink()
                removed.append(leftover)
    return removed
