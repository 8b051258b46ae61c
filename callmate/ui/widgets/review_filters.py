"""The review's filter fields: since, until, agent, outcome and a search over the notes; below
them a whole period (during), escalated (at some point), warned, difficulty and checklist."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input

from callmate.language.i18n import N_, _
from callmate.review.pages import Typed

#: (field, its name in a description of the filter, placeholder); English msgids.
FIELDS = (
    ("since", N_("since"), N_("since (7d)")),
    ("until", N_("until"), N_("until")),
    ("agent", N_("agent"), N_("agent")),
    ("outcome", N_("outcome"), N_("outcome")),
    ("search", N_("search"), N_("/ search notes")),
)
#: The second row: what else a call did (English msgids, as above); each field's hint is shown
#: while it has the focus (:data:`HINTS`).
MORE_FIELDS = (
    ("during", N_("during"), N_("during (last week)")),
    ("escalated", N_("escalated"), N_("escalated")),
    ("warned", N_("warned"), N_("warned")),
    ("difficulty", N_("difficulty"), N_("difficulty")),
    ("checklist", N_("checklist"), N_("checklist id")),
)
#: What a field takes, said while it has the focus (English msgids).
HINTS = {
    "during": N_('A whole period: "last week", "this month", "yesterday", 2026-11'),
    "escalated": N_(
        "Escalated at some point: yes, returned (taken back) or no; not the outcome Escalated"
    ),
    "warned": N_("Warnings: yes, no, 2, 2+ (at least) or 1-2"),
    "difficulty": N_("As the agent rated the call: 4, 4-5 or 4+ (1 easy, 5 very hard)"),
    "checklist": N_("The checklist the calls ran with: its id, or a start of it"),
}
ALL_FIELDS = FIELDS + MORE_FIELDS


def describe(typed: Typed) -> str:
    """The filter as typed, in words: ``since 7d · agent Ann``, or ``all calls``."""
    parts = [
        f"{_(name)} {getattr(typed, field).strip()}"
        for field, name, _placeholder in ALL_FIELDS
        if getattr(typed, field).strip()
    ]
    return " · ".join(parts) or _("all calls")


class FilterBar(Vertical):
    """Five fields in a row and five below; posts :class:`FilterBar.Edited` as they change."""

    @dataclass
    class Edited(Message):
        """The typed filter changed (``submitted``: Enter was pressed)."""

        typed: Typed
        submitted: bool

    def compose(self) -> ComposeResult:
        for row in (FIELDS, MORE_FIELDS):
            with Horizontal(classes="review-filter-row"):
                for field, _name, placeholder in row:
                    yield Input(
                        placeholder=_(placeholder), id=f"filter-{field}", classes="review-filter"
                    )

    @property
    def typed(self) -> Typed:
        return Typed(
            **{
                field: self.query_one(f"#filter-{field}", Input).value
                for field, *_rest in ALL_FIELDS
            }
        )

    def focus_field(self, name: str) -> None:
        self.screen.set_focus(self.query_one(f"#filter-{name}", Input))  # at once: see call.py

    def fill(self, typed: Typed) -> None:
        """The fields showing ``typed`` (a view recalled), without a change reported."""
        for field, *_rest in ALL_FIELDS:
            box = self.query_one(f"#filter-{field}", Input)
            with box.prevent(Input.Changed):
                box.value = getattr(typed, field)

    def clear(self) -> None:
        for field, *_rest in ALL_FIELDS:
            box = self.query_one(f"#filter-{field}", Input)
            with box.prevent(Input.Changed):
                box.value = ""

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self.typed, submitted=False))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Edited(self.typed, submitted=True))
