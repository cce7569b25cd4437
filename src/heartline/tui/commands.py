"""The command palette (ctrl+p) in heartline's words: places, theme, motion, mouse, keys."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from heartline.tui.app import HeartlineApp


@dataclass(frozen=True)
class Command:
    """One line of the palette: its name, what it does, and what runs it."""

    name: str
    help: str
    run: Callable[[], object]


class HeartlineCommands(Provider):
    """Every command that makes sense on the screen the palette was opened from.

    It replaces Textual's system commands: their Keys panel lists widget bindings, and their
    Screenshot writes the couple's words to the current folder. heartline's own Keys dialog
    and a private screenshot take their place.
    """

    def commands(self) -> Iterator[Command]:
        from heartline.tui.screens.base import GameScreen
        from heartline.tui.screens.finished import FinishedSessionScreen

        app = cast("HeartlineApp", self.app)
        screen = self.screen
        # A game is left with its own keys (ctrl+q saves and says how to come back), never
        # from the palette; elsewhere every place is one command away.
        if not any(isinstance(shown, GameScreen) for shown in app.screen_stack):
            for where, name, help_text in (
                ("new", "New game", "Type your names and choose decks"),
                ("resume", "Resume", "Carry on with a game in progress"),
                ("journal", "Journal", "Read a finished session again"),
                ("decks", "Decks", "Browse the decks, write your own"),
            ):
                yield Command(name, help_text, partial(app.open_place, where))
            from heartline.tui.screens.trash import open_trash

            yield Command(
                "Trash", "Put back an evening deleted in the last 30 days", partial(open_trash, app)
            )
            yield Command(
                "Our favorites",
                "Every card either of you starred, and what you said",
                partial(app.open_place, "favorites"),
            )
            yield Command(
                "Our story",
                "Your evenings over time, and the thanks you said",
                partial(app.open_place, "story"),
            )
        if isinstance(screen, FinishedSessionScreen):
            yield Command(
                "Export journal",
                "Write this session as Markdown into your journal folder",
                screen.action_export,
            )
        yield Command("Theme", "Change the colours (remembered)", app.action_change_theme)
        # Each named by what choosing it does now; both are remembered.
        machine = app.workspace.preferences.machine
        yield Command(
            "Reduce motion off" if machine.reduced_motion else "Reduce motion on",
            "Animate the screen again"
            if machine.reduced_motion
            else "Nothing on the screen moves: no animations",
            app.action_toggle_reduced_motion,
        )
        yield Command(
            "Mouse on (from next start)" if not machine.mouse else "Mouse off (from next start)",
            "Click buttons and lists again"
            if not machine.mouse
            else "Leave the mouse to the terminal, to select text; keys work as ever",
            app.action_toggle_mouse,
        )
        yield Command("Keys", "Every key of this screen", app.action_toggle_keys)
        yield Command(
            "Screenshot",
            "Save a picture of this screen in your private data folder",
            app.action_screenshot,
        )
        yield Command("Quit", "Leave heartline (a game in progress is saved)", app.action_quit)

    async def discover(self) -> Hits:
        for command in self.commands():
            yield DiscoveryHit(command.name, command.run, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self.commands():
            score = matcher.match(command.name)
            if score > 0:
                yield Hit(score, matcher.highlight(command.name), command.run, help=command.help)
