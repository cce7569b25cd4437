"""Text fields that never send a control character to the terminal.

Textual's Input and TextArea draw their text as it is, so an escape sequence pasted into an
answer, or loaded from a hand-written deck, would reach the terminal raw. These draw every
control character as nothing (they take no cell anyway, so the cursor stays where it is);
the text itself is kept exactly, and shown with visible symbols once it is sent.
"""

from __future__ import annotations

import re

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input, TextArea

from heartline.tui.own_editor import BINDING, edit_outside

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def without_controls(strip: Strip) -> Strip:
    if not any(_CONTROL.search(segment.text) for segment in strip):
        return strip
    return Strip(
        [
            Segment(_CONTROL.sub("", segment.text), segment.style, segment.control)
            for segment in strip
        ],
        strip.cell_length,
    )


def still(widget: Input | TextArea) -> None:
    """No blinking cursor when motion is reduced (ctrl+p, Reduce motion)."""
    widget.cursor_blink = widget.app.animation_level != "none"


class SafeInput(Input):
    """An Input that draws no control characters."""

    def on_mount(self) -> None:
        still(self)

    def render_line(self, y: int) -> Strip:
        return without_controls(super().render_line(y))


class SafeTextArea(TextArea):
    """A TextArea that draws no control characters; F2 opens its words in your own editor."""

    BINDINGS = [BINDING]

    def on_mount(self) -> None:
        still(self)

    def render_line(self, y: int) -> Strip:
        return without_controls(super().render_line(y))

    def action_edit_outside(self) -> None:
        edited = edit_outside(self.app, self.text)
        if edited is not None and edited != self.text:
            # A replace, not a load: ctrl+z brings back the words from before the editor.
            self.replace(edited, (0, 0), self.document.end, maintain_selection_offset=False)
            self.move_cursor(self.document.end)
