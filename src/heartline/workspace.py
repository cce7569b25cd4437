"""The one seam between heartline's front ends and its core: where everything is kept.

A `Workspace` owns the data folder, the deck folders, the cached deck library, the saves
folder and journal export. The command line builds one and hands it to the App; every
screen gets its data from here (or, during a game, through `GameScreen.act`), never by
opening files or calling the store itself. No textual import.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from heartline.deck_cache import DeckCache
from heartline.errors import SaveError, UserError
from heartline.files import ensure_private_dir, write_atomic
from heartline.library import Library
from heartline.locations import journals_dir, saves_dir, shipped_decks_dir, user_decks_dir
from heartline.save_format import SaveSummary, load
from heartline.store import Autosave, Store
from heartline.text import one_line, slug

if TYPE_CHECKING:
    from heartline.cards import Card, Deck, DeckReport
    from heartline.draft import DeckDraft
    from heartline.session import DealSettings, Session


@dataclass(frozen=True)
class SaveCounts:
    """How many games a home screen can offer to resume or read."""

    in_progress: int
    finished: int


class Workspace:
    """The data folder and everything in it, built once per run."""

    def __init__(
        self,
        data: Path,
        extra_decks: Sequence[Path] = (),
        *,
        seed: int | None = None,
        command: str = "heartline",
    ) -> None:
        self.data = data
        # What a person types to reach this program and data folder (heartline.launch).
        self.command = command
        self.extra_decks = list(extra_decks)
        self.store = Store(saves_dir(data))
        self.fixed_seed = seed
        self._library: Library | None = None

    # --- decks -------------------------------------------------------------------------

    @property
    def deck_folders(self) -> list[Path]:
        """Where decks are looked for, in order: later folders win."""
        return [shipped_decks_dir(), self.user_decks, *self.extra_decks]

    @property
    def user_decks(self) -> Path:
        """Where the partners' own decks are kept (and the editor saves)."""
        return user_decks_dir(self.data)

    @property
    def library(self) -> Library:
        """Every deck found, read once and kept until `reload_library`."""
        if self._library is None:
            self._library = Library.scan(self.deck_folders, self.deck_cache)
        return self._library

    @property
    def deck_cache(self) -> DeckCache:
        """What checking each deck found, by its content (`<data>/cache/decks`)."""
        return DeckCache(self.data / "cache" / "decks")

    def reload_library(self) -> None:
        self._library = None

    def find_deck(self, name: str) -> Deck:
        return self.library.find(name)

    def resolve_card(self, key: str) -> Card | None:
        return self.library.card(key)

    def is_mine(self, deck: Deck | DeckReport) -> bool:
        """Whether a deck is one of the partners' own, which the editor may change."""
        try:
            return deck.path.parent.resolve() == self.user_decks.resolve()
        except OSError:
            return False

    def new_deck_id(self, base: str) -> str:
        """A deck id no deck in the library or in the partners' folder uses yet."""
        from heartline.authoring import unique_id

        taken = set(self.library.reports)
        taken |= {path.stem for path in self.user_decks.glob("*.toml")}
        return unique_id(slug(base) or "my-deck", taken)

    def new_draft(self, title: str) -> DeckDraft:
        """A new deck with one empty card, ready for the editor."""
        from heartline.draft import DeckDraft

        draft = DeckDraft.new(self.new_deck_id(title), title)
        draft.add_card()
        return draft

    def open_draft(self, report: DeckReport) -> DeckDraft:
        """One of the partners' decks, open for editing; raises AuthoringError."""
        from heartline.draft import DeckDraft

        return DeckDraft.open(report.path)

    def copy_draft(self, report: DeckReport) -> DeckDraft:
        """A copy of any deck, to become one of the partners' own; raises AuthoringError."""
        from heartline.draft import DeckDraft

        original = DeckDraft.open(report.path)
        title = one_line(str(original.fields.get("title") or report.id))
        return original.copy_as(self.new_deck_id(f"{report.id}-mine"), f"{title} (my copy)"[:80])

    def save_draft(self, draft: DeckDraft) -> Path:
        """Write a draft into the partners' decks; the library sees it at once."""
        from heartline.authoring import schema_text

        path = draft.save(self.user_decks, schema_text())
        self.reload_library()
        return path

    # --- games -------------------------------------------------------------------------

    def new_seed(self) -> int:
        """The seed offered for a new game: random, unless the workspace was given one."""
        return secrets.randbelow(1_000_000) if self.fixed_seed is None else self.fixed_seed

    def deal(
        self, decks: Sequence[Deck], partners: Sequence[str], settings: DealSettings
    ) -> Session:
        """A new session from `decks`; raises ActionRefused when no card fits."""
        from heartline.dealing import new_session

        return new_session(
            decks,
            partners,
            cards=settings.cards,
            max_level=settings.max_level,
            seed=settings.seed,
            leave_out=settings.leave_out,
            first_lead=settings.first_lead,
        )

    @property
    def saves(self) -> Path:
        """The saves folder."""
        return self.store.folder

    def prepare_saves(self) -> str:
        """Make the saves folder private; what to tell the partners about it, or ""."""
        return self.store.prepare()

    def start(self, session: Session) -> tuple[Autosave, SaveError | None]:
        """Save a new session in a new file; the failure, if any, is for the screen to say."""
        autosave = Autosave(self.store, session)
        return autosave, autosave.save()

    def load(self, path: Path) -> Session:
        """A saved session, replayed; raises SaveError."""
        return load(path, self.resolve_card)

    def open(self, path: Path) -> Autosave:
        """A saved session to play on: its save locked first, then read, then written after
        every action. Raises SessionOpenElsewhere or SaveError."""
        return Autosave.resume(self.store, path, self.load)

    def find_save(self, name: str) -> Path:
        return self.store.find(name)

    def summaries(self) -> tuple[list[SaveSummary], list[SaveError]]:
        """Every save's summary, newest first, and every save that couldn't be read."""
        return self.store.summaries()

    def save_counts(self) -> SaveCounts:
        found, _ = self.store.summaries()
        in_progress = sum(1 for summary in found if summary.status == "in-progress")
        return SaveCounts(in_progress, len(found) - in_progress)

    def newest_in_progress(self) -> Path | None:
        return self.store.newest_in_progress()

    # --- the journal -------------------------------------------------------------------

    @property
    def journals(self) -> Path:
        return journals_dir(self.data)

    def export_journal(self, session: Session, save_path: Path | None) -> Path:
        """Write a session as Markdown into the journal folder (0600); raises UserError."""
        from heartline.journal import export

        stem = save_path.stem if save_path else f"{session.started:%Y-%m-%d-%H%M}"
        target = self.journals / f"{stem}.md"
        try:
            ensure_private_dir(self.journals)
        except OSError as failed:
            raise UserError(
                f"can't make {one_line(str(self.journals))}: {failed.strerror or failed}"
            ) from failed
        write_text(target, export(session))
        return target

    # --- screenshots -------------------------------------------------------------------

    @property
    def screenshots(self) -> Path:
        return self.data / "screenshots"

    def save_screenshot(self, svg: str, name: str) -> Path:
        """Keep a picture of the screen (it can show answers): folder 0700, file 0600."""
        target = self.screenshots / one_line(Path(name).name)
        try:
            ensure_private_dir(self.screenshots)
        except OSError as failed:
            raise UserError(
                f"can't make {one_line(str(self.screenshots))}: {failed.strerror or failed}"
            ) from failed
        write_text(target, svg)
        return target


def write_text(target: Path, text: str, mode: int = 0o600) -> None:
    """Write `text` atomically; raises UserError saying which file couldn't be written."""
    try:
        write_atomic(target, text.encode("utf-8"), mode=mode)
    except OSError as failed:
        raise UserError(
            f"can't write {one_line(str(target))}: {failed.strerror or failed}"
        ) from failed
