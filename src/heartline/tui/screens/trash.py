"""Trash: the evenings deleted in the last 30 days, each one Enter away from coming back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static

from heartline.errors import HeartlineError, SaveError
from heartline.text import one_line, sentence
from heartline.trash import KEEP_DAYS, TrashedSave
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.screens.lists import (
    AROUND,
    NARROW,
    day,
    evening_cell,
    fit,
    partners_cell,
    when_width,
)
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import safe

if TYPE_CHECKING:
    from textual.app import App

HEADINGS = ("Partners", "Evening", "Deleted", "Left")
INTRO = f"Deleted evenings wait here for {KEEP_DAYS} days. Enter puts one back."
EMPTY = (
    f"The trash is empty. An evening deleted from Resume or Journal waits here for {KEEP_DAYS} "
    "days, to be put back."
)


def days_left(item: TrashedSave) -> str:
    if item.days_left is None:
        return "kept"  # no record of when: never let go on its own
    return f"{item.days_left} day{'' if item.days_left == 1 else 's'}"


def column_widths(width: int, left: int) -> tuple[int, int, int, int]:
    """Like the saves lists: when and how long whole, names and the evening sharing the rest
    (a narrow terminal shows the day deleted without its weekday and time)."""
    when = when_width(width)
    spare = width - AROUND - left - when
    if width < NARROW:
        partners = max(8, spare * 2 // 5)
        return partners, max(6, spare - partners), when, left
    partners = min(40, max(14, spare * 2 // 5))
    return partners, max(10, spare - partners), when, left


def trash_row(item: TrashedSave, widths: tuple[int, ...]) -> tuple[Content, ...]:
    """One row about a trashed evening: who, what, when it was deleted, days left."""
    summary = item.summary
    if summary is None:
        who = Content.styled(fit("can't be read", widths[0]), "$text-warning")
        what = safe(fit(one_line(item.original), widths[1]))
    else:
        who = partners_cell(summary.partners, widths[0])
        what = evening_cell(summary, widths[1])
    when = day(item.trashed, widths[2]) if item.trashed else "—"
    return who, what, Content(when), Content(days_left(item))


class TrashTable(DataTable[Content]):
    """The trashed evenings; the footer says what Enter does here."""

    BINDINGS = [Binding("enter", "select_cursor", "restore")]


class TrashScreen(HeartlineScreen[None]):
    """The trash, newest first; Enter (or r) restores the evening under the cursor."""

    BINDINGS = [
        Binding("escape", "app.back", "back"),
        Binding("enter,r", "restore", "restore", show=False),  # for F1; the list shows enter
    ]

    # Short terminals (under 16 rows) drop the blank rows and the intro (the footer says
    # what Enter does); narrow ones (under 50 columns) the side padding, for the columns.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (50, "")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "")]
    DEFAULT_CSS = """
    TrashScreen {
        .list-screen { padding: 1 2; }
        #trash-title { margin-bottom: 1; }
        #trash-intro { color: $text-muted; margin-bottom: 1; }
        #trashed { height: 1fr; border: round $primary; }
        #trash-problems-box { height: auto; max-height: 40%; margin-top: 1; }
        &.-short .list-screen { padding: 0 2; }
        &.-short #trash-title { margin-bottom: 0; }
        &.-short #trash-intro { display: none; }
        &.-narrow .list-screen { padding-left: 0; padding-right: 0; }
    }
    """

    listed: list[TrashedSave] = []
    widths: tuple[int, ...] = ()

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-screen"):
            yield Static(Content.styled("Trash", "bold"), id="trash-title")
            yield Static(Content(INTRO), id="trash-intro")
            yield TrashTable(id="trashed", cursor_type="row", zebra_stripes=True)
            yield Static(Content(EMPTY), id="trash-empty")
            with VerticalScroll(id="trash-problems-box", can_focus=True):
                yield Static(id="trash-problems")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.fill()

    def on_resize(self) -> None:
        if self.widths and self.widths != self.column_widths():
            row = self.query_one("#trashed", DataTable).cursor_row
            self.show(self.listed, row)

    def column_widths(self) -> tuple[int, ...]:
        left = max((len(days_left(item)) for item in self.listed), default=0)
        return column_widths(self.app.size.width, max(left, len(HEADINGS[3]), len("30 days")))

    def fill(self, row: int = 0) -> None:
        """Read the trash afresh (letting go of what is 30 days old, and saying so)."""
        problems: list[Content] = []
        try:
            listing = self.workspace.trashed()
        except SaveError as failed:
            items: list[TrashedSave] = []
            problems.append(
                Content.styled(f"Can't use the trash: {sentence(failed.reason)}", "$text-error")
            )
        else:
            items = listing.items
            if listing.purged:
                many = "evening" if listing.purged == 1 else "evenings"
                self.notify(
                    f"{listing.purged} {many} deleted {KEEP_DAYS} days ago or more went for good.",
                    title="Trash",
                    markup=False,
                )
            problems += [safe(f"Can't let go of {problem}") for problem in listing.problems]
        self.show(items, row)
        table = self.query_one("#trashed", DataTable)
        table.display = bool(items)
        self.query_one("#trash-empty", Static).display = not items
        self.query_one("#trash-problems", Static).update(Content("\n").join(problems))
        self.query_one("#trash-problems-box").display = bool(problems)
        if items:
            table.focus()
        self.refresh_bindings()

    def show(self, items: list[TrashedSave], row: int = 0) -> None:
        self.listed = items
        table = self.query_one("#trashed", DataTable)
        table.clear(columns=True)
        self.widths = self.column_widths()
        for label, width in zip(HEADINGS, self.widths, strict=True):
            table.add_column(label, width=width)
        for item in items:
            table.add_row(*trash_row(item, self.widths), key=item.name)
        if items:
            table.move_cursor(row=min(row, len(items) - 1))

    @property
    def names(self) -> list[str]:
        """The trashed evenings listed, top to bottom (their names in the trash)."""
        return [item.name for item in self.listed]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "restore" and not self.listed:
            return None
        return True

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_restore()

    def action_restore(self) -> None:
        table = self.query_one("#trashed", DataTable)
        row = table.cursor_row
        if not self.listed or not 0 <= row < len(self.listed):
            return
        item = self.listed[row]
        try:
            path = self.workspace.restore(item.name)
        except HeartlineError as failed:
            reason = failed.reason if isinstance(failed, SaveError) else failed.for_person()
            self.notify(sentence(reason), title="Can't restore it", severity="error", markup=False)
            self.fill(row)
            return
        summary = item.summary
        said = f"{one_line(path.name)} is back among the saves"
        if summary is not None:
            where = "Resume" if summary.status == "in-progress" else "the Journal"
            first, second = (one_line(name) for name in summary.partners)
            title = f", “{one_line(summary.title)}”" if summary.title else ""
            said = f"{first} & {second}{title}: back in {where}"
        if path.name != item.original:
            said += f" (as {one_line(path.name)}: its old name was taken)"
        self.notify(f"{said}.", title="Restored", markup=False)
        self.fill(row)


def open_trash(app: App[Any]) -> None:
    """Show the trash over the current screen (the palette's way in)."""
    if not isinstance(app.screen, TrashScreen):
        app.push_screen(TrashScreen())
