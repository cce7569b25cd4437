"""The one seam between heartline's front ends and its core: where everything is kept.

A `Workspace` owns the data folder, the deck folders, the cached deck library, the saves
folder and journal export. The command line builds one and hands it to the App; every
screen gets its data from here (or, during a game, through `GameScreen.act`), never by
opening files or calling the store itself. No textual import.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from heartline.cards import Deck
from heartline.couple import couple_key
from heartline.deck_cache import DeckCache
from heartline.errors import SaveError, UserError
from heartline.files import ensure_private_dir, write_atomic
from heartline.library import Library
from heartline.locations import journals_dir, saves_dir, shipped_decks_dir, user_decks_dir
from heartline.preferences import CoupleChoices, Preferences, Saved, config_file
from heartline.save_format import SaveSummary, load
from heartline.store import Autosave, Store
from heartline.text import one_line, slug

if TYPE_CHECKING:
    from heartline.cards import Card, DeckReport
    from heartline.daily import DailyFolder, Day, Entry, Unreadable
    from heartline.draft import DeckDraft
    from heartline.history import Evening, Favorite, History, Star
    from heartline.session import DealSettings, Session
    from heartline.trash import Trash, TrashedSave, TrashListing


@dataclass(frozen=True)
class SaveCounts:
    """How many games a home screen can offer to resume or read."""

    in_progress: int
    finished: int


FAVORITES = "favorites"  # the deck of a couple's starred cards, by the name people type


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
        self,
        decks: Sequence[Deck],
        partners: Sequence[str],
        settings: DealSettings,
        *,
        repeat: bool = False,
        seen: Mapping[str, float] | None = None,
    ) -> Session:
        """A new session from `decks`, this couple's freshest cards first (any card, with
        `repeat`; `seen` when the caller has it already); raises ActionRefused when no card
        fits."""
        from heartline.dealing import new_session

        return new_session(
            decks,
            partners,
            cards=settings.cards,
            max_level=settings.max_level,
            seed=settings.seed,
            leave_out=settings.leave_out,
            first_lead=settings.first_lead,
            seen=None if repeat else seen if seen is not None else self.seen(partners),
        )

    # --- the couple's story --------------------------------------------------------------

    @property
    def history(self) -> History:
        """Every evening in the saves folder, for favorites, fresh cards and the story."""
        from heartline.history import History

        return History(self.store.folder)

    def daily_folders(self) -> list[Path]:
        """The folders today's cards may be in: this machine's, and the shared one."""
        shared = self.preferences.shared_dir
        return [self.data / "today", *([shared] if shared else [])]

    def evenings(self) -> list[Evening]:
        """Every evening in the saves and every day's card both answered, oldest first."""
        from heartline.daily import DailyFolder, revealed_days
        from heartline.history import daily_evening

        found = self.history.evenings()
        seen_days: set[tuple[str, str]] = set()
        for folder in self.daily_folders():
            entries, _ = DailyFolder(folder, "").read()
            for day in revealed_days(entries):
                place = (couple_key(day.partners), day.day)
                if place not in seen_days:
                    seen_days.add(place)
                    found.append(daily_evening(day, folder))
        found.sort(key=lambda evening: evening.started.timestamp())
        return found

    def evenings_of(self, partners: Sequence[str]) -> list[Evening]:
        key = couple_key(partners)
        return [evening for evening in self.evenings() if evening.couple == key]

    def seen(self, partners: Sequence[str]) -> dict[str, float]:
        """When this couple last saw each card (a POSIX timestamp)."""
        from heartline.history import last_seen

        return last_seen(self.evenings_of(partners))

    def played_through(
        self,
        decks: Sequence[Deck],
        partners: Sequence[str],
        settings: DealSettings,
        seen: Mapping[str, float] | None = None,
    ) -> list[Deck]:
        """The decks whose every card (of these settings) this couple has seen already."""
        from heartline.dealing import eligible

        seen = self.seen(partners) if seen is None else seen
        return [
            deck
            for deck in decks
            if deck.id != FAVORITES  # favorites are cards seen before, by their nature
            and (cards := eligible(deck, settings))
            and all(card.key in seen for card in cards)
        ]

    def unstar(
        self,
        favorite: Favorite,
        active: Autosave | None = None,
        who: str | None = None,
    ) -> list[str]:
        """Take a partner's star (`who`, by name) or every star off a favorite card, in
        every evening it was given: a star is each partner's own.

        Each save is locked, read, changed by a `favorite` action (so the log keeps what
        happened) and written; the game open here (`active`) is changed in place. Returns
        what could not be changed, in words; the rest is done.
        """
        from heartline.couple import name_key

        problems = []
        for evening, star in favorite.evenings:
            theirs = [
                p
                for p in sorted(star.by)
                if who is None or name_key(evening.partners[p]) == name_key(who)
            ]
            if not theirs:
                continue
            if evening.daily:
                problems += self._unstar_day(evening, star, theirs)
                continue
            if active is not None and active.path == evening.path:
                kept, opened = active, False
            else:
                try:
                    kept, opened = self.open(evening.path), True
                except SaveError as failed:
                    problems.append(f"{one_line(evening.path.name)}: {failed.reason}")
                    continue
            try:
                slots = kept.session.slots
                if star.index < len(slots) and slots[star.index].card.key == star.card.key:
                    for partner in theirs if who is not None else [None]:
                        kept.session.favorite(star.index, on=False, by=partner)
                    failure = kept.save()
                    if failure is not None:
                        problems.append(f"{one_line(evening.path.name)}: {failure.reason}")
            finally:
                if opened:
                    kept.close()
        return problems

    def _unstar_day(self, evening: Evening, star: Star, partners: list[int]) -> list[str]:
        own = evening.folder == self.data / "today"
        folder = self.daily_folder(None if own else evening.folder)
        day = evening.name.removeprefix("today-")
        names = [evening.partners[partner] for partner in partners]
        try:
            folder.add(*self._stars(folder, evening.couple, day, star.card.key, names, on=False))
        except UserError as failed:
            return [f"today's card of {day}: {failed.for_person()}"]
        return []

    @staticmethod
    def _stars(
        folder: DailyFolder, couple: str, day: str, key: str, names: Sequence[str], *, on: bool
    ) -> list[Entry]:
        """A star given (or taken back) on a day's card by each of `names`."""
        from heartline.daily import new_entry

        return [
            new_entry("star", couple, day, folder.machine, key=key, by=name, on=on)
            for name in names
        ]

    def star_today(self, day: Day, who: int | None, shared: Path | None = None) -> Day:
        """Star today's card (or take the star back) for `who`, or both (None)."""
        folder = self.daily_folder(shared)
        partners = (0, 1) if who is None else (who,)
        on = not (set(partners) <= day.starred_by)
        names = [day.partners[partner] for partner in partners]
        folder.add(
            *self._stars(folder, couple_key(day.partners), day.day, day.card.key, names, on=on)
        )
        again, _ = self.today(day.partners, shared, day.day)
        assert again is not None
        return again

    def favorites_deck(self, partners: Sequence[str]) -> Deck | None:
        """The couple's starred cards as a deck to play, or None when they have none."""
        from heartline.history import favorites

        found = favorites(self.evenings_of(partners), partners)
        if not found:
            return None
        cards = tuple(favorite.card for favorite in found)
        return Deck(
            id=FAVORITES,
            path=self.store.folder,
            title="Our favorites",
            cards=cards,
            description="Every card either of you starred, in any evening.",
            order="shuffle",
            digest=hashlib.sha256("\n".join(c.key for c in cards).encode()).hexdigest(),
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

    def in_progress(self, partners: Sequence[str]) -> SaveSummary | None:
        """This couple's newest game in progress, if they have one."""
        return self.store.in_progress(partners)

    # --- managing saves: titles and the trash -------------------------------------------

    def rename(self, path: Path, title: str, active: Autosave | None = None) -> str:
        """Give a saved evening a title ("" removes it); returns the title as kept.

        The save is locked and read like a resumed one, so a save open in another heartline
        is refused (SessionOpenElsewhere) and never written over; the one open here
        (`active`, a summary left on screen) is named in place. The title is untrusted
        text: made one line and trimmed; longer than 80 characters raises UserError.
        """
        from heartline.trash import clean_title

        kept = clean_title(title)
        here = active is not None and active.path == path
        autosave = active if active is not None and here else self.open(path)
        try:
            if autosave.session.title != kept:
                autosave.session.title = kept
                failure = autosave.save()
                if failure is not None:
                    raise failure
        finally:
            if not here:
                autosave.close()
        return kept

    @property
    def trash_bin(self) -> Trash:
        """The trash folder (`<data>/trash`) and the saves folder it gives back to."""
        from heartline.trash import Trash, trash_dir

        return Trash(trash_dir(self.data), self.saves)

    def trash(self, path: Path) -> TrashedSave:
        """Move a save (readable or not) into the trash, restorable for 30 days.

        Raises SessionOpenElsewhere when it is open in another heartline, SaveError when it
        can't be moved (it then stays where it was).
        """
        return self.trash_bin.put(path)

    def trashed(self) -> TrashListing:
        """What the trash holds, newest first, after letting go of what is 30 days old."""
        return self.trash_bin.listing()

    def restore(self, name: str) -> Path:
        """Put a trashed save back among the saves (a new name if its own is taken)."""
        return self.trash_bin.restore(name)

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

    # --- today's card ----------------------------------------------------------------------

    def daily_folder(self, shared: Path | None = None) -> DailyFolder:
        """Where today's cards are kept: a folder the couple syncs, or `<data>/today`."""
        from heartline.daily import DailyFolder, machine_id

        return DailyFolder(shared or self.data / "today", machine_id(self.data))

    def today(
        self,
        partners: Sequence[str],
        shared: Path | None = None,
        day: str | None = None,
    ) -> tuple[Day | None, list[Unreadable]]:
        """Today's card for this couple and what may be seen of it; None when no deck has a
        card that can be a daily card. Choosing the day's card writes it, so the other
        machine shows the same one."""
        from heartline import daily
        from heartline.couple import couple_key

        pair = (partners[0], partners[1])
        folder = self.daily_folder(shared)
        entries, skipped = folder.read()
        day = day or daily.today()
        key = couple_key(pair)
        chosen = self.preferences.couple(pair)
        wanted = set(chosen.daily_decks) if chosen is not None else set()
        decks = [
            deck
            for deck in self.library.decks
            if (deck.id in wanted if wanted else deck.dealt_by_default)
        ]
        candidates = daily.daily_candidates(card for deck in decks for card in deck.cards)
        card = daily.choose(key, day, entries, candidates, self.seen(pair))
        if card is None:
            return None, skipped
        if not any(e.kind == "card" and e.couple == key and e.day == day for e in entries):
            entry = daily.new_entry("card", key, day, folder.machine, card=card)
            folder.add(entry)
            entries.append(entry)
        return daily.day_of(pair, day, card, entries), skipped

    def answer_today(
        self,
        partners: Sequence[str],
        who: int,
        text: str,
        shared: Path | None = None,
        day: str | None = None,
    ) -> Day:
        """Seal `who`'s answer to today's card (a reply, once both have answered); raises
        UserError saying why not."""
        from heartline import daily
        from heartline.couple import couple_key

        found, _ = self.today(partners, shared, day)
        if found is None:
            raise UserError("no deck has a card that can be today's card")
        text = text.strip()
        revealed = found.revealed
        if not text:
            raise UserError("write a few words first")
        limit = daily.MAX_REPLY if revealed else daily.MAX_ANSWER
        if len(text) > limit:
            raise UserError(f"that is more than {limit} characters; say it a little shorter")
        if found.answered(who) and not revealed:
            raise UserError(
                f"{one_line(found.partners[who])} has answered already; it stays sealed until "
                f"{one_line(found.partners[1 - who])} answers too"
            )
        folder = self.daily_folder(shared)
        entry = daily.new_entry(
            "reply" if revealed else "answer",
            couple_key(found.partners),
            found.day,
            folder.machine,
            key=found.card.key,
            by=found.partners[who],
            text=text,
        )
        folder.add(entry)
        again, _ = self.today(partners, shared, found.day)
        assert again is not None
        return again

    # --- preferences: what is remembered between evenings --------------------------------

    _preferences: Preferences | None = None

    @property
    def preferences(self) -> Preferences:
        """The preferences in `<data>/config.toml`, read once (problems are kept, not raised)."""
        if self._preferences is None:
            self._preferences = Preferences.load(config_file(self.data))
        return self._preferences

    def remember(
        self,
        *,
        theme: str | None = None,
        reduced_motion: bool | None = None,
        mouse: bool | None = None,
    ) -> Saved:
        """Change a setting of this machine (None leaves it) and write it when it changed."""
        return self.preferences.set(theme=theme, reduced_motion=reduced_motion, mouse=mouse)

    def remember_game(self, session: Session) -> Saved:
        """Keep what a couple chose for the game they just started, for next time."""
        return self.preferences.remember(CoupleChoices.of(session))

    def last_game(self) -> CoupleChoices | None:
        """What the couple who played last chose, if anyone has played."""
        return self.preferences.last_couple

    def choices_of(self, names: Sequence[str]) -> CoupleChoices | None:
        """What this couple (names in any order or case) chose last time, if they played."""
        return self.preferences.couple(names)

    def decks_named(
        self, ids: Sequence[str], partners: Sequence[str] = ()
    ) -> tuple[list[Deck], list[str]]:
        """The decks with these ids that are still in the library, and the ids that aren't.
        With the couple's names, `favorites` is their starred cards, while they have any."""
        usable = {deck.id: deck for deck in self.library.decks}
        if FAVORITES in ids and len(partners) == 2:
            starred = self.favorites_deck(partners)
            if starred is not None:
                usable[FAVORITES] = starred
        found = [usable[deck_id] for deck_id in ids if deck_id in usable]
        return found, [deck_id for deck_id in ids if deck_id not in usable]

    def play_again(self, choices: CoupleChoices) -> tuple[Session, list[str]]:
        """The couple's last game again with fresh cards (a new seed), the other partner
        leading first; and the ids of its decks that are gone (left out). Raises
        ActionRefused when none of the decks is left or no card fits."""
        from heartline.errors import ActionRefused

        decks, missing = self.decks_named(choices.decks, choices.names)
        if not decks:
            raise ActionRefused("none of the decks of your last game is here any more")
        settings = choices.deal_settings(self.new_seed())
        return self.deal(decks, choices.names, settings), missing


def write_text(target: Path, text: str, mode: int = 0o600) -> None:
    """Write `text` atomically; raises UserError saying which file couldn't be written."""
    try:
        write_atomic(target, text.encode("utf-8"), mode=mode)
    except OSError as failed:
        raise UserError(
            f"can't write {one_line(str(target))}: {failed.strerror or failed}"
        ) from failed
