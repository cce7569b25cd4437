"""The saves folder: one file per session, written atomically after every action.

The file's format lives in `save_format`; this module keeps the folder (private, cleared of
dead processes' temporary files), a cache of summaries, the lock beside each open save, and
`Autosave`. A save that can't be read is reported and left exactly as it is.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from heartline.cards import STATUSES, Status
from heartline.couple import same_couple
from heartline.errors import Busy, LockUnusable, SaveError, SessionOpenElsewhere
from heartline.files import SaveLock, clean_temporaries, ensure_private_dir, write_atomic
from heartline.save_format import SUFFIX, SaveSummary, file_name, load, read_summary, to_toml
from heartline.session import Session
from heartline.text import one_line

INDEX_NAME = ".summaries.json"
INDEX_FORMAT = 1


class Store:
    """The saves folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def prepare(self) -> str:
        """Make the folder private and clear dead processes' temporary files.

        Returns what the partners should be told, or "" when there is nothing to say: the
        folder had been readable by others and is private now (an empty one, such as a
        fresh clone's, is tightened without a word), or it is a link to a folder others can
        read, which heartline never changes (each save in it is still 0600). Raises
        SaveError when the folder can't be made.
        """
        shown = one_line(str(self.folder))
        if self.folder.is_symlink():
            try:
                target = self.folder.resolve(strict=True)
                open_to_others = stat.S_IMODE(target.stat().st_mode) & 0o077
            except OSError as failed:
                raise SaveError(self.folder, failed.strerror or str(failed)) from failed
            if not target.is_dir():
                raise SaveError(self.folder, "it is a link to something that is not a folder")
            clean_temporaries(self.folder)
            if open_to_others:
                return (
                    f"{shown} is a link to {one_line(str(target))}, which other people on "
                    "this computer can open; heartline leaves that folder as it is, and "
                    "keeps each save in it readable by you alone."
                )
            return ""
        try:
            opened = ensure_private_dir(self.folder)
        except OSError as failed:
            raise SaveError(self.folder, failed.strerror or str(failed)) from failed
        clean_temporaries(self.folder)
        if opened and any(self.folder.glob(f"*{SUFFIX}")):
            return (
                f"{shown} could be read by other people on this computer; heartline has "
                "made it private."
            )
        return ""

    def new_path(self, session: Session) -> Path:
        base = file_name(session.started, session.partners)
        path = self.folder / base
        number = 2
        while path.exists() or path.is_symlink():
            path = self.folder / base.replace(SUFFIX, f"-{number}{SUFFIX}")
            number += 1
        return path

    def save(self, session: Session, path: Path | None = None) -> Path:
        """Write the session (to a new file when `path` is None) and return where it went."""
        try:
            ensure_private_dir(self.folder)
            target = path or self.new_path(session)
            write_atomic(target, to_toml(session))
        except OSError as failed:
            raise SaveError(path or self.folder, failed.strerror or str(failed)) from failed
        return target

    def paths(self) -> list[Path]:
        """Every save file in the folder, by name (sorted as text: comparing Paths cost a
        third of listing a thousand saves)."""
        try:
            with os.scandir(self.folder) as entries:
                names = sorted(entry.name for entry in entries if entry.name.endswith(SUFFIX))
        except (FileNotFoundError, NotADirectoryError):
            return []
        return [self.folder / name for name in names]

    def summaries(self, check: bool = True) -> tuple[list[SaveSummary], list[SaveError]]:
        """Every save's summary, newest first, and every save that couldn't be read.

        A save that is new or changed since the last listing is read whole and replayed, so
        a save broken anywhere is reported here, not only when opened. What was found is kept
        in `.summaries.json`, keyed by each file's size, time and inode: listing a thousand
        unchanged saves then reads one small file.
        """
        found: list[SaveSummary] = []
        broken: list[SaveError] = []
        index = self._read_index()
        fresh: dict[str, list[Any]] = {}
        for path in self.paths():
            try:
                info = path.lstat()
                stamp = [info.st_mtime_ns, info.st_size, info.st_ino]
                entry: Any = index.get(path.name)
                summary = _cached(path, entry, stamp)
                if summary is None:
                    summary = read_summary(path)
                    if not check:
                        found.append(summary)
                        continue
                    load(path)  # new or changed: make sure the whole save resumes
                    entry = [*stamp, _to_index(summary)]
                fresh[path.name] = entry
                found.append(summary)
            except SaveError as error:
                broken.append(error)
            except OSError as failed:
                broken.append(SaveError(path, f"can't read it: {failed.strerror or failed}"))
        if check and fresh != index:
            self._write_index(fresh)
        found.sort(key=lambda summary: _instant(summary.updated), reverse=True)
        return found, broken

    @property
    def index_path(self) -> Path:
        return self.folder / INDEX_NAME

    def _read_index(self) -> dict[str, list[Any]]:
        return read_index(self.index_path, INDEX_FORMAT)

    def _write_index(self, saves: dict[str, list[Any]]) -> None:
        write_index(self.index_path, INDEX_FORMAT, saves)

    def find(self, name: str) -> Path:
        """A save by path or by file name (with or without .toml)."""
        for candidate in (Path(name), self.folder / name, self.folder / f"{name}{SUFFIX}"):
            if candidate.is_file():
                return candidate
        folder = one_line(str(self.folder.absolute()))
        raise SaveError(Path(name), f"there is no such save in {folder}")

    def newest_in_progress(self) -> Path | None:
        found = self.in_progress()
        return found.path if found is not None else None

    def in_progress(self, partners: Sequence[str] | None = None) -> SaveSummary | None:
        """The newest game in progress (of these partners, in any order or case, when given)."""
        found, _ = self.summaries(check=False)  # it is about to be loaded whole anyway
        return next(
            (
                summary
                for summary in found
                if summary.status == "in-progress"
                and (partners is None or same_couple(summary.partners, partners))
            ),
            None,
        )


# --- the index cache ----------------------------------------------------------------------


def _instant(moment: datetime) -> datetime:
    """A time that compares with any other: a naive one (a hand-edited save) is local time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


def _to_index(summary: SaveSummary) -> dict[str, Any]:
    return {
        "status": summary.status,
        "partners": list(summary.partners),
        "deck_titles": list(summary.deck_titles),
        "started": summary.started.isoformat(),
        "updated": summary.updated.isoformat(),
        "cards_total": summary.cards_total,
        "cards_done": summary.cards_done,
        "cards_played": summary.cards_played,
        "title": summary.title,
    }


def _cached(path: Path, entry: Any, stamp: list[int]) -> SaveSummary | None:
    """The remembered summary of an unchanged, still readable save; None means read it.

    The index is only a shortcut: an entry of any other shape is simply not used.
    """
    if not (isinstance(entry, list) and len(entry) == 4 and entry[:3] == stamp):
        return None
    if not os.access(path, os.R_OK):
        return None  # unreadable since it was listed: reading it says why
    return _from_index(path, entry[3])


def _status(value: Any) -> Status:
    if value not in STATUSES:
        raise ValueError(f"not a status: {value!r}")
    return cast(Status, value)


def _from_index(path: Path, entry: Any) -> SaveSummary | None:
    """A remembered summary, or None when the entry is not what this heartline wrote."""
    try:
        partners = entry["partners"]
        return SaveSummary(
            path=path,
            status=_status(entry["status"]),
            partners=(str(partners[0]), str(partners[1])),
            deck_titles=tuple(str(title) for title in entry["deck_titles"]),
            started=datetime.fromisoformat(entry["started"]),
            updated=datetime.fromisoformat(entry["updated"]),
            cards_total=int(entry["cards_total"]),
            cards_done=int(entry["cards_done"]),
            cards_played=int(entry.get("cards_played", entry["cards_done"])),
            title=str(entry.get("title", "")),
        )
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def read_index(path: Path, version: int) -> dict[str, list[Any]]:
    """A cache kept beside the saves (`{"format", "saves": {name: entry}}`): its entries, or
    nothing when it is missing, unreadable or of another shape. Never trusted further: each
    entry is checked by whoever uses it."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != version:
        return {}
    saves = data.get("saves")
    return saves if isinstance(saves, dict) else {}


def write_index(path: Path, version: int, saves: dict[str, list[Any]]) -> None:
    """Keep a cache beside the saves; one that can't be written only costs time later."""
    body = json.dumps({"format": version, "saves": saves}, ensure_ascii=False)
    with contextlib.suppress(OSError):
        write_atomic(path, body.encode("utf-8", errors="replace"))


def lock_for(path: Path) -> SaveLock:
    """The lock beside a save: `.NAME.toml.lock`, never mistaken for a save."""
    return SaveLock(path.with_name(f".{path.name}.lock"))


def take_lock(path: Path) -> SaveLock | None:
    """The lock beside a save, held; None when its folder can't hold one (saving will say so).

    Raises SessionOpenElsewhere when another heartline has it, SaveError when the lock's
    path is something odd (a folder, a link, a FIFO).
    """
    lock = lock_for(path)
    try:
        lock.acquire()
    except Busy as busy:
        raise SessionOpenElsewhere(path, busy.holder) from None
    except LockUnusable as odd:
        raise SaveError(path, odd.for_person()) from None
    except OSError:
        return None
    return lock


class Autosave:
    """A session and the file it is kept in, written after every action.

    While it is open, the save is locked, so a second heartline can't overwrite it. When a
    write fails, the session stays in memory with everything in it; the failure is kept so
    the screen can say so, and the next `save()` tries again.
    """

    def __init__(
        self,
        store: Store,
        session: Session,
        path: Path | None = None,
        lock: SaveLock | None = None,
    ) -> None:
        self.store = store
        self.session = session
        self.path = path
        self.failure: SaveError | None = None
        self._lock = lock
        if path is not None and lock is None:
            self._lock = take_lock(path)

    @classmethod
    def resume(cls, store: Store, path: Path, load: Callable[[Path], Session]) -> Autosave:
        """Lock a save, then read it: what is read is what the lock guards.

        Reading first would let a second heartline that saves and lets go in between be
        overwritten by the older session read before it, and its words lost. Raises
        SessionOpenElsewhere or SaveError, and holds no lock when it does.
        """
        lock = take_lock(path)
        try:
            session = load(path)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(store, session, path, lock)

    def save(self) -> SaveError | None:
        try:
            if self.path is None:
                self.path = self.store.new_path(self.session)
            self.store.save(self.session, self.path)
        except SaveError as failed:
            self.failure = failed
            return failed
        self.failure = None
        if self._lock is None:
            with contextlib.suppress(SaveError):  # a new file's lock; its save went through
                self._lock = take_lock(self.path)
        return None

    def close(self) -> None:
        """Let go of the save's lock (the file itself is already up to date)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
