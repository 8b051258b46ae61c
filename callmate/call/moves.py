"""Moving through the steps: next, skip, back, escalating (and taking it back), reopening."""

from __future__ import annotations

from dataclasses import replace

from callmate.call.state import CallState, Change, StepState


class Moves(CallState):
    def next(self) -> Change:
        """Mark the current step done and go to the next step of the call (not the break)."""
        return self._leave_for(self._next_position(), "done", "step_done")

    def skip(self) -> Change:
        return self._leave_for(self._next_position(), "skipped", "step_skipped")

    def back(self) -> Change | None:
        if self.current == 0 or not self.is_open:
            return None
        return self._leave_for(self.current - 1, "pending", "step_back")

    def _leave_for(self, target: int | None, status: str, kind: str) -> Change:
        if not self.is_open:
            return self._change()
        left = self.state
        seconds = round(self.step_seconds(), 1)
        event = self._event(kind, {"step": left.step.id, "seconds": seconds})
        if target is None:
            # Past the last step of the call: it ends, and wrap-up follows.
            ended = self.end(last_status=status)
            return replace(ended, events=(event, *ended.events))
        self._leave(status)
        self._enter(target)
        return self._change(steps=[left, self.state], events=[event])

    def toggle_escalation(self) -> Change:
        """Escalate (jumping to the hand-over branch), or take the escalation back: back on the
        step the agent was on, if the call is still where the escalation took it.

        The step left is not done (the agent did not finish it: a manager was asked for), nor
        are the steps jumped over; taken back, the call is "escalated and returned"
        (``escalation_withdrawn``) until it is escalated again.
        """
        self.escalated = not self.escalated
        self.escalation_withdrawn = not self.escalated
        events = [self._event("escalated" if self.escalated else "escalation_withdrawn", {})]
        steps: list[StepState] = []
        resolve = next((s for s in self.steps if s.step.kind == "resolve"), None)
        if self.escalated and resolve is not None and resolve.position != self.current:
            self.escalated_from = self.current
            steps += self._jump(resolve.position)
        elif not self.escalated and self.escalated_from is not None:
            origin, self.escalated_from = self.escalated_from, None
            if resolve is not None and self.current == resolve.position:
                steps += self._jump(origin, new_visit=False)
        return self._change(steps=steps, events=events)

    def _jump(self, target: int, *, new_visit: bool = True) -> list[StepState]:
        """Leave the current step as it was (still to do) for ``target``."""
        left = self.state
        self._leave("pending")
        self._enter(target, new_visit=new_visit)
        return [left, self.state]

    def customer_hung_up(self) -> Change:
        """The customer hung up: the call ends now, and the wrap-up suggests that outcome."""
        self.hung_up = True
        event = self._event("customer_hung_up", {})
        ended = self.end()
        return replace(ended, events=(event, *ended.events))

    def reopen(self) -> Change | None:
        """Take back an end of call made by mistake: back on the step it ended on."""
        if self.status != "wrapup" or self._ended is None or self.outcome is not None:
            return None
        position, not_reached = self._ended
        changed = []
        for p in not_reached:
            self.steps[p].status = "pending"
            changed.append(self.steps[p])
        self.duration_seconds = None
        self.ended_at = None
        self.status = "open"
        self._ended = None
        self._enter(position)
        changed.append(self.state)
        return self._change(steps=changed, events=[self._event("reopened", {})])
