"""The bad-input corpora on screen: broken decks and saves are shown with their problems, odd
text is shown literally, and the app stays up with the rest of the library working.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, SelectionList, Static

from bad_input import (
    BROKEN_SAVES,
    EXPECTED,
    LOADING,
    PLAYABLE,
    RAW_CONTROL,
    UNPLAYABLE,
    copy_corpus,
    cut_lengths,
    fingerprint,
    make_broken,
    save_name,
    saved_games,
)
from conftest import SHIPPED_DECKS
from heartline.deck import load_deck
from heartline.text import one_line, printable, sentence
from heartline.tui.app import HeartlineApp, make_app
from heartline.tui.screens.decks import DeckPreviewScreen, DecksScreen
from heartline.tui.screens.lists import ResumeScreen
from heartline.tui.screens.new_game import NewGameScreen
from heartline.tui.screens.play import PlayScreen
from heartline.workspace import Workspace

from .conftest import SIZE, TEST_DECKS
from .test_play import screen_text, start_new_game

SHIPPED = sorted(path.stem for path in SHIPPED_DECKS.glob("*.toml"))
TESTS = sorted(path.stem for path in TEST_DECKS.glob("*.toml"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return copy_corpus(tmp_path / "bad-decks")


def painted(app: HeartlineApp) -> str:
    """The characters of the whole screen, as they would be sent to the terminal."""
    # A private API, but the only way to see what is drawn rather than what widgets hold.
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def assert_nothing_raw(app: HeartlineApp) -> None:
    for widget in app.screen.query(Static):
        shown = str(widget.render())
        assert not RAW_CONTROL.search(shown), (widget, shown)
    raw = RAW_CONTROL.search(painted(app))
    assert raw is None, f"{raw.group()!r} reached the screen" if raw else ""


def option_ids(options: OptionList) -> list[str]:
    return [str(options.get_option_at_index(i).id) for i in range(options.option_count)]


async def test_the_decks_screen_shows_every_deck_and_every_problem(data_dir, corpus) -> None:
    app = make_app(Workspace(data_dir, [TEST_DECKS, corpus], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        deck_list = app.screen.query_one("#deck-list", OptionList)
        ids = option_ids(deck_list)
        assert set(SHIPPED) | set(TESTS) | set(PLAYABLE) | set(UNPLAYABLE) == set(ids)
        assert len(ids) == len(set(ids))
        for name in UNPLAYABLE:
            prompt = str(deck_list.get_option_at_index(ids.index(name)).prompt)
            assert prompt == f"{name}  can't be played"

        for name in ids:
            deck_list.highlighted = ids.index(name)
            await pilot.pause()
            info = str(app.screen.query_one("#deck-info", Static).render())
            report = app.workspace.library.reports[name]
            if name in UNPLAYABLE:
                assert info.startswith(
                    f"{name} can't be played\nFile: {report.path.name}\nIn: {report.path.parent}\n"
                )
                for problem in report.problems:
                    assert printable(str(problem)) in info
            else:
                assert report.deck is not None
                assert info.startswith(printable(one_line(report.deck.title)))
                if report.problems:
                    assert "Problems:" in info
                    for problem in report.problems:
                        assert printable(str(problem)) in info
            if name in EXPECTED and "words" in EXPECTED[name]:
                assert any(
                    all(word in line for word in EXPECTED[name]["words"])
                    for line in info.splitlines()
                ), info
            assert_nothing_raw(app)

        # The markup and escapes are there as characters, not as styles or terminal codes.
        deck_list.highlighted = ids.index("markup-in-text")
        await pilot.pause()
        info = str(app.screen.query_one("#deck-info", Static).render())
        assert "[bold red]Loud[/] and [i]proud" in info
        assert "How to play: Press [@click=app.quit]here[/] to quit." in info
        deck_list.highlighted = ids.index("escape-sequences")
        await pilot.pause()
        info = str(app.screen.query_one("#deck-info", Static).render())
        assert info.startswith("␛]0;A new window title␇Escape room")
        assert "␛[31mRed␛[0m text and a bell␇." in info
        assert app.is_running


async def test_clicking_click_markup_in_a_deck_does_nothing(data_dir, corpus) -> None:
    app = make_app(Workspace(data_dir, [corpus], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        deck_list = app.screen.query_one("#deck-list", OptionList)
        deck_list.highlighted = option_ids(deck_list).index("markup-in-text")
        await pilot.pause()
        lines = painted(app).splitlines()
        [(row, column)] = [
            (y, line.index("[@click")) for y, line in enumerate(lines) if "[@click" in line
        ]
        await pilot.click(offset=(column + 3, row))
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, DecksScreen)


@pytest.mark.parametrize("name", ["markup-in-text", "escape-sequences", "control-characters"])
async def test_previews_show_the_cards_literally(data_dir, corpus, name: str) -> None:
    deck = load_deck(corpus / f"{name}.toml").deck
    assert deck is not None
    app = make_app(Workspace(data_dir, [corpus], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        deck_list = app.screen.query_one("#deck-list", OptionList)
        deck_list.highlighted = option_ids(deck_list).index(name)
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, DeckPreviewScreen)
        shown = screen_text(app)
        for card in deck.cards:
            assert printable(card.prompt) in shown
            if card.follow_up:
                assert printable(card.follow_up) in shown
        assert_nothing_raw(app)
        assert app.is_running


async def test_new_game_offers_every_usable_deck_and_no_broken_one(data_dir, corpus) -> None:
    app = make_app(Workspace(data_dir, [TEST_DECKS, corpus], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        decks = app.screen.query_one("#decks", SelectionList)
        values = [decks.get_option_at_index(i).value for i in range(decks.option_count)]
        # Every usable deck, and Our favorites (the couple's starred cards) first.
        assert values[0] == "favorites"
        assert set(values[1:]) == set(SHIPPED) | set(TESTS) | set(PLAYABLE)
        for name in LOADING + [n for n in PLAYABLE if n not in LOADING]:
            decks.highlighted = values.index(name)
            await pilot.pause()
            info = str(app.screen.query_one("#deck-info", Static).render())
            deck = app.workspace.library.reports[name].deck
            assert deck is not None
            assert info.startswith(printable(one_line(deck.title)))
            assert_nothing_raw(app)
        decks.deselect_all()
        decks.select("markup-in-text")
        await pilot.pause()
        hint = str(app.screen.query_one("#tags-hint", Static).render())
        assert hint == "Tags in these decks: [b]tagged"
        assert app.is_running


@pytest.mark.parametrize("name", ["markup-in-text", "escape-sequences", "control-characters"])
async def test_a_session_from_an_odd_deck_shows_its_prompt_literally(
    data_dir, corpus, name: str
) -> None:
    deck = load_deck(corpus / f"{name}.toml").deck
    assert deck is not None
    first = deck.cards[0]  # these decks are played in file order
    app = make_app(Workspace(data_dir, [corpus], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot, deck=name)
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.current is not None
        assert app.screen.session.current.card == first
        prompt = str(app.screen.query_one("#prompt", Static).render())
        assert prompt == printable(first.prompt)
        if first.follow_up:
            follow_up = str(app.screen.query_one("#follow-up", Static).render())
            assert follow_up == printable(first.follow_up)
        assert_nothing_raw(app)
        assert app.is_running
    if name == "markup-in-text":
        assert prompt.startswith("[bold]What[/bold] is the boldest")
    if name == "escape-sequences":
        assert prompt == "␛[1;31mWhat colour␛[0m reminds you of us?"


# --- broken saves on the Resume screen ------------------------------------------------------


async def test_the_resume_screen_lists_broken_saves_and_opens_the_good_one(
    data_dir, tmp_path
) -> None:
    games = saved_games(data_dir, tmp_path / "decks")
    good = games.good.read_bytes()
    made = make_broken(games.store.folder, good, tmp_path / "elsewhere")
    for length in cut_lengths(good)[::10]:
        path = games.store.folder / save_name(f"cut-at-{length:05d}")
        path.write_bytes(good[:length])
        made[path] = ()  # "cut short", or "not UTF-8" when cut inside a character
    before = {path: fingerprint(path) for path in made}
    assert len(made) > len(BROKEN_SAVES)

    app = make_app(Workspace(data_dir, [games.decks], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert app.screen.paths == [str(games.stale), str(games.good)]
        broken = str(app.screen.query_one("#broken", Static).render())
        assert broken.startswith("These saves can't be opened (heartline leaves them as they are):")
        _, errors = games.store.summaries()
        assert {error.path for error in errors} == set(made)
        for error in errors:
            assert f"{error.path.name}: {sentence(error.reason)}" in broken.splitlines()
            assert all(word in error.reason for word in made[error.path])
        assert_nothing_raw(app)

        # The save whose deck was edited since opens, with the cards it was dealt.
        assert app.screen.query_one("#saves").cursor_row == 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.autosave.path == games.stale
        assert str(app.screen.query_one("#prompt", Static).render()) == games.saved_prompt
        assert app.is_running

    assert {path: fingerprint(path) for path in made} == before


async def test_deck_file_and_folder_names_never_reach_the_screen_raw(data_dir, tmp_path) -> None:
    # Not deck ids, so not in the corpus: a name can't be a deck id and hold these.
    folder = tmp_path / "decks \x1b]0;folder title\x07"
    folder.mkdir()
    deck = 'title = "Fine"\n\n[[cards]]\nid = "fine"\nprompt = "What is fine today?"\n'
    (folder / "fine.toml").write_text(deck)
    (folder / "\x1b[31mred\x07.toml").write_text(deck)
    (folder / "c1-\x9b31m.toml").write_text(deck)
    app = make_app(Workspace(data_dir, [folder], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        deck_list = app.screen.query_one("#deck-list", OptionList)
        ids = option_ids(deck_list)
        assert {"fine", "\x1b[31mred\x07", "c1-\x9b31m"} <= set(ids)
        for name in ("fine", "\x1b[31mred\x07", "c1-\x9b31m"):
            deck_list.highlighted = ids.index(name)
            await pilot.pause()
            info = str(app.screen.query_one("#deck-info", Static).render())
            assert f"In: {printable(str(folder))}" in info
            for index in range(deck_list.option_count):
                prompt = str(deck_list.get_option_at_index(index).prompt)
                assert not RAW_CONTROL.search(prompt), prompt
            assert_nothing_raw(app)
        assert "␛[31mred␇  can't be played" in [
            str(deck_list.get_option_at_index(i).prompt) for i in range(deck_list.option_count)
        ]
        assert app.is_running


async def test_a_save_whose_reason_holds_brackets_keeps_the_app_up(data_dir, tmp_path) -> None:
    games = saved_games(data_dir, tmp_path / "decks")
    text = games.good.read_text(encoding="utf-8")
    path = games.store.folder / save_name("bracketed-key")
    path.write_text(text.replace("seed = 1\n", 'seed = 1\n"[/]" = "a key no save has"\n'))
    before = fingerprint(path)
    app = make_app(Workspace(data_dir, [games.decks], seed=4242))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert str(path) not in app.screen.paths
        assert "`[/]` is not something a save holds" in painted(app)
        assert app.is_running
    assert fingerprint(path) == before


async def test_every_unreadable_save_can_be_scrolled_to_on_the_resume_screen(
    data_dir, tmp_path
) -> None:
    """S7: with many unreadable saves the list of them scrolls to the very last one."""
    games = saved_games(data_dir, tmp_path / "decks")
    names = [save_name(f"broken-{number:03d}") for number in range(40)]
    for name in names:
        (games.store.folder / name).write_bytes(b"not a save")
    app = make_app(Workspace(data_dir, [games.decks], seed=4242))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        box = app.screen.query_one("#broken-box")
        assert box.max_scroll_y > 0  # more than fits: it scrolls rather than cutting
        box.focus()
        await pilot.press("end")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y  # the bottom, where the last one is
        assert names[-1] in str(app.screen.query_one("#broken", Static).render())
        assert box.region.bottom <= app.screen.query_one("Footer").region.y  # never under it
