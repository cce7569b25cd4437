"""Where keys are in a deck file: the lines and columns that problems and lint hints point at.

No pydantic: the deck linter and the editor's hints use it as well as the loader.
"""

from __future__ import annotations

import re
import tomllib

_CARD_HEADER = re.compile(r"^\s*\[\[\s*cards\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(r"^\s*\[+\s*([^\]]*?)\s*\]+")
_KEY = re.compile(r"""^(\s*)(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")


def _unescaped(raw: str) -> str:
    """A quoted key's name as TOML reads it (an escaped `o` is an `o`)."""
    try:
        value = tomllib.loads(f'k = "{raw}"')["k"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return raw
    return value if isinstance(value, str) else raw


def starts_in_string(text: str) -> list[bool]:
    """For each line (split at newlines), whether it starts inside a multi-line string.

    A scan that knows TOML's strings and comments: three quotes inside a comment or inside
    a one-line string open nothing.
    """
    starts = [False]
    state = ""  # outside, or the quote (one or three) or "#" it is inside
    at, size = 0, len(text)
    while at < size:
        char = text[at]
        if char == "\n":
            if state in {'"', "'", "#"}:
                state = ""  # one-line strings and comments end with the line
            starts.append(state in {'"""', "'''"})
            at += 1
        elif state == "":
            if text.startswith(('"""', "'''"), at):
                state = text[at : at + 3]
                at += 3
            else:
                state = char if char in {'"', "'", "#"} else ""
                at += 1
        elif state in {'"', '"""'} and char == "\\":
            # An escape: the next character is text (a newline still ends the line).
            at += 1 if text[at + 1 : at + 2] == "\n" else 2
        elif state in {'"""', "'''"} and text.startswith(state, at):
            at += 3
            while at < size and text[at] == state[0]:
                at += 1  # up to two quotes may end the string's text
            state = ""
        elif state in {'"', "'"} and char == state:
            state = ""
            at += 1
        else:
            at += 1
    return starts


class KeyLines:
    """Lines and columns of the keys at the top of a deck file and in each `[[cards]]` table.

    tomllib gives values without positions, so this scans the text once for the places
    error messages point at. It knows TOML's table headers and skips multi-line strings.
    """

    def __init__(self, text: str) -> None:
        self.top: dict[str, tuple[int, int]] = {}
        self.cards: list[tuple[int, dict[str, tuple[int, int]]]] = []
        block: dict[str, tuple[int, int]] | None = self.top
        # TOML breaks lines at \n only (U+2028 and friends are text), and a line that
        # starts inside a multi-line string holds no key.
        inside = starts_in_string(text)
        for number, line in enumerate(text.split("\n"), start=1):
            line = line.removesuffix("\r")
            if inside[number - 1]:
                continue
            if _CARD_HEADER.match(line):
                block = {}
                self.cards.append((number, block))
                continue
            header = _TABLE_HEADER.match(line)
            if header and not _KEY.match(line):
                name = header.group(1).split(".")[0].strip().strip("\"'")
                self.top.setdefault(name, (number, line.index("[") + 1))
                block = None
                continue
            key = _KEY.match(line)
            if key and block is not None:
                if key.group(2) is not None:
                    name = _unescaped(key.group(2))
                else:
                    name = key.group(3) or key.group(4)
                block.setdefault(name, (number, len(key.group(1)) + 1))

    def top_key(self, key: str) -> tuple[int, int]:
        return self.top.get(key, (1, 1))

    def card_key(self, index: int, key: str | None) -> tuple[int, int]:
        if index < len(self.cards):
            header, keys = self.cards[index]
            if key is not None and key in keys:
                return keys[key]
            return (header, 1)
        return self.top_key("cards")
