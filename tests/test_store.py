"""Saves: exact round trips at every step, private atomic files, and saves that can't be read."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartline.cards import Card, Deck
from heartline.errors import SaveError
from heartline.files import TEMP_SUFFIX, clean_temporaries, temp_name, write_atomic
from heartline.save_format import END_MARK, file_name, load, read_summary, to_toml
from heartline.session import ActionRefused, Session, StepKind
from heartline.store import Store
from helpers import START, Clock, advance, card, deck, every_kind_hand, play_to, resolver, session

# --- a session with every kind of card and cards in reserve ---------------------------------


def decks_for_play() -> tuple[Deck, Deck]:
    spares = [
        card("spare-1", level=1),
        card("spare-2", level=2, kind="mirror"),
        card("spare-3", level=3, tags=["calm"], follow_up="And then?"),
    ]
    return deck("test", every_kind_hand() + spares), deck("other", [card("other-1", level=1)])


def new_game(clock: Clock | None = None) -> tuple[Session, Callable[[str], Card | None]]:
    main, other = decks_for_play()
    hand = [c for c in main.cards if not c.id.startswith("spare")]
    reserve = [c for c in main.cards if c.id.startswith("spare")] + list(other.cards)
    game = session(hand, reserve=reserve, decks=[main, other], clock=clock, cards=5)
    return game, resolver(main, other)


def store() -> Store:
    return Store(Path(os.environ["HEARTLINE_DATA_DIR"]) / "saves")


def assert_same(loaded: Session, original: Session) -> None:
    assert loaded.state() == original.state()
    assert loaded.step == original.step
    assert (
        loaded.settings.seed,
        loaded.settings.cards,
        loaded.settings.max_level,
        loaded.settings.leave_out,
    ) == (
        original.settings.seed,
        original.settings.cards,
        original.settings.max_level,
        original.settings.leave_out,
    )
    assert loaded.decks == original.decks
    assert (loaded.started, loaded.updated) == (original.started, original.updated)
    for mine, theirs in zip(loaded.slots, original.slots, strict=True):
        assert loaded.visible_answers(mine) == original.visible_answers(theirs)


def round_trip(
    game: Session, resolve: Callable[[str], Card | None] | None, path: Path | None = None
) -> tuple[Path, Session]:
    saved = store().save(game, path)
    return saved, load(saved, resolve)


# --- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(StepKind), ids=[str(kind) for kind in StepKind])
def test_a_session_resumes_exactly_at_every_step_kind(kind: StepKind) -> None:
    game, resolve = new_game()
    game.swap_card()  # the first card, for a spare of its level
    game.favorite()
    game.add_note("we both liked this", by=None)
    game.add_note("mine", by=1)
    play_to(game, kind)
    assert game.step.kind is kind
    path, loaded = round_trip(game, resolve)
    assert_same(loaded, game)
    # And the game goes on the same way from the save.
    if kind is not StepKind.DONE:
        game.clock = loaded.clock = lambda: START + timedelta(hours=1)
        advance(game)
        advance(loaded)
        assert loaded.state() == game.state()
        store().save(loaded, path)
        assert_same(load(path, resolve), game)


def test_a_session_resumes_exactly_after_every_single_action() -> None:
    game, resolve = new_game()
    path = store().save(game)
    moves: list[Callable[[], object]] = [
        game.swap_card,
        game.swap_card,  # a second swap: the other deck's card of the level
        lambda: game.favorite(),
        lambda: game.add_note("first thoughts", by=0),
        lambda: game.favorite(),  # and not a favorite after all
        lambda: game.favorite(3, on=True),
    ]
    for move in moves:
        move()
        assert_same(load(path := store().save(game, path), resolve), game)
    seen: set[StepKind] = set()
    while game.step.kind is not StepKind.DONE:
        seen.add(game.step.kind)
        if game.step.kind is StepKind.GUESS:
            game.pass_card()  # the guess card: its private answer stays in the save
        else:
            advance(game)
        assert_same(load(store().save(game, path), resolve), game)
    game.add_note("after the end", by=1, index=0)
    assert_same(load(store().save(game, path), resolve), game)
    assert seen >= {
        StepKind.ANSWER,
        StepKind.REFLECT,
        StepKind.RATE,
        StepKind.CLARIFY,
        StepKind.GUESS,
        StepKind.EXERCISE,
        StepKind.APPRECIATE,
    }
    assert game.swaps == 2 and game.count("passed") == 1
    assert [p.name for p in store().paths()] == [path.name]


def test_a_session_finished_early_resumes_exactly() -> None:
    game, resolve = new_game()
    advance(game)
    game.finish_early()
    _, loaded = round_trip(game, resolve)
    assert_same(loaded, game)
    assert loaded.in_closing
    game.finish_early()
    _, loaded = round_trip(game, resolve)
    assert_same(loaded, game)
    assert loaded.finished


def test_the_reserve_left_after_swaps_is_what_comes_back() -> None:
    game, resolve = new_game()
    game.swap_card()
    _, loaded = round_trip(game, resolve)
    assert [c.key for c in loaded.reserve] == ["test/spare-2", "test/spare-3", "other/other-1"]
    loaded.swap_card()
    assert loaded.slots[0].card.key == "other/other-1"


def test_reserve_cards_that_no_longer_resolve_are_left_out() -> None:
    game, _ = new_game()
    main, _ = decks_for_play()
    _, loaded = round_trip(game, resolver(main))
    assert [c.key for c in loaded.reserve] == ["test/spare-1", "test/spare-2", "test/spare-3"]
    # Without a resolver there is nothing to swap in, but the game itself is intact.
    _, bare = round_trip(game, None)
    assert list(bare.reserve) == []
    assert bare.slots[0].card == game.slots[0].card


def test_a_save_keeps_its_cards_even_when_the_decks_are_gone() -> None:
    game, _ = new_game()
    play_to(game, StepKind.GUESS)
    _, loaded = round_trip(game, lambda key: None)
    assert loaded.hand == game.hand
    assert loaded.state()["slots"] == game.state()["slots"]


TEXT = st.text(max_size=40)
MOVES = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), TEXT),
        st.tuples(st.sampled_from(["pass", "swap", "favorite", "finish"]), st.just("")),
        st.tuples(st.just("note"), TEXT.filter(str.strip)),
    ),
    max_size=30,
)


@settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    moves=MOVES, names=st.sampled_from([("Ana", "Ben"), ("Zoë", "\x1b[31mKai"), ("李", "O'Neil")])
)
def test_any_session_resumes_exactly(moves: list[tuple[str, str]], names) -> None:
    main, other = decks_for_play()
    hand = [c for c in main.cards if not c.id.startswith("spare")]
    reserve = [c for c in main.cards if c.id.startswith("spare")] + list(other.cards)
    game = session(hand, names=names, reserve=reserve, decks=[main, other])
    for move, text in moves:
        try:
            if move == "advance":
                step = game.step
                if step.kind is StepKind.DONE:
                    continue
                if step.choices:
                    game.choose(step.choices[len(text) % len(step.choices)])
                else:
                    game.submit(text)
            elif move == "pass":
                game.pass_card()
            elif move == "swap":
                game.swap_card()
            elif move == "favorite":
                game.favorite()
            elif move == "finish":
                game.finish_early()
            else:
                game.add_note(text, by=len(text) % 2 or None)
        except ActionRefused:
            continue
    with tempfile.TemporaryDirectory() as folder:
        saved = Store(Path(folder)).save(game)
        assert_same(load(saved, resolver(main, other)), game)


# --- what a save looks like ---------------------------------------------------------------


def test_the_summary_reads_the_top_of_the_save() -> None:
    game, _ = new_game()
    play_to(game, StepKind.GUESS)
    path = store().save(game)
    summary = read_summary(path)
    assert summary.path == path and summary.name == path.name
    assert summary.status == "in-progress"
    assert summary.partners == ("Ana", "Ben")
    assert summary.deck_titles == ("Deck test", "Deck other")
    assert summary.started == START
    assert summary.updated == game.updated
    assert (summary.cards_done, summary.cards_total) == (2, 5)
    play_to(game, StepKind.DONE)
    store().save(game, path)
    summary = read_summary(path)
    assert (summary.status, summary.cards_done) == ("finished", 5)


def test_a_save_ends_with_its_end_mark() -> None:
    game, _ = new_game()
    data = to_toml(game).decode("utf-8")
    assert data.rstrip().endswith(END_MARK)


def test_saves_are_listed_newest_first_and_the_newest_game_in_progress_is_found() -> None:
    assert store().newest_in_progress() is None
    paths = {}
    for name, hours, finish in (("old", 0, False), ("mid", 1, False), ("new", 2, True)):
        clock = Clock(start=START + timedelta(hours=hours))
        game = session([card("a", answer="lead")], names=(name, "Ben"), clock=clock)
        game.submit("x")
        if finish:
            play_to(game, StepKind.DONE)
        paths[name] = store().save(game)
    found, broken = store().summaries()
    assert broken == []
    assert [s.partners[0] for s in found] == ["new", "mid", "old"]
    assert store().newest_in_progress() == paths["mid"]


def test_find_takes_a_path_a_file_name_or_a_stem() -> None:
    game, _ = new_game()
    path = store().save(game)
    assert store().find(str(path)) == path
    assert store().find(path.name) == path
    assert store().find(path.stem) == path
    with pytest.raises(SaveError, match="there is no such save"):
        store().find("nothing-like-it")


# --- file names ------------------------------------------------------------------------------


def test_file_names_are_made_from_the_date_and_the_names() -> None:
    assert file_name(START, ("Ana", "Ben")) == "2026-02-14-2000-ana-ben.toml"
    assert (
        file_name(START, ("Zoë", "Élodie Marchand")) == "2026-02-14-2000-zoe-elodie-marchand.toml"
    )
    assert file_name(START, ("李", "Ben")) == "2026-02-14-2000-partner-1-ben.toml"


@pytest.mark.parametrize(
    "names",
    [
        ("../../x", "Ben"),
        ("/etc/passwd", "..\\..\\boot.ini"),
        ("CON", "NUL"),
        ("a" * 200, "b" * 200),
        ("Ana\x00", "Ben\n"),
        ("...", "."),
    ],
    ids=[
        "parent path",
        "absolute paths",
        "windows device names",
        "200 characters",
        "controls",
        "dots",
    ],
)
def test_file_names_are_safe_whatever_the_names(names: tuple[str, str]) -> None:
    name = file_name(START, names)
    assert name.startswith("2026-02-14-2000-") and name.endswith(".toml")
    stem = name.removesuffix(".toml")
    assert all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in stem)
    assert len(name) <= 70
    assert Path(name).name == name


@pytest.mark.parametrize("names", [("../../x", "Ben"), ("/etc/passwd", "CON"), ("Zoë", "Łukasz")])
def test_saves_land_in_the_saves_folder_whatever_the_names(names: tuple[str, str]) -> None:
    game = session([card("a")], names=names)
    path = store().save(game)
    assert path.parent == store().folder
    assert read_summary(path).partners == names


def test_same_minute_same_names_get_numbered_files() -> None:
    game = session([card("a")])
    first = store().save(game)
    second = store().save(game)
    (store().folder / "2026-02-14-2000-ana-ben-3.toml").symlink_to("/nowhere")
    fourth = store().save(game)
    assert first.name == "2026-02-14-2000-ana-ben.toml"
    assert second.name == "2026-02-14-2000-ana-ben-2.toml"
    assert fourth.name == "2026-02-14-2000-ana-ben-4.toml"


# --- private files -------------------------------------------------------------------------


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_saves_are_private_even_with_an_open_umask(tmp_path: Path) -> None:
    data = tmp_path / "fresh" / "data"
    saves = Store(data / "saves")
    old = os.umask(0)
    try:
        assert saves.prepare() == ""
        path = saves.save(session([card("a")]))
        exported = tmp_path / "journal.md"
        write_atomic(exported, b"x")
    finally:
        os.umask(old)
    assert mode(saves.folder) == 0o700
    assert mode(data) == 0o700
    assert mode(path) == 0o600
    assert mode(exported) == 0o600


def test_an_open_saves_folder_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    (folder / "2026-01-01-0000-a-b.toml").write_text("x")
    folder.chmod(0o755)
    assert "made it private" in Store(folder).prepare()
    assert mode(folder) == 0o700
    assert Store(folder).prepare() == ""


def test_an_open_but_empty_saves_folder_is_tightened_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "saves"  # as a fresh clone's saves/ is: nothing in it to warn about
    folder.mkdir()
    folder.chmod(0o755)
    assert Store(folder).prepare() == ""
    assert mode(folder) == 0o700


def test_a_saves_folder_that_cannot_be_made_is_a_save_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(SaveError) as failed:
        Store(blocker / "saves").prepare()
    assert failed.value.path == blocker / "saves"
    with pytest.raises(SaveError):
        Store(blocker / "saves").save(session([card("a")]))


def test_overwriting_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "file.toml"
    write_atomic(target, b"a long first version\n" * 100)
    write_atomic(target, b"short\n")
    assert target.read_bytes() == b"short\n"


# --- atomic writing --------------------------------------------------------------------------


def everything_in(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    target = tmp_path / "save.toml"
    target.write_bytes(b"the old save\n")

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patched, pytest.raises(OSError, match="No space left"):
        patched.setattr(os, failing, broken)
        write_atomic(target, b"the new save\n" * 1000)
    assert target.read_bytes() == b"the old save\n"
    assert everything_in(tmp_path) == ["save.toml"]


def test_an_interrupted_write_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "save.toml"
    target.write_bytes(b"old")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    with monkeypatch.context() as patched, pytest.raises(KeyboardInterrupt):
        patched.setattr(os, "fsync", interrupted)
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert everything_in(tmp_path) == ["save.toml"]


def test_short_writes_are_completed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def one_byte_at_a_time(fd: int, data: bytes) -> int:
        return real_write(fd, bytes(data[:1]))

    target = tmp_path / "save.toml"
    with monkeypatch.context() as patched:
        patched.setattr(os, "write", one_byte_at_a_time)
        write_atomic(target, b"every byte arrives")
    assert target.read_bytes() == b"every byte arrives"


def test_a_failed_save_keeps_the_previous_save_loadable(monkeypatch: pytest.MonkeyPatch) -> None:
    game, resolve = new_game()
    advance(game)
    path = store().save(game)
    before = path.read_bytes()
    advance(game)

    def broken(src: object, dst: object) -> None:
        raise OSError(5, "Input/output error")

    with monkeypatch.context() as patched, pytest.raises(SaveError, match="Input/output error"):
        patched.setattr(os, "replace", broken)
        store().save(game, path)
    assert path.read_bytes() == before
    assert len(load(path, resolve).log) == 1
    assert everything_in(store().folder) == [path.name]


# --- temporary files left by crashes ------------------------------------------------------


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(child.stdout)


def test_temporaries_of_dead_processes_are_removed_and_others_kept(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    save = folder / "2026-02-14-2000-ana-ben.toml"
    mine = temp_name(save)
    assert mine.name.startswith(f".{save.name}.{os.getpid()}.")
    assert mine.name.endswith(TEMP_SUFFIX)
    dead = folder / f".{save.name}.{dead_pid()}.0badc0de{TEMP_SUFFIX}"
    parent = folder / f".{save.name}.{os.getppid()}.0badc0de{TEMP_SUFFIX}"
    odd = folder / f".notes{TEMP_SUFFIX}"
    plain = folder / f"notes.{dead_pid()}.0badc0de{TEMP_SUFFIX}"
    for path in (save, mine, dead, parent, odd, plain):
        path.write_text("x")
    assert clean_temporaries(folder) == [dead]
    assert sorted(folder.iterdir()) == sorted([save, mine, parent, odd, plain])


def test_prepare_clears_dead_temporaries_and_lists_ignore_live_ones() -> None:
    saves = store()
    saves.prepare()
    game = session([card("a")])
    path = saves.save(game)
    dead = saves.folder / f".{path.name}.{dead_pid()}.0badc0de{TEMP_SUFFIX}"
    live = temp_name(path)
    dead.write_text("half a save")
    live.write_text("half a save")
    assert [s.path for s in saves.summaries()[0]] == [path]
    assert saves.summaries()[1] == []
    saves.prepare()
    assert not dead.exists()
    assert live.exists()


# --- saves that can't be read ----------------------------------------------------------------


def good_save_bytes() -> bytes:
    game, _ = new_game()
    play_to(game, StepKind.REFLECT)
    return to_toml(game)


def _write(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        text = good_save_bytes().decode()
        assert old in text
        path.write_text(text.replace(old, new, 1))

    return make


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("x")


def _symlink(path: Path) -> None:
    target = path.parent.parent / "elsewhere.toml"
    target.write_bytes(good_save_bytes())
    path.symlink_to(target)


BROKEN = {
    "empty": (_write(b""), "the file is empty"),
    "truncated": (lambda p: p.write_bytes(good_save_bytes()[:300]), "cut short"),
    "not toml": (_write(b"this is { not toml\n" + END_MARK.encode() + b"\n"), "not valid TOML"),
    "not utf-8": (_write(b"status = \xff\xfe\n" + END_MARK.encode() + b"\n"), "not UTF-8"),
    "wrong type": (_replace('status = "in-progress"', "status = 3"), "`status`"),
    "partners as text": (
        _replace('partners = [\n    "Ana",\n    "Ben",\n]', 'partners = "Ana"'),
        "`partners`",
    ),
    "missing key": (_replace("cards_total = 5\n", ""), "`cards_total`"),
    "future format": (_replace("format = 1", "format = 2"), "newer heartline (format 2)"),
    "format zero": (_replace("format = 1", "format = 0"), "unknown save format 0"),
    "directory": (_directory, "not a file"),
    "symlink": (_symlink, "link to another file"),
}


def fingerprint(path: Path) -> tuple[object, ...]:
    info = os.lstat(path)
    if path.is_symlink():
        content: object = os.readlink(path)
    elif path.is_dir():
        content = sorted(os.listdir(path))
    else:
        content = path.read_bytes()
    return (info.st_mode, info.st_size, info.st_mtime_ns, content)


@pytest.mark.parametrize(("make", "reason"), BROKEN.values(), ids=BROKEN.keys())
def test_an_unreadable_save_is_reported_and_left_alone(
    make: Callable[[Path], None], reason: str
) -> None:
    saves = store()
    saves.prepare()
    good = saves.save(session([card("a")]))
    broken = saves.folder / "2020-01-01-0000-broken-save.toml"
    make(broken)
    before = fingerprint(broken)
    found, errors = saves.summaries()
    assert [s.path for s in found] == [good]
    assert len(errors) == 1
    assert errors[0].path == broken
    assert reason in errors[0].reason
    assert str(broken) in str(errors[0])
    with pytest.raises(SaveError) as failed:
        load(broken)
    assert failed.value.path == broken
    saves.prepare()
    assert saves.newest_in_progress() == good
    assert fingerprint(broken) == before


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ('type = "answer"', 'type = "dance"', "`actions.0.type`"),
        ("by = 0", "by = 1", "actions don't fit together"),
        ("card = 0", "card = 4", "actions don't fit together"),
        ('kind = "question"', 'kind = "quiz"', "`cards.0.kind`"),
        ("seed = 7", 'seed = "7"', "`seed`"),
    ],
    ids=["unknown action", "wrong partner", "wrong card", "unknown kind", "seed as text"],
)
def test_a_save_whose_body_is_broken_lists_but_does_not_load(
    old: str, new: str, reason: str
) -> None:
    game, resolve = new_game()
    play_to(game, StepKind.REFLECT)
    text = to_toml(game).decode()
    assert old in text
    path = store().folder / "2026-02-14-2000-ana-ben.toml"
    path.parent.mkdir(parents=True)
    path.write_text(text.replace(old, new, 1))
    before = fingerprint(path)
    assert read_summary(path).partners == ("Ana", "Ben")
    with pytest.raises(SaveError) as failed:
        load(path, resolve)
    assert reason in failed.value.reason
    assert fingerprint(path) == before


def test_a_save_with_a_time_without_offset_does_not_break_the_list() -> None:
    # A hand-edited save may hold a local time; it is read as this machine's local time.
    saves = store()
    aware = saves.save(session([card("a")], names=("Ana", "Ben")))
    naive = saves.save(session([card("a")], names=("Cy", "Dee")))
    text = naive.read_text()
    assert "updated = 2026-02-14 20:00:00+00:00" in text
    naive.write_text(
        text.replace("updated = 2026-02-14 20:00:00+00:00", "updated = 1999-01-01 00:00:00")
    )
    found, broken = saves.summaries()
    assert broken == []
    assert [s.path for s in found] == [aware, naive]
    assert saves.newest_in_progress() == aware


def test_the_summary_counts_the_cards_played_when_a_game_ends_early() -> None:
    game, _ = new_game()
    play_to(game, StepKind.REFLECT)  # the first card is answered by both
    game.finish_early()
    game.submit("Your patience")
    game.submit("Your laugh")
    summary = read_summary(store().save(game))
    assert (summary.cards_played, summary.cards_done, summary.cards_total) == (1, 5, 5)
    assert load(summary.path).finished


def test_a_save_without_cards_played_still_lists_and_loads() -> None:
    game, _ = new_game()
    path = store().save(game)
    path.write_text(path.read_text().replace("cards_played = 0\n", ""))
    assert read_summary(path).cards_played == 0
    assert load(path).partners == game.partners


# --- drafts: unsent words ----------------------------------------------------------------------


def test_drafts_round_trip_and_are_not_actions() -> None:
    game, resolve = new_game()
    game.submit("Autumn")
    game.keep_draft(game.draft_key, 'Half a "thought"\nwith [markup] and \x1b[31m')
    game.keep_draft(Session.note_key(0), "a note not kept yet")
    path, loaded = round_trip(game, resolve)
    assert loaded.drafts == game.drafts
    assert loaded.log == game.log
    assert read_summary(path).cards_done == 0  # the head is still whole before [drafts]


def test_sending_the_words_clears_their_draft_and_only_theirs() -> None:
    game, _ = new_game()
    key = game.draft_key
    game.keep_draft(key, "Autumn")
    game.keep_draft(Session.note_key(0), "a note")
    game.submit("Autumn")
    assert game.drafts == {Session.note_key(0): "a note"}
    game.add_note("a note")
    assert game.drafts == {}


def test_a_draft_is_forgotten_when_its_box_is_emptied() -> None:
    game, _ = new_game()
    assert game.keep_draft(game.draft_key, "Aut")
    assert not game.keep_draft(game.draft_key, "Aut")  # nothing changed: no write needed
    assert game.keep_draft(game.draft_key, "")
    assert game.drafts == {}


@pytest.mark.parametrize(
    ("drafts", "words"),
    [
        ('drafts = "text"\n', "`drafts` should be a table"),
        ('[drafts]\n"card:0:answer:0:0" = 3\n', "`drafts.card:0:answer:0:0` should be text"),
    ],
)
def test_a_broken_drafts_table_is_reported_and_the_save_left_alone(drafts: str, words: str) -> None:
    game, resolve = new_game()
    text = to_toml(game).decode()
    head, rest = text.split("\n[deal]", 1)
    broken = f"{head}\n{drafts}\n[deal]{rest}" if drafts.startswith("[") else (f"{drafts}{text}")
    path = store().folder / "broken.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(broken, encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(SaveError) as failed:
        load(path, resolve)
    assert words in failed.value.reason
    assert path.read_bytes() == before


def test_prepare_makes_the_first_save_after_a_resume_cost_what_any_save_costs(
    tmp_path: Path,
) -> None:
    from heartline import save_format

    played = session(every_kind_hand())
    for text in ["a", "b", "c"]:
        played.submit(text)
    path = tmp_path / "s.toml"
    path.write_bytes(to_toml(played))
    save_format._card_chunk.cache_clear()
    save_format._action_chunk.cache_clear()
    resumed = load(path)
    save_format.prepare(resumed)
    cards, actions = save_format._card_chunk.cache_info(), save_format._action_chunk.cache_info()
    assert cards.currsize == len(resumed.hand) and actions.currsize == len(resumed.log)
    assert to_toml(resumed) == path.read_bytes()
    assert save_format._card_chunk.cache_info().misses == cards.misses
    assert save_format._action_chunk.cache_info().misses == actions.misses
