"""The deck linter (issue 14 item 6): each rule trips on a small deck and stays quiet on one
that reads well; hints carry file, line and column; `heartline decks lint` is advice."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from conftest import SHIPPED_DECKS
from heartline import lint


def deck_text(
    *cards: str, how_to: str | None = "Take turns: the lead answers, then the partner."
) -> str:
    head = 'title = "T"\n' + (f'how_to = "{how_to}"\n' if how_to else "")
    return head + "".join(f"\n[[cards]]\n{card.strip()}\n" for card in cards)


def card(card_id: str, prompt: str, **keys: object) -> str:
    lines = [f'id = "{card_id}"', f'prompt = "{prompt}"']
    for key, value in keys.items():
        lines.append(f"{key} = {json.dumps(value)}")
    return "\n".join(lines)


def as_deck(text: str, deck_id: str = "t") -> lint.LintDeck:
    return lint.from_raw(deck_id, f"{deck_id}.toml", tomllib.loads(text), text)


def rules_of(text: str) -> list[str]:
    return [hint.rule for hint in lint.lint([as_deck(text)])]


PLAIN = [
    card("a", "When did you last laugh until you cried?"),
    card("b", "Which song do you put on when the day went well?", level=2),
    card("c", "Tell me about a teacher who believed in you.", level=3),
]


def test_a_deck_that_reads_well_has_no_hints() -> None:
    assert rules_of(deck_text(*PLAIN)) == []


# --- near-duplicates -------------------------------------------------------------------------


def test_two_cards_asking_the_same_thing_in_one_deck() -> None:
    text = deck_text(
        card(
            "talk-more",
            "Tell your partner one thing you'd like the two of us to talk about more, "
            "and why it matters to you.",
        ),
        card(
            "more-talks",
            "Tell your partner about one thing you'd like us to talk about more, "
            "and why it matters to you.",
        ),
        card("other", "Which smell takes you straight back to childhood?"),
    )
    hints = lint.lint([as_deck(text)])
    assert [(h.rule, h.line, h.column) for h in hints] == [("near-duplicate", 10, 1)]
    assert "card `more-talks` asks nearly what card `talk-more` asks" in hints[0].message
    assert hints[0].suggestion.startswith("keep the better one")


def test_cards_that_share_a_theme_but_ask_different_things_are_not_duplicates() -> None:
    text = deck_text(
        card("song", "Which song reminds you of our first summer?"),
        card("smell", "Which smell reminds you of your grandparents' house?"),
        card("food", "What did you eat the first time we shared a meal?"),
    )
    assert rules_of(text) == []


def test_a_card_asking_the_opposite_is_not_a_duplicate() -> None:
    looking = "Which moment of the coming week are you looking forward to most?"
    dreading = "Which moment of the coming week are you not looking forward to?"
    assert rules_of(deck_text(card("a", looking), card("b", dreading))) == []
    # A "not" elsewhere in a prompt turns nothing around.
    cared = "What kind of touch makes you feel truly cared for, not just nice?"
    safest = "After a hard day, what kind of touch makes you feel safest?"
    assert rules_of(deck_text(card("a", cared), card("b", safest))) == ["near-duplicate"]


def test_neighbours_in_a_fixed_deck_may_be_parallel_steps() -> None:
    lived = "Tell it as you lived it: what you saw, what you heard, what you took it to mean."
    other = "Now the other view, told the same way: what you saw, what you heard, what it meant."
    steps = deck_text(card("lived", lived), card("other", other))
    assert rules_of(steps.replace('title = "T"', 'title = "T"\norder = "fixed"')) == []
    assert rules_of(steps) == ["near-duplicate"]
    apart = deck_text(card("lived", lived), card("mid", "Which song?"), card("other", other))
    assert rules_of(apart.replace('title = "T"', 'title = "T"\norder = "fixed"')) == [
        "near-duplicate"
    ]


def test_near_duplicates_across_a_library_are_said_once() -> None:
    first = as_deck(
        deck_text(card("hard", "What would make it easier to say something hard to your partner?")),
        "one",
    )
    second = as_deck(
        deck_text(
            card(
                "hard-too",
                "What would make it easier for you to say something hard to your partner?",
            )
        ),
        "two",
    )
    hints = lint.lint([first, second])
    assert [(h.path, h.rule) for h in hints] == [("two.toml", "near-duplicate")]
    assert "one's card `hard`" in hints[0].message
    assert lint.lint([first, as_deck(deck_text(*PLAIN), "three")]) == []


def test_the_editor_finds_a_cards_twin_in_another_deck() -> None:
    mine = as_deck(
        deck_text(card("a", "What would make it easier to say something hard to your partner?"))
    )
    other = as_deck(
        deck_text(
            card("b", "What would make it easier for you to say something hard to your partner?")
        ),
        "other",
    )
    found = lint.near_duplicates_of(mine, 0, [other])
    assert [f.rule for f in found] == ["near-duplicate"]
    assert lint.near_duplicates_of(mine, 0, [as_deck(deck_text(*PLAIN))]) == []


def test_the_review_duplicates_are_found_in_the_decks_it_read() -> None:
    # The pair the 2026-11 review called a true duplicate, as it read them.
    check_in = (
        "Tell your partner about one thing you'd like the two of you to talk about more "
        "often, and why it matters to you."
    )
    communication = (
        "Tell your partner one thing you'd love the two of you to talk about more, "
        "and why it matters to you."
    )
    decks = [
        as_deck(deck_text(card("talk-about-more", check_in, kind="mirror")), "check-in"),
        as_deck(
            deck_text(card("more-of-in-our-talks", communication, kind="mirror")), "communication"
        ),
    ]
    assert [h.rule for h in lint.lint(decks) if h.rule == "near-duplicate"] == ["near-duplicate"]


# --- guess cards -----------------------------------------------------------------------------

HOW_TO_GUESS = "The lead answers in secret and the partner guesses; then both are revealed."


@pytest.mark.parametrize(
    ("prompt", "words"),
    [
        ("x" * 141, "141 characters"),
        ("Five years from now, what would you most like to be proud of?", "Five years from now"),
        ("If you could wake up anywhere tomorrow, where would it be?", "If you could"),
        ("What's something you're quietly proud of but rarely mention?", "quietly"),
        ("What's the best compliment anyone has ever given you?", "anyone has ever"),
    ],
)
def test_a_guess_too_long_or_abstract_to_guess(prompt: str, words: str) -> None:
    text = deck_text(card("g", prompt, kind="guess"), how_to=HOW_TO_GUESS)
    hints = lint.lint([as_deck(text)])
    assert [h.rule for h in hints] == ["hard-guess"]
    assert words in hints[0].message


@pytest.mark.parametrize(
    "prompt",
    [
        "What's the biggest thing on your plate this week? A few words.",
        "Which friend have you talked to most this month?",
        "After a long day, what do you want first: quiet, food, a hug, or something else?",
        "In five years, which would you most like to be proud of: your work, your health or us?",
        "If you could add one thing to your week: a class, a walk or a lie-in? Pick one.",
    ],
)
def test_a_short_concrete_guess_about_their_world_now(prompt: str) -> None:
    assert rules_of(deck_text(card("g", prompt, kind="guess"), how_to=HOW_TO_GUESS)) == []


def test_a_long_question_is_not_a_guess_problem() -> None:
    assert rules_of(deck_text(card("q", "Why? " * 40))) == []


# --- how_to ----------------------------------------------------------------------------------


def test_a_how_to_that_leaves_out_a_kind_the_deck_uses() -> None:
    text = deck_text(
        card("q", "When did you last feel really looked after?"),
        card("m", "Tell your partner about your week.", kind="mirror"),
        card("e", "Hold hands for a minute.", kind="exercise", seconds=60),
        how_to="Take turns leading; the lead answers first.",
    )
    hints = lint.lint([as_deck(text)])
    assert [(h.rule, h.line) for h in hints] == [("how-to-kinds", 2), ("how-to-kinds", 2)]
    assert "mirror cards" in hints[0].message and "exercise cards" in hints[1].message


def test_a_how_to_that_explains_every_kind() -> None:
    text = deck_text(
        card("q", "When did you last feel really looked after?"),
        card("m", "Tell your partner about your week.", kind="mirror"),
        card("e", "Hold hands for a minute.", kind="exercise", seconds=60),
        card("g", "Which song is stuck in your head?", kind="guess"),
        how_to="The lead answers questions first. On a mirror card the other says back what "
        "they heard. On a guess card the lead answers in secret and the partner guesses. "
        "An exercise is something to do together while the timer runs.",
    )
    assert rules_of(text) == []


def test_a_deck_without_a_how_to() -> None:
    hints = lint.lint([as_deck(deck_text(*PLAIN, how_to=None))])
    assert [(h.rule, h.line, h.column) for h in hints] == [("how-to-kinds", 1, 1)]
    assert "no how_to" in hints[0].message


# --- place -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prompt", "pin"),
    [
        ("To finish, name one thing you appreciated tonight.", '"last"'),
        ("Looking back on everything you've shared, what stays with you?", '"last"'),
        ("To start, how are you arriving here?", '"first"'),
        ("What do you hope these cards bring up?", '"first" or "last"'),
        ("What would make tonight feel good?", '"first" or "last"'),
    ],
)
def test_a_card_that_assumes_its_place_without_a_pin(prompt: str, pin: str) -> None:
    hints = lint.lint([as_deck(deck_text(card("p", prompt)))])
    assert [h.rule for h in hints] == ["assumes-place"]
    assert hints[0].suggestion.startswith(f"pin = {pin}")


@pytest.mark.parametrize(
    "text",
    [
        deck_text(card("p", "To finish, name one thing you appreciated tonight.", pin="last")),
        deck_text(card("p", "What makes it easier to open up to me?")),
        deck_text(card("p", "What is the best way to end an argument, for you?")),
    ],
)
def test_a_pinned_card_or_one_without_place_words(text: str) -> None:
    assert rules_of(text) == []


# --- exercises -------------------------------------------------------------------------------

HOW_TO_EXERCISE = "The lead answers first. An exercise is something to do together."


@pytest.mark.parametrize(
    "prompt",
    [
        "Sit together in silence for three minutes. How did it feel?",
        "Sit in silence for three minutes. Afterwards, each share one word for how it felt.",
        "Put everything down and arrive here. Then each say one word for how you feel now.",
    ],
)
def test_an_exercise_with_its_debrief_in_the_prompt(prompt: str) -> None:
    text = deck_text(card("e", prompt, kind="exercise", seconds=180), how_to=HOW_TO_EXERCISE)
    hints = lint.lint([as_deck(text)])
    assert [h.rule for h in hints] == ["debrief-in-prompt"]
    assert "move it to follow_up" in hints[0].suggestion


@pytest.mark.parametrize(
    "keys",
    [
        {"prompt": "Sit together in silence for three minutes.", "follow_up": "How did it feel?"},
        {"prompt": "Can you hold hands for a whole minute?"},
        {"prompt": "For the first minute, one talks. Then switch for the second minute."},
    ],
)
def test_an_exercise_whose_debrief_is_in_follow_up(keys: dict[str, str]) -> None:
    follow = {"follow_up": keys["follow_up"]} if "follow_up" in keys else {}
    text = deck_text(
        card("e", keys["prompt"], kind="exercise", seconds=60, **follow), how_to=HOW_TO_EXERCISE
    )
    assert rules_of(text) == []


# --- openers ---------------------------------------------------------------------------------


def test_one_opener_for_more_than_a_third_of_the_prompts() -> None:
    prompts = [
        "What's your favorite smell?",
        "What song do you hum?",
        "What made you laugh today?",
        "When did you last dance?",
        "Tell me about your best friend at school.",
        "Which place feels like home?",
    ]
    text = deck_text(*(card(f"c{n}", p) for n, p in enumerate(prompts)))
    hints = lint.lint([as_deck(text)])
    assert [(h.rule, h.line) for h in hints] == [("same-opener", 6)]
    assert "3 of the deck's 6 prompts open with “What”" in hints[0].message


def test_openers_varied_or_a_deck_too_small_to_say() -> None:
    prompts = ["What's your favorite smell?", "What song do you hum?", "When did you last dance?"]
    prompts += [
        "Tell me about your best friend.",
        "Which place feels like home?",
        "How do you rest?",
    ]
    assert rules_of(deck_text(*(card(f"c{n}", p) for n, p in enumerate(prompts)))) == []
    small = deck_text(card("a", "What's your favorite smell?"), card("b", "What song do you hum?"))
    assert "same-opener" not in rules_of(small)


# --- levels ----------------------------------------------------------------------------------


def test_a_level_skipped() -> None:
    text = deck_text(
        card("a", "When did you last dance?"), card("c", "Tell me about a loss.", level=3)
    )
    hints = lint.lint([as_deck(text)])
    assert [(h.rule, h.line, h.column) for h in hints] == [("empty-level", 11, 1)]
    assert "none at level 2" in hints[0].message


def test_levels_without_a_gap() -> None:
    assert (
        rules_of(
            deck_text(
                card("b", "Which song?", level=2), card("c", "Tell me about a loss.", level=3)
            )
        )
        == []
    )


# --- reading ---------------------------------------------------------------------------------


def test_a_card_the_loader_refuses_is_still_linted_when_it_has_a_prompt() -> None:
    text = deck_text(card("a", "x" * 150, kind="guess", level="deep"), how_to=HOW_TO_GUESS)
    deck = as_deck(text)
    assert [c.level for c in deck.cards] == [1]
    assert [h.rule for h in lint.lint([deck])] == ["hard-guess"]


def test_a_file_that_is_not_toml_is_not_linted(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("title = \n", encoding="utf-8")
    assert "can't lint it" in str(lint.read(bad))


def test_every_rule_is_listed() -> None:
    assert {rule.__name__ for rule in lint.RULES} == {
        "near_duplicates",
        "hard_guesses",
        "how_to_kinds",
        "assumed_places",
        "debriefs_in_prompts",
        "overused_openers",
        "empty_levels",
    }


def test_the_linter_needs_no_pydantic_and_no_textual() -> None:
    from test_import_hygiene import loaded_after, of

    loaded = loaded_after("import heartline.lint, heartline.cli_lint")
    assert of("pydantic", loaded) == [] and of("textual", loaded) == []


# --- the command -----------------------------------------------------------------------------


def test_lint_is_advice_exit_0_unless_strict(run, write_deck) -> None:
    path = write_deck(deck_text(card("a", "To finish, say thank you."), card("b", "Why?")))
    result = run("decks", "lint", str(path))
    assert result.code == 0
    assert result.out.startswith(f"{path}:6:1: card `a` says “To finish”")
    assert '\n    try: pin = "last"' in result.out
    assert result.err == "1 deck linted: 1 hint (1 assumes-place)\n"
    assert run("decks", "lint", "--strict", str(path)).code == 1
    clean = write_deck(deck_text(*PLAIN), "clean.toml")
    assert run("decks", "lint", "--strict", str(clean)).code == 0


def test_lint_json_for_tools(run, write_deck) -> None:
    path = write_deck(deck_text(card("a", "To finish, say thank you.")))
    result = run("decks", "lint", "--json", str(path.parent))
    assert result.code == 0
    assert json.loads(result.out) == [
        {
            "path": str(path),
            "line": 6,
            "column": 1,
            "rule": "assumes-place",
            "message": "card `a` says “To finish”, which assumes its place in the evening, "
            "but it has no pin (escalate order may deal it anywhere)",
            "suggestion": 'pin = "last", so it is dealt after the deck\'s other cards',
        }
    ]


def test_lint_without_paths_lints_the_whole_library(run, data_dir: Path) -> None:
    mine = data_dir / "decks"
    mine.mkdir(parents=True)
    (mine / "mine.toml").write_text(
        deck_text(card("a", "To finish, say thank you.")), encoding="utf-8"
    )
    result = run("decks", "lint", "--json")
    assert result.code == 0
    paths = {row["path"] for row in json.loads(result.out)}
    assert str(mine / "mine.toml") in paths
    shipped = len(list(SHIPPED_DECKS.glob("*.toml")))
    assert run("decks", "lint").err.startswith(f"{shipped + 1} decks linted")


def test_lint_of_a_missing_path_says_so(run) -> None:
    result = run("decks", "lint", "nope.toml")
    assert result.code == 1
    assert "nope.toml: there is no such file or folder" in result.err
