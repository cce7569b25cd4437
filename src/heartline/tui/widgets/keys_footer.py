"""Textual's Footer, rebuilt only when the keys it shows change.

Textual 8.2's Footer rebuilds all its keys whenever a screen says its bindings may have
changed, and each rebuild leaves the old keys alive: every `FooterKey` is bound to the
Footer's `compact` setting (`data_bind`), and that watcher list only forgets closed keys
when `compact` itself changes. The play screen asks after every action, so a 200-answer
evening kept ~1,500 dead keys (0.4 MiB a round). Comparing what would be shown with what
is shown skips most rebuilds, and the keys change often in play (the look back, choices,
take back), so each rebuild also lets go of the keys it removed. tests/tui/test_lean_screens
.py keeps a minimal reproduction of the leak, to notice the day Textual fixes it.
"""

from __future__ import annotations

from collections.abc import Hashable

from textual.screen import Screen
from textual.widgets import Footer


def shown_keys(screen: Screen[object]) -> tuple[Hashable, ...]:
    """What a Footer on `screen` would show: each key, its words, and whether it is on."""
    return tuple(
        (binding.key, binding.action, binding.description, binding.group, enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show or binding.action == "command_palette"
    )


class KeysFooter(Footer):
    """A Footer that rebuilds only when the keys it would show are not the ones it shows."""

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._shown: tuple[Hashable, ...] | None = None
        self.rebuilds = 0

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            keys = shown_keys(screen)
            if keys == self._shown:
                self._bindings_ready = True
                return
            self._shown = keys
            self.rebuilds += 1
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        await super().recompose()
        self.forget_removed_keys()

    def forget_removed_keys(self) -> None:
        """Let go of the keys a rebuild removed: Textual keeps each one's watch on the
        Footer's `compact` setting (and so the key itself) until `compact` changes, which in
        heartline it never does."""
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [
                (node, callback)
                for node, callback in watchers
                if getattr(node, "is_attached", False)
            ]
