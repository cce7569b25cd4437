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

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# A key the footer shows: the binding, whether it is on, its tooltip.
Shown = tuple[Binding, bool, str]

# When the keys don't fit on one line, these stay longest (quit the very longest); the others
# go from the right first, and "F1 all keys" says where every key is.
STAYS = ("quit", "breather", "pass_card", "next_card", "take_back", "back", "app.back")
ALL_KEYS = Binding("f1", "app.toggle_keys", "all keys")


def _key_width(app_key: str, description: str, compact: bool) -> int:
    """Cells a FooterKey takes: its key and words, padded as Textual's Footer pads them."""
    return cell_len(app_key) + 1 + cell_len(description) + (1 if compact else 2)


class KeysFooter(Footer):
    """A Footer that rebuilds only when the keys it would show are not the ones it shows,
    and that never cuts a key in half: on a narrow terminal the keys that don't fit give way
    (quit and the breather last) to "F1 all keys"."""

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._shown: tuple[Hashable, ...] | None = None
        self.rebuilds = 0

    # --- which keys fit ------------------------------------------------------------------

    def width_for_keys(self) -> int:
        if self.size.width:
            return self.size.width
        return max(0, self.app.size.width - 2)  # not laid out yet: about the screen's width

    def palette(self, screen: Screen[object]) -> Shown | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        found = screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if found is None:
            return None
        _, binding, enabled, tooltip = found
        return binding, enabled, tooltip

    def plan(self, screen: Screen[object]) -> tuple[list[Shown], bool]:
        """The keys to show, in order, and whether "F1 all keys" follows them."""
        keys: dict[str, Shown] = {}
        for _, binding, enabled, tooltip in screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                keys[binding.action] = (binding, enabled, tooltip)
        shown = list(keys.values())
        compact = self.compact

        def width(items: list[Shown]) -> int:
            return sum(
                _key_width(self.app.get_key_display(b), b.description, compact) for b, _, _ in items
            )

        room = self.width_for_keys()
        palette = self.palette(screen)
        if palette is not None:
            room -= _key_width(self.app.get_key_display(palette[0]), palette[0].description, False)
            room -= 2
        if width(shown) <= room:
            return shown, False
        room -= _key_width("F1", ALL_KEYS.description, compact)
        order = [item for item in reversed(shown) if item[0].action not in STAYS]
        staying = [item for item in shown if item[0].action in STAYS]
        order += sorted(staying, key=lambda item: -STAYS.index(item[0].action))
        for item in order:
            if width(shown) <= room:
                break
            shown.remove(item)
        return shown, True

    def signature(self, screen: Screen[object]) -> tuple[Hashable, ...]:
        shown, more = self.plan(screen)
        return (
            *(
                (b.key, b.action, b.description, b.group, enabled, tooltip)
                for b, enabled, tooltip in shown
            ),
            more,
        )

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            # Composed with its screen: the keys are drawn in the screen's first frame, not
            # a frame later when the screen first says its keys changed (Textual's way).
            self._bindings_ready = True
            self._shown = self.signature(self.screen)
            self.rebuilds += 1
        shown, more = self.plan(self.screen)
        for binding, enabled, tooltip in shown:
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if more:
            yield FooterKey(
                "f1", "F1", ALL_KEYS.description, ALL_KEYS.action, tooltip="every key, in a list"
            ).data_bind(compact=Footer.compact)
        palette = self.palette(self.screen)
        if palette is not None:
            binding, enabled, tooltip = palette
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def on_resize(self) -> None:
        # Wider or narrower: rebuilt if another set of keys fits now.
        if self._shown is not None and self.is_attached:
            keys = self.signature(self.screen)
            if keys != self._shown:
                self._shown = keys
                self.rebuilds += 1
                self.refresh(recompose=True)

    # --- rebuilding only on change ---------------------------------------------------------

    def bindings_changed(self, screen: Screen[object]) -> None:
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            keys = self.signature(screen)
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
