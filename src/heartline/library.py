"""The deck library: shipped decks, the partners' own decks, and any extra folders."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from heartline.errors import DeckNotFound
from heartline.text import one_line

if TYPE_CHECKING:
    from heartline.cards import Card, Deck, DeckReport
    from heartline.deck_cache import DeckCache


@dataclass(frozen=True)
class Shadowed:
    """A deck hidden by a later folder's deck with the same id."""

    id: str
    hidden: Path
    by: Path


@dataclass
class Library:
    """Every deck found, by id; later folders win over earlier ones."""

    reports: dict[str, DeckReport] = field(default_factory=dict)
    shadowed: list[Shadowed] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)
    cache: DeckCache | None = None

    @classmethod
    def scan(cls, folders: list[Path], cache: DeckCache | None = None) -> Library:
        """Load every `*.toml` in `folders`, in order; a folder listed twice is read once.

        With a `cache`, a deck checked before is not checked again (nor pydantic imported).
        """
        from heartline.deck_cache import load_deck

        library = cls(cache=cache)
        seen: set[Path] = set()
        for folder in folders:
            try:
                real = folder.resolve()
            except OSError:
                continue
            if real in seen or not folder.is_dir():
                continue
            seen.add(real)
            library.folders.append(folder)
            for path in sorted(folder.glob("*.toml")):
                library.add(load_deck(path, cache))
        return library

    def add(self, report: DeckReport) -> None:
        earlier = self.reports.get(report.id)
        if earlier is not None:
            self.shadowed.append(Shadowed(report.id, earlier.path, report.path))
        self.reports[report.id] = report

    @property
    def decks(self) -> list[Deck]:
        """The usable decks, sorted by title."""
        usable = [report.deck for report in self.reports.values() if report.deck is not None]
        return sorted(usable, key=lambda deck: (deck.title.casefold(), deck.id))

    @property
    def unusable(self) -> list[DeckReport]:
        return [report for report in self.reports.values() if report.deck is None]

    def shadow_of(self, deck_id: str) -> Shadowed | None:
        for shadow in self.shadowed:
            if shadow.id == deck_id:
                return shadow
        return None

    def card(self, key: str) -> Card | None:
        """A card by its `deck/card` key, if its deck is in the library and playable."""
        deck_id, _, card_id = key.partition("/")
        report = self.reports.get(deck_id)
        if report is None or report.deck is None:
            return None
        return next((card for card in report.deck.cards if card.id == card_id), None)

    def find(self, name: str) -> Deck:
        """A deck by id, or by the path of a `.toml` file (loaded and added on the way)."""
        report = self.reports.get(name)
        if report is None and (name.endswith(".toml") or "/" in name):
            path = Path(name)
            if not path.is_file():
                raise DeckNotFound(f"there is no deck file at {name}")
            from heartline.deck_cache import load_deck

            report = load_deck(path, self.cache)
            self.add(report)
        if report is None:
            known = ", ".join(sorted(self.reports)) or "none"
            looked = ", ".join(one_line(str(f.absolute())) for f in self.folders) or "no folder"
            raise DeckNotFound(
                f"there is no deck called {name!r} in {looked}; the decks are: {known}"
            )
        if report.deck is None:
            first = report.problems[0] if report.problems else "it can't be read"
            raise DeckNotFound(f"the deck {name!r} can't be played: {first}")
        return report.deck
