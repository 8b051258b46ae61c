"""The note being typed, or the last note being corrected.

Enter hands the text to the screen (a new note, or the correction; a correction emptied out takes
the note away); the screen saves it and gives the keys back to the call.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widgets import Input

from callmate.language.i18n import N_, _

# Marked here, translated when shown (the language may be chosen after this module is imported).
PLACEHOLDER = N_("type a note · Enter saves · Esc back to keys · ? every key")
EDITING = N_("correcting the last note · Enter saves · empty + Enter removes it · Esc leaves it")


class NoteField(Input):
    @dataclass
    class Entered(Message):
        text: str
        #: The last note is being corrected (not a new note).
        editing: bool

    def __init__(self, draft: str, **kwargs):
        # Focus never selects the text: a key typed next must not replace a note being corrected.
        super().__init__(draft, placeholder=_(PLACEHOLDER), select_on_focus=False, **kwargs)
        self.editing = False

    def edit(self, text: str) -> None:
        """Put the last note in the field for a correction."""
        self.editing = True
        self.placeholder = _(EDITING)
        self.value = text
        self.cursor_position = len(text)
        self.add_class("editing")

    def done(self) -> None:
        self.editing = False
        self.placeholder = _(PLACEHOLDER)
        self.value = ""
        self.remove_class("editing")
