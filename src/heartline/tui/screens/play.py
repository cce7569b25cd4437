"""The play screen: one card, whose turn it is, what they are asked, and the answer box."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Static

from heartline.cards import Role
from heartline.session import Step, StepKind
from heartline.store import Autosave
from heartline.tui.screens.base import GameScreen
from heartline.tui.screens.breather import BreatherScreen
from heartline.tui.screens.dialogs import Confirm, NoteDialog
from heartline.tui.widgets.answer_box import AnswerBox, SecretBox
from heartline.tui.widgets.answers import AnswerList, Reveal, answer_text
from heartline.tui.widgets.card_view import CardView
from heartline.tui.widgets.countdown import Countdown
from heartline.tui.widgets.turn_banner import TurnBanner
from heartline.tui.words import banner, name

PLACEHOLDERS = {
    StepKind.ANSWER: "Type your answer and press Enter, or just press Enter if you said it aloud",
    StepKind.REFLECT: "In your own words, what did you hear? Enter sends; empty Enter = said aloud",
    StepKind.CLARIFY: "What would you add or put differently? Enter sends",
    StepKind.GUESS: "Your guess, then Enter",
    StepKind.EXERCISE: "Press Enter when you're done (write a note first if you like)",
}


class PlayScreen(GameScreen):
    """Plays the current session card by card; every action is saved before the view moves."""

    BINDINGS = [
        Binding("ctrl+o", "pass_card", "pass", priority=True),
        Binding("ctrl+s", "swap_card", "swap", priority=True),
        Binding("ctrl+f", "favorite", "favorite", priority=True),
        Binding("ctrl+n", "note", "note", priority=True),
        Binding("ctrl+b", "breather", "breathe", priority=True),
        Binding("ctrl+t", "timer", "timer", priority=True),
        Binding("ctrl+r", "restart_timer", "restart timer", priority=True, show=False),
        Binding("ctrl+g", "finish", "finish", priority=True),
        Binding("1", "choose(0)", show=False),
        Binding("2", "choose(1)", show=False),
        Binding("3", "choose(2)", show=False),
    ]

    def __init__(self, autosave: Autosave) -> None:
        super().__init__(autosave)
        self._shown_card: object = None

    def compose(self) -> ComposeResult:
        yield Static(id="status", markup=False)
        with VerticalScroll(id="play-body"):
            yield CardView(id="card")
            yield TurnBanner(id="banner")
            yield Countdown(id="countdown")
            yield AnswerList(id="answers")
            yield Reveal(id="reveal")
        with Vertical(id="answer-dock"):
            yield Horizontal(id="choices")
            yield AnswerBox(id="answer-box")
            yield SecretBox(id="secret-box")
            yield Static(id="hint", markup=False)
        yield Footer(show_command_palette=False, compact=True)

    def on_mount(self) -> None:
        self.show_state()

    # --- showing the state ---------------------------------------------------------------

    def show_state(self) -> None:
        """Draw the session as it is now; move on to the closing ritual when the cards end."""
        session = self.session
        slot = session.current
        if slot is None:
            from heartline.tui.screens.closing import ClosingScreen

            self.app.switch_screen(ClosingScreen(self.autosave))
            return
        step = session.step
        self.show_status()
        self.query_one(CardView).show(slot.card)
        self.query_one(TurnBanner).show(banner(session, step), step.partner)
        countdown = self.query_one(Countdown)
        if self._shown_card is not slot.card:
            self._shown_card = slot.card
            countdown.reset(slot.card.seconds or 0)
        countdown.display = bool(slot.card.seconds)
        shown = session.visible_answers(slot)
        if step.kind is StepKind.REVEAL:
            shown = slot.notes  # the answer and the guess are in the reveal panels
        self.query_one(AnswerList).show(session, slot, shown)
        self.show_reveal(step)
        self.show_input(step)
        self.refresh_bindings()

    def show_status(self) -> None:
        session = self.session
        slot = session.current
        parts = [f"card {session.position + 1} of {len(session.slots)}"]
        if slot is not None and slot.favorite:
            parts.append("★ favorite")
        failure = self.autosave.failure
        saved = (
            f"NOT SAVED ({failure.reason}); heartline will try again on your next action"
            if failure
            else "saved"
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

    def show_reveal(self, step: Step) -> None:
        reveal = self.query_one(Reveal)
        slot = self.session.current
        reveal.display = step.kind is StepKind.REVEAL and slot is not None
        if not reveal.display or slot is None:
            return
        answer = next(a for a in slot.replies if a.role is Role.ANSWER)
        guess = next(a for a in slot.replies if a.role is Role.GUESS)
        session = self.session
        reveal.show(
            (Content.assemble(name(session, answer.by), "'s answer"), answer_text(answer)),
            (Content.assemble(name(session, guess.by), "'s guess"), answer_text(guess)),
        )

    def show_input(self, step: Step) -> None:
        choices = self.query_one("#choices", Horizontal)
        box = self.query_one(AnswerBox)
        secret = self.query_one(SecretBox)
        hint = self.query_one("#hint", Static)
        choices.remove_children()
        choices.display = step.wants_choice
        box.display = not step.wants_choice and not step.private
        secret.display = step.private and not step.wants_choice
        if step.wants_choice:
            choices.mount_all(
                # No ids: the old buttons may still be on their way out when these arrive.
                Button(f"{index + 1} {choice.capitalize()}", action=f"screen.choose({index})")
                for index, choice in enumerate(step.choices)
            )
            hint.update(Content("Press 1, 2 or 3 (or click)."))
            self.call_after_refresh(self._focus_first_choice)
        elif step.private:
            secret.value = ""
            secret.placeholder = "Hidden answer: type it and press Enter"
            hint.update(Content("What you type shows as dots and stays hidden until the reveal."))
            secret.focus()
        else:
            box.clear()
            box.placeholder = PLACEHOLDERS.get(step.kind, "")
            hint.update(
                Content("Enter sends · empty Enter = said aloud · ctrl+j new line · F1 keys")
            )
            box.focus()

    def _focus_first_choice(self) -> None:
        buttons = self.query("#choices Button")
        if buttons:
            buttons.first().focus()

    # --- acting ----------------------------------------------------------------------

    def on_answer_box_sent(self, event: AnswerBox.Sent) -> None:
        event.stop()
        self.act(lambda: self.session.submit(event.text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.act(lambda: self.session.submit(event.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        slot = self.session.current
        if slot is None:
            return True
        if action == "pass_card" and not slot.card.skippable:
            return False
        if action == "swap_card":
            if not slot.card.skippable:
                return False
            return None if slot.answers else True
        if action in {"timer", "restart_timer"}:
            return bool(slot.card.seconds)
        if action == "choose":
            return self.session.step.wants_choice
        return True

    def action_choose(self, index: int) -> None:
        choices = self.session.step.choices
        if 0 <= index < len(choices):
            self.act(lambda: self.session.choose(choices[index]))

    def action_pass_card(self) -> None:
        self.act(self.session.pass_card)

    def action_swap_card(self) -> None:
        if self.act(self.session.swap_card):
            self.notify("Here's another card at the same level.", timeout=3, markup=False)

    def action_favorite(self) -> None:
        if self.act(self.session.favorite):
            slot = self.session.current
            on = slot is not None and slot.favorite
            self.notify(
                "Kept as a favorite." if on else "No longer a favorite.", timeout=3, markup=False
            )

    def action_note(self) -> None:
        step = self.session.step

        def keep(result: tuple[int | None, str] | None) -> None:
            if result is not None:
                author, text = result
                if self.act(lambda: self.session.add_note(text, author)):
                    self.notify("Note kept.", timeout=3, markup=False)

        self.app.push_screen(NoteDialog(self.session, step.partner), keep)

    def action_breather(self) -> None:
        self.app.push_screen(BreatherScreen())

    def action_timer(self) -> None:
        self.query_one(Countdown).toggle()

    def action_restart_timer(self) -> None:
        self.query_one(Countdown).restart()

    def action_finish(self) -> None:
        def finish(sure: bool | None) -> None:
            if sure:
                self.act(self.session.finish_early)

        self.app.push_screen(
            Confirm(
                "Finish for tonight?",
                "The cards left stay unplayed. You'll go to the closing ritual, where each of "
                "you says one thing you appreciate about the other.",
                yes="Finish",
                no="Keep playing",
            ),
            finish,
        )
