"""The statistics page's trends: calls, handle time, escalation and resolution per UTC day.

The figures of ``callmate stats`` come from ``review.stats.compute`` as they are; what it does
not break down by day is summed here by the same machinery (``review.stats_source.figures``:
the rollups' day rows and the calls at either end of a time range, or the matching calls of a
search), with the rollups' own definitions of a call, a handled call and an escalation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from callmate.review.filters import Filter
from callmate.review.stats_source import Grouping, figures
from callmate.store import rollup
from callmate.store.call_search import Connected

HANDLED = "closed"
RESOLVED = "resolved"


@dataclass(frozen=True)
class Day:
    day: str  # a UTC day, ISO
    calls: int
    handled: int
    average_seconds: float | None  # over the handled calls
    escalation_rate: float | None  # escalated at some point, over all calls
    resolution_rate: float | None  # wrapped up as resolved, over all calls


def per_day(db: Connected, filt: Filter) -> list[Day]:
    """Every UTC day from the first with calls to the last, days without any as 0."""
    sums = ("calls", "timed", "seconds", "escalated")
    grouping = Grouping(rollup.CALLS, ("day", "outcome", "status"), sums, months=False)
    found = figures(db, filt, {"days": grouping}).groups["days"]
    days: dict[str, dict[str, float]] = {}
    for row in found:
        if not row["calls"]:
            continue
        day = days.setdefault(str(row["day"]), dict.fromkeys((*sums, "handled", "resolved"), 0))
        for name in sums[:1] + sums[3:]:
            day[name] += row[name] or 0
        if row["status"] == HANDLED:
            day["handled"] += row["calls"] or 0
            day["timed"] += row["timed"] or 0
            day["seconds"] += row["seconds"] or 0
        if row["outcome"] == RESOLVED:
            day["resolved"] += row["calls"] or 0
    if not days:
        return []
    shown, last = date.fromisoformat(min(days)), date.fromisoformat(max(days))
    out = []
    while shown <= last:
        d = days.get(shown.isoformat())
        if d is None:
            out.append(Day(shown.isoformat(), 0, 0, None, None, None))
        else:
            out.append(
                Day(
                    shown.isoformat(),
                    int(d["calls"]),
                    int(d["handled"]),
                    round(d["seconds"] / d["timed"], 1) if d["timed"] else None,
                    round(d["escalated"] / d["calls"], 4) if d["calls"] else None,
                    round(d["resolved"] / d["calls"], 4) if d["calls"] else None,
                )
            )
        shown += timedelta(days=1)
    return out
