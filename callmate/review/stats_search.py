"""Statistics over a search, from the figures kept for each call (``store.call_figures``).

A search has no rollup to lean on, so every matching call counts: the index's matches lead
straight to their calls' rows (the document key is theirs too), and nothing is evaluated per
step. The matches are read in parts, by ranges of keys (that is, of time), on as many read-only
connections as the reader may use (one a core, up to four: ``store.db.ReadOnly.threads``), and
the parts' sums added up: SQLite reads each part on its own thread, so a search matching 60,000
calls of a million takes what its part takes (:func:`in_parts`; the browser review's facets of a
search read their parts so too). Each part is one statement: the calls grouped by agent, outcome
and status (with their adherence parts), by day (with the per-day trends of the browser review),
and by the shape and marks of their steps (with their slots' seconds; spread over the kinds of
step in Python), the steps of long checklists past the slots by kind, and the handle times of
the handled calls counted by value, so that the median of all parts is exact.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from callmate.review.filters import Filter
from callmate.review.search import match
from callmate.review.stats_source import Figures
from callmate.store import call_figures, rollup, rollup_defs
from callmate.store.call_search import TIE_BITS, Connected, second_sql
from callmate.store.rollup_defs import CALL_SUMS

T = TypeVar("T")
_CALL_KEYS = ("agent", "outcome", "status")
_FIGURES = (*call_figures.FLAGS, "seconds")
#: A part's groups: their keys, then their values.
NAMES = {
    "calls": (_CALL_KEYS, (*CALL_SUMS, *rollup_defs.ADHERENCE_PARTS)),
    # Calls per day, with what the browser review's trends read (``review.trends``).
    "days": (("day",), ("calls", "handled", "timed", "seconds", "escalated", "resolved")),
    # Calls alike in the kinds of their steps and in their marks, with their slots' seconds.
    "shapes": (("shape", "marks"), ("calls", *(f"s{j}" for j in range(call_figures.SLOTS)))),
    # The steps of long checklists past the slots, by kind.
    "extra": (("kind",), ("steps", *_FIGURES)),
    "durations": (("duration_seconds",), ("calls",)),  # read as counts (``_read_part``)
}


_CLOSED = "c.status = 'closed'"
#: The sums of a day: its calls, those wrapped up with their handle times, the escalated and
#: the resolved (as ``rollup_calls`` counts them).
_DAY_SUMS = [
    "count(*)",
    f"sum({_CLOSED})",
    f"sum(CASE WHEN {_CLOSED} THEN c.timed ELSE 0 END)",
    f"sum(CASE WHEN {_CLOSED} THEN c.seconds ELSE 0 END)",
    "sum(c.escalated)",
    "sum(c.outcome = 'resolved')",
]


def _on(alias: str, expression: str) -> str:
    """A rollup expression over the call ``c`` read from the row ``alias`` instead."""
    return re.sub(r"\bc\.", f"{alias}.", expression)


@functools.cache
def part_sql(conditions: tuple[str, ...] = ()) -> str:
    """The statement of one part: its parameters are the index query, a range of keys, and
    those of the filter's ``conditions`` on the kept figures ``f`` (``Filter.call_conditions``:
    escalated, warnings).

    The matching calls are read once into ``m`` with their keys and measures already evaluated
    (narrow rows: each part of the statement reads them again), then grouped five ways."""
    slots = [f"s{j}" for j in range(call_figures.SLOTS)]
    # SQLite reads a row's columns in order up to the last one wanted: what the short parts
    # (days, durations) want comes first.
    # fmt: off
    kept = {
        "day": "substr(f.started_at, 1, 10)",
        "handled": _on("f", rollup_defs.HANDLED),
        "duration_seconds": "f.duration_seconds",
        **{k: _on("f", rollup_defs.CALL_KEY[k]) for k in _CALL_KEYS},
        **{m: f"coalesce(({_on('f', rollup_defs.CALL_MEASURES[m])}), 0)" for m in CALL_SUMS[1:]},
        **{name: f"f.{name}" for name in (*rollup_defs.ADHERENCE_PARTS, "shape", "marks", *slots,
                                          "extra", "key")},
    }
    # fmt: on
    columns = ", ".join(f"{expression} AS {name}" for name, expression in kept.items())
    sums = ["count(*)", *(f"sum(c.{m})" for m in (*CALL_SUMS[1:], *rollup_defs.ADHERENCE_PARTS))]
    keys = [f"c.{k}" for k in _CALL_KEYS]
    width, depth = len(_CALL_KEYS), len(sums)

    def part(name: str, keys: list[str], values: list[str], rest: str) -> str:
        cells = [*keys, *["NULL"] * (width - len(keys)), *values]
        cells += ["NULL"] * (width + depth - len(cells))
        return f"SELECT '{name}', {', '.join(cells)} {rest}"

    return (
        f"WITH m AS MATERIALIZED (SELECT {columns} FROM calls_fts "
        f"JOIN {call_figures.CALLS_TABLE} f ON f.key = calls_fts.rowid "
        "WHERE calls_fts MATCH ? AND calls_fts.rowid >= ? AND calls_fts.rowid < ?"
        f"{''.join(' AND ' + c for c in conditions)}) "
        + " UNION ALL ".join(
            [
                part("calls", keys, sums, "FROM m c GROUP BY 2, 3, 4"),
                part("days", ["c.day"], _DAY_SUMS, "FROM m c GROUP BY 2"),
                part(
                    "shapes",
                    ["c.shape", "c.marks"],
                    ["count(*)", *(f"sum(c.{s})" for s in slots)],
                    "FROM m c GROUP BY 2, 3",
                ),
                part(
                    "extra",
                    ["s.kind"],
                    ["count(*)", *(f"sum(s.{f})" for f in _FIGURES)],
                    f"FROM m c CROSS JOIN {call_figures.STEPS_TABLE} s ON s.key = c.key "
                    "WHERE c.extra GROUP BY 2",
                ),
                part(
                    "durations",
                    ["c.duration_seconds"],
                    ["count(*)"],
                    "FROM m c WHERE c.handled GROUP BY 2",
                ),
            ]
        )
    )


_WIDTH = len(_CALL_KEYS)
Rows = dict[str, list[dict[str, Any]]]
#: What a filter may ask of the calls besides their words, for a search's statistics to read
#: them off the kept figures (escalated, warnings): the columns kept.
KEPT = frozenset(call_figures.CALL_COLUMNS)


def answers(filt: Filter) -> bool:
    """Whether the kept figures hold all the filter asks of a call besides its words."""
    return set(filt.reads) <= KEPT


def _read_part(db: Connected, query: str, low: int, high: int, filt: Filter) -> Rows:
    groups: Rows = {name: [] for name in NAMES}
    durations: Counter[float] = Counter()  # thousands of rows: kept as counts, not dicts
    conditions, params = filt.call_conditions("f")
    sql = part_sql(tuple(conditions))
    for name, *cells in db.conn.execute(sql, [query, low, high, *params]):
        if name == "durations":
            durations[float(cells[0])] += cells[_WIDTH]
            continue
        keys, values = NAMES[name]
        row = [*cells[: len(keys)], *cells[_WIDTH : _WIDTH + len(values)]]
        groups[name].append(dict(zip((*keys, *values), row, strict=True)))
    groups["durations"] = [{"counts": durations}]
    return groups


def _range(db: Connected, filt: Filter) -> tuple[int, int]:
    """The keys the filter's time range covers, within the keys there are."""
    table = call_figures.CALLS_TABLE  # each end read off the key alone (one min or max a query)
    low, high = db.conn.execute(
        f"SELECT coalesce((SELECT min(key) FROM {table}), 0), "
        f"coalesce((SELECT max(key) FROM {table}), 0) + 1"
    ).fetchone()
    for time, later in ((filt.since, True), (filt.until, False)):
        if time:
            (key,) = db.conn.execute(f"SELECT {second_sql('?')}", [time]).fetchone()
            low, high = (max(low, key), high) if later else (low, min(high, key))
    return low, max(low, high)


def _edges(db: Connected, low: int, high: int) -> list[int]:
    """Keys that cut ``[low, high)`` into parts holding about as many calls each, by the calls
    per day of the rollups: one part for few calls or on a file that cannot be opened again,
    else as many as the reader may use (``store.db.ReadOnly.threads``)."""
    parts = int(getattr(db, "threads", 1))
    if parts < 2 or not callable(getattr(db, "sibling", None)) or not rollup.usable(db):
        return [low, high]
    first, last = (_day(low), _day(high - 1))
    days = db.conn.execute(
        "SELECT day, sum(calls) FROM rollup_days WHERE period = 'day' AND day >= ? AND day <= ? "
        "GROUP BY day",
        [first, last],
    ).fetchall()
    total = sum(n for _, n in days)
    if total < getattr(db, "part_calls", 0):
        return [low, high]
    cuts: list[int] = []
    seen = 0
    for day, calls in days:
        while len(cuts) < parts - 1 and seen >= total * (len(cuts) + 1) / parts:
            cuts.append(min(max(_key(day), low), high))
        seen += calls
    return [low, *cuts, high]


def _day(key: int) -> str:
    seconds = key >> TIE_BITS
    try:
        return datetime.fromtimestamp(seconds, UTC).date().isoformat()
    except (ValueError, OverflowError, OSError):  # a time written by hand outside years 1-9999
        return "0001-01-01" if seconds < 0 else "9999-12-31"


def _key(day: str) -> int:
    """The first key of a UTC day (``store.call_search.second_sql``)."""
    return int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()) << TIE_BITS


def in_parts(
    db: Connected, filt: Filter, read_part: Callable[[Connected, str, int, int, Filter], T]
) -> list[T]:
    """``read_part(db, query, low, high, filt)`` of each part of the filter's matches (the
    index query, a range of keys), each part on its own connection and thread."""
    query = match(filt)
    edges = _edges(db, *_range(db, filt))
    parts = len(edges) - 1
    if parts == 1:
        return [read_part(db, query, edges[0], edges[1], filt)]
    from concurrent.futures import ThreadPoolExecutor

    def read(i: int) -> T:
        if i == 0:
            return read_part(db, query, edges[0], edges[1], filt)
        other = db.sibling()  # type: ignore[attr-defined]
        try:
            return read_part(other, query, edges[i], edges[i + 1], filt)
        finally:
            db.give_back(other)  # type: ignore[attr-defined]

    with ThreadPoolExecutor(parts - 1) as pool:
        later = [pool.submit(read, i) for i in range(1, parts)]
        return [read(0), *(f.result() for f in later)]


def searched(db: Connected, filt: Filter) -> Figures:
    """The statistics' groupings for a filter with a search: the matching calls, narrowed by
    agent and outcome through the index's tags, by time through its keys and by what else the
    filter asks off their kept figures (:func:`answers` says whether they can), read in parts
    (:func:`_read_part`) and added up."""
    if not answers(filt):
        raise ValueError(f"the kept figures do not hold {', '.join(filt.reads)}: read the calls")
    if filt.agents is not None and not filt.agents:  # an agent no call has
        return Figures({name: [] for name in ("calls", "days", "steps")}, False, (), "calls")
    found = in_parts(db, filt, _read_part)
    groups = {name: _added(name, [p[name] for p in found]) for name in ("calls", "days")}
    groups["steps"] = _steps(
        db,
        _added("shapes", [p["shapes"] for p in found]),
        _added("extra", [p["extra"] for p in found]),
    )
    return Figures(groups, False, _middle(found), adherence="calls")


def _steps(
    db: Connected, shapes: list[dict[str, Any]], extra: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The figures of each kind of step: the calls of each shape and marks spread over the kinds
    in their slots, and the steps past the slots added; named as the statistics want them."""
    conn = db.conn
    kinds = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT id, {', '.join(call_figures.KIND)} FROM {call_figures.KINDS_TABLE}"
        )
    }
    slots = {
        shape: [int(k) if k else None for k in kinds_text.split(" ")]
        for shape, kinds_text in conn.execute(f"SELECT id, kinds FROM {call_figures.SHAPES_TABLE}")
    }
    totals: dict[int, list[float]] = {}  # kind: steps, the flags in their order, seconds
    flags = len(call_figures.FLAGS)
    width = 2 + flags
    for row in shapes:
        calls, marks = row["calls"], row["marks"] or 0
        for j, kind in enumerate(slots.get(row["shape"], ())):
            if kind is None:
                continue
            got = totals.get(kind) or totals.setdefault(kind, [0.0] * width)
            got[0] += calls
            bits = (marks >> (flags * j)) & ((1 << flags) - 1)
            if bits:  # visited, skipped, excused, over (call_figures.FLAGS), written out
                got[1] += calls * (bits & 1)
                got[2] += calls * ((bits >> 1) & 1)
                got[3] += calls * ((bits >> 2) & 1)
                got[4] += calls * (bits >> 3)
            got[5] += row[f"s{j}"] or 0
    for row in extra:
        got = totals.setdefault(row["kind"], [0.0] * width)
        for i, name in enumerate(("steps", *_FIGURES)):
            got[i] += row[name] or 0
    found = []
    for kind, got in totals.items():
        checklist_id, language, step_id, title, target, position = kinds[kind]
        found.append(
            {
                "checklist_id": checklist_id,
                "language": language,
                "step_id": step_id,
                "title": title,
                "position": position,
                "target_seconds": target * got[0],
                **dict(zip(("steps", *_FIGURES), got, strict=True)),
            }
        )
    return found


def _added(name: str, parts: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The parts' rows of one group, added up by their keys."""
    keys, values = NAMES[name]
    total: dict[tuple[Any, ...], dict[str, Any]] = {}
    combine: dict[str, Callable[[Any, Any], Any]] = {v: _plus for v in values}
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
        counts.update(found["durations"][0]["counts"])
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
