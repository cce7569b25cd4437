"""Dealing: which cards a session plays, in which order, the same for the same seed."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence

from heartline.cards import Card, Deck
from heartline.session import DealSettings, DeckRef, Session


def eligible(deck: Deck, settings: DealSettings) -> list[Card]:
    """The deck's cards at or below the maximum level and without a left-out tag."""
    leave_out = {tag.casefold() for tag in settings.leave_out}
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
    cards this couple has never seen, then the ones seen longest ago."""

    def freshness(card: Card) -> tuple[int, float]:
        when = seen.get(card.key)
        return (0, 0.0) if when is None else (1, when)

    if deck.order == "fixed":
        return sorted(cards, key=freshness)  # where they left off, in the deck's order
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


def deal(
    decks: Sequence[Deck], settings: DealSettings, seen: Mapping[str, float] | None = None
) -> tuple[list[Card], list[Card]]:
    """The session's hand, in play order, and the reserve that swaps draw from.

    Each deck orders its own cards (escalate, fixed or shuffle). The session's length is
    shared out between the decks in turn, and their cards are interleaved. When every deck
    escalates, the hand as a whole goes from light to deep. `seen` says when the couple
    last saw each card (a POSIX timestamp): unseen cards come first, then the longest ago.
    The same seed and the same `seen` always deal the same hand.
    """
    seen = seen or {}
    ordered = [
        _ordered(deck, eligible(deck, settings), random.Random(f"{settings.seed}:{deck.id}"), seen)
        for deck in decks
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
    picked = [
        _pick(deck, cards, quota) for deck, cards, quota in zip(decks, ordered, quotas, strict=True)
    ]
    hand: list[Card] = []
    for depth in range(max((len(cards) for cards in picked), default=0)):
        hand.extend(cards[depth] for cards in picked if depth < len(cards))
    if decks and all(deck.order == "escalate" for deck in decks):
        hand.sort(key=lambda card: card.level)
    in_hand = {card.key for card in hand}
    reserve = [card for cards in ordered for card in cards if card.key not in in_hand]
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
