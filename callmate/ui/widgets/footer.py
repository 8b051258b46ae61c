"""A footer that shows as many keys as fit, whole, in the order the screen declares them.

Textual's footer cuts the last key in half when the line is short (and, with the palette key,
draws it over the others). Here a key that does not fit on a line starts the next one, up to the
rows the screen gives the footer (the call screen: two, so every key of a call shows at 80
columns); keys beyond them are left out, and help (?) and the palette (ctrl+p) list every one.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from callmate.safe import cell_width


class FittingFooter(Footer):
    DEFAULT_CSS = """
    FittingFooter {
        layout: vertical;
        height: auto;
        max-height: 3;
    }
    FittingFooter > HorizontalGroup {
        height: 1;
    }
    """

    def __init__(self, rows: int = 1) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._width = 0
        self._rows = rows

    def compose(self) -> ComposeResult:
        room = self.size.width or self.app.size.width
        rows: list[list[FooterKey]] = [[]]
        used = 0
        for item in super().compose():
            if not isinstance(item, FooterKey):
                continue
            needed = cell_width(item.key_display) + 1 + cell_width(item.description) + 1
            if used + needed - 1 > room and rows[-1]:
                if len(rows) == self._rows:
                    break
                rows.append([])
                used = 0
            rows[-1].append(item)
            used += needed
        for row in rows:
            yield HorizontalGroup(*row)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.call_after_refresh(self.recompose)
