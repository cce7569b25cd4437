"""Writing decks: the JSON Schema, starter decks, readable TOML, and spreadsheet import/export."""

from __future__ import annotations

import copy
import csv
import io
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from conftest import REPO, SHIPPED_DECKS
from heartline import authoring
from heartline.authoring import (
    AuthoringError,
    clean_deck,
    deck_text,
    read_table,
    schema,
    schema_text,
    starter,
    table_text,
    write_new,
)
from heartline.cards import KINDS, ORDERS, TIPS
from heartline.deck import check, load_deck
from heartline.deck_format import (
    CARD_KEYS,
    DECK_KEYS,
    FORMAT,
    MAX_SECONDS,
    MIN_SECONDS,
    SLUG_PATTERN,
)
from helpers import own_cards

SHIPPED_FILES = sorted(SHIPPED_DECKS.glob("*.toml"))
TEST_DECK_FILES = sorted((REPO / "tests" / "data" / "decks").glob("*.toml"))
VALIDATOR = Draft202012Validator(schema())


def schema_accepts(raw: dict[str, Any]) -> bool:
    return not list(VALIDATOR.iter_errors(raw))


def messages(raw: dict[str, Any]) -> list[str]:
    return [issue.message for issue in check(raw).issues]


def small(**deck: Any) -> dict[str, Any]:
    """A one-card deck that is valid, with `deck`'s keys on top (None removes a key)."""
    raw: dict[str, Any] = {"title": "Small", "cards": [{"id": "one", "prompt": "Why?"}]}
    raw.update(deck)
    return {key: value for key, value in raw.items() if value is not None}


def one_card(**card: Any) -> dict[str, Any]:
    """A deck with one card: a valid card with `card`'s keys on top (None removes a key)."""
    data: dict[str, Any] = {"id": "one", "prompt": "Why?"}
    data.update(card)
    return small(cards=[{key: value for key, value in data.items() if value is not None}])


# --- the JSON Schema ---------------------------------------------------------------------


def test_the_committed_schema_is_up_to_date() -> None:
    committed = (SHIPPED_DECKS / "deck.schema.json").read_text(encoding="utf-8")
    assert schema_text() == committed, (
        "decks/deck.schema.json is stale: the deck models changed. Regenerate it with "
        "`heartline decks schema -o decks/deck.schema.json` and commit the result."
    )


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    generated = schema()
    assert generated["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(generated)
    assert json.loads(schema_text()) == generated
    assert schema_text().endswith("}\n")


def test_the_schema_describes_exactly_the_model_keys() -> None:
    generated = schema()
    assert tuple(generated["properties"]) == DECK_KEYS
    assert tuple(generated["$defs"]["CardFile"]["properties"]) == CARD_KEYS
    assert generated["required"] == ["title", "cards"]
    assert generated["$defs"]["CardFile"]["required"] == ["id", "prompt"]
    assert generated["additionalProperties"] is False
    assert generated["$defs"]["CardFile"]["additionalProperties"] is False


def _properties(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every (path, schema) of a named property anywhere in the schema."""
    found = []
    if isinstance(node, dict):
        for name, value in (node.get("properties") or {}).items():
            found.append((f"{where}/{name}", value))
        for key, value in node.items():
            found += _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _properties(item, f"{where}/{index}")
    return found


def test_every_field_in_the_schema_has_a_description() -> None:
    generated = schema()
    fields = _properties(generated)
    assert len(fields) == len(DECK_KEYS) + len(CARD_KEYS)
    undescribed = [
        where for where, field in fields if not str(field.get("description", "")).strip()
    ]
    assert undescribed == []
    assert generated["description"].strip()
    assert generated["$defs"]["CardFile"]["description"].strip()


def _nulls(node: Any, where: str = "") -> list[str]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "null" or (
            isinstance(node.get("type"), list) and "null" in node["type"]
        ):
            found.append(where)
        if "default" in node and node["default"] is None:
            found.append(f"{where}/default")
        for key, value in node.items():
            found += _nulls(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found += _nulls(item, f"{where}/{index}")
    return found


def test_the_schema_has_no_null_since_toml_has_none() -> None:
    generated = schema()
    assert _nulls(generated) == []
    assert '"null"' not in schema_text()
    assert "anyOf" not in schema_text()
    seconds = generated["$defs"]["CardFile"]["properties"]["seconds"]
    assert seconds["type"] == "integer"
    assert (seconds["minimum"], seconds["maximum"]) == (MIN_SECONDS, MAX_SECONDS)
    assert seconds["description"].strip()
    assert generated["properties"]["tip"]["enum"] == list(TIPS)


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        (
            {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None, "title": "T"},
            {"type": "string", "title": "T"},
        ),
        (
            {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": 5},
            {"type": "integer", "default": 5},
        ),
        (
            {"anyOf": [{"type": "integer"}, {"type": "string"}]},
            {"anyOf": [{"type": "integer"}, {"type": "string"}]},
        ),
        (
            {"items": [{"anyOf": [{"$ref": "#/x"}, {"type": "null"}]}]},
            {"items": [{"$ref": "#/x"}]},
        ),
        ({"const": None}, {"const": None}),
    ],
    ids=["optional", "keeps a real default", "a real union", "nested in a list", "not a union"],
)
def test_without_null_drops_only_null_branches(node: Any, expected: Any) -> None:
    before = copy.deepcopy(node)
    assert authoring._without_null(node) == expected
    assert node == before


# --- the schema agrees with the loader ---------------------------------------------------


@pytest.mark.parametrize("path", SHIPPED_FILES + TEST_DECK_FILES, ids=lambda path: path.stem)
def test_every_deck_file_in_the_repository_passes_the_schema_and_check(path: Path) -> None:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    errors = [error.message for error in VALIDATOR.iter_errors(raw)]
    assert errors == []
    assert messages(raw) == []


def test_every_shipped_deck_names_the_schema_beside_it() -> None:
    for path in SHIPPED_FILES:
        assert path.read_text(encoding="utf-8").startswith("#:schema ./deck.schema.json\n")


LONG_ID = "a" * 60
GOOD_DECKS: dict[str, dict[str, Any]] = {
    "smallest": small(),
    "format given": small(format=1),
    "every deck key": small(
        description="For us.",
        how_to="Take turns.",
        tip="gratitude",
        author="Ana",
        order="fixed",
        skippable=False,
        tags=["home", "evening"],
    ),
    "every card key": one_card(
        kind="exercise",
        level=3,
        answer="lead",
        seconds=60,
        follow_up="And then?",
        tags=["touch"],
    ),
    "empty tag lists": small(tags=[], cards=[{"id": "one", "prompt": "Why?", "tags": []}]),
    "each order": small(order="shuffle"),
    "each kind": small(cards=[{"id": kind, "prompt": "Go?", "kind": kind} for kind in KINDS]),
    "each level": small(cards=[{"id": f"l{n}", "prompt": "Go?", "level": n} for n in (1, 2, 3)]),
    "shortest seconds": one_card(seconds=MIN_SECONDS),
    "longest seconds": one_card(seconds=MAX_SECONDS),
    "longest title": small(title="t" * 80),
    "longest prompt": one_card(prompt="p" * 1000),
    "longest id": one_card(id=LONG_ID),
    "digit id": one_card(id="2-of-us"),
    "longest tag": small(tags=["t" * 40]),
    "unicode text": small(title="Für uns 💞", cards=[{"id": "ja", "prompt": "Ça va? 你好"}]),
    "multi-line prompt": one_card(prompt="First line.\nSecond line."),
    "lead answer on a mirror card": one_card(kind="mirror", answer="lead"),
    "seconds on a question": one_card(seconds=30),
}

BAD_DECKS: dict[str, dict[str, Any]] = {
    "no title": small(title=None),
    "empty title": small(title=""),
    "blank title": small(title="  \t "),
    "wide-space title": small(title="\u3000"),
    "title too long": small(title="t" * 81),
    "title is a number": small(title=7),
    "no cards key": small(cards=None),
    "no cards": small(cards=[]),
    "cards is a table": small(cards={"id": "one", "prompt": "Why?"}),
    "a card is text": small(cards=["Why?"]),
    "newer format": small(format=2),
    "format zero": small(format=0),
    "format as text": small(format="1"),
    "format true": small(format=True),
    "unknown deck key": small(colour="red"),
    "unknown card key": one_card(promt="Why?"),
    "card without id": one_card(id=None),
    "card without prompt": one_card(prompt=None),
    "empty id": one_card(id=""),
    "uppercase id": one_card(id="Hello"),
    "id with a space": one_card(id="a b"),
    "id with double hyphen": one_card(id="a--b"),
    "id starting with a hyphen": one_card(id="-a"),
    "id too long": one_card(id=LONG_ID + "a"),
    "id is a number": one_card(id=1),
    "empty prompt": one_card(prompt=""),
    "blank prompt": one_card(prompt=" \n "),
    "prompt too long": one_card(prompt="p" * 1001),
    "unknown kind": one_card(kind="story"),
    "level zero": one_card(level=0),
    "level four": one_card(level=4),
    "level as text": one_card(level="2"),
    "level true": one_card(level=True),
    "unknown answer": one_card(answer="partner"),
    "too few seconds": one_card(seconds=MIN_SECONDS - 1),
    "too many seconds": one_card(seconds=MAX_SECONDS + 1),
    "seconds as text": one_card(seconds="60"),
    "seconds true": one_card(seconds=True),
    "blank follow-up": one_card(follow_up="   "),
    "card tags not a list": one_card(tags="home"),
    "empty tag": one_card(tags=[""]),
    "blank tag": small(tags=[" "]),
    "tag too long": small(tags=["t" * 41]),
    "tag is a number": small(tags=[1]),
    "unknown order": small(order="random"),
    "skippable as text": small(skippable="yes"),
    "skippable as a number": small(skippable=1),
    "unknown tip": small(tip="romance"),
    "empty author": small(author=""),
    "description too long": small(description="d" * 2001),
    "one good card and one bad": small(
        cards=[{"id": "good", "prompt": "Why?"}, {"id": "bad", "prompt": "Why?", "level": 9}]
    ),
}


@pytest.mark.parametrize(
    ("raw", "good"),
    [*((raw, True) for raw in GOOD_DECKS.values()), *((raw, False) for raw in BAD_DECKS.values())],
    ids=[*GOOD_DECKS, *BAD_DECKS],
)
def test_the_schema_accepts_exactly_what_check_accepts(raw: dict[str, Any], good: bool) -> None:
    assert (messages(raw) == []) is good, messages(raw)
    assert schema_accepts(raw) is good


def test_duplicate_ids_are_for_check_alone() -> None:
    # JSON Schema can't say "unique by id", so only the loader catches this one.
    raw = small(cards=[{"id": "same", "prompt": "One?"}, {"id": "same", "prompt": "Two?"}])
    assert schema_accepts(raw)
    assert messages(raw) == [
        "card `same`: the id `same` is already used by card 1; ids must be unique in a deck"
    ]


@pytest.mark.parametrize(
    "raw",
    [one_card(level=2.0), one_card(seconds=60.0), small(format=1.0), one_card(id="abc\n")],
    ids=["level 2.0", "seconds 60.0", "format 1.0", "id with a trailing newline"],
)
def test_the_loader_is_stricter_where_json_schema_cannot_be(raw: dict[str, Any]) -> None:
    # JSON Schema calls 2.0 an integer, and Python's `re` (which the jsonschema package uses
    # for "pattern") lets `$` match before a final newline, unlike ECMA-262 regexes. TOML
    # tells 2 from 2.0, and the loader does too, so these are rejected by `check` only.
    assert messages(raw) != []


# --- decks built from valid parts pass both, and survive deck_text -----------------------

PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"), include_characters="\n\t")


def _text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(PRINTABLE, min_size=1, max_size=max_size).filter(lambda text: text.strip())


SLUGS = st.from_regex(SLUG_PATTERN.replace("$", r"\Z"), fullmatch=True).filter(
    lambda text: len(text) <= 60
)
TAGS = st.lists(_text(40), max_size=3)


@st.composite
def cards(draw: st.DrawFn, card_id: str) -> dict[str, Any]:
    card: dict[str, Any] = {"id": card_id, "prompt": draw(_text(1000))}
    for key, values in (
        ("kind", st.sampled_from(KINDS)),
        ("level", st.sampled_from((1, 2, 3))),
        ("answer", st.sampled_from(("both", "lead"))),
        ("seconds", st.integers(MIN_SECONDS, MAX_SECONDS)),
        ("follow_up", _text(1000)),
        ("tags", TAGS),
    ):
        if draw(st.booleans()):
            card[key] = draw(values)
    return card


@st.composite
def decks(draw: st.DrawFn) -> dict[str, Any]:
    ids = draw(st.lists(SLUGS, min_size=1, max_size=4, unique=True))
    raw: dict[str, Any] = {"title": draw(_text(80))}
    for key, values in (
        ("format", st.just(FORMAT)),
        ("description", _text(2000)),
        ("how_to", _text(2000)),
        ("tip", st.sampled_from(TIPS)),
        ("author", _text(200)),
        ("order", st.sampled_from(ORDERS)),
        ("skippable", st.booleans()),
        ("tags", TAGS),
    ):
        if draw(st.booleans()):
            raw[key] = draw(values)
    raw["cards"] = [draw(cards(card_id)) for card_id in ids]
    return raw


@settings(max_examples=150, deadline=None)
@given(decks())
def test_decks_from_valid_parts_pass_both_and_read_back_the_same(raw: dict[str, Any]) -> None:
    assert messages(raw) == []
    assert schema_accepts(raw)
    text = deck_text(raw, "./deck.schema.json")
    assert text.startswith("#:schema ./deck.schema.json\n\n")
    back = tomllib.loads(text)
    assert back == clean_deck(raw)
    assert messages(back) == []
    assert check(back).header == check(raw).header
    assert check(back).cards == check(raw).cards


# --- readable TOML -----------------------------------------------------------------------


def test_clean_deck_puts_deck_keys_first_and_leaves_out_empty_and_default_values() -> None:
    raw = {
        "cards": [
            {
                "tags": [],
                "level": 2,
                "prompt": "Why?",
                "kind": "question",
                "answer": "both",
                "follow_up": "",
                "seconds": None,
                "id": "why",
            },
            {"kind": "guess", "answer": "lead", "id": "how", "prompt": "How?", "level": 1},
        ],
        "tags": [],
        "order": "escalate",
        "skippable": True,
        "description": "",
        "author": None,
        "tip": "empathy",
        "title": "Ours",
    }
    cleaned = clean_deck(raw)
    assert cleaned == {
        "format": FORMAT,
        "title": "Ours",
        "tip": "empathy",
        "cards": [
            {"id": "why", "prompt": "Why?", "level": 2},
            {"id": "how", "prompt": "How?", "kind": "guess", "level": 1, "answer": "lead"},
        ],
    }
    assert list(cleaned) == ["format", "title", "tip", "cards"]
    assert list(cleaned["cards"][1]) == ["id", "prompt", "kind", "level", "answer"]
    assert messages(cleaned) == []  # an empty follow_up is as good as none
    assert raw["cards"][0]["kind"] == "question"  # the input is left alone


def test_clean_deck_keeps_values_that_differ_from_the_defaults() -> None:
    raw = small(order="fixed", skippable=False, format=1)
    assert clean_deck(raw)["order"] == "fixed"
    assert clean_deck(raw)["skippable"] is False


@pytest.mark.parametrize(
    "raw",
    [small(skippable=1), one_card(kind=0), small(order=["escalate"])],
    ids=["skippable 1", "kind 0", "order as a list"],
)
def test_clean_deck_never_turns_a_mistake_into_a_default(raw: dict[str, Any]) -> None:
    # `skippable = 1` equals True in Python; dropping it would make a broken deck look fine.
    assert messages(raw) != []
    assert messages(clean_deck(raw)) == messages(raw)


def test_clean_deck_keeps_unknown_keys_after_the_known_ones() -> None:
    raw = {
        "extra": "x",
        "title": "T",
        "cards": [{"note": "n", "prompt": "Why?", "id": "why"}],
        "format": 1,
    }
    cleaned = clean_deck(raw)
    assert list(cleaned) == ["format", "title", "extra", "cards"]
    assert list(cleaned["cards"][0]) == ["id", "prompt", "note"]
    assert messages(cleaned) == messages(raw) != []


def test_clean_deck_adds_the_format_and_leaves_odd_cards_for_check() -> None:
    raw = {"title": "T", "cards": ["not a table", {"id": "a", "prompt": "Why?"}]}
    cleaned = clean_deck(raw)
    assert cleaned["format"] == FORMAT
    assert cleaned["cards"][0] == "not a table"
    assert messages(cleaned) == messages(raw) == ["card 1 must be a [[cards]] table"]


def test_deck_text_is_readable_toml() -> None:
    raw = one_card(prompt="First line.\nSecond line.", kind="question", tags=[])
    text = deck_text(raw)
    assert not text.startswith("#:schema")
    assert text.splitlines()[:2] == ["format = 1", 'title = "Small"']
    assert "[[cards]]" in text
    assert '"""' in text  # a multi-line prompt is written on several lines
    assert "kind" not in text and "tags" not in text
    assert tomllib.loads(text) == clean_deck(raw)


def test_deck_text_writes_short_cards_as_tables_so_problems_point_at_them(
    tmp_path: Path,
) -> None:
    raw = small(cards=[{"id": "a", "prompt": "A?"}, {"id": "b", "prompt": "B?", "level": 7}])
    text = deck_text(raw)
    assert text.count("\n[[cards]]\n") == 2
    assert "{" not in text
    path = tmp_path / "short.toml"
    path.write_text(text, encoding="utf-8")
    [problem] = load_deck(path).problems
    assert text.splitlines()[problem.line - 1] == "level = 7"


@pytest.mark.parametrize(
    "raw",
    [
        one_card(extra={"x": 1}),
        one_card(more=[{"x": 1}, {"x": 2}]),
        small(extra={"x": {"y": 2}}),
        small(cards=[]),
    ],
    ids=["a table in a card", "tables in a card", "a table in the deck", "no cards"],
)
def test_deck_text_of_odd_decks_still_reads_back(raw: dict[str, Any]) -> None:
    back = tomllib.loads(deck_text(raw))
    assert back == clean_deck(raw)
    assert messages(back) == messages(raw) != []


def test_deck_text_with_a_schema_line() -> None:
    text = deck_text(small(), "./deck.schema.json")
    assert text.startswith("#:schema ./deck.schema.json\n\nformat = 1\n")


def test_deck_text_of_a_shipped_deck_keeps_its_meaning() -> None:
    for path in SHIPPED_FILES:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        back = tomllib.loads(deck_text(raw))
        assert check(back).header == check(raw).header
        assert check(back).cards == check(raw).cards


# --- starter decks -----------------------------------------------------------------------


def test_the_starter_deck_is_valid_and_has_every_kind() -> None:
    raw = starter("Our evenings", "gratitude")
    assert messages(raw) == []
    assert schema_accepts(clean_deck(raw))
    assert raw["title"] == "Our evenings"
    assert raw["tip"] == "gratitude"
    assert {card.get("kind", "question") for card in raw["cards"]} == set(KINDS)
    assert tomllib.loads(deck_text(raw)) == clean_deck(raw)


def test_a_starter_deck_without_a_tip_has_no_tip_line() -> None:
    raw = starter("Ours")
    assert messages(raw) == []
    assert "tip" not in tomllib.loads(deck_text(raw))


@pytest.mark.parametrize(
    ("title", "words"),
    [("   ", "`title` must not be blank"), ("t" * 81, "`title` is too long")],
)
def test_a_starter_deck_with_a_bad_title_is_an_authoring_error(title: str, words: str) -> None:
    with pytest.raises(AuthoringError, match=words):
        starter(title)


def test_write_new_writes_the_deck_with_its_schema_line(tmp_path: Path) -> None:
    path = tmp_path / "our-evenings.toml"
    write_new(path, starter("Our evenings"), "./deck.schema.json")
    assert path.read_text(encoding="utf-8") == deck_text(
        starter("Our evenings"), "./deck.schema.json"
    )
    report = load_deck(path)
    assert report.problems == ()
    assert report.deck is not None and len(report.deck.cards) == 5


def test_write_new_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "ours.toml"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(AuthoringError, match="already exists; heartline won't overwrite it"):
        write_new(path, starter("Ours"), None)
    assert path.read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("Our Evenings.toml", "our-evenings.toml"),
        ("ours.txt", "ours.toml"),
        ("our_deck.toml", "our-deck.toml"),
        ("???.toml", "my-deck.toml"),
    ],
)
def test_write_new_refuses_a_file_name_that_is_not_a_deck_id(
    tmp_path: Path, name: str, suggestion: str
) -> None:
    with pytest.raises(AuthoringError, match=f"for example {suggestion}"):
        write_new(tmp_path / name, starter("Ours"), None)
    assert list(tmp_path.iterdir()) == []


def test_write_new_into_a_missing_folder_is_an_authoring_error(tmp_path: Path) -> None:
    with pytest.raises(AuthoringError, match=r"can't write .*: No such file or directory"):
        write_new(tmp_path / "nowhere" / "ours.toml", starter("Ours"), None)


# --- spreadsheets: import ----------------------------------------------------------------


def table(tmp_path: Path, text: str, name: str = "our-cards.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_a_good_csv(tmp_path: Path) -> None:
    path = table(
        tmp_path,
        "id,prompt,kind,level,answer,seconds,follow_up,tags\n"
        "smile,What made you smile?,question,1,both,,,light\n"
        ',"Breathe together, slowly.",exercise,2,,90,What changed?,touch; calm\n'
        "\n"
        ',Your dream trip?,guess,3,,,,""\n',
    )
    raw, problems = read_table(path)
    assert problems == []
    assert raw == {
        "format": FORMAT,
        "title": "Our cards",
        "cards": [
            {
                "id": "smile",
                "prompt": "What made you smile?",
                "kind": "question",
                "level": 1,
                "answer": "both",
                "tags": ["light"],
            },
            {
                "id": "breathe-together-slowly",
                "prompt": "Breathe together, slowly.",
                "kind": "exercise",
                "level": 2,
                "seconds": 90,
                "follow_up": "What changed?",
                "tags": ["touch", "calm"],
            },
            {"id": "your-dream-trip", "prompt": "Your dream trip?", "kind": "guess", "level": 3},
        ],
    }
    assert messages(raw) == []
    assert schema_accepts(raw)


def test_read_a_tsv_with_a_bom_loose_headers_and_a_title(tmp_path: Path) -> None:
    path = tmp_path / "cards.tsv"
    path.write_bytes(
        "\ufeffPrompt\tFollow Up\tLEVEL\n"
        "A question, with a comma?\tAnd then?\t2\n"
        "Same words\t\t\nSame words\t\t\n".encode()
    )
    raw, problems = read_table(path, title="Our own")
    assert problems == []
    assert raw is not None
    assert raw["title"] == "Our own"
    assert raw["cards"] == [
        {
            "id": "a-question-with-a-comma",
            "prompt": "A question, with a comma?",
            "follow_up": "And then?",
            "level": 2,
        },
        {"id": "same-words", "prompt": "Same words"},
        {"id": "same-words-2", "prompt": "Same words"},
    ]


def test_ids_made_for_rows_never_take_an_id_given_in_a_later_row(tmp_path: Path) -> None:
    path = table(tmp_path, "id,prompt\n,Hello there?\nhello-there,Given id?\n")
    raw, problems = read_table(path)
    assert problems == []
    assert raw is not None
    assert [card["id"] for card in raw["cards"]] == ["hello-there-2", "hello-there"]


def test_a_prompt_with_no_letters_gets_a_plain_id(tmp_path: Path) -> None:
    path = table(tmp_path, "prompt\n???\n你好？\n")
    raw, problems = read_table(path)
    assert problems == []
    assert raw is not None
    assert [card["id"] for card in raw["cards"]] == ["card", "card-2"]


def test_a_quoted_cell_may_hold_several_lines_and_rows_count_as_in_a_spreadsheet(
    tmp_path: Path,
) -> None:
    path = table(tmp_path, 'prompt,level\n"First line\nsecond line",1\nLater?,7\n')
    raw, problems = read_table(path)
    assert raw is None
    # The file position is the line the row starts on; "row 3" is where a spreadsheet shows it.
    assert problems == [f"{path}:4: row 3: card `later`: `level` must be 1, 2 or 3, got 7"]


def test_a_bad_table_reports_every_bad_row_by_number(tmp_path: Path) -> None:
    path = table(
        tmp_path,
        "id,prompt,kind,level,seconds\n"
        "good,Fine?,question,1,\n"
        ",Wrong kind?,story,1,\n"
        "\n"
        ",Bad level?,question,two,\n"
        ",Bad timer?,exercise,1,soon\n"
        "no-prompt,,question,1,\n"
        "good,Taken id?,question,1,\n"
        ",Too many?,question,1,30,extra\n"
        ",Trailing empty cells are fine?,question,1,,,\n",
    )
    raw, problems = read_table(path)
    assert raw is None
    assert problems == [
        f"{path}:9: row 9 has more cells than the header",
        f'{path}:3: row 3: card `wrong-kind`: `kind` must be "question", "mirror", "guess" or '
        f'"exercise", got "story"',
        f'{path}:5: row 5: card `bad-level`: `level` must be 1, 2 or 3, got "two"',
        f'{path}:6: row 6: card `bad-timer`: `seconds` must be a whole number, got "soon"',
        f"{path}:7: row 7: card `no-prompt`: `prompt` is missing",
        f"{path}:8: row 8: card `good`: the id `good` is already used by card 1; "
        "ids must be unique in a deck",
    ]


def test_a_missing_table(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    raw, problems = read_table(path)
    assert raw is None
    assert problems == [f"{path}: can't read it: No such file or directory"]


def test_a_bad_title_is_reported_without_a_row(tmp_path: Path) -> None:
    path = table(tmp_path, "prompt\nWhy?\n")
    raw, problems = read_table(path, title="t" * 81)
    assert raw is None
    assert problems == [f"{path}: `title` is too long: 81 characters, at most 80"]


def test_reading_a_table_writes_nothing(tmp_path: Path) -> None:
    good = table(tmp_path, "prompt\nWhy?\n", "good.csv")
    bad = table(tmp_path, "prompt,level\nWhy?,9\n", "bad.csv")
    read_table(good)
    read_table(bad)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bad.csv", "good.csv"]


# --- spreadsheets: export and the round trip ---------------------------------------------


def test_table_text_writes_every_card_in_the_import_columns(write_deck) -> None:
    path = write_deck(
        'title = "T"\ntags = ["ours"]\n'
        '[[cards]]\nid = "a"\nprompt = "Say \\"hi\\", then\\nwave."\ntags = ["x", "ours"]\n'
        '[[cards]]\nid = "b"\nprompt = "Sit?"\nkind = "exercise"\nlevel = 2\nseconds = 30\n'
        'follow_up = "Why?"\nanswer = "lead"\n'
    )
    deck = load_deck(path).deck
    assert deck is not None
    rows = list(csv.reader(io.StringIO(table_text(deck))))
    assert rows == [
        list(CARD_KEYS),
        ["a", 'Say "hi", then\nwave.', "question", "1", "both", "", "", "x", ""],
        ["b", "Sit?", "exercise", "2", "lead", "30", "Why?", "", ""],
    ]


@pytest.mark.parametrize("path", SHIPPED_FILES + TEST_DECK_FILES, ids=lambda path: path.stem)
def test_export_then_import_gives_back_the_same_cards(path: Path, tmp_path: Path) -> None:
    deck = load_deck(path).deck
    assert deck is not None
    exported = tmp_path / f"{path.stem}.csv"
    exported.write_text(table_text(deck), encoding="utf-8")
    raw, problems = read_table(exported, title=deck.title)
    assert problems == []
    assert raw is not None
    imported = tmp_path / "decks" / path.name
    imported.parent.mkdir()
    write_new(imported, raw, None)
    assert load_deck(imported).problems == ()
    assert own_cards(imported) == own_cards(path)
