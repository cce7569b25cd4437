"""Dealing: which cards a session plays, in which order, the same for the same seed."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from heartline.cards import Card, Deck
from heartline.session import DealSettings, DeckRef, Session


def eligible(deck: Deck, settings: DealSettings) -> list[Card]:
    """The deck's cards at or below the maximum level and without a left-out tag.

    A tag is left out exactly, ignoring case: leaving out `touch` leaves `no-touch` and
    `touch-talk` in.
    """
    leave_out = {tag.strip().casefold() for tag in settings.leave_out}
    return [
        card
        for card in deck.cards
        if card.level <= settings.max_level
        and not any(tag.casefold() in leave_out for tag in card.tags)
    ]


def _ordered(
    deck: Deck, cards: list[Card], rng: random.Random, seen: Mapping[str, float]
) -> list[Card]:
    """The deck's cards in the order it plays them, the freshest first within that order:
    cards this couple has never seen, then the ones seen longest ago. A deck in a fixed
    order is a ritual (repair, a weekly check-in): always in its own order, seen or not."""

    def freshness(card: Card) -> tuple[int, float]:
        when = seen.get(card.key)
        return (0, 0.0) if when is None else (1, when)

    if deck.order == "fixed":
        return list(cards)
    if deck.order == "shuffle":
        shuffled = list(cards)
        rng.shuffle(shuffled)
        return sorted(shuffled, key=freshness)
    out: list[Card] = []
    for level in sorted({card.level for card in cards}):
        same = [card for card in cards if card.level == level]
        rng.shuffle(same)
        out.extend(sorted(same, key=freshness))
    return out


def _pick(deck: Deck, ordered: list[Card], count: int) -> list[Card]:
    """`count` cards of a deck's ordered cards; escalating decks take from every level."""
    if count >= len(ordered):
        return list(ordered)
    if deck.order != "escalate":
        return ordered[:count]
    by_level: dict[int, list[Card]] = {}
    for card in ordered:
        by_level.setdefault(card.level, []).append(card)
    # Take one card from each level in turn, so a short session still goes deeper.
    taken: list[Card] = []
    levels = sorted(by_level)
    depth = 0
    while len(taken) < count:
        for level in levels:
            if depth < len(by_level[level]) and len(taken) < count:
                taken.append(by_level[level][depth])
        depth += 1
    chosen = {id(card) for card in taken}
    return [card for card in ordered if id(card) in chosen]


@dataclass(frozen=True)
class _Share:
    """What one deck deals: its pinned-first cards, the cards between, its pinned-last cards."""

    first: list[Card]
    middle: list[Card]
    last: list[Card]


def _share(deck: Deck, eligible_cards: list[Card], ordered: list[Card], count: int) -> _Share:
    """`count` cards of a deck: its pinned cards always (first ones before last ones when
    there is no room for all), in the file's order; the rest of the share as the deck plays."""
    first = [card for card in eligible_cards if card.pin == "first"][:count]
    last = [card for card in eligible_cards if card.pin == "last"][: count - len(first)]
    free = [card for card in ordered if card.pin is None]
    return _Share(first, _pick(deck, free, count - len(first) - len(last)), last)


def deal(
    decks: Sequence[Deck], settings: DealSettings, seen: Mapping[str, float] | None = None
) -> tuple[list[Card], list[Card]]:
    """The session's hand, in play order, and the reserve that swaps draw from.

    Each deck orders its own cards (escalate, fixed or shuffle). The session's length is
    shared out between the decks in turn, and their cards are interleaved. When every deck
    escalates, the hand as a whole goes from light to deep. `seen` says when the couple
    last saw each card (a POSIX timestamp): unseen cards come first, then the longest ago.
    The same seed and the same `seen` always deal the same hand.

    Pinned cards are dealt in every share with room for them, seen or not. The cards pinned
    first open the session and the cards pinned last close it, deck by deck in the order the
    decks were chosen, around the interleaved rest: so each is first or last in its deck's
    share, and an opening (or closing) card is never left in the middle of the evening by
    another deck's lighter cards. A pinned card is never in the reserve: it is not swapped in.
    """
    seen = seen or {}
    pools = [eligible(deck, settings) for deck in decks]
    ordered = [
        _ordered(deck, pool, random.Random(f"{settings.seed}:{deck.id}"), seen)
        for deck, pool in zip(decks, pools, strict=True)
    ]
    total = sum(len(cards) for cards in ordered)
    wanted = total if settings.cards is None else min(settings.cards, total)
    quotas = [0] * len(ordered)
    remaining = wanted
    while remaining:
        for index, cards in enumerate(ordered):
            if remaining and quotas[index] < len(cards):
                quotas[index] += 1
                remaining -= 1
    shares = [
        _share(deck, pool, cards, quota)
        for deck, pool, cards, quota in zip(decks, pools, ordered, quotas, strict=True)
    ]
    middle: list[Card] = []
    for depth in range(max((len(share.middle) for share in shares), default=0)):
        middle.extend(share.middle[depth] for share in shares if depth < len(share.middle))
    if decks and all(deck.order == "escalate" for deck in decks):
        middle.sort(key=lambda card: card.level)
    hand = [
        *(card for share in shares for card in share.first),
        *middle,
        *(card for share in shares for card in share.last),
    ]
    in_hand = {card.key for card in hand}
    reserve = [
        card for cards in ordered for card in cards if card.key not in in_hand and card.pin is None
    ]
    return hand, reserve


def new_session(
    decks: Sequence[Deck],
    partners: Sequence[str],
    *,
    cards: int | None = 10,
    max_level: int = 3,
    seed: int | None = None,
    leave_out: Sequence[str] = (),
    first_lead: int = 0,
    seen: Mapping[str, float] | None = None,
) -> Session:
    """Deal a session from `decks`: the one way the CLI and the screens start a game.

    `seen`: when the couple last saw each card (fresh cards first); None deals as if new.
    """
    settings = DealSettings(
        seed=secrets.randbelow(1_000_000) if seed is None else seed,
        cards=cards,
        max_level=max_level,
        leave_out=tuple(leave_out),
        first_lead=first_lead,
    )
    hand, reserve = deal(decks, settings, seen)
    return Session(
        partners,
        hand,
        decks=[DeckRef(deck.id, deck.title, deck.digest) for deck in decks],
        reserve=reserve,
        settings=settings,
    )
