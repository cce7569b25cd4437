"""Write heartline's manual page, heartline.1, from its argument parser (`make man`).

argparse-manpage (a dev dependency) does the formatting. Hidden commands (`_script`,
`_complete`) are left out, as they are from `--help`, and a long list of choices is named by
a word in the synopsis lines (and listed in the option's help) so every line can break.

    python man/build.py [OUTPUT]      (default: man/heartline.1 beside this file)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from argparse_manpage.manpage import Manpage

from heartline import __version__
from heartline.cli import build_parser

HERE = Path(__file__).resolve().parent

SECTIONS = {
    "ENVIRONMENT": r""".TP
.B HEARTLINE_DATA_DIR
The data folder (saves, your decks, preferences) when \-\-data\-dir is not given.
.TP
.BR VISUAL ", " EDITOR
The editor that F2 opens on an answer or a note (VISUAL first).
.TP
.B NO_COLOR
When set, the game is shown without colour; every colour cue is also said by a word or a
sign.
.TP
.B TEXTUAL_ANIMATIONS
Set to none to turn animations off (the Reduce motion command does the same, remembered).""",
    "FILES": r""".TP
.I <data>/saves/
saved sessions, one TOML file each (private: 0600 in a 0700 folder)
.TP
.I <data>/decks/
your own decks
.TP
.I <data>/config.toml
preferences: theme, motion, mouse, each couple's last choices""",
    "SEE ALSO": r"""The README in the source, and
.B heartline completion bash|zsh|fish
for shell completion.""",
}


def _without_hidden(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name in [name for name in action.choices if name.startswith("_")]:
                del action.choices[name]
            for sub in action.choices.values():
                _without_hidden(sub)
        elif action.choices and len(",".join(map(str, action.choices))) > 40:
            action.metavar = action.dest.upper().replace("_", "-")
            action.help = f"{action.help}: one of {', '.join(map(str, action.choices))}"


def page() -> str:
    parser = build_parser()
    _without_hidden(parser)
    parser._manpage = [{"heading": name, "content": text} for name, text in SECTIONS.items()]
    data = {
        "project_name": "heartline",
        "version": __version__,
        "description": "a conversation game for couples, played together in one terminal",
        "manual_title": "heartline manual",
        "author": ["the heartline team"],
    }
    return str(Manpage(parser, _data=data))


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else HERE / "heartline.1"
    target.write_text(page(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
