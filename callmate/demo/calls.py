"""One demo call, played through the real call model with a clock that moves on command.

Everything a demo call stores is what a live call would store for the same keys: the rows come
from :class:`callmate.call.Call` itself, so the demo data cannot drift from the live path.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from callmate.call import Call, Change
from callmate.checklists.model import Checklist
from callmate.clock import FakeClock
from callmate.demo import words
from callmate.demo.words import Agent
from callmate.models import CallRow, EventRow, NoteRow, StepRow

#: How often agents skip a step, by step id (others: 3%).
SKIP_BASE = {
    "acknowledge": 0.18,
    "restate": 0.1,
    "thank": 0.09,
    "calm": 0.05,
    "diagnose": 0.12,
    "empathise": 0.08,
    "believe": 0.1,
}


@dataclass
class Rows:
    """The rows of a batch of calls, per table, ready for the store."""

    calls: list[CallRow] = field(default_factory=list)
    steps: list[StepRow] = field(default_factory=list)
    notes: list[NoteRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)


@dataclass
class _Plan:
    """What will happen on one call, drawn before it is played."""

    customer: str
    outcome: str
    abandoned: bool
    at_fault: bool
    escalated: bool
    warnings: int
    last: int  # the index of the last step taken
    escalate_at: int | None


def _seconds(rng: random.Random, target: int, speed: float) -> float:
    if not target:
        return round(rng.uniform(3, 25), 1)
    return round(max(2.0, target * speed * rng.lognormvariate(0, 0.45)), 1)


def _note(rng: random.Random, lang: str, customer: str) -> str:
    roll = rng.random()
    if roll < 0.004:
        return words.CARD_NOTE[lang]
    if roll < 0.06 and customer:
        template = words.CONTACT[lang][rng.random() < 0.5]
        return template.format(
            phone=words.phone_of(lang, rng.randrange(10**7)), email=words.email_of(customer)
        )
    template = rng.choice(words.NOTES[lang])
    if roll > 0.93 and customer:
        template = f"{customer.split()[0]}: {template}"
    items = words.ITEMS[lang]
    return template.format(
        item=rng.choice(items),
        item2=rng.choice(items),
        days=rng.randint(2, 21),
        order=f"ORD-{rng.randrange(10000, 99999)}",
        amount=rng.randrange(19, 899),
        cur=words.CURRENCY[lang],
    )


def _plan(rng: random.Random, checklist: Checklist, spoken: list[int]) -> _Plan:
    lang = checklist.language
    customer = ""
    if rng.random() < 0.86:
        customer = f"{rng.choice(words.FIRST[lang])} {rng.choice(words.LAST[lang])}"
    outcomes = [name for name, _ in words.OUTCOME_WEIGHTS]
    outcome = rng.choices(outcomes, [weight for _, weight in words.OUTCOME_WEIGHTS])[0]
    abandoned = rng.random() < 0.008
    escalated = outcome == "escalated" or (outcome == "callback" and rng.random() < 0.1)
    last = len(spoken) - 1
    if abandoned or outcome in ("hung_up", "abuse"):
        last = rng.randrange(1, len(spoken))
    resolve = next((i for i, p in enumerate(spoken) if checklist.steps[p].kind == "resolve"), None)
    escalate_at = None
    if escalated and resolve is not None and resolve <= last:
        escalate_at = rng.randrange(0, resolve + 1)
    return _Plan(
        customer=customer,
        outcome=outcome,
        abandoned=abandoned,
        at_fault=rng.random() < 0.45,
        escalated=escalated,
        warnings=rng.randint(1, 2) if outcome == "abuse" else int(rng.random() < 0.03),
        last=last,
        escalate_at=escalate_at,
    )


class _Player:
    """Plays one planned call through :class:`Call`, keeping every event it logs."""

    def __init__(
        self,
        rng: random.Random,
        call: Call,
        clock: FakeClock,
        agent: Agent,
        plan: _Plan,
        first: Change,
    ):
        self.rng, self.call, self.clock, self.agent, self.plan = rng, call, clock, agent, plan
        self.events: list[EventRow] = list(first.events)

    def do(self, change: Change | None) -> None:
        if change is not None:
            self.events.extend(change.events)

    def step(self, index: int) -> None:
        """Take the current step (the call's ``index``-th spoken step) and leave it."""
        rng, call, plan = self.rng, self.call, self.plan
        step = call.step
        seconds = _seconds(rng, step.target_seconds, self.agent.speed)
        skip = SKIP_BASE.get(step.id, 0.03)
        if step.kind == "apology":
            skip = 0.06 if plan.at_fault else 0.2
        skipping = (
            index < plan.last
            and index != plan.escalate_at
            and (rng.random() < skip * (1 + (0.9 - self.agent.diligence) * 4))
        )
        if skipping:
            seconds = round(rng.uniform(1, 6), 1)
        part = round(seconds * rng.uniform(0.2, 0.8), 1)
        self.clock.advance(part)
        fault_now = index >= 2 or rng.random() < 0.5
        if plan.at_fault and not call.at_fault and step.kind in ("inner", "speak") and fault_now:
            self.do(call.toggle_fault())
        if call.warnings < plan.warnings and (index >= plan.last - 1 or rng.random() < 0.3):
            self.do(call.warn()[1])
        phrases = call.phrases()
        if not skipping and phrases and rng.random() < 0.5:
            number = rng.randrange(len(phrases)) + 1
            how = "xclip" if rng.random() < 0.7 else "terminal"
            self.do(call.phrase_copied(phrases[number - 1], number, how))
        for _ in range(self._notes_here()):
            self.clock.advance(round(rng.uniform(0.1, 0.2) * seconds, 1))
            self.do(call.add_note(_note(rng, call.checklist.language, plan.customer)))
        self.clock.advance(max(0.0, round(seconds - part, 1)))
        if index == plan.escalate_at and not call.escalated:
            self.do(call.toggle_escalation())
        elif index == plan.last:
            self.do(call.end())
        elif skipping:
            self.do(call.skip())
        elif rng.random() < 0.03:
            self.do(call.next())
            self.do(call.back())  # gone back to: the step is taken twice
            self.clock.advance(round(seconds * 0.4, 1))
            self.do(call.next())
        else:
            self.do(call.next())

    def _notes_here(self) -> int:
        # About two notes a call, more on the longer steps.
        return int(self.rng.random() < 0.3) + int(self.rng.random() < 0.05)

    def finish(self) -> None:
        """Wrap-up (or abandon), then the break."""
        rng, call, plan = self.rng, self.call, self.plan
        lang = call.checklist.language
        if call.is_open:
            self.do(call.end())
        self.clock.advance(rng.uniform(8, 70))
        if plan.abandoned:
            self.do(call.abandon())
            return
        hard = plan.outcome in ("abuse", "escalated")
        difficulty = rng.randint(3, 5) if hard else rng.randint(1, 4)
        summary = rng.choice(words.SUMMARIES[lang][plan.outcome]) if rng.random() < 0.6 else ""
        follow_up = None
        if plan.outcome == "callback":
            hour = int(self.clock.now().timestamp()) // 3600 + rng.randint(18, 70)
            follow_up = datetime.fromtimestamp(hour * 3600, UTC)
        self.do(
            call.wrap_up(
                outcome=plan.outcome,
                follow_up_at=follow_up,
                summary=summary,
                difficulty=difficulty if rng.random() < 0.8 else None,
            )
        )
        if rng.random() < 0.9:
            self.do(call.start_break())
            planned = call.suggested_break()
            skipped = rng.random() < 0.3
            self.clock.advance(round(rng.uniform(20, planned * 0.7) if skipped else planned, 1))
            self.do(call.end_break(skipped=skipped))


def simulate(
    rng: random.Random, rows: Rows, call_id: str, start: float, agent: Agent, checklist: Checklist
) -> None:
    """Play one call, started at ``start`` (epoch seconds), and add its rows to ``rows``."""
    spoken = [i for i, s in enumerate(checklist.steps) if s.kind != "break"]
    plan = _plan(rng, checklist, spoken)
    clock = FakeClock(datetime.fromtimestamp(start, UTC), monotonic=0.0)
    call, first = Call.start(
        checklist, clock, agent=agent.name, customer=plan.customer, call_id=call_id
    )
    if rng.random() < 0.4:
        call.set_customer(reference=f"ORD-{rng.randrange(10000, 99999)}")
    player = _Player(rng, call, clock, agent, plan, first)
    index = 0
    while call.is_open:
        player.step(index)
        index = spoken.index(call.current) if call.is_open else index
    player.finish()
    rows.calls.append(call.row())
    rows.steps.extend(call.step_row(s) for s in call.steps)
    rows.notes.extend(call.notes)
    rows.events.extend(player.events)
