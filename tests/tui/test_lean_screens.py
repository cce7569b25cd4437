"""What a couple never sees, built only when needed: no Home under a resumed game, the
footer rebuilt only when its keys change, the home menu filled once."""

from __future__ import annotations

import gc
import weakref

from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from heartline.save_format import load
from heartline.tui import textual_fixes
from heartline.tui.screens import home
from heartline.tui.screens.home import HomeScreen
from heartline.tui.screens.play import PlayScreen
from heartline.tui.screens.summary import SummaryScreen
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox
from heartline.tui.widgets.keys_footer import KeysFooter

from .conftest import SIZE
from .test_play import next_card, send


def resumed(build_app, store, session):
    """The app as `heartline resume` opens `session`, saved first."""
    path = store.save(session)
    return build_app(session=load(path), save_path=path)


def alive(keys: list[weakref.ref[FooterKey]], footer: Footer) -> int:
    """FooterKeys still in memory that are no longer in `footer`."""
    gc.collect()
    shown = set(footer.query(FooterKey))
    return sum(1 for ref in keys if (key := ref()) is not None and key not in shown)


async def test_a_resumed_game_opens_with_no_home_screen_underneath(build_app, make_session, store):
    session = make_session(cards=1)
    session.submit("Autumn")
    app = resumed(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert not [screen for screen in app.screen_stack if isinstance(screen, HomeScreen)]
        # Home is there the moment someone goes back to it.
        await send(pilot, "Spring")
        await next_card(pilot)
        await send(pilot, "Your calm")
        await send(pilot, "Your laugh")
        await pilot.click("#to-summary")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        menu = app.screen.query_one("#home-menu")
        assert any("1 finished" in str(option.prompt) for option in menu.options)


async def test_back_from_a_screen_opened_over_a_resumed_game_returns_to_the_game(
    build_app, make_session, store
):
    session = make_session(cards=2)
    app = resumed(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_place("decks")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_the_home_menu_is_filled_once_at_start(build_app, monkeypatch):
    fills: list[HomeScreen] = []
    fill = home.HomeScreen.fill_menu

    def counted(screen: HomeScreen) -> None:
        fills.append(screen)
        fill(screen)

    monkeypatch.setattr(home.HomeScreen, "fill_menu", counted)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert len(fills) == 1
        await pilot.press("d")  # and again when it is shown again, counts may have changed
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert len(fills) == 2


async def test_the_play_footer_is_rebuilt_only_when_its_keys_change(build_app, make_session, store):
    session = make_session(cards=5)
    app = resumed(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        footer = screen.query_one(KeysFooter)
        built = footer.rebuilds
        keys: list[weakref.ref[FooterKey]] = []
        for _ in range(20):
            screen.refresh_bindings()  # what every action does
            await pilot.pause()
            keys += [weakref.ref(key) for key in footer.query(FooterKey)]
        assert footer.rebuilds == built
        assert alive(keys, footer) == 0
        # A change of keys is shown: the look back at a finished card offers "next card".
        await send(pilot, "a")
        await send(pilot, "b")
        await pilot.pause()
        assert footer.rebuilds > built
        assert "next card" in {key.description for key in footer.query(FooterKey)}


async def test_a_resumed_game_draws_its_footer_once(build_app, make_session, store):
    # Saved after a finished card: the footer was first drawn for the look back at it
    # ("next card"), then again for the step asked now, which is where a resume opens.
    session = make_session(cards=3)
    session.submit("Autumn")
    session.submit("Spring")
    app = resumed(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        assert footer.rebuilds == 1
        assert "next card" not in {key.description for key in footer.query(FooterKey)}
        assert app.screen.focused is app.screen.query_one("#answer-box")


async def test_a_long_evening_leaves_no_dead_footer_keys_behind(build_app, make_session, store):
    session = make_session(cards=None)
    app = resumed(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        keys: list[weakref.ref[FooterKey]] = []
        for round_ in range(8):
            await send(pilot, f"answer {round_}")
            keys += [weakref.ref(key) for key in footer.query(FooterKey)]
        # The keys do change (the look back, choices, take back), and every rebuild lets go
        # of the keys it removed: none linger.
        assert footer.rebuilds > 1
        assert alive(keys, footer) == 0


async def test_the_first_screen_is_set_aside_from_the_garbage_collector(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # and given back when the app ends


async def test_the_collector_held_back_while_starting_runs_again_after_the_first_frame(
    build_app,
):
    # heartline.entry holds the collector back while starting; the first frame lets it go.
    gc.disable()
    try:
        app = build_app()
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()


def test_the_command_line_lets_the_collector_run_for_a_command(tmp_path, monkeypatch):
    import heartline.cli as cli
    from heartline.entry import main

    seen: list[bool] = []
    monkeypatch.setattr(cli, "cmd_decks_list", lambda args, ws: seen.append(gc.isenabled()) or 0)
    assert main(["--data-dir", str(tmp_path), "decks", "list"]) == 0
    assert seen == [True]
    assert gc.isenabled()


# --- Textual's Footer leak, kept small so an upgrade that fixes it is noticed -------------


class FooterApp(App[None]):
    BINDINGS = [Binding("x", "bell", "ring")]

    def compose(self) -> ComposeResult:
        yield Footer()


async def test_textual_footer_still_leaks_its_keys_on_every_rebuild() -> None:
    """If this fails, Textual's Footer no longer leaks: KeysFooter's guard can go (and this
    test with it)."""
    app = FooterApp()
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        keys: list[weakref.ref[FooterKey]] = []
        for _ in range(30):
            app.screen.refresh_bindings()
            await pilot.pause()
            keys += [weakref.ref(key) for key in footer.query(FooterKey)]
        assert alive(keys, footer) >= 25


# --- Textual's colour cache that keeps every widget's rendered lines ----------------------


def dead_styles_caches(app: App[None]) -> int:
    """Widgets' render caches still in memory whose widget is no longer in the app."""
    gc.collect()
    live = {
        id(widget._styles_cache)
        for screen in app.screen_stack
        for widget in screen.walk_children(with_self=True)
    }
    return sum(
        1 for thing in gc.get_objects() if isinstance(thing, StylesCache) and id(thing) not in live
    )


async def play_on(pilot, app, answers: int) -> int:
    """Answer up to `answers` steps the way a couple does (the look back, choices, hidden
    answers), until the cards end; how many were answered."""
    done = 0
    while done < answers:
        screen = app.screen
        if not isinstance(screen, PlayScreen):
            break
        before = len(screen.session.log)
        if screen.looking_back is not None:
            await pilot.press("space")
        elif screen.session.step.choices:
            await pilot.press("1")
        elif screen.session.step.private:
            screen.query_one(SecretBox).value = "hidden"
            await pilot.press("enter")
        else:
            screen.query_one(AnswerBox).load_text("A thoughtful answer")
            await pilot.press("enter")
        await pilot.pause()
        done += len(screen.session.log) > before
    return done


async def test_an_evening_keeps_no_dead_widgets_rendered_lines(build_app, make_session, store):
    session = make_session(cards=None)
    app = resumed(build_app, store, session)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert await play_on(pilot, app, 3) == 3
        before = dead_styles_caches(app)
        assert await play_on(pilot, app, 100) >= 8
        # Each card's answers and choices come and go as widgets; their caches go with them
        # (Textual's colour cache kept over a hundred here).
        assert dead_styles_caches(app) - before < 30


def test_textual_still_keeps_every_styles_cache_its_colour_cache_is_asked_by() -> None:
    """If this fails, Textual's `StylesCache.get_inner_outer` no longer holds on to the
    caches that call it: heartline.tui.textual_fixes can go (and this test with it)."""
    original = textual_fixes.ORIGINAL
    assert original is not None
    caches = [StylesCache() for _ in range(10)]
    refs = [weakref.ref(cache) for cache in caches]
    for number, cache in enumerate(caches):
        original(cache, Color(number, 2, 3), Color(4, 5, 6))
    del caches, cache
    gc.collect()
    assert sum(1 for ref in refs if ref() is not None) == 10
