"""Loading deck files: every problem at once, each with its file, line and column.

A deck whose file can't be read or parsed is unusable; a deck with some bad cards stays
playable with its good cards and carries its problems along so they can be shown.
"""

from __future__ import annotations

import difflib
import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from heartline.cards import Card, Deck, DeckReport, Problem
from heartline.deck_cache import MAX_DECK_BYTES as MAX_DECK_BYTES  # re-exported
from heartline.deck_cache import is_slug as is_slug
from heartline.deck_cache import load_deck as cached_load_deck
from heartline.deck_format import (
    CARD_KEYS,
    DECK_KEYS,
    FORMAT,
    CardFile,
    DeckHeader,
)
from heartline.deck_places import KeyLines as _KeyLines
from heartline.text import slug
from heartline.toml_places import describe, syntax_problem

Model = TypeVar("Model", bound=BaseModel)


# --- messages a person can act on --------------------------------------------------------

_TYPE_NAMES = {
    "string_type": "text in quotes",
    "int_type": "a whole number",
    "bool_type": "true or false",
    "list_type": "a list in square brackets",
    "model_type": "a table",
    "dict_type": "a table",
}


def _explain(error: Any, allowed_keys: tuple[str, ...], what: str) -> str:
    """Turn one pydantic error into plain words."""
    kind = error["type"]
    loc = error["loc"]
    key = str(loc[0]) if loc else "?"
    name = f"`{key}`" + (f" item {int(loc[1]) + 1}" if len(loc) > 1 else "")
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"{name} is missing"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, allowed_keys, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        return f"{name} is not a {what} key{hint}; a {what} may have: {', '.join(allowed_keys)}"
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", '"')
        return f"{name} must be {expected}, got {describe(value)}"
    if kind in _TYPE_NAMES:
        return f"{name} must be {_TYPE_NAMES[kind]}, got {describe(value)}"
    if kind in {"string_too_short", "too_short"}:
        return f"{name} must not be empty"
    if kind == "value_error":
        return f"{name} must not be blank"
    if kind == "string_too_long" or (kind == "too_long" and isinstance(value, str)):
        # A length limit set on top of another validator reports `too_long`, not the string kind.
        return f"{name} is too long: {len(value)} characters, at most {ctx.get('max_length')}"
    if kind == "string_pattern_mismatch":
        suggestion = slug(str(value)) or "my-card"
        return (
            f"{name} must use lowercase letters, digits and hyphens, got {describe(value)}; "
            f'try "{suggestion}"'
        )
    if kind in {"greater_than_equal", "less_than_equal"}:
        return f"{name} must be between 5 and 3600, got {describe(value)}"
    return f"{name}: {error.get('msg', 'is not valid')}"


def _errors(model: type[Model], data: dict[str, Any]) -> tuple[Model | None, list[Any]]:
    try:
        return model.model_validate(data), []
    except ValidationError as invalid:
        seen: set[tuple[Any, ...]] = set()
        unique = []
        for error in invalid.errors():
            # Unions report one error per branch; one message per place is enough.
            where = tuple(error["loc"][:2])
            if where not in seen:
                seen.add(where)
                unique.append(error)
        return None, unique


# --- loading -----------------------------------------------------------------------------


def _card_name(raw: Any, index: int) -> str:
    if isinstance(raw, dict):
        card_id = raw.get("id")
        if isinstance(card_id, str) and is_slug(card_id):
            return f"card `{card_id}`"
    return f"card {index + 1}"


def load_deck(path: Path) -> DeckReport:
    """Read, parse and check one deck file. Never raises for anything in the file."""
    return cached_load_deck(path)


def report_for(path: Path, data: bytes) -> DeckReport:
    """Parse and check a deck file's bytes (read by `deck_cache.read_deck`)."""
    shown = str(path)
    deck_id = path.stem
    problems: list[Problem] = []

    def unusable(line: int, column: int, message: str) -> DeckReport:
        problems.append(Problem(shown, line, column, message))
        return DeckReport(deck_id, path, None, tuple(problems))

    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data:
        return unusable(1, 1, "this looks like a binary file, not a TOML text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as bad:
        before = data[: bad.start]
        line = before.count(b"\n") + 1
        # Columns count characters, as an editor shows them, not bytes.
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace")) + 1
        return unusable(
            line,
            column,
            f"the file is not UTF-8 text (byte 0x{data[bad.start]:02X}); save it as UTF-8",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        problems.append(syntax_problem(shown, text, error))
        return DeckReport(deck_id, path, None, tuple(problems))
    except (RecursionError, MemoryError):
        return unusable(1, 1, "the file is nested too deeply to be a deck")
    return _validate(deck_id, path, text, raw, digest)


@dataclass(frozen=True)
class Issue:
    """A problem found in a deck's data, before it is tied to a line of a file."""

    card: int | None  # the card's index in `cards`; None for the deck's own keys
    key: str | None
    message: str


@dataclass
class Checked:
    """What `check` found: the deck's keys, its good cards (with their index), every issue."""

    header: DeckHeader | None
    cards: list[tuple[int, CardFile]]
    issues: list[Issue]

    @property
    def usable(self) -> bool:
        return self.header is not None and bool(self.cards)


_CARD_LIST = TypeAdapter(list[CardFile])


def _all_good(raw_cards: list[Any]) -> list[CardFile] | None:
    """Every card validated in one call when all are good (fast); None when any is not."""
    try:
        return _CARD_LIST.validate_python(raw_cards)
    except ValidationError:
        return None


def check(raw: dict[str, Any]) -> Checked:
    """Every rule of deck format v1, applied to a parsed deck: the one place rules live.

    The loader, `heartline decks validate`, the importer and the deck editor all use it.
    """
    issues: list[Issue] = []

    def top(key: str, message: str) -> None:
        issues.append(Issue(None, key, message))

    version = raw.get("format", FORMAT)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        top("format", f"`format` must be 1, got {describe(version)}")
        return Checked(None, [], issues)
    if version > FORMAT:
        top(
            "format",
            f"this deck is written in format {version}, newer than this heartline reads "
            f"(format {FORMAT}); update heartline to play it",
        )
        return Checked(None, [], issues)

    header_data = {key: value for key, value in raw.items() if key != "cards"}
    header, header_errors = _errors(DeckHeader, header_data)
    for error in header_errors:
        key = str(error["loc"][0]) if error["loc"] else "title"
        message = _explain(error, DECK_KEYS, "deck")
        if error["type"] == "missing" and key == "title":
            message += '; add a line like: title = "Our evenings"'
        top(key, message)

    raw_cards = raw.get("cards")
    if raw_cards is None:
        top("cards", "the deck has no cards; add at least one [[cards]] table")
        raw_cards = []
    elif not isinstance(raw_cards, list):
        top("cards", "`cards` must be a list of [[cards]] tables")
        raw_cards = []
    elif not raw_cards:
        top("cards", "the deck has no cards; add at least one [[cards]] table")

    cards: list[tuple[int, CardFile]] = []
    seen: dict[str, int] = {}
    models = _all_good(raw_cards)
    for index, item in enumerate(raw_cards):
        if models is not None:  # the common case: every card is fine but maybe an id repeats
            card = models[index]
            if card.id not in seen:
                seen[card.id] = index + 1
                cards.append((index, card))
                continue
        name = _card_name(item, index)
        if not isinstance(item, dict):
            issues.append(Issue(index, None, f"{name} must be a [[cards]] table"))
            continue
        checked, errors = _errors(CardFile, item)
        for error in errors:
            card_key = str(error["loc"][0]) if error["loc"] else None
            message = f"{name}: {_explain(error, CARD_KEYS, 'card')}"
            if error["type"] == "missing" and card_key == "id":
                suggestion = slug(str(item.get("prompt", "")), limit=30) or f"card-{index + 1}"
                message += f'; add a line like: id = "{suggestion}"'
            issues.append(Issue(index, card_key, message))
        if checked is None:
            continue
        card = checked
        if card.id in seen:
            issues.append(
                Issue(
                    index,
                    "id",
                    f"{name}: the id `{card.id}` is already used by card {seen[card.id]}; "
                    "ids must be unique in a deck",
                )
            )
            continue
        seen[card.id] = index + 1
        cards.append((index, card))
    if raw_cards and not cards and header is not None:
        top("cards", "none of the deck's cards can be played; fix the problems above")
    return Checked(header, cards, issues)


def _validate(deck_id: str, path: Path, text: str, raw: dict[str, Any], digest: str) -> DeckReport:
    shown = str(path)
    checked = check(raw)
    lines = _KeyLines(text) if checked.issues else None  # positions only when needed
    last: list[Problem] = []
    problems: list[Problem] = []
    for issue in checked.issues:
        assert lines is not None
        if issue.card is None:
            where = lines.top_key(issue.key or "title")
        else:
            where = lines.card_key(issue.card, issue.key)
        problem = Problem(shown, *where, issue.message)
        (last if issue.message.startswith("none of the deck") else problems).append(problem)
    problems.sort(key=lambda problem: (problem.line, problem.column))
    problems += last
    header = checked.header
    if header is None or not checked.usable:
        return DeckReport(deck_id, path, None, tuple(problems))
    deck_tags = tuple(header.tags)
    cards = tuple(
        Card(
            deck=deck_id,
            id=card.id,
            prompt=card.prompt,
            kind=card.kind,
            level=card.level,
            answer=card.answer,
            seconds=card.seconds,
            follow_up=card.follow_up,
            tags=tuple(dict.fromkeys((*card.tags, *deck_tags))),
            skippable=header.skippable,
            deck_title=header.title,
            pin=card.pin,
        )
        for _, card in checked.cards
    )
    deck = Deck(
        id=deck_id,
        path=path,
        title=header.title,
        cards=cards,
        description=header.description,
        how_to=header.how_to,
        tip=header.tip,
        author=header.author,
        order=header.order,
        skippable=header.skippable,
        tags=deck_tags,
        problems=tuple(problems),
        digest=digest,
        content_note=header.content_note,
        dealt_by_default=header.dealt_by_default,
    )
    return DeckReport(deck_id, path, deck, tuple(problems))
