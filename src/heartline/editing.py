"""Long answers in the partners' own editor: `$VISUAL` or `$EDITOR` on a private file.

The words go to a file readable by its owner alone (0600, in a 0700 folder of its own), the
editor runs on it, and the file and its folder are removed whatever happened. A missing or
failing editor leaves the words as they were and says so in one line.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path

from heartline.errors import HeartlineError

# Runs the editor's command (the file's path last) and returns its exit code.
Runner = Callable[[list[str]], int]
FILE_NAME = "heartline-answer.txt"  # an editor names the file in its title: say whose it is


class EditorFailed(HeartlineError):
    """The editor couldn't be started, or said it failed; the words are unchanged."""


def editor_command(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The editor asked for ($VISUAL, else $EDITOR), split as a shell would; None if neither.

    Found on the PATH first, so a missing editor is said without leaving the screen.
    """
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                raise EditorFailed(
                    f"${name} ({value}) can't be read as a command: the words are unchanged"
                ) from None
            if words:
                if shutil.which(words[0]) is None:
                    raise EditorFailed(
                        f"can't find the editor {words[0]!r} (${name}): the words are unchanged"
                    )
                return words
    return None


def run_editor(command: list[str]) -> int:
    """The editor in the foreground, sharing the terminal, until it exits."""
    return subprocess.call(command)


def edit_text(text: str, command: list[str], runner: Runner = run_editor) -> str:
    """`text` after `command` edited it in a private temporary file (always removed)."""
    program = command[0]
    folder = Path(tempfile.mkdtemp(prefix="heartline-"))  # 0700, ours alone
    try:
        path = folder / FILE_NAME
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
        try:
            code = runner([*command, str(path)])
        except OSError as failed:
            raise EditorFailed(
                f"can't start the editor {program!r} ({failed.strerror or failed}): "
                "the words are unchanged"
            ) from None
        if code != 0:
            raise EditorFailed(
                f"the editor {program!r} stopped with an error (exit {code}): "
                "the words are unchanged"
            )
        try:
            edited = path.read_bytes().decode("utf-8", errors="replace")
        except OSError as failed:
            raise EditorFailed(
                f"can't read what the editor wrote ({failed.strerror or failed}): "
                "the words are unchanged"
            ) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    edited = edited.replace("\r\n", "\n")
    # Editors end a file with a line break; the box's words didn't have one.
    if edited.endswith("\n") and not text.endswith("\n"):
        edited = edited[:-1]
    return edited
