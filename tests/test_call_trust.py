"""A live call an agent can trust: habitual keys never lose or falsify what happened (the model
side; the keys themselves are driven in tests/test_ui_trust.py)."""

from __future__ import annotations

import pytest

from callmate.call import Call
from callmate.checklists.model import render_phrase


def move_to(call: Call, step_id: str) -> None:
    while call.step.id != step_id:
        call.next()


@pytest.fixture
def call(checklist, clock) -> Call:
    started, _ = Call.start(checklist, clock, agent="Mert", customer="Jüri Tamm")
    return started


def test_a_note_left_in_the_field_is_saved_as_a_note_when_the_call_ends(call, clock):
    move_to(call, "vent")
    clock.advance(20)
    call.set_draft("wants a refund by Friday")
    change = call.end()
    assert [n.text for n in change.notes] == ["wants a refund by Friday"]
    assert change.notes[0].step_id == "vent" and call.draft == "" and change.call.draft == ""
    assert [n.text for n in call.notes] == ["wants a refund by Friday"]


def test_a_draft_is_kept_as_a_note_once_when_the_call_is_resumed(call):
    call.set_draft("half a thought")
    change = call.keep_draft()
    assert change is not None and [n.text for n in change.notes] == ["half a thought"]
    assert call.keep_draft() is None  # nothing left to keep


def test_a_name_is_put_into_phrases_as_plain_text_whatever_it_holds():
    rendered = render_phrase("Thank you, {name}. I'm {agent}.", name="{agent}", agent="Mert")
    assert rendered == "Thank you, {agent}. I'm Mert."
    assert render_phrase("{name}, hello", name="{name}{name}") == "{name}{name}, hello"


def test_warnings_come_mildest_first_then_firmer_then_the_line_that_ends_the_call(call):
    lines = call.checklist.warning
    assert len(lines) >= 3
    said = [call.warn()[0] for _ in range(len(lines) + 1)]
    assert said[: len(lines)] == [call.render(line) for line in lines]
    assert said[-1] == call.render(lines[-1])  # past the last: the last line again
    assert call.warnings == len(lines) + 1 and call.warned_to_the_end


def test_the_next_warning_is_known_before_it_is_given(call):
    assert call.next_warning == (1, len(call.checklist.warning))
    call.warn()
    assert call.next_warning == (2, len(call.checklist.warning))


def test_taking_an_escalation_back_returns_to_the_step_the_agent_was_on(call):
    move_to(call, "restate")
    call.toggle_escalation()
    assert call.step.id == "resolve"
    change = call.toggle_escalation()
    assert call.step.id == "restate" and not call.escalated
    by_id = {s.step.id: s.status for s in call.steps}
    assert by_id["restate"] == "current" and by_id["resolve"] == "pending"
    assert [e.kind for e in change.events] == ["escalation_withdrawn"]


def test_the_hand_over_phrases_come_apart_from_the_steps_own(call):
    move_to(call, "resolve")
    call.next()  # on to "thank", then a manager is asked for and given back
    call.toggle_escalation()
    call.next()
    assert call.step.id == "thank" and call.escalated
    own, hand_over = call.phrase_sets()
    assert own == [call.render(p) for p in call.step.phrases]
    assert hand_over == [call.render(p) for p in call.checklist.manager]
    assert call.phrases() == own + hand_over


def test_hold_is_timed_and_logged(call, clock):
    started = call.toggle_hold()
    assert call.on_hold and [e.kind for e in started.events] == ["hold_started"]
    clock.advance(75)
    assert call.hold_seconds() == 75
    ended = call.toggle_hold()
    assert not call.on_hold and ended.events[0].kind == "hold_ended"
    assert ended.events[0].data == {"seconds": 75.0}


def test_the_customer_hanging_up_ends_the_call_with_that_outcome_suggested(call, clock):
    clock.advance(40)
    change = call.customer_hung_up()
    assert call.status == "wrapup" and call.suggested_outcome() == "hung_up"
    assert "customer_hung_up" in [e.kind for e in change.events]


def test_the_suggested_outcome_follows_what_happened(call):
    assert call.suggested_outcome() == "resolved"
    call.toggle_escalation()
    assert call.suggested_outcome() == "escalated"
    for _ in call.checklist.warning:
        call.warn()
    assert call.suggested_outcome() == "abuse"


def test_the_last_note_can_be_corrected_or_removed_and_both_are_logged(call):
    call.add_note("TK-5521")
    change = call.edit_last_note("ref TK-5521")
    assert [n.text for n in call.notes] == ["ref TK-5521"]
    assert change.notes[0].seq == 1 and change.notes[0].text == "ref TK-5521"
    assert change.events[0].kind == "note_edited"
    assert change.events[0].data == {"note": 1, "before": "TK-5521", "after": "ref TK-5521"}
    removed = call.delete_last_note()
    assert call.notes == [] and removed.deleted_notes == (1,)
    assert removed.events[0].data == {"note": 1, "text": "ref TK-5521"}
    assert call.delete_last_note() is None


def test_the_form_of_address_fills_the_phrases_and_is_stored(call):
    move_to(call, "restate")
    change = call.set_customer(addressed_as="Mr Tamm")
    assert change.call.addressed_as == "Mr Tamm" and change.call.customer == "Jüri Tamm"
    assert any("Mr Tamm" in p for p in call.phrases())
    assert not any("Jüri Tamm" in p for p in call.phrases())


def test_a_summary_typed_in_wrap_up_is_saved_before_the_wrap_up_is(call):
    call.end()
    change = call.set_summary("refund promised")
    assert change.call.summary == "refund promised" and change.call.status == "wrapup"


def test_a_corrected_or_removed_note_is_stored_so_and_searched_so(tmp_path, call):
    from callmate.store import live
    from callmate.store.db import open_db

    db = open_db(tmp_path / "calls.db")
    live.apply(db, call._change(), call.checklist)
    for change in (
        call.add_note("refund TK-5521"),
        call.edit_last_note("refund TK-5522"),
        call.add_note("typo"),
        call.delete_last_note(),
    ):
        assert change is not None
        live.apply(db, change)
        live.apply(db, change)  # twice: nothing more
    stored = live.load_call(db, call.id)
    assert [n.text for n in stored.notes] == ["refund TK-5522"]
    assert [e.kind for e in stored.events][-2:] == ["note_edited", "note_deleted"]
    found = [
        r["text"]
        for r in db.query(
            "SELECT text FROM notes WHERE rowid IN "
            '(SELECT rowid FROM notes_fts WHERE notes_fts MATCH \'"TK" AND "5522"\')'
        )
    ]
    assert found == ["refund TK-5522"]
    assert not list(db.query("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'typo'"))


def test_todays_count_does_not_drop_when_an_unfinished_call_is_closed(tmp_path, checklist, clock):
    from datetime import UTC, datetime

    from callmate.store import live
    from callmate.store.db import open_db

    db = open_db(tmp_path / "calls.db")
    done, first = Call.start(checklist, clock, agent="Mert")
    live.apply(db, first, checklist)
    clock.advance(100)
    live.apply(db, done.wrap_up(outcome="resolved"))
    left, first = Call.start(checklist, clock, agent="Mert")
    live.apply(db, first, checklist)
    midnight = datetime(2026, 11, 23, tzinfo=UTC)
    before = live.day_figures(db, midnight, agent="Mert")
    live.apply(db, left.abandon())
    after = live.day_figures(db, midnight, agent="Mert")
    assert before["calls"] == after["calls"] == 2
    assert after["average_seconds"] == 100.0  # the wrapped-up call's time only


def test_a_pasted_name_goes_into_phrases_without_control_or_bidi_characters(call):
    call.set_customer(name="Ann\x1b[31m\u202e Smith\x9b", addressed_as="Ms\x07 Smith")
    assert call.customer == "Ann[31m Smith" and call.addressed_as == "Ms Smith"
    assert all(ch not in p for p in call.phrases() for ch in "\x1b\u202e\x9b\x07")
