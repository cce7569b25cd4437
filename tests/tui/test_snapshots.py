"""Snapshots of the main screens at 80x24; review changes with `pytest --snapshot-update`."""

from __future__ import annotations

import pytest

from heartline.session import StepKind

from .conftest import SIZE

# Answers that bring a session to the first step of each kind of card in the all-kinds deck.
TO_KIND = {
    "question": [],
    "mirror": ["Autumn", ""],
    "guess": ["Autumn", "", "Work was a lot", "A heavy week", "yes"],
    "exercise": ["Autumn", "", "Work was a lot", "A heavy week", "yes", "Lisbon", "Kyoto", "close"],
}


def advance(session, inputs):
    for text in inputs:
        session.choose(text) if session.step.choices else session.submit(text)


def test_home(snap_compare, build_app):
    assert snap_compare(build_app(), terminal_size=SIZE)


def test_new_game(snap_compare, build_app):
    async def names(pilot):
        await pilot.press("n")
        await pilot.press(*"Ana")
        await pilot.press("enter")
        await pilot.press(*"Ben")
        await pilot.pause()

    assert snap_compare(build_app(), terminal_size=SIZE, run_before=names)


@pytest.mark.parametrize("size", [(40, 12), SIZE, (120, 40)], ids=["40x12", "80x24", "120x40"])
@pytest.mark.parametrize("kind", list(TO_KIND))
def test_play_each_card_kind(snap_compare, build_app, make_session, store, kind, size):
    session = make_session()
    advance(session, TO_KIND[kind])
    assert session.current.card.kind == kind
    path = store.save(session)
    assert snap_compare(build_app(session=session, save_path=path), terminal_size=size)


def test_mirror_rating(snap_compare, build_app, make_session, store):
    session = make_session()
    advance(session, ["Autumn", "", "Work was a lot", "A heavy week"])
    assert session.step.kind is StepKind.RATE
    path = store.save(session)
    assert snap_compare(build_app(session=session, save_path=path), terminal_size=SIZE)


def test_guess_reveal(snap_compare, build_app, make_session, store):
    session = make_session()
    advance(session, [*TO_KIND["guess"], "Lisbon", "Kyoto"])
    assert session.step.kind is StepKind.REVEAL
    path = store.save(session)
    assert snap_compare(build_app(session=session, save_path=path), terminal_size=SIZE)


def test_summary(snap_compare, build_app, make_session, store):
    session = make_session()
    advance(session, [*TO_KIND["exercise"], "Held hands", "A calm month"])
    session.favorite(index=2)
    advance(session, ["Your calm", "Your laugh"])
    assert session.finished
    path = store.save(session)

    async def to_summary(pilot):
        await pilot.pause()
        await pilot.click("#to-summary")
        await pilot.pause()

    assert snap_compare(
        build_app(session=session, save_path=path), terminal_size=SIZE, run_before=to_summary
    )
