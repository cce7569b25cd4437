"""The save file, both ways: write a session, read a summary, load a session back.

A save is one TOML file: the summary keys a list of saves needs come first, then the
reserve, the decks, a copy of every dealt card and the whole action log, then an end mark.
It resumes exactly (mid-card included) even after its decks were edited or deleted.

Everything here is plain Python, so resuming needs no pydantic. Each key is checked by one
validator, used by the summary and by the full load alike; a wrong key raises `SaveError`
naming it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import tomli_w

from heartline.cards import (
    ACTION_TYPES,
    ANSWER_MODES,
    KINDS,
    LEVELS,
    MAX_NAME,
    MAX_SECONDS,
    MAX_TITLE,
    MIN_SECONDS,
    PINS,
    STATUSES,
    Card,
    Role,
    Status,
)
from heartline.errors import ActionRefused, InvalidSave, SaveError
from heartline.session import Action, DealSettings, DeckRef, Reserve, Session, replay
from heartline.text import one_line, slug

FORMAT = 1
END_MARK = "# end of heartline save"
# Far above any evening's save (1,000 long answers make about 250 KiB); a larger file is
# reported at once rather than read.
MAX_SAVE_BYTES = 32 * 1024 * 1024
MAX_HEAD_BYTES = 256 * 1024
SUFFIX = ".toml"
ROLES = tuple(role.value for role in Role)

TOP_KEYS = (
    "format",
    "status",
    "title",
    "partners",
    "deck_titles",
    "started",
    "updated",
    "cards_total",
    "cards_done",
    "cards_played",
    "seed",
    "length",
    "max_level",
    "leave_out",
    "first_lead",
    "favorites",
    "deal",
    "drafts",
    "decks",
    "cards",
    "actions",
)
CARD_KEYS = (
    "deck",
    "id",
    "prompt",
    "kind",
    "level",
    "answer",
    "seconds",
    "follow_up",
    "tags",
    "skippable",
    "deck_title",
    "pin",  # since issue 14; older saves have no pins
)
DECK_KEYS = ("id", "title", "hash")
ACTION_KEYS = ("type", "at", "card", "by", "role", "text", "on", "replacement")


# --- writing ------------------------------------------------------------------------------


def status_of(session: Session) -> Status:
    return "finished" if session.finished else "in-progress"


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
    if card.pin is not None:
        data["pin"] = card.pin
    return data


def to_toml(session: Session) -> bytes:
    """The save file's bytes for `session`.

    The summary keys come first, up to the first table. Cards and actions never change once
    written, so their TOML is made once and reused: a save costs little more than writing
    its bytes, however long the evening.
    """
    settings = session.settings
    head: dict[str, Any] = {
        "format": FORMAT,
        "status": status_of(session),
        **({"title": session.title} if session.title else {}),
        "partners": list(session.partners),
        "deck_titles": [deck.title for deck in session.decks],
        "started": session.started,
        "updated": session.updated,
        "cards_total": len(session.slots),
        "cards_done": min(session.position, len(session.slots)),
        "cards_played": session.count("done"),
        "seed": settings.seed,
        "max_level": settings.max_level,
        "leave_out": list(settings.leave_out),
        "favorites": [slot.card.key for slot in session.favorites],
    }
    if settings.cards is not None:
        head["length"] = settings.cards
    if settings.first_lead:
        head["first_lead"] = settings.first_lead
    parts = [
        tomli_w.dumps(head),
        _deal_chunk(tuple(session.reserve.keys)),
        _drafts_chunk(session.drafts),
        *(_deck_chunk(deck) for deck in session.decks),
        *(_card_chunk(card) for card in session.hand),
        *(_action_chunk(action) for action in session.log),
        f"\n{END_MARK}\n",
    ]
    # A lone surrogate can't be stored as UTF-8; it becomes "?" rather than losing the save.
    return "".join(parts).encode("utf-8", errors="replace")


def prepare(session: Session) -> None:
    """Make the TOML of every card and action now, so the first save after a resume costs
    what any save costs. Safe beside play in another thread: it reads only what never
    changes (the cards, and the actions already in the log)."""
    for card in tuple(session.hand):
        _card_chunk(card)
    for action in tuple(session.log):
        _action_chunk(action)


# Each chunk writes its table header itself: tomli_w would write a short array of tables
# inline (`cards = [{...}]`), which can't be split into pieces like this.


@lru_cache(maxsize=64)
def _deal_chunk(reserve: tuple[str, ...]) -> str:
    return "\n[deal]\n" + tomli_w.dumps({"reserve": list(reserve)})


def _drafts_chunk(drafts: dict[str, str]) -> str:
    """Unsent words, by where they were being written; nothing when there are none."""
    return "\n[drafts]\n" + tomli_w.dumps(drafts) if drafts else ""


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
    data = _action_dict(action)
    replacement = data.pop("replacement", None)
    text = "\n[[actions]]\n" + tomli_w.dumps(data)
    if replacement is not None:
        text += "\n[actions.replacement]\n" + tomli_w.dumps(replacement)
    return text


def _action_dict(action: Action) -> dict[str, Any]:
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


# --- checking keys: one validator per key -------------------------------------------------

_MISSING = object()


def _is(kind: type) -> Callable[[Any], bool]:
    if kind is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    return lambda value: isinstance(value, kind)


_number = _is(int)
_text = _is(str)


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _level(value: Any) -> bool:
    return _number(value) and value in LEVELS


def _name(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value.strip()) <= MAX_NAME


def _title(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= MAX_TITLE


def _names(value: Any) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(_name(name) for name in value)


def _timer(value: Any) -> bool:
    return value is None or (_number(value) and MIN_SECONDS <= value <= MAX_SECONDS)


def _moment(table: dict[str, Any], key: str, where: str) -> datetime:
    """A date and time; one written without its UTC offset (by hand) is local time."""
    value: datetime = _get(table, key, where, _is(datetime), "a date and time")
    return value if value.tzinfo is not None else value.astimezone()


def _count(value: Any) -> bool:
    return _number(value) and value >= 0


def _get(
    table: dict[str, Any],
    key: str,
    where: str,
    ok: Callable[[Any], bool],
    what: str,
    default: Any = _MISSING,
) -> Any:
    if key not in table:
        if default is _MISSING:
            raise InvalidSave(f"`{where}{key}` is missing")
        return default
    value = table[key]
    if not ok(value):
        raise InvalidSave(f"`{where}{key}` should be {what}")
    return value


def _only(table: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in keys:
            raise InvalidSave(f"`{where}{key}` is not something a save holds")


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidSave(f"`{where.rstrip('.')}` should be a table")
    return value


def _format(data: dict[str, Any]) -> None:
    version = _get(data, "format", "", _number, "a whole number")
    if version != FORMAT:
        raise InvalidSave(f"unknown save format {version}")


@dataclass(frozen=True)
class SaveSummary:
    """What a list of saves shows about one: the keys at the top of its file."""

    path: Path
    status: Status
    partners: tuple[str, str]
    deck_titles: tuple[str, ...]
    started: datetime
    updated: datetime
    cards_total: int
    cards_done: int
    cards_played: int = 0  # answered through (finishing early skips the rest)
    title: str = ""  # what the partners called this evening, if they named it

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def progress(self) -> str:
        """How far the session got, as the app and `saves list` both say it: `4 of 10 played`."""
        if self.status == "in-progress":
            return f"card {min(self.cards_done + 1, self.cards_total)} of {self.cards_total}"
        return f"{self.cards_played} of {self.cards_total} played"


def _summary(path: Path, data: dict[str, Any]) -> SaveSummary:
    _format(data)
    partners = _get(data, "partners", "", _names, f"two names of 1 to {MAX_NAME} characters")
    done = _get(data, "cards_done", "", _count, "a whole number, 0 or more")
    return SaveSummary(
        path=path,
        status=_get(data, "status", "", lambda v: v in STATUSES, '"in-progress" or "finished"'),
        partners=(partners[0], partners[1]),
        deck_titles=tuple(_get(data, "deck_titles", "", _text_list, "a list of deck titles")),
        started=_moment(data, "started", ""),
        updated=_moment(data, "updated", ""),
        cards_total=_get(data, "cards_total", "", _count, "a whole number, 0 or more"),
        cards_done=done,
        # Older saves don't have it; they count what was dealt through.
        cards_played=_get(data, "cards_played", "", _count, "a whole number, 0 or more", done),
        title=_get(data, "title", "", _title, f"text of 1 to {MAX_TITLE} characters", ""),
    )


def _card(value: Any, where: str) -> Card:
    table = _table(value, where)
    _only(table, CARD_KEYS, where)
    return Card(
        deck=_get(table, "deck", where, _text, "text"),
        id=_get(table, "id", where, _text, "text"),
        prompt=_get(table, "prompt", where, _text, "text"),
        kind=_get(table, "kind", where, lambda v: v in KINDS, "a card kind", "question"),
        level=_get(table, "level", where, _level, "1, 2 or 3", 1),
        answer=_get(
            table, "answer", where, lambda v: v in ANSWER_MODES, '"both" or "lead"', "both"
        ),
        seconds=_get(
            table, "seconds", where, _timer, f"{MIN_SECONDS} to {MAX_SECONDS} seconds", None
        ),
        follow_up=_get(table, "follow_up", where, lambda v: v is None or _text(v), "text", None),
        tags=tuple(_get(table, "tags", where, _text_list, "a list of text", [])),
        skippable=_get(table, "skippable", where, _is(bool), "true or false", True),
        deck_title=_get(table, "deck_title", where, _text, "text", ""),
        pin=_get(table, "pin", where, lambda v: v is None or v in PINS, '"first" or "last"', None),
    )


def read_card(value: Any) -> Card:
    """A card as a save (or an index made from saves) holds it; raises InvalidSave."""
    return _card(value, "")


def _action(value: Any, where: str) -> Action:
    table = _table(value, where)
    _only(table, ACTION_KEYS, where)
    replacement = table.get("replacement")
    role = _get(table, "role", where, lambda v: v in ROLES, "a role", None)
    return Action(
        type=_get(table, "type", where, lambda v: v in ACTION_TYPES, "an action"),
        at=_moment(table, "at", where),
        card=_get(table, "card", where, _number, "a number", None),
        by=_get(table, "by", where, lambda v: v in (0, 1) and _number(v), "0 or 1", None),
        role=Role(role) if role else None,
        text=_get(table, "text", where, _text, "text", ""),
        on=_get(table, "on", where, _is(bool), "true or false", True),
        replacement=None if replacement is None else _card(replacement, f"{where}replacement."),
    )


def _session(
    path: Path, data: dict[str, Any], resolve: Callable[[str], Card | None] | None
) -> Session:
    _only(data, TOP_KEYS, "")
    summary = _summary(path, data)
    _get(data, "favorites", "", _text_list, "a list of text", [])
    deal = _table(data.get("deal", {}), "deal")
    _only(deal, ("reserve",), "deal.")
    decks = []
    for index, deck in enumerate(_get(data, "decks", "", _is(list), "a list of tables", [])):
        where = f"decks.{index}."
        table = _table(deck, where)
        _only(table, DECK_KEYS, where)
        decks.append(DeckRef(*(_get(table, key, where, _text, "text") for key in DECK_KEYS)))
    cards = _get(data, "cards", "", lambda v: isinstance(v, list) and bool(v), "a list of cards")
    actions = _get(data, "actions", "", _is(list), "a list of tables", [])
    settings = DealSettings(
        seed=_get(data, "seed", "", _number, "a whole number"),
        cards=_get(data, "length", "", lambda v: v is None or _number(v), "a number", None),
        max_level=_get(data, "max_level", "", _level, "1, 2 or 3", 3),
        leave_out=tuple(_get(data, "leave_out", "", _text_list, "a list of text", [])),
        first_lead=_get(data, "first_lead", "", lambda v: v in (0, 1) and _number(v), "0 or 1", 0),
    )
    session = Session(
        summary.partners,
        [_card(card, f"cards.{index}.") for index, card in enumerate(cards)],
        decks=decks,
        reserve=Reserve(
            keys=_get(deal, "reserve", "deal.", _text_list, "a list of text", []),
            resolve=resolve,
        ),
        settings=settings,
        started=summary.started,
    )
    session.title = summary.title
    replay(session, [_action(a, f"actions.{index}.") for index, a in enumerate(actions)])
    drafts = _table(data.get("drafts", {}), "drafts")
    for key, text in drafts.items():
        if not isinstance(text, str):
            raise InvalidSave(f"`drafts.{key}` should be text")
    session.drafts = dict(drafts)
    return session


# --- reading files ------------------------------------------------------------------------

CUT_SHORT = "the file is cut short (its last line is missing)"
HEAD_CHUNK = 8192


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


def _check_size(path: Path, size: int) -> None:
    if size > MAX_SAVE_BYTES:
        raise SaveError(
            path,
            f"it is too large to be a heartline save ({size // (1024 * 1024)} MiB; "
            f"saves are at most {MAX_SAVE_BYTES // (1024 * 1024)} MiB)",
        )


def _read_text(path: Path) -> str:
    _check_file(path)
    try:
        _check_size(path, path.stat().st_size)
    except OSError as failed:
        raise SaveError(path, f"can't read it: {failed.strerror or failed}") from failed
    try:
        data = path.read_bytes()
    except OSError as failed:
        raise SaveError(path, f"can't read it: {failed.strerror or failed}") from failed
    if not data:
        raise SaveError(path, "the file is empty")
    if not data.rstrip().endswith(END_MARK.encode()):
        raise SaveError(path, CUT_SHORT)  # before decoding: a cut may split a character
    return _decode(path, data)


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
            _check_size(path, size)
            file.seek(max(0, size - len(END_MARK) - 16))
            if END_MARK.encode() not in file.read():
                raise SaveError(path, CUT_SHORT)
            file.seek(0)
            head = bytearray()
            cut = -1
            while cut < 0 and len(head) < min(size, MAX_HEAD_BYTES):
                searched = max(0, len(head) - 1)  # only the new bytes (and one before)
                head += file.read(HEAD_CHUNK)
                cut = head.find(b"\n[", searched)
    except OSError as failed:
        raise SaveError(path, f"can't read it: {failed.strerror or failed}") from failed
    if cut < 0 and size > len(head):
        raise SaveError(path, "its summary at the top is missing or far too long")
    # Cut at the first table: what comes before it is whole, even if a read ended mid-way.
    # The newline stays, so a file with CRLF line endings reads the same as the whole file.
    return _decode(path, bytes(head if cut < 0 else head[: cut + 1]))


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


def read_summary(path: Path) -> SaveSummary:
    """Read only the top of a save: enough to list it (no answers)."""
    data = _parse(path, _read_head(path))
    try:
        return _summary(path, data)
    except InvalidSave as wrong:
        raise SaveError(path, str(wrong)) from wrong


def load(path: Path, resolve: Callable[[str], Card | None] | None = None) -> Session:
    """Rebuild a session from its save by replaying its actions.

    `resolve` turns a reserve entry (`deck/card`) back into a card for later swaps; entries
    it can't resolve (a deck edited or removed since) are left out.
    """
    data = _parse(path, _read_text(path))
    try:
        return _session(path, data, resolve)
    except InvalidSave as wrong:
        raise SaveError(path, str(wrong)) from wrong
    except ActionRefused as wrong:
        raise SaveError(path, f"its actions don't fit together: {wrong}") from wrong
