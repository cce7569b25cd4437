"""The journal: a played session as Markdown, with nothing raw a terminal would act on."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from heartline.journal import duration, export
from heartline.session import Session, StepKind
from helpers import Clock, advance, card, deck, every_kind_hand, play_to, session


def played() -> Session:
    game = session(
        [
            card("q", prompt="What made you laugh this week?", follow_up="Who was there?"),
            card("m", kind="mirror", prompt="Tell me about a small win."),
            card("g", kind="guess", prompt="What would I order for dessert?"),
            card("e", kind="exercise", prompt="Hold hands for a minute.", seconds=60),
            card("skip", prompt="A card we passed"),
        ],
        decks=[deck("test", title="Evenings at home"), deck("other", title="Big dreams")],
    )
    game.submit("The cat and the curtain")
    game.favorite()
    game.submit("")  # said aloud
    game.submit("I fixed the bike")
    game.submit("You fixed the bike")
    game.choose("partly")
    game.submit("And I did it alone")
    game.submit("You did it all by yourself")
    game.choose("yes")
    game.submit("Tiramisu")
    game.submit("Ice cream")
    game.choose("not quite")
    game.add_note("We should bake one", by=None)
    game.submit("")
    game.pass_card()
    game.submit("You listened so well tonight")
    game.submit("Thank you for the laughs")
    assert game.finished
    return game


def test_the_journal_holds_the_whole_session() -> None:
    text = export(played())
    assert text.startswith("# Ana & Ben\n")
    assert "- Decks: Evenings at home, Big dreams" in text
    assert "- Started: Saturday 14 February 2026, 20:00" in text
    assert "- Cards: 4 played, 1 passed, 0 swapped, 1 favorite" in text
    assert "- Status: finished" in text
    for prompt in (
        "What made you laugh this week?",
        "Tell me about a small win.",
        "What would I order for dessert?",
        "Hold hands for a minute.",
        "A card we passed",
    ):
        assert f"**{prompt}**" in text
    assert "*Who was there?*" in text
    for line in (
        "Ana:\n> The cat and the curtain",
        "Ben:\n> *(said aloud)*",
        "Ben:\n> I fixed the bike",
        "Ana reflected back:\n> You fixed the bike",
        "Ben felt understood: **partly**",
        "Ben clarified:\n> And I did it alone",
        "Ben felt understood: **yes**",
        "Ana:\n> Tiramisu",
        "Ben guessed:\n> Ice cream",
        "The guess was: **not quite**",
        "Note:\n> We should bake one",
        "Together:\n> *(done together)*",
        "*Passed.*",
        "## Favorites\n\n- What made you laugh this week?",
        "## Closing notes",
        "Ana appreciates Ben:\n> You listened so well tonight",
        "Ben appreciates Ana:\n> Thank you for the laughs",
    ):
        assert line in text
    headings = re.findall(r"^## (\d+)\. (.*)$", text, flags=re.M)
    assert [number for number, _ in headings] == ["1", "2", "3", "4", "5"]
    assert headings[0][1] == "Deck test · question · light ★"
    assert headings[2][1] == "Deck test · guess · light"
    assert headings[3][1] == "Deck test · exercise · light"
    assert "Ana led this card." in text and "Ben led this card." in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_multi_line_answers_stay_quoted() -> None:
    game = session([card("a", answer="lead")])
    game.submit("first line\n\nthird line")
    assert "> first line\n>\n> third line" in export(game)


def test_a_game_in_progress_shows_the_card_being_played() -> None:
    game = session([card("one"), card("two", prompt="Second card?"), card("three")])
    advance(game)
    advance(game)
    game.submit("half way")
    text = export(game)
    assert "- Status: in progress" in text
    assert "## 2." in text and "half way" in text
    assert "## 3." not in text
    assert "## Closing notes" not in text


def test_cards_never_reached_are_left_out_after_finishing_early() -> None:
    game = session(every_kind_hand())
    advance(game)
    advance(game)  # the first card is done
    advance(game)  # the mirror card has its answer
    game.finish_early()
    play_to(game, StepKind.DONE)
    text = export(game)
    assert "Prompt of q-both?" in text
    assert "Prompt of m-mirror?" in text
    for never in ("g-guess", "e-exercise", "q-lead"):
        assert never not in text
    assert len(re.findall(r"^## \d+\.", text, flags=re.M)) == 2


CONTROLS = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x00\x08\x7f"


def test_control_characters_never_reach_the_journal_raw() -> None:
    game = session(
        [card("a", prompt=f"Prompt {CONTROLS}", follow_up=f"Then {CONTROLS}", deck="evil")],
        names=(f"Ana{CONTROLS}", "Ben\x1b"),
        decks=[deck("evil", title=f"Deck {CONTROLS}")],
    )
    game.submit(f"answer {CONTROLS}")
    game.submit(f"multi\nline {CONTROLS}")
    game.add_note(f"note {CONTROLS}", by=0)
    game.favorite()
    game.submit(f"thanks {CONTROLS}")
    game.submit(f"you too {CONTROLS}")
    text = export(game)
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    assert "␛\\[2J" in text  # the bracket is escaped for Markdown too
    assert "␇" in text and "␀" in text and "␈" in text and "␡" in text
    assert "&lt;9B&gt;" in text
    assert text.count("␛") >= 10


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(0, "under a minute"), (0.5, "under a minute"), (12, "12 min"), (65, "1 h 05 min")],
)
def test_durations_read_naturally(minutes: float, shown: str) -> None:
    assert duration(timedelta(minutes=minutes)) == shown


def test_time_together_is_shown() -> None:
    game = session([card("a", answer="lead")], clock=Clock(step=timedelta(minutes=6)))
    game.submit("x")
    game.submit("y")
    assert "- Time together: 12 min" in export(game)


def test_an_export_in_progress_never_shows_a_secret_or_an_unrevealed_appreciation() -> None:
    game = session([card("g", kind="guess", prompt="Dessert?"), card("q")])
    game.submit("Tiramisu")  # the hidden answer, before the guess
    text = export(game)
    assert "Tiramisu" not in text
    game.pass_card()
    game.finish_early()
    game.submit("Your patience")  # the first appreciation, before the reveal
    text = export(game)
    assert "Tiramisu" not in text and "Your patience" not in text
    game.submit("Your laugh")
    assert "Your patience" in export(game)


def test_a_card_passed_at_its_rating_is_played_not_rated() -> None:
    game = session([card("g", kind="guess"), card("q")])
    game.submit("Tiramisu")
    game.submit("Ice cream")
    game.pass_card()
    text = export(game)
    assert "*Played, not rated.*" in text and "*Passed.*" not in text
    assert "Tiramisu" in text and "Cards: 1 played, 0 passed" in text


def test_html_links_and_images_in_answers_and_names_are_shown_as_text() -> None:
    """H5: a Markdown viewer must show them, never render, run or fetch them."""
    game = session(
        [card("a", prompt="What is [this](javascript:alert(1))?")],
        names=("<img src=x onerror=alert(1)>", "[Bo](javascript:alert(2))"),
    )
    game.submit("<script>alert(3)</script> [click](javascript:alert(4))")
    game.submit("![x](http://tracker.example/p.png) & more")
    text = export(game)
    for raw in ("<img", "<script>", "![x]", "[Bo]", "[click]", "[this]"):
        assert raw not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no link or image: every ] is escaped
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in text
    assert "!\\[x\\](http://tracker.example/p.png) &amp; more" in text
