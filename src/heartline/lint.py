"""Advice on a deck's writing, not errors: near-duplicate prompts, hard guesses, thin how_tos.

The loader says what is wrong with a deck file; the linter says what could read better. Each
rule is one function over a `LintDeck` (a deck as written, read leniently: a card the loader
would refuse is still linted if it has a prompt) and gives `Finding`s, which `hints` ties to
the file's lines and columns. `heartline decks lint` and the deck editor use the same rules.
No pydantic and no textual: the rules are plain text work.
"""

from __future__ import annotations

import difflib
import itertools
import re
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heartline.cards import KINDS, LEVELS, Deck
from heartline.deck_cache import MAX_DECK_BYTES
from heartline.deck_places import KeyLines
from heartline.files import read_regular
from heartline.text import one_line

# --- a deck as the rules see it ----------------------------------------------------------


@dataclass(frozen=True)
class LintCard:
    """One card's words and kind, as written."""

    index: int  # its place among the file's [[cards]] tables
    id: str
    prompt: str
    kind: str = "question"
    level: int = 1
    follow_up: str | None = None
    pin: str | None = None

    @property
    def name(self) -> str:
        return f"card `{self.id}`" if self.id else f"card {self.index + 1}"


@dataclass(frozen=True)
class LintDeck:
    """A deck's keys that advice is about, its cards, and where its keys are in the file."""

    id: str
    path: str
    cards: tuple[LintCard, ...]
    how_to: str | None = None
    order: str = "escalate"
    places: KeyLines | None = None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def from_raw(deck_id: str, path: str, raw: dict[str, Any], text: str | None = None) -> LintDeck:
    """A deck for the rules from its parsed TOML (and its text, for lines and columns)."""
    cards: list[LintCard] = []
    raw_cards = raw.get("cards")
    for index, item in enumerate(raw_cards if isinstance(raw_cards, list) else []):
        if not isinstance(item, dict):
            continue
        prompt = _text(item.get("prompt"))
        if prompt is None:
            continue
        kind = item.get("kind", "question")
        level = item.get("level", 1)
        cards.append(
            LintCard(
                index=index,
                id=item["id"] if isinstance(item.get("id"), str) else "",
                prompt=prompt,
                kind=kind if kind in KINDS else "question",
                level=level if level in LEVELS and not isinstance(level, bool) else 1,
                follow_up=_text(item.get("follow_up")),
                pin=item.get("pin") if item.get("pin") in ("first", "last") else None,
            )
        )
    order = raw.get("order")
    return LintDeck(
        id=deck_id,
        path=path,
        cards=tuple(cards),
        how_to=_text(raw.get("how_to")),
        order=order if isinstance(order, str) else "escalate",
        places=KeyLines(text) if text is not None else None,
    )


def from_deck(deck: Deck) -> LintDeck:
    """A loaded deck for the rules, without its file's lines (the editor compares with it)."""
    return LintDeck(
        id=deck.id,
        path=str(deck.path),
        cards=tuple(
            LintCard(index, card.id, card.prompt, card.kind, card.level, card.follow_up, card.pin)
            for index, card in enumerate(deck.cards)
        ),
        how_to=deck.how_to,
        order=deck.order,
    )


def read(path: Path) -> LintDeck | str:
    """A deck file for the rules, or why it can't be linted (`decks validate` says more)."""
    try:
        text = read_regular(path, MAX_DECK_BYTES).decode("utf-8").removeprefix("\ufeff")
        raw = tomllib.loads(text)
    except (OSError, ValueError, RecursionError) as bad:
        # ValueError covers not UTF-8, not TOML, too large and not a regular file.
        return f"can't lint it ({one_line(str(bad))}); heartline decks validate says more"
    return from_raw(path.stem, str(path), raw, text)


# --- what a rule finds, and where it is ------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One piece of advice about a deck, before it is tied to a line of its file."""

    rule: str
    card: int | None  # the card's index among the [[cards]] tables; None for the deck
    key: str | None
    message: str
    suggestion: str


@dataclass(frozen=True)
class Hint:
    """One piece of advice, where it is in the file, and what to try."""

    path: str
    line: int
    column: int
    rule: str
    message: str
    suggestion: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        return f"{where}: {self.message} [{self.rule}]\n    try: {self.suggestion}"

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "message": self.message,
            "suggestion": self.suggestion,
        }


def place(deck: LintDeck, finding: Finding) -> tuple[int, int]:
    """The line and column a finding points at (1, 1 without the file's text)."""
    if deck.places is None:
        return (1, 1)
    if finding.card is None:
        return deck.places.top_key(finding.key or "title")
    return deck.places.card_key(finding.card, finding.key)


def hint(deck: LintDeck, finding: Finding) -> Hint:
    line, column = place(deck, finding)
    return Hint(deck.path, line, column, finding.rule, finding.message, finding.suggestion)


# --- words -----------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# Words every prompt may use: function words and the game's own scaffolding ("tell your
# partner", "a few words", "describe a moment"). What is left is what a card is about.
_SCAFFOLD_WORDS = """
    a an the and or but nor of to in on at for with about from into by as if than then so
    your you you're yours yourself i i'm me my mine we we're us our ours it it's its is are was
    were be been being do does did done that this those these there their them they he she his
    her what what's when how which who whom why where one ones some something someone any
    anything thing things would could should can will just very really more most much many
    get got have has had like tell partner partners each other both say says said little small
    tiny few word words describe moment lately think name share right now quiz memory time
    first last ever also still even way kind sort two"""
_SCAFFOLD = frozenset(_SCAFFOLD_WORDS.split())


def words(text: str) -> list[str]:
    """The words of `text`, lower case, with curly apostrophes made straight."""
    return _WORD.findall(text.casefold().replace("\u2019", "'"))


def _stem(word: str) -> str:
    """A rough stem: "you'd" is "you", "feelings" "feeling", "shared" "shar"."""
    word = word.split("'")[0]
    for ending in ("ing", "ed", "es", "s", "ly"):
        if len(word) > 4 and word.endswith(ending):
            return word[: -len(ending)]
    return word


def content_words(text: str) -> frozenset[str]:
    """What a prompt is about: its words without scaffolding, roughly stemmed."""
    stems = (_stem(word) for word in words(text))
    return frozenset(stem for stem in stems if stem not in _SCAFFOLD and len(stem) > 2)


# --- near-duplicates -------------------------------------------------------------------------

# Tuned on the 175 cards the 2026-11 review read (15,225 pairs): these find its one true
# duplicate and four of its near-duplicate pairs, and two pairs it didn't name (both
# borderline), nothing else. The review's other groups ask alike in different words,
# which no count of shared words finds without flagging far more that don't.
SAME_WORDS = 0.35  # share of content words (Jaccard) that alone makes two prompts alike
SOME_WORDS = 0.2  # ... that makes them alike when they also read alike
READ_ALIKE = 0.43  # difflib's ratio of the two prompts' word sequences
READ_THE_SAME = 0.75  # difflib's ratio that alone makes them alike


_NEGATIONS = frozenset(
    [
        "not",
        "never",
        "no",
        "nothing",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "won't",
        "can't",
    ]
)


@dataclass(frozen=True)
class _Prompt:
    """A prompt prepared once for comparing with many others."""

    deck: LintDeck
    card: LintCard
    plain: tuple[str, ...]  # every word, in order
    content: frozenset[str]
    negated: frozenset[str]  # "not looking forward": the stems a negation turns around


def _prepared(deck: LintDeck, card: LintCard) -> _Prompt:
    plain = tuple(words(card.prompt))
    negated = frozenset(
        _stem(word)
        for at, negation in enumerate(plain)
        if negation in _NEGATIONS
        for word in plain[at + 1 : at + 3]
    )
    return _Prompt(deck, card, plain, content_words(card.prompt), negated)


def alike(first: _Prompt, second: _Prompt) -> bool:
    """Whether two prompts ask nearly the same thing, by their words.

    Alike when they share at least two content words and either share 35% of them, or
    share 20% and read alike (difflib's ratio of their word sequences 0.43); or when they
    read almost the same (ratio 0.75), whatever their words. A prompt that asks the
    opposite of the other ("looking forward to" and "not looking forward to") is not alike.
    """
    if (first.negated ^ second.negated) & first.content & second.content:
        return False  # one asks the opposite of the other
    shared = len(first.content & second.content)
    union = len(first.content | second.content)
    overlap = shared / union if union else 0.0
    if shared >= 2 and overlap >= SAME_WORDS:
        return True
    wanted = READ_ALIKE if shared >= 2 and overlap >= SOME_WORDS else READ_THE_SAME
    # Cheap bounds first: most pairs are told apart by their lengths and letters alone.
    sizes = len(first.plain) + len(second.plain)
    if not sizes or 2 * min(len(first.plain), len(second.plain)) / sizes < wanted:
        return False
    matcher = difflib.SequenceMatcher(None, first.plain, second.plain, autojunk=False)
    return matcher.quick_ratio() >= wanted and matcher.ratio() >= wanted


def _duplicate(here: _Prompt, there: _Prompt, where: str) -> Finding:
    return Finding(
        "near-duplicate",
        here.card.index,
        "prompt",
        f"{here.card.name} asks nearly what {where} asks: “{_short(there.card.prompt)}”",
        "keep the better one, or make each ask something only it asks (a time, a place, "
        "a person, a feeling named plainly)",
    )


def _short(text: str, limit: int = 60) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _steps(first: LintCard, second: LintCard, deck: LintDeck) -> bool:
    """Neighbours in a fixed-order deck: parallel steps of one ritual ("tell it as you
    lived it", then "now the other view, told the same way"), alike by design."""
    return deck.order == "fixed" and abs(first.index - second.index) == 1


def near_duplicates(deck: LintDeck) -> list[Finding]:
    """Two prompts in one deck that ask nearly the same thing (neighbours in a fixed-order
    deck may: they are steps of one ritual)."""
    prompts = [_prepared(deck, card) for card in deck.cards]
    found: list[Finding] = []
    for at, later in enumerate(prompts):
        for earlier in prompts[:at]:
            if not _steps(earlier.card, later.card, deck) and alike(earlier, later):
                found.append(_duplicate(later, earlier, earlier.card.name))
                break  # one hint per card is enough to send the writer looking
    return found


def near_duplicates_across(decks: Sequence[LintDeck]) -> list[tuple[LintDeck, Finding]]:
    """Prompts in different decks of a library that ask nearly the same thing: each pair
    once, on the card of the deck listed later."""
    prompts = [[_prepared(deck, card) for card in deck.cards] for deck in decks]
    found: list[tuple[LintDeck, Finding]] = []
    for at, deck in enumerate(decks):
        for here in prompts[at]:
            for others in prompts[:at]:
                match = next((there for there in others if alike(here, there)), None)
                if match is not None:
                    where = f"{match.deck.id}'s {match.card.name}"
                    found.append((deck, _duplicate(here, match, where)))
    return found


def near_duplicates_of(deck: LintDeck, index: int, others: Iterable[LintDeck]) -> list[Finding]:
    """For one card (the editor's): the cards of other decks that ask nearly the same."""
    card = next((card for card in deck.cards if card.index == index), None)
    if card is None:
        return []
    here = _prepared(deck, card)
    for other in others:
        for there in (_prepared(other, card) for card in other.cards):
            if alike(here, there):
                return [_duplicate(here, there, f"{other.id}'s {there.card.name}")]
    return []


# --- guess cards -----------------------------------------------------------------------------

LONGEST_GUESS = 140  # characters: more than a partner holds in mind while guessing
_IMAGINED = re.compile(
    r"\b(if you (could|had|were|won|picked)|would you rather|imagine|someday|some day|"
    r"one day|in (\w+ )?(years?|decades?)|(\w+ )?years? from now|ten years|five years)\b",
    re.IGNORECASE,
)
_HIDDEN = re.compile(
    r"\b(rarely (mention|say|share|tell)|never (told|say|said|mention)|secret(ly)?|"
    r"quietly|nobody knows|no one knows|anyone has ever|anyone ever)\b",
    re.IGNORECASE,
)
# Choices offered: "quiet, food, a hug, or something else", "... ? Pick one.", "A or B?"
_CHOICES = re.compile(
    r"(,[^,.?!]+,?\s+or\s)|(:[^.?!]*,[^.?!]*)|\b(pick|choose) one\b|\bone word\b",
    re.IGNORECASE,
)


def hard_guesses(deck: LintDeck) -> list[Finding]:
    """Guess cards a partner can't fairly guess and rate.

    A guess works when the answer is short and concrete, about the lead's world now. This
    flags a guess prompt that is over 140 characters; one that asks about an imagined or
    far-off answer ("if you could", "in five years", "someday") without offering choices to
    pick from; and one whose answer is hidden by design ("rarely mention", "secretly",
    "anyone has ever"), which the partner can't know.
    """
    found: list[Finding] = []
    for card in deck.cards:
        if card.kind != "guess":
            continue
        prompt = one_line(card.prompt)
        hidden, imagined = _HIDDEN.search(prompt), _IMAGINED.search(prompt)
        if len(prompt) > LONGEST_GUESS:
            found.append(
                Finding(
                    "hard-guess",
                    card.index,
                    "prompt",
                    f"{card.name} is a guess card of {len(prompt)} characters, more than "
                    f"a partner holds in mind while guessing ({LONGEST_GUESS} at most)",
                    "ask one short thing; a follow_up can carry the rest",
                )
            )
        elif hidden:
            found.append(
                Finding(
                    "hard-guess",
                    card.index,
                    "prompt",
                    f"{card.name} asks for something its partner can't know "
                    f"(“{hidden.group(0)}”), so the guess can't be fair",
                    "make it a question card, or ask about something the partner has seen",
                )
            )
        elif imagined and not _CHOICES.search(prompt):
            found.append(
                Finding(
                    "hard-guess",
                    card.index,
                    "prompt",
                    f"{card.name} asks for an imagined or far-off answer "
                    f"(“{imagined.group(0)}”) with nothing to pick from, "
                    "which is hard to guess and hard to rate",
                    "ask about their world now (this week, lately, their people, a small win), "
                    "or offer choices: “quiet, food, a hug, or something else?”",
                )
            )
    return found


# --- how_to ----------------------------------------------------------------------------------

# What in a how_to says how a kind of card is played.
KIND_WORDS: dict[str, re.Pattern[str]] = {
    "question": re.compile(r"\b(questions?|answers?|answering|take turns|turns?)\b", re.I),
    "mirror": re.compile(
        r"\b(mirror\w*|reflect\w*|says? back|repeats? back|in your own words|what you heard|"
        r"what they heard)\b",
        re.I,
    ),
    "guess": re.compile(r"\bguess\w*", re.I),
    "exercise": re.compile(r"\b(exercises?|timers?|timed|activit\w+|to do together)\b", re.I),
}
KIND_ADVICE = {
    "question": "say that the lead answers first, then the partner",
    "mirror": "say that one shares and the other says back what they heard",
    "guess": "say that the lead answers in secret, the partner guesses, then both are revealed",
    "exercise": "say that an exercise is something to do together, with a timer",
}


def how_to_kinds(deck: LintDeck) -> list[Finding]:
    """A how_to that doesn't explain a kind of card its deck uses (or no how_to at all).

    A kind counts as explained when the how_to names it or how it is played: questions by
    "question", "answer" or "turns"; mirrors by "mirror", "reflect", "say back" or "what
    you heard"; guesses by "guess"; exercises by "exercise", "timer" or "activity".
    """
    used = [kind for kind in KINDS if any(card.kind == kind for card in deck.cards)]
    if not used:
        return []
    if deck.how_to is None:
        return [
            Finding(
                "how-to-kinds",
                None,
                "title",
                "the deck has no how_to, so nothing tells the two of you how to play its "
                f"{', '.join(used)} cards",
                "add how_to: " + "; ".join(KIND_ADVICE[kind] for kind in used),
            )
        ]
    missing = [kind for kind in used if not KIND_WORDS[kind].search(deck.how_to)]
    return [
        Finding(
            "how-to-kinds",
            None,
            "how_to",
            f"the how_to doesn't say how {kind} cards are played, and the deck has "
            f"{sum(1 for card in deck.cards if card.kind == kind)}",
            KIND_ADVICE[kind],
        )
        for kind in missing
    ]


# --- cards that assume their place -----------------------------------------------------------

# "To start," opens a sentence; "easier to open up" or "how to end a row" is no place.
_OPENING = re.compile(
    r"((^|[.!?:;]\s+)(to (start|begin)( with)?|first up)\b)|"
    r"\b(before we (start|begin)|first card|warm[- ]up)\b",
    re.I,
)
_CLOSING = re.compile(
    r"((^|[.!?:;]\s+)(to (finish|close|end|wrap up)|last of all|finally)\b)|"
    r"\b(last card|final card|one last (card|question|thing)|before we (stop|finish)|"
    r"everything (you've|you have|we've|we have) (shared|said|talked about)|so far tonight)\b",
    re.I,
)
_ANYWHERE = re.compile(r"\b(tonight|this evening|these cards|this game|this session)\b", re.I)


def assumed_places(deck: LintDeck) -> list[Finding]:
    """Cards whose words assume where they are dealt ("to finish", "these cards",
    "tonight") without a pin: dealing may put them anywhere in the deck's share."""
    found: list[Finding] = []
    for card in deck.cards:
        if card.pin is not None:
            continue
        said = " ".join(text for text in (card.prompt, card.follow_up) if text)
        closing, opening, anywhere = (
            pattern.search(said) for pattern in (_CLOSING, _OPENING, _ANYWHERE)
        )
        if closing:
            said_words = closing.group(0)
            fix = 'pin = "last", so it is dealt after the deck\'s other cards'
        elif opening:
            said_words, fix = opening.group(0), 'pin = "first", so it is dealt before the others'
        elif anywhere:
            said_words = anywhere.group(0)
            fix = 'pin = "first" or "last", or word it so it fits wherever it is dealt'
        else:
            continue
        found.append(
            Finding(
                "assumes-place",
                card.index,
                "prompt",
                f"{card.name} says “{said_words}”, which assumes its place in the evening, "
                f"but it has no pin ({deck.order} order may deal it anywhere)",
                fix,
            )
        )
    return found


# --- exercises -------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[^.!?:;]+[.!?:;]*")
# "Then each say one word for how it felt": a debrief, said after the exercise.
_AFTERWARDS = re.compile(
    r"^(then|afterwards|after that|after|when the timer ends|at the end)\b.*"
    r"\b(says?|shares?|names?|tells?)\b",
    re.I,
)


def debriefs_in_prompts(deck: LintDeck) -> list[Finding]:
    """Exercises whose debrief sits in the prompt, after the instruction.

    A question after the instruction (a sentence ending in "?" after one that doesn't), or
    a last step that starts "Then", "Afterwards" or "When the timer ends" and asks to say,
    share, name or tell something, belongs in `follow_up`: it is shown once the timer
    ends, when it can be answered.
    """
    found: list[Finding] = []
    for card in deck.cards:
        if card.kind != "exercise":
            continue
        sentences = [part.strip() for part in _SENTENCE.findall(one_line(card.prompt))]
        sentences = [part for part in sentences if part]
        instruction = False
        for sentence in sentences:
            if instruction and (sentence.endswith("?") or _AFTERWARDS.match(sentence)):
                where = "join it to the follow_up" if card.follow_up else "move it to follow_up"
                found.append(
                    Finding(
                        "debrief-in-prompt",
                        card.index,
                        "prompt",
                        f"{card.name} is an exercise that asks “{_short(sentence)}” in its "
                        "prompt, before the exercise is done",
                        f"{where}: the follow-up is shown when the timer ends",
                    )
                )
                break
            instruction = instruction or not sentence.endswith("?")
    return found


# --- openers ---------------------------------------------------------------------------------

MOST_OPENERS = 1 / 3  # of a deck's prompts may open with one word
FEWEST_FOR_OPENERS = 6  # a deck of fewer prompts is too small to say


def opener(prompt: str) -> str:
    """A prompt's first word as it opens: "What's" opens with "what"."""
    found = words(prompt)
    return found[0].split("'")[0] if found else ""


def overused_openers(deck: LintDeck) -> list[Finding]:
    """More than a third of a deck's prompts open with the same word ("What...")."""
    if len(deck.cards) < FEWEST_FOR_OPENERS:
        return []
    by_word: dict[str, list[LintCard]] = {}
    for card in deck.cards:
        by_word.setdefault(opener(card.prompt), []).append(card)
    found: list[Finding] = []
    for word, cards in by_word.items():
        if word and len(cards) > len(deck.cards) * MOST_OPENERS:
            found.append(
                Finding(
                    "same-opener",
                    cards[0].index,
                    "prompt",
                    f"{len(cards)} of the deck's {len(deck.cards)} prompts open with "
                    f"“{word.capitalize()}” (more than a third): "
                    + ", ".join(card.id or str(card.index + 1) for card in cards),
                    "vary how cards open: “When did you last…”, “Tell me about a time…”, "
                    "“Finish the sentence…”, “Which…”, “How…”",
                )
            )
    return found


# --- levels ----------------------------------------------------------------------------------


def empty_levels(deck: LintDeck) -> list[Finding]:
    """A level skipped between two the deck uses (cards at 1 and 3, none at 2)."""
    used = sorted({card.level for card in deck.cards})
    found: list[Finding] = []
    for lower, upper in itertools.pairwise(used):
        for missing in range(lower + 1, upper):
            first = next(card for card in deck.cards if card.level == upper)
            found.append(
                Finding(
                    "empty-level",
                    first.index,
                    "level",
                    f"the deck has level {lower} and level {upper} cards but none at level "
                    f"{missing}, so escalating jumps from one to the other",
                    f"move or write a few cards at level {missing}",
                )
            )
    return found


# --- all of it -------------------------------------------------------------------------------

Rule = Callable[[LintDeck], list[Finding]]
RULES: tuple[Rule, ...] = (
    near_duplicates,
    hard_guesses,
    how_to_kinds,
    assumed_places,
    debriefs_in_prompts,
    overused_openers,
    empty_levels,
)


def findings(deck: LintDeck) -> list[Finding]:
    """Every rule's advice for one deck on its own."""
    return [finding for rule in RULES for finding in rule(deck)]


def lint(decks: Sequence[LintDeck]) -> list[Hint]:
    """Every rule's advice for each deck, and near-duplicates across them, in file order."""
    found = [hint(deck, finding) for deck in decks for finding in findings(deck)]
    found += [hint(deck, finding) for deck, finding in near_duplicates_across(decks)]
    order = {deck.path: number for number, deck in enumerate(decks)}
    return sorted(found, key=lambda h: (order.get(h.path, 0), h.line, h.column, h.rule))
