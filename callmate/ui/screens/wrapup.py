"""Wrap-up: outcome, an optional follow-up time typed as text, how hard it was, a summary."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Label, RadioButton, RadioSet, Static

from callmate.call import OUTCOMES, Call
from callmate.dates import DateError, format_duration, parse_when, show_local
from callmate.labels import OUTCOME_LABELS
from callmate.ui.base import CallmateScreen
from callmate.ui.text import esc

DIFFICULTY = ("1 easy", "2", "3", "4", "5 very hard")


def default_outcome(call: Call) -> str:
    if call.escalated:
        return "escalated"
    return "resolved"


class WrapUpScreen(CallmateScreen):
    """Wrap-up after the call."""

    AUTO_FOCUS = "#outcome"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save, then break", priority=True, id="wrapup.save"),
        Binding("escape", "back_to_call", "Back to the call", id="wrapup.back"),
    ]

    def __init__(self, call: Call):
        super().__init__()
        self.call = call

    def compose(self) -> ComposeResult:
        call = self.call
        who = f" · {esc(call.customer)}" if call.customer else ""
        yield Static(
            f"[b]Wrap-up[/b] · call {format_duration(call.elapsed())}{who}", id="wrapup-title"
        )
        chosen = default_outcome(call)
        with Horizontal(id="wrapup-choices"):
            with Vertical():
                yield Label("Outcome")
                with RadioSet(id="outcome"):
                    for outcome in OUTCOMES:
                        yield RadioButton(
                            OUTCOME_LABELS[outcome], value=outcome == chosen, name=outcome
                        )
            with Vertical():
                yield Label("How hard was it?")
                with RadioSet(id="difficulty"):
                    for number, label in enumerate(DIFFICULTY, 1):
                        # Nothing chosen until the agent chooses: no made-up figures.
                        yield RadioButton(label, name=str(number))
        yield Label("Follow-up (optional): tomorrow 10:00, +2d, 2026-12-01 14:00")
        yield Input(placeholder="when to follow up", id="follow-up")
        yield Static("", id="follow-up-shown")
        yield Label("Summary")
        yield Input(
            call.summary, placeholder="one line: what happened, what was agreed", id="summary"
        )
        yield Static("[dim]Tab moves between fields · ctrl+s saves · Esc goes back to the call[/]")
        yield Footer(compact=True)

    # -- follow-up time --------------------------------------------------------------------------

    def follow_up(self):
        """The follow-up time typed, or None; raises DateError for text that is not a time."""
        text = self.query_one("#follow-up", Input).value.strip()
        if not text:
            return None
        return parse_when(text, now=self.services.clock.now(), future=True)

    @on(Input.Changed, "#follow-up")
    def _follow_up_typed(self) -> None:
        shown = self.query_one("#follow-up-shown", Static)
        try:
            moment = self.follow_up()
        except DateError:
            shown.update("[$error]Not a time I can read yet[/]")
            return
        shown.update(f"→ {show_local(moment, '%a %d %b %Y %H:%M')}" if moment else "")

    @on(Input.Submitted)
    def _field_entered(self, event: Input.Submitted) -> None:
        if event.input.id == "summary":
            self.action_save()
        else:
            self.focus_next()

    # -- saving ----------------------------------------------------------------------------------

    def _choice(self, radio_id: str) -> str | None:
        pressed = self.query_one(f"#{radio_id}", RadioSet).pressed_button
        return pressed.name if pressed is not None else None

    def action_save(self) -> None:
        try:
            follow_up = self.follow_up()
        except DateError as exc:
            self.notify(str(exc), title="Follow-up", severity="error")
            self.query_one("#follow-up", Input).focus()
            return
        outcome = self._choice("outcome") or default_outcome(self.call)
        difficulty = self._choice("difficulty")
        change = self.call.wrap_up(
            outcome=outcome,
            follow_up_at=follow_up,
            difficulty=int(difficulty) if difficulty else None,
            summary=self.query_one("#summary", Input).value,
        )
        self.services.saving.save(change)
        self.services.go.show_call(self.call)

    def action_back_to_call(self) -> None:
        change = self.call.reopen()
        if change is None:
            self.notify("This call has ended; save the wrap-up to finish it.", timeout=3)
            return
        self.services.saving.save(change)
        self.services.go.show_call(self.call)
