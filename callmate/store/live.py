"""Writes during a call, one short transaction per change, and the reads the live screens need."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from typing import Any

from callmate.call import UNFINISHED, Change
from callmate.checklist import Checklist

CALL_COLUMNS = (
    "id", "started_at", "ended_at", "agent", "customer", "reference", "checklist_key",
    "checklist_id", "checklist_version", "language", "checklist_source", "at_fault", "escalated",
    "warnings", "phrases_copied", "notes_count", "outcome", "follow_up_at", "difficulty",
    "summary", "status", "duration_seconds", "current_step", "draft", "break_seconds",
    "updated_at",
)  # fmt: skip
STEP_COLUMNS = (
    "call_id", "position", "step_id", "title", "kind", "status", "seconds", "seconds_done",
    "target_seconds", "visits", "started_at", "entered_at", "ended_at",
)  # fmt: skip
NOTE_COLUMNS = ("call_id", "seq", "at", "offset_seconds", "step_id", "text")
EVENT_COLUMNS = ("call_id", "seq", "at", "offset_seconds", "step_id", "kind", "data")


def _upsert_sql(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (
        f"INSERT INTO {table} ({names}) VALUES ({marks}) "
        f"ON CONFLICT({', '.join(key)}) DO UPDATE SET {updates}"
    )


def _insert_once_sql(table: str, columns: tuple[str, ...]) -> str:
    names = ", ".join(columns)
    marks = ", ".join(f":{c}" for c in columns)
    return f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT(call_id, seq) DO NOTHING"


# The call row is written without checklist_key: that is set once, when the call starts.
_CALL_SQL = _upsert_sql("calls", tuple(c for c in CALL_COLUMNS if c != "checklist_key"), ("id",))
_STEP_SQL = _upsert_sql("call_steps", STEP_COLUMNS, ("call_id", "position"))
_NOTE_SQL = _insert_once_sql("notes", NOTE_COLUMNS)
_EVENT_SQL = _insert_once_sql("events", EVENT_COLUMNS)


def checklist_key(checklist: Checklist) -> str:
    return hashlib.sha256(checklist.text.encode("utf-8")).hexdigest()[:16]


def apply(db, change: Change, checklist: Checklist | None = None) -> None:
    """Persist one change in one transaction. Applying the same change again changes nothing."""
    with db.atomic():
        conn = db.conn
        call = {c: change.call.get(c) for c in CALL_COLUMNS if c != "checklist_key"}
        conn.execute(_CALL_SQL, call)
        if checklist is not None:
            key = checklist_key(checklist)
            conn.execute(
                "INSERT INTO checklists (key, id, version, language, name, source, toml) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO NOTHING",
                (key, checklist.id, checklist.version, checklist.language, checklist.name,
                 checklist.source, checklist.text),
            )  # fmt: skip
            conn.execute("UPDATE calls SET checklist_key = ? WHERE id = ?", (key, call["id"]))
        if change.steps:
            conn.executemany(_STEP_SQL, change.steps)
        if change.notes:
            conn.executemany(_NOTE_SQL, change.notes)
        if change.events:
            conn.executemany(
                _EVENT_SQL,
                [{**e, "data": json.dumps(e["data"], ensure_ascii=False)} for e in change.events],
            )


def _rows(db, sql: str, params=()) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(sql, params)]


def load_call(db, call_id: str) -> dict[str, Any] | None:
    """A call with its steps, notes, events and the checklist text it ran with."""
    rows = _rows(db, "SELECT * FROM calls WHERE id = ?", [call_id])
    if not rows:
        return None
    call = rows[0]
    record = {
        "call": call,
        "steps": _rows(
            db, "SELECT * FROM call_steps WHERE call_id = ? ORDER BY position", [call_id]
        ),
        "notes": _rows(db, "SELECT * FROM notes WHERE call_id = ? ORDER BY seq", [call_id]),
        "events": _rows(db, "SELECT * FROM events WHERE call_id = ? ORDER BY seq", [call_id]),
        "checklist_toml": None,
    }
    for event in record["events"]:
        event["data"] = json.loads(event["data"]) if event["data"] else {}
    if call.get("checklist_key"):
        found = _rows(db, "SELECT toml FROM checklists WHERE key = ?", [call["checklist_key"]])
        record["checklist_toml"] = found[0]["toml"] if found else None
    return record


def unfinished_calls(db) -> list[dict[str, Any]]:
    """Calls left open or not wrapped up (a crash, a closed terminal), newest first."""
    marks = ", ".join("?" for _ in UNFINISHED)
    return _rows(
        db,
        "SELECT calls.*, (SELECT title FROM call_steps s WHERE s.call_id = calls.id "
        "AND s.status = 'current') AS current_title "
        f"FROM calls WHERE status IN ({marks}) ORDER BY started_at DESC",
        list(UNFINISHED),
    )


def recent_calls(db, agent: str | None = None, limit: int = 5) -> list[dict[str, Any]]:
    where, params = ("WHERE agent = ?", [agent]) if agent else ("", [])
    return _rows(
        db,
        f"SELECT id, started_at, customer, outcome, status, duration_seconds, escalated "
        f"FROM calls {where} ORDER BY started_at DESC LIMIT ?",
        [*params, limit],
    )


def day_figures(db, since: datetime, agent: str | None = None) -> dict[str, Any]:
    """Calls, average handle time and escalations from ``since`` (the local midnight) on."""
    from callmate.dates import to_iso

    params: list[Any] = [to_iso(since), to_iso(since + timedelta(days=1))]
    agent_sql = ""
    if agent:
        agent_sql = " AND agent = ?"
        params.append(agent)
    row = _rows(
        db,
        "SELECT count(*) AS calls, avg(duration_seconds) AS average_seconds, "
        "coalesce(sum(escalated), 0) AS escalations FROM calls "
        f"WHERE started_at >= ? AND started_at < ? AND status != 'abandoned'{agent_sql}",
        params,
    )[0]
    return row
