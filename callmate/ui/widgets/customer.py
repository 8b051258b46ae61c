"""Who is on the line: the customer's name, how to address them in phrases, and a reference.

Tab moves on to the next field (name → form of address → reference → name); Enter in any of them
keeps all three and hands the keys back to the call. The screen saves what it is told.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from callmate.language.i18n import _
from callmate.language.registry import BY_CODE, language_code

FIELDS = ("name", "addressed-as", "reference")


class CustomerFields(Horizontal):
    @dataclass
    class Edited(Message):
        """What the fields hold now (Enter is the call screen's: it saves them and gives the
        keys back)."""

        name: str
        addressed_as: str
        reference: str

    def __init__(self, name: str, addressed_as: str, reference: str, language: str, **kwargs):
        super().__init__(**kwargs)
        self._values = (name, addressed_as, reference)
        self._language = language

    def compose(self) -> ComposeResult:
        name, addressed_as, reference = self._values
        # The checklist's language (the customers'), after "e.g." in the language spoken.
        example = BY_CODE[language_code(self._language)].address_example
        hint = _("e.g. {example}").format(example=example)
        yield Label(_("Name"), classes="field-label")
        yield Input(name, placeholder=_("customer name"), id="name", select_on_focus=False)
        # TRANSLATORS: the label of the form of address used in phrases ("Ayşe Hanım").
        yield Label(_("Say"), classes="field-label")
        yield Input(addressed_as, placeholder=hint, id="addressed-as", select_on_focus=False)
        # TRANSLATORS: a short label: the order or ticket number the call is about.
        yield Label(_("Ref"), classes="field-label")
        yield Input(
            reference, placeholder=_("order / ticket"), id="reference", select_on_focus=False
        )

    def focus_first(self) -> None:
        self.screen.set_focus(self.query_one("#name", Input))

    def focus_next_field(self) -> bool:
        """From the field with the focus to the next one; False when none of them has it."""
        focused = self.screen.focused
        if not isinstance(focused, Input) or focused.id not in FIELDS:
            return False
        following = FIELDS[(FIELDS.index(focused.id) + 1) % len(FIELDS)]
        self.screen.set_focus(self.query_one(f"#{following}", Input))
        return True

    def values(self) -> tuple[str, str, str]:
        return tuple(self.query_one(f"#{f}", Input).value for f in FIELDS)  # type: ignore[return-value]

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(*self.values()))
