"""One call as a pure state machine over a checklist.

No Textual and no SQLite here. Every method that changes the call returns a :class:`Change`: the
call row as it now stands plus the step, note and event rows that changed (the models of
``callmate.models``). The store persists a change in one short transaction; applying the same
change twice is harmless.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from callmate.checklist import Checklist, Step, render_phrase
from callmate.clock import Clock
from callmate.dates import from_iso, to_iso
from callmate.models import OUTCOMES, UNFINISHED, CallRow, EventRow, NoteRow, StepRow, StoredCall
from callmate.redact import mask_cards

__all__ = ["OUTCOMES", "UNFINISHED", "Call", "Change", "StepState", "checklist_key"]


def checklist_key(checklist: Checklist) -> str:
    """A checklist's stored key: a hash of its exact text (the same text, the same key)."""
    return hashlib.sha256(checklist.text.encode("utf-8")).hexdigest()[:16]


@dataclass
class StepState:
    position: int
    step: Step
    status: str = "pending"  # pending, current, done, skipped
    seconds: float = 0.0  # time on finished visits
    entered_mono: float | None = None  # set while current
    entered_at: str | None = None  # wall time the current visit began
    started_at: str | None = None  # first visit
    ended_at: str | None = None  # last time it was left
    visits: int = 0


@dataclass(frozen=True)
class Change:
    """What one action changed: the call row as it now stands, and the rows that changed."""

    call: CallRow
    steps: tuple[StepRow, ...] = ()
    notes: tuple[NoteRow, ...] = ()
    events: tuple[EventRow, ...] = ()


@dataclass
class Call:
    checklist: Checklist
    clock: Clock
    id: str
    agent: str
    started_at: str
    start_mono: float
    steps: list[StepState]
    customer: str = ""
    reference: str = ""
    at_fault: bool = False
    escalated: bool = False
    warnings: int = 0
    phrases_copied: int = 0
    status: str = "open"
    current: int = 0
    ended_at: str | None = None
    duration_seconds: float | None = None
    outcome: str | None = None
    follow_up_at: str | None = None
    difficulty: int | None = None
    summary: str = ""
    draft: str = ""
    break_seconds: float | None = None
    notes: list[NoteRow] = field(default_factory=list)
    note_seq: int = 0
    event_seq: int = 0
    #: Where an end of call left off (step, steps it marked skipped), so it can be taken back.
    _ended: tuple[int, list[int]] | None = field(default=None, repr=False)

    _key: str = field(default="", init=False, repr=False)

    @property
    def checklist_key(self) -> str:
        """The stored key of the exact checklist text this call runs with."""
        if not self._key:
            self._key = checklist_key(self.checklist)
        return self._key

    # -- starting and restoring -------------------------------------------------------------

    @classmethod
    def start(
        cls, checklist: Checklist, clock: Clock, *, agent: str, customer: str = "",
        reference: str = "", call_id: str | None = None,
    ) -> tuple[Call, Change]:  # fmt: skip
        """Begin a call on the first step."""
        now = clock.now()
        call = cls(
            checklist=checklist, clock=clock, id=call_id or uuid.uuid4().hex, agent=agent,
            started_at=to_iso(now), start_mono=clock.monotonic(),
            steps=[StepState(i, s) for i, s in enumerate(checklist.steps)],
            customer=customer, reference=reference,
        )  # fmt: skip
        call._enter(0)
        event = call._event("started", {"checklist": checklist.id, "version": checklist.version})
        return call, call._change(steps=call.steps, events=[event])

    @classmethod
    def restore(cls, stored: StoredCall, checklist: Checklist, clock: Clock) -> Call:
        """Rebuild a call from its stored rows (see ``store.live.load_call``).

        Time runs on while the program is down (the call went on), so the timers pick up from
        the wall clock; a ``resumed`` event (see :meth:`resumed`) records the gap.
        """
        row = stored.call
        wall, mono = clock.now(), clock.monotonic()

        def mono_of(iso: str) -> float:
            return mono - (wall - from_iso(iso)).total_seconds()

        by_position = {s.position: s for s in stored.steps}
        steps = []
        for i, step in enumerate(checklist.steps):
            found = by_position.get(i)
            state = StepState(i, step)
            if found is not None:
                state = StepState(
                    i, step, status=found.status, seconds=float(found.seconds_done or 0.0),
                    entered_at=found.entered_at, started_at=found.started_at,
                    ended_at=found.ended_at, visits=int(found.visits or 0),
                )  # fmt: skip
            if state.status == "current" and state.entered_at:
                state.entered_mono = mono_of(state.entered_at)
            steps.append(state)
        call = cls(
            checklist=checklist, clock=clock, id=row.id, agent=row.agent,
            started_at=row.started_at, start_mono=mono_of(row.started_at), steps=steps,
            customer=row.customer, reference=row.reference, at_fault=bool(row.at_fault),
            escalated=bool(row.escalated), warnings=row.warnings,
            phrases_copied=row.phrases_copied, status=row.status, ended_at=row.ended_at,
            duration_seconds=row.duration_seconds, outcome=row.outcome,
            follow_up_at=row.follow_up_at, difficulty=row.difficulty, summary=row.summary,
            draft=row.draft or "", break_seconds=row.break_seconds, notes=list(stored.notes),
            note_seq=max((n.seq for n in stored.notes), default=0),
            event_seq=max((e.seq for e in stored.events), default=0),
        )  # fmt: skip
        call.current = next((s.position for s in steps if s.status == "current"), 0)
        return call

    def resumed(self, last_saved_at: str | None) -> Change:
        """Log that the call was picked up again after the program stopped."""
        gap = None
        if last_saved_at:
            gap = round((self.clock.now() - from_iso(last_saved_at)).total_seconds(), 1)
        return self._change(events=[self._event("resumed", {"gap_seconds": gap})])

    # -- reading --------------------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.current].step

    @property
    def state(self) -> StepState:
        return self.steps[self.current]

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    def elapsed(self) -> float:
        """Seconds since the call began (frozen once it has ended)."""
        if self.duration_seconds is not None:
            return self.duration_seconds
        return max(0.0, self.clock.monotonic() - self.start_mono)

    def step_seconds(self, position: int | None = None) -> float:
        state = self.steps[self.current if position is None else position]
        live = 0.0
        if state.entered_mono is not None:
            live = max(0.0, self.clock.monotonic() - state.entered_mono)
        return state.seconds + live

    def over_target(self, position: int | None = None) -> bool:
        """Past the step's target (a soft target is never past: it only guides)."""
        state = self.steps[self.current if position is None else position]
        return state.step.is_over(self.step_seconds(state.position))

    def phrases(self) -> list[str]:
        """The current step's phrases, rendered for this customer.

        Once escalated, the checklist's hand-over-to-a-manager phrases come too.
        """
        raw = list(self.step.phrases_for(at_fault=self.at_fault, escalated=self.escalated))
        if self.escalated:
            raw += [p for p in self.checklist.manager if p not in raw]
        return [self.render(p) for p in raw]

    def render(self, phrase: str) -> str:
        return render_phrase(
            phrase, name=self.customer, agent=self.agent, language=self.checklist.language
        )

    # -- moving through the steps ---------------------------------------------------------------

    def next(self) -> Change:
        """Mark the current step done and go to the next step of the call (not the break)."""
        return self._leave_for(self._next_position(), "done", "step_done")

    def skip(self) -> Change:
        return self._leave_for(self._next_position(), "skipped", "step_skipped")

    def back(self) -> Change | None:
        if self.current == 0 or not self.is_open:
            return None
        return self._leave_for(self.current - 1, "pending", "step_back")

    def go_to(self, position: int) -> Change | None:
        if not self.is_open or position == self.current or not self._is_call_step(position):
            return None
        return self._leave_for(
            position, "done" if position > self.current else "pending", "step_jump"
        )

    @property
    def at_last_step(self) -> bool:
        return self._next_position() is None

    def _is_call_step(self, position: int) -> bool:
        return 0 <= position < len(self.steps) and self.steps[position].step.kind != "break"

    def _next_position(self) -> int | None:
        position = self.current + 1
        return position if self._is_call_step(position) else None

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

    def _enter(self, position: int) -> None:
        state = self.steps[position]
        self.current = position
        state.status = "current"
        state.entered_mono = self.clock.monotonic()
        state.entered_at = to_iso(self.clock.now())
        state.started_at = state.started_at or state.entered_at
        state.visits += 1

    def _leave(self, status: str) -> None:
        state = self.state
        if state.entered_mono is not None:
            state.seconds += max(0.0, self.clock.monotonic() - state.entered_mono)
        state.entered_mono = None
        state.entered_at = None
        state.ended_at = to_iso(self.clock.now())
        state.status = status

    # -- things that happen during the call -----------------------------------------------------

    def toggle_fault(self) -> Change:
        self.at_fault = not self.at_fault
        return self._change(events=[self._event("at_fault", {"on": self.at_fault})])

    def toggle_escalation(self) -> Change:
        """Escalate (jumping to the hand-over branch), or take a mistaken escalation back."""
        self.escalated = not self.escalated
        events = [self._event("escalated" if self.escalated else "escalation_withdrawn", {})]
        steps: list[StepState] = []
        resolve = next((s for s in self.steps if s.step.kind == "resolve"), None)
        if self.escalated and resolve is not None and resolve.position != self.current:
            steps.append(self.state)
            self._leave("done" if self.current < resolve.position else "pending")
            self._enter(resolve.position)
            steps.append(self.state)
        return self._change(steps=steps, events=events)

    def warn(self) -> tuple[str, Change]:
        """Give the abusive-caller warning: the phrase to say, and the logged event."""
        phrase = self.render(self.checklist.warning[0]) if self.checklist.warning else ""
        self.warnings += 1
        event = self._event("warning", {"number": self.warnings, "phrase": phrase})
        return phrase, self._change(events=[event])

    def phrase_copied(self, text: str, number: int | None, how: str) -> Change:
        self.phrases_copied += 1
        data = {"number": number, "text": text, "step": self.step.id, "how": how}
        return self._change(events=[self._event("phrase_copied", data)])

    def add_note(self, text: str) -> Change | None:
        """Store a note against the current step; card numbers are masked first."""
        text = text.strip()
        if not text:
            return None
        masked, cards = mask_cards(text)
        self.note_seq += 1
        note = NoteRow(
            call_id=self.id, seq=self.note_seq, at=to_iso(self.clock.now()),
            offset_seconds=round(self.elapsed(), 1), step_id=self.step.id, text=masked,
        )  # fmt: skip
        self.notes.append(note)
        self.draft = ""
        events = (
            [self._event("card_masked", {"note": self.note_seq, "count": cards})] if cards else []
        )
        return self._change(notes=[note], events=events)

    def set_draft(self, text: str) -> Change:
        """The note being typed, saved as it is typed (masked like a note)."""
        self.draft = mask_cards(text)[0]
        return self._change()

    def set_customer(self, *, name: str | None = None, reference: str | None = None) -> Change:
        if name is not None:
            self.customer = name.strip()
        if reference is not None:
            self.reference = reference.strip()
        return self._change()

    # -- ending -----------------------------------------------------------------------------------

    def end(self, last_status: str = "done") -> Change:
        """End the call (ctrl+e): timers stop, untaken steps count as skipped, wrap-up follows."""
        if not self.is_open:
            return self._change()
        changed = [self.state]
        self._leave(last_status)
        auto_skipped = []
        for state in self.steps:
            if state.status == "pending" and state.step.kind != "break":
                state.status = "skipped"
                changed.append(state)
                auto_skipped.append(state.position)
        self._ended = (self.current, auto_skipped)
        self.duration_seconds = round(self.clock.monotonic() - self.start_mono, 1)
        self.ended_at = to_iso(self.clock.now())
        self.status = "wrapup"
        event = self._event("call_ended", {"seconds": self.duration_seconds})
        return self._change(steps=changed, events=[event])

    def reopen(self) -> Change | None:
        """Take back an end of call made by mistake: back on the step it ended on."""
        if self.status != "wrapup" or self._ended is None or self.outcome is not None:
            return None
        position, auto_skipped = self._ended
        changed = []
        for p in auto_skipped:
            self.steps[p].status = "pending"
            changed.append(self.steps[p])
        self.duration_seconds = None
        self.ended_at = None
        self.status = "open"
        self._ended = None
        self._enter(position)
        changed.append(self.state)
        return self._change(steps=changed, events=[self._event("reopened", {})])

    def wrap_up(
        self, *, outcome: str, follow_up_at: datetime | None = None, difficulty: int | None = None,
        summary: str = "",
    ) -> Change:  # fmt: skip
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
        event = self._event("wrapped_up", {"outcome": outcome, "difficulty": difficulty})
        steps = end.steps if end else ()
        events = (end.events if end else ()) + (event,)
        return Change(call=self.row(), steps=steps, events=events)

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

    # -- rows -------------------------------------------------------------------------------------

    def row(self) -> CallRow:
        c = self.checklist
        return CallRow(
            id=self.id, started_at=self.started_at, ended_at=self.ended_at, agent=self.agent,
            customer=self.customer, reference=self.reference, checklist_key=self.checklist_key,
            checklist_id=c.id, checklist_version=c.version, language=c.language,
            checklist_source=c.source, at_fault=int(self.at_fault),
            escalated=int(self.escalated), warnings=self.warnings,
            phrases_copied=self.phrases_copied, notes_count=len(self.notes),
            outcome=self.outcome, follow_up_at=self.follow_up_at, difficulty=self.difficulty,
            summary=self.summary, status=self.status, duration_seconds=self.duration_seconds,
            current_step=self.step.id, draft=self.draft, break_seconds=self.break_seconds,
            updated_at=to_iso(self.clock.now()),
        )  # fmt: skip

    def step_row(self, state: StepState) -> StepRow:
        s = state.step
        return StepRow(
            call_id=self.id, position=state.position, step_id=s.id, title=s.title, kind=s.kind,
            status=state.status, seconds=round(self.step_seconds(state.position), 1),
            seconds_done=round(state.seconds, 3), target_seconds=s.target_seconds,
            visits=state.visits, started_at=state.started_at, entered_at=state.entered_at,
            ended_at=state.ended_at, soft_target=int(s.soft_target),
        )  # fmt: skip

    def _event(self, kind: str, data: dict[str, Any]) -> EventRow:
        self.event_seq += 1
        return EventRow(
            call_id=self.id, seq=self.event_seq, at=to_iso(self.clock.now()),
            offset_seconds=round(self.elapsed(), 1), step_id=self.step.id, kind=kind, data=data,
        )  # fmt: skip

    def _change(
        self, steps: Iterable[StepState] = (), notes: Iterable[NoteRow] = (),
        events: Iterable[EventRow] = (),
    ) -> Change:  # fmt: skip
        return Change(
            call=self.row(),
            steps=tuple(self.step_row(s) for s in steps),
            notes=tuple(notes),
            events=tuple(events),
        )
