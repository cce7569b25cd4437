"""Deck format v1: the pydantic models that describe a deck file, and nothing else.

These models are the single source of the rules: the loader validates with them and the JSON
Schema for editors is generated from them. The game itself works on the plain `Card` and
`Deck` objects that `deck.py` builds from them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

from heartline.cards import MAX_CONTENT_NOTE as MAX_CONTENT_NOTE  # re-exported
from heartline.cards import MAX_SECONDS as MAX_SECONDS  # re-exported: the schema's limits
from heartline.cards import MIN_SECONDS as MIN_SECONDS
from heartline.cards import SLUG_PATTERN as SLUG_PATTERN  # re-exported
from heartline.cards import AnswerMode, Kind, Level, Order, Pin, Tip

FORMAT = 1


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("blank")
    return value


# The pattern is for editors reading the JSON Schema; the loader checks with _not_blank.
Text = Annotated[
    str, Field(min_length=1, json_schema_extra={"pattern": r"\S"}), AfterValidator(_not_blank)
]
Slug = Annotated[str, Field(min_length=1, max_length=60, pattern=SLUG_PATTERN)]
Tag = Annotated[
    str,
    Field(min_length=1, max_length=40, json_schema_extra={"pattern": r"\S"}),
    AfterValidator(_not_blank),
]


class _Strict(BaseModel):
    # TOML has real types, so "2" is not a level and unknown keys are mistakes.
    model_config = ConfigDict(extra="forbid", strict=True)


class CardFile(_Strict):
    """One `[[cards]]` table."""

    id: Slug = Field(
        description="The card's id: lowercase letters, digits and hyphens, unique in the deck. "
        "Saves refer to cards by it, so keep it when you reword the prompt."
    )
    prompt: Annotated[Text, Field(max_length=1000)] = Field(
        description="What the card asks: a question, or what to do together (1-1000 characters)."
    )
    kind: Kind = Field(
        default="question",
        description="question: the lead answers, then the partner. mirror: the lead answers, the "
        "partner reflects back what they heard, the lead says whether they felt understood. "
        "guess: the lead answers privately, the partner guesses, both are revealed. "
        "exercise: something the two of you do together.",
    )
    level: Level = Field(
        default=1, description="How deep the card goes: 1 light, 2 deeper, 3 deepest."
    )
    answer: AnswerMode = Field(
        default="both",
        description="For questions: both partners answer, or only the lead partner.",
    )
    seconds: Annotated[int, Field(ge=MIN_SECONDS, le=MAX_SECONDS)] | None = Field(
        default=None,
        description="A timer in seconds (5-3600): thinking time for a question, "
        "the length of an exercise.",
    )
    follow_up: Annotated[Text, Field(max_length=1000)] | None = Field(
        default=None, description="An optional second prompt, shown under the first."
    )
    tags: list[Tag] = Field(
        default_factory=list,
        description="Words partners can use to leave cards out of a session. Conventional: "
        "touch (a touch exercise), eye-contact, past-hurt (tender ground), romance.",
    )
    pin: Pin | None = Field(
        default=None,
        description="first: dealt before the deck's other cards; last: after them. A pinned "
        "card is dealt in every session of its deck (when it fits the level and tags), "
        "whatever the deck's order and the session's length, and is never swapped in.",
    )

    @field_validator("level", mode="before")
    @classmethod
    def _level_is_a_whole_number(cls, value: Any) -> Any:
        # Literal[1, 2, 3] alone takes `true` as 1 and `2.0` as 2, even in strict mode.
        if isinstance(value, bool | float):
            raise PydanticCustomError(
                "literal_error", "Input should be 1, 2 or 3", {"expected": "1, 2 or 3"}
            )
        return value


class DeckHeader(_Strict):
    """The keys at the top of a deck file, before its cards."""

    format: Literal[1] = Field(default=1, description="The deck format version: 1.")
    title: Annotated[Text, Field(max_length=80)] = Field(
        description="The deck's name as shown in the game (1-80 characters)."
    )
    description: Annotated[Text, Field(max_length=2000)] | None = Field(
        default=None, description="A sentence or two on what the deck is for."
    )
    how_to: Annotated[Text, Field(max_length=2000)] | None = Field(
        default=None, description="How to play this deck, in plain words."
    )
    tip: Tip | None = Field(default=None, description="The intimacy tip the deck is built around.")
    author: Annotated[Text, Field(max_length=200)] | None = Field(
        default=None, description="Who wrote the deck."
    )
    order: Order = Field(
        default="escalate",
        description="escalate: shuffled within each level, lighter levels first. "
        "fixed: the order of the file. shuffle: any order.",
    )
    skippable: bool = Field(
        default=True,
        description="Whether partners may pass a card. Set false for decks meant to be "
        "played through in order.",
    )
    tags: list[Tag] = Field(
        default_factory=list, description="Words that apply to every card in the deck."
    )
    content_note: Annotated[Text, Field(max_length=MAX_CONTENT_NOTE)] | None = Field(
        default=None,
        description="A gentle line on what the deck touches, shown when choosing decks and "
        'before its first card, e.g. "Some cards touch on past hurt." (1-200 characters)',
    )
    dealt_by_default: bool = Field(
        default=True,
        description="Set false for a deck dealt only when chosen by name: never preselected "
        "and never used when no deck is named.",
    )


class DeckFile(DeckHeader):
    """A whole deck file: its keys and its cards."""

    model_config = ConfigDict(
        title="heartline deck",
        json_schema_extra={"description": "A deck of conversation cards for heartline."},
    )

    cards: list[CardFile] = Field(min_length=1, description="The cards, each a [[cards]] table.")


CARD_KEYS: tuple[str, ...] = tuple(CardFile.model_fields)
DECK_KEYS: tuple[str, ...] = tuple(DeckFile.model_fields)
