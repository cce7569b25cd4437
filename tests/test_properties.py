"""Properties that hold for any text and any sequence of actions (hypothesis)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from heartline.journal import escaped, export, inline
from heartline.session import ActionRefused, Role, Session, StepKind, card_step, check_names
from heartline.store import Store, load
from heartline.text import printable
from helpers import every_kind_hand, session

SETTINGS = settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NAME = st.text(min_size=1, max_size=40).filter(lambda name: name.strip())
NAMES = st.tuples(NAME, NAME).filter(
    lambda pair: pair[0].strip().casefold() != pair[1].strip().casefold()
)
TEXT = st.text(max_size=200)


def check_invariants(game: Session) -> None:
    """What must be true of a session after any action."""
    assert 0 <= game.position <= len(game.slots)
    assert len(game.closing) <= 2
    if len(game.closing) == 2:
        assert game.finished
    if game.finished:
        assert game.step.kind is StepKind.DONE
    for index, slot in enumerate(game.slots):
        assert slot.lead == index % 2
        if slot.outcome == "done":
            # Done: answered through, or passed at a rating step (played, not rated).
            step = card_step(slot)
            assert step is None or step.choices
        if index > game.position:
            assert slot.outcome == "open"
            assert not slot.replies
        if slot.card.kind == "guess" and len(slot.replies) < 2:
            hidden = [a for a in game.visible_answers(slot) if a.role is Role.ANSWER]
            assert hidden == []
    current = game.current
    if current is not None and not game.finished:
        assert card_step(current) is not None
        assert current.outcome == "open"


def round_trip(game: Session) -> Session:
    with tempfile.TemporaryDirectory() as folder:
        path = Store(Path(folder)).save(game)
        return load(path)


@SETTINGS
@given(names=NAMES, answers=st.lists(TEXT, min_size=1, max_size=12), notes=st.lists(TEXT))
def test_any_text_survives_submit_save_load_resume_and_export(names, answers, notes) -> None:
    game = session(every_kind_hand(), names=names)
    written: list[str] = []
    for text in answers:
        if game.finished:
            break
        if game.step.choices:
            game.choose(game.step.choices[-1])
        if game.step.private and not text.strip():
            continue  # a secret needs words
        game.submit(text)
        written.append(text)
    kept_notes = [note for note in notes if note.strip()]
    for note in kept_notes:
        game.add_note(note, by=0)
    loaded = round_trip(game)
    assert loaded.state() == game.state()
    assert loaded.partners == check_names(names)
    texts = [a.text for slot in loaded.slots for a in slot.answers if a.role is not Role.NOTE]
    texts += [a.text for a in loaded.closing]
    for text in written:
        assert text in texts
    # Resume: the loaded session carries on exactly as the original does.
    if not game.finished:
        for twin in (game, loaded):
            if twin.step.choices:
                twin.choose(twin.step.choices[0])
            else:
                twin.submit("and then")
        assert [a.text for a in loaded.log] == [a.text for a in game.log]
    journal = export(loaded)
    assert inline(loaded.partners[0]) in journal
    shown = [a.text for slot in loaded.slots for a in loaded.visible_answers(slot)]
    # Appreciations are revealed together: the journal shows them once both are written.
    revealed = [a.text for a in loaded.closing] if loaded.finished else []
    for text in [*shown, *revealed]:
        if not text.strip():
            continue
        for line in escaped(printable(text)).split("\n"):
            assert line in journal


ACTION = st.one_of(
    st.tuples(st.just("submit"), TEXT),
    st.tuples(st.just("choose"), st.integers(0, 2)),
    st.tuples(st.sampled_from(["pass", "swap", "favorite", "finish", "takeback"]), st.none()),
    st.tuples(st.just("note"), TEXT),
    st.tuples(st.just("favorite-any"), st.integers(-1, 6)),
)


@SETTINGS
@given(actions=st.lists(ACTION, max_size=60))
def test_random_actions_never_break_the_session_and_always_resume(actions) -> None:
    hand = every_kind_hand()
    game = session(hand[:4], reserve=hand[4:])
    for name, value in actions:
        try:
            if name == "submit":
                game.submit(value)
            elif name == "choose":
                choices = game.step.choices or ("yes",)
                game.choose(choices[value % len(choices)])
            elif name == "pass":
                game.pass_card()
            elif name == "swap":
                game.swap_card()
            elif name == "favorite":
                game.favorite()
            elif name == "finish":
                game.finish_early()
            elif name == "takeback":
                game.take_back()
            elif name == "note":
                game.add_note(value)
            else:
                game.favorite(index=value)
        except ActionRefused:
            pass
        check_invariants(game)
    loaded = round_trip(game)
    assert loaded.state()["slots"] == game.state()["slots"]
    assert loaded.state()["log"] == game.state()["log"]
    assert loaded.position == game.position and loaded.finished == game.finished
    check_invariants(loaded)
