"""`heartline saves rename | delete | trash | restore`: name an evening, delete it to the
trash, see what the trash holds, and put one back. Names and titles are untrusted text."""

from __future__ import annotations

import argparse
import os
import shlex
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heartline.errors import SaveError
from heartline.save_format import SUFFIX
from heartline.text import one_line, printable

if TYPE_CHECKING:
    from heartline.save_format import SaveSummary
    from heartline.trash import TrashedSave, TrashListing
    from heartline.workspace import Workspace

Command = Callable[[Any, str, str], argparse.ArgumentParser]


def add_commands(group: Any, command: Command) -> None:
    """The saves subcommands that manage saves, added to `heartline saves`."""
    rename = command(group, "rename", "give a saved evening a title (an empty one removes it)")
    rename.add_argument("save", help="a save's file name or path")
    rename.add_argument("title", help='the title, at most 80 characters; "" removes it')
    rename.set_defaults(run=cmd_saves_rename)
    delete = command(group, "delete", "move a save to the trash, restorable for 30 days")
    delete.add_argument("save", help="a save's file name or path (an unreadable one too)")
    delete.set_defaults(run=cmd_saves_delete)
    trash = command(group, "trash", "list deleted saves and the days left to restore each")
    trash.add_argument("--json", action="store_true", help="print JSON for tools")
    trash.set_defaults(run=cmd_saves_trash)
    restore = command(group, "restore", "put a deleted save back among the saves")
    restore.add_argument("name", metavar="NAME", help="its name in the trash (see `saves trash`)")
    restore.set_defaults(run=cmd_saves_restore)


def shown(path: Path | str) -> str:
    return one_line(str(path))


def quoted(name: str) -> str:
    """A name as it is typed after a command (made printable first)."""
    return shlex.quote(shown(name))


def cmd_saves_rename(args: argparse.Namespace, ws: Workspace) -> int:
    path = ws.find_save(args.save)
    kept = ws.rename(path, args.title)
    if kept:
        print(f"{shown(path.name)} is now called “{one_line(kept)}”.")
    else:
        print(f"{shown(path.name)} has no title now.")
    return 0


def find_any(ws: Workspace, name: str) -> Path:
    """A save to delete: a name in the saves folder (with or without .toml), or a path.

    Whatever it is, a folder or a link too: an unreadable save can be deleted as well. A
    path outside the saves folder is refused by the trash, with the reason.
    """
    folder = ws.saves
    if os.sep in name or (os.altsep and os.altsep in name):
        candidates = [Path(name)]
    else:
        candidates = [folder / name, folder / f"{name}{SUFFIX}"]
    for candidate in candidates:
        if candidate.name and os.path.lexists(candidate):
            return candidate
    raise SaveError(Path(name), f"there is no such save in {shown(folder.absolute())}")


def cmd_saves_delete(args: argparse.Namespace, ws: Workspace) -> int:
    path = find_any(ws, args.save)
    item = ws.trash(path)
    print(f"Moved {shown(path.name)} to the trash ({shown(item.path.parent)}).")
    print(f"It is kept there for {item.days_left} days; to put it back:")
    print(f"  {ws.command} saves restore {quoted(item.name)}")
    return 0


def _when(item: TrashedSave) -> str:
    return f"{item.trashed:%Y-%m-%d %H:%M}" if item.trashed else "-"


def _left(item: TrashedSave) -> str:
    if item.days_left is None:
        return "until restored"
    return f"{item.days_left} day{'' if item.days_left == 1 else 's'}"


def _row(item: TrashedSave) -> dict[str, Any]:
    summary: SaveSummary | None = item.summary
    row: dict[str, Any] = {
        "name": item.name,
        "path": str(item.path),
        "original": item.original,
        "deleted": item.trashed.isoformat() if item.trashed else None,
        "days_left": item.days_left,
    }
    if summary is None:
        row["error"] = item.problem
        return row
    row.update(
        status=summary.status,
        title=summary.title,
        partners=list(summary.partners),
        decks=list(summary.deck_titles),
        cards_done=summary.cards_done,
        cards_total=summary.cards_total,
        started=summary.started.isoformat(),
        updated=summary.updated.isoformat(),
    )
    return row


def cmd_saves_trash(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import _table, json_text

    listing: TrashListing = ws.trashed()
    if args.json:
        data = {
            "folder": str(ws.trash_bin.folder),
            "purged": listing.purged,
            "problems": listing.problems,
            "items": [_row(item) for item in listing.items],
        }
        print(json_text(data))
        return 0
    if listing.purged:
        many = "evening" if listing.purged == 1 else "evenings"
        print(f"Let go of {listing.purged} {many} deleted 30 days ago or more.")
    for problem in listing.problems:
        print(f"can't let go of {printable(problem)}")
    if not listing.items:
        print(
            f"The trash is empty ({shown(ws.trash_bin.folder)}). Deleted evenings wait there "
            "for 30 days."
        )
        return 0
    rows = [["DELETED", "LEFT", "PARTNERS", "TITLE", "PROGRESS", "NAME"]]
    for item in listing.items:
        summary = item.summary
        rows.append(
            [
                _when(item),
                _left(item),
                one_line(" & ".join(summary.partners)) if summary else "-",
                (one_line(summary.title)[:40] or "-") if summary else "-",
                summary.progress if summary else "can't be read",
                shown(item.name),
            ]
        )
    print(_table(rows))
    for item in listing.items:
        if item.problem:
            print(f"\ncan't read {shown(item.name)}: {printable(item.problem)}")
    print(f"\nTo put one back: {ws.command} saves restore NAME")
    return 0


def cmd_saves_restore(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.save_format import read_summary

    path = ws.restore(args.name)
    print(f"Restored: {shown(path)}")
    try:
        summary = read_summary(path)
    except SaveError:
        return 0
    name = quoted(path.name)
    if summary.status == "in-progress":
        print(f"Carry on with it: {ws.command} resume {name}")
    else:
        print(f"It is back in the Journal; or read it with: {ws.command} saves export {name}")
    return 0
