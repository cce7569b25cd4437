"""`heartline completion SHELL`, and the hidden `heartline _complete decks|saves` it calls."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from heartline.workspace import Workspace


def cmd_completion(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import build_parser
    from heartline.completion import script

    sys.stdout.write(script(args.shell, build_parser()))
    return 0


def cmd_complete(args: argparse.Namespace, ws: Workspace) -> int:
    """The long way to what `heartline.entry` answers quickly: one name a line."""
    from heartline.completion import names

    extra = [*(getattr(args, "decks", None) or []), *(getattr(args, "more_decks", None) or [])]
    listed = names(args.kind, getattr(args, "data_dir", None), extra)
    if listed:
        sys.stdout.write("\n".join(listed) + "\n")
    return 0


def add_commands(commands: Any, command: Any) -> None:
    """`completion SHELL`, and `_complete KIND`, left out of the help people read."""
    from heartline.completion import KINDS, SHELLS

    completion = command(commands, "completion", "print a shell completion script")
    completion.add_argument("shell", choices=SHELLS, help="bash, zsh or fish")
    completion.set_defaults(run=cmd_completion)
    lister = commands.add_parser("_complete")
    lister.add_argument("kind", choices=KINDS)
    lister.add_argument("--data-dir", default=argparse.SUPPRESS)
    lister.add_argument("--decks", dest="more_decks", action="append", default=argparse.SUPPRESS)
    lister.set_defaults(run=cmd_complete)
    commands._choices_actions = [a for a in commands._choices_actions if a.dest != "_complete"]
