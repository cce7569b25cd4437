"""A workaround for a Textual memory leak, applied once when heartline's app is imported.

Textual 8.2's `StylesCache.get_inner_outer` is an `lru_cache` on an instance method: the
cache's key holds the `StylesCache` itself, and so every widget's rendered lines, until
1,024 of them are kept. A card's answers come and go as widgets, so an evening kept about
a thousand dead caches, several MiB. The colours alone decide the result; the cache here is
keyed by them. tests/tui/test_lean_screens.py keeps a minimal reproduction of the leak, to
notice the day Textual fixes it (then this module can go).
"""

from __future__ import annotations

from functools import lru_cache

from textual._styles_cache import StylesCache
from textual.color import Color
from textual.style import Style

# Textual's own method, as it was before `apply` (the tests call it to see if it still leaks).
ORIGINAL = StylesCache.__dict__.get("get_inner_outer")


@lru_cache(1024)
def inner_outer(base_background: Color, background: Color) -> tuple[Style, Style]:
    """What `StylesCache.get_inner_outer` returns, without holding on to the cache asking."""
    return Style(background=base_background + background), Style(background=base_background)


def textual_keeps_styles_caches() -> bool:
    """Textual's own `get_inner_outer` is still the method cached with its instance."""
    return ORIGINAL is not None and hasattr(ORIGINAL, "cache_info")


def apply() -> None:
    """Use `inner_outer` for every StylesCache, if Textual's method still leaks."""
    if textual_keeps_styles_caches() and StylesCache.get_inner_outer is ORIGINAL:
        StylesCache.get_inner_outer = staticmethod(inner_outer)  # type: ignore[assignment,method-assign]
