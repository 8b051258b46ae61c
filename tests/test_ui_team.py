"""The live app and the team hub: a finished call goes to the hub in the background, and the
status says how many calls wait while the hub cannot be reached."""

from __future__ import annotations

from callmate.call import Call
from callmate.config import Settings
from callmate.ui.screens.call import CallScreen
from tests.ui_helpers import make_app, settle, stored_call


async def wait_for(pilot, check, tries: int = 200) -> bool:
    for _ in range(tries):
        if check():
            return True
        await pilot.pause(0.05)
    return False


async def test_a_finished_call_reaches_the_hub_without_the_agent_waiting(
    tmp_path,
    checklist,
    clock,
    hub,
):
    db_path = tmp_path / "ann.db"
    app = make_app(
        db_path, checklist, clock, settings=Settings(agent="ann"), team_db=hub.url("ann")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        call = app.screen.call
        clock.advance(90)
        await pilot.press("space", "ctrl+e")
        await settle(pilot, app)
        await pilot.press("1", "ctrl+s")
        await settle(pilot, app)

        def on_hub() -> bool:
            with hub.admin() as conn:
                found = conn.execute(
                    "SELECT outcome FROM callmate.calls WHERE id = %s", [call.id]
                ).fetchall()
            return found == [("resolved",)]

        assert await wait_for(pilot, on_hub), "the call did not reach the hub"
    assert stored_call(db_path, call.id)["call"]["outcome"] == "resolved"


async def test_calls_waiting_for_an_unreachable_hub_are_shown_quietly(tmp_path, checklist, clock):
    from callmate.ui.widgets.status import render_status

    db_path = tmp_path / "ann.db"
    nowhere = f"postgresql:///nohub?host={tmp_path}&connect_timeout=1"
    app = make_app(db_path, checklist, clock, settings=Settings(agent="ann"), team_db=nowhere)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        clock.advance(90)
        await pilot.press("space", "ctrl+e")
        await settle(pilot, app)
        await pilot.press("1", "ctrl+s")
        await settle(pilot, app)
        clock.advance(1)  # a moment on the break (a skip at once is the save key pressed twice)
        await pilot.press("s")  # the break skipped: Ready again
        assert await wait_for(pilot, lambda: app.team.waiting == 1)
        await pilot.pause(0.2)
        assert "team: 1 call waiting" in str(app.screen.query_one("#team-line").content)
        started, _ = Call.start(checklist, clock, agent="ann")
        line = render_status(
            started, calm=False, save_error="", unsaved=0, width=100, team_waiting=3
        )
        assert "team: 3 calls waiting" in line


async def test_without_the_hubs_driver_the_agent_is_told_once_and_calls_stay_local(
    tmp_path, checklist, clock, monkeypatch
):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # a plain install: no callmate[team]
    db_path = tmp_path / "ann.db"
    nowhere = f"postgresql:///nohub?host={tmp_path}"
    app = make_app(db_path, checklist, clock, settings=Settings(agent="ann"), team_db=nowhere)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        said = [n.message for n in app._notifications]
        assert said == ["the team hub needs callmate's team extra: pip install 'callmate[team]'"]
        await pilot.press("n")
        await settle(pilot, app)
        call = app.screen.call
        await pilot.press("space", "ctrl+e")
        await settle(pilot, app)
        await pilot.press("1", "ctrl+s")
        await settle(pilot, app)
    assert stored_call(db_path, call.id)["call"]["outcome"] == "resolved"
