"""The floor: a bare Textual app showing one marker line (it leaves once its first frame is
up when HEARTLINE_EXIT_WHEN_READY is set, for the exit-time column)."""

import os

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare textual app"


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)

    def on_ready(self) -> None:
        if os.environ.get("HEARTLINE_EXIT_WHEN_READY"):
            self.call_after_refresh(self.exit)


if __name__ == "__main__":
    Bare().run()
