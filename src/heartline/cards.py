"""The game's words, typed once, and the plain data the game plays with (no pydantic).

Every closed set of values heartline knows (card kinds, deck orders, tips, answer modes,
roles, action types, outcomes, save status) is defined here and only here: the deck format,
the save format, the engine and the command line all take them from this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Literal, get_args

Kind = Literal["question", "mirror", "guess", "exercise"]
Order = Literal["escalate", "fixed", "shuffle"]
Pin = Literal["first", "last"]  # where a card is dealt in its deck's share of a session
Tip = Literal[
    "vulnerability",
    "communication",
    "quality-time",
    "empathy",
    "dreams-and-goals",
    "physical-affection",
    "gratitude",
    "openness-to-change",
]
AnswerMode = Literal["both", "lead"]
Level = Literal[1, 2, 3]
ActionType = Literal["answer", "pass", "swap", "favorite", "note", "finish", "takeback"]
Outcome = Literal["open", "done", "passed"]
Status = Literal["in-progress", "finished"]

KINDS: tuple[Kind, ...] = get_args(Kind)
ORDERS: tuple[Order, ...] = get_args(Order)
PINS: tuple[Pin, ...] = get_args(Pin)
TIPS: tuple[Tip, ...] = get_args(Tip)
ANSWER_MODES: tuple[AnswerMode, ...] = get_args(AnswerMode)
LEVELS: tuple[Level, ...] = get_args(Level)
ACTION_TYPES: tuple[ActionType, ...] = get_args(ActionType)
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
STATUSES: tuple[Status, ...] = get_args(Status)

LEVEL_NAMES: dict[int, str] = {1: "light", 2: "deeper", 3: "deepest"}
MIN_SECONDS, MAX_SECONDS = 5, 3600  # a card's timer
MAX_NAME = 40  # a partner's name
MAX_TITLE = 80  # an evening's title
MAX_CONTENT_NOTE = 200  # a deck's content note: a line, not a warning label
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # a deck's or a card's id


class Role(StrEnum):
    """What a piece of writing is."""

    ANSWER = "answer"
    REFLECTION = "reflection"
    CLARIFICATION = "clarification"
    GUESS = "guess"
    RATING = "rating"
    NOTE = "note"
    APPRECIATION = "appreciation"


@dataclass(frozen=True)
class Card:
    """A card as the game plays it: the file's fields plus what it inherits from its deck."""

    deck: str
    id: str
    prompt: str
    kind: Kind = "question"
    level: Level = 1
    answer: AnswerMode = "both"
    seconds: int | None = None
    follow_up: str | None = None
    tags: tuple[str, ...] = ()
    skippable: bool = True
    deck_title: str = ""
    pin: Pin | None = None  # dealt first or last in its deck's share, whatever the order

    @property
    def key(self) -> str:
        """The card's name across decks: `deck/card`."""
        return f"{self.deck}/{self.id}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, where it is, and what to do about it."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


@dataclass(frozen=True)
class Deck:
    """A playable deck: its good cards, and the problems found in its file."""

    id: str
    path: Path
    title: str
    cards: tuple[Card, ...]
    description: str | None = None
    how_to: str | None = None
    tip: Tip | None = None
    author: str | None = None
    order: Order = "escalate"
    skippable: bool = True
    tags: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    digest: str = ""
    content_note: str | None = None  # said on New game and before the deck's first card
    # False: dealt only when the partners choose it by name, never preselected or assumed.
    dealt_by_default: bool = True

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(sorted({card.level for card in self.cards}))

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(sorted({card.kind for card in self.cards}))


@dataclass(frozen=True)
class DeckReport:
    """What loading one file gave: the deck (None when unusable) and every problem."""

    id: str
    path: Path
    deck: Deck | None
    problems: tuple[Problem, ...] = field(default=())

    @property
    def usable(self) -> bool:
        return self.deck is not None
