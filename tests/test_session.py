"""The engine: turns for every card kind, pass and swap, favorites, notes, the closing ritual."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from heartline.session import (
    GUESS_MARKS,
    UNDERSTOOD,
    Action,
    ActionRefused,
    Role,
    Session,
    StepKind,
    check_names,
    replay,
    time_together,
)
from helpers import START, Clock, advance, card, every_kind_hand, play_to, session


def turn(game: Session) -> tuple[StepKind, int | None, Role | None]:
    step = game.step
    return step.kind, step.partner, step.role


# --- names -----------------------------------------------------------------------------------


def test_names_are_trimmed() -> None:
    assert check_names(["  Ana ", "\tBen\n"]) == ("Ana", "Ben")
    assert session([card("a")], names=(" Ana", "Ben ")).partners == ("Ana", "Ben")


def test_a_name_may_have_forty_characters() -> None:
    assert check_names(["a" * 40, "b"]) == ("a" * 40, "b")


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (["Ana", ""], "each partner needs a name"),
        (["   ", "Ben"], "each partner needs a name"),
        (["a" * 41, "Ben"], "at most 40 characters"),
        (["Ana", "ana"], "must differ"),
        (["Ana ", " ANA"], "must differ"),
        (["Ana"], "two partners"),
        (["Ana", "Ben", "Cy"], "two partners"),
    ],
    ids=["empty", "blank", "too long", "same", "same after trimming", "one", "three"],
)
def test_names_that_will_not_do_are_refused(names: list[str], words: str) -> None:
    with pytest.raises(ActionRefused, match=words):
        check_names(names)
    with pytest.raises(ActionRefused, match=words):
        session([card("a")], names=names)


def test_a_session_needs_cards() -> None:
    with pytest.raises(ActionRefused, match="no cards fit"):
        session([])


# --- whose turn it is --------------------------------------------------------------------------


def test_the_lead_alternates_starting_with_the_first_partner() -> None:
    game = session([card(f"c{n}") for n in range(5)])
    assert [slot.lead for slot in game.slots] == [0, 1, 0, 1, 0]


def test_question_both_answer_lead_first() -> None:
    game = session([card("one"), card("two")])
    assert turn(game) == (StepKind.ANSWER, 0, Role.ANSWER)
    game.submit("mine")
    assert turn(game) == (StepKind.ANSWER, 1, Role.ANSWER)
    game.submit("yours")
    assert game.slots[0].outcome == "done"
    assert game.position == 1
    # The second card is led by the second partner.
    assert turn(game) == (StepKind.ANSWER, 1, Role.ANSWER)
    game.submit("b")
    assert turn(game) == (StepKind.ANSWER, 0, Role.ANSWER)
    assert [(a.by, a.role, a.text) for a in game.slots[0].answers] == [
        (0, Role.ANSWER, "mine"),
        (1, Role.ANSWER, "yours"),
    ]


def test_question_for_the_lead_only_takes_one_answer() -> None:
    game = session([card("solo", answer="lead"), card("next")])
    game.submit("only me")
    assert game.slots[0].outcome == "done"
    assert game.position == 1


def test_an_empty_answer_means_it_was_said_aloud() -> None:
    game = session([card("one")])
    game.submit("")
    game.submit("  ")
    assert [a.aloud for a in game.slots[0].answers] == [True, True]
    assert game.slots[0].outcome == "done"


def test_mirror_understood_at_once() -> None:
    game = session([card("m", kind="mirror"), card("next")])
    assert turn(game) == (StepKind.ANSWER, 0, Role.ANSWER)
    game.submit("I felt proud")
    assert turn(game) == (StepKind.REFLECT, 1, Role.REFLECTION)
    assert game.step.round == 1
    game.submit("You felt proud")
    assert turn(game) == (StepKind.RATE, 0, Role.RATING)
    assert game.step.choices == UNDERSTOOD == ("yes", "partly", "not yet")
    game.choose("yes")
    assert game.slots[0].outcome == "done"
    assert [a.role for a in game.slots[0].answers] == [
        Role.ANSWER,
        Role.REFLECTION,
        Role.RATING,
    ]


@pytest.mark.parametrize("not_quite", ["partly", "not yet"])
def test_mirror_not_understood_asks_for_a_clarification(not_quite: str) -> None:
    game = session([card("m", kind="mirror"), card("next")])
    game.submit("answer")
    game.submit("reflection")
    game.choose(not_quite)
    assert turn(game) == (StepKind.CLARIFY, 0, Role.CLARIFICATION)
    game.submit("what I meant")
    assert turn(game) == (StepKind.REFLECT, 1, Role.REFLECTION)
    assert game.step.round == 2
    game.submit("so you meant")
    assert turn(game) == (StepKind.RATE, 0, Role.RATING)
    assert game.step.round == 2
    game.choose("yes")
    assert game.slots[0].outcome == "done"


def test_mirror_stops_after_three_rounds() -> None:
    game = session([card("m", kind="mirror"), card("next")])
    game.submit("answer")
    for round_ in (1, 2, 3):
        assert turn(game) == (StepKind.REFLECT, 1, Role.REFLECTION)
        assert game.step.round == round_
        game.submit(f"reflection {round_}")
        assert game.step.kind is StepKind.RATE
        assert game.step.round == round_
        game.choose("not yet")
        if round_ < 3:
            assert turn(game) == (StepKind.CLARIFY, 0, Role.CLARIFICATION)
            game.submit(f"clarification {round_}")
    assert game.slots[0].outcome == "done"
    assert game.position == 1
    roles = [a.role for a in game.slots[0].answers]
    assert roles.count(Role.RATING) == 3
    assert roles.count(Role.CLARIFICATION) == 2


def test_mirror_led_by_the_second_partner() -> None:
    game = session([card("q", answer="lead"), card("m", kind="mirror")])
    game.submit("x")
    assert turn(game) == (StepKind.ANSWER, 1, Role.ANSWER)
    game.submit("x")
    assert turn(game) == (StepKind.REFLECT, 0, Role.REFLECTION)
    game.submit("x")
    assert turn(game) == (StepKind.RATE, 1, Role.RATING)


def test_guess_hides_the_answer_until_the_guess_is_in() -> None:
    game = session([card("g", kind="guess"), card("next")])
    step = game.step
    assert (step.kind, step.partner, step.private) == (StepKind.ANSWER, 0, True)
    game.submit("pizza")
    slot = game.slots[0]
    assert game.visible_answers(slot) == []
    game.add_note("we laughed", by=None)
    assert [a.text for a in game.visible_answers(slot)] == ["we laughed"]
    assert turn(game) == (StepKind.GUESS, 1, Role.GUESS)
    assert not game.step.private
    game.submit("pasta")
    assert [a.text for a in game.visible_answers(slot)] == ["pizza", "we laughed", "pasta"]
    assert turn(game) == (StepKind.REVEAL, 0, Role.RATING)
    assert game.step.choices == GUESS_MARKS == ("spot on", "close", "not quite")
    game.choose("close")
    assert slot.outcome == "done"
    assert [a.text for a in slot.replies] == ["pizza", "pasta", "close"]


def test_visible_answers_of_other_kinds_show_everything() -> None:
    game = session([card("q"), card("next")])
    game.submit("seen at once")
    assert [a.text for a in game.visible_answers(game.slots[0])] == ["seen at once"]


def test_exercise_is_one_step_for_both() -> None:
    game = session([card("e", kind="exercise", seconds=60), card("next")])
    step = game.step
    assert (step.kind, step.partner, step.role) == (StepKind.EXERCISE, None, Role.ANSWER)
    game.submit("")
    assert game.slots[0].outcome == "done"
    assert game.slots[0].answers[0].by is None


def test_choices_and_writing_are_not_mixed_up() -> None:
    game = session([card("m", kind="mirror")])
    with pytest.raises(ActionRefused, match="choose one of"):
        game.choose("yes")  # nothing to choose yet
    game.submit("answer")
    game.submit("reflection")
    with pytest.raises(ActionRefused, match="choose one of: yes, partly, not yet"):
        game.submit("a written rating")
    with pytest.raises(ActionRefused, match="choose one of"):
        game.choose("spot on")
    assert game.step.kind is StepKind.RATE
    assert len(game.log) == 2


# --- the closing ritual --------------------------------------------------------------------


def test_closing_ritual_asks_each_partner_for_an_appreciation() -> None:
    game = session([card("only", answer="lead")])
    game.submit("done")
    assert game.in_closing
    assert game.current is None
    step = game.step
    assert (step.kind, step.partner, step.role, step.private) == (
        StepKind.APPRECIATE,
        0,
        Role.APPRECIATION,
        True,
    )
    game.submit("thank you for listening")
    assert (game.step.kind, game.step.partner) == (StepKind.APPRECIATE, 1)
    game.submit("your patience")
    assert game.step.kind is StepKind.DONE
    assert game.finished and not game.in_closing
    assert [(a.by, a.role, a.text) for a in game.closing] == [
        (0, Role.APPRECIATION, "thank you for listening"),
        (1, Role.APPRECIATION, "your patience"),
    ]


def test_a_finished_session_refuses_play_but_keeps_favorites_and_notes() -> None:
    game = play_to(session([card("a"), card("b")]), StepKind.DONE)
    for attempt in (
        lambda: game.submit("more"),
        lambda: game.choose("yes"),
        game.pass_card,
        game.swap_card,
        game.finish_early,
    ):
        with pytest.raises(ActionRefused):
            attempt()
    game.favorite(0)
    game.add_note("still thinking about this", by=1, index=1)
    assert game.slots[0].favorite
    assert game.slots[1].notes[0].text == "still thinking about this"
    assert game.step.kind is StepKind.DONE


def test_finish_early_goes_to_the_closing_ritual_then_ends() -> None:
    game = session([card("a"), card("b"), card("c")])
    game.submit("half")
    game.finish_early()
    assert game.in_closing
    assert game.step.kind is StepKind.APPRECIATE
    assert [slot.outcome for slot in game.slots] == ["open", "open", "open"]
    game.submit("thanks")
    game.finish_early()
    assert game.finished
    assert game.step.kind is StepKind.DONE
    assert len(game.closing) == 1


# --- pass and swap -----------------------------------------------------------------------------


def test_pass_moves_on_and_keeps_the_leads() -> None:
    game = session([card("a"), card("b"), card("c")])
    game.pass_card()
    assert game.slots[0].outcome == "passed"
    assert game.position == 1
    assert turn(game) == (StepKind.ANSWER, 1, Role.ANSWER)
    assert game.count("passed") == 1


def test_a_card_can_be_passed_after_answers() -> None:
    game = session([card("a"), card("b")])
    game.submit("started")
    game.pass_card()
    assert game.slots[0].outcome == "passed"
    assert game.slots[0].answers[0].text == "started"


def test_cards_of_a_deck_played_in_order_cannot_be_passed_or_swapped() -> None:
    hand = [card("a", skippable=False), card("b", skippable=False)]
    game = session(hand, reserve=[card("c", skippable=False)])
    with pytest.raises(ActionRefused, match="can't be passed"):
        game.pass_card()
    with pytest.raises(ActionRefused, match="can't be swapped"):
        game.swap_card()
    assert game.position == 0 and game.log == []


def test_pass_and_swap_need_a_card() -> None:
    game = play_to(session([card("a")], reserve=[card("b")]), StepKind.APPRECIATE)
    with pytest.raises(ActionRefused, match="no card to pass"):
        game.pass_card()
    with pytest.raises(ActionRefused, match="no card to swap"):
        game.swap_card()


def test_swap_takes_a_card_of_the_same_level_from_the_same_deck_first() -> None:
    hand = [card("a", deck="one", level=2), card("b", deck="one")]
    reserve = [
        card("x1", deck="one", level=1),
        card("y2", deck="two", level=2),
        card("x2", deck="one", level=2),
        card("x2b", deck="one", level=2),
    ]
    game = session(hand, reserve=reserve)
    game.swap_card()
    slot = game.slots[0]
    assert slot.card.key == "one/x2"
    assert [c.key for c in slot.swapped_out] == ["one/a"]
    assert [c.key for c in game.reserve] == ["one/x1", "two/y2", "one/x2b"]
    assert game.position == 0
    assert slot.lead == 0
    assert game.swaps == 1
    game.swap_card()
    assert slot.card.key == "one/x2b"
    game.swap_card()  # no same-deck card left: another deck's card of the level
    assert slot.card.key == "two/y2"
    assert [c.key for c in slot.swapped_out] == ["one/a", "one/x2", "one/x2b"]
    with pytest.raises(ActionRefused, match="no other card at this level"):
        game.swap_card()
    assert [c.key for c in game.reserve] == ["one/x1"]


def test_a_swapped_in_card_plays_as_its_own_kind() -> None:
    game = session([card("q"), card("next")], reserve=[card("g", kind="guess")])
    game.swap_card()
    assert game.step.kind is StepKind.ANSWER and game.step.private


def test_swap_is_refused_once_a_card_has_answers() -> None:
    game = session([card("a"), card("b")], reserve=[card("c")])
    game.submit("already said")
    with pytest.raises(ActionRefused, match="already has answers"):
        game.swap_card()
    assert game.slots[0].card.id == "a"
    assert len(game.reserve) == 1


def test_swap_is_refused_when_no_card_fits() -> None:
    game = session([card("a", level=1)], reserve=[card("b", level=2)])
    with pytest.raises(ActionRefused, match="no other card at this level"):
        game.swap_card()


# --- favorites and notes ---------------------------------------------------------------------


def test_favorite_toggles_the_current_card() -> None:
    game = session([card("a"), card("b")])
    game.favorite()
    assert game.slots[0].favorite
    game.favorite()
    assert not game.slots[0].favorite
    game.favorite(1, on=True)
    game.favorite(1, on=True)
    assert [slot.card.id for slot in game.favorites] == ["b"]
    with pytest.raises(ActionRefused, match="no such card"):
        game.favorite(2)
    with pytest.raises(ActionRefused, match="no such card"):
        game.favorite(-1)


def test_each_partner_stars_for_themselves() -> None:
    game = session([card("a"), card("b")])
    game.favorite(by=1)
    assert game.slots[0].stars == {1}
    game.favorite(by=0)
    assert game.slots[0].stars == {0, 1}
    game.favorite(by=1)  # Ben takes his back, Ana's stays
    assert game.slots[0].stars == {0} and game.slots[0].favorite
    game.favorite()  # for both: starred unless both had
    assert game.slots[0].stars == {0, 1}
    game.favorite()
    assert game.slots[0].stars == set() and not game.favorites
    with pytest.raises(ActionRefused, match="partner 0, partner 1 or both"):
        game.favorite(by=2)


def test_stars_come_back_from_the_save_by_partner(tmp_path) -> None:
    from heartline.save_format import load, to_toml

    game = session([card("a"), card("b")])
    game.favorite(0, by=1)
    game.favorite(1)  # both
    path = tmp_path / "s.toml"
    path.write_bytes(to_toml(game))
    again = load(path)
    assert [slot.stars for slot in again.slots] == [{1}, {0, 1}]
    assert again.state() == game.state()


def test_in_the_closing_ritual_favorite_and_note_go_to_the_last_card() -> None:
    game = play_to(session([card("a"), card("b")]), StepKind.APPRECIATE)
    game.favorite()
    game.add_note("loved the last one")
    assert game.slots[1].favorite
    assert game.slots[1].notes[0].text == "loved the last one"


def test_notes_are_kept_without_moving_the_game_on() -> None:
    game = session([card("a"), card("b")])
    game.add_note("from both")
    game.add_note("from Ben", by=1)
    game.add_note("for later", by=0, index=1)
    assert turn(game) == (StepKind.ANSWER, 0, Role.ANSWER)
    assert [(n.by, n.text) for n in game.slots[0].notes] == [(None, "from both"), (1, "from Ben")]
    assert game.slots[0].replies == []
    assert [n.text for n in game.slots[1].notes] == ["for later"]
    with pytest.raises(ActionRefused, match="the note is empty"):
        game.add_note("   ")
    with pytest.raises(ActionRefused, match="no such card"):
        game.add_note("x", index=5)


# --- the action log --------------------------------------------------------------------------


def test_the_log_replayed_on_a_fresh_session_gives_the_same_state() -> None:
    hand = every_kind_hand()
    reserve = [card("spare", level=1), card("spare2", level=2, kind="mirror")]
    game = session(hand, reserve=reserve)
    game.swap_card()
    game.favorite()
    game.add_note("a note", by=0)
    while game.step.kind is not StepKind.DONE:
        if game.position == 2 and not game.slots[2].answers:
            game.pass_card()
        else:
            advance(game)
    fresh = replay(session(hand, reserve=reserve), game.log)
    assert fresh.state() == game.state()


@pytest.mark.parametrize(
    "change",
    [
        {"by": 1},
        {"role": Role.GUESS},
        {"card": 1},
        {"type": "dance"},
    ],
    ids=["wrong partner", "wrong role", "wrong card", "unknown type"],
)
def test_an_action_that_does_not_fit_is_refused(change: dict[str, object]) -> None:
    game = session([card("a"), card("b")])
    action = Action("answer", START, card=0, by=0, role=Role.ANSWER, text="hi")
    with pytest.raises(ActionRefused):
        game.apply(replace(action, **change))
    assert game.log == []
    game.apply(action)
    assert len(game.log) == 1


def test_a_swap_action_needs_its_replacement() -> None:
    game = session([card("a")])
    with pytest.raises(ActionRefused, match="needs the card"):
        game.apply(Action("swap", START, card=0))


def test_a_choice_outside_the_choices_is_refused_on_replay() -> None:
    game = session([card("g", kind="guess")])
    game.submit("a")
    game.submit("b")
    with pytest.raises(ActionRefused, match="choose one of"):
        game.apply(Action("answer", START, card=0, by=0, role=Role.RATING, text="maybe"))


# --- time ----------------------------------------------------------------------------------------


def test_time_together_counts_gaps_up_to_ten_minutes() -> None:
    clock = Clock(step=timedelta(minutes=2))
    game = session([card("a"), card("b")], clock=clock)
    game.submit("x")  # +2 min
    game.submit("y")  # +2 min
    clock.now += timedelta(hours=9)  # left open overnight
    game.submit("z")  # counted as 10 min
    assert time_together(game) == timedelta(minutes=14)
    assert game.updated == game.log[-1].at
    assert game.started == START


def test_time_together_ignores_a_clock_that_went_back() -> None:
    clock = Clock(step=timedelta(minutes=3))
    game = session([card("a"), card("b")], clock=clock)
    game.submit("x")  # +3 min
    clock.now -= timedelta(hours=1)
    game.submit("y")  # earlier than the last action: not counted
    game.submit("z")  # still before the latest time seen: not counted
    assert time_together(game) == timedelta(minutes=3)


def test_a_fresh_session_has_spent_no_time() -> None:
    game = session([card("a")])
    assert time_together(game) == timedelta()
    assert game.updated == START
