"""What Textual does for the screens: button actions, app.back, prevent(), the partners' colours."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES
from textual.widgets import Button, TextArea

from heartline.session import Role, StepKind
from heartline.tui.screens.closing import ClosingScreen
from heartline.tui.screens.dialogs import Confirm
from heartline.tui.screens.home import HomeScreen
from heartline.tui.screens.lists import JournalListScreen
from heartline.tui.screens.play import PlayScreen
from heartline.tui.screens.summary import SummaryScreen
from heartline.tui.words import partner_variables

from .conftest import SIZE
from .test_editor import open_new_deck
from .test_snapshots import TO_KIND, advance


async def test_a_choice_button_answers_with_its_choice(build_app, make_session, store):
    session = make_session()
    advance(session, ["Autumn", "", "Work was a lot", "A heavy week"])
    assert session.step.kind is StepKind.RATE
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        buttons = list(app.screen.query("#choices Button").results(Button))
        assert [str(button.label) for button in buttons] == ["1 Yes", "2 Partly", "3 Not yet"]
        await pilot.click(buttons[1])
        await pilot.pause()
        slot = session.slots[1]
        assert [a.text for a in slot.answers if a.role is Role.RATING] == ["partly"]


async def test_the_finish_dialog_buttons(build_app, make_session, store):
    session = make_session()
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert app.screen.query_one("#yes", Button).has_focus  # AUTO_FOCUS
        await pilot.click("#no")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)


async def test_summary_buttons_export_and_go_home(build_app, make_session, store, data_dir):
    session = make_session()
    advance(session, [*TO_KIND["exercise"], "Held hands", "A calm month"])
    advance(session, ["Your calm", "Your laugh"])
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#to-summary")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert app.screen.query_one("#export", Button).has_focus  # AUTO_FOCUS
        await pilot.click("#export")
        await pilot.pause()
        assert (data_dir / "journal" / f"{path.stem}.md").is_file()
        await pilot.click("#go-home")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_escape_goes_back_from_a_list(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_showing_a_card_in_the_editor_changes_nothing(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_deck(pilot)
        editor.query_one("#card-prompt", TextArea).load_text("First card")
        await pilot.press("ctrl+n")
        await pilot.pause()
        # A card as a hand-written deck may have it: no kind, tags as one string. The form
        # shows it as "question" and "a, b"; filling the form must not write that back.
        draft = editor.draft
        draft.cards[0].data.pop("kind", None)
        draft.cards[0].data["tags"] = "a, b"
        draft.changed = False
        before = dict(draft.cards[0].data)
        editor.current = 0
        editor.load_card()
        await pilot.pause()
        assert str(editor.query_one("#card-kind").value) == "question"
        assert draft.cards[0].data == before
        assert not draft.changed


def luminance(color: Color) -> float:
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(color.r) + 0.7152 * linear(color.g) + 0.0722 * linear(color.b)


def contrast(one: Color, other: Color) -> float:
    """The WCAG contrast ratio: 4.5 or more reads well as ordinary text."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_partner_colours_read_well_on_the_theme(theme):
    colors = partner_variables(BUILTIN_THEMES[theme])
    background = Color.parse(BUILTIN_THEMES[theme].to_color_system().generate()["background"])
    first, second = Color.parse(colors["partner-a"]), Color.parse(colors["partner-b"])
    assert first != second
    for color in (first, second):
        assert contrast(color, background) >= 4.5


async def test_the_app_offers_the_partner_colours_in_every_theme(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        for theme in ("textual-dark", "textual-light", "ansi-dark"):
            app.theme = theme
            await pilot.pause()
            expected = partner_variables(BUILTIN_THEMES[theme])
            assert app.theme_variables["partner-a"] == expected["partner-a"]
            assert app.theme_variables["partner-b"] == expected["partner-b"]
