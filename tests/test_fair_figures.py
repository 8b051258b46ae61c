"""Saved figures that are fair to the agent: steps a call never reached are not skips, time on
hold is not time on a step, an escalation does not do the steps it leaves, "escalated and
returned" is a state of its own that every figure agrees on, and a note rescued after a crash
keeps the time it was typed. Each test reads the record back from a real database file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.dates import to_iso
from callmate.review import queries, stats
from callmate.review.filters import Filter
from callmate.store import live
from callmate.store.db import open_db

pytestmark = pytest.mark.usefixtures("utc_dates")

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
# default.en: calm, vent, acknowledge, restate, apologise, resolve, thank (then the break).


class Log:
    """A real call log in a file, written through the live path."""

    def __init__(self, path):
        self.path = path
        self.db = open_db(path)
        self.checklist = catalog.resolve("default.en")

    def start(self, n: int = 0, agent: str = "Ann") -> tuple[Call, FakeClock]:
        clock = FakeClock(START + timedelta(hours=n))
        call, change = Call.start(self.checklist, clock, agent=agent, call_id=f"{n:032x}")
        live.apply(self.db, change, self.checklist)
        return call, clock

    def save(self, change) -> None:
        if change is not None:
            live.apply(self.db, change)

    def steps(self, call_id: str) -> dict[str, tuple[str, float, int]]:
        """Each step's stored (status, seconds, visits), read back from the file."""
        stored = live.load_call(self.db, call_id)
        assert stored is not None
        return {s.step_id: (s.status, s.seconds, s.visits) for s in stored.steps}

    def row(self, call_id: str):
        stored = live.load_call(self.db, call_id)
        assert stored is not None
        return stored

    def stats(self, **filt):
        reading = queries.open_for_reading(self.path)
        try:
            return stats.compute(reading, Filter(**filt))
        finally:
            reading.close()

    def record(self, call_id: str) -> dict:
        reading = queries.open_for_reading(self.path)
        try:
            return queries.call_record(reading, call_id)
        finally:
            reading.close()


@pytest.fixture
def log(tmp_path):
    made = Log(tmp_path / "calls.db")
    yield made
    made.db.close()


def status(log: Log, call: Call) -> dict[str, str]:
    return {step: found[0] for step, found in log.steps(call.id).items()}


# -- steps a call never reached -----------------------------------------------------------------


def test_steps_after_an_early_end_are_saved_as_not_reached_not_skipped(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.next())  # calm done; on to vent
    clock.advance(20)
    log.save(call.end())
    log.save(call.wrap_up(outcome="resolved"))
    assert status(log, call) == {
        "calm": "done",
        "vent": "done",
        "acknowledge": "not_reached",
        "restate": "not_reached",
        "apologise": "not_reached",
        "resolve": "not_reached",
        "thank": "not_reached",
        "break": "pending",
    }


def test_steps_after_the_customer_hung_up_are_not_reached_and_a_real_skip_stays_a_skip(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.skip())  # the agent skipped calm on purpose
    clock.advance(20)
    log.save(call.customer_hung_up())
    log.save(call.wrap_up(outcome="hung_up"))
    found = status(log, call)
    assert found["calm"] == "skipped"
    assert [found[s] for s in ("acknowledge", "restate", "apologise", "resolve", "thank")] == [
        "not_reached"
    ] * 5


def test_not_reached_steps_count_neither_as_skipped_nor_against_adherence(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.next())
    clock.advance(20)
    log.save(call.customer_hung_up())
    log.save(call.wrap_up(outcome="hung_up"))
    s = log.stats()
    assert [st.skipped for st in s.steps] == [0] * 7
    assert s.most_skipped == ()
    # Both steps the call reached were done once, in their turn; no apology or thanks was owed.
    assert s.adherence.in_order == 1.0
    assert s.adherence.apology is None and s.adherence.thanks is None
    assert log.record(call.id)["adherence"]["in_order"] == 1.0


def test_a_deliberate_skip_still_counts_against_the_agent(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.next())
    clock.advance(10)
    log.save(call.skip())  # vent skipped on purpose
    clock.advance(10)
    log.save(call.end())
    log.save(call.wrap_up(outcome="resolved"))
    s = log.stats()
    vent = next(st for st in s.steps if st.step_id == "vent")
    assert vent.skipped == 1 and vent.skip_rate == 1.0
    assert [st.step_id for st in s.most_skipped] == ["vent"]
    # calm in order; vent skipped; acknowledge was where the call ended (done); the rest never
    # reached.
    assert s.adherence.in_order == round(2 / 3, 4)


def test_reopening_an_ended_call_makes_its_not_reached_steps_pending_again(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.next())
    log.save(call.end())
    assert status(log, call)["restate"] == "not_reached"
    log.save(call.reopen())
    found = status(log, call)
    assert found["vent"] == "current"
    assert [found[s] for s in ("acknowledge", "restate", "apologise", "resolve", "thank")] == [
        "pending"
    ] * 5


def test_a_search_and_the_rollups_count_not_reached_steps_alike(log):
    call, clock = log.start()
    log.save(call.add_note("refund wanted"))
    clock.advance(10)
    log.save(call.next())
    log.save(call.end())
    log.save(call.wrap_up(outcome="resolved"))
    whole, searched = log.stats(), log.stats(search="refund")
    assert searched.calls == whole.calls == 1
    assert searched.steps == whole.steps and searched.adherence == whole.adherence
    assert whole.adherence.in_order == 1.0


# -- hold -----------------------------------------------------------------------------------------


def test_time_on_hold_is_not_time_on_the_step(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.toggle_hold())
    clock.advance(60)
    log.save(call.toggle_hold())
    clock.advance(5)
    assert call.step_seconds() == 15
    log.save(call.next())
    assert log.steps(call.id)["calm"][1] == 15.0
    events = log.row(call.id).events
    assert [e.data for e in events if e.kind == "hold_ended"] == [{"seconds": 60.0}]
    assert next(e for e in events if e.kind == "step_done").data == {"step": "calm", "seconds": 15}


def test_a_hold_over_a_step_change_counts_on_neither_step(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.toggle_hold())
    clock.advance(30)
    log.save(call.next())  # moved on while the customer waits
    clock.advance(40)
    assert call.step_seconds() == 0
    log.save(call.toggle_hold())
    clock.advance(7)
    log.save(call.next())
    found = log.steps(call.id)
    assert found["calm"][1] == 10.0 and found["vent"][1] == 7.0


def test_a_call_ended_on_hold_keeps_the_hold_off_the_step(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.toggle_hold())
    clock.advance(50)
    log.save(call.end())
    assert log.steps(call.id)["calm"][1] == 10.0
    assert log.row(call.id).call.duration_seconds == 60.0  # the call itself: hold included


def test_a_finished_hold_stays_off_the_step_when_the_call_is_resumed(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.toggle_hold())
    clock.advance(60)
    log.save(call.toggle_hold())
    clock.advance(5)
    # The program stops here; the call is picked up again 20 s later.
    clock.advance(20)
    again = Call.restore(log.row(call.id), log.checklist, clock)
    assert again.step_seconds() == 35  # 10 + 5 + the 20 s the call went on meanwhile


def test_a_hold_still_going_when_the_program_stopped_is_still_going_after_resuming(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.toggle_hold())
    clock.advance(30)
    again = Call.restore(log.row(call.id), log.checklist, clock)
    assert again.on_hold and again.hold_seconds() == 30
    assert again.step_seconds() == 10
    clock.advance(10)
    log.save(again.toggle_hold())
    log.save(again.next())
    assert log.steps(call.id)["calm"][1] == 10.0
    held = [e.data for e in log.row(call.id).events if e.kind == "hold_ended"]
    assert held == [{"seconds": 40.0}]


# -- escalating -----------------------------------------------------------------------------------


def test_escalating_does_not_mark_the_step_left_as_done(log):
    call, clock = log.start()
    clock.advance(1)
    log.save(call.toggle_escalation())  # a manager asked for at once
    assert call.step.id == "resolve"
    assert status(log, call)["calm"] != "done"
    assert call.steps_taken == 0
    clock.advance(60)
    log.save(call.next())
    clock.advance(10)
    log.save(call.next())  # thank done: the call ends
    log.save(call.wrap_up(outcome="escalated"))
    found = log.steps(call.id)
    assert found["calm"] == ("not_reached", 1.0, 1)  # its second kept, never done
    assert [found[s][0] for s in ("vent", "acknowledge", "restate", "apologise")] == [
        "not_reached"
    ] * 4
    assert found["resolve"][0] == "done" and found["thank"][0] == "done"
    kinds = [e.kind for e in log.row(call.id).events]
    assert kinds.count("step_done") == 2  # resolve and thank: nothing else was done


def test_let_them_vent_is_not_done_without_being_worked(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.next())
    clock.advance(2)
    log.save(call.toggle_escalation())
    assert status(log, call)["vent"] == "pending"
    log.save(call.end())
    log.save(call.wrap_up(outcome="escalated"))
    assert log.steps(call.id)["vent"] == ("not_reached", 2.0, 1)
    s = log.stats()
    assert all(st.skipped == 0 for st in s.steps)
    assert s.adherence.in_order == 1.0  # calm, and resolve where it ended


def test_after_an_escalation_is_taken_back_the_solve_step_is_not_a_skip(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.next())
    clock.advance(5)
    log.save(call.toggle_escalation())
    clock.advance(5)
    log.save(call.toggle_escalation())  # taken back: on "vent" again
    assert call.step.id == "vent"
    clock.advance(5)
    log.save(call.end())
    log.save(call.wrap_up(outcome="resolved"))
    found = log.steps(call.id)
    assert found["resolve"] == ("not_reached", 5.0, 1)
    assert found["vent"] == ("done", 10.0, 1)  # one visit, interrupted: not gone back to
    s = log.stats()
    assert all(st.skipped == 0 for st in s.steps)
    assert s.adherence.in_order == 1.0


# -- escalated and returned -----------------------------------------------------------------------


def test_escalated_and_returned_is_stored_and_every_figure_agrees(log):
    call, clock = log.start()
    log.save(call.add_note("refund asked"))
    clock.advance(10)
    log.save(call.toggle_escalation())
    clock.advance(10)
    log.save(call.toggle_escalation())
    clock.advance(10)
    log.save(call.end())
    # The call stayed with the agent: the wrap-up does not suggest a hand-over.
    assert call.suggested_outcome() == "resolved"
    log.save(call.wrap_up(outcome=call.suggested_outcome()))
    row = log.row(call.id).call
    assert (row.escalated, row.escalation_withdrawn) == (1, 1)
    shown = log.record(call.id)
    assert shown["escalated"] is True and shown["escalation_withdrawn"] is True
    midnight = START.replace(hour=0)
    today = live.day_figures(log.db, midnight)
    assert (today["escalations"], today["withdrawn"]) == (1, 1)
    # Ready says it was taken back, as the statistics do (the agent's own view agrees).
    from callmate.ui.screens.ready import render_figures

    assert "1[/] escalated (1 taken back)" in render_figures(today)
    s, searched = log.stats(), log.stats(search="refund")
    assert (
        (s.escalated, s.escalations_withdrawn)
        == (1, 1)
        == (
            searched.escalated,
            searched.escalations_withdrawn,
        )
    )
    assert s.to_json()["escalations_withdrawn"] == 1
    assert s.outcomes["escalated"] == 0 and s.outcomes["resolved"] == 1


def test_an_escalation_that_stands_is_not_counted_as_returned(log):
    handed, clock = log.start(0)
    log.save(handed.toggle_escalation())
    log.save(handed.end())
    assert handed.suggested_outcome() == "escalated"
    log.save(handed.wrap_up(outcome="escalated"))
    again, clock = log.start(1)
    for _ in range(3):  # escalated, taken back, escalated again: it stands
        log.save(again.toggle_escalation())
        clock.advance(5)
    log.save(again.end())
    assert again.suggested_outcome() == "escalated"
    log.save(again.wrap_up(outcome="escalated"))
    for made in (handed, again):
        row = log.row(made.id).call
        assert (row.escalated, row.escalation_withdrawn) == (1, 0)
    s = log.stats()
    assert (s.escalated, s.escalations_withdrawn) == (2, 0)


def test_a_resumed_call_knows_its_escalation_was_taken_back(log):
    call, clock = log.start()
    log.save(call.toggle_escalation())
    log.save(call.toggle_escalation())
    again = Call.restore(log.row(call.id), log.checklist, clock)
    assert not again.escalated and again.suggested_outcome() == "resolved"
    log.save(again.add_note("back with the agent"))
    row = log.row(call.id).call
    assert (row.escalated, row.escalation_withdrawn) == (1, 1)
    log.save(again.toggle_escalation())  # escalated again: it stands
    assert again.escalated and again.suggested_outcome() == "escalated"
    row = log.row(call.id).call
    assert (row.escalated, row.escalation_withdrawn) == (1, 0)


# -- a note rescued after a crash -----------------------------------------------------------------


def test_a_rescued_draft_is_stamped_with_when_it_was_typed(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.next())
    clock.advance(15)
    log.save(call.set_draft("wants a refund"))
    typed_at = to_iso(clock.now())
    clock.advance(3)
    log.save(call.set_draft("wants a refund"))  # saved again, unchanged: still typed then
    clock.advance(600)  # the program stopped; resumed ten minutes later
    again = Call.restore(log.row(call.id), log.checklist, clock)
    log.save(again.resumed(log.row(call.id).call.updated_at))
    log.save(again.keep_draft())
    notes = log.row(call.id).notes
    assert [(n.text, n.at, n.offset_seconds) for n in notes] == [("wants a refund", typed_at, 25)]
    assert log.row(call.id).call.draft == ""


def test_a_draft_left_when_the_call_ends_keeps_when_it_was_typed(log):
    call, clock = log.start()
    clock.advance(10)
    log.save(call.set_draft("call back Friday"))
    typed_at = to_iso(clock.now())
    clock.advance(30)
    log.save(call.end())
    notes = log.row(call.id).notes
    assert [(n.text, n.at, n.offset_seconds) for n in notes] == [("call back Friday", typed_at, 10)]


def test_calls_show_says_not_reached_in_words_and_stats_json_counts_the_escalation_taken_back(
    log,
):
    import json

    from click.testing import CliRunner

    from callmate.cli import cli

    call, clock = log.start()
    log.save(call.toggle_escalation())
    log.save(call.toggle_escalation())
    clock.advance(10)
    log.save(call.end())
    log.save(call.wrap_up(outcome="resolved"))
    log.db.close()
    log.db = open_db(log.path)
    shown = CliRunner().invoke(cli, ["calls", "show", call.id, "--db", str(log.path)])
    assert shown.exit_code == 0, shown.output
    assert "not reached" in shown.output and "not_reached" not in shown.output
    figures = CliRunner().invoke(cli, ["stats", "--db", str(log.path), "--format", "json"])
    assert figures.exit_code == 0, figures.output
    found = json.loads(figures.output)
    assert (found["escalated"], found["escalations_withdrawn"]) == (1, 1)
