"""Saves an attacker (or a careless hand) made: each from the reliability review, issue 11.

S1 a wrong-typed index, S6 a save unreadable since it was listed, P2 a linked saves folder.
The saves themselves (S2 a huge save, S3 a time without its offset, S4 a huge timer, S5 CRLF
line endings, names out of bounds) are in the corpus, tests/data/bad-saves, and run through
tests/test_corpus_saves.py and tests/test_bad_saves.py.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from bad_input import SavedGames, saved_games
from heartline.store import INDEX_NAME
from helpers import card, session


@pytest.fixture
def games(data_dir: Path, tmp_path: Path) -> SavedGames:
    return saved_games(data_dir, tmp_path / "decks")


def listed(games: SavedGames) -> tuple[list[str], list[str]]:
    found, broken = games.store.summaries()
    return [summary.name for summary in found], [error.reason for error in broken]


@pytest.mark.parametrize(
    "entry", [5, True, {"x": 1}, "text", [1, 2], [None, None, None, None], None]
)
def test_s1_a_wrong_typed_index_entry_is_ignored_and_rebuilt(games, entry, run) -> None:
    games.store.summaries()  # writes the index
    index = games.store.index_path
    data = json.loads(index.read_text())
    data["saves"][games.good.name] = entry
    index.write_text(json.dumps(data))
    names, broken = listed(games)
    assert games.good.name in names and broken == []
    result = run("saves", "list")
    assert result.code == 0 and games.good.name in result.out
    fixed = json.loads(index.read_text())["saves"][games.good.name]
    assert isinstance(fixed, list) and len(fixed) == 4


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its mode")
def test_s6_a_save_unreadable_since_it_was_listed_is_not_shown_as_fine(games) -> None:
    games.store.summaries()
    games.good.chmod(0)
    try:
        names, broken = listed(games)
        assert games.good.name not in names
        assert any("can't read it" in reason for reason in broken)
    finally:
        games.good.chmod(0o600)


def test_s6_the_index_is_not_trusted_for_a_file_it_cannot_open(games, monkeypatch) -> None:
    # As root a mode can't make a file unreadable; the check heartline makes is the same.
    games.store.summaries()
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: False if Path(path) == games.good else real_access(path, mode),
    )
    summaries_read = []
    import heartline.store as store_module

    real_read = store_module.read_summary
    monkeypatch.setattr(
        store_module, "read_summary", lambda path: summaries_read.append(path) or real_read(path)
    )
    games.store.summaries()
    assert summaries_read == [games.good]  # read again, not taken from the index


def test_the_index_is_rebuilt_when_it_is_not_json_at_all(games) -> None:
    games.store.summaries()
    (games.store.folder / INDEX_NAME).write_bytes(b"\xff\x00 not json")
    names, broken = listed(games)
    assert games.good.name in names and broken == []


def test_cli_main_never_shows_a_traceback_for_a_corrupt_index(games, run) -> None:
    (games.store.folder / INDEX_NAME).write_text('{"format":1,"saves":{"a.toml":5}}')
    result = run("saves", "list")
    assert result.code == 0 and "Traceback" not in result.err


def test_p2_a_linked_saves_folder_is_never_chmodded_and_is_named(tmp_path: Path) -> None:
    from heartline.store import Store

    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)
    data = tmp_path / "data"
    data.mkdir()
    (data / "saves").symlink_to(shared)
    said = Store(data / "saves").prepare()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o1777  # left exactly as it was
    assert "is a link to" in said and "leaves that folder as it is" in said
    path = Store(data / "saves").save(session([card("a")]))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
