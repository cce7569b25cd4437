"""A paste is text and a stray byte is a character (issue 11 H2, H3), in a real terminal too.

Every paste in the corpus (tests/data/pastes.toml, with the review's H2 paste) is pasted into a
real heartline by tests/tui/test_corpus_pastes.py.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from heartline.save_format import load
from heartline.tui.terminal_input import PASTE_END, PASTE_START, GuardedParser

from .terminal import Terminal, until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

DECK = 'title = "Marigold"\n[[cards]]\nid = "one"\nprompt = "Marigold: how was today?"\n'


def test_the_minimal_reproduction_escapes_inside_a_paste_are_shown_not_run() -> None:
    # What tmux sent in the review: a paste holding a colour code and ctrl+o.
    pasted = f"{PASTE_START}red \x1b[31mtext\x1b[0m and \x0f more{PASTE_END}"
    guarded = GuardedParser().guard(pasted)
    assert guarded == f"{PASTE_START}red ␛[31mtext␛[0m and \x0f more{PASTE_END}"


def test_escapes_outside_a_paste_are_keys_as_before() -> None:
    keys = "\x1b[A\x1b\x1bOP"  # up, escape, F1
    assert GuardedParser().guard(keys) == keys


@pytest.mark.parametrize("cut", range(1, 14))
def test_a_paste_split_across_reads_is_guarded_the_same(cut: int) -> None:
    pasted = f"a{PASTE_START}x\x1b]0;T\x07y{PASTE_END}\x1b[B"
    parser = GuardedParser()
    assert parser.guard(pasted[:cut]) + parser.guard(pasted[cut:]) == GuardedParser().guard(pasted)


def _game(tmp_path: Path) -> tuple[Terminal, Path]:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "marigold.toml").write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    terminal = Terminal(
        "--data-dir", str(data), "play", "marigold", "--players", "Ana", "Ben",
        "--decks", str(decks), "--seed", "1",
    )  # fmt: skip
    terminal.wait_for("Marigold:")
    [save] = (data / "saves").glob("*.toml")
    return terminal, save


def test_h3_a_byte_that_is_not_utf8_does_not_end_the_game(tmp_path: Path) -> None:
    terminal, save = _game(tmp_path)
    try:
        terminal.type("caf")
        os.write(terminal.fd, b"\xe9")  # a Latin-1 terminal's "é"
        terminal.type("x")
        until(lambda: b"caf" in save.read_bytes() and b"x" in save.read_bytes(), 10, terminal)
        assert os.waitpid(terminal.pid, os.WNOHANG) == (0, 0)  # still running
    finally:
        terminal.kill()
    [draft] = load(save).drafts.values()
    assert draft.startswith("caf") and draft.endswith("x")
