"""Whose favorite is this card? Each partner's star is their own."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Button, Static

from heartline.session import BOTH
from heartline.text import one_line
from heartline.tui.screens.dialogs import Dialog

# What the dialog gives back: a partner (0 or 1), both (None), or nothing (cancelled).
Choice = tuple[int | None] | None


class StarButton(Button, can_focus=False):
    """Pressed by its number or a click, never by an Enter."""

    DEFAULT_CSS = """
    StarButton { width: 100%; text-align: left; content-align: left middle; margin-bottom: 1; }
    """


class StarDialog(Dialog[Choice]):
    """Star the card for one partner, or both; a second press takes that star away."""

    AUTO_FOCUS = None  # only a number or a click stars: never an Enter meant before
    BINDINGS = [
        Binding("1", "star(0)", show=False),
        Binding("2", "star(1)", show=False),
        Binding("3", "star(-1)", show=False),
        Binding("escape", "cancel", "cancel"),
    ]

    def __init__(
        self,
        partners: tuple[str, str],
        stars: set[int],
        title: str = "Whose favorite is this card?",
    ) -> None:
        super().__init__()
        self.partners = partners
        self.stars = set(stars)
        self.title_words = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_words, "bold"), classes="dialog-title")
            for index, partner in enumerate(self.partners):
                name = one_line(partner)
                words = (
                    f"{index + 1}  {name}  ★  (press to take {name}'s star away)"
                    if index in self.stars
                    else f"{index + 1}  {name}  ☆"
                )
                yield StarButton(
                    Content(words), id=f"star-{index}", action=f"screen.star({index})", compact=True
                )
            both = "3  Both of you  ★★" if self.stars == BOTH else "3  Both of you"
            yield StarButton(Content(both), id="star-both", action="screen.star(-1)", compact=True)
            yield Static(
                Content("1, 2 or 3 (or a click) · Esc: leave it as it is"),
                classes="dialog-detail",
            )

    def action_star(self, who: int) -> None:
        self.dismiss((None if who < 0 else who,))

    def action_cancel(self) -> None:
        self.dismiss(None)
