"""Manage saves on screen (issue 13 item 6): name an evening and delete it from Resume and
Journal, restore it from the Trash, and the Trash in the palette."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Button, DataTable, Input, Static

from heartline.files import SaveLock
from heartline.save_format import read_summary
from heartline.store import lock_for
from heartline.tui.commands import HeartlineCommands
from heartline.tui.screens.dialogs import ConfirmDelete, PickSave, TitleDialog
from heartline.tui.screens.lists import JournalListScreen, ResumeScreen
from heartline.tui.screens.trash import TrashScreen
from helpers import Now, trash_clock

from .conftest import SIZE

# The partners' evening zone: fixed, so times on screen are the same on every machine.
EVENING = timezone(timedelta(hours=1))
DELETED = datetime(2026, 3, 1, 21, 30, tzinfo=EVENING)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Now:
    return trash_clock(monkeypatch, DELETED)


def finished(make_session, names=("Ana", "Ben")):
    session = make_session(cards=1, names=names)
    for text in ["Autumn", "Spring", "Your calm", "Your laugh"]:
        session.submit(text)
    assert session.finished
    return session


def toasts(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def cells(app, row: int = 0) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(cell) for cell in table.get_row_at(row)]


def footer_keys(app) -> dict[str, str]:
    return {
        binding.key: binding.description
        for (_, binding, enabled, _) in app.screen.active_bindings.values()
        if binding.show and enabled
    }


async def open_list(pilot, key: str) -> None:
    await pilot.press(key)
    await pilot.pause()


# --- naming -------------------------------------------------------------------------------


async def test_an_evening_is_named_from_resume_and_the_list_shows_it(
    build_app, make_session, store
):
    path = store.save(make_session())
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "r")
        assert isinstance(app.screen, ResumeScreen)
        assert {"n": "name it", "d": "delete", "t": "trash"}.items() <= footer_keys(app).items()
        assert cells(app)[1] == "All Kinds"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, TitleDialog)
        box = app.screen.query_one(Input)
        assert box.has_focus and box.value == ""
        for key in "Snow day":
            await pilot.press("space" if key == " " else key)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert read_summary(path).title == "Snow day"
        assert cells(app)[1] == "Snow day · All Kinds"
        assert "This evening is called “Snow day” now." in toasts(app)

        # The dialog opens with the title in it; emptied, the title goes.
        await pilot.press("n")
        await pilot.pause()
        box = app.screen.query_one(Input)
        assert box.value == "Snow day"
        box.value = ""
        await pilot.press("enter")
        await pilot.pause()
        assert read_summary(path).title == ""
        assert cells(app)[1] == "All Kinds"
        assert "This evening has no title now." in toasts(app)


async def test_escape_leaves_the_evening_as_it_was(build_app, make_session, store):
    path = store.save(make_session())
    before = path.read_bytes()
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "r")
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "Never kept"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
    assert path.read_bytes() == before


async def test_a_finished_evening_is_named_from_the_journal_with_hostile_text(
    build_app, make_session, store
):
    path = store.save(finished(make_session))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "j")
        assert isinstance(app.screen, JournalListScreen)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "[bold]ours[/] \x1b[31m\nnight"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen)
        assert read_summary(path).title == "[bold]ours[/] [31m night"
        assert cells(app)[1].startswith("[bold]ours[/] [31m")
        assert app.is_running


async def test_naming_an_evening_open_in_another_heartline_is_refused(
    build_app, make_session, store
):
    path = store.save(make_session())
    before = path.read_bytes()
    elsewhere = SaveLock(lock_for(path).path)
    elsewhere.acquire()
    app = build_app()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_list(pilot, "r")
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one(Input).value = "Mine"
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResumeScreen)
            assert any("open in another heartline" in toast for toast in toasts(app))
            assert path.exists()
    finally:
        elsewhere.release()
    assert path.read_bytes() == before


# --- deleting and restoring ---------------------------------------------------------------


async def test_delete_from_the_journal_asks_with_cancel_first_then_moves_to_the_trash(
    build_app, make_session, store, data_dir: Path, clock
):
    session = finished(make_session)
    session.title = "Our first snow"
    path = store.save(session)
    before = path.read_bytes()
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "j")
        await pilot.press("d")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDelete)
        words = "\n".join(str(widget.render()) for widget in dialog.query(Static))
        assert "Delete this evening?" in words
        assert "Ana & Ben · Sat 14 Feb 2026 20:05 · 1 of 1 played" in words
        assert "“Our first snow”" in words
        assert dialog.focused is dialog.query_one("#no", Button)
        await pilot.press("enter")  # Enter by habit: Cancel
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen) and path.exists()

        await pilot.press("delete")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen)
        assert not path.exists()
        assert (data_dir / "trash" / path.name).read_bytes() == before
        assert any(
            toast.startswith("Moved to the trash; restore it within 30 days from Journal → Trash")
            for toast in toasts(app)
        )
        assert app.screen.paths == []
        assert app.screen.query_one("#empty", Static).display
        assert footer_keys(app).get("n") is None  # nothing left to name or delete

        # The Trash, from the Journal: Enter puts it back.
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrashScreen)
        assert app.screen.names == [path.name]
        assert cells(app) == [
            "Ana & Ben",
            "Our first snow · All Kin…",
            "Sun 01 Mar 21:30",
            "30 days",
        ]
        assert footer_keys(app).get("enter") == "restore"
        await pilot.press("enter")
        await pilot.pause()
        assert path.read_bytes() == before
        assert "Ana & Ben, “Our first snow”: back in the Journal." in toasts(app)
        assert app.screen.names == []
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen)
        assert app.screen.paths == [str(path)]


async def test_delete_from_resume_keeps_the_cursor_near_and_refuses_an_open_game(
    build_app, make_session, store, clock
):
    first = store.save(make_session(names=("Ana", "Ben")))
    second = store.save(make_session(names=("Cy", "Dee")))
    third = store.save(make_session(names=("Eli", "Fay")))
    app = build_app()
    elsewhere = SaveLock(lock_for(first).path)
    elsewhere.acquire()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await open_list(pilot, "r")
            listed = app.screen.paths
            assert set(listed) == {str(first), str(second), str(third)}
            table = app.screen.query_one(DataTable)
            table.move_cursor(row=listed.index(str(first)))
            await pilot.press("d", "y")
            await pilot.pause()
            assert first.exists()
            assert any("open in another heartline" in toast for toast in toasts(app))

            table.move_cursor(row=1)
            gone = Path(listed[1])
            await pilot.press("d", "y")
            await pilot.pause()
            assert not gone.exists()
            assert app.screen.query_one(DataTable).cursor_row == 1
            assert len(app.screen.paths) == 2
    finally:
        elsewhere.release()


async def test_the_trash_lets_go_of_old_evenings_says_so_and_restores_beside_a_taken_name(
    build_app, make_session, store, data_dir: Path, clock
):
    app = build_app()
    workspace = app.workspace
    old = store.save(make_session(names=("Old", "Pair")))
    workspace.trash(old)
    clock.moment += timedelta(days=29)
    path = store.save(make_session())
    before = path.read_bytes()
    workspace.trash(path)
    again = store.save(make_session())  # the same name again, in the saves
    assert again == path
    clock.moment += timedelta(days=2)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "r")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TrashScreen)
        assert "1 evening deleted 30 days ago or more went for good." in toasts(app)
        assert app.screen.names == [path.name]
        assert cells(app)[3] == "28 days"
        await pilot.press("r")
        await pilot.pause()
        back = path.with_name(f"{path.stem}-2.toml")
        assert back.read_bytes() == before
        assert f"Ana & Ben: back in Resume (as {back.name}: its old name was taken)." in (
            toasts(app)
        )
        await pilot.press("escape")
        await pilot.pause()
        assert set(app.screen.paths) == {str(path), str(back)}


async def test_the_trash_says_why_when_its_folder_is_a_file(build_app, data_dir: Path):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "trash").write_text("a file")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "j")
        await pilot.press("t")
        await pilot.pause()
        problems = str(app.screen.query_one("#trash-problems", Static).render())
        assert problems == (
            "Can't use the trash: It is a file, not a folder; move it away and heartline "
            "makes the trash folder."
        )
        assert app.is_running


async def test_the_trash_is_in_the_palette_after_the_places(build_app, make_session):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        offered = [command.name for command in HeartlineCommands(app.screen).commands()]
        assert offered[4] == "Trash"
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        for key in "trash":
            await pilot.press(key)
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TrashScreen)
        assert str(app.screen.query_one("#trash-empty", Static).render()).startswith(
            "The trash is empty."
        )

    game = build_app(make_session())
    async with game.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Trash" not in [c.name for c in HeartlineCommands(game.screen).commands()]


async def test_an_unreadable_save_is_picked_and_moved_to_the_trash_as_it_is(
    build_app, make_session, store, data_dir: Path, clock
):
    good = store.save(make_session())
    cut = store.folder / "2026-01-01-0000-x-y.toml"
    cut.write_text("format = 1\nstatus = [")
    empty = store.folder / "empty.toml"
    empty.write_bytes(b"")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "r")
        broken = str(app.screen.query_one("#broken", Static).render())
        assert broken.splitlines()[-1] == (
            "To clear one away: Tab to this list, then d (it goes to the trash, as it is)."
        )
        await pilot.press("d")  # on the list of evenings: the evening, not these
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#broken-box").focus()
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, PickSave)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        words = "\n".join(str(widget.render()) for widget in app.screen.query(Static))
        assert "empty.toml\nThe file is empty." in words
        await pilot.press("y")
        await pilot.pause()
        assert not empty.exists() and (data_dir / "trash" / "empty.toml").read_bytes() == b""
        assert cut.exists() and good.exists()
        assert "empty.toml" not in str(app.screen.query_one("#broken", Static).render())


async def test_with_no_evening_listed_d_deletes_the_one_unreadable_save(
    build_app, store, data_dir: Path, clock
):
    cut = store.folder / "2026-01-01-0000-x-y.toml"
    cut.write_text("format = 1\nstatus = [")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "j")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDelete)
        await pilot.click("#yes")
        await pilot.pause()
        assert not cut.exists()
        assert (data_dir / "trash" / cut.name).read_text() == "format = 1\nstatus = ["
        assert footer_keys(app).get("d") is None  # nothing left to delete


# --- a look at the Trash --------------------------------------------------------------------


def test_trash_screen(snap_compare, build_app, make_session, store, clock):
    app = build_app()
    workspace = app.workspace
    named = finished(make_session, names=("Alexandra-Marie", "Christophe"))
    named.title = "Our anniversary, by the sea"
    workspace.trash(store.save(named))
    clock.moment += timedelta(days=12, hours=3)
    workspace.trash(store.save(make_session(names=("Ana", "Ben"))))
    clock.moment += timedelta(days=3)
    broken = store.folder / "2026-01-01-0000-x-y.toml"
    broken.write_text("format = 1\nstatus = [")
    workspace.trash(broken)
    clock.moment += timedelta(days=1)

    async def to_trash(pilot):
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()

    assert snap_compare(app, terminal_size=SIZE, run_before=to_trash)


async def test_the_evening_just_finished_is_named_in_place_and_not_deleted_under_its_summary(
    build_app, make_session, store
):
    session = finished(make_session)
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.click("#to-summary")
        await pilot.pause()
        app.open_place("journal")  # as ctrl+p, Journal does from the summary
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen)
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "Just now"
        await pilot.press("enter")
        await pilot.pause()
        assert read_summary(path).title == "Just now"
        assert app.active is not None and app.active.session.title == "Just now"
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, JournalListScreen)
        assert "This evening is still open here. Go back Home first, then delete it." in (
            toasts(app)
        )
        assert path.exists()
