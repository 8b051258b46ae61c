"""What a key means on the call screen is decided by the state it arrives in, in one place: a
sentence typed goes into a note (never actions), a screen that is leaving takes no more keys, one
press is one step, and the warnings end where the checklist's do. Each reads the saved call back."""

from __future__ import annotations

import pytest

from callmate.store.db import open_db
from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.ready import ReadyScreen
from callmate.ui.screens.wrapup import WrapUpScreen
from tests.test_ui_trust import burst, on_a_call
from tests.ui_helpers import make_app, settle, stored_call


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


def calls_in(db_path) -> list[dict]:
    db = open_db(db_path)
    try:
        return list(db["calls"].rows)
    finally:
        db.close()


ACTION_EVENTS = {"escalated", "warning", "step_skipped", "step_done", "hold_started", "at_fault"}


@pytest.mark.parametrize(
    "sentence",
    ["customer wants refund asap", "Escalate? no. She asked for a manager", "şikayet: kırık ürün"],
)
async def test_a_sentence_typed_on_the_call_screen_is_a_note_and_fires_nothing(
    db_path, checklist, clock, sentence
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, [*sentence, "enter"])
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        assert app.screen.focused is None  # Enter saved the note and gave the keys back
    record = stored_call(db_path, call.id)
    assert [n["text"] for n in record["notes"]] == [sentence]
    assert not ACTION_EVENTS & {e["kind"] for e in record["events"]}
    row = record["call"]
    assert (row["escalated"], row["warnings"], row["at_fault"], row["current_step"]) == (
        0,
        0,
        0,
        "calm",
    )


async def test_actions_are_on_keys_no_sentence_starts_with(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        for key in ("ctrl+f", "ctrl+w", "ctrl+o", "ctrl+o", "ctrl+k", "ctrl+u"):
            await pilot.press(key)
            clock.advance(1)
        await settle(pilot, app)
    record = stored_call(db_path, call.id)
    kinds = [e["kind"] for e in record["events"]]
    for kind in ("at_fault", "warning", "hold_started", "hold_ended", "step_skipped", "escalated"):
        assert kind in kinds
    assert record["call"]["escalated"] == 1 and record["call"]["warnings"] == 1


async def test_a_ctrl_key_while_typing_acts_and_keeps_what_was_typed(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        burst(app, [*"manager please", "ctrl+u", *" now", "enter"])
        await settle(pilot, app)
    record = stored_call(db_path, call.id)
    assert [n["text"] for n in record["notes"]] == ["manager please now"]
    assert record["call"]["escalated"] == 1


@pytest.mark.parametrize("keys", [["q", "n"], ["q", "n", "n"]])
async def test_quit_and_new_call_together_start_no_call(db_path, checklist, clock, keys):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        burst(app, keys)
        await pilot.pause()
        await settle(pilot, app)
    assert app.return_code in (0, None)
    assert calls_in(db_path) == []


async def test_new_call_and_quit_together_start_one_call_and_stay_on_it(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        assert isinstance(app.screen, ReadyScreen)
        burst(app, ["n", "q", "x", "r"])
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        assert app.is_running
    rows = calls_in(db_path)
    assert len(rows) == 1 and rows[0]["status"] == "open"


async def test_a_double_press_of_next_is_one_step(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(5)
        burst(app, ["enter", "enter"])  # the same instant: a worn key
        await settle(pilot, app)
        assert call.step.id == "vent"
        clock.advance(0.05)
        await pilot.press("space")
        await settle(pilot, app)
        assert call.step.id == "vent"
        clock.advance(2)
        await pilot.press("space")  # a second deliberate press, later
        await settle(pilot, app)
        assert call.step.id == "acknowledge"
    done = [e for e in stored_call(db_path, call.id)["events"] if e["kind"] == "step_done"]
    assert [e["data"]["step"] for e in done] == ["calm", "vent"]


async def test_after_the_last_warning_the_next_ends_the_call_for_abuse(db_path, checklist, clock):
    total = len(checklist.warning)
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        for _ in range(total):
            clock.advance(10)
            await pilot.press("ctrl+w")
            await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        assert any("ctrl+e" in str(n.message) for n in app._notifications)
        clock.advance(5)
        await pilot.press("ctrl+w")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert call.suggested_outcome() == "abuse"
    record = stored_call(db_path, call.id)
    numbers = [e["data"]["number"] for e in record["events"] if e["kind"] == "warning"]
    assert numbers == list(range(1, total + 1))
    assert record["call"]["warnings"] == total and record["call"]["status"] == "wrapup"


async def test_undo_takes_back_the_last_actions_and_logs_each_as_a_correction(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(3)
        await pilot.press("space")  # calm done
        clock.advance(3)
        await pilot.press("ctrl+f", "ctrl+w")
        burst(app, [*"wants a refund", "enter"])
        await settle(pilot, app)
        for _ in range(4):  # the note, the warning, at fault, the step done
            await pilot.press("ctrl+z")
            clock.advance(1)
        await settle(pilot, app)
        assert call.step.id == "calm" and not call.at_fault and call.warnings == 0
        await pilot.press("ctrl+z")  # nothing left
        await settle(pilot, app)
        assert call.step.id == "calm"
    record = stored_call(db_path, call.id)
    undone = [e["data"]["action"] for e in record["events"] if e["kind"] == "undone"]
    assert undone == ["note", "warn", "fault", "next"]
    kinds = [e["kind"] for e in record["events"]]
    # Nothing is deleted from the log: what was undone is still there, before its correction.
    assert kinds.index("warning") < kinds.index("warning_withdrawn")
    assert kinds.index("step_done") < kinds.index("step_back")
    assert record["notes"] == [] and "note_deleted" in kinds
    row = record["call"]
    assert (row["warnings"], row["at_fault"], row["current_step"]) == (0, 0, "calm")


async def test_the_key_that_saved_the_wrap_up_pressed_twice_does_not_skip_the_break(
    db_path, checklist, clock
):
    from callmate.ui.screens.rest import BreakScreen

    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await on_a_call(pilot, app)
        clock.advance(90)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        burst(app, ["ctrl+s", "enter", "space"])  # a worn key, an impatient hand
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
        clock.advance(1)
        await pilot.press("s")  # a deliberate skip, later
        await settle(pilot, app)
        assert not isinstance(app.screen, BreakScreen)
    events = stored_call(db_path, call.id)["events"]
    ended = [e for e in events if e["kind"] == "break_ended"]
    assert len(ended) == 1 and ended[0]["data"]["skipped"] is True
    assert ended[0]["data"]["seconds"] >= 1
