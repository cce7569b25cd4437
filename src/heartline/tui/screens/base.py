"""What every heartline screen shares: a typed way to reach the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import Screen

from heartline.errors import ActionRefused
from heartline.store import Autosave

if TYPE_CHECKING:
    from heartline.tui.app import HeartlineApp
    from heartline.workspace import Workspace

Result = TypeVar("Result")


class HeartlineScreen(Screen[Result], Generic[Result]):
    @property
    def heartline(self) -> HeartlineApp:
        return cast("HeartlineApp", self.app)

    @property
    def workspace(self) -> Workspace:
        """Where every screen gets its data: decks, saves, the journal."""
        return self.heartline.workspace


class GameScreen(HeartlineScreen[None]):
    """A screen of a game in play: every action goes through `act`, saved before redrawing."""

    def __init__(self, autosave: Autosave) -> None:
        super().__init__()
        self.autosave = autosave
        self.session = autosave.session

    def show_state(self) -> None:
        raise NotImplementedError

    def act(self, action: Callable[[], object]) -> bool:
        """Do one engine action, save, then redraw. False when the engine refused it."""
        try:
            action()
        except ActionRefused as refused:
            self.notify(str(refused), title="Not now", severity="warning", markup=False)
            return False
        self.heartline.say_if_unsaved(self.autosave.save())
        self.show_state()
        return True
