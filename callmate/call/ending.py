"""After the talking: the wrap-up, the break, or closing a call that will not be resumed."""

from __future__ import annotations

from datetime import datetime

from callmate.call.state import CallState, Change, StepState
from callmate.checklists.model import render_phrase
from callmate.dates import to_iso
from callmate.models import OUTCOMES
from callmate.privacy.redact import mask_cards


class Ending(CallState):
    def wrap_up(
        self,
        *,
        outcome: str,
        follow_up_at: datetime | None = None,
        difficulty: int | None = None,
        summary: str = "",
        wrapup_seconds: float | None = None,
    ) -> Change:
        """Save the wrap-up and close the call. ``wrapup_seconds``: the after-call work, how long
        the agent was in wrap-up (measured by the screen), kept in the "wrapped_up" event."""
        if outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {outcome!r}")
        if difficulty is not None and not 1 <= difficulty <= 5:
            raise ValueError("difficulty is 1 to 5")
        end = self.end() if self.is_open else None
        self.outcome = outcome
        self.follow_up_at = to_iso(follow_up_at) if follow_up_at else None
        self.difficulty = difficulty
        self.summary = mask_cards(summary.strip())[0]
        self.status = "closed"
        data: dict[str, object] = {"outcome": outcome, "difficulty": difficulty}
        if wrapup_seconds is not None:
            data["wrapup_seconds"] = round(max(0.0, wrapup_seconds), 1)
        event = self._event("wrapped_up", data)
        steps = end.steps if end else ()
        events = (end.events if end else ()) + (event,)
        return Change(call=self.row(), steps=steps, events=events)

    def suggested_outcome(self) -> str:
        """The outcome the wrap-up starts with, from what happened on the call."""
        if self.hung_up:
            return "hung_up"
        if self.warned_to_the_end:
            return "abuse"
        if self.escalated:
            return "escalated"
        return self.checklist.wrapup.outcome or "resolved"

    def suggested_summary(self, agent: str = "") -> str:
        """The summary the wrap-up starts with: the one kept, else the checklist's template with
        the customer's name and the agent's filled in, and a space to type on after it (empty
        when it has none)."""
        if self.summary:
            return self.summary
        template = self.checklist.wrapup.summary
        if not template:
            return ""
        text = render_phrase(
            template, name=self.customer, agent=agent, language=self.checklist.language
        )
        return text + " "  # the agent goes on typing after it

    def set_summary(self, text: str) -> Change:
        """The wrap-up's summary line as it is typed (saved before the wrap-up is)."""
        self.summary = mask_cards(text.strip())[0]
        return self._change()

    def suggested_break(self) -> int:
        """Break length in seconds: the checklist's, longer after a hard call."""
        base = self.checklist.break_seconds
        factor = {4: 1.5, 5: 2.0}.get(self.difficulty or 0, 1.0)
        return int(base * factor)

    @property
    def _break_state(self) -> StepState | None:
        return next((s for s in self.steps if s.step.kind == "break"), None)

    def start_break(self) -> Change:
        state = self._break_state
        events = [self._event("break_started", {"planned_seconds": self.suggested_break()})]
        if state is None:
            return self._change(events=events)
        state.status = "current"
        state.entered_mono = self.clock.monotonic()
        state.entered_at = state.started_at = to_iso(self.clock.now())
        state.visits += 1
        return self._change(steps=[state], events=events)

    def end_break(self, *, skipped: bool) -> Change:
        state = self._break_state
        seconds = 0.0
        steps = []
        if state is not None and state.entered_mono is not None:
            seconds = max(0.0, self.clock.monotonic() - state.entered_mono)
            state.seconds += seconds
            state.entered_mono = state.entered_at = None
            state.ended_at = to_iso(self.clock.now())
            state.status = "skipped" if skipped else "done"
            steps.append(state)
        self.break_seconds = round(seconds, 1)
        event = self._event("break_ended", {"seconds": self.break_seconds, "skipped": skipped})
        return self._change(steps=steps, events=[event])

    def abandon(self) -> Change:
        """Close an unfinished call that will not be resumed, keeping everything in it."""
        changed = []
        if self.is_open:
            changed.append(self.state)
            self._leave("done")
            self.duration_seconds = round(self.clock.monotonic() - self.start_mono, 1)
            self.ended_at = to_iso(self.clock.now())
        self.status = "abandoned"
        return self._change(steps=changed, events=[self._event("abandoned", {})])
