"""`heartline config`: where the preferences are, what is in use, and the file's JSON Schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from heartline.workspace import Workspace


def warn(ws: Workspace) -> None:
    """The preferences file's one warning, on stderr, when something in it is wrong."""
    from heartline.text import printable

    warning = ws.preferences.warning()
    if warning:
        print(f"heartline: {printable(warning)}", file=sys.stderr)


def cmd_config_path(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import shown
    from heartline.preferences import config_file

    print(shown(config_file(ws.data).absolute()))
    return 0


def cmd_config_show(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import shown
    from heartline.text import printable

    preferences = ws.preferences
    warn(ws)
    path = shown(preferences.path.absolute())
    exists = preferences.path.exists() or preferences.path.is_symlink()
    print(f"file: {path}" + ("" if exists else "  (not written yet: these are the defaults)"))
    for line in preferences.lines():
        print(line)
    if preferences.problems:
        print("\nwrong in the file (heartline uses its defaults for these):")
        for problem in preferences.problems:
            print(f"  {printable(str(problem))}")
    return 0


def cmd_config_schema(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import deliver_schema
    from heartline.preferences import schema_text

    return deliver_schema(schema_text(), args.output)


def add_commands(commands: Any, command: Any) -> None:
    """`config path`, `config show` and `config schema`, under `commands`."""
    config = command(
        commands,
        "config",
        "what heartline remembers: theme, motion, mouse, each couple's last game",
    )
    config_commands = config.add_subparsers(title="commands", metavar="COMMAND", required=True)
    show = command(config_commands, "show", "print the settings in use, and every couple's")
    show.set_defaults(run=cmd_config_show)
    path = command(config_commands, "path", "print where the preferences file is")
    path.set_defaults(run=cmd_config_path)
    schema = command(config_commands, "schema", "print the JSON Schema of the preferences file")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE")
    schema.set_defaults(run=cmd_config_schema)
