"""Untrusted text made safe to show: control characters become visible symbols."""

from __future__ import annotations

import re
import unicodedata

# C0 controls except tab and newline, DEL, and the C1 block (which holds CSI and OSC on
# some terminals). Each is shown as its Unicode "control picture" or as a hex code.
# The bidirectional overrides and isolates too: they would reorder the text after them on
# a terminal that does bidi (a name could make the status line lie).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ .. ␟, so ESC shows as ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<{code:02X}>"


def printable(text: str) -> str:
    """Return `text` with every control character (but tab and newline) made visible.

    Nothing a partner or a deck author wrote can then move the cursor, change colours or the
    window title, or ring the bell when it reaches the terminal.
    """
    return _CONTROL.sub(_picture, text)


def one_line(text: str) -> str:
    """`printable` text on a single line: newlines and tabs become spaces."""
    return printable(text).replace("\n", " ").replace("\t", " ")


def slug(text: str, limit: int = 40) -> str:
    """A lowercase ASCII slug of `text` (letters, digits and single hyphens), maybe empty."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    out = ""
    for word in words:
        candidate = f"{out}-{word}" if out else word
        if len(candidate) > limit:
            break
        out = candidate
    if not out and words:
        out = words[0][:limit]
    return out


def sentence(text: str) -> str:
    """`text` said as a sentence: a capital first letter and a full stop (or ? or !) at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?…" else f"{text}."
