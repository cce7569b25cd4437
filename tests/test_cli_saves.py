"""`heartline saves rename | delete | trash | restore`, run in-process."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from conftest import one_error_line
from heartline.files import SaveLock
from heartline.save_format import read_summary
from heartline.session import StepKind
from heartline.store import Store, lock_for
from helpers import Now, advance, every_kind_hand, play_to, session, trash_clock

DELETED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Now:
    return trash_clock(monkeypatch, DELETED)


def saved(data_dir: Path, names=("Ana", "Ben"), finish: bool = False) -> Path:
    game = session(every_kind_hand(), names=names, cards=5)
    advance(game)
    if finish:
        play_to(game, StepKind.DONE)
    store = Store(data_dir / "saves")
    store.prepare()
    return store.save(game)


def test_rename_names_an_evening_and_an_empty_title_removes_it(run, data_dir: Path) -> None:
    path = saved(data_dir)
    result = run("saves", "rename", path.stem, "  Our first\nsnow ")
    assert result.code == 0
    assert result.out == f"{path.name} is now called “Our first snow”.\n"
    assert read_summary(path).title == "Our first snow"
    result = run("saves", "rename", path.name, "")
    assert (result.code, result.out) == (0, f"{path.name} has no title now.\n")
    assert read_summary(path).title == ""


def test_a_named_evening_is_listed_by_its_title(run, data_dir: Path) -> None:
    path = saved(data_dir)
    assert run("saves", "rename", path.name, "Our first snow \x1b[31m").code == 0
    line = run("saves", "list").out.splitlines()[1]
    assert "Our first snow" in line and "\x1b" not in line
    assert [row["title"] for row in json.loads(run("saves", "list", "--json").out)] == [
        "Our first snow [31m"  # the escape itself was taken out when it was named
    ]


def test_rename_prints_a_hostile_title_safely(run, data_dir: Path) -> None:
    path = saved(data_dir)
    result = run("saves", "rename", path.name, "\x1b]0;pwned\x07 [red]x[/red] \u202eevil")
    assert result.code == 0
    assert "\x1b" not in result.out and "\u202e" not in result.out and "\x07" not in result.out
    assert "]0;pwned [red]x[/red] evil" in result.out


def test_rename_is_refused_while_the_evening_is_open_elsewhere(run, data_dir: Path) -> None:
    path = saved(data_dir)
    before = path.read_bytes()
    elsewhere = SaveLock(lock_for(path).path)
    elsewhere.acquire()
    try:
        result = run("saves", "rename", path.name, "Mine")
    finally:
        elsewhere.release()
    assert result.code == 1
    assert "this session is open in another heartline" in one_error_line(result)
    assert path.read_bytes() == before


def test_rename_refuses_a_title_over_80_characters(run, data_dir: Path) -> None:
    path = saved(data_dir)
    result = run("saves", "rename", path.name, "x" * 81)
    assert result.code == 1
    assert "at most 80 characters; this one has 81" in one_error_line(result)


def test_delete_moves_to_the_trash_and_says_how_to_restore(run, data_dir: Path, clock: Now) -> None:
    path = saved(data_dir)
    before = path.read_bytes()
    result = run("saves", "delete", path.name)
    assert result.code == 0
    trash = data_dir / "trash"
    assert result.out.splitlines() == [
        f"Moved {path.name} to the trash ({trash}).",
        "It is kept there for 30 days; to put it back:",
        f"  heartline saves restore {path.name}",
    ]
    assert not path.exists() and (trash / path.name).read_bytes() == before
    assert run("saves", "list").out == f"No saved sessions yet in {data_dir / 'saves'}.\n"

    result = run("saves", "restore", path.name)
    assert result.code == 0
    assert result.out.splitlines() == [
        f"Restored: {path}",
        f"Carry on with it: heartline resume {path.name}",
    ]
    assert path.read_bytes() == before


def test_restore_of_a_finished_evening_points_to_the_journal(
    run, data_dir: Path, clock: Now
) -> None:
    path = saved(data_dir, finish=True)
    run("saves", "delete", path.stem)
    result = run("saves", "restore", path.stem)
    assert result.out.splitlines()[-1] == (
        f"It is back in the Journal; or read it with: heartline saves export {path.name}"
    )


def test_delete_takes_an_unreadable_save_as_it_is(run, data_dir: Path, clock: Now) -> None:
    saves = data_dir / "saves"
    saves.mkdir(parents=True, mode=0o700)
    folder = saves / "odd.toml"
    folder.mkdir()
    fifo = saves / "pipe.toml"
    os.mkfifo(fifo)
    assert run("saves", "delete", "odd").code == 0
    assert run("saves", "delete", str(fifo)).code == 0
    assert (data_dir / "trash" / "odd.toml").is_dir()
    rows = json.loads(run("saves", "trash", "--json").out)["items"]
    assert {row["name"]: "error" in row for row in rows} == {"odd.toml": True, "pipe.toml": True}
    listing = run("saves", "trash").out
    assert "can't read odd.toml: it is not a file" in listing


def test_delete_refuses_what_is_not_a_save_here(run, data_dir: Path, tmp_path: Path) -> None:
    stranger = tmp_path / "mine.toml"
    stranger.write_text("mine")
    result = run("saves", "delete", str(stranger))
    assert result.code == 1
    assert "only saves in" in one_error_line(result)
    assert stranger.read_text() == "mine"
    result = run("saves", "delete", "missing")
    assert "there is no such save in" in one_error_line(result)


def test_delete_is_refused_while_the_evening_is_open_elsewhere(
    run, data_dir: Path, clock: Now
) -> None:
    path = saved(data_dir)
    elsewhere = SaveLock(lock_for(path).path)
    elsewhere.acquire()
    try:
        result = run("saves", "delete", path.name)
    finally:
        elsewhere.release()
    assert result.code == 1
    assert "this session is open in another heartline" in one_error_line(result)
    assert path.exists()


def test_delete_says_why_when_the_trash_folder_is_a_file(run, data_dir: Path) -> None:
    path = saved(data_dir)
    (data_dir / "trash").write_text("a file")
    result = run("saves", "delete", path.name)
    assert result.code == 1
    assert one_error_line(result) == (
        f"heartline: can't use {data_dir / 'trash'}: it is a file, not a folder; move it away "
        "and heartline makes the trash folder"
    )
    assert path.exists()


def test_the_trash_lists_newest_first_and_says_what_was_let_go(
    run, data_dir: Path, clock: Now
) -> None:
    old = saved(data_dir, names=("Old", "Pair"))
    run("saves", "delete", old.name)
    clock.moment += timedelta(days=20)
    named = saved(data_dir, names=("Ana", "Ben"))
    run("saves", "rename", named.name, "Snow \x1b[2J day")
    run("saves", "delete", named.name)
    clock.moment += timedelta(days=5)
    young = saved(data_dir, names=("Cy", "Dee"))
    run("saves", "delete", young.name)

    clock.moment += timedelta(days=6)  # the first is 31 days old now
    result = run("saves", "trash")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0] == "Let go of 1 evening deleted 30 days ago or more."
    assert lines[1].split() == ["DELETED", "LEFT", "PARTNERS", "TITLE", "PROGRESS", "NAME"]
    assert "Cy & Dee" in lines[2] and "24 days" in lines[2] and lines[2].endswith(young.name)
    assert "Ana & Ben" in lines[3] and "19 days" in lines[3] and "Snow [2J day" in lines[3]
    assert len(lines) == 6 and lines[-1] == "To put one back: heartline saves restore NAME"
    assert not (data_dir / "trash" / old.name).exists()

    data = json.loads(run("saves", "trash", "--json").out)
    assert data["purged"] == 0 and data["problems"] == []
    assert [row["name"] for row in data["items"]] == [young.name, named.name]
    first = data["items"][0]
    assert first["days_left"] == 24 and first["partners"] == ["Cy", "Dee"]
    assert first["original"] == young.name and first["status"] == "in-progress"
    assert datetime.fromisoformat(first["deleted"]) == DELETED + timedelta(days=25)
    assert data["items"][1]["title"] == "Snow [2J day"


def test_an_empty_trash(run, data_dir: Path) -> None:
    result = run("saves", "trash")
    assert result.out == (
        f"The trash is empty ({data_dir / 'trash'}). Deleted evenings wait there for 30 days.\n"
    )
    assert json.loads(run("saves", "trash", "--json").out)["items"] == []
    assert not (data_dir / "trash").exists()  # listing makes nothing


def test_restore_under_a_new_name_when_the_old_one_is_taken(
    run, data_dir: Path, clock: Now
) -> None:
    path = saved(data_dir)
    run("saves", "delete", path.name)
    again = saved(data_dir)
    assert again == path
    result = run("saves", "restore", path.name)
    assert result.out.splitlines()[0] == f"Restored: {path.with_name(path.stem + '-2.toml')}"


def test_restore_of_a_name_not_in_the_trash(run, data_dir: Path) -> None:
    result = run("saves", "restore", "../saves/x")
    assert result.code == 1
    assert "there is no such evening in the trash" in one_error_line(result)


def test_the_saves_help_names_the_new_commands(run) -> None:
    result = run("saves", "--help")
    for command in ("rename", "delete", "trash", "restore"):
        assert f"    {command} " in result.out
