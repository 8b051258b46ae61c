"""The state of one call and what every action shares: the steps, the clock, the rows.

See ``callmate.call`` for the whole call; this base holds its fields, what can be read from them,
entering and leaving steps, ending the talking part, and building the rows a change carries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from callmate.checklist import Checklist, Step, render_phrase
from callmate.clock import Clock
from callmate.dates import to_iso
from callmate.models import CallRow, EventRow, NoteRow, StepRow


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
class CallState:
    """The fields of a call and the parts every action uses."""

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

    @property
    def at_last_step(self) -> bool:
        return self._next_position() is None

    def _is_call_step(self, position: int) -> bool:
        return 0 <= position < len(self.steps) and self.steps[position].step.kind != "break"

    def _next_position(self) -> int | None:
        position = self.current + 1
        return position if self._is_call_step(position) else None

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
