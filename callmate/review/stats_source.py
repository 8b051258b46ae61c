"""Where statistics come from: whole months and days from the rollups, the rest from the calls.

A time range is split into whole UTC months (read from the rollups' month rows), the whole days at
either end of them (their day rows) and the hours at either end of those, computed from the calls
with the same SQL expressions (``store.rollup``). A filter with a search reads the matching calls'
figures kept ready beside their search documents (``store.call_figures``); a file without
current rollups or figures is computed from the calls alone. The parts are summed by SQLite in
one statement, grouped as the caller asks: a few hundred rows reach Python at most.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from callmate.language.labels import UNFINISHED_KEY
from callmate.review.filters import Filter
from callmate.store import call_search, rollup, rollup_defs
from callmate.store.call_search import Connected
from callmate.store.rollup_defs import Rollup


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
    if filt.since and filt.since[:7] == f"{date.max.year}-12":  # no next day or month to name
        return [Part(None, filt.since, filt.until)]
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
    if part.period == "all":
        conditions.append("r.day = ''")  # the key's second column: rows then come grouped
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
        conditions.append("r.outcome = ?")  # the rollups key a missing outcome as ''
        params.append("" if filt.outcome == UNFINISHED_KEY else filt.outcome)
    return " AND ".join(conditions), params


@dataclass(frozen=True)
class Grouping:
    """Sums of ``source``'s ``sums`` grouped by ``group`` columns, over the rows meeting
    ``where`` (their column names); ``extras`` are more aggregates (name: SQL over the rows, such
    as ``max(title)``) that hold across parts; ``months``: whole months read as months."""

    source: Rollup
    group: tuple[str, ...]
    sums: tuple[str, ...]
    where: str = ""
    extras: dict[str, str] = field(default_factory=dict)
    months: bool = True


@dataclass(frozen=True)
class Figures:
    """The rows of each grouping, whether the rollups were read, and, when the calls were read
    instead, the middle handle time(s) of the handled calls. The closed rows of the grouping
    ``adherence`` hold the adherence parts, by agent."""

    groups: dict[str, list[dict[str, Any]]]
    from_rollup: bool
    middle: tuple[float, ...] | None = None
    adherence: str = "steps"


def figures(db: Connected, filt: Filter, groupings: dict[str, Grouping]) -> Figures:
    """Every grouping for the filter: off the rollups when they can answer it (time, agents and
    outcome only: ``Filter.in_rollups``), else from the matching calls, read once for all of
    them (:func:`in_one_pass`). (A search reads the figures kept for each call where the file
    has them: ``review.stats_search``.)"""
    if filt.in_rollups and rollup.usable(db):
        return Figures({name: grouped(db, filt, g) for name, g in groupings.items()}, True)
    return in_one_pass(db, filt, groupings)


def grouped(db: Connected, filt: Filter, g: Grouping) -> list[dict[str, Any]]:
    """One grouping off the rollups: whole periods from the tables, the ends from the calls.
    A filter the rollups cannot answer is refused: its figures would be those of other calls."""
    if not filt.in_rollups:
        raise ValueError("the rollups know only time, agents and outcome: read the calls")
    group_by = f" GROUP BY {', '.join(g.group)}" if g.group else ""
    inner = ", ".join(
        [
            *g.group,
            *(f"sum({m}) AS {m}" for m in g.sums),
            *(f"{e} AS {n}" for n, e in g.extras.items()),
        ]
    )
    extra = f" AND ({g.where})" if g.where else ""
    selects: list[str] = []
    params: list[Any] = []
    for part in plan(filt, months=g.months):
        if part.period is None:
            conditions, values = replace(filt, since=part.since, until=part.until).conditions("c")
            per_row = rollup.select(
                g.source,
                "WHERE " + " AND ".join(conditions),
                grouped=False,
                span=rollup.periods("day"),
            )
            selects.append(f"SELECT {inner} FROM ({per_row}) WHERE 1{extra}{group_by}")
        else:
            condition, values = _rollup_part(filt, part)
            # Grouped straight off the table: its key leads with the period and the day.
            selects.append(
                f"SELECT {inner} FROM {g.source.table} r WHERE {condition}{extra}{group_by}"
            )
        params.extend(values)
    if len(selects) == 1:
        return rows(db, selects[0], params)
    combined = [f"{_outer(e)}({n}) AS {n}" for n, e in g.extras.items()]
    outer = ", ".join([*g.group, *(f"sum({m}) AS {m}" for m in g.sums), *combined])
    return rows(db, f"SELECT {outer} FROM ({' UNION ALL '.join(selects)}){group_by}", params)


def in_one_pass(db: Connected, filt: Filter, groupings: dict[str, Grouping]) -> Figures:
    """Every grouping, and the middle handle times, from the matching calls themselves: the
    calls are found (and searched) once, kept for the statement, and each grouping reads them;
    one statement, its parts told apart by their first column."""
    conditions, params = filt.conditions("c", documents=call_search.present(db))
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    columns = ", ".join(f"c.{name}" for name in rollup_defs.READ_FROM_CALLS)
    width = max(len(g.group) for g in groupings.values())
    depth = max(len(g.sums) + len(g.extras) for g in groupings.values())
    selects = []
    for name, g in groupings.items():
        per_row = rollup.select(
            g.source, "", grouped=False, calls="m c", span=rollup.periods("day")
        )
        keys = [*g.group, *["NULL"] * (width - len(g.group))]
        values = [*(f"sum({m})" for m in g.sums), *g.extras.values()]
        values += ["NULL"] * (depth - len(values))
        group_by = f" GROUP BY {', '.join(g.group)}" if g.group else ""
        extra = f" AND ({g.where})" if g.where else ""
        selects.append(
            f"SELECT '{name}', {', '.join([*keys, *values])} FROM ({per_row}) "
            f"WHERE 1{extra}{group_by}"
        )
    handled = f"(SELECT count(*) FROM m c WHERE {rollup_defs.HANDLED})"
    selects.append(
        f"SELECT 'middle', {', '.join(['NULL'] * (width + depth - 1))}, duration_seconds FROM "
        f"(SELECT c.duration_seconds FROM m c WHERE {rollup_defs.HANDLED} ORDER BY 1 "
        f"LIMIT 2 - {handled} % 2 OFFSET ({handled} - 1) / 2)"
    )
    sql = f"WITH m AS MATERIALIZED (SELECT {columns} FROM calls c {where}) " + " UNION ALL ".join(
        selects
    )
    groups: dict[str, list[dict[str, Any]]] = {name: [] for name in groupings}
    middle = []
    for part, *cells in db.conn.execute(sql, params):
        if part == "middle":
            middle.append(float(cells[-1]))
            continue
        g = groupings[part]
        names = [*g.group, *g.sums, *g.extras]
        groups[part].append(
            dict(zip(names, [*cells[: len(g.group)], *cells[width:]], strict=False))
        )
    return Figures(groups, False, tuple(middle))


def _outer(aggregate: str) -> str:
    """The aggregate that combines parts' results of ``aggregate`` (``min`` of mins...)."""
    return aggregate.split("(", 1)[0]


def count_calls(db: Connected, filt: Filter) -> int:
    """How many calls match: from the rollup where it can answer (``Filter.in_rollups``), else
    counted."""
    if not filt.in_rollups or not rollup.usable(db):
        from callmate.review.queries import count

        return count(db, filt)
    found = grouped(db, filt, Grouping(rollup_defs.CALLS, (), ("calls",)))
    return int(sum(r["calls"] or 0 for r in found))
