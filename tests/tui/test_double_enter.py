"""A double Enter never says "said aloud" for the partner whose turn comes next."""

from __future__ import annotations

import pytest

from heartline.save_format import load
from heartline.session import Role
from heartline.tui.screens.play import PlayScreen
from heartline.tui.widgets.answer_box import AnswerBox

from .conftest import SIZE


@pytest.fixture(autouse=True)
def guard_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(PlayScreen, "ALOUD_AFTER", 0.6)


async def test_the_second_enter_of_a_double_enter_answers_nothing(build_app, make_session, store):
    session = make_session(cards=3)
    path = store.save(session)
    app = build_app(session=load(path), save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one(AnswerBox)
        box.load_text("Autumn, for the light")
        box.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")  # the second press, right after Ben's turn came up
        await pilot.pause()
        replies = load(path).slots[0].replies
        assert [(r.by, r.text) for r in replies] == [(0, "Autumn, for the light")]
        assert "Press Enter again" in str(app.screen.query_one("#hint").render())
        await pilot.press("enter")  # Ben did say it aloud: pressed again, it is sent
        await pilot.pause()
        replies = load(path).slots[0].replies
        assert [(r.by, r.role, r.text) for r in replies][1] == (1, Role.ANSWER, "")


async def test_words_are_never_held(build_app, make_session, store):
    session = make_session(cards=3)
    path = store.save(session)
    app = build_app(session=load(path), save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        box = app.screen.query_one(AnswerBox)
        box.load_text("Autumn")
        await pilot.press("enter")
        await pilot.pause()
        box.load_text("Spring")
        await pilot.press("enter")  # written words go at once, however fast
        await pilot.pause()
        assert [r.text for r in load(path).slots[0].replies] == ["Autumn", "Spring"]
