"""Issue 10 item 11 on the play, closing and summary screens: one column at every width, the
card readable at 40x12, nothing cut or wrapped on the summary."""

from __future__ import annotations

from itertools import combinations

import pytest
from textual.geometry import Region
from textual.widgets import Footer, RadioButton, RadioSet, Static
from textual.widgets._footer import FooterKey

from heartline.tui.screens.breather import BreatherScreen
from heartline.tui.screens.dialogs import NoteDialog
from heartline.tui.widgets.answer_box import AnswerBox
from heartline.tui.widgets.card_view import CardView
from heartline.tui.widgets.countdown import Countdown
from heartline.tui.widgets.turn_banner import TurnBanner

from .test_snapshots import TO_KIND, advance


async def open_play(build_app, make_session, store, kind="question"):
    session = make_session()
    advance(session, TO_KIND[kind])
    return build_app(session=session, save_path=store.save(session))


@pytest.mark.parametrize("size", [(120, 40), (200, 50)], ids=["120x40", "200x50"])
async def test_wide_terminals_line_up_header_turn_line_card_answer_and_footer(
    build_app, make_session, store, size
):
    app = await open_play(build_app, make_session, store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        card = screen.query_one(CardView).region
        lefts = {
            "status": screen.query_one("#status", Static).content_region.x,
            "turn line": screen.query_one(TurnBanner).region.x,
            "card": card.x,
            "answer": screen.query_one(AnswerBox).region.x,
            "hint": screen.query_one("#hint", Static).region.x,
            "footer": screen.query(FooterKey).first().region.x,
        }
        assert set(lefts.values()) == {card.x}, lefts
        # The column sits in the middle, the card and the answer box together.
        assert card.x - 1 == size[0] - card.right - 1 or card.x == size[0] - card.right
        footer = screen.query_one(Footer).region
        assert footer.x > 0 and footer.right < size[0]
        assert screen.query_one(AnswerBox).region.y - card.bottom <= 1


@pytest.mark.parametrize("kind", list(TO_KIND))
async def test_at_40x12_the_card_shows_more_than_two_rows_under_the_turn_line(
    build_app, make_session, store, kind
):
    app = await open_play(build_app, make_session, store, kind)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        shown = screen.query_one("#play-body").scrollable_content_region
        card = screen.query_one(CardView).region.intersection(shown)
        assert card.height > 2, kind
        banner = screen.query_one(TurnBanner).region
        assert banner.height > 0 and banner.bottom <= card.y, kind


def finished_app(build_app, make_session, store):
    session = make_session(cards=1)
    advance(session, ["Autumn", "Spring", "Your calm", "Your laugh"])
    assert session.finished
    return build_app(session=session, save_path=store.save(session))


async def to_summary(pilot):
    await pilot.pause()
    await pilot.press("space")
    await pilot.pause()


async def test_the_summary_never_breaks_time_together_at_80x24(build_app, make_session, store):
    session = make_session(cards=1)
    session.clock = lambda: session.started  # a session of under a minute
    advance(session, ["Autumn", "Spring", "Your calm", "Your laugh"])
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=(80, 24)) as pilot:
        await to_summary(pilot)
        stats = app.screen.query_one("#summary-stats", Static)
        shown = str(stats.render())
        assert "Time together: under a minute." in shown.splitlines()
        assert stats.region.height == len(shown.splitlines())


@pytest.mark.parametrize("size", [(60, 20), (80, 24)], ids=["60x20", "80x24"])
async def test_the_summary_footer_keeps_every_key_in_view(build_app, make_session, store, size):
    app = finished_app(build_app, make_session, store)
    async with app.run_test(size=size) as pilot:
        await to_summary(pilot)
        keys = app.screen.query(FooterKey)
        assert {key.description for key in keys} >= {"quit", "home", "export journal"}
        assert all(key.region.right <= size[0] and key.region.width > 0 for key in keys)
        # Nothing covers a key (the palette key on the right cut "quit" at 60x20).
        regions = [key.region for key in keys]
        assert not any(a.overlaps(b) for a, b in combinations(regions, 2))


@pytest.mark.parametrize("screen", ["closing", "summary"])
async def test_closing_and_summary_line_up_their_footer_with_the_words_at_120x40(
    build_app, make_session, store, screen
):
    session = make_session(cards=1)
    advance(
        session, ["Autumn", "Spring"] + (["Your calm", "Your laugh"] if screen == "summary" else [])
    )
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=(120, 40)) as pilot:
        if screen == "summary":
            await to_summary(pilot)
        await pilot.pause()
        body = app.screen.query_one(f"#{screen}-body").content_region
        key = app.screen.query(FooterKey).first().region
        assert key.x == body.x
        assert body.x - 0 == 120 - body.right  # in the middle


async def test_at_40x12_a_running_timer_stays_in_view(build_app, make_session, store):
    app = await open_play(build_app, make_session, store, "exercise")
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        screen = app.screen
        shown = screen.query_one("#play-body").scrollable_content_region
        timer = screen.query_one(Countdown).region
        assert timer.height == 1 and shown.contains_region(timer)


async def test_the_breather_wraps_its_words_at_40x12(build_app, make_session, store):
    app = await open_play(build_app, make_session, store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BreatherScreen)
        help_text = app.screen.query_one("#breather-help", Static)
        assert help_text.region.x >= 0 and help_text.region.right <= 40
        assert help_text.region.height >= 4  # wrapped, every word on screen


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24)], ids=str)
async def test_the_note_dialog_shows_whole_at(build_app, make_session, store, size):
    app = await open_play(build_app, make_session, store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NoteDialog)
        screen = Region(0, 0, *size)
        # Who is writing, the box to write in, and how to keep it or leave: all in view.
        parts = [
            dialog.query_one(".dialog-title"),
            dialog.query_one("#author", RadioSet),
            dialog.query_one("#note-text", AnswerBox),
        ]
        keys = [
            widget
            for widget in (*dialog.query(".dialog-keys"), *dialog.query(".dialog-buttons"))
            if widget.display
        ]
        assert len(keys) == 1
        for part in [*parts, *keys]:
            assert part.region.height > 0 and screen.contains_region(part.region), part
        assert all(button.region.height == 1 for button in dialog.query(RadioButton))
        assert dialog.query_one("#note-text", AnswerBox).region.height >= 3
        await pilot.press(*"Sang it")
        await pilot.press("enter")
        await pilot.pause()
        assert [n.text for n in app.screen.session.current.notes] == ["Sang it"]


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24)], ids=str)
async def test_the_footer_never_cuts_a_key_and_keeps_quit(build_app, make_session, store, size):
    app = await open_play(build_app, make_session, store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        for key in keys:
            assert key.region.right <= footer.region.right, key.description
        said = [key.description for key in keys]
        assert "quit" in said
        if size == (80, 24):
            assert "all keys" not in said and "finish" in said  # everything fits
        else:
            assert said[-1] == "all keys" and "breathe" in said
        await pilot.resize_terminal(80, 24)  # wider again: every key is back
        await pilot.pause()
        said = [key.description for key in app.screen.query_one(Footer).query(FooterKey)]
        assert "all keys" not in said and {"finish", "note", "quit"} <= set(said)


async def test_the_keys_list_scrolls_to_its_last_key_at_40x12(build_app, make_session, store):
    app = await open_play(build_app, make_session, store)
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        listing = app.screen.query_one("#keys-list")
        assert listing.region.bottom <= 12 and listing.max_scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert listing.scroll_y == listing.max_scroll_y
        assert "Esc closes this" in str(app.screen.query_one("#keys-title", Static).render())
