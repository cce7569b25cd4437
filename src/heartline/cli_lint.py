"""`heartline decks lint`: advice on how decks read, with file, line and column; not errors."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from heartline import lint
from heartline.text import printable
from heartline.workspace import Workspace


def _files(args: argparse.Namespace, ws: Workspace) -> tuple[list[Path], list[str]]:
    """The deck files to lint (the library's when no path is given), and paths not found."""
    if not args.paths:
        return [report.path for report in ws.library.reports.values()], []
    files: list[Path] = []
    missing: list[str] = []
    for name in args.paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(path.glob("*.toml")))
        elif path.exists():
            files.append(path)
        else:
            missing.append(name)
    return files, missing


def cmd_decks_lint(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import json_text, shown

    files, missing = _files(args, ws)
    for name in missing:
        print(f"heartline: {shown(name)}: there is no such file or folder", file=sys.stderr)
    decks: list[lint.LintDeck] = []
    skipped: list[tuple[Path, str]] = []
    for path in files:
        read = lint.read(path)
        if isinstance(read, str):
            skipped.append((path, read))
        else:
            decks.append(read)
    hints = lint.lint(decks)
    if args.json:
        rows = [hint.as_json() for hint in hints]
        rows += [
            {"path": str(path), "line": 1, "column": 1, "rule": "unreadable", "message": why}
            for path, why in skipped
        ]
        print(json_text(rows))
    else:
        for hint in hints:
            print(printable(str(hint)))
        for path, why in skipped:
            print(printable(f"{path}:1:1: {why}"))
        counts = Counter(hint.rule for hint in hints)
        said = ", ".join(f"{count} {rule}" for rule, count in sorted(counts.items()))
        print(
            f"{len(decks)} deck{'s' if len(decks) != 1 else ''} linted: "
            + (
                f"{len(hints)} hint{'s' if len(hints) != 1 else ''} ({said})"
                if hints
                else "no hints"
            )
            + (f"; {len(skipped)} can't be read" if skipped else ""),
            file=sys.stderr,
        )
    if missing or (not files and args.paths):
        return 1
    return 1 if args.strict and (hints or skipped) else 0
