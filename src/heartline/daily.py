"""Today's card: one card a day for a couple, each answering privately, in their own time.

What the partners do is kept as *entries* (the card of a day, an answer, a reply), each with
an identity of its own. Every machine writes only its own file,
`heartline-today-<machine>.toml`, in the daily folder: `<data>/today`, or a folder the
couple already syncs between two machines (Syncthing, Nextcloud, a network share, git).
Reading gathers every file there, conflict copies made by sync tools included, and merges
the entries by identity, so no answer is lost whichever copy wins; a file that is cut
short or broken is reported and skipped, never changed or deleted. Nothing local (locks,
caches) ever goes into that folder.

An answer is *sealed* until both partners have answered: heartline shows it nowhere, not
even its length. Sealed means hidden by heartline, not encrypted: the files hold plain text.

A day is a calendar date on the machine where it is opened: a couple in two time zones
share the card of "27 November" whenever it is the 27th where each of them is.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import secrets
import socket
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import tomli_w

from heartline.cards import Card
from heartline.couple import couple_key, name_key
from heartline.errors import InvalidSave, UserError
from heartline.files import ensure_private_dir, read_regular, write_atomic
from heartline.save_format import card_dict, read_card
from heartline.text import one_line, slug

FORMAT = 1
PREFIX = "heartline-today-"
MAX_FILE_BYTES = 8 * 1024 * 1024
MAX_ANSWER = 4000  # characters: a daily answer is a few sentences
MAX_REPLY = 500
RECENT_DAYS = 90  # a card of the last ninety days is not chosen again while others are left
EntryKind = Literal["card", "answer", "reply", "star"]
KINDS: tuple[EntryKind, ...] = ("card", "answer", "reply", "star")


@dataclass(frozen=True)
class Entry:
    """One thing done on a daily card, as it is written and synced."""

    id: str
    kind: EntryKind
    couple: str
    day: str  # YYYY-MM-DD
    at: datetime
    machine: str
    card: Card | None = None  # the day's card ("card" entries)
    key: str = ""  # which card an answer or a reply is about
    by: str = ""  # the partner's name, as typed
    text: str = ""
    on: bool = True  # a star given (or taken back)


@dataclass(frozen=True)
class Unreadable:
    """A file in the daily folder that heartline could not read (and left alone)."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{one_line(self.path.name)}: {self.reason}"


# --- the folder ----------------------------------------------------------------------------


def machine_id(data: Path) -> str:
    """This machine's name in the daily folder, made once and kept in `<data>/machine-id`."""
    path = data / "machine-id"
    try:
        found = read_regular(path, 200).decode("ascii").strip()
        if re.fullmatch(r"[a-z0-9-]{1,60}", found):
            return found
    except (OSError, ValueError, UnicodeDecodeError):
        pass
    made = f"{slug(socket.gethostname(), limit=20) or 'machine'}-{secrets.token_hex(4)}"
    with contextlib.suppress(OSError):
        ensure_private_dir(data)
        write_atomic(path, f"{made}\n".encode("ascii"))
    return made


class DailyFolder:
    """The daily folder: every machine's file read, this machine's file written."""

    def __init__(self, folder: Path, machine: str) -> None:
        self.folder = folder
        self.machine = machine

    @property
    def own_file(self) -> Path:
        return self.folder / f"{PREFIX}{self.machine}.toml"

    def files(self) -> list[Path]:
        """Every machine's file, and the copies sync tools make when two versions meet."""
        try:
            names = sorted(os.listdir(self.folder))
        except OSError:
            return []
        return [
            self.folder / name
            for name in names
            if name.startswith(PREFIX) and ".toml" in name and not name.startswith(".")
        ]

    def read(self) -> tuple[list[Entry], list[Unreadable]]:
        """Every entry in the folder, once each, oldest first; and the files skipped."""
        found: dict[str, Entry] = {}
        skipped: list[Unreadable] = []
        for path in self.files():
            try:
                entries = read_file(path)
            except InvalidSave as wrong:
                skipped.append(Unreadable(path, str(wrong)))
                continue
            for entry in entries:
                found.setdefault(entry.id, entry)
        ordered = sorted(found.values(), key=lambda entry: (_instant(entry.at), entry.id))
        return ordered, skipped

    def add(self, *new: Entry) -> None:
        """Write `new` entries into this machine's file, with every entry this machine ever
        wrote that is anywhere in the folder (a sync tool may have put an older copy in its
        place). Raises UserError when it can't be written."""
        entries, _ = self.read()
        mine = {e.id: e for e in entries if e.machine == self.machine}
        mine.update((entry.id, entry) for entry in new)
        ordered = sorted(mine.values(), key=lambda e: (_instant(e.at), e.id))
        data = {
            "format": FORMAT,
            "machine": self.machine,
            "entries": [_to_toml(e) for e in ordered],
        }
        try:
            ensure_private_dir(self.folder)
            write_atomic(self.own_file, tomli_w.dumps(data).encode("utf-8", errors="replace"))
        except OSError as failed:
            raise UserError(
                f"can't write {one_line(str(self.own_file))}: {failed.strerror or failed}"
            ) from failed


def read_file(path: Path) -> list[Entry]:
    """One machine's entries; raises InvalidSave saying what is wrong with the file."""
    try:
        raw = read_regular(path, MAX_FILE_BYTES)
    except ValueError as odd:
        raise InvalidSave(str(odd)) from None
    except OSError as failed:
        raise InvalidSave(f"can't read it: {failed.strerror or failed}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise InvalidSave("it is not UTF-8 text (half synced?)") from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidSave(f"it is not complete TOML ({error}); half synced?") from None
    if data.get("format") != FORMAT:
        raise InvalidSave("it is not a heartline daily file this version can read")
    entries = data.get("entries", [])
    if not isinstance(entries, list):
        raise InvalidSave("`entries` should be a list of tables")
    return [_from_toml(item, number) for number, item in enumerate(entries)]


def _to_toml(entry: Entry) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": entry.id,
        "kind": entry.kind,
        "couple": entry.couple,
        "day": entry.day,
        "at": entry.at,
        "machine": entry.machine,
    }
    if entry.card is not None:
        data["card"] = card_dict(entry.card)
    for key in ("key", "by", "text"):
        if getattr(entry, key):
            data[key] = getattr(entry, key)
    if entry.kind == "star":
        data["on"] = entry.on
    return data


def _from_toml(item: Any, number: int) -> Entry:
    where = f"entry {number + 1}"

    def text(key: str, default: str | None = None, limit: int = 200) -> str:
        value = item.get(key, default)
        if not isinstance(value, str) or len(value) > limit:
            raise InvalidSave(f"{where}: `{key}` should be text of at most {limit} characters")
        return value

    if not isinstance(item, dict):
        raise InvalidSave(f"{where} should be a table")
    kind = item.get("kind")
    if kind not in KINDS:
        raise InvalidSave(f"{where}: `kind` should be one of {', '.join(KINDS)}")
    day = text("day")
    try:
        date.fromisoformat(day)
    except ValueError:
        raise InvalidSave(f"{where}: `day` should be a date like 2026-11-27") from None
    at = item.get("at")
    if not isinstance(at, datetime) or at.tzinfo is None:
        raise InvalidSave(f"{where}: `at` should be a time with its UTC offset")
    card = None
    if kind == "card":
        try:
            card = read_card(item.get("card"))
        except InvalidSave as wrong:
            raise InvalidSave(f"{where}: its card: {wrong}") from None
    limit = MAX_ANSWER if kind == "answer" else MAX_REPLY
    on = item.get("on", True)
    if type(on) is not bool:
        raise InvalidSave(f"{where}: `on` should be true or false")
    entry = Entry(
        id=text("id", limit=64),
        kind=kind,
        couple=text("couple", limit=400),
        day=day,
        at=at,
        machine=text("machine", limit=64),
        card=card,
        key=text("key", "", limit=200),
        by=text("by", "", limit=200),
        text=text("text", "", limit=limit),
        on=on,
    )
    if kind != "card" and not (entry.key and entry.by):
        raise InvalidSave(f"{where}: an answer or a reply says which card and whose it is")
    return entry


# --- the day's card --------------------------------------------------------------------------


def today(now: datetime | None = None) -> str:
    """The day it is here: a calendar date on this machine."""
    return (now or datetime.now().astimezone()).date().isoformat()


def daily_candidates(cards: Iterable[Card]) -> list[Card]:
    """Cards that can be a daily card: questions and guesses, light or deeper, not timed,
    not pinned."""
    return sorted(
        (
            card
            for card in cards
            if card.kind in {"question", "guess"}
            and card.level <= 2
            and not card.seconds
            and card.pin is None  # a card pinned to open or close a game needs that game
        ),
        key=lambda card: card.key,
    )


def choose(
    couple: str,
    day: str,
    entries: Sequence[Entry],
    candidates: Sequence[Card],
    seen: Mapping[str, float] | None = None,
) -> Card | None:
    """The card for `day`: the one already chosen, or a fresh one.

    A card chosen for the day (by either machine) stays the day's card; when two machines
    chose before their folders met, the earliest choice wins on both. A new choice is
    fresh: no daily card of the last ninety days while others are left, cards this couple
    has never played before the ones they have; and the same for the same couple, day and
    daily history.
    """
    chosen = [e for e in entries if e.kind == "card" and e.couple == couple and e.day == day]
    if chosen:
        first = min(chosen, key=lambda e: (_instant(e.at), e.id))
        return first.card
    if not candidates:
        return None
    since = (date.fromisoformat(day) - timedelta(days=RECENT_DAYS)).isoformat()
    recent = {
        e.card.key
        for e in entries
        if e.kind == "card" and e.couple == couple and e.card and since <= e.day < day
    }
    # In the order of their names: two machines listing their decks in another order
    # choose the same card.
    ordered = sorted(candidates, key=lambda card: card.key)
    pool = [card for card in ordered if card.key not in recent] or ordered
    seen = seen or {}
    unseen = [card for card in pool if card.key not in seen]
    rng = random.Random(f"{couple}|{day}")
    if unseen:
        return rng.choice(unseen)
    oldest = sorted(pool, key=lambda card: (seen[card.key], card.key))
    return rng.choice(oldest[: max(1, len(oldest) // 4)])


# --- what the partners see -----------------------------------------------------------------


@dataclass
class Day:
    """One day's card for a couple, and what each partner may see of it now."""

    day: str
    partners: tuple[str, str]
    card: Card
    answers: dict[int, Entry] = field(default_factory=dict)  # sealed until both answered
    replies: list[Entry] = field(default_factory=list)
    stars: dict[int, Entry] = field(default_factory=dict)  # each partner's latest star entry
    elsewhere: list[Entry] = field(default_factory=list)  # answers to a card that lost

    @property
    def revealed(self) -> bool:
        return len(self.answers) == 2

    @property
    def lead(self) -> int:
        """On a guess card, whose answer is guessed (the other partner guesses)."""
        return int(self.day.replace("-", "")) % 2

    def answered(self, partner: int) -> bool:
        return partner in self.answers

    @property
    def starred_by(self) -> set[int]:
        return {partner for partner, entry in self.stars.items() if entry.on}

    def waiting_for(self) -> list[int]:
        return [partner for partner in (0, 1) if partner not in self.answers]


def partner_of(partners: Sequence[str], name: str) -> int | None:
    """Which partner `name` is (case and spacing ignored), or None."""
    wanted = name_key(name)
    for index, partner in enumerate(partners):
        if name_key(partner) == wanted:
            return index
    return None


def day_of(partners: tuple[str, str], day: str, card: Card, entries: Sequence[Entry]) -> Day:
    """What the couple did with `card` on `day`: each partner's first answer, the replies."""
    couple = couple_key(partners)
    found = Day(day, partners, card)
    for entry in entries:
        if entry.couple != couple or entry.day != day or entry.kind == "card":
            continue
        who = partner_of(partners, entry.by)
        if who is None:
            continue
        if entry.key != card.key:
            if entry.kind == "answer":
                found.elsewhere.append(entry)
            continue
        if entry.kind == "answer":
            found.answers.setdefault(who, entry)
        elif entry.kind == "star":
            found.stars[who] = entry  # entries come oldest first: the latest counts
        else:
            found.replies.append(entry)
    return found


def revealed_days(entries: Sequence[Entry]) -> list[Day]:
    """Every day's card both partners of a couple answered, oldest first: what the journal,
    the story and the favorites may show (a sealed day is in none of them)."""
    cards: dict[tuple[str, str], Entry] = {}
    for entry in entries:
        if entry.kind == "card" and entry.card is not None:
            place = (entry.couple, entry.day)
            held = cards.get(place)
            if held is None or (_instant(entry.at), entry.id) < (_instant(held.at), held.id):
                cards[place] = entry
    days = []
    for (couple, day), chosen in sorted(cards.items(), key=lambda item: item[0][1]):
        assert chosen.card is not None
        names: list[str] = []
        for entry in entries:
            if (
                entry.kind == "answer"
                and entry.couple == couple
                and entry.day == day
                and entry.key == chosen.card.key
                and name_key(entry.by) not in [name_key(n) for n in names]
            ):
                names.append(entry.by)
        if len(names) == 2:
            found = day_of((names[0], names[1]), day, chosen.card, entries)
            if found.revealed:
                days.append(found)
    return days


def new_entry(
    kind: EntryKind,
    couple: str,
    day: str,
    machine: str,
    *,
    card: Card | None = None,
    key: str = "",
    by: str = "",
    text: str = "",
    on: bool = True,
    now: datetime | None = None,
) -> Entry:
    return Entry(
        id=secrets.token_hex(16),
        kind=kind,
        couple=couple,
        day=day,
        at=now or datetime.now().astimezone(),
        machine=machine,
        card=card,
        key=key,
        by=by,
        text=text,
        on=on,
    )


def _instant(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


# --- words being written ---------------------------------------------------------------------


class Drafts:
    """Unsent words on today's card, kept on this machine only (`<data>/today-drafts.json`,
    0600), never in the shared folder: they come back when the same partner writes again."""

    def __init__(self, data: Path) -> None:
        self.path = data / "today-drafts.json"

    @staticmethod
    def key(couple: str, day: str, partner: str, kind: str) -> str:
        return f"{couple}|{day}|{name_key(partner)}|{kind}"

    def _all(self) -> dict[str, str]:
        import json

        try:
            found = json.loads(read_regular(self.path, MAX_FILE_BYTES))
        except (OSError, ValueError):
            return {}
        if not isinstance(found, dict):
            return {}
        return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}

    def get(self, key: str) -> str:
        return self._all().get(key, "")

    def keep(self, key: str, text: str) -> None:
        """Remember `text` (empty: forget it); a draft that can't be written only says so
        by not coming back, so this never raises."""
        import json

        drafts = self._all()
        if text.strip():
            drafts[key] = text
        elif drafts.pop(key, None) is None:
            return
        with contextlib.suppress(OSError):
            ensure_private_dir(self.path.parent)
            write_atomic(self.path, json.dumps(drafts, ensure_ascii=False).encode("utf-8"))
