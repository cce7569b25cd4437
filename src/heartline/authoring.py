"""Writing decks: the JSON Schema, starter decks, readable TOML, and spreadsheet import/export.

Every rule comes from `deck_format` and `deck.check`, the same ones the loader applies.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import tomli_w

from heartline.cards import Deck
from heartline.deck import check
from heartline.deck_cache import MAX_DECK_BYTES, is_slug
from heartline.deck_format import CARD_KEYS, DECK_KEYS, FORMAT, DeckFile
from heartline.errors import AuthoringError
from heartline.files import read_regular, write_new_file
from heartline.text import slug

SCHEMA_NAME = "deck.schema.json"
# Values a file may leave out because they are the defaults.
CARD_DEFAULTS: dict[str, Any] = {"kind": "question", "answer": "both"}
DECK_DEFAULTS: dict[str, Any] = {"order": "escalate", "skippable": True, "dealt_by_default": True}


# --- the JSON Schema ---------------------------------------------------------------------


def _without_null(node: Any) -> Any:
    """TOML has no null: an optional key is simply left out, so drop the null branches."""
    if isinstance(node, dict):
        options = node.get("anyOf")
        if isinstance(options, list):
            kept = [option for option in options if option != {"type": "null"}]
            if len(kept) == 1 and len(kept) < len(options):
                merged = {key: value for key, value in node.items() if key != "anyOf"}
                merged.update(kept[0])
                if merged.get("default", 0) is None:
                    del merged["default"]
                node = merged
        return {key: _without_null(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_without_null(item) for item in node]
    return node


def schema() -> dict[str, Any]:
    """The JSON Schema of deck format v1, generated from the models the loader uses."""
    generated = _without_null(DeckFile.model_json_schema())
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **generated,
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


# --- readable TOML -----------------------------------------------------------------------


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _default(defaults: dict[str, Any], key: str, value: Any) -> bool:
    # By type too: `skippable = 1` is a mistake to report, not the default `true`.
    return key in defaults and type(value) is type(defaults[key]) and value == defaults[key]


def clean_card(card: dict[str, Any]) -> dict[str, Any]:
    """A card's keys in the documented order (unknown keys last), without empty or default ones."""
    known = [key for key in CARD_KEYS if key in card]
    unknown = [key for key in card if key not in CARD_KEYS]
    return {
        key: card[key]
        for key in (*known, *unknown)
        if not _empty(card[key]) and not _default(CARD_DEFAULTS, key, card[key])
    }


def clean_deck(raw: dict[str, Any]) -> dict[str, Any]:
    """Deck keys first (format, title, ...), then the cards in order; nothing empty."""
    deck_keys = [key for key in DECK_KEYS if key != "cards"]
    unknown = [key for key in raw if key not in DECK_KEYS]
    out: dict[str, Any] = {"format": raw.get("format", FORMAT)}
    for key in (*deck_keys, *unknown):
        if key == "format" or key not in raw:
            continue
        value = raw[key]
        if _empty(value) or _default(DECK_DEFAULTS, key, value):
            continue
        out[key] = value
    cards = raw.get("cards")
    if isinstance(cards, list):
        out["cards"] = [clean_card(card) if isinstance(card, dict) else card for card in cards]
    return out


def _plain(card: Any) -> bool:
    """A card whose values are all written on their own lines (no tables inside it)."""
    return isinstance(card, dict) and not any(
        isinstance(value, dict)
        or (isinstance(value, list) and any(isinstance(item, dict) for item in value))
        for value in card.values()
    )


def deck_text(raw: dict[str, Any], schema_ref: str | None = None) -> str:
    """A deck as TOML a person can read and edit, with a `#:schema` line for editors."""
    cleaned = clean_deck(raw)
    cards = cleaned.get("cards")
    if cards and isinstance(cards, list) and all(_plain(card) for card in cards):
        # Always [[cards]] tables: tomli_w would write short cards as one inline array,
        # which reads badly and leaves the loader no [[cards]] lines to point problems at.
        head = {key: value for key, value in cleaned.items() if key != "cards"}
        body = tomli_w.dumps(head, multiline_strings=True) + "".join(
            "\n[[cards]]\n" + tomli_w.dumps(card, multiline_strings=True) for card in cards
        )
    else:
        body = tomli_w.dumps(cleaned, multiline_strings=True)
    return f"#:schema {schema_ref}\n\n{body}" if schema_ref else body


# --- starter decks -----------------------------------------------------------------------


def starter(title: str, tip: str | None = None) -> dict[str, Any]:
    """A small deck that validates as written: one card of each kind, ready to rewrite."""
    raw: dict[str, Any] = {
        "format": FORMAT,
        "title": title,
        "description": "What this deck is for, in a sentence or two.",
        "how_to": "Take turns leading. Say as much or as little as you like; passing is "
        "always fine.",
        "tip": tip,
        "order": "escalate",
        "cards": [
            {
                "id": "small-joy",
                "prompt": "What was a small joy in your day today?",
                "level": 1,
            },
            {
                "id": "on-your-mind",
                "kind": "mirror",
                "level": 2,
                "prompt": "Tell your partner about something that has been on your mind lately.",
            },
            {
                "id": "perfect-saturday",
                "kind": "guess",
                "level": 1,
                "prompt": "Describe your perfect Saturday morning in three words.",
            },
            {
                "id": "slow-breaths",
                "kind": "exercise",
                "level": 2,
                "seconds": 60,
                "prompt": "Sit close and breathe slowly together for a minute.",
                "follow_up": "What did you notice?",
            },
            {
                "id": "hope-for-us",
                "level": 3,
                "answer": "lead",
                "prompt": "What is one hope you have for the two of you this year?",
            },
        ],
    }
    problems = check(raw).issues
    if problems:  # only the title or tip can be wrong; a bad one is the caller's to fix
        raise AuthoringError("; ".join(problem.message for problem in problems))
    return raw


def write_new(path: Path, raw: dict[str, Any], schema_ref: str | None) -> None:
    """Write a new deck file; never replaces an existing one."""
    if not path.name.endswith(".toml") or not is_slug(path.name.removesuffix(".toml")):
        better = slug(path.stem) or "my-deck"
        raise AuthoringError(
            f"{path.name}: a deck's file name is its id: lowercase letters, digits and "
            f"hyphens, ending in .toml (for example {better}.toml)"
        )
    try:
        write_new_file(path, deck_text(raw, schema_ref).encode("utf-8"))  # 0600, whole or none
    except FileExistsError:
        raise AuthoringError(f"{path} already exists; heartline won't overwrite it") from None
    except OSError as failed:
        raise AuthoringError(f"can't write {path}: {failed.strerror or failed}") from failed


# --- spreadsheets --------------------------------------------------------------------------


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`, ... : the first that is not taken."""
    base = base or "card"
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    return candidate


def id_from_prompt(prompt: str, taken: set[str]) -> str:
    return unique_id(slug(prompt, limit=30), taken)


def _cell(key: str, value: str) -> Any:
    if key in {"level", "seconds"}:
        try:
            return int(value)
        except ValueError:
            return value  # check() says "must be a whole number, got ..."
    if key == "tags":
        return [tag.strip() for tag in value.split(";") if tag.strip()]
    return value


def read_table(path: Path, title: str | None = None) -> tuple[dict[str, Any] | None, list[str]]:
    """Cards from a CSV or TSV file with a header row, as a deck; or every bad row, by number.

    Returns (deck, []) when every row is good, (None, problems) otherwise.
    """
    try:
        text = read_regular(path, MAX_DECK_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [f"{path}: the file is not UTF-8 text; save it as UTF-8 (CSV UTF-8)"]
    except ValueError as odd:
        return None, [f"{path}: can't use it: {odd}"]
    except OSError as failed:
        return None, [f"{path}: can't read it: {failed.strerror or failed}"]
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".tab"} else ","
    # Each row with the line it starts on: a quoted cell may hold line breaks.
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            rows.append(row)
            lines.append(start)
    except csv.Error as bad:
        return None, [f"{path}:{start}: it can't be read as a table: {bad}"]
    if not rows:
        return None, [f"{path}: the file is empty; the first row must name the columns"]
    header = [name.strip().lower().replace(" ", "_").replace("-", "_") for name in rows[0]]
    problems = [
        f"{path}:1: unknown column `{name}`; columns may be: {', '.join(CARD_KEYS)}"
        for name in header
        if name and name not in CARD_KEYS
    ]
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    problems += [f"{path}:1: the column `{name}` appears twice" for name in repeated]
    if "prompt" not in header:
        problems.append(f"{path}:1: there is no `prompt` column; it holds each card's question")
    if problems:
        return None, problems
    cards: list[dict[str, Any]] = []
    row_numbers: list[tuple[int, int]] = []  # (row, the line it starts on)
    for number, (line, row) in enumerate(zip(lines[1:], rows[1:], strict=True), start=2):
        if not any(cell.strip() for cell in row):
            continue
        if any(cell.strip() for cell in row[len(header) :]):
            problems.append(f"{path}:{line}: row {number} has more cells than the header")
            continue
        card = {
            key: _cell(key, unguarded(value.strip()))
            for key, value in zip(header, row, strict=False)
            if key and value.strip()
        }
        cards.append(card)
        row_numbers.append((number, line))
    taken = {card["id"] for card in cards if isinstance(card.get("id"), str)}
    for card in cards:
        if "id" not in card and isinstance(card.get("prompt"), str):
            card["id"] = id_from_prompt(card["prompt"], taken)
            taken.add(card["id"])
    if not cards and not problems:
        return None, [f"{path}: there are no cards under the header row"]
    raw = {
        "format": FORMAT,
        "title": title or path.stem.replace("-", " ").replace("_", " ").strip().capitalize(),
        "cards": cards,
    }
    for issue in check(raw).issues:
        if issue.card is None:
            problems.append(f"{path}: {issue.message}")
        else:
            number, line = row_numbers[issue.card]
            problems.append(f"{path}:{line}: row {number}: {issue.message}")
    if not problems and len(deck_text(raw).encode("utf-8")) > MAX_DECK_BYTES:
        problems.append(f"{path}: the deck would be larger than 1 MiB, the most a deck may be")
    return (None, problems) if problems else (raw, [])


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guarded(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading `'` before anything it would run.

    Cells that already start with `'` before such a character get one more, so that
    `unguarded` gives back exactly what was written.
    """
    return f"'{cell}" if cell.lstrip("'").startswith(FORMULA_STARTS) else cell


def unguarded(cell: str) -> str:
    """The text of a cell written by `guarded`."""
    return (
        cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell
    )


def table_text(deck: Deck) -> str:
    """A deck's cards as CSV, one row per card, in the columns `read_table` takes."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    # csv quotes only the line terminator's characters: a row holding a lone CR is written
    # with every cell quoted, so reading it back keeps the CR.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CARD_KEYS)
    deck_tags = set(deck.tags)
    for card in deck.cards:
        own_tags = [tag for tag in card.tags if tag not in deck_tags]
        row = [
            guarded(card.id),
            guarded(card.prompt),
            card.kind,
            card.level,
            card.answer,
            "" if card.seconds is None else card.seconds,
            guarded(card.follow_up or ""),
            guarded(";".join(own_tags)),
            card.pin or "",
        ]
        (quoted if any("\r" in str(cell) for cell in row) else writer).writerow(row)
    return out.getvalue()
