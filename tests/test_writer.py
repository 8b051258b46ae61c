"""The background writer: jobs in order, flush, and failures (locked, read-only) that are reported,
retried and recovered from without ever raising into the caller."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from sqlite_utils import Database

from callmate.call import Call
from callmate.store import db as store_db, live, writer
from callmate.store.db import open_db
from callmate.store.writer import Writer
from tests.ui_helpers import as_dicts

WAIT = 10.0  # seconds; only ever reached when something is broken


class Reports:
    """Collects on_error / on_recovered calls from the writer thread."""

    def __init__(self):
        self.errors: list[str] = []
        self.recovered = 0
        self.failed = threading.Event()
        self.back = threading.Event()

    def on_error(self, message: str) -> None:
        self.errors.append(message)
        self.failed.set()

    def on_recovered(self) -> None:
        self.recovered += 1
        self.back.set()


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(writer, "RETRY_SECONDS", (0.02, 0.05))
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 50)


@pytest.fixture
def db_path(tmp_path) -> Path:
    path = tmp_path / "calls.db"
    open_db(path).close()  # an existing, migrated database
    return path


@pytest.fixture
def reports() -> Reports:
    return Reports()


@pytest.fixture
def make_writer(db_path, reports):
    made: list[Writer] = []

    def make(**kwargs) -> Writer:
        w = Writer(db_path, on_error=reports.on_error, on_recovered=reports.on_recovered, **kwargs)
        made.append(w)
        return w

    yield make
    for w in made:
        w.close(timeout=1.0)


def read(db_path: Path, call_id: str):
    db = open_db(db_path)
    try:
        found = live.load_call(db, call_id)
        return None if found is None else as_dicts(found)
    finally:
        db.close()


def test_jobs_run_in_order_and_their_results_come_back(make_writer, db_path, checklist, clock):
    w = make_writer()
    call, change = Call.start(checklist, clock, agent="Mert")
    results: list = []
    w.submit(lambda db: live.apply(db, change, checklist))
    for n in range(1, 21):
        clock.advance(1)
        note = call.add_note(f"not {n}")
        w.submit(lambda db, note=note: live.apply(db, note))
        w.submit(lambda db, n=n: n, on_done=results.append)
    assert w.flush(timeout=WAIT)
    assert results == list(range(1, 21))
    assert w.pending == 0
    stored = read(db_path, call.id)
    assert [n["text"] for n in stored["notes"]] == [f"not {n}" for n in range(1, 21)]


def test_flush_waits_until_every_job_is_done(make_writer):
    w = make_writer()
    go = threading.Event()
    done: list[str] = []
    w.submit(lambda db: go.wait(WAIT))
    w.submit(lambda db: done.append("second"))
    assert w.flush(timeout=0.1) is False
    assert w.pending == 2 and done == []
    go.set()
    assert w.flush(timeout=WAIT) is True
    assert w.pending == 0 and done == ["second"]


def test_jobs_run_on_one_thread_that_is_not_the_callers(make_writer):
    w = make_writer()
    threads: list[int] = []
    for _ in range(3):
        w.submit(lambda db: threads.append(threading.get_ident()))
    assert w.flush(timeout=WAIT)
    assert len(set(threads)) == 1 and threads[0] != threading.get_ident()


def test_a_failing_callback_does_not_stop_the_writer(make_writer):
    w = make_writer()
    after: list[int] = []
    w.submit(lambda db: 1, on_done=lambda result: 1 / 0)
    w.submit(lambda db: 2, on_done=after.append)
    assert w.flush(timeout=WAIT)
    assert after == [2]


def test_a_locked_database_is_reported_then_retried_until_it_succeeds(
    make_writer, reports, db_path, checklist, clock
):
    call, change = Call.start(checklist, clock, agent="Mert", customer="Ayşe")
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        w = make_writer()
        w.submit(lambda db: live.apply(db, change, checklist))  # never raises here
        assert reports.failed.wait(WAIT)
        assert w.failing
        assert w.pending == 1  # kept at the head of the queue, not dropped
        assert "busy" in reports.errors[0] and "locked" in reports.errors[0]
        assert str(db_path) in reports.errors[0]
        assert reports.recovered == 0
        assert read(db_path, call.id) is None
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert w.flush(timeout=WAIT)
    assert reports.back.is_set() and reports.recovered == 1
    assert not w.failing
    assert read(db_path, call.id)["call"]["customer"] == "Ayşe"


def test_jobs_queued_behind_a_failing_one_wait_and_keep_their_order(
    make_writer, reports, db_path, checklist, clock
):
    call, change = Call.start(checklist, clock, agent="Mert")
    notes = []
    for n in range(3):
        clock.advance(1)
        notes.append(call.add_note(f"bekleyen not {n}"))
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        w = make_writer()
        w.submit(lambda db: live.apply(db, change, checklist))
        for note in notes:
            w.submit(lambda db, note=note: live.apply(db, note))
        assert reports.failed.wait(WAIT)
        assert w.pending == 4
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert w.flush(timeout=WAIT)
    stored = read(db_path, call.id)
    assert [n["text"] for n in stored["notes"]] == [f"bekleyen not {n}" for n in range(3)]


def read_only(path: Path) -> Database:
    return Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))


def test_a_read_only_database_is_reported_and_never_raises_into_the_caller(
    make_writer, reports, db_path, checklist, clock
):
    w = make_writer(opener=read_only)
    call, change = Call.start(checklist, clock, agent="Mert")
    w.submit(lambda db: live.apply(db, change, checklist))
    w.submit(lambda db: live.apply(db, call.add_note("kaydedilemeyen not")))
    assert reports.failed.wait(WAIT)
    assert "read-only" in reports.errors[0]
    assert "Keep going" in reports.errors[0]
    assert w.flush(timeout=0.2) is False
    assert w.failing and w.pending == 2
    assert w.close(timeout=0.2) is False  # gives up without raising
    assert read(db_path, call.id) is None


def test_a_database_that_becomes_writable_again_is_saved_to(
    make_writer, reports, db_path, checklist, clock
):
    opened: list[str] = []

    def opener(path: Path) -> Database:
        # Read-only until the first failure has been reported, as if permissions were fixed.
        if not reports.failed.is_set():
            opened.append("ro")
            return read_only(path)
        opened.append("rw")
        return open_db(path)

    w = make_writer(opener=opener)
    call, change = Call.start(checklist, clock, agent="Mert")
    w.submit(lambda db: live.apply(db, change, checklist))
    assert w.flush(timeout=WAIT)
    assert "read-only" in reports.errors[0]
    assert reports.recovered == 1
    assert opened[0] == "ro" and opened[-1] == "rw"
    assert read(db_path, call.id)["call"]["agent"] == "Mert"


def test_close_finishes_queued_jobs_then_closes(make_writer, db_path, checklist, clock):
    w = make_writer()
    call, change = Call.start(checklist, clock, agent="Mert")
    w.submit(lambda db: live.apply(db, change, checklist))
    assert w.close(timeout=WAIT) is True
    assert read(db_path, call.id) is not None


def test_a_status_callback_that_raises_does_not_stop_the_writer(db_path, checklist, clock):
    raised = threading.Event()

    def broken_on_error(message: str) -> None:
        raised.set()
        raise RuntimeError("the screen is gone")

    call, change = Call.start(checklist, clock, agent="Mert")
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    w = Writer(db_path, on_error=broken_on_error, on_recovered=lambda: 1 / 0)
    try:
        w.submit(lambda db: live.apply(db, change, checklist))
        assert raised.wait(WAIT)
        blocker.execute("ROLLBACK")
        assert w.flush(timeout=WAIT)
        w.submit(lambda db: live.apply(db, call.add_note("sonraki not")))
        assert w.flush(timeout=WAIT)
    finally:
        blocker.close()
        w.close(timeout=1.0)
    assert [n["text"] for n in read(db_path, call.id)["notes"]] == ["sonraki not"]
