"""Who is playing: a couple is the pair of its names, case and order ignored.

Two couples sharing one machine each get their own preferences, favorites, fresh cards
and story; "Ana & Ben" and "ben & ANA" are the same couple.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence


def name_key(name: str) -> str:
    """A name as heartline compares it: same letters, whatever their case or composition."""
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def couple_key(partners: Sequence[str]) -> str:
    """The couple's identity: both names compared that way, in a fixed order.

    The two names are joined with a newline, which no name holds, so ("a b", "c") and
    ("a", "b c") stay two couples.
    """
    return "\n".join(sorted(name_key(name) for name in partners))


def same_couple(one: Sequence[str], other: Sequence[str]) -> bool:
    return couple_key(one) == couple_key(other)
