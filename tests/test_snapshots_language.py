"""SVG snapshots of the call and wrap-up screens in Turkish and Estonian at 80x24, with a fixed
clock (update: --snapshot-update)."""

from __future__ import annotations

import pytest

from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.language.i18n import set_language
from tests.ui_helpers import make_app, type_text

#: What the agent types in each language: the customer, a note, a follow-up time.
TYPED = {
    "tr": ("Ayşe Hanım", "Sipariş 5521 iki kez gecikti, iade istiyor", "yarın 10:00"),
    "et": ("proua Tamm", "Tellimus 5521 hilines kaks korda, soovib raha tagasi", "homme kell 10"),
}


@pytest.fixture(params=list(TYPED))
def app(request, tmp_path, utc_dates):
    code = request.param
    set_language(code)
    clock = FakeClock()
    app = make_app(tmp_path / "calls.db", catalog.resolve(f"default.{code}"), clock)
    app.fake_clock = clock
    app.typed = TYPED[code]
    return app


async def _on_a_call(pilot) -> None:
    """Two steps in, a customer name, a note, at fault, a warning, on hold a little while."""
    app = pilot.app
    customer, note, _ = app.typed
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    await pilot.press("ctrl+n")
    await type_text(pilot, customer)
    await pilot.press("escape")
    app.fake_clock.advance(14)
    await pilot.press("space")
    await pilot.press("tab")
    await type_text(pilot, note)
    await pilot.press("enter", "escape")
    app.fake_clock.advance(95)
    await pilot.press("space")
    app.fake_clock.advance(1)  # two presses, not one press twice
    await pilot.press("space", "ctrl+f", "ctrl+w", "ctrl+o")
    app.fake_clock.advance(40)
    app.screen.tick()
    app.clear_notifications()  # the screen itself, not the toasts over it
    await pilot.pause()


async def _in_wrap_up(pilot) -> None:
    await _on_a_call(pilot)
    await pilot.press("ctrl+o", "ctrl+e")
    await pilot.pause()
    await pilot.press("3", "tab")
    await type_text(pilot, pilot.app.typed[2])
    pilot.app.clear_notifications()
    await pilot.pause()


def test_call_screen_80x24(snap_compare, app):
    assert snap_compare(app, run_before=_on_a_call, terminal_size=(80, 24))


def test_wrap_up_screen_80x24(snap_compare, app):
    assert snap_compare(app, run_before=_in_wrap_up, terminal_size=(80, 24))
