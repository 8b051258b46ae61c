"""Where statistics come from: whole months and days from the rollups, the rest from the calls.

A time range is split into whole UTC months (read from the rollups' month rows), the whole days at
either end of them (their day rows) and the hours at either end of those, computed from the calls
with the same SQL expressions (``store.rollup``). A filter with a search, or a file without
current rollups, is computed from the calls alone. The parts are summed by SQLite in one
statement, grouped as the caller asks: a few hundred rows reach Python at most.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from callmate.review.filters import Filter
from callmate.store import call_search, rollup
from callmate.store.call_search import Connected
from callmate.store.rollup import Rollup


def rows(db: Connected, sql: str, params: Any = ()) -> list[dict[str, Any]]:
    """The rows of a query as dicts."""
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


@dataclass(frozen=True)
class Part:
    """Part of a time range: whole ``month`` or ``day`` rows of the rollups from ``since`` to
    ``until`` (periods; ``None``: open), or, with no ``period``, calls from ``since`` to
    ``until`` (stored times)."""

    period: str | None
    since: str | None
    until: str | None


def _midnight(day: str) -> str:
    return f"{day}T00:00:00+00:00"


def _next_day(day: str) -> str:
    return (date.fromisoformat(day) + timedelta(days=1)).isoformat()


def _next_month(month: str) -> str:
    year, number = int(month[:4]), int(month[5:7])
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def plan(filt: Filter, *, months: bool = True) -> list[Part]:
    """Split the filter's time range into whole months, whole days and raw ends.

    Whole days are those from the first midnight at or after ``since`` to the last midnight at or
    before ``until``; with ``months``, the whole months among them are read as months.
    """
    if not filt.since and not filt.until:
        return [Part("all" if months else "day", None, None)]
    first = end = None
    if filt.since:
        first = filt.since[:10]
        if filt.since[10:19] != "T00:00:00":
            first = _next_day(first)
    if filt.until:
        end = filt.until[:10]
    if first and end and first >= end:
        return [Part(None, filt.since, filt.until)]
    parts = []
    if filt.since and first and _midnight(first) != filt.since:
        parts.append(Part(None, filt.since, _midnight(first)))
    if filt.until and end and _midnight(end) != filt.until:
        parts.append(Part(None, _midnight(end), filt.until))
    if not months:
        return [Part("day", first, end), *parts]
    month_first = None if first is None else first[:7] if first[8:] == "01" else _next_month(first)
    month_end = None if end is None else end[:7]
    if month_first and month_end and month_first >= month_end:
        return [Part("day", first, end), *parts]
    parts.append(Part("month", month_first, month_end))
    if first and month_first and first != f"{month_first}-01":
        parts.append(Part("day", first, f"{month_first}-01"))
    if end and month_end and end != f"{month_end}-01":
        parts.append(Part("day", f"{month_end}-01", end))
    return parts


def _rollup_part(filt: Filter, part: Part) -> tuple[str, list[Any]]:
    conditions, params = ["r.period = ?"], [part.period]
    if part.since:
        conditions.append("r.day >= ?")
        params.append(part.since)
    if part.until:
        conditions.append("r.day < ?")
        params.append(part.until)
    if filt.agents is not None:
        conditions.append(f"r.agent IN ({', '.join('?' for _ in filt.agents)})")
        params.extend(filt.agents)
    if filt.outcome:
        conditions.append("r.outcome = ?")
        params.append(filt.outcome)
    return " AND ".join(conditions), params


def grouped(db: Connected, filt: Filter, source: Rollup, group: tuple[str, ...],
            sums: tuple[str, ...], where: str = "", extras: dict[str, str] | None = None, *,
            months: bool = True) -> tuple[list[dict[str, Any]], bool]:  # fmt: skip
    """Sums of ``source``'s measures for the filter, grouped by ``group`` columns.

    ``where`` is an extra condition on the rows (their column names); ``extras`` are more
    aggregates (name: SQL over the rows, such as ``max(title)``) that hold across parts. Whole
    periods are read from the rollup (``months``: whole months as months), the rest from the
    calls. Returns the rows and whether the rollup was used.
    """
    by = ", ".join(group)
    inner = ", ".join([*group, *(f"sum({m}) AS {m}" for m in sums),
                       *(f"{e} AS {n}" for n, e in (extras or {}).items())])  # fmt: skip
    group_by = f" GROUP BY {by}" if group else ""
    extra = f" AND ({where})" if where else ""
    selects: list[str] = []
    params: list[Any] = []

    def raw(part_filter: Filter) -> None:
        documents = call_search.present(db)
        conditions, values = part_filter.conditions("c", documents=documents)
        calls_where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        per_row = rollup.select(source, calls_where, grouped=False, span=rollup.periods("day"))
        selects.append(f"SELECT {inner} FROM ({per_row}) WHERE 1{extra}{group_by}")
        params.extend(values)

    used_rollup = not filt.fts and rollup.usable(db)
    if not used_rollup:
        raw(filt)
    else:
        for part in plan(filt, months=months):
            if part.period is None:
                raw(Filter(part.since, part.until, filt.agents, filt.outcome))
                continue
            condition, values = _rollup_part(filt, part)
            # Grouped straight off the table: its key leads with the period, then the grouping.
            selects.append(f"SELECT {inner} FROM {source.table} r WHERE {condition}{extra}"
                           f"{group_by}")  # fmt: skip
            params.extend(values)
    combined = [f"{_outer(e)}({n}) AS {n}" for n, e in (extras or {}).items()]
    outer = ", ".join([*group, *(f"sum({m}) AS {m}" for m in sums), *combined])
    sql = f"SELECT {outer} FROM ({' UNION ALL '.join(selects)}){group_by}"
    return rows(db, sql, params), used_rollup


def _outer(aggregate: str) -> str:
    """The aggregate that combines parts' results of ``aggregate`` (``min`` of mins...)."""
    return aggregate.split("(", 1)[0]


def count_calls(db: Connected, filt: Filter) -> int:
    """How many calls match: from the rollup where it can (no search), else counted."""
    if filt.fts:
        from callmate.review.queries import count

        return count(db, filt)
    found, _ = grouped(db, filt, rollup.CALLS, (), ("calls",))
    return int(sum(r["calls"] or 0 for r in found))
