"""Writes during a call, one short transaction per change, and the reads the live screens need."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from callmate.call import Change
from callmate.checklists.model import Checklist
from callmate.models import (
    UNFINISHED,
    CallRow,
    ChecklistRow,
    EventRow,
    NoteRow,
    StepRow,
    StoredCall,
    from_row,
    parse_data,
    values,
)
from callmate.store.sql import insert_sql, upsert_sql

if TYPE_CHECKING:
    from sqlite_utils import Database

_CALL_SQL = upsert_sql(CallRow)
_STEP_SQL = upsert_sql(StepRow)
_NOTE_SQL = upsert_sql(NoteRow)  # a corrected note replaces what it said (the event keeps it)
_EVENT_SQL = insert_sql(EventRow)
_CHECKLIST_SQL = insert_sql(ChecklistRow)


def checklist_row(checklist: Checklist, key: str) -> ChecklistRow:
    c = checklist
    return ChecklistRow(key, c.id, c.version, c.language, c.name, c.source, c.text)


def apply(db: Database, change: Change, checklist: Checklist | None = None) -> None:
    """Persist one change in one transaction. Applying the same change again changes nothing.

    ``checklist`` (with the call's first change) stores the exact checklist text it runs with.
    """
    with db.atomic():
        conn = db.conn
        key = change.call.checklist_key
        if checklist is not None and key:
            conn.execute(_CHECKLIST_SQL, values(checklist_row(checklist, key)))
        conn.execute(_CALL_SQL, values(change.call))
        if change.steps:
            conn.executemany(_STEP_SQL, [values(s) for s in change.steps])
        if change.notes:
            conn.executemany(_NOTE_SQL, [values(n) for n in change.notes])
        if change.deleted_notes:
            conn.executemany(
                "DELETE FROM notes WHERE call_id = ? AND seq = ?",
                [(change.call.id, seq) for seq in change.deleted_notes],
            )
        if change.events:
            conn.executemany(_EVENT_SQL, [values(e) for e in change.events])


def _rows(db: Database, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    return [dict(r) for r in db.query(sql, params)]


def load_call(db: Database, call_id: str) -> StoredCall | None:
    """A call with its steps, notes, events and the checklist text it ran with."""
    rows = _rows(db, "SELECT * FROM calls WHERE id = ?", [call_id])
    if not rows:
        return None
    call = from_row(CallRow, rows[0])
    steps = _rows(db, "SELECT * FROM call_steps WHERE call_id = ? ORDER BY position", [call_id])
    notes = _rows(db, "SELECT * FROM notes WHERE call_id = ? ORDER BY seq", [call_id])
    events = _rows(db, "SELECT * FROM events WHERE call_id = ? ORDER BY seq", [call_id])
    for event in events:
        event["data"] = parse_data(event["data"])
    toml = None
    if call.checklist_key:
        found = _rows(db, "SELECT toml FROM checklists WHERE key = ?", [call.checklist_key])
        toml = found[0]["toml"] if found else None
    return StoredCall(
        call=call,
        steps=tuple(from_row(StepRow, s) for s in steps),
        notes=tuple(from_row(NoteRow, n) for n in notes),
        events=tuple(from_row(EventRow, e) for e in events),
        checklist_toml=toml,
    )


def unfinished_calls(db: Database) -> list[dict[str, Any]]:
    """Calls left open or not wrapped up (a crash, a closed terminal), newest first."""
    marks = ", ".join("?" for _ in UNFINISHED)
    return _rows(
        db,
        "SELECT calls.*, (SELECT title FROM call_steps s WHERE s.call_id = calls.id "
        "AND s.status = 'current') AS current_title "
        f"FROM calls WHERE status IN ({marks}) ORDER BY started_at DESC",
        list(UNFINISHED),
    )


def recent_calls(db: Database, agent: str | None = None, limit: int = 5) -> list[dict[str, Any]]:
    where, params = ("WHERE agent = ?", [agent]) if agent else ("", [])
    return _rows(
        db,
        f"SELECT id, started_at, customer, outcome, status, duration_seconds, escalated "
        f"FROM calls {where} ORDER BY started_at DESC LIMIT ?",
        [*params, limit],
    )


def day_figures(db: Database, since: datetime, agent: str | None = None) -> dict[str, Any]:
    """Calls, average handle time and escalations (those taken back among them, ``withdrawn``)
    from ``since`` (the local midnight) on.

    Every call started counts (closing an unfinished one does not take it off the day); the
    average is over the calls wrapped up.
    """
    from callmate.dates import to_iso

    params: list[Any] = [to_iso(since), to_iso(since + timedelta(days=1))]
    agent_sql = ""
    if agent:
        agent_sql = " AND agent = ?"
        params.append(agent)
    return _rows(
        db,
        "SELECT count(*) AS calls, "
        "avg(CASE WHEN status = 'closed' THEN duration_seconds END) AS average_seconds, "
        "coalesce(sum(escalated), 0) AS escalations, "
        "coalesce(sum(escalated AND escalation_withdrawn), 0) AS withdrawn FROM calls "
        f"WHERE started_at >= ? AND started_at < ?{agent_sql}",
        params,
    )[0]
