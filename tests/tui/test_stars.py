"""A star is each partner's own: ctrl+f asks whose, and never stars for the other."""

from __future__ import annotations

from heartline.save_format import load
from heartline.tui.screens.dialogs import NoteDialog
from heartline.tui.screens.play import PlayScreen
from heartline.tui.screens.star import StarDialog

from .conftest import SIZE
from .test_play import send


async def test_ctrl_f_asks_whose_favorite_and_enter_chooses_nothing(build_app, make_session, store):
    session = make_session(cards=3)
    path = store.save(session)
    app = build_app(session=load(path), save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, StarDialog)
        await pilot.press("enter")  # an Enter meant for something else stars nobody
        await pilot.pause()
        assert isinstance(app.screen, StarDialog)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert load(path).slots[0].stars == {1}
        await pilot.press("ctrl+f", "1")
        await pilot.pause()
        assert load(path).slots[0].stars == {0, 1}
        await pilot.press("ctrl+f", "2")  # Ben takes his star back; Ana's stays
        await pilot.pause()
        assert load(path).slots[0].stars == {0}
        await pilot.press("ctrl+f", "escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert load(path).slots[0].stars == {0}


async def test_a_star_or_note_in_the_look_back_is_for_the_card_on_screen(
    build_app, make_session, store
):
    session = make_session(cards=3)
    path = store.save(session)
    app = build_app(session=load(path), save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await send(pilot, "Autumn")
        await send(pilot, "Spring")
        assert app.screen.looking_back is not None  # card 1 complete, still on screen
        await pilot.press("ctrl+f", "3")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one("#note-text").load_text("We laughed")
        await pilot.press("enter")
        await pilot.pause()
        saved = load(path)
        assert saved.slots[0].stars == {0, 1} and not saved.slots[1].favorite
        assert [note.text for note in saved.slots[0].notes] == ["We laughed"]
        assert not saved.slots[1].notes
