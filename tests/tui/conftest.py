"""Fixtures for the screen tests: the app as users run it, on a temporary data folder."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from heartline.dealing import new_session
from heartline.library import Library
from heartline.session import Session
from heartline.store import Autosave, Store
from heartline.tui.app import HeartlineApp, make_app
from heartline.workspace import Workspace

TEST_DECKS = Path(__file__).resolve().parent.parent / "data" / "decks"
SIZE = (80, 24)


class FixedClock:
    """A clock that moves one minute per reading, so times are the same on every run."""

    def __init__(self) -> None:
        self.now = datetime(2026, 2, 14, 20, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


@pytest.fixture(autouse=True)
def say_aloud_at_machine_speed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot sends empty answers faster than anyone says anything aloud: the double-Enter
    guard (PlayScreen.ALOUD_AFTER) is off here, and on in tests/tui/test_double_enter.py."""
    from heartline.tui.screens.play import PlayScreen

    monkeypatch.setattr(PlayScreen, "ALOUD_AFTER", 0.0)


@pytest.fixture
def build_app(data_dir: Path) -> Callable[..., HeartlineApp]:
    """Make the app with the test decks folder and a fixed seed."""

    def build(
        session: Session | None = None, save_path: Path | None = None, seed: int = 4242
    ) -> HeartlineApp:
        workspace = Workspace(data_dir, [TEST_DECKS], seed=seed)
        active = Autosave(workspace.store, session, save_path) if session else None
        return make_app(workspace, active)

    return build


@pytest.fixture
def library() -> Library:
    return Library.scan([TEST_DECKS])


@pytest.fixture
def make_session(library: Library) -> Callable[..., Session]:
    """A session of the all-kinds deck in file order: question, mirror, guess, exercise, ..."""

    def make(
        cards: int | None = 5, names: tuple[str, str] = ("Ana", "Ben"), deck: str = "all-kinds"
    ) -> Session:
        session = new_session([library.find(deck)], names, cards=cards, seed=1)
        clock = FixedClock()
        session.clock = clock
        session.started = clock()
        return session

    return make


@pytest.fixture
def store(data_dir: Path) -> Store:
    saves = Store(data_dir / "saves")
    saves.prepare()
    return saves
