"""The command line, run in-process: output, files made, and exit codes."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest

from conftest import REPO, SHIPPED_DECKS, one_error_line
from heartline import __version__, cli
from heartline.cards import Deck
from heartline.dealing import deal
from heartline.deck import load_deck
from heartline.journal import export
from heartline.library import Library
from heartline.save_format import load
from heartline.session import DealSettings, Session, StepKind
from heartline.store import Autosave, Store
from heartline.workspace import Workspace
from helpers import START, Clock, advance, play_to, session

SHIPPED_IDS = sorted(path.stem for path in SHIPPED_DECKS.glob("*.toml"))
OUR_DECK = 'title = "Our Own Deck"\n[[cards]]\nid = "ours"\nprompt = "Just for us?"\n'


@dataclass
class Opened:
    """What the stub screen was opened with."""

    calls: list[tuple[Workspace, Session | None, Path | None]] = field(default_factory=list)

    @property
    def session(self) -> Session:
        assert len(self.calls) == 1
        opened = self.calls[0][1]
        assert opened is not None
        return opened

    @property
    def path(self) -> Path:
        assert len(self.calls) == 1
        opened = self.calls[0][2]
        assert opened is not None
        return opened


@pytest.fixture(autouse=True)
def screen(monkeypatch: pytest.MonkeyPatch) -> Opened:
    """No test here ever opens the real screen."""
    opened = Opened()

    def stub(ws: Workspace, active: Autosave | None = None) -> int:
        if active is None:
            opened.calls.append((ws, None, None))
        else:
            opened.calls.append((ws, active.session, active.path))
            active.close()
        return 0

    monkeypatch.setattr(cli, "open_app", stub)
    return opened


def saves_folder(data_dir: Path) -> Path:
    return data_dir / "saves"


def shipped(deck_id: str) -> Deck:
    deck = load_deck(SHIPPED_DECKS / f"{deck_id}.toml").deck
    assert deck is not None
    return deck


def saved_game(
    data_dir: Path, names=("Ana", "Ben"), hours: int = 0, moves: int = 1, finish: bool = False
) -> tuple[Session, Path]:
    """A session dealt from a shipped deck, played a little and saved, with a fixed clock."""
    source = shipped("communication")
    hand, reserve = deal([source], DealSettings(seed=11, cards=4))
    clock = Clock(start=START + timedelta(hours=hours))
    game = session(hand, names=names, reserve=reserve, decks=[source], clock=clock, cards=4)
    for _ in range(moves):
        advance(game)
    if finish:
        play_to(game, StepKind.DONE)
    return game, Store(saves_folder(data_dir)).save(game)


# --- decks list ------------------------------------------------------------------------------


def test_decks_list_shows_every_shipped_deck(run) -> None:
    result = run("decks", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "TIP", "CARDS", "LEVELS", "KINDS", "PROBLEMS"]
    assert sorted(line.split()[0] for line in lines[1:]) == SHIPPED_IDS
    row = next(line for line in lines if line.startswith("communication "))
    assert shipped("communication").title in row and "1,2,3" in row


def test_decks_list_json(run) -> None:
    result = run("decks", "list", "--json")
    assert result.code == 0
    rows = json.loads(result.out)
    assert sorted(row["id"] for row in rows) == SHIPPED_IDS
    row = next(row for row in rows if row["id"] == "communication")
    assert row["path"] == str(SHIPPED_DECKS / "communication.toml")
    deck = shipped("communication")
    assert (row["title"], row["tip"], row["cards"]) == (
        deck.title,
        "communication",
        len(deck.cards),
    )
    assert row["levels"] == [1, 2, 3]
    assert "mirror" in row["kinds"]
    assert (row["usable"], row["problems"], row["overrides"]) == (True, [], None)


def test_decks_list_reads_extra_folders_and_reports_their_problems(
    run, write_deck, tmp_path: Path
) -> None:
    extra = tmp_path / "extra"
    write_deck(OUR_DECK, name="our-deck.toml", folder=extra)
    write_deck(
        OUR_DECK + '[[cards]]\nid = "bad"\nprompt = "x"\nlevel = 9\n',
        name="half.toml",
        folder=extra,
    )
    broken = write_deck('title = "Broken"\n', name="broken.toml", folder=extra)
    result = run("decks", "list", "--decks", str(extra))
    assert result.code == 0
    rows = {
        line.split()[0]: line for line in result.out.splitlines()[1:] if line and line[0] != " "
    }
    assert "Our Own Deck" in rows["our-deck"]
    assert rows["half"].rstrip().endswith("1")  # one problem
    assert f"can't use {broken}: {broken}:1:1: the deck has no cards" in result.out
    data = {
        row["id"]: row
        for row in json.loads(run("decks", "list", "--json", "--decks", str(extra)).out)
    }
    assert data["broken"]["usable"] is False and data["broken"]["title"] is None
    assert data["half"]["problems"] == [
        f"{extra / 'half.toml'}:8:1: card `bad`: `level` must be 1, 2 or 3, got 9"
    ]


def test_the_partners_own_decks_folder_is_read(run, write_deck, data_dir: Path) -> None:
    write_deck(OUR_DECK, name="mine.toml", folder=data_dir / "decks")
    result = run("decks", "list")
    assert any(line.startswith("mine ") for line in result.out.splitlines())


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_deck_in_a_later_folder_shadows_a_shipped_one(
    run, write_deck, tmp_path: Path, where: str
) -> None:
    extra = tmp_path / "extra"
    ours = write_deck(OUR_DECK, name="communication.toml", folder=extra)
    args = ["decks", "list"]
    args = ["--decks", str(extra), *args] if where == "before" else [*args, "--decks", str(extra)]
    result = run(*args)
    assert result.code == 0
    assert (
        f"communication: {ours} is used instead of {SHIPPED_DECKS / 'communication.toml'}"
        in result.out
    )
    row = next(line for line in result.out.splitlines() if line.startswith("communication "))
    assert "Our Own Deck" in row
    rows = {row["id"]: row for row in json.loads(run(*args, "--json").out)}
    assert rows["communication"]["overrides"] == str(SHIPPED_DECKS / "communication.toml")
    assert rows["communication"]["path"] == str(ours)
    assert rows["gratitude"]["overrides"] is None


def test_a_missing_extra_folder_is_a_user_error(run, tmp_path: Path) -> None:
    result = run("decks", "list", "--decks", str(tmp_path / "nowhere"))
    assert result.code == 1
    assert (
        one_error_line(result)
        == f"heartline: --decks {tmp_path / 'nowhere'}: there is no such folder"
    )


# --- decks show -------------------------------------------------------------------------------


def test_decks_show_prints_the_deck_and_its_cards(run) -> None:
    result = run("decks", "show", "communication")
    assert result.code == 0
    deck = shipped("communication")
    lines = result.out.splitlines()
    assert lines[0] == shipped("communication").title
    assert lines[1] == "=" * len(lines[0])
    assert any(line.startswith("How to play: ") for line in lines)
    assert "Order: escalate. Cards can be passed." in lines
    for card in deck.cards:
        assert f"[{card.id}] {card.kind}" in result.out
    assert f"File: {SHIPPED_DECKS / 'communication.toml'}" in lines


def test_decks_show_a_file_with_problems_and_unsafe_text(run, write_deck) -> None:
    path = write_deck(
        'title = "Evil \\u001b[2J title"\nskippable = false\n'
        '[[cards]]\nid = "ok"\nprompt = "Hi \\u001b]0;x\\u0007 there"\n'
        'kind = "exercise"\nseconds = 30\n'
        '[[cards]]\nid = "bad"\nprompt = "x"\nkind = "quiz"\n',
        name="evil.toml",
    )
    result = run("decks", "show", str(path))
    assert result.code == 0
    assert "\x1b" not in result.out and "\x07" not in result.out
    assert "Evil ␛[2J title" in result.out
    assert "Cards can not be passed." in result.out
    assert "[ok] exercise, light, 30 s" in result.out
    assert f"{path}:11:1: card `bad`: `kind` must be" in result.out


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("nope", f"there is no deck called 'nope' in {SHIPPED_DECKS}; the decks are: check-in,"),
        ("missing/deck.toml", "there is no deck file at missing/deck.toml"),
    ],
)
def test_decks_show_unknown_deck(run, name: str, words: str) -> None:
    result = run("decks", "show", name)
    assert result.code == 1
    assert words in one_error_line(result)


def test_decks_show_an_unusable_deck(run, write_deck) -> None:
    path = write_deck('title = "T"\n', name="empty.toml")
    result = run("decks", "show", str(path))
    assert result.code == 1
    assert "can't be played" in one_error_line(result)
    assert "the deck has no cards" in result.err


# --- decks validate ---------------------------------------------------------------------------


def test_validate_a_clean_deck(run, write_deck) -> None:
    result = run("decks", "validate", str(write_deck(OUR_DECK)))
    assert (result.code, result.out) == (0, "")
    assert result.err == "1 checked: 1 clean, 0 with problems\n"


def test_validate_the_shipped_decks_folder(run) -> None:
    result = run("decks", "validate", str(SHIPPED_DECKS))
    assert (result.code, result.out) == (0, "")
    assert f"{len(SHIPPED_IDS)} checked: {len(SHIPPED_IDS)} clean" in result.err


def test_validate_reports_every_problem_as_path_line_column(run, write_deck) -> None:
    path = write_deck(
        'title = "T"\ntip = "romance"\n'  # line 2
        '[[cards]]\nid = "a"\nprompt = "x"\nlevel = "2"\n'  # line 6
        '[[cards]]\nprompt = "no id"\n',  # header on line 7
        name="bad.toml",
    )
    result = run("decks", "validate", str(path))
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines == [
        f'{path}:2:1: `tip` must be "vulnerability", "communication", "quality-time", '
        '"empathy", "dreams-and-goals", "physical-affection", "gratitude" or '
        '"openness-to-change", got "romance"',
        f'{path}:6:1: card `a`: `level` must be 1, 2 or 3, got "2"',
        f'{path}:7:1: card 2: `id` is missing; add a line like: id = "no-id"',
    ]
    assert result.err == "1 checked: 0 clean, 1 with problems\n"


def test_validate_a_folder_and_a_missing_file(run, write_deck, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    write_deck(OUR_DECK, name="good.toml", folder=folder)
    syntax = write_deck('title = "T\n', name="syntax.toml", folder=folder)
    missing = tmp_path / "missing.toml"
    result = run("decks", "validate", str(folder), str(missing))
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{syntax}:1:") and "this is not valid TOML" in lines[0]
    assert lines[1] == f"{missing}:1:1: there is no such file"
    assert result.err == "3 checked: 1 clean, 2 with problems\n"


def test_validate_an_empty_folder_is_not_a_success(run, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = run("decks", "validate", str(tmp_path / "empty"))
    assert result.code == 1
    assert "0 checked" in result.err


def test_validate_never_prints_raw_control_characters(run, write_deck) -> None:
    path = write_deck(OUR_DECK.replace('id = "ours"', 'id = "ours"\n"\\u001b[2J" = 1'))
    result = run("decks", "validate", str(path))
    assert result.code == 1
    assert "\x1b" not in result.out
    assert "`␛[2J` is not a card key" in result.out


# --- play ----------------------------------------------------------------------------------------


def test_play_deals_saves_and_opens_the_screen(run, screen: Opened, data_dir: Path) -> None:
    result = run("play", "--players", "Ana", "Ben", "--seed", "3")
    assert result.code == 0
    game = screen.session
    assert game.partners == ("Ana", "Ben")
    assert (game.settings.seed, game.settings.cards, game.settings.max_level) == (3, 10, 3)
    assert [d.id for d in game.decks] == ["first-date-night"]
    assert len(game.hand) == 10
    assert [path.name for path in saves_folder(data_dir).iterdir()] == [screen.path.name]
    assert screen.path.parent == saves_folder(data_dir)
    assert stat.S_IMODE(screen.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(saves_folder(data_dir).stat().st_mode) == 0o700
    assert load(screen.path).state()["hand"] == game.hand
    context = screen.calls[0][0]
    assert context.data == data_dir


def test_play_with_the_same_seed_deals_the_same_cards(run, screen: Opened) -> None:
    run("play", "--players", "Ana", "Ben", "--seed", "5", "communication")
    run("play", "--players", "Cy", "Dee", "--seed", "5", "communication")
    run("play", "--players", "Ana", "Ben", "--seed", "6", "communication")
    hands = [call[1].hand for call in screen.calls if call[1] is not None]
    assert hands[0] == hands[1]
    assert hands[0] != hands[2]


def test_play_with_choices(run, screen: Opened) -> None:
    result = run(
        "play",
        "communication",
        "gratitude",
        "communication",
        "--players",
        "Ana",
        "Ben",
        "--cards",
        "6",
        "--max-level",
        "1",
        "--seed",
        "1",
        "--leave-out",
        "playful",
    )
    assert result.code == 0
    game = screen.session
    assert [d.id for d in game.decks] == ["communication", "gratitude"]
    assert len(game.hand) == 6
    assert {c.level for c in game.hand} == {1}
    assert {c.deck for c in game.hand} == {"communication", "gratitude"}
    assert not any("playful" in c.tags for c in game.hand + tuple(game.reserve))
    assert game.settings.leave_out == ("playful",)


def test_play_every_card_of_a_deck_file(run, screen: Opened, write_deck) -> None:
    path = write_deck(OUR_DECK + '[[cards]]\nid = "two"\nprompt = "And?"\n', name="ours.toml")
    result = run("play", str(path), "--players", "Ana", "Ben", "--cards", "all")
    assert result.code == 0
    assert sorted(c.key for c in screen.session.hand) == ["ours/ours", "ours/two"]
    assert screen.session.settings.cards is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["play", "nope", "--players", "Ana", "Ben"], "there is no deck called 'nope'"),
        (["play", "--players", "Ana", "ana"], "the two names must differ"),
        (["play", "--players", "Ana", " "], "each partner needs a name"),
        (
            ["play", "--players", "Ana", "Ben", "--leave-out", "communication", "communication"],
            "no cards fit these choices",
        ),
        (["resume"], "there is no game in progress to resume"),
        (["resume", "nothing-here"], "can't use nothing-here: there is no such save"),
        (["saves", "export", "nothing-here"], "there is no such save"),
        (["decks", "show", "nope"], "there is no deck called 'nope'"),
    ],
    ids=[
        "unknown deck",
        "same names",
        "blank name",
        "no cards fit",
        "nothing to resume",
        "unknown save",
        "export unknown save",
        "show unknown deck",
    ],
)
def test_user_errors_are_one_line_and_exit_1(
    run, screen: Opened, data_dir: Path, args: list[str], words: str
) -> None:
    result = run(*args)
    assert result.code == 1
    assert words in one_error_line(result)
    assert screen.calls == []
    assert not saves_folder(data_dir).exists() or list(saves_folder(data_dir).iterdir()) == []


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["play", "--players", "Ana", "Ben", "--cards", "0"], "a session needs at least one card"),
        (["play", "--players", "Ana", "Ben", "--cards", "many"], "give a number of cards or 'all'"),
        (["play", "--players", "Ana", "Ben", "--max-level", "5"], "the level is 1 (light)"),
        (["play", "--players", "Ana", "Ben", "--seed", "x"], "the seed is a whole number"),
        (["play", "--players", "Ana"], "--players"),
        (["play"], "the following arguments are required: --players"),
        (["decks"], "required"),
        (["saves", "export"], "required"),
        (["dance"], "invalid choice"),
    ],
)
def test_bad_arguments_exit_2(run, screen: Opened, args: list[str], words: str) -> None:
    result = run(*args)
    assert result.code == 2
    assert words in result.err
    assert result.err.startswith("usage: heartline")
    assert screen.calls == []


def test_a_data_folder_that_cannot_be_used_is_one_line(run, screen: Opened, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run("play", "--players", "Ana", "Ben", "--data-dir", str(blocker))
    assert result.code == 1
    assert f"can't use {blocker / 'saves'}" in one_error_line(result)
    assert screen.calls == []


def test_no_command_opens_the_screen(run, screen: Opened) -> None:
    assert run().code == 0
    assert [(call[1], call[2]) for call in screen.calls] == [(None, None)]


def test_an_interrupt_exits_130(run, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "open_app", interrupted)
    assert run().code == 130


# --- resume ------------------------------------------------------------------------------------


def test_resume_opens_the_newest_game_in_progress(run, screen: Opened, data_dir: Path) -> None:
    saved_game(data_dir, names=("Old", "Pair"), hours=0)
    newer, newer_path = saved_game(data_dir, names=("New", "Pair"), hours=1, moves=3)
    saved_game(data_dir, names=("Done", "Pair"), hours=2, finish=True)
    result = run("resume")
    assert result.code == 0
    assert screen.path == newer_path
    assert screen.session.state() == newer.state()


def test_resume_by_name_with_its_reserve(run, screen: Opened, data_dir: Path) -> None:
    game, path = saved_game(data_dir)
    saved_game(data_dir, names=("Other", "Pair"), hours=3)
    assert run("resume", path.stem).code == 0
    resumed = screen.session
    assert resumed.state() == game.state()
    assert [c.key for c in resumed.reserve] == [c.key for c in game.reserve] != []
    assert run("resume", str(path)).code == 0


def test_resume_a_finished_game_is_refused(run, data_dir: Path, screen: Opened) -> None:
    _, path = saved_game(data_dir, finish=True)
    result = run("resume", path.name)
    assert result.code == 1
    assert f"{path.name} is finished" in one_error_line(result)
    assert run("resume").code == 1
    assert screen.calls == []


def test_resume_a_broken_save_is_refused(run, data_dir: Path) -> None:
    _, path = saved_game(data_dir)
    path.write_text(path.read_text()[:200])
    before = path.read_bytes()
    result = run("resume", path.name)
    assert result.code == 1
    assert (
        one_error_line(result)
        == f"heartline: can't use {path}: the file is cut short (its last line is missing)"
    )
    assert path.read_bytes() == before


# --- saves list and export -------------------------------------------------------------------


def test_saves_list_when_there_are_none(run, data_dir: Path) -> None:
    result = run("saves", "list")
    assert result.code == 0
    assert result.out == f"No saved sessions yet in {saves_folder(data_dir)}.\n"
    assert json.loads(run("saves", "list", "--json").out) == []


def test_saves_list_shows_good_and_broken_saves(run, data_dir: Path) -> None:
    _, done = saved_game(data_dir, names=("Ana", "Ben"), hours=2, finish=True)
    game, going = saved_game(data_dir, names=("Cy", "Dee"), hours=1, moves=2)
    broken = saves_folder(data_dir) / "broken.toml"
    broken.write_bytes(b"")
    result = run("saves", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == [
        "STATUS", "LAST", "PLAYED", "TITLE", "PARTNERS", "DECKS", "PROGRESS", "FILE"
    ]  # fmt: skip
    assert lines[1].split()[0] == "finished" and lines[1].endswith(done.name)
    # The same words as the app's Resume and Journal lists (D8).
    assert "Ana & Ben" in lines[1] and "4 of 4 played" in lines[1]
    assert lines[2].split()[0] == "in-progress" and lines[2].endswith(going.name)
    assert "Cy & Dee" in lines[2] and f"card {game.position + 1} of 4" in lines[2]
    assert shipped("communication").title in lines[2]
    assert f"can't read {broken}: the file is empty" in result.out
    assert broken.read_bytes() == b""


def test_saves_list_json(run, data_dir: Path) -> None:
    game, path = saved_game(data_dir, moves=2)
    (saves_folder(data_dir) / "broken.toml").write_bytes(b"format = 1\n")
    rows = json.loads(run("saves", "list", "--json").out)
    assert rows == [
        {
            "file": path.name,
            "path": str(path),
            "status": "in-progress",
            "title": "",
            "partners": ["Ana", "Ben"],
            "decks": [shipped("communication").title],
            "cards_done": game.position,
            "cards_total": 4,
            "started": START.isoformat(),
            "updated": game.updated.isoformat(),
        },
        {
            "path": str(saves_folder(data_dir) / "broken.toml"),
            "error": "the file is cut short (its last line is missing)",
        },
    ]


def test_saves_export_to_the_screen(run, data_dir: Path) -> None:
    game, path = saved_game(data_dir, finish=True)
    result = run("saves", "export", path.name)
    assert result.code == 0
    assert result.out == export(game)
    assert result.out.startswith("# Ana & Ben\n")


def test_saves_export_to_a_file_and_a_folder(run, data_dir: Path, tmp_path: Path) -> None:
    game, path = saved_game(data_dir, moves=3)
    target = tmp_path / "journal.md"
    result = run("saves", "export", path.stem, "-o", str(target))
    assert result.code == 0
    assert result.out == f"Journal written to {target}\n"
    assert target.read_text(encoding="utf-8") == export(game)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    folder = tmp_path / "journals"
    folder.mkdir()
    assert run("saves", "export", str(path), "--output", str(folder)).code == 0
    assert (folder / f"{path.stem}.md").read_text(encoding="utf-8") == export(game)


def test_saves_export_to_a_folder_that_does_not_exist(run, data_dir: Path, tmp_path: Path) -> None:
    _, path = saved_game(data_dir)
    result = run("saves", "export", path.name, "-o", str(tmp_path / "no" / "such" / "j.md"))
    assert result.code == 1
    assert "can't write" in one_error_line(result)


# --- the real entry point --------------------------------------------------------------------


def test_python_m_heartline_version() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "heartline", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        cwd=REPO,
    )
    assert result.returncode == 0
    assert result.stdout == f"heartline {__version__}\n"
    assert result.stderr == ""


def test_the_library_sees_the_shipped_decks() -> None:
    library = Library.scan([SHIPPED_DECKS])
    assert sorted(library.reports) == SHIPPED_IDS
    assert library.unusable == []


def test_a_folder_given_twice_is_read_once(run) -> None:
    result = run("decks", "list", "--decks", str(SHIPPED_DECKS))
    assert result.code == 0
    assert "is used instead of" not in result.out


# --- folders on both sides of the command, and file names that carry escapes ----------


def test_decks_folders_given_before_and_after_the_command_are_all_read(
    run, write_deck, tmp_path: Path
) -> None:
    first = write_deck(OUR_DECK, name="first-extra.toml", folder=tmp_path / "one").parent
    second = write_deck(OUR_DECK, name="second-extra.toml", folder=tmp_path / "two").parent
    result = run("--decks", str(first), "decks", "list", "--decks", str(second))
    ids = {line.split()[0] for line in result.out.splitlines()[1:] if line.strip()}
    assert {"first-extra", "second-extra"} <= ids


ESCAPE_NAME = "bad\x1b]0;pwned\x07"


def test_deck_file_names_never_reach_the_terminal_raw(run, tmp_path: Path) -> None:
    folder = tmp_path / "downloaded"
    folder.mkdir()
    (folder / f"{ESCAPE_NAME}.toml").write_text(OUR_DECK)
    result = run("decks", "list", "--decks", str(folder))
    assert result.code == 0
    assert "can't use" in result.out
    assert "\x1b" not in result.out and "\x07" not in result.out


def test_save_file_names_never_reach_the_terminal_raw(run, data_dir: Path) -> None:
    _, path = saved_game(data_dir)
    path.rename(path.with_name(f"{ESCAPE_NAME}.toml"))
    (saves_folder(data_dir) / f"{ESCAPE_NAME}-broken.toml").write_bytes(b"")
    listed = run("saves", "list")
    resumed = run("resume", f"{ESCAPE_NAME}-broken")
    assert resumed.code == 1
    for output in (listed.out, resumed.err):
        assert "\x1b" not in output and "\x07" not in output
