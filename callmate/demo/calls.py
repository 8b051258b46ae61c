"""One demo call, simulated straight into the rows the live path writes (see ``store.live``).

Faster than driving :class:`callmate.call.Call` for each of a million calls, and written to match
it: the same columns, statuses, event kinds and JSON data. The tests compare the two.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

from callmate.checklist import Checklist, render_phrase
from callmate.store import demo_text as text
from callmate.store.live import checklist_key

_DAY_CACHE: dict[int, str] = {}
_TIMES: list[str] = []  # "HH:MM:SS+00:00" for every second of a day
SKIP_BASE = {"acknowledge": 0.18, "restate": 0.1, "thank": 0.09, "calm": 0.05, "diagnose": 0.12,
             "empathize": 0.08, "believe": 0.1}  # fmt: skip


def iso(epoch: float) -> str:
    """Epoch seconds as the stored form (``to_iso``: UTC, to the second), quickly."""
    day, rest = divmod(int(epoch), 86400)
    prefix = _DAY_CACHE.get(day)
    if prefix is None:
        from datetime import UTC, datetime

        prefix = datetime.fromtimestamp(day * 86400, UTC).strftime("%Y-%m-%dT")
        _DAY_CACHE[day] = prefix
    if not _TIMES:
        _TIMES.extend(f"{h:02d}:{m:02d}:{s:02d}+00:00" for h in range(24) for m in range(60)
                      for s in range(60))  # fmt: skip
    return prefix + _TIMES[rest]


@dataclass
class Plan:
    """A checklist prepared for simulation."""

    name: str
    checklist: Checklist
    key: str = ""
    started: str = ""  # the JSON data of the "started" event
    positions: list[int] = field(default_factory=list)  # the call's steps (not the break)
    resolve: int | None = None

    def __post_init__(self) -> None:
        c = self.checklist
        self.key = checklist_key(c)
        self.started = json.dumps({"checklist": c.id, "version": c.version})
        self.positions = [i for i, s in enumerate(c.steps) if s.kind != "break"]
        self.resolve = next((i for i, s in enumerate(c.steps) if s.kind == "resolve"), None)


@dataclass
class Rows:
    """The rows of a batch of calls, per table, ready for ``executemany``."""

    calls: list[tuple] = field(default_factory=list)
    steps: list[tuple] = field(default_factory=list)
    notes: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)


def _json_int(value: int | None) -> str:
    return "null" if value is None else str(value)


def _seconds(rng: random.Random, target: int, speed: float) -> float:
    if not target:
        return round(rng.uniform(3, 25), 1)
    return round(max(2.0, target * speed * rng.lognormvariate(0, 0.45)), 1)


def _note(rng: random.Random, lang: str, customer: str) -> str:
    roll = rng.random()
    if roll < 0.004:
        return text.CARD_NOTE[lang]
    if roll < 0.06 and customer:
        template = text.CONTACT[lang][rng.random() < 0.5]
        return template.format(phone=text.phone_of(lang, rng.randrange(10**7)),
                               email=text.email_of(customer))  # fmt: skip
    template = rng.choice(text.NOTES[lang])
    if roll > 0.93 and customer:
        template = f"{customer.split()[0]}: {template}"
    items = text.ITEMS[lang]
    return template.format(
        item=rng.choice(items), item2=rng.choice(items), days=rng.randint(2, 21),
        order=f"ORD-{rng.randrange(10000, 99999)}", amount=rng.randrange(19, 899),
        cur=text.CURRENCY[lang],
    )  # fmt: skip


def simulate(rng: random.Random, rows: Rows, call_id: str, t0: float, agent: tuple,
             plan: Plan) -> None:  # fmt: skip
    """Append one finished call (row, steps, notes, events) to ``rows``."""
    name, _, speed, diligence, _ = agent
    c = plan.checklist
    lang = c.language
    customer = ""
    if rng.random() < 0.86:
        customer = f"{rng.choice(text.FIRST[lang])} {rng.choice(text.LAST[lang])}"
    outcome = rng.choices(*zip(*text.OUTCOME_WEIGHTS, strict=True))[0]
    status = "abandoned" if rng.random() < 0.008 else "closed"
    at_fault = rng.random() < 0.45
    escalated = outcome == "escalated" or (outcome == "callback" and rng.random() < 0.1)
    warnings = rng.randint(1, 2) if outcome == "abuse" else int(rng.random() < 0.03)
    positions = plan.positions
    last = len(positions) - 1
    if status == "abandoned" or outcome in ("hung_up", "abuse"):
        last = rng.randrange(1, len(positions))
    r_index = positions.index(plan.resolve) if plan.resolve in positions else None
    escalate_at = None
    if escalated and r_index is not None and r_index <= last:
        escalate_at = rng.randrange(0, r_index + 1)
    events: list[tuple] = [(0.0, positions[0], "started", plan.started)]
    notes: list[tuple] = []
    step_rows = []
    offset = 0.0
    phrases = 0
    fault_done = not at_fault
    warned = 0
    skip_scale = 1 + (0.9 - diligence) * 4
    for index, position in enumerate(positions):
        step = c.steps[position]
        jumped = escalate_at is not None and escalate_at < index < r_index
        if index > last or jumped:
            step_rows.append((position, "skipped", 0.0, 0, None, None))
            continue
        skip = SKIP_BASE.get(step.id, 0.03)
        if step.kind == "apology":
            skip = 0.06 if at_fault else 0.2
        status_here = "done"
        seconds = _seconds(rng, step.target_seconds, speed)
        visits = 1
        if index < last and index != escalate_at and rng.random() < skip * skip_scale:
            status_here, seconds = "skipped", round(rng.uniform(1, 6), 1)
        elif rng.random() < 0.03:
            visits, seconds = 2, round(seconds * 1.4, 1)
        start = offset
        offset = round(offset + seconds, 1)
        step_rows.append((position, status_here, seconds, visits, start, offset))
        moment = round(start + seconds * rng.uniform(0.2, 0.8), 1)
        early = index >= 2 or rng.random() < 0.5
        if not fault_done and early and step.kind in ("inner", "speak") and index < last:
            events.append((moment, position, "at_fault", '{"on": true}'))
            fault_done = True
        if warned < warnings and (index >= last - 1 or rng.random() < 0.3):
            warned += 1
            phrase = render_phrase(c.warning[0], name=customer, agent=name, language=lang)
            events.append(
                (
                    moment,
                    position,
                    "warning",
                    json.dumps({"number": warned, "phrase": phrase}, ensure_ascii=False),
                )
            )
        offered = step.phrases_for(at_fault=at_fault, escalated=escalated)
        if status_here == "done" and offered and rng.random() < 0.5:
            number = rng.randrange(len(offered)) + 1
            phrase = render_phrase(offered[number - 1], name=customer, agent=name, language=lang)
            how = "xclip" if rng.random() < 0.7 else "terminal"
            data = {"number": number, "text": phrase, "step": step.id, "how": how}
            events.append((moment, position, "phrase_copied", json.dumps(data, ensure_ascii=False)))
            phrases += 1
        if index == escalate_at:
            events.append((offset, position, "escalated", "{}"))
        elif index < last:
            kind = "step_done" if status_here == "done" else "step_skipped"
            # json.dumps of {"step": ..., "seconds": ...}; step ids are plain words.
            data = f'{{"step": "{step.id}", "seconds": {seconds}}}'
            events.append((offset, position, kind, data))
    duration = offset
    taken = [s for s in step_rows if s[3]]
    for _ in range(rng.choices((0, 1, 2, 3, 4), (14, 26, 30, 20, 10))[0]):
        position, _, seconds, _, start, _ = rng.choices(taken, [s[2] + 1 for s in taken])[0]
        moment = round(start + seconds * rng.uniform(0.1, 0.95), 1)
        notes.append((moment, position, _note(rng, lang, customer)))
    notes.sort()
    for seq, (moment, position, note) in enumerate(notes, 1):
        if "[card" in note:
            events.append((moment, position, "card_masked", f'{{"note": {seq}, "count": 1}}'))
    ender = positions[min(last, len(positions) - 1)]
    events.append((duration, ender, "call_ended", f'{{"seconds": {duration}}}'))
    end = t0 + duration
    done_at = end + rng.uniform(8, 70)
    difficulty = summary = follow_up = None
    break_row = None
    break_seconds = None
    if status == "abandoned":
        outcome = None
        events.append((duration, ender, "abandoned", "{}", done_at))
    else:
        hard = outcome in ("abuse", "escalated")
        difficulty = rng.randint(3, 5) if hard else rng.randint(1, 4)
        difficulty = difficulty if rng.random() < 0.8 else None
        summary = rng.choice(text.SUMMARIES[lang][outcome]) if rng.random() < 0.6 else ""
        if outcome == "callback":
            follow_up = iso((int(end) // 3600 + rng.randint(18, 70)) * 3600)
        data = f'{{"outcome": "{outcome}", "difficulty": {_json_int(difficulty)}}}'
        events.append((duration, ender, "wrapped_up", data, done_at))
        if rng.random() < 0.9:
            planned = int(c.break_seconds * {4: 1.5, 5: 2.0}.get(difficulty or 0, 1.0))
            skipped = rng.random() < 0.3
            break_seconds = round(rng.uniform(20, planned * 0.7) if skipped else planned, 1)
            events.append((duration, ender, "break_started",
                           f'{{"planned_seconds": {planned}}}', done_at))  # fmt: skip
            data = f'{{"seconds": {break_seconds}, "skipped": {"true" if skipped else "false"}}}'
            events.append((duration, ender, "break_ended", data, done_at + break_seconds))
            break_row = ("skipped" if skipped else "done", break_seconds, done_at)
    updated = events[-1][4] if len(events[-1]) > 4 else end
    _append(rows, call_id, t0, plan, step_rows, break_row, notes, events)
    rows.calls.append((
        call_id, iso(t0), iso(end), name, customer,
        f"ORD-{rng.randrange(10000, 99999)}" if rng.random() < 0.4 else "", plan.key, c.id,
        c.version, lang, f"builtin:{plan.name}", int(at_fault), int(escalated), warned, phrases,
        len(notes), outcome, follow_up, difficulty, summary or "", status, duration,
        c.steps[ender].id, "", break_seconds, iso(updated),
    ))  # fmt: skip


def _append(rows, call_id, t0, plan, step_rows, break_row, notes, events) -> None:
    steps = plan.checklist.steps
    for position, status, seconds, visits, start, end in step_rows:
        s = steps[position]
        rows.steps.append((
            call_id, position, s.id, s.title, s.kind, status, seconds, seconds, s.target_seconds,
            visits, None if start is None else iso(t0 + start), None,
            None if end is None else iso(t0 + end),
        ))  # fmt: skip
    for position, s in enumerate(steps):
        if s.kind == "break":
            status, seconds, start = break_row or ("pending", 0.0, None)
            rows.steps.append((
                call_id, position, s.id, s.title, s.kind, status, seconds, seconds,
                s.target_seconds, int(break_row is not None),
                None if start is None else iso(start), None,
                None if start is None else iso(start + seconds),
            ))  # fmt: skip
    for seq, (moment, position, note) in enumerate(notes, 1):
        rows.notes.append((call_id, seq, iso(t0 + moment), moment, steps[position].id, note))
    events.sort(key=lambda e: e[4] - t0 if len(e) > 4 else e[0])
    for seq, event in enumerate(events, 1):
        moment, position, kind, data = event[:4]
        at = event[4] if len(event) > 4 else t0 + moment
        rows.events.append((call_id, seq, iso(at), moment, steps[position].id, kind, data))
