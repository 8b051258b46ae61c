"""A whole call in a real 80x24 terminal, in English, Turkish and Estonian: a sentence typed
before anything else is a note (no action fires), every key of the call is on the screen, every
step's title is whole, and the saved call says what happened, no more."""

from __future__ import annotations

import re
import sqlite3

import pytest

from callmate.checklists import catalog
from tests.e2e import CALLMATE, Terminal, program_env, wait_until

pytestmark = pytest.mark.e2e

#: The footer's keys of a call, as the terminal shows them.
CALL_KEYS = ["1-9", "^e", "^u", "^w", "^o", "^k", "^z", "^f", "^d", "^q", "?"]
#: The space bar's name in the footer, in the language spoken.
SPACE = {"en": "space", "tr": "boşluk", "et": "tühik"}
READY = {"en": "Press n for a new call", "tr": "Yeni görüşme için", "et": "Uue kõne jaoks"}
SENTENCE = {
    "en": "customer wants refund asap",
    "tr": "müşteri hemen iade istiyor",
    "et": "klient soovib kohe raha tagasi",
}


def step_column(screen: str) -> str:
    """The step list's side of the call screen, its lines joined."""
    left = [line.split("▕")[0] for line in screen.splitlines() if "▕" in line]
    return " ".join(" ".join(left).split())


def saved(db) -> tuple[dict, list[dict], list[str]]:
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    try:
        call = dict(con.execute("SELECT * FROM calls").fetchone())
        notes = [dict(r) for r in con.execute("SELECT * FROM notes ORDER BY seq")]
        kinds = [r[0] for r in con.execute("SELECT kind FROM events ORDER BY seq")]
    finally:
        con.close()
    return call, notes, kinds


@pytest.mark.parametrize("lang", ["en", "tr", "et"])
def test_a_whole_call_at_80x24_keeps_every_key_and_title_and_types_no_actions(tmp_path, lang):
    env = program_env(tmp_path)
    checklist = catalog.resolve(f"default.{lang}")
    command = [str(CALLMATE), "--checklist", f"default.{lang}", "--lang", lang, "--agent", "Ayşe"]
    term = Terminal(command, env, size=(80, 24))
    try:
        term.wait_for(READY[lang])
        term.keys("n")
        first = checklist.steps[0].title
        shown = term.wait_for(first, "^u")
        for key in [SPACE[lang], *CALL_KEYS]:
            assert re.search(rf"(^|\s){re.escape(key)}\s", shown), (key, shown)
        column = step_column(shown)
        for step in checklist.steps:
            if step.kind != "break":
                assert " ".join(step.title.split()) in column, (step.title, column)

        term.type(SENTENCE[lang])  # before any key: the note takes every letter
        term.keys("Enter")
        term.wait_for(SENTENCE[lang])
        for _ in range(3):
            term.keys("Space", pause=0.4)
        term.keys("C-e")
        term.wait_for("^s")
        term.keys("C-s")
        wait_until(
            lambda: saved(env["CALLMATE_DB"])[0]["status"] == "closed", what="the call saved"
        )
    finally:
        term.close()
    call, notes, kinds = saved(env["CALLMATE_DB"])
    assert [n["text"] for n in notes] == [SENTENCE[lang]]
    assert (call["escalated"], call["warnings"], call["at_fault"]) == (0, 0, 0)
    assert not {"escalated", "warning", "step_skipped", "hold_started", "at_fault"} & set(kinds)
    assert kinds.count("step_done") == 3
    assert call["outcome"] == "resolved"
