"""One call as a pure state machine over a checklist.

No Textual and no SQLite here. Every method that changes the call returns a :class:`Change`: the
call row as it now stands plus the step, note and event rows that changed (the models of
``callmate.models``). The store persists a change in one short transaction; applying the same
change twice is harmless.

The call's actions live in one module per concern (``moves``, ``talk``, ``ending``) over the shared
state (``state``); :class:`Call` puts them together with starting and restoring.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from callmate.call.ending import Ending
from callmate.call.moves import Moves
from callmate.call.state import Change, StepState, checklist_key
from callmate.call.talk import Talk
from callmate.checklists.model import Checklist
from callmate.clock import Clock
from callmate.dates import from_iso, to_iso
from callmate.models import OUTCOMES, UNFINISHED, EventRow, StoredCall

__all__ = ["OUTCOMES", "UNFINISHED", "Call", "Change", "StepState", "checklist_key"]


class Call(Moves, Talk, Ending):
    """One call, from its first step to the end of the break after it."""

    @classmethod
    def start(
        cls,
        checklist: Checklist,
        clock: Clock,
        *,
        agent: str,
        customer: str = "",
        reference: str = "",
        call_id: str | None = None,
    ) -> tuple[Call, Change]:
        """Begin a call on the first step."""
        now = clock.now()
        call = cls(
            checklist=checklist,
            clock=clock,
            id=call_id or uuid.uuid4().hex,
            agent=agent,
            started_at=to_iso(now),
            start_mono=clock.monotonic(),
            steps=[StepState(i, s) for i, s in enumerate(checklist.steps)],
            customer=customer,
            reference=reference,
        )
        call._enter(0)
        event = call._event("started", {"checklist": checklist.id, "version": checklist.version})
        return call, call._change(steps=call.steps, events=[event])

    @classmethod
    def restore(cls, stored: StoredCall, checklist: Checklist, clock: Clock) -> Call:
        """Rebuild a call from its stored rows (see ``store.live.load_call``).

        Time runs on while the program is down (the call went on), so the timers pick up from
        the wall clock; a ``resumed`` event (see :meth:`resumed`) records the gap. The holds
        logged stay off the step they fell in, and a hold still going goes on.
        """
        row = stored.call
        wall, mono = clock.now(), clock.monotonic()

        def mono_of(iso: str) -> float:
            return mono - (wall - from_iso(iso)).total_seconds()

        holds, on_hold = _holds(stored.events)

        by_position = {s.position: s for s in stored.steps}
        steps = []
        for i, step in enumerate(checklist.steps):
            found = by_position.get(i)
            state = StepState(i, step)
            if found is not None:
                state = StepState(
                    i,
                    step,
                    status=found.status,
                    seconds=float(found.seconds_done or 0.0),
                    entered_at=found.entered_at,
                    started_at=found.started_at,
                    ended_at=found.ended_at,
                    visits=int(found.visits or 0),
                )
            if state.status == "current" and state.entered_at:
                state.entered_mono = mono_of(state.entered_at)
                entered = from_iso(state.entered_at)
                state.held = sum(
                    max(0.0, (end - max(begin, entered)).total_seconds()) for begin, end in holds
                )
            steps.append(state)
        call = cls(
            checklist=checklist,
            clock=clock,
            id=row.id,
            agent=row.agent,
            started_at=row.started_at,
            start_mono=mono_of(row.started_at),
            steps=steps,
            customer=row.customer,
            addressed_as=row.addressed_as,
            reference=row.reference,
            at_fault=bool(row.at_fault),
            escalated=bool(row.escalated) and not row.escalation_withdrawn,
            escalation_withdrawn=bool(row.escalation_withdrawn),
            warnings=row.warnings,
            phrases_copied=row.phrases_copied,
            status=row.status,
            ended_at=row.ended_at,
            duration_seconds=row.duration_seconds,
            outcome=row.outcome,
            follow_up_at=row.follow_up_at,
            difficulty=row.difficulty,
            summary=row.summary,
            draft=row.draft or "",
            draft_at=row.draft_at,
            break_seconds=row.break_seconds,
            notes=list(stored.notes),
            note_seq=max((n.seq for n in stored.notes), default=0),
            event_seq=max((e.seq for e in stored.events), default=0),
            hold_since=None if on_hold is None else mono_of(on_hold),
        )
        call.current = next((s.position for s in steps if s.status == "current"), 0)
        return call

    def resumed(self, last_saved_at: str | None) -> Change:
        """Log that the call was picked up again after the program stopped."""
        gap = None
        if last_saved_at:
            gap = round((self.clock.now() - from_iso(last_saved_at)).total_seconds(), 1)
        return self._change(events=[self._event("resumed", {"gap_seconds": gap})])


def _holds(events: tuple[EventRow, ...]) -> tuple[list[tuple[datetime, datetime]], str | None]:
    """The holds a call's events log, as (began, ended) wall times, and when the hold still
    going (if one is) began."""
    holds, began = [], None
    for event in events:
        if event.kind == "hold_started":
            began = event.at
        elif event.kind == "hold_ended" and began is not None:
            holds.append((from_iso(began), from_iso(event.at)))
            began = None
    return holds, began
