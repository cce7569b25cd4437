"""Decks: browse the library, read what each deck is for, and preview its cards."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from heartline.deck import Deck, DeckReport
from heartline.deck_format import LEVEL_NAMES
from heartline.text import one_line
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.screens.new_game import deck_details
from heartline.tui.widgets.card_view import kind_hint
from heartline.tui.words import safe


def report_details(report: DeckReport) -> Content:
    """A deck's details, or why it can't be played."""
    if report.deck is not None:
        lines = [deck_details(report.deck), Content(f"File: {report.path}")]
        if report.deck.problems:
            lines.append(Content.styled("Problems:", "bold $text-warning"))
            lines += [safe(str(problem)) for problem in report.deck.problems]
        lines.append(Content.styled("Press p to preview its cards.", "$text-muted"))
        return Content("\n").join(lines)
    lines = [
        Content.styled(f"{report.id} can't be played", "bold $text-error"),
        Content(f"File: {report.path}"),
        *(safe(str(problem)) for problem in report.problems),
        Content("Fix the file and open this screen again; the other decks work meanwhile."),
    ]
    return Content("\n").join(lines)


class DecksScreen(HeartlineScreen[None]):
    """Every deck in the library, with its problems."""

    BINDINGS = [
        Binding("p", "preview", "preview cards"),
        Binding("escape", "back", "back"),
    ]

    def compose(self) -> ComposeResult:
        library = self.heartline.library
        options = [
            Option(
                Content.assemble(
                    safe(one_line(deck.title)), (f"  {len(deck.cards)}", "$text-muted")
                ),
                id=deck.id,
            )
            for deck in library.decks
        ]
        options += [
            Option(Content.assemble((report.id, "$text-error"), "  can't be played"), id=report.id)
            for report in library.unusable
        ]
        with Horizontal(id="decks-screen"):
            yield OptionList(*options, id="deck-list")
            with VerticalScroll(id="deck-detail"):
                yield Static(id="deck-info", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        deck_list = self.query_one("#deck-list", OptionList)
        deck_list.focus()
        if deck_list.option_count:
            deck_list.highlighted = 0

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        report = self.heartline.library.reports.get(event.option.id or "")
        if report is not None:
            self.query_one("#deck-info", Static).update(report_details(report))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_preview()

    def action_preview(self) -> None:
        deck_list = self.query_one("#deck-list", OptionList)
        if deck_list.highlighted is None:
            return
        option = deck_list.get_option_at_index(deck_list.highlighted)
        report = self.heartline.library.reports.get(option.id or "")
        if report is not None and report.deck is not None:
            self.app.push_screen(DeckPreviewScreen(report.deck))

    def action_back(self) -> None:
        self.app.pop_screen()


class DeckPreviewScreen(HeartlineScreen[None]):
    """All the cards of one deck."""

    BINDINGS = [Binding("escape", "back", "back")]

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
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#preview").focus()

    def action_back(self) -> None:
        self.app.pop_screen()
