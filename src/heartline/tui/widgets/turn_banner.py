"""The turn banner: whose turn it is and what they are asked, edged in that partner's colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from heartline.tui.words import PARTNER_CLASSES


class TurnBanner(Static):
    """One line of what is asked of whom; `show` also colours it for the partner asked."""

    DEFAULT_CSS = """
    TurnBanner {
        height: auto;
        margin-top: 1;
        padding: 0 1;
        border-left: thick $success;
        text-style: bold;
    }
    TurnBanner.partner-a { color: $partner-a; border-left: thick $partner-a; }
    TurnBanner.partner-b { color: $partner-b; border-left: thick $partner-b; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)

    def show(self, words: Content, partner: int | None) -> None:
        """Say `words`, in `partner`'s colour (both partners: neither colour)."""
        self.update(words)
        self.set_classes(PARTNER_CLASSES[partner] if partner is not None else "both")
