"""The heartline App, and `make_app`, the one way the CLI and the tests build it."""

from __future__ import annotations

import gc
import io
import os
import shlex
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from heartline.errors import HeartlineError, SaveError, SessionOpenElsewhere
from heartline.preferences import Saved
from heartline.session import Session
from heartline.store import Autosave
from heartline.text import one_line, sentence
from heartline.tui.commands import HeartlineCommands
from heartline.tui.screens.home import HomeScreen, place
from heartline.tui.themes import THEMES
from heartline.workspace import Workspace


class HeartlineApp(App[None]):
    """Two partners, one screen."""

    CSS_PATH = "app.tcss"
    TITLE = "heartline"
    # heartline's palette replaces Textual's system commands (see HeartlineCommands).
    COMMANDS = {HeartlineCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "quit", priority=True),
        Binding("f1", "toggle_keys", "keys", show=False),
    ]

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """`$partner-a` and `$partner-b`, shaded for the current theme."""
        from heartline.tui.words import partner_variables

        return partner_variables(self.current_theme)

    def __init__(self, workspace: Workspace, active: Autosave | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        # The session being played; its save stays locked while it is open here.
        self.active = active
        self.opening: Callable[[], Screen[None]] | None = None
        for theme in THEMES:  # before the preferences: a remembered one is then found
            self.register_theme(theme)
        self.apply_preferences()

    # --- preferences -------------------------------------------------------------------

    def apply_preferences(self) -> None:
        """The machine's remembered theme and motion, before the first frame is drawn."""
        preferences = self.workspace.preferences
        # The level Textual chose (from TEXTUAL_ANIMATIONS): where motion goes back to.
        self.usual_motion = self.animation_level
        if preferences.machine.reduced_motion:
            self.animation_level = "none"
        theme = preferences.machine.theme
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        elif theme is not None:
            preferences.reject_theme(f"`theme` {one_line(theme)!r} is not a theme heartline has")

    def watch_theme(self, theme: str) -> None:
        # A theme picked in the palette (ctrl+p, Theme) is remembered for next time.
        self.say_saved(self.workspace.remember(theme=theme))

    def say_saved(self, saved: Saved) -> None:
        """What writing the preferences did that the partners should hear about, if anything."""
        if saved.failure:
            self.notify(
                saved.failure,
                title="Your settings can't be kept",
                severity="error",
                timeout=15,
                markup=False,
            )
        if saved.notice:
            self.notify(saved.notice, title="Your settings", timeout=15, markup=False)

    def action_toggle_reduced_motion(self) -> None:
        """Animations off (or back on), remembered for next time."""
        reduced = not self.workspace.preferences.machine.reduced_motion
        self.animation_level = "none" if reduced else self.usual_motion
        for screen in self.screen_stack:  # the cursors blink, or stay still, from now on
            for box in screen.query("Input, TextArea"):
                box.cursor_blink = not reduced  # type: ignore[attr-defined]
        self.say_saved(self.workspace.remember(reduced_motion=reduced))
        self.notify(
            "Motion reduced: nothing on the screen is animated."
            if reduced
            else "Motion is back: the screen animates as usual.",
            title="Reduce motion",
            markup=False,
        )

    def action_toggle_mouse(self) -> None:
        """The mouse on or off from the next start (a running terminal keeps what it has)."""
        mouse = not self.workspace.preferences.machine.mouse
        self.say_saved(self.workspace.remember(mouse=mouse))
        self.notify(
            "From the next start heartline uses the mouse again: click buttons and lists."
            if mouse
            else "From the next start heartline leaves the mouse to your terminal, so you can "
            "select text with it; every key works as before.",
            title="Mouse on" if mouse else "Mouse off",
            markup=False,
        )

    # --- lifecycle ---------------------------------------------------------------------

    def on_mount(self) -> None:
        warning = self.workspace.preferences.warning()
        if warning:
            self.notify(
                warning, title="Your settings file", severity="warning", timeout=15, markup=False
            )
        try:
            said = self.workspace.prepare_saves()
            if said:
                self.notify(
                    said,
                    title="About your saves folder",
                    severity="warning",
                    timeout=10,
                    markup=False,
                )
        except SaveError as failed:
            self.notify(
                failed.reason,
                title="Can't use the saves folder",
                severity="error",
                timeout=15,
                markup=False,
            )
        if self.opening is not None:
            self.push_screen(self.opening())  # Home is built when someone goes back to it
            return
        if self.active is None:
            self.push_screen(HomeScreen())
            return
        # A resumed game opens alone: Home is built when someone goes back to it, so the
        # first frame has only the game to build (see `action_back` and `go_home`).
        from heartline.tui.screens.play import PlayScreen

        self.push_screen(PlayScreen(self.active))

    def on_ready(self) -> None:
        self.call_after_refresh(self.settle_memory)
        # benchmarks/ measures launch-to-ready: with this set, leave once the first frame is up.
        if os.environ.get("HEARTLINE_EXIT_WHEN_READY"):
            self.call_after_refresh(self.exit)

    def settle_memory(self) -> None:
        """Once the first frame is up: let the collector run again (heartline.entry held it
        back while starting) after one pass over what starting left behind, then set aside
        everything built so far, which lives as long as the app: the collector's full passes
        over it paused typing for up to 0.1 s."""
        if not gc.isenabled():
            gc.collect()
            gc.enable()
        gc.freeze()

    def on_unmount(self) -> None:
        self.let_go()
        gc.unfreeze()  # an app run inside a longer process (the tests) gives its memory back

    def let_go(self) -> None:
        """Release the lock of the session that was open (it is already saved)."""
        if self.active is not None:
            self.active.close()
            self.active = None

    def play(self, autosave: Autosave) -> None:
        """Play `autosave`'s session in place of the current screen."""
        from heartline.tui.screens.play import PlayScreen

        if self.active is not autosave:
            self.let_go()
        self.active = autosave
        self.switch_screen(PlayScreen(autosave))

    def start_session(self, session: Session) -> None:
        """Save a new session, then play it in place of the current screen."""
        self.let_go()
        autosave, failure = self.workspace.start(session)
        self.say_if_unsaved(failure)
        # The couple's choices, for Play again and the next New game.
        self.say_saved(self.workspace.remember_game(session))
        self.play(autosave)

    def say_if_unsaved(self, failure: SaveError | None) -> None:
        """The one message for a save that failed: what happened and that nothing is lost."""
        if failure is not None:
            self.notify(
                f"{failure.reason}. What you wrote is kept here, and heartline will try "
                "again after your next answer.",
                title="Couldn't save",
                severity="error",
                timeout=10,
                markup=False,
            )

    def load_save(self, path: Path) -> Session | None:
        try:
            return self.workspace.load(path)
        except SaveError as failed:
            self.notify(
                failed.reason,
                title=f"Can't open {one_line(path.name)}",
                severity="error",
                markup=False,
            )
            return None

    def open_save(self, path: Path) -> None:
        """Resume a saved game on the play screen, exactly where it stopped."""
        try:
            autosave = self.workspace.open(path)
        except SessionOpenElsewhere as busy:
            self.notify(
                busy.reason,
                title="Open somewhere else",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        except SaveError as failed:
            self.notify(
                failed.reason,
                title=f"Can't open {one_line(path.name)}",
                severity="error",
                markup=False,
            )
            return
        if autosave.session.finished:
            autosave.close()
            self.notify("That session is finished: read it in the Journal.", markup=False)
            return
        self.play(autosave)

    def export_journal(self, session: Session, save_path: Path | None) -> Path | None:
        """Write the session as Markdown beside the saves, say where; None when it failed.

        Played in a browser (`heartline serve`), the journal goes to that browser as a
        download instead, and None is returned: the file is the browser's to keep.
        """
        if self.is_web:
            from heartline.journal import export

            stem = save_path.stem if save_path else f"{session.started:%Y-%m-%d-%H%M}"
            self.deliver_text(
                io.StringIO(export(session)),
                save_filename=f"{stem}.md",
                mime_type="text/markdown",
                encoding="utf-8",
                name="journal",
            )
            self.notify(
                f"Journal sent to your browser as {one_line(stem)}.md",
                title="Exported",
                markup=False,
            )
            return None
        try:
            target = self.workspace.export_journal(session, save_path)
        except HeartlineError as failed:
            self.notify(
                failed.for_person(), title="Couldn't export", severity="error", markup=False
            )
            return None
        self.notify(f"Journal written to {one_line(str(target))}", title="Exported", markup=False)
        return target

    async def action_quit(self) -> None:
        """ctrl+q anywhere: during a game (a dialog over it too), save it with any unsent words
        and say how to resume."""
        from heartline.tui.screens.base import GameScreen

        for screen in reversed(self.screen_stack):
            autosave = getattr(screen, "autosave", None)
            if isinstance(autosave, Autosave):
                if isinstance(screen, GameScreen):
                    screen.flush_draft()
                self.leave(autosave)
                return
        self.exit()

    def action_toggle_keys(self) -> None:
        """F1: every key of this screen, for terminals too narrow for the footer."""
        from heartline.tui.screens.dialogs import KeysDialog
        from heartline.tui.screens.play import PlayScreen

        if isinstance(self.screen, KeysDialog):
            self.screen.dismiss(None)
            return
        keys = [("enter", "send the answer")] if isinstance(self.screen, PlayScreen) else []
        if isinstance(self.screen, PlayScreen):
            keys.append(("ctrl+j", "new line in the answer"))
            keys.append(("f2", "write the answer in your own editor ($VISUAL or $EDITOR)"))
        for binding in self.screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                keys.append((binding.key.replace(",", " or "), binding.description))
        keys.append(("ctrl+q", "quit"))
        keys.append(("ctrl+p", "commands and themes"))
        self.push_screen(KeysDialog(keys))

    def open_place(self, where: str) -> None:
        """New game, Resume, Journal or Decks over the current screen (the palette's way)."""
        target = place(where)
        if type(self.screen) is not type(target):
            self.push_screen(target)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """A picture of the screen, which can hold answers: kept in the private data folder."""
        self.deliver_screenshot(filename)

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Write the screenshot into `<data>/screenshots` (0700, file 0600) and say where.

        Textual's own saves it to the current folder or Downloads, readable by others; `path`
        is ignored for that reason.
        """
        from datetime import datetime

        name = filename or f"heartline-{datetime.now():%Y-%m-%d-%H%M%S}.svg"
        try:
            target = self.workspace.save_screenshot(self.export_screenshot(), name)
        except HeartlineError as failed:
            self.notify(
                sentence(failed.for_person()),
                title="Couldn't save the screenshot",
                severity="error",
                markup=False,
            )
            return None
        self.notify(
            f"Saved to {one_line(str(target))}, readable by you alone.",
            title="Screenshot",
            markup=False,
        )
        return str(target)

    async def action_back(self) -> None:
        """Back to the screen before this one, or Home when there is none (a resumed game)."""
        if len(self.screen_stack) > 2:
            self.pop_screen()
        elif not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def go_home(self) -> None:
        self.let_go()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def leave(self, autosave: Autosave) -> None:
        """Save (unsent words included) and quit; ask first when the save can't be written."""
        from heartline.tui.screens.dialogs import Confirm

        if autosave.save() is None:
            self.exit(message=self.goodbye(autosave))
            return
        reason = autosave.failure.reason if autosave.failure else ""

        def decide(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(
            Confirm(
                "Your last answers aren't saved",
                f"heartline couldn't write the save ({reason}). If you quit now, what you "
                "answered since the last save is lost.",
                yes="Quit anyway",
                no="Stay",
            ),
            decide,
        )

    def goodbye(self, autosave: Autosave) -> Text:
        """The line left in the terminal: a command that works pasted as it is, right there."""
        name = shlex.quote(one_line(autosave.path.name)) if autosave.path else ""
        command = self.workspace.command
        if autosave.session.finished:
            return Text(
                "Saved. Read it again any time in the Journal, or with "
                f"`{command} saves export {name}`."
            )
        return Text(
            "Saved. Pick up where you left off with Resume on the home screen, or with "
            f"`{command} resume {name}`."
        )


def make_app(
    workspace: Workspace,
    active: Autosave | None = None,
    opening: Callable[[], Screen[None]] | None = None,
) -> HeartlineApp:
    """Build the app exactly as `heartline` runs it (tests pass a temporary data folder).

    `opening` makes the screen it opens on (`heartline today` opens on Today's card).
    """
    from heartline.tui import textual_fixes
    from heartline.tui.terminal_input import install

    install()  # a paste stays text, a stray byte can't end the game
    textual_fixes.apply()  # no dead widget's rendered lines kept by a colour cache
    app = HeartlineApp(workspace, active)
    app.opening = opening
    return app
