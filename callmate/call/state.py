"""The state of one call and what every action shares: the steps, the clock, the rows.

See ``callmate.call`` for the whole call; this base holds its fields, what can be read from them,
entering and leaving steps, ending the talking part, and building the rows a change carries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from callmate.checklists.model import Checklist, Step, render_phrase
from callmate.clock import Clock
from callmate.dates import from_iso, to_iso
from callmate.models import CallRow, EventRow, NoteRow, StepRow
from callmate.privacy.redact import mask_cards


def checklist_key(checklist: Checklist) -> str:
    """A checklist's stored key: a hash of its exact text (the same text, the same key)."""
    return hashlib.sha256(checklist.text.encode("utf-8")).hexdigest()[:16]


@dataclass
class StepState:
    position: int
    step: Step
    #: pending, current, done, skipped (by the agent), not_reached (the call ended first)
    status: str = "pending"
    seconds: float = 0.0  # time on finished visits (hold left out)
    entered_mono: float | None = None  # set while current
    #: Seconds of the holds already over within the current visit (they are not its time).
    held: float = 0.0
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
    #: Notes taken out (by their ``seq``), the reason logged among the events.
    deleted_notes: tuple[int, ...] = ()


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
    addressed_as: str = ""
    reference: str = ""
    at_fault: bool = False
    #: A manager has been asked for and the call is theirs now (the hand-over branch shows).
    escalated: bool = False
    #: An escalation was taken back: the call stayed with the agent ("escalated and returned").
    escalation_withdrawn: bool = False
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
    #: When the draft last changed (a note rescued from it is stamped with it).
    draft_at: str | None = None
    break_seconds: float | None = None
    notes: list[NoteRow] = field(default_factory=list)
    note_seq: int = 0
    event_seq: int = 0
    #: Where an end of call left off (step, steps it marked not reached), to take it back.
    _ended: tuple[int, list[int]] | None = field(default=None, repr=False)
    #: The step an escalation jumped from, to go back to if it is taken back.
    escalated_from: int | None = field(default=None, repr=False)
    #: Since when (monotonic) the customer is on hold; None when not.
    hold_since: float | None = None
    #: The customer hung up (the wrap-up then suggests that outcome).
    hung_up: bool = False
    #: What was chosen or typed in wrap-up and not saved yet: kept if the call is reopened.
    wrapup_choices: dict[str, Any] = field(default_factory=dict, repr=False)

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
        """Time on the step, every visit, time on hold left out (hold is its own figure)."""
        state = self.steps[self.current if position is None else position]
        return state.seconds + self._visit_seconds(state)

    def _visit_seconds(self, state: StepState) -> float:
        """Time on the step's current visit so far, less the holds within it."""
        if state.entered_mono is None:
            return 0.0
        spent = self.clock.monotonic() - state.entered_mono
        return max(0.0, spent - state.held - self._hold_in_visit(state))

    def _hold_in_visit(self, state: StepState) -> float:
        """The part of the hold under way (if any) that falls within the step's visit."""
        if self.hold_since is None or state.entered_mono is None:
            return 0.0
        return max(0.0, self.clock.monotonic() - max(self.hold_since, state.entered_mono))

    def over_target(self, position: int | None = None) -> bool:
        """Past the step's target (a soft target is never past: it only guides)."""
        state = self.steps[self.current if position is None else position]
        return state.step.is_over(self.step_seconds(state.position))

    @property
    def steps_taken(self) -> int:
        """Steps done by the agent (not the one an end of call left: ending is not doing it)."""
        ended_on = self._ended[0] if self._ended else None
        return sum(1 for s in self.steps if s.status == "done" and s.position != ended_on)

    @property
    def warned_to_the_end(self) -> bool:
        """The line that ends the call (the checklist's last warning) has been said."""
        total = len(self.checklist.warning)
        return total > 0 and self.warnings >= total

    def phrase_sets(self) -> tuple[list[str], list[str]]:
        """The current step's own phrases and, once escalated, the hand-over-to-a-manager
        phrases (those the step does not have already), rendered for this customer."""
        own = list(self.step.phrases_for(at_fault=self.at_fault, escalated=self.escalated))
        hand_over = [p for p in self.checklist.manager if p not in own] if self.escalated else []
        return [self.render(p) for p in own], [self.render(p) for p in hand_over]

    def phrases(self) -> list[str]:
        """Every phrase the card offers, in the order numbered (1-9 copy them)."""
        own, hand_over = self.phrase_sets()
        return own + hand_over

    def render(self, phrase: str) -> str:
        return render_phrase(
            phrase,
            name=self.customer,
            agent=self.agent,
            language=self.checklist.language,
            address=self.addressed_as,
        )

    @property
    def at_last_step(self) -> bool:
        return self._next_position() is None

    def _is_call_step(self, position: int) -> bool:
        return 0 <= position < len(self.steps) and self.steps[position].step.kind != "break"

    def _next_position(self) -> int | None:
        position = self.current + 1
        return position if self._is_call_step(position) else None

    def _enter(self, position: int, *, new_visit: bool = True) -> None:
        """Make the step current; ``new_visit`` False: the same visit goes on (back from an
        escalation taken back, the agent was never done with it)."""
        state = self.steps[position]
        self.current = position
        state.status = "current"
        state.entered_mono = self.clock.monotonic()
        state.entered_at = to_iso(self.clock.now())
        state.started_at = state.started_at or state.entered_at
        state.held = 0.0
        if new_visit or not state.visits:
            state.visits += 1

    def _leave(self, status: str) -> None:
        state = self.state
        state.seconds += self._visit_seconds(state)
        state.held = 0.0
        state.entered_mono = None
        state.entered_at = None
        state.ended_at = to_iso(self.clock.now())
        state.status = status

    def _note(self, text: str, at: str | None = None) -> tuple[NoteRow, list[EventRow]] | None:
        """A note on the current step (card numbers masked first), and its events; ``at``:
        when it was typed, if not now (a draft kept as a note)."""
        text = text.strip()
        if not text:
            return None
        masked, cards = mask_cards(text)
        self.note_seq += 1
        offset = self.elapsed()
        if at is not None:
            offset = max(0.0, (from_iso(at) - from_iso(self.started_at)).total_seconds())
        note = NoteRow(
            call_id=self.id,
            seq=self.note_seq,
            at=at or to_iso(self.clock.now()),
            offset_seconds=round(offset, 1),
            step_id=self.step.id,
            text=masked,
        )
        self.notes.append(note)
        self.draft, self.draft_at = "", None
        events = [self._event("card_masked", {"note": note.seq, "count": cards})] if cards else []
        return note, events

    def end(self, last_status: str = "done") -> Change:
        """End the call (ctrl+e): timers stop, steps not taken are marked not reached (the
        agent did not skip them: the call ended first), wrap-up follows.

        A note still being typed is kept as a note of the step it was typed on, at the time it
        was typed.
        """
        if not self.is_open:
            return self._change()
        kept = self._note(self.draft, at=self.draft_at)
        events = kept[1] if kept else []
        if self.hold_since is not None:
            events.append(self._end_hold())
        changed = [self.state]
        self._leave(last_status)
        not_reached = []
        for state in self.steps:
            if state.status == "pending" and state.step.kind != "break":
                state.status = "not_reached"
                changed.append(state)
                not_reached.append(state.position)
        self._ended = (self.current, not_reached)
        self.duration_seconds = round(self.clock.monotonic() - self.start_mono, 1)
        self.ended_at = to_iso(self.clock.now())
        self.status = "wrapup"
        events.append(self._event("call_ended", {"seconds": self.duration_seconds}))
        notes = [kept[0]] if kept else []
        return self._change(steps=changed, notes=notes, events=events)

    def hold_seconds(self) -> float:
        """How long the customer has been waiting on hold (0 when not on hold)."""
        if self.hold_since is None:
            return 0.0
        return max(0.0, self.clock.monotonic() - self.hold_since)

    def _end_hold(self) -> EventRow:
        seconds = round(self.hold_seconds(), 1)
        self.state.held += self._hold_in_visit(self.state)
        self.hold_since = None
        return self._event("hold_ended", {"seconds": seconds})

    def row(self) -> CallRow:
        c = self.checklist
        return CallRow(
            id=self.id,
            started_at=self.started_at,
            ended_at=self.ended_at,
            agent=self.agent,
            customer=self.customer,
            addressed_as=self.addressed_as,
            reference=self.reference,
            checklist_key=self.checklist_key,
            checklist_id=c.id,
            checklist_version=c.version,
            language=c.language,
            checklist_source=c.source,
            at_fault=int(self.at_fault),
            escalated=int(self.escalated or self.escalation_withdrawn),
            escalation_withdrawn=int(self.escalation_withdrawn),
            warnings=self.warnings,
            phrases_copied=self.phrases_copied,
            notes_count=len(self.notes),
            outcome=self.outcome,
            follow_up_at=self.follow_up_at,
            difficulty=self.difficulty,
            summary=self.summary,
            status=self.status,
            duration_seconds=self.duration_seconds,
            current_step=self.step.id,
            draft=self.draft,
            draft_at=self.draft_at,
            break_seconds=self.break_seconds,
            updated_at=to_iso(self.clock.now()),
        )

    def step_row(self, state: StepState) -> StepRow:
        s = state.step
        return StepRow(
            call_id=self.id,
            position=state.position,
            step_id=s.id,
            title=s.title,
            kind=s.kind,
            status=state.status,
            seconds=round(self.step_seconds(state.position), 1),
            seconds_done=round(state.seconds, 3),
            target_seconds=s.target_seconds,
            visits=state.visits,
            started_at=state.started_at,
            entered_at=state.entered_at,
            ended_at=state.ended_at,
            soft_target=int(s.soft_target),
        )

    def _event(self, kind: str, data: dict[str, Any]) -> EventRow:
        self.event_seq += 1
        return EventRow(
            call_id=self.id,
            seq=self.event_seq,
            at=to_iso(self.clock.now()),
            offset_seconds=round(self.elapsed(), 1),
            step_id=self.step.id,
            kind=kind,
            data=data,
        )

    def _change(
        self,
        steps: Iterable[StepState] = (),
        notes: Iterable[NoteRow] = (),
        events: Iterable[EventRow] = (),
        deleted_notes: Iterable[int] = (),
    ) -> Change:
        return Change(
            call=self.row(),
            steps=tuple(self.step_row(s) for s in steps),
            notes=tuple(notes),
            events=tuple(events),
            deleted_notes=tuple(deleted_notes),
        )
