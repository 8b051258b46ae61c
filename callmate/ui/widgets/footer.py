"""A footer that shows as many keys as fit, whole, in the order the screen declares them.

Textual's footer cuts the last key in half when the line is short (and, with the palette key,
draws it over the others). The keys that do not fit are left out here; help (?) and the
palette (ctrl+p) list every one.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from callmate.safe import cell_width


class FittingFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._width = 0

    def compose(self) -> ComposeResult:
        room = self.size.width or self.app.size.width
        used = 0
        for item in super().compose():
            if isinstance(item, FooterKey):
                needed = cell_width(item.key_display) + 1 + cell_width(item.description) + 1
                if used + needed - 1 > room:
                    break
                used += needed
            yield item

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
