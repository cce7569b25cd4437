"""`heartline today --nudge`, light enough for a shell's start-up file.

It reads only the daily folder's files, with nothing but the standard library and the
couple's identity: no decks, no saves, no pydantic, no textual. It never prints the card's
text or an answer, only that the card is waiting.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from heartline.couple import couple_key, name_key

PREFIX = "heartline-today-"
LIMIT = 8 * 1024 * 1024


def answered_today(folder: Path, partners: Sequence[str], day: str) -> set[int] | None:
    """Which partners answered `day`'s card: a set of 0 and 1, or None when the folder can't
    be read at all. Files that can't be read are passed over (`today` reports them)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    couple = couple_key(partners)
    wanted = [name_key(name) for name in partners]
    answered: set[int] = set()
    for name in names:
        if not name.startswith(PREFIX) or ".toml" not in name:
            continue
        try:
            with open(folder / name, "rb") as file:
                data = tomllib.loads(file.read(LIMIT + 1).decode("utf-8"))
        except (OSError, ValueError):
            continue
        entries = data.get("entries")
        for entry in entries if isinstance(entries, list) else ():
            if not isinstance(entry, dict) or entry.get("kind") != "answer":
                continue
            if entry.get("couple") != couple or entry.get("day") != day:
                continue
            by = entry.get("by")
            if isinstance(by, str) and name_key(by) in wanted:
                answered.add(wanted.index(name_key(by)))
    return answered


def waiting(folder: Path, partners: Sequence[str], who: int | None, command: str) -> str:
    """The one line to print, or "" when today's card waits for nobody here."""
    day = datetime.now().astimezone().date().isoformat()
    answered = answered_today(folder, partners, day)
    if answered is None:
        answered = set()
    if who is not None:
        if who in answered:
            return ""
        return f"Today's card is waiting for you: {command} today"
    if len(answered) == 2:
        return ""
    return f"Today's card is waiting: {command} today"
