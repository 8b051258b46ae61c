"""The statistics' trends: calls, handle time, escalation and resolution per UTC day (the
browser review's charts, the terminal review's sparklines).

The figures of ``callmate stats`` come from ``review.stats.compute`` as they are; what it does
not break down by day is summed here by the same machinery (``review.stats_source.figures``:
the rollups' day rows and the calls at either end of a time range, grouped by day alone), with
the rollups' own definitions of a call, a handled call and an escalation. A search's trends come
with its statistics, off the figures kept for each matching call (``review.stats_search``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from callmate.review.filters import Filter
from callmate.review.stats import gather
from callmate.review.stats_source import Figures, Grouping, figures
from callmate.store import rollup_defs
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


#: A day's trends, summed by SQLite grouped by day alone (one row a day reaches Python).
_CLOSED = f"status = '{HANDLED}'"
TRENDS = Grouping(
    rollup_defs.CALLS,
    ("day",),
    ("calls", "escalated"),
    extras={
        "handled": f"sum(CASE WHEN {_CLOSED} THEN calls ELSE 0 END)",
        "timed": f"sum(CASE WHEN {_CLOSED} THEN timed ELSE 0 END)",
        "seconds": f"sum(CASE WHEN {_CLOSED} THEN seconds ELSE 0 END)",
        "resolved": f"sum(CASE WHEN outcome = '{RESOLVED}' THEN calls ELSE 0 END)",
    },
    months=False,
)
_SUMS = ("calls", "handled", "timed", "seconds", "escalated", "resolved")


def per_day(db: Connected, filt: Filter, found: Figures | None = None) -> list[Day]:
    """Every UTC day from the first with calls to the last, days without any as 0. ``found``:
    the statistics' groupings already read (``review.stats.gather``); a search's hold its
    days' trends (``review.stats_search``), which are then not read again."""
    if found is None and filt.fts:  # a search's are read with its statistics
        found = gather(db, filt)
    rows = found.groups.get("days", []) if found is not None else []
    if found is None or (rows and "handled" not in rows[0]):
        rows = figures(db, filt, {"days": TRENDS}).groups["days"]
    days: dict[str, dict[str, float]] = {}
    for row in rows:
        if not row["calls"]:
            continue
        day = days.setdefault(str(row["day"]), dict.fromkeys(_SUMS, 0))
        for name in _SUMS:
            day[name] += row[name] or 0
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
                    # Sums of tenths of seconds added in another order (the rollups, the kept
                    # figures) differ in their last bits: settled first, as ``stats`` does.
                    round(round(d["seconds"], 6) / d["timed"], 1) if d["timed"] else None,
                    round(d["escalated"] / d["calls"], 4) if d["calls"] else None,
                    round(d["resolved"] / d["calls"], 4) if d["calls"] else None,
                )
            )
        shown += timedelta(days=1)
    return out
