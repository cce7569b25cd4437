"""Saves an attacker (or a careless hand) made: each from the reliability review, issue 11.

S1 a wrong-typed index, S2 a huge save, S3 a time without its offset, S4 a huge timer, S5 CRLF
line endings, S6 a save unreadable since it was listed, and names out of bounds. Whatever
heartline accepts, it resumes, exports and shows; whatever it refuses, it says why, at once.
"""

from __future__ import annotations

import json
import os
import re
import stat
import time
from pathlib import Path

import pytest

from bad_input import SavedGames, fingerprint, saved_games
from heartline.journal import export
from heartline.save_format import MAX_SAVE_BYTES, load, read_summary
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


def test_s2_a_huge_save_is_reported_as_too_large_at_once(games) -> None:
    huge = games.store.folder / "2020-01-01-0000-huge.toml"
    with huge.open("wb") as file:
        file.write(b"# " + b"x" * (MAX_SAVE_BYTES + 10) + b"\n# end of heartline save\n")
    before = fingerprint(huge)
    started = time.monotonic()
    names, broken = listed(games)
    assert time.monotonic() - started < 5  # it is not read (326 s before)
    assert any("too large" in reason for reason in broken)
    assert games.good.name in names
    assert fingerprint(huge) == before


def test_s2_a_long_head_is_read_in_linear_time(games) -> None:
    # Under the size limit, but with no table for megabytes: the head search is not quadratic.
    long = games.store.folder / "2020-01-01-0000-long.toml"
    long.write_bytes(b"# " + b"x" * (8 * 1024 * 1024) + b"\n# end of heartline save\n")
    started = time.monotonic()
    _, broken = listed(games)
    assert time.monotonic() - started < 5  # 10 s before
    assert any("summary at the top" in reason for reason in broken)


def test_s3_a_time_without_its_offset_is_local_time_and_everything_works(games, run) -> None:
    text = games.good.read_text(encoding="utf-8")
    naive = re.sub(r"^(at|started) = (\S+) (\S+?)[+-]\d\d:\d\d$", r"\1 = \2T\3", text, flags=re.M)
    assert naive != text
    games.good.write_text(naive, encoding="utf-8")
    session = load(games.good)
    assert all(moment.tzinfo is not None for moment in (session.started, session.updated))
    assert "Zoë" in export(session)
    assert run("saves", "export", games.good.name).code == 0


@pytest.mark.parametrize("seconds", ["1" + "0" * 400, "0", "-5", "3601"])
def test_s4_a_timer_out_of_bounds_is_refused_where_it_is_read(games, seconds, run) -> None:
    text = games.good.read_text(encoding="utf-8")
    broken = text.replace("[[cards]]\n", f"[[cards]]\nseconds = {seconds}\n", 1)
    games.good.write_text(broken, encoding="utf-8")
    before = fingerprint(games.good)
    _, reasons = listed(games)
    assert any("`cards.0.seconds` should be 5 to 3600 seconds" in r for r in reasons)
    result = run("resume", games.good.name)
    assert result.code == 1 and "Traceback" not in result.err
    assert fingerprint(games.good) == before


def test_s5_a_save_with_crlf_line_endings_lists_as_it_resumes(games) -> None:
    games.good.write_bytes(games.good.read_bytes().replace(b"\n", b"\r\n"))
    assert read_summary(games.good).partners == ("Zoë", "Ben")
    names, broken = listed(games)
    assert games.good.name in names and broken == []
    load(games.good)


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


@pytest.mark.parametrize("names", [["", "Ben"], ["Ana", "x" * 10_000], ["   ", "Ben"]])
def test_names_out_of_bounds_are_named_as_such(games, names) -> None:
    text = games.good.read_text(encoding="utf-8")
    games.good.write_text(
        re.sub(r"^partners = \[[^\]]*\]", f"partners = {json.dumps(names)}", text, flags=re.M),
        encoding="utf-8",
    )
    _, reasons = listed(games)
    assert any("`partners` should be two names of 1 to 40 characters" in r for r in reasons)


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
