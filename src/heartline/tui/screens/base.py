"""What every heartline screen shares: a typed way to reach the app."""

from __future__ import annotations

from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from heartline.tui.app import HeartlineApp

Result = TypeVar("Result")


class HeartlineScreen(Screen[Result], Generic[Result]):
    @property
    def heartline(self) -> HeartlineApp:
        return cast("HeartlineApp", self.app)


class HeartlineModal(ModalScreen[Result], Generic[Result]):
    @property
    def heartline(self) -> HeartlineApp:
        return cast("HeartlineApp", self.app)
