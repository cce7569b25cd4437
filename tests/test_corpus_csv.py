"""The spreadsheet corpus (tests/data/csv): every table through `decks import`, and back out.

Each table either imports with its text exactly (and survives export and import again, with
every cell a spreadsheet would run guarded), or is refused with its problem and writes nothing.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import pytest

from bad_input import (
    CSV_CORPUS,
    CSV_EXPECTED,
    CSV_GENERATED,
    FORMULA_DECK,
    RAW_CONTROL,
    copy_tables,
)
from heartline.authoring import FORMULA_STARTS, read_table, table_text, write_new
from heartline.cards import Deck
from heartline.deck import load_deck

IMPORTS = [name for name, entry in CSV_EXPECTED.items() if "prompts" in entry]
REFUSED = [name for name, entry in CSV_EXPECTED.items() if "problems" in entry]


@pytest.fixture(scope="module")
def tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return copy_tables(tmp_path_factory.mktemp("csv"))


def cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_guarded(text: str) -> None:
    for cell in cells(text):
        assert not cell.startswith(FORMULA_STARTS), cell


def test_the_corpus_has_what_the_issue_asks_for() -> None:
    committed = sorted(
        path.name for path in CSV_CORPUS.iterdir() if path.suffix in {".csv", ".tsv"}
    )
    files = {entry["file"]: entry for entry in CSV_EXPECTED.values()}
    generated = {name for name, entry in files.items() if entry.get("generated")}
    assert generated == set(CSV_GENERATED)
    assert set(files) == set(committed) | generated
    for name in committed:
        text = (CSV_CORPUS / name).read_bytes().decode("utf-8")  # committed files are UTF-8
        assert not RAW_CONTROL.search(text.replace("\t", "")), name
    for name, entry in CSV_EXPECTED.items():
        assert ("prompts" in entry) != ("problems" in entry), name
    leading = {cell[0] for cell in CSV_EXPECTED["formula-cells"]["prompts"]}
    leading |= {card.prompt[0] for card in formula_deck().cards}
    assert set(FORMULA_STARTS) <= leading  # =, +, -, @, tab and carriage return
    for asked in (
        "cell-over-128-kib",
        "rows-100000",
        "not-utf-8",
        "quoted-newlines",
        "quoted-newline-then-a-bad-row",
        "unterminated-quote",
        "repeated-column",
        "escape-sequences",
    ):
        assert asked in CSV_EXPECTED, asked


@pytest.mark.parametrize("name", IMPORTS)
def test_a_table_imports_with_its_text_exactly_and_round_trips(
    name: str, tables: dict[str, Path], tmp_path: Path
) -> None:
    expected = CSV_EXPECTED[name]
    raw, problems = read_table(tables[name])
    assert problems == [] and raw is not None
    assert [card["prompt"] for card in raw["cards"]] == expected["prompts"]
    if "follow_ups" in expected:
        assert [card.get("follow_up", "") for card in raw["cards"]] == expected["follow_ups"]
    target = tmp_path / "decks" / "imported.toml"
    target.parent.mkdir()
    write_new(target, raw, None)
    deck = load_deck(target).deck
    assert deck is not None and deck.problems == ()
    assert [card.prompt for card in deck.cards] == expected["prompts"]
    # And back out: no cell a spreadsheet would run, and the same text once imported again.
    exported = table_text(deck)
    assert_guarded(exported)
    again = tmp_path / "again.csv"
    again.write_text(exported, encoding="utf-8")
    back, problems = read_table(again)
    assert problems == [] and back is not None
    assert [card["prompt"] for card in back["cards"]] == expected["prompts"]


@pytest.mark.parametrize("name", REFUSED)
def test_a_bad_table_is_refused_with_its_problem(name: str, tables: dict[str, Path]) -> None:
    path = tables[name]
    raw, problems = read_table(path)
    assert raw is None
    for wanted in CSV_EXPECTED[name]["problems"]:
        assert any(problem.startswith(f"{path}{wanted}") for problem in problems), problems


@pytest.mark.parametrize("name", list(CSV_EXPECTED))
def test_decks_import_and_export_over_the_corpus(
    name: str, tables: dict[str, Path], tmp_path: Path, run
) -> None:
    target = tmp_path / "ours.toml"
    result = run("decks", "import", str(tables[name]), "-o", str(target))
    assert not RAW_CONTROL.search(result.out + result.err)
    if name in REFUSED:
        assert result.code == 1
        assert not target.exists()  # nothing is written
        return
    assert result.code == 0, result.err
    deck = load_deck(target).deck
    assert deck is not None
    assert [card.prompt for card in deck.cards] == CSV_EXPECTED[name]["prompts"]
    shown = run("decks", "export", str(target), "--csv")
    assert shown.code == 0
    assert not RAW_CONTROL.search(shown.out)  # ESC and BEL are printed as ␛ and ␇
    assert_guarded(shown.out)


# --- the other way: a deck's text out to a spreadsheet and back --------------------------------


def formula_deck() -> Deck:
    deck = load_deck(FORMULA_DECK).deck
    assert deck is not None and deck.problems == ()
    return deck


def round_trip(deck: Deck, tmp_path: Path) -> Deck:
    text = table_text(deck)
    assert_guarded(text)
    table = tmp_path / "sums.csv"
    table.write_text(text, encoding="utf-8")
    raw, problems = read_table(table, title=deck.title)
    assert problems == [], problems
    assert raw is not None
    target = tmp_path / "decks" / "sums.toml"
    target.parent.mkdir()
    write_new(target, raw, None)
    back = load_deck(target).deck
    assert back is not None
    return back


def test_formula_text_is_guarded_on_export_and_given_back_exactly(tmp_path: Path) -> None:
    deck = formula_deck()
    kept = dataclasses.replace(
        deck, cards=tuple(card for card in deck.cards if not card.prompt.startswith("\r"))
    )
    back = round_trip(kept, tmp_path)
    assert [(c.prompt, c.follow_up, c.tags) for c in back.cards] == [
        (c.prompt, c.follow_up, c.tags) for c in kept.cards
    ]


def test_a_prompt_starting_with_a_carriage_return_round_trips(tmp_path: Path) -> None:
    deck = formula_deck()
    [card] = [card for card in deck.cards if card.prompt.startswith("\r")]
    back = round_trip(dataclasses.replace(deck, cards=(card,)), tmp_path)
    assert [c.prompt for c in back.cards] == [card.prompt]
