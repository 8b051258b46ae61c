"""``callmate merge`` brings calls that changed since up to date, still idempotent, and writes in
short transactions so an agent writing to the team log meanwhile is never held up for long."""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from callmate.call import Call
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.demo import generate as demo
from callmate.review import queries, stats
from callmate.review.filters import Filter
from callmate.store import live, merge, rollup, rollup_defs
from callmate.store.db import open_db

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def record(path) -> dict:
    db = queries.open_for_reading(path)
    try:
        return {
            cid: queries.call_record(db, cid) for (cid,) in db.conn.execute("SELECT id FROM calls")
        }
    finally:
        db.close()


@pytest.fixture
def open_call(tmp_path):
    """An agent's log with a call still open (one note so far), and the call to go on with."""
    path = tmp_path / "agent.db"
    db = open_db(path)
    checklist = catalog.resolve("default.en")
    clock = FakeClock(START)
    call, change = Call.start(checklist, clock, agent="Ann", call_id="a" * 32)
    live.apply(db, change, checklist)
    clock.advance(20)
    live.apply(db, call.next())
    live.apply(db, call.add_note("wants a refund"))
    return path, db, call, clock


def test_a_call_merged_while_open_is_brought_up_to_date(open_call, tmp_path):
    path, db, call, clock = open_call
    team = tmp_path / "team.db"
    first = run("merge", str(path), "--db", str(team))
    assert "added 1 call" in first and "updated 0" in first
    assert record(team)["a" * 32]["status"] == "open"
    # Later in the agent's log: more notes, the call closed and wrapped up.
    clock.advance(30)
    live.apply(db, call.add_note("courier collects on Monday"))
    live.apply(db, call.next())
    clock.advance(15)
    live.apply(db, call.wrap_up(outcome="resolved", summary="voucher sent"))
    db.close()
    second = run("merge", str(path), "--db", str(team))
    assert "added 0 calls" in second and "updated 1" in second and "0 already current" in second
    assert record(team) == record(path)  # row, steps, notes and events alike
    reader = queries.open_for_reading(team)
    assert queries.count(reader, Filter(search="refund courier voucher")) == 1
    s = stats.compute(reader, Filter())
    assert s.handled == 1 and s.unfinished == 0
    reader.close()
    third = run("merge", str(path), "--db", str(team))
    assert "added 0 calls" in third and "updated 0" in third and "1 already current" in third
    assert record(team) == record(path)


def test_a_copy_older_than_the_team_logs_is_left_alone(open_call, tmp_path):
    path, db, call, clock = open_call
    newer = tmp_path / "newer.db"
    team = tmp_path / "team.db"
    run("merge", str(path), "--db", str(team))
    live.apply(db, call.add_note("the later copy"))
    db.close()
    run("merge", str(path), "--db", str(newer))  # a copy holding the later state
    run("merge", str(newer), "--db", str(team))  # the team log takes it
    stale = tmp_path / "stale.db"
    conn = sqlite3.connect(team)
    conn.execute("UPDATE calls SET updated_at = '2026-11-20T10:00:00+00:00'")  # ahead of both
    conn.commit()
    conn.close()
    before = record(team)
    run("merge", str(path), "--db", str(stale))
    out = run("merge", str(stale), "--db", str(team))
    assert "updated 0" in out and "1 already current" in out
    assert record(team) == before


def test_the_rollups_stay_equal_to_a_rebuild_after_updates(open_call, tmp_path):
    path, db, call, clock = open_call
    team = tmp_path / "team.db"
    run("merge", str(path), "--db", str(team))
    live.apply(db, call.toggle_fault())
    live.apply(db, call.wrap_up(outcome="callback"))
    db.close()
    run("merge", str(path), "--db", str(team))
    target = open_db(team)
    kept = [sorted(target.conn.execute(f"SELECT * FROM {r.table}")) for r in rollup_defs.ROLLUPS]
    with target.atomic():
        rollup.rebuild(target)
    assert [
        sorted(target.conn.execute(f"SELECT * FROM {r.table}")) for r in rollup_defs.ROLLUPS
    ] == kept
    target.close()


def test_a_big_merge_never_holds_an_agent_up_for_long(tmp_path, monkeypatch):
    """While thousands of calls are merged, an agent's writes (each a short transaction with a
    one-second busy timeout, as the live path has) all go through."""
    source = tmp_path / "source.db"
    db = open_db(source)
    demo.generate(db, 3000, seed=3, end=START, days=30)
    db.close()
    team = tmp_path / "team.db"
    open_db(team).close()
    waits: list[float] = []
    failures: list[str] = []
    done = threading.Event()

    def agent() -> None:
        conn = sqlite3.connect(team, timeout=1.0, isolation_level=None)
        conn.execute("CREATE TABLE IF NOT EXISTS agent_writes (n INTEGER)")
        n = 0
        while not done.is_set():
            started = time.monotonic()
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO agent_writes VALUES (?)", [n])
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                failures.append(str(exc))
            waits.append(time.monotonic() - started)
            n += 1
            time.sleep(0.01)
        conn.close()

    thread = threading.Thread(target=agent)
    thread.start()
    seen: list[tuple[int, int]] = []
    try:
        target = open_db(team)
        report = merge.merge_file(target, source, team, progress=lambda d, t: seen.append((d, t)))
        target.close()
    finally:
        done.set()
        thread.join()
    assert report.added == 3000 and not failures
    assert len(waits) > 20 and max(waits) < 1.0
    assert seen[-1] == (3000, 3000) and len(seen) > 2  # progress as it went


def test_progress_is_shown_on_a_terminal_only(open_call, tmp_path):
    path, db, *_ = open_call
    db.close()
    team = tmp_path / "team.db"
    result = CliRunner().invoke(cli, ["merge", str(path), "--db", str(team)])
    assert "…" not in result.output  # not a terminal: no progress line
    # The real program with a terminal on its stderr (a pseudo-terminal), as a lead runs it.
    terminal, side = pty.openpty()
    with os.fdopen(terminal, "rb", buffering=0) as reading:
        with os.fdopen(side, "wb", buffering=0) as writing:
            done = subprocess.run(
                [sys.executable, "-m", "callmate", "merge", str(path), "--db", str(team)],
                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=writing, timeout=60,
            )  # fmt: skip
        shown = reading.read(1 << 16).decode()
    assert done.returncode == 0
    assert f"{path}: 1 of 1 calls…" in shown
