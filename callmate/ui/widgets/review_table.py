"""The review's table of calls: one page at a time, and a message when the cursor runs past it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from callmate.dates import format_duration, show_date
from callmate.language.i18n import N_, _, language
from callmate.language.labels import outcome_label
from callmate.report.text import flags
from callmate.safe import fit, visible

#: (key, label, width); the summary takes what is left of the screen's width. The labels are
#: English msgids, translated when the columns are made.
# fmt: off
COLUMNS = (
    ("when", N_("When"), 11), ("agent", N_("Agent"), 9), ("customer", N_("Customer"), 16),
    ("outcome", N_("Outcome"), 10), ("length", N_("Length"), 6), ("flags", "!", 4),
)
# fmt: on
MIN_SUMMARY = 8


def _cut(text: str, width: int) -> str:
    """Cut to ``width`` terminal cells (wide letters count two), hidden characters shown."""
    return fit(visible(text), width)


def cells(row: dict[str, Any], summary_width: int) -> list[Text]:
    """A call's cells, as plain text (never read as markup)."""
    outcome = outcome_label(row["outcome"], short=True)
    code = language()
    # fmt: off
    values = [
        show_date(row["started_at"], code, "numeric_short"), row["agent"] or "—",
        row["customer"] or "—", outcome, format_duration(row["duration_seconds"], language=code),
        flags(row), row["summary"] or "",
    ]
    # fmt: on
    widths = [w for _, _, w in COLUMNS] + [summary_width]
    return [Text(_cut(v, w)) for v, w in zip(values, widths, strict=True)]


class CallTable(DataTable):
    """Calls, newest first; the screen gives it one page of rows at a time."""

    @dataclass
    class PastEdge(Message):
        """The cursor tried to move past the last row (``+1``) or the first (``-1``)."""

        direction: int

    def __init__(self, *, width: int = 80, **kwargs):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        used = sum(w + 2 for _, _, w in COLUMNS) + 4  # cell padding, scrollbar
        self.summary_width = max(MIN_SUMMARY, width - used)

    def on_mount(self) -> None:
        # A heading longer than its column ends in "…" (never cut off without a sign).
        for key, label, width in COLUMNS:
            self.add_column(_cut(_(label), width), width=width, key=key)
        self.add_column(
            _cut(_("Summary"), self.summary_width), width=self.summary_width, key="summary"
        )

    def show_rows(self, rows: list[dict[str, Any]], cursor: int = 0) -> None:
        """Replace the rows with one page and put the cursor on row ``cursor`` (-1: the last)."""
        self.clear()
        for row in rows:
            self.add_row(*cells(row, self.summary_width), key=row["id"])
        if rows:
            self.move_cursor(row=cursor if cursor >= 0 else len(rows) - 1, animate=False)

    @property
    def current_id(self) -> str | None:
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def move_to(self, call_id: str) -> None:
        """The cursor on the row of ``call_id`` (if it is on this page)."""
        ids = self.row_ids()
        if call_id in ids:
            self.move_cursor(row=ids.index(call_id), animate=False)

    def row_ids(self) -> list[str]:
        return [row.key.value for row in self.ordered_rows if row.key.value is not None]

    # Moving past either end asks the screen for the next or the previous page.

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PastEdge(+1))
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row <= 0:
            self.post_message(self.PastEdge(-1))
            return
        super().action_cursor_up()

    def action_page_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.PastEdge(+1))
            return
        super().action_page_down()

    def action_page_up(self) -> None:
        if self.row_count and self.cursor_row <= 0:
            self.post_message(self.PastEdge(-1))
            return
        super().action_page_up()
