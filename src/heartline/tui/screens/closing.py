"""The closing ritual: each partner writes one thing they appreciate, then both are revealed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Static

from heartline.session import StepKind
from heartline.tui.screens.base import GameScreen
from heartline.tui.widgets.answer_box import SecretBox
from heartline.tui.widgets.answers import Reveal, answer_text
from heartline.tui.widgets.turn_banner import TurnBanner
from heartline.tui.words import banner, name

INTRO = (
    "Before you go, each of you writes one thing you appreciate about the other. "
    "It stays hidden until you've both written yours. A few words are plenty; "
    "press Enter on an empty box if you'd rather say it out loud."
)


class ClosingScreen(GameScreen):
    """Two hidden appreciations, then the reveal."""

    BINDINGS = [Binding("ctrl+g", "skip", "skip this", priority=True)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="closing-body"):
            yield Static(Content.styled("Closing ritual", "bold"), id="closing-title")
            yield Static(Content(INTRO), id="closing-intro")
            yield TurnBanner(id="banner")
            yield SecretBox(id="secret-box", placeholder="One thing you appreciate, then Enter")
            yield Reveal(id="reveal")
            with Center():
                yield Button(
                    "See your summary", id="to-summary", variant="primary", action="screen.summary"
                )
        yield Footer(show_command_palette=False)

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
        if not done:
            banner_widget.show(banner(session, step), step.partner)
            secret.value = ""
            secret.focus()
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
            else:
                banner_widget.show(Content("You finished without the closing ritual."), None)
            button.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "skip":
            return not self.session.finished
        return True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.act(lambda: self.session.submit(event.value))

    def action_summary(self) -> None:
        from heartline.tui.screens.summary import SummaryScreen

        self.app.switch_screen(SummaryScreen(self.autosave))

    def action_skip(self) -> None:
        self.act(self.session.finish_early)
