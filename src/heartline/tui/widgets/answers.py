"""What has been said on the current card so far."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from heartline.cards import Role
from heartline.journal import unwritten
from heartline.session import Answer, Session, Slot
from heartline.tui.words import PARTNER_CLASSES, role_label, safe


def answer_text(answer: Answer, slot: Slot | None = None) -> Content:
    """What was written; an empty answer in words that fit it (`said aloud`, `done together`)."""
    if answer.role is Role.RATING:
        return Content.styled(answer.text, "bold")
    if answer.aloud:
        return Content.styled(f"({unwritten(answer, slot)})", "italic $text-muted")
    return safe(answer.text)


class AnswerLine(Static):
    """One answer: who, in what role, and what they wrote."""

    DEFAULT_CSS = """
    AnswerLine { height: auto; padding: 0 1; border-left: outer $success; }
    AnswerLine.partner-a { border-left: outer $partner-a; }
    AnswerLine.partner-b { border-left: outer $partner-b; }
    """

    def __init__(self, session: Session, slot: Slot | None, answer: Answer) -> None:
        label = role_label(session, slot, answer.role, answer.by)
        super().__init__(Content.assemble(label, ": ", answer_text(answer, slot)))
        self.add_class(PARTNER_CLASSES[answer.by] if answer.by is not None else "both")


class AnswerList(Vertical):
    """Every visible answer on a card, oldest first."""

    DEFAULT_CSS = """
    AnswerList { height: auto; margin-top: 1; }
    """

    def show(self, session: Session, slot: Slot | None, answers: list[Answer]) -> None:
        self.remove_children()
        self.mount_all(AnswerLine(session, slot, answer) for answer in answers)
        self.display = bool(answers)


class Reveal(Horizontal):
    """Two answers side by side, each under its own title."""

    DEFAULT_CSS = """
    Reveal { height: auto; margin-top: 1; }
    .reveal-panel {
        width: 1fr;
        height: auto;
        min-height: 3;
        border: round $secondary;
        padding: 0 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="reveal-left", classes="reveal-panel", markup=False)
        yield Static(id="reveal-right", classes="reveal-panel", markup=False)

    def show(self, left: tuple[Content, Content], right: tuple[Content, Content]) -> None:
        for widget_id, (title, body) in (("#reveal-left", left), ("#reveal-right", right)):
            panel = self.query_one(widget_id, Static)
            panel.border_title = title
            panel.update(body)
            panel.display = True

    def show_one(self, title: Content, body: Content) -> None:
        """One answer alone (the other was never written)."""
        panel = self.query_one("#reveal-left", Static)
        panel.border_title = title
        panel.update(body)
        self.query_one("#reveal-right", Static).display = False
