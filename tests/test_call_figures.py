"""The figures kept for each call (``store.call_figures``): kept by triggers exactly as a rebuild
makes them, whatever is written, and the statistics of a search read from them agree with the
same statistics computed from the calls themselves."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from callmate.demo import generate as demo
from callmate.review import stats, stats_source
from callmate.review.pages import Typed, resolve
from callmate.store import call_figures, rollup
from callmate.store.db import open_db, open_for_reading
from callmate.store.schema import SCHEMA_VERSION
from tests.test_review_dataset import build

pytestmark = pytest.mark.usefixtures("utc_dates")

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)


def dump(db) -> tuple[list, list]:
    """Every call's row and every step's row past the slots, each kind of step by its names and
    each shape by the names of its kinds (a rebuild may number them in another order)."""
    conn = db.conn
    names = {r[0]: r[1:] for r in conn.execute(f"SELECT * FROM {call_figures.KINDS_TABLE}")}
    rows = conn.execute(f"SELECT id, kinds FROM {call_figures.SHAPES_TABLE}")
    shapes = {r[0]: tuple(names[int(k)] if k else None for k in r[1].split(" ")) for r in rows}
    rows = conn.execute(f"SELECT id, phrases FROM {call_figures.PHRASES_TABLE}")
    sets = {r[0]: tuple(sorted(r[1].split("\n"))) for r in rows}
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({call_figures.CALLS_TABLE})")]
    shape, phrases = columns.index("shape"), columns.index("phrases")
    calls = sorted(
        repr(
            (
                *r[:shape],
                shapes.get(r[shape]),
                *r[shape + 1 : phrases],
                sets.get(r[phrases]),
                *r[phrases + 1 :],
            )
        )
        for r in conn.execute(f"SELECT * FROM {call_figures.CALLS_TABLE}")
    )
    steps = sorted(
        repr((r[0], r[1], names[r[2]], *r[3:]))
        for r in conn.execute(f"SELECT * FROM {call_figures.STEPS_TABLE}")
    )
    return calls, steps


def rebuilt(db) -> tuple[list, list]:
    with db.atomic():
        call_figures.rebuild(db.conn)
    return dump(db)


@pytest.fixture
def written(tmp_path):
    ids = build(tmp_path / "calls.db")
    db = open_db(tmp_path / "calls.db")
    yield db, ids
    db.close()


def test_calls_written_live_keep_the_figures_a_rebuild_makes(written):
    db, _ = written
    kept = dump(db)
    assert len(kept[0]) == 7  # every call, the open one too
    assert kept[1] == []  # no checklist has more steps than the slots
    (shapes,) = db.conn.execute(
        f"SELECT count(DISTINCT shape) FROM {call_figures.CALLS_TABLE}"
    ).fetchone()
    assert shapes == 4  # default in three languages, and HEARD
    assert rebuilt(db) == kept


def test_the_figures_follow_every_change_to_a_call_and_its_steps(written):
    db, ids = written
    conn = db.conn
    with db.atomic():
        conn.execute(
            "UPDATE calls SET at_fault = 1 - at_fault, escalated = 1 WHERE id = ?", [ids["A"]]
        )
        conn.execute(
            "UPDATE calls SET started_at = '2026-11-22T08:00:00+00:00', summary = 'x' WHERE id = ?",
            [ids["C"]],
        )  # a new second: a new key
        conn.execute(
            "UPDATE calls SET status = 'closed', outcome = 'resolved', "
            "duration_seconds = 61 WHERE id = ?",
            [ids["G"]],
        )
        conn.execute(
            "UPDATE call_steps SET status = 'skipped', visits = 0 WHERE call_id = ? "
            "AND position = 3",
            [ids["F"]],
        )
        conn.execute("UPDATE call_steps SET title = 'Renamed' WHERE call_id = ?", [ids["E"]])
        conn.execute("DELETE FROM call_steps WHERE call_id = ? AND position = 1", [ids["B"]])
        conn.execute("DELETE FROM notes WHERE call_id = ?", [ids["D"]])
        conn.execute("DELETE FROM events WHERE call_id = ?", [ids["D"]])
        conn.execute("DELETE FROM call_steps WHERE call_id = ?", [ids["D"]])
        conn.execute("DELETE FROM calls WHERE id = ?", [ids["D"]])
    kept = dump(db)
    assert len(kept[0]) == 6
    assert rebuilt(db) == kept


def test_the_phrases_and_hold_kept_follow_every_event_written_edited_or_deleted(written):
    db, ids = written
    conn = db.conn

    def event(call: str, kind: str, step: str | None, data: str | None) -> None:
        seq = conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM events WHERE call_id = ?", [ids[call]]
        ).fetchone()[0]
        conn.execute(
            "INSERT INTO events (call_id, seq, at, offset_seconds, step_id, kind, data) "
            "VALUES (?, ?, '2026-11-23T12:00:00+00:00', 1, ?, ?, ?)",
            [ids[call], seq, step, kind, data],
        )

    kept = dump(db)
    assert any("'resolve\\t2'" in row for row in kept[0])  # the phrase call A copied
    with db.atomic():
        event("A", "phrase_copied", "greet", '{"number": 2, "text": "Hi"}')
        event("A", "phrase_copied", "greet", '{"number": 2, "text": "Hi again"}')  # once
        event("B", "hold_started", None, "{}")
        event("C", "phrase_copied", None, "not json")
        event("C", "step_done", "greet", "{}")  # not one the figures read
    assert dump(db) == rebuilt(db) != kept
    with db.atomic():
        conn.execute(
            "UPDATE events SET data = '{\"number\": 3}' WHERE call_id = ? AND kind = "
            "'phrase_copied' AND data LIKE '%again%'",
            [ids["A"]],
        )
        conn.execute(
            "UPDATE events SET call_id = ? WHERE call_id = ? AND kind = 'hold_started'",
            [ids["E"], ids["B"]],
        )  # moved to another call: both are made again
        conn.execute(
            "UPDATE events SET kind = 'hold_started' WHERE call_id = ? AND kind = "
            "'phrase_copied' AND data = 'not json'",
            [ids["C"]],
        )
        conn.execute("DELETE FROM events WHERE call_id = ? AND kind = 'phrase_copied'", [ids["F"]])
        conn.execute("UPDATE calls SET checklist_id = 'other', language = 'tr' WHERE id = ?",
                     [ids["G"]])  # fmt: skip
    assert dump(db) == rebuilt(db)
    held = dict(
        conn.execute(
            f"SELECT d.call_id, f.hold FROM {call_figures.CALLS_TABLE} f "
            "JOIN call_search d ON d.key = f.key"
        ).fetchall()
    )
    assert held[ids["E"]] == 1 and held[ids["B"]] == 0 and held[ids["C"]] == 1


def test_a_bulk_load_suspends_them_and_makes_them_again(tmp_path):
    db = open_db(tmp_path / "demo.db")
    demo.generate(db, 300, seed=3, end=NOW, days=20)
    assert call_figures.installed(db) and rollup.installed(db)
    kept = dump(db)
    assert len(kept[0]) == 300
    assert rebuilt(db) == kept


def test_an_interrupted_load_is_repaired_at_the_next_opening(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    db = open_db(path)
    kept = dump(db)
    call_figures.drop_triggers(db.conn)  # as a demo load killed half way would leave it
    db.conn.execute(f"DELETE FROM {call_figures.STEPS_TABLE}")
    db.close()
    db = open_db(path)
    assert call_figures.installed(db)
    assert dump(db) == kept


def searched_and_raw(db, monkeypatch, **typed):
    """The statistics of a search read from the kept figures, and computed from the calls."""
    filt = resolve(db, Typed(**typed), NOW)
    with monkeypatch.context() as m:
        m.setattr(stats_source, "in_one_pass", lambda *a: pytest.fail("read the calls"))
        kept = stats.compute(db, filt)
    with monkeypatch.context() as m:
        m.setattr(call_figures, "installed", lambda db: False)
        raw = stats.compute(db, filt)
    return kept, raw


@pytest.mark.parametrize(
    "typed",
    [
        {"search": "refund"},
        {"search": "late"},
        {"search": "refund", "agent": "ann"},
        {"search": "refund", "outcome": "resolved", "since": "2026-11-03"},
        {"search": "refund", "until": "2026-11-20 23:40"},
        {"search": "refund", "outcome": "unfinished"},
        {"search": "nothing-like-this"},
        {"search": "refund", "agent": "nobody"},
        {"search": "refund", "since": "2026-11-22"},
    ],
)
def test_a_searchs_figures_equal_those_computed_from_its_calls(tmp_path, monkeypatch, typed):
    build(tmp_path / "calls.db")
    db = open_for_reading(tmp_path / "calls.db")
    kept, raw = searched_and_raw(db, monkeypatch, **typed)
    assert kept == raw
    if typed["search"] == "refund" and len(typed) == 1:
        assert kept.calls == 4 and kept.steps and kept.adherence.score is not None  # A B F G


def test_on_demo_data_a_searchs_figures_equal_those_computed_from_its_calls(tmp_path, monkeypatch):
    db = open_db(tmp_path / "demo.db")
    demo.generate(db, 1500, seed=7, end=NOW, days=75)
    for typed in (
        {"search": "refund"},
        {"search": "courier pickup"},
        {"search": "refund", "agent": "alice", "since": "20d"},
        {"search": "iade"},
        {"search": "raha", "outcome": "escalated"},
    ):
        kept, raw = searched_and_raw(db, monkeypatch, **typed)
        assert kept == raw, typed
        assert kept.calls > 0 and kept.median_seconds is not None, typed


def test_read_in_parts_on_several_connections_the_figures_are_the_same(tmp_path, monkeypatch):
    db = open_db(tmp_path / "demo.db")
    demo.generate(db, 1200, seed=5, end=NOW, days=40)
    db.close()
    reading = open_for_reading(tmp_path / "demo.db")
    reading.threads, reading.part_calls = 3, 1  # three parts, however few the calls
    opened = []
    sibling = reading.sibling
    reading.sibling = lambda: opened.append(1) or sibling()  # type: ignore[method-assign]
    for typed in (
        {"search": "refund"},
        {"search": "courier", "since": "10d"},
        {"search": "iade", "agent": "deniz", "outcome": "resolved"},
    ):
        kept, raw = searched_and_raw(reading, monkeypatch, **typed)
        assert kept == raw, typed
        assert kept.calls > 0 and kept.median_seconds is not None, typed
    assert len(opened) == 3 * 2  # two more connections for each search


def test_a_checklist_longer_than_the_slots_keeps_its_further_steps_apart(tmp_path, monkeypatch):
    ids = build(tmp_path / "calls.db")
    db = open_db(tmp_path / "calls.db")
    with db.atomic():
        for position, status, seconds in (
            (20, "done", 30.0),
            (21, "skipped", 0.0),
            (22, "done", 95.0),
        ):
            db.conn.execute(
                "INSERT INTO call_steps (call_id, position, step_id, title, kind, status, seconds, "
                "target_seconds, visits) VALUES (?, ?, ?, ?, 'speak', ?, ?, 60, ?)",
                [
                    ids["A"],
                    position,
                    f"more{position}",
                    f"More {position}",
                    status,
                    seconds,
                    int(status == "done"),
                ],
            )
    kept = dump(db)
    assert len(kept[1]) == 2  # ten steps but the break: the ninth and tenth are past the slots
    assert rebuilt(db) == kept
    db.close()
    reading = open_for_reading(tmp_path / "calls.db")
    searched, raw = searched_and_raw(reading, monkeypatch, search="kettle")  # call A alone
    assert searched == raw
    assert {s.step_id: s.skipped for s in searched.steps}["more21"] == 1


def test_a_readers_extra_connections_are_kept_for_the_next_search_and_closed_with_it(tmp_path):
    build(tmp_path / "calls.db")
    reading = open_for_reading(tmp_path / "calls.db")
    other = reading.sibling()
    reading.give_back(other)
    assert reading.sibling() is other  # kept: its pages are mapped already
    reading.give_back(other)
    reading.close()
    with pytest.raises(sqlite3.ProgrammingError):
        other.conn.execute("SELECT 1")


def test_a_log_from_before_the_kept_figures_gets_them_when_brought_up_to_date(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    db = open_db(path)
    kept = dump(db)
    with db.atomic():
        call_figures.drop_triggers(db.conn)
        for table in call_figures.TABLES:
            db.conn.execute(f"DROP TABLE {table}")
        db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm009_call_figures'")
        db.conn.execute("PRAGMA user_version = 8")  # as schema 8 left it
    db.close()
    said: list[str] = []
    reading = open_for_reading(path, say=said.append)
    assert call_figures.installed(reading)
    assert said == [f"brought {path} up to date (schema 8 → {SCHEMA_VERSION})"]
    assert dump(reading) == kept


def test_a_log_of_schema_12_gets_the_phrases_and_hold_when_brought_up_to_date(tmp_path):
    path = tmp_path / "calls.db"
    build(path)
    db = open_db(path)
    kept = dump(db)
    with db.atomic():
        call_figures.drop_triggers(db.conn)
        db.conn.execute(f"DROP TABLE {call_figures.PHRASES_TABLE}")
        for index in call_figures.INDEXES:
            db.conn.execute(f"DROP INDEX {index}")
        for column in call_figures.EVENT_COLUMNS:
            db.conn.execute(f"ALTER TABLE {call_figures.CALLS_TABLE} DROP COLUMN {column}")
        db.conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm013_kept_phrases'")
        db.conn.execute("PRAGMA user_version = 12")  # as schema 12 left it
    db.close()
    said: list[str] = []
    reading = open_for_reading(path, say=said.append)
    assert call_figures.installed(reading)
    assert said == [f"brought {path} up to date (schema 12 → {SCHEMA_VERSION})"]
    assert dump(reading) == kept
