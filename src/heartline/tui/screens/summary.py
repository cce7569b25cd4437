"""The summary: what you played, your favorites, your closing notes, and the journal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Static

from heartline.journal import duration, plural
from heartline.session import Session, time_together
from heartline.store import Autosave
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.widgets.answers import AnswerLine
from heartline.tui.words import name, safe


def stats(session: Session) -> Content:
    return Content(
        f"{plural(session.count('done'), 'card')} played · "
        f"{session.count('passed')} passed · {session.swaps} swapped · "
        f"{plural(len(session.favorites), 'favorite')} · "
        f"time together: {duration(time_together(session))}"
    )


class SummaryScreen(HeartlineScreen[None]):
    """How the evening went, and what to do next."""

    BINDINGS = [
        Binding("e", "export", "export journal"),
        Binding("n", "new_game", "new session"),
        Binding("h,escape", "home", "home"),
        Binding("ctrl+q", "quit", "quit", priority=True),
    ]

    def __init__(self, autosave: Autosave) -> None:
        super().__init__()
        self.autosave = autosave
        self.session = autosave.session

    def compose(self) -> ComposeResult:
        session = self.session
        with VerticalScroll(id="summary-body"):
            yield Static(
                Content.assemble(
                    ("Well done, ", "bold"), name(session, 0), (" & ", "bold"), name(session, 1)
                ),
                id="summary-title",
            )
            yield Static(stats(session), id="summary-stats")
            if session.closing:
                yield Static(Content.styled("Closing notes", "bold"), classes="section")
                for answer in session.closing:
                    yield AnswerLine(session, None, answer)
            if session.favorites:
                yield Static(Content.styled("Favorites", "bold"), classes="section")
                for slot in session.favorites:
                    yield Static(Content.assemble("★ ", safe(slot.card.prompt)))
            yield Static(id="export-path", markup=False)
            with Horizontal(id="summary-buttons"):
                yield Button("Export journal (e)", id="export", variant="primary")
                yield Button("New session (n)", id="new")
                yield Button("Home (h)", id="go-home")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export", Button).focus()
        self.query_one("#export-path").display = False

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {
            "export": self.action_export,
            "new": self.action_new_game,
            "go-home": self.action_home,
        }
        if event.button.id in actions:
            actions[event.button.id]()

    def action_export(self) -> None:
        path = self.heartline.export_journal(self.session, self.autosave.path)
        if path is not None:
            widget = self.query_one("#export-path", Static)
            widget.update(Content.assemble("Journal written to ", (str(path), "bold")))
            widget.display = True

    def action_new_game(self) -> None:
        from heartline.tui.screens.new_game import NewGameScreen

        self.app.switch_screen(NewGameScreen(names=self.session.partners))

    def action_home(self) -> None:
        self.heartline.go_home()
