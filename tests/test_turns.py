"""The engine's answers to issue 10: who starts, taking an answer back, passing at a rating."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from heartline.save_format import load, to_toml
from heartline.session import (
    ActionRefused,
    DealSettings,
    Role,
    Session,
    StepKind,
    replay,
)
from helpers import START, Clock, card, every_kind_hand, play_to, session


def fresh_like(game: Session) -> Session:
    return Session(game.partners, game.hand, settings=game.settings, started=START, clock=Clock())


# --- who starts ------------------------------------------------------------------------------


def test_the_second_partner_can_lead_the_first_card() -> None:
    game = Session(
        ("Ana", "Ben"),
        [card("a"), card("b"), card("c")],
        settings=DealSettings(first_lead=1),
        clock=Clock(),
    )
    assert [slot.lead for slot in game.slots] == [1, 0, 1]
    assert game.step.partner == 1


def test_the_first_lead_is_kept_in_the_save(tmp_path: Path) -> None:
    game = Session(
        ("Ana", "Ben"), every_kind_hand(), settings=DealSettings(first_lead=1), clock=Clock()
    )
    game.submit("first")
    path = tmp_path / "s.toml"
    path.write_bytes(to_toml(game))
    back = load(path)
    assert back.settings.first_lead == 1
    assert [slot.lead for slot in back.slots] == [slot.lead for slot in game.slots]
    assert back.state() == game.state()


def test_a_save_without_a_first_lead_starts_with_the_first_partner(tmp_path: Path) -> None:
    game = session(every_kind_hand())
    path = tmp_path / "s.toml"
    path.write_bytes(to_toml(game))
    assert b"first_lead" not in path.read_bytes()
    assert load(path).slots[0].lead == 0


def test_a_first_lead_that_is_not_a_partner_is_refused() -> None:
    with pytest.raises(ActionRefused):
        Session(("Ana", "Ben"), [card("a")], settings=DealSettings(first_lead=2))


# --- taking an answer back -------------------------------------------------------------------


def test_the_partner_who_sent_the_last_answer_takes_it_back_to_edit() -> None:
    game = session([card("a"), card("b")])
    game.submit("Probab")
    assert game.step.partner == 1
    action = game.take_back()
    assert (action.type, action.card, action.by, action.role) == ("takeback", 0, 0, Role.ANSWER)
    assert game.step.partner == 0 and game.slots[0].replies == []
    assert game.drafts[game.draft_key] == "Probab"  # back in the box
    game.submit("Probably the sea")
    assert [a.text for a in game.slots[0].replies] == ["Probably the sea"]


def test_the_answer_that_finished_a_card_can_be_taken_back_while_it_is_in_view() -> None:
    game = session([card("a"), card("b")])
    game.submit("one")
    game.submit("two")
    assert game.position == 1 and game.slots[0].outcome == "done"
    assert game.last_finished is game.slots[0]
    game.take_back()
    assert game.position == 0 and game.slots[0].outcome == "open"
    assert game.step.partner == 1
    assert game.drafts[game.draft_key] == "two"


def test_only_the_last_answer_can_be_taken_back() -> None:
    game = session([card("a"), card("b")])
    with pytest.raises(ActionRefused, match="no answer to take back"):
        game.take_back()
    game.submit("one")
    game.take_back()
    with pytest.raises(ActionRefused, match="no answer to take back"):
        game.take_back()
    game.submit("one")
    game.pass_card()
    with pytest.raises(ActionRefused, match="no answer to take back"):
        game.take_back()


def test_a_note_or_favorite_after_the_answer_does_not_stop_a_take_back() -> None:
    game = session([card("a"), card("b")])
    game.submit("one")
    game.favorite()
    game.add_note("later")
    game.take_back()
    assert [a.role for a in game.slots[0].answers] == [Role.NOTE]


def test_a_rating_or_a_revealed_guess_is_not_taken_back() -> None:
    game = session(every_kind_hand())
    play_to(game, StepKind.REVEAL)
    assert game.takeback_target is None  # the guess is revealed already
    game.choose("close")
    assert game.takeback_target is None


def test_a_hidden_answer_can_be_taken_back_before_the_guess() -> None:
    game = session(every_kind_hand())
    play_to(game, StepKind.GUESS)
    secret = game.current.replies[0].text
    game.take_back()
    step = game.step
    assert step.kind is StepKind.ANSWER and step.private
    assert game.drafts[game.draft_key] == secret


def test_a_log_with_take_backs_replays_to_the_same_state() -> None:
    game = session(every_kind_hand())
    game.submit("oops")
    game.take_back()
    game.submit("first")
    game.submit("second")
    game.take_back()
    game.submit("second, better")
    play_to(game, StepKind.GUESS)
    game.take_back()
    game.submit("secret")
    again = replay(fresh_like(game), game.log)
    assert again.state() == game.state()
    assert [a.type for a in game.log].count("takeback") == 3


def test_a_take_back_that_does_not_fit_is_refused_on_replay() -> None:
    game = session([card("a"), card("b")])
    game.submit("one")
    wrong = replace(game.take_back(), by=1)
    with pytest.raises(ActionRefused):
        replay(fresh_like(game), [game.log[0], wrong])


def test_take_backs_survive_the_save(tmp_path: Path) -> None:
    game = session(every_kind_hand())
    game.submit("oops")
    game.take_back()
    game.submit("fixed")
    path = tmp_path / "s.toml"
    path.write_bytes(to_toml(game))
    assert load(path).state() == game.state()


# --- passing at a rating step; secrets need words ---------------------------------------------


def test_passing_at_the_guess_rating_keeps_the_answers_as_played_not_rated() -> None:
    game = session(every_kind_hand())
    play_to(game, StepKind.REVEAL)
    assert game.passing_keeps_answers
    slot = game.current
    game.pass_card()
    assert slot.outcome == "done" and len(slot.replies) == 2
    assert game.count("passed") == 0


def test_passing_at_the_mirror_rating_keeps_the_answers() -> None:
    game = session(every_kind_hand())
    play_to(game, StepKind.RATE)
    slot = game.current
    game.pass_card()
    assert slot.outcome == "done"


def test_passing_before_a_rating_step_is_still_a_pass() -> None:
    game = session(every_kind_hand())
    play_to(game, StepKind.GUESS)
    assert not game.passing_keeps_answers
    slot = game.current
    game.pass_card()
    assert slot.outcome == "passed"


@pytest.mark.parametrize("text", ["", "   "])
def test_a_hidden_answer_and_an_appreciation_need_words(text: str) -> None:
    game = session(every_kind_hand())
    play_to(game, StepKind.ANSWER)
    play_to(game, StepKind.GUESS)
    game.take_back()
    with pytest.raises(ActionRefused, match="write a few words"):
        game.submit(text)
    game.finish_early()
    assert game.step.kind is StepKind.APPRECIATE
    with pytest.raises(ActionRefused, match="write a few words"):
        game.submit(text)


def test_first_names_the_partner_who_leads() -> None:
    from heartline.cli import _first_lead
    from heartline.errors import UserError

    assert _first_lead(None, ["Maya", "Jonas"]) == 0
    assert _first_lead(" jonas ", ["Maya", "Jonas"]) == 1
    with pytest.raises(UserError, match="--first must name one of the players"):
        _first_lead("Ana", ["Maya", "Jonas"])
