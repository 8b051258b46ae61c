"""Statistics over a search, from the figures kept for each call (``store.call_figures``).

A search has no rollup to lean on, so every matching call counts: the index's matches lead
straight to their calls' rows (the document key is theirs too), and nothing is evaluated per
step. The matches are read in parts, by ranges of keys (that is, of time), on as many read-only
connections as the machine has cores (up to :data:`MOST_PARTS`), and the parts' sums added up:
SQLite reads each part on its own thread, so a search matching 60,000 calls of a million takes
what its part takes. Each part is one statement: the calls grouped by agent, outcome and status
(with their adherence parts), by day, their steps by kind, and the handle times of the handled
calls counted by value, so that the median of all parts is exact.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from callmate.review.filters import Filter
from callmate.review.search import match
from callmate.review.stats_source import CALL_SUMS, Figures
from callmate.store import call_figures, rollup
from callmate.store.call_search import Connected, second_sql

#: At most this many parts, each on its own connection and thread.
MOST_PARTS = 4
#: Fewer matching calls than this are read in one part (a thread costs more than it saves).
SMALL = 5_000
_CALL_KEYS = ("agent", "outcome", "status")
#: A part's groups: their keys, then their values.
NAMES = {
    "calls": (_CALL_KEYS, (*CALL_SUMS, *rollup.ADHERENCE_PARTS)),
    "days": (("day",), ("calls",)),
    "steps": (tuple(call_figures.KIND), (*rollup.STEP_FIGURES, "position")),
    "durations": (("duration_seconds",), ("calls",)),
}


def _used(*expressions: str) -> list[str]:
    """The columns of the call ``c`` that the expressions read, in first-seen order."""
    return list(dict.fromkeys(re.findall(r"\bc\.(\w+)", " ".join(expressions))))


def part_sql() -> str:
    """The statement of one part: its parameters are the index query and a range of keys."""
    keys = [f"{rollup.CALL_KEY[k]} AS {k}" for k in _CALL_KEYS]
    measures = [f"coalesce(({rollup.CALL_MEASURES[m]}), 0)" for m in CALL_SUMS[1:]]
    sums = ["count(*)", *(f"sum({m})" for m in measures),
            *(f"sum(c.{p})" for p in rollup.ADHERENCE_PARTS)]  # fmt: skip
    read = _used(*keys, *measures, rollup.HANDLED)
    kept = ["key", "started_at", "checklist_id", "language", *read, *rollup.ADHERENCE_PARTS]
    columns = ", ".join(f"f.{c}" for c in dict.fromkeys(kept))
    kinds = [f"k.{name}" for name in call_figures.KIND]
    width, depth = len(kinds), len(sums)
    # The steps grouped by their kind (one small number), then named.
    by_kind = (
        "SELECT s.kind, min(s.position) AS position, count(*) AS steps, "
        + ", ".join(f"sum(s.{m}) AS {m}" for m in rollup.STEP_FIGURES[1:])
        + f" FROM m c JOIN {call_figures.STEPS_TABLE} s ON s.key = c.key GROUP BY 1"
    )

    def part(name: str, keys: list[str], values: list[str], rest: str) -> str:
        cells = [*keys, *["NULL"] * (width - len(keys)), *values]
        cells += ["NULL"] * (width + depth - len(cells))
        return f"SELECT '{name}', {', '.join(cells)} {rest}"

    return (
        f"WITH m AS MATERIALIZED (SELECT {columns} FROM calls_fts "
        f"JOIN {call_figures.CALLS_TABLE} f ON f.key = calls_fts.rowid "
        "WHERE calls_fts MATCH ? AND calls_fts.rowid >= ? AND calls_fts.rowid < ?) "
        + " UNION ALL ".join([
            part("calls", keys, sums, "FROM m c GROUP BY 2, 3, 4"),
            part("days", ["substr(c.started_at, 1, 10)"], ["count(*)"], "FROM m c GROUP BY 2"),
            part("steps", kinds, [*(f"g.{m}" for m in rollup.STEP_FIGURES), "g.position"],
                 f"FROM ({by_kind}) g JOIN {call_figures.KINDS_TABLE} k ON k.id = g.kind"),
            part("durations", ["c.duration_seconds"], ["count(*)"],
                 f"FROM m c WHERE {rollup.HANDLED} GROUP BY 2"),
        ])
    )  # fmt: skip


_SQL = part_sql()
_WIDTH = len(call_figures.KIND)
Rows = dict[str, list[dict[str, Any]]]


def _read_part(db: Connected, query: str, low: int, high: int) -> Rows:
    groups: Rows = {name: [] for name in NAMES}
    for name, *cells in db.conn.execute(_SQL, [query, low, high]):
        keys, values = NAMES[name]
        row = [*cells[: len(keys)], *cells[_WIDTH : _WIDTH + len(values)]]
        groups[name].append(dict(zip((*keys, *values), row, strict=True)))
    return groups


def _range(db: Connected, filt: Filter) -> tuple[int, int]:
    """The keys the filter's time range covers, within the keys there are."""
    low, high = db.conn.execute(
        f"SELECT coalesce(min(key), 0), coalesce(max(key), 0) + 1 FROM {call_figures.CALLS_TABLE}"
    ).fetchone()
    for time, later in ((filt.since, True), (filt.until, False)):
        if time:
            (key,) = db.conn.execute(f"SELECT {second_sql('?')}", [time]).fetchone()
            low, high = (max(low, key), high) if later else (low, min(high, key))
    return low, max(low, high)


def _parts(db: Connected, query: str, low: int, high: int) -> int:
    """How many parts to read: one for a small search, else one a core (up to MOST_PARTS) on a
    file that can be opened again."""
    if not callable(getattr(db, "sibling", None)):
        return 1
    cores = min(MOST_PARTS, os.cpu_count() or 1)
    if cores < 2:
        return 1
    (found,) = db.conn.execute(
        "SELECT count(*) FROM (SELECT 1 FROM calls_fts WHERE calls_fts MATCH ? "
        "AND rowid >= ? AND rowid < ? LIMIT ?)", [query, low, high, SMALL]).fetchone()  # fmt: skip
    return cores if found >= SMALL else 1


def searched(db: Connected, filt: Filter) -> Figures:
    """The statistics' groupings for a filter with a search: the matching calls, narrowed by
    agent and outcome through the index's tags and by time through its keys, read in parts
    (:func:`_read_part`) and added up."""
    if filt.agents is not None and not filt.agents:  # an agent no call has
        return Figures({name: [] for name in ("calls", "days", "steps")}, False, (), "calls")
    query = match(filt)
    low, high = _range(db, filt)
    parts = _parts(db, query, low, high)
    if parts == 1:
        found = [_read_part(db, query, low, high)]
    else:
        from concurrent.futures import ThreadPoolExecutor

        edges = [low + (high - low) * i // parts for i in range(parts + 1)]

        def read(i: int) -> Rows:
            if i == 0:
                return _read_part(db, query, edges[0], edges[1])
            other = db.sibling()  # type: ignore[attr-defined]
            try:
                return _read_part(other, query, edges[i], edges[i + 1])
            finally:
                other.close()

        with ThreadPoolExecutor(parts - 1) as pool:
            later = [pool.submit(read, i) for i in range(1, parts)]
            found = [read(0), *(f.result() for f in later)]
    groups = {name: _added(name, [p[name] for p in found]) for name in ("calls", "days", "steps")}
    return Figures(groups, False, _middle(found), adherence="calls")


def _added(name: str, parts: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The parts' rows of one group, added up by their keys (a step's first position kept)."""
    keys, values = NAMES[name]
    total: dict[tuple[Any, ...], dict[str, Any]] = {}
    combine: dict[str, Callable[[Any, Any], Any]] = {v: _plus for v in values}
    combine["position"] = min
    for rows in parts:
        for row in rows:
            key = tuple(row[k] for k in keys)
            if key not in total:
                total[key] = dict(row)
                continue
            kept = total[key]
            for v in values:
                kept[v] = combine[v](kept[v], row[v])
    return list(total.values())


def _plus(a: Any, b: Any) -> Any:
    return (a or 0) + (b or 0)


def _middle(parts: list[Rows]) -> tuple[float, ...]:
    """The middle handle time, or the two middle ones, of the handled calls of every part."""
    counts: Counter[float] = Counter()
    for found in parts:
        for row in found["durations"]:
            counts[float(row["duration_seconds"])] += int(row["calls"])
    total = sum(counts.values())
    if not total:
        return ()
    wanted = sorted({(total - 1) // 2, total // 2})
    middle, seen = [], 0
    for value in sorted(counts):
        while wanted and wanted[0] < seen + counts[value]:
            middle.append(value)
            wanted.pop(0)
        seen += counts[value]
    return tuple(middle)
