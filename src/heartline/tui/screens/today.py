"""Today's card: one card a day, each partner answering privately, revealed when both have."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Button, Input, Static, TextArea

from heartline.cards import MAX_NAME
from heartline.couple import couple_key
from heartline.daily import Day, Drafts
from heartline.errors import ActionRefused, HeartlineError
from heartline.session import check_names
from heartline.text import one_line, sentence
from heartline.tui.screens.base import HeartlineScreen
from heartline.tui.screens.dialogs import Dialog
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.words import PARTNER_STYLES, safe


class WhoButton(Button, can_focus=False):
    """Chosen by its number or a click, never by an Enter."""


class TodayScreen(HeartlineScreen[None]):
    """Who's answering? Then their answer, sealed; both revealed once both exist."""

    DEFAULT_CSS = """
    TodayScreen {
        #today { padding: 1 2 0 2; height: 1fr; }
        #today-body { height: 1fr; }
        #today-card { border: round $accent; padding: 0 1; height: auto; margin-bottom: 1; }
        #today-state { height: auto; }
        #today-dock { height: auto; }
        #today-who { height: auto; margin-top: 1; }
        #today-who Button { margin-right: 2; }
        #today-answers { height: auto; margin-top: 1; }
        .revealed { width: 1fr; height: auto; border: round $primary; padding: 0 1; }
        #today-box { display: none; }
        #today-hint { color: $text-muted; }
    }
    TodayScreen.-short {
        #today { padding: 0 1; }
        #today-card { margin-bottom: 0; }
        #today-who { margin-top: 0; }
        #today-box { height: 3; }
    }
    """

    AUTO_FOCUS = None
    BINDINGS = [
        Binding("escape", "back", "back"),
        Binding("1", "who(0)", show=False),
        Binding("2", "who(1)", show=False),
        Binding("r", "reply", "reply"),
        Binding("ctrl+f", "star", "favorite"),
    ]

    def __init__(
        self, partners: tuple[str, str], shared: Path | None = None, day: str | None = None
    ) -> None:
        super().__init__()
        self.partners = partners
        self.shared = shared
        self.fixed_day = day  # tests show a given day; people see today
        self.day: Day | None = None
        self.writing: int | None = None  # whose words are in the box
        self._draft_timer: Timer | None = None
        self.choosing_reply = False  # after the reveal: r, then who is replying
        self._unsent = ""  # the words in the box, as last changed

    def compose(self) -> ComposeResult:
        from heartline.tui.widgets.answer_box import AnswerBox

        with Vertical(id="today"):
            yield Static(id="today-title", markup=False)
            # The card and what was said scroll; who answers and the box stay in view below,
            # at any size, as on the play screen.
            with VerticalScroll(id="today-body"):
                yield Static(id="today-card", markup=False)
                yield Static(id="today-state", markup=False)
                yield Horizontal(id="today-answers")
            with Vertical(id="today-dock"):
                yield Horizontal(id="today-who")
                yield AnswerBox(id="today-box")
                yield Static(id="today-hint", markup=False)
        yield KeysFooter()

    def on_resize(self) -> None:
        self.set_class(self.size.height < 16, "-short")

    def on_mount(self) -> None:
        self.reload()

    def on_unmount(self) -> None:
        self.keep_draft()

    # --- drafts: unsent words come back ------------------------------------------------

    @property
    def drafts(self) -> Drafts:
        return Drafts(self.workspace.data)

    def draft_key(self) -> str | None:
        if self.day is None or self.writing is None:
            return None
        kind = "reply" if self.day.revealed else "answer"
        return Drafts.key(
            couple_key(self.partners), self.day.day, self.partners[self.writing], kind
        )

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._unsent = event.text_area.text
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(0.4, self.keep_draft)

    def keep_draft(self) -> None:
        """Write the words in the box (as last changed) to this machine's drafts."""
        self._draft_timer = None
        key = self.draft_key()
        if key is not None:
            self.drafts.keep(key, self._unsent)

    def reload(self) -> None:
        try:
            found, skipped = self.workspace.today(self.partners, self.shared, self.fixed_day)
        except HeartlineError as failed:
            self.notify(failed.for_person(), severity="error", markup=False)
            return
        for problem in skipped:
            self.notify(
                f"{problem} (left as it is)",
                title="Skipped a file",
                severity="warning",
                markup=False,
            )
        self.day = found
        self.show()

    # --- showing ---------------------------------------------------------------------

    def show(self) -> None:
        day = self.day
        card_view = self.query_one("#today-card", Static)
        if day is None:
            card_view.update(Content("No deck has a card that can be today's card."))
            return
        a, b = (one_line(name) for name in self.partners)
        self.query_one("#today-title", Static).update(
            Content.assemble(
                ("Today's card", "bold"),
                f"  ·  {day.day}  ·  ",
                (a, PARTNER_STYLES[0]),
                " & ",
                (b, PARTNER_STYLES[1]),
            )
        )
        words = [safe(day.card.prompt).stylize("bold")]
        if day.card.kind == "guess":
            lead = one_line(self.partners[day.lead])
            other = one_line(self.partners[1 - day.lead])
            words.append(Content(f"A guess card: {lead} answers, {other} guesses {lead}'s answer."))
        card_view.update(Content("\n").join(words))
        self.show_state(day)
        self.show_answers(day)
        self.show_who(day)
        self.refresh_bindings()

    def show_state(self, day: Day) -> None:
        lines = []
        for partner in (0, 1):
            name = Content.styled(one_line(self.partners[partner]), PARTNER_STYLES[partner])
            said = (
                "answered"
                if day.revealed
                else "answered, sealed until you both have"
                if day.answered(partner)
                else "not yet"
            )
            lines.append(Content.assemble(name, f": {said}"))
        if day.revealed and day.starred_by:
            from heartline.tui.screens.play import star_words

            lines.append(Content(f"★ {star_words(self.partners, day.starred_by)}"))
        if day.elsewhere:
            lines.append(
                Content(
                    "(An answer was given to another card today before your folders met: it "
                    "is kept; today's card is this one.)"
                )
            )
        self.query_one("#today-state", Static).update(Content("\n").join(lines))

    def show_answers(self, day: Day) -> None:
        box = self.query_one("#today-answers", Horizontal)
        box.remove_children()
        box.display = day.revealed
        if not day.revealed:
            return
        panels = []
        for partner in (0, 1):
            role = ""
            if day.card.kind == "guess":
                role = " (answer)" if partner == day.lead else " (guess)"
            name = one_line(self.partners[partner])
            text = [
                Content.assemble((name, PARTNER_STYLES[partner]), role),
                safe(day.answers[partner].text),
            ]
            for reply in day.replies:
                if reply.by and reply.by == day.answers[partner].by:
                    text.append(Content.assemble(("replied: ", "italic"), safe(reply.text)))
            panels.append(Static(Content("\n").join(text), classes="revealed", markup=False))
        box.mount_all(panels)

    def asked_for(self, day: Day) -> str:
        """What the partner writing is asked for: on a guess card, one of them guesses."""
        if day.card.kind == "guess" and self.writing is not None and self.writing != day.lead:
            return f"guess of {one_line(self.partners[day.lead])}'s answer"
        return "answer"

    def show_who(self, day: Day) -> None:
        """The buttons asking who is answering (or replying), and the hint under them."""
        from heartline.tui.widgets.answer_box import AnswerBox

        who = self.query_one("#today-who", Horizontal)
        who.remove_children()
        hint = self.query_one("#today-hint", Static)
        answer_box = self.query_one(AnswerBox)
        if self.writing is not None:
            who.display = False
            answer_box.display = True
            name = one_line(self.partners[self.writing])
            hint.update(
                Content(
                    f"{name}, write your reply; Enter keeps it. Esc: not now."
                    if day.revealed
                    else f"{name}, write your {self.asked_for(day)}; Enter seals it: nobody sees "
                    "it, not even you, until you have both answered. Esc: not now (your words are "
                    "kept)."
                )
            )
            return
        answer_box.display = False
        replying = [0, 1] if self.choosing_reply else []
        waiting = replying if day.revealed else day.waiting_for()
        who.display = bool(waiting)
        buttons = [
            WhoButton(
                Content(f"{partner + 1}  {one_line(self.partners[partner])}"),
                action=f"screen.who({partner})",
                compact=True,
            )
            for partner in waiting
        ]
        who.mount_all(buttons)
        if day.revealed and self.choosing_reply:
            names = " or ".join(f"{p + 1} for {one_line(self.partners[p])}" for p in waiting)
            hint.update(Content(f"Who's replying? {names}. Esc: not now."))
        elif day.revealed:
            hint.update(Content("Both of you have answered. r: add a reply. Esc: back."))
        else:
            names = " or ".join(f"{p + 1} for {one_line(self.partners[p])}" for p in waiting)
            hint.update(Content(f"Who's answering? {names}. Esc: back."))

    # --- actions -----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        day = self.day
        if day is None:
            return action == "back"
        if action in {"reply", "star"}:
            return day.revealed and self.writing is None and not self.choosing_reply
        if action == "who":
            (partner,) = parameters
            if self.writing is not None:
                return False
            if day.revealed:
                return self.choosing_reply
            return not day.answered(int(str(partner)))
        return True

    def action_who(self, partner: int) -> None:
        self.start_writing(partner)

    def action_reply(self) -> None:
        if self.day is None or not self.day.revealed:
            return
        self.choosing_reply = True
        self.show_who(self.day)
        self.refresh_bindings()

    def action_star(self) -> None:
        """Whose favorite is today's card? As on a game's card: 1, 2 or 3 for both."""
        day = self.day
        if day is None or not day.revealed:
            return
        from heartline.tui.screens.play import star_words
        from heartline.tui.screens.star import Choice, StarDialog

        def star(choice: Choice) -> None:
            if choice is None or self.day is None:
                return
            (who,) = choice
            try:
                self.day = self.workspace.star_today(self.day, who, self.shared)
            except HeartlineError as failed:
                self.notify(failed.for_person(), severity="error", markup=False)
                return
            self.notify(star_words(self.partners, self.day.starred_by), timeout=3, markup=False)
            self.show()

        self.app.push_screen(StarDialog(self.partners, day.starred_by), star)

    def start_writing(self, partner: int) -> None:
        from heartline.tui.widgets.answer_box import AnswerBox

        self.choosing_reply = False
        self.writing = partner
        box = self.query_one(AnswerBox)
        key = self.draft_key()
        self._unsent = self.drafts.get(key) if key else ""
        box.load_text(self._unsent)
        box.move_cursor(box.document.end)
        if self.day is not None:
            self.show_who(self.day)
        self.set_focus(box)
        self.refresh_bindings()

    def on_answer_box_sent(self, event: object) -> None:
        from heartline.tui.widgets.answer_box import AnswerBox

        assert isinstance(event, AnswerBox.Sent)
        event.stop()
        if self.writing is None:
            return
        if not event.text.strip():
            event.box.give_back(event.text)
            self.notify("Write a few words first.", timeout=3, markup=False)
            return
        sent_key = self.draft_key()
        try:
            self.day = self.workspace.answer_today(
                self.partners, self.writing, event.text, self.shared, self.fixed_day
            )
        except HeartlineError as failed:
            event.box.give_back(event.text)
            self.notify(failed.for_person(), severity="error", markup=False)
            return
        name = one_line(self.partners[self.writing])
        revealed = self.day.revealed
        if sent_key is not None:
            self.drafts.keep(sent_key, "")
        self.writing = None
        self.set_focus(None)
        self.notify(
            f"Both of you have answered, {name}: here they are."
            if revealed
            else f"Sealed, {name}.",
            timeout=4,
            markup=False,
        )
        self.show()

    async def action_back(self) -> None:
        if self.choosing_reply:
            self.choosing_reply = False
            self.stop_writing()
            return
        if self.writing is not None:
            self.stop_writing()  # the words stay as a draft, for next time
            self.notify("Your words are kept here for when you come back.", timeout=3)
            return
        await self.app.run_action("app.back")

    def stop_writing(self) -> None:
        self.keep_draft()  # unsent words stay on this machine, for next time
        self.writing = None
        self.set_focus(None)
        if self.day is not None:
            self.show_who(self.day)
        self.refresh_bindings()


class NamesDialog(Dialog[tuple[str, str] | None]):
    """Who are you two? Asked once, when heartline doesn't know the couple yet."""

    BINDINGS = [Binding("escape", "cancel", "cancel")]

    def compose(self) -> ComposeResult:
        from heartline.tui.widgets.fields import SafeInput

        with Vertical(classes="dialog"):
            yield Static(Content.styled("Who are you two?", "bold"), classes="dialog-title")
            yield SafeInput(placeholder="First name", id="today-name-a", max_length=MAX_NAME)
            yield SafeInput(placeholder="Second name", id="today-name-b", max_length=MAX_NAME)
            yield Static(
                Content("Enter goes on. Today's card is for the two of you, every day."),
                classes="dialog-detail",
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        first = self.query_one("#today-name-a", Input).value
        second = self.query_one("#today-name-b", Input).value
        if event.input.id == "today-name-a" and not second.strip():
            self.query_one("#today-name-b", Input).focus()
            return
        try:
            names = check_names([first, second])
        except ActionRefused as refused:
            self.notify(sentence(str(refused)), severity="warning", markup=False)
            return
        self.dismiss(names)

    def action_cancel(self) -> None:
        self.dismiss(None)
