"""A hand-built call log for the review tests, written the way the live path writes it.

Every call goes through ``callmate.call.Call`` and ``store.live.apply`` with a fake clock, so the
rows are exactly what a real call leaves behind. The figures the other tests expect are worked
out by hand from the scripts below (see the comments).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from callmate.call import Call
from callmate.checklists import catalog
from callmate.clock import FakeClock
from callmate.store import live, rollup, rollup_defs
from callmate.store.db import open_db

# name: (agent, customer, start, checklist, script, wrap-up)
# Script items: seconds to wait (a number), or an action. A plain number before an action is time
# spent on the current step. "next" at the last call step ends the call.
# fmt: off
CALLS = {
    # default.en, every step done: 10+60+5+20+15+100+10 = 220 s; resolved.
    "A": ("Ann", "Bob Smith", datetime(2026, 11, 2, 9, 0, tzinfo=UTC), "default.en", [
        10, "next", 60, ("note", "Customer wants a refund for the kettle"), "next", 5, "next",
        20, "next", 15, "next", 100, ("copy", 2), "next", 10, "next",
    ], {"outcome": "resolved"}),
    # At fault; acknowledgements skipped; escalated from the apology after 10 s (not done: a
    # manager was asked for first);
    # 10+150+5+40+10+200+40 = 455 s; vent, restate, resolve over target, thank far over (40 > 30).
    "B": ("Ann", "Carla Díaz", datetime(2026, 11, 3, 10, 0, tzinfo=UTC), "default.en", [
        10, "next", "fault", 150,
        ("note", 'Said "refund" twice; e-mail carla@example.com, phone +44 7700 900123'),
        "next", 5, "skip", 40, "next", 10, "escalate", 200, "next", 40, "next",
    ], {"outcome": "escalated", "summary": "Handed to Carla's manager"}),
    # default.tr: 15+100+10+30+20+150+15 = 340 s; callback with a follow-up.
    "C": ("Ben", "Deniz Kaya", datetime(2026, 11, 5, 14, 0, tzinfo=UTC), "default.tr", [
        15, "next", 100, "next", 10, "next", 30, ("note", "foo-bar cable broken AND late"),
        "next", 20, "next", 150, "next", 15, "next",
    ], {"outcome": "callback",
        "follow_up_at": datetime(2026, 11, 7, 10, 0, tzinfo=UTC)}),
    # heard.en, two warnings, ended after 90 s (the rest never reached); abuse.
    "D": ("Ben", "", datetime(2026, 11, 10, 8, 30, tzinfo=UTC), "heard.en", [
        60, ("note", "late delivery again"), "warn", "next", 30, "warn", "end",
    ], {"outcome": "abuse"}),
    # default.et, ended after 45 s; hung up.
    "E": ("Cem", "Eve Adams", datetime(2026, 11, 12, 16, 0, tzinfo=UTC), "default.et", [
        15, "next", 30, ("note", "Tellimus hilineb, raha tagasi"), "end",
    ], {"outcome": "hung_up"}),
    # Late in the day; restate far over (70 > 60); thank skipped after 3 s: 308 s; resolved.
    "F": ("Ann", "Fay Wong", datetime(2026, 11, 20, 23, 30, tzinfo=UTC), "default.en", [
        10, "next", 90, ("note", "refunded already, wants confirmation"), "next", 5, "next",
        70, "next", 10, "next", 120, "next", 3, "skip",
    ], {"outcome": "resolved"}),
    # Still open (no wrap-up): unfinished.
    "G": ("Ann", "Gus Lee", datetime(2026, 11, 21, 10, 0, tzinfo=UTC), "default.en", [
        30, "next", 20, ("note", "waiting for refund approval"),
    ], None),
}
# fmt: on
DURATIONS = {"A": 220.0, "B": 455.0, "C": 340.0, "D": 90.0, "E": 45.0, "F": 308.0}


def act(call: Call, action: str, arg=None):
    """One scripted action on the call: the change it makes."""
    if action == "note":
        return call.add_note(arg)
    if action == "copy":
        return call.phrase_copied(call.phrases()[arg - 1], arg, "xclip")
    if action == "warn":
        return call.warn()[1]
    return {
        "next": call.next,
        "skip": call.skip,
        "fault": call.toggle_fault,
        "escalate": call.toggle_escalation,
        "end": call.end,
    }[action]()


def play(db, name: str) -> str:
    """Run one scripted call through the live path; return its id."""
    agent, customer, start, checklist_name, script, wrap = CALLS[name]
    checklist = catalog.resolve(checklist_name)
    clock = FakeClock(start)
    call, change = Call.start(
        checklist, clock, agent=agent, customer=customer, call_id=f"{name.lower()}{'0' * 31}"
    )
    live.apply(db, change, checklist)
    for item in script:
        if isinstance(item, int | float):
            clock.advance(item)
            continue
        action, arg = item if isinstance(item, tuple) else (item, None)
        live.apply(db, act(call, action, arg))
    if wrap is not None:
        clock.advance(30)
        live.apply(db, call.wrap_up(**wrap))
        live.apply(db, call.start_break())
        clock.advance(120)
        live.apply(db, call.end_break(skipped=False))
    return call.id


def build(path: Path) -> dict[str, str]:
    """Write every call of ``CALLS`` into a new database at ``path``; return name -> call id."""
    db = open_db(path)
    try:
        return {name: play(db, name) for name in CALLS}
    finally:
        db.close()


def test_the_hand_built_calls_are_stored_as_the_comments_say(tmp_path):
    ids = build(tmp_path / "calls.db")
    db = open_db(tmp_path / "calls.db")
    rows = {r["id"]: r for r in db.query("SELECT * FROM calls")}
    for name, seconds in DURATIONS.items():
        assert rows[ids[name]]["duration_seconds"] == seconds, name
        assert rows[ids[name]]["status"] == "closed"
    assert rows[ids["G"]]["status"] == "open" and rows[ids["G"]]["outcome"] is None
    b_steps = {
        s["step_id"]: s for s in db.query("SELECT * FROM call_steps WHERE call_id = ?", [ids["B"]])
    }
    assert b_steps["acknowledge"]["status"] == "skipped"
    assert b_steps["apologise"]["status"] == "not_reached" and b_steps["apologise"]["seconds"] == 10
    assert b_steps["thank"]["seconds"] == 40
    d_steps = [
        s["status"]
        for s in db.query(
            "SELECT status FROM call_steps WHERE call_id = ? ORDER BY position", [ids["D"]]
        )
    ]
    assert d_steps == ["done", "done", "not_reached", "not_reached", "not_reached", "done"]


def test_the_rollups_kept_by_triggers_equal_a_rebuild_from_scratch(tmp_path):
    build(tmp_path / "calls.db")
    db = open_db(tmp_path / "calls.db")

    def dump():
        return tuple(
            sorted(tuple(r) for r in db.conn.execute(f"SELECT * FROM {r.table} WHERE calls"))
            if r is not rollup_defs.STEPS
            else sorted(tuple(r) for r in db.conn.execute("SELECT * FROM rollup_steps WHERE steps"))
            for r in rollup_defs.ROLLUPS
        )

    kept = dump()
    days = [r for r in kept[0] if r[0] == "day"]
    assert len(days) == 7 and len(kept[0]) == 7 + 6 + 6  # A and F share month and all rows
    assert len(kept[1]) > 120 and len(kept[2]) == 3 * 6  # six handled: by day, month, all
    assert len(kept[3]) == 7  # calls per day
    with db.atomic():
        rollup.rebuild(db)
    assert dump() == kept
