"""Guards on what the terminal sends, where Textual 8's input reading falls short.

- A paste is text. Textual's parser ends a bracketed paste at any escape character inside
  it and replays the rest as key presses, so a pasted colour code could pass a card
  (ctrl+o) or finish a game (ctrl+g). Inside a paste, heartline shows an escape character
  as the visible symbol ␛ before the parser sees it.
- A byte that is not UTF-8 (a Latin-1 terminal typing "é") ended the app. It becomes the
  replacement character instead.

`install()` swaps both into Textual's Linux driver, the one heartline runs on there; it is
called once, before the app runs. `GuardedParser.guard` is plain text-in, text-out and is
tested on its own.
"""

from __future__ import annotations

import codecs
import functools
from collections.abc import Callable, Iterable
from typing import Any

from textual._xterm_parser import XTermParser

PASTE_START = "\x1b[200~"
PASTE_END = "\x1b[201~"
ESC = "\x1b"
SHOWN_ESC = "\u241b"  # ␛


def _partial(text: str, marker: str, least: int = 1) -> int:
    """How many characters at the end of `text` could be the start of `marker`."""
    for size in range(min(len(marker) - 1, len(text)), least - 1, -1):
        if marker.startswith(text[-size:]):
            return size
    return 0


class GuardedParser(XTermParser):
    """Textual's input parser, fed text in which a paste can't hold an escape character."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pasting = False
        self._held = ""
        self._after_esc = False  # the last read ended with a lone ESC, already passed on

    def guard(self, data: str) -> str:
        """The same input, with every escape character inside a paste made visible."""
        text, self._held = self._held + data, ""
        out: list[str] = []
        at = 0
        if self._after_esc and not self._pasting and text.startswith(PASTE_START[1:]):
            out.append(PASTE_START[1:])  # the ESC before it came in the last read
            self._pasting = True
            at = len(PASTE_START) - 1
        while at < len(text):
            if not self._pasting:
                start = text.find(PASTE_START, at)
                if start < 0:
                    # A start marker may be split across reads; a lone ESC is the Escape
                    # key and goes on at once (the parser waits for what follows it).
                    keep = _partial(text[at:], PASTE_START, least=2)
                    out.append(text[at : len(text) - keep])
                    self._held = text[len(text) - keep :]
                    break
                out.append(text[at : start + len(PASTE_START)])
                self._pasting = True
                at = start + len(PASTE_START)
                continue
            end = text.find(PASTE_END, at)
            if end < 0:
                # The end marker may be split across reads: keep what could begin it.
                keep = _partial(text[at:], PASTE_END)
                out.append(text[at : len(text) - keep].replace(ESC, SHOWN_ESC))
                self._held = text[len(text) - keep :]
                break
            out.append(text[at:end].replace(ESC, SHOWN_ESC) + PASTE_END)
            self._pasting = False
            at = end + len(PASTE_END)
        guarded = "".join(out)
        self._after_esc = not self._held and guarded.endswith(ESC)
        return guarded

    def feed(self, data: str) -> Iterable[Any]:
        if not data:  # the end of input: whatever was held goes first
            held, self._held = self._held, ""
            return [*super().feed(held), *super().feed("")] if held else super().feed("")
        guarded = self.guard(data)
        # A read the guard holds back whole (just ESC [, the start of a marker) is not the
        # end of input: Textual's parser takes an empty feed as that, and would stop.
        return super().feed(guarded) if guarded else []


def _forgiving_decoder(encoding: str) -> Callable[..., Any]:
    return functools.partial(codecs.getincrementaldecoder(encoding), errors="replace")


def install() -> None:
    """Use the guarded parser and a forgiving decoder in Textual's Linux driver."""
    try:
        from textual.drivers import linux_driver
    except ImportError:  # another platform's driver: nothing to guard here
        return
    setattr(linux_driver, "XTermParser", GuardedParser)  # noqa: B010 (a module's own name)
    setattr(linux_driver, "getincrementaldecoder", _forgiving_decoder)  # noqa: B010
