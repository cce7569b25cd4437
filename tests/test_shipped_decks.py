"""The decks that ship with heartline: clean, full, and covering every tip."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SHIPPED_DECKS
from heartline.cards import LEVELS, TIPS, Deck
from heartline.cli import DEFAULT_DECK
from heartline.deck import load_deck
from heartline.locations import shipped_decks_dir

FILES = sorted(SHIPPED_DECKS.glob("*.toml"))


def shipped(deck_id: str) -> Deck:
    deck = load_deck(SHIPPED_DECKS / f"{deck_id}.toml").deck
    assert deck is not None
    return deck


def test_the_shipped_decks_are_found() -> None:
    assert shipped_decks_dir().resolve() == SHIPPED_DECKS.resolve()
    assert len(FILES) >= len(TIPS)
    assert (SHIPPED_DECKS / f"{DEFAULT_DECK}.toml").is_file()


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_a_shipped_deck_is_clean_and_full(path: Path) -> None:
    report = load_deck(path)
    assert report.problems == ()
    deck = report.deck
    assert deck is not None
    # A ritual in a fixed order (a weekly check-in) may be shorter: it is played whole.
    assert len(deck.cards) >= (10 if deck.order == "fixed" else 15)
    assert deck.how_to and deck.how_to.strip()
    assert deck.description and deck.description.strip()
    assert deck.levels == LEVELS
    assert deck.skippable


def test_every_tip_has_a_deck() -> None:
    decks = [load_deck(path).deck for path in FILES]
    tips = {deck.tip for deck in decks if deck is not None}
    assert set(TIPS) <= tips


def test_shipped_titles_are_distinct() -> None:
    titles = [shipped(path.stem).title.casefold() for path in FILES]
    assert len(titles) == len(set(titles))


def test_communication_has_mirror_cards() -> None:
    assert sum(card.kind == "mirror" for card in shipped("communication").cards) >= 2


def test_dreams_and_goals_has_guess_cards() -> None:
    assert any(card.kind == "guess" for card in shipped("dreams-and-goals").cards)


@pytest.mark.parametrize("deck_id", ["physical-affection", "quality-time"])
def test_touch_and_time_decks_have_timed_exercises(deck_id: str) -> None:
    timed = [c for c in shipped(deck_id).cards if c.kind == "exercise" and c.seconds]
    assert len(timed) >= 2
