"""The deck cache: a deck checked once is not checked again, and never served stale."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bad_input import copy_corpus
from heartline.deck import report_for
from heartline.deck_cache import DeckCache, load_deck, read_deck
from heartline.locations import shipped_decks_dir

DECK = """\
title = "Small talk, big heart"
tip = "gratitude"

[[cards]]
id = "thanks"
prompt = "What did I do this week that you were glad of?"

[[cards]]
id = "mirror-me"
kind = "mirror"
level = 2
prompt = "Tell me about a day you felt proud."
tags = ["pride"]
"""


@pytest.fixture
def cache(tmp_path: Path) -> DeckCache:
    return DeckCache(tmp_path / "data" / "cache" / "decks")


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_remembered_deck_is_exactly_the_checked_one(cache: DeckCache) -> None:
    for path in sorted(shipped_decks_dir().glob("*.toml")):
        cold = load_deck(path, cache)
        warm = load_deck(path, cache)
        assert warm == cold == load_deck(path)
    assert cache.hits == cache.misses > 0


def test_broken_decks_are_remembered_with_their_problems(cache: DeckCache, tmp_path) -> None:
    corpus = copy_corpus(tmp_path / "bad")
    for path in sorted(corpus.glob("*.toml")):
        cold = load_deck(path, cache)
        assert load_deck(path, cache) == cold, path.name


def test_an_edited_deck_is_checked_again(cache: DeckCache, tmp_path: Path) -> None:
    path = write(tmp_path / "decks" / "small.toml", DECK)
    before = load_deck(path, cache)
    write(path, DECK.replace("proud", "brave"))
    after = load_deck(path, cache)
    assert after.deck is not None and "brave" in after.deck.cards[1].prompt
    assert cache.misses == 2 and cache.hits == 0
    assert before != after
    write(path, DECK.replace("level = 2", "level = 9"))
    broken = load_deck(path, cache)
    assert broken.problems and broken.problems[0].line == 11


def test_the_same_bytes_under_another_name_are_another_deck(cache: DeckCache, tmp_path) -> None:
    first = load_deck(write(tmp_path / "a" / "one.toml", DECK), cache)
    second = load_deck(write(tmp_path / "b" / "two.toml", DECK), cache)
    assert first.deck is not None and second.deck is not None
    assert {card.deck for card in second.deck.cards} == {"two"}
    assert second.deck.path == tmp_path / "b" / "two.toml"
    assert cache.misses == 2


def test_problems_name_the_path_as_given(cache: DeckCache, tmp_path, monkeypatch) -> None:
    write(tmp_path / "bad.toml", DECK.replace('tip = "gratitude"', 'tip = "nope"'))
    monkeypatch.chdir(tmp_path)
    load_deck(tmp_path / "bad.toml", cache)
    again = load_deck(Path("bad.toml"), cache)
    assert cache.hits == 1
    assert str(again.problems[0]).startswith("bad.toml:2:")


@pytest.mark.parametrize(
    "spoil",
    [
        lambda entry: entry.write_text("not json"),
        lambda entry: entry.write_bytes(b"\xff\x00"),
        lambda entry: entry.write_text("[]"),
        lambda entry: entry.write_text(json.dumps({"format": 1})),
        lambda entry: entry.write_text(entry.read_text().replace('"question"', '"lecture"')),
        lambda entry: entry.write_text(entry.read_text().replace(", 2,", ", true,")),
        lambda entry: entry.write_text(entry.read_text().replace('"gratitude"', '"gossip"')),
        lambda entry: entry.write_text(entry.read_text().replace('"cards": [[', '"cards": [[1, ')),
        lambda entry: (entry.unlink(), entry.mkdir()),
    ],
)
def test_a_spoiled_cache_entry_is_checked_again(cache: DeckCache, tmp_path, spoil) -> None:
    path = write(tmp_path / "decks" / "small.toml", DECK)
    good = load_deck(path, cache)
    (entry,) = cache.folder.glob("*.json")
    spoil(entry)
    assert load_deck(path, cache) == good
    assert cache.hits == 0


def test_the_cache_is_private(cache: DeckCache, tmp_path: Path) -> None:
    load_deck(write(tmp_path / "small.toml", DECK), cache)
    assert stat.S_IMODE(cache.folder.stat().st_mode) == 0o700
    for entry in cache.folder.iterdir():
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600


def test_new_rules_are_a_new_cache(cache: DeckCache, tmp_path: Path) -> None:
    data = DECK.encode()
    key = cache.key("small", data)
    cache._rules = b"the rules of another heartline"
    assert cache.key("small", data) != key


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    cache = DeckCache(blocked / "decks")
    path = write(tmp_path / "small.toml", DECK)
    assert load_deck(path, cache) == load_deck(path)


def test_reading_a_deck_file_reports_what_is_not_one(tmp_path: Path) -> None:
    odd = read_deck(write(tmp_path / "Not A Slug.toml", DECK))
    assert not isinstance(odd, bytes) and "rename the file to not-a-slug.toml" in str(
        odd.problems[0]
    )
    path = write(tmp_path / "fine.toml", DECK)
    assert read_deck(path) == DECK.encode()
    assert report_for(path, DECK.encode()) == load_deck(path)


def test_a_remembered_library_is_read_without_pydantic(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from heartline.workspace import Workspace\n"
        "library = Workspace(Path(sys.argv[1])).library\n"
        "assert library.decks\n"
        "print('pydantic' in sys.modules)\n"
    )
    data = str(tmp_path / "data")
    runs = [
        subprocess.run(
            [sys.executable, "-c", code, data], capture_output=True, text=True, check=True
        ).stdout.strip()
        for _ in range(2)
    ]
    assert runs == ["True", "False"]
