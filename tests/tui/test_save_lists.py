"""Resume and Journal lists use the width they have and never cut how far a game went."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from heartline.tui.screens.lists import JournalListScreen, ResumeScreen

LONG_NAMES = ("Alexandra-Marie", "Christophe")


def finished(make_session):
    session = make_session(cards=6, names=LONG_NAMES)
    session.submit("a")
    session.submit("b")
    session.finish_early()
    session.submit("Your calm")
    session.submit("Your laugh")
    return session


def row_text(table: DataTable, row: int = 0) -> list[str]:
    return [str(cell) for cell in table.get_row_at(row)]


def widths(table: DataTable) -> list[int]:
    return [column.width for column in table.ordered_columns]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=str)
async def test_the_journal_never_cuts_how_many_cards_were_played(
    build_app, make_session, store, size
):
    store.save(finished(make_session))
    app = build_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen)
        table = app.screen.query_one(DataTable)
        progress = row_text(table)[2]
        assert progress == "1 of 6 played"
        assert widths(table)[2] >= len(progress)
        assert table.region.right <= size[0]


async def test_columns_widen_with_the_terminal(build_app, make_session, store):
    store.save(make_session(names=LONG_NAMES))
    seen = []
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        table = app.screen.query_one(DataTable)
        for size in [(80, 24), (120, 40), (200, 50)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            seen.append((widths(table), row_text(table)[0]))
        assert table.cursor_row == 0
    (at_80, names_80), (at_120, names_120), (at_200, names_200) = seen
    assert at_80[0] < at_120[0] and at_80[1] < at_120[1] < at_200[1]
    assert names_80.endswith("…")
    assert names_120 == names_200 == "Alexandra-Marie & Christophe"
