"""A yes/no question, answered with one key: the letter of the language's own yes or no."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from callmate.language.i18n import N_, _
from callmate.ui.base import CallmateModal
from callmate.ui.keymap import answer_letters
from callmate.ui.text import esc


class ConfirmScreen(CallmateModal[bool]):
    """The question and its answers come translated from the screen that asks; ``yes`` and
    ``no`` default to the words for Yes and No."""

    BINDINGS = [
        Binding("escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "", no: str = ""):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes or _("Yes")
        self.no = no or _("No")

    def compose(self) -> ComposeResult:
        yes_key, no_key = answer_letters()
        with Vertical(classes="dialog"):
            yield Static(f"[b]{esc(self.question)}[/b]")
            if self.detail:
                yield Static(esc(self.detail))
            yield Static(
                f"[b]{esc(yes_key)}[/b] {esc(self.yes)}    "
                f"[b]{esc(no_key)}[/b] / Esc  {esc(self.no)}"
            )

    def on_key(self, event: events.Key) -> None:
        letter = (event.character or "").casefold()
        yes_key, no_key = answer_letters()
        if letter in (yes_key, no_key):
            event.stop()
            self.dismiss(letter == yes_key)

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
