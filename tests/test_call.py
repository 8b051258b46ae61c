"""One call as a pure state machine, driven by a fake clock: no Textual, no SQLite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from callmate.call import OUTCOMES, Call, Change
from callmate.clock import FakeClock
from callmate.dates import from_iso, to_iso

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def statuses(call: Call) -> dict[str, str]:
    return {s.step.id: s.status for s in call.steps}


def kinds(changes: list[Change]) -> list[str]:
    return [e.kind for c in changes for e in c.events]


def move_to(call: Call, step_id: str) -> None:
    """Take the steps in order up to ``step_id``, as an agent pressing space would."""
    while call.step.id != step_id:
        call.next()


def rendered(call: Call, phrases) -> list[str]:
    return [call.render(p) for p in phrases]


@pytest.fixture
def started(checklist, clock):
    call, change = Call.start(checklist, clock, agent="Mert", customer="Ayşe", reference="A-1042")
    return call, change


def test_a_call_starts_on_the_first_step_with_a_started_event(started, checklist, clock):
    call, change = started
    assert call.is_open and call.status == "open"
    assert call.step.id == "calm" and call.current == 0
    assert statuses(call)["calm"] == "current"
    assert {s for k, s in statuses(call).items() if k != "calm"} == {"pending"}
    assert call.started_at == to_iso(clock.now())
    assert [e.kind for e in change.events] == ["started"]
    assert change.events[0].data == {"checklist": "default", "version": checklist.version}
    assert change.call.checklist_id == "default"
    assert change.call.checklist_version == checklist.version
    assert change.call.checklist_source == "builtin:default.en"
    assert [s.step_id for s in change.steps] == [s.id for s in checklist.steps]


def test_a_whole_call_from_start_to_the_end_of_the_break(started, checklist, clock):
    call, first = started
    changes = [first]
    do = changes.append

    clock.advance(10)  # t=10
    do(call.next())
    assert statuses(call)["calm"] == "done" and call.step.id == "vent"
    assert call.step_seconds(0) == 10

    clock.advance(30)  # t=40
    note_change = call.add_note("  Parcel two weeks late; wants a refund.  ")
    do(note_change)
    note = note_change.notes[0]
    assert note.step_id == "vent"
    assert note.text == "Parcel two weeks late; wants a refund."
    assert note.offset_seconds == 40.0
    assert note.at == to_iso(START + timedelta(seconds=40))
    assert note.seq == 1

    # "Speak to a manager" during step 2: straight to the resolve step's hand-over branch.
    clock.advance(20)  # t=60
    do(call.toggle_escalation())
    assert call.escalated and call.step.id == "resolve"
    assert statuses(call)["vent"] == "pending"  # left for a manager, not done
    assert call.step_seconds(1) == 50
    for skipped_over in ("acknowledge", "restate", "apologise"):
        assert statuses(call)[skipped_over] == "pending"
    resolve = checklist.step("resolve")
    phrases = call.phrases()
    assert set(rendered(call, resolve.phrases_escalate)) <= set(phrases)
    assert not set(rendered(call, resolve.phrases)) & set(phrases)

    # Taken back: on the step the agent was on again, the solve step not taken yet.
    clock.advance(5)  # t=65
    do(call.toggle_escalation())
    assert not call.escalated and call.step.id == "vent"
    assert statuses(call)["resolve"] == "pending"
    assert call.step_seconds(5) == 5

    clock.advance(5)  # t=70
    do(call.next())
    do(call.skip())
    do(call.skip())
    assert call.step.id == "apologise" and call.step_seconds(1) == 55

    apology = checklist.step("apologise")
    assert call.phrases() == rendered(call, apology.phrases_not_at_fault)
    do(call.toggle_fault())
    assert call.at_fault
    assert call.phrases() == rendered(call, apology.phrases)
    assert "Ayşe" in " ".join(call.phrases())

    clock.advance(15)  # t=85
    phrase, warn_change = call.warn()
    do(warn_change)
    assert phrase == call.render(checklist.warning[0]) and "Ayşe" in phrase
    assert call.warnings == 1
    do(call.phrase_copied(call.phrases()[0], 1, "clipboard"))
    assert call.phrases_copied == 1

    do(call.skip())
    assert statuses(call)["apologise"] == "skipped"
    assert call.step_seconds(4) == 15
    assert call.step.id == "resolve"

    clock.advance(100)  # t=185
    do(call.next())
    assert statuses(call)["resolve"] == "done"
    assert call.step_seconds(5) == 105  # both visits: 5 s + 100 s
    assert call.steps[5].visits == 2
    assert call.step.id == "thank" and call.at_last_step

    clock.advance(12)  # t=197
    end = call.next()  # past the last step of the call: it ends
    do(end)
    assert call.status == "wrapup" and not call.is_open
    assert call.duration_seconds == 197.0
    assert call.ended_at == to_iso(START + timedelta(seconds=197))
    assert statuses(call) == {
        "calm": "done",
        "vent": "done",
        "acknowledge": "skipped",
        "restate": "skipped",
        "apologise": "skipped",
        "resolve": "done",
        "thank": "done",
        "break": "pending",
    }
    assert call.step_seconds(6) == 12
    clock.advance(30)
    assert call.elapsed() == 197.0  # frozen once ended

    do(call.wrap_up(outcome="resolved", difficulty=4, summary="Refund sent"))
    assert call.status == "closed" and call.outcome == "resolved"
    assert call.suggested_break() > checklist.break_seconds

    do(call.start_break())
    assert statuses(call)["break"] == "current"
    clock.advance(120)
    do(call.end_break(skipped=False))
    assert statuses(call)["break"] == "done"
    assert call.break_seconds == 120.0
    assert call.step_seconds(7) == 120

    assert kinds(changes) == [
        "started",
        "step_done",
        "escalated",
        "escalation_withdrawn",
        "step_done",
        "step_skipped",
        "step_skipped",
        "at_fault",
        "warning",
        "phrase_copied",
        "step_skipped",
        "step_done",
        "step_done",
        "call_ended",
        "wrapped_up",
        "break_started",
        "break_ended",
    ]
    events = [e for c in changes for e in c.events]
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(e.call_id == call.id for e in events)
    offsets = [e.offset_seconds for e in events]
    assert offsets == sorted(offsets)
    by_kind = {e.kind: e for e in events}
    assert by_kind["escalated"].step_id == "vent"
    assert by_kind["step_skipped"].data == {"step": "apologise", "seconds": 15.0}
    assert by_kind["call_ended"].data == {"seconds": 197.0}
    assert by_kind["wrapped_up"].data == {"outcome": "resolved", "difficulty": 4}
    assert by_kind["break_started"].data == {"planned_seconds": call.suggested_break()}
    assert by_kind["break_ended"].data == {"seconds": 120.0, "skipped": False}
    assert by_kind["phrase_copied"].data["step"] == "apologise"

    row = changes[-1].call
    assert row.status == "closed" and row.outcome == "resolved"
    # Escalated, then taken back: escalated and returned.
    assert (row.escalated, row.escalation_withdrawn) == (1, 1) and row.at_fault == 1
    assert row.warnings == 1 and row.phrases_copied == 1 and row.notes_count == 1
    assert row.duration_seconds == 197.0 and row.break_seconds == 120.0
    assert row.summary == "Refund sent" and row.difficulty == 4


def test_step_timers_follow_the_clock_and_show_when_over_target(started, clock):
    call, _ = started
    target = call.step.target_seconds
    clock.advance(target)
    assert call.step_seconds() == target and not call.over_target()
    clock.advance(0.5)
    assert call.step_seconds() == target + 0.5 and call.over_target()
    assert call.elapsed() == target + 0.5


def test_a_step_without_target_is_never_over(started, clock):
    call, _ = started
    call.next()
    call.next()
    assert call.step.id == "acknowledge" and call.step.target_seconds == 0
    clock.advance(3600)
    assert not call.over_target()


def test_next_on_the_last_call_step_ends_the_call_and_wrap_up_follows(started, clock):
    call, _ = started
    while not call.at_last_step:
        clock.advance(1)
        call.next()
    assert call.step.id == "thank"  # the break is not a call step
    clock.advance(1)
    change = call.next()
    assert call.status == "wrapup"
    assert [e.kind for e in change.events] == ["step_done", "call_ended"]
    assert statuses(call)["thank"] == "done"
    assert statuses(call)["break"] == "pending"
    assert {s.step_id: s.status for s in change.steps}["thank"] == "done"


def test_steps_not_taken_become_not_reached_when_the_call_ends(started, clock):
    call, _ = started
    call.next()
    call.next()
    clock.advance(20)
    change = call.end()
    assert statuses(call) == {
        "calm": "done",
        "vent": "done",
        "acknowledge": "done",
        "restate": "not_reached",
        "apologise": "not_reached",
        "resolve": "not_reached",
        "thank": "not_reached",
        "break": "pending",
    }
    assert {s.step_id for s in change.steps} == {
        "acknowledge",
        "restate",
        "apologise",
        "resolve",
        "thank",
    }
    assert call.duration_seconds == 20.0


def test_nothing_moves_once_the_call_has_ended(started, clock):
    call, _ = started
    call.end()
    before = statuses(call)
    seq = call.event_seq
    for change in (call.next(), call.skip(), call.end()):
        assert change.steps == () and change.events == ()
    assert call.back() is None
    assert statuses(call) == before and call.event_seq == seq


def test_back_on_the_first_step_does_nothing(started):
    call, _ = started
    assert call.back() is None
    assert call.step.id == "calm"


def test_escalating_on_the_resolve_step_stays_there(started, checklist):
    call, _ = started
    move_to(call, "resolve")
    change = call.toggle_escalation()
    assert call.step.id == "resolve" and call.escalated
    assert change.steps == ()
    assert [e.kind for e in change.events] == ["escalated"]


def test_escalating_after_the_resolve_step_goes_back_to_it(started, checklist):
    call, _ = started
    move_to(call, "thank")
    call.toggle_escalation()
    assert call.step.id == "resolve"
    assert statuses(call)["thank"] == "pending"


def test_the_apology_phrases_switch_with_at_fault(started, checklist):
    call, _ = started
    move_to(call, "apologise")
    step = checklist.step("apologise")
    assert not call.at_fault
    assert call.phrases() == rendered(call, step.phrases_not_at_fault)
    change = call.toggle_fault()
    assert change.events[0].data == {"on": True} and change.call.at_fault == 1
    assert call.phrases() == rendered(call, step.phrases)
    call.toggle_fault()
    assert call.phrases() == rendered(call, step.phrases_not_at_fault)


def test_phrases_are_rendered_with_the_customer_name_or_closed_up_without(checklist, clock):
    call, _ = Call.start(checklist, clock, agent="Mert")
    move_to(call, "acknowledge")
    assert "I'm listening." in call.phrases()
    call.set_customer(name="  Ayşe  ")
    assert call.customer == "Ayşe"
    assert "I'm listening, Ayşe." in call.phrases()
    assert not any("{" in p for p in call.phrases())


def test_a_note_is_tied_to_the_step_and_the_call_time(started, clock):
    call, _ = started
    clock.advance(7.5)
    first = call.add_note("Kargo gecikmiş, İade istiyor")
    call.next()
    clock.advance(2.5)
    second = call.add_note("Sipariş no 12345")
    assert first.notes[0].step_id == "calm" and first.notes[0].offset_seconds == 7.5
    assert second.notes[0].step_id == "vent" and second.notes[0].offset_seconds == 10.0
    assert [n.seq for n in call.notes] == [1, 2]
    assert second.call.notes_count == 2
    assert first.events == ()


def test_an_empty_note_is_not_stored(started):
    call, _ = started
    assert call.add_note("   \n ") is None
    assert call.notes == [] and call.note_seq == 0


def test_a_card_number_in_a_note_is_masked_and_logged(started):
    call, _ = started
    call.set_draft("card 4111 1111")
    change = call.add_note("Müşteri kartı: 4111 1111 1111 1111, son kullanma 12/28")
    text = change.notes[0].text
    assert "4111 1111 1111 1111" not in text
    assert text == "Müşteri kartı: [card ••••1111], son kullanma 12/28"
    assert call.notes[0].text == text
    assert [e.kind for e in change.events] == ["card_masked"]
    assert change.events[0].data == {"note": 1, "count": 1}
    assert call.draft == "" and change.call.draft == ""


def test_the_draft_being_typed_is_masked(started):
    call, _ = started
    change = call.set_draft("kart 5555-5555-5555-4444 ve")
    assert call.draft == "kart [card ••••4444] ve"
    assert change.call.draft == call.draft
    assert "5555" not in change.call.draft


def test_the_summary_is_masked_too(started):
    call, _ = started
    call.wrap_up(outcome="callback", summary="Call back; card 4111111111111111 on file")
    assert call.summary == "Call back; card [card ••••1111] on file"


def test_wrap_up_with_a_follow_up_time_stores_it_in_utc(started):
    call, _ = started
    follow = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    change = call.wrap_up(outcome="callback", follow_up_at=follow, difficulty=2)
    assert change.call.follow_up_at == "2026-11-24T10:00:00+00:00"
    assert from_iso(change.call.follow_up_at) == follow
    # Wrapping up an open call ends it first: its events come with the wrap-up.
    assert [e.kind for e in change.events] == ["call_ended", "wrapped_up"]
    assert call.status == "closed"


@pytest.mark.parametrize("outcome", ["", "solved", "Resolved", "hung up"])
def test_wrap_up_rejects_an_unknown_outcome_and_changes_nothing(started, outcome):
    call, _ = started
    seq = call.event_seq
    with pytest.raises(ValueError):
        call.wrap_up(outcome=outcome)
    assert call.status == "open" and call.outcome is None and call.event_seq == seq


@pytest.mark.parametrize("difficulty", [0, 6, -1])
def test_wrap_up_rejects_a_difficulty_outside_one_to_five(started, difficulty):
    call, _ = started
    with pytest.raises(ValueError):
        call.wrap_up(outcome="resolved", difficulty=difficulty)
    assert call.status == "open"


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_every_known_outcome_is_accepted(started, outcome):
    call, _ = started
    assert call.wrap_up(outcome=outcome).call.outcome == outcome


def test_the_suggested_break_is_longer_after_a_hard_call(checklist, clock):
    lengths = {}
    for difficulty in (None, 1, 3, 4, 5):
        call, _ = Call.start(checklist, clock, agent="Mert")
        call.wrap_up(outcome="resolved", difficulty=difficulty)
        lengths[difficulty] = call.suggested_break()
    base = checklist.break_seconds
    assert lengths[None] == lengths[1] == lengths[3] == base
    assert lengths[4] > base
    assert lengths[5] > lengths[4]


def test_a_skipped_break_is_logged_as_skipped(started, clock):
    call, _ = started
    call.wrap_up(outcome="hung_up")
    call.start_break()
    clock.advance(40)
    change = call.end_break(skipped=True)
    assert statuses(call)["break"] == "skipped"
    assert change.events[0].data == {"seconds": 40.0, "skipped": True}
    assert call.break_seconds == 40.0


def test_abandoning_an_open_call_keeps_its_steps_and_marks_it(started, clock):
    call, _ = started
    clock.advance(9)
    change = call.abandon()
    assert call.status == "abandoned" and change.call.status == "abandoned"
    assert statuses(call)["calm"] == "done" and call.duration_seconds == 9.0
    assert [e.kind for e in change.events] == ["abandoned"]


def test_the_wall_clock_and_the_monotonic_clock_are_both_taken_from_the_clock(checklist):
    clock = FakeClock(start=datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC), monotonic=5.0)
    call, change = Call.start(checklist, clock, agent="Mert", call_id="fixed-id")
    assert call.id == "fixed-id" and change.call.id == "fixed-id"
    assert call.started_at == "2027-01-02T03:04:05+00:00"
    clock.advance(61)
    assert call.elapsed() == 61
    assert call.row().updated_at == "2027-01-02T03:05:06+00:00"
