"""The typing floor: a bare Textual app with one TextArea, as heartline's answer box is set up
(soft wrap, five rows, focused, the cursor at the end of the text in the file named by argv[1]).

    python benchmarks/bare_textarea.py [TEXT_FILE]
"""

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Static, TextArea

MARKER = "bare text area"


class BareTextArea(App[None]):
    # heartline's answer box is 78 columns wide at 80: the same width wraps on the same keys.
    CSS = "TextArea { height: 5; dock: bottom; width: 78; margin: 0 1; }"

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(MARKER)
        yield TextArea(self.text, soft_wrap=True, tab_behavior="focus")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()


if __name__ == "__main__":
    text = Path(sys.argv[1]).read_text() if len(sys.argv) > 1 else ""
    BareTextArea(text).run()
