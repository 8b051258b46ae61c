"""What the rollups are: every key and figure defined once, as an SQL expression over a call
``c`` and a step ``s``. The triggers, the full rebuild and the statistics over part of a period
are generated from these definitions (``store.rollup``, ``review.stats_source``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

#: The periods a row is kept under: name, and how much of ``started_at`` names it (all: none).
PERIODS = {"all": 0, "month": 7, "day": 10}
#: Width of a band of handle time in ``rollup_durations`` (seconds).
BAND = 10

_DAY = {"period": "p.period", "day": "substr(c.started_at, 1, p.size)"}
#: The key of the call rollup, from the call ``c``. Text, never NULL (NULLs are distinct in UNIQUE).
CALL_KEY = {
    **_DAY,
    "agent": "coalesce(c.agent, '')",
    "outcome": "coalesce(c.outcome, '')",
    "status": "coalesce(c.status, '')",
    "checklist_id": "coalesce(c.checklist_id, '')",
    "language": "coalesce(c.language, '')",
}
CALL_MEASURES = {
    "calls": "1",
    "timed": "c.duration_seconds IS NOT NULL",
    "seconds": "c.duration_seconds",
    "escalated": "c.escalated != 0",  # at some point, taken back or not
    "withdrawn": "c.escalation_withdrawn != 0",  # escalated and returned
    "at_fault": "c.at_fault != 0",
    "warned": "c.warnings > 0",
    "warnings": "c.warnings",
    "phrases": "c.phrases_copied",
    "notes": "c.notes_count",
    "follow_ups": "c.follow_up_at IS NOT NULL",
}
#: The period and day lead, so a range of days is a range of the primary key.
STEP_KEY = {
    **_DAY,
    "agent": CALL_KEY["agent"],
    "checklist_id": CALL_KEY["checklist_id"],
    "language": CALL_KEY["language"],
    "step_id": "coalesce(s.step_id, '')",
    "status": CALL_KEY["status"],
    "outcome": CALL_KEY["outcome"],
}
#: Descriptive step columns: the last written value wins.
STEP_ATTRS = {"title": "s.title", "kind": "s.kind", "position": "s.position"}
_TARGET = "coalesce(s.target_seconds, 0)"
#: A target that counts: set, and not soft (a soft target guides; it is never missed).
_FIRM = f"{_TARGET} > 0 AND NOT coalesce(s.soft_target, 0)"
#: A step that did not apply, never held against the agent: one the call never reached (it
#: ended first, or an escalation went past the step or left it unfinished: not the agent's
#: skip; ``pending``: not yet, on a call still open or abandoned), and the apology skipped when
#: the company was not at fault.
_EXCUSED = (
    "s.status IN ('not_reached', 'pending') "
    "OR (s.status = 'skipped' AND s.kind = 'apology' AND NOT coalesce(c.at_fault, 0))"
)
STEP_MEASURES = {
    "steps": "1",
    "visited": "s.visits > 0",
    "done": "s.status = 'done'",
    "skipped": f"s.status = 'skipped' AND NOT ({_EXCUSED})",
    "excused": _EXCUSED,
    "in_order": "s.status = 'done' AND coalesce(s.visits, 0) <= 1",
    "seconds": "s.seconds",
    "targeted": f"{_FIRM} AND s.visits > 0",  # taken steps that have a firm target
    "target_seconds": _TARGET,
    "over": f"{_FIRM} AND s.seconds > {_TARGET}",
    "far_over": f"{_FIRM} AND s.seconds > 2 * {_TARGET}",
    "apology_owed": f"s.kind = 'apology' AND c.at_fault != 0 AND NOT ({_EXCUSED})",
    "apology_given": "s.kind = 'apology' AND c.at_fault != 0 AND s.status = 'done'",
    "thanks_expected": f"s.step_id = 'thank' AND NOT ({_EXCUSED})",
    "thanked": "s.step_id = 'thank' AND s.status = 'done'",
}
#: The sums of the call rollup that the statistics read (``calls`` first: a count).
CALL_SUMS = (
    "calls",
    "timed",
    "seconds",
    "escalated",
    "withdrawn",
    "at_fault",
    "warned",
    "warnings",
    "follow_ups",
)
#: The step figures summed into a call's adherence score (``callmate.measures.adherence``).
ADHERENCE_PARTS = (
    "steps",
    "excused",
    "in_order",
    "apology_owed",
    "apology_given",
    "thanks_expected",
    "thanked",
    "targeted",
    "far_over",
)
#: The step figures of the per-step statistics (time against target, skips).
STEP_FIGURES = ("steps", "visited", "skipped", "excused", "seconds", "target_seconds", "over")
#: Handled calls (wrapped up, with a handle time) per band of handle time.
DURATION_KEY = {
    **_DAY,
    "agent": CALL_KEY["agent"],
    "outcome": CALL_KEY["outcome"],
    "band": f"coalesce(CAST(c.duration_seconds / {BAND} AS INTEGER), -1)",
}
HANDLED = "c.status = 'closed' AND c.duration_seconds IS NOT NULL"
DURATION_MEASURES = {"calls": HANDLED}


#: Calls per day, narrow, for the calls-per-day chart.
DAY_KEY = {**_DAY, "agent": CALL_KEY["agent"], "outcome": CALL_KEY["outcome"]}


@dataclass(frozen=True)
class Rollup:
    """One rollup table: its key, descriptive columns and sums, over calls or over steps, kept
    under each of ``periods``."""

    table: str
    over_steps: bool
    key: dict[str, str]
    measures: dict[str, str]
    attrs: dict[str, str] = field(default_factory=dict)
    periods: tuple[str, ...] = tuple(PERIODS)


CALLS = Rollup("rollup_calls", False, CALL_KEY, CALL_MEASURES)
STEPS = Rollup("rollup_steps", True, STEP_KEY, STEP_MEASURES, STEP_ATTRS)
DURATIONS = Rollup("rollup_durations", False, DURATION_KEY, DURATION_MEASURES)
DAYS = Rollup("rollup_days", False, DAY_KEY, {"calls": "1"}, periods=("day",))
ROLLUPS = (CALLS, STEPS, DURATIONS, DAYS)
_INTEGER = {"position", "band"}


def read(alias: str, *expressions: str) -> tuple[str, ...]:
    """The columns of ``alias`` (``c`` or ``s``) that the SQL expressions read, in first-seen
    order."""
    return tuple(dict.fromkeys(re.findall(rf"\b{alias}\.(\w+)", " ".join(expressions))))


def _read(alias: str, *exprs: dict[str, str]) -> tuple[str, ...]:
    return read(alias, *(e for d in exprs for e in d.values()))


def changed(columns: Iterable[str]) -> str:
    """A trigger's condition: one of ``columns`` differs between OLD and NEW."""
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


_ON_CALLS = [d for r in ROLLUPS if not r.over_steps for d in (r.key, r.measures)]
#: The call columns the expressions above read (a change to one of them moves a contribution),
#: and the step columns; derived from the expressions, so they cannot fall out of step.
CALL_COLUMNS = tuple(dict.fromkeys(("id", *_read("c", *_ON_CALLS))))
STEP_COLUMNS = tuple(
    dict.fromkeys(("call_id", "position", *_read("s", STEP_KEY, STEP_ATTRS, STEP_MEASURES)))
)
#: The call columns a step's contribution depends on (its key, at fault, escalated...).
STEP_DEPENDS_ON = _read("c", STEP_KEY, STEP_MEASURES)
#: Every call column any rollup reads.
READ_FROM_CALLS = tuple(dict.fromkeys((*CALL_COLUMNS, *STEP_DEPENDS_ON)))
# fmt: off
TRIGGERS = (
    "rollup_calls_insert", "rollup_calls_update", "rollup_calls_delete",
    "rollup_calls_move_steps", "rollup_steps_insert", "rollup_steps_update",
    "rollup_steps_delete",
)
# fmt: on
