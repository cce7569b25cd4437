"""Decks an attacker (or a careless hand) made, from the reliability review (issue 11).

D1 special files among decks, H1 escapes on the screen, K1 a kill during import, P1 an
unusable data folder, P2 decks as private as saves. The spreadsheets (H4 formulas, D4 a huge
cell, 100,000 rows, quoted line breaks, an unclosed quote, a repeated column) are in the
corpus, tests/data/csv, and run through tests/test_corpus_csv.py.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from heartline.deck import load_deck
from heartline.library import Library

RAW_ESCAPE = "\x1b"


def test_d1_a_fifo_or_an_endless_device_among_decks_never_hangs(tmp_path: Path) -> None:
    decks = tmp_path / "decks"
    decks.mkdir()
    os.mkfifo(decks / "fifo-deck.toml")
    (decks / "zero-deck.toml").symlink_to("/dev/zero")
    (decks / "good.toml").write_text('title = "Good"\n[[cards]]\nid = "a"\nprompt = "A?"\n')
    started = time.monotonic()
    library = Library.scan([decks])
    assert time.monotonic() - started < 5
    assert [deck.id for deck in library.decks] == ["good"]
    for name in ("fifo-deck", "zero-deck"):
        [problem] = library.reports[name].problems
        assert "can't read the file" in problem.message


def test_d1_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    # The size is checked while reading: a link to /dev/zero reports a size of 0 first.
    link = tmp_path / "endless.toml"
    link.symlink_to("/dev/zero")
    report = load_deck(link)
    assert report.deck is None
    assert "not a regular file" in report.problems[0].message


def test_h1_decks_export_to_the_screen_shows_escapes_as_symbols(run, write_deck) -> None:
    path = write_deck(
        'title = "Hostile"\n[[cards]]\nid = "a"\nprompt = "x \\u001b]0;PWNED\\u0007 \\u001b[2J"\n',
        name="hostile.toml",
    )
    result = run("decks", "export", str(path), "--csv")
    assert result.code == 0
    assert RAW_ESCAPE not in result.out and "\x07" not in result.out
    assert "␛]0;PWNED␇" in result.out


def test_k1_a_kill_during_import_never_leaves_a_cut_deck(tmp_path: Path) -> None:
    rows = ["prompt"] + [f"Card number {n}: what made you smile today?" for n in range(3000)]
    table = tmp_path / "many.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = tmp_path / "data"
    target = data / "decks" / "many.toml"
    command = [sys.executable, "-m", "heartline", "--data-dir", str(data), "decks", "import"]
    for kill_after in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        process = subprocess.Popen([*command, str(table)], stdout=subprocess.DEVNULL)
        time.sleep(kill_after)  # the moment of the kill is what this test varies
        process.send_signal(signal.SIGKILL)
        process.wait()
        if target.exists():
            report = load_deck(target)
            assert report.deck is not None and len(report.deck.cards) == 3000
            target.unlink()
    done = subprocess.run([*command, str(table)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(load_deck(target).deck.cards) == 3000  # type: ignore[union-attr]


def test_p1_import_into_a_data_folder_that_is_a_file_says_so(run, tmp_path: Path) -> None:
    not_a_folder = tmp_path / "afile"
    not_a_folder.write_text("x")
    table = tmp_path / "one.csv"
    table.write_text("prompt\nHow was today?\n", encoding="utf-8")
    result = run("--data-dir", str(not_a_folder), "decks", "import", str(table))
    assert result.code == 1
    assert "Traceback" not in result.err and "afile" in result.err


def test_p2_decks_written_by_new_and_import_are_private_even_with_umask_000(
    run, tmp_path: Path
) -> None:
    table = tmp_path / "ours.csv"
    table.write_text("prompt\nHow was today?\n", encoding="utf-8")
    old = os.umask(0)
    try:
        assert run("decks", "new", str(tmp_path / "fresh.toml")).code == 0
        assert run("decks", "import", str(table), "-o", str(tmp_path / "ours.toml")).code == 0
    finally:
        os.umask(old)
    for name in ("fresh.toml", "ours.toml"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600


def test_validate_says_a_folder_named_like_a_deck_is_a_folder(run, tmp_path: Path) -> None:
    folder = tmp_path / "x.toml"
    folder.mkdir()
    result = run("decks", "validate", str(folder))
    assert result.code == 1
    assert "is a folder, not a deck file" in result.out


def test_validate_says_a_link_loop_is_a_link(run, tmp_path: Path) -> None:
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    result = run("decks", "validate", str(loop))
    assert result.code == 1
    assert "a link that leads nowhere" in result.out


def test_a_refused_replay_speaks_plain_english() -> None:
    from heartline.errors import ActionRefused
    from heartline.session import Action
    from helpers import START, card, session

    game = session([card("a")])
    with pytest.raises(ActionRefused) as refused:
        game.apply(Action("answer", START, 0, 1, game.step.role, "x"))
    assert "expected an answer" in str(refused.value)


@pytest.mark.parametrize(
    "card_line",
    ["level = [1]", "level = {a = 1}", "level.x = 7", "tags = [1, 2]", "prompt = [[1]]"],
)
def test_d2_the_editor_refuses_values_its_form_cannot_show(tmp_path: Path, card_line) -> None:
    from heartline.draft import DeckDraft
    from heartline.errors import AuthoringError

    path = tmp_path / "weird.toml"
    path.write_text(f'title = "Weird"\n[[cards]]\nid = "a"\nprompt = "Hello?"\n{card_line}\n')
    with pytest.raises(AuthoringError) as refused:
        DeckDraft.open(path)
    assert "fix it in a text editor first" in refused.value.for_person()


def test_d2_the_editor_refuses_a_thousand_nested_tables_at_once(tmp_path: Path) -> None:
    from heartline.draft import DeckDraft
    from heartline.errors import AuthoringError

    path = tmp_path / "deep.toml"
    path.write_text(
        'title = "Deep"\n' + "".join(f"[{'.'.join('a' * (n + 1))}]\n" for n in range(1000))
    )
    started = time.monotonic()
    with pytest.raises(AuthoringError):
        DeckDraft.open(path)
    assert time.monotonic() - started < 5


def test_d2_the_editor_still_opens_every_shipped_deck() -> None:
    from conftest import SHIPPED_DECKS
    from heartline.draft import DeckDraft

    for path in sorted(SHIPPED_DECKS.glob("*.toml")):
        assert DeckDraft.open(path).cards


D3_CASES = {
    "triple quotes in a comment": (
        '# Tip: write long prompts with """ triple quotes\nformat = 1\ntitle = "T"\n\n'
        '[[cards]]\nid = "a"\nprompt = "P?"\nlevel = 7\n',
        8,
    ),
    "triple quotes in a one-line string": (
        'format = 1\ntitle = \'He said """hi\'\n\n[[cards]]\nid = "a"\nprompt = "P?"\nlevel = 7\n',
        7,
    ),
    "a line separator inside a string": (
        'format = 1\ntitle = "T"\ndescription = "one\u2028two"\n\n[[cards]]\nid = "a"\n'
        'prompt = "P?"\nlevel = 7\n',
        8,
    ),
    "a next-line character in a comment": (
        'format = 1\ntitle = "T"\n# note\u0085here\n\n[[cards]]\nid = "a"\nprompt = "P?"\n'
        "level = 7\n",
        8,
    ),
    "an escaped quoted key": (
        'format = 1\ntitle = "T"\n"col\\u006Fur" = 1\n[[cards]]\nid = "a"\nprompt = "P?"\n',
        3,
    ),
    "a multi-line string with a line-ending backslash": (
        'format = 1\ntitle = "T"\ndescription = """one \\\ntwo\nthree"""\n[[cards]]\n'
        'id = "a"\nprompt = "P?"\nlevel = 7\n',
        9,
    ),
}


@pytest.mark.parametrize("case", list(D3_CASES))
def test_d3_validate_names_the_right_line(tmp_path: Path, case: str) -> None:
    text, line = D3_CASES[case]
    path = tmp_path / "d3.toml"
    path.write_text(text, encoding="utf-8")
    problems = load_deck(path).problems
    assert problems, "the deck has a problem to point at"
    assert problems[0].line == line, problems[0]


def test_d3_a_byte_that_is_not_utf8_is_placed_by_characters(tmp_path: Path) -> None:
    path = tmp_path / "bytes.toml"
    path.write_bytes('title = "T"\nprompt = "Qé🙂'.encode() + b'\xff?"\n')
    [problem] = load_deck(path).problems
    assert (problem.line, problem.column) == (2, 14)


@pytest.mark.parametrize("mark", ["\u202e", "\u202d", "\u2066", "\u2069"])
def test_bidi_overrides_are_shown_not_obeyed(mark: str) -> None:
    from heartline.text import one_line, printable

    assert printable(f"Ana{mark}evil") == f"Ana<{ord(mark):04X}>evil"
    assert mark not in one_line(f"x{mark}y")
