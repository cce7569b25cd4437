"""The deck editor on screen: create, edit, reorder, delete and undo, live problems, save, play."""

from __future__ import annotations

import tomllib

from textual.widgets import Input, OptionList, Select, SelectionList, Static, TextArea

from heartline.deck import load_deck
from heartline.tui.screens.decks import DecksScreen
from heartline.tui.screens.dialogs import AskText, Confirm
from heartline.tui.screens.editor import DeckEditorScreen
from heartline.tui.screens.play import PlayScreen

from .conftest import SIZE


def text_of(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def open_new_deck(pilot, title: str = "Sunday mornings") -> DeckEditorScreen:
    await pilot.press("d")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DecksScreen)
    await pilot.press("n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, AskText)
    pilot.app.screen.query_one(Input).value = title
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, DeckEditorScreen)
    return pilot.app.screen


async def write_card(pilot, editor: DeckEditorScreen, prompt: str, kind: str, **more) -> None:
    editor.query_one("#card-prompt", TextArea).load_text(prompt)
    editor.query_one("#card-kind", Select).value = kind
    if "seconds" in more:
        editor.query_one("#card-seconds", Input).value = str(more["seconds"])
    if "level" in more:
        editor.query_one("#card-level", Select).value = more["level"]
    await pilot.pause()


async def test_create_a_deck_with_every_kind_and_play_it(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_deck(pilot)
        assert editor.query_one("#card-prompt", TextArea).has_focus
        await write_card(pilot, editor, "What smell reminds you of a lazy Sunday?", "question")
        await pilot.press("ctrl+n")
        await write_card(pilot, editor, "Tell your partner about your week.", "mirror", level=2)
        await pilot.press("ctrl+n")
        await write_card(pilot, editor, "Your ideal breakfast, in one word?", "guess")
        await pilot.press("ctrl+n")
        await write_card(pilot, editor, "Stretch together, slowly.", "exercise", seconds=90)
        draft = editor.draft
        assert [entry.data["kind"] for entry in draft.cards] == [
            "question",
            "mirror",
            "guess",
            "exercise",
        ]
        assert draft.cards[0].data["id"] == "what-smell-reminds-you-of-a"
        assert "no problems" in text_of(app, "#editor-status")
        await pilot.press("ctrl+s")
        await pilot.pause()
        path = data_dir / "decks" / "sunday-mornings.toml"
        assert path.is_file()
        report = load_deck(path)
        assert report.problems == ()
        assert [card.kind for card in report.deck.cards] == [
            "question",
            "mirror",
            "guess",
            "exercise",
        ]
        assert report.deck.cards[3].seconds == 90
        assert path.read_text().startswith("#:schema ./deck.schema.json")
        assert (data_dir / "decks" / "deck.schema.json").is_file()

        # Editing the prompt later keeps the id the saves know the card by.
        editor.query_one("#card-list", OptionList).highlighted = 0
        await pilot.pause()
        editor.query_one("#card-prompt", TextArea).load_text("What smell means Sunday to you?")
        await pilot.pause()
        assert draft.cards[0].data["id"] == "what-smell-reminds-you-of-a"

        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("escape")  # back to the decks list
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
        await pilot.press("escape")
        await pilot.pause()
        # The new deck is in New game at once.
        await pilot.press("n")
        await pilot.pause()
        decks = app.screen.query_one("#decks", SelectionList)
        assert "sunday-mornings" in [
            decks.get_option_at_index(i).value for i in range(decks.option_count)
        ]
        decks.deselect_all()
        decks.select("sunday-mornings")
        app.screen.query_one("#name-a", Input).value = "Ana"
        app.screen.query_one("#name-b", Input).value = "Ben"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.current.card.deck == "sunday-mornings"


async def test_reorder_delete_undo_and_live_problems(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_deck(pilot, "Small deck")
        await write_card(pilot, editor, "First card?", "question")
        await pilot.press("ctrl+n")
        await write_card(pilot, editor, "Second card?", "question")
        draft = editor.draft
        assert [e.data["prompt"] for e in draft.cards] == ["First card?", "Second card?"]
        await pilot.press("alt+up")
        await pilot.pause()
        assert [e.data["prompt"] for e in draft.cards] == ["Second card?", "First card?"]
        assert editor.current == 0
        await pilot.press("alt+down")
        await pilot.pause()
        assert [e.data["prompt"] for e in draft.cards] == ["First card?", "Second card?"]

        await pilot.press("ctrl+r")
        await pilot.pause()
        assert [e.data["prompt"] for e in draft.cards] == ["First card?"]
        await pilot.press("ctrl+u")
        await pilot.pause()
        assert [e.data["prompt"] for e in draft.cards] == ["First card?", "Second card?"]

        # A live problem, next to its card, in the validator's words.
        editor.query_one("#card-seconds", Input).value = "2"
        await pilot.pause()
        problems = text_of(app, "#card-problems")
        assert "Timer in seconds must be 5 to 3600." in problems
        assert "1 problem" in text_of(app, "#editor-status")
        label = str(editor.query_one("#card-list", OptionList).get_option_at_index(1).prompt)
        assert "⚠ 1 problem" in label

        # Saving with a problem asks first, then keeps it as a draft.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Save as a draft?" in str(app.screen.query(Static).first().render())
        await pilot.press("y")
        await pilot.pause()
        saved = tomllib.loads((data_dir / "decks" / "small-deck.toml").read_text())
        assert saved["cards"][1]["seconds"] == 2
        assert "seconds" in str(load_deck(data_dir / "decks" / "small-deck.toml").problems[0])


async def test_shipped_decks_are_copied_not_edited(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        deck_list = screen.query_one("#deck-list", OptionList)
        ids = [deck_list.get_option_at_index(i).id for i in range(deck_list.option_count)]
        deck_list.highlighted = ids.index("all-kinds")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)  # refused, with a word on what to do
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, DeckEditorScreen)
        assert app.screen.draft.id == "all-kinds-mine"
        assert app.screen.draft.fields["title"] == "All Kinds (my copy)"
        await pilot.press("ctrl+s")
        await pilot.pause()
    copy = load_deck(data_dir / "decks" / "all-kinds-mine.toml")
    original = load_deck(app.workspace.library.reports["all-kinds"].path)
    assert [c.prompt for c in copy.deck.cards] == [c.prompt for c in original.deck.cards]


async def test_leaving_with_unsaved_changes_asks(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_new_deck(pilot, "Unsaved")
        await write_card(pilot, editor, "Anything?", "question")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is editor
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DecksScreen)
    assert not (data_dir / "decks" / "unsaved.toml").exists()


async def test_problems_in_the_words_of_the_form_and_always_in_view_at_80x24(build_app):
    from textual.containers import VerticalScroll

    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_new_deck(pilot, "Sunday Mornings")
        await write_card(pilot, editor, "Hold hands and sit in silence.", "exercise", seconds=2)
        seconds = editor.query_one("#card-seconds", Input)
        seconds.focus()
        await pilot.pause()
        problems = editor.query_one("#card-problems", Static)
        text = str(problems.render())
        assert text == "⚠ Timer in seconds must be 5 to 3600."
        assert "`" not in text and "got 2" not in text
        # In view while the timer field has focus, and while the prompt has it.
        form = editor.query_one("#card-form", VerticalScroll)
        assert problems.region.height >= 1
        assert problems.region.bottom <= app.screen.region.bottom - 1  # above the footer
        assert not problems.region.overlaps(form.region)
        editor.query_one("#card-prompt", TextArea).focus()
        await pilot.pause()
        assert str(problems.render()) == text
        # One problem, in the singular, in the card list; two in the plural.
        label = str(editor.query_one("#card-list", OptionList).get_option_at_index(0).prompt)
        assert label.endswith("⚠ 1 problem")
        editor.query_one("#card-level", Select).value = Select.NULL
        editor.draft.set_card(0, "level", 9)
        editor.refresh_labels()
        await pilot.pause()
        label = str(editor.query_one("#card-list", OptionList).get_option_at_index(0).prompt)
        assert label.endswith("⚠ 2 problems")
        for line in str(problems.render()).splitlines():
            assert line[2].isupper() and line.endswith("."), line


async def test_the_editor_header_footer_and_help_fit_80x24(build_app):
    from textual.widgets import Footer

    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_new_deck(pilot, "Sunday Mornings")
        await write_card(pilot, editor, "Hold hands.", "exercise", seconds=2)
        status = str(editor.query_one("#editor-status", Static).render())
        assert status == (
            "Sunday Mornings · 1 card · 2 problems · unsaved · sunday-mornings.toml (new)"
        )
        assert len(status) <= 78
        footer = editor.query_one(Footer)
        keys = [
            b.description for _, b, enabled, *_ in footer.screen.active_bindings.values() if b.show
        ]
        assert "duplicate" in keys and "copy" not in keys
        shown = sum(len(key) + 5 for key in keys) + 12  # "^x " and gaps, the palette key
        assert shown <= 80
        help_text = str(editor.query_one("#card-list-help", Static).render())
        assert "duplicate" in help_text and "copy" not in help_text
        for size in [(60, 20), (80, 24)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            help_width = editor.query_one("#card-list-help").content_region.width
            assert all(len(line) <= help_width for line in help_text.splitlines()), size
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert not editor.query_one("#card-list-help").display


async def test_the_deck_tab_fits_the_screen_with_its_borders(build_app):
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        editor = await open_new_deck(pilot, "Sunday Mornings")
        await pilot.click("#--content-tab-deck-tab")
        await pilot.pause()
        form = editor.query_one("#deck-form")
        assert form.region.right <= 80
        for field in ("#deck-title", "#deck-description", "#deck-how-to", "#deck-tags"):
            assert editor.query_one(field).region.right <= form.content_region.right, field


async def test_every_card_field_keeps_its_label_whole_at_60x20(build_app):
    from textual.widgets import Label

    app = build_app()
    async with app.run_test(size=(60, 20)) as pilot:
        editor = await open_new_deck(pilot, "Sunday Mornings")
        form = editor.query_one("#card-form")
        for label in form.query(Label):
            text = str(label.render())
            assert len(text) <= form.content_region.width, text
        assert editor.query_one("#card-seconds", Input).placeholder == "Empty: no timer."
