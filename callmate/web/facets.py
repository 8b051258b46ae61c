"""Facets of the calls a filter selects: how many by agent, outcome, checklist, language and day.

Counted the way the statistics count calls (``review.stats_source.figures``): off the rollups'
whole months and days and the calls at either end of a time range, so a million calls cost a few
hundred rows. A checklist or language chosen in a facet is a condition on the rollups' own
columns. A search counts its matching calls off the figures kept for each (``store.call_figures``),
as its statistics do: the checklist and language of a call are those of its steps' shape.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from callmate.language.labels import UNFINISHED_KEY
from callmate.review import stats_search
from callmate.review.filters import Filter
from callmate.review.stats_source import Grouping, figures
from callmate.store import call_figures, call_search, rollup_defs
from callmate.store.call_search import Connected

#: The facets, in the order the page shows them; each is a column of ``rollup_calls``.
FACETS = ("agent", "outcome", "checklist_id", "language", "day")
#: The most days a day facet lists (the newest).
MOST_DAYS = 31


@dataclass(frozen=True)
class Chosen:
    """What the calls' own filter (``review.filters.Filter``) does not hold: a checklist and a
    language chosen in their facets (``None``: any)."""

    checklist: str | None = None
    language: str | None = None

    def items(self) -> list[tuple[str, str]]:
        """The chosen values as (column of ``calls``, value)."""
        chosen = (("checklist_id", self.checklist), ("language", self.language))
        return [(column, value) for column, value in chosen if value is not None]

    def where(self) -> str:
        """A condition on the rollups' columns (values quoted as SQL text: ``Grouping.where``
        takes no parameters)."""
        return " AND ".join(f"{column} = {quoted(value)}" for column, value in self.items())


def quoted(value: str) -> str:
    """``value`` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


@dataclass(frozen=True)
class Facet:
    """One facet: its values with their counts, most first (days: newest first)."""

    name: str
    values: tuple[tuple[str, int], ...]


def count(db: Connected, filt: Filter, chosen: Chosen) -> tuple[int, list[Facet]]:
    """How many calls match, and every facet of them."""
    if filt.fts and call_figures.installed(db) and stats_search.answers(filt):
        return _facets(*_searched(db, filt, chosen))
    where = chosen.where()
    groupings = {
        "calls": Grouping(rollup_defs.CALLS, FACETS[:-1], ("calls",), where),
        "days": Grouping(rollup_defs.CALLS, ("day",), ("calls",), where, months=False),
    }
    found = figures(db, filt, groupings)
    return _facets(found.groups["calls"], found.groups["days"])


def _facets(
    call_rows: list[dict[str, Any]], day_rows: list[dict[str, Any]]
) -> tuple[int, list[Facet]]:
    """The facets from the calls counted by agent, outcome, checklist and language, and by day."""
    totals: dict[str, dict[str, int]] = {name: {} for name in FACETS}
    total = 0
    for row in call_rows:
        calls = int(row["calls"] or 0)
        total += calls
        for name in FACETS[:-1]:
            value = _value(name, row[name])
            totals[name][value] = totals[name].get(value, 0) + calls
    for row in day_rows:
        if row["calls"]:
            day = str(row["day"])
            totals["day"][day] = totals["day"].get(day, 0) + int(row["calls"])
    facets = []
    for name in FACETS:
        values = [(v, n) for v, n in totals[name].items() if n > 0]
        if name == "day":
            values = sorted(values, reverse=True)[:MOST_DAYS]
        else:
            values.sort(key=lambda item: (-item[1], item[0]))
        facets.append(Facet(name, tuple(values)))
    return total, facets


def _value(name: str, stored: Any) -> str:
    """A rollup's key as a facet's value (a call without an outcome is ``unfinished``)."""
    if name == "outcome" and not stored:
        return UNFINISHED_KEY
    return str(stored or "")


# -- a search: off the figures kept for each matching call ---------------------------------------


def _stepless(unnamed: tuple[int, ...]) -> str:
    """Whether a kept call ``f`` has no step to name its checklist and language: no shape (as
    a rebuild keeps it), or one of the ``unnamed`` shapes, whose first slot is empty (as the
    triggers keep a call without steps)."""
    return f"(f.shape IS NULL OR f.shape IN ({', '.join(str(n) for n in unnamed)}))"


def _of_call(column: str, unnamed: tuple[int, ...]) -> str:
    """A kept call's checklist or language, read from the call where no step tells them."""
    return (
        f"CASE WHEN {_stepless(unnamed)} THEN (SELECT coalesce(c.{column}, '') "
        f"FROM {call_search.TABLE} d JOIN calls c ON c.id = d.call_id WHERE d.key = f.key) END"
    )


@functools.cache
def _part_sql(conditions: tuple[str, ...], unnamed: tuple[int, ...]) -> str:
    """One part of a search's facets (``review.stats_search.in_parts``): its matches counted by
    agent, outcome and the shape of their steps (which names their checklist and language), and
    by day. Parameters: the index query, a range of keys, those of ``conditions`` on ``f``."""
    kept = {
        "day": "substr(f.started_at, 1, 10)",
        "agent": "coalesce(f.agent, '')",
        "outcome": "coalesce(f.outcome, '')",
        "shape": "f.shape",
        "checklist_id": _of_call("checklist_id", unnamed),
        "language": _of_call("language", unnamed),
    }
    columns = ", ".join(f"{expression} AS {name}" for name, expression in kept.items())
    return (
        f"WITH m AS MATERIALIZED (SELECT {columns} FROM calls_fts "
        f"JOIN {call_figures.CALLS_TABLE} f ON f.key = calls_fts.rowid "
        "WHERE calls_fts MATCH ? AND calls_fts.rowid >= ? AND calls_fts.rowid < ?"
        f"{''.join(' AND ' + c for c in conditions)}) "
        "SELECT 'calls', agent, outcome, shape, checklist_id, language, count(*) FROM m "
        "GROUP BY 2, 3, 4, 5, 6 "
        "UNION ALL SELECT 'days', day, NULL, NULL, NULL, NULL, count(*) FROM m GROUP BY 2"
    )


def _shapes(db: Connected) -> tuple[dict[int, tuple[str, str]], tuple[int, ...]]:
    """Each shape of steps kept (``store.call_figures``): the checklist and language of its
    calls, those of the kind of step in its first slot; and the shapes without one."""
    kinds = {
        kind: (checklist, language)
        for kind, checklist, language in db.conn.execute(
            f"SELECT id, checklist_id, language FROM {call_figures.KINDS_TABLE}"
        )
    }
    found, unnamed = {}, []
    for shape, text in db.conn.execute(f"SELECT id, kinds FROM {call_figures.SHAPES_TABLE}"):
        first = str(text).split(" ", 1)[0]
        if first.isdigit() and int(first) in kinds:
            found[shape] = kinds[int(first)]
        else:
            unnamed.append(shape)
    return found, tuple(unnamed)


def _searched(
    db: Connected, filt: Filter, chosen: Chosen
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The calls of a search counted as :func:`count` counts them, off the figures kept for
    each matching call, read in parts as a search's statistics are (``review.stats_search``);
    a checklist or language chosen is a condition on the shapes of steps that name it."""
    shapes, unnamed = _shapes(db)
    wanted: list[str] = []
    values: list[Any] = []
    for column, value in chosen.items():
        index = 0 if column == "checklist_id" else 1
        ids = [str(shape) for shape, named in shapes.items() if named[index] == value]
        wanted.append(
            f"(f.shape IN ({', '.join(ids)}) OR ({_stepless(unnamed)} AND "
            f"{_of_call(column, unnamed)} = ?))"
        )
        values.append(value)

    def read(part: Connected, query: str, low: int, high: int, f: Filter) -> list[tuple[Any, ...]]:
        conditions, params = f.call_conditions("f")
        sql = _part_sql(tuple([*conditions, *wanted]), unnamed)
        return part.conn.execute(sql, [query, low, high, *params, *values]).fetchall()

    if filt.agents is not None and not filt.agents:  # an agent no call has
        return [], []
    call_rows: list[dict[str, Any]] = []
    day_rows: list[dict[str, Any]] = []
    for found in stats_search.in_parts(db, filt, read):
        for name, key, outcome, shape, checklist, language, calls in found:
            if name == "days":
                day_rows.append({"day": key, "calls": calls})
                continue
            if shape in shapes:
                checklist, language = shapes[shape]
            call_rows.append(
                {
                    "agent": key,
                    "outcome": outcome,
                    "checklist_id": checklist,
                    "language": language,
                    "calls": calls,
                }
            )
    return call_rows, day_rows
