"""Preferences: what heartline remembers between evenings, kept in `<data>/config.toml`.

The machine's settings (theme, reduced motion, mouse) and, for each couple on this machine
(the pair of names, case and order ignored: `heartline.couple`), what they chose last:
their names as typed, decks, length, depth, tags left out and who led. Read by hand like a
save (no pydantic at start-up), one check per key, from the same table the JSON Schema is
made from. A wrong value is a `Problem` with its line and column, and the default is used
for it. heartline never overwrites a file it could not read whole: the first change keeps
it beside, as `config.toml.broken-<time>`, before writing. No textual import.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from heartline.cards import LEVEL_NAMES, LEVELS, MAX_NAME, SLUG_PATTERN, Problem
from heartline.couple import couple_key, name_key
from heartline.files import (
    ensure_private_dir,
    read_open,
    read_regular,
    sync_dir,
    write_atomic,
    write_new_file,
)
from heartline.text import one_line
from heartline.toml_places import KeyPlaces, describe, syntax_problem

if TYPE_CHECKING:
    from heartline.session import DealSettings, Session

FILE_NAME = "config.toml"
SCHEMA_NAME = "config.schema.json"
FORMAT = 1
# A few couples' choices take a kilobyte; anything near this is not a heartline config.
MAX_CONFIG_BYTES = 256 * 1024
DEFAULT_LENGTH = 10
ALL = "all"
MAX_THEME = 100
MAX_DECK_ID = 60  # as in the deck format
MAX_TAG = 100
MAX_PATH = 1000


def config_file(data: Path) -> Path:
    """Where the preferences are kept: `config.toml` in the data folder."""
    return data / FILE_NAME


def schema_file() -> Path:
    """The committed JSON Schema of the file, beside this module."""
    return Path(__file__).resolve().parent / SCHEMA_NAME


# --- what is remembered ----------------------------------------------------------------------


@dataclass(frozen=True)
class Machine:
    """Settings for this machine, whoever plays."""

    theme: str | None = None  # None: Textual's default
    reduced_motion: bool = False
    mouse: bool = True
    shared_dir: str | None = None  # where today's cards are shared with the other machine


@dataclass(frozen=True)
class CoupleChoices:
    """What one couple chose for their last game."""

    names: tuple[str, str]
    decks: tuple[str, ...] = ()
    length: int | None = DEFAULT_LENGTH  # None: every card that fits
    max_level: int = 3
    leave_out: tuple[str, ...] = ()
    first_lead: str | None = None  # the name of the partner who led the first card
    daily_decks: tuple[str, ...] = ()  # today's card comes from these (none: every deck)

    @property
    def key(self) -> str:
        return couple_key(self.names)

    @property
    def led_last(self) -> int | None:
        """Which of `names` led the first card last time, when it is known."""
        if self.first_lead is None:
            return None
        wanted = name_key(self.first_lead)
        return next((i for i, name in enumerate(self.names) if name_key(name) == wanted), None)

    @property
    def next_lead(self) -> int:
        """Who leads first this time: the other partner than last time."""
        last = self.led_last
        return 0 if last is None else 1 - last

    def deal_settings(self, seed: int) -> DealSettings:
        """The same choices again, with fresh cards (a new seed) and the other partner leading."""
        from heartline.session import DealSettings

        return DealSettings(seed, self.length, self.max_level, self.leave_out, self.next_lead)

    @classmethod
    def of(cls, session: Session) -> CoupleChoices:
        """What a couple chose for the session they just started."""
        settings = session.settings
        names = (session.partners[0], session.partners[1])
        return cls(
            names=names,
            decks=tuple(dict.fromkeys(deck.id for deck in session.decks)),
            length=settings.cards,
            max_level=settings.max_level,
            leave_out=tuple(settings.leave_out),
            first_lead=names[settings.first_lead] if settings.first_lead in (0, 1) else None,
        )


@dataclass(frozen=True)
class Saved:
    """What a change to the preferences did that the partners should hear about."""

    written: bool = False
    kept: Path | None = None  # the file heartline couldn't read, kept beside under this name
    failure: str | None = None  # why the change holds only until heartline quits

    @property
    def notice(self) -> str:
        if self.kept is None:
            return ""
        return (
            f"heartline couldn't read all of {one_line(self.kept.name.split('.broken-')[0])}, "
            f"so it kept that file as {one_line(self.kept.name)} and wrote your settings anew."
        )


# --- the keys: one check each, and the JSON Schema made from the same table ------------------


@dataclass(frozen=True)
class Key:
    """One key of the file: its check, how its value is described, and its JSON Schema."""

    ok: Callable[[Any], bool]
    what: str  # "true or false": said when the value is wrong
    schema: dict[str, Any]
    default: str = ""  # said when the default is used instead, e.g. "true"


def _bool(value: Any) -> bool:
    return isinstance(value, bool)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value: Any, longest: int) -> bool:
    return isinstance(value, str) and 1 <= len(value) <= longest and bool(value.strip())


def _name(value: Any) -> bool:
    return _text(value, MAX_NAME)


def _names(value: Any) -> bool:
    return (
        isinstance(value, list)
        and len(value) == 2
        and all(_name(name) for name in value)
        and name_key(value[0]) != name_key(value[1])
    )


def _deck_ids(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(deck, str) and len(deck) <= MAX_DECK_ID and re.fullmatch(SLUG_PATTERN, deck)
        for deck in value
    )


def _tags(value: Any) -> bool:
    return isinstance(value, list) and all(_text(tag, MAX_TAG) for tag in value)


_NAME_SCHEMA: dict[str, Any] = {
    "type": "string",
    "minLength": 1,
    "maxLength": MAX_NAME,
    "pattern": r"\S",
}
_NAMES_SCHEMA: dict[str, Any] = {
    "type": "array",
    "items": {"$ref": "#/$defs/name"},
    "minItems": 2,
    "maxItems": 2,
    "uniqueItems": True,
}

TOP_KEYS: dict[str, Key] = {
    "format": Key(
        lambda value: _whole(value) and value >= 1,
        "a whole number",
        {"description": "The version of this file's format.", "const": FORMAT},
    ),
    "theme": Key(
        lambda value: _text(value, MAX_THEME),
        "a theme's name in quotes",
        {
            "description": 'The colour theme (ctrl+p, Theme), e.g. "nord" or "gruvbox".',
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_THEME,
            "pattern": r"\S",
        },
        "the usual theme",
    ),
    "reduced_motion": Key(
        _bool,
        "true or false",
        {
            "description": "true: no animations (ctrl+p, Reduce motion).",
            "type": "boolean",
            "default": False,
        },
        "false",
    ),
    "mouse": Key(
        _bool,
        "true or false",
        {
            "description": "false: heartline ignores the mouse, from its next start, so the "
            "terminal can select text (ctrl+p, Mouse).",
            "type": "boolean",
            "default": True,
        },
        "true",
    ),
    "shared_dir": Key(
        lambda value: _text(value, MAX_PATH),
        "a folder's path in quotes",
        {
            "description": "A folder you sync between two machines (Syncthing, Nextcloud, a "
            "network share): today's cards are kept there (heartline today --shared).",
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_PATH,
            "pattern": r"\S",
        },
        "this machine's own folder",
    ),
    "last_couple": Key(
        _names,
        f"two different names of 1 to {MAX_NAME} characters",
        {
            "description": "The names of the couple who played last: Home offers their game "
            "again. A [[couples]] table holds their choices.",
            **_NAMES_SCHEMA,
        },
        "no one",
    ),
    "couples": Key(
        lambda value: isinstance(value, list),
        "a list of [[couples]] tables",
        {
            "description": "Each couple on this machine and what they chose last.",
            "type": "array",
            "items": {"$ref": "#/$defs/couple"},
        },
        "none",
    ),
}

# The schema of a list of deck ids, as the decks' own schema has them.
DECK_IDS: dict[str, Any] = {
    "type": "array",
    "items": {"type": "string", "minLength": 1, "maxLength": MAX_DECK_ID, "pattern": SLUG_PATTERN},
}

COUPLE_KEYS: dict[str, Key] = {
    "names": Key(
        _names,
        f"two different names of 1 to {MAX_NAME} characters",
        {
            "description": "The partners' names as they were last typed; a couple is the pair "
            "of names, case and order ignored.",
            **_NAMES_SCHEMA,
        },
    ),
    "decks": Key(
        _deck_ids,
        "a list of deck ids",
        {"description": "The decks of their last game, by id.", **DECK_IDS},
        "the first date deck",
    ),
    "length": Key(
        lambda value: (_whole(value) and value >= 1) or value == ALL,
        f'a number of cards (1 or more) or "{ALL}"',
        {
            "description": f'How many cards: a number, or "{ALL}" for every card that fits.',
            "anyOf": [{"type": "integer", "minimum": 1}, {"const": ALL}],
            "default": DEFAULT_LENGTH,
        },
        str(DEFAULT_LENGTH),
    ),
    "max_level": Key(
        lambda value: _whole(value) and value in LEVELS,
        "1, 2 or 3",
        {
            "description": "How deep: 1 light, 2 deeper, 3 deepest.",
            "type": "integer",
            "minimum": min(LEVELS),
            "maximum": max(LEVELS),
            "default": max(LEVELS),
        },
        str(max(LEVELS)),
    ),
    "leave_out": Key(
        _tags,
        "a list of tags in quotes",
        {
            "description": "Cards with these tags are left out.",
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": MAX_TAG, "pattern": r"\S"},
        },
        "none",
    ),
    "daily_decks": Key(
        _deck_ids,
        "a list of deck ids",
        {
            "description": "The decks today's card comes from, by id (none: every deck "
            "dealt by default).",
            **DECK_IDS,
        },
        "every deck",
    ),
    "first_lead": Key(
        _name,
        "one of the couple's names",
        {
            "description": "Who led the first card last time; New game and Play again let "
            "the other partner start.",
            "$ref": "#/$defs/name",
        },
        "the first name",
    ),
}


def schema() -> dict[str, Any]:
    """The JSON Schema of the preferences file, from the table the checks use."""

    def properties(keys: dict[str, Key]) -> dict[str, Any]:
        return {name: key.schema for name, key in keys.items()}

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "heartline preferences (config.toml in the data folder)",
        "description": "What heartline remembers between evenings. heartline rewrites this "
        "file when a setting changes; `heartline config show` prints what is in use.",
        "type": "object",
        "additionalProperties": False,
        "properties": properties(TOP_KEYS),
        "$defs": {
            "name": {"description": "A partner's name.", **_NAME_SCHEMA},
            "couple": {
                "description": "One couple and what they chose for their last game.",
                "type": "object",
                "additionalProperties": False,
                "required": ["names"],
                "properties": properties(COUPLE_KEYS),
            },
        },
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


def _unknown(key: str, keys: dict[str, Key], what: str, holder: str) -> str:
    import difflib  # only for a file with a mistake in it

    close = difflib.get_close_matches(key, list(keys), n=1)
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    return (
        f"`{one_line(key)}` is not {what} heartline knows{hint}; {holder} may hold: "
        f"{', '.join(keys)}"
    )


# --- the file ----------------------------------------------------------------------------------


class Preferences:
    """The preferences in use, and what was wrong with the file they were read from."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.machine = Machine()
        # Each couple by their key, the one who played last first.
        self.couples: dict[str, CoupleChoices] = {}
        self.last: str | None = None
        self.problems: list[Problem] = []
        # Why the file is left alone, never read nor written (a link, a folder, ...).
        self.refused: str | None = None
        self._said: str | None = None  # the last failure said, so it is said once

    # --- reading ---------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path) -> Preferences:
        """The preferences in `path`; what is wrong is in `problems`, never raised."""
        preferences = cls(path)
        text = preferences._read()
        if text is not None:
            preferences._parse(text)
        return preferences

    def _problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(str(self.path), line, column, message))

    def _read(self) -> str | None:
        """The file's text; None when there is none, or it is refused or can't be read."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        except OSError as failed:
            if failed.errno == errno.ELOOP:
                self.refused = (
                    "it is a link, and heartline reads and writes its settings only in a plain "
                    "file there; remove the link to have your settings kept"
                )
            else:
                self.refused = f"heartline can't open it ({failed.strerror or failed})"
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                self.refused = (
                    "it is not a plain file (a folder, a FIFO or a device); remove it to have "
                    "your settings kept"
                )
                return None
            data = _read_fd(fd, MAX_CONFIG_BYTES)
        except OSError as failed:
            self.refused = f"heartline can't read it ({failed.strerror or failed})"
            return None
        finally:
            os.close(fd)
        if data is None:
            self._problem(
                1,
                1,
                f"it is larger than {MAX_CONFIG_BYTES // 1024} KiB: far more than settings take",
            )
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as bad:
            before = data[: bad.start]
            line_start = before.rfind(b"\n") + 1
            column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
            self._problem(before.count(b"\n") + 1, column, "this is not UTF-8 text")
            return None

    def _parse(self, text: str) -> None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as bad:
            self.problems.append(syntax_problem(str(self.path), text, bad))
            return
        except RecursionError:
            self._problem(1, 1, "it is nested too deeply")
            return
        places = KeyPlaces(text, "couples")
        good: dict[str, Any] = {}
        for key, value in data.items():
            spec = TOP_KEYS.get(key)
            line, column = places.of_top(key)
            if spec is None:
                self._problem(line, column, _unknown(key, TOP_KEYS, "a setting", "the file"))
            elif not spec.ok(value):
                used = f"; heartline uses {spec.default}" if spec.default else ""
                self._problem(
                    line, column, f"`{key}` must be {spec.what}, got {describe(value)}{used}"
                )
            else:
                good[key] = value
        version = good.get("format", FORMAT)
        if version != FORMAT:
            line, column = places.of_top("format")
            self._problem(
                line,
                column,
                f"it was written by a newer heartline (format {version}); this one uses its "
                "defaults",
            )
            return
        self.machine = Machine(
            theme=good.get("theme"),
            reduced_motion=good.get("reduced_motion", False),
            mouse=good.get("mouse", True),
            shared_dir=good.get("shared_dir"),
        )
        for index, table in enumerate(good.get("couples", [])):
            choices = self._couple(index, table, places)
            if choices is None:
                continue
            if choices.key in self.couples:
                line, column = places.of_table(index)
                self._problem(
                    line,
                    column,
                    "this couple has an earlier [[couples]] table; heartline uses the first",
                )
                continue
            self.couples[choices.key] = choices
        if "last_couple" in good:
            last = couple_key(good["last_couple"])
            if last in self.couples:
                self.last = last
            else:
                line, column = places.of_top("last_couple")
                self._problem(
                    line, column, "`last_couple` names a couple with no [[couples]] table"
                )

    def _couple(self, index: int, table: Any, places: KeyPlaces) -> CoupleChoices | None:
        """One [[couples]] table; None (said as a problem) when it can't be used at all."""
        if not isinstance(table, dict):
            line, column = places.of_table(index)
            self._problem(line, column, "each of `couples` must be a table, [[couples]]")
            return None
        good: dict[str, Any] = {}
        for key, value in table.items():
            spec = COUPLE_KEYS.get(key)
            line, column = places.of_table(index, key)
            if spec is None:
                self._problem(
                    line,
                    column,
                    _unknown(key, COUPLE_KEYS, "a couple's choice", "a [[couples]] table"),
                )
            elif not spec.ok(value):
                then = f"; heartline uses {spec.default}" if spec.default else ""
                if key == "names":
                    then = "; this couple is left out"
                self._problem(
                    line, column, f"`{key}` must be {spec.what}, got {describe(value)}{then}"
                )
            else:
                good[key] = value
        if "names" not in good:
            if "names" not in table:
                line, column = places.of_table(index)
                self._problem(line, column, "this [[couples]] table has no `names`; it is left out")
            return None
        names = (good["names"][0], good["names"][1])
        first_lead = good.get("first_lead")
        if first_lead is not None and name_key(first_lead) not in {name_key(n) for n in names}:
            line, column = places.of_table(index, "first_lead")
            self._problem(
                line,
                column,
                f"`first_lead` must be one of the couple's names, got {describe(first_lead)}",
            )
            first_lead = None
        length = good.get("length", DEFAULT_LENGTH)
        return CoupleChoices(
            names=names,
            decks=tuple(dict.fromkeys(good.get("decks", ()))),
            length=None if length == ALL else length,
            max_level=good.get("max_level", max(LEVELS)),
            leave_out=tuple(good.get("leave_out", ())),
            first_lead=first_lead,
            daily_decks=tuple(dict.fromkeys(good.get("daily_decks", ()))),
        )

    # --- what the front ends ask -----------------------------------------------------------

    @property
    def clean(self) -> bool:
        return self.refused is None and not self.problems

    def warning(self) -> str:
        """One warning about the file, or "" when all is well."""
        where = one_line(str(self.path))
        if self.refused is not None:
            return (
                f"{where}: {self.refused}. Your settings hold until you quit; heartline "
                "leaves the file alone."
            )
        if not self.problems:
            return ""
        first = one_line(str(self.problems[0]))
        more = len(self.problems) - 1
        also = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        return (
            f"{first}{also}. Defaults are used for what is wrong; the file stays as it is "
            "until you change a setting."
        )

    def reject_theme(self, reason: str) -> None:
        """The front end doesn't know the theme: said like any wrong value, default used."""
        if self.machine.theme is None:
            return
        line, column = (1, 1)
        text = self._text_on_disk()
        if text is not None:
            line, column = KeyPlaces(text, "couples").of_top("theme")
        self._problem(line, column, f"{reason}; heartline uses the usual theme")
        self.problems.sort(key=lambda problem: (problem.line, problem.column))
        self.machine = replace(self.machine, theme=None)

    def _text_on_disk(self) -> str | None:
        try:
            return read_regular(self.path, MAX_CONFIG_BYTES).decode("utf-8", errors="replace")
        except (OSError, ValueError):
            return None

    def couple(self, names: Sequence[str]) -> CoupleChoices | None:
        """What this couple chose last (names in any order and case), if they have played."""
        if len(names) != 2 or not all(name.strip() for name in names):
            return None
        return self.couples.get(couple_key(names))

    @property
    def shared_dir(self) -> Path | None:
        """The folder today's cards are shared through, if one was chosen."""
        folder = self.machine.shared_dir
        return Path(folder).expanduser() if folder else None

    @property
    def last_couple(self) -> CoupleChoices | None:
        return self.couples.get(self.last) if self.last is not None else None

    # --- changing ---------------------------------------------------------------------------

    def set(
        self,
        *,
        theme: str | None = None,
        reduced_motion: bool | None = None,
        mouse: bool | None = None,
    ) -> Saved:
        """Change the machine's settings (None: leave as it is) and write them if changed."""
        changes: dict[str, Any] = {
            key: value
            for key, value in (
                ("theme", theme),
                ("reduced_motion", reduced_motion),
                ("mouse", mouse),
            )
            if value is not None
        }

        def edit(preferences: Preferences) -> bool:
            changed = replace(preferences.machine, **changes)
            if changed == preferences.machine:
                return False
            preferences.machine = changed
            return True

        return self._change(edit)

    def remember(self, choices: CoupleChoices) -> Saved:
        """Keep a couple's choices, as the couple who played last, and write them."""

        def edit(preferences: Preferences) -> bool:
            key = choices.key
            earlier = preferences.couples.get(key)
            kept = choices
            if earlier is not None and not choices.daily_decks and earlier.daily_decks:
                # A game's choices never hold the daily decks: keep the ones chosen before.
                kept = replace(choices, daily_decks=earlier.daily_decks)
            if preferences.last == key and preferences.couples.get(key) == kept:
                return False
            others = {k: v for k, v in preferences.couples.items() if k != key}
            preferences.couples = {key: kept, **others}
            preferences.last = key
            return True

        return self._change(edit)

    def _change(self, edit: Callable[[Preferences], bool]) -> Saved:
        if not edit(self):
            return Saved()
        if self.refused is not None:
            return self._failed(self.refused)
        # Read the file again: another heartline may have written another couple since, and
        # a file that can't be read now must be kept before it is replaced.
        on_disk = Preferences.load(self.path)
        if on_disk.refused is not None:
            return self._failed(on_disk.refused)
        kept: Path | None = None
        base = on_disk
        if on_disk.problems:
            base = self
            try:
                kept = self._keep_aside()
            except (OSError, ValueError) as failed:
                why = failed.strerror if isinstance(failed, OSError) else str(failed)
                return self._failed(f"heartline couldn't keep the unreadable file aside ({why})")
        else:
            edit(base)
        try:
            if not self.path.parent.is_dir():
                ensure_private_dir(self.path.parent)
            write_atomic(self.path, base.to_toml().encode("utf-8", errors="replace"))
        except OSError as failed:
            return self._failed(f"heartline can't write it ({failed.strerror or failed})")
        self.machine, self.couples, self.last = base.machine, dict(base.couples), base.last
        self.problems = []
        self._said = None
        return Saved(written=True, kept=kept)

    def _failed(self, reason: str) -> Saved:
        """A change that can't be written holds for this run; said once, not at every change."""
        if reason == self._said:
            return Saved()
        self._said = reason
        return Saved(
            failure=f"{one_line(str(self.path))}: {reason}. Your settings hold until you quit."
        )

    def _keep_aside(self) -> Path | None:
        """Keep the file heartline couldn't read (0600) beside it, before it is replaced."""
        try:
            os.lstat(self.path)
        except FileNotFoundError:
            return None
        stamp = f"{datetime.now():%Y%m%d-%H%M%S}"
        for attempt in range(1, 100):
            suffix = f"-{attempt}" if attempt > 1 else ""
            target = self.path.with_name(f"{self.path.name}.broken-{stamp}{suffix}")
            try:
                # A second name for the same bytes: the replacement then leaves them there.
                os.link(self.path, target, follow_symlinks=False)
            except FileExistsError:
                continue
            except OSError:
                try:
                    write_new_file(target, read_regular(self.path, 64 * MAX_CONFIG_BYTES))
                except FileExistsError:
                    continue
            with contextlib.suppress(OSError):
                os.chmod(target, 0o600)
            sync_dir(target.parent)
            return target
        raise OSError(errno.EEXIST, "too many kept files already")

    # --- writing ---------------------------------------------------------------------------

    def to_toml(self) -> str:
        """The file's text: the machine's settings, then each couple, the last one first."""
        import tomli_w

        head: dict[str, Any] = {"format": FORMAT}
        if self.machine.theme is not None:
            head["theme"] = self.machine.theme
        head["reduced_motion"] = self.machine.reduced_motion
        head["mouse"] = self.machine.mouse
        if self.machine.shared_dir is not None:
            head["shared_dir"] = self.machine.shared_dir
        last = self.last_couple
        if last is not None:
            head["last_couple"] = list(last.names)
        parts = [_preamble(), tomli_w.dumps(head)]
        for choices in self.couples.values():
            table: dict[str, Any] = {
                "names": list(choices.names),
                "decks": list(choices.decks),
                "length": ALL if choices.length is None else choices.length,
                "max_level": choices.max_level,
                "leave_out": list(choices.leave_out),
            }
            if choices.first_lead is not None:
                table["first_lead"] = choices.first_lead
            if choices.daily_decks:
                table["daily_decks"] = list(choices.daily_decks)
            # The header by hand: tomli_w writes a short array of tables inline.
            parts.append("\n[[couples]]\n" + tomli_w.dumps(table))
        return "".join(parts)

    # --- saying it -------------------------------------------------------------------------

    def lines(self) -> list[str]:
        """The settings in use, as `heartline config show` prints them (safe to print)."""
        machine = self.machine
        out = [
            f"theme: {one_line(machine.theme) if machine.theme else 'the usual (textual-dark)'}",
            f"reduced motion: {'on' if machine.reduced_motion else 'off'}",
            f"mouse: {'on' if machine.mouse else 'off'}",
            f"shared folder for today's cards: {one_line(machine.shared_dir or '-')}",
        ]
        if not self.couples:
            out.append("couples: none yet (a game started is remembered)")
        for choices in self.couples.values():
            names = " & ".join(one_line(name) for name in choices.names)
            last = "  (played last)" if choices.key == self.last else ""
            led = choices.led_last
            out += [
                "",
                f"{names}{last}",
                f"  decks: {', '.join(map(one_line, choices.decks)) or '-'}",
                f"  cards: {'all' if choices.length is None else choices.length}",
                f"  depth: {choices.max_level} ({LEVEL_NAMES[choices.max_level]})",
                f"  leave out: {', '.join(map(one_line, choices.leave_out)) or '-'}",
            ]
            if choices.daily_decks:
                out.append(f"  today's card from: {', '.join(map(one_line, choices.daily_decks))}")
            if led is not None:
                out.append(
                    f"  led first last time: {one_line(choices.names[led])} "
                    f"({one_line(choices.names[1 - led])} starts next)"
                )
        return out


def _read_fd(fd: int, limit: int) -> bytes | None:
    """At most `limit` bytes from an open file; None when it holds more."""
    try:
        return read_open(fd, limit)
    except ValueError:
        return None


def _preamble() -> str:
    """The file's first lines: where its schema is (for editors), and what it is."""
    lines = []
    with contextlib.suppress(OSError):
        found = schema_file()
        if found.is_file():
            lines.append(f"#:schema {found.as_uri()}")
    lines += [
        "# heartline's preferences: what it remembers between evenings. heartline rewrites",
        "# this file when a setting changes; `heartline config show` prints what is in use.",
        "",
    ]
    return "\n".join(lines) + "\n"
