"""Preferences (config.toml): per couple, checked by hand with lines and columns, never
overwritten when heartline couldn't read them, private, and never followed through a link."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import SHIPPED_DECKS
from heartline import preferences as preferences_module
from heartline.dealing import new_session
from heartline.errors import ActionRefused
from heartline.library import Library
from heartline.preferences import (
    COUPLE_KEYS,
    TOP_KEYS,
    CoupleChoices,
    Machine,
    Preferences,
    config_file,
    schema,
    schema_file,
    schema_text,
)
from heartline.workspace import Workspace

ANA_BEN = CoupleChoices(
    names=("Ana", "Ben"),
    decks=("gratitude", "empathy"),
    length=15,
    max_level=2,
    leave_out=("past-hurt",),
    first_lead="Ana",
)
SAM_KIM = CoupleChoices(names=("Sam", "Kim"), decks=("check-in",), length=None, first_lead="Kim")


def config(data_dir: Path, text: str) -> Path:
    path = config_file(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def loaded(data_dir: Path) -> Preferences:
    return Preferences.load(config_file(data_dir))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


# --- what is remembered -------------------------------------------------------------------


def test_no_file_means_the_defaults_and_no_warning(data_dir: Path) -> None:
    preferences = loaded(data_dir)
    assert preferences.machine == Machine(theme=None, reduced_motion=False, mouse=True)
    assert preferences.couples == {} and preferences.last_couple is None
    assert preferences.warning() == "" and preferences.clean
    assert not config_file(data_dir).exists()  # reading writes nothing


def test_settings_and_couples_come_back_as_they_were_written(data_dir: Path) -> None:
    preferences = loaded(data_dir)
    assert preferences.set(theme="nord", reduced_motion=True, mouse=False).written
    assert preferences.remember(SAM_KIM).written
    assert preferences.remember(ANA_BEN).written
    again = loaded(data_dir)
    assert again.clean, again.problems
    assert again.machine == Machine(theme="nord", reduced_motion=True, mouse=False)
    assert again.couple(["Ana", "Ben"]) == ANA_BEN
    assert again.couple(["Sam", "Kim"]) == SAM_KIM
    assert again.last_couple == ANA_BEN  # who played last
    assert list(again.couples.values()) == [ANA_BEN, SAM_KIM]  # the last one first
    assert again.to_toml() == preferences.to_toml()


def test_two_couples_on_one_machine_each_keep_their_own(data_dir: Path) -> None:
    preferences = loaded(data_dir)
    preferences.remember(ANA_BEN)
    preferences.remember(SAM_KIM)
    again = loaded(data_dir)
    assert again.last_couple == SAM_KIM
    assert again.couple(["Ben", "Ana"]) == ANA_BEN  # still theirs, untouched by Sam and Kim


@pytest.mark.parametrize("names", [["ben", "ANA"], ["  Ana ", "ben"], ["BEN", "ana"]])
def test_a_couple_is_their_names_whatever_the_case_or_order(data_dir: Path, names) -> None:
    preferences = loaded(data_dir)
    preferences.remember(ANA_BEN)
    assert loaded(data_dir).couple(names) == ANA_BEN


def test_the_names_as_last_typed_replace_the_old_spelling_of_the_same_couple(
    data_dir: Path,
) -> None:
    preferences = loaded(data_dir)
    preferences.remember(ANA_BEN)
    retyped = CoupleChoices(names=("BEN", "ana"), decks=("gratitude",), first_lead="ana")
    preferences.remember(retyped)
    again = loaded(data_dir)
    assert list(again.couples.values()) == [retyped]  # one couple, not two
    assert again.couple(["Ana", "Ben"]) == retyped


def test_the_other_partner_leads_next_time() -> None:
    assert ANA_BEN.led_last == 0 and ANA_BEN.next_lead == 1
    assert SAM_KIM.led_last == 1 and SAM_KIM.next_lead == 0
    assert CoupleChoices(names=("Ana", "Ben"), first_lead="BEN").next_lead == 0
    assert CoupleChoices(names=("Ana", "Ben")).next_lead == 0  # never played: the first name
    settings = ANA_BEN.deal_settings(seed=77)
    assert (settings.seed, settings.cards, settings.max_level) == (77, 15, 2)
    assert settings.leave_out == ("past-hurt",) and settings.first_lead == 1


def test_a_started_session_gives_the_couples_choices() -> None:
    library = Library.scan([SHIPPED_DECKS])
    decks = [library.find("gratitude"), library.find("empathy")]
    session = new_session(
        decks, ("Ana", "Ben"), cards=None, max_level=2, seed=3, leave_out=["x"], first_lead=1
    )
    choices = CoupleChoices.of(session)
    assert choices == CoupleChoices(
        names=("Ana", "Ben"),
        decks=("gratitude", "empathy"),
        length=None,
        max_level=2,
        leave_out=("x",),
        first_lead="Ben",
    )


def test_a_change_that_changes_nothing_writes_nothing(data_dir: Path) -> None:
    preferences = loaded(data_dir)
    assert not preferences.set(mouse=True).written  # already so
    assert not config_file(data_dir).exists()
    preferences.remember(ANA_BEN)
    before = config_file(data_dir).stat().st_mtime_ns
    assert not preferences.remember(ANA_BEN).written
    assert config_file(data_dir).stat().st_mtime_ns == before


def test_another_heartlines_couple_is_kept_when_this_one_writes(data_dir: Path) -> None:
    # Two heartlines open at once, each for its couple: neither loses the other's choices.
    here, there = loaded(data_dir), loaded(data_dir)
    here.remember(ANA_BEN)
    there.remember(SAM_KIM)
    here.set(theme="nord")
    again = loaded(data_dir)
    assert again.couple(["Ana", "Ben"]) == ANA_BEN
    assert again.couple(["Sam", "Kim"]) == SAM_KIM
    assert again.machine.theme == "nord"


# --- privacy ------------------------------------------------------------------------------


def test_the_file_is_0600_in_a_new_0700_folder_whatever_the_umask(data_dir: Path) -> None:
    old = os.umask(0)
    try:
        loaded(data_dir).remember(ANA_BEN)
    finally:
        os.umask(old)
    assert mode(config_file(data_dir)) == 0o600
    assert mode(data_dir) == 0o700
    leftovers = [p.name for p in data_dir.iterdir() if p.name != "config.toml"]
    assert leftovers == []  # no temporary file left beside it


# --- a file heartline can't read whole ----------------------------------------------------

BAD_FILES = [
    # (text, line, column, words in the message)
    ('theme = "nord"\nmouse = \n', 2, 9, "not valid TOML"),
    ("[[couples]\nnames = []\n", 1, 10, "not valid TOML"),
    ('theme = "nord"\n\ncolour = "red"\n', 3, 1, "`colour` is not a setting"),
    ('reduced_motion = "yes"\n', 1, 1, "`reduced_motion` must be true or false"),
    ('theme = "nord"\n  mouse = 1\n', 2, 3, "`mouse` must be true or false, got 1"),
    ("theme = 7\n", 1, 1, "`theme` must be a theme's name"),
    ("format = 2\n", 1, 1, "newer heartline (format 2)"),
    ('last_couple = ["Ana"]\n', 1, 1, "`last_couple` must be two different names"),
    ('last_couple = ["Ana", "Ben"]\n', 1, 1, "names a couple with no [[couples]] table"),
    ('mouse = true\n\n[[couples]]\ndecks = ["gratitude"]\n', 3, 1, "has no `names`"),
    ('[[couples]]\nnames = ["Ana", "ana"]\n', 2, 1, "`names` must be two different names"),
    ('[[couples]]\nnames = ["Ana", "Ben"]\ndeck = ["x"]\n', 3, 1, "did you mean `decks`?"),
    ('[[couples]]\nnames = ["Ana", "Ben"]\nlength = 0\n', 3, 1, "`length` must be a number"),
    ('[[couples]]\nnames = ["Ana", "Ben"]\nmax_level = 4\n', 3, 1, "`max_level` must be 1, 2"),
    ('[[couples]]\nnames = ["Ana", "Ben"]\ndecks = ["Not An Id"]\n', 3, 1, "deck ids"),
    ('[[couples]]\nnames = ["Ana", "Ben"]\nleave_out = "fun"\n', 3, 1, "`leave_out` must be"),
    ('[[couples]]\nnames = ["Ana", "Ben"]\nfirst_lead = "Cy"\n', 3, 1, "one of the couple's"),
    (
        '[[couples]]\nnames = ["Ana", "Ben"]\n\n[[couples]]\nnames = ["ben", "ana"]\n',
        4,
        1,
        "has an earlier [[couples]] table",
    ),
    ('[theme]\nname = "nord"\n', 1, 1, "`theme` must be"),
    ('note = """\nmouse = 1\n"""\n', 1, 1, "`note` is not a setting"),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), BAD_FILES)
def test_a_bad_file_is_one_warning_naming_the_file_line_and_column(
    data_dir: Path, text: str, line: int, column: int, words: str
) -> None:
    path = config(data_dir, text)
    preferences = loaded(data_dir)
    assert preferences.problems, "nothing was found wrong"
    first = preferences.problems[0]
    assert (first.line, first.column) == (line, column), str(first)
    assert words in first.message
    warning = preferences.warning()
    assert warning.startswith(f"{path}:{line}:{column}: ")
    assert "Defaults are used for what is wrong" in warning and "\n" not in warning
    assert path.read_text(encoding="utf-8") == text  # reading changes nothing


def test_the_defaults_are_used_only_for_what_is_wrong(data_dir: Path) -> None:
    config(
        data_dir,
        'theme = "nord"\nmouse = "no"\nreduced_motion = true\nlast_couple = ["Ana", "Ben"]\n\n'
        '[[couples]]\nnames = ["Ana", "Ben"]\ndecks = ["gratitude"]\nlength = "lots"\n'
        'max_level = 2\nfirst_lead = "Ben"\n',
    )
    preferences = loaded(data_dir)
    assert preferences.machine == Machine(theme="nord", reduced_motion=True, mouse=True)
    assert preferences.last_couple == CoupleChoices(
        names=("Ana", "Ben"), decks=("gratitude",), length=10, max_level=2, first_lead="Ben"
    )
    assert [p.line for p in preferences.problems] == [2, 9]
    assert "(and 1 more problem)" in preferences.warning()


@pytest.mark.parametrize(
    ("data", "line", "column"),
    [
        (b'theme = "nord"\nmouse = "\xff"\n', 2, 10),
        (b"\xef\xbb\xbfmouse = true\n", 1, 1),  # a byte order mark is not TOML
    ],
)
def test_bytes_that_are_not_text_are_placed(data_dir: Path, data: bytes, line, column) -> None:
    data_dir.mkdir(parents=True)
    config_file(data_dir).write_bytes(data)
    problem = loaded(data_dir).problems[0]
    assert (problem.line, problem.column) == (line, column), str(problem)


def test_a_huge_file_is_not_read(data_dir: Path) -> None:
    config(data_dir, "# " + "x" * (300 * 1024) + "\n")
    preferences = loaded(data_dir)
    assert "larger than" in preferences.problems[0].message


def test_a_broken_file_is_not_rewritten_until_a_setting_changes_then_kept_beside(
    data_dir: Path,
) -> None:
    text = 'theme = "nord"\nmouse = maybe\n'
    path = config(data_dir, text)
    path.chmod(0o644)
    preferences = loaded(data_dir)
    assert preferences.problems
    # Nothing the partners chose changed: the file stays exactly as it was.
    assert not preferences.set(mouse=True).written
    assert path.read_text(encoding="utf-8") == text
    assert [p.name for p in data_dir.iterdir()] == ["config.toml"]

    saved = preferences.set(theme="gruvbox")
    assert saved.written and saved.kept is not None
    assert saved.kept.name.startswith("config.toml.broken-")
    assert saved.kept.read_text(encoding="utf-8") == text  # the original, whole
    assert mode(saved.kept) == 0o600
    assert saved.kept.name in saved.notice and "couldn't read" in saved.notice
    again = loaded(data_dir)
    assert again.clean and again.machine.theme == "gruvbox"
    assert mode(path) == 0o600
    # The file is now one heartline wrote: the next change keeps nothing more.
    assert preferences.remember(ANA_BEN).kept is None
    assert len(list(data_dir.glob("config.toml.broken-*"))) == 1


def test_a_file_fixed_by_hand_while_heartline_runs_is_kept_as_fixed(data_dir: Path) -> None:
    path = config(data_dir, "mouse = maybe\n")
    preferences = loaded(data_dir)
    path.write_text('theme = "nord"\n', encoding="utf-8")  # fixed in an editor meanwhile
    saved = preferences.set(reduced_motion=True)
    assert saved.written and saved.kept is None
    assert loaded(data_dir).machine == Machine(theme="nord", reduced_motion=True)


def test_two_broken_files_kept_in_the_same_second_do_not_replace_each_other(
    data_dir: Path,
) -> None:
    for text in ("mouse = 1\n", "mouse = 2\n"):
        path = config(data_dir, text)
        assert loaded(data_dir).set(theme=f"t{text[8]}").kept is not None
    kept = sorted(p.read_text() for p in data_dir.glob("config.toml.broken-*"))
    assert kept == ["mouse = 1\n", "mouse = 2\n"]
    assert path.exists()


def test_an_unknown_theme_said_by_the_app_is_a_problem_at_its_line(data_dir: Path) -> None:
    config(data_dir, 'mouse = true\ntheme = "no-such-theme"\n')
    preferences = loaded(data_dir)
    preferences.reject_theme("`theme` 'no-such-theme' is not a theme heartline has")
    assert preferences.machine.theme is None
    assert str(preferences.problems[0]).endswith(
        ":2:1: `theme` 'no-such-theme' is not a theme heartline has; heartline uses the usual theme"
    )


# --- odd paths: refused with a reason, never followed -------------------------------------


def test_a_link_is_refused_never_followed_nor_replaced(data_dir: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere.toml"
    elsewhere.write_text('theme = "nord"\n', encoding="utf-8")
    data_dir.mkdir()
    link = config_file(data_dir)
    link.symlink_to(elsewhere)
    preferences = loaded(data_dir)
    assert preferences.machine.theme is None  # not read through the link
    assert preferences.refused is not None and "link" in preferences.refused
    assert "link" in preferences.warning() and str(link) in preferences.warning()
    first = preferences.set(theme="gruvbox")
    assert not first.written and first.failure and "link" in first.failure
    assert preferences.machine.theme == "gruvbox"  # it holds for this run
    assert not preferences.set(mouse=False).failure  # said once, not at every change
    assert link.is_symlink() and os.readlink(link) == str(elsewhere)
    assert elsewhere.read_text(encoding="utf-8") == 'theme = "nord"\n'


def test_a_link_to_nowhere_is_refused_too(data_dir: Path) -> None:
    data_dir.mkdir()
    config_file(data_dir).symlink_to(data_dir / "missing.toml")
    preferences = loaded(data_dir)
    assert preferences.refused and "link" in preferences.refused
    assert preferences.remember(ANA_BEN).failure
    assert not (data_dir / "missing.toml").exists()


def test_a_folder_or_a_fifo_is_refused_without_hanging(data_dir: Path) -> None:
    config_file(data_dir).mkdir(parents=True)
    assert "not a plain file" in (loaded(data_dir).refused or "")
    config_file(data_dir).rmdir()
    os.mkfifo(config_file(data_dir))
    preferences = loaded(data_dir)
    assert "not a plain file" in (preferences.refused or "")
    assert preferences.set(theme="nord").failure
    assert stat.S_ISFIFO(config_file(data_dir).lstat().st_mode)


def test_a_file_that_cannot_be_written_is_said_once(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, data: bytes, mode: int = 0o600) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(preferences_module, "write_atomic", full)
    preferences = loaded(data_dir)
    failed = preferences.set(theme="nord")
    assert failed.failure and "No space left on device" in failed.failure
    assert preferences.machine.theme == "nord"  # it holds for this run
    assert not preferences.set(mouse=False).failure
    assert not config_file(data_dir).exists()


# --- the workspace: Play again ----------------------------------------------------------


def test_play_again_deals_the_last_game_with_a_new_seed_and_the_other_lead(
    data_dir: Path,
) -> None:
    workspace = Workspace(data_dir, seed=99)
    workspace.preferences.remember(ANA_BEN)
    choices = workspace.last_game()
    assert choices == ANA_BEN
    session, missing = workspace.play_again(choices)
    assert missing == []
    assert [deck.id for deck in session.decks] == ["gratitude", "empathy"]
    assert session.partners == ("Ana", "Ben")
    assert session.settings.seed == 99
    assert session.settings.first_lead == 1  # Ben, as Ana led last time
    assert (session.settings.cards, session.settings.max_level) == (15, 2)
    assert session.settings.leave_out == ("past-hurt",)


def test_play_again_leaves_out_decks_that_are_gone(data_dir: Path) -> None:
    workspace = Workspace(data_dir, seed=1)
    gone = CoupleChoices(names=("Ana", "Ben"), decks=("no-longer", "gratitude"))
    session, missing = workspace.play_again(gone)
    assert missing == ["no-longer"]
    assert [deck.id for deck in session.decks] == ["gratitude"]
    with pytest.raises(ActionRefused, match="none of the decks"):
        workspace.play_again(CoupleChoices(names=("Ana", "Ben"), decks=("no-longer",)))


def test_a_started_game_is_remembered_through_the_workspace(data_dir: Path) -> None:
    workspace = Workspace(data_dir, seed=5)
    deck = workspace.find_deck("gratitude")
    session = new_session([deck], ("Ana", "Ben"), cards=5, seed=5, first_lead=1)
    assert workspace.remember_game(session).written
    assert Workspace(data_dir).choices_of(["ben", "ana"]) == CoupleChoices(
        names=("Ana", "Ben"), decks=("gratitude",), length=5, first_lead="Ben"
    )


def test_loading_preferences_needs_no_pydantic_and_no_textual(data_dir: Path) -> None:
    config(data_dir, 'mouse = "x"\n[[couples]]\nnames = ["A", "B"]\nlenght = 3\n')
    probe = (
        "import sys\nfrom pathlib import Path\nfrom heartline.workspace import Workspace\n"
        f"w = Workspace(Path({str(data_dir)!r}))\nassert w.preferences.problems\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'textual')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# --- the JSON Schema ------------------------------------------------------------------------


def test_the_committed_schema_is_up_to_date() -> None:
    assert schema_file().read_text(encoding="utf-8") == schema_text(), (
        "src/heartline/config.schema.json is stale. Regenerate it with "
        "`heartline config schema -o src/heartline/config.schema.json` and commit it."
    )


def test_the_schema_is_valid_and_describes_exactly_the_checked_keys() -> None:
    generated = schema()
    Draft202012Validator.check_schema(generated)
    assert json.loads(schema_text()) == generated
    assert list(generated["properties"]) == list(TOP_KEYS)
    assert list(generated["$defs"]["couple"]["properties"]) == list(COUPLE_KEYS)
    for properties in (generated["properties"], generated["$defs"]["couple"]["properties"]):
        for name, node in properties.items():
            assert node.get("description"), name


def test_what_heartline_writes_the_schema_accepts(data_dir: Path) -> None:
    import tomllib

    preferences = loaded(data_dir)
    preferences.set(theme="nord", reduced_motion=True)
    preferences.remember(SAM_KIM)
    preferences.remember(ANA_BEN)
    text = config_file(data_dir).read_text(encoding="utf-8")
    assert text.startswith(f"#:schema {schema_file().as_uri()}\n")
    Draft202012Validator(schema()).validate(tomllib.loads(text))


# What only the checks can say: TOML syntax, and rules across keys (names compared
# case-blind, a lead who is one of the names, a last couple who has a table).
BEYOND_A_SCHEMA = (
    "not valid TOML",
    "names a couple with no",
    "one of the couple's",
    "earlier [[couples]]",
    "`names` must be two different names",
)


@pytest.mark.parametrize(
    "text",
    [text for text, _, _, words in BAD_FILES if not any(w in words for w in BEYOND_A_SCHEMA)],
)
def test_the_schema_and_the_checks_agree_on_bad_files(text: str) -> None:
    import tomllib

    assert list(Draft202012Validator(schema()).iter_errors(tomllib.loads(text))), text


def test_play_again_of_the_couples_favorites_deals_their_starred_cards(data_dir: Path) -> None:
    workspace = Workspace(data_dir, seed=8)
    session = new_session([workspace.find_deck("gratitude")], ("Ana", "Ben"), cards=3, seed=1)
    session.favorite()
    workspace.prepare_saves()
    autosave, failure = workspace.start(session)
    assert failure is None
    autosave.close()
    starred = session.slots[0].card.key
    choices = CoupleChoices(names=("ben", "ana"), decks=("favorites",), length=None)
    again, missing = workspace.play_again(choices)
    assert missing == []
    assert [card.key for card in again.hand] == [starred]
    # Another couple has no favorites: their deck is said to be gone, never a crash.
    with pytest.raises(ActionRefused):
        workspace.play_again(CoupleChoices(names=("Sam", "Kim"), decks=("favorites",)))
