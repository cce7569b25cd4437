"""Today's card on two machines: two data folders, each with its own copy of the shared
folder, kept in step by a copy step run at chosen moments, as a sync tool would."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from heartline.couple import couple_key
from heartline.daily import (
    PREFIX,
    DailyFolder,
    choose,
    daily_candidates,
    day_of,
    machine_id,
    new_entry,
    read_file,
)
from heartline.errors import InvalidSave
from helpers import card

COUPLE = ("Ana", "Ben")
KEY = couple_key(COUPLE)
DAY = "2026-11-27"
NOON = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
CARDS = [card(f"q{n}", level=1 + n % 2) for n in range(12)]


def sync(source: Path, target: Path) -> None:
    """What a sync tool does: every file in `source` copied over into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for path in source.iterdir():
        shutil.copy2(path, target / path.name)


class Machine:
    """One partner's computer: its own data folder, its own copy of the shared folder."""

    def __init__(self, root: Path, name: str) -> None:
        self.data = root / name / "data"
        self.shared = root / name / "Sync" / "heartline"
        self.folder = DailyFolder(self.shared, machine_id(self.data))

    def card(self, day: str = DAY, at: datetime = NOON):
        entries, _ = self.folder.read()
        chosen = choose(KEY, day, entries, CARDS)
        assert chosen is not None
        if not any(e.kind == "card" and e.day == day for e in entries):
            self.folder.add(new_entry("card", KEY, day, self.folder.machine, card=chosen, now=at))
        return chosen

    def answer(self, who: str, text: str, at: datetime = NOON, day: str = DAY) -> None:
        chosen = self.card(day, at)
        self.folder.add(
            new_entry(
                "answer", KEY, day, self.folder.machine, key=chosen.key, by=who, text=text, now=at
            )
        )

    def day(self, day: str = DAY):
        entries, skipped = self.folder.read()
        return day_of(COUPLE, day, choose(KEY, day, entries, CARDS), entries), skipped


@pytest.fixture
def machines(tmp_path: Path) -> tuple[Machine, Machine]:
    return Machine(tmp_path, "ana-laptop"), Machine(tmp_path, "ben-desktop")


def everything_shown(day) -> str:
    """Every text a screen could show of the day before the reveal: none of the answers."""
    return " ".join(
        [day.card.prompt, *(("answered" if day.answered(p) else "waiting") for p in (0, 1))]
    )


def test_both_machines_see_the_same_card_and_no_answer_before_both_exist(machines) -> None:
    ana, ben = machines
    ana.answer("Ana", "A walk by the river, just us")
    sync(ana.shared, ben.shared)
    seen_by_ben, _ = ben.day()
    assert seen_by_ben.card == ana.day()[0].card
    assert seen_by_ben.answered(0) and not seen_by_ben.revealed
    assert "river" not in everything_shown(seen_by_ben)
    ben.answer("Ben", "Pancakes on the balcony", at=NOON + timedelta(hours=3))
    # Before the copy back, Ana's machine still shows nothing of Ben's.
    before, _ = ana.day()
    assert not before.revealed and not before.answered(1)
    sync(ben.shared, ana.shared)
    for machine in (ana, ben):
        day, _ = machine.day()
        assert day.revealed
        assert [day.answers[p].text for p in (0, 1)] == [
            "A walk by the river, just us",
            "Pancakes on the balcony",
        ]


def test_copies_out_of_order_and_a_conflict_copy_lose_no_answer(machines) -> None:
    ana, ben = machines
    ana.answer("Ana", "first")
    sync(ana.shared, ben.shared)
    ben.answer("Ben", "second", at=NOON + timedelta(hours=1))
    stale = (ana.shared / ana.folder.own_file.name).read_bytes()
    ana.folder.add(
        new_entry(
            "reply",
            KEY,
            DAY,
            ana.folder.machine,
            key=ana.card().key,
            by="Ana",
            text="a reply",
            now=NOON + timedelta(hours=2),
        )
    )
    # The sync tool meets two versions of Ana's file on Ben's side: it keeps one and puts
    # the other beside it as a conflict copy. Here the OLD one wins the name.
    sync(ana.shared, ben.shared)
    mine = ben.shared / ana.folder.own_file.name
    conflict = ben.shared / f"{PREFIX}{ana.folder.machine}.sync-conflict-20261127-130000-XYZ.toml"
    shutil.copy2(mine, conflict)
    mine.write_bytes(stale)
    sync(ben.shared, ana.shared)  # ... and that goes back to Ana too
    for machine in (ana, ben):
        day, skipped = machine.day()
        assert not skipped
        assert day.revealed and [r.text for r in day.replies] == ["a reply"]
    # Ana's next write puts everything she ever wrote back into her own file.
    ana.folder.add(
        new_entry(
            "reply",
            KEY,
            DAY,
            ana.folder.machine,
            key=ana.card().key,
            by="Ana",
            text="again",
            now=NOON + timedelta(hours=4),
        )
    )
    texts = [e.text for e in read_file(ana.folder.own_file)]
    assert "a reply" in texts and "first" in texts and "again" in texts


def test_a_half_synced_file_is_reported_skipped_and_left_alone(machines) -> None:
    ana, ben = machines
    ana.answer("Ana", "first")
    sync(ana.shared, ben.shared)
    ben.answer("Ben", "second")
    theirs = ana.shared / ben.folder.own_file.name
    whole = ben.folder.own_file.read_bytes()
    theirs.write_bytes(whole[: len(whole) // 2])  # the copy stopped halfway
    cut = theirs.read_bytes()
    day, skipped = ana.day()
    assert [s.path.name for s in skipped] == [theirs.name] and "half synced" in skipped[0].reason
    assert day.answered(0) and not day.revealed  # Ana's answer is there, Ben's not yet
    ana.folder.add(
        new_entry(
            "reply", KEY, DAY, ana.folder.machine, key=day.card.key, by="Ana", text="x", now=NOON
        )
    )
    assert theirs.read_bytes() == cut  # never changed or deleted
    sync(ben.shared, ana.shared)  # the rest arrives
    assert ana.day()[0].revealed


def test_when_both_chose_before_their_folders_met_the_earliest_choice_wins(tmp_path) -> None:
    ana, ben = Machine(tmp_path, "a"), Machine(tmp_path, "b")
    first = CARDS[0]
    ana.folder.add(new_entry("card", KEY, DAY, ana.folder.machine, card=first, now=NOON))
    ben.folder.add(
        new_entry(
            "card", KEY, DAY, ben.folder.machine, card=CARDS[7], now=NOON + timedelta(minutes=5)
        )
    )
    ben.folder.add(
        new_entry(
            "answer",
            KEY,
            DAY,
            ben.folder.machine,
            key=CARDS[7].key,
            by="Ben",
            text="on the other card",
            now=NOON + timedelta(minutes=6),
        )
    )
    sync(ana.shared, ben.shared)
    sync(ben.shared, ana.shared)
    for machine in (ana, ben):
        day, _ = machine.day()
        assert day.card == first
        assert not day.answered(1)  # Ben is asked again, on the day's card
        assert [e.text for e in day.elsewhere] == ["on the other card"]  # and kept


def test_the_daily_card_is_fresh_and_the_same_for_a_couple_and_day() -> None:
    candidates = daily_candidates(CARDS)
    one = choose(KEY, DAY, [], candidates)
    assert one == choose(KEY, DAY, [], list(reversed(candidates)))
    assert choose(couple_key(("Cy", "Di")), DAY, [], candidates) is not None
    # No daily card of the last ninety days while others are left.
    entries = []
    day = datetime(2026, 1, 1)
    picked = []
    for n in range(len(candidates)):
        name = (day + timedelta(days=n)).date().isoformat()
        chosen = choose(KEY, name, entries, candidates)
        picked.append(chosen.key)
        entries.append(new_entry("card", KEY, name, "m", card=chosen, now=NOON))
    assert len(set(picked)) == len(candidates)
    # Cards never played come before cards played.
    seen = {c.key: 1.0 for c in candidates[1:]}
    assert choose(KEY, DAY, [], candidates, seen) == candidates[0]


def test_daily_candidates_are_light_questions_and_guesses_without_a_timer() -> None:
    mixed = [
        card("q", kind="question", level=1),
        card("g", kind="guess", level=2),
        card("deep", kind="question", level=3),
        card("m", kind="mirror", level=1),
        card("e", kind="exercise", level=1),
        card("t", kind="question", level=1, seconds=60),
    ]
    assert [c.id for c in daily_candidates(mixed)] == ["g", "q"]


def test_a_machine_keeps_its_name(tmp_path: Path) -> None:
    first = machine_id(tmp_path / "data")
    assert first == machine_id(tmp_path / "data")
    assert (tmp_path / "data" / "machine-id").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    "text",
    [
        "format = 2\n",
        "format = 1\nentries = 3\n",
        'format = 1\n[[entries]]\nid = "x"\nkind = "gossip"\n',
        'format = 1\n[[entries]]\nid = "x"\nkind = "answer"\ncouple = "a"\nday = "nope"\n',
        "\xff\xfe",
    ],
)
def test_a_file_that_is_not_a_daily_file_is_refused_with_a_reason(tmp_path, text) -> None:
    path = tmp_path / f"{PREFIX}x.toml"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(InvalidSave):
        read_file(path)
