"""No unsent word is lost: what a partner is typing is kept in the save and comes back."""

from __future__ import annotations

from pathlib import Path

from heartline.save_format import load
from heartline.tui.screens.breather import BreatherScreen
from heartline.tui.screens.closing import ClosingScreen
from heartline.tui.screens.play import PlayScreen
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox

from .conftest import SIZE
from .test_play import send, type_text


async def wait_for_save(pilot, path: Path, words: str, tries: int = 100) -> None:
    """Wait (on the app, not the clock) until the save file holds `words`."""
    for _ in range(tries):
        if words.encode() in path.read_bytes():
            return
        await pilot.pause(0.05)
    raise AssertionError(f"{words!r} never reached {path.name}")


def saved_game(build_app, store, session):
    """The app playing `session`, saved first; returns the app and its save's path."""
    path = store.save(session)
    return build_app(session=session, save_path=path), path


async def test_a_draft_typed_then_ctrl_q_is_back_in_the_box_on_resume(
    build_app, make_session, store
) -> None:
    session = make_session()
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Half a thought")
        await pilot.press("ctrl+q")
    assert not app.is_running
    resumed = load(path)
    assert resumed.drafts == {resumed.draft_key: "Half a thought"}
    assert resumed.log == session.log  # a draft is not an action

    again = build_app(session=resumed, save_path=path)
    async with again.run_test(size=SIZE) as pilot:
        box = again.screen.query_one(AnswerBox)
        assert box.text == "Half a thought"
        assert box.has_focus
        await type_text(pilot, " more")
        await pilot.press("enter")
        await pilot.pause()
    answers = load(path).slots[0].answers
    assert [answer.text for answer in answers] == ["Half a thought more"]
    assert load(path).drafts == {}


async def test_a_draft_reaches_the_save_soon_after_typing_without_quitting(
    build_app, make_session, store
) -> None:
    session = make_session()
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Still typing")
        await wait_for_save(pilot, path, "Still typing")
        assert app.is_running
        assert load(path).drafts == {session.draft_key: "Still typing"}


async def test_a_hidden_answer_draft_survives_a_quit(build_app, make_session, store) -> None:
    session = make_session()
    session.submit("Autumn")  # card 1, question: both answer
    session.submit("")
    session.submit("Work")  # card 2, mirror
    session.submit("A heavy week")
    session.choose("yes")
    assert session.step.private  # card 3: the guess card's hidden answer
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Rainy")
        await pilot.press("ctrl+q")
    resumed = load(path)
    again = build_app(session=resumed, save_path=path)
    async with again.run_test(size=SIZE):
        secret = again.screen.query_one(SecretBox)
        assert secret.display and secret.value == "Rainy"


async def test_a_draft_belongs_to_its_step_and_never_shows_on_the_next(
    build_app, make_session, store
) -> None:
    session = make_session()
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Autumn")
        await pilot.press("enter")
        await pilot.pause()
        box = app.screen.query_one(AnswerBox)
        assert box.text == ""  # the other partner's turn starts empty
        await type_text(pilot, "Spring")
        await pilot.press("ctrl+q")
    resumed = load(path)
    assert [a.text for a in resumed.slots[0].answers] == ["Autumn"]
    assert list(resumed.drafts.values()) == ["Spring"]


async def test_a_draft_survives_a_breather_and_a_resize(build_app, make_session, store) -> None:
    session = make_session()
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Before the breath")
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BreatherScreen)
        await pilot.resize_terminal(40, 12)
        await pilot.press("ctrl+q")  # quit from the breather itself
    resumed = load(path)
    assert list(resumed.drafts.values()) == ["Before the breath"]


async def test_an_appreciation_draft_survives_a_quit(build_app, make_session, store) -> None:
    session = make_session(cards=1)
    session.submit("Autumn")
    session.submit("Spring")
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ClosingScreen)
        await type_text(pilot, "Your laugh")
        await pilot.press("ctrl+q")
    resumed = load(path)
    assert resumed.drafts == {"closing:0": "Your laugh"}
    again = build_app(session=resumed, save_path=path)
    async with again.run_test(size=SIZE):
        assert again.screen.query_one(SecretBox).value == "Your laugh"


async def test_sent_words_leave_no_draft_behind(build_app, make_session, store) -> None:
    session = make_session()
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, PlayScreen)
        await type_text(pilot, "Autumn")
        await wait_for_save(pilot, path, "Autumn")
        await send(pilot, "Autumn")
    assert load(path).drafts == {}


async def test_a_note_being_written_survives_esc_and_a_quit(build_app, make_session, store):
    from heartline.tui.screens.dialogs import NoteDialog

    session = make_session()
    app, path = saved_game(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await type_text(pilot, "Ask about the ferry")
        await pilot.press("escape")  # closed by mistake
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert app.screen.query_one("#note-text", AnswerBox).text == "Ask about the ferry"
        await pilot.press("ctrl+q")
    assert list(load(path).drafts.values()) == ["Ask about the ferry"]
    assert load(path).slots[0].notes == []


async def test_the_note_dialog_marks_only_the_chosen_writer(build_app, make_session, store):
    from heartline.tui.screens.dialogs import NoteDialog

    app, _ = saved_game(build_app, store, make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        marks = [str(button.render()) for button in app.screen.query("RadioButton")]
        assert sum("●" in mark for mark in marks) == 1  # a sign on the chosen one only
