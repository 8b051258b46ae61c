"""The call's notes offered into the summary: ctrl+n in wrap-up adds them at its end, never over
what the agent typed, and never twice."""

from __future__ import annotations

import pytest

from tests.test_wrapup_support import burst, field, plain, to_wrap_up
from tests.ui_helpers import make_app, settle, stored_call

NOTES = ("parcel late twice", "wants a refund")


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


async def test_ctrl_n_puts_the_notes_into_an_empty_summary(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock, notes=NOTES)
        assert plain(app, "#summary-label") == "Summary  ctrl+n adds the call's notes (2)"
        assert field(app, "summary").value == ""  # offered, not imposed
        burst(app, ["ctrl+n"])
        await settle(pilot, app)
        summary = field(app, "summary")
        assert summary.value == "parcel late twice; wants a refund"
        assert app.screen.focused is summary and summary.cursor_position == len(summary.value)
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    assert stored_call(db_path, call.id)["call"]["summary"] == "parcel late twice; wants a refund"


async def test_the_notes_go_after_what_the_agent_typed(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock, notes=NOTES)
        # Typed right before ctrl+n, in one burst: every letter is in before the notes come.
        burst(app, ["tab", "tab", *"Refund agreed", "ctrl+n", *" (ok)", "ctrl+s"])
        await settle(pilot, app)
    row = stored_call(db_path, call.id)["call"]
    assert row["summary"] == "Refund agreed; parcel late twice; wants a refund (ok)"


async def test_a_note_already_in_the_summary_is_not_added_again(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock, notes=NOTES)
        burst(app, [*"Sorted.", "ctrl+n"])
        await settle(pilot, app)
        clock.advance(2)
        burst(app, ["ctrl+n"])  # pressed again, deliberately: nothing new to add
        await settle(pilot, app)
        assert "in the summary already" in " ".join(str(n.message) for n in app._notifications)
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    row = stored_call(db_path, call.id)["call"]
    assert row["summary"] == "Sorted. parcel late twice; wants a refund"


async def test_a_call_without_notes_offers_none_and_says_so(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        assert plain(app, "#summary-label") == "Summary"
        burst(app, ["ctrl+n"])
        await settle(pilot, app)
        assert "This call has no notes." in [str(n.message) for n in app._notifications]
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    assert stored_call(db_path, call.id)["call"]["summary"] == ""


async def test_a_card_number_in_a_note_comes_into_the_summary_masked(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, app)
        await pilot.press("n")
        await settle(pilot, app)
        call = app.screen.call
        burst(app, [*"card 4111111111111111 declined", "enter"])
        await settle(pilot, app)
        clock.advance(60)
        burst(app, ["ctrl+e"])
        await settle(pilot, app)
        burst(app, ["ctrl+n", "ctrl+s"])
        await settle(pilot, app)
    row = stored_call(db_path, call.id)["call"]
    assert row["summary"] == "card [card ••••1111] declined"
