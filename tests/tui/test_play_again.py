"""heartline remembers: the theme and motion across runs, Play again on Home, New game filled
in with the couple's last choices, the palette's toggles, and one warning for a bad file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, Label, OptionList, RadioSet, SelectionList, Static

from heartline.preferences import CoupleChoices, Preferences, config_file
from heartline.tui.commands import HeartlineCommands
from heartline.tui.screens.dialogs import ResumeOrNew
from heartline.tui.screens.home import HomeScreen
from heartline.tui.screens.new_game import NewGameScreen
from heartline.tui.screens.play import PlayScreen

from .conftest import SIZE

ANA_BEN = CoupleChoices(
    names=("Ana", "Ben"),
    decks=("all-kinds", "gratitude"),
    length=5,
    max_level=2,
    leave_out=("past-hurt",),
    first_lead="Ana",
)


def remember(data_dir: Path, *couples: CoupleChoices) -> None:
    preferences = Preferences.load(config_file(data_dir))
    for choices in couples:
        assert preferences.remember(choices).written


def written(data_dir: Path) -> dict:
    return tomllib.loads(config_file(data_dir).read_text(encoding="utf-8"))


def said(app) -> list[str]:
    return [f"{n.title}: {n.message}" for n in app._notifications]


def run_command(app, name: str) -> None:
    [command] = [c for c in HeartlineCommands(app.screen).commands() if c.name == name]
    command.run()


def menu_ids(app) -> list[str]:
    menu = app.screen.query_one("#home-menu", OptionList)
    return [menu.get_option_at_index(i).id or "" for i in range(menu.option_count)]


def pressed(screen, radio_set: str) -> int:
    return screen.query_one(radio_set, RadioSet).pressed_index


# --- the machine's settings ----------------------------------------------------------------


async def search_palette(pilot, app, words: str) -> None:
    for key in words:
        await pilot.press(key)
    # The palette searches in a worker: wait until the hit is highlighted.
    await app.screen.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_a_theme_picked_in_the_palette_is_there_at_the_next_start(build_app, data_dir: Path):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await search_palette(pilot, app, "theme")
        assert isinstance(app.screen, CommandPalette)  # the themes, now
        await search_palette(pilot, app, "nord")
        assert app.theme == "nord"
    assert written(data_dir)["theme"] == "nord"
    assert oct(config_file(data_dir).stat().st_mode & 0o777) == "0o600"

    again = build_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.theme == "nord"
        assert said(again) == []


async def test_reduce_motion_from_the_palette_holds_across_runs(build_app, data_dir: Path):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        usual = app.animation_level
        run_command(app, "Reduce motion on")
        await pilot.pause()
        assert app.animation_level == "none"
        assert "Reduce motion off" in [c.name for c in HeartlineCommands(app.screen).commands()]
    assert written(data_dir)["reduced_motion"] is True

    again = build_app()
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert again.animation_level == "none"
        run_command(again, "Reduce motion off")
        await pilot.pause()
        assert again.animation_level == usual
    assert written(data_dir)["reduced_motion"] is False


async def test_mouse_off_from_the_palette_is_for_the_next_start(build_app, data_dir: Path):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        run_command(app, "Mouse off (from next start)")
        await pilot.pause()
        assert any("next start" in line for line in said(app))
        names = [c.name for c in HeartlineCommands(app.screen).commands()]
        assert "Mouse on (from next start)" in names
    assert written(data_dir)["mouse"] is False


async def test_the_toggles_are_offered_during_a_game_too(build_app, make_session):
    app = build_app(make_session())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [c.name for c in HeartlineCommands(app.screen).commands()]
        assert {"Reduce motion on", "Mouse off (from next start)"} <= set(names)


async def test_a_bad_file_is_one_warning_and_stays_as_it_was(build_app, data_dir: Path):
    data_dir.mkdir()
    text = 'theme = "no-such-theme"\nmouse = "yes"\n'
    config_file(data_dir).write_text(text, encoding="utf-8")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        warnings = [line for line in said(app) if line.startswith("Your settings file")]
        assert len(warnings) == 1
        assert f"{config_file(data_dir)}:1:1: `theme` 'no-such-theme' is not a theme" in warnings[0]
        assert "(and 1 more problem)" in warnings[0]
        assert app.theme == "textual-dark"
    assert config_file(data_dir).read_text(encoding="utf-8") == text  # nothing changed


async def test_a_bad_file_is_kept_beside_when_a_setting_changes(build_app, data_dir: Path):
    data_dir.mkdir()
    config_file(data_dir).write_text("mouse = maybe\n", encoding="utf-8")
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.theme = "gruvbox"
        await pilot.pause()
        assert any("kept that file as config.toml.broken-" in line for line in said(app))
    [kept] = data_dir.glob("config.toml.broken-*")
    assert kept.read_text(encoding="utf-8") == "mouse = maybe\n"
    assert written(data_dir)["theme"] == "gruvbox"


# --- Play again ------------------------------------------------------------------------------


async def test_a_game_started_in_new_game_is_offered_again_on_home(build_app, data_dir: Path):
    app = build_app(seed=4242)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "again" not in menu_ids(app)  # no one has played yet
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        screen.query_one("#name-a", Input).value = "Ana"
        screen.query_one("#name-b", Input).value = "Ben"
        decks = screen.query_one("#decks", SelectionList)
        decks.deselect_all()
        decks.select("all-kinds")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        first = app.screen.session
    assert written(data_dir)["last_couple"] == ["Ana", "Ben"]

    again = build_app(seed=777)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert menu_ids(again)[0] == "again"
        await pilot.press("p")
        await pilot.pause()
        # The first game was left in progress: they are asked, and choose a new one.
        assert isinstance(again.screen, ResumeOrNew)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(again.screen, PlayScreen)
        session = again.screen.session
        assert session.partners == first.partners
        assert [d.id for d in session.decks] == ["all-kinds"]
        assert session.settings.seed == 777 != first.settings.seed  # fresh cards
        assert session.settings.first_lead == 1 - first.settings.first_lead
        assert (session.settings.cards, session.settings.max_level) == (
            first.settings.cards,
            first.settings.max_level,
        )


async def test_play_again_keeps_every_choice_and_says_who_starts(build_app, data_dir: Path):
    remember(data_dir, ANA_BEN)
    app = build_app(seed=31)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#home-menu", OptionList)
        words = str(menu.get_option_at_index(0).prompt)
        assert "Play again: Ana & Ben" in words and "5 cards" in words
        assert "All Kinds + Thank You, Really" in words
        assert menu.highlighted == 0  # Enter plays again too
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        settings = app.screen.session.settings
        assert (settings.seed, settings.cards, settings.max_level) == (31, 5, 2)
        assert settings.leave_out == ("past-hurt",)
        assert settings.first_lead == 1  # Ana led last time: Ben starts
    choices = Preferences.load(config_file(data_dir)).last_couple
    assert choices is not None and choices.first_lead == "Ben"


async def test_play_again_leaves_out_a_deck_that_is_gone_with_a_word(build_app, data_dir: Path):
    remember(data_dir, CoupleChoices(names=("Ana", "Ben"), decks=("all-kinds", "gone-deck")))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert [d.id for d in app.screen.session.decks] == ["all-kinds"]
        assert any("no longer in your decks: gone-deck" in line for line in said(app))


async def test_play_again_with_every_deck_gone_opens_new_game_filled_in(build_app, data_dir: Path):
    remember(data_dir, CoupleChoices(names=("Ana", "Ben"), decks=("gone-deck",), length=15))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        assert app.screen.query_one("#name-a", Input).value == "Ana"
        assert pressed(app.screen, "#length") == 2  # 15
        assert any("Choose again here" in line for line in said(app))


@pytest.mark.parametrize("size", [(40, 12), (60, 20), SIZE])
async def test_home_with_play_again_shows_every_option_at(build_app, data_dir: Path, size):
    remember(
        data_dir,
        CoupleChoices(
            names=("Alexandria-Marguerite", "Benedikt-Maximilian"),
            decks=("gratitude", "empathy", "communication"),
        ),
    )
    app = build_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#home-menu", OptionList)
        assert menu_ids(app) == ["again", "today", "new", "resume", "journal", "decks", "quit"]
        screen = app.screen.region
        assert menu.region.bottom <= screen.bottom and menu.region.right <= screen.right
        # Every option is in view: nothing to scroll to, no option cut off.
        assert menu.max_scroll_y == 0
        assert menu.region.height >= menu.option_count + 1  # Play again takes two rows
        assert app.screen.query_one("#home-title").region.y >= 0


def test_home_with_play_again(snap_compare, build_app, data_dir: Path):
    remember(data_dir, ANA_BEN)
    assert snap_compare(build_app(), terminal_size=SIZE)


# --- New game, filled in ---------------------------------------------------------------------


async def test_new_game_opens_with_the_last_couples_choices(build_app, data_dir: Path):
    remember(data_dir, ANA_BEN)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        assert screen.query_one("#name-a", Input).value == "Ana"
        assert screen.query_one("#name-b", Input).value == "Ben"
        assert sorted(screen.query_one("#decks", SelectionList).selected) == [
            "all-kinds",
            "gratitude",
        ]
        assert pressed(screen, "#length") == 0  # 5 cards
        assert pressed(screen, "#depth") == 1  # a little deeper
        assert screen.query_one("#leave-out", Input).value == "past-hurt"
        assert pressed(screen, "#first-lead") == 1  # Ben: Ana led last time
        label = str(screen.query_one("#first-lead-label", Label).render())
        assert "Ana led last" in label
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.settings.first_lead == 1


async def test_new_game_fills_in_another_couple_when_their_names_are_typed(
    build_app, data_dir: Path
):
    sam_kim = CoupleChoices(
        names=("Sam", "Kim"), decks=("in-order",), length=None, max_level=1, first_lead="Kim"
    )
    remember(data_dir, sam_kim, ANA_BEN)  # Ana and Ben played last
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        for field, name in (("#name-a", "kim"), ("#name-b", "SAM")):
            screen.query_one(field, Input).value = name
        await pilot.pause()
        assert screen.query_one("#decks", SelectionList).selected == ["in-order"]
        assert pressed(screen, "#length") == 3  # all
        assert pressed(screen, "#depth") == 0
        assert screen.query_one("#leave-out", Input).value == ""
        # Kim led last time: Sam starts, and Sam is the second name as typed now.
        assert pressed(screen, "#first-lead") == 1
        assert any("Welcome back, Sam & Kim" in line for line in said(app))


async def test_new_game_from_the_summary_fills_in_that_couple(build_app, data_dir: Path):
    remember(data_dir, ANA_BEN, CoupleChoices(names=("Sam", "Kim"), decks=("in-order",)))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.push_screen(NewGameScreen(names=("ben", "ana")))
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#name-a", Input).value == "ben"  # as given
        assert pressed(screen, "#first-lead") == 0  # Ben, first here, starts
        assert pressed(screen, "#length") == 0


async def test_new_game_with_no_one_remembered_is_as_before(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#name-a", Input).value == ""
        assert pressed(screen, "#first-lead") == 0 and pressed(screen, "#length") == 1
        assert str(screen.query_one("#first-lead-label", Label).render()) == "Who starts"


# --- a game in progress is offered first ---------------------------------------------------


async def play_again_from_home(pilot) -> None:
    await pilot.pause()
    await pilot.press("p")
    await pilot.pause()


@pytest.mark.parametrize(("key", "resumes"), [("enter", True), ("r", True), ("n", False)])
async def test_play_again_with_a_game_in_progress_asks_first(
    build_app, data_dir: Path, make_session, store, key: str, resumes: bool
):
    remember(data_dir, ANA_BEN)
    waiting = make_session(names=("ben", "Ana"))  # the same couple, whatever the order
    waiting.submit("Autumn")
    path = store.save(waiting)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await play_again_from_home(pilot)
        assert isinstance(app.screen, ResumeOrNew)
        words = " ".join(str(s.render()) for s in app.screen.query(Static))
        assert "ben & Ana have a game in progress" in words
        assert "card 1 of 5" in words and "stays saved either way" in words
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert (app.active.path == path) is resumes
        if resumes:
            assert app.screen.session.log[0].text == "Autumn"
        else:
            assert app.screen.session.log == [] and app.screen.session.partners == ("Ana", "Ben")
    assert path.exists()  # the one in progress stays saved either way


async def test_escape_leaves_both_games_as_they_are(build_app, data_dir: Path, make_session, store):
    remember(data_dir, ANA_BEN)
    store.save(make_session(names=("Ana", "Ben")))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await play_again_from_home(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.active is None
    assert len(store.paths()) == 1


async def test_another_couples_game_in_progress_is_not_asked_about(
    build_app, data_dir: Path, make_session, store
):
    remember(data_dir, ANA_BEN)
    store.save(make_session(names=("Cleo", "Dev")))
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await play_again_from_home(pilot)
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.partners == ("Ana", "Ben")
