"""Content notes, decks kept for choosing by name, and tags that filter exactly (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from heartline import cli
from heartline.dealing import deal
from heartline.deck import load_deck
from heartline.session import DealSettings
from heartline.store import Autosave
from heartline.workspace import Workspace
from helpers import card, deck

ROMANCE = """title = "Romance"
content_note = "Desire and feeling wanted; consent first, nothing explicit."
dealt_by_default = false
tags = ["romance"]

[[cards]]
id = "wanted"
prompt = "When did you last feel wanted by me?"

[[cards]]
id = "flirt"
prompt = "How do you like to be flirted with?"
"""


@pytest.fixture
def dealt(monkeypatch: pytest.MonkeyPatch) -> list:
    """The sessions `heartline play` deals, without opening the screen."""
    sessions: list = []

    def stub(ws: Workspace, active: Autosave | None = None) -> int:
        if active is not None:
            sessions.append(active.session)
            active.close()
        return 0

    monkeypatch.setattr(cli, "open_app", stub)
    return sessions


def romance_in_my_decks(data_dir: Path) -> None:
    folder = data_dir / "decks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "romance.toml").write_text(ROMANCE, encoding="utf-8")


# --- the file -------------------------------------------------------------------------------


def test_a_deck_carries_its_content_note_and_the_flag(write_deck) -> None:
    report = load_deck(write_deck(ROMANCE))
    assert report.problems == ()
    assert report.deck is not None
    assert report.deck.content_note.startswith("Desire and feeling wanted")
    assert report.deck.dealt_by_default is False
    plain = load_deck(write_deck('title = "T"\n[[cards]]\nid = "a"\nprompt = "A?"\n', "t.toml"))
    assert plain.deck is not None
    assert (plain.deck.content_note, plain.deck.dealt_by_default) == (None, True)


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ('content_note = ""', "`content_note` must not be empty"),
        ('content_note = "  "', "`content_note` must not be blank"),
        (
            f'content_note = "{"x" * 201}"',
            "`content_note` is too long: 201 characters, at most 200",
        ),
        ("content_note = 3", "`content_note` must be text in quotes, got 3"),
        ('dealt_by_default = "no"', '`dealt_by_default` must be true or false, got "no"'),
    ],
)
def test_a_bad_content_note_or_flag_is_said_where_it_is(write_deck, line, words) -> None:
    text = f'title = "T"\n{line}\n[[cards]]\nid = "a"\nprompt = "A?"\n'
    report = load_deck(write_deck(text))
    assert report.deck is None
    assert [(p.line, p.column, p.message) for p in report.problems] == [(2, 1, words)]


# --- never dealt unless chosen --------------------------------------------------------------


def test_play_without_decks_never_deals_a_deck_kept_for_choosing(run, dealt, data_dir) -> None:
    romance_in_my_decks(data_dir)
    for seed in range(5):
        assert (
            run("play", "--players", "Ana", "Ben", "--seed", str(seed), "--cards", "40").code == 0
        )
    assert len(dealt) == 5
    for session in dealt:
        assert [ref.id for ref in session.decks] == ["first-date-night"]
        assert not any(c.deck == "romance" for c in [*session.hand, *session.reserve])


def test_chosen_by_name_it_is_dealt(run, dealt, data_dir) -> None:
    romance_in_my_decks(data_dir)
    assert run("play", "romance", "--players", "Ana", "Ben", "--seed", "1").code == 0
    assert {c.deck for c in dealt[0].hand} == {"romance"}


def test_decks_show_says_the_note_the_flag_and_the_pins(run, write_deck) -> None:
    path = write_deck(ROMANCE.replace('prompt = "How', 'pin = "last"\nprompt = "How'))
    result = run("decks", "show", str(path))
    assert result.code == 0
    assert "Content note: Desire and feeling wanted; consent first, nothing explicit." in (
        result.out
    )
    assert "Dealt only when chosen by name" in result.out
    assert "[flirt] question, light, dealt last" in result.out


# --- tags filter exactly --------------------------------------------------------------------


def test_leaving_out_touch_leaves_out_the_touch_exercises_only() -> None:
    cozy = deck(
        "cozy",
        [
            card("hold-hands", kind="exercise", tags=["touch"]),
            card("long-hug", kind="exercise", tags=["Touch", "sit-close"]),
            card("eyes", kind="exercise", tags=["eye-contact"]),
            card("ask-first", tags=["consent", "touch-talk"]),
            card("no-touch", tags=["no-touch"]),
        ],
        order="fixed",
    )
    for leave_out, kept in [
        (("touch",), ["eyes", "ask-first", "no-touch"]),
        ((" TOUCH ",), ["eyes", "ask-first", "no-touch"]),
        (("touch", "eye-contact"), ["ask-first", "no-touch"]),
        (("eye",), ["hold-hands", "long-hug", "eyes", "ask-first", "no-touch"]),
    ]:
        hand, reserve = deal([cozy], DealSettings(seed=1, leave_out=leave_out))
        assert [c.id for c in hand] == kept
        assert reserve == []


def test_a_deck_tag_leaves_out_the_whole_deck(write_deck) -> None:
    romance = load_deck(write_deck(ROMANCE)).deck
    assert romance is not None
    hand, _ = deal([romance], DealSettings(seed=1, leave_out=("Romance",)))
    assert hand == []
