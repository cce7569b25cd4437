"""Issue 10 on the play screen: only the partner asked chooses, take back, the look back,
mirror cards in view, every refusal said, secrets kept, exercises, every size."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.widgets import Static

from heartline.session import Role, StepKind
from heartline.tui.screens.breather import BreatherScreen
from heartline.tui.screens.closing import ClosingScreen
from heartline.tui.screens.dialogs import Confirm, KeysDialog
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox
from heartline.tui.widgets.answers import AnswerLine, Reveal
from heartline.tui.widgets.countdown import Countdown
from heartline.tui.widgets.turn_banner import TurnBanner

from .conftest import SIZE
from .test_play import screen_text, send
from .test_snapshots import TO_KIND, advance


def banner_text(app) -> str:
    return str(app.screen.query_one(TurnBanner).render())


def messages(app) -> list[str]:
    return [notification.message for notification in app._notifications]


async def open_at(build_app, make_session, store, inputs, size=SIZE, **kwargs):
    session = make_session(**kwargs)
    advance(session, inputs)
    path = store.save(session)
    return session, build_app(session=session, save_path=path), size


def in_view(widget, scroller) -> bool:
    """True when all of `widget` is inside what `scroller` shows now."""
    shown = scroller.scrollable_content_region
    region = widget.region
    return region.height > 0 and shown.y <= region.y and region.bottom <= shown.bottom


# --- 1. only the partner asked chooses; every reveal is shown ----------------------------------


async def test_two_enters_after_a_guess_leave_the_choice_unmade_and_the_reveal_on_screen(
    build_app, make_session, store
):
    session, app, size = await open_at(
        build_app, make_session, store, [*TO_KIND["guess"], "Lisbon"]
    )
    async with app.run_test(size=size) as pilot:
        app.screen.query_one(AnswerBox).load_text("Kyoto")
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause()
        assert session.step.kind is StepKind.REVEAL  # nobody chose for the lead
        assert app.screen.query_one(Reveal).display
        assert "Kyoto" in screen_text(app) and "Lisbon" in screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert session.slots[2].replies[-1].text == "close"


async def test_a_double_enter_after_a_reflection_leaves_the_sharer_to_choose(
    build_app, make_session, store
):
    session, app, size = await open_at(build_app, make_session, store, [*TO_KIND["mirror"], "Work"])
    async with app.run_test(size=size) as pilot:
        app.screen.query_one(AnswerBox).load_text("A heavy week")
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("enter", "enter")
        await pilot.pause()
        assert session.step.kind is StepKind.RATE
        assert [r.role for r in session.slots[1].replies] == [Role.ANSWER, Role.REFLECTION]


async def test_a_double_enter_on_the_last_appreciation_keeps_the_closing_reveal(
    build_app, make_session, store
):
    session = make_session(cards=1)
    session.submit("Autumn")
    session.submit("Spring")
    session.submit("Your calm")
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ClosingScreen)
        app.screen.query_one(SecretBox).value = "Your laugh"
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert app.screen.query_one(Reveal).display
        await pilot.press("space")
        await pilot.pause()
        assert not isinstance(app.screen, ClosingScreen)


# --- 3. take back a sent answer ------------------------------------------------------------


async def test_the_last_answer_is_taken_back_into_the_box_and_logged(
    build_app, make_session, store
):
    session, app, size = await open_at(build_app, make_session, store, [])
    async with app.run_test(size=size) as pilot:
        await send(pilot, "Probab")
        assert session.step.partner == 1
        footer_keys = {
            b.key for (_, b, enabled, _) in app.screen.active_bindings.values() if enabled
        }
        assert "ctrl+e" in footer_keys
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert session.step.partner == 0
        assert app.screen.query_one(AnswerBox).text == "Probab"
        assert session.log[-1].type == "takeback"
        await pilot.press("enter")
        await pilot.pause()
        assert session.slots[0].replies[0].text == "Probab"


# --- 4. mirror cards keep the conversation in view ------------------------------------------


LONG = (
    "Work has been heavy. The reorganisation means I might change teams, and I keep "
    "rehearsing conversations in my head at night instead of sleeping, which is new for me."
)


async def test_at_60x20_the_reflection_being_judged_is_in_view(build_app, make_session, store):
    for size in [(60, 20), (80, 24)]:
        inputs = [*TO_KIND["mirror"], LONG, "You are tired", "not yet", LONG, "You worry at night"]
        session, app, _ = await open_at(build_app, make_session, store, inputs)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            assert session.step.kind is StepKind.RATE
            body = app.screen.query_one("#play-body")
            last = app.screen.query(AnswerLine).last()
            assert "You worry at night" in str(last.render())
            assert in_view(last, body), size
            await pilot.press("3")
            await pilot.pause()
            assert session.step.kind is StepKind.CLARIFY
            await pilot.pause()
            line = app.screen.query(AnswerLine)[-2]
            assert "You worry at night" in str(line.render())
            assert in_view(line, body), size


async def test_after_three_not_yet_a_line_says_the_card_is_complete(build_app, make_session, store):
    inputs = [*TO_KIND["mirror"], "Share", "R1", "not yet", "C1", "R2", "not yet", "C2", "R3"]
    session, app, size = await open_at(build_app, make_session, store, inputs)
    async with app.run_test(size=size) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert "That's 3 tries" in banner_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert session.current.card.kind == "guess"


# --- 5. every refusal and outcome is said ----------------------------------------------------


async def test_a_refused_swap_says_why(build_app, make_session, store):
    session, app, size = await open_at(build_app, make_session, store, ["Autumn"])
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert session.swaps == 0
        assert "This card already has answers or notes; pass it instead." in messages(app)
        assert all(m[0].isupper() for m in messages(app))


async def test_passing_at_the_rating_keeps_the_answers_and_says_so(build_app, make_session, store):
    session, app, size = await open_at(
        build_app, make_session, store, [*TO_KIND["guess"], "Lisbon", "Kyoto"]
    )
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert session.slots[2].outcome == "done"
        assert any("played, not rated" in m for m in messages(app))


async def test_a_swap_with_unsent_words_asks_first(build_app, make_session, store):
    session, app, size = await open_at(build_app, make_session, store, [], cards=5)
    async with app.run_test(size=size) as pilot:
        app.screen.query_one(AnswerBox).load_text("half a thought")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(AnswerBox).text == "half a thought"
        assert session.swaps == 0


async def test_finishing_early_with_unsent_words_asks_about_them_first(
    build_app, make_session, store
):
    session, app, size = await open_at(build_app, make_session, store, [], cards=5)
    async with app.run_test(size=size) as pilot:
        await pilot.press(*"half")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Finish with words not sent?" in screen_text(app)
        assert "If you finish, it is let go." in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(AnswerBox).text == "half"
        assert session.current is not None and not session.in_closing
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert "half" not in session.drafts.values()  # let go, as the question said


async def test_finishing_early_with_an_empty_box_asks_the_usual_question(
    build_app, make_session, store
):
    _, app, size = await open_at(build_app, make_session, store, [], cards=5)
    async with app.run_test(size=size) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert "Finish for tonight?" in screen_text(app)
        assert "not sent" not in screen_text(app)


async def test_skipping_the_ritual_with_an_unsent_appreciation_asks_about_it_first(
    build_app, make_session, store
):
    session = make_session(cards=1)
    session.submit("Autumn")
    session.submit("Spring")
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(*"calm")
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Finish with words not sent?" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one(SecretBox).value == "calm"
        assert not session.finished


async def test_finishing_the_ritual_early_says_what_is_kept(build_app, make_session, store):
    session = make_session(cards=1)
    session.submit("Autumn")
    session.submit("Spring")
    session.submit("Your calm")
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+g")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "Ana's words are kept" in screen_text(app)
        await pilot.press("y")
        await pilot.pause()
        assert session.finished
        assert "Ana's words are kept" in banner_text(app)
        assert "Your calm" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert "Your calm" in screen_text(app)  # the summary agrees


# --- 6. a secret stays secret; "(said aloud)" only where it makes sense -----------------------


async def test_an_empty_hidden_answer_is_refused(build_app, make_session, store):
    session, app, size = await open_at(build_app, make_session, store, TO_KIND["guess"])
    async with app.run_test(size=size) as pilot:
        await send(pilot, "")
        assert session.step.kind is StepKind.ANSWER and session.step.private
        assert any("Write a few words" in m for m in messages(app))


async def test_an_exercise_done_without_words_is_not_said_aloud(build_app, make_session, store):
    _session, app, size = await open_at(build_app, make_session, store, TO_KIND["exercise"])
    async with app.run_test(size=size) as pilot:
        assert "said aloud" not in str(app.screen.query_one("#hint", Static).render())
        await send(pilot, "")
        assert "Together: (done together)" in screen_text(app)
        assert "said aloud" not in screen_text(app)


# --- 7. both answers stay in view until one key moves on -------------------------------------


async def test_both_answers_stay_in_view_until_space(build_app, make_session, store):
    _session, app, size = await open_at(build_app, make_session, store, ["Autumn"])
    async with app.run_test(size=size) as pilot:
        await send(pilot, "Spring")
        await pilot.press("enter")
        await pilot.pause()
        assert "Ana: Autumn" in screen_text(app) and "Ben: Spring" in screen_text(app)
        assert "Card complete" in banner_text(app)
        await pilot.press("space")
        await pilot.pause()
        assert banner_text(app) == "Ben shares; Ana listens"  # the mirror card
        assert "Autumn" not in screen_text(app)


# --- 8. exercises and exact guesses --------------------------------------------------------


async def test_the_follow_up_waits_for_the_timer_and_the_timer_waits_for_a_breather(
    build_app, make_session, store
):
    session = make_session()
    advance(session, TO_KIND["exercise"])
    card = session.current.card
    session.current.card = replace(card, follow_up="What did you notice?")
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        follow_up = app.screen.query_one("#follow-up")
        assert session.current.card.follow_up and not follow_up.display
        countdown = app.screen.query_one(Countdown)
        now = [100.0]
        countdown.clock = lambda: now[0]
        app.bell = lambda: None
        await pilot.press("ctrl+t")
        now[0] += 5
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BreatherScreen)
        assert not countdown.running
        now[0] += 60
        await pilot.press("enter")
        await pilot.pause()
        assert countdown.running and round(countdown.remaining) == 25
        now[0] += 30
        countdown.tick()
        await pilot.pause()
        assert follow_up.display


async def test_an_exact_guess_marks_spot_on_but_waits_for_the_lead(build_app, make_session, store):
    session, app, size = await open_at(
        build_app,
        make_session,
        store,
        [*TO_KIND["guess"], "Pizza on the roof!", "pizza ON the roof"],
    )
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert session.step.kind is StepKind.REVEAL
        first = app.screen.query("#choices Button").first()
        assert first.variant == "success"
        assert "words match" in str(app.screen.query_one("#hint", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert session.step.kind is StepKind.REVEAL


# --- 9. whose turn at every size; 11. roomy layout; 12. F1 ----------------------------------


async def test_the_turn_line_stays_visible_at_40x12(build_app, make_session, store):
    for inputs in TO_KIND.values():
        _session, app, _ = await open_at(build_app, make_session, store, inputs)
        async with app.run_test(size=(40, 12)) as pilot:
            await pilot.pause()
            banner = app.screen.query_one(TurnBanner)
            assert banner.region.height >= 1 and banner.region.y < 12
            assert (
                "Ana" in banner_text(app) or "Ben" in banner_text(app) or "Both" in banner_text(app)
            )


async def test_at_120x40_the_answer_box_sits_under_the_card(build_app, make_session, store):
    _session, app, _ = await open_at(build_app, make_session, store, [])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        card = app.screen.query_one("#card")
        box = app.screen.query_one(AnswerBox)
        assert box.region.y - card.region.bottom < 6
        await pilot.press("ctrl+f", "3")  # "A favorite of you both."
        await pilot.pause()
        await pilot.pause()
        assert messages(app) == ["A favorite of you both."]
        toast = app.screen.query_one("ToastRack").query("Toast").first()
        assert not toast.region.overlaps(box.region)


async def test_f1_lists_the_choices(build_app, make_session, store):
    _session, app, size = await open_at(
        build_app, make_session, store, [*TO_KIND["mirror"], "W", "R"]
    )
    async with app.run_test(size=size) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, KeysDialog)
        text = screen_text(app)
        assert "first choice" in text and "third choice" in text


# --- a double Enter never answers for the next step (found in the playtest) ------------------


async def double_enter(pilot, text: str) -> None:
    """Type `text` and press Enter twice, the second before the screen has moved on."""
    box = pilot.app.screen.query_one(AnswerBox)
    box.load_text(text)
    box.post_message(events.Key("enter", "\r"))
    box.post_message(events.Key("enter", "\r"))
    await pilot.pause()
    await pilot.pause()


async def test_a_double_enter_never_says_the_other_partners_answer_aloud(
    build_app, make_session, store
):
    session, app, size = await open_at(build_app, make_session, store, [])
    async with app.run_test(size=size) as pilot:
        await double_enter(pilot, "Autumn")
        assert [a.text for a in session.current.replies] == ["Autumn"]
        assert banner_text(app) == "Ben answers"
        await send(pilot, "")  # an empty Enter of its own is still "said aloud"
        await pilot.pause()
        assert "Card complete" in banner_text(app)


async def test_a_double_enter_on_an_exercise_keeps_the_look_back(build_app, make_session, store):
    session, app, size = await open_at(build_app, make_session, store, TO_KIND["exercise"])
    async with app.run_test(size=size) as pilot:
        await double_enter(pilot, "We laughed")
        assert "Card complete" in banner_text(app)
        assert session.current.card.kind != "exercise" or session.current.replies == []
        nxt = session.current
        assert nxt is None or not nxt.replies


async def test_a_swap_refused_anyway_never_asks_about_the_unsent_words(
    build_app, make_session, store
):
    session = make_session()
    session.add_note("Ask again later", 0)
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"half")
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not isinstance(app.screen, Confirm)
        assert "This card already has answers or notes; pass it instead." in messages(app)
        assert app.screen.query_one(AnswerBox).text == "half"


async def test_a_double_enter_in_the_ritual_says_nothing_to_the_next_partner(
    build_app, make_session, store
):
    session = make_session(cards=1)
    session.submit("Autumn")
    session.submit("Spring")
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        secret = app.screen.query_one(SecretBox)
        secret.value = "Your calm"
        await secret.action_submit()  # Enter, Enter: both sent before the screen moves on
        await secret.action_submit()
        await pilot.pause()
        await pilot.pause()
        assert [a.text for a in session.closing] == ["Your calm"]
        assert messages(app) == []
        assert "Ben, write" in banner_text(app)


async def test_a_double_enter_on_the_last_appreciation_keeps_the_reveal_quiet(
    build_app, make_session, store
):
    session = make_session(cards=1)
    advance(session, ["Autumn", "Spring", "Your calm"])
    app = build_app(session=session, save_path=store.save(session))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        secret = app.screen.query_one(SecretBox)
        secret.value = "Your laugh"
        await secret.action_submit()
        await secret.action_submit()
        await pilot.pause()
        await pilot.pause()
        assert session.finished
        assert messages(app) == []
        assert app.screen.query_one(Reveal).display


async def test_words_left_in_a_box_that_goes_away_never_reach_the_guesser(
    build_app, make_session, store
):
    """A hidden answer typed fast can leave words in the answer box as it hides; the guess
    box must start empty, never showing them to the guesser."""
    session, app, size = await open_at(build_app, make_session, store, TO_KIND["guess"])
    async with app.run_test(size=size) as pilot:
        assert session.step.private
        box = app.screen.query_one(AnswerBox)
        box.load_text("Rainy")  # as keys routed to it just before it hid would leave it
        box.typed_ahead = True
        secret = app.screen.query_one(SecretBox)
        secret.value = "Rainy"
        await pilot.press("enter")
        await pilot.pause()
        assert session.step.kind is StepKind.GUESS
        assert app.screen.query_one(AnswerBox).text == ""
        assert "Rainy" not in "".join(session.drafts.values())


async def test_no_take_back_into_a_card_once_space_moved_on(build_app, make_session, store):
    session, app, size = await open_at(build_app, make_session, store, [])
    async with app.run_test(size=size) as pilot:
        await send(pilot, "Autumn")
        await send(pilot, "Spring")
        assert app.screen.looking_back is not None
        keys = {b.action for (_, b, on, _) in app.screen.active_bindings.values() if on}
        assert "take_back" in keys  # the finished card is still on screen: it may be reopened
        await pilot.press("space")
        await pilot.pause()
        keys = {b.action for (_, b, on, _) in app.screen.active_bindings.values() if on}
        assert "take_back" not in keys
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert session.position == 1 and session.log[-1].type == "answer"
