"""Managing saves: titles, the trash and restoring (issue 13 item 6).

A title changes only the title; a deleted save waits in `<data>/trash` byte for byte for 30
days, comes back under its name or a free one, and nothing younger is ever let go.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from heartline import trash as trash_module
from heartline.errors import SaveError, SessionOpenElsewhere, UserError
from heartline.files import SaveLock
from heartline.save_format import load, read_summary
from heartline.session import StepKind
from heartline.store import Store, lock_for
from heartline.trash import KEEP_DAYS, RECORD_SUFFIX, Trash, clean_title, record_path
from heartline.workspace import Workspace
from helpers import START, Now, advance, every_kind_hand, play_to, session, trash_clock

DELETED = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Now:
    return trash_clock(monkeypatch, DELETED)


@pytest.fixture
def ws(data_dir: Path) -> Workspace:
    workspace = Workspace(data_dir)
    workspace.prepare_saves()
    return workspace


def saved(ws: Workspace, names=("Ana", "Ben"), moves: int = 2, finish: bool = False) -> Path:
    game = session(every_kind_hand(), names=names, cards=5)
    for _ in range(moves):
        advance(game)
    if finish:
        play_to(game, StepKind.DONE)
    return ws.store.save(game)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def listed(ws: Workspace) -> list[Path]:
    found, broken = ws.summaries()
    return sorted([s.path for s in found] + [e.path for e in broken])


# --- titles -------------------------------------------------------------------------------


def test_a_title_changes_only_the_title_line(ws: Workspace) -> None:
    path = saved(ws)
    before = path.read_bytes()
    updated = read_summary(path).updated
    assert ws.rename(path, "  Our first snow  ") == "Our first snow"
    after = path.read_bytes()
    assert after.replace(b'title = "Our first snow"\n', b"", 1) == before
    assert read_summary(path).updated == updated  # naming is not playing
    assert load(path).title == "Our first snow"
    assert mode(path) == 0o600
    assert not lock_for(path).path.exists()  # the lock is let go


def test_an_empty_title_removes_it_and_the_list_follows(ws: Workspace) -> None:
    path = saved(ws)
    original = path.read_bytes()
    ws.rename(path, "Sunday")
    assert [s.title for s in ws.summaries()[0]] == ["Sunday"]  # the index is refreshed
    assert ws.rename(path, " \t ") == ""
    assert path.read_bytes() == original
    assert [s.title for s in ws.summaries()[0]] == [""]


def test_a_finished_evening_can_be_named_too(ws: Workspace) -> None:
    path = saved(ws, finish=True)
    ws.rename(path, "Anniversary")
    assert load(path).finished and load(path).title == "Anniversary"


def test_a_save_open_in_another_heartline_is_not_renamed(ws: Workspace) -> None:
    path = saved(ws)
    before = path.read_bytes()
    elsewhere = SaveLock(lock_for(path).path)
    elsewhere.acquire()
    try:
        with pytest.raises(SessionOpenElsewhere) as refused:
            ws.rename(path, "Mine")
        assert "open in another heartline" in refused.value.reason
    finally:
        elsewhere.release()
    assert path.read_bytes() == before


def test_a_broken_save_is_not_renamed_and_not_touched(ws: Workspace) -> None:
    path = ws.saves / "2026-01-01-0000-x-y.toml"
    path.write_bytes(b"format = 1\nstatus = [")
    with pytest.raises(SaveError):
        ws.rename(path, "Nope")
    assert path.read_bytes() == b"format = 1\nstatus = ["


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("Our evening", "Our evening"),
        ("  two   spaces  ", "two spaces"),
        ("line one\nline two\r\nthree", "line one line two three"),
        ("tab\there", "tab here"),
        ("para\u2028graph\u2029end\x85x", "para graph end x"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("bell\x07 and \x9b31m", "bell and 31m"),
        ("\u202eevil\u202c and \u2066iso\u2069", "evil and iso"),
        ("[bold]not markup[/]", "[bold]not markup[/]"),
        ("bad \udcff byte", "bad \ufffd byte"),
        ("نحن معاً", "نحن معاً"),
        ("x" * 80, "x" * 80),
        ("\n\x1b\u202e", ""),
    ],
)
def test_titles_are_untrusted_text(typed: str, kept: str) -> None:
    assert clean_title(typed) == kept


def test_a_title_longer_than_80_characters_is_refused_not_cut(ws: Workspace) -> None:
    path = saved(ws)
    before = path.read_bytes()
    with pytest.raises(UserError, match="at most 80 characters; this one has 81"):
        ws.rename(path, "y" * 81)
    assert path.read_bytes() == before


def test_a_hostile_title_round_trips_through_the_save(ws: Workspace) -> None:
    path = saved(ws)
    kept = ws.rename(path, 'quote " backslash \\ and ] [ = # and ünïcode')
    assert read_summary(path).title == kept
    assert load(path).title == kept


# --- the trash ----------------------------------------------------------------------------


def test_delete_and_restore_give_back_the_same_bytes(ws: Workspace, clock: Now) -> None:
    path = saved(ws)
    before = path.read_bytes()
    info = path.stat()
    item = ws.trash(path)
    assert not path.exists() and not lock_for(path).path.exists()
    assert item.path == ws.data / "trash" / path.name
    assert item.path.read_bytes() == before
    assert item.path.stat().st_ino == info.st_ino  # moved, not rewritten
    assert item.trashed == DELETED and item.days_left == KEEP_DAYS
    assert item.summary is not None and item.summary.partners == ("Ana", "Ben")
    assert mode(ws.data / "trash") == 0o700
    assert mode(item.path) == 0o600 and mode(record_path(item.path)) == 0o600
    assert ws.summaries() == ([], [])

    clock.moment += timedelta(days=3)
    listing = ws.trashed()
    assert [(i.name, i.days_left, i.original) for i in listing.items] == [
        (path.name, KEEP_DAYS - 3, path.name)
    ]
    assert listing.purged == 0

    back = ws.restore(path.stem)  # the name without .toml works too
    assert back == path
    assert path.read_bytes() == before and mode(path) == 0o600
    assert path.stat().st_mtime_ns == info.st_mtime_ns
    assert ws.trashed().items == []
    assert os.listdir(ws.data / "trash") == []  # the record went with it
    assert [s.path for s in ws.summaries()[0]] == [path]


def test_the_summaries_index_drops_a_deleted_save_and_finds_a_restored_one(
    ws: Workspace, clock: Now
) -> None:
    path = saved(ws, moves=1)
    done = read_summary(path).cards_done
    ws.summaries()
    index = ws.saves / ".summaries.json"
    assert path.name in json.loads(index.read_text())["saves"]
    ws.trash(path)
    assert ws.summaries() == ([], [])
    assert json.loads(index.read_text())["saves"] == {}
    other = saved(ws, moves=2)
    assert other == path  # same start time and names: the same file name
    other_done = read_summary(other).cards_done
    assert other_done != done
    ws.summaries()
    back = ws.restore(path.name)
    assert back.name == path.stem + "-2.toml"
    found, broken = ws.summaries()
    assert broken == []
    assert {s.path.name: s.cards_done for s in found} == {path.name: other_done, back.name: done}


def test_names_never_collide_in_the_trash_or_on_the_way_back(ws: Workspace, clock: Now) -> None:
    first = saved(ws, names=("Ana", "Ben"), moves=1)
    first_bytes = first.read_bytes()
    ws.trash(first)
    second = saved(ws, names=("Ana", "Ben"), moves=3)
    assert second == first
    second_bytes = second.read_bytes()
    clock.moment += timedelta(minutes=5)
    item = ws.trash(second)
    assert item.name == first.stem + "-2.toml" and item.original == first.name
    listing = ws.trashed()
    assert [i.name for i in listing.items] == [item.name, first.name]  # newest first

    assert ws.restore(item.name) == first  # its own name is free again
    assert first.read_bytes() == second_bytes
    again = ws.restore(first.name)  # that name is taken now
    assert again == first.with_name(first.stem + "-2.toml")
    assert again.read_bytes() == first_bytes
    # Deleted again and its name taken: a number is added to the name it had.
    ws.trash(again)
    (ws.saves / again.name).write_bytes(b"something else")
    assert ws.restore(again.name).name == first.stem + "-2-2.toml"
    assert (ws.saves / again.name).read_bytes() == b"something else"


def test_a_name_taken_by_a_file_put_in_the_trash_by_hand_is_skipped(
    ws: Workspace, clock: Now
) -> None:
    path = saved(ws)
    folder = ws.data / "trash"
    folder.mkdir(mode=0o700)
    (folder / path.name).write_bytes(b"put here by hand")
    item = ws.trash(path)
    assert item.name == path.stem + "-2.toml"
    assert (folder / path.name).read_bytes() == b"put here by hand"
    # Without a record it is listed, kept until restored, never let go.
    clock.moment += timedelta(days=400)
    listing = ws.trashed()
    assert listing.purged == 1
    assert [(i.name, i.days_left, i.trashed) for i in listing.items] == [(path.name, None, None)]
    assert listing.items[0].problem  # it can't be read, and says why


def test_what_is_30_days_old_is_let_go_and_nothing_younger(ws: Workspace, clock: Now) -> None:
    ages = {
        "old": timedelta(days=45),
        "just-30": timedelta(days=30),
        "almost": timedelta(days=30) - timedelta(seconds=1),
        "half": timedelta(days=15),
        "new": timedelta(0),
        "future": -timedelta(days=2),  # a clock that was wrong when it was deleted
    }
    listing_time = DELETED + timedelta(days=60)
    for number, (label, age) in enumerate(ages.items()):
        path = saved(ws, names=(f"A{number}", f"B{number}"))
        clock.moment = listing_time - age
        ws.trash(path).path.rename(ws.data / "trash" / f"{label}.toml")
        record_path(ws.data / "trash" / path.name).rename(
            record_path(ws.data / "trash" / f"{label}.toml")
        )
    clock.moment = listing_time
    listing = ws.trashed()
    assert listing.purged == 2 and listing.problems == []
    left = {item.name.removesuffix(".toml"): item.days_left for item in listing.items}
    assert left == {"almost": 1, "half": 15, "new": 30, "future": 30}
    assert sorted(os.listdir(ws.data / "trash")) == sorted(
        [f"{label}.toml" for label in left] + [f".{label}.toml{RECORD_SUFFIX}" for label in left]
    )
    assert ws.trashed().purged == 0  # said once


def test_nothing_is_let_go_when_the_trash_is_not_listed(ws: Workspace, clock: Now) -> None:
    path = saved(ws)
    item = ws.trash(path)
    clock.moment += timedelta(days=90)
    ws.summaries()
    other = saved(ws, names=("Cy", "Dee"))
    ws.trash(other)  # deleting another does not empty the trash
    assert item.path.exists()


def test_an_item_being_restored_elsewhere_is_not_let_go(ws: Workspace, clock: Now) -> None:
    item = ws.trash(saved(ws))
    clock.moment += timedelta(days=31)
    elsewhere = SaveLock(lock_for(item.path).path)
    elsewhere.acquire()
    try:
        listing = ws.trashed()
        assert listing.purged == 0 and [i.name for i in listing.items] == [item.name]
        with pytest.raises(SaveError, match="another heartline is restoring it"):
            ws.restore(item.name)
    finally:
        elsewhere.release()
    assert ws.trashed().purged == 1


def test_a_save_open_in_another_heartline_is_not_deleted(ws: Workspace, clock: Now) -> None:
    path = saved(ws)
    held = ws.open(path)
    try:
        with pytest.raises(SessionOpenElsewhere):
            ws.trash(path)
    finally:
        held.close()
    assert path.exists()
    assert [p.name for p in (ws.data / "trash").iterdir()] == []


def broken_saves(ws: Workspace, outside: Path) -> dict[str, Path]:
    outside.mkdir()
    (outside / "target.toml").write_bytes(b"not mine")
    made = {
        "empty": ws.saves / "empty.toml",
        "garbage": ws.saves / "garbage.toml",
        "cut": ws.saves / "cut.toml",
        "folder": ws.saves / "folder.toml",
        "fifo": ws.saves / "fifo.toml",
        "link": ws.saves / "link.toml",
        "dangling": ws.saves / "dangling.toml",
        "open-mode": ws.saves / "open-mode.toml",
    }
    made["empty"].write_bytes(b"")
    made["garbage"].write_bytes(b"\xff\xfe\x00 not toml at all [[[")
    good = saved(ws)
    made["cut"].write_bytes(good.read_bytes()[:500])
    good.unlink()
    made["folder"].mkdir()
    (made["folder"] / "inside.txt").write_text("kept")
    os.mkfifo(made["fifo"])
    made["link"].symlink_to(outside / "target.toml")
    made["dangling"].symlink_to(outside / "nowhere.toml")
    made["open-mode"].write_bytes(b"format = 1\n")
    made["open-mode"].chmod(0o644)
    return made


def fingerprint(path: Path) -> tuple[object, ...]:
    info = path.lstat()
    kind = stat.S_IFMT(info.st_mode)
    if stat.S_ISLNK(info.st_mode):
        return (kind, os.readlink(path))
    if stat.S_ISDIR(info.st_mode):
        return (kind, sorted(os.listdir(path)))
    if stat.S_ISREG(info.st_mode):
        return (kind, path.read_bytes(), stat.S_IMODE(info.st_mode), info.st_ino)
    return (kind, info.st_ino)


def test_unreadable_saves_are_moved_untouched_and_come_back(
    ws: Workspace, clock: Now, tmp_path: Path
) -> None:
    made = broken_saves(ws, tmp_path / "elsewhere")
    before = {label: fingerprint(path) for label, path in made.items()}
    found, broken = ws.summaries()
    assert found == [] and {e.path for e in broken} == set(made.values())
    for path in made.values():
        ws.trash(path)
        assert not os.path.lexists(path)
    assert (tmp_path / "elsewhere" / "target.toml").read_bytes() == b"not mine"
    trashed = {label: fingerprint(ws.data / "trash" / path.name) for label, path in made.items()}
    assert trashed == before
    listing = ws.trashed()
    assert {i.name for i in listing.items} == {p.name for p in made.values()}
    assert all(i.problem and i.summary is None for i in listing.items)
    for path in made.values():
        assert ws.restore(path.name) == path
    assert {label: fingerprint(path) for label, path in made.items()} == before


def test_old_unreadable_saves_are_let_go_links_without_their_targets(
    ws: Workspace, clock: Now, tmp_path: Path
) -> None:
    made = broken_saves(ws, tmp_path / "elsewhere")
    for path in made.values():
        ws.trash(path)
    clock.moment += timedelta(days=KEEP_DAYS)
    listing = ws.trashed()
    assert listing.purged == len(made) and listing.items == []
    assert os.listdir(ws.data / "trash") == []
    assert (tmp_path / "elsewhere" / "target.toml").read_bytes() == b"not mine"


@pytest.mark.parametrize("kind", ["file", "link-to-folder", "dangling-link", "fifo"])
def test_a_trash_folder_that_is_not_a_folder_is_refused_with_a_reason(
    ws: Workspace, tmp_path: Path, kind: str
) -> None:
    path = saved(ws)
    before = path.read_bytes()
    place = ws.data / "trash"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if kind == "file":
        place.write_bytes(b"a file")
    elif kind == "link-to-folder":
        place.symlink_to(elsewhere)
    elif kind == "dangling-link":
        place.symlink_to(tmp_path / "nowhere")
    else:
        os.mkfifo(place)
    words = "it is a link" if "link" in kind else "it is a file, not a folder"
    for attempt in (lambda: ws.trash(path), ws.trashed, lambda: ws.restore(path.name)):
        with pytest.raises(SaveError) as refused:
            attempt()
        assert refused.value.path == place
        assert words in refused.value.reason
    assert path.read_bytes() == before
    assert os.listdir(elsewhere) == []
    assert not lock_for(path).path.exists()


def test_only_saves_in_the_saves_folder_go_to_the_trash(ws: Workspace, tmp_path: Path) -> None:
    stranger = tmp_path / "mine.toml"
    stranger.write_bytes(b"not a save of this folder")
    with pytest.raises(SaveError, match="only saves in"):
        ws.trash(stranger)
    with pytest.raises(SaveError, match="only a save"):
        ws.trash(ws.saves / ".summaries.json")
    with pytest.raises(SaveError, match="no such save"):
        ws.trash(ws.saves / "missing.toml")
    assert stranger.read_bytes() == b"not a save of this folder"
    assert not (ws.data / "trash").exists()


def test_a_restore_needs_a_name_that_is_in_the_trash(ws: Workspace, clock: Now) -> None:
    with pytest.raises(SaveError, match="no such evening in the trash"):
        ws.restore("nothing.toml")
    item = ws.trash(saved(ws))
    for bad in ("../saves/x.toml", f".{item.name}{RECORD_SUFFIX}", "", "/etc/passwd"):
        with pytest.raises(SaveError, match="no such evening in the trash"):
            ws.restore(bad)
    assert item.path.exists()


def test_a_record_naming_another_place_is_not_followed(ws: Workspace, clock: Now) -> None:
    path = saved(ws)
    item = ws.trash(path)
    for hostile in ("../../escaped.toml", "/tmp/abs.toml", ".hidden.toml", "no-suffix"):
        record_path(item.path).write_text(
            json.dumps({"format": 1, "name": hostile, "trashed": DELETED.isoformat()})
        )
        listing = ws.trashed()
        assert listing.items[0].trashed is None and listing.items[0].original == item.name
    assert ws.restore(item.name) == path
    assert not (ws.data.parent / "escaped.toml").exists()


def test_an_orphan_record_keeps_its_name_for_an_hour_then_goes(ws: Workspace, clock: Now) -> None:
    folder = ws.data / "trash"
    folder.mkdir(mode=0o700)
    orphan = folder / f".x.toml{RECORD_SUFFIX}"
    orphan.write_text(json.dumps({"format": 1, "name": "x.toml", "trashed": DELETED.isoformat()}))
    ws.trashed()
    assert orphan.exists()
    clock.moment += timedelta(hours=1)
    assert ws.trashed().items == []
    assert not orphan.exists()


# --- across file systems ------------------------------------------------------------------


@pytest.fixture
def other_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Links and renames between the saves and the trash fail as between two file systems
    (EXDEV); within one folder they work."""

    def across(real: Callable[..., None]) -> Callable[..., None]:
        def call(source: Path, target: Path, **kwargs: object) -> None:
            if Path(source).parent != Path(target).parent:
                raise OSError(errno.EXDEV, "Invalid cross-device link")
            return real(source, target, **kwargs)

        return call

    monkeypatch.setattr(os, "link", across(os.link))
    monkeypatch.setattr(os, "rename", across(os.rename))


def test_across_file_systems_a_save_is_copied_checked_and_then_removed(
    ws: Workspace, clock: Now, other_disk: None
) -> None:
    path = saved(ws)
    before = path.read_bytes()
    path.chmod(0o640)
    mtime = path.stat().st_mtime_ns
    item = ws.trash(path)
    assert not path.exists()
    assert item.path.read_bytes() == before
    assert mode(item.path) == 0o600 and item.path.stat().st_mtime_ns == mtime
    assert ws.restore(item.name) == path
    assert path.read_bytes() == before and mode(path) == 0o600
    assert not [name for name in os.listdir(ws.saves) if name.endswith(".tmp")]


def test_across_file_systems_what_is_not_a_plain_file_stays(
    ws: Workspace, clock: Now, other_disk: None, tmp_path: Path
) -> None:
    link = ws.saves / "link.toml"
    link.symlink_to(tmp_path)
    folder = ws.saves / "folder.toml"
    folder.mkdir()
    for path in (link, folder):
        with pytest.raises(SaveError, match="another file system"):
            ws.trash(path)
        assert os.path.lexists(path)
    assert os.listdir(ws.data / "trash") == []


def test_across_file_systems_a_save_that_cant_be_read_to_the_end_stays(
    ws: Workspace, clock: Now, other_disk: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = saved(ws)
    before = path.read_bytes()
    real_read = os.read

    def failing(fd: int, size: int) -> bytes:
        if size == trash_module.CHUNK:
            raise OSError(errno.EIO, "Input/output error")
        return real_read(fd, size)

    monkeypatch.setattr(trash_module.os, "read", failing)
    with pytest.raises(SaveError, match="Input/output error"):
        ws.trash(path)
    assert path.read_bytes() == before
    assert os.listdir(ws.data / "trash") == []


def test_a_trash_for_a_store_elsewhere_keeps_its_own_clock(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    store = Store(saves)
    store.prepare()
    game = session(every_kind_hand(), cards=5)
    path = store.save(game)
    moments = iter([START, START + timedelta(days=KEEP_DAYS)])
    bin_ = Trash(tmp_path / "trash", saves, clock=lambda: next(moments))
    bin_.put(path)
    assert bin_.listing().purged == 1


def test_the_evening_open_here_is_named_through_its_own_autosave(ws: Workspace) -> None:
    path = saved(ws)
    here = ws.open(path)
    try:
        assert ws.rename(path, "Tonight", active=here) == "Tonight"
        assert here.session.title == "Tonight" and read_summary(path).title == "Tonight"
        with pytest.raises(SessionOpenElsewhere):  # still locked by `here`
            ws.rename(path, "Other")
    finally:
        here.close()
