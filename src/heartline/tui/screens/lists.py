"""Lists of saved sessions: games to resume, and the journal of finished ones."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from heartline.cards import LEVEL_NAMES
from heartline.errors import SaveError
from heartline.save_format import SaveSummary
from heartline.text import one_line, sentence
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.screens.finished import ExportNote, FinishedSessionScreen
from heartline.tui.widgets.answers import AnswerLine
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import PARTNER_STYLES, name, safe, stats_line

HEADINGS = ("Partners", "Decks", "Progress", "Last played")
WHEN = 16  # "Fri 27 Nov 05:59"
# Around the cells: the list's padding and border (6), each cell's padding (8), a scrollbar (2).
AROUND = 16


def column_widths(width: int, progress: int) -> tuple[int, int, int, int]:
    """Column widths for a screen `width` cells wide: progress and time whole, names and
    decks sharing the rest (names need no more than 40), so wide terminals show more."""
    spare = width - AROUND - progress - WHEN
    partners = min(40, max(16, spare * 2 // 5))
    return partners, max(12, spare - partners), progress, WHEN


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def progress_text(summary: SaveSummary) -> str:
    return (
        f"card {min(summary.cards_done + 1, summary.cards_total)} of {summary.cards_total}"
        if summary.status == "in-progress"
        else f"{summary.cards_played} of {summary.cards_total} played"
    )


def summary_row(summary: SaveSummary, widths: tuple[int, ...]) -> tuple[Content, ...]:
    """One row about a save: who, which decks, how far, and when."""
    first, second = summary.partners
    decks = ", ".join(one_line(title) for title in summary.deck_titles)
    names = fit(f"{one_line(first)} & {one_line(second)}", widths[0])
    cut = names.find(" & ")
    partners = (
        Content.assemble(
            (names[:cut], PARTNER_STYLES[0]), " & ", (names[cut + 3 :], PARTNER_STYLES[1])
        )
        if cut > 0
        else Content.styled(names, PARTNER_STYLES[0])
    )
    return (
        partners,
        Content(fit(decks, widths[1])),
        Content(progress_text(summary)),
        Content(f"{summary.updated:%a %d %b %H:%M}"),
    )


def broken_lines(broken: list[SaveError]) -> Content:
    if not broken:
        return Content("")
    lines = [
        Content.styled(
            "These saves can't be opened (heartline leaves them as they are):", "bold $text-warning"
        )
    ]
    lines += [safe(f"{error.path.name}: {sentence(error.reason)}") for error in broken]
    return Content("\n").join(lines)


class SaveListScreen(HeartlineScreen[None]):
    """Saves with one status, newest first; Enter opens one."""

    STATUS = "in-progress"
    TITLE_TEXT = ""
    EMPTY = ""
    BINDINGS = [Binding("escape", "app.back", "back")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-screen"):
            yield Static(Content.styled(self.TITLE_TEXT, "bold"), classes="screen-title")
            # A table draws only the rows on screen, so a long list is cheap to show.
            yield DataTable(id="saves", cursor_type="row", zebra_stripes=True)
            yield Static(id="empty", markup=False)
            # Every save that can't be opened, however many: the box scrolls (Tab to it).
            with VerticalScroll(id="broken-box", can_focus=True):
                yield Static(id="broken", markup=False)
        yield KeysFooter()

    _first_show = True
    _filling = 0
    widths: tuple[int, ...] = ()
    listed: list[SaveSummary] = []  # what the table shows, set by show()
    FIRST_ROWS = 30
    MORE_ROWS = 150

    def on_mount(self) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, maybe before it is mounted: on_mount
        # fills it then; later returns to this screen fill it again.
        if self._first_show:
            self._first_show = False
            return
        self.fill()

    def on_resize(self) -> None:
        # Wider or narrower: the same saves again, cut to the new widths, cursor kept.
        if self.widths and self.widths != self.column_widths(self.listed):
            row = self.query_one("#saves", DataTable).cursor_row
            self.show(self.listed)
            self.query_one("#saves", DataTable).move_cursor(row=row)

    def column_widths(self, mine: list[SaveSummary]) -> tuple[int, ...]:
        # One pass over strings, no measuring of rendered rows: cheap for a thousand saves.
        progress = max((len(progress_text(summary)) for summary in mine), default=0)
        return column_widths(self.app.size.width, max(progress, len(HEADINGS[2])))

    def fill(self) -> None:
        found, broken = self.workspace.summaries()
        mine = [summary for summary in found if summary.status == self.STATUS]
        self.show(mine)
        saves = self.query_one("#saves", DataTable)
        saves.display = bool(mine)
        empty = self.query_one("#empty", Static)
        empty.update(Content(self.EMPTY))
        empty.display = not mine
        self.query_one("#broken", Static).update(broken_lines(broken))
        if mine:
            saves.move_cursor(row=0)
            saves.focus()

    def show(self, mine: list[SaveSummary]) -> None:
        self.listed = mine
        saves = self.query_one("#saves", DataTable)
        saves.clear(columns=True)
        self.widths = self.column_widths(mine)
        for label, width in zip(HEADINGS, self.widths, strict=True):
            saves.add_column(label, width=width)
        # The newest rows first, the rest a batch at a time: the list is on screen at once
        # however many saves there are, and stays responsive while it fills.
        self._filling += 1
        first = max(self.FIRST_ROWS, self.app.size.height)  # at least a screenful
        self.add_rows(mine[:first])
        if len(mine) > first:
            self.call_after_refresh(self.add_more, mine, first, self._filling)

    def add_rows(self, summaries: list[SaveSummary]) -> None:
        saves = self.query_one("#saves", DataTable)
        for summary in summaries:
            saves.add_row(*summary_row(summary, self.widths), key=str(summary.path))

    def add_more(self, summaries: list[SaveSummary], start: int, filling: int) -> None:
        if filling != self._filling:
            return  # the list was filled afresh since
        end = start + self.MORE_ROWS
        self.add_rows(summaries[start:end])
        if end < len(summaries):
            self.call_after_refresh(self.add_more, summaries, end, filling)

    @property
    def paths(self) -> list[str]:
        """The saves listed, top to bottom."""
        saves = self.query_one("#saves", DataTable)
        return [str(row.key.value) for row in saves.ordered_rows]

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open(Path(event.row_key.value))

    def open(self, path: Path) -> None:
        raise NotImplementedError


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


class TranscriptScreen(FinishedSessionScreen):
    """A finished session, read-only, with an export action."""

    AUTO_FOCUS = "#transcript"
    BINDINGS = [Binding("escape", "app.back", "back")]

    def compose(self) -> ComposeResult:
        session = self.session
        with VerticalScroll(id="transcript"):
            yield Static(
                Content.assemble(
                    name(session, 0), " & ", name(session, 1), f"  ·  {session.started:%A %d %B %Y}"
                ),
                classes="screen-title",
            )
            yield Static(stats_line(session))
            yield ExportNote()
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
        yield KeysFooter()
