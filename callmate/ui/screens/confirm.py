"""A yes/no question, answered with one key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from callmate.i18n import N_, _
from callmate.ui.base import CallmateModal
from callmate.ui.text import esc


class ConfirmScreen(CallmateModal[bool]):
    """The question and its answers come translated from the screen that asks; ``yes`` and
    ``no`` default to the words for Yes and No."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", N_("Yes"), id="confirm.yes"),
        Binding("n,escape", "answer(False)", N_("No"), id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "", no: str = ""):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes or _("Yes")
        self.no = no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{esc(self.question)}[/b]")
            if self.detail:
                yield Static(esc(self.detail))
            yield Static(f"[b]y[/b] {esc(self.yes)}    [b]n[/b] / Esc  {esc(self.no)}")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
