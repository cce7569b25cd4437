"""Deck format v1: one small bad deck per rule, each with its message and its line."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartline.deck import MAX_DECK_BYTES, load_deck
from heartline.deck_format import CARD_KEYS, DECK_KEYS


def toml(*rows: str) -> str:
    """A deck file from its lines: row N of the call is line N of the file."""
    return "\n".join(rows) + "\n"


GOOD = (
    'title = "Test deck"',
    "",
    "[[cards]]",
    'id = "good"',
    'prompt = "What made you smile?"',
    "",
)
# Lines 1-6 above; a bad card below starts on line 7.


def with_card(*rows: str) -> str:
    """GOOD plus a second card: its [[cards]] header is line 7, its rows lines 8 and on."""
    return toml(*GOOD, "[[cards]]", *rows)


@dataclass(frozen=True)
class Rule:
    text: str
    words: tuple[str, ...]
    line: int
    column: int = 1


# --- rules that make the whole deck unusable ----------------------------------------------

DECK_RULES = {
    "format newer than this heartline": Rule(
        toml("format = 2", 'title = "T"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("format 2", "newer than this heartline reads", "update heartline"),
        1,
    ),
    "format zero": Rule(
        toml('title = "T"', "format = 0", "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`format` must be 1", "got 0"),
        2,
    ),
    "format as text": Rule(
        toml('title = "T"', 'format = "1"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`format` must be 1", 'got "1"'),
        2,
    ),
    "format as true": Rule(
        toml('title = "T"', "format = true", "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`format` must be 1", "got true"),
        2,
    ),
    "title missing": Rule(
        toml('author = "Sam"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`title` is missing", 'title = "'),
        1,
    ),
    "title empty": Rule(
        toml('author = "Sam"', 'title = ""', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`title` must not be empty",),
        2,
    ),
    "title blank": Rule(
        toml('author = "Sam"', 'title = "   "', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`title` must not be blank",),
        2,
    ),
    "title too long": Rule(
        toml("", f'title = "{"t" * 81}"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`title` is too long", "81 characters", "at most 80"),
        2,
    ),
    "title not text": Rule(
        toml("title = 3", "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`title` must be text in quotes", "got 3"),
        1,
    ),
    "description too long": Rule(
        toml(
            'title = "T"', f'description = "{"d" * 2001}"', "[[cards]]", 'id = "a"', 'prompt = "x"'
        ),
        ("`description` is too long", "2001 characters", "at most 2000"),
        2,
    ),
    "how_to empty": Rule(
        toml('title = "T"', 'how_to = ""', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`how_to` must not be empty",),
        2,
    ),
    "author not text": Rule(
        toml('title = "T"', "author = 5", "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`author` must be text in quotes", "got 5"),
        2,
    ),
    "tip not one of the eight": Rule(
        toml('title = "T"', "", 'tip = "romance"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`tip` must be", '"vulnerability"', '"openness-to-change"', 'got "romance"'),
        3,
    ),
    "order unknown": Rule(
        toml('title = "T"', 'order = "random"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ('`order` must be "escalate", "fixed" or "shuffle"', 'got "random"'),
        2,
    ),
    "skippable as text": Rule(
        toml('title = "T"', 'skippable = "no"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`skippable` must be true or false", 'got "no"'),
        2,
    ),
    "deck tags not a list": Rule(
        toml('title = "T"', 'tags = "calm"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`tags` must be a list in square brackets",),
        2,
    ),
    "deck tag blank": Rule(
        toml('title = "T"', 'tags = ["calm", " "]', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`tags` item 2 must not be blank",),
        2,
    ),
    "unknown deck key": Rule(
        toml('title = "T"', 'titel = "U"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`titel` is not a deck key", "did you mean `title`?", "a deck may have: format"),
        2,
    ),
    "indented unknown deck key": Rule(
        toml('title = "T"', '  colour = "red"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("`colour` is not a deck key",),
        2,
        3,
    ),
    "unknown table": Rule(
        toml('title = "T"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"', "", "[extra]", "x = 1"),
        ("`extra` is not a deck key",),
        6,
    ),
    "no cards": Rule(
        toml('title = "T"', 'author = "Sam"'),
        ("the deck has no cards", "add at least one [[cards]] table"),
        1,
    ),
    "empty cards list": Rule(
        toml('title = "T"', "cards = []"),
        ("the deck has no cards",),
        2,
    ),
    "cards not a list": Rule(
        toml('title = "T"', 'cards = "many"'),
        ("`cards` must be a list of [[cards]] tables",),
        2,
    ),
    "syntax error at its position": Rule(
        toml('title = "T"', "[[cards]]", 'id = "a"', 'prompt = "Hi?'),
        ("this is not valid TOML", "Illegal character"),
        4,
        14,
    ),
    "key written twice": Rule(
        toml('title = "T"', 'title = "U"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"'),
        ("this is not valid TOML", "Cannot overwrite a value"),
        2,
        12,
    ),
    "string left open at the end": Rule(
        toml('title = "T"', "[[cards]]", 'id = "a"', 'prompt = """Hi?'),
        ("this is not valid TOML", "Unterminated string"),
        5,
    ),
}


@pytest.mark.parametrize("rule", DECK_RULES.values(), ids=DECK_RULES.keys())
def test_deck_rule_makes_the_deck_unusable(write_deck, rule: Rule) -> None:
    path = write_deck(rule.text)
    report = load_deck(path)
    assert not report.usable
    assert report.deck is None
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    for words in rule.words:
        assert words in problem.message
    assert (problem.line, problem.column) == (rule.line, rule.column)
    assert str(problem) == f"{path}:{rule.line}:{rule.column}: {problem.message}"


# --- rules that drop one card and keep the deck ---------------------------------------------

CARD_RULES = {
    "id missing, one suggested from the prompt": Rule(
        with_card('prompt = "What made you laugh today?"', "level = 2"),
        ("card 2: `id` is missing", 'add a line like: id = "what-made-you-laugh-today"'),
        7,
    ),
    "id not a slug": Rule(
        with_card('prompt = "Hi?"', 'id = "Bad Id!"'),
        ("card 2: `id` must use lowercase letters, digits and hyphens", 'try "bad-id"'),
        9,
    ),
    "id used twice": Rule(
        with_card('prompt = "Again?"', 'id = "good"'),
        ("card `good`", "the id `good` is already used by card 1", "unique"),
        9,
    ),
    "prompt missing": Rule(
        with_card('id = "second"', "level = 2"),
        ("card `second`: `prompt` is missing",),
        7,
    ),
    "prompt empty": Rule(
        with_card('id = "second"', 'prompt = ""'),
        ("card `second`: `prompt` must not be empty",),
        9,
    ),
    "prompt blank": Rule(
        with_card('id = "second"', 'prompt = "   "'),
        ("card `second`: `prompt` must not be blank",),
        9,
    ),
    "prompt too long": Rule(
        with_card('id = "second"', f'prompt = "{"p" * 1001}"'),
        ("card `second`: `prompt` is too long", "1001 characters", "at most 1000"),
        9,
    ),
    "kind unknown": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', 'kind = "quiz"'),
        ('`kind` must be "question", "mirror", "guess" or "exercise"', 'got "quiz"'),
        10,
    ),
    "level as text": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', 'level = "2"'),
        ("card `second`: `level` must be 1, 2 or 3", 'got "2"'),
        10,
    ),
    "level out of range": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', "level = 4"),
        ("`level` must be 1, 2 or 3", "got 4"),
        10,
    ),
    "level as true": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', "level = true"),
        ("`level` must be 1, 2 or 3", "got true"),
        10,
    ),
    "level as a float": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', "level = 2.0"),
        ("`level` must be 1, 2 or 3", "got 2.0"),
        10,
    ),
    "answer unknown": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', 'answer = "other"'),
        ('`answer` must be "both" or "lead"', 'got "other"'),
        10,
    ),
    "seconds too few": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', "seconds = 4"),
        ("`seconds` must be between 5 and 3600", "got 4"),
        10,
    ),
    "seconds too many": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', "seconds = 3601"),
        ("`seconds` must be between 5 and 3600", "got 3601"),
        10,
    ),
    "seconds as text": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', 'seconds = "60"'),
        ("`seconds` must be a whole number", 'got "60"'),
        10,
    ),
    "seconds as a float": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', "seconds = 60.0"),
        ("`seconds` must be a whole number", "got 60.0"),
        10,
    ),
    "follow_up blank": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', 'follow_up = " "'),
        ("`follow_up` must not be blank",),
        10,
    ),
    "follow_up too long": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', f'follow_up = "{"f" * 1001}"'),
        ("`follow_up` is too long", "1001 characters", "at most 1000"),
        10,
    ),
    "unknown card key": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', 'promt = "Hi?"'),
        ("card `second`: `promt` is not a card key", "did you mean `prompt`?"),
        10,
    ),
    "indented unknown card key": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', '    colour = "red"'),
        ("`colour` is not a card key",),
        10,
        5,
    ),
    "card tags not text": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', "tags = [1]"),
        ("`tags` item 1 must be text in quotes", "got 1"),
        10,
    ),
    "card tag too long": Rule(
        with_card('id = "second"', 'prompt = "Hi?"', f'tags = ["ok", "{"t" * 41}"]'),
        ("`tags` item 2 is too long", "41 characters", "at most 40"),
        10,
    ),
    "card given as a value, not a table": Rule(
        toml('title = "T"', 'cards = [1, {id = "good", prompt = "Hi?"}]'),
        ("card 1 must be a [[cards]] table",),
        2,
    ),
}


@pytest.mark.parametrize("rule", CARD_RULES.values(), ids=CARD_RULES.keys())
def test_card_rule_drops_the_card_and_keeps_the_deck(write_deck, rule: Rule) -> None:
    path = write_deck(rule.text)
    report = load_deck(path)
    assert report.usable
    assert report.deck is not None
    assert [card.id for card in report.deck.cards] == ["good"]
    assert report.deck.problems == report.problems
    assert len(report.problems) == 1, report.problems
    problem = report.problems[0]
    for words in rule.words:
        assert words in problem.message
    assert (problem.line, problem.column) == (rule.line, rule.column)
    assert str(problem) == f"{path}:{rule.line}:{rule.column}: {problem.message}"


# --- files that can't be decks at all -------------------------------------------------------

OK_DECK = toml('title = "T"', "[[cards]]", 'id = "a"', 'prompt = "Hi?"')


@pytest.mark.parametrize(
    ("name", "data", "words", "line", "column"),
    [
        ("My Deck.toml", OK_DECK.encode(), ("file name", "rename the file to my-deck.toml"), 1, 1),
        ("Ünïcode.toml", OK_DECK.encode(), ("rename the file to unicode.toml",), 1, 1),
        (
            "latin.toml",
            'title = "T"\nauthor = "Sam"\nnote = "Jos\xe9"\n'.encode("latin-1"),
            ("not UTF-8", "0xE9", "save it as UTF-8"),
            3,
            12,
        ),
        ("binary.toml", b'title = "T"\x00\x01\x02\n', ("binary file",), 1, 1),
        (
            "big.toml",
            OK_DECK.encode() + b"# " + b"x" * MAX_DECK_BYTES + b"\n",
            ("a deck may be at most 1 MiB",),
            1,
            1,
        ),
        (
            "deep.toml",
            ("x = " + "[" * 5000 + "]" * 5000 + "\n").encode(),
            ("nested too deeply",),
            1,
            1,
        ),
    ],
    ids=["name with a space", "name with accents", "not utf-8", "binary", "too big", "nested"],
)
def test_unreadable_files_are_refused_with_a_message(
    write_deck, name: str, data: bytes, words: tuple[str, ...], line: int, column: int
) -> None:
    path = write_deck("", name=name)
    path.write_bytes(data)
    report = load_deck(path)
    assert report.deck is None
    assert len(report.problems) == 1
    problem = report.problems[0]
    for word in words:
        assert word in problem.message
    assert (problem.line, problem.column) == (line, column)
    assert problem.path == str(path)


def test_a_file_that_cannot_be_read_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "ghost.toml").symlink_to(folder / "missing.toml")
    (folder / "folder.toml").mkdir()
    for name in ("ghost.toml", "folder.toml"):
        report = load_deck(folder / name)
        assert report.deck is None
        assert "can't read the file" in report.problems[0].message


def test_file_at_the_size_limit_is_read(write_deck) -> None:
    padding = MAX_DECK_BYTES - len(OK_DECK.encode()) - 2
    path = write_deck(OK_DECK + "#" + "x" * padding + "\n")
    assert path.stat().st_size == MAX_DECK_BYTES
    assert load_deck(path).usable


# --- all problems at once, and where they are --------------------------------------------


def test_every_problem_is_reported_at_once_in_line_order(write_deck) -> None:
    text = toml(
        'title = "T"',  # 1
        'tip = "romance"',  # 2
        "",  # 3
        "[[cards]]",  # 4
        'id = "one"',  # 5
        'prompt = "Fine?"',  # 6
        "[[cards]]",  # 7
        'id = "two"',  # 8
        'prompt = "Hi?"',  # 9
        "level = 7",  # 10
        'kind = "quiz"',  # 11
        "[[cards]]",  # 12
        'prompt = "No id here"',  # 13
    )
    report = load_deck(write_deck(text))
    assert report.deck is None  # the tip is a deck-level problem
    assert [p.line for p in report.problems] == [2, 10, 11, 12]
    assert "`tip` must be" in report.problems[0].message
    assert "`level`" in report.problems[1].message
    assert "`kind`" in report.problems[2].message
    assert "`id` is missing" in report.problems[3].message


def test_a_deck_whose_cards_are_all_bad_is_unusable(write_deck) -> None:
    text = toml('title = "T"', "[[cards]]", 'id = "A"', 'prompt = "Hi?"')
    report = load_deck(write_deck(text))
    assert report.deck is None
    messages = [p.message for p in report.problems]
    assert any('try "a"' in m for m in messages)
    assert messages[-1] == "none of the deck's cards can be played; fix the problems above"


def test_lines_inside_multiline_strings_are_not_mistaken_for_keys(write_deck) -> None:
    text = toml(
        'title = "T"',  # 1
        "[[cards]]",  # 2
        'id = "one"',  # 3
        'prompt = """',  # 4
        "level = 9",  # 5: part of the prompt, not a key
        '"""',  # 6
        "[[cards]]",  # 7
        'id = "two"',  # 8
        'prompt = "Hi?"',  # 9
        "level = 9",  # 10
    )
    report = load_deck(write_deck(text))
    assert [p.line for p in report.problems] == [10]
    assert report.deck is not None
    assert report.deck.cards[0].prompt == "level = 9\n"


def test_card_headers_with_comments_spaces_and_crlf_are_found(write_deck) -> None:
    text = toml(
        'title = "T"',  # 1
        "[[cards]] # the first",  # 2
        'id = "one"',  # 3
        'prompt = "Hi?"',  # 4
        "[[ cards ]]",  # 5
        'id = "two"',  # 6
        'prompt = "Hi?"',  # 7
        'kind = "quiz"',  # 8
    ).replace("\n", "\r\n")
    report = load_deck(write_deck(text))
    assert [(p.line, p.column) for p in report.problems] == [(8, 1)]


def test_quoted_keys_are_located(write_deck) -> None:
    text = toml(*GOOD, "[[cards]]", '"id" = "two"', 'prompt = "Hi?"', '  "level" = 5')
    report = load_deck(write_deck(text))
    assert [(p.line, p.column) for p in report.problems] == [(10, 3)]


# --- what a good deck gives -----------------------------------------------------------------


def test_defaults_and_inherited_fields(write_deck) -> None:
    text = toml(
        'title = "Evenings"',
        'tags = ["home"]',
        "[[cards]]",
        'id = "one"',
        'prompt = "Hi?"',
        'tags = ["calm", "home"]',
    )
    report = load_deck(write_deck(text, name="evenings.toml"))
    deck = report.deck
    assert deck is not None and report.problems == ()
    assert (deck.id, deck.title, deck.order, deck.skippable) == (
        "evenings",
        "Evenings",
        "escalate",
        True,
    )
    (card,) = deck.cards
    assert (card.kind, card.level, card.answer, card.seconds, card.follow_up) == (
        "question",
        1,
        "both",
        None,
        None,
    )
    assert card.tags == ("calm", "home")
    assert (card.deck, card.key, card.deck_title, card.skippable) == (
        "evenings",
        "evenings/one",
        "Evenings",
        True,
    )
    assert len(deck.digest) == 64


def test_every_field_at_its_limits_is_accepted(write_deck) -> None:
    text = toml(
        "format = 1",
        f'title = "{"t" * 80}"',
        'description = "What it is for."',
        'how_to = "Take turns."',
        'tip = "openness-to-change"',
        'author = "Sam"',
        'order = "fixed"',
        "skippable = false",
        'tags = ["a"]',
        "[[cards]]",
        'id = "short"',
        f'prompt = "{"p" * 1000}"',
        'kind = "exercise"',
        "level = 3",
        "seconds = 5",
        "[[cards]]",
        'id = "long"',
        'prompt = "x"',
        'kind = "mirror"',
        'answer = "lead"',
        "seconds = 3600",
        f'follow_up = "{"f" * 1000}"',
        f'tags = ["{"t" * 40}"]',
    )
    report = load_deck(write_deck(text))
    assert report.problems == ()
    deck = report.deck
    assert deck is not None
    assert (deck.order, deck.skippable, deck.tip) == ("fixed", False, "openness-to-change")
    assert [c.seconds for c in deck.cards] == [5, 3600]
    assert all(not c.skippable for c in deck.cards)


def test_a_byte_order_mark_is_accepted(write_deck) -> None:
    path = write_deck("\ufeff" + OK_DECK)
    assert load_deck(path).problems == ()


def test_keys_listed_in_messages_are_the_format_keys() -> None:
    assert CARD_KEYS == (
        "id",
        "prompt",
        "kind",
        "level",
        "answer",
        "seconds",
        "follow_up",
        "tags",
        "pin",
    )
    assert set(DECK_KEYS) == {
        "format",
        "title",
        "description",
        "how_to",
        "tip",
        "author",
        "order",
        "skippable",
        "tags",
        "content_note",
        "dealt_by_default",
        "cards",
    }


FRAGMENTS = [
    'title = "T"',
    "[[cards]]",
    'id = "a"',
    'id = "b"',
    'prompt = "x"',
    "level = 2",
    'kind = "guess"',
    "[extra]",
    'tags = [1, "a"]',
    'prompt = """',
    '"""',
    "cards = 1",
    "format = 2",
    "= =",
    "seconds = 1e9",
    "level = {a = 1}",
    "when = 1979-05-27T07:32:00",
]


@settings(
    max_examples=200,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.one_of(
        st.binary(max_size=200),
        st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=25).map(
            lambda rows: "\n".join(rows).encode("utf-8", "surrogatepass")
        ),
    )
)
def test_no_file_content_raises(write_deck, data: bytes) -> None:
    path = write_deck("", name="fuzz.toml")
    path.write_bytes(data)
    report = load_deck(path)
    assert report.usable or report.problems
