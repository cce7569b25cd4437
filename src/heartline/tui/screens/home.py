"""Home: play the last game again, start a new one, resume one, read the journal, browse
decks, or quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from heartline.errors import ActionRefused
from heartline.preferences import CoupleChoices
from heartline.text import one_line, sentence
from heartline.tui.screens.base import HeartlineScreen

TAGLINE = "A conversation game for two, on one screen."
HELP = "Up/down and Enter, a letter key, or the mouse.\nctrl+p: commands and themes · ctrl+q: quit"


class HomeScreen(HeartlineScreen[None]):
    """The first screen: what you can do, each one key away."""

    _fill_when_mounted = False

    # Short terminals (under 16 rows) keep the menu whole and drop the words around it.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (16, "-tall")]
    BINDINGS = [
        Binding("p", "play_again", "play again"),
        Binding("t", "today", "today's card"),
        Binding("n", "open('new')", "new game"),
        Binding("r", "open('resume')", "resume"),
        Binding("j", "open('journal')", "journal"),
        Binding("d", "open('decks')", "decks"),
        # The footer shows the App's ctrl+q for quitting; q is the menu's shortcut.
        Binding("q", "app.quit", "quit", show=False),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static(Content.styled("heartline", "bold $text-accent"), id="home-title")
            yield Static(Content(TAGLINE), id="home-tagline")
            yield OptionList(id="home-menu")
            # No footer: the menu shows its own keys, and a footer repeating them cost a
            # third of the time to the first paint.
            yield Static(Content(HELP), id="home-help")

    def on_mount(self) -> None:
        if self._fill_when_mounted:
            self.fill_menu()

    def on_screen_resume(self) -> None:
        # The menu is filled each time this screen is shown (its counts may have changed),
        # once: on the first showing, after it is mounted.
        if self.query("#home-menu"):
            self.fill_menu()
        else:
            self._fill_when_mounted = True

    def fill_menu(self) -> None:
        counts = self.workspace.save_counts()
        in_progress, finished = counts.in_progress, counts.finished
        menu = self.query_one("#home-menu", OptionList)
        highlighted = menu.highlighted or 0
        menu.clear_options()
        resume = f"Resume a game  ({in_progress} in progress)" if in_progress else "Resume a game"
        journal = f"Journal  ({finished} finished)" if finished else "Journal"
        again = self.workspace.last_game()
        menu.add_options(
            [
                *([] if again is None else [Option(self.again_words(again), id="again")]),
                Option(self.today_words(again), id="today"),
                Option(Content.assemble(("n", "bold"), "  New game"), id="new"),
                Option(Content.assemble(("r", "bold"), f"  {resume}"), id="resume"),
                Option(Content.assemble(("j", "bold"), f"  {journal}"), id="journal"),
                Option(Content.assemble(("d", "bold"), "  Decks"), id="decks"),
                Option(Content.assemble(("q", "bold"), "  Quit"), id="quit"),
            ]
        )
        menu.highlighted = highlighted
        menu.focus()

    def today_words(self, again: CoupleChoices | None) -> Content:
        """`t  Today's card`, and who it waits for (read from the daily folders alone: Home
        never loads the decks to say it)."""
        words = "  Today's card"
        if again is not None:
            from heartline.daily import today
            from heartline.nudge import answered_today

            answered: set[int] = set()
            for folder in self.workspace.daily_folders():
                answered |= answered_today(folder, again.names, today()) or set()
            if len(answered) == 2:
                words += "  (you have both answered)"
            elif answered:
                waiting = again.names[1 - next(iter(answered))]
                words += f"  (waiting for {one_line(waiting)})"
        return Content.assemble(("t", "bold"), words)

    def action_today(self) -> None:
        """Today's card for the couple who played last, or for the names asked now."""
        from heartline.tui.screens.today import NamesDialog, TodayScreen

        again = self.workspace.last_game()
        if again is not None:
            self.app.push_screen(TodayScreen(again.names, self.workspace.preferences.shared_dir))
            return

        def named(names: tuple[str, str] | None) -> None:
            if names is not None:
                shared = self.workspace.preferences.shared_dir
                self.app.push_screen(TodayScreen(names, shared))

        self.app.push_screen(NamesDialog(), named)

    def again_words(self, again: CoupleChoices) -> Content:
        """`p  Play again: Ana & Ben`, then its length and decks, muted, on a second line (the
        length first: a narrow menu cuts the titles, not it)."""
        decks, _ = self.workspace.decks_named(again.decks, again.names)
        titles = " + ".join(one_line(deck.title) for deck in decks) or "decks to choose again"
        length = "every card" if again.length is None else f"{again.length} cards"
        return Content.assemble(
            ("p", "bold"),
            "  Play again: ",
            Content(" & ".join(one_line(name) for name in again.names)),
            "\n   ",
            (f"{length} · {titles}", "$text-muted"),
        )

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == "quit":
            await self.run_action("app.quit")
        elif event.option.id == "again":
            self.action_play_again()
        elif event.option.id == "today":
            self.action_today()
        elif event.option.id:
            self.action_open(event.option.id)

    def action_open(self, where: str) -> None:
        self.app.push_screen(place(where))

    def action_play_again(self) -> None:
        """The last couple's game again: same decks and choices, fresh cards, the other lead.

        When this couple has a game in progress, they are asked first: resume it, or start
        the new one (the one in progress stays saved either way)."""
        again = self.workspace.last_game()
        if again is None:
            return
        waiting = self.workspace.in_progress(again.names)
        if waiting is None:
            self.play_again(again)
            return
        from heartline.tui.screens.dialogs import ResumeOrNew

        def decide(choice: str | None) -> None:
            if choice == "new":
                self.play_again(again)
            elif choice == "resume" and waiting is not None:
                self.heartline.open_save(waiting.path)

        self.app.push_screen(ResumeOrNew(waiting), decide)

    def play_again(self, again: CoupleChoices) -> None:
        try:
            session, missing = self.workspace.play_again(again)
        except ActionRefused as refused:
            # Nothing to deal from: New game, filled in, says what to choose.
            self.notify(
                f"{sentence(str(refused))} Choose again here.",
                title="Play again",
                severity="warning",
                markup=False,
            )
            self.action_open("new")
            return
        if missing:
            self.notify(
                f"Left out, as {'they are' if len(missing) > 1 else 'it is'} no longer in your "
                f"decks: {', '.join(map(one_line, missing))}.",
                title="Play again",
                markup=False,
            )
        self.heartline.start_session(session)


def place(where: str) -> Screen[None]:
    """The screen for a place: new, resume, journal, decks, favorites or story."""
    # Each screen is imported when first opened: the home screen starts faster.
    if where == "new":
        from heartline.tui.screens.new_game import NewGameScreen

        return NewGameScreen()
    if where == "decks":
        from heartline.tui.screens.decks import DecksScreen

        return DecksScreen()
    if where == "favorites":
        from heartline.tui.screens.favorites import FavoritesScreen

        return FavoritesScreen()
    if where == "story":
        from heartline.tui.screens.story import StoryScreen

        return StoryScreen()
    from heartline.tui.screens.lists import JournalListScreen, ResumeScreen

    return ResumeScreen() if where == "resume" else JournalListScreen()
