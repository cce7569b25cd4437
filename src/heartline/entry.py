"""The `heartline` command: the nudge's short way, then the whole command line.

`heartline today --nudge` runs from shell start-up files, so it must cost little more than
starting Python: when its options are the nudge's own, it is answered here with the
standard library and the daily folder; anything else (or anything unusual) goes to
`heartline.cli`, which says the same thing the long way.
"""

from __future__ import annotations

import gc
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    # Starting up allocates a great deal and frees almost nothing, so the collector's passes
    # over it are pure cost (about 20 ms before the first screen). It is held back until
    # the command runs (heartline.cli) or the game's first frame is up (heartline.tui.app).
    gc.disable()
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "today" in args and "--nudge" in args:
        code = quick_nudge(args)
        if code is not None:
            return code
    if "_complete" in args:  # a shell's Tab: folder listings, answered quickly
        from heartline.completion import quick_complete

        code = quick_complete(args)
        if code is not None:
            return code
    from heartline.cli import main as whole

    return whole(args)


def quick_nudge(args: list[str]) -> int | None:
    """Answer `heartline [--data-dir D] today --nudge [--players A B] [--as N] [--shared D]`,
    or None to leave it to the whole command line."""
    options: dict[str, list[str]] = {}
    wants = {"--data-dir": 1, "--players": 2, "--as": 1, "--shared": 1}
    rest = list(args)
    words: list[str] = []
    while rest:
        word = rest.pop(0)
        if word in wants:
            if len(rest) < wants[word] or word in options:
                return None
            options[word] = [rest.pop(0) for _ in range(wants[word])]
        elif word in {"today", "--nudge"}:
            words.append(word)
        else:
            return None  # anything else: the whole command line
    if sorted(words) != ["--nudge", "today"]:
        return None
    data = _data_dir(options.get("--data-dir", [None])[0])
    if data is None:
        return None
    config = _config(data)
    if config is None:
        return None
    players = options.get("--players") or config.get("last_couple")
    if not (isinstance(players, list) and len(players) == 2):
        return None  # no couple known: the whole command line decides what to say
    shared = options.get("--shared", [None])[0] or config.get("shared_dir")
    folder = Path(shared).expanduser() if isinstance(shared, str) and shared else data / "today"
    from heartline.couple import name_key
    from heartline.nudge import waiting

    who = None
    if "--as" in options:
        wanted = name_key(options["--as"][0])
        matches = [i for i, name in enumerate(players) if name_key(str(name)) == wanted]
        if not matches:
            return None  # the whole command line says who the couple is
        who = matches[0]
    from heartline.launch import command_prefix

    command = command_prefix(sys.argv[0], options.get("--data-dir", [None])[0])
    line = waiting(folder, [str(players[0]), str(players[1])], who, command)
    if line:
        print(line)
    return 0


def _data_dir(given: str | None) -> Path | None:
    from heartline.locations import data_dir

    try:
        return data_dir(given)
    except Exception:
        return None


def _config(data: Path) -> dict[str, object] | None:
    """The preferences' top keys, {} without a file, None when it can't be read plainly."""
    try:
        with open(data / "config.toml", "rb") as file:
            return tomllib.loads(file.read(256 * 1024).decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return None
