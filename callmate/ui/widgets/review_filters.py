"""The review's filter fields: since, until, agent, outcome and a search over the notes."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input

from callmate.review.pages import Typed

#: (field, placeholder)
FIELDS = (
    ("since", "since (7d)"),
    ("until", "until"),
    ("agent", "agent"),
    ("outcome", "outcome"),
    ("search", "/ search notes"),
)


class FilterBar(Horizontal):
    """Five fields in a row; posts :class:`FilterBar.Edited` as they change."""

    @dataclass
    class Edited(Message):
        """The typed filter changed (``submitted``: Enter was pressed)."""

        typed: Typed
        submitted: bool

    def compose(self) -> ComposeResult:
        for name, placeholder in FIELDS:
            yield Input(placeholder=placeholder, id=f"filter-{name}", classes="review-filter")

    @property
    def typed(self) -> Typed:
        return Typed(**{name: self.query_one(f"#filter-{name}", Input).value for name, _ in FIELDS})

    def focus_field(self, name: str) -> None:
        self.screen.set_focus(self.query_one(f"#filter-{name}", Input))  # at once: see call.py

    def clear(self) -> None:
        for name, _ in FIELDS:
            field = self.query_one(f"#filter-{name}", Input)
            with field.prevent(Input.Changed):
                field.value = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self.typed, submitted=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Edited(self.typed, submitted=True))
