"""Calls an older callmate saved (schema 9) are read again fairly when the log is brought up to
date, and when merged from an older agent's file: steps never reached are no longer skips, the
step an escalation jumped away from is no longer done, an escalation taken back reads as
escalated and returned."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.review import stats
from callmate.review.filters import Filter
from callmate.store import call_figures, live, merge, rollup
from callmate.store.db import open_db, open_for_reading
from callmate.store.schema import SCHEMA_VERSION
from tests.test_call_figures import dump

pytestmark = pytest.mark.usefixtures("utc_dates")

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def write_calls(path) -> dict[str, str]:
    """Three calls through the live path: ended early with one step skipped on purpose,
    escalated from "vent", and escalated then taken back (with a draft left in the row)."""
    checklist = catalog.resolve("default.en")
    db = open_db(path)
    ids = {}
    for n, name in enumerate(("early", "escalated", "returned")):
        clock = FakeClock(START + timedelta(hours=n))
        call, change = Call.start(checklist, clock, agent="Ann", call_id=f"{n:032x}")
        ids[name] = call.id
        changes = [change]
        clock.advance(10)
        changes.append(call.next())  # calm done
        clock.advance(10)
        if name == "early":
            changes += [call.skip(), call.end()]  # vent skipped; acknowledge where it ended
        elif name == "escalated":
            changes += [call.toggle_escalation(), call.next(), call.next()]
        else:
            changes.append(call.toggle_escalation())
            clock.advance(5)
            changes += [call.toggle_escalation(), call.set_draft("wants a refund")]
            clock.advance(5)
            changes.append(call.end())
        for made in changes:
            live.apply(db, made, checklist if made is change else None)
        live.apply(db, call.wrap_up(outcome="escalated" if name == "escalated" else "resolved"))
    db.close()
    return ids


def as_schema_9(path, ids: dict[str, str]) -> None:
    """Take the file back to what callmate saved before schema 10: unreached steps skipped, the
    step escalated from done, an escalation taken back not escalated, no draft time."""
    conn = sqlite3.connect(path)
    with conn:
        rollup.drop_triggers(type("Db", (), {"conn": conn})())
        call_figures.drop_triggers(conn)
        conn.execute("UPDATE call_steps SET status = 'skipped' WHERE status = 'not_reached'")
        conn.execute(
            "UPDATE call_steps SET status = 'done' WHERE call_id = ? AND step_id = 'vent'",
            [ids["escalated"]],
        )
        conn.execute("UPDATE calls SET escalated = 0 WHERE id = ?", [ids["returned"]])
        conn.execute("UPDATE calls SET draft = 'left typed' WHERE id = ?", [ids["returned"]])
        for column in ("escalation_withdrawn", "draft_at"):
            conn.execute(f"ALTER TABLE calls DROP COLUMN {column}")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm010_fair_figures'")
        conn.execute("PRAGMA user_version = 9")
    conn.close()


def statuses(conn, call_id: str) -> dict[str, str]:
    return dict(conn.execute("SELECT step_id, status FROM call_steps WHERE call_id = ?", [call_id]))


def check_read_again(conn, ids: dict[str, str]) -> None:
    early = statuses(conn, ids["early"])
    assert early["vent"] == "skipped"  # the agent's own skip stays one
    assert early["acknowledge"] == "done"  # where the call ended
    assert {early[s] for s in ("restate", "apologise", "resolve", "thank")} == {"not_reached"}
    escalated = statuses(conn, ids["escalated"])
    assert escalated["vent"] == "not_reached" and escalated["resolve"] == "done"
    returned = statuses(conn, ids["returned"])
    assert returned["resolve"] == "not_reached"  # visited only while escalated
    flags = dict(
        (i, (e, w))
        for i, e, w in conn.execute("SELECT id, escalated, escalation_withdrawn FROM calls")
    )
    assert flags == {ids["early"]: (0, 0), ids["escalated"]: (1, 0), ids["returned"]: (1, 1)}


def test_a_schema_9_log_is_read_again_fairly_when_brought_up_to_date(tmp_path):
    path = tmp_path / "calls.db"
    ids = write_calls(path)
    fair = dump(open_for_reading(path))
    expected = stats.compute(open_for_reading(path), Filter())
    as_schema_9(path, ids)
    said: list[str] = []
    reading = open_for_reading(path, say=said.append)
    assert said == [f"brought {path} up to date (schema 9 → {SCHEMA_VERSION})"]
    check_read_again(reading.conn, ids)
    (updated,) = reading.conn.execute(
        "SELECT updated_at FROM calls WHERE id = ?", [ids["returned"]]
    ).fetchone()
    (draft_at,) = reading.conn.execute(
        "SELECT draft_at FROM calls WHERE id = ?", [ids["returned"]]
    ).fetchone()
    assert draft_at == updated  # typed at the latest when the row was last saved
    assert rollup.installed(reading) and call_figures.installed(reading)
    assert dump(reading) == fair
    found = stats.compute(reading, Filter())
    assert found.from_rollup and found == expected
    assert [st.step_id for st in found.most_skipped] == ["vent"]
    assert (found.escalated, found.escalations_withdrawn) == (2, 1)


def test_merging_an_older_agents_file_reads_its_calls_again_fairly(tmp_path):
    source = tmp_path / "agent.db"
    ids = write_calls(source)
    as_schema_9(source, ids)
    team = tmp_path / "team.db"
    db = open_db(team)
    report = merge.merge_file(db, source, team)
    assert report.added == 3
    check_read_again(db.conn, ids)
    assert call_figures.installed(db)
    kept = dump(db)
    with db.atomic():
        call_figures.rebuild(db.conn)
    assert dump(db) == kept  # the figures followed the calls read again
    again = merge.merge_file(db, source, team)
    assert again.current == 3 and again.added == again.updated == 0
    db.close()
    # The agent's file is read, never changed.
    conn = sqlite3.connect(source)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 9
    assert statuses(conn, ids["early"])["thank"] == "skipped"
    conn.close()
