"""Our story: a couple's evenings over time, told gently. Nothing is scored."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from heartline.history import (
    month_span,
    months,
    partner_in,
    sparkline,
    story,
    story_words,
    tip_name,
)
from heartline.text import one_line
from heartline.tui.screens.favorites import CoupleScreen
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import PARTNER_STYLES, safe

BAR = 24  # the longest bar, in cells


def bars(counts: dict[str, int], width: int = BAR) -> list[Content]:
    """One line per name: the name, a bar as long as its share, and the count."""
    if not counts:
        return []
    top = max(counts.values())
    label = min(22, max(len(name) for name in counts))
    lines = []
    for name, count in counts.items():
        shown = one_line(name)
        shown = shown if len(shown) <= label else shown[: label - 1] + "…"
        length = max(1, round(count / top * width))
        lines.append(
            Content.assemble(f"  {shown:<{label}}  ", ("█" * length, "$accent"), f" {count}")
        )
    return lines


class StoryScreen(CoupleScreen):
    """Evenings by month, time together, cards by deck and tip, and the thanks you said."""

    DEFAULT_CSS = """
    StoryScreen #story { height: 1fr; }
    StoryScreen #story-text { height: auto; }
    """

    BINDINGS = [
        Binding("escape", "app.back", "back"),
        Binding("f", "favorites", "favorites"),
        Binding("c", "next_couple", "next couple", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-screen"):
            yield Static(Content.styled("Our story", "bold"), classes="screen-title")
            with VerticalScroll(id="story", can_focus=True):
                yield Static(id="story-text", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.gather()
        self.show()
        self.query_one("#story").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_couple":
            return len(self.couples) > 1
        return True

    def show(self) -> None:
        text = self.query_one("#story-text", Static)
        if not self.couples:
            text.update(
                Content(
                    "Your story starts with your first evening. Play a game from New game: "
                    "each one you play is gathered here, with the thanks you say at the end."
                )
            )
            return
        library = self.workspace.library
        tips = {deck.id: deck.tip or "" for deck in library.decks}
        titles = {deck.id: deck.title for deck in library.decks}
        partners = self.partners
        told = story(self.evenings, partners, tips, titles)
        lines: list[Content] = [self.couple_words(), Content("")]
        lines += [Content(line) for line in story_words(told)]
        shown = months(told.by_month)[-12:]
        if shown:
            lines += [Content(""), Content.styled("Evenings by month", "bold")]
            line = sparkline([count for _, count in shown])
            span = month_span(shown[0][0], shown[-1][0])
            lines.append(Content.assemble("  ", (line, "$accent"), f"   {span}"))
        if told.by_deck:
            lines += [Content(""), Content.styled("Cards by deck", "bold"), *bars(told.by_deck)]
        tips_named = {tip_name(tip): count for tip, count in told.by_tip.items()}
        if any(told.by_tip):
            lines += [Content(""), Content.styled("Cards by tip", "bold"), *bars(tips_named)]
        if told.thanks:
            lines += [Content(""), Content.styled("What you thanked each other for", "bold")]
            for evening, said in told.thanks:
                mine = partner_in(partners, evening, said.by) if said.by is not None else None
                who = (
                    Content.styled(one_line(partners[mine]), PARTNER_STYLES[mine])
                    if mine is not None
                    else Content("You both")
                )
                lines.append(
                    Content.assemble(f"  {said.at:%-d %b %Y}  ", who, ": ", safe(said.text))
                )
        text.update(Content("\n").join(lines))

    def action_favorites(self) -> None:
        from heartline.tui.screens.favorites import FavoritesScreen

        self.app.push_screen(FavoritesScreen())
