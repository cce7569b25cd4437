"""The summary: what you played, your favorites, your closing notes, and the journal."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from heartline.store import Autosave
from heartline.tui.screens.finished import ExportNote, FinishedSessionScreen
from heartline.tui.widgets.answers import AnswerLine
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import name, safe, stats_line


class SummaryScreen(FinishedSessionScreen):
    """How the evening went, and what to do next."""

    DEFAULT_CSS = """
    SummaryScreen {
        align-horizontal: center;
        #summary-column { max-width: 114; height: 1fr; }
        #summary-column Footer { padding: 0 2; }
        #summary-body { padding: 1 2; }
        #summary-title { margin-bottom: 1; }
        #summary-stats { color: $text-muted; }
        #summary-buttons { height: auto; margin-top: 1; }
        #summary-buttons Button { margin-right: 2; }
    }
    """

    AUTO_FOCUS = "#export"
    BINDINGS = [
        Binding("n", "new_game", "new session"),
        Binding("h,escape", "home", "home"),
    ]

    def __init__(self, autosave: Autosave) -> None:
        super().__init__(autosave.session, autosave.path)
        # ctrl+q here quits as from a game: it checks the save and says how to read it again.
        self.autosave = autosave

    def compose(self) -> ComposeResult:
        session = self.session
        # One column, footer included, so the keys line up with the words on wide terminals.
        with Vertical(id="summary-column"):
            with VerticalScroll(id="summary-body"):
                # Praise for an evening that happened; a gentle word for one that didn't.
                opening = "Well done, " if session.count("done") else "Until next time, "
                yield Static(
                    Content.assemble(
                        (opening, "bold"), name(session, 0), (" & ", "bold"), name(session, 1)
                    ),
                    id="summary-title",
                )
                yield Static(stats_line(session), id="summary-stats")
                if session.closing:
                    yield Static(Content.styled("Closing notes", "bold"), classes="section")
                    for answer in session.closing:
                        yield AnswerLine(session, None, answer)
                if session.favorites:
                    yield Static(Content.styled("Favorites", "bold"), classes="section")
                    for slot in session.favorites:
                        yield Static(Content.assemble("★ ", safe(slot.card.prompt)))
                yield ExportNote()
                with Horizontal(id="summary-buttons"):
                    yield Button(
                        "Export journal (e)", id="export", variant="primary", action="screen.export"
                    )
                    yield Button("New session (n)", id="new", action="screen.new_game")
                    yield Button("Home (h)", id="go-home", action="screen.home")
            # Compact, without the palette key: every key fits 60 columns (ctrl+p still works).
            yield KeysFooter(show_command_palette=False, compact=True)

    def action_new_game(self) -> None:
        from heartline.tui.screens.new_game import NewGameScreen

        self.app.switch_screen(NewGameScreen(names=self.session.partners))

    def action_home(self) -> None:
        self.heartline.go_home()
