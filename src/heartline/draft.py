"""A deck being edited: its keys and cards as plain data, checked by the loader's own rules.

The deck editor screen is a thin view over this; everything it does can be tested here.
"""

from __future__ import annotations

import copy
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heartline.authoring import deck_text, id_from_prompt, unique_id
from heartline.deck import Checked, check
from heartline.deck_cache import MAX_DECK_BYTES, is_slug
from heartline.deck_format import FORMAT
from heartline.errors import AuthoringError
from heartline.files import ensure_private_dir, read_regular, write_atomic
from heartline.text import one_line, slug

SCHEMA_REF = "./deck.schema.json"


def _plain(value: Any) -> bool:
    """A value the deck form can hold: text, a number, true/false, or a list of text."""
    if isinstance(value, str | int | float | bool):
        return True
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


@dataclass
class CardEntry:
    """One card's keys, as written; `id_follows_prompt` until the deck is first saved."""

    data: dict[str, Any]
    id_follows_prompt: bool = False


@dataclass
class DeckDraft:
    """A deck open in the editor."""

    id: str
    fields: dict[str, Any]
    cards: list[CardEntry] = field(default_factory=list)
    path: Path | None = None
    changed: bool = False
    _deleted: list[tuple[int, CardEntry]] = field(default_factory=list)

    # --- opening -------------------------------------------------------------------------

    @classmethod
    def new(cls, deck_id: str, title: str) -> DeckDraft:
        draft = cls(deck_id, {"format": FORMAT, "title": title, "order": "escalate"})
        draft.changed = True
        return draft

    @classmethod
    def open(cls, path: Path, deck_id: str | None = None) -> DeckDraft:
        """Open a deck file; raises AuthoringError when it isn't TOML a draft can hold."""
        shown = one_line(str(path))
        try:
            text = read_regular(path, MAX_DECK_BYTES).decode("utf-8-sig")
            raw = tomllib.loads(text)
        except (
            OSError,
            ValueError,  # not a regular file, too large, not UTF-8, not TOML
            RecursionError,
        ) as bad:
            raise AuthoringError(
                f"{shown} can't be opened in the editor ({bad}); fix it in a text editor first"
            ) from bad
        cards = raw.pop("cards", [])
        if not isinstance(cards, list) or not all(isinstance(card, dict) for card in cards):
            raise AuthoringError(f"{shown}: `cards` must be a list of [[cards]] tables")
        # The form shows words, numbers, true/false and lists of words: a value of any other
        # shape (a table, a list of numbers, a nested table) is fixed in a text editor first.
        for where, table in [("", raw), *((f"card {n}: ", c) for n, c in enumerate(cards, 1))]:
            for key, value in table.items():
                if not _plain(value):
                    raise AuthoringError(
                        f"{shown}: {where}`{one_line(key)}` holds a value the editor can't "
                        "show; fix it in a text editor first (`decks validate` shows where)"
                    )
        return cls(
            deck_id or path.stem,
            raw,
            [CardEntry(dict(card)) for card in cards],
            path=path,
        )

    def copy_as(self, deck_id: str, title: str) -> DeckDraft:
        """A copy under a new id and title, not yet saved anywhere."""
        twin = DeckDraft(deck_id, copy.deepcopy(self.fields), copy.deepcopy(self.cards))
        twin.fields["title"] = title
        twin.changed = True
        return twin

    # --- checking ------------------------------------------------------------------------

    def raw(self) -> dict[str, Any]:
        return {**self.fields, "cards": [entry.data for entry in self.cards]}

    def check(self) -> Checked:
        return check(self.raw())

    # --- deck keys -----------------------------------------------------------------------

    def set_field(self, key: str, value: Any) -> None:
        if value is None or value == "" or value == []:
            if key in self.fields:  # clearing a key that isn't there changes nothing
                del self.fields[key]
                self.changed = True
        elif self.fields.get(key) != value:
            self.fields[key] = value
            self.changed = True

    # --- cards ---------------------------------------------------------------------------

    def taken_ids(self, besides: int | None = None) -> set[str]:
        return {
            str(entry.data.get("id"))
            for index, entry in enumerate(self.cards)
            if index != besides and entry.data.get("id")
        }

    def add_card(self, kind: str = "question", after: int | None = None) -> int:
        """A new empty card after `after` (or at the end); its id will follow its prompt."""
        data: dict[str, Any] = {"id": "", "prompt": "", "kind": kind, "level": 1}
        if kind == "exercise":
            data["seconds"] = 60
        index = len(self.cards) if after is None else after + 1
        self.cards.insert(index, CardEntry(data, id_follows_prompt=True))
        self.changed = True
        return index

    def set_card(self, index: int, key: str, value: Any) -> None:
        """Change one key of a card; a new card's id is made from its prompt as it is typed."""
        entry = self.cards[index]
        if value is None or value == "" or value == []:
            if key in entry.data and key not in {"id", "prompt"}:
                del entry.data[key]
                self.changed = True
            elif key in {"id", "prompt"} and entry.data.get(key) != "":
                entry.data[key] = ""
                self.changed = True
        elif entry.data.get(key) != value:
            entry.data[key] = value
            self.changed = True
        if key == "prompt" and entry.id_follows_prompt:
            made = id_from_prompt(str(value or ""), self.taken_ids(besides=index))
            entry.data["id"] = made if value else ""
        if key == "id":
            entry.id_follows_prompt = False

    def duplicate(self, index: int) -> int:
        entry = copy.deepcopy(self.cards[index])
        base = str(entry.data.get("id") or slug(str(entry.data.get("prompt", ""))) or "card")
        base = slug(base, limit=48) or "card"  # room for "-copy-NN" within 60 characters
        entry.data["id"] = unique_id(f"{base}-copy", self.taken_ids())
        entry.id_follows_prompt = False
        self.cards.insert(index + 1, entry)
        self.changed = True
        return index + 1

    def delete(self, index: int) -> None:
        self._deleted.append((index, self.cards.pop(index)))
        self.changed = True

    @property
    def can_undo(self) -> bool:
        return bool(self._deleted)

    def undo_delete(self) -> int | None:
        """Put the last deleted card back where it was; returns its index."""
        if not self._deleted:
            return None
        index, entry = self._deleted.pop()
        index = min(index, len(self.cards))
        self.cards.insert(index, entry)
        self.changed = True
        return index

    def move(self, index: int, delta: int) -> int:
        target = max(0, min(len(self.cards) - 1, index + delta))
        if target != index:
            self.cards.insert(target, self.cards.pop(index))
            self.changed = True
        return target

    # --- saving --------------------------------------------------------------------------

    def text(self) -> str:
        return deck_text(self.raw(), SCHEMA_REF)

    def save(self, folder: Path, schema_text: str) -> Path:
        """Write the deck into `folder` atomically (with the schema beside it for editors)."""
        if not is_slug(self.id):
            raise AuthoringError(f"`{self.id}` can't be a deck's file name")
        target = folder / f"{self.id}.toml"
        try:
            ensure_private_dir(folder)
            schema_path = folder / "deck.schema.json"
            if not schema_path.exists() or schema_path.read_text() != schema_text:
                write_atomic(schema_path, schema_text.encode("utf-8"), mode=0o644)
            write_atomic(target, self.text().encode("utf-8"))  # private, like saves
        except OSError as failed:
            raise AuthoringError(f"can't write {target}: {failed.strerror or failed}") from failed
        for entry in self.cards:
            # Saves may refer to a saved id; a card still without one can keep following.
            entry.id_follows_prompt = entry.id_follows_prompt and not entry.data.get("id")
        self.path = target
        self.changed = False
        return target
