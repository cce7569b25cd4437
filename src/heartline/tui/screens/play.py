"""The play screen: one card, whose turn it is, what they are asked, and the answer box."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from heartline.cards import Role
from heartline.session import MAX_MIRROR_ROUNDS, Slot, Step, StepKind
from heartline.store import Autosave
from heartline.text import one_line
from heartline.tui.screens.base import GameScreen
from heartline.tui.screens.breather import BreatherScreen
from heartline.tui.screens.dialogs import Confirm, NoteDialog
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox
from heartline.tui.widgets.answers import AnswerLine, AnswerList, Reveal, answer_text
from heartline.tui.widgets.card_view import CardView
from heartline.tui.widgets.countdown import Countdown
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.widgets.turn_banner import TurnBanner
from heartline.tui.words import banner, name, safe, same_words, sentence

PLACEHOLDERS = {
    StepKind.ANSWER: "Type your answer and press Enter, or just press Enter if you said it aloud",
    StepKind.REFLECT: "In your own words, what did you hear? Enter sends; empty Enter = said aloud",
    StepKind.CLARIFY: "What would you add or put differently? Enter sends",
    StepKind.GUESS: "Your guess, then Enter",
    StepKind.EXERCISE: "Press Enter when you're done (write a note first if you like)",
}

# Where an empty Enter stands for words said out loud (never a secret or an exercise).
ALOUD_STEPS = {StepKind.ANSWER, StepKind.REFLECT, StepKind.CLARIFY, StepKind.GUESS}


class ContentNote(Static):
    """A deck's content note, said once, gently, above the session's first card from it."""

    DEFAULT_CSS = """
    ContentNote {
        display: none;
        height: auto;
        margin: 1 0 0 0;
        padding: 0 1;
        color: $text-muted;
        border-left: outer $accent;
    }
    """


# Seconds after a resumed game is on screen before its save's text is made ahead.
PREPARE_AFTER = 0.5


class PlayScreen(GameScreen):
    """Plays the current session card by card; every action is saved before the view moves."""

    DEFAULT_CSS = """
    /* Big terminals: the game's text keeps a readable line length, in the middle. */
    PlayScreen {
        #status {
            height: 1;
            padding: 0 1;
            background: $panel;
            color: $text;
        }
        align-horizontal: center;
        /* Header, turn line, card, answer and footer share one column of at most 110 cells. */
        #play-column { max-width: 112; height: 1fr; }
        #banner { margin: 1 1 0 1; }
        #play-body { height: 1fr; padding: 0 1; }
        #answer-dock { height: auto; padding: 0 1; }
        #play-column Footer { padding: 0 1; }
        /* Roomy terminals: the card and the answer box sit together, not at both ends. */
        &.-roomy #play-body { height: auto; max-height: 75%; }
        /* Short terminals (under 16 rows): no blank rows and a one-line answer box. */
        &.-short #banner { margin: 0 1; }
        &.-short CardView { margin-top: 0; }
        &.-short AnswerBox { height: 3; }
        /* ... and the timer stays in view above the card while the card's text scrolls. */
        &.-short #countdown { dock: top; margin-top: 0; }
        /* Messages appear at the top, never over the answer box. */
        ToastRack { dock: top; align: right top; margin-top: 1; margin-bottom: 0; }
        #choices { height: auto; }
        #choices Button { margin-right: 1; min-width: 12; }
        #hint { color: $text-muted; height: auto; max-height: 2; }
        &.-short #hint { display: none; }  /* F1 lists every key; the card needs the rows */
    }
    """

    # An empty Enter this soon after a turn comes on screen is the second press of a double
    # Enter (a keyboard's repeat, a terminal that sends two), not a partner who said their
    # answer aloud: nobody says anything aloud that fast. It is held, and a second Enter
    # sends it. The tests that send empty answers at machine speed set it to 0.
    ALOUD_AFTER = 0.6

    # The step in view decides what has focus (show_input): focusing the first widget
    # first would draw the footer's keys twice before the first frame.
    AUTO_FOCUS = ""

    BINDINGS = [
        Binding("space", "next_card", "next card"),
        Binding("ctrl+e", "take_back", "take back", priority=True),
        Binding("ctrl+o", "pass_card", "pass", priority=True),
        Binding("ctrl+r", "swap_card", "swap", priority=True),
        Binding("ctrl+f", "favorite", "favorite", priority=True),
        Binding("ctrl+n", "note", "note", priority=True),
        Binding("ctrl+b", "breather", "breathe", priority=True),
        Binding("ctrl+t", "timer", "timer", priority=True),
        Binding("ctrl+g", "finish", "finish", priority=True),
        # Only these keys (or a click) choose: never an Enter meant for the step before.
        Binding("1", "choose(0)", "first choice (when asked to choose)", show=False),
        Binding("2", "choose(1)", "second choice", show=False),
        Binding("3", "choose(2)", "third choice", show=False),
    ]

    def __init__(self, autosave: Autosave) -> None:
        super().__init__(autosave)
        self._shown_card: object = None
        # The card just finished, kept in view with its answers until a key moves on. A
        # resumed game opens on the step asked now, not on the look back at the last card
        # (set here, so the first keys the footer draws are already the step's).
        self._moved_on: Slot | None = self.session.last_finished
        # The step in the answer box and when it came on screen: an Enter pressed before
        # then (the second of a double Enter) belongs to the step before.
        self._asked: str | None = None
        self._asked_at = 0.0
        self._held_aloud: str | None = None  # the step whose too-soon empty Enter was held
        self._notes: dict[str, str | None] = {}  # each deck's content note, by id, once found

    def compose(self) -> ComposeResult:
        # One column, header and footer included, so everything lines up on wide terminals.
        with Vertical(id="play-column"):
            yield Static(id="status", markup=False)
            # Outside the scrolling body: whose turn it is stays in view at any size.
            yield TurnBanner(id="banner")
            with VerticalScroll(id="play-body"):
                yield ContentNote(id="content-note", markup=False)
                yield CardView(id="card")
                yield Countdown(id="countdown")
                yield AnswerList(id="answers")
                yield Reveal(id="reveal")
            with Vertical(id="answer-dock"):
                yield Horizontal(id="choices")
                yield AnswerBox(id="answer-box")
                yield SecretBox(id="secret-box")
                yield Static(id="hint", markup=False)
            yield KeysFooter(show_command_palette=False, compact=True)

    def on_resize(self) -> None:
        # Roomy terminals: the answer box sits under the card, not at the far bottom.
        self.set_class(self.size.width >= 100 and self.size.height >= 36, "-roomy")
        # Short terminals: a smaller answer box and no blank lines, so the card shows.
        self.set_class(self.size.height < 16, "-short")

    def on_mount(self) -> None:
        self.show_state()
        if self.session.log:
            # A resumed game: ready its save's text while the partners read the screen.
            from heartline.save_format import prepare

            # Once the screen is drawn: the thread would take turns with the first paint
            # (after one refresh, only part of it is on screen), and nobody reads a card and
            # answers it in under a second.
            self.set_timer(
                PREPARE_AFTER,
                partial(
                    self.run_worker, partial(prepare, self.session), thread=True, name="prepare"
                ),
            )

    # --- showing the state ---------------------------------------------------------------

    @property
    def looking_back(self) -> Slot | None:
        """The card just completed, while its answers stay in view (until space)."""
        finished = self.session.last_finished
        return finished if finished is not None and finished is not self._moved_on else None

    @property
    def card_index(self) -> int:
        """The card on screen, which a note or a star is for: during the look back, the card
        just finished, not the next one."""
        looking = self.looking_back
        if looking is not None:
            return next(i for i, slot in enumerate(self.session.slots) if slot is looking)
        return self.session.card_in_view

    def show_state(self) -> None:
        """Draw the session as it is now; move on to the closing ritual when the cards end."""
        session = self.session
        if self.looking_back is not None:
            self.show_look_back(self.looking_back)
            return
        slot = session.current
        if slot is None:
            from heartline.tui.screens.closing import ClosingScreen

            self.app.switch_screen(ClosingScreen(self.autosave))
            return
        step = session.step
        self.show_status()
        self.show_content_note(slot)
        self.query_one(CardView).show(slot.card)
        self.query_one(TurnBanner).show(banner(session, step), step.partner)
        countdown = self.query_one(Countdown)
        if self._shown_card is not slot.card:
            self._shown_card = slot.card
            countdown.reset(slot.card.seconds or 0)
        countdown.display = bool(slot.card.seconds)
        self.show_follow_up(slot, done=False)
        shown = session.visible_answers(slot)
        if step.kind is StepKind.REVEAL:
            shown = slot.notes  # the answer and the guess are in the reveal panels
        self.query_one(AnswerList).show(session, slot, shown)
        self.show_reveal(step, slot)
        self.show_input(step)
        self.refresh_bindings()
        self.follow_latest()

    def show_look_back(self, slot: Slot) -> None:
        """Both answers of the card just finished, in view until the partners press space."""
        session = self.session
        self._asked, self._asked_at = None, Message().time  # an Enter before this is stale
        self.show_status(slot)
        self.show_content_note(None)
        self.query_one(CardView).show(slot.card)
        self.show_follow_up(slot, done=True)
        self.query_one(Countdown).display = False
        words = Content("Card complete. Take a moment with your answers; space goes on.")
        replies = slot.replies
        if (
            slot.card.kind == "mirror"
            and replies[-1].role is Role.RATING
            and replies[-1].text != "yes"
        ):
            words = Content(
                f"That's {MAX_MIRROR_ROUNDS} tries, and this card is complete. Come back to it "
                "any time. Space goes on."
            )
        self.query_one(TurnBanner).show(words, None)
        guess = slot.card.kind == "guess"
        shown = (
            [a for a in slot.answers if a.role not in {Role.ANSWER, Role.GUESS}]
            if guess
            else slot.answers
        )
        self.query_one(AnswerList).show(session, slot, shown)
        self.show_reveal(StepKind.REVEAL if guess else StepKind.DONE, slot)
        self.query_one("#choices", Horizontal).display = False
        self.query_one(AnswerBox).display = False
        self.query_one(SecretBox).display = False
        onward = "next card" if session.current is not None else "on to your closing words"
        self.query_one("#hint", Static).update(
            Content(f"Space: {onward} · ctrl+e takes the last answer back · F1 keys")
        )
        self.set_focus(None)
        self.refresh_bindings()
        self.follow_latest()

    def content_note(self, slot: Slot) -> str | None:
        """The content note of the slot's deck when this is the session's first card from
        that deck; None for any later card, or a deck without a note."""
        slots = self.session.slots
        index = next(i for i, other in enumerate(slots) if other is slot)
        deck_id = slot.card.deck
        if any(other.card.deck == deck_id for other in slots[:index]):
            return None
        if deck_id not in self._notes:
            # Only here, for a deck's first card: a game resumed past it never reads decks.
            report = self.workspace.library.reports.get(deck_id)
            deck = report.deck if report is not None else None
            self._notes[deck_id] = deck.content_note if deck is not None else None
        return self._notes[deck_id]

    def show_content_note(self, slot: Slot | None) -> None:
        widget = self.query_one(ContentNote)
        note = self.content_note(slot) if slot is not None else None
        widget.display = bool(note)
        if slot is not None and note:
            widget.update(
                Content.assemble(
                    ("About this deck: ", "bold"),
                    safe(one_line(note)),
                    " Passing is always fine." if slot.card.skippable else "",
                )
            )

    def show_follow_up(self, slot: Slot, *, done: bool) -> None:
        """A timed card's follow-up question comes once the time is up or the card is done."""
        countdown = self.query_one(Countdown)
        timed = bool(slot.card.seconds)
        self.query_one(CardView).show_follow_up(not timed or done or countdown.ended)

    def follow_latest(self) -> None:
        """Keep the newest line in view: the reflection being judged, the share to clarify."""
        body = self.query_one("#play-body", VerticalScroll)

        def follow() -> None:
            reveal = self.query_one(Reveal)
            lines = self.query(AnswerLine)
            if reveal.display:
                body.scroll_to_widget(reveal, animate=False, immediate=True, top=False)
            elif lines:
                body.scroll_to_widget(lines.last(), animate=False, immediate=True, top=False)
            else:
                body.scroll_home(animate=False, immediate=True)  # the card's prompt first

        self.call_after_refresh(follow)

    def on_countdown_ended(self, event: Countdown.Ended) -> None:
        slot = self.session.current
        if slot is not None and self.looking_back is None:
            self.show_follow_up(slot, done=False)
            self.follow_latest()

    def action_next_card(self) -> None:
        self._moved_on = self.looking_back
        self.show_state()

    def show_status(self, slot: Slot | None = None) -> None:
        session = self.session
        slot = slot or session.current
        index = session.slots.index(slot) if slot is not None else session.position
        parts = [f"card {index + 1} of {len(session.slots)}"]
        if slot is not None and slot.favorite:
            parts.append("★ favorite")
        failure = self.autosave.failure
        saved = (
            # Short enough for 80 columns; the notice beside it says the rest.
            f"NOT SAVED ({failure.reason}), will retry" if failure else "saved"
        )
        self.query_one("#status", Static).update(
            Content.assemble(
                name(session, 0),
                " & ",
                name(session, 1),
                "  ·  ",
                " · ".join(parts),
                "  ·  ",
                (saved, "bold $text-error" if failure else "$text-muted"),
            )
        )

    def show_reveal(self, kind: Step | StepKind, slot: Slot | None) -> None:
        reveal = self.query_one(Reveal)
        kind = kind.kind if isinstance(kind, Step) else kind
        reveal.display = kind is StepKind.REVEAL and slot is not None
        if not reveal.display or slot is None:
            return
        answer = next(a for a in slot.replies if a.role is Role.ANSWER)
        guess = next(a for a in slot.replies if a.role is Role.GUESS)
        session = self.session
        reveal.show(
            (Content.assemble(name(session, answer.by), "'s answer"), answer_text(answer, slot)),
            (Content.assemble(name(session, guess.by), "'s guess"), answer_text(guess, slot)),
        )

    def show_input(self, step: Step) -> None:
        if self.session.draft_key != self._asked:
            self._asked = self.session.draft_key
            self._asked_at = Message().time  # the clock every message is stamped with
        choices = self.query_one("#choices", Horizontal)
        box = self.query_one(AnswerBox)
        secret = self.query_one(SecretBox)
        hint = self.query_one("#hint", Static)
        choices.remove_children()
        choices.display = step.wants_choice
        shown_before: dict[AnswerBox | SecretBox, bool] = {
            box: box.display,
            secret: secret.display,
        }
        box.display = not step.wants_choice and not step.private
        secret.display = step.private and not step.wants_choice
        # Words typed ahead carry over only in a box that stays on screen. A box this step
        # doesn't use, or one that was hidden, is emptied: words that reached it while it
        # was going away (a fast typist) must never turn up later, least of all in the
        # guesser's box after a hidden answer.
        for input_box, before in shown_before.items():
            if not (input_box.display and before):
                input_box.forget()
        if step.wants_choice:
            suggested = self.suggested_choice(step)
            buttons = [
                # No ids: the old buttons may still be on their way out when these arrive.
                Button(
                    # The suggestion is marked by a sign too, not by its colour alone.
                    f"{index + 1} {choice.capitalize()}" + (" ✓" if index == suggested else ""),
                    action=f"screen.choose({index})",
                    variant="success" if index == suggested else "default",
                )
                for index, choice in enumerate(step.choices)
            ]
            for button in buttons:
                # Never focused: an Enter meant for the step before must not choose (D1).
                button.can_focus = False
            choices.mount_all(buttons)
            if suggested is not None:
                hint.update(
                    Content("The words match, so 1 Spot on is marked. Press 1, 2 or 3 to choose.")
                )
            else:
                hint.update(Content("Press 1, 2 or 3 (or click) to choose. F1 lists every key."))
            self.set_focus(None)
        elif step.private:
            secret.refill(self.draft_text())  # unsent words come back
            secret.placeholder = "Hidden answer: type it and press Enter"
            hint.update(Content("What you type shows as dots and stays hidden until the reveal."))
            self.set_focus(secret)  # now: a deferred focus() could land after a later step
        else:
            box.refill(self.draft_text())  # unsent words come back
            box.placeholder = PLACEHOLDERS.get(step.kind, "")
            aloud = step.kind in ALOUD_STEPS and step.partner is not None
            hint.update(
                Content(
                    "Enter sends · empty Enter = said aloud · ctrl+j new line · F1 keys"
                    if aloud
                    else "Enter sends · ctrl+j new line · F1 keys"
                )
            )
            self.set_focus(box)  # now: a deferred focus() could land after a later step

    def suggested_choice(self, step: Step) -> int | None:
        """On a guess's reveal, `spot on` when the guess has the answer's very words."""
        slot = self.session.current
        if step.kind is not StepKind.REVEAL or slot is None:
            return None
        answer = next((a for a in slot.replies if a.role is Role.ANSWER), None)
        guess = next((a for a in slot.replies if a.role is Role.GUESS), None)
        if answer is None or guess is None or not same_words(answer.text, guess.text):
            return None
        return 0

    def notify(self, message: str, **kwargs: object) -> None:
        """Every message on this screen reads as a sentence."""
        super().notify(sentence(message), **kwargs)  # type: ignore[arg-type]

    # --- acting ----------------------------------------------------------------------

    def meant_for_the_step_before(self, text: str, sent_at: float) -> bool:
        """An Enter pressed before this step was on screen never answers it (a double Enter
        would say "said aloud" for the other partner, or skip the look back at the card)."""
        if sent_at >= self._asked_at:
            return False
        return self.looking_back is not None or not text.strip()

    def on_answer_box_sent(self, event: AnswerBox.Sent) -> None:
        event.stop()
        if self.meant_for_the_step_before(event.text, event.time):
            if event.text:
                event.box.give_back(event.text)  # typed ahead: kept for the next step
            return
        if self.too_soon_to_say_aloud(event.text, event.time):
            return
        if not self.act(lambda: self.session.submit(event.text)):
            event.box.give_back(event.text)

    def too_soon_to_say_aloud(self, text: str, sent_at: float) -> bool:
        """Hold an empty Enter pressed right after the turn came on screen (see ALOUD_AFTER),
        once per step, and say how to send it."""
        if text.strip() or sent_at - self._asked_at >= self.ALOUD_AFTER:
            return False
        if self._held_aloud == self._asked:
            return False  # pressed again: they did say it aloud
        self._held_aloud = self._asked
        self.query_one("#hint", Static).update(
            Content("Said it aloud? Press Enter again. (Two Enters at once count as one.)")
        )
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.meant_for_the_step_before(event.value, event.time):
            if event.value and isinstance(event.input, SecretBox):
                event.input.give_back(event.value)
            return
        if not self.act(lambda: self.session.submit(event.value)) and isinstance(
            event.input, SecretBox
        ):
            event.input.give_back(event.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_back":
            return self.takeback_on_screen
        looking = self.looking_back is not None
        if action == "next_card":
            return looking
        slot = self.session.current
        if looking:
            return action in {"favorite", "note", "breather", "finish"}
        if slot is None:
            return True
        if action in {"pass_card", "swap_card"} and not slot.card.skippable:
            return False
        if action == "timer":
            return bool(slot.card.seconds)
        if action == "choose":
            return self.session.step.wants_choice
        # A swap once answered is refused with its reason (never a silently dimmed key).
        return True

    def action_choose(self, index: int) -> None:
        choices = self.session.step.choices
        if 0 <= index < len(choices):
            self.act(lambda: self.session.choose(choices[index]))

    @property
    def takeback_on_screen(self) -> bool:
        """Whether the answer that could be taken back is on a card still on screen: the
        card in play, or the card just finished while its answers stay in view. Once space
        moved on, that card is closed."""
        target = self.session.takeback_target
        if target is None:
            return False
        index, _ = target
        looking = self.looking_back
        if looking is not None:
            return self.session.slots[index] is looking
        return index == self.session.position

    def action_take_back(self) -> None:
        target = self.session.takeback_target
        if target is None or not self.takeback_on_screen:
            return
        _, answer = target
        # Words being typed by the partner whose turn it is now stay as their draft.
        self.session.keep_draft(self.session.draft_key, self.unsent_text())
        if self.act(self.session.take_back):
            who = self.session.partners[answer.by] if answer.by is not None else "Both"
            self.notify(f"{who}, your answer is back in the box to edit.", timeout=3)

    def ask_before_dropping(self, what: str, go: Callable[[], None]) -> None:
        """Go on at once, or ask first when the box holds words not sent yet."""
        if not self.unsent_text().strip():
            go()
            return

        def answer(sure: bool | None) -> None:
            if sure:
                self.session.keep_draft(self.session.draft_key, "")
                go()

        self.app.push_screen(
            Confirm(
                f"{what.capitalize()} with words not sent?",
                f"What is in the box has not been sent. If you {what}, it is let go.",
                yes=what.capitalize(),
                no="Keep writing",
            ),
            answer,
        )

    def action_pass_card(self) -> None:
        def go() -> None:
            keeps = self.session.passing_keeps_answers
            if self.act(self.session.pass_card) and keeps:
                self.notify("Moved on. Your answers are kept: played, not rated.", timeout=3)

        self.ask_before_dropping("pass", go)

    def action_swap_card(self) -> None:
        def go() -> None:
            if self.act(self.session.swap_card):
                self.notify("Here's another card at the same level.", timeout=3)

        slot = self.session.current
        if slot is not None and slot.answers:
            # Refused anyway (answers or notes): say why at once, never ask about the words.
            go()
            return
        self.ask_before_dropping("swap", go)

    def action_favorite(self) -> None:
        """Ask whose favorite the card is: a star is each partner's own, never given for
        the other."""
        from heartline.tui.screens.star import Choice, StarDialog

        index = self.card_index
        slot = self.session.slots[index]

        def star(choice: Choice) -> None:
            if choice is None:
                return
            (who,) = choice
            if self.act(lambda: self.session.favorite(index, by=who)):
                self.notify(star_words(self.session.partners, slot.stars), timeout=3, markup=False)

        self.app.push_screen(StarDialog(self.session.partners, slot.stars), star)

    def action_note(self) -> None:
        step = self.session.step

        index = self.card_index
        draft = self.session.note_key(index)

        def keep(result: tuple[int | None, str] | None) -> None:
            if result is not None:
                author, text = result
                if self.act(lambda: self.session.add_note(text, author, index)):
                    self.notify("Note kept.", timeout=3, markup=False)

        self.app.push_screen(
            NoteDialog(
                self.session, step.partner, lambda text: self.keep_draft(text, draft), draft
            ),
            keep,
        )

    def action_breather(self) -> None:
        countdown = self.query_one(Countdown)
        running = countdown.running
        if running:
            countdown.toggle()  # the timer waits while you breathe

        def back(_: None) -> None:
            if running and not countdown.running:
                countdown.toggle()

        self.app.push_screen(BreatherScreen(), back)

    def action_timer(self) -> None:
        self.query_one(Countdown).toggle()

    def action_finish(self) -> None:
        self.ask_to_finish(
            "Finish for tonight?",
            "The cards left stay unplayed. You'll go to the closing ritual, where each of "
            "you says one thing you appreciate about the other.",
            keep_going="Keep playing",
        )


def star_words(partners: tuple[str, str], stars: set[int]) -> str:
    """What a card's stars are now, in words."""
    if len(stars) == 2:
        return "A favorite of you both."
    if stars:
        return f"One of {one_line(partners[next(iter(stars))])}'s favorites."
    return "No longer a favorite."
