"""Content notes, pins and decks kept for choosing, on screen (issue 14): New game, play, editor."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import Checkbox, Input, OptionList, Select, SelectionList, Static, TextArea

from heartline.dealing import new_session
from heartline.deck import load_deck
from heartline.store import Autosave
from heartline.tui.app import make_app
from heartline.tui.screens.editor import DeckEditorScreen
from heartline.tui.screens.new_game import NewGameScreen
from heartline.tui.screens.play import PlayScreen
from heartline.workspace import Workspace

from .conftest import SIZE, TEST_DECKS
from .test_editor import open_new_deck, write_card

TENDER = """title = "Tender ground"
content_note = "Some cards touch on past hurt."
order = "fixed"

[[cards]]
id = "first"
prompt = "What is a small kindness you noticed today?"

[[cards]]
id = "second"
prompt = "When did you last feel really looked after?"
"""

ROMANCE = """title = "Aaa romance"
content_note = "Cards about desire and feeling wanted; nothing explicit."
dealt_by_default = false

[[cards]]
id = "wanted"
prompt = "When did you last feel wanted by me?"
"""


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def with_decks(data_dir: Path, **decks: str) -> Workspace:
    folder = data_dir / "decks"
    folder.mkdir(parents=True, exist_ok=True)
    for deck_id, text in decks.items():
        (folder / f"{deck_id}.toml").write_text(text, encoding="utf-8")
    return Workspace(data_dir, [TEST_DECKS], seed=4242)


async def test_new_game_shows_a_decks_content_note(data_dir):
    app = make_app(with_decks(data_dir, tender=TENDER))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        app.screen.show_deck("tender")
        await pilot.pause()
        assert "Content note: Some cards touch on past hurt." in text_of(app, "#deck-info")
        app.screen.show_deck("all-kinds")
        await pilot.pause()
        assert "Content note" not in text_of(app, "#deck-info")


async def test_a_deck_kept_for_choosing_is_never_preselected(data_dir):
    # Even when it sorts first and the usual first deck is one kept for choosing too.
    kept = ROMANCE.replace("Aaa romance", "First date, kept")
    app = make_app(with_decks(data_dir, romance=ROMANCE, **{"first-date-night": kept}))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        decks = app.screen.query_one("#decks", SelectionList)
        assert decks.selected and not {"romance", "first-date-night"} & set(decks.selected)
        app.screen.show_deck("romance")
        await pilot.pause()
        assert "Dealt only when you choose it." in text_of(app, "#deck-info")
        # Chosen by name, it plays.
        decks.deselect_all()
        decks.select("romance")
        app.screen.query_one("#name-a", Input).value = "Ana"
        app.screen.query_one("#name-b", Input).value = "Ben"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.current.card.deck == "romance"


async def test_the_content_note_comes_once_with_the_decks_first_card(data_dir):
    workspace = with_decks(data_dir, tender=TENDER)
    deck = workspace.find_deck("tender")
    plain = workspace.find_deck("all-kinds")
    session = new_session([plain, deck], ("Ana", "Ben"), cards=4, seed=1)
    assert [slot.card.deck for slot in session.slots] == ["all-kinds", "tender"] * 2
    app = make_app(workspace, Autosave(workspace.store, session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        note = app.screen.query_one("#content-note", Static)
        assert not note.display  # the first card is from a deck without a note

        async def next_card() -> None:
            session.pass_card()
            app.screen.show_state()
            await pilot.pause()

        await next_card()
        assert session.current.card.key == "tender/first"
        assert note.display
        assert str(note.render()) == (
            "About this deck: Some cards touch on past hurt. Passing is always fine."
        )
        await next_card()
        assert not note.display
        await next_card()
        assert session.current.card.key == "tender/second"
        assert not note.display  # once: only before the deck's first card


async def test_the_editor_shows_and_saves_pin_content_note_and_dealing(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_deck(pilot, "Pinned deck")
        await write_card(pilot, editor, "Before we start, what would feel safe?", "question")
        editor.query_one("#card-pin", Select).value = "first"
        await pilot.pause()
        await pilot.press("ctrl+n")
        await write_card(pilot, editor, "What made you laugh this week?", "question")
        assert editor.query_one("#card-pin", Select).value == ""
        label = str(editor.query_one("#card-list", OptionList).get_option_at_index(0).prompt)
        assert "dealt first" in label
        editor.query_one("#deck-content-note", Input).value = "Some cards touch on past hurt."
        editor.query_one("#deck-dealt-by-default", Checkbox).value = False
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = data_dir / "decks" / "pinned-deck.toml"
        saved = tomllib.loads(path.read_text(encoding="utf-8"))
        assert saved["content_note"] == "Some cards touch on past hurt."
        assert saved["dealt_by_default"] is False
        assert [card.get("pin") for card in saved["cards"]] == ["first", None]
        report = load_deck(path)
        assert report.problems == ()
        assert report.deck.cards[0].pin == "first"

    # Opened again, the form shows what the file holds.
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        draft = app.workspace.open_draft(app.workspace.find_deck("pinned-deck"))
        app.push_screen(DeckEditorScreen(draft))
        await pilot.pause()
        editor = app.screen
        assert editor.query_one("#card-pin", Select).value == "first"
        assert editor.query_one("#deck-content-note", Input).value == (
            "Some cards touch on past hurt."
        )
        assert editor.query_one("#deck-dealt-by-default", Checkbox).value is False
        editor.query_one("#card-pin", Select).value = ""
        editor.query_one("#deck-dealt-by-default", Checkbox).value = True
        await pilot.pause()
        assert "pin" not in draft.cards[0].data
        assert "dealt_by_default" not in draft.fields
        assert editor.query_one("#card-prompt", TextArea).text.startswith("Before we start")


async def test_the_editor_gives_the_linters_advice_beside_the_card(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_deck(pilot, "Advice deck")
        await write_card(pilot, editor, "Sit in silence for a minute. How did it feel?", "exercise")
        problems = text_of(app, "#card-problems")
        assert "✓ No problems." in problems
        assert "· This card is an exercise that asks “How did it feel?”" in problems
        assert "move it to Follow-up" in problems
        editor.query_one("#card-follow-up", Input).value = "How did it feel?"
        editor.query_one("#card-prompt", TextArea).load_text("Sit in silence for a minute.")
        await pilot.pause()
        assert "· " not in text_of(app, "#card-problems")
        # The deck's own advice is on the Deck tab: a new deck has no how_to yet.
        assert "The deck has no How to play" in text_of(app, "#deck-problems")
        # A card that another deck already asks.
        other = app.workspace.find_deck("all-kinds").cards[0]
        await pilot.press("ctrl+n")
        await write_card(pilot, editor, other.prompt, other.kind)
        assert "asks nearly what all-kinds's card" in text_of(app, "#card-problems")
