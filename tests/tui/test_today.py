"""Today's card on screen: who's answering, a sealed answer, the reveal, a reply."""

from __future__ import annotations

from textual.widgets import Static

from heartline.tui.app import make_app
from heartline.tui.screens.today import TodayScreen
from heartline.tui.widgets.answer_box import AnswerBox
from heartline.workspace import Workspace

from .conftest import SIZE, TEST_DECKS

COUPLE = ("Ana", "Ben")


def today_app(data_dir, folder=None):
    workspace = Workspace(data_dir, [TEST_DECKS], seed=1)
    return make_app(workspace, opening=lambda: TodayScreen(COUPLE, folder, day="2026-02-14"))


def shown(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


async def write(pilot, text: str) -> None:
    box = pilot.app.screen.query_one(AnswerBox)
    box.load_text(text)
    await pilot.press("enter")
    await pilot.pause()


async def test_each_answers_privately_and_both_are_revealed_together(data_dir) -> None:
    app = today_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "Who's answering? 1 for Ana or 2 for Ben" in shown(app)
        await pilot.press("enter")  # Enter chooses nobody
        await pilot.pause()
        assert not app.screen.query_one(AnswerBox).display
        await pilot.press("1")
        await pilot.pause()
        await write(pilot, "Zanzibar at sunrise")
        text = shown(app)
        assert "Ana: answered, sealed until you both have" in text
        assert "Zanzibar" not in text  # sealed: not even its author sees it
        assert "Who's answering? 2 for Ben." in text
        await pilot.press("1")  # Ana has answered: 1 does nothing now
        await pilot.pause()
        assert not app.screen.query_one(AnswerBox).display
        await pilot.press("2")
        await pilot.pause()
        await write(pilot, "The walk home in the rain")
        text = shown(app)
        assert "Zanzibar at sunrise" in text and "The walk home in the rain" in text
        await pilot.press("r", "2")
        await pilot.pause()
        await write(pilot, "Yes, that one")
        assert "replied: Yes, that one" in shown(app)


async def test_an_empty_answer_is_not_sealed(data_dir) -> None:
    app = today_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await write(pilot, "   ")
        assert app.screen.writing == 0
        assert "Ana: not yet" in shown(app)


async def test_unsent_words_come_back_to_the_same_partner_only(data_dir) -> None:
    app = today_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        app.screen.query_one(AnswerBox).load_text("Half a thought")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        assert app.screen.query_one(AnswerBox).text == ""  # Ben never sees Ana's words
    again = today_app(data_dir)  # and after quitting
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert again.screen.query_one(AnswerBox).text == "Half a thought"
    drafts = data_dir / "today-drafts.json"
    assert drafts.stat().st_mode & 0o077 == 0
    assert not list((data_dir / "today").glob("*drafts*"))  # never in the daily folder


def test_snapshot_today_sealed(snap_compare, data_dir) -> None:
    async def one_answer(pilot):
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        await write(pilot, "Zanzibar at sunrise")

    assert snap_compare(today_app(data_dir), terminal_size=SIZE, run_before=one_answer)


async def test_home_opens_todays_card_asking_the_names_once(data_dir) -> None:
    from heartline.tui.screens.home import HomeScreen
    from heartline.tui.screens.today import NamesDialog

    workspace = Workspace(data_dir, [TEST_DECKS], seed=1)
    app = make_app(workspace)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, NamesDialog)
        await pilot.press(*"Ana", "enter", *"Ben", "enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.screen.partners == ("Ana", "Ben")
        await pilot.press("1")
        await pilot.pause()
        await write(pilot, "Zanzibar at sunrise")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#home-menu")
        prompt = str(menu.get_option("today").prompt)
        assert prompt.startswith("t  Today's card")


async def test_home_says_who_todays_card_waits_for_without_a_word_of_it(data_dir) -> None:
    from heartline.daily import today
    from heartline.preferences import CoupleChoices

    workspace = Workspace(data_dir, [TEST_DECKS], seed=1)
    workspace.preferences.remember(CoupleChoices(names=("Ana", "Ben")))
    workspace.answer_today(COUPLE, 0, "Zanzibar at sunrise", day=today())
    app = make_app(Workspace(data_dir, [TEST_DECKS], seed=1))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#home-menu")
        prompt = str(menu.get_option("today").prompt)
        assert prompt == "t  Today's card  (waiting for Ben)"
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen) and "Zanzibar" not in shown(app)
