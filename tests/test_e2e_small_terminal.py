"""A whole call in a real 80x24 terminal: every phrase of the longest card and the words to
avoid are within reach of the keyboard, and the call is saved as it was taken."""

from __future__ import annotations

import re
import sqlite3
import time

import pytest

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from tests.e2e import CALLMATE, Terminal, program_env, require, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture
def env(tmp_path):
    return program_env(tmp_path)


def words(text: str) -> str:
    """The screen with its lines joined and spaces folded, so wrapped phrases read whole."""
    inner = [re.sub(r"^.*▕", "", line) for line in text.splitlines()]  # the card's side
    return " ".join(" ".join(inner).split())


def test_every_phrase_of_the_longest_card_and_the_words_to_avoid_are_reachable(env):
    require("tmux")
    checklist = catalog.resolve("default.en")
    longest = max(
        (s for s in checklist.steps if s.kind != "break"),
        key=lambda s: len(s.phrases_for(at_fault=False, escalated=False)),
    )
    call, _ = Call.start(checklist, FakeClock(), agent="Deniz")
    while call.step.id != longest.id:
        call.next()
    expected = call.phrases()
    assert len(expected) >= 4

    term = Terminal(
        [str(CALLMATE), "--checklist", "default.en", "--agent", "Deniz"], env, size=(80, 24)
    )
    try:
        term.wait_for("Press n for a new call")
        term.keys("n")
        term.wait_for("Stay calm")
        for _ in range(checklist.steps.index(longest)):
            term.keys("Space", pause=0.4)  # apart: two presses of next in a blink are one
        term.wait_for(longest.title)
        seen = words(term.screen())
        for _ in range(8):  # down the card a page at a time
            term.keys("PageDown")
            seen += " " + words(term.screen())
        for phrase in expected:
            assert " ".join(phrase.split()) in seen, phrase
        term.keys("C-a")  # the words to avoid (a typed here would open the note)
        shown = words(term.wait_for("Instead of"))
        first = checklist.avoid_words[0]
        assert first.word in shown and " ".join(first.instead.split()) in shown
        term.keys("C-e")
        term.wait_for("Wrap-up")
        term.keys("1")
        term.keys("C-s")
        term.wait_for("Take a break", "left")
        time.sleep(0.3)  # a skip the moment the break appears is the save key pressed twice
        term.keys("s")  # the break screen keeps s (skip)
        term.wait_for("Press n for a new call")
        term.keys("q")
    finally:
        term.close()

    def closed() -> list:
        conn = sqlite3.connect(f"file:{env['CALLMATE_DB']}?mode=ro", uri=True)
        try:
            return conn.execute("SELECT outcome FROM calls WHERE status = 'closed'").fetchall()
        finally:
            conn.close()

    wait_until(closed, what="the call to be saved")
    assert closed() == [("resolved",)]
