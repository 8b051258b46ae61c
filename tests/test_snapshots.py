"""SVG snapshots of the screens an agent sees, with a fixed clock (update: --snapshot-update)."""

from __future__ import annotations

import pytest

from callmate.clock import FakeClock
from tests.ui_helpers import make_app, type_text


@pytest.fixture
def app(tmp_path, checklist):
    clock = FakeClock()
    app = make_app(tmp_path / "calls.db", checklist, clock)
    app.fake_clock = clock
    return app


async def _on_a_call(pilot) -> None:
    """Two steps in, a customer name, a note, a little time on the clock."""
    app = pilot.app
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("ctrl+n")
    await type_text(pilot, "Ayşe Hanım")
    await pilot.press("escape")
    app.fake_clock.advance(14)
    await pilot.press("space")
    await pilot.press("tab")
    await type_text(pilot, "Order 5521 late twice, wants a refund")
    await pilot.press("enter", "escape")
    app.fake_clock.advance(95)
    await pilot.press("space")
    app.fake_clock.advance(1)  # two presses, not one press twice
    await pilot.press("space")
    app.fake_clock.advance(40)
    app.screen.tick()
    await pilot.pause()


def test_call_screen_80x24(snap_compare, app):
    assert snap_compare(app, run_before=_on_a_call, terminal_size=(80, 24))


def test_call_screen_120x40(snap_compare, app):
    assert snap_compare(app, run_before=_on_a_call, terminal_size=(120, 40))


def _on_a_call_then(*keys: str):
    async def run_before(pilot):
        await _on_a_call(pilot)
        await pilot.press(*keys)
        await pilot.pause()

    return run_before


def test_wrap_up_screen(snap_compare, app):
    assert snap_compare(app, run_before=_on_a_call_then("ctrl+e"), terminal_size=(80, 24))


def test_help_screen(snap_compare, app):
    assert snap_compare(app, run_before=_on_a_call_then("question_mark"), terminal_size=(80, 24))


def test_call_screen_in_the_light_theme(snap_compare, app):
    app.services.settings.theme = "textual-light"
    assert snap_compare(app, run_before=_on_a_call, terminal_size=(80, 24))
