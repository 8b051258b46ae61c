"""``demo-data`` killed with SIGKILL half way through its load (the trigger that indexes new notes
dropped, whole batches committed without it) used to leave search broken for good. Opening the
database now finds the broken index and repairs it, and says so."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from callmate.call import Call
from callmate.checklists import catalog
from callmate.cli import cli
from callmate.clock import FakeClock
from callmate.store import search_index
from callmate.store.writer import Writer

WORD = "zanzibarquux"
#: ``callmate`` itself, committing every 500 calls instead of 5,000: killed sooner, same code.
SMALL_BATCHES = (
    "import sys; import callmate.demo.generate as g; g.BATCH = 500; "
    "from callmate.cli import main; sys.argv[0] = 'callmate'; main()"
)


def mid_load(path: Path) -> bool:
    """Whether the demo load has committed notes while its insert trigger is dropped."""
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=0.1)
        try:
            trigger = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'notes_ai'").fetchone()
            notes = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return False
    return trigger is None and notes > 0


@pytest.fixture
def killed_demo(tmp_path) -> Path:
    path = tmp_path / "calls.db"
    demo = subprocess.Popen(
        [sys.executable, "-c", SMALL_BATCHES, "demo-data", "--calls", "200000", "--db", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while not mid_load(path):
            assert demo.poll() is None, demo.stderr.read() if demo.stderr else ""
            assert time.monotonic() < deadline, "the demo load never got under way"
            time.sleep(0.05)
        os.kill(demo.pid, signal.SIGKILL)
    finally:
        demo.kill()
        demo.wait()
    conn = sqlite3.connect(path)
    assert search_index.problem(conn) is not None  # broken, as the kill left it
    conn.close()
    return path


def test_a_note_written_after_a_killed_demo_load_is_found(killed_demo):
    path = killed_demo
    checklist = catalog.resolve("default.en")
    call, change = Call.start(checklist, FakeClock(), agent="Ann", customer="Bob")
    w = Writer(path)  # the live path: it opens the database, which repairs the index
    w.save(change, checklist)
    w.save(call.add_note(f"Customer mentions {WORD} twice"))
    assert w.close(timeout=30)
    result = CliRunner().invoke(
        cli, ["calls", "list", "--db", str(path), "--search", WORD, "--format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert call.id in result.output
    conn = sqlite3.connect(path)
    assert search_index.problem(conn) is None
    old = conn.execute("SELECT text FROM notes WHERE id = 1").fetchone()[0].split()[0]
    conn.close()
    # and the notes the demo wrote while the trigger was gone are found too
    hits = CliRunner().invoke(cli, ["calls", "list", "--db", str(path), "--search", old])
    assert hits.exit_code == 0 and "No calls match." not in hits.output


def test_a_read_command_repairs_the_index_and_says_so(killed_demo):
    path = killed_demo
    result = CliRunner().invoke(cli, ["stats", "--db", str(path)])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if line.startswith("callmate:")]
    assert said and said[0].startswith(f"callmate: repaired the search index of {path}")
    again = CliRunner().invoke(cli, ["stats", "--db", str(path)])
    assert "callmate:" not in again.output
