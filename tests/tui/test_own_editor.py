"""F2: long answers and notes in your own editor ($VISUAL or $EDITOR), then back in the box.

A fake editor (a small shell script) appends a line and writes down what it was given: the
file's mode, its folder's mode and its path, so a test can see the file was private and is
gone. The Pilot tests go through the real `App.suspend` (the headless driver is told it can
suspend: its suspend and resume do nothing); the last test presses F2 in a real terminal.
"""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest
from textual.drivers.headless_driver import HeadlessDriver

from heartline.editing import EditorFailed, edit_text, editor_command
from heartline.save_format import load
from heartline.tui.screens.dialogs import NoteDialog
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox

from .conftest import SIZE
from .terminal import Terminal, until
from .test_play import type_text

ADDED = "and from the editor"


def fake_editor(folder: Path, exit_code: int = 0) -> Path:
    """An editor that appends a line (as editors do, ending with a line break) and records."""
    script = folder / "fake-editor"
    record = folder / "record"
    script.write_text(
        "#!/bin/sh\n"
        f'stat -c %a "$1" > "{record}.mode"\n'
        f'stat -c %a "$(dirname "$1")" > "{record}.folder"\n'
        f'printf %s "$1" > "{record}.path"\n'
        f"printf '\\n%s\\n' '{ADDED}' >> \"$1\"\n"
        f"exit {exit_code}\n",
        encoding="utf-8",
    )
    script.chmod(0o700)
    return script


def recorded(folder: Path, what: str) -> str:
    return (folder / f"record.{what}").read_text(encoding="utf-8")


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$EDITOR is the fake editor; $VISUAL is unset; the headless driver can 'suspend'."""
    script = fake_editor(tmp_path)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: True))
    return script


def assert_private_and_gone(folder: Path) -> None:
    assert recorded(folder, "mode") == "600\n"
    assert recorded(folder, "folder") == "700\n"
    edited = Path(recorded(folder, "path"))
    assert not edited.exists() and not edited.parent.exists()


# --- the core ------------------------------------------------------------------------------


def test_the_editor_edits_a_private_file_that_is_then_removed(tmp_path: Path) -> None:
    script = fake_editor(tmp_path)
    assert edit_text("Half a thought", [str(script)]) == f"Half a thought\n{ADDED}"
    assert_private_and_gone(tmp_path)


def test_a_failing_editor_changes_nothing_and_leaves_no_file(tmp_path: Path) -> None:
    script = fake_editor(tmp_path, exit_code=3)
    with pytest.raises(EditorFailed, match=r"stopped with an error \(exit 3\)"):
        edit_text("Half a thought", [str(script)])
    assert_private_and_gone(tmp_path)


def test_the_editor_is_visual_then_editor_and_must_exist(tmp_path: Path) -> None:
    script = str(fake_editor(tmp_path))
    assert editor_command({}) is None
    assert editor_command({"EDITOR": "  "}) is None
    assert editor_command({"EDITOR": f"{script} -w"}) == [script, "-w"]
    assert editor_command({"VISUAL": script, "EDITOR": "nano-not-here"}) == [script]
    with pytest.raises(EditorFailed, match="can't find the editor 'nano-not-here'"):
        editor_command({"EDITOR": "nano-not-here"})
    with pytest.raises(EditorFailed, match="can't be read"):
        editor_command({"EDITOR": "'unclosed"})


def test_an_editor_that_cannot_start_changes_nothing(tmp_path: Path) -> None:
    def refuses(command: list[str]) -> int:
        raise PermissionError(13, "Permission denied")

    with pytest.raises(EditorFailed, match="can't start the editor"):
        edit_text("words", ["vi"], refuses)


# --- on screen -----------------------------------------------------------------------------


async def test_f2_puts_the_editors_words_in_the_answer_box_and_the_draft(
    build_app, make_session, store, editor: Path, tmp_path: Path
) -> None:
    session = make_session()
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Half")
        await pilot.press("f2")
        await pilot.pause()
        box = app.screen.query_one(AnswerBox)
        assert box.text == f"Half\n{ADDED}"
        assert box.has_focus
        await pilot.press("ctrl+q")
    assert load(path).drafts == {session.draft_key: f"Half\n{ADDED}"}
    assert_private_and_gone(tmp_path)


async def test_f2_in_the_note_dialog_edits_the_note(
    build_app, make_session, store, editor: Path
) -> None:
    session = make_session()
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+n")
        assert isinstance(app.screen, NoteDialog)
        await type_text(pilot, "Note")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one("#note-text", AnswerBox).text == f"Note\n{ADDED}"


async def test_f2_in_a_hidden_answer_box_brings_back_one_line(
    build_app, make_session, store, editor: Path
) -> None:
    session = make_session()
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        secret = app.screen.query_one(SecretBox)
        secret.display = True
        secret.value = "Kept"
        secret.focus()
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert secret.value == f"Kept {ADDED}"


def said(app) -> list[str]:
    return [str(notice.message) for notice in app._notifications]


@pytest.mark.parametrize(
    ("environment", "words"),
    [
        ({}, "Set $VISUAL or $EDITOR"),
        ({"EDITOR": "no-such-editor-here"}, "Can't find the editor 'no-such-editor-here'"),
        ({"EDITOR": "false"}, "stopped with an error (exit 1)"),
    ],
)
async def test_a_missing_or_failing_editor_says_one_line_and_keeps_the_words(
    build_app, make_session, store, editor: Path, monkeypatch, environment, words
) -> None:
    monkeypatch.delenv("EDITOR")
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    session = make_session()
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Half")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one(AnswerBox).text == "Half"
        [message] = said(app)
        assert words in message and "\n" not in message


async def test_a_screen_that_cannot_make_way_says_so(
    build_app, make_session, store, editor: Path, monkeypatch
) -> None:
    monkeypatch.setattr(HeadlessDriver, "can_suspend", property(lambda self: False))
    session = make_session()
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "Half")
        await pilot.press("f2")
        await pilot.pause()
        assert app.screen.query_one(AnswerBox).text == "Half"
        [message] = said(app)
        assert "can't make way for an editor" in message


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_f2_in_a_real_terminal_hands_it_to_the_editor_and_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_editor(tmp_path)
    data = tmp_path / "data"
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", str(script))  # the game's process inherits it
    terminal = Terminal(
        "--data-dir", str(data), "play", "first-date-night",
        "--players", "Ana", "Ben", "--seed", "1",
    )  # fmt: skip
    try:
        terminal.wait_for("answers")
        [save] = (data / "saves").glob("*.toml")
        terminal.type("Half")
        until(lambda: b"Half" in save.read_bytes(), 10, terminal)
        terminal.type("\x1bOQ")  # F2
        until(lambda: ADDED.encode() in save.read_bytes(), 10, terminal)
    finally:
        terminal.kill()
    assert stat.S_IMODE(save.stat().st_mode) == 0o600
    assert_private_and_gone(tmp_path)
