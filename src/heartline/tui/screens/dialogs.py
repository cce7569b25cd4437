"""Small dialogs that return a value: a yes/no question, a note, a line of text, the keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, RadioSet, Static, TextArea

from heartline.session import Session
from heartline.text import one_line
from heartline.tui.widgets.answer_box import AnswerBox
from heartline.tui.widgets.choices import SignedRadioButton
from heartline.tui.widgets.fields import SafeInput

if TYPE_CHECKING:
    from heartline.save_format import SaveSummary

Result = TypeVar("Result")


class Dialog(ModalScreen[Result]):
    """A small framed box in the middle of the screen, dismissed with its answer."""

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    .dialog {
        width: 64;
        max-width: 95%;
        height: auto;
        max-height: 95%;
        border: round $accent;
        background: $surface;
        padding: 1 2;
    }
    .dialog-title { margin-bottom: 1; }
    .dialog-detail { margin-bottom: 1; }
    .dialog-buttons { height: auto; margin-top: 1; }
    .dialog-buttons Button { margin-right: 2; }
    .dialog RadioSet { width: 100%; border: none; background: transparent; }
    """


class Confirm(Dialog[bool]):
    """Ask one question; dismiss with True for yes."""

    AUTO_FOCUS = "#yes"
    BINDINGS = [
        Binding("y", "answer(True)", "yes"),
        Binding("n,escape", "answer(False)", "no"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.question, "bold"), classes="dialog-title")
            if self.detail:
                yield Static(Content(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content(f"{self.yes} (y)"),
                    id="yes",
                    variant="primary",
                    action="screen.answer(True)",
                )
                yield Button(Content(f"{self.no} (n)"), id="no", action="screen.answer(False)")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class NoteDialog(Dialog[tuple[int | None, str] | None]):
    """Write a note on the current card; returns (who wrote it, the note) or None."""

    AUTO_FOCUS = "#note-text"
    BINDINGS = [
        Binding("escape", "cancel", "cancel"),
        Binding("ctrl+s", "keep", "keep note", priority=True),
    ]
    # Short terminals (under 20 rows): no blank rows, a smaller box, and the keys said in a
    # line instead of buttons, so the whole dialog shows.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "")]
    DEFAULT_CSS = """
    NoteDialog .dialog-keys { display: none; color: $text-muted; }
    NoteDialog.-short {
        .dialog { padding: 0 1; overflow-y: auto; }
        .dialog-title { margin-bottom: 0; }
        Label, .dialog-buttons { display: none; }
        #note-text { height: 3; }
        .dialog-keys { display: block; }
    }
    """

    def __init__(
        self,
        session: Session,
        author: int | None,
        keep_draft: Callable[[str], None] | None = None,
        draft_key: str | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.author = author
        self.draft_key = draft_key or session.note_draft_key
        # Unsent words are kept as they change, and come back when the dialog opens again
        # on this card (Esc closes it without losing them).
        self.keep_draft = keep_draft

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.keep_draft is not None:
            self.keep_draft(event.text_area.text)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("A note on this card", "bold"), classes="dialog-title")
            yield Label("Who is writing?")
            with RadioSet(id="author"):
                for index, partner in enumerate(self.session.partners):
                    yield SignedRadioButton(Content(one_line(partner)), value=self.author == index)
                yield SignedRadioButton("Both of us", value=self.author is None)
            yield AnswerBox(
                id="note-text",
                text=self.session.drafts.get(self.draft_key, ""),
                placeholder="Write the note, then Enter",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep note", id="keep", variant="primary", action="screen.keep")
                yield Button("Not now (esc)", id="cancel", action="screen.cancel")
            yield Static(Content("Enter keeps the note · Esc: not now"), classes="dialog-keys")

    def on_answer_box_sent(self, event: AnswerBox.Sent) -> None:
        event.stop()
        event.box.give_back(event.text)  # the note is kept whole, or stays to be finished
        self.action_keep()

    def action_keep(self) -> None:
        text = self.query_one("#note-text", AnswerBox).text
        if not text.strip():
            self.notify("The note is empty. Write something, or press Esc to cancel.", markup=False)
            return
        pressed = self.query_one("#author", RadioSet).pressed_index
        author = None if pressed in (-1, 2) else pressed
        self.dismiss((author, text))

    def action_cancel(self) -> None:
        self.dismiss(None)


class KeysDialog(Dialog[None]):
    """Every key of the screen underneath, for terminals too narrow for the footer."""

    BINDINGS = [Binding("escape,f1,enter,q", "close", "close")]
    AUTO_FOCUS = "#keys-list"
    # The list scrolls when the terminal is too short for it; how to close it stays on top.
    DEFAULT_CSS = """
    KeysDialog {
        .dialog { padding: 0 2; }
        #keys-title { margin: 1 0; }
        #keys-list { height: auto; padding-bottom: 1; }
    }
    KeysDialog.-short {
        #keys-title { margin: 0; }
        #keys-list { padding-bottom: 0; }
    }
    """
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max((len(key) for key, _ in self.keys), default=0)
        lines = [
            Content.assemble((key.ljust(width), "bold $text-accent"), "  ", description)
            for key, description in self.keys
        ]
        with Vertical(classes="dialog"):
            yield Static(
                Content.assemble(
                    ("Keys on this screen", "bold"), ("  ·  Esc closes this", "$text-muted")
                ),
                id="keys-title",
            )
            with VerticalScroll(id="keys-list", can_focus=True):
                yield Static(Content("\n").join(lines))

    def on_resize(self) -> None:
        # What the frame, the title and its margins leave of the screen's height: the list
        # scrolls within it, so the last keys are never cut off.
        spare = 5 if self.size.height < 16 else 8
        self.query_one("#keys-list").styles.max_height = max(3, self.size.height - spare)

    def action_close(self) -> None:
        self.dismiss(None)


class AskText(Dialog[str | None]):
    """Ask for one line of text; dismiss with it, or None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def __init__(self, question: str, detail: str = "", value: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.question, "bold"), classes="dialog-title")
            if self.detail:
                yield Static(Content(self.detail), classes="dialog-detail")
            yield SafeInput(self.value, id="ask-text", max_length=80)
            yield Static(Content.styled("Enter to go on, Esc to cancel.", "$text-muted"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        text = self.query_one("#ask-text", Input).value.strip()
        if text:
            self.dismiss(text)
        else:
            self.notify("Type something first, or press Esc to cancel.", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDelete(Confirm):
    """Confirm a delete, naming what goes: Cancel has the focus, so an Enter pressed by habit
    keeps it."""

    AUTO_FOCUS = "#no"
    # Short terminals (under 16 rows): no blank rows, and the box scrolls to what has focus.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "")]
    DEFAULT_CSS = """
    ConfirmDelete.-short {
        .dialog { padding: 0 1; overflow-y: auto; }
        .dialog-title, .dialog-detail { margin-bottom: 0; }
        .dialog-buttons { margin-top: 0; }
        .dialog-note { display: none; }
    }
    """

    def __init__(
        self, question: str, what: Content, detail: str, yes: str = "Delete", no: str = "Cancel"
    ) -> None:
        super().__init__(question, detail, yes=yes, no=no)
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.question, "bold"), classes="dialog-title")
            yield Static(self.what, classes="dialog-detail")
            if self.detail:
                yield Static(Content(self.detail), classes="dialog-detail dialog-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content(f"{self.yes} (y)"),
                    id="yes",
                    variant="error",
                    action="screen.answer(True)",
                )
                yield Button(
                    Content(f"{self.no} (n)"),
                    id="no",
                    variant="primary",
                    action="screen.answer(False)",
                )


class TitleDialog(Dialog[str | None]):
    """Name an evening: its title, prefilled, to change; an empty one removes it.

    Dismissed with the text as typed (the workspace cleans it), or None on Esc.
    """

    AUTO_FOCUS = "#title-text"
    BINDINGS = [Binding("escape", "cancel", "cancel")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "")]
    DEFAULT_CSS = """
    TitleDialog.-short {
        .dialog { padding: 0 1; overflow-y: auto; }
        .dialog-title, .dialog-detail { margin-bottom: 0; }
        .dialog-help { display: none; }
    }
    """

    def __init__(self, evening: Content, title: str = "") -> None:
        super().__init__()
        self.evening = evening
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Name this evening", "bold"), classes="dialog-title")
            yield Static(self.evening, classes="dialog-detail")
            yield SafeInput(
                self.title_text,
                id="title-text",
                max_length=80,
                placeholder="A title, e.g. Our first snow",
            )
            yield Static(
                Content.styled(
                    "Enter keeps it (empty removes the title), Esc cancels.", "$text-muted"
                ),
                classes="dialog-help",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickSave(Dialog[int | None]):
    """Choose one of several saves, each named by a line; dismissed with its index."""

    AUTO_FOCUS = "#pick-save"
    BINDINGS = [Binding("escape", "cancel", "cancel")]
    DEFAULT_CSS = """
    PickSave #pick-save { height: auto; max-height: 12; border: none; padding: 0; }
    """

    def __init__(self, question: str, lines: list[Content]) -> None:
        super().__init__()
        self.question = question
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.question, "bold"), classes="dialog-title")
            yield OptionList(*self.lines, id="pick-save")
            yield Static(Content.styled("Enter chooses, Esc cancels.", "$text-muted"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ResumeOrNew(Dialog[str | None]):
    """Play again while this couple has a game in progress: resume it (the focused
    choice, what an Enter by habit does), or start the new one; Esc does neither.

    Dismissed with "resume", "new", or None."""

    AUTO_FOCUS = "#resume"
    BINDINGS = [
        Binding("r", "choose('resume')", "resume it"),
        Binding("n", "choose('new')", "new game"),
        Binding("escape", "choose('')", "not now"),
    ]

    def __init__(self, waiting: SaveSummary) -> None:
        super().__init__()
        self.waiting = waiting

    def compose(self) -> ComposeResult:
        waiting = self.waiting
        names = " & ".join(one_line(name) for name in waiting.partners)
        which = one_line(waiting.title) or f"Started {waiting.started.strftime('%d %b')}"
        card = min(waiting.cards_done + 1, waiting.cards_total)
        with Vertical(classes="dialog"):
            yield Static(
                Content.styled(f"{names} have a game in progress", "bold"),
                classes="dialog-title",
            )
            yield Static(
                Content(
                    f"{which}: card {card} of {waiting.cards_total}. Resume it, or start a new "
                    "game? The one in progress stays saved either way."
                ),
                classes="dialog-detail",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    Content("Resume it (r)"),
                    id="resume",
                    variant="primary",
                    action="screen.choose('resume')",
                )
                yield Button(Content("New game (n)"), id="new", action="screen.choose('new')")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)
