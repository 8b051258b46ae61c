"""Reading the call log for review: pages of calls, counts, one call in full, agent names.

Pages use keyset paging (``started_at, id`` of the last row seen), so page 5,000 costs what page 1
does; nothing here ever loads every call.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from callmate.store.db import StoreError, open_db
from callmate.store.filters import Filter

PAGE_SIZE = 100
SEARCH_WALK = 5_000  # notes matching a search, from which pages walk the calls by time
LIST_COLUMNS = (
    "id", "started_at", "ended_at", "agent", "customer", "reference", "checklist_id",
    "checklist_version", "language", "at_fault", "escalated", "warnings", "phrases_copied",
    "notes_count", "outcome", "follow_up_at", "difficulty", "summary", "status",
    "duration_seconds",
)  # fmt: skip
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


def last_page(db, filt: Filter, limit: int = PAGE_SIZE) -> list[dict[str, Any]]:
    """The oldest calls (the end of the list), newest first."""
    return page(db, filt, before=("", ""), limit=limit)


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
    return {
        "id": row["id"],
        "started_at": row["started_at"],
        "ended_at": row["ended_at"],
        "agent": row["agent"],
        "customer": row["customer"],
        "checklist": row["checklist_id"],
        "at_fault": bool(row["at_fault"]),
        "outcome": row["outcome"],
        "duration_seconds": row["duration_seconds"],
        "checklist_version": row["checklist_version"],
        "language": row["language"],
        "reference": row["reference"],
        "status": row["status"],
        "escalated": bool(row["escalated"]),
        "warnings": row["warnings"] or 0,
        "phrases_copied": row["phrases_copied"] or 0,
        "notes_count": row["notes_count"] or 0,
        "follow_up_at": row["follow_up_at"],
        "difficulty": row["difficulty"],
        "summary": row["summary"] or "",
    }


def call_record(db, call_id: str) -> dict[str, Any]:
    """One call in full, as ``calls show --format json`` prints it."""
    from callmate.store import live

    found = live.load_call(db, call_id)
    if found is None:
        raise CallNotFound(f"no call with id {call_id!r} in {db_file(db)}")
    record = list_record(found["call"])
    record["steps"] = [
        {
            "id": s["step_id"],
            "title": s["title"],
            "status": s["status"],
            "seconds": s["seconds"],
            "target_seconds": s["target_seconds"],
            "kind": s["kind"],
            "visits": s["visits"],
            "started_at": s["started_at"],
            "ended_at": s["ended_at"],
        }  # fmt: skip
        for s in found["steps"]
    ]
    record["notes"] = [
        {"at": n["at"], "step_id": n["step_id"], "text": n["text"],
         "offset_seconds": n["offset_seconds"]}
        for n in found["notes"]
    ]  # fmt: skip
    record["events"] = [
        {"at": e["at"], "kind": e["kind"], "data": e["data"], "step_id": e["step_id"],
         "offset_seconds": e["offset_seconds"]}
        for e in found["events"]
    ]  # fmt: skip
    from callmate.store.stats import call_adherence

    record["adherence"] = call_adherence(db, call_id)
    return record


def records(db, filt: Filter, *, batch: int = 500):
    """Every matching call in full, newest first, read a batch at a time (for exports)."""
    after: Key | None = None
    while True:
        rows = page(db, filt, after=after, limit=batch)
        if not rows:
            return
        ids = [r["id"] for r in rows]
        details = _details(db, ids)
        for row in rows:
            record = list_record(row)
            record.update(details.get(row["id"], {"steps": [], "notes": [], "events": []}))
            yield record
        after = (rows[-1]["started_at"], rows[-1]["id"])


def _details(db, ids: list[str]) -> dict[str, dict[str, list]]:
    marks = ", ".join("?" for _ in ids)
    found: dict[str, dict[str, list]] = {i: {"steps": [], "notes": [], "events": []} for i in ids}
    steps = db.conn.execute(
        "SELECT call_id, step_id, title, status, seconds, target_seconds, kind, visits, "
        f"started_at, ended_at FROM call_steps WHERE call_id IN ({marks}) "
        "ORDER BY call_id, position",
        ids,
    )
    for c, *s in steps:
        found[c]["steps"].append(dict(zip(
            ("id", "title", "status", "seconds", "target_seconds", "kind", "visits",
             "started_at", "ended_at"), s, strict=True)))  # fmt: skip
    notes = db.conn.execute(
        f"SELECT call_id, at, step_id, text, offset_seconds FROM notes WHERE call_id IN ({marks}) "
        "ORDER BY call_id, seq",
        ids,
    )
    for c, at, step_id, text, offset in notes:
        found[c]["notes"].append(
            {"at": at, "step_id": step_id, "text": text, "offset_seconds": offset}
        )
    events = db.conn.execute(
        f"SELECT call_id, at, kind, data, step_id, offset_seconds FROM events "
        f"WHERE call_id IN ({marks}) ORDER BY call_id, seq",
        ids,
    )
    for c, at, kind, data, step_id, offset in events:
        found[c]["events"].append({
            "at": at, "kind": kind, "data": _json(data), "step_id": step_id,
            "offset_seconds": offset,
        })  # fmt: skip
    return found


def _json(text: str | None) -> Any:
    if not text:
        return {}
    try:
        return json.loads(text)
    except (ValueError, TypeError):
        return {"text": text}
