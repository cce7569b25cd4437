"""A couple's story: evenings from the saves, favorites across them, fresh cards first."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from heartline import history as history_module
from heartline.cli import main
from heartline.couple import couple_key, same_couple
from heartline.dealing import deal, new_session
from heartline.history import (
    History,
    duration_words,
    evening_of,
    favorites,
    last_seen,
    months,
    sparkline,
    story,
)
from heartline.save_format import to_toml
from heartline.session import DealSettings
from heartline.store import Store
from heartline.workspace import Workspace
from helpers import START, Clock, card, deck, session

# --- the couple ----------------------------------------------------------------------------


def test_a_couple_is_its_two_names_whatever_their_case_or_order() -> None:
    assert same_couple(["Ana", "Ben"], ["ben", "ANA"])
    assert same_couple(["  Ana  Lu ", "Ben"], ["Ben", "ana lu"])
    assert same_couple(["Zoë", "Ben"], ["Zoe\u0308", "Ben"])  # composed or not
    assert not same_couple(["Ana", "Ben"], ["Ana", "Bea"])
    assert couple_key(["a b", "c"]) != couple_key(["a", "b c"])


# --- evenings ------------------------------------------------------------------------------


def played_evening(names=("Ana", "Ben"), ids=("a", "b", "c"), start=START, stars=(), finish=True):
    clock = Clock(start, timedelta(minutes=2))
    game = session([card(i) for i in ids], names=names, clock=clock)
    game.started = start
    for index, by in stars:
        game.favorite(index, on=True, by=by)
    while game.current is not None:
        game.submit("one")
        game.submit("two")
    if finish:
        game.submit("Your patience")
        game.submit("Your laugh")
    return game


def write(folder: Path, game, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(to_toml(game))
    return path


def test_an_evening_holds_what_the_story_needs(tmp_path: Path) -> None:
    game = played_evening(stars=[(1, 0)])
    evening = evening_of(game, tmp_path / "x.toml")
    assert [key for key, _ in evening.played] == ["test/a", "test/b", "test/c"]
    assert [(s.card.id, set(s.by)) for s in evening.stars] == [("b", {0})]
    assert [(t.by, t.text) for t in evening.thanks] == [(0, "Your patience"), (1, "Your laugh")]
    assert evening.finished
    # 9 actions two minutes apart after the start
    assert evening.seconds_together == 9 * 120


def test_a_long_pause_is_not_counted_as_time_together(tmp_path: Path) -> None:
    clock = Clock(START, timedelta(hours=10))
    game = session([card("a")], clock=clock)
    game.submit("x")
    game.submit("y")
    assert evening_of(game, tmp_path / "x.toml").seconds_together == 2 * 15 * 60


def test_evenings_are_remembered_and_read_again_only_when_changed(tmp_path, monkeypatch):
    saves = tmp_path / "saves"
    first = write(saves, played_evening(), "one.toml")
    write(saves, played_evening(start=START + timedelta(days=1)), "two.toml")
    history = History(saves)
    assert len(history.evenings()) == 2
    loads = []
    real = history_module.load
    monkeypatch.setattr(history_module, "load", lambda path: loads.append(path) or real(path))
    assert len(history.evenings()) == 2
    assert loads == []  # both from the index
    write(saves, played_evening(stars=[(0, 1)]), "one.toml")  # changed
    evenings = history.evenings()
    assert loads == [first]
    assert [len(e.stars) for e in evenings] == [1, 0]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda text: "not json",
        lambda text: text.replace('"stars": []', '"stars": [[0, [7], "x", {}]]', 1),
        lambda text: text.replace('"finished": true', '"finished": "yes"', 1),
        lambda text: json.dumps({"format": 1, "saves": []}),
    ],
)
def test_a_spoiled_history_index_is_rebuilt_from_the_saves(tmp_path, spoil) -> None:
    saves = tmp_path / "saves"
    write(saves, played_evening(), "one.toml")
    history = History(saves)
    good = history.evenings()
    history.index_path.write_text(spoil(history.index_path.read_text()))
    assert history.evenings() == good


def test_broken_saves_are_left_out_of_the_story(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    write(saves, played_evening(), "one.toml")
    (saves / "broken.toml").write_text("format = 1\nstatus = [")
    (saves / ".hidden.toml").write_text("x")
    assert len(History(saves).evenings()) == 1


# --- favorites ----------------------------------------------------------------------------


def test_favorites_gather_every_evening_and_follow_the_names_not_their_order(tmp_path):
    saves = tmp_path / "saves"
    write(saves, played_evening(stars=[(0, 0)]), "one.toml")  # Ana starred a
    later = START + timedelta(days=3)
    # The same couple, names the other way round: partner 0 is Ben now.
    write(saves, played_evening(("ben", "ANA"), stars=[(0, 0), (2, None)], start=later), "two.toml")
    write(saves, played_evening(("Cy", "Di"), stars=[(1, 0)]), "three.toml")
    history = History(saves)
    mine = favorites(history.of(["Ana", "Ben"]), ["Ana", "Ben"])
    # Newest star first: c was starred just after a in the later evening.
    assert [(f.card.id, set(f.by)) for f in mine] == [("c", {0, 1}), ("a", {0, 1})]
    assert [len(f.evenings) for f in mine] == [1, 2]
    theirs = favorites(history.of(["Di", "Cy"]), ["Di", "Cy"])
    assert [(f.card.id, set(f.by)) for f in theirs] == [("b", {1})]


# --- fresh cards first ---------------------------------------------------------------------


def test_dealing_prefers_cards_never_seen_then_the_longest_ago() -> None:
    cards = [card(f"c{n}") for n in range(6)]
    shuffled = deck("d", cards, order="shuffle")
    settings = DealSettings(seed=3, cards=3)
    day = 86400.0
    seen = {"d/c0": 0.0, "d/c1": day, "d/c2": 2 * day}
    hand, reserve = deal([shuffled], settings, seen)
    assert {c.id for c in hand} == {"c3", "c4", "c5"}
    assert deal([shuffled], settings, seen) == (hand, reserve)  # same seed, same history
    seen |= {"d/c3": 0.0, "d/c4": 0.0, "d/c5": 9 * day}
    hand, _ = deal([shuffled], DealSettings(seed=3, cards=2), seen)
    assert {c.id for c in hand} <= {"c0", "c3", "c4"}
    assert "c5" not in {c.id for c in hand} and "c2" not in {c.id for c in hand}


def test_escalating_decks_put_fresh_cards_first_and_fixed_ones_keep_their_order() -> None:
    escalating = deck("e")  # three cards at each level
    seen = {"e/l1-1": 1.0, "e/l1-2": 1.0, "e/l2-1": 1.0}
    hand, _ = deal([escalating], DealSettings(seed=1, cards=3), seen)
    assert [c.level for c in hand] == [1, 2, 3]
    assert [c.id for c in hand][:2] == ["l1-3", hand[1].id] and hand[1].id != "l2-1"
    fixed = deck("f", [card(f"f{n}") for n in range(4)], order="fixed")
    hand, _ = deal([fixed], DealSettings(seed=1, cards=2), {"f/f0": 1.0, "f/f1": 1.0})
    assert [c.id for c in hand] == ["f0", "f1"]  # a ritual keeps its order, seen or not


def test_new_session_with_no_history_deals_as_before() -> None:
    shuffled = deck("d", [card(f"c{n}") for n in range(6)], order="shuffle")
    plain = new_session([shuffled], ["A", "B"], cards=3, seed=5)
    fresh = new_session([shuffled], ["A", "B"], cards=3, seed=5, seen={})
    assert plain.hand == fresh.hand


def test_last_seen_takes_the_latest_time_of_each_card(tmp_path: Path) -> None:
    one = evening_of(played_evening(), tmp_path / "1.toml")
    two = evening_of(played_evening(start=START + timedelta(days=5)), tmp_path / "2.toml")
    seen = last_seen([one, two])
    assert seen["test/a"] > (START + timedelta(days=5)).timestamp()


# --- the story -----------------------------------------------------------------------------


def test_the_story_describes_without_scoring(tmp_path: Path) -> None:
    evenings = [
        evening_of(played_evening(stars=[(0, 1)]), tmp_path / "1.toml"),
        evening_of(
            played_evening(start=START + timedelta(days=40), finish=False), tmp_path / "2.toml"
        ),
    ]
    told = story(evenings, ["Ana", "Ben"], tips={"test": "gratitude"})
    assert (told.evenings, told.finished, told.cards, told.favorites) == (2, 1, 6, 1)
    assert told.by_tip == {"gratitude": 6}
    assert told.by_month == {"2026-02": 1, "2026-03": 1}
    assert [t.text for _, t in told.thanks] == ["Your laugh", "Your patience"]
    assert months({"2025-11": 2, "2026-02": 1}) == [
        ("2025-11", 2),
        ("2025-12", 0),
        ("2026-01", 0),
        ("2026-02", 1),
    ]
    assert sparkline([0, 4, 2]) == "▁█▅"
    assert duration_words(3 * 3600 + 5 * 60) == "3 h 05 min"
    assert duration_words(30) == "under a minute"


# --- the command line ----------------------------------------------------------------------


def seeded_folder(data_dir: Path) -> None:
    saves = data_dir / "saves"
    write(saves, played_evening(stars=[(0, 0)]), "one.toml")
    write(saves, played_evening(("Cy", "[bold]Di\x1b[31m"), stars=[(1, 1)]), "two.toml")


def test_history_tells_each_couple_their_story(data_dir: Path, capsys) -> None:
    seeded_folder(data_dir)
    assert main(["history"]) == 0
    out = capsys.readouterr().out
    assert "Ana & Ben" in out and "1 favorite: heartline play favorites" in out
    assert "\x1b" not in out and "[bold]Di" in out  # shown literally, never run
    assert "Ana: Your patience" in out
    assert main(["history", "--players", "ben", "ana", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    (ours,) = data["couples"]
    assert ours["partners"] == ["Ana", "Ben"] and ours["cards"] == 3
    assert ours["favorites"][0]["by"] == ["Ana"]
    assert [t["text"] for t in ours["thanks"]] == ["Your laugh", "Your patience"]


def test_history_with_no_evenings_says_how_to_start(capsys) -> None:
    assert main(["history"]) == 0
    assert "No evenings yet" in capsys.readouterr().out


def test_favorites_is_a_deck_to_play(data_dir: Path) -> None:
    seeded_folder(data_dir)
    ws = Workspace(data_dir)
    favorite = ws.favorites_deck(["ben", "ana"])
    assert favorite is not None and [c.key for c in favorite.cards] == ["test/a"]
    assert ws.favorites_deck(["Ed", "Flo"]) is None
    game = ws.deal([favorite], ["Ana", "Ben"], DealSettings(seed=1), repeat=True)
    assert [c.key for c in game.hand] == ["test/a"]


def test_play_favorites_without_any_says_how_to_star(data_dir: Path, capsys) -> None:
    assert main(["play", "favorites", "--players", "Ed", "Flo"]) == 1
    assert "star a card with ctrl+f" in capsys.readouterr().err


def test_a_couple_who_saw_a_whole_deck_is_told(data_dir: Path) -> None:
    small = deck("small", [card("a"), card("b")])
    store = Store(data_dir / "saves")
    store.prepare()
    game = session(list(small.cards), names=("Ana", "Ben"))
    for _ in range(4):
        game.submit("x")
    store.save(game)
    ws = Workspace(data_dir)
    assert ws.played_through([small], ["ANA", "ben"], DealSettings()) == [small]
    assert ws.played_through([small], ["Ana", "Cy"], DealSettings()) == []
