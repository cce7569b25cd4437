"""The trash: deleted saves wait in `<data>/trash` for 30 days, restorable, then are let go.

Deleting an evening moves its file, bytes untouched, into the trash folder (0700) beside a
small hidden record of its name and when it was deleted (`.NAME.trashed`). A save open in
another heartline can't be deleted (its lock is taken first, as for resuming); a save that
can't be read can, since it is moved and never rewritten. Listing the trash first lets go of
what was deleted 30 days ago or more, and says how many; nothing younger is ever removed.
Names never collide: a save deleted twice under one name is kept twice, and one restored
where a save of that name now exists comes back under a new name. No textual import.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import json
import math
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from heartline.cards import MAX_TITLE
from heartline.errors import Busy, LockUnusable, SaveError, UserError
from heartline.files import (
    clean_temporaries,
    ensure_private_dir,
    sync_dir,
    temp_name,
    write_new_file,
)
from heartline.save_format import SUFFIX, SaveSummary, read_summary
from heartline.store import lock_for, take_lock
from heartline.text import one_line

KEEP_DAYS = 30
RECORD_SUFFIX = ".trashed"
RECORD_FORMAT = 1
# A record with no file beside it is a delete or a restore under way in another heartline,
# or one a crash cut short: it keeps its name taken until it is this old.
ORPHAN_AGE = timedelta(hours=1)
# Room for the hidden record and temporary names beside a trashed file (names are at most
# 255 bytes on most file systems).
MAX_NAME_BYTES = 200
CHUNK = 1 << 20


def now() -> datetime:
    """The time a delete is recorded at, and the trash is listed at (tests replace it): local
    time with its offset, as saves keep theirs."""
    return datetime.now().astimezone()


def trash_dir(data: Path) -> Path:
    """Where deleted saves wait: `<data>/trash`."""
    return data / "trash"


# --- titles -------------------------------------------------------------------------------

# Line and paragraph breaks become spaces; other controls, bidirectional overrides and
# isolates, and lone surrogates (undecodable bytes in a command line) have no place in a
# one-line title.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\x80-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def clean_title(text: str) -> str:
    """A title as it is kept: one line, spaces collapsed and trimmed; "" removes the title.

    Raises UserError when it is longer than MAX_TITLE characters (it is never cut silently).
    """
    text = _SURROGATE.sub("\ufffd", text)
    text = _INVISIBLE.sub("", text)
    title = " ".join(text.split())
    if len(title) > MAX_TITLE:
        raise UserError(f"a title is at most {MAX_TITLE} characters; this one has {len(title)}")
    return title


# --- what is in the trash -----------------------------------------------------------------


@dataclass(frozen=True)
class TrashedSave:
    """One deleted save, as the trash lists it."""

    path: Path  # where it waits, in the trash folder
    original: str  # its file name in the saves folder before it was deleted
    trashed: datetime | None  # when it was deleted; None when its record is missing
    days_left: int | None  # whole days until it is let go (None: kept until restored)
    summary: SaveSummary | None  # what it holds, when it can be read
    problem: str = ""  # why it can't be read (it can be restored all the same)

    @property
    def name(self) -> str:
        """Its name in the trash: what `restore` takes."""
        return self.path.name


@dataclass(frozen=True)
class TrashListing:
    """What the trash holds, newest first, after letting go of what is 30 days old."""

    items: list[TrashedSave]
    purged: int = 0  # how many were let go by this listing
    problems: list[str] = field(default_factory=list)  # what couldn't be let go, and why


@dataclass(frozen=True)
class Record:
    """The hidden record beside a trashed file."""

    original: str
    trashed: datetime

    def to_bytes(self) -> bytes:
        data = {"format": RECORD_FORMAT, "name": self.original, "trashed": self.trashed.isoformat()}
        return json.dumps(data, ensure_ascii=True).encode("ascii")


def record_path(item: Path) -> Path:
    return item.with_name(f".{item.name}{RECORD_SUFFIX}")


def _read_record(path: Path) -> Record | None:
    """A record as written by `Trash.put`, or None when it is missing or not one."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = json.loads(os.read(fd, 64 * 1024))
        original = data["name"]
        trashed = datetime.fromisoformat(data["trashed"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    finally:
        os.close(fd)
    if data.get("format") != RECORD_FORMAT or not _save_name(original):
        return None
    if trashed.tzinfo is None:
        trashed = trashed.astimezone()
    return Record(original, trashed)


def _save_name(name: object) -> bool:
    """A name a save can have in the saves folder: one plain, visible `.toml` file name."""
    return (
        isinstance(name, str)
        and name.endswith(SUFFIX)
        and len(name) > len(SUFFIX)
        and not name.startswith(".")
        and "/" not in name
        and "\0" not in name
        and os.sep not in name
        and (os.altsep is None or os.altsep not in name)
    )


def _names(name: str) -> Iterator[str]:
    """`name`, then `stem-2.toml`, `stem-3.toml`, ...: each short enough for the record and
    the temporary names that sit beside it."""
    stem = name[: -len(SUFFIX)] if name.endswith(SUFFIX) else name
    for number in itertools.count(1):
        tail = SUFFIX if number == 1 else f"-{number}{SUFFIX}"
        room = MAX_NAME_BYTES - len(tail)
        raw = stem.encode("utf-8", "surrogateescape")
        if len(raw) > room:
            stem = raw[:room].decode("utf-8", "ignore") or "save"
        yield f"{stem}{tail}"


# --- moving files -------------------------------------------------------------------------


def _refused(path: Path, failed: OSError, doing: str) -> SaveError:
    return SaveError(path, f"can't {doing}: {failed.strerror or failed}")


def move(source: Path, target: Path) -> None:
    """Move `source` to `target`, never over anything: FileExistsError when `target` is taken.

    Within a file system the file keeps its inode and bytes (a hard link, then the old name
    removed; a rename for a folder or where links don't work). Across file systems (a saves
    folder that is a link to another disk), a plain file is copied, flushed to disk and
    checked, and only then removed; anything else is refused.
    """
    info = os.lstat(source)
    if not stat.S_ISDIR(info.st_mode):
        try:
            os.link(source, target, follow_symlinks=False)
        except FileExistsError:
            raise
        except OSError as failed:
            if failed.errno == errno.EXDEV:
                _copy_across(source, target)
                return
            # No hard links here (a file system without them): a rename, checked first.
        else:
            try:
                os.unlink(source)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(target)  # the same file under a second name: only that goes
                raise
            sync_dir(target.parent)
            sync_dir(source.parent)
            return
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "taken", str(target))
    try:
        os.rename(source, target)
    except OSError as failed:
        if failed.errno != errno.EXDEV:
            raise
        _copy_across(source, target)
        return
    sync_dir(target.parent)
    sync_dir(source.parent)


class CantMoveAcross(OSError):
    """Only a plain file is copied to another file system; the message says why."""


def _copy_across(source: Path, target: Path) -> None:
    """Copy a plain file to another file system (0600, its time kept), then remove it.

    The copy is complete and on disk before the original goes: anything that can't be read
    to the end stays where it is.
    """
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as failed:
        if failed.errno == errno.ELOOP:
            raise CantMoveAcross(
                errno.EXDEV, "it is a link, and the trash is on another file system"
            ) from failed
        raise
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise CantMoveAcross(
                errno.EXDEV, "it is not a plain file, and the trash is on another file system"
            )
        temporary = temp_name(target)
        out = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            try:
                os.fchmod(out, 0o600)
                copied = 0
                while chunk := os.read(fd, CHUNK):
                    view = memoryview(chunk)
                    while view:
                        view = view[os.write(out, view) :]
                    copied += len(chunk)
                after = os.fstat(fd)
                if copied != after.st_size or after.st_mtime_ns != before.st_mtime_ns:
                    raise CantMoveAcross(
                        errno.EAGAIN, "it changed while it was being copied; try again"
                    )
                os.utime(out, ns=(before.st_atime_ns, before.st_mtime_ns))
                os.fsync(out)
            finally:
                os.close(out)
            _place(temporary, target)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
    finally:
        os.close(fd)
    sync_dir(target.parent)
    os.unlink(source)
    sync_dir(source.parent)


def _place(temporary: Path, target: Path) -> None:
    """Give a finished temporary file its name, never over another file."""
    try:
        os.link(temporary, target)
        return
    except FileExistsError:
        raise
    except OSError:
        pass
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "taken", str(target))
    os.rename(temporary, target)


def _remove(path: Path) -> None:
    """Let go of a trashed file for good (a folder that was in the saves folder: with all in it)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


# --- the trash folder ---------------------------------------------------------------------


class Trash:
    """The trash folder of one data folder, and the saves folder it gives back to."""

    def __init__(
        self,
        folder: Path,
        saves: Path,
        clock: Callable[[], datetime] | None = None,
        keep_days: int = KEEP_DAYS,
    ) -> None:
        self.folder = folder
        self.saves = saves
        self.clock = clock
        self.keep = timedelta(days=keep_days)

    def now(self) -> datetime:
        return (self.clock or now)()

    def ready(self, create: bool) -> bool:
        """Whether the trash folder is there (made, 0700, when `create`).

        Raises SaveError when its place holds something else: a link (even to a folder:
        deleted evenings stay inside the data folder), a file, a FIFO.
        """
        folder = self.folder
        if folder.is_symlink():
            raise SaveError(
                folder,
                "it is a link, and heartline keeps deleted evenings only in a folder of its "
                "own; move the link away and heartline makes the trash folder",
            )
        if os.path.lexists(folder) and not folder.is_dir():
            raise SaveError(
                folder,
                "it is a file, not a folder; move it away and heartline makes the trash folder",
            )
        if not folder.exists() and not create:
            return False
        try:
            ensure_private_dir(folder)
        except OSError as failed:
            raise _refused(folder, failed, "make the trash folder") from failed
        return True

    # --- deleting ---------------------------------------------------------------------

    def put(self, path: Path) -> TrashedSave:
        """Move a save into the trash; what the trash then holds for it.

        Raises SessionOpenElsewhere when another heartline has it open, SaveError when it
        is not a save in the saves folder, or can't be moved (it then stays where it was).
        """
        self.check_in_saves(path)
        self.ready(create=True)
        lock = take_lock(path)
        try:
            if not os.path.lexists(path):
                raise SaveError(path, "it is no longer in the saves folder")
            record = Record(path.name, self.now())
            target = self._reserve(path.name, record)
            try:
                move(path, target)
            except BaseException as failed:
                with contextlib.suppress(OSError):
                    record_path(target).unlink()
                if isinstance(failed, CantMoveAcross):
                    raise SaveError(
                        path, f"can't move it to the trash: {failed.strerror}"
                    ) from None
                if isinstance(failed, OSError):
                    raise _refused(path, failed, "move it to the trash") from failed
                raise
        finally:
            if lock is not None:
                lock.release()
        return self._item(target, record, record.trashed)

    def check_in_saves(self, path: Path) -> None:
        """Only a save in the saves folder (by name, linked or not) goes to the trash."""
        shown = one_line(str(self.saves))
        if not _save_name(path.name):
            raise SaveError(path, "only a save (a .toml file) in the saves folder can be deleted")
        try:
            inside = path.parent.resolve() == self.saves.resolve()
        except OSError:
            inside = False
        if not inside:
            raise SaveError(path, f"only saves in {shown} go to heartline's trash")
        if not os.path.lexists(path):
            raise SaveError(path, f"there is no such save in {shown}")

    def _reserve(self, name: str, record: Record) -> Path:
        """A free name in the trash, taken by writing its record first: two heartlines
        deleting saves of one name at once never pick the same name."""
        for candidate in _names(name):
            target = self.folder / candidate
            if os.path.lexists(target):
                continue
            try:
                write_new_file(record_path(target), record.to_bytes())
            except FileExistsError:
                continue
            except OSError as failed:
                raise _refused(self.folder, failed, "write in the trash folder") from failed
            if os.path.lexists(target):  # put there meanwhile by something else
                with contextlib.suppress(OSError):
                    record_path(target).unlink()
                continue
            return target
        raise AssertionError("unreachable")  # pragma: no cover

    # --- listing and letting go -------------------------------------------------------

    def listing(self) -> TrashListing:
        """Everything restorable, newest first; what was deleted 30 days ago or more is let
        go first, and counted. Raises SaveError when the trash folder is something else."""
        if not self.ready(create=False):
            return TrashListing([])
        clean_temporaries(self.folder)
        moment = self.now()
        items: list[TrashedSave] = []
        problems: list[str] = []
        purged = 0
        try:
            names = sorted(os.listdir(self.folder))
        except OSError as failed:
            raise _refused(self.folder, failed, "read the trash folder") from failed
        present = set(names)
        for name in names:
            if name.startswith(".") and name.endswith(RECORD_SUFFIX):
                self._drop_orphan(name, present, moment)
                continue
            if name.startswith(".") or not name.endswith(SUFFIX):
                continue
            path = self.folder / name
            record = _read_record(record_path(path))
            if record is not None and moment - record.trashed >= self.keep:
                gone, problem = self._purge(path)
                if gone:
                    purged += 1
                    continue
                if problem:
                    problems.append(problem)
            items.append(self._item(path, record, moment))
        oldest = datetime.min.replace(tzinfo=UTC)
        items.sort(key=lambda item: (item.trashed or oldest, item.name), reverse=True)
        return TrashListing(items, purged, problems)

    def _item(self, path: Path, record: Record | None, moment: datetime) -> TrashedSave:
        summary: SaveSummary | None = None
        problem = ""
        try:
            summary = read_summary(path)
        except SaveError as error:
            problem = error.reason
        days: int | None = None
        if record is not None:
            left = (record.trashed + self.keep - moment) / timedelta(days=1)
            days = max(1, min(self.keep.days, math.ceil(left)))
        return TrashedSave(
            path=path,
            original=record.original if record else path.name,
            trashed=record.trashed if record else None,
            days_left=days,
            summary=summary,
            problem=problem,
        )

    def _purge(self, path: Path) -> tuple[bool, str]:
        """Let go of one old item: whether it is gone, and what went wrong if it is not
        (nothing, when another heartline is restoring it right now)."""
        lock = lock_for(path)
        try:
            lock.acquire()
        except (Busy, LockUnusable):
            return False, ""
        except OSError as failed:
            return False, f"{one_line(path.name)}: can't remove it: {failed.strerror or failed}"
        try:
            if os.path.lexists(path):
                _remove(path)
            with contextlib.suppress(FileNotFoundError):
                record_path(path).unlink()
        except OSError as failed:
            return False, f"{one_line(path.name)}: can't remove it: {failed.strerror or failed}"
        finally:
            lock.release()
        sync_dir(self.folder)
        return True, ""

    def _drop_orphan(self, name: str, present: set[str], moment: datetime) -> None:
        """A record whose file is gone, once it is old enough not to be a move under way."""
        item = name[1 : -len(RECORD_SUFFIX)]
        if item in present:
            return
        path = self.folder / name
        record = _read_record(path)
        try:
            when = record.trashed if record else datetime.fromtimestamp(path.lstat().st_mtime, UTC)
        except OSError:
            return
        if moment - when >= ORPHAN_AGE:
            with contextlib.suppress(OSError):
                path.unlink()

    # --- restoring --------------------------------------------------------------------

    def find(self, name: str) -> Path:
        """A trashed save by its name in the trash (with or without .toml)."""
        shown = one_line(str(self.folder))
        if self.ready(create=False):
            for candidate in (name, f"{name}{SUFFIX}"):
                if _save_name(candidate) and os.path.lexists(self.folder / candidate):
                    return self.folder / candidate
        raise SaveError(Path(name), f"there is no such evening in the trash ({shown})")

    def restore(self, name: str) -> Path:
        """Put a trashed save back in the saves folder: under its old name, or a new one
        when that is taken. Returns where it is now; raises SaveError."""
        item = self.find(name)
        lock = lock_for(item)
        try:
            lock.acquire()
        except Busy:
            raise SaveError(item, "another heartline is restoring it right now") from None
        except LockUnusable as odd:
            raise SaveError(item, odd.for_person()) from None
        except OSError as failed:
            raise _refused(item, failed, "restore it") from failed
        try:
            if not os.path.lexists(item):
                raise SaveError(item, "it is no longer in the trash")
            record = _read_record(record_path(item))
            wanted = record.original if record else item.name
            try:
                if not self.saves.is_dir():
                    ensure_private_dir(self.saves)
            except OSError as failed:
                raise _refused(self.saves, failed, "make the saves folder") from failed
            target = self._give_back(item, wanted)
            with contextlib.suppress(FileNotFoundError):
                record_path(item).unlink()
            sync_dir(self.folder)
        finally:
            lock.release()
        return target

    def _give_back(self, item: Path, wanted: str) -> Path:
        """Move a trashed file into the saves folder under the first free name."""
        for candidate in _names(wanted):
            target = self.saves / candidate
            try:
                move(item, target)
            except FileExistsError:
                continue
            except CantMoveAcross as failed:
                raise SaveError(item, f"can't restore it: {failed.strerror}") from None
            except OSError as failed:
                raise _refused(item, failed, "restore it") from failed
            return target
        raise AssertionError("unreachable")  # pragma: no cover
