"""End to end in a real terminal: a Turkish call, a SIGKILL, a resume, and the X clipboard."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.e2e import CALLMATE, Terminal, program_env, require, run_cli, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def env(tmp_path):
    return program_env(tmp_path)


def read(db: str, sql: str, params=()) -> list:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        conn.close()


def notices(screen: str) -> str:
    """The notices on a call screen, their lines joined: they sit over the step list, 30
    columns wide (a border, then the text), so a message wraps."""
    lines = [line[1:30].strip() for line in screen.splitlines() if line.startswith("▌")]
    return " ".join(" ".join(lines).split())


def wait_told(term: Terminal, text: str, timeout: float = 15.0) -> str:
    """Wait until a notice says ``text`` (wrapped or not); the screen then."""
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = term.screen()
        if text in notices(shown):
            return shown
        time.sleep(0.1)
    raise AssertionError(f"no notice says {text!r}; the screen shows:\n{shown}")


def test_turkish_call_survives_sigkill_and_is_finished_after_resume(env):
    db = env["CALLMATE_DB"]
    command = [str(CALLMATE), "--checklist", "default.tr", "--agent", "Deniz"]
    term = Terminal(command, env)
    try:
        # A Turkish checklist chosen, no --lang: the interface speaks Turkish too.
        term.wait_for("Yeni görüşme için n tuşuna basın")
        term.keys("n")
        term.wait_for("Sakin kalın")
        term.keys("C-n")  # the customer fields
        term.type("Ayşe Hanım")
        term.keys("Escape", "Space")
        term.keys("Tab")  # the note (n typed on the call screen is a letter of it)
        term.type("Kart 4111 1111 1111 1111 iade İSTANBUL ğüşıöç")
        term.keys("Enter", "Escape", "Space", "1")
        wait_told(term, "Terminal panosuna gönderildi")  # no display here: only OSC 52
        term.type("yarım kalan")  # typed text opens the note
        # Everything handed to the store is on disk before the kill.
        wait_until(
            lambda: (
                read(db, "SELECT 1 FROM calls WHERE draft = 'yarım kalan'")
                and read(db, "SELECT 1 FROM events WHERE kind = 'phrase_copied'")
            ),
            what="the note, the copied phrase and the draft to be saved",
        )
        term.kill_program()
        time.sleep(0.3)
    finally:
        term.close()

    (call_id,) = read(db, "SELECT id FROM calls")[0]
    term = Terminal(command, env)
    try:
        term.wait_for("Yarım kalan görüşme", "Ayşe Hanım")
        term.keys("r")
        shown = term.wait_for("yarım kalan")
        assert "[card ••••1111]" in shown  # the note, as stored
        term.keys("Escape")
        for _ in range(5):  # acknowledge, restate, apologise, resolve, thank -> wrap-up
            term.keys("Space", pause=0.4)  # apart: two presses of next in a blink are one
        term.wait_for("Görüşme sonu")
        term.keys("C-s")
        term.wait_for("Mola verin")
        time.sleep(0.3)  # a skip the moment the break appears is the save key pressed twice
        term.keys("s")  # the break screen keeps s (skip)
        term.wait_for("Yeni görüşme için n tuşuna basın")
        term.keys("q")
        wait_until(
            lambda: not read(db, "SELECT 1 FROM calls WHERE status != 'closed'"),
            what="the call to be closed",
        )
    finally:
        term.close()

    assert 'agent = "Deniz"' in (Path(env["CALLMATE_CONFIG_DIR"]) / "config.toml").read_text()
    shown = run_cli("calls", "show", call_id, "--format", "json", env=env)
    assert shown.returncode == 0, shown.stderr
    call = json.loads(shown.stdout)
    assert call["id"] == call_id
    assert call["customer"] == "Ayşe Hanım"
    assert [s["id"] for s in call["steps"]] == [
        "calm",
        "vent",
        "acknowledge",
        "restate",
        "apologise",
        "resolve",
        "thank",
        "break",
    ]
    assert all(s["status"] == "done" for s in call["steps"][:7])
    notes = [n["text"] for n in call["notes"]]
    # The note left half-typed when the program died is kept as a note of its step.
    assert notes == ["Kart [card ••••1111] iade İSTANBUL ğüşıöç", "yarım kalan"]
    assert call["notes"][1]["step_id"] == "acknowledge"
    assert call["notes"][0]["step_id"] == "vent"
    kinds = [e["kind"] for e in call["events"]]
    assert "phrase_copied" in kinds and "resumed" in kinds and "card_masked" in kinds
    copied = next(e for e in call["events"] if e["kind"] == "phrase_copied")
    data = copied["data"] if isinstance(copied["data"], dict) else json.loads(copied["data"])
    assert data["step"] == "acknowledge" and data["text"]


@pytest.fixture
def x_display():
    require("Xvfb", "xclip")
    number = 90 + os.getpid() % 100
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", "640x480x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    display = f":{number}"
    wait_until(
        lambda: (
            subprocess.run(
                ["xclip", "-o", "-selection", "clipboard"],
                env={**os.environ, "DISPLAY": display},
                capture_output=True,
                timeout=5,
            ).returncode
            in (0, 1)
        ),
        what="Xvfb to start",
    )
    yield display
    server.terminate()
    server.wait(timeout=5)


def test_a_copied_phrase_is_really_on_the_x_clipboard(env, x_display):
    env = {**env, "DISPLAY": x_display}
    term = Terminal([str(CALLMATE), "--checklist", "default.en"], env)
    try:
        term.wait_for("Press n for a new call")
        term.keys("n")
        term.wait_for("Stay calm")
        term.keys("Space", "Space", "2", pause=0.4)  # apart: next twice in a blink is one
        wait_told(term, "Copied")
        pasted = subprocess.run(
            ["xclip", "-o", "-selection", "clipboard"],
            capture_output=True,
            text=True,
            env={**os.environ, "DISPLAY": x_display},
            timeout=5,
        )
        assert pasted.stdout == "Yes, go on."
        assert "terminal clipboard" not in notices(term.screen())
    finally:
        term.close()
    how = read(env["CALLMATE_DB"], "SELECT data FROM events WHERE kind = 'phrase_copied'")
    assert json.loads(how[0][0])["how"] == "xclip"


def test_with_no_clipboard_at_all_the_agent_is_told_and_nothing_breaks(env):
    term = Terminal([str(CALLMATE)], {k: v for k, v in env.items() if k != "DISPLAY"})
    try:
        term.wait_for("Press n for a new call")
        term.keys("n")
        term.wait_for("Stay calm")
        term.keys("Space", "Space", "1", pause=0.4)  # apart: next twice in a blink is one
        shown = wait_told(term, "Sent to the terminal clipboard")
        assert "Traceback" not in shown and "Error" not in shown
        term.keys("Space", pause=0.4)
        term.wait_for("Restate")
    finally:
        term.close()
