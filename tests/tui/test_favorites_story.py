"""Our favorites and Our story: browsing stars across evenings, unstarring, replaying them,
and the couple's story told gently."""

from __future__ import annotations

from datetime import timedelta

from textual.widgets import OptionList, Static

from heartline.save_format import load
from heartline.tui.screens.dialogs import Confirm
from heartline.tui.screens.favorites import FavoritesScreen
from heartline.tui.screens.play import PlayScreen
from heartline.tui.screens.story import StoryScreen

from .conftest import SIZE
from .test_snapshots import TO_KIND, advance


def evening(make_session, store, *, names=("Ana", "Ben"), stars=(), days=0, thanks=True):
    """A finished evening of the all-kinds deck, with stars given on the way."""
    session = make_session(cards=4, names=names)
    session.clock.now += timedelta(days=days)
    session.started += timedelta(days=days)
    for index, by in stars:
        session.favorite(index, on=True, by=by)
    advance(session, TO_KIND["exercise"])
    session.submit("We held hands for the whole minute")
    if thanks:
        session.submit("Your patience with me this week")
        session.submit("The way you laugh at my jokes")
    return store.save(session)


def couple_evenings(make_session, store):
    first = evening(make_session, store, stars=[(0, 0), (2, None)])
    second = evening(make_session, store, names=("Ben", "Ana"), stars=[(0, 0)], days=30)
    evening(make_session, store, names=("Cy", "Di"), stars=[(1, 0)], days=60)
    return first, second


def words(app) -> str:
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


def options(app) -> list[str]:
    menu = app.screen.query_one("#favorites", OptionList)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def test_favorites_gather_every_evening_and_show_the_answers(build_app, make_session, store):
    couple_evenings(make_session, store)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(FavoritesScreen())
        await pilot.pause()
        shown = options(app)
        # Cy & Di played last: they come first; c shows the next couple.
        assert len(shown) == 1 and "★ Cy" in shown[0]
        await pilot.press("c")
        await pilot.pause()
        shown = options(app)
        assert len(shown) == 2
        assert "★ both of you" in shown[0]  # starred by Ben, then by Ana, weeks apart
        assert "★ both of you" in shown[1]
        detail = words(app)
        assert "Autumn" in detail  # what was said the evening it was starred
        menu = app.screen.query_one("#favorites", OptionList)
        second = menu.get_option_at_index(1)
        await pilot.press("down")
        await pilot.pause()
        assert menu.highlighted == 1
        prompt = str(app.screen.query_one("#favorite-card", Static).render())
        assert str(second.prompt).split("\n", 1)[1] in prompt


async def test_unstarring_takes_one_partners_star_off_in_every_evening(
    build_app, make_session, store
):
    from heartline.tui.screens.star import StarDialog

    first, second = couple_evenings(make_session, store)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(FavoritesScreen())
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        menu = app.screen.query_one("#favorites", OptionList)
        card = menu.get_option_at_index(menu.highlighted).id
        assert "★ both of you" in options(app)[0]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, StarDialog)  # two stars: whose comes off?
        await pilot.press("2")  # Ana's (the couple is named Ben & Ana now)
        await pilot.pause()
        assert "★ Ben" in options(app)[0]  # Ben's star stays: it is his own
        assert card in [slot.card.key for slot in load(second).favorites]
        assert card not in [slot.card.key for slot in load(first).favorites]
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("enter")  # Enter keeps it
        await pilot.pause()
        assert card in [slot.card.key for slot in load(second).favorites]
        await pilot.press("u", "y")
        await pilot.pause()
        for path in (first, second):
            assert card not in [slot.card.key for slot in load(path).favorites]
        assert len(options(app)) == 1
        # The journal keeps the card: only the star is gone, as an action in the log.
        assert any(a.type == "favorite" and not a.on for a in load(first).log)


async def test_play_favorites_deals_the_starred_cards(build_app, make_session, store):
    couple_evenings(make_session, store)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(FavoritesScreen())
        await pilot.pause()
        await pilot.press("c", "p")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        session = app.screen.session
        assert session.partners == ("Ben", "Ana")  # as they were named last
        assert [deck.id for deck in session.decks] == ["favorites"]
        assert len(session.hand) == 2


async def test_no_favorites_yet_says_how_to_star(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(FavoritesScreen())
        await pilot.pause()
        assert "ctrl+f stars a card" in words(app)
        await pilot.press("p", "u")  # nothing to play or unstar: nothing happens
        await pilot.pause()
        assert isinstance(app.screen, FavoritesScreen)


async def test_our_story_tells_evenings_time_decks_and_thanks(build_app, make_session, store):
    couple_evenings(make_session, store)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(StoryScreen())
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        told = words(app)
        assert "2 evenings together since" in told
        assert "2 favorites" in told
        assert "Cards by deck" in told and "All Kinds" in told
        assert "Ana: The way you laugh at my jokes" in told.replace("  ", " ")
        # No scoring: nothing compares one partner with the other.
        for word in ("score", "streak", "%", "wins"):
            assert word not in told
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FavoritesScreen)


async def test_our_story_before_any_evening(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(StoryScreen())
        await pilot.pause()
        assert "Your story starts with your first evening" in words(app)


def test_snapshot_favorites(snap_compare, build_app, make_session, store):
    couple_evenings(make_session, store)

    async def open_it(pilot):
        pilot.app.push_screen(FavoritesScreen())
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(build_app(), terminal_size=SIZE, run_before=open_it)


def test_snapshot_story(snap_compare, build_app, make_session, store):
    couple_evenings(make_session, store)

    async def open_it(pilot):
        pilot.app.push_screen(StoryScreen())
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(build_app(), terminal_size=SIZE, run_before=open_it)


async def test_favorites_and_story_are_one_key_from_the_journal(build_app, make_session, store):
    couple_evenings(make_session, store)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FavoritesScreen)
        await pilot.press("escape", "h")
        await pilot.pause()
        assert isinstance(app.screen, StoryScreen)
        await pilot.press("escape")
        await pilot.pause()
        app.open_place("favorites")
        await pilot.pause()
        assert isinstance(app.screen, FavoritesScreen)


async def test_new_game_offers_our_favorites_and_says_when_a_deck_was_seen_whole(
    build_app, make_session, store
):
    from textual.widgets import Input, SelectionList

    from heartline.tui.screens.new_game import NewGameScreen

    couple_evenings(make_session, store)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        screen.query_one("#name-a", Input).value = "Cy"
        screen.query_one("#name-b", Input).value = "Ed"
        await pilot.pause()
        decks = screen.query_one("#decks", SelectionList)
        decks.deselect_all()
        decks.select("favorites")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)  # Cy and Ed have none
        assert "have no favorites yet" in str(screen.query_one("#problem").render())
        screen.query_one("#name-a", Input).value = "Ana"
        screen.query_one("#name-b", Input).value = "Ben"
        await pilot.pause()
        decks.deselect_all()
        decks.select("favorites")
        decks.select("all-kinds")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert [deck.id for deck in app.screen.session.decks] == ["favorites", "all-kinds"]
        toasts = [str(n.message) for n in app._notifications]
        assert not any("every card of" in t for t in toasts)  # four of six cards seen


async def test_a_deck_seen_whole_is_said_kindly_and_dealt_again(build_app, make_session, store):
    from textual.widgets import Input, SelectionList

    from heartline.tui.screens.new_game import NewGameScreen

    session = make_session(cards=None)  # the whole all-kinds deck, played through
    while session.current is not None:
        step = session.step
        session.choose(step.choices[0]) if step.choices else session.submit("words")
    store.save(session)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        screen.query_one("#name-a", Input).value = "Ana"
        screen.query_one("#name-b", Input).value = "Ben"
        decks = screen.query_one("#decks", SelectionList)
        decks.deselect_all()
        decks.select("all-kinds")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        toasts = [str(n.message) for n in app._notifications]
        assert any("seen every card of All Kinds" in t for t in toasts)
