"""The card on the table: its deck, kind, level, prompt and follow-up."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from heartline.cards import LEVEL_NAMES, Card
from heartline.text import one_line
from heartline.tui.words import safe

KIND_HINTS = {
    "question": "Question: the lead answers first, then the other partner.",
    "mirror": "Mirror: one shares, the other says back what they heard.",
    "guess": "Guess: one answers in secret, the other guesses, then both are revealed.",
    "exercise": "Exercise: something to do together.",
}


def kind_hint(card: Card) -> str:
    if card.kind == "question" and card.answer == "lead":
        return "Question: only the lead answers this one."
    return KIND_HINTS.get(card.kind, "")


class CardView(Vertical):
    """Shows one card; `show(card)` swaps in another."""

    DEFAULT_CSS = """
    CardView {
        height: auto;
        border: round $primary;
        border-title-color: $text-primary;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        margin-top: 1;
    }
    #prompt { margin-bottom: 0; }
    #follow-up { color: $text-muted; text-style: italic; margin-top: 1; }
    #kind-hint { color: $text-muted; margin-top: 1; }
    """

    _follow_up_wanted = True
    _card: Card | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="prompt", markup=False)
        yield Static(id="follow-up", markup=False)
        yield Static(id="kind-hint", markup=False)

    def show(self, card: Card) -> None:
        self.border_title = safe(one_line(card.deck_title or card.deck))
        self.border_subtitle = Content(f"{card.kind} · {LEVEL_NAMES.get(card.level, card.level)}")
        self.query_one("#prompt", Static).update(safe(card.prompt).stylize("bold"))
        follow_up = self.query_one("#follow-up", Static)
        follow_up.update(safe(card.follow_up or ""))
        follow_up.display = bool(card.follow_up) and self._follow_up_wanted
        self._card = card
        self.query_one("#kind-hint", Static).update(Content(kind_hint(card)))

    def show_follow_up(self, wanted: bool) -> None:
        """Show the follow-up question (if the card has one) or keep it back for now."""
        self._follow_up_wanted = wanted
        card = getattr(self, "_card", None)
        self.query_one("#follow-up", Static).display = wanted and bool(
            card is not None and card.follow_up
        )
