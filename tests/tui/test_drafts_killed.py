"""A real heartline, typed into through a pseudo-terminal and killed with SIGKILL mid-word.

Whatever was typed more than a second before the kill is in the save, and back in the box
when the game is resumed.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pytest

from heartline.save_format import load
from heartline.store import Autosave
from heartline.tui.app import make_app
from heartline.tui.widgets.answer_box import AnswerBox
from heartline.workspace import Workspace

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

DECK = """title = "Marigold evenings"
order = "fixed"

[[cards]]
id = "one"
prompt = "Marigold: what made you smile today?"

[[cards]]
id = "two"
prompt = "What would you like more of this week?"
"""


class Terminal:
    """heartline running in a pseudo-terminal of 80x24, its output drained as it comes."""

    def __init__(self, *argv: str) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: become heartline
            os.environ["TERM"] = "xterm-256color"
            os.execv(sys.executable, [sys.executable, "-m", "heartline", *argv])
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.seen = b""

    def drain(self, seconds: float = 0.05) -> None:
        ready, _, _ = select.select([self.fd], [], [], seconds)
        if ready:
            try:
                self.seen += os.read(self.fd, 65536)
            except OSError:
                pass

    def wait_for(self, what: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while what.encode() not in self.seen:
            assert time.monotonic() < deadline, f"{what!r} never appeared on screen"
            self.drain()

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)  # no zombie left holding the save's lock
        os.close(self.fd)


def until(condition, timeout: float, terminal: Terminal) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        terminal.drain()


async def test_a_killed_game_keeps_the_words_typed_a_second_before(tmp_path: Path) -> None:
    data = tmp_path / "data"
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "marigold.toml").write_text(DECK, encoding="utf-8")
    terminal = Terminal(
        "--data-dir", str(data), "play", "marigold", "--players", "Ana", "Ben",
        "--decks", str(decks), "--seed", "1",
    )  # fmt: skip
    try:
        terminal.wait_for("Marigold:")
        [save] = (data / "saves").glob("*.toml")
        terminal.type("The walk by the river")
        typed_at = time.monotonic()
        until(lambda: b"river" in save.read_bytes(), 10, terminal)
        # The promise is about words typed a second before the kill; wait out that second.
        until(lambda: time.monotonic() - typed_at > 1.0, 5, terminal)
        terminal.type(" and the")
    finally:
        terminal.kill()

    resumed = load(save)
    assert resumed.log == []  # nothing was sent
    [draft] = resumed.drafts.values()
    assert draft.startswith("The walk by the river")

    workspace = Workspace(data, [decks])
    app = make_app(workspace, Autosave(workspace.store, resumed, save))
    async with app.run_test(size=(80, 24)):
        box = app.screen.query_one(AnswerBox)
        assert box.text.startswith("The walk by the river")
        assert box.has_focus
