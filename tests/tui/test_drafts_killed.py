"""A real heartline, typed into through a pseudo-terminal and killed with SIGKILL mid-word.

Whatever was typed more than a second before the kill is in the save, and back in the box
when the game is resumed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

from heartline.save_format import load
from heartline.store import Autosave
from heartline.tui.app import make_app
from heartline.tui.widgets.answer_box import AnswerBox
from heartline.workspace import Workspace

from .terminal import Terminal, until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

DECK = """title = "Marigold evenings"
order = "fixed"

[[cards]]
id = "one"
prompt = "Marigold: what made you smile today?"

[[cards]]
id = "two"
prompt = "What would you like more of this week?"
"""


async def test_a_killed_game_keeps_the_words_typed_a_second_before(tmp_path: Path) -> None:
    data = tmp_path / "data"
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "marigold.toml").write_text(DECK, encoding="utf-8")
    terminal = Terminal(
        "--data-dir", str(data), "play", "marigold", "--players", "Ana", "Ben",
        "--decks", str(decks), "--seed", "1",
    )  # fmt: skip
    try:
        terminal.wait_for("Marigold:")
        [save] = (data / "saves").glob("*.toml")
        terminal.type("The walk by the river")
        typed_at = time.monotonic()
        until(lambda: b"river" in save.read_bytes(), 10, terminal)
        # The promise is about words typed a second before the kill; wait out that second.
        until(lambda: time.monotonic() - typed_at > 1.0, 5, terminal)
        terminal.type(" and the")
    finally:
        terminal.kill()

    resumed = load(save)
    assert resumed.log == []  # nothing was sent
    [draft] = resumed.drafts.values()
    assert draft.startswith("The walk by the river")

    workspace = Workspace(data, [decks])
    app = make_app(workspace, Autosave(workspace.store, resumed, save))
    async with app.run_test(size=(80, 24)):
        box = app.screen.query_one(AnswerBox)
        assert box.text.startswith("The walk by the river")
        assert box.has_focus
