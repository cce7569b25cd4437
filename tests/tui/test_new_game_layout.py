"""New game at 80x24 and 60x20: every field visible, every option labelled, choices marked."""

from __future__ import annotations

import pytest
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


async def test_the_second_partner_can_lead_the_first_card_and_the_save_keeps_it(build_app):
    from heartline.save_format import load
    from heartline.tui.screens.play import PlayScreen

    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Ana", "enter", *"Ben")
        buttons = list(app.screen.query_one("#first-lead").query(RadioButton))
        assert [str(b.label) for b in buttons] == ["Ana", "Ben"]
        assert buttons[0].value  # the first name starts unless the couple chooses
        await pilot.click(buttons[1])
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        session = app.screen.session
        assert session.slots[0].lead == 1
        assert session.settings.first_lead == 1
        back = load(app.screen.autosave.path)
        assert back.slots[0].lead == 1
        assert back.settings.first_lead == 1


async def test_who_starts_is_the_first_name_by_default(build_app):
    from heartline.tui.screens.play import PlayScreen

    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press(*"Ana", "enter", *"Ben", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.slots[0].lead == 0


async def test_who_starts_shows_names_as_typed_cut_to_fit_and_never_as_markup(build_app):
    app = build_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await pilot.press(*"[b]Christopherus", "enter")
        buttons = list(app.screen.query_one("#first-lead").query(RadioButton))
        assert [str(b.label) for b in buttons] == ["[b]Chris…", "Second"]
        setup = app.screen.query_one("#setup", VerticalScroll)
        for button in buttons:
            assert button.region.right <= setup.content_region.right


async def test_a_choice_is_marked_by_a_sign_not_only_by_colour(build_app):
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        for button in app.screen.query(RadioButton):
            inner = str(button.render()).split("▌")[0]
            assert inner.endswith("●") == button.value, str(button.label)


async def test_every_field_fits_60x20_without_scrolling(build_app):
    app = build_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        setup = app.screen.query_one("#setup", VerticalScroll)
        assert setup.max_scroll_y == 0
        for field in ("#name-a", "#first-lead", "#length", "#depth", "#leave-out", "#seed"):
            widget = app.screen.query_one(field)
            assert widget.region.bottom <= setup.region.bottom, field


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24)], ids=str)
async def test_no_label_or_deck_count_is_cut(build_app, size):
    app = build_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("n")
        await pilot.pause()
        for label in app.screen.query("#setup Label, #deck-choice Label"):
            assert label.region.width >= len(str(label.render())), str(label.render())
        for button in app.screen.query(RadioButton):
            assert button.region.right <= button.parent.content_region.right, str(button.label)
        decks = app.screen.query_one(DeckChoice)
        for y in range(min(decks.option_count, decks.content_region.height)):
            line = "".join(segment.text for segment in decks.render_line(y))
            first = line.split("▌", 1)[1].split()[0]
            assert first.isdigit() or first == "★", line  # a count, or Our favorites' star


def test_a_deck_with_left_out_cards_says_so_in_a_sentence():
    from pathlib import Path

    from heartline.library import Library
    from heartline.tui.screens.new_game import deck_details

    bad = Path(__file__).resolve().parent.parent / "data" / "bad-decks"
    library = Library.scan([bad])
    one = str(deck_details(library.find("level-four"))).splitlines()[-1]
    assert one.startswith("1 card left out because of problems: ")
    assert one.endswith("got 4.")
    two = str(deck_details(library.find("unknown-card-key"))).splitlines()[-1]
    assert two.startswith("2 cards left out because of problems: ")
