"""The closing ritual: each partner writes one thing they appreciate, then both are revealed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Input, Static

from heartline.session import StepKind
from heartline.tui.screens.base import GameScreen
from heartline.tui.widgets.answer_box import SecretBox
from heartline.tui.widgets.answers import Reveal, answer_text
from heartline.tui.widgets.keys_footer import KeysFooter
from heartline.tui.widgets.turn_banner import TurnBanner
from heartline.tui.words import banner, name, sentence

INTRO = (
    "Before you go, each of you writes one thing you appreciate about the other. "
    "It stays hidden until you've both written yours. A few words are plenty."
)


class ClosingScreen(GameScreen):
    """Two hidden appreciations, then the reveal."""

    DEFAULT_CSS = """
    /* Closing and summary: one column of at most 110 cells, footer included. */
    ClosingScreen {
        align-horizontal: center;
        #closing-column { max-width: 114; height: 1fr; }
        #closing-column Footer { padding: 0 2; }
        #closing-body { padding: 1 2; }
        #closing-title, #closing-intro { margin-bottom: 1; }
        #secret-box, #to-summary { margin-top: 1; }
    }
    """

    BINDINGS = [
        Binding("ctrl+g", "skip", "skip this", priority=True),
        Binding("space", "summary", "see your summary"),
    ]

    def compose(self) -> ComposeResult:
        # One column, footer included, so the keys line up with the words on wide terminals.
        with Vertical(id="closing-column"):
            with VerticalScroll(id="closing-body"):
                yield Static(Content.styled("Closing ritual", "bold"), id="closing-title")
                yield Static(Content(INTRO), id="closing-intro")
                yield TurnBanner(id="banner")
                yield SecretBox(id="secret-box", placeholder="One thing you appreciate, then Enter")
                yield Reveal(id="reveal")
                with Center():
                    button = Button(
                        "See your summary (space)",
                        id="to-summary",
                        variant="primary",
                        action="screen.summary",
                    )
                    # Never focused: an extra Enter after the last appreciation keeps the reveal.
                    button.can_focus = False
                    yield button
            yield KeysFooter(show_command_palette=False)

    # The partner asked and when that came on screen: an empty Enter pressed before then
    # (the second of a double Enter) belongs to the appreciation before.
    _asked: str | None = None
    _asked_at = 0.0

    def on_mount(self) -> None:
        self.show_state()

    def show_state(self) -> None:
        session = self.session
        step = session.step
        done = step.kind is StepKind.DONE
        banner_widget = self.query_one(TurnBanner)
        secret = self.query_one(SecretBox)
        reveal = self.query_one(Reveal)
        button = self.query_one("#to-summary", Button)
        self.query_one("#closing-intro").display = not done
        secret.display = not done
        reveal.display = done and len(session.closing) == 2
        button.display = done
        if session.draft_key != self._asked or done:
            self._asked = session.draft_key
            self._asked_at = Message().time  # the clock every message is stamped with
        if not done:
            banner_widget.show(banner(session, step), step.partner)
            secret.refill(self.draft_text())  # unsent words come back
            self.set_focus(secret)  # now: a deferred focus() could land after a later step
        else:
            if len(session.closing) == 2:
                banner_widget.show(Content("What you appreciate about each other:"), None)
                first, second = session.closing
                reveal.show(
                    (
                        Content.assemble(
                            name(session, first.by), " about ", name(session, second.by)
                        ),
                        answer_text(first),
                    ),
                    (
                        Content.assemble(
                            name(session, second.by), " about ", name(session, first.by)
                        ),
                        answer_text(second),
                    ),
                )
            elif session.closing:
                (kept,) = session.closing
                assert kept.by is not None
                banner_widget.show(
                    Content.assemble(
                        "You finished before both of you wrote one. ",
                        name(session, kept.by),
                        "'s words are kept:",
                    ),
                    None,
                )
                reveal.display = True
                reveal.show_one(
                    Content.assemble(name(session, kept.by), " about ", name(session, 1 - kept.by)),
                    answer_text(kept),
                )
            else:
                banner_widget.show(Content("You finished without the closing ritual."), None)
            self.set_focus(None)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return not self.session.finished
        if action == "summary":
            return self.session.finished
        return True

    def notify(self, message: str, **kwargs: object) -> None:
        """Every message on this screen reads as a sentence."""
        super().notify(sentence(message), **kwargs)  # type: ignore[arg-type]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value.strip() and event.time < self._asked_at:
            return  # a double Enter: never a refusal aimed at the next partner or the reveal
        if not self.act(lambda: self.session.submit(event.value)) and isinstance(
            event.input, SecretBox
        ):
            event.input.give_back(event.value)

    def action_summary(self) -> None:
        from heartline.tui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.autosave))

    def action_skip(self) -> None:
        session = self.session
        if session.closing:
            first = session.partners[session.closing[0].by or 0]
            detail = (
                f"{first}'s words are kept: they are shown now, and they stay in the "
                "summary and the journal. The session ends here."
            )
        else:
            detail = "Nothing is written yet. The session ends here, with its cards as played."
        if self.unsent_text().strip():
            detail = detail.replace("Nothing is written yet. ", "")
        self.ask_to_finish("Finish without the ritual?", detail, keep_going="Keep going")
