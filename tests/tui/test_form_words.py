"""Deck problems said in the editor's words, while the command line keeps the file's words."""

from __future__ import annotations

import pytest

from heartline.deck import check
from heartline.tui.form_words import for_form

CARD = {"id": "hold-hands", "prompt": "Hold hands.", "kind": "exercise"}


@pytest.mark.parametrize(
    ("change", "file_words", "form_words"),
    [
        (
            {"seconds": 2},
            "`seconds` must be between 5 and 3600, got 2",
            "Timer in seconds must be 5 to 3600.",
        ),
        ({"prompt": ""}, "`prompt` must not be empty", "The prompt must not be empty."),
        ({"level": 7}, "`level` must be 1, 2 or 3, got 7", "Level must be 1, 2 or 3."),
        ({"id": None}, 'add a line like: id = "hold-hands"', "The card's id is missing."),
    ],
)
def test_a_card_problem_in_the_words_of_the_form(change, file_words, form_words):
    card = {key: value for key, value in {**CARD, **change}.items() if value is not None}
    issue = next(i for i in check({"title": "T", "cards": [card]}).issues if i.card == 0)
    assert file_words in issue.message  # the CLI's words are untouched
    assert for_form(issue) == form_words


def test_a_repeated_id_and_the_deck_problems_as_sentences():
    issues = check({"title": "", "cards": [CARD, CARD]}).issues
    said = [for_form(issue) for issue in issues]
    assert "The title must not be empty." in said
    assert "This card's id is already used by card 1; ids must be unique in a deck." in said
    assert for_form(check({"title": "T", "cards": []}).issues[0]) == (
        "The deck has no cards yet: ctrl+n adds one."
    )
    assert all("`" not in words and words.endswith(".") for words in said)
