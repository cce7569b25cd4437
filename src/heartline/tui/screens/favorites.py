"""Our favorites: every card either partner starred, in any evening, to browse and replay."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from heartline.errors import HeartlineError, SaveError
from heartline.history import Evening, Favorite, couples, favorites
from heartline.session import DealSettings
from heartline.text import one_line
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.widgets.answers import AnswerLine
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import PARTNER_STYLES, safe


def who_starred(partners: tuple[str, str], by: frozenset[int]) -> Content:
    """`★ Ana`, `★ Ben` or `★ both of you`, in each partner's colour."""
    if len(by) == 2:
        return Content("★ both of you")
    if not by:
        return Content("★")
    who = next(iter(by))
    return Content.assemble("★ ", (one_line(partners[who]), PARTNER_STYLES[who]))


class CoupleScreen(HeartlineScreen[None]):
    """A screen about one couple at a time; `c` shows the next couple on this computer."""

    def __init__(self) -> None:
        super().__init__()
        self.couples: list[tuple[tuple[str, str], list[Evening]]] = []
        self.shown = 0

    @property
    def partners(self) -> tuple[str, str]:
        return self.couples[self.shown][0]

    @property
    def evenings(self) -> list[Evening]:
        return self.couples[self.shown][1]

    def gather(self) -> None:
        keep = self.partners if self.couples else None
        self.couples = couples(self.workspace.evenings())
        self.shown = 0
        if keep is not None:
            for number, (partners, _) in enumerate(self.couples):
                if partners == keep:
                    self.shown = number

    def couple_words(self) -> Content:
        if not self.couples:
            return Content("")
        a, b = (one_line(name) for name in self.partners)
        words = Content.assemble((a, PARTNER_STYLES[0]), " & ", (b, PARTNER_STYLES[1]))
        if len(self.couples) > 1:
            words += Content(f"   (c: the next of {len(self.couples)} couples)")
        return words

    def action_next_couple(self) -> None:
        if len(self.couples) > 1:
            self.shown = (self.shown + 1) % len(self.couples)
            self.show()

    def show(self) -> None:
        raise NotImplementedError


class FavoritesScreen(CoupleScreen):
    """Each favorite card, who starred it and when; the answers given then beside it."""

    DEFAULT_CSS = """
    FavoritesScreen {
        #couple { margin-bottom: 1; }
        #favorites-body { height: 1fr; }
        #favorites { width: 2fr; height: 1fr; border: round $primary; }
        #favorite-detail { width: 3fr; height: 1fr; padding: 0 1; }
        #favorite-answers { height: auto; }
        #favorites-empty { padding: 1 0; }
    }
    FavoritesScreen.-narrow {
        #favorites-body { layout: vertical; }
        #favorites, #favorite-detail { width: 1fr; }
    }
    """

    BINDINGS = [
        Binding("escape", "app.back", "back"),
        Binding("p", "play", "play these"),
        Binding("u", "unstar", "unstar"),
        Binding("c", "next_couple", "next couple", show=False),
        Binding("h", "story", "our story"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.listed: list[Favorite] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="list-screen"):
            yield Static(Content.styled("Our favorites", "bold"), classes="screen-title")
            yield Static(id="couple", markup=False)
            with Horizontal(id="favorites-body"):
                yield OptionList(id="favorites")
                with VerticalScroll(id="favorite-detail"):
                    yield Static(id="favorite-card", markup=False)
                    yield Vertical(id="favorite-answers")
            yield Static(id="favorites-empty", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.gather()
        self.show()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 70, "-narrow")

    def show(self) -> None:
        self.listed = favorites(self.evenings, self.partners) if self.couples else []
        self.query_one("#couple", Static).update(self.couple_words())
        menu = self.query_one("#favorites", OptionList)
        menu.clear_options()
        options: list[Option | None] = []
        for favorite in self.listed:
            if options:
                options.append(None)  # a line between two cards
            options.append(
                Option(
                    Content.assemble(
                        who_starred(self.partners, favorite.by),
                        f"  {favorite.at:%d %b}\n",
                        safe(favorite.card.prompt),
                    ),
                    id=favorite.card.key,
                )
            )
        menu.add_options(options)
        empty = not self.listed
        self.query_one("#favorites-body").display = not empty
        note = self.query_one("#favorites-empty", Static)
        note.display = empty
        note.update(
            Content(
                "No favorites yet. While you play, ctrl+f stars a card you want to keep: "
                "it will wait for you here, with what you both said."
            )
        )
        if not empty:
            menu.highlighted = 0
            menu.focus()
            self.show_detail(self.listed[0])
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"play", "unstar"}:
            return bool(self.listed)
        if action == "next_couple":
            return len(self.couples) > 1
        return True

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        if 0 <= index < len(self.listed):
            self.show_detail(self.listed[index])

    def show_detail(self, favorite: Favorite) -> None:
        card = favorite.card
        self.query_one("#favorite-card", Static).update(
            Content.assemble(
                (one_line(card.deck_title or card.deck), "dim"),
                "\n",
                safe(card.prompt).stylize("bold"),
            )
        )
        box = self.query_one("#favorite-answers", Vertical)
        box.remove_children()
        lines: list[Static] = []
        for evening, star in favorite.evenings:
            when = evening.title or f"{evening.started:%a %d %b %Y}"
            lines.append(
                Static(
                    Content.assemble(
                        ("\n" if lines else "") + f"{one_line(when)}  ",
                        who_starred(evening.partners, star.by),
                    ),
                    classes="section",
                )
            )
            if evening.daily:
                for said in evening.answers:
                    who = said.by if said.by is not None else 0
                    lines.append(
                        Static(
                            Content.assemble(
                                (one_line(evening.partners[who]), PARTNER_STYLES[who]),
                                ": ",
                                safe(said.text),
                            )
                        )
                    )
                continue
            try:
                session = self.workspace.load(evening.path)
            except SaveError as failed:
                lines.append(Static(Content(f"(can't read it now: {failed.reason})")))
                continue
            slots = session.slots
            if star.index < len(slots) and slots[star.index].card.key == card.key:
                shown = session.visible_answers(slots[star.index])
                lines += [AnswerLine(session, slots[star.index], answer) for answer in shown]
                if not shown:
                    lines.append(Static(Content("(not answered that evening)")))
        box.mount_all(lines)

    def highlighted(self) -> Favorite | None:
        index = self.query_one("#favorites", OptionList).highlighted
        return self.listed[index] if index is not None and index < len(self.listed) else None

    def action_unstar(self) -> None:
        """Take a star off: each partner's own, so with two stars, ask whose."""
        favorite = self.highlighted()
        if favorite is None:
            return

        def take(who: int | None) -> None:
            name = None if who is None else self.partners[who]
            problems = self.workspace.unstar(favorite, self.heartline.active, name)
            if problems:
                self.notify("\n".join(problems), title="Not every star came off", markup=False)
            else:
                whose = "Both stars are" if name is None else f"{one_line(name)}'s star is"
                self.notify(f"{whose} off this card.", timeout=3, markup=False)
            self.gather()
            self.show()

        if len(favorite.by) == 2:
            from heartline.tui.screens.star import Choice, StarDialog

            def chosen(choice: Choice) -> None:
                if choice is not None:
                    take(choice[0])

            self.app.push_screen(
                StarDialog(self.partners, set(favorite.by), "Whose star comes off?"), chosen
            )
            return
        (who,) = favorite.by or {0}
        from heartline.tui.screens.dialogs import Confirm

        class KeepFirst(Confirm):
            AUTO_FOCUS = "#no"  # Enter keeps the star

        def decide(yes: bool | None) -> None:
            if yes:
                take(who)

        self.app.push_screen(
            KeepFirst(
                f"Take {one_line(self.partners[who])}'s star off this card?",
                f"“{one_line(favorite.card.prompt)}” stays in your journal; it only leaves "
                "your favorites.",
                yes="Unstar",
                no="Keep it",
            ),
            decide,
        )

    def action_play(self) -> None:
        deck = self.workspace.favorites_deck(self.partners)
        if deck is None:
            return
        settings = DealSettings(seed=self.workspace.new_seed(), cards=10)
        try:
            session = self.workspace.deal([deck], self.partners, settings)
        except HeartlineError as failed:
            self.notify(failed.for_person(), severity="error", markup=False)
            return
        self.heartline.start_session(session)

    def action_story(self) -> None:
        from heartline.tui.screens.story import StoryScreen

        self.app.push_screen(StoryScreen())
