"""Where statistics come from: whole UTC days from the rollups, the rest from the calls.

A time range is split into whole UTC days, read from ``rollup_calls`` / ``rollup_steps``, and the
hours at either end, computed from the calls with the same SQL expressions (``store.rollup``). A
filter with a search, or a file without rollups, is computed from the calls alone. The parts are
added up here, grouped as the caller asks.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from callmate.review.filters import Filter
from callmate.store import rollup


def rows(db, sql: str, params=()) -> list[dict[str, Any]]:
    """The rows of a query as dicts."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def _midnight(day: str) -> str:
    return f"{day}T00:00:00+00:00"


def _next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def plan(filt: Filter) -> tuple[tuple[str | None, str | None] | None, list[tuple]]:
    """Split the time range into whole UTC days (for the rollups) and raw ranges at the ends.

    Returns ``(days, raw)``: ``days`` is ``(first_day, end_day)`` (end exclusive, ``None`` for
    open) or ``None`` when no whole day is covered; ``raw`` lists ``(since, until)`` ranges.
    """
    first = end = None
    raw: list[tuple] = []
    if filt.since:
        first = filt.since[:10]
        if filt.since[10:19] != "T00:00:00":
            first = _next_day(first)
    if filt.until:
        end = filt.until[:10]
    if first and end and first >= end:
        return None, [(filt.since, filt.until)]
    if filt.since and _midnight(first) != filt.since:
        raw.append((filt.since, _midnight(first)))
    if filt.until and _midnight(end) != filt.until:
        raw.append((_midnight(end), filt.until))
    return (first, end), raw


def _rollup_conditions(filt: Filter, days: tuple[str | None, str | None]) -> tuple[str, list]:
    conditions, params = [], []
    if days[0]:
        conditions.append("r.day >= ?")
        params.append(days[0])
    if days[1]:
        conditions.append("r.day < ?")
        params.append(days[1])
    if filt.agents is not None:
        conditions.append(f"r.agent IN ({', '.join('?' for _ in filt.agents)})")
        params.extend(filt.agents)
    if filt.outcome:
        conditions.append("r.outcome = ?")
        params.append(filt.outcome)
    return ("WHERE " + " AND ".join(conditions) if conditions else ""), params


def grouped(db, filt: Filter, kind: str, group: tuple[str, ...], sums: tuple[str, ...],
            where: str = "", extras: dict[str, str] | None = None,
            ) -> tuple[list[dict[str, Any]], bool]:  # fmt: skip
    """Sums of rollup-shaped rows for the filter, grouped by ``group`` columns.

    ``kind`` is ``"calls"`` or ``"steps"``; ``where`` is an extra condition on the rows (their
    column names). Whole days are read from the rollup, the rest from the calls; the parts are
    added up here. ``extras`` are more aggregates (name: SQL), taken from the first part that
    has one. Returns the rows and whether the rollup was used.
    """
    select = rollup.select_calls if kind == "calls" else rollup.select_steps
    columns = ", ".join(group)
    group_by = f" GROUP BY {columns}" if group else ""
    columns = f"{columns}, " if group else ""
    totals = ", ".join([f"sum({m}) AS {m}" for m in sums]
                       + [f"{e} AS {n}" for n, e in (extras or {}).items()])  # fmt: skip
    extra = f" AND ({where})" if where else ""
    queries: list[tuple[str, list]] = []

    def raw(conditions: list[str], params: list) -> None:
        inner = select("WHERE " + " AND ".join(conditions) if conditions else "", grouped=False)
        queries.append((
            f"SELECT {columns}{totals} FROM ({inner}) WHERE 1{extra}{group_by}",
            params,
        ))  # fmt: skip

    used_rollup = not filt.fts and rollup.installed(db)
    if not used_rollup:
        raw(*filt.conditions("c"))
    else:
        days, ranges = plan(filt)
        if days is not None:
            condition, params = _rollup_conditions(filt, days)
            # Grouped straight off the table: its key leads with the grouping columns.
            queries.append((
                f"SELECT {columns}{totals} FROM rollup_{kind} r {condition or 'WHERE 1'}"
                f"{extra}{group_by}",
                params,
            ))  # fmt: skip
        for since, until in ranges:
            raw(*Filter(since, until, filt.agents, filt.outcome).conditions("c"))
    merged: dict[tuple, dict[str, Any]] = {}
    for sql, params in queries:
        for row in rows(db, sql, params):
            key = tuple(row[g] for g in group)
            found = merged.get(key)
            if found is None:
                merged[key] = row
            else:
                for m in sums:
                    found[m] = (found[m] or 0) + (row[m] or 0)
                for name in extras or {}:
                    if found[name] is None:
                        found[name] = row[name]
    return list(merged.values()), used_rollup


def count_calls(db, filt: Filter) -> int:
    """How many calls match: from the rollup where it can (no search), else counted."""
    rows, _ = grouped(db, filt, "calls", (), ("calls",))
    return int(sum(r["calls"] or 0 for r in rows))
