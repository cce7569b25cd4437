"""heartline: a conversation game for couples, played together in one terminal."""

__version__ = "0.1.0"
