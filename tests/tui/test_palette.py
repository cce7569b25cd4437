"""ctrl+p speaks heartline: places, export, theme, keys; a screenshot stays private."""

from __future__ import annotations

import os
from pathlib import Path

from textual.command import CommandPalette

from heartline.tui.commands import HeartlineCommands
from heartline.tui.screens.decks import DecksScreen
from heartline.tui.screens.lists import TranscriptScreen

from .conftest import SIZE

PLACES = ["New game", "Resume", "Journal", "Decks"]


def names(app) -> list[str]:
    return [command.name for command in HeartlineCommands(app.screen).commands()]


async def test_the_palette_offers_heartlines_places_and_not_textuals_panels(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offered = names(app)
        assert offered[:4] == PLACES
        assert {"Theme", "Keys", "Screenshot", "Quit"} <= set(offered)
        assert "Export journal" not in offered
        assert "Maximize" not in offered and "Minimize" not in offered
        assert HeartlineCommands in app.COMMANDS and len(app.COMMANDS) == 1


async def test_a_place_is_opened_from_the_palette(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        for key in "decks":
            await pilot.press(key)
        # The palette searches in a worker: wait until Decks is the highlighted hit.
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)


async def test_export_journal_is_offered_with_a_finished_session(
    build_app, make_session, store, data_dir: Path
):
    session = make_session(cards=1)
    for text in ["Autumn", "Spring", "Your calm", "Your laugh"]:
        session.submit(text)
    path = store.save(session)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TranscriptScreen)
        command = next(
            c for c in HeartlineCommands(app.screen).commands() if c.name == "Export journal"
        )
        command.run()
        await pilot.pause()
        assert (data_dir / "journal" / f"{path.stem}.md").is_file()


async def test_no_place_is_offered_during_a_game(build_app, make_session):
    app = build_app(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offered = names(app)
        assert not set(PLACES) & set(offered)
        assert "Theme" in offered


async def test_a_screenshot_is_written_privately_into_the_data_folder(
    build_app, data_dir: Path, tmp_path: Path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o022)
    try:
        app = build_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.action_screenshot()
            await pilot.pause()
            said = [str(n.message) for n in app._notifications]
    finally:
        os.umask(old)
    [picture] = list((data_dir / "screenshots").glob("*.svg"))
    assert oct(picture.stat().st_mode & 0o777) == "0o600"
    assert oct(picture.parent.stat().st_mode & 0o777) == "0o700"
    assert any(str(picture) in message for message in said)
    assert list(tmp_path.glob("*.svg")) == []
