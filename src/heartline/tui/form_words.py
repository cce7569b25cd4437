"""A deck problem said in the editor's words: the form's labels, not the file's keys.

`deck.check()` speaks TOML ("card `x`: `seconds` must be between 5 and 3600, got 2") for the
command line, where the file is what a person edits. The editor shows a form, so here
the same problem names the field as labelled ("Timer in seconds must be 5 to 3600.").
"""

from __future__ import annotations

import re

from heartline.deck import Issue
from heartline.text import one_line, sentence

# The editor's label for each key of a card or of the deck, as a person reads it.
CARD_FIELDS = {
    "id": "The card's id",
    "prompt": "The prompt",
    "kind": "Kind",
    "level": "Level",
    "answer": "Who answers",
    "seconds": "Timer in seconds",
    "follow_up": "The follow-up",
    "tags": "Tags",
    "pin": "Dealt",
}
DECK_FIELDS = {
    "title": "The title",
    "description": "The description",
    "how_to": "How to play",
    "tip": "The tip",
    "author": "Author",
    "order": "Order",
    "skippable": "Cards can be passed and swapped",
    "tags": "Tags for every card",
    "content_note": "The content note",
    "dealt_by_default": "Dealt without being chosen",
    "format": "The deck's format",
    "cards": "The cards",
}

_CARD_NAME = re.compile(r"^card (`[^`]*`|\d+): ")
_KEY = re.compile(r"`([a-z_]+)`( item (\d+))?")
_GOT = re.compile(r", got [^;]*")
_FOR_THE_FILE = re.compile(r"; (add a line like|rename the file).*$")


def for_form(issue: Issue) -> str:
    """`issue.message` in the words of the editor's form, as a sentence."""
    fields = DECK_FIELDS if issue.card is None else CARD_FIELDS
    text = one_line(issue.message)
    text = _CARD_NAME.sub("", text)
    text = _FOR_THE_FILE.sub("", text)
    if issue.key == "seconds":
        text = text.replace("must be between 5 and 3600", "must be 5 to 3600")
        text = _GOT.sub("", text)  # the field shows what was typed
    elif issue.key in ("kind", "level"):
        if "is missing" in text:
            return f"Choose a {issue.key}."
        text = _GOT.sub("", text)
    if text.startswith("the deck has no cards"):
        return "The deck has no cards yet: ctrl+n adds one."
    if text.startswith("none of the deck's cards can be played"):
        return "None of the cards can be played yet: each card's problems are beside it."
    if issue.key == "id" and "already used by" in text:
        return sentence(re.sub(r"^the id `[^`]*` is", "This card's id is", text))

    def label(match: re.Match[str]) -> str:
        name = fields.get(match.group(1), match.group(1).replace("_", " "))
        if match.group(3):  # one item of a list, e.g. the second tag
            return f"{name.removesuffix('s')} {match.group(3)}"
        return name

    text = _KEY.sub(label, text)
    return sentence(text[:1].upper() + text[1:])
