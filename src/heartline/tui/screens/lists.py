"""Lists of saved sessions: games to resume, and the journal of finished ones."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from heartline.cards import LEVEL_NAMES
from heartline.journal import duration, plural
from heartline.session import Session, time_together
from heartline.store import SaveError, SaveSummary
from heartline.text import one_line
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.widgets.answers import AnswerLine
from heartline.tui.words import name, safe


def summary_option(summary: SaveSummary) -> Option:
    """Two lines about a save: who, then which decks, how far and when."""
    first, second = summary.partners
    decks = ", ".join(one_line(title) for title in summary.deck_titles)
    progress = (
        f"card {min(summary.cards_done + 1, summary.cards_total)} of {summary.cards_total}"
        if summary.status == "in-progress"
        else f"{summary.cards_total} cards"
    )
    return Option(
        Content.assemble(
            (one_line(first), "bold $text-accent"),
            " & ",
            (one_line(second), "bold $text-primary"),
            "\n  ",
            (
                f"{decks} · {progress} · last played {summary.updated:%a %d %b, %H:%M}",
                "$text-muted",
            ),
        ),
        id=str(summary.path),
    )


def broken_lines(broken: list[SaveError]) -> Content:
    if not broken:
        return Content("")
    lines = [
        Content.styled(
            "These saves can't be opened (heartline leaves them as they are):", "bold $text-warning"
        )
    ]
    lines += [safe(f"{error.path.name}: {error.reason}") for error in broken]
    return Content("\n").join(lines)


class SaveListScreen(HeartlineScreen[None]):
    """Saves with one status, newest first; Enter opens one."""

    STATUS = "in-progress"
    TITLE_TEXT = ""
    EMPTY = ""
    BINDINGS = [Binding("escape", "back", "back")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-screen"):
            yield Static(Content.styled(self.TITLE_TEXT, "bold"), classes="screen-title")
            yield OptionList(id="saves")
            yield Static(id="empty", markup=False)
            yield Static(id="broken", markup=False)
        yield Footer()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown: one place fills it, every time.
        self.fill()

    def fill(self) -> None:
        found, broken = self.heartline.store.summaries()
        mine = [summary for summary in found if summary.status == self.STATUS]
        saves = self.query_one("#saves", OptionList)
        saves.clear_options()
        saves.add_options([summary_option(summary) for summary in mine])
        saves.display = bool(mine)
        empty = self.query_one("#empty", Static)
        empty.update(Content(self.EMPTY))
        empty.display = not mine
        self.query_one("#broken", Static).update(broken_lines(broken))
        if mine:
            saves.highlighted = 0
            saves.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.open(Path(event.option.id))

    def open(self, path: Path) -> None:
        raise NotImplementedError

    def action_back(self) -> None:
        self.app.pop_screen()


class ResumeScreen(SaveListScreen):
    """Games in progress."""

    STATUS = "in-progress"
    TITLE_TEXT = "Resume a game"
    EMPTY = "No games in progress. Start one with New game."

    def open(self, path: Path) -> None:
        self.heartline.open_save(path)


class JournalListScreen(SaveListScreen):
    """Finished sessions, to read again."""

    STATUS = "finished"
    TITLE_TEXT = "Journal"
    EMPTY = "Finished sessions appear here, to read again whenever you like."

    def open(self, path: Path) -> None:
        session = self.heartline.load_save(path)
        if session is not None:
            self.app.push_screen(TranscriptScreen(session, path))


class TranscriptScreen(HeartlineScreen[None]):
    """A finished session, read-only, with an export action."""

    BINDINGS = [
        Binding("e", "export", "export journal"),
        Binding("escape", "back", "back"),
    ]

    def __init__(self, session: Session, path: Path) -> None:
        super().__init__()
        self.session = session
        self.path = path

    def compose(self) -> ComposeResult:
        session = self.session
        with VerticalScroll(id="transcript"):
            yield Static(
                Content.assemble(
                    name(session, 0), " & ", name(session, 1), f"  ·  {session.started:%A %d %B %Y}"
                ),
                classes="screen-title",
            )
            yield Static(
                Content(
                    f"{plural(session.count('done'), 'card')} played · "
                    f"{session.count('passed')} passed · "
                    f"{plural(len(session.favorites), 'favorite')} · "
                    f"time together: {duration(time_together(session))}"
                )
            )
            yield Static(id="export-path", markup=False)
            for number, slot in enumerate(session.slots, start=1):
                if slot.outcome == "open" and not slot.answers:
                    continue
                star = " ★" if slot.favorite else ""
                level = LEVEL_NAMES.get(slot.card.level, "")
                yield Static(
                    Content.assemble(
                        (f"{number}. ", "bold"),
                        safe(one_line(slot.card.deck_title)),
                        f" · {slot.card.kind} · {level}{star}"
                        + (" · passed" if slot.outcome == "passed" else ""),
                    ),
                    classes="section",
                )
                yield Static(safe(slot.card.prompt).stylize("bold"), classes="prompt")
                for answer in slot.answers:
                    yield AnswerLine(session, slot, answer)
            if session.closing:
                yield Static(Content.styled("Closing notes", "bold"), classes="section")
                for answer in session.closing:
                    yield AnswerLine(session, None, answer)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#export-path").display = False
        self.query_one("#transcript").focus()

    def action_export(self) -> None:
        path = self.heartline.export_journal(self.session, self.path)
        if path is not None:
            widget = self.query_one("#export-path", Static)
            widget.update(Content.assemble("Journal written to ", (str(path), "bold")))
            widget.display = True

    def action_back(self) -> None:
        self.app.pop_screen()
