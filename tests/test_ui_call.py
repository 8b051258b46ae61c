"""The live-call companion under Pilot: every key of the call screen, with a fake clock."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from callmate.ui.screens.call import CallScreen
from callmate.ui.screens.ready import ReadyScreen
from callmate.ui.screens.rest import BreakScreen
from callmate.ui.screens.wrapup import WrapUpScreen
from tests.ui_helpers import make_app, settle, stored_call, type_text


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "data" / "calls.db"


async def start_call(pilot, app):
    await settle(pilot, app)
    assert isinstance(app.screen, ReadyScreen)
    await pilot.press("n")
    await settle(pilot, app)
    assert isinstance(app.screen, CallScreen)
    return app.screen.call


async def test_whole_call_from_ready_to_break_with_every_key(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        clock.advance(12)
        await pilot.press("space")  # stay calm -> let them vent
        assert call.step.id == "vent"
        await pilot.press("tab")  # note
        await type_text(pilot, "Parcel late twice")
        await pilot.press("enter")
        await pilot.press("escape")
        clock.advance(100)
        await pilot.press("enter")  # vent -> acknowledge
        await pilot.press("1")  # copy phrase 1
        await settle(pilot, app)
        assert app.clipboard == "I see."
        await pilot.press("backspace")  # back to vent
        assert call.step.id == "vent"
        clock.advance(1)
        await pilot.press("space")  # vent -> acknowledge
        clock.advance(1)
        await pilot.press("space")  # acknowledge -> restate
        await pilot.press("ctrl+k")  # skip restate
        assert call.step.id == "apologise"
        await pilot.press("ctrl+f")  # at fault
        assert call.at_fault
        await pilot.press("ctrl+w")  # warning
        await pilot.press("ctrl+n")  # customer name
        await type_text(pilot, "Ayla")
        await pilot.press("escape")
        await pilot.press("ctrl+a")  # words to avoid
        assert app.screen.show_avoid_words
        await pilot.press("ctrl+g")  # calm mode
        assert app.services.settings.calm_mode
        await pilot.press("question_mark")  # help
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("ctrl+u")  # escalate: the hand-over branch
        assert call.step.id == "resolve" and call.escalated
        clock.advance(1)
        await pilot.press("space")  # resolve -> thank
        clock.advance(1)
        await pilot.press("space")  # thank done -> the call ends, wrap-up follows
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
        clock.advance(30)
        await pilot.press("s")  # skip the break (s keeps its meaning on the break screen)
        await settle(pilot, app)
        assert isinstance(app.screen, ReadyScreen)

    record = stored_call(db_path, call.id)
    row = record["call"]
    assert row["status"] == "closed"
    assert row["outcome"] == "escalated"  # preselected after an escalation
    assert row["customer"] == "Ayla"
    assert row["at_fault"] == 1 and row["escalated"] == 1 and row["warnings"] == 1
    statuses = {s["step_id"]: s["status"] for s in record["steps"]}
    assert statuses == {
        "calm": "done",
        "vent": "done",
        "acknowledge": "done",
        "restate": "skipped",
        "apologise": "not_reached",  # left for a manager: not done, and the call ended first
        "resolve": "done",
        "thank": "done",
        "break": "skipped",
    }
    assert row["break_seconds"] == 30.0
    kinds = [e["kind"] for e in record["events"]]
    for kind in (
        "started",
        "step_done",
        "step_back",
        "step_skipped",
        "at_fault",
        "warning",
        "phrase_copied",
        "escalated",
        "call_ended",
        "wrapped_up",
        "break_started",
        "break_ended",
    ):
        assert kind in kinds, kind
    assert [n["text"] for n in record["notes"]] == ["Parcel late twice"]
    assert record["notes"][0]["step_id"] == "vent"
    assert record["notes"][0]["offset_seconds"] == 12.0


async def test_back_and_skip_keep_the_time_spent(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        clock.advance(5)
        await pilot.press("ctrl+k")
        clock.advance(7)
        await pilot.press("backspace")
        clock.advance(3)
        await pilot.press("space")
        await settle(pilot, app)
        assert [s.status for s in call.steps[:3]] == ["done", "current", "pending"]
        assert call.step_seconds(0) == pytest.approx(8)
        assert call.step_seconds(1) == pytest.approx(7)
    stored = stored_call(db_path, call.id)["steps"]
    assert stored[0]["seconds"] == 8.0 and stored[0]["visits"] == 2


async def test_at_fault_switches_the_apology_phrases(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    apology = checklist.step("apologise")
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        for _ in range(4):
            clock.advance(1)
            await pilot.press("space")
        assert call.step.id == "apologise"
        await pilot.press("1")
        await settle(pilot, app)
        assert app.clipboard == call.render(apology.phrases_not_at_fault[0])
        await pilot.press("ctrl+f", "1")
        await settle(pilot, app)
        assert app.clipboard == call.render(apology.phrases[0])
        await pilot.press("ctrl+f", "2")
        await settle(pilot, app)
        assert app.clipboard == call.render(apology.phrases_not_at_fault[1])
    faults = [
        e["data"]["on"] for e in stored_call(db_path, call.id)["events"] if e["kind"] == "at_fault"
    ]
    assert faults == [True, False]


async def test_escalate_from_let_them_vent_jumps_to_the_hand_over(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("space")
        assert call.step.id == "vent"
        await pilot.press("ctrl+u")
        await settle(pilot, app)
        assert call.step.id == "resolve"
        assert call.phrases()[0] == call.render(checklist.step("resolve").phrases_escalate[0])
        await pilot.press("2")
        await settle(pilot, app)
        assert app.clipboard == call.render(checklist.step("resolve").phrases_escalate[1])
    record = stored_call(db_path, call.id)
    assert record["call"]["escalated"] == 1
    # Calm done; vent, left for a manager, is still to do (an escalation does not do the step
    # it leaves); acknowledge not taken yet, not skipped.
    assert [s["status"] for s in record["steps"][:3]] == ["done", "pending", "pending"]


async def test_warning_copies_the_phrase_and_is_logged(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("ctrl+w", "ctrl+w")
        await settle(pilot, app)
        assert app.clipboard == call.render(checklist.warning[1])  # the second, firmer one
    record = stored_call(db_path, call.id)
    warnings = [e for e in record["events"] if e["kind"] == "warning"]
    assert [w["data"]["number"] for w in warnings] == [1, 2]
    assert record["call"]["warnings"] == 2


async def test_phrase_copy_uses_the_customer_name_and_is_logged(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("ctrl+n")
        await type_text(pilot, "Mari")
        await pilot.press("enter")
        await pilot.press("space")
        clock.advance(1)
        await pilot.press("space", "3")
        await settle(pilot, app)
        assert app.clipboard == "I'm listening, Mari."
        await pilot.press("9")  # there is no ninth phrase: nothing copied, nothing logged
        await settle(pilot, app)
        assert app.clipboard == "I'm listening, Mari."
    copies = [e for e in stored_call(db_path, call.id)["events"] if e["kind"] == "phrase_copied"]
    assert len(copies) == 1
    assert copies[0]["data"]["text"] == "I'm listening, Mari."
    assert copies[0]["data"]["number"] == 3
    assert copies[0]["data"]["step"] == "acknowledge"


async def test_letters_typed_into_a_note_never_trigger_call_keys(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("tab")
        await type_text(pilot, "send new parts fast 1 2 q")
        assert call.step.id == "calm" and not call.at_fault and call.warnings == 0
        assert app.screen.query_one("#note", Input).value == "send new parts fast 1 2 q"
        assert isinstance(app.screen, CallScreen)


async def test_notes_are_stored_with_step_and_call_time_and_cards_masked(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("space")
        clock.advance(42)
        await pilot.press("tab")
        await type_text(pilot, "card 4111 1111 1111 1111 iade İstanbul")
        await pilot.press("enter")
        await settle(pilot, app)
    notes = stored_call(db_path, call.id)["notes"]
    assert len(notes) == 1
    assert notes[0]["step_id"] == "vent"
    assert notes[0]["offset_seconds"] == 42.0
    assert "4111 1111" not in notes[0]["text"] and "1111]" in notes[0]["text"]
    assert notes[0]["text"].startswith("card ")
    assert notes[0]["text"].endswith("iade İstanbul")


async def test_the_note_being_typed_is_saved_before_enter(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("tab")
        await type_text(pilot, "half a thought")
        app.screen.save_typing()  # what the once-a-second timer does
        await settle(pilot, app)
        assert stored_call(db_path, call.id)["call"]["draft"] == "half a thought"


@pytest.mark.parametrize(
    "keys, outcome",
    [
        (["1"], "resolved"),
        (["2"], "escalated"),
        (["3"], "callback"),
        (["4"], "hung_up"),
        (["5"], "abuse"),
        ([], "resolved"),
    ],
)
async def test_wrap_up_saves_each_outcome(db_path, checklist, clock, keys, outcome):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        clock.advance(65)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press(*keys)  # the outcome by its number (none: the one suggested)
        await pilot.press("tab")  # -> follow-up
        await type_text(pilot, "tomorrow 10:00")
        await pilot.press("tab")
        await type_text(pilot, "Refund agreed")
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, BreakScreen)
    row = stored_call(db_path, call.id)["call"]
    assert row["outcome"] == outcome
    assert row["summary"] == "Refund agreed"
    assert row["duration_seconds"] == 65.0
    assert row["follow_up_at"] is not None and row["follow_up_at"].endswith("+00:00")


async def test_an_unreadable_follow_up_time_is_refused_and_nothing_is_lost(
    db_path, checklist, clock
):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("ctrl+e")
        await settle(pilot, app)
        app.screen.query_one("#follow-up", Input).value = "next blursday"
        await pilot.press("ctrl+s")
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        assert app.screen.focused.id == "follow-up"
        assert app.screen.query_one("#follow-up", Input).value == "next blursday"
    assert stored_call(db_path, call.id)["call"]["status"] == "wrapup"


async def test_ctrl_r_in_wrap_up_goes_back_to_the_call(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("space", "ctrl+e")
        await settle(pilot, app)
        await pilot.press("escape")  # leaves a field, never the wrap-up
        await settle(pilot, app)
        assert isinstance(app.screen, WrapUpScreen)
        await pilot.press("ctrl+r")
        await settle(pilot, app)
        assert isinstance(app.screen, CallScreen)
        assert call.status == "open" and call.step.id == "vent"
        assert [s.status for s in call.steps[2:7]] == ["pending"] * 5


async def test_ctrl_q_during_a_call_leaves_at_once_and_the_call_stays_saved(
    db_path, checklist, clock
):
    """No question first: ctrl+q leaves, even from the note field; the call is kept open (to
    resume), with what was typed kept as a note; q typed is only a letter of the note."""
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await type_text(pilot, "quote sent")
        assert isinstance(app.screen, CallScreen)
        assert app.screen.query_one("#note", Input).value == "quote sent"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running
    record = stored_call(db_path, call.id)
    assert record["call"]["status"] == "open"
    assert [(n["step_id"], n["text"]) for n in record["notes"]] == [("calm", "quote sent")]
    again = make_app(db_path, checklist, clock)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot, again)
        assert isinstance(again.screen, ReadyScreen)
        await pilot.press("r")  # resume
        await settle(pilot, again)
        assert isinstance(again.screen, CallScreen)
        assert again.screen.call.id == call.id
        assert [n.text for n in again.screen.call.notes] == ["quote sent"]


async def test_palette_finds_a_phrase_by_text_and_copies_it(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot, app)
        await pilot.press("ctrl+p")
        await type_text(pilot, "brief them first")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot, app)
        assert "brief them first" in app.clipboard


async def test_a_key_pressed_just_before_quitting_is_still_saved(db_path, checklist, clock):
    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("space", "ctrl+f", "tab")
        await type_text(pilot, "last words")
        await pilot.press("ctrl+q")
    record = stored_call(db_path, call.id)
    assert record["call"]["current_step"] == "vent"
    assert record["call"]["at_fault"] == 1
    # The note being typed is kept as a note of the step it was typed on.
    assert [(n["step_id"], n["text"]) for n in record["notes"]] == [("vent", "last words")]
    assert record["call"]["draft"] == ""


async def test_every_call_action_is_in_the_help_and_the_palette(db_path, checklist, clock):
    from callmate.ui.commands import screen_bindings
    from callmate.ui.screens.help import help_text

    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_call(pilot, app)
        screen = app.screen
        bindings = screen_bindings(screen)
        assert {b.action for b in bindings} >= {
            "next",
            "back",
            "skip",
            "toggle_fault",
            "escalate",
            "warn",
            "tab",
            "end_call",
            "help",
            "app.quit",
            "copy_phrase(1)",
            "hold",
            "hung_up",
            "edit_customer",
            "edit_last_note",
            "toggle_avoid_words",
            "toggle_calm",
        }
        text = help_text(screen)
        commands = [c.title for c in app.get_system_commands(screen)]
        for binding in bindings:
            if binding.show:
                assert binding.description in text, binding.description
            assert any(title.startswith(binding.description) for title in commands), binding


async def test_keys_that_arrive_together_go_into_the_note_from_the_first(db_path, checklist, clock):
    """A fast typist: the note's letters arrive in one burst, as from a terminal. The first
    letter (n, which once opened an empty note) opens the note and is its first letter; the
    letters that were call keys (e, f, w, s, h) and the spaces are text too."""
    from textual import events

    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        for char in "need few shed":
            app.post_message(events.Key("space" if char == " " else char, char))
        app.post_message(events.Key("enter", None))
        await settle(pilot, app)
        assert not call.escalated and not call.at_fault and call.step.id == "calm"
        assert call.warnings == 0 and not call.on_hold
        assert [n.text for n in call.notes] == ["need few shed"]


async def test_keys_that_arrive_together_with_escape_act_on_the_call(db_path, checklist, clock):
    from textual import events

    app = make_app(db_path, checklist, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        call = await start_call(pilot, app)
        await pilot.press("tab")
        await type_text(pilot, "ok")
        for key, char in (("escape", None), ("space", " "), ("ctrl+f", None)):
            app.post_message(events.Key(key, char))
        await settle(pilot, app)
        assert call.step.id == "vent" and call.at_fault
        assert app.screen.query_one("#note", Input).value == "ok"
        assert app.screen.focused is None
