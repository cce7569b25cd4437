"""Reading deck files, and remembering what checking them found, by their content.

Checking a deck needs pydantic, which costs more to import than reading the deck itself.
What a check found depends only on the file's bytes, its name (the deck's id) and the
checking rules, so it is remembered under a digest of those three in the data folder's
`cache/decks/` (0700, files 0600). An edited file, a renamed one or a heartline whose rules
changed has another digest: a stale deck is never served. The cache is never trusted: an
entry that can't be read or doesn't hold what a check gives is checked again, and rewritten.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from heartline.cards import (
    ANSWER_MODES,
    KINDS,
    LEVELS,
    ORDERS,
    PINS,
    SLUG_PATTERN,
    TIPS,
    Card,
    Deck,
    DeckReport,
    Problem,
)
from heartline.files import ensure_private_dir, read_regular, write_atomic
from heartline.text import slug

MAX_DECK_BYTES = 1024 * 1024
CACHE_FORMAT = 2  # 2: cards carry their pin, decks a content note and dealt_by_default
KEEP = 256  # entries kept; the least recently used go first
# The modules whose rules decide what a check finds: any change to them is a new cache.
_RULES = (
    "deck.py",
    "deck_format.py",
    "deck_places.py",
    "toml_places.py",
    "deck_cache.py",
    "cards.py",
    "text.py",
)


def is_slug(text: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, text) is not None


def read_deck(path: Path) -> bytes | DeckReport:
    """The bytes of a deck file, or the report saying why it can't be one."""
    deck_id = path.stem

    def unusable(message: str) -> DeckReport:
        return DeckReport(deck_id, path, None, (Problem(str(path), 1, 1, message),))

    if not is_slug(deck_id):
        better = slug(deck_id) or "my-deck"
        return unusable(
            "a deck's id is its file name, which must use lowercase letters, digits "
            f"and hyphens; rename the file to {better}.toml"
        )
    try:
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            return unusable(
                f"the file is {size / 1024 / 1024:.1f} MiB; a deck may be at most 1 MiB"
            )
        # Only a regular file, and the limit holds while reading: a FIFO or a link to an
        # endless device never hangs the library.
        return read_regular(path, MAX_DECK_BYTES)
    except ValueError as odd:
        return unusable(f"can't read the file: {odd}")
    except OSError as failed:
        return unusable(f"can't read the file: {failed.strerror or failed}")


def load_deck(path: Path, cache: DeckCache | None = None) -> DeckReport:
    """Read and check one deck file, remembered in `cache`. Never raises for the file."""
    data = read_deck(path)
    if isinstance(data, DeckReport):
        return data
    if cache is not None:
        return cache.report(path, data)
    from heartline.deck import report_for  # pydantic: only when a deck is really checked

    return report_for(path, data)


def _rules() -> bytes:
    here = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{CACHE_FORMAT}".encode())
    for name in _RULES:
        try:
            digest.update((here / name).read_bytes())
        except OSError:  # run from an archive: the version stands for the rules
            from heartline import __version__

            digest.update(__version__.encode())
    return digest.digest()


class DeckCache:
    """What checking each deck found, by a digest of its bytes, its id and the rules."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._rules: bytes | None = None
        self.hits = 0
        self.misses = 0

    def key(self, deck_id: str, data: bytes) -> str:
        if self._rules is None:
            self._rules = _rules()
        digest = hashlib.sha256(self._rules)
        digest.update(deck_id.encode("utf-8") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def report(self, path: Path, data: bytes) -> DeckReport:
        entry = self.folder / f"{self.key(path.stem, data)}.json"
        found = self._read(entry, path, data)
        if found is not None:
            self.hits += 1
            return found
        self.misses += 1
        from heartline.deck import report_for

        report = report_for(path, data)
        self._write(entry, report)
        return report

    def _read(self, entry: Path, path: Path, data: bytes) -> DeckReport | None:
        try:
            raw = json.loads(read_regular(entry, 4 * MAX_DECK_BYTES))
            report = _from_json(raw, path, hashlib.sha256(data).hexdigest())
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: kept longest
        return report

    def _write(self, entry: Path, report: DeckReport) -> None:
        """Remember a report; a cache that can't be written only costs time."""
        with contextlib.suppress(OSError):
            ensure_private_dir(self.folder)
            write_atomic(entry, json.dumps(_to_json(report)).encode("utf-8"))
            self._trim()

    def _trim(self) -> None:
        entries = list(self.folder.glob("*.json"))
        if len(entries) <= KEEP:
            return
        entries.sort(key=lambda entry: entry.stat().st_mtime)
        for old in entries[: len(entries) - KEEP]:
            old.unlink(missing_ok=True)


# --- an entry, as JSON ---------------------------------------------------------------------


def _to_json(report: DeckReport) -> dict[str, Any]:
    problems = [[p.line, p.column, p.message] for p in report.problems]
    deck = report.deck
    if deck is None:
        return {"format": CACHE_FORMAT, "problems": problems, "deck": None}
    return {
        "format": CACHE_FORMAT,
        "problems": problems,
        "deck": {
            "title": deck.title,
            "description": deck.description,
            "how_to": deck.how_to,
            "tip": deck.tip,
            "author": deck.author,
            "order": deck.order,
            "skippable": deck.skippable,
            "tags": list(deck.tags),
            "content_note": deck.content_note,
            "dealt_by_default": deck.dealt_by_default,
            "cards": [
                [
                    c.id,
                    c.prompt,
                    c.kind,
                    c.level,
                    c.answer,
                    c.seconds,
                    c.follow_up,
                    list(c.tags),
                    c.pin,
                ]
                for c in deck.cards
            ],
        },
    }


def _text(value: object, *, maybe: bool = False) -> Any:
    if (maybe and value is None) or isinstance(value, str):
        return value
    raise TypeError("not text")


def _one_of(value: object, allowed: tuple[object, ...], *, maybe: bool = False) -> Any:
    if (maybe and value is None) or (value in allowed and type(value) in {str, int}):
        return value
    raise ValueError("not a value a deck may hold")


def _texts(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    return tuple(_text(item) for item in value)


def _problems(value: object, shown: str) -> tuple[Problem, ...]:
    if not isinstance(value, list):
        raise TypeError("not a list")
    found = []
    for line, column, message in value:
        if type(line) is not int or type(column) is not int:
            raise TypeError("not a position")
        found.append(Problem(shown, line, column, _text(message)))
    return tuple(found)


def _from_json(raw: Any, path: Path, digest: str) -> DeckReport:
    """A report from a cache entry, every value checked as the loader would give it."""
    if raw.get("format") != CACHE_FORMAT:
        raise ValueError("another cache format")
    shown, deck_id = str(path), path.stem
    problems = _problems(raw["problems"], shown)
    held = raw["deck"]
    if held is None:
        return DeckReport(deck_id, path, None, problems)
    title, skippable = _text(held["title"]), held["skippable"]
    by_default = held["dealt_by_default"]
    if type(skippable) is not bool or type(by_default) is not bool:
        raise TypeError("not true or false")
    tags = _texts(held["tags"])
    cards = []
    for card_id, prompt, kind, level, answer, seconds, follow_up, card_tags, pin in held["cards"]:
        if seconds is not None and type(seconds) is not int:
            raise TypeError("not a number of seconds")
        cards.append(
            Card(
                deck=deck_id,
                id=_text(card_id),
                prompt=_text(prompt),
                kind=_one_of(kind, KINDS),
                level=_one_of(level, LEVELS),
                answer=_one_of(answer, ANSWER_MODES),
                seconds=seconds,
                follow_up=_text(follow_up, maybe=True),
                tags=_texts(card_tags),
                skippable=skippable,
                deck_title=title,
                pin=_one_of(pin, PINS, maybe=True),
            )
        )
    if not cards:
        raise ValueError("a usable deck has cards")
    deck = Deck(
        id=deck_id,
        path=path,
        title=title,
        cards=tuple(cards),
        description=_text(held["description"], maybe=True),
        how_to=_text(held["how_to"], maybe=True),
        tip=_one_of(held["tip"], TIPS, maybe=True),
        author=_text(held["author"], maybe=True),
        order=_one_of(held["order"], ORDERS),
        skippable=skippable,
        tags=tags,
        problems=problems,
        digest=digest,
        content_note=_text(held["content_note"], maybe=True),
        dealt_by_default=by_default,
    )
    return DeckReport(deck_id, path, deck, problems)
