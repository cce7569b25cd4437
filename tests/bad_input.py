"""Bad input for the corpus tests: broken and odd decks, and broken and odd saves.

The decks are in tests/data/bad-decks. Files that make no sense in a repository (binary,
invalid UTF-8, raw control bytes, over the size limit, 10,000 cards, CRLF line endings) are
written by `copy_corpus` into a temporary copy of the folder; expected.toml there says what
each deck must give. The saves are in tests/data/bad-saves, the same way: special files
(FIFOs, links, folders), NUL bytes and saves over the size limit are made at test time.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from heartline.cards import Deck
from heartline.dealing import new_session
from heartline.deck import MAX_DECK_BYTES
from heartline.library import Library
from heartline.locations import saves_dir
from heartline.save_format import END_MARK, MAX_SAVE_BYTES
from heartline.session import Session
from heartline.store import INDEX_NAME, Store
from helpers import START, Clock, advance

CORPUS = Path(__file__).resolve().parent / "data" / "bad-decks"
EXPECTED_FILE = CORPUS / "expected.toml"
EXPECTED: dict[str, dict[str, Any]] = tomllib.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
COMMITTED = sorted(path.stem for path in CORPUS.glob("*.toml") if path != EXPECTED_FILE)

# Every control character but tab and newline: C0, DEL and C1 (which holds 8-bit CSI).
RAW_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
C0_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")

_CARD = 'title = "Raw bytes"\n\n[[cards]]\nid = "raw"\nprompt = "{prompt}"\n'


def _binary() -> bytes:
    # The start of a PNG image, then bytes of every value.
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _utf16() -> bytes:
    text = 'title = "Sixteen bits"\n\n[[cards]]\nid = "wide"\nprompt = "What is wide?"\n'
    return text.encode("utf-16")


def _latin1() -> bytes:
    return (
        b"# Written in Latin-1, not UTF-8.\n"
        b'title = "Caf\xe9 conversations"\n\n[[cards]]\nid = "cafe"\n'
        b'prompt = "Which caf\xe9 would you take me to?"\n'
    )


def _over_size() -> bytes:
    deck = 'title = "Too big"\n\n[[cards]]\nid = "big"\nprompt = "How big is big?"\n'
    return deck.encode() + b"# " + b"x" * MAX_DECK_BYTES + b"\n"


def _ten_thousand() -> bytes:
    lines = ['title = "Ten thousand cards"', 'order = "fixed"']
    for number in range(1, 10_001):
        lines += [
            "[[cards]]",
            f'id = "card-{number}"',
            f'prompt = "Card {number:,} of 10,000: what made you smile today?"',
        ]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) <= MAX_DECK_BYTES
    return data


def _crlf() -> bytes:
    text = (
        'title = "Windows lines"\n\n[[cards]]\nid = "keep-forever"\n'
        'prompt = "Which habit of ours would you keep forever?"\n\n'
        '[[cards]]\nid = "new-habit"\nprompt = "Which habit would you like us to start?"\n'
    )
    return text.replace("\n", "\r\n").encode()


GENERATED: dict[str, Callable[[], bytes]] = {
    "binary-file": _binary,
    "raw-nul-byte": lambda: _CARD.format(prompt="What\x00 now?").encode(),
    "utf-16-file": _utf16,
    "invalid-utf-8": _latin1,
    "over-size-limit": _over_size,
    "raw-escape-byte": lambda: _CARD.format(prompt="\x1b[31mWhat is red?").encode(),
    "raw-bell-byte": lambda: _CARD.format(prompt="Ding\x07 dong?").encode(),
    "ten-thousand-cards": _ten_thousand,
    "crlf-line-endings": _crlf,
}

ALL = sorted(EXPECTED)
BROKEN = [name for name in ALL if not EXPECTED[name].get("loads")]
LOADING = [name for name in ALL if EXPECTED[name].get("loads")]
# Broken decks that still play with their good cards, and those that can't be played at all.
PLAYABLE = [name for name in ALL if EXPECTED[name].get("loads") or EXPECTED[name].get("usable")]
UNPLAYABLE = [name for name in ALL if name not in PLAYABLE]


def copy_corpus(target: Path) -> Path:
    """The committed decks (without expected.toml) plus the generated ones, in `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COMMITTED:
        shutil.copyfile(CORPUS / f"{name}.toml", target / f"{name}.toml")
    for name, make in GENERATED.items():
        (target / f"{name}.toml").write_bytes(make())
    return target


def deck_texts(deck: Deck) -> list[str]:
    """Every piece of text a deck's author wrote that the game may show."""
    texts = [deck.title, *deck.tags]
    texts += [text for text in (deck.description, deck.how_to, deck.author) if text]
    for card in deck.cards:
        texts.append(card.prompt)
        if card.follow_up:
            texts.append(card.follow_up)
        texts += card.tags
    return texts


# --- saves ----------------------------------------------------------------------------------

TEST_DECKS = Path(__file__).resolve().parent / "data" / "decks"


@dataclass
class SavedGames:
    """Two good saves in a real saves folder, and the deck folder they were dealt from.

    `stale` was dealt from `decks/all-kinds.toml`, which has been edited since, so the hash
    it keeps no longer matches the deck: it must still resume, from its own copies of the
    cards. `good` was dealt from a deck that is unchanged.
    """

    store: Store
    decks: Path
    good: Path
    stale: Path
    good_session: Session
    stale_session: Session
    saved_prompt: str  # the stale save's current card, as it was dealt
    edited_prompt: str  # the same card in the deck file now

    @property
    def library(self) -> Library:
        return Library.scan([self.decks])


def _dealt(deck: Deck, names: tuple[str, str], start: datetime) -> Session:
    game = new_session([deck], names, cards=4, seed=1)
    game.clock = Clock(start=start)
    game.started = game.clock()
    advance(game)
    advance(game)
    return game


def saved_games(data: Path, decks: Path) -> SavedGames:
    """Play two games a little, save them in `data`'s saves folder, then edit one deck."""
    decks.mkdir(parents=True, exist_ok=True)
    for name in ("all-kinds.toml", "in-order.toml"):
        shutil.copyfile(TEST_DECKS / name, decks / name)
    library = Library.scan([decks])
    store = Store(saves_dir(data))
    store.prepare()
    # "Zoë" puts a two-byte character in the file, so some cuts fall inside a character.
    good_session = _dealt(library.find("in-order"), ("Zoë", "Ben"), START)
    stale_session = _dealt(library.find("all-kinds"), ("Ana", "Ben"), START + timedelta(hours=1))
    good = store.save(good_session)
    stale = store.save(stale_session)
    assert stale_session.current is not None
    saved_prompt = stale_session.current.card.prompt
    edited_prompt = f"{saved_prompt[:-1]}, in a few words?"
    deck_file = decks / "all-kinds.toml"
    text = deck_file.read_text(encoding="utf-8")
    assert text.count(f'"{saved_prompt}"') == 1
    deck_file.write_text(text.replace(saved_prompt, edited_prompt), encoding="utf-8")
    return SavedGames(
        store, decks, good, stale, good_session, stale_session, saved_prompt, edited_prompt
    )


SAVES_CORPUS = Path(__file__).resolve().parent / "data" / "bad-saves"
SAVES_EXPECTED_FILE = SAVES_CORPUS / "expected.toml"
SAVES_EXPECTED: dict[str, dict[str, Any]] = tomllib.loads(
    SAVES_EXPECTED_FILE.read_text(encoding="utf-8")
)
SAVES_COMMITTED = sorted(
    path.stem for path in SAVES_CORPUS.glob("*.toml") if path != SAVES_EXPECTED_FILE
)
# The good save every file in the corpus was made from.
BASE_SAVE = SAVES_CORPUS / "base.toml"

Maker = Callable[[Path, bytes, Path], None]


def _committed(kind: str) -> Maker:
    return lambda path, good, outside: shutil.copyfile(SAVES_CORPUS / f"{kind}.toml", path)


def _base() -> bytes:
    return BASE_SAVE.read_bytes()


def _zeros(marker: bytes) -> Maker:
    """Sixteen zero bytes where `marker` starts: what a crash can leave in a file."""

    def make(path: Path, good: bytes, outside: Path) -> None:
        base = _base()
        at = base.index(marker)
        path.write_bytes(base[:at] + b"\x00" * 16 + base[at + 16 :])

    return make


def _directory(path: Path, good: bytes, outside: Path) -> None:
    path.mkdir()
    (path / "notes.txt").write_text("A folder that happens to be named like a save.\n")


def _symlink(path: Path, good: bytes, outside: Path) -> None:
    outside.mkdir(parents=True, exist_ok=True)
    target = outside / "somewhere-else.toml"
    target.write_bytes(_base())
    path.symlink_to(target)


_END = f"\n{END_MARK}\n".encode()

# The files that can't (or shouldn't) live in a repository, made at test time.
SAVES_GENERATED: dict[str, Maker] = {
    "not-utf-8": lambda path, good, outside: path.write_bytes(
        b'format = 1\nstatus = "\xff\xfe"' + _END
    ),
    "zeros-in-the-summary": _zeros(b"deck_titles"),
    "zeros-in-the-answers": _zeros(b"[[actions]]"),
    "cut-inside-a-character": lambda path, good, outside: path.write_bytes(
        _base()[: _base().index("ë".encode()) + 1]
    ),
    "directory": _directory,
    "fifo": lambda path, good, outside: os.mkfifo(path),
    "symlink-elsewhere": _symlink,
    "dangling-symlink": lambda path, good, outside: path.symlink_to(outside / "nothing.toml"),
    "link-to-dev-zero": lambda path, good, outside: path.symlink_to("/dev/zero"),
    "over-32-mib": lambda path, good, outside: path.write_bytes(
        b"# " + b"x" * (MAX_SAVE_BYTES + 10) + _END
    ),
    "eight-mib-head": lambda path, good, outside: path.write_bytes(
        b"# " + b"x" * (8 * 1024 * 1024) + _END
    ),
}


def _maker(kind: str) -> Maker:
    return SAVES_GENERATED[kind] if SAVES_EXPECTED[kind].get("generated") else _committed(kind)


def _words(kind: str) -> tuple[str, ...]:
    return tuple(SAVES_EXPECTED[kind]["words"])


# Each broken save: how to make it, and words its reason must hold (both in the list of saves
# and when it is opened). BROKEN_BODIES are broken below the summary keys only.
BROKEN_SAVES: dict[str, tuple[Maker, tuple[str, ...]]] = {
    kind: (_maker(kind), _words(kind))
    for kind, entry in SAVES_EXPECTED.items()
    if "words" in entry and not entry.get("body")
}
BROKEN_BODIES: dict[str, tuple[Maker, tuple[str, ...]]] = {
    kind: (_maker(kind), _words(kind))
    for kind, entry in SAVES_EXPECTED.items()
    if "words" in entry and entry.get("body")
}
# Odd saves heartline accepts: it must list, resume, export and show each of them.
ODD_SAVES = sorted(kind for kind, entry in SAVES_EXPECTED.items() if entry.get("loads"))


def copy_saves(folder: Path, outside: Path) -> dict[str, Path]:
    """Every save in the corpus in `folder`, under a save's name; each kind and its path."""
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for kind in SAVES_EXPECTED:
        path = folder / save_name(kind)
        _maker(kind)(path, b"", outside)
        made[kind] = path
    return made


def save_name(kind: str) -> str:
    """A file name like the ones heartline writes, so it is listed as a save."""
    return f"2020-01-01-0000-{kind}.toml"


def make_broken(
    folder: Path, good: bytes, outside: Path, kinds: dict[str, Any] = BROKEN_SAVES
) -> dict[Path, tuple[str, ...]]:
    """Write each kind of broken save into `folder`; return each path and its words.

    `good` is kept for the callers' sake: every kind is made from the corpus' own base save.
    """
    made = {}
    for kind, (make, words) in kinds.items():
        path = folder / save_name(kind)
        make(path, good, outside)
        made[path] = words
    return made


def cut_lengths(good: bytes) -> list[int]:
    """Every 7th length, and cuts at the places most likely to go wrong."""
    end = good.rindex(END_MARK.encode())
    special = {
        1,
        len(good) // 2,
        good.index(b"\n[[") + 1,  # just after the summary keys
        end,  # the end mark is missing
        end + len(END_MARK) // 2,  # half of it is there
        end + len(END_MARK) - 1,  # all but its last letter
        good.index("ë".encode()) + 1,  # in the middle of a two-byte character
    }
    # Cutting only the final newline leaves a whole save, so every cut is shorter than that.
    return sorted(set(range(1, len(good) - 1, 7)) | special)


def fingerprint(path: Path) -> tuple[object, ...]:
    """Everything about a file that must not change: mode, size, times and contents.

    Only regular files and folders are read: a FIFO or a device is known by its mode alone
    (reading one could wait for ever), and a link by where it points.
    """
    info = os.lstat(path)
    content: object
    if path.is_symlink():
        target = Path(os.readlink(path))
        kept = target.exists() and (target.is_file() or target.is_dir())
        return (info.st_mode, target, fingerprint(target) if kept else None)
    if stat.S_ISDIR(info.st_mode):
        content = sorted((child.name, fingerprint(child)) for child in path.iterdir())
    elif stat.S_ISREG(info.st_mode):
        content = path.read_bytes()
    else:
        content = None
    return (info.st_mode, info.st_size, info.st_mtime_ns, content)


def folder_fingerprint(folder: Path) -> dict[str, tuple[object, ...]]:
    """Every file in a saves folder but heartline's own summary index, which it may rewrite."""
    return {path.name: fingerprint(path) for path in folder.iterdir() if path.name != INDEX_NAME}


# --- spreadsheets -----------------------------------------------------------------------------

CSV_CORPUS = Path(__file__).resolve().parent / "data" / "csv"
CSV_EXPECTED: dict[str, dict[str, Any]] = tomllib.loads(
    (CSV_CORPUS / "expected.toml").read_text(encoding="utf-8")
)
# A deck whose text a spreadsheet would run: for `decks export --csv` and back.
FORMULA_DECK = CSV_CORPUS / "formula-prompts.toml"

CSV_GENERATED: dict[str, Callable[[], bytes]] = {
    "latin-1.csv": lambda: "prompt\nÇa va?\nCafé ou thé?\n".encode("latin-1"),
    "escape-sequences.csv": lambda: (
        b'prompt\n"\x1b]0;PWNED\x07 title?"\n"\x1b[2J\x1b[H cleared?"\n'
    ),
    "crlf-rows.csv": lambda: b'prompt\r\nFirst?\r\n"Second,\nwith a break?"\r\n',
    "cell-over-128-kib.csv": lambda: b'prompt\n"' + b"x" * 200_000 + b'"\n',
    "rows-100000.csv": lambda: ("prompt\n" + "".join(f"q{n}\n" for n in range(100_000))).encode(),
}


def copy_tables(target: Path) -> dict[str, Path]:
    """Every table in the CSV corpus in `target` (the generated ones made); name -> path."""
    target.mkdir(parents=True, exist_ok=True)
    made = {}
    for name, entry in CSV_EXPECTED.items():
        path = target / entry["file"]
        if entry.get("generated"):
            path.write_bytes(CSV_GENERATED[entry["file"]]())
        else:
            shutil.copyfile(CSV_CORPUS / entry["file"], path)
        made[name] = path
    return made


# --- names and pastes -------------------------------------------------------------------------

DATA = Path(__file__).resolve().parent / "data"
NAMES: dict[str, dict[str, Any]] = tomllib.loads((DATA / "names.toml").read_text(encoding="utf-8"))
PASTES: dict[str, dict[str, Any]] = tomllib.loads(
    (DATA / "pastes.toml").read_text(encoding="utf-8")
)


def pasted_bytes(entry: dict[str, Any]) -> bytes:
    """What the terminal sends for a paste in the corpus, without its markers."""
    return bytes.fromhex(entry["bytes"]) if "bytes" in entry else entry["paste"].encode()
