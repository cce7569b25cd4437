"""F2 in an answer or note box: the words in the partners' own editor, then back in the box.

The screen makes way for the editor (`App.suspend`) and comes back when it exits. The app's
`editor_runner`, when a test sets one, runs the editor in place of `heartline.editing`'s.
"""

from __future__ import annotations

from textual.app import App, SuspendNotSupported
from textual.binding import Binding

from heartline.editing import EditorFailed, Runner, edit_text, editor_command, run_editor
from heartline.text import sentence

KEY = "f2"
BINDING = Binding(KEY, "edit_outside", "your own editor", show=False)
NO_EDITOR = (
    "Set $VISUAL or $EDITOR to write long answers in your own editor "
    "(for example: export EDITOR=nano), then press F2 again."
)


def edit_outside(app: App[object], text: str) -> str | None:
    """`text` as the editor left it, or None (and a one-line message) when it couldn't be."""
    runner: Runner = getattr(app, "editor_runner", None) or run_editor
    try:
        command = editor_command()
        if command is None:
            app.notify(NO_EDITOR, title="Your own editor", markup=False, timeout=10)
            return None
        with app.suspend():
            return edit_text(text, command, runner)
    except SuspendNotSupported:
        message = "This screen can't make way for an editor here (in a web browser, for one)."
    except EditorFailed as failed:
        message = sentence(failed.for_person())
    app.notify(message, title="Your own editor", severity="warning", markup=False, timeout=10)
    return None
