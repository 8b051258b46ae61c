"""Wrap-up, key by key: one press is one action, a key that is text inside a field is never also
an action, and the Enter that saves a field answers no question that follows from it. Each test
reads the saved call back from the database."""

from __future__ import annotations

import pytest

from callmate.models import OUTCOME_KINDS
from callmate.ui.screens.confirm import ConfirmScreen
from callmate.ui.screens.rest import BreakScreen
from callmate.ui.screens.wrapup import SHIFTED_DIGITS, WrapUpScreen
from tests.test_wrapup_support import burst, field, to_wrap_up, wrapped_up
from tests.ui_helpers import make_app, settle, stored_call


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


# -- one press, one action ------------------------------------------------------------------------


async def test_enter_enter_from_the_follow_up_does_not_save_an_empty_wrap_up(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, ["tab", "enter", "enter"])  # a worn Enter: two presses in no time at all
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert app.screen.focused is field(app, "summary")
        burst(app, [*"sent the label", "enter"])
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    row = stored_call(db_path, call.id)["call"]
    assert (row["status"], row["summary"]) == ("closed", "sent the label")


async def test_a_second_enter_a_moment_later_is_a_press_of_its_own(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, ["tab", "enter"])
        await settle(pilot, app)
        clock.advance(0.4)  # deliberate: well past a blink
        burst(app, ["enter"])
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    assert stored_call(db_path, call.id)["call"]["status"] == "closed"


async def test_enter_then_text_then_enter_in_a_blink_is_two_presses(
    db_path, checklist, clock, utc_dates
):
    """A key between two Enters makes them two presses, however fast: only a repeat is one."""
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, ["tab", *"tomorrow 10:00", "enter", *"ok", "enter"])
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    row = stored_call(db_path, call.id)["call"]
    assert row["summary"] == "ok" and row["follow_up_at"] == "2026-11-24T10:00:00+00:00"


# -- text is text ---------------------------------------------------------------------------------


async def test_a_typed_dont_with_no_field_focused_goes_into_the_summary(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        assert app.screen.focused is None
        burst(app, [*"don't charge twice", "ctrl+s"])
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    row = stored_call(db_path, call.id)["call"]
    assert (row["summary"], row["difficulty"]) == ("don't charge twice", None)
    assert wrapped_up(stored_call(db_path, call.id))["difficulty"] is None


async def test_text_typed_after_esc_is_added_to_the_summary_not_put_over_it(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, ["tab", "tab", *"label sent", "escape"])
        await settle(pilot, app)
        assert app.screen.focused is None
        burst(app, [*", today", "tab", "tab"])  # back into the summary with Tab: kept too
        burst(app, [*", it's on its way", "ctrl+s"])
        await settle(pilot, app)
    row = stored_call(db_path, call.id)["call"]
    assert row["summary"] == "label sent, today, it's on its way"


# Every printable key the wrap-up gives a meaning to: outcomes, how hard (shift and a digit on
# the three keyboards), help.
ACTING_CHARACTERS = "12345" + "".join(SHIFTED_DIGITS) + "?"


@pytest.mark.parametrize("name", ["summary", "follow-up"])
async def test_every_wrap_up_key_is_text_while_a_field_has_the_focus(
    db_path, checklist, clock, name
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, ["tab"] if name == "follow-up" else ["tab", "tab"])
        burst(app, list(ACTING_CHARACTERS))
        await settle(pilot, app)
        screen = app.screen
        assert isinstance(screen, WrapUpScreen)
        assert field(app, name).value == ACTING_CHARACTERS
        assert (screen.outcome, screen.difficulty) == ("resolved", None)
        burst(app, ["escape", "3", "#"])  # out of the field, the same keys choose
        await settle(pilot, app)
        assert (screen.outcome, screen.difficulty) == ("callback", 3)
        field(app, "follow-up").value = ""
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    record = stored_call(db_path, call.id)
    assert (record["call"]["outcome"], record["call"]["difficulty"]) == ("callback", 3)
    if name == "summary":
        assert record["call"]["summary"] == ACTING_CHARACTERS


async def test_shift_and_a_digit_with_no_field_focused_still_says_how_hard(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, ["'", "ctrl+s"])  # Turkish Q: shift+2 types '
        await settle(pilot, app)
    row = stored_call(db_path, call.id)["call"]
    assert (row["difficulty"], row["summary"]) == (2, "")


# -- the Enter that saved answers nothing ---------------------------------------------------------


async def test_enter_in_the_summary_does_not_also_answer_the_short_call_question(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock, seconds=3)
        burst(app, ["tab", "tab", *"wrong number", "enter", "enter"])
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        clock.advance(1)
        burst(app, ["enter"])  # a deliberate Enter: still no answer
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        assert stored_call(db_path, call.id)["call"]["status"] == "wrapup"
        burst(app, ["y"])
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    row = stored_call(db_path, call.id)["call"]
    assert (row["status"], row["summary"]) == ("closed", "wrong number")


async def test_enter_does_not_answer_the_follow_up_in_the_past_question(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, ["tab", *"2026-11-23 06:00", "enter", *"x", "enter", "enter"])
        await settle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
    assert stored_call(db_path, call.id)["call"]["status"] == "wrapup"


@pytest.mark.parametrize("n", range(1, len(OUTCOME_KINDS) + 1))
async def test_each_declared_outcome_is_chosen_with_its_digit(db_path, checklist, clock, n):
    """The outcomes are declared once (``models.OUTCOME_KINDS``): the wrap-up offers each on
    its digit, in that order, names it on the screen and saves it."""
    outcome = OUTCOME_KINDS[n - 1]
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await to_wrap_up(pilot, app, clock)
        burst(app, [str(n)])
        await settle(pilot, app)
        shown = str(app.screen.query_one("#outcome").render())
        assert f"{n} ● {outcome.label}" in shown
        assert f"(1–{len(OUTCOME_KINDS)})" in shown
        burst(app, ["ctrl+s"])
        await settle(pilot, app)
    assert stored_call(db_path, call.id)["call"]["outcome"] == outcome.code
