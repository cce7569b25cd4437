"""Decks: browse the library, read what each deck is for, and preview its cards."""

from __future__ import annotations

import shlex
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from heartline.cards import LEVEL_NAMES, Deck, DeckReport
from heartline.draft import DeckDraft
from heartline.errors import AuthoringError
from heartline.text import one_line, sentence
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.screens.dialogs import AskText
from heartline.tui.screens.new_game import deck_details
from heartline.tui.widgets.card_view import kind_hint
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import safe


def where(path: Path) -> list[Content]:
    """A deck's file as two lines, its name and its folder (home as ~): a long path then
    breaks between them, not in the middle of a name."""
    folder = str(path.parent)
    home = str(Path.home())
    if home != "/" and (folder == home or folder.startswith(home + "/")):
        folder = "~" + folder[len(home) :]
    return [
        Content.assemble(("File: ", "bold"), safe(one_line(path.name))),
        Content.assemble(("In: ", "bold"), safe(one_line(folder))),
    ]


def report_details(report: DeckReport) -> Content:
    """A deck's details, or why it can't be played."""
    if report.deck is not None:
        lines = [deck_details(report.deck), *where(report.path)]
        if report.deck.problems:
            lines.append(Content.styled("Problems:", "bold $text-warning"))
            lines += [safe(str(problem)) for problem in report.deck.problems]
        lines.append(
            Content.styled(
                "Shipped decks stay as they are: c copies one to your decks, e edits yours.",
                "$text-muted",
            )
        )
        return Content("\n").join(lines)
    lines = [
        Content.styled(one_line(f"{report.id} can't be played"), "bold $text-error"),
        *where(report.path),
        *(safe(sentence(str(problem))) for problem in report.problems),
        Content("Fix the file and open this screen again; the other decks work meanwhile."),
    ]
    return Content("\n").join(lines)


class DecksScreen(HeartlineScreen[None]):
    """Every deck in the library, with its problems; create, edit and copy decks."""

    DEFAULT_CSS = """
    DecksScreen {
        #decks-screen { height: 1fr; }
        /* Wide enough for the longest shipped title at 80 columns; one line per deck. */
        #deck-list {
            width: 38; height: 1fr; border: round $primary;
            text-wrap: nowrap; text-overflow: ellipsis;
        }
        &.-narrow #deck-list { width: 1fr; }
        #deck-detail { width: 1fr; height: 1fr; padding: 0 1; }
        &.-narrow #deck-detail { width: 1fr; }
        #deck-info { height: auto; padding: 0 1; color: $text; }
    }
    """

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-roomy")]
    BINDINGS = [
        Binding("p", "preview", "preview"),
        Binding("n", "new_deck", "new deck"),
        Binding("e", "edit_deck", "edit"),
        Binding("c", "copy_deck", "copy to mine"),
        Binding("escape", "app.back", "back"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="decks-screen"):
            yield OptionList(id="deck-list")
            with VerticalScroll(id="deck-detail"):
                yield Static(id="deck-info", markup=False)
        yield KeysFooter()

    _first_show = True

    def on_mount(self) -> None:
        self.fill()

    def on_screen_resume(self) -> None:
        # Also sent when the screen is first shown, maybe before it is mounted: on_mount
        # fills it then; later returns to this screen fill it again.
        if self._first_show:
            self._first_show = False
            return
        self.fill()

    def fill(self) -> None:
        library = self.workspace.library
        deck_list = self.query_one("#deck-list", OptionList)
        highlighted = self.highlighted_id()
        deck_list.clear_options()
        options = [
            # One line each, the count first: a narrow list cuts a long title, never the count.
            Option(
                Content.assemble(
                    (f"{len(deck.cards):>2}  ", "$text-muted"),
                    ("mine ", "$text-success") if self.workspace.is_mine(deck) else "",
                    safe(one_line(deck.title)),
                ),
                id=deck.id,
            )
            for deck in library.decks
        ]
        options += [
            Option(
                Content.assemble((one_line(report.id), "$text-error"), "  can't be played"),
                id=report.id,
            )
            for report in library.unusable
        ]
        deck_list.add_options(options)
        ids = [option.id for option in options]
        if ids:
            deck_list.highlighted = ids.index(highlighted) if highlighted in ids else 0
        deck_list.focus()

    def highlighted_id(self) -> str | None:
        deck_list = self.query_one("#deck-list", OptionList)
        if deck_list.highlighted is None or not deck_list.option_count:
            return None
        return deck_list.get_option_at_index(deck_list.highlighted).id

    def highlighted_report(self) -> DeckReport | None:
        return self.workspace.library.reports.get(self.highlighted_id() or "")

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        report = self.workspace.library.reports.get(event.option.id or "")
        if report is not None:
            self.query_one("#deck-info", Static).update(report_details(report))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_preview()

    def action_preview(self) -> None:
        report = self.highlighted_report()
        if report is not None and report.deck is not None:
            self.app.push_screen(DeckPreviewScreen(report.deck))

    def action_new_deck(self) -> None:
        def create(title: str | None) -> None:
            if title:
                self.open_editor(self.workspace.new_draft(title))

        self.app.push_screen(
            AskText(
                "Name your new deck",
                'A title you\'ll recognise in New game, like "Sunday mornings".',
            ),
            create,
        )

    def action_edit_deck(self) -> None:
        report = self.highlighted_report()
        if report is None:
            return
        if not self.workspace.is_mine(report):
            self.notify(
                "This deck isn't one of yours, so it stays as it is. Press c to copy it to "
                "your decks, then edit the copy.",
                title="Copy it first",
                markup=False,
            )
            return
        try:
            draft = self.workspace.open_draft(report)
        except AuthoringError as failed:
            where = shlex.quote(one_line(str(report.path)))
            self.notify(
                f"{sentence(failed.for_person())} "
                f"`{self.workspace.command} decks validate {where}` shows where.",
                title="Can't open it in the editor",
                severity="error",
                markup=False,
            )
            return
        self.open_editor(draft)

    def action_copy_deck(self) -> None:
        report = self.highlighted_report()
        if report is None:
            return
        try:
            draft = self.workspace.copy_draft(report)
        except AuthoringError as failed:
            self.notify(
                sentence(failed.for_person()), title="Can't copy it", severity="error", markup=False
            )
            return
        self.open_editor(draft)

    def open_editor(self, draft: DeckDraft) -> None:
        from heartline.tui.screens.editor import DeckEditorScreen

        self.app.push_screen(DeckEditorScreen(draft))


class DeckPreviewScreen(HeartlineScreen[None]):
    """All the cards of one deck."""

    DEFAULT_CSS = """
    DeckPreviewScreen {
        #preview { padding: 1 2; align-horizontal: center; }
        #preview > * { max-width: 110; }
    }
    """

    AUTO_FOCUS = "#preview"
    BINDINGS = [Binding("escape", "app.back", "back")]

    def __init__(self, deck: Deck) -> None:
        super().__init__()
        self.deck = deck

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="preview"):
            yield Static(safe(one_line(self.deck.title)).stylize("bold"), classes="screen-title")
            for number, card in enumerate(self.deck.cards, start=1):
                timer = f" · {card.seconds} s" if card.seconds else ""
                yield Static(
                    Content.assemble(
                        (f"{number}. ", "bold"),
                        f"{card.kind} · {LEVEL_NAMES.get(card.level, '')}{timer}",
                        ("  " + kind_hint(card), "$text-muted"),
                    ),
                    classes="section",
                )
                yield Static(safe(card.prompt), classes="prompt")
                if card.follow_up:
                    yield Static(safe(card.follow_up).stylize("italic"), classes="prompt")
        yield KeysFooter()
