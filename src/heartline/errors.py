"""Everything heartline can tell a person went wrong: one base, one way to say it.

`heartline.cli.main` catches `HeartlineError` alone; each kind says itself with `for_person`,
already safe to print (a file name or a partner's words can hold escape sequences).
"""

from __future__ import annotations

from pathlib import Path

from heartline.text import one_line, printable


class HeartlineError(Exception):
    """Something a person can be told, in one line, and can usually fix."""

    def for_person(self) -> str:
        return printable(str(self))


class UserError(HeartlineError):
    """A command asked for something that can't be done as asked."""


class ActionRefused(HeartlineError):
    """An action the game can't take now; the message is for the partners."""


class DeckNotFound(HeartlineError, LookupError):
    """No deck answers to a name."""


class AuthoringError(HeartlineError):
    """Something about a deck file that the person writing it can fix."""


class InvalidSave(HeartlineError):
    """A key of a save that is missing or wrong; the message names it."""


class Busy(HeartlineError):
    """Another running heartline process holds a lock."""

    def __init__(self, holder: int) -> None:
        super().__init__(f"held by process {holder}")
        self.holder = holder


class LockUnusable(HeartlineError):
    """The lock beside a save is not a plain file, so the save can't be locked."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} is not a plain file, so heartline can't lock the save beside it; "
            "if no heartline is running, remove it"
        )
        self.path = path


class SaveError(HeartlineError):
    """A save that can't be read, or a session that can't be saved."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def for_person(self) -> str:
        return f"can't use {one_line(str(self.path))}: {printable(self.reason)}"


class SessionOpenElsewhere(SaveError):
    """Another heartline process has this session open."""

    def __init__(self, path: Path, holder: int) -> None:
        running = f"another heartline (process {holder})" if holder else "another heartline"
        super().__init__(path, f"this session is open in {running}; finish or quit it there first")
        self.holder = holder
