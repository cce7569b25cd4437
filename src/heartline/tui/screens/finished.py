"""What the summary and a journal entry share: a finished session, and its export as Markdown."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from heartline.session import Session
from heartline.text import one_line
from heartline.tui.screens.base import HeartlineScreen


class ExportNote(Static):
    """Where the journal was written; hidden until it is."""

    DEFAULT_CSS = """
    ExportNote { display: none; margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__(markup=False)

    def show(self, path: Path) -> None:
        self.update(Content.assemble("Journal written to ", (one_line(str(path)), "bold")))
        self.display = True


class FinishedSessionScreen(HeartlineScreen[None]):
    """A finished session on screen; `e` writes it to the journal (compose an `ExportNote`)."""

    BINDINGS = [Binding("e", "export", "export journal")]

    def __init__(self, session: Session, save_path: Path | None) -> None:
        super().__init__()
        self.session = session
        self.save_path = save_path

    def action_export(self) -> None:
        path = self.heartline.export_journal(self.session, self.save_path)
        if path is not None:
            self.query_one(ExportNote).show(path)
