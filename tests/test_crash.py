"""Killing the program mid-call loses nothing that was saved: a real process, a real SIGKILL."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from callmate.store import live
from callmate.store.db import open_db
from tests.ui_helpers import as_dicts

HELPER = Path(__file__).parent / "helpers" / "crash_call.py"


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    """The next line the process prints, waiting at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([proc.stdout], [], [], left)[0]:
            raise TimeoutError(f"no line within {timeout} s (so far {line!r})")
        chunk = os.read(proc.stdout.fileno(), 1)
        if not chunk:
            raise EOFError(f"process ended: {proc.wait()} {proc.stderr.read().decode()}")
        line += chunk
    return line.decode()


@pytest.fixture
def killed_mid_call(tmp_path):
    """Run the helper until it has saved its changes, then SIGKILL it; the db path and call id."""
    db_path = tmp_path / "calls.db"
    proc = subprocess.Popen(
        [sys.executable, str(HELPER), str(db_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        line = read_line(proc, timeout=60)
        assert line.startswith("READY "), line
        assert proc.poll() is None
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    return db_path, line.split()[1]


def test_everything_saved_before_a_sigkill_is_on_disk(killed_mid_call):
    db_path, call_id = killed_mid_call
    # The writes were still in the write-ahead log when the process died.
    wal = db_path.with_name("calls.db-wal")
    assert wal.stat().st_size > 0
    assert "Müşteri çok kızgın".encode() in wal.read_bytes()
    for raw in (db_path.read_bytes(), wal.read_bytes()):
        assert b"4111 1111 1111" not in raw  # the card was masked before it was written
    db = open_db(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        record = as_dicts(live.load_call(db, call_id))
        assert record is not None
        call = record["call"]
        assert call["status"] == "open"
        assert call["customer"] == "Şükrü Ağaoğlu"
        assert call["at_fault"] == 1
        assert call["current_step"] == "restate"
        assert call["draft"] == "yarım kalan not ığüşöç"
        assert [s["status"] for s in record["steps"]] == [
            "done",
            "done",
            "done",
            "current",
            "pending",
            "pending",
            "pending",
            "pending",
        ]
        assert [s["seconds"] for s in record["steps"][:3]] == [12.0, 45.0, 25.0]
        assert [(n["seq"], n["step_id"], n["text"]) for n in record["notes"]] == [
            (1, "vent", "Müşteri çok kızgın; kargo İstanbul'da bekliyor"),
            (2, "acknowledge", "Kart numarası [card ••••1111], iade istiyor"),
        ]
        assert [e["kind"] for e in record["events"]] == [
            "started",
            "step_done",
            "step_done",
            "card_masked",
            "at_fault",
            "step_done",
        ]
        assert record["checklist_toml"] is not None and "Sakin" in record["checklist_toml"]
        assert [c["id"] for c in live.unfinished_calls(db)] == [call_id]
    finally:
        db.close()
