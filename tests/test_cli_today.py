"""`heartline today` for people and scripts: status without words, answers sealed, a nudge."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from heartline.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["today", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_answers_are_sealed_until_both_exist_then_shown(capsys, data_dir) -> None:
    couple = ("--players", "Ana", "Ben")
    code, out, _ = run(capsys, *couple, "--as", "ana", "--answer", "Our first flat")
    assert code == 0 and "Sealed, Ana" in out
    code, out, _ = run(capsys, *couple)
    assert "Ana: answered, sealed until you both have" in out and "first flat" not in out
    code, out, _ = run(capsys, *couple, "--status", "--json")
    status = json.loads(out)
    assert status["answered"] == ["Ana"] and status["waiting_for"] == ["Ben"]
    assert "first flat" not in out and not status["revealed"]
    code, out, err = run(capsys, *couple, "--as", "Ana", "--answer", "again")
    assert code == 1 and "has answered already" in err
    run(capsys, *couple, "--as", "BEN", "--answer", "The sea at night")
    code, out, _ = run(capsys, *couple)
    assert "Our first flat" in out and "The sea at night" in out
    status = json.loads(run(capsys, *couple, "--status", "--json")[1])
    assert status["revealed"] and "sea" not in json.dumps(status)


def test_someone_else_cannot_answer(capsys, data_dir) -> None:
    code, _, err = run(capsys, "--players", "Ana", "Ben", "--as", "Cy", "--answer", "x")
    assert code == 1 and "Cy is not Ana or Ben" in err


def test_without_a_couple_it_says_how_to_name_one(capsys, data_dir) -> None:
    code, _, err = run(capsys)
    assert code == 1 and "today --players NAME NAME" in err


def test_the_nudge_says_one_line_or_nothing_and_never_the_card(capsys, data_dir) -> None:
    couple = ("--players", "Ana", "Ben")
    code, out, _ = run(capsys, *couple, "--nudge")
    assert code == 0 and out.count("\n") == 1 and "waiting" in out
    run(capsys, *couple, "--as", "Ana", "--answer", "Something private")
    assert run(capsys, *couple, "--nudge", "--as", "Ana")[1] == ""
    out = run(capsys, *couple, "--nudge", "--as", "Ben")[1]
    assert "waiting for you" in out and "private" not in out
    run(capsys, *couple, "--as", "Ben", "--answer", "x")
    assert run(capsys, *couple, "--nudge")[1] == ""


def test_two_machines_through_a_shared_folder_from_the_command_line(tmp_path, capsys) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    shared_one, shared_two = tmp_path / "sync-one", tmp_path / "sync-two"

    def on(data: Path, shared: Path, *args: str) -> str:
        assert (
            main(
                [
                    "--data-dir",
                    str(data),
                    "today",
                    "--players",
                    "Ana",
                    "Ben",
                    "--shared",
                    str(shared),
                    *args,
                ]
            )
            == 0
        )
        return capsys.readouterr().out

    def copy(source: Path, target: Path) -> None:
        target.mkdir(exist_ok=True)
        for path in source.iterdir():
            shutil.copy2(path, target / path.name)

    on(one, shared_one, "--as", "Ana", "--answer", "From the laptop")
    copy(shared_one, shared_two)
    on(two, shared_two, "--as", "Ben", "--answer", "From the desktop")
    assert "From the laptop" in on(two, shared_two)
    assert "From the desktop" not in on(one, shared_one)  # not synced yet
    copy(shared_two, shared_one)
    assert "From the desktop" in on(one, shared_one)
    # Only daily files go into the shared folder: no lock, cache, draft or machine id.
    assert all(p.name.startswith("heartline-today-") for p in shared_one.iterdir())


def test_the_nudge_loads_no_decks_no_pydantic_and_no_textual(tmp_path) -> None:
    code = (
        "import sys\n"
        "from heartline.nudge import waiting\n"
        "from pathlib import Path\n"
        "print(waiting(Path(sys.argv[1]), ['Ana', 'Ben'], None, 'heartline'))\n"
        "print(sorted(m for m in ('pydantic', 'textual', 'heartline.library') "
        "if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["Today's card is waiting: heartline today", "[]"]


def test_a_day_both_answered_joins_the_story_and_can_be_a_favorite(capsys, data_dir) -> None:
    from heartline.history import favorites
    from heartline.workspace import Workspace

    couple = ("--players", "Ana", "Ben")
    run(capsys, *couple, "--as", "Ana", "--answer", "Sealed words")
    ws = Workspace(data_dir)
    assert ws.evenings_of(["Ana", "Ben"]) == []  # a sealed day is in no story
    run(capsys, *couple, "--as", "Ben", "--answer", "Other words")
    ws = Workspace(data_dir)
    (evening,) = ws.evenings_of(["Ana", "Ben"])
    assert evening.daily and [a.text for a in evening.answers] == ["Sealed words", "Other words"]
    day, _ = ws.today(("Ana", "Ben"))
    ws.star_today(day, 1)
    (favorite,) = favorites(ws.evenings_of(["Ben", "Ana"]), ["Ben", "Ana"])
    assert favorite.by == {0}  # Ben, in the order asked
    assert ws.favorites_deck(["Ana", "Ben"]) is not None
    assert main(["history", "--json"]) == 0
    (told,) = json.loads(capsys.readouterr().out)["couples"]
    assert told["daily_cards"] == 1 and told["evenings"] == 0 and told["saves"] == []
    assert ws.unstar(favorite) == []
    assert favorites(Workspace(data_dir).evenings_of(["Ana", "Ben"]), ["Ana", "Ben"]) == []


def test_the_journal_of_daily_cards_shows_only_days_both_answered(capsys, data_dir) -> None:
    couple = ("--players", "Ana", "Ben")
    run(capsys, *couple, "--as", "Ana", "--answer", "<img src=x> [link](http://x)")
    code, out, _ = run(capsys, *couple, "--journal")
    assert code == 0 and "No day's card answered by you both yet." in out and "img" not in out
    run(capsys, *couple, "--as", "Ben", "--answer", "Tea\x1b[31m")
    out = run(capsys, *couple, "--journal")[1]
    assert "&lt;img src=x&gt; \\[link\\](http://x)" in out  # shown, never rendered
    assert "\x1b" not in out
    target = data_dir / "daily.md"
    run(capsys, *couple, "--journal", "-o", str(target))
    assert "**Ben**" in target.read_text() and target.stat().st_mode & 0o077 == 0


def test_the_nudge_takes_the_short_way_and_says_what_the_long_way_says(tmp_path, capsys):
    from heartline.entry import main as entry

    data = str(tmp_path / "data")
    for extra in ([], ["--as", "ana"]):
        args = ["--data-dir", data, "today", "--nudge", "--players", "Ana", "Ben", *extra]
        assert entry(args) == 0
        short = capsys.readouterr().out
        assert main(args) == 0
        assert capsys.readouterr().out == short != ""
    code = (
        "import sys\n"
        "from heartline.entry import main\n"
        "main(['--data-dir', sys.argv[1], 'today', '--nudge', '--players', 'Ana', 'Ben'])\n"
        "print(sorted(m for m in ('heartline.cli', 'heartline.workspace', 'pydantic', "
        "'textual') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, data], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[-1] == "[]"
    # Anything the short way doesn't know goes the long way, and is answered the same.
    # No couple known yet: a nudge in a shell's start-up file says nothing, and exits 0.
    assert entry(["--data-dir", data, "today", "--nudge"]) == 0
    assert capsys.readouterr() == ("", "")


def test_the_shared_folder_and_daily_decks_come_from_the_preferences(tmp_path, capsys) -> None:
    from heartline.entry import main as entry
    from heartline.preferences import CoupleChoices, Preferences, config_file
    from heartline.workspace import Workspace

    data = tmp_path / "data"
    shared = tmp_path / "Sync"
    data.mkdir()
    config_file(data).write_text(
        f'format = 1\nshared_dir = "{shared}"\nlast_couple = ["Ana", "Ben"]\n\n'
        '[[couples]]\nnames = ["Ana", "Ben"]\ndaily_decks = ["gratitude"]\n'
    )
    args = ["--data-dir", str(data), "today", "--as", "Ana", "--answer", "Thank you"]
    assert main(args) == 0
    capsys.readouterr()
    (written,) = shared.iterdir()  # into the shared folder, not <data>/today
    assert written.name.startswith("heartline-today-")
    day, _ = Workspace(data).today(("Ana", "Ben"))
    assert day is not None and day.card.deck == "gratitude"
    # The short way reads the same preferences: Ana has answered, Ben is waited for.
    assert entry(["--data-dir", str(data), "today", "--nudge", "--as", "Ana"]) == 0
    assert capsys.readouterr().out == ""
    assert entry(["--data-dir", str(data), "today", "--nudge", "--as", "Ben"]) == 0
    assert "waiting for you" in capsys.readouterr().out
    # A game started keeps the couple's daily decks.
    preferences = Preferences.load(config_file(data))
    preferences.remember(CoupleChoices(names=("Ben", "Ana"), decks=("empathy",)))
    again = Preferences.load(config_file(data)).couple(["Ana", "Ben"])
    assert again is not None and again.daily_decks == ("gratitude",)


def test_two_names_that_are_one_person_are_not_a_couple(capsys, data_dir) -> None:
    code, _, err = run(capsys, "--players", "Ana", "ana ", "--status")
    assert code == 1 and "differ" in err


def test_a_nudge_for_someone_else_says_so_once_and_exits_0(capsys, data_dir) -> None:
    code, out, err = run(capsys, "--players", "Ana", "Ben", "--nudge", "--as", "Zed")
    assert (code, out) == (0, "") and "Zed is not Ana or Ben" in err
