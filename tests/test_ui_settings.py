"""Settings the agent changes in the app are remembered for the next start."""

from __future__ import annotations

from callmate import config
from callmate.config import Settings
from callmate.ui.app import CallmateApp
from tests.ui_helpers import settle


def app_with_saved_settings(tmp_path, checklist, clock, settings=None):
    return CallmateApp(
        db_path=tmp_path / "calls.db",
        checklist=checklist,
        clock=clock,
        settings=settings or config.load(),
        typing_hold=0,  # Ready's letters at once, as make_app has them
    )


async def test_the_theme_choice_is_remembered(tmp_path, checklist, clock):
    app = app_with_saved_settings(tmp_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        before = app.theme
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert app.theme != before
    assert config.load().theme == app.theme

    again = app_with_saved_settings(tmp_path, checklist, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot, again)
        assert again.theme == app.theme


async def test_calm_mode_is_remembered_and_hides_seconds(tmp_path, checklist, clock):
    app = app_with_saved_settings(tmp_path, checklist, clock, Settings(agent="Deniz"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        clock.advance(75)
        await pilot.press("ctrl+g")
        await pilot.pause()
        status = str(app.screen.query_one("#status").content)
        assert "Call 1 min" in status and "1:15" not in status
    assert config.load().calm_mode is True


async def test_the_checklist_picked_on_ready_is_used_and_remembered(tmp_path, checklist, clock):
    app = app_with_saved_settings(tmp_path, checklist, clock, Settings(agent="Deniz"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("l")
        await pilot.pause()
        options = app.screen.query_one("#checklists")
        index = next(
            i
            for i in range(options.option_count)
            if options.get_option_at_index(i).id == "default.et"
        )
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("n")
        await settle(pilot, app)
        assert app.screen.call.checklist.language == "et"
    assert config.load().checklist == "default.et"
