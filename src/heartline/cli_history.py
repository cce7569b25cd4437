"""`heartline history`: a couple's story, told on the command line or as JSON for scripts."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from heartline.history import (
    Evening,
    couples,
    favorites,
    month_span,
    months,
    partner_in,
    sparkline,
    story,
    story_words,
    tip_name,
)
from heartline.text import one_line
from heartline.workspace import Workspace


def cmd_history(args: argparse.Namespace, ws: Workspace) -> int:
    from heartline.cli import json_text

    evenings = ws.evenings()
    found = couples(evenings)
    if args.players:
        from heartline.couple import couple_key

        want = couple_key(args.players)
        found = [pair for pair in found if pair[1][0].couple == want]
    library = ws.library
    tips: dict[str, str] = {deck.id: deck.tip or "" for deck in library.decks}
    titles = {deck.id: deck.title for deck in library.decks}
    if args.json:
        print(json_text({"couples": [_json(p, e, tips, titles) for p, e in found]}))
        return 0
    if not found:
        who = " and ".join(one_line(name) for name in args.players or ())
        print(f"No evenings yet{' for ' + who if who else ''}. Start one with `{ws.command}`.")
        return 0
    for number, (partners, group) in enumerate(found):
        if number:
            print()
        print("\n".join(_lines(partners, group, tips, titles, ws.command)))
    return 0


def _lines(
    partners: tuple[str, str],
    group: list[Evening],
    tips: Mapping[str, str],
    titles: Mapping[str, str],
    command: str,
) -> list[str]:
    told = story(group, partners, tips, titles)
    a, b = (one_line(name) for name in partners)
    lines = [f"{a} & {b}", *(f"  {line}" for line in story_words(told))]
    shown = months(told.by_month)[-12:]
    if shown:
        bars = sparkline([count for _, count in shown])
        lines.append(f"  by month  {bars}  ({month_span(shown[0][0], shown[-1][0])})")
    if told.by_deck:
        decks = [f"{one_line(title)} {count}" for title, count in told.by_deck.items()]
        lines += wrap(decks, "  decks     ")
    if any(told.by_tip):
        tip_words = [f"{tip_name(tip)} {count}" for tip, count in told.by_tip.items()]
        lines += wrap(tip_words, "  tips      ")
    if told.favorites:
        lines.append(
            f"  {told.favorites} favorite{'s' if told.favorites != 1 else ''}: "
            f"{command} play favorites --players {_quoted(partners[0])} {_quoted(partners[1])}"
        )
    if told.thanks:
        lines.append("  what you thanked each other for:")
        for evening, said in told.thanks[:10]:
            by = (
                one_line(partners[partner_in(partners, evening, said.by)])
                if said.by is not None
                else "You both"
            )
            lines.append(f"    {said.at:%-d %b}  {by}: {one_line(said.text)}")
    return lines


def wrap(items: list[str], first: str, width: int = 79) -> list[str]:
    """`items` joined by ", " and wrapped to `width` columns, never inside an item."""
    lines = [first]
    for number, item in enumerate(items):
        piece = item + ("," if number < len(items) - 1 else "")
        if lines[-1].strip() and len(lines[-1]) + 1 + len(piece) > width:
            lines.append(" " * len(first))
        lines[-1] += ("" if lines[-1].endswith(" ") else " ") + piece
    return lines


def _quoted(name: str) -> str:
    import shlex

    return shlex.quote(one_line(name))


def _json(
    partners: tuple[str, str],
    group: list[Evening],
    tips: Mapping[str, str],
    titles: Mapping[str, str],
) -> dict[str, Any]:
    told = story(group, partners, tips, titles)
    return {
        "partners": list(partners),
        "evenings": told.evenings,
        "finished": told.finished,
        "seconds_together": told.seconds_together,
        "cards": told.cards,
        "daily_cards": told.daily,
        "first": told.first.isoformat() if told.first else None,
        "last": told.last.isoformat() if told.last else None,
        "by_month": told.by_month,
        "by_deck": told.by_deck,
        "by_tip": told.by_tip,
        "favorites": [
            {
                "card": favorite.card.key,
                "prompt": favorite.card.prompt,
                "by": [partners[who] for who in sorted(favorite.by)],
                "at": favorite.at.isoformat(),
                "saves": [evening.path.name for evening, _ in favorite.evenings],
            }
            for favorite in favorites(group, partners)
        ],
        "thanks": [
            {
                "by": partners[partner_in(partners, evening, said.by)]
                if said.by is not None
                else None,
                "text": said.text,
                "at": said.at.isoformat(),
                "save": evening.path.name,
            }
            for evening, said in told.thanks
        ],
        "saves": [evening.path.name for evening in group if not evening.daily],
    }
