"""Save files: one TOML file per session, written atomically after every action.

A save holds a copy of every dealt card and the whole action log, so it resumes exactly
(mid-card included) even after its decks were edited or deleted. A save that can't be read
is reported and left exactly as it is.
"""

from __future__ import annotations

import contextlib
import json
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import tomli_w

from heartline.cards import Card
from heartline.files import Busy, PidLock, clean_temporaries, ensure_private_dir, write_atomic
from heartline.session import Action, ActionRefused, DeckRef, Role, Session, replay
from heartline.text import one_line, slug

FORMAT = 1
END_MARK = "# end of heartline save"
SUFFIX = ".toml"

Status = Literal["in-progress", "finished"]


class SaveError(Exception):
    """A save that can't be read, or a session that can't be saved."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


# --- writing ------------------------------------------------------------------------------


def card_dict(card: Card) -> dict[str, Any]:
    """A card as it is copied into a save."""
    data: dict[str, Any] = {
        "deck": card.deck,
        "id": card.id,
        "prompt": card.prompt,
        "kind": card.kind,
        "level": card.level,
        "answer": card.answer,
        "tags": list(card.tags),
        "skippable": card.skippable,
        "deck_title": card.deck_title,
    }
    if card.seconds is not None:
        data["seconds"] = card.seconds
    if card.follow_up is not None:
        data["follow_up"] = card.follow_up
    return data


def status_of(session: Session) -> Status:
    return "finished" if session.finished else "in-progress"


def to_toml(session: Session) -> bytes:
    """The save file's bytes for `session`.

    The summary keys a list of saves needs come first, up to the first table; then the
    reserve, the decks, a copy of every dealt card and every action. Cards and actions never
    change once written, so their TOML is made once and reused: a save costs little more
    than writing its bytes, however long the evening.
    """
    head: dict[str, Any] = {
        "format": FORMAT,
        "status": status_of(session),
        "partners": list(session.partners),
        "deck_titles": [deck.title for deck in session.decks],
        "started": session.started,
        "updated": session.updated,
        "cards_total": len(session.slots),
        "cards_done": min(session.position, len(session.slots)),
        "cards_played": session.count("done"),
        "seed": session.seed,
        "max_level": session.max_level,
        "leave_out": list(session.leave_out),
        "favorites": [slot.card.key for slot in session.favorites],
    }
    if session.cards is not None:
        head["length"] = session.cards
    parts = [
        tomli_w.dumps(head),
        _deal_chunk(tuple(session.reserve_keys)),
        *(_deck_chunk(deck) for deck in session.decks),
        *(_card_chunk(card) for card in session.hand),
        *(_action_chunk(action) for action in session.log),
        f"\n{END_MARK}\n",
    ]
    # A lone surrogate can't be stored as UTF-8; it becomes "?" rather than losing the save.
    return "".join(parts).encode("utf-8", errors="replace")


# Each chunk writes its table header itself: tomli_w would write a short array of tables
# inline (`cards = [{...}]`), which can't be split into pieces like this.


@lru_cache(maxsize=64)
def _deal_chunk(reserve: tuple[str, ...]) -> str:
    return "\n[deal]\n" + tomli_w.dumps({"reserve": list(reserve)})


@lru_cache(maxsize=256)
def _deck_chunk(deck: DeckRef) -> str:
    return "\n[[decks]]\n" + tomli_w.dumps(
        {"id": deck.id, "title": deck.title, "hash": deck.digest}
    )


@lru_cache(maxsize=16384)
def _card_chunk(card: Card) -> str:
    return "\n[[cards]]\n" + tomli_w.dumps(card_dict(card))


@lru_cache(maxsize=65536)
def _action_chunk(action: Action) -> str:
    data = _action(action)
    replacement = data.pop("replacement", None)
    text = "\n[[actions]]\n" + tomli_w.dumps(data)
    if replacement is not None:
        text += "\n[actions.replacement]\n" + tomli_w.dumps(replacement)
    return text


def _action(action: Action) -> dict[str, Any]:
    data: dict[str, Any] = {"type": action.type, "at": action.at}
    if action.card is not None:
        data["card"] = action.card
    if action.by is not None:
        data["by"] = action.by
    if action.role is not None:
        data["role"] = str(action.role)
    if action.type in {"answer", "note"}:
        data["text"] = action.text
    if action.type == "favorite":
        data["on"] = action.on
    if action.replacement is not None:
        data["replacement"] = card_dict(action.replacement)
    return data


def file_name(started: datetime, partners: tuple[str, str]) -> str:
    """`2026-11-26-2015-ana-ben.toml`: safe on any file system, whatever the names are."""
    names = [slug(name, limit=20) or f"partner-{n}" for n, name in enumerate(partners, 1)]
    return f"{started:%Y-%m-%d-%H%M}-{names[0]}-{names[1]}{SUFFIX}"


class Store:
    """The saves folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def prepare(self) -> bool:
        """Make the folder private and clear dead processes' temporary files.

        Returns True when saves had been readable by others (the folder is tightened now;
        an empty folder, such as a fresh clone's, is tightened without a word); raises
        SaveError when the folder can't be made.
        """
        try:
            opened = ensure_private_dir(self.folder)
        except OSError as failed:
            raise SaveError(self.folder, failed.strerror or str(failed)) from failed
        clean_temporaries(self.folder)
        return opened and any(self.folder.glob(f"*{SUFFIX}"))

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
        if not self.folder.is_dir():
            return []
        return sorted(self.folder.glob(f"*{SUFFIX}"))

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
                cached = index.get(path.name)
                summary = _from_index(path, cached[3]) if cached and cached[:3] == stamp else None
                if summary is None:
                    summary = read_summary(path)
                    if not check:
                        found.append(summary)
                        continue
                    load(path)  # new or changed: make sure the whole save resumes
                fresh[path.name] = [*stamp, _to_index(summary)]
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
        try:
            data = json.loads(self.index_path.read_bytes())
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
            return {}
        saves = data.get("saves")
        return saves if isinstance(saves, dict) else {}

    def _write_index(self, saves: dict[str, list[Any]]) -> None:
        body = json.dumps({"format": INDEX_FORMAT, "saves": saves}, ensure_ascii=False)
        with contextlib.suppress(OSError):  # only a shortcut: the saves themselves are intact
            write_atomic(self.index_path, body.encode("utf-8", errors="replace"))

    def find(self, name: str) -> Path:
        """A save by path or by file name (with or without .toml)."""
        for candidate in (Path(name), self.folder / name, self.folder / f"{name}{SUFFIX}"):
            if candidate.is_file():
                return candidate
        raise SaveError(Path(name), "there is no such save")

    def load(self, path: Path, resolve: Callable[[str], Card | None] | None = None) -> Session:
        return load(path, resolve)

    def newest_in_progress(self) -> Path | None:
        found, _ = self.summaries(check=False)  # it is about to be loaded whole anyway
        for summary in found:
            if summary.status == "in-progress":
                return summary.path
        return None


# --- reading ------------------------------------------------------------------------------


def _instant(moment: datetime) -> datetime:
    """A time that compares with any other: a naive one (a hand-edited save) is local time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


INDEX_NAME = ".summaries.json"
INDEX_FORMAT = 1


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
    }


def _from_index(path: Path, entry: Any) -> SaveSummary | None:
    """A remembered summary, or None when the entry is not what this heartline wrote."""
    try:
        partners = entry["partners"]
        return SaveSummary(
            path=path,
            status=str(entry["status"]),
            partners=(str(partners[0]), str(partners[1])),
            deck_titles=tuple(str(title) for title in entry["deck_titles"]),
            started=datetime.fromisoformat(entry["started"]),
            updated=datetime.fromisoformat(entry["updated"]),
            cards_total=int(entry["cards_total"]),
            cards_done=int(entry["cards_done"]),
            cards_played=int(entry.get("cards_played", entry["cards_done"])),
        )
    except (KeyError, IndexError, TypeError, ValueError):
        return None


@dataclass(frozen=True)
class SaveSummary:
    """What a list of saves shows about one."""

    path: Path
    status: str
    partners: tuple[str, str]
    deck_titles: tuple[str, ...]
    started: datetime
    updated: datetime
    cards_total: int
    cards_done: int
    cards_played: int = 0  # answered through (finishing early skips the rest)

    @property
    def name(self) -> str:
        return self.path.name


def _check_file(path: Path) -> None:
    if path.is_symlink():
        raise SaveError(path, "it is a link to another file, so heartline leaves it alone")
    if not path.is_file():
        raise SaveError(path, "it is not a file")


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as bad:
        raise SaveError(path, "it is not UTF-8 text") from bad


CUT_SHORT = "the file is cut short (its last line is missing)"


def _read_text(path: Path) -> str:
    _check_file(path)
    try:
        data = path.read_bytes()
    except OSError as failed:
        raise SaveError(path, f"can't read it: {failed.strerror or failed}") from failed
    if not data:
        raise SaveError(path, "the file is empty")
    if not data.rstrip().endswith(END_MARK.encode()):
        raise SaveError(path, CUT_SHORT)  # before decoding: a cut may split a character
    return _decode(path, data)


HEAD_CHUNK = 8192


def _read_head(path: Path) -> str:
    """The summary keys at the top of a save, and a check of its last line: nothing more.

    Listing a thousand saves then reads a few kilobytes of each, not every answer.
    """
    _check_file(path)
    try:
        with path.open("rb") as file:
            size = file.seek(0, 2)
            if not size:
                raise SaveError(path, "the file is empty")
            file.seek(max(0, size - len(END_MARK) - 16))
            if END_MARK.encode() not in file.read():
                raise SaveError(path, CUT_SHORT)
            file.seek(0)
            head = b""
            while b"\n[" not in head and len(head) < size:
                head += file.read(HEAD_CHUNK)
    except OSError as failed:
        raise SaveError(path, f"can't read it: {failed.strerror or failed}") from failed
    # Cut at the first table: what comes before it is whole, even if a read ended mid-way.
    return _decode(path, head.split(b"\n[", 1)[0])


def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as bad:
        raise SaveError(path, f"it is not valid TOML: {one_line(str(bad))}") from bad
    except RecursionError as deep:
        raise SaveError(path, "it is nested too deeply") from deep
    version = data.get("format")
    if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
        raise SaveError(
            path, f"it was saved by a newer heartline (format {version}); update to open it"
        )
    return data


def _field(path: Path, data: dict[str, Any], key: str, kind: type, what: str) -> Any:
    if key not in data:
        raise SaveError(path, f"`{key}` is missing")
    value = data[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SaveError(path, f"`{key}` should be {what}")
    return value


def read_summary(path: Path) -> SaveSummary:
    """Read only the top of a save: enough to list it (no pydantic, no answers)."""
    data = _parse(path, _read_head(path))
    version = _field(path, data, "format", int, "a whole number")
    if version != FORMAT:
        raise SaveError(path, f"unknown save format {version}")
    status = _field(path, data, "status", str, "text")
    if status not in ("in-progress", "finished"):
        raise SaveError(path, '`status` should be "in-progress" or "finished"')
    partners = _field(path, data, "partners", list, "a list of two names")
    titles = _field(path, data, "deck_titles", list, "a list of deck titles")
    if len(partners) != 2 or not all(isinstance(name, str) for name in partners):
        raise SaveError(path, "`partners` should be a list of two names")
    if not all(isinstance(title, str) for title in titles):
        raise SaveError(path, "`deck_titles` should be a list of deck titles")
    started = _field(path, data, "started", datetime, "a date and time")
    updated = _field(path, data, "updated", datetime, "a date and time")
    total = _field(path, data, "cards_total", int, "a whole number")
    done = _field(path, data, "cards_done", int, "a whole number")
    played = data.get("cards_played", done)
    if total < 0 or done < 0 or not isinstance(played, int) or played < 0:
        raise SaveError(path, "`cards_total`, `cards_done` and `cards_played` can't be negative")
    return SaveSummary(
        path=path,
        status=status,
        partners=(partners[0], partners[1]),
        deck_titles=tuple(titles),
        started=started,
        updated=updated,
        cards_total=total,
        cards_done=done,
        cards_played=played,
    )


def load(path: Path, resolve: Callable[[str], Card | None] | None = None) -> Session:
    """Rebuild a session from its save by replaying its actions.

    `resolve` turns a reserve entry (`deck/card`) back into a card for later swaps; entries
    it can't resolve (a deck edited or removed since) are left out.
    """
    from heartline.save_format import Invalid, read

    text = _read_text(path)
    data = _parse(path, text)
    version = data.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise SaveError(path, "`format` is missing" if version is None else "`format` should be 1")
    if version != FORMAT:
        raise SaveError(path, f"unknown save format {version}")
    try:
        saved = read(data)
    except Invalid as wrong:
        raise SaveError(path, str(wrong)) from wrong
    try:
        session = Session(
            saved.partners,
            saved.cards,
            decks=[DeckRef(*deck) for deck in saved.decks],
            seed=saved.seed,
            cards=saved.length,
            max_level=saved.max_level,
            leave_out=saved.leave_out,
            started=saved.started,
        )
        session.reserve_later(saved.reserve, resolve or (lambda key: None))
        actions = [
            Action(
                type=a.type,
                at=a.at,
                card=a.card,
                by=a.by,
                role=Role(a.role) if a.role else None,
                text=a.text,
                on=a.on,
                replacement=a.replacement,
            )
            for a in saved.actions
        ]
        replay(session, actions)
    except ActionRefused as wrong:
        raise SaveError(path, f"its actions don't fit together: {wrong}") from wrong
    return session


class SessionOpenElsewhere(SaveError):
    """Another heartline process has this session open."""

    def __init__(self, path: Path, holder: int) -> None:
        super().__init__(
            path,
            f"this session is open in another heartline (process {holder}); "
            "finish or quit it there first",
        )
        self.holder = holder


def lock_for(path: Path) -> PidLock:
    """The lock beside a save: `.NAME.toml.lock`, never mistaken for a save."""
    return PidLock(path.with_name(f".{path.name}.lock"))


class Autosave:
    """A session and the file it is kept in, written after every action.

    While it is open, the save is locked, so a second heartline can't overwrite it. When a
    write fails, the session stays in memory with everything in it; the failure is kept so
    the screen can say so, and the next `save()` tries again.
    """

    def __init__(self, store: Store, session: Session, path: Path | None = None) -> None:
        self.store = store
        self.session = session
        self.path = path
        self.failure: SaveError | None = None
        self._lock: PidLock | None = None
        if path is not None:
            self._take_lock(path)

    def _take_lock(self, path: Path) -> None:
        lock = lock_for(path)
        try:
            lock.acquire()
        except Busy as busy:
            raise SessionOpenElsewhere(path, busy.holder) from None
        except OSError:
            return  # a folder we can't write to: saving will say so
        self._lock = lock

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
            with contextlib.suppress(SessionOpenElsewhere):
                self._take_lock(self.path)
        return None

    def close(self) -> None:
        """Let go of the save's lock (the file itself is already up to date)."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None
