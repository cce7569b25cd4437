"""The answer boxes: Enter sends, ctrl+j starts a new line, an empty answer was said aloud.

A box empties itself the moment Enter sends its words, so keys typed right after Enter (a
fast typist, a busy machine) land in the empty box for the next step instead of being wiped
when the screen moves on: `refill` keeps them, and `give_back` undoes a refused send.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message

from heartline.tui.own_editor import BINDING, edit_outside
from heartline.tui.widgets.fields import SafeInput, SafeTextArea


class AnswerBox(SafeTextArea):
    """A multi-line answer box where Enter sends rather than breaking the line."""

    DEFAULT_CSS = """
    AnswerBox { height: 5; }
    """

    BINDINGS = [Binding("ctrl+j", "new_line", "new line", show=False)]

    @dataclass
    class Sent(Message):
        """A partner sent what they wrote (empty text: they answered aloud)."""

        box: AnswerBox
        text: str

    def __init__(self, **kwargs: object) -> None:
        super().__init__(soft_wrap=True, tab_behavior="focus", **kwargs)  # type: ignore[arg-type]
        self.typed_ahead = False

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            text = self.text
            self.clear()
            self.typed_ahead = True
            self.post_message(self.Sent(self, text))
            return
        if event.key in {"shift+enter", "alt+enter"}:
            event.stop()
            event.prevent_default()
            self.action_new_line()
            return
        await super()._on_key(event)

    def action_new_line(self) -> None:
        start, end = self.selection
        self.replace("\n", start, end, maintain_selection_offset=False)

    def refill(self, draft: str) -> None:
        """Show a step's unsent words, unless the box holds words typed since the last send."""
        if not (self.typed_ahead and self.text):
            self.load_text(draft)
            self.move_cursor(self.document.end)
        self.typed_ahead = False

    def give_back(self, text: str) -> None:
        """A send was refused: the words go back in front of anything typed since."""
        self.load_text(text + self.text)
        self.move_cursor(self.document.end)

    def forget(self) -> None:
        """Empty a box its step doesn't use (nothing in it is anyone's draft)."""
        if self.text:
            self.clear()
        self.typed_ahead = False


class SecretBox(SafeInput):
    """A one-line answer box that shows dots, for answers kept hidden until a reveal.

    F2 opens its words in your own editor; they come back as one line.
    """

    BINDINGS = [BINDING]

    def __init__(self, **kwargs: object) -> None:
        super().__init__(password=True, **kwargs)  # type: ignore[arg-type]
        self.typed_ahead = False

    async def action_submit(self) -> None:
        value = self.value
        self.value = ""
        self.typed_ahead = True
        self.post_message(self.Submitted(self, value))

    def action_edit_outside(self) -> None:
        edited = edit_outside(self.app, self.value)
        if edited is not None:
            self.value = " ".join(edited.split())
            self.cursor_position = len(self.value)

    def refill(self, draft: str) -> None:
        """Show a step's unsent words, unless the box holds words typed since the last send."""
        if not (self.typed_ahead and self.value):
            self.value = draft
        self.typed_ahead = False

    def give_back(self, text: str) -> None:
        """A send was refused: the words go back in front of anything typed since."""
        self.value = text + self.value

    def forget(self) -> None:
        """Empty a box its step doesn't use (nothing in it is anyone's draft)."""
        if self.value:
            self.value = ""
        self.typed_ahead = False
