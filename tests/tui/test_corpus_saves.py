"""Every odd save heartline accepts (tests/data/bad-saves) resumes and shows on screen.

Broken saves on the Resume screen are in tests/tui/test_bad_input_screens.py.
"""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from bad_input import ODD_SAVES, RAW_CONTROL, SAVES_CORPUS, SAVES_EXPECTED, fingerprint, save_name
from heartline.save_format import load
from heartline.text import one_line
from heartline.tui.screens.lists import ResumeScreen, TranscriptScreen
from heartline.tui.screens.play import PlayScreen
from heartline.workspace import Workspace

from .conftest import SIZE, TEST_DECKS
from .test_bad_input_screens import assert_nothing_raw
from .test_play import screen_text


@pytest.mark.parametrize("kind", ODD_SAVES)
async def test_an_odd_save_resumes_and_shows_on_the_journal_screen(kind: str, data_dir) -> None:
    from heartline.tui.app import make_app

    saves = data_dir / "saves"
    saves.mkdir(parents=True)
    saves.chmod(0o700)
    path = saves / save_name(kind)
    path.write_bytes((SAVES_CORPUS / f"{kind}.toml").read_bytes())
    before = fingerprint(path)
    first, second = SAVES_EXPECTED[kind]["partners"]

    app = make_app(Workspace(data_dir, [TEST_DECKS], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert app.screen.paths == [str(path)]
        row = " ".join(str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0))
        assert not RAW_CONTROL.search(row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen), screen_text(app)
        assert one_line(first) in screen_text(app)
        assert_nothing_raw(app)

        app.push_screen(TranscriptScreen(load(path), path))
        await pilot.pause()
        assert isinstance(app.screen, TranscriptScreen)
        shown = screen_text(app)
        assert one_line(first) in shown and one_line(second) in shown
        assert str(app.screen.query(Static).first().render())
        assert_nothing_raw(app)
        assert app.is_running
    # Resuming saves it again in heartline's own form; a save it did not open is untouched.
    assert load(path).partners == (first, second)
    assert before[0] == fingerprint(path)[0]
