"""A yes/no question, answered with one key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from callmate.ui.text import esc


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", *, yes: str = "Yes", no: str = "No"):
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"[b]{esc(self.question)}[/b]")
            if self.detail:
                yield Static(esc(self.detail))
            yield Static(f"[b]y[/b] {esc(self.yes)}    [b]n[/b] / Esc  {esc(self.no)}")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
