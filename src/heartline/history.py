"""What a couple has lived through heartline: their evenings, cards, stars and thanks.

The saves are the truth. What each save holds for the couple's story (an `Evening`) is
kept in `.history.json` beside them, keyed by each file's time, size and inode like the
summaries: a save that is new or changed is read whole again, an entry of any other shape
is not used, and the file can be deleted at any time. Broken saves are left out here (the
Resume and Journal lists say what is wrong with them).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heartline.cards import Card
from heartline.couple import couple_key
from heartline.errors import InvalidSave, SaveError
from heartline.save_format import SUFFIX, card_dict, load, read_card
from heartline.session import Session
from heartline.store import read_index, write_index

if TYPE_CHECKING:
    from heartline.daily import Day

INDEX_NAME = ".history.json"
_ME = os.getuid()
_READ_BITS = {True: stat.S_IRUSR, False: stat.S_IROTH | stat.S_IRGRP}
INDEX_FORMAT = 2
# Time together is the time between one thing done and the next, each gap counted up to
# this much: an evening left open overnight is not ten hours together.
LONGEST_PAUSE = timedelta(minutes=15)


@dataclass(frozen=True)
class Star:
    """A card starred in one evening: by whom (0, 1 or both) and when."""

    card: Card
    index: int  # the card's place in that evening's hand
    by: frozenset[int]
    at: datetime


@dataclass(frozen=True)
class Thanks:
    """One closing appreciation."""

    by: int | None
    text: str
    at: datetime


@dataclass(frozen=True)
class Evening:
    """One save, as the couple's story needs it."""

    folder: Path
    name: str  # the save's file name in `folder`
    partners: tuple[str, str]
    title: str
    started: datetime
    updated: datetime
    finished: bool
    deck_ids: tuple[str, ...]
    deck_titles: tuple[str, ...]
    # Each card seen (answered or passed), and when, as a POSIX timestamp: a thousand
    # evenings hold tens of thousands of these, so they are kept as cheap as can be.
    played: tuple[tuple[str, float], ...]
    stars: tuple[Star, ...]
    thanks: tuple[Thanks, ...]
    seconds_together: int
    # A day's card both answered (heartline today), not a saved evening: its answers.
    answers: tuple[Thanks, ...] = ()
    daily: bool = False

    @property
    def path(self) -> Path:
        return self.folder / self.name

    @property
    def couple(self) -> str:
        return couple_key(self.partners)


def evening_of(session: Session, path: Path) -> Evening:
    """What a loaded session gives the couple's story."""
    touched: dict[int, datetime] = {}
    starred: dict[int, datetime] = {}
    moments = [session.started]
    for action in session.log:
        moments.append(action.at)
        if action.card is None:
            continue
        if action.type in {"answer", "pass"}:
            touched[action.card] = action.at
        elif action.type == "favorite" and action.on:
            starred[action.card] = action.at
    played = tuple(
        (slot.card.key, _instant(touched.get(index, session.updated)).timestamp())
        for index, slot in enumerate(session.slots)
        if slot.outcome != "open"
    )
    stars = tuple(
        Star(slot.card, index, frozenset(slot.stars), starred.get(index, session.updated))
        for index, slot in enumerate(session.slots)
        if slot.stars
    )
    together = sum(
        (
            max(timedelta(), min(later - earlier, LONGEST_PAUSE))
            for earlier, later in pairwise(moments)
        ),
        timedelta(),
    )
    return Evening(
        folder=path.parent,
        name=path.name,
        partners=session.partners,
        title=session.title,
        started=session.started,
        updated=session.updated,
        finished=session.finished,
        deck_ids=tuple(deck.id for deck in session.decks),
        deck_titles=tuple(deck.title for deck in session.decks),
        played=played,
        stars=stars,
        thanks=tuple(
            Thanks(answer.by, answer.text, answer.at)
            for answer in session.closing
            if answer.text.strip()
        ),
        seconds_together=max(0, int(together.total_seconds())),
    )


class History:
    """Every readable save's evening, kept in `.history.json` between runs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @property
    def index_path(self) -> Path:
        return self.folder / INDEX_NAME

    def evenings(self) -> list[Evening]:
        """Every evening, oldest first."""
        index = self._read_index()
        fresh: dict[str, list[Any]] = {}
        found: list[Evening] = []
        changed = False
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return []
        for entry in entries:
            if not entry.name.endswith(SUFFIX) or entry.name.startswith("."):
                continue
            name = entry.name
            try:
                info = entry.stat(follow_symlinks=False)
                stamp = [info.st_mtime_ns, info.st_size, info.st_ino]
                held: Any = index.get(entry.name)
                # Read permission from the stat already in hand (a chmod changes no stamp).
                readable = bool(info.st_mode & _READ_BITS[info.st_uid == _ME])
                evening = _cached(self.folder, name, held, stamp, readable)
                if evening is None:
                    path = self.folder / name
                    evening = evening_of(load(path), path)
                    held = [*stamp, _to_json(evening)]
                    changed = True
                fresh[entry.name] = held
                found.append(evening)
            except (SaveError, OSError):
                continue  # the lists say what is wrong with it
        if changed or len(fresh) != len(index):
            self._write_index(fresh)
        found.sort(key=lambda evening: _instant(evening.started))
        return found

    def of(self, partners: Sequence[str]) -> list[Evening]:
        """The evenings of one couple (their two names, case and order ignored)."""
        key = couple_key(partners)
        return [evening for evening in self.evenings() if evening.couple == key]

    def _read_index(self) -> dict[str, list[Any]]:
        return read_index(self.index_path, INDEX_FORMAT)

    def _write_index(self, saves: dict[str, list[Any]]) -> None:
        write_index(self.index_path, INDEX_FORMAT, saves)


# --- what the story is made of ------------------------------------------------------------


def last_seen(evenings: Iterable[Evening]) -> dict[str, float]:
    """When each card was last seen by the couple (answered or passed), as a timestamp."""
    seen: dict[str, float] = {}
    for evening in evenings:
        for key, at in evening.played:
            if at > seen.get(key, float("-inf")):
                seen[key] = at
    return seen


@dataclass(frozen=True)
class Favorite:
    """A card one or both partners starred, in one or more evenings."""

    card: Card
    by: frozenset[int]  # as the couple's partners are named in `partners`
    at: datetime  # the latest star
    evenings: tuple[tuple[Evening, Star], ...]  # where it was starred, newest first


def favorites(evenings: Sequence[Evening], partners: Sequence[str]) -> list[Favorite]:
    """Every card the couple starred, newest star first, one entry per card.

    Who starred it is said in the order of `partners`, whatever order the names had in
    the evening it was starred.
    """
    want = [couple_key([name]) for name in partners]
    found: dict[str, list[tuple[Evening, Star]]] = {}
    for evening in evenings:
        for star in evening.stars:
            found.setdefault(star.card.key, []).append((evening, star))
    result = []
    for starred in found.values():
        starred.sort(key=lambda pair: _instant(pair[1].at), reverse=True)
        by: set[int] = set()
        for evening, star in starred:
            names = [couple_key([name]) for name in evening.partners]
            for who in star.by:
                mine = want.index(names[who]) if names[who] in want else who
                by.add(mine)
        latest = starred[0][1]
        result.append(Favorite(latest.card, frozenset(by), latest.at, tuple(starred)))
    result.sort(key=lambda favorite: _instant(favorite.at), reverse=True)
    return result


@dataclass(frozen=True)
class Story:
    """The couple's time with heartline, described, never scored."""

    evenings: int
    finished: int
    seconds_together: int
    cards: int
    by_deck: dict[str, int]  # deck title -> cards seen
    by_tip: dict[str, int]  # tip -> cards seen ("" for decks without one)
    by_month: dict[str, int]  # "2026-11" -> evenings
    favorites: int
    thanks: tuple[tuple[Evening, Thanks], ...]  # newest first
    first: datetime | None
    last: datetime | None
    daily: int = 0  # days' cards both answered (not counted as evenings)


def story(
    evenings: Sequence[Evening],
    partners: Sequence[str],
    tips: Mapping[str, str] | None = None,
    titles: Mapping[str, str] | None = None,
) -> Story:
    """What a couple's evenings add up to. `tips` and `titles` map deck ids to what the
    library says of them today; a deck gone since is counted under its saved title."""
    tips = tips or {}
    titles = dict(titles or {})
    by_deck: dict[str, int] = {}
    by_tip: dict[str, int] = {}
    by_month: dict[str, int] = {}
    cards = 0
    for evening in evenings:
        if not evening.daily:
            month = f"{_instant(evening.started):%Y-%m}"
            by_month[month] = by_month.get(month, 0) + 1
        for deck_id, title in zip(evening.deck_ids, evening.deck_titles, strict=False):
            titles.setdefault(deck_id, title)
        for key, _ in evening.played:
            cards += 1
            deck_id = key.partition("/")[0]
            name = titles.get(deck_id, deck_id)
            by_deck[name] = by_deck.get(name, 0) + 1
            tip = tips.get(deck_id, "")
            by_tip[tip] = by_tip.get(tip, 0) + 1
    thanks = [(evening, said) for evening in evenings for said in evening.thanks]
    thanks.sort(key=lambda pair: _instant(pair[1].at), reverse=True)
    return Story(
        evenings=sum(1 for evening in evenings if not evening.daily),
        finished=sum(1 for evening in evenings if evening.finished and not evening.daily),
        seconds_together=sum(evening.seconds_together for evening in evenings),
        cards=cards,
        by_deck=dict(sorted(by_deck.items(), key=lambda item: (-item[1], item[0]))),
        by_tip=dict(sorted(by_tip.items(), key=lambda item: (-item[1], item[0]))),
        by_month=dict(sorted(by_month.items())),
        favorites=len({star.card.key for evening in evenings for star in evening.stars}),
        thanks=tuple(thanks),
        daily=sum(1 for evening in evenings if evening.daily),
        first=min((e.started for e in evenings), key=_instant, default=None),
        last=max((e.updated for e in evenings), key=_instant, default=None),
    )


# --- the index, as JSON -------------------------------------------------------------------


def _instant(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


def _to_json(evening: Evening) -> dict[str, Any]:
    return {
        "partners": list(evening.partners),
        "title": evening.title,
        "started": evening.started.isoformat(),
        "updated": evening.updated.isoformat(),
        "finished": evening.finished,
        "decks": [list(pair) for pair in zip(evening.deck_ids, evening.deck_titles, strict=True)],
        "played": [[key for key, _ in evening.played], [at for _, at in evening.played]],
        "stars": [
            [star.index, sorted(star.by), star.at.isoformat(), card_dict(star.card)]
            for star in evening.stars
        ],
        "thanks": [[said.by, said.text, said.at.isoformat()] for said in evening.thanks],
        "seconds": evening.seconds_together,
    }


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not text")
    return value


def _whole(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("not a whole number")
    return value


def _played(keys: Any, times: Any) -> tuple[tuple[str, float], ...]:
    """Cards and times, checked a list at a time (a thousand evenings hold many)."""
    if not (isinstance(keys, list) and isinstance(times, list) and len(keys) == len(times)):
        raise TypeError("not two lists of one length")
    if not set(map(type, keys)) <= {str} or not set(map(type, times)) <= {float, int}:
        raise TypeError("not cards and times")
    return tuple(zip(keys, map(float, times), strict=True))


def _who(value: Any) -> int | None:
    if value is not None and value not in (0, 1):
        raise ValueError("not a partner")
    return None if value is None else _whole(value)


def _cached(
    folder: Path, name: str, entry: Any, stamp: list[int], readable: bool = True
) -> Evening | None:
    """The remembered evening of an unchanged, still readable save; None means read it."""
    if not (isinstance(entry, list) and len(entry) == 4 and entry[:3] == stamp):
        return None
    if not readable:
        return None  # unreadable since it was read: reading it says why
    try:
        held = entry[3]
        partners = [_text(name) for name in held["partners"]]
        if len(partners) != 2:
            raise ValueError("two partners")
        decks = [(_text(deck_id), _text(title)) for deck_id, title in held["decks"]]
        finished = held["finished"]
        if type(finished) is not bool:
            raise TypeError("not true or false")
        return Evening(
            folder=folder,
            name=name,
            partners=(partners[0], partners[1]),
            title=_text(held["title"]),
            started=datetime.fromisoformat(_text(held["started"])),
            updated=datetime.fromisoformat(_text(held["updated"])),
            finished=finished,
            deck_ids=tuple(deck_id for deck_id, _ in decks),
            deck_titles=tuple(title for _, title in decks),
            played=_played(*held["played"]),
            stars=tuple(
                Star(
                    read_card(card),
                    _whole(index),
                    frozenset(w for w in map(_who, by) if w is not None),
                    datetime.fromisoformat(_text(at)),
                )
                for index, by, at, card in held["stars"]
            ),
            thanks=tuple(
                Thanks(_who(by), _text(text), datetime.fromisoformat(_text(at)))
                for by, text, at in held["thanks"]
            ),
            seconds_together=_whole(held["seconds"]),
        )
    except (KeyError, IndexError, TypeError, ValueError, InvalidSave):
        return None


# --- the story in words (the command line and the History screen say it alike) -----------

BARS = "▁▂▃▄▅▆▇█"


def duration_words(seconds: int) -> str:
    """`2 h 05 min`, `12 min`, or `under a minute`."""
    minutes = seconds // 60
    if minutes < 1:
        return "under a minute"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def sparkline(counts: Sequence[int]) -> str:
    """One bar per count, the highest full; a zero is the lowest bar."""
    top = max(counts, default=0)
    if top <= 0:
        return BARS[0] * len(counts)
    return "".join(BARS[round(count / top * (len(BARS) - 1))] for count in counts)


def months(by_month: Mapping[str, int]) -> list[tuple[str, int]]:
    """Every month from the first to the last, with the months without an evening too."""
    if not by_month:
        return []
    first, last = min(by_month), max(by_month)
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        out.append((key, by_month.get(key, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def couples(evenings: Sequence[Evening]) -> list[tuple[tuple[str, str], list[Evening]]]:
    """Each couple's evenings, the couple named as in its latest evening; the couple who
    played most recently first."""
    grouped: dict[str, list[Evening]] = {}
    for evening in evenings:
        grouped.setdefault(evening.couple, []).append(evening)
    found = [
        (max(group, key=lambda e: _instant(e.started)).partners, group)
        for group in grouped.values()
    ]
    found.sort(key=lambda pair: max(_instant(e.updated) for e in pair[1]), reverse=True)
    return found


def partner_in(partners: Sequence[str], evening: Evening, who: int) -> int:
    """Which of `partners` is partner `who` of `evening` (whose names may be in the other
    order, or another case)."""
    wanted = [couple_key([name]) for name in partners]
    theirs = couple_key([evening.partners[who]])
    return wanted.index(theirs) if theirs in wanted else who


def month_span(first: str, last: str) -> str:
    """`Jun 2026` or `Jun 2026 to Sep 2026`, from `2026-06` and `2026-09`."""

    def words(key: str) -> str:
        year, month = key.split("-")
        return f"{datetime(int(year), int(month), 1):%b %Y}"

    return words(first) if first == last else f"{words(first)} to {words(last)}"


def daily_evening(day: Day, folder: Path) -> Evening:
    """A day's card both partners answered, as the story and the favorites count it."""
    answers = tuple(Thanks(p, day.answers[p].text, day.answers[p].at) for p in (0, 1))
    at = max((answer.at for answer in answers), key=_instant)
    stars = day.starred_by
    star_at = max((day.stars[p].at for p in stars), key=_instant, default=at)
    return Evening(
        folder=folder,
        name=f"today-{day.day}",
        partners=day.partners,
        title="Today's card",
        started=min((answer.at for answer in answers), key=_instant),
        updated=at,
        finished=True,
        deck_ids=(day.card.deck,),
        deck_titles=(day.card.deck_title,),
        played=((day.card.key, _instant(at).timestamp()),),
        stars=(Star(day.card, 0, frozenset(stars), star_at),) if stars else (),
        thanks=(),
        seconds_together=0,
        answers=answers,
        daily=True,
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def story_words(told: Story) -> list[str]:
    """The story's first lines, as the History screen and `heartline history` say them."""
    since = f"{told.first:%-d %B %Y}" if told.first else ""
    lines = []
    if told.evenings:
        lines.append(
            f"{_count(told.evenings, 'evening')} together since {since}: "
            f"{duration_words(told.seconds_together)} in all, {_count(told.cards, 'card')}, "
            f"{_count(told.favorites, 'favorite')}."
        )
        if told.daily:
            lines.append(f"{_count(told.daily, 'daily card')} answered by you both.")
    elif told.daily:
        lines.append(
            f"{_count(told.daily, 'daily card')} answered by you both since {since}, "
            f"{_count(told.favorites, 'favorite')}."
        )
    return lines


def tip_name(tip: str) -> str:
    """A tip as people read it: `Quality time`, or `No tip`."""
    return tip.replace("-", " ").capitalize() if tip else "No tip"
