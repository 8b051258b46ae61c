"""Statistics for a filter: handle time, escalations, outcomes, steps against targets, adherence.

Whole UTC months and days come from the rollups (``store.rollup``); the part of a day at either end
of a time range is computed from the calls themselves with the same SQL expressions. Four grouped
queries, summed by SQLite, answer everything (a few hundred rows); the median handle time then
reads one 10-second band of the duration index. A filter with a search reads the figures kept for
each call instead (``review.stats_search``). The adherence score is defined in ``docs/data.md``
and in ``callmate.measures.adherence``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from callmate.language.labels import UNFINISHED_KEY
from callmate.measures.figures import Adherence, AgentStats, DayCount, Stats, StepStats
from callmate.models import OUTCOMES
from callmate.review.filters import Filter
from callmate.review.stats_source import Figures, Grouping, count_calls, figures
from callmate.safe import visible
from callmate.store import call_figures, call_search, rollup_defs
from callmate.store.call_search import Connected
from callmate.store.rollup_defs import ADHERENCE_PARTS, CALL_SUMS, STEP_FIGURES

__all__ = ["compute", "count_calls", "gather", "median_duration"]

#: What the steps' rows of the rollups are summed into: their figures and adherence parts.
_STEP_SUMS = tuple(dict.fromkeys((*STEP_FIGURES, *ADHERENCE_PARTS)))
MOST_SKIPPED = 5
HANDLED = "closed"  # the status of a call that was wrapped up


def _has_index(db: Connected, name: str) -> bool:
    found = db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone()
    return found is not None


# -- the figures ------------------------------------------------------------------------------

_STEP_GROUP = ("agent", "checklist_id", "language", "step_id", "status")


#: The four groupings every figure is made of.
# fmt: off
GROUPINGS = {
    "calls": Grouping(rollup_defs.CALLS, ("agent", "outcome", "status"), CALL_SUMS),
    "days": Grouping(rollup_defs.DAYS, ("day",), ("calls",), months=False),
    "steps": Grouping(rollup_defs.STEPS, _STEP_GROUP, _STEP_SUMS, "kind IS NOT 'break'",
                      {"title": "max(title)", "position": "min(position)"}),
    "bands": Grouping(rollup_defs.DURATIONS, ("band",), ("calls",)),
}
# fmt: on


def gather(db: Connected, filt: Filter) -> Figures:
    """The groupings every figure is made of, for the filter: off the rollups, the figures kept
    for each call of a search, or the calls themselves."""
    if filt.fts and call_figures.installed(db):
        from callmate.review import stats_search

        if stats_search.answers(filt):  # else: from the calls themselves, below
            return stats_search.searched(db, filt)
    return figures(db, filt, GROUPINGS)


def compute(db: Connected, filt: Filter, found: Figures | None = None) -> Stats:
    """Every figure of the statistics screen and ``callmate stats`` for the filter (from the
    groupings :func:`gather` read, when given)."""
    if found is None:
        found = gather(db, filt)
    call_rows, step_rows = found.groups["calls"], found.groups["steps"]
    totals = _sum(call_rows, CALL_SUMS)
    handled = _sum([r for r in call_rows if r["status"] == HANDLED], CALL_SUMS)
    steps = _steps(step_rows)
    most_skipped = sorted(
        (s for s in steps if s.skipped), key=lambda s: (-s.skip_rate, -s.skipped, s.title)
    )[:MOST_SKIPPED]
    closed = [r for r in found.groups[found.adherence] if r["status"] == HANDLED]
    if found.middle is not None:
        median = round(sum(found.middle) / len(found.middle), 1) if found.middle else None
    else:
        median = median_duration(db, filt, found.groups["bands"])
    return Stats(
        calls=int(totals["calls"]),
        handled=int(handled["calls"]),
        unfinished=int(totals["calls"] - handled["calls"]),
        average_seconds=_ratio(handled["seconds"], handled["timed"], 1),
        median_seconds=median,
        escalated=int(totals["escalated"]),
        escalation_rate=_ratio(totals["escalated"], totals["calls"]),
        escalations_withdrawn=int(totals["withdrawn"]),
        at_fault=int(totals["at_fault"]),
        at_fault_rate=_ratio(totals["at_fault"], totals["calls"]),
        warned=int(totals["warned"]),
        follow_ups=int(totals["follow_ups"]),
        outcomes=_outcomes(call_rows),
        adherence=Adherence.of(_sum(closed, ADHERENCE_PARTS)),
        steps=tuple(steps),
        agents=tuple(_agents(call_rows, closed)),
        per_day=tuple(_per_day(found.groups["days"])),
        most_skipped=tuple(most_skipped),
        from_rollup=found.from_rollup,
    )


def median_duration(db: Connected, filt: Filter, bands: list[dict[str, Any]]) -> float | None:
    """The median handle time of the handled calls, given how many fall in each band of handle
    time (``rollup_durations``): the middle one or two are read from their band alone."""
    counts = sorted((int(r["band"]), int(r["calls"] or 0)) for r in bands)
    total = sum(n for _, n in counts)
    if total <= 0:
        return None
    low, high = (total - 1) // 2, total // 2
    middle = _nth(db, filt, counts, low, 1 + high - low)
    if len(middle) < 1 + high - low:  # the two middle calls fall in two bands
        middle += _nth(db, filt, counts, high, 1)
    return round(sum(middle[: 1 + high - low]) / (1 + high - low), 1) if middle else None


def _nth(
    db: Connected, filt: Filter, counts: list[tuple[int, int]], rank: int, many: int
) -> list[float]:
    """Up to ``many`` handle times from rank ``rank`` on (from 0) among the handled calls, read
    from the band holding that rank alone, walked from its nearer end."""
    before, band, size = 0, counts[-1][0], counts[-1][1]
    for band_, n in counts:
        if rank < before + n:
            band, size = band_, n
            break
        before += n
    conditions, params = filt.conditions("c", documents=call_search.present(db))
    width = rollup_defs.BAND
    # The band's range on the index (a hair wider: the band is what decides), then the band.
    conditions += [
        rollup_defs.HANDLED,
        "c.duration_seconds < ?",
        f"CAST(c.duration_seconds / {width} AS INTEGER) = ?",
    ]
    params += [width * (band + 1) + 0.001, band]
    if band > 0:
        conditions.append("c.duration_seconds >= ?")
        params.append(width * band - 0.001)
    offset = rank - before
    from_top = offset > size // 2 and offset + many <= size
    order, first = ("DESC", size - offset - many) if from_top else ("ASC", offset)
    # In order, off the covering duration index (the planner may otherwise pick the status
    # index and sort); a search's few calls are found from the search instead.
    hint = (
        ""
        if filt.fts or not _has_index(db, "idx_calls_duration")
        else ("INDEXED BY idx_calls_duration")
    )
    found = db.conn.execute(
        f"SELECT c.duration_seconds FROM calls c {hint} WHERE {' AND '.join(conditions)} "
        f"ORDER BY c.duration_seconds {order} LIMIT ? OFFSET ?",
        [*params, many, first],
    ).fetchall()
    return sorted(float(r[0]) for r in found)


def _sum(found: Iterable[dict[str, Any]], names: Iterable[str]) -> dict[str, float]:
    sums = dict.fromkeys(names, 0.0)
    for row in found:
        for name in sums:
            sums[name] += row[name] or 0
    return sums


def _ratio(part: float, whole: float, digits: int = 4) -> float | None:
    # Sums of tenths of seconds added up in another order (rollups, or the calls themselves)
    # differ in their last bits: settle them first, so both ways round alike.
    if not whole or not math.isfinite(part) or not math.isfinite(whole):
        return None  # no figure from a value no call can have (a hand-made row)
    return round(round(part, 6) / whole, digits)


def _outcomes(call_rows: list[dict[str, Any]]) -> dict[str, int]:
    counts = dict.fromkeys(OUTCOMES, 0)
    for row in call_rows:
        name = row["outcome"] or UNFINISHED_KEY
        if not isinstance(name, str):  # a hand-made row: bytes or a number where a code belongs
            name = visible(name) if isinstance(name, bytes) else str(name)
        counts[name] = counts.get(name, 0) + int(row["calls"])
    return {k: v for k, v in counts.items() if v or k in OUTCOMES}


def _steps(step_rows: list[dict[str, Any]]) -> list[StepStats]:
    """Time per step against its target, per checklist step (languages taken together). The
    skip rate is over the steps that applied (excused skips left out)."""
    groups: dict[tuple[str, str], dict[str, float]] = {}
    titles: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for row in step_rows:
        key = (_text(row["checklist_id"]), _text(row["step_id"]))
        group = groups.setdefault(key, {**dict.fromkeys(STEP_FIGURES, 0.0), "position": 99})
        for name in STEP_FIGURES:
            group[name] += row[name] or 0
        group["position"] = min(group["position"], _whole(row["position"]))
        titles[key][_text(row["title"]) or key[1]] += row["steps"] or 0
    found = []
    for (checklist, step_id), g in groups.items():
        found.append(
            StepStats(
                checklist=checklist,
                step_id=step_id,
                title=max(titles[(checklist, step_id)].items(), key=lambda t: t[1])[0],
                position=int(g["position"]),
                steps=int(g["steps"]),
                visited=int(g["visited"]),
                average_seconds=_ratio(g["seconds"], g["visited"], 1),
                target_seconds=_ratio(g["target_seconds"], g["steps"], 1),
                over_target_rate=_ratio(g["over"], g["visited"]),
                skipped=int(g["skipped"]),
                skip_rate=_ratio(g["skipped"], g["steps"] - g["excused"]) or 0.0,
            )
        )
    found.sort(key=lambda s: (-s.steps, s.checklist, s.position))
    order: dict[str, int] = {}
    for s in found:
        order.setdefault(s.checklist, len(order))
    found.sort(key=lambda s: (order[s.checklist], s.position))
    return found


def _agents(call_rows: list[dict[str, Any]], closed: list[dict[str, Any]]) -> list[AgentStats]:
    """Each agent's calls, handled and unfinished, handle time (handled calls), escalation rate
    and adherence (closed calls)."""
    totals: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in call_rows:
        totals[_text(row["agent"])].append(row)
    steps: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in closed:
        steps[_text(row["agent"])].append(row)
    found = []
    for agent, agent_rows in totals.items():
        every = _sum(agent_rows, CALL_SUMS)
        handled = _sum((r for r in agent_rows if r["status"] == HANDLED), CALL_SUMS)
        if every["calls"]:
            found.append(
                AgentStats(
                    agent=agent,
                    calls=int(every["calls"]),
                    handled=int(handled["calls"]),
                    unfinished=int(every["calls"] - handled["calls"]),
                    average_seconds=_ratio(handled["seconds"], handled["timed"], 1),
                    escalation_rate=_ratio(every["escalated"], every["calls"]),
                    adherence=Adherence.of(_sum(steps.get(agent, []), ADHERENCE_PARTS)).score,
                )
            )
    return sorted(found, key=lambda a: (-a.calls, a.agent))


def _text(value: Any) -> str:
    """A stored name as text, whatever a hand-made row holds there (bytes, a number)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", "surrogateescape")
    return "" if value is None else str(value)


def _whole(value: Any) -> int:
    """A stored whole number (a step's position), or 0 where a hand-made row holds none."""
    try:
        return int(value or 0)
    except (OverflowError, TypeError, ValueError):
        return 0


#: The most days the chart fills in between days with calls (a century).
PER_DAY_SPAN = 36_525


def _per_day(day_rows: list[dict[str, Any]]) -> list[DayCount]:
    """Calls per UTC day from the first to the last day with calls, days without any as 0.

    A start that is no date (a hand-made row) is on no day; days spread over more than
    :data:`PER_DAY_SPAN` are shown as they are, without the days between."""
    counts: dict[date, int] = {}
    for r in day_rows:
        found_day = _day(r["day"])
        if r["calls"] and found_day is not None:
            counts[found_day] = int(r["calls"])
    if not counts:
        return []
    day, last = min(counts), max(counts)
    if (last - day).days > PER_DAY_SPAN:
        return [DayCount(d.isoformat(), counts[d]) for d in sorted(counts)]
    found = []
    while day <= last:
        found.append(DayCount(day.isoformat(), counts.get(day, 0)))
        day += timedelta(days=1)
    return found


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if len(str(text)) == 10 else None
    except ValueError:
        return None
