"""Issue 10 item 11 on the play, closing and summary screens: one column at every width, the
card readable at 40x12, nothing cut or wrapped on the summary."""

from __future__ import annotations

import pytest
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from heartline.tui.widgets.answer_box import AnswerBox
from heartline.tui.widgets.card_view import CardView
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
