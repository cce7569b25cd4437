"""New game at 80x24 and 60x20: every field visible, every option labelled, choices marked."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Input, RadioButton, Static

from heartline.tui.screens.new_game import DeckChoice, NewGameScreen


def problem_text(app) -> str:
    return str(app.screen.query_one("#problem", Static).render())


async def test_every_field_fits_80x24_without_a_scrollbar(build_app):
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen.query_one("#setup", VerticalScroll)
        assert setup.max_scroll_y == 0
        for field in ("#name-a", "#name-b", "#length", "#depth", "#leave-out", "#seed"):
            widget = app.screen.query_one(field)
            assert widget.region.bottom <= setup.region.bottom, field


async def test_no_option_loses_its_label_at_60x20(build_app):
    app = build_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen.query_one("#setup", VerticalScroll)
        for button in app.screen.query(RadioButton):
            assert button.region.right <= setup.content_region.right, str(button.label)


async def test_a_chosen_deck_is_marked_by_a_sign(build_app):
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        decks = app.screen.query_one(DeckChoice)
        marks = {}
        for y in range(decks.option_count):
            line = "".join(segment.text for segment in decks.render_line(y))
            marks[decks.get_option_at_index(y).value] = "✓" in line
        assert [value for value, marked in marks.items() if marked] == decks.selected
        assert len(decks.selected) == 1


async def test_a_stale_problem_clears_once_the_fields_change(build_app):
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Sam")
        await pilot.press("enter")
        await pilot.press(*"sam")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        assert "must differ" in problem_text(app)
        app.screen.query_one("#name-b", Input).value = "Alex"
        await pilot.pause()
        assert problem_text(app).strip() == ""
