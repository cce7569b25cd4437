"""The card on the table: its deck, kind, level, prompt and follow-up."""

from __future__ import annotations

from rich.cells import cell_len
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


ZWJ = "\u200d"
EMOJI_STYLE = "\ufe0f"  # variation selector 16: "draw the character before as an emoji"
SKIN_TONES = frozenset(map(chr, range(0x1F3FB, 0x1F400)))


def drawn(text: str) -> str:
    """`text` as the card draws it: only characters whose width Rich and terminals agree on.

    Textual lays a line out with Rich's widths, and the terminal draws it with its own: where
    they differ, the rest of the line (and the card's right border) moves. Measured in tmux
    3.3a (the widths of ZWJ sequences and combining marks agree), two things differ:
    - U+FE0F after a character that is narrow by default (❤️, ☺️, 1️⃣, 🏳️‍🌈): Rich counts two
      cells, tmux, xterm and VTE one. Without the selector every terminal counts one, so it
      is left out and the character is drawn in its text style.
    - a skin-tone modifier (👍🏽): Rich counts it as part of the emoji, tmux draws it as a
      second wide character, pushing the words after it off the card. It is left out and
      the emoji is drawn in its default tone.
    A selector right after a ZWJ is kept (👩‍❤️‍👨): tmux joins what follows a ZWJ into the
    emoji's cell, as Rich counts it. Only what is shown changes; the card keeps its text.
    """
    if EMOJI_STYLE not in text and SKIN_TONES.isdisjoint(text):
        return text
    kept: list[str] = []
    for at, character in enumerate(text):
        before = text[at - 1] if at else ""
        joined = at >= 2 and text[at - 2] == ZWJ
        if character == EMOJI_STYLE and before and not joined:
            if cell_len(before + character) != cell_len(before):
                continue
        elif character in SKIN_TONES and before != ZWJ:
            continue
        kept.append(character)
    return "".join(kept)


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
        self.border_title = safe(drawn(one_line(card.deck_title or card.deck)))
        self.border_subtitle = Content(f"{card.kind} · {LEVEL_NAMES.get(card.level, card.level)}")
        self.query_one("#prompt", Static).update(safe(drawn(card.prompt)).stylize("bold"))
        follow_up = self.query_one("#follow-up", Static)
        follow_up.update(safe(drawn(card.follow_up or "")))
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
