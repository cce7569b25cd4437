"""The screen under pressure: odd sizes, hostile text in every field, bad folders, no network."""

from __future__ import annotations

import errno
import os
import socket
import stat
import subprocess
import sys

import pytest
from textual.widgets import Input, Static, TextArea

from heartline.save_format import load
from heartline.store import Store, lock_for
from heartline.tui.screens.closing import ClosingScreen
from heartline.tui.screens.dialogs import NoteDialog
from heartline.tui.screens.editor import DeckEditorScreen
from heartline.tui.screens.lists import ResumeScreen
from heartline.tui.screens.play import PlayScreen
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox

from .conftest import SIZE
from .test_play import screen_text, send, start_new_game

HOSTILE = [
    "[bold]loud[/]",
    "[/]",
    "[link=https://example.com]click[/link]",
    "[@click=app.quit]bye[/]",
    "[b",
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x1b]0;new title\x07",
    "bell\x07",
    "nul\x00here",
    "שלום עולם",
    "e\u0301\u0302\u0303",
    "🙂👩‍❤️‍👨",
    "漢字かなカナ",
]
RAW = ("\x1b", "\x07", "\x00")


def assert_literal(app, text: str) -> None:
    shown = screen_text(app)
    for raw in RAW:
        assert raw not in shown
    from heartline.text import printable

    assert printable(text).split("\n")[0] in shown


def recorded_notifications(app) -> list[str]:
    seen: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        seen.append(f"{kwargs.get('title', '')}: {message}")
        return original(message, *args, **kwargs)

    app.notify = notify
    return seen


@pytest.mark.parametrize("size", [(40, 12), (60, 20), (80, 24), (200, 60)])
async def test_the_play_screen_at_every_size(build_app, make_session, store, size):
    session = make_session()
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=size) as pilot:
        for answer in ["Autumn", "", "Work", "A heavy week"]:
            await send(pilot, answer)
        await pilot.press("2")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.step.kind.value == "clarify"
        assert "say a little more" in str(app.screen.query_one("#banner", Static).render())


async def test_resizing_mid_card_from_large_to_tiny_and_back(build_app, make_session, store):
    session = make_session()
    session.submit("Autumn")
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=(200, 60)) as pilot:
        for size in [(200, 60), (40, 12), (20, 6), (10, 3), (120, 40), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await send(pilot, "Spring")
        assert app.is_running
        assert [a.text for a in load(path).slots[0].answers] == ["Autumn", "Spring"]


async def test_hostile_text_in_names_answers_notes_and_the_closing(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#name-a", Input).value = "[b]Ana\x1b[31m"
        app.screen.query_one("#name-b", Input).value = "[@click=app.quit]Ben"
        decks = app.screen.query_one("#decks")
        decks.deselect_all()
        decks.select("all-kinds")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert "[b]Ana␛[31m answers" in str(app.screen.query_one("#banner", Static).render())
        for text in HOSTILE[:6]:
            while app.screen.session.step.choices:
                await pilot.press("1")
                await pilot.pause()
            card = app.screen.session.current
            await send(pilot, text)
            assert app.is_running
            if app.screen.session.current is card:  # still on the card: its answers show
                assert_literal(app, text)
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one("#note-text", AnswerBox).load_text("\x1b]0;title\x07[bold]note")
        await pilot.press("enter")
        await pilot.pause()
        assert_literal(app, "␛]0;title␇[bold]note")
        await pilot.press("ctrl+g")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        for text in ["[link=x]you[/link] \x07", "漢字 🙂 שלום"]:
            app.screen.query_one(SecretBox).value = text
            await pilot.press("enter")
            await pilot.pause()
        assert_literal(app, "[link=x]you[/link] ␇")
        assert "漢字 🙂 שלום" in screen_text(app)
        assert app.is_running
    saved = load(next((data_dir / "saves").glob("*.toml")))
    assert saved.partners == ("[b]Ana\x1b[31m", "[@click=app.quit]Ben")
    assert [a.text for a in saved.closing] == ["[link=x]you[/link] \x07", "漢字 🙂 שלום"]


@pytest.mark.parametrize("text", HOSTILE)
async def test_every_hostile_answer_is_kept_and_shown_literally(
    build_app, make_session, store, text
):
    session = make_session()
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await send(pilot, text)
        assert app.is_running
        assert_literal(app, text)
    assert load(path).slots[0].answers[0].text == text


async def test_hostile_text_in_the_deck_editor(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one(Input).value = "[bold]Deck\x1b[2J"
        await pilot.press("enter")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, DeckEditorScreen)
        prompt = editor.query_one("#card-prompt", TextArea)
        prompt.load_text("[@click=app.quit]Hi\x1b[2J\x07 [b")
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]Deck␛[2J" in shown  # the title, in the status line
        label = str(editor.query_one("#card-list").get_option_at_index(0).prompt)
        assert "[@click=app.quit]Hi␛[2J␇ [b" in label
        drawn = "".join(segment.text for y in range(3) for segment in prompt.render_line(y))
        assert "[@click=app.quit]Hi[2J [b" in drawn
        for raw in RAW:
            assert raw not in shown
            assert raw not in drawn
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.is_running
    saved = next((data_dir / "decks").glob("*.toml"))
    assert "[@click=app.quit]Hi" in saved.read_text()


async def test_a_save_folder_open_to_others_is_made_private_with_a_warning(build_app, data_dir):
    saves = data_dir / "saves"
    saves.mkdir(parents=True)
    (saves / "2026-01-01-0000-a-b.toml").write_text("not yet read")
    saves.chmod(0o755)
    app = build_app()
    seen = recorded_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert any("could be read by other people" in message for message in seen)
    assert stat.S_IMODE(saves.stat().st_mode) == 0o700


async def test_a_read_only_save_folder(build_app, make_session, store, monkeypatch):
    session = make_session()
    path = store.save(session)
    good = path.read_bytes()
    app = build_app(session=session, save_path=path)
    seen = recorded_notifications(app)
    real_open = os.open

    def read_only(file, flags, *args, **kwargs):
        # Root ignores a folder's mode, so do what the kernel does for everyone else.
        if str(file).startswith(str(store.folder)) and flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, flags, *args, **kwargs)

    store.folder.chmod(0o500)
    monkeypatch.setattr("heartline.files.os.open", read_only)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await send(pilot, "Kept in memory")
            screen = app.screen
            status = str(screen.query_one("#status", Static).render())
            assert "NOT SAVED (Permission denied)" in status
            assert any("Couldn't save" in message for message in seen)
            assert screen.session.slots[0].answers[0].text == "Kept in memory"
            assert path.read_bytes() == good
            store.folder.chmod(0o700)
            monkeypatch.undo()
            await send(pilot, "And this")
            assert "NOT SAVED" not in str(screen.query_one("#status", Static).render())
    finally:
        store.folder.chmod(0o700)
    assert [a.text for a in load(path).slots[0].answers] == ["Kept in memory", "And this"]


async def test_resume_screen_refuses_a_session_open_elsewhere(build_app, make_session, store):
    path = store.save(make_session())
    # Another heartline holding the save's lock (a pid alone in the file would not block).
    hold = (
        "import sys; from pathlib import Path; from heartline.files import SaveLock\n"
        "SaveLock(Path(sys.argv[1])).acquire(); print('held', flush=True); sys.stdin.read()\n"
    )
    sleeper = subprocess.Popen(
        [sys.executable, "-c", hold, str(lock_for(path).path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sleeper.stdout is not None and sleeper.stdout.readline() == "held\n"
        app = build_app()
        seen = recorded_notifications(app)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("r")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ResumeScreen)
            assert any(f"process {sleeper.pid}" in message for message in seen)
    finally:
        sleeper.kill()
        sleeper.wait()


async def test_a_whole_session_with_the_network_switched_off(build_app, data_dir, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("heartline tried to open a network connection")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot, length=3)
        while isinstance(app.screen, PlayScreen):
            if app.screen.session.step.choices:
                await pilot.press("1")
                await pilot.pause()
            else:
                await send(pilot, "fine")
        assert isinstance(app.screen, ClosingScreen)
        await send(pilot, "you")
        await send(pilot, "you too")
        await pilot.click("#to-summary")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
    assert list((data_dir / "journal").glob("*.md"))
    assert load(next(Store(data_dir / "saves").folder.glob("*.toml"))).finished


def test_no_network_module_is_imported_by_the_game() -> None:
    code = (
        "import sys, heartline.cli, heartline.tui.app\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'http', 'urllib3', 'requests', 'httpx', 'aiohttp'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


async def test_text_fields_never_draw_control_characters(build_app, make_session, store):
    session = make_session()
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.query_one(AnswerBox)
        box.load_text("pasted \x1b]0;title\x07 and \x1b[31mred")
        await pilot.pause()
        drawn = "".join(segment.text for segment in box.render_line(0))
        assert "pasted ]0;title and [31mred" in drawn
        for raw in RAW:
            assert raw not in drawn
        assert box.text == "pasted \x1b]0;title\x07 and \x1b[31mred"  # kept exactly
