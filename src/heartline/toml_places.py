"""Where keys are in a TOML file: lines and columns for messages, which tomllib doesn't give.

tomllib reads values without positions, so a message about a wrong value finds its key by
scanning the text once. The scan knows TOML's strings and comments (three quotes in a
comment or a one-line string open nothing), splits lines where TOML does (at newlines
only), and knows table headers. No pydantic, no textual: the preferences use it at start-up.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

from heartline.cards import Problem
from heartline.text import one_line

_TABLE_HEADER = re.compile(r"^\s*\[+\s*([^\]]*?)\s*\]+")
_KEY = re.compile(r"""^(\s*)(?:"([^"]*)"|'([^']*)'|([A-Za-z0-9_-]+))\s*[=.]""")
_TOML_POSITION = re.compile(r"^(.*?)\s*\(at line (\d+), column (\d+)\)$", re.S)
_TOML_END = re.compile(r"^(.*?)\s*\(at end of document\)$", re.S)


def _unescaped(raw: str) -> str:
    """A quoted key's name as TOML reads it (an escaped `o` is an `o`)."""
    try:
        value = tomllib.loads(f'k = "{raw}"')["k"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return raw
    return value if isinstance(value, str) else raw


def starts_in_string(text: str) -> list[bool]:
    """For each line (split at newlines), whether it starts inside a multi-line string."""
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


class KeyPlaces:
    """Lines and columns of the top-level keys and of the keys in each `[[name]]` table.

    Positions are 1-based. A key that isn't found is placed at its table's header, or at the
    first line when it has none.
    """

    def __init__(self, text: str, array: str) -> None:
        self.array = array
        self.top: dict[str, tuple[int, int]] = {}
        self.tables: list[tuple[tuple[int, int], dict[str, tuple[int, int]]]] = []
        header_of_array = re.compile(rf"^\s*\[\[\s*{re.escape(array)}\s*\]\]\s*(#.*)?$")
        block: dict[str, tuple[int, int]] | None = self.top
        inside = starts_in_string(text)
        for number, line in enumerate(text.split("\n"), start=1):
            line = line.removesuffix("\r")
            if inside[number - 1]:
                continue
            if header_of_array.match(line):
                block = {}
                self.top.setdefault(array, (number, line.index("[") + 1))
                self.tables.append(((number, line.index("[") + 1), block))
                continue
            header = _TABLE_HEADER.match(line)
            if header and not _KEY.match(line):
                name = header.group(1).split(".")[0].strip().strip("\"'")
                self.top.setdefault(name, (number, line.index("[") + 1))
                block = None
                continue
            key = _KEY.match(line)
            if key and block is not None:
                name = _unescaped(key.group(2)) if key.group(2) is not None else None
                name = name or key.group(3) or key.group(4)
                block.setdefault(name, (number, len(key.group(1)) + 1))

    def of_top(self, key: str) -> tuple[int, int]:
        return self.top.get(key, (1, 1))

    def of_table(self, index: int, key: str | None = None) -> tuple[int, int]:
        """A key of the `index`th `[[array]]` table (or the table itself, when None)."""
        if index < len(self.tables):
            header, keys = self.tables[index]
            if key is not None and key in keys:
                return keys[key]
            return header
        # Written inline (`couples = [{...}]`): the key holding them is the best place.
        return self.of_top(self.array)


def syntax_problem(path: str, text: str, error: tomllib.TOMLDecodeError) -> Problem:
    """tomllib's complaint with its line and column taken out of the message."""
    message = str(error)
    found = _TOML_POSITION.match(message)
    if found:
        what, line, column = found.group(1), int(found.group(2)), int(found.group(3))
    else:
        ended = _TOML_END.match(message)
        what = ended.group(1) if ended else message
        line = text.count("\n") + 1
        column = len(text.rsplit("\n", 1)[-1]) + 1
    return Problem(path, line, column, f"this is not valid TOML: {one_line(what)}")


def describe(value: Any) -> str:
    """A value read from a TOML file, as a message says what was found: `"yes"`, `a list`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = one_line(value)
        return f'"{shown[:40]}…"' if len(shown) > 40 else f'"{shown}"'
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return "a date or time" if hasattr(value, "isoformat") else type(value).__name__
