"""``callmate demo-data``: the same calls for the same seed, shaped like the live path's rows."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter

import pytest
from click.testing import CliRunner

from callmate.checklists import catalog
from callmate.cli import cli
from callmate.store import rollup
from callmate.store.db import open_db
from tests.test_review_dataset import build

END = "2026-11-23T12:00:00"
TABLES = ("calls", "call_steps", "notes", "events", "checklists")


def demo(path, *args: str):
    result = CliRunner().invoke(cli, ["demo-data", "--db", str(path), "--end", END, *args])
    assert result.exit_code == 0, result.output
    return result.output


def dump(path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_log(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    out = CliRunner().invoke(
        cli, ["demo-data", "--db", str(path), "--calls", "600", "--seed", "3", "--end", END]
    )
    assert out.exit_code == 0, out.output
    return path


def test_the_same_seed_makes_the_same_calls_and_another_seed_others(tmp_path):
    first, second, other = tmp_path / "1.db", tmp_path / "2.db", tmp_path / "3.db"
    assert "Wrote 200 demo calls (" in demo(first, "--calls", "200", "--seed", "5")
    demo(second, "--calls", "200", "--seed", "5")
    demo(other, "--calls", "200", "--seed", "6")
    assert dump(first) == dump(second)
    assert {r[0] for r in dump(first)["calls"]}.isdisjoint(r[0] for r in dump(other)["calls"])


def test_running_it_twice_on_one_file_is_refused_in_one_line(tmp_path):
    path = tmp_path / "demo.db"
    demo(path, "--calls", "20", "--seed", "5")
    result = CliRunner().invoke(
        cli, ["demo-data", "--db", str(path), "--calls", "20", "--seed", "5", "--end", END]
    )
    assert result.exit_code == 1 and "already holds the demo calls of seed 5" in result.output
    demo(path, "--calls", "20", "--seed", "8")  # another seed adds to it
    assert len(dump(path)["calls"]) == 40


def test_demo_calls_cover_every_checklist_agent_language_and_outcome(demo_log):
    conn = sqlite3.connect(demo_log)
    calls = conn.execute(
        "SELECT checklist_source, agent, language, outcome, status, started_at FROM calls"
    ).fetchall()
    sources = {row[0] for row in calls}
    # Every checklist for calls; the one for written complaints has no place in a call log.
    spoken = {e.name for e in catalog.entries() if e.builtin and not e.name.startswith("written")}
    assert sources == {f"builtin:{name}" for name in spoken}
    assert len({row[1] for row in calls}) >= 10 and {row[2] for row in calls} == {"en", "tr", "et"}
    outcomes = Counter(row[3] for row in calls)
    assert outcomes["resolved"] > 300 and outcomes["resolved"] > outcomes["escalated"] > 30
    assert {row[4] for row in calls} <= {"closed", "abandoned"}  # nothing left open to resume
    assert min(row[5] for row in calls) >= "2026-05-27" and max(row[5] for row in calls) < END
    notes = [row[0] for row in conn.execute("SELECT text FROM notes")]
    for word in ("refund", "iade", "raha tagasi", "late", "broken", "@example.com", "+44 "):
        assert any(word in n.lower() for n in notes), word
    hits = conn.execute("SELECT count(*) FROM notes_fts WHERE notes_fts MATCH 'refund'")
    assert hits.fetchone()[0] > 10  # the notes are indexed for search


def test_demo_rows_are_shaped_like_the_live_paths(demo_log, tmp_path):
    build(tmp_path / "live.db")  # calls through Call + store.live
    demo_conn, live_conn = sqlite3.connect(demo_log), sqlite3.connect(tmp_path / "live.db")

    def shape(conn) -> dict[str, set]:
        found: dict[str, set] = {}
        for kind, data in conn.execute("SELECT kind, data FROM events"):
            found.setdefault(kind, set()).add(tuple(sorted(json.loads(data))))
        return found

    live_shape, demo_shape = shape(live_conn), shape(demo_conn)
    for kind, keys in demo_shape.items():
        if kind in live_shape:
            assert keys == live_shape[kind], kind
    assert {
        "started",
        "step_done",
        "phrase_copied",
        "warning",
        "escalated",
        "at_fault",
        "call_ended",
        "wrapped_up",
        "break_started",
        "break_ended",
    } <= set(demo_shape)
    for conn in (demo_conn, live_conn):
        assert (
            conn.execute(
                "SELECT count(*) FROM call_steps WHERE seconds != seconds_done "
                "AND status != 'current'"
            ).fetchone()[0]
            == 0
        )
        assert conn.execute("SELECT count(*) FROM notes WHERE step_id IS NULL").fetchone()[0] == 0
        per_call = conn.execute(
            "SELECT c.checklist_source, count(*) FROM calls c JOIN call_steps s "
            "ON s.call_id = c.id GROUP BY c.id"
        ).fetchall()
        for source, steps in per_call:  # every step of the checklist has its row
            assert steps == len(catalog.resolve(source.removeprefix("builtin:")).steps)


def test_demo_rollups_equal_a_rebuild_and_triggers_are_back(demo_log):
    db = open_db(demo_log)
    assert rollup.installed(db)

    def rows():
        return sorted(tuple(r) for r in db.conn.execute("SELECT * FROM rollup_steps WHERE steps"))

    loaded = rows()
    with db.atomic():
        rollup.rebuild(db)
    assert rows() == loaded
    names = {r[0] for r in db.conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")}
    assert {"notes_ai", "notes_ad", "notes_au"} <= names
