"""The deck-writing commands, run in-process: new, schema, validate --json, import, export."""

from __future__ import annotations

import csv
import io
import json
import stat
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import SHIPPED_DECKS, one_error_line
from heartline.authoring import schema, schema_text
from heartline.cards import KINDS
from heartline.deck import load_deck
from heartline.deck_format import CARD_KEYS
from helpers import own_cards

SHIPPED_FILES = sorted(SHIPPED_DECKS.glob("*.toml"))
SHIPPED_SCHEMA_REF = f"#:schema {(SHIPPED_DECKS / 'deck.schema.json').resolve().as_uri()}"
GOOD_CSV = (
    "id,prompt,kind,level,seconds,tags\n"
    "smile,What made you smile today?,question,1,,light\n"
    ",Hold hands for a minute.,exercise,2,60,touch\n"
    ",What do you hope for us?,question,3,,\n"
)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from a fresh working folder, for commands given relative paths."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def files_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def schema_errors(path: Path) -> list[str]:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return [error.message for error in Draft202012Validator(schema()).iter_errors(raw)]


# --- decks new ---------------------------------------------------------------------------


def test_decks_new_writes_a_starter_deck_that_validates(run, here: Path) -> None:
    result = run("decks", "new", "our-evenings")
    assert result.code == 0
    path = here / "our-evenings.toml"
    assert result.out.splitlines() == [
        "Wrote our-evenings.toml: a starter deck with one card of each kind. Edit it, then run",
        "  heartline decks validate our-evenings.toml",
    ]
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SHIPPED_SCHEMA_REF
    assert schema_errors(path) == []
    report = load_deck(path)
    assert report.problems == ()
    assert report.deck is not None
    assert report.deck.title == "Our evenings"
    assert report.deck.tip is None
    assert set(report.deck.kinds) == set(KINDS)
    validated = run("decks", "validate", "our-evenings.toml")
    assert validated.code == 0
    assert validated.out == ""
    assert validated.err == "1 checked: 1 clean, 0 with problems\n"


def test_decks_new_with_a_title_and_a_tip(run, tmp_path: Path) -> None:
    path = tmp_path / "thanks.toml"
    result = run("decks", "new", str(path), "--title", "Thank you, love", "--tip", "gratitude")
    assert result.code == 0
    deck = load_deck(path).deck
    assert deck is not None
    assert (deck.title, deck.tip) == ("Thank you, love", "gratitude")


def test_decks_new_refuses_to_overwrite(run, here: Path) -> None:
    path = here / "ours.toml"
    path.write_text("# mine, keep it\n", encoding="utf-8")
    result = run("decks", "new", "ours.toml")
    assert result.code == 1
    assert one_error_line(result) == (
        "heartline: ours.toml already exists; heartline won't overwrite it"
    )
    assert result.out == ""
    assert path.read_text(encoding="utf-8") == "# mine, keep it\n"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Our Evenings.toml", "our-evenings.toml"),
        ("our_evenings", "our-evenings.toml"),
        ("notes.txt", "notes-txt.toml"),
        ("UPPER.toml", "upper.toml"),
        ("???", "my-deck.toml"),
    ],
)
def test_decks_new_refuses_a_file_name_that_is_not_a_deck_id(
    run, here: Path, name: str, suggestion: str
) -> None:
    result = run("decks", "new", name)
    assert result.code == 1
    line = one_error_line(result)
    assert "a deck's file name is its id: lowercase letters, digits and hyphens" in line
    assert line.endswith(f"(for example {suggestion})")
    assert files_in(here) == []


@pytest.mark.parametrize(
    ("title", "words"),
    [("   ", "`title` must not be blank"), ("t" * 81, "`title` is too long: 81 characters")],
    ids=["blank", "too long"],
)
def test_decks_new_with_a_bad_title_is_one_line_and_writes_nothing(
    run, here: Path, title: str, words: str
) -> None:
    result = run("decks", "new", "ours", "--title", title)
    assert result.code == 1
    assert words in one_error_line(result)
    assert files_in(here) == []


def test_decks_new_into_a_missing_folder_is_one_line(run, tmp_path: Path) -> None:
    result = run("decks", "new", str(tmp_path / "nowhere" / "ours.toml"))
    assert result.code == 1
    assert "can't write" in one_error_line(result)
    assert "No such file or directory" in result.err


def test_decks_new_with_an_unknown_tip_is_a_usage_error(run, here: Path) -> None:
    result = run("decks", "new", "ours", "--tip", "romance")
    assert result.code == 2
    assert "invalid choice: 'romance'" in result.err
    assert files_in(here) == []


# --- decks schema ------------------------------------------------------------------------


def test_decks_schema_prints_the_schema(run) -> None:
    result = run("decks", "schema")
    assert result.code == 0
    assert result.out == schema_text()
    assert result.err == ""
    assert json.loads(result.out) == schema()


def test_decks_schema_regenerates_a_stale_file(run, tmp_path: Path) -> None:
    target = tmp_path / "decks" / "deck.schema.json"
    target.parent.mkdir()
    target.write_text('{"stale": true}\n', encoding="utf-8")
    result = run("decks", "schema", "-o", str(target))
    assert result.code == 0
    assert result.out == ""
    assert result.err == f"Schema written to {target}\n"
    assert target.read_bytes() == schema_text().encode("utf-8")
    assert target.read_bytes() == (SHIPPED_DECKS / "deck.schema.json").read_bytes()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644
    assert files_in(target.parent) == ["deck.schema.json"]


def test_decks_schema_into_a_missing_folder_is_one_line(run, tmp_path: Path) -> None:
    result = run("decks", "schema", "--output", str(tmp_path / "nowhere" / "deck.schema.json"))
    assert result.code == 1
    assert "can't write" in one_error_line(result)
    assert result.out == ""


# --- decks validate --json ---------------------------------------------------------------

CLEAN = 'title = "Clean"\n[[cards]]\nid = "a"\nprompt = "Why?"\n'
PARTLY = (
    'title = "Partly"\n'
    '[[cards]]\nid = "a"\nprompt = "Why?"\n'
    '[[cards]]\nid = "b"\nprompt = "How?"\nlevel = 9\n'
)


def test_validate_json_gives_every_file_its_problems_by_line_and_column(
    run, write_deck, tmp_path: Path
) -> None:
    clean = write_deck(CLEAN, "clean.toml")
    partly = write_deck(PARTLY, "partly.toml")
    broken = write_deck('title = "Broken\n', "broken.toml")
    missing = tmp_path / "missing.toml"
    result = run("decks", "validate", "--json", str(clean), str(partly), str(broken), str(missing))
    assert result.code == 1
    assert result.err == ""
    rows = json.loads(result.out)
    assert [list(row) for row in rows] == [["path", "usable", "cards", "problems"]] * 4
    by_path = {row["path"]: row for row in rows}
    assert [row["path"] for row in rows] == [str(clean), str(partly), str(broken), str(missing)]
    assert by_path[str(clean)] == {"path": str(clean), "usable": True, "cards": 1, "problems": []}
    assert by_path[str(partly)] == {
        "path": str(partly),
        "usable": True,
        "cards": 1,
        "problems": [
            {"line": 8, "column": 1, "message": "card `b`: `level` must be 1, 2 or 3, got 9"}
        ],
    }
    assert by_path[str(broken)]["usable"] is False
    assert by_path[str(broken)]["cards"] == 0
    [problem] = by_path[str(broken)]["problems"]
    assert problem["line"] == 1
    assert problem["message"].startswith("this is not valid TOML")
    assert by_path[str(missing)]["problems"] == [
        {"line": 1, "column": 1, "message": "there is no such file"}
    ]
    for row in rows:
        for problem in row["problems"]:
            assert list(problem) == ["line", "column", "message"]
            assert isinstance(problem["line"], int) and isinstance(problem["column"], int)


def test_validate_json_of_clean_decks_exits_0(run, write_deck) -> None:
    clean = write_deck(CLEAN, "clean.toml")
    result = run("decks", "validate", "--json", str(clean), str(SHIPPED_DECKS))
    assert result.code == 0
    rows = json.loads(result.out)
    assert len(rows) == 1 + len(SHIPPED_FILES)
    assert all(row["usable"] and row["problems"] == [] for row in rows)
    assert sum(row["cards"] for row in rows) > 15 * len(SHIPPED_FILES)


def test_validate_json_of_an_empty_folder_is_an_empty_list_and_a_failure(
    run, tmp_path: Path
) -> None:
    (tmp_path / "empty").mkdir()
    result = run("decks", "validate", "--json", str(tmp_path / "empty"))
    assert result.code == 1
    assert json.loads(result.out) == []


# --- decks import ------------------------------------------------------------------------


def write_table(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_writes_a_deck_into_the_partners_decks(run, tmp_path: Path, data_dir: Path) -> None:
    source = write_table(tmp_path, "Our Cards!.csv", GOOD_CSV)
    result = run("decks", "import", str(source))
    assert result.code == 0
    target = data_dir / "decks" / "our-cards.toml"
    assert result.out == f"Wrote {target} with 3 cards.\n"
    assert result.err == ""
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    assert target.read_text(encoding="utf-8").splitlines()[0] == SHIPPED_SCHEMA_REF
    assert load_deck(target).problems == ()
    assert schema_errors(target) == []
    deck = load_deck(target).deck
    assert deck is not None
    assert deck.title == "Our cards!"
    assert [card.id for card in deck.cards] == [
        "smile",
        "hold-hands-for-a-minute",
        "what-do-you-hope-for-us",
    ]
    shown = run("decks", "show", "our-cards")
    assert shown.code == 0
    assert "[hold-hands-for-a-minute] exercise, deeper, 60 s" in shown.out


def test_import_a_tsv_with_a_title_to_a_file(run, tmp_path: Path, data_dir: Path) -> None:
    source = write_table(tmp_path, "cards.tsv", "prompt\tlevel\nWhy, though?\t2\n")
    target = tmp_path / "out" / "why.toml"
    target.parent.mkdir()
    result = run("decks", "import", str(source), "-o", str(target), "--title", "Why")
    assert result.code == 0
    assert result.out == f"Wrote {target} with 1 cards.\n"
    deck = load_deck(target).deck
    assert deck is not None
    assert deck.title == "Why"
    assert [(card.id, card.prompt, card.level) for card in deck.cards] == [
        ("why-though", "Why, though?", 2)
    ]
    assert not (data_dir / "decks").exists()


def test_import_into_a_folder_names_the_file_after_the_table(run, tmp_path: Path) -> None:
    source = write_table(tmp_path, "???.csv", "prompt\nWhy?\n")
    folder = tmp_path / "mine"
    folder.mkdir()
    result = run("decks", "import", str(source), "--output", str(folder))
    assert result.code == 0
    assert files_in(folder) == ["imported.toml"]


def test_import_refuses_to_overwrite(run, tmp_path: Path, data_dir: Path) -> None:
    source = write_table(tmp_path, "ours.csv", GOOD_CSV)
    assert run("decks", "import", str(source)).code == 0
    target = data_dir / "decks" / "ours.toml"
    before = target.read_bytes()
    write_table(tmp_path, "ours.csv", "prompt\nSomething else?\n")
    result = run("decks", "import", str(source))
    assert result.code == 1
    assert one_error_line(result) == (
        f"heartline: {target} already exists; heartline won't overwrite it"
    )
    assert target.read_bytes() == before


def test_import_of_a_bad_table_lists_the_rows_and_writes_nothing(
    run, tmp_path: Path, data_dir: Path
) -> None:
    source = write_table(
        tmp_path,
        "ours.csv",
        "id,prompt,level\ngood,Fine?,1\n,Too deep?,4\nBad Id,Odd id?,1\n,,2\n",
    )
    result = run("decks", "import", str(source))
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{source}:3: row 3: card `too-deep`: `level` must be 1, 2 or 3, got 4",
        f"{source}:4: row 4: card 3: `id` must use lowercase letters, digits and hyphens, "
        'got "Bad Id"; try "bad-id"',
        f'{source}:5: row 5: card 4: `id` is missing; add a line like: id = "card-4"',
        f"{source}:5: row 5: card 4: `prompt` is missing",
    ]
    assert result.err == f"Nothing written: fix the rows above in {source}.\n"
    assert not data_dir.exists()
    assert files_in(tmp_path) == ["ours.csv"]


def test_import_of_a_bad_header_writes_nothing_even_with_an_output(run, tmp_path: Path) -> None:
    source = write_table(tmp_path, "ours.csv", "question\nWhy?\n")
    target = tmp_path / "ours.toml"
    result = run("decks", "import", str(source), "-o", str(target))
    assert result.code == 1
    assert [line.split(": ", 1)[0] for line in result.out.splitlines()] == [f"{source}:1"] * 2
    assert not target.exists()


def test_import_of_a_missing_table(run, tmp_path: Path, data_dir: Path) -> None:
    source = tmp_path / "missing.csv"
    result = run("decks", "import", str(source))
    assert result.code == 1
    assert result.out == f"{source}: can't read it: No such file or directory\n"
    assert not data_dir.exists()


@pytest.mark.parametrize("name", ["cards.xlsx", "cards.toml", "cards"])
def test_import_wants_a_csv_or_tsv_file(run, tmp_path: Path, data_dir: Path, name: str) -> None:
    source = write_table(tmp_path, name, "prompt\nWhy?\n")
    result = run("decks", "import", str(source))
    assert result.code == 1
    assert one_error_line(result) == f"heartline: {source}: give a .csv or .tsv file"
    assert not data_dir.exists()


def test_import_to_a_file_name_that_is_not_a_deck_id(run, tmp_path: Path) -> None:
    source = write_table(tmp_path, "ours.csv", "prompt\nWhy?\n")
    result = run("decks", "import", str(source), "-o", str(tmp_path / "Our Deck.toml"))
    assert result.code == 1
    assert "(for example our-deck.toml)" in one_error_line(result)
    assert files_in(tmp_path) == ["ours.csv"]


def test_import_into_a_missing_folder_is_one_line(run, tmp_path: Path) -> None:
    source = write_table(tmp_path, "ours.csv", "prompt\nWhy?\n")
    result = run("decks", "import", str(source), "-o", str(tmp_path / "nowhere" / "ours.toml"))
    assert result.code == 1
    assert "can't write" in one_error_line(result)


# --- decks export ------------------------------------------------------------------------


def test_export_a_shipped_deck_to_the_screen(run) -> None:
    result = run("decks", "export", "communication", "--csv")
    assert result.code == 0
    assert result.err == ""
    rows = list(csv.reader(io.StringIO(result.out)))
    deck = load_deck(SHIPPED_DECKS / "communication.toml").deck
    assert deck is not None
    assert rows[0] == list(CARD_KEYS)
    assert [row[0] for row in rows[1:]] == [card.id for card in deck.cards]
    assert [row[1] for row in rows[1:]] == [card.prompt for card in deck.cards]


def test_export_a_deck_file_to_a_file(run, write_deck, tmp_path: Path) -> None:
    path = write_deck(CLEAN, "clean.toml")
    target = tmp_path / "clean.csv"
    result = run("decks", "export", str(path), "--csv", "-o", str(target))
    assert result.code == 0
    assert result.out == ""
    assert result.err == f"Wrote {target} with 1 cards.\n"
    assert target.read_text(encoding="utf-8") == (
        f"{','.join(CARD_KEYS)}\na,Why?,question,1,both,,,,\n"
    )


def test_export_of_an_unknown_deck_is_one_line(run, tmp_path: Path) -> None:
    result = run("decks", "export", "nope", "--csv", "-o", str(tmp_path / "nope.csv"))
    assert result.code == 1
    assert "there is no deck called 'nope'" in one_error_line(result)
    assert not (tmp_path / "nope.csv").exists()


def test_export_into_a_missing_folder_is_one_line(run, tmp_path: Path) -> None:
    result = run("decks", "export", "communication", "--csv", "-o", str(tmp_path / "x" / "c.csv"))
    assert result.code == 1
    assert "can't write" in one_error_line(result)


def test_export_needs_csv(run) -> None:
    result = run("decks", "export", "communication")
    assert result.code == 2
    assert "the following arguments are required: --csv" in result.err


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda path: path.stem)
def test_export_then_import_keeps_every_card(run, tmp_path: Path, path: Path) -> None:
    table = tmp_path / f"{path.stem}.csv"
    assert run("decks", "export", str(path), "--csv", "-o", str(table)).code == 0
    target = tmp_path / "again" / path.name
    target.parent.mkdir()
    result = run("decks", "import", str(table), "-o", str(target))
    assert result.code == 0, result.out
    assert load_deck(target).problems == ()
    assert own_cards(target) == own_cards(path)
