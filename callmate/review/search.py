"""Pages and counts of a search, read from the calls' search documents (``store.call_search``).

The index's rowid is a key in time order (the second a call started, then a number within it), so
the newest matches come straight off the index, newest first, and a page stops reading after its
last row: no match is counted, no set of matches is sorted. Calls started in the same second are
then put in id order, as every list of calls is: the page reads a few rows past its end, and the
whole of its last second when those are all in it.
"""

from __future__ import annotations

from typing import Any

from callmate.language.labels import UNFINISHED_KEY
from callmate.review.filters import WRITTEN, Filter
from callmate.store.call_search import INDEX, TABLE, TIE_BITS, Connected, second_sql, tag

Key = tuple[str, str]  # (started_at, id) of a row: where a page starts or ends
EXTRA = 16  # rows read past a page, to see whether its last second goes on
#: CROSS JOIN keeps the index the outer loop: looked up once per call instead, a prefix query
#: would be set up again for every call.
_JOIN = f"{INDEX} f CROSS JOIN {TABLE} s ON s.key = f.rowid CROSS JOIN calls c ON c.id = s.call_id"


def match(filt: Filter) -> str:
    """The index query: the typed words in what was written, the agents and the outcome in the
    tags (``store.call_search.tag``)."""
    parts = [f"{WRITTEN} : ({filt.fts})"]
    if filt.agents is not None:
        agents = [f'"{tag("a", a)}"' for a in filt.agents]
        parts.append(f"tags : ({' OR '.join(agents)})")
    if filt.outcome:
        outcome = None if filt.outcome == UNFINISHED_KEY else filt.outcome
        parts.append(f'tags : "{tag("o", outcome)}"')
    return " AND ".join(parts)


def _where(filt: Filter, after: Key | None, before: Key | None) -> tuple[list[str], list[Any]]:
    """Conditions on the index ``f`` and the call ``c``: the words, agents and outcome as one
    query of the index, the time range as key bounds, what else the filter asks of the call
    (escalated, warnings...), and where the page starts."""
    bounds, params = filt.key_bounds("f.rowid")
    more, values = filt.call_conditions("c")
    where = [f"{INDEX} MATCH ?", *bounds, *more]
    params = [match(filt), *params, *values]
    if after is not None:
        where += [f"f.rowid < {second_sql('?')} + {1 << TIE_BITS}", "(c.started_at, c.id) < (?, ?)"]
        params += [after[0], *after]
    if before is not None:
        where += [f"f.rowid >= {second_sql('?')}", "(c.started_at, c.id) > (?, ?)"]
        params += [before[0], *before]
    return where, params


def page(
    db: Connected,
    filt: Filter,
    columns: str,
    *,
    after: Key | None = None,
    before: Key | None = None,
    limit: int,
) -> list[dict[str, Any]]:
    """Up to ``limit`` matching calls (``columns`` of ``calls c``), newest first: the first page,
    or the one after / before a key."""
    if filt.agents is not None and not filt.agents:
        return []  # an agent nobody is called
    where, params = _where(filt, after, before)
    order = "ASC" if before is not None else "DESC"
    sql = f"SELECT {columns}, f.rowid AS _key FROM {_JOIN} WHERE {' AND '.join(where)}"
    # A few rows more than the page: they show whether the page's last second goes on.
    cursor = db.conn.execute(f"{sql} ORDER BY f.rowid {order} LIMIT ?", [*params, limit + EXTRA])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, r, strict=True)) for r in cursor]
    if len(rows) == limit + EXTRA and _second(rows[limit - 1]) == _second(rows[-1]):
        second = _second(rows[-1])  # all of that second, however many: read it whole
        same = db.conn.execute(
            f"{sql} AND f.rowid BETWEEN ? AND ?", [*params, second, second + (1 << TIE_BITS) - 1]
        )
        seen = {r["id"] for r in rows}
        rows += [row for r in same if (row := dict(zip(names, r, strict=True)))["id"] not in seen]
    rows.sort(key=lambda r: (r["started_at"], r["id"]), reverse=order == "DESC")
    for row in rows:
        del row["_key"]
    rows = rows[:limit]
    return rows[::-1] if order == "ASC" else rows


def _second(row: dict[str, Any]) -> int:
    """The first key of the second a row's call started in."""
    return int(row["_key"]) >> TIE_BITS << TIE_BITS


def count(db: Connected, filt: Filter) -> int:
    """How many calls match, off the index alone (and the calls, for what else the filter asks
    of them)."""
    if filt.agents is not None and not filt.agents:
        return 0
    bounds, params = filt.key_bounds("f.rowid")
    more, values = filt.call_conditions("c")
    where = " AND ".join([f"{INDEX} MATCH ?", *bounds, *more])
    source = _JOIN if more else f"{INDEX} f"
    sql = f"SELECT count(*) FROM {source} WHERE {where}"
    return int(db.conn.execute(sql, [match(filt), *params, *values]).fetchone()[0])
