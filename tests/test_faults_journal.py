"""Quitting while another program holds the write lock keeps the call: the changes that could not
be saved go to a private recovery journal beside the database, and the next start saves them.
The lock is held by a real second process (``BEGIN IMMEDIATE``), as a long ``merge`` would."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from callmate.call import Call
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.store import db as store_db, journal, live, writer
from callmate.store.db import open_db
from callmate.store.writer import Writer

HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()  # until the test closes our stdin
conn.execute("ROLLBACK")
"""


@pytest.fixture(autouse=True)
def quick(monkeypatch):
    monkeypatch.setattr(writer, "RETRY_SECONDS", (0.05, 0.1))
    monkeypatch.setattr(writer, "STOP_SECONDS", 0.5)
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_MS", 100)


@pytest.fixture
def db_path(tmp_path) -> Path:
    path = tmp_path / "calls.db"
    open_db(path).close()
    return path


@pytest.fixture
def locked(db_path):
    """Another process holding the write lock on the database until the fixture ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"

    def release() -> None:
        if holder.poll() is None:
            assert holder.stdin is not None
            holder.stdin.close()
            holder.wait(timeout=10)

    yield release
    release()


def a_call_on(w: Writer) -> Call:
    """A call started, noted and wrapped up through the writer, as the live screens do it."""
    checklist = catalog.resolve("default.tr")
    clock = FakeClock()
    call, change = Call.start(checklist, clock, agent="Mert", customer="Işıl Özkan-Şahin")
    w.save(change, checklist)
    for text in ("Kargo gecikti", "İade istiyor", "Kart 4111 1111 1111 1111"):
        clock.advance(10)
        w.save(call.add_note(text))
    w.save(call.next())
    clock.advance(20)
    w.save(call.wrap_up(outcome="resolved", summary="Çözüldü"))
    return call


def stored(db_path: Path, call_id: str):
    db = open_db(db_path)
    try:
        return live.load_call(db, call_id)
    finally:
        db.close()


def test_changes_that_cannot_be_saved_at_the_end_are_kept_then_saved_at_the_next_start(
    db_path, locked, capfd
):
    w = Writer(db_path)
    call = a_call_on(w)
    left = journal.finish(w, timeout=0.5)
    assert left.unsaved == left.kept == 6 and left.lost == 0
    assert left.line() == (
        f"6 changes could not be saved to {db_path}; they are kept in "
        f"{db_path}-unsaved.jsonl and will be saved at the next start"
    )
    kept = journal.journal_path(db_path)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert "4111 1111" not in kept.read_text()  # masked before it was ever stored or kept
    locked()
    replayed: list[str] = []
    again = Writer(db_path, on_replayed=replayed.append)
    again.submit(lambda db: None)  # the first use opens the database
    assert again.close(timeout=5)
    assert replayed == [f"saved 6 changes kept from an earlier session in {kept}"]
    assert not kept.exists()
    found = stored(db_path, call.id)
    assert found is not None and found.call.status == "closed"
    assert [n.text for n in found.notes][:2] == ["Kargo gecikti", "İade istiyor"]
    assert "Traceback" not in capfd.readouterr().err


def test_saving_the_journal_twice_changes_nothing(db_path, locked):
    w = Writer(db_path)
    call = a_call_on(w)
    journal.finish(w, timeout=0.3)
    locked()
    kept = journal.journal_path(db_path)
    copy = kept.read_bytes()
    db = open_db(db_path)
    assert journal.replay(db, kept).startswith("saved 6 changes")
    once = [tuple(r) for r in db.execute("SELECT * FROM notes ORDER BY id").fetchall()]
    kept.write_bytes(copy)  # as if the program had been killed before removing it
    journal.replay(db, kept)
    assert [tuple(r) for r in db.execute("SELECT * FROM notes ORDER BY id").fetchall()] == once
    assert live.load_call(db, call.id).call.outcome == "resolved"
    db.close()


def test_a_line_cut_short_in_the_journal_is_set_aside_not_lost(db_path, locked):
    w = Writer(db_path)
    a_call_on(w)
    journal.finish(w, timeout=0.3)
    locked()
    kept = journal.journal_path(db_path)
    with kept.open("a") as f:
        f.write('{"format": 1, "call": {"id": "cut sho')
    db = open_db(db_path)
    said = journal.replay(db, kept)
    db.close()
    assert "saved 6 changes" in said and "1 damaged line" in said
    assert Path(f"{kept}.damaged").exists() and not kept.exists()


class LiveApp:
    """The live app as the command line starts it: a writer, and the journal at its end."""

    def __init__(self, *, db_path, checklist, settings, **_options):
        self.db_path = db_path
        self.unsaved_at_exit = 0
        self.saver = SimpleNamespace(error="the database is busy")
        self.call: Call | None = None

    def run(self) -> None:
        w = Writer(self.db_path)
        self.call = a_call_on(w)
        self.unsaved_at_exit = journal.finish(w, timeout=0.3).lost


def test_the_command_line_says_in_one_line_where_the_changes_are_kept(db_path, locked, monkeypatch):
    started: list[LiveApp] = []

    def make(**kwargs) -> LiveApp:
        started.append(LiveApp(**kwargs))
        return started[-1]

    monkeypatch.setattr("callmate.ui.app.CallmateApp", make)
    result = CliRunner().invoke(cli, ["--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"callmate: 6 changes could not be saved to {db_path}; they are kept in "
        f"{db_path}-unsaved.jsonl and will be saved at the next start\n"
    )
    locked()
    idle = SimpleNamespace(run=lambda: None, unsaved_at_exit=0, saver=SimpleNamespace(error=""))
    monkeypatch.setattr("callmate.ui.app.CallmateApp", lambda **kwargs: idle)
    result = CliRunner().invoke(cli, ["--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert "saved 6 changes kept from an earlier session" in result.output
    call = started[0].call
    assert call is not None and stored(db_path, call.id).call.summary == "Çözüldü"
