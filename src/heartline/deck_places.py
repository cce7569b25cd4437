"""Where keys are in a deck file: the lines and columns that problems and lint hints point at.

No pydantic: the deck linter and the editor's hints use it as well as the loader.
"""

from __future__ import annotations

from heartline.toml_places import KeyPlaces


class KeyLines:
    """Lines and columns of the keys at the top of a deck file and in each `[[cards]]` table
    (the one TOML scan is `toml_places.KeyPlaces`)."""

    def __init__(self, text: str) -> None:
        self.places = KeyPlaces(text, "cards")

    def top_key(self, key: str) -> tuple[int, int]:
        return self.places.of_top(key)

    def card_key(self, index: int, key: str | None) -> tuple[int, int]:
        return self.places.of_table(index, key)
