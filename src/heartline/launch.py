"""How this heartline was started, so every command it prints works when pasted as it is.

Played from a clone with `make play`, `heartline` is not on PATH and the data folder is the
clone, given with `--data-dir`; a hint naming `heartline resume` would fail or look in
another folder. `command_prefix` works out, once per run, the words that reach this same
program and this same data folder from the terminal it was started in.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from heartline.text import one_line

PROGRAM = "heartline"


def _shown(path: Path, cwd: Path) -> str:
    """`path` as short as it can be said from `cwd`: relative inside it, else absolute."""
    absolute = path if path.is_absolute() else cwd / path
    absolute = Path(os.path.normpath(absolute))
    try:
        relative = absolute.relative_to(cwd)
    except ValueError:
        return str(absolute)
    return str(relative)


def _quoted(text: str) -> str:
    return shlex.quote(one_line(text))


def _same_file(a: str | None, b: Path) -> bool:
    if not a:
        return False
    try:
        return Path(a).resolve() == b.resolve()
    except OSError:
        return False


def command_prefix(
    argv0: str,
    data_override: str | None,
    *,
    cwd: Path | None = None,
    on_path: str | None = None,
    python: str | None = None,
) -> str:
    """The command that reaches this program and data folder, e.g. `.venv/bin/heartline
    --data-dir .` from a clone's `make play`, or plain `heartline` when installed.

    `argv0` is how the program was started (`sys.argv[0]`), `data_override` the `--data-dir`
    given (None when the default or $HEARTLINE_DATA_DIR is used: the same terminal has the
    same environment), `on_path` what `heartline` means on PATH (`shutil.which`).
    """
    cwd = Path(os.path.normpath(cwd or Path.cwd()))
    started = Path(argv0)
    if started.name == "__main__.py" and started.parent.name == PROGRAM:
        # `python -m heartline`: the same interpreter reaches the same package.
        interpreter = Path(python or sys.executable)
        program = f"{_quoted(_shown(interpreter, cwd))} -m {PROGRAM}"
    elif started.name == PROGRAM and "/" in argv0:
        found = shutil.which(PROGRAM) if on_path is None else on_path
        if _same_file(found, started if started.is_absolute() else cwd / started):
            program = PROGRAM
        else:
            shown = _shown(started, cwd)
            program = _quoted(shown if "/" in shown else f"./{shown}")
    else:
        # Started through PATH, or from a test harness: the plain name is the honest guess.
        program = PROGRAM
    if data_override:
        data = Path(data_override).expanduser()
        program += f" --data-dir {_quoted(_shown(data, cwd))}"
    return program
