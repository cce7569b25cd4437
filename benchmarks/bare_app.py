"""The floor: a bare Textual app showing one line, leaving once its first frame is up."""

import os

from textual.app import App, ComposeResult
from textual.widgets import Static


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("hello")

    def on_ready(self) -> None:
        if os.environ.get("HEARTLINE_EXIT_WHEN_READY"):
            self.call_after_refresh(self.exit)


if __name__ == "__main__":
    Bare().run()
