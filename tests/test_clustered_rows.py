"""Schema 14 keeps events and steps clustered by their call (``WITHOUT ROWID``): a log of
schema 13 is brought along with every row as it was, loses the index the key replaces, and goes
on keeping its statistics and per-call figures as calls are added."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlite_utils import Database, Migrations

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.models import EventRow, StepRow, columns
from callmate.review import stats
from callmate.review.filters import Filter
from callmate.store import call_figures, live, rollup
from callmate.store.db import open_db, open_for_reading
from callmate.store.schema import SCHEMA_VERSION, STEPS
from tests.test_call_figures import dump

pytestmark = pytest.mark.usefixtures("utc_dates")

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ROWS = {m.TABLE: f"SELECT {', '.join(columns(m))} FROM {m.TABLE}" for m in (EventRow, StepRow)}


def as_schema_13(path) -> None:
    """A file as callmate made it before schema 14: its first 13 migrations, the rollups."""
    db = Database(path)
    older = Migrations("callmate")
    for step in STEPS[:13]:
        older()(step)
    older.apply(db)
    with db.atomic():
        rollup.install(db)
        db.execute("PRAGMA user_version = 13")
    db.close()


def add_call(db, n: int, checklist) -> str:
    clock = FakeClock(START + timedelta(hours=n))
    call, change = Call.start(checklist, clock, agent="Ann", call_id=f"{n:032x}")
    live.apply(db, change, checklist)
    for move in ("phrase", "next", "escalate", "next"):
        clock.advance(20)
        if move == "phrase":
            made = call.phrase_copied("I'm listening.", 1, "xclip")
        else:
            made = call.next() if move == "next" else call.toggle_escalation()
        live.apply(db, made)
    clock.advance(20)
    live.apply(db, call.end())
    live.apply(db, call.wrap_up(outcome="resolved"))
    return call.id


def rows(path) -> dict[str, list]:
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(sql)) for table, sql in ROWS.items()}
    finally:
        conn.close()


def test_a_schema_13_log_keeps_every_row_clustered_by_its_call(tmp_path):
    path = tmp_path / "calls.db"
    checklist = catalog.resolve("default.en")
    as_schema_13(path)
    old = Database(path)
    ids = [add_call(old, n, checklist) for n in range(3)]
    old.close()
    before = rows(path)
    assert len(before["events"]) > 3 * 6 and len(before["call_steps"]) == 3 * len(checklist.steps)

    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 13
    assert {"rollup_steps_insert"} <= {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    db = open_db(path)  # brought up to date
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    db.close()
    assert rows(path) == before
    conn = sqlite3.connect(path)
    tables = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    conn.close()
    assert tables["events"].endswith("WITHOUT ROWID")
    assert tables["call_steps"].endswith("WITHOUT ROWID")
    assert "idx_events_call_id_seq" not in indexes

    db = open_db(path)  # a call after: the figures and the rollups keep up with it
    ids.append(add_call(db, 3, checklist))
    assert call_figures.installed(db) and rollup.installed(db)
    kept = dump(db)
    with db.atomic():
        call_figures.rebuild(db.conn)
    assert dump(db) == kept
    db.close()
    reader = open_for_reading(path)
    try:
        figures = stats.compute(reader, Filter())
    finally:
        reader.close()
    assert figures.calls == len(ids) == 4 and figures.escalated == 4


def test_what_the_user_added_and_rows_no_call_holds_are_kept(tmp_path):
    """A view and a trigger a lead made on the log stay; an event whose call was deleted by hand
    (foreign keys are off in the sqlite3 shell) and one without its number do not stop the log
    from opening, and are kept apart, not thrown away."""
    path = tmp_path / "calls.db"
    checklist = catalog.resolve("default.en")
    as_schema_13(path)
    old = Database(path)
    call_id = add_call(old, 0, checklist)
    old.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "CREATE VIEW copied AS SELECT call_id, data FROM events WHERE kind = 'phrase_copied'"
        )
        conn.execute("CREATE TABLE audit (call_id TEXT)")
        conn.execute(
            "CREATE TRIGGER audit_steps AFTER UPDATE ON call_steps "
            "BEGIN INSERT INTO audit VALUES (NEW.call_id); END"
        )
        conn.execute(
            "INSERT INTO events (call_id, seq, at, kind, data) "
            "VALUES ('gone', 1, '2026-11-01T10:00:00+00:00', 'started', '{}')"
        )
        conn.execute(
            "INSERT INTO events (call_id, seq, at, kind, data) "
            f"VALUES ('{call_id}', NULL, '2026-11-01T10:00:00+00:00', 'note', '{{}}')"
        )
    conn.close()

    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT count(*) FROM copied").fetchone()[0] == 1
    db.execute("UPDATE call_steps SET visits = visits WHERE call_id = ?", [call_id])
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] > 0
    apart = db.execute("SELECT call_id, seq FROM events_unkept ORDER BY call_id").fetchall()
    assert apart == [(call_id, None), ("gone", 1)]
    assert "call_steps_unkept" not in db.table_names()
    db.close()
