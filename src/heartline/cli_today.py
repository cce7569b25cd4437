"""`heartline today`: today's card on the command line, for people and for scripts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from heartline.daily import Day, partner_of
from heartline.errors import UserError
from heartline.text import one_line
from heartline.workspace import Workspace


def couple(args: argparse.Namespace, ws: Workspace) -> tuple[str, str] | None:
    """The couple named with --players, or the one who played last on this machine; None
    when neither is known. Raises UserError for two names that can't be a couple."""
    if args.players:
        from heartline.errors import ActionRefused
        from heartline.session import check_names

        try:
            return check_names(args.players)
        except ActionRefused as wrong:
            raise UserError(str(wrong)) from None
    last = ws.preferences.last_couple
    return None if last is None else last.names


def shared(args: argparse.Namespace, ws: Workspace) -> Path | None:
    folder = getattr(args, "shared", None)
    if folder:
        return Path(folder).expanduser()
    return ws.preferences.shared_dir


def cmd_today(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import json_text

    partners = couple(args, ws)
    folder = shared(args, ws)
    if partners is None:
        if args.nudge:
            return 0  # a nudge with no couple known says nothing (it runs in shell start-up)
        raise UserError(
            "which couple? Name yourselves once with "
            f"`{ws.command} today --players NAME NAME` (or play a game first)"
        )
    if args.nudge:
        return nudge(args, ws, partners, folder)
    if args.journal:
        from heartline.cli import deliver
        from heartline.couple import couple_key
        from heartline.daily import revealed_days
        from heartline.journal import daily_export

        entries, _ = ws.daily_folder(folder).read()
        key = couple_key(partners)
        days = [day for day in revealed_days(entries) if couple_key(day.partners) == key]
        target = deliver(daily_export(partners, days), args.output)
        if target is not None:
            print(f"Wrote {one_line(str(target))}")
        return 0
    if args.answer is not None:
        if not args.as_:
            raise UserError("say whose answer it is with --as NAME")
        who = partner_of(partners, args.as_)
        if who is None:
            raise UserError(
                f"{one_line(args.as_)} is not {one_line(partners[0])} or {one_line(partners[1])}"
            )
        print(answered_words(ws.answer_today(partners, who, args.answer, folder), who))
        return 0
    found, skipped = ws.today(partners, folder)
    for problem in skipped:
        print(f"heartline: skipped {problem}", file=sys.stderr)
    if found is None:
        raise UserError("no deck has a card that can be today's card")
    if args.status:
        if args.json:
            print(json_text(status(found)))
        else:
            print(status_words(found))
        return 0
    if args.json:
        raise UserError("--json goes with --status")
    if sys.stdin.isatty() and sys.stdout.isatty():
        from heartline.cli import open_app
        from heartline.tui.screens.today import TodayScreen

        return open_app(ws, opening=lambda: TodayScreen(partners, folder))
    print("\n".join(day_lines(found, ws.command)))
    return 0


def status(found: Day) -> dict[str, Any]:
    """What a script may know: never a word of an answer."""
    return {
        "day": found.day,
        "card": found.card.key,
        "kind": found.card.kind,
        "partners": list(found.partners),
        "answered": [found.partners[p] for p in (0, 1) if found.answered(p)],
        "waiting_for": [found.partners[p] for p in found.waiting_for()],
        "revealed": found.revealed,
        "replies": len(found.replies),
    }


def status_words(found: Day) -> str:
    a, b = (one_line(name) for name in found.partners)
    if found.revealed:
        return f"{found.day}: both of you have answered; `today` shows your answers"
    waiting = " and ".join(one_line(found.partners[p]) for p in found.waiting_for())
    return f"{found.day}: today's card is waiting for {waiting} ({a} & {b})"


def answered_words(found: Day, who: int) -> str:
    name = one_line(found.partners[who])
    if found.revealed and len(found.replies) and found.replies[-1].by == found.partners[who]:
        return f"Reply kept, {name}."
    if found.revealed:
        return f"Both of you have answered: `today` shows your answers side by side, {name}."
    other = one_line(found.partners[1 - who])
    return f"Sealed, {name}. Nobody sees it until {other} has answered too."


def day_lines(found: Day, command: str) -> list[str]:
    card = found.card
    lines = [f"Today's card, {found.day}", "", f"  {one_line(card.prompt)}", ""]
    if card.kind == "guess":
        lead = one_line(found.partners[found.lead])
        lines.append(
            f"  A guess card: {lead} answers about themself, "
            f"{one_line(found.partners[1 - found.lead])} guesses {lead}'s answer."
        )
    if not found.revealed:
        for partner in (0, 1):
            name = one_line(found.partners[partner])
            lines.append(
                f"  {name}: answered, sealed until you both have"
                if found.answered(partner)
                else f"  {name}: not yet ({command} today --as {_quoted(found.partners[partner])} "
                "--answer '...')"
            )
        return lines
    for partner in (0, 1):
        role = ""
        if card.kind == "guess":
            role = " (answer)" if partner == found.lead else " (guess)"
        lines.append(
            f"  {one_line(found.partners[partner])}{role}: {one_line(found.answers[partner].text)}"
        )
    for reply in found.replies:
        lines.append(f"    {one_line(reply.by)} replied: {one_line(reply.text)}")
    return lines


def nudge(
    args: argparse.Namespace, ws: Workspace, partners: tuple[str, str], folder: Path | None
) -> int:
    """One line when today's card waits for this partner (or either), nothing otherwise."""
    from heartline.nudge import waiting

    who = partner_of(partners, args.as_) if args.as_ else None
    if args.as_ and who is None:
        print(
            f"heartline: {one_line(args.as_)} is not {one_line(partners[0])} or "
            f"{one_line(partners[1])}; the nudge says nothing",
            file=sys.stderr,
        )
        return 0
    line = waiting(folder or ws.data / "today", partners, who, ws.command)
    if line:
        print(line)
    return 0


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(one_line(name))
