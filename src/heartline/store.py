"""Save files: one TOML file per session, written atomically after every action.

A save holds a copy of every dealt card and the whole action log, so it resumes exactly
(mid-card included) even after its decks were edited or deleted. A save that can't be read
is reported and left exactly as it is.
"""

from __future__ import annotations

import contextlib
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from heartline.deck import Card
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


# --- the file's shape ------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class SavedDeck(_Strict):
    id: str
    title: str
    hash: str


class SavedCard(_Strict):
    deck: str
    id: str
    prompt: str
    kind: Literal["question", "mirror", "guess", "exercise"] = "question"
    level: int = Field(default=1, ge=1, le=3)
    answer: Literal["both", "lead"] = "both"
    seconds: int | None = None
    follow_up: str | None = None
    tags: list[str] = Field(default_factory=list)
    skippable: bool = True
    deck_title: str = ""

    def to_card(self) -> Card:
        return Card(**{**self.model_dump(), "tags": tuple(self.tags)})

    @classmethod
    def of(cls, card: Card) -> dict[str, Any]:
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


class SavedAction(_Strict):
    type: Literal["answer", "pass", "swap", "favorite", "note", "finish"]
    at: datetime
    card: int | None = None
    by: int | None = Field(default=None, ge=0, le=1)
    role: (
        Literal["answer", "reflection", "clarification", "guess", "rating", "note", "appreciation"]
        | None
    ) = None
    text: str = ""
    on: bool = True
    replacement: SavedCard | None = None


class SaveHead(_Strict):
    """The keys at the top of a save: all a list of saves needs."""

    format: int
    status: Status
    partners: list[str] = Field(min_length=2, max_length=2)
    deck_titles: list[str]
    started: datetime
    updated: datetime
    cards_total: int = Field(ge=0)
    cards_done: int = Field(ge=0)


class SaveFile(SaveHead):
    seed: int
    length: int | None = None
    max_level: int = Field(default=3, ge=1, le=3)
    leave_out: list[str] = Field(default_factory=list)
    reserve: list[str] = Field(default_factory=list)
    favorites: list[str] = Field(default_factory=list)
    decks: list[SavedDeck] = Field(default_factory=list)
    cards: list[SavedCard] = Field(min_length=1)
    actions: list[SavedAction] = Field(default_factory=list)


# --- writing ------------------------------------------------------------------------------


def status_of(session: Session) -> Status:
    return "finished" if session.finished else "in-progress"


def to_toml(session: Session) -> bytes:
    """The save file's bytes for `session`: summary keys first, then cards and actions."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "status": status_of(session),
        "partners": list(session.partners),
        "deck_titles": [deck.title for deck in session.decks],
        "started": session.started,
        "updated": session.updated,
        "cards_total": len(session.slots),
        "cards_done": min(session.position, len(session.slots)),
        "seed": session.seed,
        "max_level": session.max_level,
        "leave_out": list(session.leave_out),
        "reserve": [card.key for card in session.reserve],
        "favorites": [slot.card.key for slot in session.favorites],
        "decks": [{"id": d.id, "title": d.title, "hash": d.digest} for d in session.decks],
        "cards": [SavedCard.of(card) for card in session.hand],
        "actions": [_action(action) for action in session.log],
    }
    if session.cards is not None:
        data["length"] = session.cards
    # A lone surrogate can't be stored as UTF-8; it becomes "?" rather than losing the save.
    return (tomli_w.dumps(data) + f"\n{END_MARK}\n").encode("utf-8", errors="replace")


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
        data["replacement"] = SavedCard.of(action.replacement)
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

        Returns True when the folder had been readable by others (it is tightened now);
        raises SaveError when the folder can't be made.
        """
        try:
            opened = ensure_private_dir(self.folder)
        except OSError as failed:
            raise SaveError(self.folder, failed.strerror or str(failed)) from failed
        clean_temporaries(self.folder)
        return opened

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

    def summaries(self) -> tuple[list[SaveSummary], list[SaveError]]:
        """Every save's summary, newest first, and every save that couldn't be read."""
        found: list[SaveSummary] = []
        broken: list[SaveError] = []
        for path in self.paths():
            try:
                found.append(read_summary(path))
            except SaveError as error:
                broken.append(error)
        found.sort(key=lambda summary: _instant(summary.updated), reverse=True)
        return found, broken

    def find(self, name: str) -> Path:
        """A save by path or by file name (with or without .toml)."""
        for candidate in (Path(name), self.folder / name, self.folder / f"{name}{SUFFIX}"):
            if candidate.is_file():
                return candidate
        raise SaveError(Path(name), "there is no such save")

    def load(self, path: Path, resolve: Callable[[str], Card | None] | None = None) -> Session:
        return load(path, resolve)

    def newest_in_progress(self) -> Path | None:
        found, _ = self.summaries()
        for summary in found:
            if summary.status == "in-progress":
                return summary.path
        return None


# --- reading ------------------------------------------------------------------------------


def _instant(moment: datetime) -> datetime:
    """A time that compares with any other: a naive one (a hand-edited save) is local time."""
    return moment if moment.tzinfo is not None else moment.astimezone()


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

    @property
    def name(self) -> str:
        return self.path.name


def _read_text(path: Path) -> str:
    if path.is_symlink():
        raise SaveError(path, "it is a link to another file, so heartline leaves it alone")
    if not path.is_file():
        raise SaveError(path, "it is not a file")
    try:
        data = path.read_bytes()
    except OSError as failed:
        raise SaveError(path, f"can't read it: {failed.strerror or failed}") from failed
    if not data:
        raise SaveError(path, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        raise SaveError(path, "it is not UTF-8 text") from bad
    if not text.rstrip().endswith(END_MARK):
        raise SaveError(path, "the file is cut short (its last line is missing)")
    return text


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


def _invalid(path: Path, error: ValidationError) -> SaveError:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "the file"
    return SaveError(path, f"`{where}`: {one_line(first['msg'])}")


def read_summary(path: Path) -> SaveSummary:
    """Read only the top of a save: enough to list it."""
    text = _read_text(path)
    head, _, _ = text.partition("\n[[")
    data = _parse(path, head)
    fields = {key: data[key] for key in SaveHead.model_fields if key in data}
    try:
        saved = SaveHead.model_validate(fields)
    except ValidationError as error:
        raise _invalid(path, error) from error
    if saved.format != FORMAT:
        raise SaveError(path, f"unknown save format {saved.format}")
    return SaveSummary(
        path=path,
        status=saved.status,
        partners=(saved.partners[0], saved.partners[1]),
        deck_titles=tuple(saved.deck_titles),
        started=saved.started,
        updated=saved.updated,
        cards_total=saved.cards_total,
        cards_done=saved.cards_done,
    )


def load(path: Path, resolve: Callable[[str], Card | None] | None = None) -> Session:
    """Rebuild a session from its save by replaying its actions.

    `resolve` turns a reserve entry (`deck/card`) back into a card for later swaps; entries
    it can't resolve (a deck edited or removed since) are left out.
    """
    text = _read_text(path)
    data = _parse(path, text)
    try:
        saved = SaveFile.model_validate(data)
    except ValidationError as error:
        raise _invalid(path, error) from error
    if saved.format != FORMAT:
        raise SaveError(path, f"unknown save format {saved.format}")
    reserve = [card for key in saved.reserve if resolve and (card := resolve(key))]
    try:
        session = Session(
            saved.partners,
            [card.to_card() for card in saved.cards],
            decks=[DeckRef(d.id, d.title, d.hash) for d in saved.decks],
            reserve=reserve,
            seed=saved.seed,
            cards=saved.length,
            max_level=saved.max_level,
            leave_out=saved.leave_out,
            started=saved.started,
        )
        actions = [
            Action(
                type=a.type,
                at=a.at,
                card=a.card,
                by=a.by,
                role=Role(a.role) if a.role else None,
                text=a.text,
                on=a.on,
                replacement=a.replacement.to_card() if a.replacement else None,
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
