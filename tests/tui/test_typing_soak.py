"""Typed characters are never dropped: bursts typed into a real heartline through a terminal.

50 answers are typed in bursts, each partner's straight after the Enter before it (while
the save is written and the screen moves to the next turn). Every saved answer must be what
was typed. A bare Textual TextArea app gets the same bursts the same way, as the yardstick.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from heartline.save_format import load

from .terminal import Terminal, until

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

BURSTS = 50
WORDS = [
    "when",
    "the",
    "ferry",
    "left",
    "we",
    "laughed",
    "about",
    "the",
    "rain",
    "and",
    "your",
    "terrible",
    "map",
]

BARE_APP = """
import json, sys
from textual.app import App
from textual.widgets import Static, TextArea

class Box(TextArea):
    async def _on_key(self, event):
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            with open(sys.argv[1], "a", encoding="utf-8") as out:
                out.write(json.dumps(self.text) + "\\n")
            self.clear()
            return
        await super()._on_key(event)

class Bare(App):
    def compose(self):
        yield Static("Marigold: ready")
        yield Box()

    def on_mount(self):
        self.query_one(Box).focus()

Bare().run()
"""


def bursts() -> list[str]:
    rng = random.Random(20261127)
    typed = []
    for _ in range(BURSTS):
        words: list[str] = []
        while len(" ".join(words)) < rng.randint(20, 205):
            words.append(rng.choice(WORDS))
        typed.append(" ".join(words)[:205].strip())
    return typed


def deck_text(cards: int) -> str:
    lines = ['title = "Marigold bursts"', 'order = "fixed"']
    for number in range(cards):
        lines += ["[[cards]]", f'id = "card-{number}"', f'prompt = "Marigold: card {number}?"']
    return "\n".join(lines) + "\n"


def play_bursts(
    terminal: Terminal, typed: list[str], answered: Callable[[], int], look_back: bool = True
) -> None:
    terminal.wait_for("Marigold:")
    for number, text in enumerate(typed):
        terminal.seen = b""
        terminal.type(text + "\r")
        if number % 2 == 0:
            continue  # the partner's turn on the same card: type straight on, mid-save
        until(lambda n=number: answered() > n, 30, terminal)
        if look_back and number + 1 < len(typed):
            # The card is complete and both answers stay in view until space moves on.
            terminal.wait_for("Card complete")
            terminal.seen = b""
            terminal.type(" ")
            terminal.wait_for(f"card {number // 2 + 1}?")
    until(lambda: answered() >= len(typed), 60, terminal)


def lost(typed: list[str], got: list[str]) -> int:
    return sum(1 for want, have in zip(typed, got, strict=False) if want != have) + abs(
        len(typed) - len(got)
    )


def test_bursts_of_typing_are_saved_exactly(tmp_path: Path) -> None:
    typed = bursts()

    # The yardstick: a bare Textual TextArea, typed into the same way.
    out = tmp_path / "bare.jsonl"
    out.touch()
    script = tmp_path / "bare_app.py"
    script.write_text(BARE_APP, encoding="utf-8")
    bare = Terminal(str(out), program=(str(script),))
    try:
        play_bursts(bare, typed, lambda: len(out.read_text().splitlines()), look_back=False)
    finally:
        bare.kill()
    bare_got = [json.loads(line) for line in out.read_text().splitlines()]

    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "bursts.toml").write_text(deck_text(BURSTS), encoding="utf-8")
    data = tmp_path / "data"
    game = Terminal(
        "--data-dir", str(data), "play", "bursts", "--players", "Ana", "Ben",
        "--decks", str(decks), "--cards", "all", "--seed", "1",
    )  # fmt: skip
    try:
        game.wait_for("Marigold:")
        [save] = (data / "saves").glob("*.toml")

        def answered() -> int:
            try:
                return sum(len(slot.replies) for slot in load(save).slots)
            except Exception:  # a save is replaced atomically, but be patient anyway
                return 0

        play_bursts(game, typed, answered)
    except AssertionError:
        got = [a.text for slot in load(save).slots for a in slot.replies]
        raise AssertionError(
            f"typed {typed[: len(got) + 1]}\nsaved {got}\nscreen {game.seen[-600:]!r}"
        ) from None
    finally:
        game.kill()
    session = load(save)
    got = [answer.text for slot in session.slots for answer in slot.replies]

    assert lost(typed, bare_got) == 0, "the bare TextArea itself dropped characters"
    assert got == typed
