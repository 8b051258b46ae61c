"""Statistics for a filter: handle time, escalations, outcomes, steps against targets, adherence.

Whole UTC days come from the rollups (``store.rollup``); the part of a day at either end of a time
range, and any filter with a search, are computed from the calls themselves with the same SQL
expressions. Two queries answer everything; the rest is summed here. The adherence score is defined
in ``docs/data.md`` and in :func:`adherence`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from callmate.labels import UNFINISHED_KEY
from callmate.models import OUTCOMES, Adherence, AgentStats, DayCount, Stats, StepStats
from callmate.review.filters import Filter
from callmate.review.stats_source import count_calls, grouped, rows
from callmate.store import rollup

__all__ = ["adherence", "call_adherence", "compute", "count_calls", "median_duration"]

ADHERENCE_PARTS = ("steps", "in_order", "apology_owed", "apology_given", "thanks_expected",
                   "thanked", "targeted", "far_over")  # fmt: skip
_STEP_SUMS = ("steps", "visited", "done", "skipped", "seconds", "target_seconds", "over",
              *ADHERENCE_PARTS[1:])  # fmt: skip
_CALL_SUMS = ("calls", "timed", "seconds", "escalated", "at_fault", "warned", "warnings",
              "follow_ups")  # fmt: skip
MOST_SKIPPED = 5
MEDIAN_WALK = 20_000  # calls from which the median walks the duration index


def adherence(sums: dict[str, float]) -> Adherence:
    """The adherence score (0-100) from summed step figures, with the four rates behind it.

    in order: the share of call steps done once, in their turn (not skipped, not gone back to);
    apology: the share of at-fault calls whose apology step was done;
    thanks: the share of calls whose "thank" step was done;
    on time: the share of taken steps with a target that stayed within twice the target.
    The score is the mean of the rates that apply (a set without at-fault calls has no apology
    rate), times 100; ``None`` when none applies.
    """
    rates: dict[str, float] = {}
    if sums.get("steps"):
        rates["in_order"] = sums["in_order"] / sums["steps"]
    if sums.get("apology_owed"):
        rates["apology"] = sums["apology_given"] / sums["apology_owed"]
    if sums.get("thanks_expected"):
        rates["thanks"] = sums["thanked"] / sums["thanks_expected"]
    if sums.get("targeted"):
        rates["on_time"] = 1 - sums["far_over"] / sums["targeted"]
    score = round(100 * sum(rates.values()) / len(rates), 1) if rates else None
    return Adherence(score, **{k: round(v, 4) for k, v in rates.items()})


def call_adherence(db, call_id: str) -> Adherence:
    """The adherence score of one call (its steps, the break excepted)."""
    sql = rollup.select_steps("WHERE c.id = ? AND s.kind IS NOT 'break'")
    sums: dict[str, float] = defaultdict(float)
    for row in rows(db, sql, [call_id]):
        for name in ADHERENCE_PARTS:
            sums[name] += row[name] or 0
    return adherence(sums)


# -- the figures ------------------------------------------------------------------------------

_STEP_GROUP = ("agent", "checklist_id", "language", "step_id", "status")


def compute(db, filt: Filter) -> Stats:
    """Every figure of the statistics screen and ``callmate stats`` for the filter."""
    call_rows, used_rollup = grouped(db, filt, "calls", ("day", "agent", "outcome"), _CALL_SUMS)
    step_rows, _ = grouped(
        db, filt, "steps", _STEP_GROUP, _STEP_SUMS, "kind IS NOT 'break'",
        extras={"title": "max(title)", "position": "min(position)"},
    )  # fmt: skip
    for row in step_rows:
        row["closed"] = row["status"] == "closed"
    totals = _sum(call_rows, _CALL_SUMS)
    steps = _steps(step_rows)
    most_skipped = sorted(
        (s for s in steps if s.skipped), key=lambda s: (-s.skip_rate, -s.skipped, s.title)
    )[:MOST_SKIPPED]
    return Stats(
        calls=int(totals["calls"]),
        handled=int(totals["timed"]),
        average_seconds=_ratio(totals["seconds"], totals["timed"], 1),
        median_seconds=median_duration(db, filt, int(totals["timed"])),
        escalated=int(totals["escalated"]),
        escalation_rate=_ratio(totals["escalated"], totals["calls"]),
        at_fault=int(totals["at_fault"]),
        warned=int(totals["warned"]),
        follow_ups=int(totals["follow_ups"]),
        outcomes=_outcomes(call_rows),
        adherence=adherence(_sum([r for r in step_rows if r["closed"]], ADHERENCE_PARTS)),
        steps=tuple(steps),
        agents=tuple(_agents(call_rows, step_rows)),
        per_day=tuple(_per_day(call_rows)),
        most_skipped=tuple(most_skipped),
        from_rollup=used_rollup,
    )


def median_duration(db, filt: Filter, timed: int) -> float | None:
    """The median handle time of the calls that have one (``timed`` of them)."""
    if timed <= 0:
        return None
    conditions, params = filt.conditions("c")
    conditions.append("c.duration_seconds IS NOT NULL")
    # Many calls: walk the (covering) duration index in order, filtering as it goes, rather
    # than fetch and sort them all. Few calls: the planner's pick (by agent, date...) is best.
    hint = "INDEXED BY idx_calls_duration" if timed >= MEDIAN_WALK and not filt.fts else ""
    if (
        hint
        and not db.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'idx_calls_duration'"
        ).fetchone()
    ):
        hint = ""
    rows = db.conn.execute(
        f"SELECT c.duration_seconds FROM calls c {hint} WHERE {' AND '.join(conditions)} "
        "ORDER BY c.duration_seconds LIMIT ? OFFSET ?",
        [*params, 2 - timed % 2, (timed - 1) // 2],
    ).fetchall()
    if not rows:
        return None
    return round(sum(r[0] for r in rows) / len(rows), 1)


def _sum(rows: list[dict], names) -> dict[str, float]:
    sums = dict.fromkeys(names, 0.0)
    for row in rows:
        for name in names:
            sums[name] += row[name] or 0
    return sums


def _ratio(part: float, whole: float, digits: int = 4) -> float | None:
    # Sums of tenths of seconds added up in another order (rollups, or the calls themselves)
    # differ in their last bits: settle them first, so both ways round alike.
    return round(round(part, 6) / whole, digits) if whole else None


def _outcomes(call_rows: list[dict]) -> dict[str, int]:
    counts = dict.fromkeys(OUTCOMES, 0)
    for row in call_rows:
        name = row["outcome"] or UNFINISHED_KEY
        counts[name] = counts.get(name, 0) + int(row["calls"])
    return {k: v for k, v in counts.items() if v or k in OUTCOMES}


def _steps(step_rows: list[dict]) -> list[StepStats]:
    """Time per step against its target, per checklist step (languages taken together)."""
    groups: dict[tuple, dict] = {}
    titles: dict[tuple, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in step_rows:
        key = (row["checklist_id"], row["step_id"])
        group = groups.setdefault(key, {**dict.fromkeys(_STEP_SUMS, 0.0), "position": 99})
        for name in _STEP_SUMS:
            group[name] += row[name] or 0
        group["position"] = min(group["position"], row["position"] or 0)
        titles[key][row["title"] or row["step_id"]] += row["steps"] or 0
    found = []
    for (checklist, step_id), g in groups.items():
        found.append(StepStats(
            checklist=checklist, step_id=step_id,
            title=max(titles[(checklist, step_id)].items(), key=lambda t: t[1])[0],
            position=int(g["position"]), steps=int(g["steps"]), visited=int(g["visited"]),
            average_seconds=_ratio(g["seconds"], g["visited"], 1),
            target_seconds=_ratio(g["target_seconds"], g["steps"], 1),
            over_target_rate=_ratio(g["over"], g["visited"]),
            skipped=int(g["skipped"]), skip_rate=_ratio(g["skipped"], g["steps"]) or 0.0,
        ))  # fmt: skip
    found.sort(key=lambda s: (-s.steps, s.checklist, s.position))
    order: dict[str, int] = {}
    for s in found:
        order.setdefault(s.checklist, len(order))
    found.sort(key=lambda s: (order[s.checklist], s.position))
    return found


def _agents(call_rows: list[dict], step_rows: list[dict]) -> list[AgentStats]:
    calls: dict[str, dict[str, float]] = {}
    for row in call_rows:
        sums = calls.setdefault(row["agent"], dict.fromkeys(_CALL_SUMS, 0.0))
        for name in _CALL_SUMS:
            sums[name] += row[name] or 0
    steps: dict[str, list[dict]] = defaultdict(list)
    for row in step_rows:
        if row["closed"]:
            steps[row["agent"]].append(row)
    found = [
        AgentStats(
            agent=agent,
            calls=int(s["calls"]),
            average_seconds=_ratio(s["seconds"], s["timed"], 1),
            escalation_rate=_ratio(s["escalated"], s["calls"]),
            adherence=adherence(_sum(steps.get(agent, []), ADHERENCE_PARTS)).score,
        )
        for agent, s in calls.items()
        if s["calls"]
    ]
    return sorted(found, key=lambda a: (-a.calls, a.agent))


def _per_day(call_rows: list[dict]) -> list[DayCount]:
    """Calls per UTC day from the first to the last day with calls, days without any as 0."""
    counts: dict[str, int] = defaultdict(int)
    for row in call_rows:
        if row["calls"]:
            counts[row["day"]] += int(row["calls"])
    if not counts:
        return []
    day, last = date.fromisoformat(min(counts)), date.fromisoformat(max(counts))
    found = []
    while day <= last:
        found.append(DayCount(day.isoformat(), counts.get(day.isoformat(), 0)))
        day += timedelta(days=1)
    return found
