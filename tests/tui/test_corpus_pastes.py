"""The pastes corpus (tests/data/pastes.toml): a paste is text, whatever it holds (issue 11 H2,
H3). Each paste goes through heartline's input guard and Textual's parser, split at every
point as reads can split it, and all of them are pasted into a real heartline in a terminal.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from textual import events

from bad_input import PASTES, pasted_bytes
from heartline.save_format import load
from heartline.tui.terminal_input import PASTE_END, PASTE_START, GuardedParser, _forgiving_decoder

from .terminal import Terminal, until

DECK = 'title = "Marigold"\n[[cards]]\nid = "one"\nprompt = "Marigold: how was today?"\n'


def parsed(chunks: list[bytes]) -> list[Any]:
    """The events heartline's reading of the terminal makes of `chunks`, read one by one."""
    decoder = _forgiving_decoder("utf-8")()
    parser = GuardedParser()
    found: list[Any] = []
    for chunk in chunks:
        found += parser.feed(decoder.decode(chunk))
    return [*found, *parser.feed("")]


def sent(entry: dict[str, Any]) -> bytes:
    return PASTE_START.encode() + pasted_bytes(entry) + PASTE_END.encode()


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    holds = "".join(entry.get("paste", "") for entry in PASTES.values())
    assert "\x1b[" in holds and "\x1b]" in holds  # escape sequences
    assert "\x0f" in holds and "\x07" in holds and "\x11" in holds  # ctrl+o, ctrl+g, ctrl+q
    assert PASTE_END in holds  # a bracketed-paste end marker
    assert any("bytes" in entry for entry in PASTES.values())  # not UTF-8
    for name, entry in PASTES.items():
        assert ("paste" in entry) != ("bytes" in entry), name
        assert "text" in entry and ("words" in entry or "keys" in entry), name


@pytest.mark.parametrize("name", list(PASTES))
def test_a_paste_is_one_paste_event_and_no_key(name: str) -> None:
    entry = PASTES[name]
    found = parsed([sent(entry)])
    assert isinstance(found[0], events.Paste) and found[0].text == entry["text"]
    assert [event.key for event in found[1:]] == entry.get("keys", [])
    # Reads can split a paste anywhere (even inside a character): the guard gives the same.
    data = sent(entry)
    whole = GuardedParser().guard(data.decode("utf-8", errors="replace"))
    for cut in range(1, len(data)):
        decoder = _forgiving_decoder("utf-8")()
        parser = GuardedParser()
        split = parser.guard(decoder.decode(data[:cut])) + parser.guard(decoder.decode(data[cut:]))
        assert split == whole, cut


def test_a_read_that_is_only_the_start_of_a_marker_is_not_the_end_of_input() -> None:
    split = parsed([b"\x1b[", b"200~x\x1b[201~"])
    assert [repr(event) for event in split] == ["Paste(text='x')"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_every_paste_into_a_real_heartline_is_text_in_the_answer_box(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    (decks / "marigold.toml").write_text(DECK, encoding="utf-8")
    data = tmp_path / "data"
    terminal = Terminal(
        "--data-dir", str(data), "play", "marigold", "--players", "Ana", "Ben",
        "--decks", str(decks), "--seed", "1",
    )  # fmt: skip
    typed = [entry for entry in PASTES.values() if "words" in entry]
    try:
        terminal.wait_for("Marigold:")
        [save] = (data / "saves").glob("*.toml")
        for number, entry in enumerate(typed):
            os.write(terminal.fd, sent(entry))
            mark = f"<{number}>"
            terminal.type(mark)  # typed after the paste: it lands after it in the box
            until(lambda mark=mark: mark.encode() in save.read_bytes(), 10, terminal)
        assert os.waitpid(terminal.pid, os.WNOHANG) == (0, 0)  # still running
    finally:
        terminal.kill()
    session = load(save)
    assert session.log == []  # nothing was sent, passed, swapped or finished
    [draft] = session.drafts.values()
    assert "\x1b" not in draft
    at = 0
    for number, entry in enumerate(typed):
        end = draft.index(f"<{number}>", at)
        for word in entry["words"]:
            assert word in draft[at:end], (word, draft[at:end])
        at = end
