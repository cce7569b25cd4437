"""A breather: a calm screen with a slow breathing count, then back to the card."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle
from textual.content import Content
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static

# Four counts in, four held, six out: a slow, easy rhythm.
PHASES = (("Breathe in", 4), ("Hold", 4), ("Breathe out", 6))
STILL = Content.assemble(
    ("Breathe in", "bold"),
    " for 4 · ",
    ("hold", "bold"),
    " for 4 · ",
    ("breathe out", "bold"),
    " for 6",
)


def phase_at(beat: int) -> tuple[str, int]:
    """The phase and the count within it, `beat` seconds into the breather."""
    cycle = sum(length for _, length in PHASES)
    beat %= cycle
    for label, length in PHASES:
        if beat < length:
            return label, beat + 1
        beat -= length
    raise AssertionError("unreachable")


class BreatherScreen(ModalScreen[None]):
    """Nothing to answer here. The card waits, exactly as it was."""

    DEFAULT_CSS = """
    BreatherScreen {
        align: center middle;
        background: $background;
        #breather { width: 60; max-width: 95%; height: auto; }
        #breather-title { text-align: center; margin-bottom: 1; }
        #breath { text-align: center; height: 3; }
        #breather-help { text-align: center; color: $text-muted; margin-top: 1; }
        /* The column's width, so the words wrap on narrow terminals instead of being cut. */
        Middle { width: 100%; }
        #breather Static { width: 100%; }
    }
    """

    BINDINGS = [Binding("escape,enter,ctrl+b,space", "back", "back to the card")]

    beat: reactive[int] = reactive(0)

    def compose(self) -> ComposeResult:
        with Middle(), Center(id="breather"):
            yield Static(Content.styled("Take a breather", "bold"), id="breather-title")
            yield Static(id="breath")
            yield Static(
                Content(
                    "Nothing is waiting for you. Breathe together for as long as you like.\n"
                    "Press Enter when you're ready to come back."
                ),
                id="breather-help",
            )

    def on_mount(self) -> None:
        if self.app.animation_level == "none":
            # Reduced motion: the rhythm in words, nothing that moves.
            self.query_one("#breath", Static).update(STILL)
            return
        self.watch_beat(self.beat)
        self.set_interval(1.0, self.next_beat)

    def next_beat(self) -> None:
        self.beat += 1

    def watch_beat(self, beat: int) -> None:
        if self.app.animation_level == "none":
            return
        label, count = phase_at(beat)
        dots = "●" * count
        self.query_one("#breath", Static).update(
            Content.assemble((label, "bold"), "\n", (dots, "$text-accent"))
        )

    def action_back(self) -> None:
        self.dismiss(None)
