"""Readable for everyone: a high-contrast theme, partner colours that read on every theme,
meaning that survives NO_COLOR, and nothing that moves or blinks with motion reduced."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App
from textual.color import Color
from textual.filter import Monochrome, NoColor
from textual.theme import Theme
from textual.widgets import Button, Input, Static, TextArea

from heartline.tui.screens.breather import BreatherScreen
from heartline.tui.themes import HIGH_CONTRAST, THEMES
from heartline.tui.widgets.answer_box import AnswerBox
from heartline.tui.words import partner_variables

from .conftest import SIZE
from .test_play import next_card, screen_text, send
from .test_play_again import run_command, search_palette, written

BOLD_TEXT_RATIO = 3.0  # WCAG 2 AA for large or bold text (the partners' names are bold)


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(first: Color, second: Color) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def every_theme() -> dict[str, Theme]:
    """Textual's built-in themes (a plain App's) and heartline's own."""
    return App().available_themes | {theme.name: theme for theme in THEMES}


@pytest.mark.parametrize("name", sorted(every_theme()))
def test_partner_colours_read_on_every_theme(name: str) -> None:
    theme = every_theme()[name]
    colours = {**theme.to_color_system().generate(), **theme.variables}
    partners = {**partner_variables(theme), **theme.variables}
    if Color.parse(colours["background"]).ansi is not None:
        # The terminal's own palette, whose colours heartline can't know: bright hues on a
        # dark terminal (plain blue on black is hard to read), plain ones on a light one.
        expected = ("ansi_bright_magenta", "ansi_bright_blue") if theme.dark else None
        assert (partners["partner-a"], partners["partner-b"]) == (
            expected or ("ansi_magenta", "ansi_blue")
        )
        return
    for place in ("background", "surface", "panel"):
        ground = Color.parse(colours[place])
        for partner in ("partner-a", "partner-b"):
            ratio = contrast(Color.parse(partners[partner]), ground)
            assert ratio >= BOLD_TEXT_RATIO, f"{partner} on {name}'s {place}: {ratio:.2f}:1"


def test_the_high_contrast_theme_keeps_every_text_colour_at_seven_to_one() -> None:
    [theme] = [t for n, t in every_theme().items() if n == HIGH_CONTRAST]
    colours = {**theme.to_color_system().generate(), **theme.variables}
    black = Color.parse(colours["background"])
    for name in ("foreground", "text-muted", "text-primary", "text-accent", "partner-a"):
        assert contrast(Color.parse(colours[name]), black) >= 7, name
    assert contrast(Color.parse(colours["partner-b"]), black) >= 7


async def test_high_contrast_is_in_the_theme_picker_and_remembered(build_app, data_dir: Path):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        assert HIGH_CONTRAST in app.available_themes
        await pilot.press("ctrl+p")
        await search_palette(pilot, app, "theme")
        await search_palette(pilot, app, "heartline-high-contrast")
        assert app.theme == HIGH_CONTRAST
    assert written(data_dir)["theme"] == HIGH_CONTRAST

    again = build_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == HIGH_CONTRAST
        assert again.get_css_variables()["partner-a"] == "#FF9EC4"


async def test_no_color_takes_the_colour_away_and_every_cue_still_reads(
    build_app, make_session, store, monkeypatch
):
    monkeypatch.setenv("NO_COLOR", "1")
    session = make_session()
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        assert app.no_color
        assert any(isinstance(f, Monochrome | NoColor) for f in app.get_line_filters())
        banner = app.screen.query_one("#banner", Static)
        status = str(app.screen.query_one("#status", Static).render())
        # Whose turn: a name and a verb, not a colour. The status line says it in words.
        assert str(banner.render()) == "Ana answers"
        assert status.startswith("Ana & Ben") and "card 1 of 5" in status and "saved" in status
        await send(pilot, "Autumn")
        assert str(banner.render()) == "Ben answers"
        assert "Ana: Autumn" in screen_text(app)  # each answer line names who said it
        await send(pilot, "")
        await pilot.press("ctrl+f")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert "★ favorite" in str(app.screen.query_one("#status", Static).render())
        await next_card(pilot)
        await send(pilot, "Work was a lot")
        await send(pilot, "You had a heavy week")
        # Choices are numbered words; the one asked for is in the banner.
        assert str(banner.render()) == "Ben, did you feel understood?"
        labels = [str(button.label) for button in app.screen.query(Button) if button.display]
        assert labels[:3] == ["1 Yes", "2 Partly", "3 Not yet"]


async def test_a_suggested_choice_is_marked_by_a_sign_not_colour_alone(
    build_app, make_session, store
):
    session = make_session(cards=3)
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        for words in ("Autumn", ""):
            await send(pilot, words)
        await next_card(pilot)
        for words in ("Work was a lot", "You had a heavy week"):
            await send(pilot, words)
        await pilot.press("1")
        await pilot.pause()
        await next_card(pilot)
        for words in ("Lisbon", "Lisbon"):  # the answer, and a guess with its very words
            await send(pilot, words)
        labels = [str(b.label) for b in app.screen.query(Button) if b.display and b.parent]
        assert any(label.endswith("✓") for label in labels), labels
        assert sum(label.endswith("✓") for label in labels) == 1


async def test_reduced_motion_stills_the_breather_and_the_cursors(build_app, make_session, store):
    session = make_session()
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.query_one(AnswerBox)
        assert box.cursor_blink
        run_command(app, "Reduce motion on")
        await pilot.pause()
        assert not any(w.cursor_blink for w in app.screen.query("Input, TextArea"))
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BreatherScreen)
        breath = str(app.screen.query_one("#breath", Static).render())
        assert breath == "Breathe in for 4 · hold for 4 · breathe out for 6"
        assert "●" not in breath
        await pilot.pause(1.2)
        assert app.screen.beat == 0  # nothing ticks
        assert str(app.screen.query_one("#breath", Static).render()) == breath
        await pilot.press("enter")
        await pilot.pause()
        run_command(app, "Reduce motion off")
        await pilot.pause()
        assert box.cursor_blink

    again = build_app(session=session, save_path=store.save(session))
    async with again.run_test(size=SIZE) as pilot:  # motion on again: the breather breathes
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert "●" in str(again.screen.query_one("#breath", Static).render())


async def test_boxes_made_with_motion_reduced_never_blink(build_app, make_session, store):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        run_command(app, "Reduce motion on")
        await pilot.pause()
    session = make_session()
    again = build_app(session=session, save_path=store.save(session))
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        boxes = list(again.screen.query(Input)) + list(again.screen.query(TextArea))
        assert boxes and not any(box.cursor_blink for box in boxes)
