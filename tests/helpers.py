"""Shared helpers: small in-memory decks, a fixed clock, and a way to play to any step."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from heartline.cards import Card, Deck
from heartline.deck import load_deck
from heartline.session import DealSettings, DeckRef, Session, StepKind

START = datetime(2026, 2, 14, 20, 0, tzinfo=UTC)

DECK_HEADER = 'title = "Test deck"\n'
GOOD_CARD = '\n[[cards]]\nid = "good"\nprompt = "What made you smile today?"\n'


def card(
    card_id: str,
    *,
    deck: str = "test",
    kind: str = "question",
    level: int = 1,
    answer: str = "both",
    seconds: int | None = None,
    tags: Iterable[str] = (),
    skippable: bool = True,
    prompt: str | None = None,
    follow_up: str | None = None,
    pin: str | None = None,
) -> Card:
    """One card, with a prompt made from its id unless given."""
    return Card(
        deck=deck,
        id=card_id,
        prompt=prompt if prompt is not None else f"Prompt of {card_id}?",
        kind=kind,
        level=level,
        answer=answer,
        seconds=seconds,
        follow_up=follow_up,
        tags=tuple(tags),
        skippable=skippable,
        deck_title=f"Deck {deck}",
        pin=pin,
    )


def deck(
    deck_id: str = "test",
    cards: Sequence[Card] | None = None,
    *,
    order: str = "escalate",
    skippable: bool = True,
    title: str | None = None,
    content_note: str | None = None,
    dealt_by_default: bool = True,
) -> Deck:
    """A deck holding `cards` (re-homed to this deck), or three cards at each level."""
    if cards is None:
        cards = [card(f"l{level}-{n}", level=level) for level in (1, 2, 3) for n in range(1, 4)]
    title = title or f"Deck {deck_id}"
    own = tuple(replace(c, deck=deck_id, skippable=skippable, deck_title=title) for c in cards)
    return Deck(
        id=deck_id,
        path=Path(f"/nowhere/{deck_id}.toml"),
        title=title,
        cards=own,
        order=order,
        skippable=skippable,
        digest=f"digest-{deck_id}",
        content_note=content_note,
        dealt_by_default=dealt_by_default,
    )


class Clock:
    """A clock that starts at START and moves `step` forward each time it is read."""

    def __init__(self, start: datetime = START, step: timedelta = timedelta(minutes=1)):
        self.now = start
        self.step = step

    def __call__(self) -> datetime:
        self.now += self.step
        return self.now


def session(
    hand: Sequence[Card],
    *,
    names: Sequence[str] = ("Ana", "Ben"),
    reserve: Sequence[Card] = (),
    decks: Sequence[Deck] = (),
    clock: Clock | None = None,
    seed: int = 7,
    cards: int | None = None,
) -> Session:
    """A session on `hand` with a fixed clock."""
    clock = clock or Clock()
    return Session(
        names,
        hand,
        decks=[DeckRef(d.id, d.title, d.digest) for d in decks],
        reserve=reserve,
        settings=DealSettings(seed=seed, cards=cards),
        started=START,
        clock=clock,
    )


def every_kind_hand(deck_id: str = "test") -> list[Card]:
    """A hand with each kind of card, so playing it through meets every step kind."""
    return [
        card("q-both", deck=deck_id, kind="question", level=1),
        card("m-mirror", deck=deck_id, kind="mirror", level=1),
        card("g-guess", deck=deck_id, kind="guess", level=2),
        card("e-exercise", deck=deck_id, kind="exercise", level=2, seconds=60),
        card("q-lead", deck=deck_id, kind="question", level=3, answer="lead"),
    ]


def advance(game: Session) -> None:
    """Take the obvious next move: write something, or choose.

    Mirror cards are rated "partly" in their first round, so a clarification follows.
    """
    step = game.step
    if step.kind is StepKind.DONE:
        raise AssertionError("the session is already finished")
    if step.kind is StepKind.RATE:
        game.choose("partly" if step.round == 1 else "yes")
    elif step.kind is StepKind.REVEAL:
        game.choose("close")
    else:
        game.submit(f"{step.kind} by {step.partner} #{len(game.log)}")


def play_to(game: Session, kind: StepKind, limit: int = 100) -> Session:
    """Advance until the step asked of the partners is of `kind`."""
    for _ in range(limit):
        if game.step.kind is kind:
            return game
        advance(game)
    raise AssertionError(f"never reached a {kind} step")


def resolver(*decks: Deck) -> Callable[[str], Card | None]:
    """Turn `deck/card` keys back into cards, as the CLI does with its library."""
    cards = {c.key: c for d in decks for c in d.cards}
    return cards.get


def own_cards(path: Path) -> list[tuple[Any, ...]]:
    """A deck's cards as the game sees them, without the tags they inherit from the deck."""
    deck = load_deck(path).deck
    assert deck is not None
    return [
        (
            card.id,
            card.prompt,
            card.kind,
            card.level,
            card.answer,
            card.seconds,
            card.follow_up,
            tuple(tag for tag in card.tags if tag not in deck.tags),
        )
        for card in deck.cards
    ]


class Now:
    """The trash's clock, set by hand."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def trash_clock(monkeypatch: Any, moment: datetime) -> Now:
    """The trash's clock stopped at `moment` for one test (move it with `.moment`)."""
    from heartline import trash

    fixed = Now(moment)
    monkeypatch.setattr(trash, "now", fixed)
    return fixed
