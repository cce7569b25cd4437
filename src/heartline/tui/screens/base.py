"""What every heartline screen shares: a typed way to reach the app."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar, cast

from textual.screen import Screen
from textual.timer import Timer

from heartline.errors import ActionRefused
from heartline.store import Autosave

if TYPE_CHECKING:
    # The answer boxes pull in Textual's TextArea (and tree-sitter): the home screen, which
    # shares this module, must not pay for them at start-up, so they are imported when used.
    from textual.widgets import Input, TextArea

    from heartline.tui.app import HeartlineApp
    from heartline.workspace import Workspace

Result = TypeVar("Result")


class HeartlineScreen(Screen[Result], Generic[Result]):
    @property
    def heartline(self) -> HeartlineApp:
        return cast("HeartlineApp", self.app)

    @property
    def workspace(self) -> Workspace:
        """Where every screen gets its data: decks, saves, the journal."""
        return self.heartline.workspace


# Unsent words are written to the save this long after they change (at most), so anything
# typed a second before a crash is back in the box on resume.
DRAFT_SAVE_DELAY = 0.4


class GameScreen(HeartlineScreen[None]):
    """A screen of a game in play: every action goes through `act`, saved before redrawing.

    What a partner is typing and hasn't sent is a draft: kept in the session as it changes,
    written with the save's atomic guarantees a moment later (and at once on quit), and put
    back in the box when the same step is shown again, after a resume too.
    """

    def __init__(self, autosave: Autosave) -> None:
        super().__init__()
        self.autosave = autosave
        self.session = autosave.session
        self._draft_timer: Timer | None = None

    # --- drafts ----------------------------------------------------------------------

    def draft_text(self) -> str:
        """The unsent words of the current step (what goes back in its box)."""
        return self.session.drafts.get(self.session.draft_key, "")

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        from heartline.tui.widgets.answer_box import AnswerBox

        if isinstance(event.text_area, AnswerBox) and event.text_area.display:
            self.keep_draft(event.text_area.text)

    def on_input_changed(self, event: Input.Changed) -> None:
        from heartline.tui.widgets.answer_box import SecretBox

        if isinstance(event.input, SecretBox) and event.input.display:
            self.keep_draft(event.value)

    def keep_draft(self, text: str, key: str | None = None) -> None:
        """Keep unsent words (of the current step, unless `key` says where) and save soon."""
        session = self.session
        if session.finished or not session.keep_draft(key or session.draft_key, text):
            return
        if self._draft_timer is None:
            self._draft_timer = self.set_timer(DRAFT_SAVE_DELAY, self._write_draft)

    def _write_draft(self) -> None:
        self._draft_timer = None
        self.autosave.save()  # a failure is kept on the autosave and said at the next action

    def keep_note_draft(self, text: str) -> None:
        """The note dialog's unsent words, kept like an answer's."""
        self.keep_draft(text, self.session.note_draft_key)

    def shown_text(self) -> str | None:
        """What is in the answer box on screen now, sent or not; None when none shows."""
        from heartline.tui.widgets.answer_box import AnswerBox, SecretBox

        for box in self.query(AnswerBox):
            if box.display:
                return box.text
        for secret in self.query(SecretBox):
            if secret.display:
                return secret.value
        return None

    def unsent_text(self) -> str:
        """What is typed in the box showing now and not sent yet."""
        return self.shown_text() or ""

    def flush_draft(self) -> None:
        """Keep what is in the box right now (its last keys may not have been reported yet)."""
        text = self.shown_text()
        if text is not None:
            self.keep_draft(text)

    def ask_to_finish(self, title: str, detail: str, keep_going: str) -> None:
        """Finish early, once the partners say so; words in the box are named in the
        question, never silently left behind."""
        from heartline.tui.screens.dialogs import Confirm

        unsent = bool(self.unsent_text().strip())
        if unsent:
            detail = f"What is in the box has not been sent. If you finish, it is let go. {detail}"
        session = self.session

        def finish(sure: bool | None) -> None:
            if sure:
                if unsent:
                    session.keep_draft(session.draft_key, "")
                self.act(session.finish_early)

        self.app.push_screen(
            Confirm(
                "Finish with words not sent?" if unsent else title,
                detail,
                yes="Finish",
                no="Keep writing" if unsent else keep_going,
            ),
            finish,
        )

    def show_state(self) -> None:
        raise NotImplementedError

    def act(self, action: Callable[[], object]) -> bool:
        """Do one engine action, save, then redraw. False when the engine refused it."""
        try:
            action()
        except ActionRefused as refused:
            self.notify(str(refused), title="Not now", severity="warning", markup=False)
            return False
        self.heartline.say_if_unsaved(self.autosave.save())
        self.show_state()
        return True
