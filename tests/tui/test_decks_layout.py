"""The Decks screen at 80x24 and 60x20: one line per deck, counts whole, paths unbroken."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from heartline.tui.screens.decks import DecksScreen, where

from .conftest import TEST_DECKS


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=str)
async def test_one_line_per_deck_with_its_count_first(build_app, size):
    app = build_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        decks = app.screen.query_one("#deck-list", OptionList)
        assert decks.virtual_size.height == decks.option_count  # nothing wraps
        for index in range(decks.option_count):
            prompt = str(decks.get_option_at_index(index).prompt)
            assert prompt.split()[0].isdigit(), prompt
        if size == (80, 24):
            longest = max(len(str(decks.get_option_at_index(i).prompt)) for i in range(2))
            assert decks.content_region.width >= longest


async def test_the_file_and_its_folder_each_on_a_line(build_app, monkeypatch):
    # Home is the checkout, so the folder reads the same wherever the tests run.
    checkout = TEST_DECKS.parent.parent.parent
    monkeypatch.setenv("HOME", str(checkout))
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("d")
        await pilot.pause()
        decks = app.screen.query_one("#deck-list", OptionList)
        decks.highlighted = decks.get_option_index("all-kinds")
        await pilot.pause()
        info = app.screen.query_one("#deck-info", Static)
        lines = str(info.render()).splitlines()
        assert "File: all-kinds.toml" in lines
        folder = next(line for line in lines if line.startswith("In: "))
        assert folder == "In: ~/tests/data/decks"
        assert len(folder) <= info.content_region.width
        assert "c copies one to your decks" in str(info.render())


def test_a_folder_under_home_is_said_with_a_tilde():
    home = Path.home()
    assert [str(line) for line in where(home / "decks" / "ours.toml")] == [
        "File: ours.toml",
        "In: ~/decks",
    ]
