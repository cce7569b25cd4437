"""Every pair in the names corpus (tests/data/names.toml), typed on New game and shown on screen."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from bad_input import NAMES
from heartline.save_format import load
from heartline.text import one_line
from heartline.tui.screens.new_game import NewGameScreen
from heartline.tui.screens.play import PlayScreen

from .conftest import SIZE
from .test_bad_input_screens import assert_nothing_raw
from .test_play import screen_text


@pytest.mark.parametrize("name", list(NAMES))
async def test_a_pair_typed_on_new_game(name: str, build_app, data_dir) -> None:
    entry = NAMES[name]
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        for box, typed in zip(("#name-a", "#name-b"), entry["names"], strict=True):
            app.screen.query_one(box, Input).value = typed
        decks = app.screen.query_one("#decks")
        decks.deselect_all()
        decks.select("all-kinds")
        await pilot.pause()  # the boxes' Changed messages, which clear an earlier problem
        await pilot.press("ctrl+s")
        await pilot.pause()
        if "refused" in entry:
            assert isinstance(app.screen, NewGameScreen)
            problem = str(app.screen.query_one("#problem", Static).render())
            assert entry["refused"] in problem.lower()
            assert not list((data_dir / "saves").glob("*.toml"))
            return
        assert isinstance(app.screen, PlayScreen)
        first, second = (typed.strip() for typed in entry["names"])
        banner = str(app.screen.query_one("#banner", Static).render())
        assert one_line(first) in banner
        assert one_line(first) in screen_text(app) and one_line(second) in screen_text(app)
        assert_nothing_raw(app)
    [path] = (data_dir / "saves").glob("*.toml")
    assert path.name.endswith(entry["file"].removeprefix("2026-02-14-2000"))
    assert load(path).partners == (first, second)
