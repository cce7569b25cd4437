"""The shape of a save file, as pydantic models: used when a save is loaded to be played.

Listing saves never needs this module (it reads only the summary keys at the top), so the
first screen opens without importing pydantic.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from heartline.cards import Card

Status = Literal["in-progress", "finished"]


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


class SavedDeal(_Strict):
    """What is left to deal: the reserve that swaps draw from, as `deck/card` keys."""

    reserve: list[str] = Field(default_factory=list)


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
    deal: SavedDeal = Field(default_factory=lambda: SavedDeal())
    favorites: list[str] = Field(default_factory=list)
    decks: list[SavedDeck] = Field(default_factory=list)
    cards: list[SavedCard] = Field(min_length=1)
    actions: list[SavedAction] = Field(default_factory=list)
