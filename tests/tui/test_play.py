"""Playing whole sessions on screen, as two partners at one keyboard would."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, SelectionList, Static

from heartline.save_format import load
from heartline.session import Role, StepKind
from heartline.tui.screens.breather import BreatherScreen
from heartline.tui.screens.closing import ClosingScreen
from heartline.tui.screens.dialogs import Confirm, NoteDialog
from heartline.tui.screens.home import HomeScreen
from heartline.tui.screens.new_game import NewGameScreen
from heartline.tui.screens.play import PlayScreen
from heartline.tui.screens.summary import SummaryScreen
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox
from heartline.tui.widgets.countdown import Countdown

from .conftest import SIZE


def screen_text(app) -> str:
    """Everything the screen shows as text (Static widgets), for plain assertions."""
    return "\n".join(str(widget.render()) for widget in app.screen.query(Static))


async def type_text(pilot, text: str) -> None:
    for character in text:
        await pilot.press("space" if character == " " else character)


async def start_new_game(pilot, deck: str = "all-kinds", length: int = 1) -> None:
    """From home: type both names, choose one deck and a length, start."""
    await pilot.press("n")
    assert isinstance(pilot.app.screen, NewGameScreen)
    await type_text(pilot, "Ana")
    await pilot.press("enter")
    await type_text(pilot, "Ben")
    decks = pilot.app.screen.query_one("#decks", SelectionList)
    decks.deselect_all()
    decks.select(deck)
    radio = pilot.app.screen.query_one("#length").query("RadioButton")[length]
    radio.value = True
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()


async def next_card(pilot) -> None:
    """After a card's last answer both answers stay in view; space moves on."""
    await pilot.press("space")
    await pilot.pause()


async def send(pilot, text: str = "") -> None:
    """Write into whichever answer box is showing (as a paste would) and press Enter."""
    screen = pilot.app.screen
    box = screen.query_one(AnswerBox) if screen.query(AnswerBox) else None
    secret = screen.query_one(SecretBox)
    if box is not None and box.display:
        box.load_text(text)
        box.focus()
    else:
        secret.value = text
        secret.focus()
    await pilot.press("enter")
    await pilot.pause()


async def test_full_session_of_every_card_kind_from_new_game_to_summary(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await start_new_game(pilot, length=3)  # 15 cards: the whole 6-card deck
        assert isinstance(app.screen, PlayScreen)
        session = app.screen.session
        assert [slot.card.kind for slot in session.slots][:4] == [
            "question",
            "mirror",
            "guess",
            "exercise",
        ]
        banner = app.screen.query_one("#banner", Static)

        # question: Ana, then Ben; typed with the keyboard.
        assert str(banner.render()) == "Ana answers"
        await type_text(pilot, "Autumn")
        await pilot.press("enter")
        await pilot.pause()
        assert str(banner.render()) == "Ben answers"
        assert "Ana: Autumn" in screen_text(app)
        await send(pilot, "")  # said aloud
        await next_card(pilot)
        # mirror: Ben leads the second card, and shares while Ana listens.
        assert str(banner.render()) == "Ben shares; Ana listens"
        await send(pilot, "Work was a lot")
        assert str(banner.render()) == "Ana, reflect back what you heard"
        await send(pilot, "You had a heavy week")
        assert str(banner.render()) == "Ben, did you feel understood?"
        await pilot.press("2")  # partly
        await pilot.pause()
        assert str(banner.render()) == "Ben, say a little more about what you meant"
        await send(pilot, "Mostly the commute")
        assert str(banner.render()) == "Ana, reflect back what you heard"
        await send(pilot, "The travel wore you down")
        await pilot.press("1")  # yes
        await pilot.pause()
        await next_card(pilot)
        # guess: Ana answers privately, Ben guesses, the reveal.
        assert "answer privately" in str(banner.render())
        assert app.screen.query_one(SecretBox).display
        await send(pilot, "Lisbon")
        assert "Lisbon" not in screen_text(app)
        assert str(banner.render()) == "Ben, guess Ana's answer"
        await send(pilot, "Kyoto")
        assert str(banner.render()) == "Ana, how close was the guess?"
        reveal = app.screen.query_one("#reveal")
        assert reveal.display
        assert str(app.screen.query_one("#reveal-left", Static).render()) == "Lisbon"
        assert str(app.screen.query_one("#reveal-right", Static).render()) == "Kyoto"
        await pilot.press("3")  # not quite
        await pilot.pause()
        await next_card(pilot)
        # exercise: both, with a countdown.
        assert str(banner.render()) == "Both: do this together"
        assert app.screen.query_one(Countdown).display
        await send(pilot, "That was nice")
        await next_card(pilot)
        # lead-only question: only Ana answers, then the last card goes to Ben first.
        assert str(banner.render()) == "Ana answers"
        await send(pilot, "Finish the book")
        await next_card(pilot)
        assert str(banner.render()) == "Ben answers"
        await send(pilot, "Sunshine on a rainy day")
        await next_card(pilot)
        assert str(banner.render()) == "Ana answers"
        await send(pilot, "")
        await next_card(pilot)
        # closing ritual
        assert isinstance(app.screen, ClosingScreen)
        await send(pilot, "Your calm")
        await send(pilot, "Your laugh")
        assert "Your calm" in screen_text(app) and "Your laugh" in screen_text(app)
        await pilot.click("#to-summary")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert "6 cards played" in screen_text(app)

    saves = list((data_dir / "saves").glob("*.toml"))
    assert len(saves) == 1
    saved = load(saves[0])
    assert saved.finished
    texts = [a.text for slot in saved.slots for a in slot.answers]
    assert texts[:3] == ["Autumn", "", "Work was a lot"]
    assert [a.text for a in saved.closing] == ["Your calm", "Your laugh"]


async def test_every_action_is_saved_before_the_screen_moves_on(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        path = app.screen.autosave.path
        await send(pilot, "First thought")
        assert [a.text for a in load(path).slots[0].answers] == ["First thought"]
        await pilot.press("ctrl+f", "1")  # Ana's star
        await pilot.pause()
        assert load(path).slots[0].stars == {0}


async def test_pass_swap_favorite_note_breather_and_finish_early(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot, length=0)  # 5 cards; the sixth is in reserve
        screen = app.screen
        session = screen.session
        assert session.current.card.id == "favourite-season"
        await pilot.press("ctrl+r")  # swap
        await pilot.pause()
        assert session.current.card.id == "spare-light"
        await pilot.press("ctrl+r")  # nothing left at this level
        await pilot.pause()
        assert session.current.card.id == "spare-light"
        await pilot.press("ctrl+f", "3")  # favorite of both
        await pilot.pause()
        assert session.current.stars == {0, 1}
        assert "★ favorite" in str(screen.query_one("#status", Static).render())
        await pilot.press("ctrl+n")  # note
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        app.screen.query_one("#note-text", AnswerBox).load_text("We both hummed it")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert [n.text for n in session.current.notes] == ["We both hummed it"]
        assert "noted: We both hummed it" in screen_text(app)
        await pilot.press("ctrl+b")  # breather
        await pilot.pause()
        assert isinstance(app.screen, BreatherScreen)
        assert "Breathe in" in str(app.screen.query_one("#breath", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert session.position == 0
        await pilot.press("ctrl+o")  # pass
        await pilot.pause()
        assert session.slots[0].outcome == "passed"
        assert session.position == 1
        await pilot.press("ctrl+g")  # finish early, asks first
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        await pilot.press("ctrl+g")  # skip the ritual too, asks first
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await pilot.pause()
        assert session.finished
        assert "without the closing ritual" in screen_text(app)
    saved = load(next((data_dir / "saves").glob("*.toml")))
    assert saved.state()["slots"] == session.state()["slots"]
    assert saved.swaps == 1


async def test_pass_is_hidden_and_refused_on_a_deck_played_in_order(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot, deck="in-order")
        screen = app.screen
        footer_keys = {
            binding.key for (_, binding, enabled, _) in screen.active_bindings.values() if enabled
        }
        assert screen.check_action("pass_card", ()) is False
        assert screen.check_action("swap_card", ()) is False
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert screen.session.position == 0
        assert "ctrl+o" not in footer_keys or screen.check_action("pass_card", ()) is False


async def test_countdown_starts_pauses_restarts_and_rings_once(build_app, make_session, store):
    session = make_session()
    for text in ["a", "b", "c", "d"]:
        session.submit(text) if not session.step.choices else session.choose("yes")
    while session.current.card.kind != "exercise":
        step = session.step
        session.choose(step.choices[0]) if step.choices else session.submit("x")
    path = store.save(session)
    now = [100.0]
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        countdown = app.screen.query_one(Countdown)
        countdown.clock = lambda: now[0]
        bells: list[int] = []
        app.bell = lambda: bells.append(1)  # type: ignore[method-assign]
        assert countdown.remaining == 30
        await pilot.press("ctrl+t")
        now[0] += 10
        countdown.tick()
        assert round(countdown.remaining) == 20
        await pilot.press("ctrl+t")  # pause
        now[0] += 100
        countdown.tick()
        assert round(countdown.remaining) == 20
        await pilot.press("ctrl+t")  # resume
        now[0] += 25
        countdown.tick()
        countdown.tick()
        await pilot.pause()
        assert countdown.remaining == 0 and countdown.ended
        assert bells == [1]
        assert "Time's up" in str(countdown.render())
        assert session.step.kind is StepKind.EXERCISE  # nothing advanced by itself
        await pilot.press("ctrl+t")  # once ended, ctrl+t starts it again (ctrl+r is swap)
        assert countdown.running and round(countdown.remaining) == 30


async def test_answers_with_markup_and_escape_sequences_show_literally(build_app, data_dir):
    nasty = "[bold]Hi[/] [@click=app.quit]x[/] [link=http://x]y \x1b[31mred\x1b]0;title\x07 [b"
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await send(pilot, nasty)
        assert app.is_running
        shown = screen_text(app)
        assert "[bold]Hi[/] [@click=app.quit]x[/] [link=http://x]y" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert "␛[31mred␛]0;title␇ [b" in shown
    saved = load(next((data_dir / "saves").glob("*.toml")))
    assert saved.slots[0].answers[0].text == nasty


async def test_names_with_markup_show_literally(build_app, make_session, store):
    session = make_session(names=("[b]Ana", "Ben[/]"))
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert str(app.screen.query_one("#banner", Static).render()) == "[b]Ana answers"


async def test_new_game_asks_for_two_different_names(build_app):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await type_text(pilot, "Sam")
        await pilot.press("enter")
        await type_text(pilot, "sam")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        assert "must differ" in str(app.screen.query_one("#problem", Static).render())
        app.screen.query_one("#name-b", Input).value = "Alex"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.session.partners == ("Sam", "Alex")


async def test_quit_from_play_leaves_a_save_that_resumes(build_app, data_dir):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        await send(pilot, "Spring")
        messages = []
        real_exit = app.exit
        app.exit = lambda *args, **kwargs: (
            messages.append(kwargs.get("message")),
            real_exit(*args, **kwargs),
        )
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running
    assert "heartline resume" in str(messages[0])
    path = next((data_dir / "saves").glob("*.toml"))
    assert load(path).step.partner == 1
    resumed = build_app()
    async with resumed.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(resumed.screen, PlayScreen)
        assert str(resumed.screen.query_one("#banner", Static).render()) == "Ben answers"
        assert "Ana: Spring" in screen_text(resumed)


async def test_a_failed_save_is_shown_kept_and_retried(build_app, data_dir, monkeypatch):
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await start_new_game(pilot)
        screen = app.screen
        path = screen.autosave.path
        before = path.read_bytes()

        def full(*args, **kwargs):
            raise OSError(28, "No space left on device")

        monkeypatch.setattr("heartline.files.os.write", full)
        await send(pilot, "Summer evenings")
        assert "NOT SAVED" in str(screen.query_one("#status", Static).render())
        assert screen.session.slots[0].answers[0].text == "Summer evenings"
        assert path.read_bytes() == before
        assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
        monkeypatch.undo()
        await send(pilot, "Winter")
        assert "NOT SAVED" not in str(screen.query_one("#status", Static).render())
        assert [a.text for a in load(path).slots[0].answers] == ["Summer evenings", "Winter"]


async def test_resume_lands_on_each_step_kind(build_app, make_session, store):
    """Resume straight onto the play screen at every step kind, answers so far visible."""
    expectations = {
        StepKind.ANSWER: ([], "Ana answers"),
        StepKind.REFLECT: (["a", "b", "c"], "Ana, reflect back what you heard"),
        StepKind.RATE: (["a", "b", "c", "d"], "Ben, did you feel understood?"),
        StepKind.CLARIFY: (["a", "b", "c", "d", "partly"], "Ben, say a little more"),
        StepKind.GUESS: (["a", "b", "c", "d", "yes", "Zanzibar"], "Ben, guess Ana's answer"),
        StepKind.REVEAL: (["a", "b", "c", "d", "yes", "Zanzibar", "g"], "Ana, how close"),
        StepKind.EXERCISE: (["a", "b", "c", "d", "yes", "s", "g", "close"], "Both: do this"),
    }
    for kind, (inputs, words) in expectations.items():
        session = make_session()
        for text in inputs:
            session.choose(text) if session.step.choices else session.submit(text)
        assert session.step.kind is kind
        path = store.save(session)
        resumed = load(path)
        app = build_app(session=resumed, save_path=path)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, PlayScreen), kind
            assert str(app.screen.query_one("#banner", Static).render()).startswith(words), kind
            shown = screen_text(app)
            if kind is StepKind.REFLECT:
                assert "Ben: c" in shown
            if kind is StepKind.GUESS:
                assert "Zanzibar" not in shown
        path.unlink()


async def test_resume_in_the_closing_ritual(build_app, make_session, store):
    session = make_session(cards=1)
    session.submit("a")
    session.submit("b")
    session.submit("Your kindness")
    path = store.save(session)
    app = build_app(session=load(path), save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert "Ben, write one thing you appreciate about Ana" in screen_text(app)
        assert "Your kindness" not in screen_text(app)


async def test_journal_export_from_the_summary(build_app, make_session, store, data_dir: Path):
    session = make_session(cards=1)
    for text in ["Autumn", "Spring", "Your calm", "Your laugh"]:
        session.submit(text)
    path = store.save(session)
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Autumn" in screen_text(app)
        await pilot.press("e")
        await pilot.pause()
        exported = data_dir / "journal" / f"{path.stem}.md"
        assert exported.is_file()
        assert "Journal written to" in screen_text(app)
        assert str(exported) in screen_text(app)
        text = exported.read_text()
        assert "Autumn" in text and "Your laugh" in text
        assert oct(exported.stat().st_mode & 0o777) == "0o600"


async def test_broken_saves_are_listed_and_left_alone(build_app, make_session, store):
    good = store.save(make_session())
    broken = store.folder / "2026-01-01-0000-x-y.toml"
    broken.write_text("format = 1\nstatus = [")
    before = broken.read_bytes()
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        shown = screen_text(app)
        assert "2026-01-01-0000-x-y.toml" in shown
        assert "can't be opened" in shown
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.screen.autosave.path == good
    assert broken.read_bytes() == before


async def test_decks_screen_lists_details_and_previews_cards(build_app, write_deck, data_dir):
    write_deck(
        'title = "Broken"\n[[cards]]\nprompt = 3\n', name="broken.toml", folder=data_dir / "decks"
    )
    app = build_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await pilot.pause()
        option_ids = [
            app.screen.query_one("#deck-list").get_option_at_index(i).id
            for i in range(app.screen.query_one("#deck-list").option_count)
        ]
        assert "all-kinds" in option_ids and "broken" in option_ids
        await pilot.press("home")
        await pilot.pause()
        first = option_ids[0]
        info = str(app.screen.query_one("#deck-info", Static).render())
        assert "cards" in info
        app.screen.query_one("#deck-list").highlighted = option_ids.index("broken")
        await pilot.pause()
        assert "can't be played" in str(app.screen.query_one("#deck-info", Static).render())
        app.screen.query_one("#deck-list").highlighted = option_ids.index("all-kinds")
        await pilot.pause()
        await pilot.press("p")
        await pilot.pause()
        assert "Which season feels most like you" in screen_text(app)
        assert first


async def test_every_role_is_labelled(make_session):
    from heartline.tui.words import role_label

    session = make_session()
    labels = {role: str(role_label(session, None, role, 0)) for role in Role}
    assert labels[Role.REFLECTION] == "Ana heard"
    assert labels[Role.APPRECIATION] == "Ana appreciates Ben"


async def test_summary_starts_another_session_or_goes_home(build_app, make_session, store):
    session = make_session(cards=1)
    for text in ["Autumn", "Spring", "Your calm", "Your laugh"]:
        session.submit(text)
    path = store.save(session)
    app = build_app(session=load(path), save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#to-summary")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGameScreen)
        assert app.screen.query_one("#name-a", Input).value == "Ana"
        assert app.screen.query_one("#name-b", Input).value == "Ben"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_keys_dialog_lists_every_play_key(build_app, make_session, store):
    session = make_session()
    path = store.save(session)
    app = build_app(session=session, save_path=path)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        shown = screen_text(app)
        for words in ("ctrl+o  pass", "ctrl+b  breathe", "ctrl+g  finish", "ctrl+q  quit"):
            assert words in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)


async def test_an_evening_finished_before_any_card_is_not_praised(build_app, make_session, store):
    session = make_session(cards=2)
    session.finish_early()
    for text in ["Your calm", "Your laugh"]:
        session.submit(text)
    path = store.save(session)
    app = build_app(session=load(path), save_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.click("#to-summary")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        title = str(app.screen.query_one("#summary-title", Static).render())
        assert title.startswith("Until next time, ")
