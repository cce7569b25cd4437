"""A card's right border stays in line whatever its prompt holds (issue 11, cosmetic).

Textual lays a line out with Rich's cell widths; the terminal draws it with its own. The
widths here are tmux 3.3a's, measured by printing each sample in tmux and reading the cursor
(`terminal_width` is that model; the tmux test below checks the real thing when tmux is there).
"""

from __future__ import annotations

import dataclasses
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import tomli_w
from textual.widgets import Static

from heartline.text import printable
from heartline.tui.screens.play import PlayScreen
from heartline.tui.widgets.card_view import CardView, drawn

from .conftest import SIZE

# Each: what it holds. Together one card's prompt.
SAMPLES = {
    "family": "👨\u200d👩\u200d👧",
    "couple": "👩\u200d❤\ufe0f\u200d👨",
    "combining mark": "e\u0301",
    "stacked marks": "e\u0301\u0302\u0303",
    "heart as emoji": "❤\ufe0f",
    "skin tone": "👍🏽",
    "keycap": "1\ufe0f\u20e3",
    "flag": "🇫🇷",
    "skin tone in a ZWJ sequence": "👩🏽\u200d💻",
    "rainbow flag": "🏳\ufe0f\u200d🌈",
    "mark on a wide character": "漢\u0301",
    "Devanagari": "नमस्ते",
    "Thai": "สวัสดี",
}


def terminal_width(text: str) -> int:
    """Cells tmux 3.3a gives `text`: what follows a ZWJ and marks join the cell before."""
    width = 0
    joined = False
    for character in text:
        if joined:
            joined = False
            continue
        if character == "\u200d":
            joined = True
        elif unicodedata.category(character) in {"Mn", "Me", "Cf"} or character == "\ufe0f":
            continue
        else:
            wide = unicodedata.east_asian_width(character) in {"W", "F"}
            width += 2 if wide else 1
    return width


def prompt() -> str:
    """Every sample, two a line, so the card fits an 80x24 screen."""
    shown = [f"{name}: {sample}" for name, sample in SAMPLES.items()]
    return "\n".join(" · ".join(shown[at : at + 2]) for at in range(0, len(shown), 2))


LINES = prompt().count("\n") + 1


def test_the_model_agrees_with_the_widths_measured_in_tmux() -> None:
    measured = {"family": 2, "couple": 2, "heart as emoji": 1, "skin tone": 4, "keycap": 1}
    measured |= {"skin tone in a ZWJ sequence": 4, "rainbow flag": 1, "stacked marks": 1}
    for name, cells in measured.items():
        assert terminal_width(SAMPLES[name]) == cells, name


def test_drawn_keeps_the_text_and_only_what_rich_and_tmux_measure_alike() -> None:
    from rich.cells import cell_len

    for name, sample in SAMPLES.items():
        shown = drawn(sample)
        assert cell_len(shown) == terminal_width(shown), name
    assert drawn("👩\u200d❤\ufe0f\u200d👨 e\u0301 漢字") == "👩\u200d❤\ufe0f\u200d👨 e\u0301 漢字"
    assert drawn("I ❤\ufe0f you 👍🏽") == "I ❤ you 👍"
    assert drawn("plain") == "plain"


async def test_the_card_border_stays_in_line_on_the_play_screen(
    build_app, make_session, store
) -> None:
    session = make_session()
    card = session.current
    assert card is not None
    card.card = dataclasses.replace(card.card, prompt=prompt())
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        view = app.screen.query_one(CardView)
        shown = str(app.screen.query_one("#prompt", Static).render())
        assert shown == printable(drawn(prompt()))
        lines = [strip.text for strip in app.screen._compositor.render_strips()]
        rows = lines[view.region.y : view.region.bottom]
        assert len(rows) > LINES
        right = view.region.right - 1
        for row in rows:
            # Every row of the card is as wide on the terminal as Textual laid it out, so
            # the border is drawn in the card's last column.
            assert terminal_width(row) == SIZE[0], row
            assert row.rstrip()[-1] in "│╮╯", row
            assert terminal_width(row.rstrip()) == right + 1, row
    assert session.current is not None and session.current.card.prompt == prompt()


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_in_tmux_every_border_of_the_card_is_in_one_column(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    deck = {"title": "Widths", "order": "fixed", "cards": [{"id": "a", "prompt": prompt()}]}
    (decks / "widths.toml").write_text(tomli_w.dumps(deck), encoding="utf-8")
    socket = str(tmp_path / "tmux")  # a server of its own, gone with the test's folder
    data = str(tmp_path / "data")
    play = ["play", "widths", "--players", "Ana", "Ben"]
    command = shlex.join(
        [sys.executable, "-m", "heartline", "--data-dir", data, "--decks", str(decks), *play]
    )

    def tmux(*args: str) -> str:
        done = subprocess.run(["tmux", "-S", socket, *args], capture_output=True, text=True)
        return done.stdout

    tmux("new-session", "-d", "-s", "w", "-x", "80", "-y", "24", command)
    try:
        deadline = time.monotonic() + 30
        while "couple" not in tmux("capture-pane", "-p", "-t", "w"):
            assert time.monotonic() < deadline, tmux("capture-pane", "-p", "-t", "w")
            time.sleep(0.1)
        time.sleep(0.3)
        screen = tmux("capture-pane", "-p", "-t", "w").split("\n")
        # The last drawn column of each line, as tmux has it (copy mode's end of line).
        tmux("copy-mode", "-t", "w")
        tmux("send-keys", "-t", "w", "-X", "top-line")
        ends = {}
        for line in screen[:24]:
            tmux("send-keys", "-t", "w", "-X", "end-of-line")
            if line.lstrip().startswith(("│", "╭", "╰")):
                ends[line] = int(tmux("display", "-p", "-t", "w", "#{copy_cursor_x}"))
            tmux("send-keys", "-t", "w", "-X", "cursor-down")
            tmux("send-keys", "-t", "w", "-X", "start-of-line")
    finally:
        tmux("kill-server")
    assert len(ends) > LINES
    assert len(set(ends.values())) == 1, ends
