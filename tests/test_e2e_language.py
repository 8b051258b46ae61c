"""End to end in a real terminal: `callmate --lang et` speaks Estonian from the Ready screen on,
around an English checklist, and keeps the stored values language-neutral."""

from __future__ import annotations

import json
import time

import pytest

from tests.e2e import CALLMATE, Terminal, program_env, run_cli

pytestmark = pytest.mark.e2e


@pytest.fixture
def env(tmp_path):
    return program_env(tmp_path)


def test_callmate_lang_et_reads_estonian_on_ready_and_through_a_call(env):
    term = Terminal([str(CALLMATE), "--lang", "et", "--checklist", "default.en"], env)
    try:
        shown = term.wait_for(
            "Uue kõne jaoks vajuta n.", "Viimased kõned", "Uus kõne", "Täna: kõnesid veel pole."
        )
        assert "Press n" not in shown and "New call" not in shown
        term.keys("n")
        shown = term.wait_for("Edasi", "Kopeeri", "Kõne 0:0")
        assert "Stay calm" in shown  # the checklist keeps its own language
        term.keys("C-e")
        term.wait_for("Kõne lõpetamine", "Tulemus (1–5)", "Järelkontakt (valikuline)")
        term.keys("3", "Tab")
        term.type("homme kell 10")
        term.wait_for("kell 10:00")
        term.keys("C-s")
        term.wait_for("Kas salvestada see 0:00 kestnud kõne", "Veel mitte")  # seconds long
        term.keys("j")  # Estonian: jah
        term.wait_for("Tee paus", "jäänud")
        time.sleep(0.3)  # a skip the moment the break appears is the save key pressed twice
        term.keys("s")
        term.wait_for("Uue kõne jaoks vajuta n.", "Tagasihelistamine")
        term.keys("q")
    finally:
        term.close()

    listed = run_cli("calls", "list", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    (call,) = json.loads(listed.stdout)
    assert call["outcome"] == "callback"
