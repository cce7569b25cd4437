"""A radio button whose dot shows only when chosen: a choice is a sign, not only a colour."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import RadioButton


class SignedRadioButton(RadioButton):
    """Textual's radio button draws its dot on every option and colours the chosen one."""

    def render(self) -> Content:
        self.BUTTON_INNER = "●" if self.value else " "
        return super().render()
