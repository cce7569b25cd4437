"""The answer box: Enter sends, ctrl+j starts a new line, an empty answer was said aloud."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.binding import Binding
from textual.message import Message

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

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Sent(self, self.text))
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


class SecretBox(SafeInput):
    """A one-line answer box that shows dots, for answers kept hidden until a reveal."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(password=True, **kwargs)  # type: ignore[arg-type]
