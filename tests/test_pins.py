"""Pinned cards (issue 14): dealt first or last in their deck's share, whatever the order and
the session's length; never swapped in; kept by the loader, the cache, saves and spreadsheets."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heartline.authoring import read_table, table_text, write_new
from heartline.cards import Card, Deck
from heartline.dealing import deal, eligible, new_session
from heartline.deck import load_deck
from heartline.deck_cache import DeckCache
from heartline.errors import ActionRefused
from heartline.save_format import load, read_card, to_toml
from heartline.session import DealSettings
from helpers import card, deck


def ids(cards: list[Card]) -> list[str]:
    return [c.id for c in cards]


def of(deck_id: str, cards: list[Card]) -> list[Card]:
    return [c for c in cards if c.deck == deck_id]


def check_pins(built: list[Deck], settings_: DealSettings, hand: list[Card], reserve: list[Card]):
    """Every promise pins make, for one deal."""
    for source in built:
        pool = eligible(source, settings_)
        firsts = [c for c in pool if c.pin == "first"]
        lasts = [c for c in pool if c.pin == "last"]
        share = of(source.id, hand)
        n_first = sum(1 for c in share if c.pin == "first")
        n_last = sum(1 for c in share if c.pin == "last")
        # Pinned-first cards open the deck's share, in the file's order; pinned-last close it.
        assert share[:n_first] == firsts[:n_first]
        assert share[len(share) - n_last :] == lasts[:n_last]
        assert all(c.pin is None for c in share[n_first : len(share) - n_last])
        # A share with room holds every pin; a share without room holds only pins, first
        # ones before last ones.
        if len(share) >= len(firsts) + len(lasts):
            assert n_first == len(firsts) and n_last == len(lasts)
        else:
            assert n_first + n_last == len(share)
            assert n_first == min(len(share), len(firsts))
    # Across decks: every pinned-first card before every unpinned card, every pinned-last after.
    places = [
        "first" if c.pin == "first" else "last" if c.pin == "last" else "middle" for c in hand
    ]
    rank = {"first": 0, "middle": 1, "last": 2}
    assert [rank[p] for p in places] == sorted(rank[p] for p in places)
    assert all(c.pin is None for c in reserve)


# --- the property --------------------------------------------------------------------------

ORDERS = st.sampled_from(["escalate", "fixed", "shuffle"])
PIN = st.sampled_from([None, None, None, "first", "last"])
CARDS = st.lists(st.tuples(st.integers(1, 3), PIN), min_size=1, max_size=12)


@settings(max_examples=400, derandomize=True, deadline=None)
@given(
    decks=st.lists(st.tuples(ORDERS, CARDS), min_size=1, max_size=3),
    seed=st.integers(0, 10**6),
    count=st.one_of(st.none(), st.integers(1, 40)),
    max_level=st.integers(1, 3),
)
def test_pinned_cards_are_dealt_first_or_last_in_their_decks_share(
    decks, seed, count, max_level
) -> None:
    built = [
        deck(
            f"d{n}",
            [card(f"c{i}", level=level, pin=pin) for i, (level, pin) in enumerate(cards)],
            order=order,
        )
        for n, (order, cards) in enumerate(decks)
    ]
    settings_ = DealSettings(seed=seed, cards=count, max_level=max_level)
    hand, reserve = deal(built, settings_)
    check_pins(built, settings_, hand, reserve)
    pool = [c.key for d in built for c in eligible(d, settings_)]
    assert len(hand) == (len(pool) if count is None else min(count, len(pool)))
    assert len(set(c.key for c in hand + reserve)) == len(hand) + len(reserve)
    left = {c.key for c in hand} | {c.key for c in reserve}
    # Only a pinned card without room in its share is neither dealt nor in reserve.
    missing = [c for d in built for c in eligible(d, settings_) if c.key not in left]
    assert all(c.pin is not None for c in missing)
    assert deal(built, settings_) == (hand, reserve)
    if all(order == "escalate" for order, _ in decks):
        middle = [c.level for c in hand if c.pin is None]
        assert middle == sorted(middle)


@settings(max_examples=100, derandomize=True, deadline=None)
@given(seed=st.integers(0, 10**6), seen_at=st.lists(st.floats(0, 1e9), min_size=12, max_size=12))
def test_pins_hold_whatever_the_couple_has_seen(seed, seen_at) -> None:
    cards = [card(f"c{i}", level=1 + i % 3, pin="last" if i == 0 else None) for i in range(12)]
    cards[5] = card("c5", level=3, pin="first")
    source = deck("d", cards)
    seen = {c.key: when for c, when in zip(source.cards, seen_at, strict=True)}
    for count in (1, 2, 3, 5, None):
        settings_ = DealSettings(seed=seed, cards=count)
        hand, reserve = deal([source], settings_, seen)
        check_pins([source], settings_, hand, reserve)


# --- what a couple sees ------------------------------------------------------------------------


def close_and_cozy() -> Deck:
    """Touch exercises at level 1, the consent talk at level 2 but pinned first."""
    touch = [card(f"touch-{n}", kind="exercise", level=1, tags=["touch"]) for n in range(4)]
    consent = [card(f"consent-{n}", level=2, pin="first") for n in range(2)]
    deeper = [card(f"deep-{n}", level=3) for n in range(3)]
    return deck("cozy", [*touch, *deeper, *consent])


@pytest.mark.parametrize("count", [2, 3, 4, 6, None])
@pytest.mark.parametrize("order", ["escalate", "fixed", "shuffle"])
def test_the_consent_talk_comes_before_any_touch_exercise(order: str, count: int | None) -> None:
    source = close_and_cozy()
    source = deck("cozy", list(source.cards), order=order)
    for seed in range(30):
        hand, _ = deal([source], DealSettings(seed=seed, cards=count))
        assert ids(hand[:2]) == ["consent-0", "consent-1"]


def test_a_short_session_keeps_the_opening_and_the_closing_card() -> None:
    cards = [
        card("closing", level=1, pin="last"),
        *(card(f"mid-{n}", level=1 + n % 3) for n in range(9)),
        card("opening", level=3, pin="first"),
    ]
    for order in ("escalate", "fixed", "shuffle"):
        source = deck("checkin", cards, order=order)
        for seed in range(20):
            hand, reserve = deal([source], DealSettings(seed=seed, cards=3))
            assert hand[0].id == "opening" and hand[-1].id == "closing"
            assert hand[1].pin is None
            assert "opening" not in ids(reserve) and "closing" not in ids(reserve)
    hand, _ = deal([deck("checkin", cards)], DealSettings(seed=1, cards=1))
    assert ids(hand) == ["opening"]  # no room for both: the first one


def test_several_decks_open_with_their_first_pins_and_close_with_their_last() -> None:
    cozy = close_and_cozy()
    checkin = deck(
        "checkin",
        [card("closing", level=1, pin="last"), *(card(f"c{n}", level=1 + n % 3) for n in range(6))],
    )
    hand, _ = deal([checkin, cozy], DealSettings(seed=7, cards=8))
    assert ids(hand[:2]) == ["consent-0", "consent-1"]
    assert hand[-1].id == "closing"
    middle = [c.level for c in hand[2:-1]]
    assert middle == sorted(middle)  # lighter-first escalation for everything between


def test_a_pinned_card_is_never_swapped_in() -> None:
    cards = [card("a", level=1), card("b", level=1), card("pinned", level=1, pin="last")]
    cards += [card("c", level=1)]
    session = new_session([deck("d", cards, order="fixed")], ("Ana", "Ben"), cards=2, seed=1)
    assert ids(list(session.hand)) == ["a", "pinned"]
    assert ids(list(session.reserve)) == ["b", "c"]
    session.swap_card()
    session.swap_card()
    assert session.slots[0].card.id == "c"
    with pytest.raises(ActionRefused):
        session.swap_card()


def test_a_card_pinned_since_the_save_is_not_swapped_in_on_resume(tmp_path: Path) -> None:
    # Saved before its deck pinned `closing`: the reserve still names it.
    cards = [card("a", level=1), card("b", level=1), card("closing", level=1)]
    source = deck("d", cards, order="fixed")
    session = new_session([source], ("Ana", "Ben"), cards=1, seed=1)
    assert ids(list(session.reserve)) == ["b", "closing"]
    target = tmp_path / "save.toml"
    target.write_bytes(to_toml(session))
    pinned = deck("d", [cards[0], cards[1], card("closing", level=1, pin="last")], order="fixed")
    resumed = load(target, lambda key: next((c for c in pinned.cards if c.key == key), None))
    resumed.swap_card()
    assert resumed.slots[0].card.id == "b"
    with pytest.raises(ActionRefused, match="no other card"):
        resumed.swap_card()


def test_a_left_out_tag_leaves_out_a_pinned_card_too() -> None:
    cards = [card("touch-first", pin="first", tags=["touch"]), card("talk", level=1)]
    hand, _ = deal([deck("d", cards)], DealSettings(seed=1, leave_out=("Touch",)))
    assert ids(hand) == ["talk"]


# --- the file, the cache, saves and spreadsheets ------------------------------------------

PINNED = """title = "Pinned"
content_note = "Some cards touch on past hurt."

[[cards]]
id = "open"
prompt = "Before we start, what would make tonight feel safe?"
pin = "first"

[[cards]]
id = "middle"
prompt = "What made you laugh this week?"

[[cards]]
id = "close"
prompt = "To finish: one thing you appreciated tonight."
pin = "last"
"""


def test_the_loader_keeps_pins(write_deck) -> None:
    report = load_deck(write_deck(PINNED))
    assert report.problems == ()
    assert report.deck is not None
    assert [c.pin for c in report.deck.cards] == ["first", None, "last"]
    assert report.deck.content_note == "Some cards touch on past hurt."


@pytest.mark.parametrize(
    ("value", "shown"),
    [('"start"', '"start"'), ('"First"', '"First"'), ("1", "1"), ("true", "true")],
)
def test_a_bad_pin_is_said_with_its_line_and_column(write_deck, value, shown) -> None:
    text = PINNED.replace('pin = "first"', f"pin = {value}")
    report = load_deck(write_deck(text))
    assert report.deck is not None  # the other cards still play
    assert [(p.line, p.column) for p in report.problems] == [(7, 1)]
    assert report.problems[0].message == (
        f'card `open`: `pin` must be "first" or "last", got {shown}'
    )
    assert [c.id for c in report.deck.cards] == ["middle", "close"]


def test_the_cache_gives_back_pins_and_the_note(write_deck, tmp_path: Path) -> None:
    path = write_deck(
        PINNED.replace('title = "Pinned"', 'title = "Pinned"\ndealt_by_default = false')
    )
    cache = DeckCache(tmp_path / "cache")
    fresh = cache.report(path, path.read_bytes())
    warm = cache.report(path, path.read_bytes())
    assert (cache.misses, cache.hits) == (1, 1)
    assert warm == fresh
    assert warm.deck is not None
    assert [c.pin for c in warm.deck.cards] == ["first", None, "last"]
    assert warm.deck.content_note == "Some cards touch on past hurt."
    assert warm.deck.dealt_by_default is False


def test_a_saved_card_keeps_its_pin(write_deck, tmp_path: Path) -> None:
    source = load_deck(write_deck(PINNED)).deck
    assert source is not None
    session = new_session([source], ("Ana", "Ben"), cards=None, seed=3)
    target = tmp_path / "save.toml"
    target.write_bytes(to_toml(session))
    again = load(target)
    assert [c.pin for c in again.hand] == ["first", None, "last"]
    assert again.hand == session.hand


def test_a_save_without_pins_still_loads() -> None:
    old = {"deck": "d", "id": "a", "prompt": "A?", "kind": "question", "level": 1}
    assert read_card(old).pin is None


def test_a_save_with_a_wrong_pin_names_it() -> None:
    from heartline.errors import InvalidSave

    with pytest.raises(InvalidSave, match="pin"):
        read_card({"deck": "d", "id": "a", "prompt": "A?", "pin": "middle"})


def test_pins_round_trip_through_a_spreadsheet(write_deck, tmp_path: Path) -> None:
    source = load_deck(write_deck(PINNED)).deck
    assert source is not None
    exported = tmp_path / "pinned.csv"
    exported.write_text(table_text(source), encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert [row["pin"] for row in rows] == ["first", "", "last"]
    raw, problems = read_table(exported, title="Pinned")
    assert problems == [] and raw is not None
    target = tmp_path / "again" / "pinned.toml"
    target.parent.mkdir()
    write_new(target, raw, None)
    again = load_deck(target).deck
    assert again is not None
    assert [(c.id, c.pin) for c in again.cards] == [(c.id, c.pin) for c in source.cards]


def test_a_spreadsheet_with_a_bad_pin_names_the_row(tmp_path: Path) -> None:
    table = tmp_path / "bad.csv"
    table.write_text("prompt,pin\nHello?,first\nThere?,middle\n", encoding="utf-8")
    raw, problems = read_table(table)
    assert raw is None
    assert problems == [
        f'{table}:3: row 3: card `there`: `pin` must be "first" or "last", got "middle"'
    ]


# --- the shipped decks ---------------------------------------------------------------------

SHIPPED = sorted((Path(__file__).resolve().parent.parent / "decks").glob("*.toml"))


@pytest.mark.parametrize("path", SHIPPED, ids=[path.stem for path in SHIPPED])
def test_a_shipped_decks_pins_hold_in_every_deal(path: Path) -> None:
    source = load_deck(path).deck
    assert source is not None
    for seed in range(25):
        for count in (2, 3, 5, 10, None):
            settings_ = DealSettings(seed=seed, cards=count)
            hand, reserve = deal([source], settings_)
            check_pins([source], settings_, hand, reserve)
