"""The review's migration: rollups built from the calls already there, repaired when broken, and
kept by triggers only (the FTS triggers on notes untouched); the queries use their indexes."""

from __future__ import annotations

import sqlite3

from callmate.review import queries, search, stats, stats_search
from callmate.review.filters import Filter
from callmate.review.queries import open_for_reading
from callmate.store import call_search, rollup, rollup_defs
from callmate.store.db import open_db
from callmate.store.schema import SCHEMA_VERSION, STEPS, migrations
from tests.test_review_dataset import build

FIRST = {"checklists", "calls", "call_steps", "notes", "events", "notes_fts", "_sqlite_migrations"}


def back_to_schema_1(path) -> None:
    """Take a file back to schema 1, as the first release wrote it."""
    conn = sqlite3.connect(path)
    for name in (*rollup_defs.TRIGGERS, *call_search.TRIGGERS):
        conn.execute(f"DROP TRIGGER {name}")
    tables = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE '%fts_%' AND name NOT LIKE 'sqlite%'"
    ).fetchall()
    for (name,) in tables:
        if name not in FIRST:
            conn.execute(f"DROP TABLE {name}")
    conn.executescript(
        "DROP INDEX idx_calls_started_id; DROP INDEX idx_calls_duration; "
        "DELETE FROM _sqlite_migrations WHERE name != 'm001_calls'; PRAGMA user_version = 1;"
    )
    conn.close()


def test_a_file_from_before_the_rollups_gets_them_filled_from_its_calls(tmp_path):
    path = tmp_path / "old.db"
    build(path)
    back_to_schema_1(path)
    db = open_db(path, migrate=False)
    assert not rollup.installed(db) and not call_search.present(db)
    before = stats.compute(db, Filter())  # from the calls themselves
    searched = stats.compute(db, Filter(search="refund"))  # word by word, in the notes
    db.close()
    db = open_db(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(STEPS)
    assert rollup.installed(db) and call_search.installed(db)
    after = stats.compute(db, Filter())
    assert after.from_rollup and not before.from_rollup
    assert after == before and after.calls == 7
    assert stats.compute(db, Filter(search="refund")) == searched and searched.calls == 4
    assert queries.count(db, Filter(search="refund manager")) == 1  # the summary is searched too


def test_rollups_left_without_triggers_are_repaired_on_opening(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    db = open_db(path)
    rollup.drop_triggers(db)  # as a demo load killed half way would leave it
    db.execute("DELETE FROM rollup_calls")
    db.close()
    db = open_for_reading(path)
    assert rollup.installed(db)
    assert db.execute("SELECT sum(calls) FROM rollup_calls WHERE period = 'day'").fetchone()[0] == 7


def test_search_documents_left_without_triggers_are_rebuilt_on_opening(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    db = open_db(path)
    with db.atomic():
        call_search.drop_triggers(db.conn)  # as a demo load killed half way would leave it
        db.execute("DELETE FROM call_search")
    db.close()
    db = open_for_reading(path)
    assert call_search.installed(db)
    assert queries.count(db, Filter(search="late")) == 2


def test_the_notes_search_triggers_survive_the_migration(tmp_path):
    db = open_db(tmp_path / "calls.db")
    names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    assert {
        "notes_ai",
        "notes_ad",
        "notes_au",
        *rollup_defs.TRIGGERS,
        *call_search.TRIGGERS,
    } <= names
    assert [m.name for m in migrations().pending(db)] == []


def test_the_review_queries_use_indexes_not_table_scans(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    db = open_for_reading(path)

    def plan(sql: str, params=()) -> str:
        return " | ".join(r[3] for r in db.execute(f"EXPLAIN QUERY PLAN {sql}", params))

    page = "SELECT id FROM calls c {} ORDER BY c.started_at DESC, c.id DESC LIMIT 100"
    assert "USING COVERING INDEX idx_calls_started_id" in plan(page.format(""))
    keyset = plan(page.format("WHERE (c.started_at, c.id) < (?, ?)"), ["2026-11-10", "x"])
    assert "SEARCH c USING COVERING INDEX idx_calls_started_id ((started_at,id)<(?,?))" in keyset
    assert "idx_calls_agent_started_at (agent=?)" in plan(
        page.format("WHERE c.agent IN (?)"), ["Ann"]
    )
    first = "SELECT c.id, f.rowid FROM " + search._JOIN + " WHERE calls_fts MATCH ? {}"
    found = plan(first.format("ORDER BY f.rowid DESC LIMIT 101"), ['"x"*'])
    assert found.startswith("SCAN f VIRTUAL TABLE INDEX") and "TEMP B-TREE" not in found
    assert "sqlite_autoindex_calls_1 (id=?)" in found
    steps = plan(
        "SELECT agent, sum(steps) FROM rollup_steps WHERE period = 'day' "
        "AND day >= ? AND day < ? AND agent IN (?) GROUP BY agent, checklist_id, "
        "language, step_id, status",
        ["2026-11-02", "2026-11-09", "Ann"],
    )
    assert "SEARCH rollup_steps USING PRIMARY KEY (period=? AND day>? AND day<?)" in steps
    # A search's statistics: the index's matches, each led to its call's kept row by its key;
    # the kept steps past the slots looked up call by call, never scanned.
    searched = plan(stats_search.part_sql(), ['"x"*', 0, 1 << 62])
    assert "SCAN calls_fts VIRTUAL TABLE INDEX" in searched
    assert "SEARCH f USING INTEGER PRIMARY KEY (rowid=?)" in searched
    assert "SEARCH s USING PRIMARY KEY (key=?)" in searched and "SCAN s" not in searched


def test_rollups_made_by_other_definitions_are_made_again_on_opening(tmp_path):
    """A rollup whose trigger differs from today's definitions (an older callmate's) is not
    trusted: the opening makes the rollups again, and meanwhile figures come from the calls."""
    path = tmp_path / "calls.db"
    build(path)
    db = open_db(path)
    before = stats.compute(db, Filter())
    (sql,) = db.conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'rollup_steps_insert'"
    ).fetchone()
    with db.atomic():
        db.execute("DROP TRIGGER rollup_steps_insert")
        db.execute(sql.replace("'skipped'", "'done'", 1))  # another idea of a skip
        db.execute("UPDATE rollup_steps SET skipped = skipped + 1")
    assert not rollup.usable(db)
    assert stats.compute(db, Filter()) == before  # read from the calls meanwhile
    db.close()
    db = open_for_reading(path)
    assert rollup.usable(db)
    after = stats.compute(db, Filter())
    assert after.from_rollup and after == before
