"""Dealing: each deck order, seeds, filters, several decks, and the reserve."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from heartline.cards import Deck
from heartline.dealing import deal, eligible
from heartline.deck import load_deck
from heartline.session import DealSettings
from helpers import card, deck


def five_per_level(deck_id: str = "test", order: str = "escalate") -> Deck:
    cards = [card(f"l{level}-{n}", level=level) for level in (1, 2, 3) for n in range(5)]
    return deck(deck_id, cards, order=order)


def ids(cards) -> list[str]:
    return [c.id for c in cards]


def keys(cards) -> list[str]:
    return [c.key for c in cards]


# --- escalate --------------------------------------------------------------------------------


def test_escalate_deals_lighter_levels_first() -> None:
    hand, reserve = deal([five_per_level()], DealSettings(seed=1))
    assert [c.level for c in hand] == [1] * 5 + [2] * 5 + [3] * 5
    assert reserve == []


def test_escalate_shuffles_within_each_level() -> None:
    source = five_per_level()
    orders = {tuple(ids(deal([source], DealSettings(seed=seed))[0])) for seed in range(10)}
    assert len(orders) >= 9
    for order in orders:
        levels = [int(card_id[1]) for card_id in order]
        assert levels == sorted(levels)


def test_a_short_escalating_session_takes_cards_from_every_level() -> None:
    source = five_per_level()
    for seed in range(20):
        hand, _ = deal([source], DealSettings(seed=seed, cards=3))
        assert [c.level for c in hand] == [1, 2, 3]
        hand, _ = deal([source], DealSettings(seed=seed, cards=4))
        assert [c.level for c in hand] == [1, 1, 2, 3]


def test_a_short_session_skips_levels_the_deck_lacks() -> None:
    cards = [card(f"a{n}", level=1) for n in range(4)] + [card(f"c{n}", level=3) for n in range(4)]
    hand, _ = deal([deck("gap", cards)], DealSettings(seed=3, cards=2))
    assert [c.level for c in hand] == [1, 3]


# --- fixed and shuffle ----------------------------------------------------------------------


def test_fixed_keeps_the_file_order_whatever_the_seed() -> None:
    cards = [card("c3", level=3), card("a1", level=1), card("b2", level=2), card("d1", level=1)]
    source = deck("fixed", cards, order="fixed")
    for seed in range(5):
        hand, reserve = deal([source], DealSettings(seed=seed))
        assert ids(hand) == ["c3", "a1", "b2", "d1"]
        hand, reserve = deal([source], DealSettings(seed=seed, cards=2))
        assert ids(hand) == ["c3", "a1"]
        assert ids(reserve) == ["b2", "d1"]


def test_shuffle_deals_every_card_in_an_order_set_by_the_seed() -> None:
    source = five_per_level("mixed", order="shuffle")
    hands = [deal([source], DealSettings(seed=seed))[0] for seed in range(10)]
    for hand in hands:
        assert sorted(ids(hand)) == sorted(ids(source.cards))
    assert len({tuple(ids(hand)) for hand in hands}) >= 9
    # Not levels-first: some deal puts a deeper card before a lighter one.
    assert any([c.level for c in hand] != sorted(c.level for c in hand) for hand in hands)


def test_a_short_shuffled_session_takes_the_first_cards_of_the_shuffle() -> None:
    source = five_per_level("mixed", order="shuffle")
    full, _ = deal([source], DealSettings(seed=4))
    short, reserve = deal([source], DealSettings(seed=4, cards=6))
    assert ids(short) == ids(full)[:6]
    assert ids(reserve) == ids(full)[6:]


# --- seeds -----------------------------------------------------------------------------------


def test_the_same_seed_deals_the_same_cards() -> None:
    decks = [five_per_level("one"), five_per_level("two", order="shuffle")]
    first = deal(decks, DealSettings(seed=42, cards=7))
    again = deal(decks, DealSettings(seed=42, cards=7))
    assert first == again


def test_different_seeds_usually_deal_differently() -> None:
    decks = [five_per_level("one"), five_per_level("two")]
    hands = {tuple(keys(deal(decks, DealSettings(seed=seed, cards=6))[0])) for seed in range(10)}
    assert len(hands) >= 9


def test_each_deck_shuffles_with_its_own_stream() -> None:
    # Adding a deck to the session does not reshuffle the other one's cards.
    one = five_per_level("one", order="shuffle")
    two = five_per_level("two", order="shuffle")
    alone, _ = deal([one], DealSettings(seed=9))
    together, _ = deal([one, two], DealSettings(seed=9))
    assert [c for c in together if c.deck == "one"] == alone


# --- filters -----------------------------------------------------------------------------------


def test_max_level_leaves_deeper_cards_out_of_hand_and_reserve() -> None:
    source = five_per_level()
    hand, reserve = deal([source], DealSettings(seed=1, cards=3, max_level=2))
    assert {c.level for c in hand} == {1, 2}
    assert {c.level for c in hand + reserve} == {1, 2}
    assert len(hand) + len(reserve) == 10


def test_leave_out_drops_tagged_cards_ignoring_case() -> None:
    cards = [
        card("plain"),
        card("touchy", tags=["Touch"]),
        card("sad", tags=["grief", "calm"]),
        card("calm", tags=["calm"]),
    ]
    source = deck("tags", cards, order="fixed")
    hand, reserve = deal([source], DealSettings(seed=1, leave_out=("touch", "GRIEF")))
    assert ids(hand) == ["plain", "calm"]
    assert reserve == []
    assert ids(eligible(source, DealSettings(seed=0, leave_out=("calm",)))) == ["plain", "touchy"]


def test_leave_out_matches_tags_inherited_from_the_deck(write_deck) -> None:
    text = (
        'title = "T"\ntags = ["spicy"]\n'
        '[[cards]]\nid = "one"\nprompt = "a"\n'
        '[[cards]]\nid = "two"\nprompt = "b"\ntags = ["mild"]\n'
    )
    source = load_deck(write_deck(text)).deck
    assert source is not None
    assert deal([source], DealSettings(seed=1, leave_out=("spicy",))) == ([], [])
    hand, _ = deal([source], DealSettings(seed=1, leave_out=("mild",)))
    assert ids(hand) == ["one"]


def test_nothing_eligible_deals_nothing() -> None:
    source = deck("deep", [card("x", level=3)])
    assert deal([source], DealSettings(seed=1, max_level=1)) == ([], [])
    assert deal([], DealSettings(seed=1)) == ([], [])


def test_asking_for_more_cards_than_there_are_deals_them_all() -> None:
    source = five_per_level()
    hand, reserve = deal([source], DealSettings(seed=1, cards=100))
    assert len(hand) == 15
    assert reserve == []


# --- several decks -------------------------------------------------------------------------


def test_several_fixed_decks_are_interleaved() -> None:
    first = deck("aa", [card(f"a{n}") for n in range(1, 5)], order="fixed")
    second = deck("bb", [card(f"b{n}") for n in range(1, 5)], order="fixed")
    hand, reserve = deal([first, second], DealSettings(seed=1))
    assert ids(hand) == ["a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4"]
    hand, reserve = deal([first, second], DealSettings(seed=1, cards=5))
    assert ids(hand) == ["a1", "b1", "a2", "b2", "a3"]
    assert keys(reserve) == ["aa/a4", "bb/b3", "bb/b4"]


def test_the_session_length_is_shared_when_one_deck_runs_short() -> None:
    short = deck("aa", [card("a1")], order="fixed")
    long = deck("bb", [card(f"b{n}") for n in range(1, 6)], order="fixed")
    hand, reserve = deal([short, long], DealSettings(seed=1, cards=4))
    assert ids(hand) == ["a1", "b1", "b2", "b3"]
    assert ids(reserve) == ["b4", "b5"]


def test_escalating_decks_together_go_from_light_to_deep() -> None:
    decks = [five_per_level("one"), five_per_level("two")]
    hand, _ = deal(decks, DealSettings(seed=5, cards=9))
    levels = [c.level for c in hand]
    assert levels == sorted(levels)
    assert {c.deck for c in hand} == {"one", "two"}
    assert {c.level for c in hand} == {1, 2, 3}
    # Within a level the decks still take turns.
    level_one = [c.deck for c in hand if c.level == 1]
    assert level_one[:2] in (["one", "two"], ["two", "one"])


def test_a_fixed_deck_among_others_keeps_the_interleaving() -> None:
    fixed = deck("aa", [card("a3", level=3), card("a1", level=1)], order="fixed")
    rising = deck("bb", [card("b1", level=1), card("b2", level=2)])
    hand, _ = deal([fixed, rising], DealSettings(seed=1))
    assert ids(hand) == ["a3", "b1", "a1", "b2"]


# --- every deal, whatever the decks --------------------------------------------------------

ORDERS = st.sampled_from(["escalate", "fixed", "shuffle"])
LEVELS = st.lists(st.integers(1, 3), min_size=1, max_size=12)


@settings(max_examples=150, derandomize=True, deadline=None)
@given(
    decks=st.lists(st.tuples(ORDERS, LEVELS), min_size=1, max_size=3),
    seed=st.integers(0, 10**6),
    count=st.one_of(st.none(), st.integers(1, 40)),
    max_level=st.integers(1, 3),
)
def test_a_deal_is_a_split_of_the_eligible_cards(decks, seed, count, max_level) -> None:
    built = [
        deck(f"d{n}", [card(f"c{i}", level=level) for i, level in enumerate(levels)], order=order)
        for n, (order, levels) in enumerate(decks)
    ]
    settings_ = DealSettings(seed=seed, cards=count, max_level=max_level)
    hand, reserve = deal(built, settings_)
    pool = [c.key for d in built for c in eligible(d, settings_)]
    assert len(set(keys(hand))) == len(hand)
    assert sorted(keys(hand) + keys(reserve)) == sorted(pool)
    assert len(hand) == (len(pool) if count is None else min(count, len(pool)))
    assert deal(built, settings_) == (hand, reserve)
    if all(order == "escalate" for order, _ in decks):
        assert [c.level for c in hand] == sorted(c.level for c in hand)
    if len(built) == 1 and decks[0][0] == "escalate":
        present = {c.level for c in eligible(built[0], settings_)}
        if count is not None and count >= len(present):
            assert {c.level for c in hand} == present
