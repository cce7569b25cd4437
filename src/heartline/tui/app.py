"""The heartline App, and `make_app`, the one way the CLI and the tests build it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from rich.text import Text
from textual.app import App
from textual.binding import Binding

from heartline.files import ensure_private_dir, write_atomic
from heartline.library import Library
from heartline.locations import journals_dir, saves_dir, shipped_decks_dir, user_decks_dir
from heartline.session import Session
from heartline.store import Autosave, SaveError, SessionOpenElsewhere, Store
from heartline.text import one_line
from heartline.tui.screens.home import HomeScreen


class HeartlineApp(App[None]):
    """Two partners, one screen."""

    CSS_PATH = "app.tcss"
    TITLE = "heartline"
    BINDINGS = [
        Binding("ctrl+q", "quit", "quit", priority=True, show=False),
        Binding("f1", "toggle_keys", "keys", show=False),
    ]

    def __init__(
        self,
        data: Path,
        extra_decks: Sequence[Path] = (),
        session: Session | None = None,
        save_path: Path | None = None,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self.fixed_seed = seed
        self.data = data
        self.extra_decks = list(extra_decks)
        self.store = Store(saves_dir(data))
        self._library: Library | None = None
        # The session being played; its save stays locked while it is open here.
        self.active: Autosave | None = (
            Autosave(self.store, session, save_path) if session is not None else None
        )

    # --- the library and the saves ---------------------------------------------------

    @property
    def deck_folders(self) -> list[Path]:
        return [shipped_decks_dir(), user_decks_dir(self.data), *self.extra_decks]

    @property
    def user_decks(self) -> Path:
        """Where the partners' own decks are saved by the editor."""
        return user_decks_dir(self.data)

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = Library.scan(self.deck_folders)
        return self._library

    def reload_library(self) -> None:
        self._library = None

    def new_seed(self) -> int:
        """The seed offered on New game: random, unless the app was built with one."""
        return secrets.randbelow(1_000_000) if self.fixed_seed is None else self.fixed_seed

    def save_counts(self) -> tuple[int, int]:
        """(games in progress, finished games)."""
        found, _ = self.store.summaries()
        in_progress = sum(1 for summary in found if summary.status == "in-progress")
        return in_progress, len(found) - in_progress

    # --- lifecycle ---------------------------------------------------------------------

    def on_mount(self) -> None:
        try:
            if self.store.prepare():
                self.notify(
                    f"{self.store.folder} could be read by other people on this computer; "
                    "heartline has made it private.",
                    title="Your saves are private again",
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
        self.push_screen(HomeScreen())
        if self.active is not None:
            from heartline.tui.screens.play import PlayScreen

            self.push_screen(PlayScreen(self.active))

    def on_ready(self) -> None:
        # benchmarks/ measures launch-to-ready: with this set, leave once the first frame is up.
        if os.environ.get("HEARTLINE_EXIT_WHEN_READY"):
            self.call_after_refresh(self.exit)

    def on_unmount(self) -> None:
        self.let_go()

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
        autosave = Autosave(self.store, session)
        self.say_if_unsaved(autosave.save())
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
            return self.store.load(path, lambda key: self.library.card(key))
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
        session = self.load_save(path)
        if session is None:
            return
        if session.finished:
            self.notify("That session is finished: read it in the Journal.", markup=False)
            return
        try:
            autosave = Autosave(self.store, session, path)
        except SessionOpenElsewhere as busy:
            self.notify(
                busy.reason,
                title="Open somewhere else",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return
        self.play(autosave)

    def export_journal(self, session: Session, save_path: Path | None) -> Path | None:
        """Write the session as Markdown beside the saves; return where it went."""
        from heartline.journal import export

        folder = journals_dir(self.data)
        stem = save_path.stem if save_path else f"{session.started:%Y-%m-%d-%H%M}"
        target = folder / f"{stem}.md"
        try:
            ensure_private_dir(folder)
            write_atomic(target, export(session).encode("utf-8"))
        except OSError as failed:
            self.notify(
                f"{failed.strerror or failed}",
                title="Couldn't export",
                severity="error",
                markup=False,
            )
            return None
        self.notify(f"Journal written to {target}", title="Exported", markup=False)
        return target

    async def action_quit(self) -> None:
        """ctrl+q anywhere: during a game, make sure it is saved and say how to resume."""
        autosave = getattr(self.screen, "autosave", None)
        if isinstance(autosave, Autosave):
            self.leave(autosave)
        else:
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
        for binding in self.screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                keys.append((binding.key.replace(",", " or "), binding.description))
        keys.append(("ctrl+p", "commands and themes"))
        self.push_screen(KeysDialog(keys))

    def go_home(self) -> None:
        self.let_go()
        while len(self.screen_stack) > 2 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()
        if not isinstance(self.screen, HomeScreen):
            self.switch_screen(HomeScreen())

    def leave(self, autosave: Autosave) -> None:
        """Save and quit: the session is already saved unless the last write failed."""
        from heartline.tui.screens.dialogs import Confirm

        if autosave.failure is None or autosave.save() is None:
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

    @staticmethod
    def goodbye(autosave: Autosave) -> Text:
        name = autosave.path.name if autosave.path else ""
        if autosave.session.finished:
            return Text(
                "Saved. Read it again any time in the Journal, or with "
                f"`heartline saves export {name}`."
            )
        return Text(
            "Saved. Pick up where you left off with Resume on the home screen, or with "
            f"`heartline resume {name}`."
        )


def make_app(
    data: Path,
    extra_decks: Sequence[Path] = (),
    session: Session | None = None,
    save_path: Path | None = None,
    seed: int | None = None,
) -> HeartlineApp:
    """Build the app exactly as `heartline` runs it (tests pass a temporary data folder)."""
    return HeartlineApp(data, extra_decks, session=session, save_path=save_path, seed=seed)
