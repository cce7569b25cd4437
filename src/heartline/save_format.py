"""The shape of a save file, checked by hand: plain Python, so resuming needs no pydantic.

`read(data)` takes the parsed TOML of a save and returns what the game needs to rebuild the
session, or raises `Invalid` naming the first key that is wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from heartline.cards import Card

KINDS = ("question", "mirror", "guess", "exercise")
ROLES = ("answer", "reflection", "clarification", "guess", "rating", "note", "appreciation")
ACTIONS = ("answer", "pass", "swap", "favorite", "note", "finish")
STATUSES = ("in-progress", "finished")

TOP_KEYS = (
    "format",
    "status",
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
    "favorites",
    "deal",
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
)
ACTION_KEYS = ("type", "at", "card", "by", "role", "text", "on", "replacement")


class Invalid(Exception):
    """A key of a save that is missing or wrong; the message names it."""


_MISSING = object()


def _is(kind: type) -> Callable[[Any], bool]:
    if kind is int:
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    return lambda value: isinstance(value, kind)


def _text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


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
            raise Invalid(f"`{where}{key}` is missing")
        return default
    value = table[key]
    if not ok(value):
        raise Invalid(f"`{where}{key}` should be {what}")
    return value


def _only(table: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    for key in table:
        if key not in keys:
            raise Invalid(f"`{where}{key}` is not something a save holds")


def _table(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"`{where.rstrip('.')}` should be a table")
    return value


def _card(value: Any, where: str) -> Card:
    table = _table(value, where)
    _only(table, CARD_KEYS, where)
    text = _is(str)
    seconds = _get(table, "seconds", where, lambda v: v is None or _is(int)(v), "a number", None)
    follow_up = _get(table, "follow_up", where, lambda v: v is None or text(v), "text", None)
    return Card(
        deck=_get(table, "deck", where, text, "text"),
        id=_get(table, "id", where, text, "text"),
        prompt=_get(table, "prompt", where, text, "text"),
        kind=_get(table, "kind", where, lambda v: v in KINDS, "a card kind", "question"),
        level=_get(table, "level", where, lambda v: v in (1, 2, 3) and _is(int)(v), "1, 2 or 3", 1),
        answer=_get(
            table, "answer", where, lambda v: v in ("both", "lead"), '"both" or "lead"', "both"
        ),
        seconds=seconds,
        follow_up=follow_up,
        tags=tuple(_get(table, "tags", where, _text_list, "a list of text", [])),
        skippable=_get(table, "skippable", where, _is(bool), "true or false", True),
        deck_title=_get(table, "deck_title", where, text, "text", ""),
    )


@dataclass(frozen=True)
class SavedAction:
    type: str
    at: datetime
    card: int | None
    by: int | None
    role: str | None
    text: str
    on: bool
    replacement: Card | None


def _action(value: Any, where: str) -> SavedAction:
    table = _table(value, where)
    _only(table, ACTION_KEYS, where)
    number = _is(int)
    replacement = table.get("replacement")
    return SavedAction(
        type=_get(table, "type", where, lambda v: v in ACTIONS, "an action"),
        at=_get(table, "at", where, _is(datetime), "a date and time"),
        card=_get(table, "card", where, number, "a number", None),
        by=_get(table, "by", where, lambda v: v in (0, 1) and number(v), "0 or 1", None),
        role=_get(table, "role", where, lambda v: v in ROLES, "a role", None),
        text=_get(table, "text", where, _is(str), "text", ""),
        on=_get(table, "on", where, _is(bool), "true or false", True),
        replacement=None if replacement is None else _card(replacement, f"{where}replacement."),
    )


@dataclass(frozen=True)
class Saved:
    """A save's contents, checked."""

    partners: tuple[str, str]
    started: datetime
    seed: int
    length: int | None
    max_level: int
    leave_out: list[str]
    reserve: list[str]
    decks: list[tuple[str, str, str]]
    cards: list[Card]
    actions: list[SavedAction]


def read(data: dict[str, Any]) -> Saved:
    """Check a parsed save; raises Invalid for the first thing that is wrong."""
    _only(data, TOP_KEYS, "")
    number = _is(int)
    partners = _get(data, "partners", "", lambda v: _text_list(v) and len(v) == 2, "two names")
    _get(data, "status", "", lambda v: v in STATUSES, '"in-progress" or "finished"')
    _get(data, "updated", "", _is(datetime), "a date and time")
    _get(data, "deck_titles", "", _text_list, "a list of deck titles")
    for key in ("cards_total", "cards_done", "cards_played"):
        optional = 0 if key == "cards_played" else _MISSING  # older saves don't have it
        _get(data, key, "", lambda v: number(v) and v >= 0, "a whole number, 0 or more", optional)
    _get(data, "favorites", "", _text_list, "a list of text", [])
    deal = _table(data.get("deal", {}), "deal")
    _only(deal, ("reserve",), "deal.")
    decks = []
    for index, deck in enumerate(_get(data, "decks", "", _is(list), "a list of tables", [])):
        where = f"decks.{index}."
        table = _table(deck, where)
        _only(table, ("id", "title", "hash"), where)
        decks.append(
            tuple(_get(table, key, where, _is(str), "text") for key in ("id", "title", "hash"))
        )
    cards = _get(data, "cards", "", lambda v: isinstance(v, list) and bool(v), "a list of cards")
    actions = _get(data, "actions", "", _is(list), "a list of tables", [])
    return Saved(
        partners=(partners[0], partners[1]),
        started=_get(data, "started", "", _is(datetime), "a date and time"),
        seed=_get(data, "seed", "", number, "a whole number"),
        length=_get(data, "length", "", lambda v: v is None or number(v), "a number", None),
        max_level=_get(
            data, "max_level", "", lambda v: v in (1, 2, 3) and number(v), "1, 2 or 3", 3
        ),
        leave_out=_get(data, "leave_out", "", _text_list, "a list of text", []),
        reserve=_get(deal, "reserve", "deal.", _text_list, "a list of text", []),
        decks=decks,  # type: ignore[arg-type]
        cards=[_card(card, f"cards.{index}.") for index, card in enumerate(cards)],
        actions=[_action(action, f"actions.{index}.") for index, action in enumerate(actions)],
    )
