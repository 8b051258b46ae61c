"""The after-call work (ACW) timer: how long the agent has been in wrap-up, by the monotonic clock,
shown on the wrap-up screen and saved in the call's "wrapped_up" event."""

from __future__ import annotations

import pytest

from callmate.call import Call
from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.rest import BreakScreen
from callmate.ui.screens.wrapup import WrapUpScreen
from tests.test_wrapup_support import burst, plain, to_wrap_up, wrapped_up
from tests.ui_helpers import make_app, settle, stored_call


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


async def test_the_wrap_up_shows_and_saves_how_long_it_took(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock, seconds=125)
        assert "call 2:05 · after-call work 0:00" in plain(app, "#wrapup-title")
        clock.advance(42)
        app.screen.tick()
        await pilot.pause()
        assert "call 2:05 · after-call work 0:42" in plain(app, "#wrapup-title")
        clock.advance(1.5)
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    record = stored_call(db_path, call.id)
    assert wrapped_up(record)["wrapup_seconds"] == 43.5
    assert record["call"]["duration_seconds"] == 125.0  # the call's own length is not touched


async def test_time_back_on_the_call_is_not_after_call_work(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock, seconds=60)
        clock.advance(10)
        burst(app, ["ctrl+r"])
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        clock.advance(30)  # the call goes on
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert "after-call work 0:10" in plain(app, "#wrapup-title")
        clock.advance(5)
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    assert wrapped_up(stored_call(db_path, call.id))["wrapup_seconds"] == 15.0


async def test_the_time_a_question_is_open_counts_too(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock, seconds=4)
        burst(app, ["ctrl+s"])  # "Save this 0:04 call?"
        await settle(pilot, app)
        clock.advance(7)
        burst(app, ["y"])
        await settle(pilot, app)
    assert wrapped_up(stored_call(db_path, call.id))["wrapup_seconds"] == 7.0


def test_the_call_keeps_the_after_call_work_with_the_wrap_up(checklist, clock):
    call, _ = Call.start(checklist, clock, agent="Deniz")
    call.end()
    change = call.wrap_up(outcome="resolved", wrapup_seconds=12.345)
    (event,) = [e for e in change.events if e.kind == "wrapped_up"]
    assert event.data == {"outcome": "resolved", "difficulty": None, "wrapup_seconds": 12.3}


async def test_the_calls_notices_do_not_follow_it_into_the_wrap_up(db_path, checklist, clock):
    """A warning's notice sits over the step list on the call; on the wrap-up screen there is no
    step list, and it would cover the summary: the call's notices end with the call."""
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        clock.advance(5)
        await pilot.press("ctrl+w")
        await settle(pilot, app)
        assert [n.message for n in app._notifications]  # the warning, said on the call
        clock.advance(1)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert not list(app._notifications)
