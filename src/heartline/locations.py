"""Where heartline keeps things: the data folder, its saves and decks, and the shipped decks.

Every path comes from a small function called when it is needed, never at import time, so
tests (and `--data-dir`) can point heartline anywhere without touching a real home folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "heartline"
DATA_DIR_ENV = "HEARTLINE_DATA_DIR"


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: `override`, else $HEARTLINE_DATA_DIR, else the per-user data folder."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DATA_DIR_ENV)
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def saves_dir(data: Path) -> Path:
    """Where sessions are saved."""
    return data / "saves"


def user_decks_dir(data: Path) -> Path:
    """Where the partners' own decks live: `<data>/decks`.

    Played from a clone, the data folder is the clone itself and `<data>/decks` holds the
    shipped decks, which are never changed in place; the partners' decks then live in
    `<data>/my-decks` instead.
    """
    folder = data / "decks"
    try:
        shipped = folder.resolve() == shipped_decks_dir().resolve()
    except OSError:
        shipped = False
    return data / "my-decks" if shipped else folder


def shipped_decks_dir() -> Path:
    """The decks that come with heartline: inside the installed package, or the clone's decks/."""
    package = Path(__file__).resolve().parent
    installed = package / "decks"
    if installed.is_dir():
        return installed
    return package.parent.parent / "decks"


def journals_dir(data: Path) -> Path:
    """Where exported journals are written."""
    return data / "journal"
