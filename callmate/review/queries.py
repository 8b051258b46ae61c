"""Reading the call log for review: pages of calls, counts, one call in full, agent names.

Pages use keyset paging (``started_at, id`` of the last row seen), so page 5,000 costs what page 1
does; nothing here ever loads every call.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from callmate.models import CallRow, EventRow, NoteRow, StepRow, record, shown
from callmate.review.filters import Filter
from callmate.store.db import StoreError, open_db
from callmate.store.live import parse_data

PAGE_SIZE = 100
SEARCH_WALK = 5_000  # notes matching a search, from which pages walk the calls by time
#: The columns of a call that scripts are shown (``calls list``), from its declaration.
LIST_COLUMNS = tuple(name for name, *_ in shown(CallRow))
_SELECT = ", ".join(f"c.{name}" for name in LIST_COLUMNS)

Key = tuple[str, str]  # (started_at, id) of a row: where a page starts or ends


class CallNotFound(StoreError):
    """No call, or more than one, answers to the id (or id prefix) given."""


def open_for_reading(path: Path):
    """Open an existing call log for review: a missing file is an error, not a new empty log.

    The file is brought up to date (the rollups) when it can be written; a read-only copy is read
    as it is.
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(
            f"no call log at {path} (record a call first, or try: callmate demo-data --calls 1000)"
        )
    writable = os.access(path, os.W_OK)
    db = open_db(path, migrate=writable)
    if writable:
        from callmate.store import rollup

        rollup.ensure(db)
    return db


def open_reader(path: Path):
    """A connection for one worker thread: it reads only (``query_only``) and never migrates."""
    path = Path(path)
    if not path.exists():
        raise StoreError(f"no call log at {path} (it was moved or deleted)")
    db = open_db(path, migrate=False)
    db.execute("PRAGMA query_only = 1")
    return db


def _rows(db, sql: str, params=()) -> list[dict[str, Any]]:
    cursor = db.conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def page(
    db, filt: Filter, *, after: Key | None = None, before: Key | None = None,
    limit: int = PAGE_SIZE,
) -> list[dict[str, Any]]:  # fmt: skip
    """Up to ``limit`` calls, newest first: the first page, or the one after / before a key."""
    conditions, params = filt.conditions("c")
    order = "DESC"
    if after is not None:
        conditions.append("(c.started_at, c.id) < (?, ?)")
        params.extend(after)
    elif before is not None:
        conditions.append("(c.started_at, c.id) > (?, ?)")
        params.extend(before)
        order = "ASC"
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    rows = _rows(
        db,
        f"SELECT {_SELECT} FROM calls c {_search_plan(db, filt)} {where} "
        f"ORDER BY c.started_at {order}, c.id {order} LIMIT ?",
        [*params, limit],
    )
    return rows[::-1] if order == "ASC" else rows


def _search_plan(db, filt: Filter) -> str:
    """With a search, how to find the newest matches.

    A word in many notes: walk the calls newest first and keep those in the (materialised) set
    of matches, stopping at a page. A rare word: look up each match and sort the few found.
    """
    query = filt.fts
    if not query or filt.agents is not None or filt.outcome:
        return ""  # an agent or outcome narrows better through its own index
    found = db.conn.execute(
        "SELECT count(*) FROM notes_fts WHERE notes_fts MATCH ?", [query]
    ).fetchone()[0]
    if found < SEARCH_WALK:
        return ""
    has_index = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'idx_calls_started_id'"
    ).fetchone()
    return "INDEXED BY idx_calls_started_id" if has_index else ""


def count(db, filt: Filter) -> int:
    """How many calls match the filter."""
    where, params = filt.where("c")
    return db.conn.execute(f"SELECT count(*) FROM calls c {where}", params).fetchone()[0]


def agents(db) -> list[str]:
    """Every agent name in the log, sorted (from the rollup when there is one: no table scan)."""
    from callmate.store import rollup

    if rollup.installed(db):
        sql = "SELECT DISTINCT agent FROM rollup_calls WHERE calls > 0 ORDER BY agent"
    else:
        sql = "SELECT DISTINCT agent FROM calls WHERE agent IS NOT NULL ORDER BY agent"
    return [row[0] for row in db.conn.execute(sql) if row[0]]


def find_call_id(db, text: str) -> str:
    """The id of the one call whose id is ``text`` or starts with it."""
    wanted = text.strip().lower()
    if not wanted:
        raise CallNotFound("no call id given")
    if db.conn.execute("SELECT 1 FROM calls WHERE id = ?", [wanted]).fetchone():
        return wanted
    upper = wanted[:-1] + chr(ord(wanted[-1]) + 1)
    found = [
        row[0]
        for row in db.conn.execute(
            "SELECT id FROM calls WHERE id >= ? AND id < ? ORDER BY id LIMIT 2", [wanted, upper]
        )
    ]
    if not found:
        raise CallNotFound(f"no call with id {text.strip()!r} in {db_file(db)}")
    if len(found) > 1:
        raise CallNotFound(
            f"more than one call has an id starting {text.strip()!r}; give more of it"
        )
    return found[0]


def db_file(db) -> str:
    """The file behind a connection, for messages."""
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else "the database"


# -- records in the shape of the command-line contract (PRODUCT.md) -------------------------------


def list_record(row: dict[str, Any]) -> dict[str, Any]:
    """A call as ``calls list --format json`` prints it (no nested lists)."""
    return record(CallRow, row)


def call_record(db, call_id: str) -> dict[str, Any]:
    """One call in full, as ``calls show --format json`` prints it."""
    from callmate.review.stats import call_adherence
    from callmate.store import live

    found = live.load_call(db, call_id)
    if found is None:
        raise CallNotFound(f"no call with id {call_id!r} in {db_file(db)}")
    return {
        **record(CallRow, vars(found.call)),
        "steps": [record(StepRow, vars(s)) for s in found.steps],
        "notes": [record(NoteRow, vars(n)) for n in found.notes],
        "events": [record(EventRow, vars(e)) for e in found.events],
        "adherence": call_adherence(db, call_id).to_json(),
    }


def records(db, filt: Filter) -> Iterator[dict[str, Any]]:
    """Every matching call in full, newest first, read a page at a time (for exports)."""
    for rows in pages(db, filt):
        details = _details(db, [r["id"] for r in rows])
        for row in rows:
            yield {**list_record(row), **details[row["id"]]}


def pages(db, filt: Filter, *, size: int = PAGE_SIZE, limit: int = 0) -> Iterator[list[dict]]:
    """Every matching call, newest first, a page of ``size`` rows at a time (at most ``limit``
    calls in all; 0: every one). The one way the command line walks through results."""
    after: Key | None = None
    left = limit or None
    while left is None or left > 0:
        want = size if left is None else min(left, size)
        rows = page(db, filt, after=after, limit=want)
        if rows:
            yield rows
        if len(rows) < want:
            return
        if left is not None:
            left -= len(rows)
        after = (rows[-1]["started_at"], rows[-1]["id"])


_NESTED = {"steps": StepRow, "notes": NoteRow, "events": EventRow}
_ORDER = {"steps": "position", "notes": "seq", "events": "seq"}


def _details(db, ids: list[str]) -> dict[str, dict[str, list]]:
    """The steps, notes and events of the calls ``ids``, in the shape of ``calls show``."""
    marks = ", ".join("?" for _ in ids)
    found: dict[str, dict[str, list]] = {i: {k: [] for k in _NESTED} for i in ids}
    for key, model in _NESTED.items():
        names = [name for name, *_ in shown(model)]
        cursor = db.conn.execute(
            f"SELECT call_id, {', '.join(names)} FROM {model.TABLE} "
            f"WHERE call_id IN ({marks}) ORDER BY call_id, {_ORDER[key]}",
            ids,
        )
        for call_id, *cells in cursor:
            row = dict(zip(names, cells, strict=True))
            if "data" in row:
                row["data"] = parse_data(row["data"])
            found[call_id][key].append(record(model, row))
    return found
