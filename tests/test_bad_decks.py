"""The bad-deck corpus: each broken deck gives its clear message, each odd one loads literally.

The decks are in tests/data/bad-decks; what each must give is in its expected.toml.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bad_input import (
    ALL,
    BROKEN,
    C0_CONTROL,
    COMMITTED,
    CORPUS,
    EXPECTED,
    GENERATED,
    LOADING,
    PLAYABLE,
    RAW_CONTROL,
    UNPLAYABLE,
    copy_corpus,
    deck_texts,
)
from conftest import SHIPPED_DECKS
from heartline import cli
from heartline.cards import DeckReport, Problem
from heartline.deck import MAX_DECK_BYTES, is_slug, load_deck
from heartline.library import Library
from heartline.text import one_line, printable


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus with the generated files, and without expected.toml."""
    return copy_corpus(tmp_path_factory.mktemp("bad-decks"))


@pytest.fixture(scope="module")
def reports(corpus: Path) -> dict[str, DeckReport]:
    return {name: load_deck(corpus / f"{name}.toml") for name in ALL}


def matching(problems: tuple[Problem, ...], words: list[str]) -> list[Problem]:
    return [p for p in problems if all(word in p.message for word in words)]


# --- the corpus itself ------------------------------------------------------------------------


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    assert len(COMMITTED) >= 30
    for name in COMMITTED:
        assert is_slug(name), name
        assert name in EXPECTED, f"{name}.toml has no entry in expected.toml"
        assert not EXPECTED[name].get("generated"), f"{name} is committed, not generated"
        data = (CORPUS / f"{name}.toml").read_bytes()
        # Committed files stay plain text: no NUL, valid UTF-8, well under the size limit.
        assert b"\x00" not in data and len(data) < MAX_DECK_BYTES
        assert not RAW_CONTROL.search(data.decode("utf-8")), name
    generated = {name for name, entry in EXPECTED.items() if entry.get("generated")}
    assert generated == set(GENERATED)
    assert set(EXPECTED) == set(COMMITTED) | generated
    for name, entry in EXPECTED.items():
        assert ("words" in entry) != bool(entry.get("loads")), name
        assert "text" in entry or not entry.get("loads"), name


# --- loading each deck ------------------------------------------------------------------------


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_deck_gives_its_message(name: str, corpus: Path) -> None:
    expected = EXPECTED[name]
    path = corpus / f"{name}.toml"
    report = load_deck(path)  # never raises, whatever is in the file
    assert report.usable == bool(expected.get("usable")), report.problems
    assert report.problems
    found = matching(report.problems, expected["words"])
    assert found, f"no problem says {expected['words']}: {report.problems}"
    if "line" in expected:
        assert expected["line"] in [problem.line for problem in found], found
    for words in expected.get("more", []):
        assert matching(report.problems, words), f"no problem says {words}: {report.problems}"
    for problem in report.problems:
        assert problem.path == str(path)
        assert problem.line >= 1 and problem.column >= 1
        assert not RAW_CONTROL.search(problem.message), problem
    if report.deck is not None:
        assert report.deck.problems == report.problems
        assert report.deck.cards


@pytest.mark.parametrize("name", LOADING)
def test_a_deck_that_loads_keeps_its_text_exactly(name: str, corpus: Path) -> None:
    expected = EXPECTED[name]
    report = load_deck(corpus / f"{name}.toml")
    assert report.problems == ()
    assert report.deck is not None
    assert len(report.deck.cards) == expected["cards"]
    texts = deck_texts(report.deck)
    for wanted in expected["text"]:
        assert any(wanted in text for text in texts), f"{wanted!r} is not in the deck"


def test_markup_is_kept_as_plain_characters(reports: dict[str, DeckReport]) -> None:
    deck = reports["markup-in-text"].deck
    assert deck is not None
    prompts = {card.id: card.prompt for card in deck.cards}
    assert prompts["bold-words"].startswith("[bold]What[/bold]")
    assert prompts["click-words"].startswith("[@click=app.quit]")
    assert prompts["unclosed-tag"].startswith("[b What")
    assert deck.title == "[bold red]Loud[/] and [i]proud"
    # Nothing to make visible: printable leaves brackets alone.
    for text in deck_texts(deck):
        assert printable(text) == text


@pytest.mark.parametrize("name", ["escape-sequences", "control-characters"])
def test_control_characters_are_kept_in_the_cards_and_shown_as_symbols(
    name: str, reports: dict[str, DeckReport]
) -> None:
    deck = reports[name].deck
    assert deck is not None
    texts = deck_texts(deck)
    assert any(RAW_CONTROL.search(text) for text in texts)
    for text in texts:
        shown = printable(text)
        assert not RAW_CONTROL.search(shown), repr(shown)
        assert shown.count("␛") == text.count("\x1b")
        assert shown.count("␇") == text.count("\x07")
        assert shown.count("␀") == text.count("\x00")
        assert shown.count("<9B>") == text.count("\x9b")
        assert not RAW_CONTROL.search(one_line(text))
    escapes = reports["escape-sequences"].deck
    assert escapes is not None
    colour = escapes.cards[0].prompt
    assert colour == "\x1b[1;31mWhat colour\x1b[0m reminds you of us?"
    assert printable(colour) == "␛[1;31mWhat colour␛[0m reminds you of us?"
    assert printable(escapes.title) == "␛]0;A new window title␇Escape room"


@pytest.mark.parametrize("name", ["right-to-left", "combining-characters", "emoji-and-cjk"])
def test_other_scripts_pass_through_printable_untouched(
    name: str, reports: dict[str, DeckReport]
) -> None:
    deck = reports[name].deck
    assert deck is not None
    for text in deck_texts(deck):
        # Letters of any script pass untouched; a bidi override (U+202E and its closing
        # U+202C) is shown as its code, so it can't reorder what follows on the terminal.
        bidi_shown = text.replace("\u202e", "<202E>").replace("\u202c", "<202C>")
        assert printable(text) == bidi_shown


def test_ten_thousand_cards_load_in_file_order(reports: dict[str, DeckReport]) -> None:
    deck = reports["ten-thousand-cards"].deck
    assert deck is not None
    assert [card.id for card in deck.cards[:2]] == ["card-1", "card-2"]
    assert deck.cards[-1].id == "card-10000"


def test_the_library_keeps_every_good_deck_beside_the_broken_ones(corpus: Path) -> None:
    library = Library.scan([SHIPPED_DECKS, corpus])
    usable = {deck.id for deck in library.decks}
    assert {path.stem for path in SHIPPED_DECKS.glob("*.toml")} <= usable
    assert set(PLAYABLE) <= usable
    assert {report.id for report in library.unusable} == set(UNPLAYABLE)


# --- the command line over the corpus -------------------------------------------------------


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, raw: re.Pattern[str] = RAW_CONTROL
) -> tuple[int, str, str]:
    """Run `heartline ARGV` in-process; nothing it prints may hold a raw control character."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    for output in (captured.out, captured.err):
        assert "Traceback" not in output
        found = raw.search(output)
        assert found is None, f"raw {found.group()!r} in the output" if found else ""
    return code, captured.out, captured.err


def test_decks_list_shows_the_library_and_every_deck_it_cannot_use(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "decks", "list", "--decks", str(corpus))
    assert code == 0
    table, _, rest = out.partition("\ncan't use ")
    listed = {line.split()[0] for line in table.splitlines()[1:] if line.strip()}
    assert {path.stem for path in SHIPPED_DECKS.glob("*.toml")} <= listed
    assert set(PLAYABLE) <= listed
    assert not set(UNPLAYABLE) & listed
    for name in UNPLAYABLE:
        assert f"can't use {corpus / name}.toml:" in out, name
    assert "[bold red]Loud[/] and [i]proud" in table
    assert "␛]0;A new window title␇Escape room" in table
    assert "Control␀characters<9B>" in table
    assert rest


def test_decks_list_json_over_the_corpus(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # JSON escapes C0 controls (ESC, BEL, NUL) itself; C1 is the xfail test below.
    code, out, _ = run(capsys, "decks", "list", "--json", "--decks", str(corpus), raw=C0_CONTROL)
    assert code == 0
    rows = {row["id"]: row for row in json.loads(out)}
    for name in ALL:
        assert rows[name]["usable"] == (name in PLAYABLE), name
        assert rows[name]["path"] == str(corpus / f"{name}.toml")
        if name in BROKEN:
            assert any(
                all(word in problem for word in EXPECTED[name]["words"])
                for problem in rows[name]["problems"]
            ), name
    assert rows["control-characters"]["title"] == "Control\x00characters\x9b"


def test_decks_list_json_prints_no_raw_c1_control(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "decks", "list", "--json", "--decks", str(corpus))
    assert code == 0
    assert json.loads(out)


def test_decks_validate_reports_every_broken_file(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "decks", "validate", str(corpus))
    assert code == 1
    for name in ALL:
        path = f"{corpus / name}.toml:"
        if name in BROKEN:
            line = EXPECTED[name].get("line")
            assert (f"{path}{line}:" if line else path) in out, name
        else:
            assert path not in out, name
    assert f"{len(ALL)} checked: {len(LOADING)} clean, {len(BROKEN)} with problems" in err


def test_decks_validate_json_over_the_corpus(
    corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "decks", "validate", "--json", str(corpus))
    assert code == 1
    rows = {Path(row["path"]).stem: row for row in json.loads(out)}
    assert set(rows) == set(ALL)
    for name in ALL:
        assert rows[name]["usable"] == (name in PLAYABLE), name
        assert bool(rows[name]["problems"]) == (name in BROKEN), name


@pytest.mark.parametrize("name", LOADING)
def test_decks_show_prints_odd_text_literally_and_safely(
    name: str, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "decks", "show", name, "--decks", str(corpus))
    assert code == 0
    for wanted in EXPECTED[name]["text"]:
        assert one_line(wanted) in out, wanted


@pytest.mark.parametrize("name", UNPLAYABLE)
def test_decks_show_refuses_a_deck_it_cannot_use_in_one_line(
    name: str, corpus: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus / f"{name}.toml"
    code, out, err = run(capsys, "decks", "show", str(path))
    assert code == 1
    assert out == ""
    assert err.startswith(f"heartline: the deck '{path}' can't be played: {path}:")
    assert len(err.splitlines()) == 1
    assert printable(str(load_deck(path).problems[0])) in err
