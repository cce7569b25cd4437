"""Lists of saved sessions: games to resume, and the journal of finished ones.

Both name an evening (n), delete one to the trash (d) and open the trash (t).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from heartline.cards import LEVEL_NAMES
from heartline.errors import HeartlineError, SaveError, SessionOpenElsewhere
from heartline.save_format import SaveSummary
from heartline.text import one_line, sentence
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.screens.dialogs import ConfirmDelete, PickSave, TitleDialog
from heartline.tui.screens.finished import ExportNote, FinishedSessionScreen
from heartline.tui.widgets.answers import AnswerLine
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import PARTNER_STYLES, name, safe, stats_line

HEADINGS = ("Partners", "Evening", "Progress", "Last played")
WHEN = 16  # "Fri 27 Nov 05:59"
# Under 70 columns a day is shown without its weekday and time: "27 Nov", headed "Played".
NARROW = 70
SHORT_WHEN = 7
SHORT_HEADING = "Played"
# Around the cells: the list's padding and border (6), each cell's padding (8), a scrollbar (2).
AROUND = 16


def when_width(width: int) -> int:
    return WHEN if width >= NARROW else SHORT_WHEN


def day(moment: datetime, width: int) -> str:
    """A day and time in a column `width` wide: `Fri 27 Nov 05:59`, or `27 Nov` when narrow."""
    return f"{moment:%a %d %b %H:%M}" if width >= WHEN else f"{moment:%d %b}"


def column_widths(width: int, progress: int) -> tuple[int, int, int, int]:
    """Column widths for a screen `width` cells wide: progress and time whole, names and
    the evening (its title and decks) sharing the rest (names need no more than 40), so
    wide terminals show more; narrow ones keep every column in view."""
    when = when_width(width)
    spare = width - AROUND - progress - when
    if width < NARROW:
        partners = max(8, spare * 2 // 5)
        return partners, max(6, spare - partners), progress, when
    partners = min(40, max(16, spare * 2 // 5))
    return partners, max(12, spare - partners), progress, when


def fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def progress_text(summary: SaveSummary) -> str:
    return (
        f"card {min(summary.cards_done + 1, summary.cards_total)} of {summary.cards_total}"
        if summary.status == "in-progress"
        else f"{summary.cards_played} of {summary.cards_total} played"
    )


def partners_cell(partners: tuple[str, str], width: int) -> Content:
    """Both names, each in the partner's colour, cut to `width`."""
    first, second = partners
    names = fit(f"{one_line(first)} & {one_line(second)}", width)
    cut = names.find(" & ")
    if cut > 0:
        return Content.assemble(
            (names[:cut], PARTNER_STYLES[0]), " & ", (names[cut + 3 :], PARTNER_STYLES[1])
        )
    return Content.styled(names, PARTNER_STYLES[0])


def evening_cell(summary: SaveSummary, width: int) -> Content:
    """What the evening was: its title (bold) and then its decks, cut to `width`."""
    decks = ", ".join(one_line(title) for title in summary.deck_titles)
    title = one_line(summary.title)
    if not title:
        return Content(fit(decks, width))
    text = fit(f"{title} · {decks}", width)
    return Content.assemble((text[: len(title)], "bold"), (text[len(title) :], "$text-muted"))


def summary_row(summary: SaveSummary, widths: tuple[int, ...]) -> tuple[Content, ...]:
    """One row about a save: who, which evening (title, decks), how far, and when."""
    return (
        partners_cell(summary.partners, widths[0]),
        evening_cell(summary, widths[1]),
        Content(progress_text(summary)),
        Content(day(summary.updated, widths[3])),
    )


def evening_words(summary: SaveSummary) -> Content:
    """An evening named in a dialog: who, when, how far, and its title."""
    first, second = summary.partners
    lines = [
        Content.assemble(
            (one_line(first), PARTNER_STYLES[0]),
            " & ",
            (one_line(second), PARTNER_STYLES[1]),
            f" · {summary.updated:%a %d %b %Y %H:%M} · {progress_text(summary)}",
        )
    ]
    if summary.title:
        lines.append(Content.styled(f"“{one_line(summary.title)}”", "bold"))
    decks = ", ".join(one_line(title) for title in summary.deck_titles)
    if decks:
        lines.append(Content.styled(decks, "$text-muted"))
    return Content("\n").join(lines)


def broken_lines(broken: list[SaveError]) -> Content:
    if not broken:
        return Content("")
    lines = [
        Content.styled(
            "These saves can't be opened (heartline leaves them as they are):", "bold $text-warning"
        )
    ]
    lines += [safe(f"{error.path.name}: {sentence(error.reason)}") for error in broken]
    lines.append(
        Content.styled(
            "To clear one away: Tab to this list, then d (it goes to the trash, as it is).",
            "$text-muted",
        )
    )
    return Content("\n").join(lines)


class SaveListScreen(HeartlineScreen[None]):
    """Saves with one status, newest first; Enter opens one, n names it, d deletes it."""

    DEFAULT_CSS = """
    SaveListScreen {
        .list-screen { padding: 1 2; }
        #saves { height: 1fr; border: round $primary; }
        #broken-box { height: auto; max-height: 40%; margin-top: 1; }
        #broken { height: auto; }
    }
    """

    STATUS = "in-progress"
    TITLE_TEXT = ""
    EMPTY = ""
    BINDINGS = [
        Binding("escape", "app.back", "back"),
        Binding("n", "name", "name it"),
        Binding("d,delete", "delete", "delete"),
        Binding("t", "trash", "trash"),
        Binding("f", "favorites", "favorites"),
        Binding("h", "story", "our story"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-screen"):
            yield Static(Content.styled(self.TITLE_TEXT, "bold"), classes="screen-title")
            # A table draws only the rows on screen, so a long list is cheap to show.
            yield DataTable(id="saves", cursor_type="row", zebra_stripes=True)
            yield Static(id="empty", markup=False)
            # Every save that can't be opened, however many: the box scrolls (Tab to it).
            with VerticalScroll(id="broken-box", can_focus=True):
                yield Static(id="broken", markup=False)
        yield KeysFooter(compact=True)

    _first_show = True
    _filling = 0
    widths: tuple[int, ...] = ()
    listed: list[SaveSummary] = []  # what the table shows, set by show()
    broken: list[SaveError] = []  # the saves that can't be read, set by fill()
    FIRST_ROWS = 30
    MORE_ROWS = 150

    def on_mount(self) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, maybe before it is mounted: on_mount
        # fills it then; later returns to this screen fill it again, the cursor kept where
        # it was (after a dialog, a rename or a delete: on the same row).
        if self._first_show:
            self._first_show = False
            return
        self.fill(self.query_one("#saves", DataTable).cursor_row)

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

    def fill(self, row: int = 0) -> None:
        """List the saves afresh, the cursor on `row` (or the last row when fewer)."""
        found, broken = self.workspace.summaries()
        mine = [summary for summary in found if summary.status == self.STATUS]
        self.show(mine)
        saves = self.query_one("#saves", DataTable)
        saves.display = bool(mine)
        empty = self.query_one("#empty", Static)
        empty.update(Content(self.EMPTY))
        empty.display = not mine
        self.broken = broken
        self.query_one("#broken", Static).update(broken_lines(broken))
        if mine:
            saves.move_cursor(row=min(row, len(mine) - 1))
            saves.focus()
        self.refresh_bindings()

    def show(self, mine: list[SaveSummary]) -> None:
        self.listed = mine
        saves = self.query_one("#saves", DataTable)
        saves.clear(columns=True)
        self.widths = self.column_widths(mine)
        for label, width in zip(HEADINGS, self.widths, strict=True):
            narrow_day = label == HEADINGS[3] and width < len(label)
            saves.add_column(SHORT_HEADING if narrow_day else label, width=width)
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

    # --- naming and deleting -----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "name" and not self.listed:
            return None  # shown, dimmed: there is no evening to name
        if action == "delete" and not (self.listed or self.broken):
            return None
        return True

    def current(self) -> SaveSummary | None:
        """The evening under the cursor."""
        saves = self.query_one("#saves", DataTable)
        if not self.listed or not saves.display:
            return None
        row = saves.cursor_row
        return self.listed[row] if 0 <= row < len(self.listed) else None

    def row_of(self, path: Path) -> int:
        paths = [summary.path for summary in self.listed]
        return paths.index(path) if path in paths else 0

    def action_name(self) -> None:
        summary = self.current()
        if summary is None:
            return

        def named(title: str | None) -> None:
            if title is None:
                return
            try:
                kept = self.workspace.rename(summary.path, title, self.heartline.active)
            except HeartlineError as failed:
                self.refused(failed, summary.path)
                return
            self.notify(
                f"This evening is called “{one_line(kept)}” now."
                if kept
                else "This evening has no title now.",
                markup=False,
            )
            self.fill(self.row_of(summary.path))

        self.app.push_screen(TitleDialog(evening_words(summary), summary.title), named)

    def action_delete(self) -> None:
        """Delete the evening under the cursor; in the box of unreadable saves (or with no
        evening listed), one of those."""
        box = self.query_one("#broken-box")
        if self.broken and (not self.listed or box.has_focus_within):
            self.pick_broken()
            return
        summary = self.current()
        if summary is None:
            return
        row = self.query_one("#saves", DataTable).cursor_row
        active = self.heartline.active
        if active is not None and active.path == summary.path:
            # Its summary is underneath, and would write it again: let it go first.
            self.notify(
                "This evening is still open here. Go back Home first, then delete it.",
                title="Open here",
                severity="warning",
                markup=False,
            )
            return

        def decided(sure: bool | None) -> None:
            if not sure:
                return
            try:
                self.workspace.trash(summary.path)
            except HeartlineError as failed:
                self.refused(failed, summary.path)
                return
            self.notify(
                "Moved to the trash; restore it within 30 days from Journal → Trash (t).",
                title="Deleted",
                markup=False,
            )
            self.fill(row)

        self.app.push_screen(
            ConfirmDelete(
                "Delete this evening?",
                evening_words(summary),
                "It goes to the trash, where you can restore it for 30 days (Journal → Trash).",
            ),
            decided,
        )

    def pick_broken(self) -> None:
        """Choose one of the unreadable saves (when there are several), then delete it."""
        broken = list(self.broken)
        if len(broken) == 1:
            self.delete_broken(broken[0])
            return

        def picked(index: int | None) -> None:
            if index is not None:
                self.delete_broken(broken[index])

        lines = [safe(f"{one_line(error.path.name)}: {sentence(error.reason)}") for error in broken]
        self.app.push_screen(PickSave("Which save that can't be opened?", lines), picked)

    def delete_broken(self, error: SaveError) -> None:
        """Move an unreadable save to the trash, as it is, once the partners say so."""
        path = error.path

        def decided(sure: bool | None) -> None:
            if not sure:
                return
            try:
                self.workspace.trash(path)
            except HeartlineError as failed:
                self.refused(failed, path)
                return
            self.notify(
                f"{one_line(path.name)} is in the trash, as it was; restore it within 30 days "
                "from Journal → Trash (t).",
                title="Deleted",
                markup=False,
            )
            self.fill(self.query_one("#saves", DataTable).cursor_row)

        self.app.push_screen(
            ConfirmDelete(
                "Delete this save that can't be opened?",
                Content.assemble((one_line(path.name), "bold"), "\n", safe(sentence(error.reason))),
                "It goes to the trash untouched, where you can restore it for 30 days.",
            ),
            decided,
        )

    def refused(self, failed: HeartlineError, path: Path) -> None:
        """Say why an evening couldn't be named or deleted (nothing was changed)."""
        if isinstance(failed, SessionOpenElsewhere):
            self.notify(
                failed.reason, title="Open somewhere else", severity="warning", markup=False
            )
        elif isinstance(failed, SaveError):
            self.notify(
                sentence(failed.reason),
                title=f"Can't change {one_line(failed.path.name)}",
                severity="error",
                markup=False,
            )
        else:
            self.notify(sentence(failed.for_person()), severity="error", markup=False)

    def action_trash(self) -> None:
        from heartline.tui.screens.trash import TrashScreen

        self.app.push_screen(TrashScreen())

    def action_favorites(self) -> None:
        from heartline.tui.screens.favorites import FavoritesScreen

        self.app.push_screen(FavoritesScreen())

    def action_story(self) -> None:
        from heartline.tui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen())


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

    DEFAULT_CSS = """
    TranscriptScreen {
        #transcript { padding: 1 2; align-horizontal: center; }
        #transcript > * { max-width: 110; }
    }
    """

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
        yield KeysFooter(compact=True)
