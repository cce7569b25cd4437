"""A card as the game plays it: plain data, light to import (no pydantic)."""

from __future__ import annotations

from dataclasses import dataclass

LEVEL_NAMES = {1: "light", 2: "deeper", 3: "deepest"}


@dataclass(frozen=True)
class Card:
    """A card as the game plays it: the file's fields plus what it inherits from its deck."""

    deck: str
    id: str
    prompt: str
    kind: str = "question"
    level: int = 1
    answer: str = "both"
    seconds: int | None = None
    follow_up: str | None = None
    tags: tuple[str, ...] = ()
    skippable: bool = True
    deck_title: str = ""

    @property
    def key(self) -> str:
        """The card's name across decks: `deck/card`."""
        return f"{self.deck}/{self.id}"
